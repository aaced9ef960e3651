//! The VIX-family term structure: VIX9D (9 days), VIX (30 days), VIX3M (93 days) and
//! VIX6M (183 days) as total variances, interpolated linearly in total variance.
//!
//! Each index is a variance-swap level for its tenor, so `level^2 * tenor` is the total
//! variance of the log-index to that tenor. Between nodes the total variance is linear in
//! time; before the first node and after the last the volatility is held flat (total
//! variance proportional to time).
//!
//! **Missing indices (documented fallback).** VIX9D starts in 2011, VIX3M in the Cboe file on
//! 2009-09-18 and VIX6M in 2008; before that only VIX exists. A missing node is filled
//!
//! - by linear interpolation in total variance when real nodes exist on both sides (VIX3M
//!   between a real VIX and a real VIX6M), else
//! - from the mean-reverting variance curve anchored at the nearest real node `a`:
//!   `v^2(T) = theta + (v_a^2 - theta) * phi(T) / phi(T_a)` with
//!   `phi(T) = (1 - e^{-kappa T}) / (kappa T)` (the average expected variance of a
//!   mean-reverting variance process with long-run variance `theta` and speed `kappa`),
//!   calibrated on the days where all four indices exist (`ringfence calibrate vx`).
//!
//! The snapshot records which nodes were real ([`TermSource`]) so every day that used the
//! fallback can be counted. Total variance is forced non-decreasing across the nodes.

use serde::{Deserialize, Serialize};

/// Node tenors in years (calendar days / 365): 9, 30, 93 and 183 days.
pub const NODE_TENORS: [f64; 4] = [9.0 / 365.0, 30.0 / 365.0, 93.0 / 365.0, 183.0 / 365.0];

/// 30 days in years (the VIX tenor).
pub const T30: f64 = 30.0 / 365.0;

/// Which VIX-family indices were real prints on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermSource {
    /// VIX9D, VIX, VIX3M and VIX6M all real.
    Full,
    /// VIX and at least one of the others real; the rest filled by the fallback.
    Partial,
    /// Only VIX real; the other three nodes come from the mean-reverting fallback curve.
    VixOnly,
}

impl TermSource {
    /// Lowercase name for reports (`full`, `partial`, `vix_only`).
    pub fn as_str(self) -> &'static str {
        match self {
            TermSource::Full => "full",
            TermSource::Partial => "partial",
            TermSource::VixOnly => "vix_only",
        }
    }
}

/// Parameters of the mean-reverting fallback for missing VIX-family nodes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TermFallbackParams {
    /// Long-run variance-swap volatility, annualised fraction (`theta = long_run_vol^2`).
    pub long_run_vol: f64,
    /// Mean-reversion speed of variance, per year.
    pub kappa: f64,
}

impl Default for TermFallbackParams {
    /// Calibrated by `ringfence calibrate vx` on the real VX settles of the VIX-only era
    /// (2004-2007), see `crates/pricing/CALIBRATION.md`.
    fn default() -> Self {
        TermFallbackParams {
            long_run_vol: 0.26077,
            kappa: 0.82206,
        }
    }
}

impl TermFallbackParams {
    /// The fixed starting point of `ringfence calibrate vx`.
    pub fn calibration_start() -> Self {
        TermFallbackParams {
            long_run_vol: 0.22,
            kappa: 3.0,
        }
    }
}

/// Annual-fraction volatilities of the VIX family on one day; `None` where an index is
/// missing. VIX itself is required.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VixFamily {
    /// VIX9D / 100.
    pub vix9d: Option<f64>,
    /// VIX / 100 (required, > 0).
    pub vix: f64,
    /// VIX3M / 100.
    pub vix3m: Option<f64>,
    /// VIX6M / 100.
    pub vix6m: Option<f64>,
}

/// The VIX-family total-variance curve of one day (four nodes, see [`NODE_TENORS`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VixTermStructure {
    /// Total variance (vol^2 x years) at each node, non-decreasing.
    pub w: [f64; 4],
    /// Bit `i` set when node `i` was a real print (bit 1 = VIX is always set).
    pub real_mask: u8,
}

#[inline]
fn phi(kappa: f64, t: f64) -> f64 {
    let x = kappa * t;
    if x < 1e-8 {
        1.0 - 0.5 * x
    } else {
        (1.0 - (-x).exp()) / x
    }
}

impl VixTermStructure {
    /// Build the curve from the day's VIX-family levels, filling missing nodes as documented
    /// in the module docs. Levels that are not finite and positive count as missing; a
    /// non-positive VIX is replaced by a 1% floor (the loader guarantees a positive VIX).
    pub fn new(levels: VixFamily, fallback: &TermFallbackParams) -> VixTermStructure {
        let ok = |v: Option<f64>| v.filter(|x| x.is_finite() && *x > 0.0);
        let vix = if levels.vix.is_finite() && levels.vix > 0.0 {
            levels.vix
        } else {
            0.01
        };
        let raw = [
            ok(levels.vix9d),
            Some(vix),
            ok(levels.vix3m),
            ok(levels.vix6m),
        ];
        let mut real_mask = 0u8;
        let mut w = [f64::NAN; 4];
        for (i, v) in raw.iter().enumerate() {
            if let Some(v) = v {
                real_mask |= 1 << i;
                w[i] = v * v * NODE_TENORS[i];
            }
        }
        let theta = fallback.long_run_vol * fallback.long_run_vol;
        let kappa = fallback.kappa.max(1e-6);
        for i in 0..4 {
            if real_mask & (1 << i) != 0 {
                continue;
            }
            let below = (0..i).rev().find(|j| real_mask & (1 << j) != 0);
            let above = (i + 1..4).find(|j| real_mask & (1 << j) != 0);
            w[i] = match (below, above) {
                (Some(a), Some(b)) => {
                    let (ta, tb) = (NODE_TENORS[a], NODE_TENORS[b]);
                    w[a] + (w[b] - w[a]) * (NODE_TENORS[i] - ta) / (tb - ta)
                }
                (Some(a), None) | (None, Some(a)) => {
                    let ta = NODE_TENORS[a];
                    let va2 = w[a] / ta;
                    let t = NODE_TENORS[i];
                    let v2 = theta + (va2 - theta) * phi(kappa, t) / phi(kappa, ta);
                    // Keep the synthetic variance within a factor of 4 of the anchor's.
                    v2.clamp(0.25 * va2, 4.0 * va2) * t
                }
                (None, None) => unreachable_vix(vix) * NODE_TENORS[i],
            };
        }
        for i in 1..4 {
            if w[i] < w[i - 1] {
                w[i] = w[i - 1];
            }
        }
        VixTermStructure { w, real_mask }
    }

    /// Which nodes were real.
    pub fn source(&self) -> TermSource {
        match self.real_mask {
            0b1111 => TermSource::Full,
            0b0010 => TermSource::VixOnly,
            _ => TermSource::Partial,
        }
    }

    /// Total variance of the VIX-family curve to `t` years (vol^2 x years), `t >= 0`.
    #[inline]
    pub fn total_variance(&self, t: f64) -> f64 {
        interpolate_nodes(&self.w, t)
    }

    /// Variance-swap volatility to `t` years (annualised fraction); the 9-day level for
    /// `t` at or below 9 days.
    #[inline]
    pub fn level(&self, t: f64) -> f64 {
        if t <= NODE_TENORS[0] {
            return (self.w[0] / NODE_TENORS[0]).sqrt();
        }
        (self.total_variance(t) / t).sqrt()
    }

    /// Forward variance-swap volatility between `t1` and `t2 > t1` years (annualised
    /// fraction): `sqrt((w(t2) - w(t1)) / (t2 - t1))`, floored at 1% vol.
    #[inline]
    pub fn forward_level(&self, t1: f64, t2: f64) -> f64 {
        let dt = (t2 - t1).max(1e-9);
        let dw = self.total_variance(t2) - self.total_variance(t1.max(0.0));
        (dw / dt).max(1e-4).sqrt()
    }

    /// Total variance to `t` years on a smooth curve through the same nodes: a monotone
    /// cubic (Fritsch-Carlson PCHIP) through `(0, 0)` and the four nodes, with the end slope
    /// at the last node set to the last interval's forward variance and continued beyond it
    /// with that slope (flat forward variance). Unlike the linear
    /// interpolation its forward variance `w'(t)` is continuous, which the VX curve model
    /// needs: two contracts inside one node interval would otherwise get the same forward.
    pub fn smooth_total_variance(&self, t: f64) -> f64 {
        let x = [
            0.0,
            NODE_TENORS[0],
            NODE_TENORS[1],
            NODE_TENORS[2],
            NODE_TENORS[3],
        ];
        let y = [0.0, self.w[0], self.w[1], self.w[2], self.w[3]];
        let d = pchip_slopes(&x, &y);
        let t = t.max(0.0);
        if t >= x[4] {
            return y[4] + d[4] * (t - x[4]);
        }
        let k = (0..4).find(|&k| t <= x[k + 1]).unwrap_or(3);
        let h = x[k + 1] - x[k];
        let s = (t - x[k]) / h;
        let (h00, h10, h01, h11) = (
            (1.0 + 2.0 * s) * (1.0 - s) * (1.0 - s),
            s * (1.0 - s) * (1.0 - s),
            s * s * (3.0 - 2.0 * s),
            s * s * (s - 1.0),
        );
        h00 * y[k] + h10 * h * d[k] + h01 * y[k + 1] + h11 * h * d[k + 1]
    }

    /// Forward variance-swap volatility between `t1` and `t2 > t1` years on the smooth curve
    /// ([`VixTermStructure::smooth_total_variance`]), annualised fraction, floored at 1%.
    pub fn smooth_forward_level(&self, t1: f64, t2: f64) -> f64 {
        let dt = (t2 - t1).max(1e-9);
        let dw = self.smooth_total_variance(t2) - self.smooth_total_variance(t1.max(0.0));
        (dw / dt).max(1e-4).sqrt()
    }

    /// Node level `i` (0 = 9 days ... 3 = 183 days) as an annualised fraction.
    pub fn node_level(&self, i: usize) -> f64 {
        (self.w[i] / NODE_TENORS[i]).sqrt()
    }
}

/// The VIX-family curve of trading day `day` of `history` (levels divided by 100; missing
/// indices filled as documented in the module docs).
///
/// # Panics
/// Panics when `day >= history.len()` (a caller bug, not a data condition).
pub fn term_on(
    history: &ringfence_data::MarketHistory,
    day: usize,
    fallback: &TermFallbackParams,
) -> VixTermStructure {
    use ringfence_data::Series;
    let pct = |s: Series| history.get(s, day).map(|v| v / 100.0);
    VixTermStructure::new(
        VixFamily {
            vix9d: pct(Series::Vix9d),
            vix: history.vix.close[day] / 100.0,
            vix3m: pct(Series::Vix3m),
            vix6m: pct(Series::Vix6m),
        },
        fallback,
    )
}

/// Linear interpolation in total variance through four nodes at [`NODE_TENORS`], flat
/// volatility before the first and after the last node (vol^2 x years, `t >= 0`).
#[inline]
pub fn interpolate_nodes(w: &[f64; 4], t: f64) -> f64 {
    let [t0, t1, t2, t3] = NODE_TENORS;
    if t <= t0 {
        w[0] / t0 * t.max(0.0)
    } else if t <= t1 {
        w[0] + (w[1] - w[0]) * (t - t0) / (t1 - t0)
    } else if t <= t2 {
        w[1] + (w[2] - w[1]) * (t - t1) / (t2 - t1)
    } else if t <= t3 {
        w[2] + (w[3] - w[2]) * (t - t2) / (t3 - t2)
    } else {
        w[3] / t3 * t
    }
}

/// Fritsch-Carlson slopes of a monotone cubic through five points.
fn pchip_slopes(x: &[f64; 5], y: &[f64; 5]) -> [f64; 5] {
    let mut h = [0.0; 4];
    let mut delta = [0.0; 4];
    for k in 0..4 {
        h[k] = x[k + 1] - x[k];
        delta[k] = (y[k + 1] - y[k]) / h[k];
    }
    let mut d = [0.0; 5];
    for k in 1..4 {
        if delta[k - 1] * delta[k] > 0.0 {
            let w1 = 2.0 * h[k] + h[k - 1];
            let w2 = h[k] + 2.0 * h[k - 1];
            d[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
        }
    }
    // Three-point end formula at t = 0, kept monotone.
    let v = ((2.0 * h[0] + h[1]) * delta[0] - h[0] * delta[1]) / (h[0] + h[1]);
    d[0] = if v * delta[0] <= 0.0 {
        0.0
    } else if delta[0] * delta[1] <= 0.0 && v.abs() > 3.0 * delta[0].abs() {
        3.0 * delta[0]
    } else {
        v
    };
    // At the far end keep the last interval's forward variance: the three-point end formula
    // can drive it to zero in a steep backwardation (e.g. March 2020), which would make
    // every contract beyond six months worth almost nothing.
    d[4] = delta[3];
    d
}

/// VIX alone always exists in a built curve; this keeps the match total.
#[inline]
fn unreachable_vix(vix: f64) -> f64 {
    vix * vix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_curve_reproduces_every_node() {
        let c = VixTermStructure::new(
            VixFamily {
                vix9d: Some(0.15),
                vix: 0.18,
                vix3m: Some(0.20),
                vix6m: Some(0.22),
            },
            &TermFallbackParams::default(),
        );
        assert_eq!(c.source(), TermSource::Full);
        for (i, v) in [0.15, 0.18, 0.20, 0.22].iter().enumerate() {
            assert!((c.level(NODE_TENORS[i]) - v).abs() < 1e-12);
        }
        // Flat vol outside the nodes.
        assert!((c.level(1.0 / 365.0) - 0.15).abs() < 1e-12);
        assert!((c.level(1.0) - 0.22).abs() < 1e-12);
    }

    #[test]
    fn vix_only_curve_reverts_to_the_long_run_level() {
        let p = TermFallbackParams {
            long_run_vol: 0.20,
            kappa: 3.0,
        };
        let low = VixTermStructure::new(
            VixFamily {
                vix9d: None,
                vix: 0.12,
                vix3m: None,
                vix6m: None,
            },
            &p,
        );
        assert_eq!(low.source(), TermSource::VixOnly);
        assert!(low.node_level(0) < 0.12 && low.node_level(3) > low.node_level(2));
        assert!(low.node_level(3) < 0.20);
        let high = VixTermStructure::new(
            VixFamily {
                vix9d: None,
                vix: 0.60,
                vix3m: None,
                vix6m: None,
            },
            &p,
        );
        assert!(high.node_level(3) < high.node_level(2) && high.node_level(2) < 0.60);
    }
}
