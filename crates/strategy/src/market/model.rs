//! [`Market`] for the pricing crate's [`MarketModel`].

use chrono::NaiveDate;
use ringfence_data::MarketHistory;
use ringfence_pricing::expiry::{Expiry, nearest_expiry, next_vix_expirations};
use ringfence_pricing::model::{
    AM_SETTLEMENT_DAY_FRACTION, MarketModel, SettlementSource, time_to_expiry,
};
use ringfence_pricing::surface::{SpxSurface, SpxTenor};
use ringfence_pricing::vix_options::VixTenor;
use ringfence_pricing::{OptionRight, PricingError};

use crate::market::{Corner, CornerState, Market, Quote, Settled, Snap};

fn source_name(s: SettlementSource) -> &'static str {
    match s {
        SettlementSource::SpxSet => "spx_set",
        SettlementSource::SpxOpen => "spx_open",
        SettlementSource::SpxPrevCloseBridge => "spx_prev_close_bridge",
        SettlementSource::SpxClose => "spx_close",
        SettlementSource::VxFinalSettle => "vx_final_settle",
        SettlementSource::VixOpen => "vix_open",
        SettlementSource::VixCloseFallback => "vix_close_fallback",
    }
}

impl Market for MarketModel<'_> {
    /// The day's SPX surface (VIX option vols read the model's per-day vol-of-vol).
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
    ) -> Result<Quote, PricingError> {
        snap.quote(right, strike, t_years)
    }

    type SpxTenor = SpxTenor;

    #[inline]
    fn spx_tenor(&self, snap: &SpxSurface, t_years: f64) -> Result<SpxTenor, PricingError> {
        snap.tenor(t_years)
    }

    #[inline]
    fn spx_price_iv(
        &self,
        snap: &SpxSurface,
        tenor: &SpxTenor,
        right: OptionRight,
        strike: f64,
    ) -> Result<(f64, f64), PricingError> {
        snap.price_iv(tenor, right, strike)
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
        MarketModel::vix_tenor(self, day, expiry, forward, t_years, rate)
    }

    #[inline]
    fn vix_price_iv(
        &self,
        tenor: &VixTenor,
        right: OptionRight,
        strike: f64,
    ) -> Result<(f64, f64), PricingError> {
        self.params().vix_options.price_iv(tenor, right, strike)
    }

    fn spx_strike_for_delta(
        &self,
        snap: &SpxSurface,
        right: OptionRight,
        delta: f64,
        t_years: f64,
        date: NaiveDate,
    ) -> Result<f64, PricingError> {
        snap.strike_for_delta(right, delta, t_years, &self.params().strike_grid, date)
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
    fn vx_future(&self, day: usize, expiry: NaiveDate) -> Result<f64, PricingError> {
        MarketModel::vx_future(self, day, expiry).map(|(p, _)| p)
    }

    #[inline]
    fn vix_quote(
        &self,
        day: usize,
        expiry: NaiveDate,
        strike: f64,
        right: OptionRight,
    ) -> Result<Quote, PricingError> {
        self.vix_option(day, expiry, strike, right)
    }

    fn spx_settlement(&self, expiry: Expiry) -> Result<Settled, PricingError> {
        MarketModel::spx_settlement(self, &expiry).map(|s| Settled {
            value: s.value,
            source: source_name(s.source),
        })
    }

    fn corner(&self, day: usize, corner: Corner) -> CornerState<SpxSurface> {
        let i = self.intraday(day, corner);
        CornerState {
            corner,
            snap: i.surface,
            spot: i.spot,
            vol_scale: i.vol_scale,
            observed: i.observed,
        }
    }

    fn vx_future_at(
        &self,
        day: usize,
        expiry: NaiveDate,
        vol_scale: f64,
    ) -> Result<f64, PricingError> {
        self.vx_future_intraday(day, expiry, vol_scale)
    }

    fn vix_settlement(&self, expiry: NaiveDate) -> Result<Settled, PricingError> {
        MarketModel::vix_settlement(self, expiry).map(|s| Settled {
            value: s.value,
            source: source_name(s.source),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ringfence_pricing::model::ModelParams;

    /// The test history with VVIX missing every third day.
    fn history() -> MarketHistory {
        crate::market::test_history::history(|i| {
            if i % 3 == 0 {
                f64::NAN
            } else {
                90.0 + i as f64
            }
        })
    }

    #[test]
    fn fast_vix_option_price_equals_the_models() {
        let h = history();
        let m = MarketModel::new(&h, &ModelParams::default()).unwrap();
        for day in [0, 5, 20, 40] {
            let date = h.dates[day];
            let snap = m.snapshot(day);
            for expiry in next_vix_expirations(date, 3) {
                let f = Market::vx_future(&m, day, expiry).unwrap();
                for k in [12.0, 18.0, 25.0, 40.0] {
                    for right in [OptionRight::Call, OptionRight::Put] {
                        let q = m.vix_option(day, expiry, k, right).unwrap();
                        let t = m.vix_t_years(date, expiry);
                        let tenor = m.vix_tenor(day, expiry, f, t, snap.rate()).unwrap();
                        let (p, iv) = m.vix_price_iv(&tenor, right, k).unwrap();
                        assert!((p - q.price).abs() < 1e-12, "{p} vs {}", q.price);
                        assert_eq!(iv, q.iv);
                    }
                }
            }
        }
    }

    #[test]
    fn fast_spx_price_equals_the_surface_quote() {
        let h = history();
        let m = MarketModel::new(&h, &ModelParams::default()).unwrap();
        let snap = m.snapshot(10);
        for k in [3300.0, 3700.0, 4000.0] {
            let q = Market::spx_quote(&m, &snap, OptionRight::Put, k, 0.1).unwrap();
            let tenor = m.spx_tenor(&snap, 0.1).unwrap();
            let (p, iv) = m.spx_price_iv(&snap, &tenor, OptionRight::Put, k).unwrap();
            assert!((p - q.price).abs() < 1e-12);
            assert_eq!(iv, q.iv);
        }
    }
}
