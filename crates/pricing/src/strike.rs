//! Strike for a target delta, and the listed strike grid.
//!
//! # Delta convention
//! `abs_delta` is the absolute BSM **spot** delta, dividend-adjusted: a call's delta is
//! `e^{-qT} N(d1)`, a put's is `-e^{-qT} N(-d1)`; "a 16-delta put" is `abs_delta = 0.16`. It
//! must lie strictly between 0 and `e^{-qT}`. The inversion is closed form for a flat vol:
//!
//! - call: `K = S exp(-N^{-1}(abs_delta e^{qT}) vol sqrt(T) + (r - q + vol^2 / 2) T)`
//! - put:  `K = S exp(+N^{-1}(abs_delta e^{qT}) vol sqrt(T) + (r - q + vol^2 / 2) T)`
//!
//! With a smile the vol depends on the strike; the volatility surface iterates this
//! function (strike -> vol at that strike -> strike) until it settles.
//! [`strike_for_forward_delta`] is the undiscounted forward-delta analogue (Black-76 on a
//! future, or smile quotes in forward delta).
//!
//! # Listed strikes
//! [`StrikeGrid`] snaps a model strike to a strike the exchange lists: multiples of
//! `step_points` (5 index points for SPX), and before `far_step_before_year` only multiples
//! of `far_step_points` (25) for strikes more than `far_from_money_fraction` (10%) away from
//! spot. Rounding rule: the nearest listed strike; an exact tie goes to the strike farther
//! from spot (the more out-of-the-money, lower-delta choice, conservative for the short
//! strikes of a condor and cheaper for long hedges). A strike never snaps to zero or below.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::bsm::{validate_market, validate_vol};
use crate::error::{PricingError, Result, ensure_input};
use crate::normal::inv_norm_cdf;
use crate::right::OptionRight;

/// Strike (index points) whose BSM spot delta equals `abs_delta` in absolute value, at a
/// flat `vol`. See the module docs for the convention.
///
/// # Errors
/// [`PricingError::InvalidInput`] for invalid market inputs, `vol` or `t_years` of zero
/// (every strike has a step delta then), or `abs_delta` outside `(0, e^{-qT})`.
#[inline]
pub fn strike_for_delta(
    right: OptionRight,
    abs_delta: f64,
    spot: f64,
    t_years: f64,
    rate: f64,
    div_yield: f64,
    vol: f64,
) -> Result<f64> {
    validate_market(spot, 1.0, t_years, rate, div_yield)?;
    validate_vol(vol)?;
    ensure_input!(
        t_years > 0.0 && vol > 0.0,
        "t_years * vol",
        t_years * vol,
        "> 0 (a strike from delta needs time value)"
    );
    let carry = (div_yield * t_years).exp();
    let max_delta = 1.0 / carry;
    ensure_input!(
        abs_delta > 0.0 && abs_delta < max_delta,
        "abs_delta",
        abs_delta,
        "an absolute spot delta in (0, e^{-qT})"
    );
    let z = inv_norm_cdf(abs_delta * carry);
    let s = vol * t_years.sqrt();
    let drift = (rate - div_yield + 0.5 * vol * vol) * t_years;
    let k = spot * (drift - right.sign() * z * s).exp();
    finite_strike(k)
}

/// Strike whose undiscounted forward delta `N(omega d1)` equals `abs_delta`:
/// `K = F exp(-omega N^{-1}(abs_delta) vol sqrt(T) + vol^2 T / 2)`.
///
/// # Errors
/// [`PricingError::InvalidInput`] for a forward that is not finite and positive, zero total
/// vol, or `abs_delta` outside `(0, 1)`.
#[inline]
pub fn strike_for_forward_delta(
    right: OptionRight,
    abs_delta: f64,
    forward: f64,
    t_years: f64,
    vol: f64,
) -> Result<f64> {
    validate_market(forward, 1.0, t_years, 0.0, 0.0)?;
    validate_vol(vol)?;
    ensure_input!(
        t_years > 0.0 && vol > 0.0,
        "t_years * vol",
        t_years * vol,
        "> 0 (a strike from delta needs time value)"
    );
    ensure_input!(
        abs_delta > 0.0 && abs_delta < 1.0,
        "abs_delta",
        abs_delta,
        "an absolute forward delta in (0, 1)"
    );
    let s = vol * t_years.sqrt();
    let z = inv_norm_cdf(abs_delta);
    finite_strike(forward * (0.5 * s * s - right.sign() * z * s).exp())
}

fn finite_strike(k: f64) -> Result<f64> {
    ensure_input!(
        k.is_finite() && k > 0.0,
        "strike",
        k,
        "a finite strike > 0 (the delta is too extreme for this vol and tenor)"
    );
    Ok(k)
}

/// The listed strike grid of one product.
///
/// Defaults are SPX's: 5-point strikes, 25-point strikes beyond 10% from spot before 2010.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StrikeGrid {
    /// Strike spacing near the money (index points for SPX, VIX points for VIX options).
    pub step_points: f64,
    /// Strike spacing far from the money before `far_step_before_year`.
    pub far_step_points: f64,
    /// Distance from spot, as a fraction of spot, beyond which a strike is "far from the
    /// money" (0.10 = 10%).
    pub far_from_money_fraction: f64,
    /// The coarse far spacing applies to trade dates before 1 January of this year.
    pub far_step_before_year: i32,
}

impl Default for StrikeGrid {
    fn default() -> Self {
        Self::spx()
    }
}

impl StrikeGrid {
    /// SPX: 5 points, 25 points beyond 10% from spot before 2010.
    pub fn spx() -> Self {
        StrikeGrid {
            step_points: 5.0,
            far_step_points: 25.0,
            far_from_money_fraction: 0.10,
            far_step_before_year: 2010,
        }
    }

    /// VIX options: 1-point strikes everywhere (an approximation: 0.5-point strikes near
    /// the money and 2.5/5-point strikes far out also exist).
    pub fn vix_options() -> Self {
        StrikeGrid {
            step_points: 1.0,
            far_step_points: 1.0,
            far_from_money_fraction: 1.0,
            far_step_before_year: 0,
        }
    }

    /// Check the grid's values.
    ///
    /// # Errors
    /// [`PricingError::InvalidConfig`] naming the offending field.
    pub fn validate(&self) -> Result<()> {
        let positive = |key: &str, v: f64| -> Result<()> {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(PricingError::InvalidConfig {
                    key: format!("model.strike_grid.{key}"),
                    value: v.to_string(),
                    expected: "a finite number > 0",
                })
            }
        };
        positive("step_points", self.step_points)?;
        positive("far_step_points", self.far_step_points)?;
        positive("far_from_money_fraction", self.far_from_money_fraction)
    }

    /// Strike spacing that applies at `strike` on `date` with the index at `spot`.
    #[inline]
    pub fn step_at(&self, strike: f64, spot: f64, date: NaiveDate) -> f64 {
        if date.year() < self.far_step_before_year
            && (strike - spot).abs() > self.far_from_money_fraction * spot
        {
            self.far_step_points
        } else {
            self.step_points
        }
    }

    /// The listed strike nearest to `strike` (ties to the one farther from `spot`).
    ///
    /// # Errors
    /// [`PricingError::InvalidInput`] when `strike` or `spot` is not finite and positive;
    /// [`PricingError::InvalidConfig`] for an invalid grid.
    #[inline]
    pub fn snap(&self, strike: f64, spot: f64, date: NaiveDate) -> Result<f64> {
        validate_market(spot, strike, 0.0, 0.0, 0.0)?;
        self.validate()?;
        let fine = nearest_multiple(strike, self.step_points, spot);
        let step = self.step_at(fine, spot, date);
        if step == self.step_points {
            return Ok(fine);
        }
        Ok(nearest_multiple(strike, step, spot))
    }

    /// The highest listed strike at or below `strike` (on the spacing that applies there),
    /// never below one step.
    ///
    /// # Errors
    /// As [`StrikeGrid::snap`].
    pub fn at_or_below(&self, strike: f64, spot: f64, date: NaiveDate) -> Result<f64> {
        validate_market(spot, strike, 0.0, 0.0, 0.0)?;
        self.validate()?;
        let step = self.step_at(strike, spot, date);
        Ok(((strike / step + 1e-9).floor() * step).max(step))
    }

    /// The lowest listed strike at or above `strike` (on the spacing that applies there).
    ///
    /// # Errors
    /// As [`StrikeGrid::snap`].
    pub fn at_or_above(&self, strike: f64, spot: f64, date: NaiveDate) -> Result<f64> {
        validate_market(spot, strike, 0.0, 0.0, 0.0)?;
        self.validate()?;
        let step = self.step_at(strike, spot, date);
        Ok(((strike / step - 1e-9).ceil() * step).max(step))
    }
}

/// Nearest positive multiple of `step` to `x`; exact ties go to the one farther from `spot`.
#[inline]
fn nearest_multiple(x: f64, step: f64, spot: f64) -> f64 {
    let q = x / step;
    let lower = q.floor() * step;
    let upper = q.ceil() * step;
    let choice = match (x - lower).partial_cmp(&(upper - x)) {
        Some(std::cmp::Ordering::Less) => lower,
        Some(std::cmp::Ordering::Greater) => upper,
        _ => {
            if (lower - spot).abs() >= (upper - spot).abs() {
                lower
            } else {
                upper
            }
        }
    };
    if choice < step { step } else { choice }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bsm::{self, BsmInputs};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn strike_from_delta_reproduces_the_delta() {
        for right in [OptionRight::Call, OptionRight::Put] {
            for &d in &[0.05, 0.10, 0.16, 0.25, 0.50, 0.75] {
                let k = strike_for_delta(right, d, 3000.0, 45.0 / 365.0, 0.02, 0.018, 0.2).unwrap();
                let got = bsm::delta(&BsmInputs {
                    right,
                    spot: 3000.0,
                    strike: k,
                    t_years: 45.0 / 365.0,
                    rate: 0.02,
                    div_yield: 0.018,
                    vol: 0.2,
                })
                .unwrap();
                assert!((got.abs() - d).abs() < 1e-13, "{right} {d}: {got}");
            }
        }
    }

    #[test]
    fn ties_snap_away_from_spot() {
        let g = StrikeGrid::spx();
        let d = date(2020, 3, 16);
        assert_eq!(g.snap(2802.5, 3000.0, d).unwrap(), 2800.0);
        assert_eq!(g.snap(3102.5, 3000.0, d).unwrap(), 3105.0);
        assert_eq!(g.snap(2803.0, 3000.0, d).unwrap(), 2805.0);
    }

    #[test]
    fn far_strikes_used_25_point_spacing_before_2010() {
        let g = StrikeGrid::spx();
        // 15% below spot in 2008: 25-point grid.
        assert_eq!(g.snap(1093.0, 1290.0, date(2008, 6, 2)).unwrap(), 1100.0);
        assert_eq!(g.snap(1093.0, 1290.0, date(2012, 6, 1)).unwrap(), 1095.0);
        // Near the money in 2008: 5-point grid.
        assert_eq!(g.snap(1243.0, 1290.0, date(2008, 6, 2)).unwrap(), 1245.0);
        assert_eq!(
            g.at_or_below(1093.0, 1290.0, date(2008, 6, 2)).unwrap(),
            1075.0
        );
        assert_eq!(
            g.at_or_above(1095.0, 1290.0, date(2012, 6, 1)).unwrap(),
            1095.0
        );
    }
}
