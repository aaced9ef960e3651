//! The SPX implied-volatility surface of one day, built from the VIX family.
//!
//! [`SpxSurface`] is a small `Copy` snapshot (spot, rate, dividend yield, the VIX-family
//! total-variance nodes and the smile parameters): building it allocates nothing and an
//! [`SpxSurface::iv`] lookup is a handful of `ln`/`exp`/`sqrt` (well under 100 ns).
//!
//! `sigma(K, T) = sigma_atm(T) * m(x)`, `x = ln(K / F(T)) / (sigma_atm(T) sqrt(T))`, with
//! the ATM total variance interpolated between `(ratio_i v_i)^2 T_i` at the VIX-family nodes
//! (see [`crate::term`] and [`crate::smile`]). `F(T) = S e^{(r - q) T}`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::bsm::{self, BsmInputs};
use crate::error::{Result, ensure_input};
use crate::normal::inv_norm_cdf;
use crate::right::OptionRight;
use crate::smile::{SmileParams, SmileSlice};
use crate::strike::StrikeGrid;
use crate::term::{TermSource, VixTermStructure, interpolate_nodes};

/// Shortest tenor the surface evaluates (one hour, in years); shorter tenors are priced as if
/// this far out so that `iv` stays finite.
pub const MIN_T_YEARS: f64 = 1.0 / (365.0 * 24.0);

/// Model price and greeks of one option.
///
/// Units: `price` in index points (SPX) or VIX points (VIX options) per unit of underlying
/// (x 100 for USD per contract); `iv` annualised fraction; `delta` per 1.00 of spot (SPX,
/// `e^{-qT}`-discounted) or of the future (VIX options, discounted); `gamma` per 1.00 of
/// underlying squared; `vega` per 1.00 of vol (divide by 100 for per vol point); `theta` per
/// year of calendar time (divide by 365 for per calendar day).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Quote {
    /// Option price, strike units.
    pub price: f64,
    /// Implied volatility used, annualised fraction.
    pub iv: f64,
    /// Delta per 1.00 of underlying.
    pub delta: f64,
    /// Gamma per 1.00 of underlying squared.
    pub gamma: f64,
    /// Vega per 1.00 of vol.
    pub vega: f64,
    /// Theta per year of calendar time (`-dV/dT`).
    pub theta: f64,
}

/// The tenor-only part of an [`SpxSurface`] (see [`SpxSurface::tenor`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpxTenor {
    slice: SmileSlice,
    /// `(r - q) t` at the smile's (clamped) tenor.
    smile_carry: f64,
    market: bsm::BsmMarket,
}

/// The SPX volatility surface of one day (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpxSurface {
    spot: f64,
    ln_spot: f64,
    rate: f64,
    div_yield: f64,
    term: VixTermStructure,
    atm_w: [f64; 4],
    smile: SmileParams,
}

impl SpxSurface {
    /// A surface from its parts: SPX spot (index points, > 0), rate and dividend yield
    /// (continuously compounded annual fractions), the day's VIX-family curve and the smile
    /// parameters.
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] for a non-positive spot or a rate / yield outside
    /// `[-1, 1]`.
    pub fn new(
        spot: f64,
        rate: f64,
        div_yield: f64,
        term: VixTermStructure,
        smile: SmileParams,
    ) -> Result<SpxSurface> {
        ensure_input!(
            spot.is_finite() && spot > 0.0,
            "spot",
            spot,
            "a finite number > 0"
        );
        ensure_input!(
            rate.is_finite() && rate.abs() <= 1.0,
            "rate",
            rate,
            "an annual fraction in [-1, 1]"
        );
        ensure_input!(
            div_yield.is_finite() && div_yield.abs() <= 1.0,
            "div_yield",
            div_yield,
            "an annual fraction in [-1, 1]"
        );
        let atm_w = smile.atm_nodes(&term);
        Ok(SpxSurface::new_unchecked(
            spot, rate, div_yield, term, atm_w, smile,
        ))
    }

    /// As [`SpxSurface::new`] without the checks, with the ATM node variances
    /// (`smile.atm_nodes(&term)`) precomputed by the caller.
    #[inline]
    pub(crate) fn new_unchecked(
        spot: f64,
        rate: f64,
        div_yield: f64,
        term: VixTermStructure,
        atm_w: [f64; 4],
        smile: SmileParams,
    ) -> SpxSurface {
        SpxSurface {
            spot,
            ln_spot: spot.ln(),
            rate,
            div_yield,
            term,
            atm_w,
            smile,
        }
    }

    /// SPX spot, index points.
    #[inline]
    pub fn spot(&self) -> f64 {
        self.spot
    }

    /// Risk-free rate, continuously compounded annual fraction.
    #[inline]
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Dividend yield, continuously compounded annual fraction.
    #[inline]
    pub fn div_yield(&self) -> f64 {
        self.div_yield
    }

    /// The VIX-family curve behind the surface.
    #[inline]
    pub fn term(&self) -> &VixTermStructure {
        &self.term
    }

    /// Which VIX-family indices were real on the day (the fallback flag).
    #[inline]
    pub fn term_source(&self) -> TermSource {
        self.term.source()
    }

    /// The smile parameters.
    #[inline]
    pub fn smile_params(&self) -> &SmileParams {
        &self.smile
    }

    /// Forward level `S e^{(r - q) T}` for `t_years` (index points).
    #[inline]
    pub fn forward(&self, t_years: f64) -> f64 {
        self.spot * ((self.rate - self.div_yield) * t_years.max(0.0)).exp()
    }

    #[inline]
    fn slice(&self, t: f64) -> SmileSlice {
        self.smile.slice(
            self.term.total_variance(t),
            interpolate_nodes(&self.atm_w, t),
            t,
        )
    }

    #[inline]
    fn clamp_t(t_years: f64) -> f64 {
        if t_years.is_finite() {
            t_years.max(MIN_T_YEARS)
        } else {
            MIN_T_YEARS
        }
    }

    /// ATM (strike = forward) implied vol for `t_years` (annualised fraction).
    #[inline]
    pub fn atm_vol(&self, t_years: f64) -> f64 {
        let t = Self::clamp_t(t_years);
        self.slice(t).atm_vol
    }

    /// Implied vol at `strike` (index points) for `t_years`: positive and finite for every
    /// input (a non-finite or non-positive strike gets the ATM vol; `t_years` below one hour
    /// is treated as one hour).
    #[inline]
    pub fn iv(&self, strike: f64, t_years: f64) -> f64 {
        let t = Self::clamp_t(t_years);
        let s = self.slice(t);
        if !(strike.is_finite() && strike > 0.0) {
            return s.atm_vol;
        }
        let ln_kf = strike.ln() - self.ln_spot - (self.rate - self.div_yield) * t;
        self.smile.vol(&s, ln_kf)
    }

    /// The tenor-only part of the surface at `t_years` (smile slice, forward, discount
    /// factors), for pricing several strikes of one expiry with [`SpxSurface::price_iv`]: the
    /// term-structure interpolation and the smile coefficients are computed once per expiry
    /// instead of once per strike.
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] for a `t_years` outside `[0, 100]`.
    #[inline]
    pub fn tenor(&self, t_years: f64) -> Result<SpxTenor> {
        let market = bsm::BsmMarket::new(self.spot, t_years, self.rate, self.div_yield)?;
        let t = Self::clamp_t(t_years);
        Ok(SpxTenor {
            slice: self.slice(t),
            smile_carry: (self.rate - self.div_yield) * t,
            market,
        })
    }

    /// Price (index points) and implied vol (annual fraction) of one strike of `tenor`'s
    /// expiry: the vol is exactly [`SpxSurface::iv`]'s, the price BSM at that vol, sharing one
    /// logarithm of the strike between the smile and the pricer.
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] for a non-positive or non-finite strike.
    #[inline]
    pub fn price_iv(
        &self,
        tenor: &SpxTenor,
        right: OptionRight,
        strike: f64,
    ) -> Result<(f64, f64)> {
        ensure_input!(
            strike.is_finite() && strike > 0.0,
            "strike",
            strike,
            "a finite number > 0"
        );
        let ln_k_s = strike.ln() - self.ln_spot;
        let vol = self.smile.vol(&tenor.slice, ln_k_s - tenor.smile_carry);
        let price = tenor.market.price_given_ln_forward_strike(
            right,
            strike,
            tenor.market.carry() - ln_k_s,
            vol,
        )?;
        Ok((price, vol))
    }

    /// The BSM vol that reprices `price` (index points) for `right` at `strike` and `t_years`
    /// on this surface's spot, rate and dividend yield: a quote's own implied vol, such as a
    /// chain mid's.
    ///
    /// # Errors
    /// As [`crate::implied_vol::bsm_implied_vol`].
    pub fn implied_vol(
        &self,
        right: OptionRight,
        strike: f64,
        t_years: f64,
        price: f64,
    ) -> Result<f64> {
        crate::implied_vol::bsm_implied_vol(&self.bsm_inputs(right, strike, t_years, 0.2), price)
    }

    /// BSM inputs of `right` at `strike` and `t_years` on this surface's spot, rate and
    /// dividend yield, at `vol`.
    fn bsm_inputs(&self, right: OptionRight, strike: f64, t_years: f64, vol: f64) -> BsmInputs {
        BsmInputs {
            right,
            spot: self.spot,
            strike,
            t_years,
            rate: self.rate,
            div_yield: self.div_yield,
            vol,
        }
    }

    /// Model price and greeks (BSM at the smile vol of the strike).
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] for a non-positive strike or a `t_years` outside
    /// `[0, 100]`.
    pub fn quote(&self, right: OptionRight, strike: f64, t_years: f64) -> Result<Quote> {
        ensure_input!(
            strike.is_finite() && strike > 0.0,
            "strike",
            strike,
            "a finite number > 0"
        );
        ensure_input!(
            t_years.is_finite() && (0.0..=bsm::MAX_T_YEARS).contains(&t_years),
            "t_years",
            t_years,
            "a number of years in [0, 100]"
        );
        let iv = self.iv(strike, t_years);
        let g = bsm::greeks(&self.bsm_inputs(right, strike, t_years, iv))?;
        Ok(Quote {
            price: g.price,
            iv,
            delta: g.delta,
            gamma: g.gamma,
            vega: g.vega,
            theta: g.theta,
        })
    }

    /// Model price only (BSM at the smile vol of the strike), index points.
    ///
    /// # Errors
    /// As [`SpxSurface::quote`].
    pub fn price(&self, right: OptionRight, strike: f64, t_years: f64) -> Result<f64> {
        ensure_input!(
            strike.is_finite() && strike > 0.0,
            "strike",
            strike,
            "a finite number > 0"
        );
        bsm::price(&self.bsm_inputs(right, strike, t_years, self.iv(strike, t_years)))
    }

    /// Strike (index points, not snapped) whose BSM spot delta at its own smile vol has
    /// absolute value `delta`: `e^{-qT} N(d1) = delta` for a call, `e^{-qT} N(-d1) = delta` for
    /// a put. Solved in normalised moneyness by safeguarded Newton iteration (the smile makes
    /// the delta depend on the strike through the vol as well).
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] for `delta` outside `(0, e^{-qT})` or a
    /// non-positive `t_years`.
    pub fn strike_for_delta_unsnapped(
        &self,
        right: OptionRight,
        delta: f64,
        t_years: f64,
    ) -> Result<f64> {
        ensure_input!(
            t_years.is_finite() && t_years > 0.0 && t_years <= bsm::MAX_T_YEARS,
            "t_years",
            t_years,
            "a number of years in (0, 100]"
        );
        let df_q = (-self.div_yield * t_years).exp();
        ensure_input!(
            delta.is_finite() && delta > 0.0 && delta < df_q,
            "delta",
            delta,
            "an absolute delta in (0, exp(-q T))"
        );
        let p = delta / df_q;
        // Target d1: N(d1) = p for a call, N(-d1) = p for a put.
        let d1 = match right {
            OptionRight::Call => inv_norm_cdf(p),
            OptionRight::Put => -inv_norm_cdf(p),
        };
        let t = t_years.max(MIN_T_YEARS);
        let s = self.slice(t);
        let total_atm = s.atm_vol * t.sqrt();
        let x = solve_x_for_d1(&self.smile, &s, total_atm, d1);
        let k = self.forward(t) * (x * total_atm).exp();
        if k.is_finite() && k > 0.0 {
            Ok(k)
        } else {
            Err(crate::PricingError::InvalidInput {
                name: "delta",
                value: delta,
                expected: "a delta whose strike is a finite positive number",
            })
        }
    }
}

impl SpxSurface {
    /// Strike whose (smile-consistent) absolute BSM spot delta is `delta`, snapped to the
    /// listed strike grid of `date` (index points). See
    /// [`SpxSurface::strike_for_delta_unsnapped`] for the delta convention.
    ///
    /// # Errors
    /// As [`SpxSurface::strike_for_delta_unsnapped`], plus grid errors.
    pub fn strike_for_delta(
        &self,
        right: OptionRight,
        delta: f64,
        t_years: f64,
        grid: &StrikeGrid,
        date: NaiveDate,
    ) -> Result<f64> {
        let k = self.strike_for_delta_unsnapped(right, delta, t_years)?;
        grid.snap(k, self.spot, date)
    }
}

/// `d1(x) = -x / m(x) + m(x) total_atm / 2` for the smile slice; returns the `x` where
/// `d1(x) = target` (d1 decreases in x), by Newton steps inside a shrinking bracket.
fn solve_x_for_d1(p: &SmileParams, s: &SmileSlice, total_atm: f64, target: f64) -> f64 {
    let d1 = |x: f64| {
        let m = p.multiplier(s, x);
        -x / m + 0.5 * m * total_atm
    };
    let (mut lo, mut hi) = (-p.x_max_put * 4.0 - 20.0, p.x_max_call * 4.0 + 20.0);
    // Flat-smile guess: x = -d1 (ignoring the small total-vol term).
    let mut x = (-target).clamp(lo, hi);
    for _ in 0..100 {
        let f = d1(x) - target;
        if f.abs() < 1e-12 {
            return x;
        }
        if f > 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let h = 1e-6 * (1.0 + x.abs());
        let fp = (d1(x + h) - d1(x - h)) / (2.0 * h);
        let newton = x - f / fp;
        x = if fp < 0.0 && newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        if hi - lo < 1e-13 {
            break;
        }
    }
    x
}
