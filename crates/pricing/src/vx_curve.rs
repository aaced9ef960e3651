//! The VX futures curve model (used where the data have no settle for a contract and day).
//!
//! The fair value of a VX future expiring in `tau` years is the 30-day forward volatility of
//! the VIX-family curve between `tau` and `tau + 30d`, less a convexity / risk-premium
//! adjustment:
//!
//! `VX = 100 * fwd(tau, tau + 30d) * exp(-adj)`, with
//! `adj = k * tau^p * (fwd / 0.20)^e`
//!
//! `fwd` is the forward variance-swap level (an annualised fraction, from
//! [`VixTermStructure::smooth_forward_level`], a monotone cubic through the nodes); `E[VIX_T] < sqrt(E[VIX_T^2])` by Jensen's inequality,
//! and the gap grows with the vol of VIX and the horizon, hence `adj > 0` growing with `tau`.
//! At `tau = 0` the model returns spot VIX. `k`, `p`, `e` are calibrated against the real
//! settles by `ringfence calibrate vx`.

use serde::{Deserialize, Serialize};

use crate::term::{T30, VixTermStructure};

/// Parameters of the convexity / risk-premium adjustment (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VxCurveParams {
    /// Scale `k` of the adjustment (log points at one year and 20 vol points).
    pub k: f64,
    /// Exponent `p` of the horizon `tau` (years).
    pub p: f64,
    /// Exponent `e` of `fwd / 0.20`.
    pub e: f64,
}

impl Default for VxCurveParams {
    /// Calibrated by `ringfence calibrate vx` on the real VX settles 2004-2026
    /// (fit table in `crates/pricing/CALIBRATION.md`).
    fn default() -> Self {
        VxCurveParams {
            k: 0.13146,
            p: 0.49427,
            e: 0.00094,
        }
    }
}

impl VxCurveParams {
    /// The fixed starting point of `ringfence calibrate vx`.
    pub fn calibration_start() -> Self {
        VxCurveParams {
            k: 0.1,
            p: 0.5,
            e: 0.0,
        }
    }
}

impl VxCurveParams {
    /// Model VX futures price in VIX points for a contract expiring `tau` years ahead
    /// (`tau <= 0` returns spot VIX from the curve's 30-day node). Always finite and > 0.
    #[inline]
    pub fn fair_value(&self, term: &VixTermStructure, tau: f64) -> f64 {
        let tau = if tau.is_finite() { tau.max(0.0) } else { 0.0 };
        let fwd = term.smooth_forward_level(tau, tau + T30);
        let adj = if tau > 0.0 {
            self.k * tau.powf(self.p) * (fwd / 0.20).powf(self.e)
        } else {
            0.0
        };
        let v = 100.0 * fwd * (-adj.clamp(-1.0, 3.0)).exp();
        if v.is_finite() {
            v.max(0.01)
        } else {
            100.0 * fwd
        }
    }

    /// Check the parameters are finite.
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidConfig`] naming the first bad key.
    pub fn validate(&self) -> crate::Result<()> {
        for (k, v) in [("k", self.k), ("p", self.p), ("e", self.e)] {
            if !v.is_finite() {
                return Err(crate::PricingError::InvalidConfig {
                    key: format!("model.vx_curve.{k}"),
                    value: v.to_string(),
                    expected: "a finite number",
                });
            }
        }
        if self.p < 0.0 {
            return Err(crate::PricingError::InvalidConfig {
                key: "model.vx_curve.p".to_owned(),
                value: self.p.to_string(),
                expected: "a number >= 0",
            });
        }
        Ok(())
    }
}
