//! A chain run, day by day on the market that has the day: the chain market on the days
//! the store quotes, the model's own types and code elsewhere, so a long history with a few
//! chain days runs as fast as the model alone (crates/runner/BENCHMARKS.md, "Days without
//! chain").
//!
//! Nothing typed by the market survives a day: the engine's state between days (books,
//! series, the previous close; [`crate::engine::Runs`]) is market-agnostic, and each market
//! keeps its own reused [`MarketDay`], reset at the start of every day it steps. On a day
//! without chain the [`ChainMarket`] takes the model's path in every method, so both give
//! the same numbers; [`ModelDays`] adds the counts the chain market keeps on such days
//! ([`super::ChainFills::entries_model_day`], [`super::ChainFills::marks_model_day`],
//! [`super::ChainFills::strikes_model`]).

use chrono::NaiveDate;
use ringfence_data::MarketHistory;
use ringfence_pricing::expiry::Expiry;
use ringfence_pricing::surface::{SpxSurface, SpxTenor};
use ringfence_pricing::vix_options::VixTenor;
use ringfence_pricing::{OptionRight, PricingError};

use super::{ChainMarket, ENTRIES_MODEL_DAY, MARKS_MODEL_DAY, STRIKES_MODEL};
use crate::engine::simulate_days;
use crate::market::day::MarketDay;
use crate::market::{Corner, CornerState, Market, Quote, Settled, Snap};

/// The model on the days a [`ChainMarket`] has no chain: the model's snapshot, tenors and
/// prices, counting into the chain market's [`super::ChainFills`] what it counts on those
/// days.
struct ModelDays<'a> {
    chain: &'a ChainMarket<'a>,
}

impl Market for ModelDays<'_> {
    type Snapshot = SpxSurface;

    #[inline]
    fn history(&self) -> &MarketHistory {
        self.chain.model.history()
    }

    #[inline]
    fn snapshot(&self, day: usize) -> SpxSurface {
        Market::snapshot(self.chain.model, day)
    }

    #[inline]
    fn spot(&self, snap: &SpxSurface) -> f64 {
        snap.spot()
    }

    #[inline]
    fn rate(&self, snap: &SpxSurface) -> f64 {
        snap.rate()
    }

    #[inline]
    fn div_yield(&self, snap: &SpxSurface) -> f64 {
        snap.div_yield()
    }

    #[inline]
    fn spx_t_years(&self, date: NaiveDate, expiry: Expiry) -> f64 {
        Market::spx_t_years(self.chain.model, date, expiry)
    }

    #[inline]
    fn vix_t_years(&self, date: NaiveDate, expiry: NaiveDate) -> f64 {
        Market::vix_t_years(self.chain.model, date, expiry)
    }

    #[inline]
    fn spx_quote(
        &self,
        snap: &SpxSurface,
        right: OptionRight,
        strike: f64,
        t_years: f64,
    ) -> Result<Quote, PricingError> {
        let q = Market::spx_quote(self.chain.model, snap, right, strike, t_years)?;
        self.chain.count(ENTRIES_MODEL_DAY);
        Ok(q)
    }

    type SpxTenor = SpxTenor;

    #[inline]
    fn spx_tenor(&self, snap: &SpxSurface, t_years: f64) -> Result<SpxTenor, PricingError> {
        Market::spx_tenor(self.chain.model, snap, t_years)
    }

    #[inline]
    fn spx_price_iv(
        &self,
        snap: &SpxSurface,
        tenor: &SpxTenor,
        right: OptionRight,
        strike: f64,
    ) -> Result<(f64, f64), PricingError> {
        self.chain.count(MARKS_MODEL_DAY);
        Market::spx_price_iv(self.chain.model, snap, tenor, right, strike)
    }

    #[inline]
    fn spx_strike_for_delta(
        &self,
        snap: &SpxSurface,
        right: OptionRight,
        delta: f64,
        t_years: f64,
        date: NaiveDate,
    ) -> Result<f64, PricingError> {
        self.chain.count(STRIKES_MODEL);
        Market::spx_strike_for_delta(self.chain.model, snap, right, delta, t_years, date)
    }

    #[inline]
    fn spx_snap(&self, date: NaiveDate, spot: f64, strike: f64, snap: Snap) -> f64 {
        Market::spx_snap(self.chain.model, date, spot, strike, snap)
    }

    #[inline]
    fn spx_expiry(
        &self,
        date: NaiveDate,
        target_dte: u32,
        min_dte: u32,
        max_dte: u32,
        monthly_only: bool,
    ) -> Option<Expiry> {
        Market::spx_expiry(
            self.chain.model,
            date,
            target_dte,
            min_dte,
            max_dte,
            monthly_only,
        )
    }

    #[inline]
    fn vix_expiry(&self, date: NaiveDate, target_dte: u32, min_dte: u32) -> Option<NaiveDate> {
        Market::vix_expiry(self.chain.model, date, target_dte, min_dte)
    }

    #[inline]
    fn vx_future(&self, day: usize, expiry: NaiveDate) -> Result<f64, PricingError> {
        Market::vx_future(self.chain.model, day, expiry)
    }

    #[inline]
    fn vix_quote(
        &self,
        day: usize,
        expiry: NaiveDate,
        strike: f64,
        right: OptionRight,
    ) -> Result<Quote, PricingError> {
        let q = Market::vix_quote(self.chain.model, day, expiry, strike, right)?;
        self.chain.count(ENTRIES_MODEL_DAY);
        Ok(q)
    }

    type VixTenor = VixTenor;

    #[inline]
    fn vix_tenor(
        &self,
        day: usize,
        expiry: NaiveDate,
        forward: f64,
        t_years: f64,
        rate: f64,
    ) -> Result<VixTenor, PricingError> {
        Market::vix_tenor(self.chain.model, day, expiry, forward, t_years, rate)
    }

    #[inline]
    fn vix_price_iv(
        &self,
        tenor: &VixTenor,
        right: OptionRight,
        strike: f64,
    ) -> Result<(f64, f64), PricingError> {
        self.chain.count(MARKS_MODEL_DAY);
        Market::vix_price_iv(self.chain.model, tenor, right, strike)
    }

    #[inline]
    fn spx_settlement(&self, expiry: Expiry) -> Result<Settled, PricingError> {
        Market::spx_settlement(self.chain.model, expiry)
    }

    #[inline]
    fn vix_settlement(&self, expiry: NaiveDate) -> Result<Settled, PricingError> {
        Market::vix_settlement(self.chain.model, expiry)
    }

    #[inline]
    fn corner(&self, day: usize, corner: Corner) -> CornerState<SpxSurface> {
        Market::corner(self.chain.model, day, corner)
    }

    #[inline]
    fn vx_future_at(
        &self,
        day: usize,
        expiry: NaiveDate,
        vol_scale: f64,
    ) -> Result<f64, PricingError> {
        Market::vx_future_at(self.chain.model, day, expiry, vol_scale)
    }
}

/// [`crate::simulate`] on a [`ChainMarket`]: each day the store quotes is simulated on the
/// chain market, every other day on the model (its own types and code, counting the fills
/// the chain market counts on such days), in the engine's one daily loop. Both are
/// instantiated in this crate beside the
/// model's engine, so they are compiled and inlined as it is.
///
/// # Errors
/// As [`crate::simulate`].
pub fn simulate_on_chains(
    market: &ChainMarket<'_>,
    params: &crate::StrategyParams,
    range: crate::DayRange,
    layouts: &[crate::Layout],
    opts: &crate::SimOptions,
) -> crate::Result<crate::SimResult> {
    let model = ModelDays { chain: market };
    let (mut on_model, mut on_chain) = (None, None);
    simulate_days(
        market.history(),
        params,
        range,
        layouts,
        opts,
        |inputs, day, runs| {
            if market.has_day(day) {
                let md = on_chain.get_or_insert_with(|| MarketDay::new(market, day));
                runs.step(&inputs.ctx(market), md, day);
            } else {
                let md = on_model.get_or_insert_with(|| MarketDay::new(&model, day));
                runs.step(&inputs.ctx(&model), md, day);
            }
        },
    )
}
