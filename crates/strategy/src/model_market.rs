//! [`Market`] for the pricing crate's [`MarketModel`].

use chrono::NaiveDate;
use ringfence_data::MarketHistory;
use ringfence_pricing::OptionRight;
use ringfence_pricing::expiry::{Expiry, nearest_expiry, next_vix_expirations};
use ringfence_pricing::model::{
    AM_SETTLEMENT_DAY_FRACTION, MarketModel, SettlementSource, time_to_expiry,
};
use ringfence_pricing::surface::SpxSurface;

use crate::market::{Market, Quote, Settled, Snap};

fn source_name(s: SettlementSource) -> &'static str {
    match s {
        SettlementSource::SpxOpen => "spx_open",
        SettlementSource::SpxOpenFallbackPrevClose => "spx_open_fallback_prev_close",
        SettlementSource::SpxClose => "spx_close",
        SettlementSource::VixOpen => "vix_open",
        SettlementSource::VixCloseFallback => "vix_close_fallback",
    }
}

impl Market for MarketModel<'_> {
    type Snapshot = SpxSurface;

    fn history(&self) -> &MarketHistory {
        MarketModel::history(self)
    }

    #[inline]
    fn snapshot(&self, day: usize) -> SpxSurface {
        self.spx_surface(day)
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
        time_to_expiry(date, &expiry)
    }

    #[inline]
    fn vix_t_years(&self, date: NaiveDate, expiry: NaiveDate) -> f64 {
        (((expiry - date).num_days() as f64 - AM_SETTLEMENT_DAY_FRACTION) / 365.0).max(0.0)
    }

    #[inline]
    fn spx_quote(
        &self,
        snap: &SpxSurface,
        right: OptionRight,
        strike: f64,
        t_years: f64,
    ) -> Result<Quote, String> {
        snap.quote(right, strike, t_years)
            .map_err(|e| e.to_string())
    }

    fn spx_strike_for_delta(
        &self,
        snap: &SpxSurface,
        right: OptionRight,
        delta: f64,
        t_years: f64,
        date: NaiveDate,
    ) -> Result<f64, String> {
        snap.strike_for_delta(right, delta, t_years, &self.params().strike_grid, date)
            .map_err(|e| e.to_string())
    }

    fn spx_snap(&self, date: NaiveDate, spot: f64, strike: f64, snap: Snap) -> f64 {
        let g = &self.params().strike_grid;
        let r = match snap {
            Snap::Nearest => g.snap(strike, spot, date),
            Snap::Up => g.at_or_above(strike, spot, date),
            Snap::Down => g.at_or_below(strike, spot, date),
        };
        r.unwrap_or(strike)
    }

    fn spx_expiry(
        &self,
        date: NaiveDate,
        target_dte: u32,
        min_dte: u32,
        max_dte: u32,
        monthly_only: bool,
    ) -> Option<Expiry> {
        nearest_expiry(date, target_dte, min_dte, max_dte, monthly_only).ok()
    }

    fn vix_expiry(&self, date: NaiveDate, target_dte: u32, min_dte: u32) -> Option<NaiveDate> {
        let target = i64::from(target_dte);
        next_vix_expirations(date, 14)
            .filter(|e| (*e - date).num_days() >= i64::from(min_dte))
            .min_by_key(|e| ((*e - date).num_days() - target).abs())
    }

    #[inline]
    fn vx_future(&self, day: usize, expiry: NaiveDate) -> Result<f64, String> {
        MarketModel::vx_future(self, day, expiry)
            .map(|(p, _)| p)
            .map_err(|e| e.to_string())
    }

    #[inline]
    fn vix_quote(
        &self,
        day: usize,
        expiry: NaiveDate,
        strike: f64,
        right: OptionRight,
    ) -> Result<Quote, String> {
        self.vix_option(day, expiry, strike, right)
            .map_err(|e| e.to_string())
    }

    fn spx_settlement(&self, expiry: Expiry) -> Result<Settled, String> {
        MarketModel::spx_settlement(self, &expiry)
            .map(|s| Settled {
                value: s.value,
                source: source_name(s.source),
            })
            .map_err(|e| e.to_string())
    }

    fn vix_settlement(&self, expiry: NaiveDate) -> Result<Settled, String> {
        MarketModel::vix_settlement(self, expiry)
            .map(|s| Settled {
                value: s.value,
                source: source_name(s.source),
            })
            .map_err(|e| e.to_string())
    }
}
