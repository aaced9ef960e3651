//! Causal signals scaling the hedge spend.
//!
//! Every value at day `t` reads closes of days `<= t` only (the columns are precomputed once
//! per simulation over `0..end`; truncating the history after `t` leaves them unchanged up to
//! `t`, which the tests check). Each signal `s_i` lies in [-1, 1]; the spend scale is
//! `clamp(base + sum(weight_i x s_i), 0, max_scale)`.
//!
//! - VIX percentile: `p` = share of the previous `lookback` VIX closes below today's (ties
//!   count one half); `s = 1 - 2p` (cheap vol buys more). Needs at least
//!   `min(20, lookback)` previous closes.
//! - Term structure: `s = clamp((pivot - VIX / VIX3M) / width, -1, 1)` (contango buys more).
//! - RSI (Wilder, `rsi_period`): `s = (RSI - 50) / 50` (an overbought market buys more).
//!   Needs `rsi_period` changes.
//! - MACD (`fast`, `slow`, `signal` EMAs of the SPX close): `s = +1` while MACD is below its
//!   signal line (after a bearish crossing), `-1` while above, 0 when equal. Needs
//!   `slow + signal - 1` days.
//!
//! **Missing inputs** (documented rule): a signal that cannot be computed on a day (VIX3M
//! missing, not enough history for the warm-up) contributes 0, i.e. neutral, and the day is
//! counted in [`SignalCounts`] (`missing_term_structure`, `warmup`). Never a silent zero.

use ringfence_data::{MarketHistory, Series};

use crate::params::SignalParams;

/// Per-day signal columns over `0..end` of the history. The VIX percentile is computed on
/// demand ([`SignalSeries::scale_at`]): the hedge only asks on the days a layer opens.
#[derive(Debug, Clone, Default)]
pub struct SignalSeries {
    /// VIX closes `0..end`.
    vix: Vec<f64>,
    /// Parameters.
    params: SignalParams,
    /// Largest scale.
    max_scale: f64,
    /// Term-structure signal in [-1, 1] (NaN when VIX3M is missing).
    pub term_structure: Vec<f64>,
    /// RSI signal in [-1, 1] (NaN during warm-up).
    pub rsi: Vec<f64>,
    /// MACD signal in {-1, 0, 1} (NaN during warm-up).
    pub macd: Vec<f64>,
}

/// Days on which a weighted signal could not be computed (it was treated as neutral).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SignalCounts {
    /// Days without a VIX3M close (term-structure signal neutral).
    pub missing_term_structure: u32,
    /// Days in the warm-up of the VIX percentile, RSI or MACD.
    pub warmup: u32,
}

fn ema_alpha(period: u32) -> f64 {
    2.0 / (f64::from(period) + 1.0)
}

impl SignalSeries {
    /// Compute the columns for days `0..end` (`end` clamped to the history).
    pub fn compute(h: &MarketHistory, p: &SignalParams, max_scale: f64, end: usize) -> Self {
        let n = end.min(h.len());
        let mut out = SignalSeries {
            vix: h.vix.close[..n].to_vec(),
            params: p.clone(),
            max_scale,
            term_structure: vec![f64::NAN; n],
            rsi: vec![f64::NAN; n],
            macd: vec![f64::NAN; n],
        };
        let vix = &h.vix.close[..n];
        let spx = &h.spx.close[..n];
        if p.term_structure_weight != 0.0 {
            for (t, &v) in vix.iter().enumerate() {
                if let Some(v3m) = h.get(Series::Vix3m, t).filter(|v| *v > 0.0) {
                    let ratio = v / v3m;
                    out.term_structure[t] = ((p.term_structure_pivot - ratio)
                        / p.term_structure_width)
                        .clamp(-1.0, 1.0);
                }
            }
        }
        if p.rsi_weight != 0.0 && p.rsi_period > 0 {
            let period = p.rsi_period as usize;
            let k = f64::from(p.rsi_period);
            let (mut gain, mut loss) = (0.0, 0.0);
            for t in 1..n {
                let d = spx[t] - spx[t - 1];
                let (g, l) = (d.max(0.0), (-d).max(0.0));
                if t <= period {
                    gain += g / k;
                    loss += l / k;
                } else {
                    gain = (gain * (k - 1.0) + g) / k;
                    loss = (loss * (k - 1.0) + l) / k;
                }
                if t >= period {
                    let rsi = if loss > 0.0 {
                        100.0 - 100.0 / (1.0 + gain / loss)
                    } else if gain > 0.0 {
                        100.0
                    } else {
                        50.0
                    };
                    out.rsi[t] = (rsi - 50.0) / 50.0;
                }
            }
        }
        if p.macd_weight != 0.0 && n > 0 {
            let (af, as_, asig) = (
                ema_alpha(p.macd_fast),
                ema_alpha(p.macd_slow),
                ema_alpha(p.macd_signal),
            );
            let warm = (p.macd_slow + p.macd_signal).saturating_sub(1) as usize;
            let (mut ef, mut es) = (spx[0], spx[0]);
            let mut sig = 0.0;
            for (t, &s) in spx.iter().enumerate() {
                if t > 0 {
                    ef += af * (s - ef);
                    es += as_ * (s - es);
                }
                let macd = ef - es;
                sig = if t == 0 {
                    macd
                } else {
                    sig + asig * (macd - sig)
                };
                if t >= warm {
                    let hist = macd - sig;
                    out.macd[t] = if hist < 0.0 {
                        1.0
                    } else if hist > 0.0 {
                        -1.0
                    } else {
                        0.0
                    };
                }
            }
        }
        out
    }

    /// VIX percentile signal `1 - 2p` on day `t`, `None` during its warm-up.
    pub fn vix_percentile(&self, t: usize) -> Option<f64> {
        let p = &self.params;
        let lb = p.vix_percentile_lookback.max(1) as usize;
        let window = &self.vix[t.saturating_sub(lb)..t];
        if window.len() < lb.min(20) {
            return None;
        }
        let today = self.vix[t];
        let below = window.iter().filter(|v| **v < today).count();
        let equal = window.iter().filter(|v| **v == today).count();
        let pct = (below as f64 + 0.5 * equal as f64) / window.len() as f64;
        Some(1.0 - 2.0 * pct)
    }

    /// Spend scale on day `t`: `clamp(base + sum(weight_i x s_i), 0, max_scale)`, a signal
    /// that cannot be computed counting as neutral.
    pub fn scale_at(&self, t: usize) -> f64 {
        let p = &self.params;
        let term = |w: f64, s: f64| {
            if w != 0.0 && s.is_finite() {
                w * s
            } else {
                0.0
            }
        };
        let pct = if p.vix_percentile_weight != 0.0 {
            self.vix_percentile(t).unwrap_or(f64::NAN)
        } else {
            f64::NAN
        };
        let x = p.base
            + term(p.vix_percentile_weight, pct)
            + term(p.term_structure_weight, self.term_structure[t])
            + term(p.rsi_weight, self.rsi[t])
            + term(p.macd_weight, self.macd[t]);
        x.clamp(0.0, self.max_scale)
    }

    /// Count missing and warm-up days among `days` for the weighted signals.
    pub fn counts(&self, p: &SignalParams, days: std::ops::Range<usize>) -> SignalCounts {
        let mut c = SignalCounts::default();
        for t in days.filter(|t| *t < self.vix.len()) {
            if p.term_structure_weight != 0.0 && !self.term_structure[t].is_finite() {
                c.missing_term_structure += 1;
            }
            let lb = p.vix_percentile_lookback.max(1) as usize;
            let warm = (p.vix_percentile_weight != 0.0 && t < lb.min(20))
                || (p.rsi_weight != 0.0 && !self.rsi[t].is_finite())
                || (p.macd_weight != 0.0 && !self.macd[t].is_finite());
            if warm {
                c.warmup += 1;
            }
        }
        c
    }
}
