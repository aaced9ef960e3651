//! Requirements that rise in stress (`margin.stress`, step 8 of the mechanism ladder).
//!
//! Exchanges and brokers raise requirements when volatility jumps: clearing houses scale
//! their scan ranges with measured volatility (SPAN price scan ranges are set as a multiple
//! of the underlying's volatility and reviewed "as per the normal review of market
//! volatility", CME Clearing advisory 20-251, June 2020), CFE/OCC raise VX futures margins
//! (CFE Regulatory Circular RG13-019, June 2013: outright speculative initial margin of the
//! front VX months raised to $5,500), and brokers add house margin to naked index options.
//! None of them publishes a schedule as a function of the VIX, so the form here is an
//! assumption and the add-on is off by default:
//!
//! `factor = clamp(VIX / stress_vix_reference, 1, stress_cap)` multiplies
//! - the naked-option percentages `spx_naked_pct` and `vix_naked_pct` (at most 1);
//! - VX futures initial margin (`vx_initial_pct` and `vx_initial_floor_usd`; maintenance
//!   follows as initial / divisor);
//! - the portfolio-margin scan ranges `pm_down`, `pm_up`, `pm_vix_down`, `pm_vix_up` (down
//!   moves at most 95%).
//!
//! Spreads and long options are untouched: their Reg-T requirement is their maximum loss.

use crate::params::{MarginParams, StressAddons};

/// Largest down move of a raised scan range, fraction.
const MAX_DOWN: f64 = 0.95;

/// The stress factor at VIX level `vix` (1 when the add-ons are off or the VIX is at or
/// below the reference; a VIX that is not a positive number counts as calm).
pub fn factor(p: &MarginParams, vix: f64) -> f64 {
    match p.stress {
        StressAddons::Off => 1.0,
        StressAddons::VixScaled if vix.is_finite() && vix > p.stress_vix_reference => {
            (vix / p.stress_vix_reference).min(p.stress_cap)
        }
        StressAddons::VixScaled => 1.0,
    }
}

/// `p` with its percentages and scan ranges raised at VIX level `vix`, and the factor
/// applied (`p` unchanged when the factor is 1).
pub fn raise(p: &MarginParams, vix: f64) -> (MarginParams, f64) {
    let f = factor(p, vix);
    let mut r = *p;
    if f > 1.0 {
        r.spx_naked_pct = (p.spx_naked_pct * f).min(1.0);
        r.vix_naked_pct = (p.vix_naked_pct * f).min(1.0);
        r.vx_initial_pct = p.vx_initial_pct * f;
        r.vx_initial_floor_usd = p.vx_initial_floor_usd * f;
        r.pm_down = (p.pm_down * f).min(MAX_DOWN);
        r.pm_up = p.pm_up * f;
        r.pm_vix_down = (p.pm_vix_down * f).min(MAX_DOWN);
        r.pm_vix_up = p.pm_vix_up * f;
    }
    (r, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on() -> MarginParams {
        MarginParams {
            stress: StressAddons::VixScaled,
            ..MarginParams::default()
        }
    }

    #[test]
    fn off_leaves_every_figure_unchanged_at_any_vix() {
        let p = MarginParams::default();
        let (r, f) = raise(&p, 82.69);
        assert_eq!(f, 1.0);
        assert_eq!(r, p);
    }

    #[test]
    fn vix_40_doubles_the_naked_percentages_and_the_scan_range() {
        let (r, f) = raise(&on(), 40.0);
        assert_eq!(f, 2.0);
        assert!((r.spx_naked_pct - 0.30).abs() < 1e-12);
        assert!((r.vix_naked_pct - 0.40).abs() < 1e-12);
        assert!((r.pm_down - 0.16).abs() < 1e-12);
        assert!((r.pm_up - 0.12).abs() < 1e-12);
        assert!((r.vx_initial_floor_usd - 12_000.0).abs() < 1e-9);
    }

    #[test]
    fn the_factor_is_capped_and_calm_days_are_untouched() {
        assert_eq!(factor(&on(), 82.69), 3.0);
        assert_eq!(factor(&on(), 20.0), 1.0);
        assert_eq!(factor(&on(), 12.0), 1.0);
        assert_eq!(factor(&on(), f64::NAN), 1.0);
        let (r, _) = raise(&on(), 200.0);
        assert!((r.pm_vix_down - 0.90).abs() < 1e-12);
    }
}
