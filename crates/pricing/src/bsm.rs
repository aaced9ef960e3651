//! Black-Scholes-Merton: European options on a spot paying a continuous dividend yield
//! (SPX options on the index).
//!
//! Conventions: time `t_years` in calendar days / 365; `rate` and `div_yield` continuously
//! compounded annual fractions (0.05 = 5%); `vol` annualised as a fraction (0.20 = 20%);
//! prices in index points per unit of index (x 100 for the USD value of one SPX contract).
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

/// Discount factors and log-moneyness shared by every BSM function.
#[derive(Clone, Copy)]
struct Setup {
    omega: f64,
    sqrt_t: f64,
    s: f64,
    df_q: f64,
    fd: f64,
    kd: f64,
    ln_fk: f64,
}

#[inline]
fn setup(i: &BsmInputs) -> Result<Setup> {
    i.validate()?;
    let sqrt_t = i.t_years.sqrt();
    let df_r = (-i.rate * i.t_years).exp();
    let df_q = (-i.div_yield * i.t_years).exp();
    Ok(Setup {
        omega: i.right.sign(),
        sqrt_t,
        s: i.vol * sqrt_t,
        df_q,
        fd: i.spot * df_q,
        kd: i.strike * df_r,
        ln_fk: (i.spot / i.strike).ln() + (i.rate - i.div_yield) * i.t_years,
    })
}

/// Option price (index points per unit of index).
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
#[inline]
pub fn price(i: &BsmInputs) -> Result<f64> {
    let u = setup(i)?;
    Ok(price_n(u.omega, u.fd, u.kd, u.ln_fk, u.s).0)
}

/// Price and spot delta together (the pair a backtest needs most often).
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
#[inline]
pub fn price_delta(i: &BsmInputs) -> Result<(f64, f64)> {
    let u = setup(i)?;
    let (price, n1, _) = price_n(u.omega, u.fd, u.kd, u.ln_fk, u.s);
    Ok((price, u.omega * u.df_q * n1))
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
    let u = setup(i)?;
    let k = kernel(u.omega, u.fd, u.kd, u.ln_fk, u.s);
    let df_q = u.df_q;
    let delta = u.omega * df_q * k.n1;
    let (gamma, vega, decay) = if k.pdf1 > 0.0 {
        let vega = u.fd * k.pdf1 * u.sqrt_t;
        (
            df_q * k.pdf1 / (i.spot * u.s),
            vega,
            vega * i.vol / (2.0 * i.t_years),
        )
    } else {
        (0.0, 0.0, 0.0)
    };
    let theta = -decay + u.omega * (i.div_yield * u.fd * k.n1 - i.rate * u.kd * k.n2);
    let rho = u.omega * i.t_years * u.kd * k.n2;
    Ok(Greeks {
        price: k.price,
        delta,
        gamma,
        vega,
        theta,
        rho,
    })
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
