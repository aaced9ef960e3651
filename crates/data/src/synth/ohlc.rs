//! Open, high and low prices consistent with a day's close and volatility.
//!
//! The log price over a day is a Brownian bridge from the previous close to today's close
//! with total variance `sigma_day²`. The open is the bridge's value after the overnight
//! share `phi` of the variance; the high and low are exact draws of the maximum and minimum
//! of the open-to-close bridge (`(b ± sqrt(b² - 2 s² ln U)) / 2`), so
//! `low <= min(open, close) <= max(open, close) <= high` by construction.

use crate::rng::Rng;

/// Open, high, low (same units as the closes) for a day that closed at `close` after
/// `prev_close`, with daily log volatility `sigma_day` and overnight variance share `phi`.
pub fn bridge_ohlc(
    rng: &mut Rng,
    prev_close: f64,
    close: f64,
    sigma_day: f64,
    phi: f64,
) -> (f64, f64, f64) {
    let total = (close / prev_close).ln();
    let var = sigma_day * sigma_day;
    let gap = phi * total + (phi * (1.0 - phi) * var).sqrt() * rng.normal();
    let open = prev_close * gap.exp();
    // Open-to-close bridge.
    let b = total - gap;
    let s2 = (1.0 - phi) * var;
    let up = 0.5 * (b + (b * b - 2.0 * s2 * uniform_open(rng).ln()).sqrt());
    let down = 0.5 * (b - (b * b - 2.0 * s2 * uniform_open(rng).ln()).sqrt());
    let high = (open * up.exp()).max(open).max(close);
    let low = (open * down.exp()).min(open).min(close);
    (open, high, low)
}

/// Uniform in (0, 1], so its logarithm is finite.
fn uniform_open(rng: &mut Rng) -> f64 {
    1.0 - rng.uniform()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bridge_respects_ohlc_ordering() {
        let mut rng = Rng::new(3);
        let mut prev = 100.0;
        for k in 0..10_000 {
            let close = prev * (0.02 * rng.normal() - if k % 97 == 0 { 0.08 } else { 0.0 }).exp();
            let (o, h, l) = bridge_ohlc(&mut rng, prev, close, 0.015, 0.2);
            assert!(
                l <= o.min(close) && h >= o.max(close) && l > 0.0,
                "{o} {h} {l} {close}"
            );
            prev = close;
        }
    }

    #[test]
    fn daily_range_scales_with_volatility() {
        // E[high - low] of a Brownian motion over a day is about 1.6 sigma.
        let mut rng = Rng::new(5);
        let n = 20_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let close = 100.0 * (0.01 * rng.normal()).exp();
            let (_, h, l) = bridge_ohlc(&mut rng, 100.0, close, 0.01, 0.0);
            sum += (h / l).ln();
        }
        let mean = sum / n as f64;
        assert!((mean / 0.01 - 1.6).abs() < 0.05, "mean range {mean}");
    }
}
