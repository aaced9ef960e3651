//! A chain run, day by day on the market that has the day: the chain market on the days
//! the store quotes and the days a recent one's vol basis reaches ([`super::CARRY_DAYS`]),
//! the model's own types and code elsewhere, so a long history with a few chain days runs
//! as fast as the model alone (crates/runner/BENCHMARKS.md, "Days without chain").
//!
//! Nothing typed by the market survives a day: the engine's state between days (books,
//! series, the previous close; [`crate::engine::Runs`]) is market-agnostic, and each market
//! keeps its own reused [`MarketDay`], reset at the start of every day it steps. On a day
//! no chain reaches the [`ChainMarket`] takes the model's path in every method, so both give
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

/// [`crate::simulate`] on a [`ChainMarket`]: each day the store quotes or a recent chain
/// day reaches ([`ChainMarket::in_reach`]) is simulated on the chain market, every other
/// day on the model (its own types and code, counting the fills
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
            if market.in_reach(day) {
                let md = on_chain.get_or_insert_with(|| MarketDay::new(market, day));
                runs.log_trades(market.has_day(day));
                runs.step(&inputs.ctx(market), md, day);
            } else {
                let md = on_model.get_or_insert_with(|| MarketDay::new(&model, day));
                runs.log_trades(false);
                runs.step(&inputs.ctx(&model), md, day);
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use ringfence_data::MarketHistory;
    use ringfence_data::chains::{ChainBook, ChainDay, ChainRow, Right, Underlying};
    use ringfence_pricing::OptionRight;
    use ringfence_pricing::expiry::{Expiry, ExpiryKind, Settlement};
    use ringfence_pricing::model::{MarketModel, ModelParams};

    use super::simulate_on_chains;
    use crate::market::Market;
    use crate::market::chain::{ChainFills, ChainIndex, ChainMarket};
    use crate::{DayRange, Layout, SimOptions, SimResult, StrategyParams, simulate, simulate_with};

    /// The chain day the tests put in the book.
    const CHAIN_DAY: usize = 10;

    /// A chain on `day` of the February and March 2021 SPX monthlies (the condor holds the
    /// first on the test's chain day and enters the second the week after): puts and calls
    /// every 5 points, quoted 10% above the model's mid (a chain price is told from the
    /// model's).
    fn chain_day(m: &MarketModel<'_>, day: usize) -> ChainDay {
        let h = m.history();
        let date = h.dates[day];
        let snap = Market::snapshot(m, day);
        let mut rows = Vec::new();
        for (month, day_of_month) in [(2, 19), (3, 19)] {
            let e = Expiry {
                date: NaiveDate::from_ymd_opt(2021, month, day_of_month).unwrap(),
                kind: ExpiryKind::Monthly,
                settlement: Settlement::AmOpen,
            };
            let t = Market::spx_t_years(m, date, e);
            for k in (600..=900).map(|i| 5.0 * f64::from(i)) {
                for (right, r) in [
                    (OptionRight::Put, Right::Put),
                    (OptionRight::Call, Right::Call),
                ] {
                    let model = Market::spx_quote(m, &snap, right, k, t).expect("a model quote");
                    if model.price < 0.05 {
                        continue;
                    }
                    let mid = 1.1 * model.price;
                    rows.push(ChainRow {
                        quote_date: date,
                        expiry: e.date,
                        root: "SPX".into(),
                        underlying: Underlying::Spx,
                        known_root: true,
                        symbol_matches: true,
                        right: r,
                        strike: k,
                        bid: mid - 0.05,
                        ask: mid + 0.05,
                        underlying_price: h.spx.close[day],
                        delta: f64::NAN,
                        iv: f64::NAN,
                    });
                }
            }
        }
        ChainDay::from_rows(date, rows)
    }

    /// The run on `book` dispatched per day, and on the chain market every day, with the
    /// fills each counted.
    fn both(
        m: &MarketModel<'_>,
        book: &ChainBook,
        p: &StrategyParams,
    ) -> ((SimResult, ChainFills), (SimResult, ChainFills)) {
        let h = m.history();
        let index = ChainIndex::new(h, book);
        let (range, layouts) = (DayRange::all(h), [Layout::RingFenced, Layout::Commingled]);
        let opts = SimOptions::all();
        let dispatched = ChainMarket::new(m, book, &index);
        let d = simulate_on_chains(&dispatched, p, range, &layouts, &opts).unwrap();
        let every_day = ChainMarket::new(m, book, &index);
        let mut e = simulate_with(&every_day, p, range, &layouts, &opts).unwrap();
        // The dispatched run logs the legs traded on chain days only.
        let dates = &h.dates;
        for l in e.layouts.iter_mut() {
            l.trades.retain(|t| {
                dates
                    .binary_search(&t.date)
                    .is_ok_and(|day| every_day.has_day(day))
            });
        }
        ((d, dispatched.fills()), (e, every_day.fills()))
    }

    fn history() -> MarketHistory {
        crate::market::test_history::history(|i| 90.0 + i as f64)
    }

    fn equity(r: &SimResult, layout: usize) -> Vec<u64> {
        let d = r.layouts[layout].daily.as_ref().expect("daily series");
        d.total_equity.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn days_without_chain_are_the_models_and_the_chain_day_the_chains() {
        let h = history();
        let m = MarketModel::new(&h, &ModelParams::default()).unwrap();
        let p = StrategyParams::default();
        let book = ChainBook::new(vec![chain_day(&m, CHAIN_DAY)]);
        let ((d, fills), (e, every_day_fills)) = both(&m, &book, &p);
        // The same run, fill for fill, as the chain market stepping every day; its trade log
        // the legs traded on the chain day.
        assert_eq!(d, e);
        assert!(
            d.layouts
                .iter()
                .all(|l| l.trades.iter().all(|t| t.date == h.dates[CHAIN_DAY])),
            "{:?}",
            d.layouts[0].trades
        );
        assert_eq!(fills, every_day_fills);
        let model = simulate(
            &m,
            &p,
            DayRange::all(&h),
            &[Layout::RingFenced, Layout::Commingled],
            &SimOptions::all(),
        )
        .unwrap();
        for layout in 0..2 {
            let (on_chains, alone) = (equity(&d, layout), equity(&model, layout));
            // Before the chain day: the model's equity to the bit; on it, the condor held is
            // marked at the chain's mids (10% above the model's).
            assert_eq!(on_chains[..CHAIN_DAY], alone[..CHAIN_DAY]);
            assert_ne!(on_chains[CHAIN_DAY], alone[CHAIN_DAY]);
        }
        // On the chain day: the condor's four legs at the chain (marked once for both
        // layouts), the hedge's VIX calls, which the chain lacks, by the model.
        assert_eq!(fills.marks_chain, 4, "{fills:?}");
        assert!(fills.marks_model_contract > 0, "{fills:?}");
        assert!(
            fills.entries_model_day > 0 && fills.marks_model_day > 0 && fills.strikes_model > 0,
            "{fills:?}"
        );
    }

    #[test]
    fn a_book_without_a_day_of_the_history_is_the_model_run_counted_as_model_days() {
        let h = history();
        let m = MarketModel::new(&h, &ModelParams::default()).unwrap();
        let p = StrategyParams::default();
        // A chain of another history's day (2019-05-01) is never used.
        let mut day = chain_day(&m, CHAIN_DAY);
        day.date = NaiveDate::from_ymd_opt(2019, 5, 1).unwrap();
        let book = ChainBook::new(vec![day]);
        assert_eq!(ChainIndex::new(&h, &book).chain_days(), 0);
        let ((d, fills), (e, every_day_fills)) = both(&m, &book, &p);
        assert_eq!(d, e);
        assert_eq!(fills, every_day_fills);
        let model = simulate(
            &m,
            &p,
            DayRange::all(&h),
            &[Layout::RingFenced, Layout::Commingled],
            &SimOptions::all(),
        )
        .unwrap();
        // The model's run with its trade log emptied: no day had a chain to log.
        let mut model = model;
        for l in model.layouts.iter_mut() {
            assert!(!l.trades.is_empty());
            l.trades.clear();
        }
        assert_eq!(d, model);
        assert_eq!(
            (
                fills.entries_chain + fills.entries_model_contract,
                fills.marks_chain + fills.marks_model_contract,
                fills.strikes_chain
            ),
            (0, 0, 0)
        );
        assert!(fills.entries_model_day > 0 && fills.marks_model_day > 0);
    }
}
