//! Black-Scholes-Merton: European options on a spot paying a continuous dividend yield
//! (SPX options on the index).
//!
//! Conventions: time `t_years` in calendar days / 365; `rate` and `div_yield` continuously
//! compounded annual fractions (0.05 = 5%); `vol` annualised as a fraction (0.20 = 20%);
//! prices in index points per unit of index (x 100 for the USD value of one SPX contract).
//!
//! [`BsmMarket`] prepares the strike-independent part once (discount factors, sqrt T) for
//! pricing many strikes of one expiry; the free functions go through it.
//!
//! Degenerate limits are defined, not errors: with `t_years == 0` or `vol == 0` the option is
//! worth its discounted forward intrinsic value `max(omega (S e^{-qT} - K e^{-rT}), 0)`, delta is
//! a step (`omega e^{-qT}` in the money, half that exactly at the forward, 0 out of the money),
//! gamma and vega are 0, and theta and rho are those of the deterministic payoff.
//!
//! ```
//! use ringfence_pricing::{bsm::{self, BsmInputs}, OptionRight};
//! let inputs = BsmInputs {
//!     right: OptionRight::Put, spot: 3000.0, strike: 2800.0, t_years: 30.0 / 365.0,
//!     rate: 0.01, div_yield: 0.018, vol: 0.25,
//! };
//! let g = bsm::greeks(&inputs)?;
//! assert!(g.delta < 0.0 && g.delta > -0.5);
//! # Ok::<(), ringfence_pricing::PricingError>(())
//! ```

use crate::black::{kernel, price_n};
use crate::error::{Result, ensure_input};
use crate::greeks::Greeks;
use crate::right::OptionRight;

/// Largest accepted `t_years` (100 years).
pub const MAX_T_YEARS: f64 = 100.0;
/// Largest accepted `vol` (10,000% a year).
pub const MAX_VOL: f64 = 100.0;
/// Largest accepted absolute `rate` or `div_yield` (100% a year).
pub const MAX_ABS_RATE: f64 = 1.0;

/// Inputs of one BSM valuation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BsmInputs {
    /// Call or put.
    pub right: OptionRight,
    /// Spot level of the underlying (index points), finite and > 0.
    pub spot: f64,
    /// Strike (index points), finite and > 0.
    pub strike: f64,
    /// Time to expiry in years of calendar time (calendar days / 365), in `[0, 100]`.
    pub t_years: f64,
    /// Continuously compounded risk-free rate, annual fraction, in `[-1, 1]`.
    pub rate: f64,
    /// Continuously compounded dividend yield, annual fraction, in `[-1, 1]`.
    pub div_yield: f64,
    /// Annualised volatility as a fraction (0.20 = 20%), in `[0, 100]`.
    pub vol: f64,
}

impl BsmInputs {
    /// Check every field against its accepted range.
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] naming the first offending field.
    pub fn validate(&self) -> Result<()> {
        validate_market(
            self.spot,
            self.strike,
            self.t_years,
            self.rate,
            self.div_yield,
        )?;
        validate_vol(self.vol)
    }

    /// `vol * sqrt(t_years)`, the standard deviation of log-returns to expiry.
    #[inline]
    pub fn total_vol(&self) -> f64 {
        self.vol * self.t_years.sqrt()
    }

    /// Forward level `S e^{(r - q) T}` (index points).
    #[inline]
    pub fn forward(&self) -> f64 {
        self.spot * ((self.rate - self.div_yield) * self.t_years).exp()
    }
}

/// Validate the market part of the inputs (everything but the volatility).
pub(crate) fn validate_market(spot: f64, strike: f64, t: f64, rate: f64, q: f64) -> Result<()> {
    ensure_input!(
        spot.is_finite() && spot > 0.0,
        "spot",
        spot,
        "a finite number > 0"
    );
    ensure_input!(
        strike.is_finite() && strike > 0.0,
        "strike",
        strike,
        "a finite number > 0"
    );
    ensure_input!(
        (0.0..=MAX_T_YEARS).contains(&t),
        "t_years",
        t,
        "a number of years in [0, 100]"
    );
    ensure_input!(
        (-MAX_ABS_RATE..=MAX_ABS_RATE).contains(&rate),
        "rate",
        rate,
        "an annual fraction in [-1, 1]"
    );
    ensure_input!(
        (-MAX_ABS_RATE..=MAX_ABS_RATE).contains(&q),
        "div_yield",
        q,
        "an annual fraction in [-1, 1]"
    );
    Ok(())
}

/// Validate a volatility input.
pub(crate) fn validate_vol(vol: f64) -> Result<()> {
    ensure_input!(
        (0.0..=MAX_VOL).contains(&vol),
        "vol",
        vol,
        "an annualised fraction in [0, 100]"
    );
    Ok(())
}

/// The strike-independent part of a BSM valuation (spot, tenor, rate, dividend yield) with
/// its square root and exponentials computed once: pricing several strikes of one expiry
/// through it costs one log and one Gaussian exp per strike instead of four transcendental
/// calls. Results are identical to the free functions, which go through it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BsmMarket {
    spot: f64,
    t_years: f64,
    rate: f64,
    div_yield: f64,
    sqrt_t: f64,
    df_r: f64,
    df_q: f64,
    /// `S e^{-qT}`.
    fd: f64,
    /// `(r - q) T`.
    carry: f64,
}

/// Per-strike quantities.
#[derive(Clone, Copy)]
struct Strike {
    omega: f64,
    s: f64,
    kd: f64,
    ln_fk: f64,
}

impl BsmMarket {
    /// Validate and prepare the market inputs (ranges as in [`BsmInputs`]).
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] naming the first offending argument.
    #[inline]
    pub fn new(spot: f64, t_years: f64, rate: f64, div_yield: f64) -> Result<Self> {
        validate_market(spot, 1.0, t_years, rate, div_yield)?;
        let df_q = (-div_yield * t_years).exp();
        Ok(BsmMarket {
            spot,
            t_years,
            rate,
            div_yield,
            sqrt_t: t_years.sqrt(),
            df_r: (-rate * t_years).exp(),
            df_q,
            fd: spot * df_q,
            carry: (rate - div_yield) * t_years,
        })
    }

    /// Spot level (index points).
    pub fn spot(&self) -> f64 {
        self.spot
    }

    /// Time to expiry (calendar days / 365).
    pub fn t_years(&self) -> f64 {
        self.t_years
    }

    /// Forward level `S e^{(r - q) T}` (index points).
    pub fn forward(&self) -> f64 {
        self.fd / self.df_r
    }

    /// Discount factor `e^{-rT}`.
    pub fn discount(&self) -> f64 {
        self.df_r
    }

    #[inline]
    fn strike(&self, right: OptionRight, strike: f64, vol: f64) -> Result<Strike> {
        ensure_input!(
            strike.is_finite() && strike > 0.0,
            "strike",
            strike,
            "a finite number > 0"
        );
        validate_vol(vol)?;
        Ok(Strike {
            omega: right.sign(),
            s: vol * self.sqrt_t,
            kd: strike * self.df_r,
            ln_fk: (self.spot / strike).ln() + self.carry,
        })
    }

    /// `(r - q) T`, the log of forward over spot.
    #[inline]
    pub(crate) fn carry(&self) -> f64 {
        self.carry
    }

    /// [`BsmMarket::price`] with `ln(F / K)` supplied by a caller that already holds the
    /// strike's logarithm.
    #[inline]
    pub(crate) fn price_given_ln_forward_strike(
        &self,
        right: OptionRight,
        strike: f64,
        ln_fk: f64,
        vol: f64,
    ) -> Result<f64> {
        validate_vol(vol)?;
        let omega = right.sign();
        Ok(price_n(omega, self.fd, strike * self.df_r, ln_fk, vol * self.sqrt_t).0)
    }

    /// Option price (index points per unit of index).
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] for an invalid strike or vol.
    #[inline]
    pub fn price(&self, right: OptionRight, strike: f64, vol: f64) -> Result<f64> {
        let k = self.strike(right, strike, vol)?;
        Ok(price_n(k.omega, self.fd, k.kd, k.ln_fk, k.s).0)
    }

    /// Price and spot delta.
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] for an invalid strike or vol.
    #[inline]
    pub fn price_delta(&self, right: OptionRight, strike: f64, vol: f64) -> Result<(f64, f64)> {
        let k = self.strike(right, strike, vol)?;
        let (price, n1, _) = price_n(k.omega, self.fd, k.kd, k.ln_fk, k.s);
        Ok((price, k.omega * self.df_q * n1))
    }

    /// All greeks in one pass.
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] for an invalid strike or vol.
    #[inline]
    pub fn greeks(&self, right: OptionRight, strike: f64, vol: f64) -> Result<Greeks> {
        let k = self.strike(right, strike, vol)?;
        let n = kernel(k.omega, self.fd, k.kd, k.ln_fk, k.s);
        let (gamma, vega, decay) = if n.pdf1 > 0.0 {
            let vega = self.fd * n.pdf1 * self.sqrt_t;
            (
                self.df_q * n.pdf1 / (self.spot * k.s),
                vega,
                vega * vol / (2.0 * self.t_years),
            )
        } else {
            (0.0, 0.0, 0.0)
        };
        Ok(Greeks {
            price: n.price,
            delta: k.omega * self.df_q * n.n1,
            gamma,
            vega,
            theta: -decay + k.omega * (self.div_yield * self.fd * n.n1 - self.rate * k.kd * n.n2),
            rho: k.omega * self.t_years * k.kd * n.n2,
        })
    }
}

#[inline]
fn market(i: &BsmInputs) -> Result<BsmMarket> {
    BsmMarket::new(i.spot, i.t_years, i.rate, i.div_yield)
}

/// Option price (index points per unit of index).
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
#[inline]
pub fn price(i: &BsmInputs) -> Result<f64> {
    market(i)?.price(i.right, i.strike, i.vol)
}

/// Price and spot delta together (the pair a backtest needs most often).
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
#[inline]
pub fn price_delta(i: &BsmInputs) -> Result<(f64, f64)> {
    market(i)?.price_delta(i.right, i.strike, i.vol)
}

/// Spot delta per 1.00 of spot: `e^{-qT} N(d1)` for a call, `-e^{-qT} N(-d1)` for a put.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
#[inline]
pub fn delta(i: &BsmInputs) -> Result<f64> {
    Ok(price_delta(i)?.1)
}

/// All greeks in one pass (one log, two discount exps, one shared Gaussian exp, two `N`).
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
#[inline]
pub fn greeks(i: &BsmInputs) -> Result<Greeks> {
    market(i)?.greeks(i.right, i.strike, i.vol)
}

/// Gamma per 1.00 of spot squared: `e^{-qT} phi(d1) / (S vol sqrt T)`.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
pub fn gamma(i: &BsmInputs) -> Result<f64> {
    Ok(greeks(i)?.gamma)
}

/// Vega per 1.00 of vol: `S e^{-qT} phi(d1) sqrt T`.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
pub fn vega(i: &BsmInputs) -> Result<f64> {
    Ok(greeks(i)?.vega)
}

/// Theta per year of calendar time (`-dV/dT`).
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
pub fn theta(i: &BsmInputs) -> Result<f64> {
    Ok(greeks(i)?.theta)
}

/// Rho per 1.00 of rate: `omega K T e^{-rT} N(omega d2)`.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
pub fn rho(i: &BsmInputs) -> Result<f64> {
    Ok(greeks(i)?.rho)
}
