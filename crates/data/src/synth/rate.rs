//! 3-month T-bill rate: a square-root mean-reverting process in percent (discount basis, as
//! FRED DTB3 publishes it), reflected at zero, whose target depends on the volatility
//! regime (rates are cut in a crisis).

use super::model::{RateParams, Regime};
use crate::rng::Rng;

/// Daily T-bill rates in percent, one per regime entry, rounded to 2 decimals.
pub fn simulate(params: &RateParams, regimes: &[Regime], dt: f64, rng: &mut Rng) -> Vec<f64> {
    let mut r = params.initial_pct.max(0.0);
    let mut out = Vec::with_capacity(regimes.len());
    for (k, regime) in regimes.iter().enumerate() {
        if k > 0 {
            let target = params.target_pct[regime.index()];
            let diffusion = params.vol * (r + 0.05).sqrt() * dt.sqrt() * rng.normal();
            r = (r + params.reversion * (target - r) * dt + diffusion).abs();
        }
        out.push((r * 100.0).round() / 100.0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_stay_non_negative_and_start_at_the_initial_level() {
        let params = RateParams {
            initial_pct: 0.1,
            target_pct: [0.0; 3],
            reversion: 0.5,
            vol: 2.0,
        };
        let regimes = vec![Regime::Crisis; 5_000];
        let rates = simulate(&params, &regimes, 1.0 / 252.0, &mut Rng::new(9));
        assert_eq!(rates[0], 0.1);
        assert!(rates.iter().all(|r| *r >= 0.0));
    }
}
