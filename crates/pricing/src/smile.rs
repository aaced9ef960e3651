//! The SPX smile: ATM volatility as a ratio of the VIX-family level, and the smile in
//! normalised moneyness `x = ln(K/F) / (sigma_atm sqrt(T))`.
//!
//! **ATM.** VIX is a variance-swap level and sits above at-the-money implied vol because the
//! put wing is rich. At each node tenor `T_i` (9, 30, 93, 183 days) with VIX-family level
//! `v_i` (see [`crate::term`]):
//!
//! `sigma_atm(T_i) = ratio_i * v_i`,
//! `ratio_i = clamp(r0 + r_s z + r_v ln(v_i / 0.20) + r_t ln(T_i / 30d), ratio_min, ratio_max)`,
//! `z = ln(SKEW / skew_ref)` (the day's Cboe SKEW close, clamped; `z = 0` on a day without
//! one): a high SKEW, a rich put tail, carries more of the variance VIX measures, so ATM
//! sits lower under it (`r_s` < 0 in the defaults; [`SmileParams::at_skew`]);
//!
//! the ATM total variances at the nodes are made non-decreasing and interpolated linearly in
//! total variance (flat vol outside), like the VIX curve itself.
//!
//! **Smile.** An SVI-like hyperbola in `x` multiplies the ATM vol:
//!
//! `sigma(x) = sigma_atm * (1 + b (rho x + sqrt(x^2 + c^2) - c))`, with
//! `b = b0 (v/0.20)^{b_v} (T/30d)^{b_t}` (`v = v(T)`, the VIX-family level at `T`) (wing level), `rho = clamp(rho0 + rho_v ln(v/0.20)
//! + rho_t ln(T/30d), -0.98, 0.98)` (skew; negative = put wing rich, calls below ATM near the
//! money) and `c` (width of the rounded bottom, in units of x). The put wing rises with slope
//! `b (1 - rho)` in `x`, the call side first falls (slope `b rho` at the money) and turns up
//! slowly beyond `x ~ c`.
//!
//! **Call-wing turn**: above the forward (`x > 0`) the multiplier gains `u x^3`,
//! `u = call_turn + call_turn_v ln(v/0.20)`. A positive `u` makes the call wing flatten and
//! turn up between the short strike and the 5-delta call, as calm markets' call wings do; it
//! leaves the ATM level and the put wing unchanged.
//!
//! **Caps.** `x` is clamped to `[-x_max_put, x_max_call]` (the smile is flat beyond), the
//! multiplier to `[min_multiplier, max_multiplier]`, and the vol to `[0.01, max_vol]`, so
//! `iv` is positive and finite for any strike and tenor.

use serde::{Deserialize, Serialize};

use crate::term::{NODE_TENORS, T30, VixTermStructure};

/// Reference VIX-family level the exponents are expressed around (20 VIX points).
pub const V_REF: f64 = 0.20;

/// `ln(V_REF)`.
const LN_V_REF: f64 = -1.609_437_912_434_100_3;

/// `ln(30 / 365)`.
const LN_T30: f64 = -2.498_699_971_920_336;

/// Parameters of the ATM ratio and the smile (see the module docs for the formulas).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmileParams {
    /// ATM-to-VIX ratio at 20 VIX points and 30 days.
    pub ratio0: f64,
    /// Change of the ratio per unit of `ln(v / 0.20)`.
    pub ratio_v: f64,
    /// Change of the ratio per unit of `ln(T / 30d)`.
    pub ratio_t: f64,
    /// Lower bound of the ratio.
    pub ratio_min: f64,
    /// Upper bound of the ratio.
    pub ratio_max: f64,
    /// Wing level `b0` at 20 VIX points and 30 days (relative vol per unit of x).
    pub b0: f64,
    /// Exponent of `v / 0.20` in the wing level.
    pub b_v: f64,
    /// Exponent of `T / 30d` in the wing level.
    pub b_t: f64,
    /// Skew `rho` at 20 VIX points and 30 days.
    pub rho0: f64,
    /// Change of `rho` per unit of `ln(v / 0.20)`.
    pub rho_v: f64,
    /// Change of `rho` per unit of `ln(T / 30d)`.
    pub rho_t: f64,
    /// Width `c` of the smile's rounded bottom, in units of normalised moneyness.
    pub c: f64,
    /// Cboe SKEW level at which the SKEW terms vanish (index points); also the level used on
    /// a day without a SKEW print (the documented fallback, counted by the market model).
    pub skew_ref: f64,
    /// Lower clamp of the SKEW level the smile reads (index points).
    pub skew_min: f64,
    /// Upper clamp of the SKEW level the smile reads (index points).
    pub skew_max: f64,
    /// Change of the ATM ratio per unit of `ln(SKEW / skew_ref)`.
    pub ratio_s: f64,
    /// Exponent of `SKEW / skew_ref` in the wing level.
    pub b_s: f64,
    /// Change of `rho` per unit of `ln(SKEW / skew_ref)`.
    pub rho_s: f64,
    /// Call-wing turn `u0` at 20 VIX points: `u x^3` is added to the multiplier for `x > 0`.
    pub call_turn: f64,
    /// Change of the call-wing turn `u` per unit of `ln(v / 0.20)`.
    pub call_turn_v: f64,
    /// Put-side clamp of normalised moneyness (positive number).
    pub x_max_put: f64,
    /// Call-side clamp of normalised moneyness.
    pub x_max_call: f64,
    /// Smallest smile multiplier `sigma / sigma_atm`.
    pub min_multiplier: f64,
    /// Largest smile multiplier `sigma / sigma_atm`.
    pub max_multiplier: f64,
    /// Largest implied vol returned, annualised fraction.
    pub max_vol: f64,
}

impl Default for SmileParams {
    /// Calibrated by `ringfence calibrate smile` on
    /// `spx_smile_calibration_2005_2022.tsv` (fit table in `crates/pricing/CALIBRATION.md`).
    fn default() -> Self {
        SmileParams {
            ratio0: 0.839363,
            ratio_v: 0.014603,
            ratio_t: -0.030729,
            ratio_min: 0.55,
            ratio_max: 1.05,
            b0: 0.226241,
            b_v: -0.046078,
            b_t: 0.059917,
            rho0: -1.006093,
            rho_v: -0.047152,
            rho_t: -0.225030,
            c: 5.332188,
            skew_ref: 125.0,
            skew_min: 105.0,
            skew_max: 150.0,
            ratio_s: -0.374316,
            b_s: 0.0,
            rho_s: 0.0,
            call_turn: 0.020193,
            call_turn_v: -0.021557,
            x_max_put: 8.0,
            x_max_call: 2.0,
            min_multiplier: 0.5,
            max_multiplier: 4.0,
            max_vol: 4.0,
        }
    }
}

impl SmileParams {
    /// The fields `ringfence calibrate smile` fits, by name, in the order it prints them.
    pub fn fitted(&self) -> [(&'static str, f64); 15] {
        [
            ("ratio0", self.ratio0),
            ("ratio_v", self.ratio_v),
            ("ratio_t", self.ratio_t),
            ("b0", self.b0),
            ("b_v", self.b_v),
            ("b_t", self.b_t),
            ("rho0", self.rho0),
            ("rho_v", self.rho_v),
            ("rho_t", self.rho_t),
            ("c", self.c),
            ("ratio_s", self.ratio_s),
            ("b_s", self.b_s),
            ("rho_s", self.rho_s),
            ("call_turn", self.call_turn),
            ("call_turn_v", self.call_turn_v),
        ]
    }

    /// The fixed, uncalibrated starting point of `ringfence calibrate smile` (so that the
    /// calibration reproduces [`SmileParams::default`] from scratch).
    pub fn calibration_start() -> Self {
        SmileParams {
            ratio0: 0.85,
            ratio_v: 0.10,
            ratio_t: 0.0,
            b0: 0.25,
            b_v: -0.3,
            b_t: 0.1,
            rho0: -0.7,
            rho_v: 0.0,
            rho_t: 0.0,
            c: 1.0,
            ratio_s: 0.0,
            b_s: 0.0,
            rho_s: 0.0,
            call_turn: 0.0,
            call_turn_v: 0.0,
            ..SmileParams::default()
        }
    }
}

/// The smile of one tenor, with every term that does not depend on the strike evaluated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmileSlice {
    /// ATM vol (annualised fraction).
    pub atm_vol: f64,
    /// `1 / (sigma_atm sqrt(T))`, to turn `ln(K/F)` into `x`.
    pub inv_total_atm: f64,
    /// Wing level `b`.
    pub b: f64,
    /// Skew `rho`.
    pub rho: f64,
    /// Call-wing turn `u`: `u x^3` is added to the multiplier for `x > 0`.
    pub turn: f64,
}

impl SmileParams {
    /// `ln(SKEW / skew_ref)` of a day's SKEW close (index points), the SKEW clamped to
    /// `[skew_min, skew_max]`; 0 (the reference level) when the day has no SKEW print or a
    /// value that is not a finite positive number (the documented fallback).
    #[inline]
    pub fn skew_rel(&self, skew: Option<f64>) -> f64 {
        match skew.filter(|s| s.is_finite() && *s > 0.0) {
            Some(s) => (s.clamp(self.skew_min, self.skew_max) / self.skew_ref).ln(),
            None => 0.0,
        }
    }

    /// The parameters of one day with its SKEW close folded in: `ratio0 + ratio_s z`,
    /// `b0 e^{b_s z}`, `rho0 + rho_s z` with `z = ln(SKEW / skew_ref)` (see
    /// [`SmileParams::skew_rel`]; `None` = the fallback, `z = 0`), and the SKEW slopes set to
    /// zero so that folding again changes nothing. The surface of a day is built from these.
    pub fn at_skew(&self, skew: Option<f64>) -> SmileParams {
        let z = self.skew_rel(skew);
        SmileParams {
            ratio0: self.ratio0 + self.ratio_s * z,
            b0: self.b0 * (self.b_s * z).exp(),
            rho0: self.rho0 + self.rho_s * z,
            ratio_s: 0.0,
            b_s: 0.0,
            rho_s: 0.0,
            ..*self
        }
    }

    /// The ATM-to-VIX ratio at VIX-family level `v` (fraction) and tenor `t` (years), with
    /// `ln_v_rel = ln(v / 0.20)` and `ln_t_rel = ln(T / 30d)` precomputed.
    #[inline]
    pub fn ratio(&self, ln_v_rel: f64, ln_t_rel: f64) -> f64 {
        (self.ratio0 + self.ratio_v * ln_v_rel + self.ratio_t * ln_t_rel)
            .clamp(self.ratio_min, self.ratio_max)
    }

    /// ATM total variances (vol^2 x years) at the four node tenors of `term`:
    /// `(ratio_i * v_i)^2 * T_i` with the ratio evaluated at each node's level and tenor,
    /// made non-decreasing across the nodes (so ATM total variance never falls with tenor,
    /// even on a steeply inverted VIX curve).
    pub fn atm_nodes(&self, term: &VixTermStructure) -> [f64; 4] {
        let mut out = [0.0; 4];
        for (i, &t) in NODE_TENORS.iter().enumerate() {
            let v = term.node_level(i).max(1e-3);
            let ratio = self.ratio((v / V_REF).ln(), (t / T30).ln());
            out[i] = (ratio * v).powi(2) * t;
            if i > 0 && out[i] < out[i - 1] {
                out[i] = out[i - 1];
            }
        }
        out
    }

    /// The smile slice at tenor `t` (years, > 0): `w_vix` is the VIX-family total variance
    /// to `t` (sets the level the wings depend on), `w_atm` the ATM total variance to `t`
    /// (interpolated between [`SmileParams::atm_nodes`]).
    #[inline]
    pub fn slice(&self, w_vix: f64, w_atm: f64, t: f64) -> SmileSlice {
        let ln_t = t.ln();
        let ln_v_rel = 0.5 * (w_vix.max(1e-12).ln() - ln_t) - LN_V_REF;
        let ln_t_rel = ln_t - LN_T30;
        let total_atm = w_atm.max(1e-12).sqrt();
        let atm_vol = total_atm / t.sqrt();
        let b = self.b0 * (self.b_v * ln_v_rel + self.b_t * ln_t_rel).exp();
        let rho = (self.rho0 + self.rho_v * ln_v_rel + self.rho_t * ln_t_rel).clamp(-0.98, 0.98);
        SmileSlice {
            atm_vol,
            inv_total_atm: 1.0 / total_atm,
            b,
            rho,
            turn: self.call_turn + self.call_turn_v * ln_v_rel,
        }
    }

    /// Smile multiplier `sigma / sigma_atm` at normalised moneyness `x`.
    #[inline]
    pub fn multiplier(&self, s: &SmileSlice, x: f64) -> f64 {
        let x = x.clamp(-self.x_max_put, self.x_max_call);
        let c = self.c;
        let mut m = 1.0 + s.b * (s.rho * x + (x * x + c * c).sqrt() - c);
        if x > 0.0 {
            m += s.turn * x * x * x;
        }
        m.clamp(self.min_multiplier, self.max_multiplier)
    }

    /// Implied vol at log-moneyness `ln(K/F)` on slice `s` (annualised fraction, finite, in
    /// `[0.01, max_vol]`).
    #[inline]
    pub fn vol(&self, s: &SmileSlice, ln_kf: f64) -> f64 {
        let x = ln_kf * s.inv_total_atm;
        let v = s.atm_vol * self.multiplier(s, x);
        if v.is_finite() {
            v.clamp(0.01, self.max_vol)
        } else {
            self.max_vol
        }
    }

    /// Check the parameters: finite, `b0 > 0`, `c > 0`, ordered bounds.
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidConfig`] naming the first bad key.
    pub fn validate(&self) -> crate::Result<()> {
        let bad = |key: &str, value: f64, expected: &'static str| {
            Err(crate::PricingError::InvalidConfig {
                key: format!("model.smile.{key}"),
                value: value.to_string(),
                expected,
            })
        };
        let all = [
            ("ratio0", self.ratio0),
            ("ratio_v", self.ratio_v),
            ("ratio_t", self.ratio_t),
            ("b_v", self.b_v),
            ("b_t", self.b_t),
            ("rho0", self.rho0),
            ("rho_v", self.rho_v),
            ("rho_t", self.rho_t),
            ("ratio_s", self.ratio_s),
            ("b_s", self.b_s),
            ("rho_s", self.rho_s),
            ("call_turn", self.call_turn),
            ("call_turn_v", self.call_turn_v),
        ];
        for (k, v) in all {
            if !v.is_finite() {
                return bad(k, v, "a finite number");
            }
        }
        let positive = [
            ("ratio_min", self.ratio_min),
            ("b0", self.b0),
            ("c", self.c),
            ("x_max_put", self.x_max_put),
            ("x_max_call", self.x_max_call),
            ("min_multiplier", self.min_multiplier),
            ("skew_min", self.skew_min),
        ];
        for (k, v) in positive {
            if !(v.is_finite() && v > 0.0) {
                return bad(k, v, "a finite number > 0");
            }
        }
        if !(self.ratio_max.is_finite() && self.ratio_max >= self.ratio_min) {
            return bad("ratio_max", self.ratio_max, "a finite number >= ratio_min");
        }
        if !(self.max_multiplier.is_finite() && self.max_multiplier >= self.min_multiplier) {
            return bad(
                "max_multiplier",
                self.max_multiplier,
                "a finite number >= min_multiplier",
            );
        }
        if !(self.skew_max.is_finite() && self.skew_max >= self.skew_min) {
            return bad("skew_max", self.skew_max, "a finite number >= skew_min");
        }
        if !(self.skew_ref.is_finite() && self.skew_ref > 0.0) {
            return bad("skew_ref", self.skew_ref, "a finite number > 0");
        }
        if !(self.max_vol.is_finite() && self.max_vol > 0.01) {
            return bad("max_vol", self.max_vol, "a finite number > 0.01");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_skew_is_the_reference_level_and_folding_twice_changes_nothing() {
        let p = SmileParams {
            ratio_s: -0.4,
            b_s: 1.2,
            rho_s: 0.5,
            ..SmileParams::default()
        };
        assert_eq!(p.at_skew(None), p.at_skew(Some(p.skew_ref)));
        assert_eq!(p.at_skew(Some(f64::NAN)), p.at_skew(None));
        let folded = p.at_skew(Some(135.0));
        assert_eq!(folded.at_skew(Some(110.0)), folded);
        let z = (135.0f64 / p.skew_ref).ln();
        assert!((folded.ratio0 - (p.ratio0 - 0.4 * z)).abs() < 1e-15);
        // Clamped to [skew_min, skew_max].
        assert_eq!(p.at_skew(Some(400.0)), p.at_skew(Some(p.skew_max)));
        // Zero slopes: the day's smile is the parameters themselves.
        let d = SmileParams {
            ratio_s: 0.0,
            b_s: 0.0,
            rho_s: 0.0,
            ..SmileParams::default()
        };
        assert_eq!(d.at_skew(Some(140.0)), d);
    }

    #[test]
    fn the_call_turn_adds_u_x_cubed_above_the_forward_only() {
        let flat = SmileParams {
            call_turn: 0.0,
            call_turn_v: 0.0,
            ..SmileParams::default()
        };
        let turned = SmileParams {
            call_turn: 0.02,
            call_turn_v: -0.02,
            ..flat
        };
        // VIX-family level 0.10 at 30 days (ln(v / 0.20) = ln 0.5): u = 0.02 + 0.02 ln 2.
        let t = 30.0 / 365.0;
        let w = 0.10f64.powi(2) * t;
        let (sf, st) = (flat.slice(w, w * 0.64, t), turned.slice(w, w * 0.64, t));
        let u = 0.02 + 0.02 * 2f64.ln();
        assert!((st.turn - u).abs() < 1e-12);
        for x in [-3.0, -1.0, -0.2, 0.0] {
            assert_eq!(turned.multiplier(&st, x), flat.multiplier(&sf, x));
        }
        for x in [0.5, 1.0, 1.5] {
            let d = turned.multiplier(&st, x) - flat.multiplier(&sf, x);
            assert!((d - u * x * x * x).abs() < 1e-12, "x {x}: {d}");
        }
        // Beyond the call clamp the smile is flat, turn included.
        assert_eq!(
            turned.multiplier(&st, 5.0),
            turned.multiplier(&st, flat.x_max_call)
        );
        // At 20 VIX points the turn is call_turn alone.
        let w20 = 0.04 * t;
        assert!((turned.slice(w20, w20 * 0.64, t).turn - 0.02).abs() < 1e-12);
    }

    #[test]
    fn log_constants_match_their_definitions() {
        assert!((LN_V_REF - V_REF.ln()).abs() < 1e-15);
        assert!((LN_T30 - T30.ln()).abs() < 1e-15);
    }
}
