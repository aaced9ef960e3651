//! Black-76: European options on a forward or future (VIX options on the VX future of the
//! same expiry), premium paid at the trade and discounted at `rate`.
//!
//! Conventions as in [`crate::bsm`]: `t_years` in calendar days / 365, `rate` continuously
//! compounded, `vol` annualised as a fraction; prices in the units of the forward (VIX points;
//! x 100 for the USD value of one VIX option). The degenerate limits (`t_years == 0` or
//! `vol == 0`) give the discounted intrinsic value `e^{-rT} max(omega (F - K), 0)`.
//!
//! Greeks hold the forward fixed: `delta` is `dV/dF` (discounted, `omega e^{-rT} N(omega d1)`),
//! theta is `-dV/dT = r V - e^{-rT} F phi(d1) vol / (2 sqrt T)`, rho is `-T V`.

use crate::black::{kernel, price_n};
use crate::bsm::{validate_market, validate_vol};
use crate::error::{Result, ensure_input};
use crate::greeks::Greeks;
use crate::right::OptionRight;

/// Inputs of one Black-76 valuation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Black76Inputs {
    /// Call or put.
    pub right: OptionRight,
    /// Forward (futures) price of the underlying at expiry, finite and > 0 (VIX points).
    pub forward: f64,
    /// Strike, finite and > 0 (same units as the forward).
    pub strike: f64,
    /// Time to expiry in years of calendar time (calendar days / 365), in `[0, 100]`.
    pub t_years: f64,
    /// Continuously compounded discount rate, annual fraction, in `[-1, 1]`.
    pub rate: f64,
    /// Annualised volatility of the forward as a fraction, in `[0, 100]`.
    pub vol: f64,
}

impl Black76Inputs {
    /// Check every field against its accepted range.
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] naming the first offending field.
    pub fn validate(&self) -> Result<()> {
        ensure_input!(
            self.forward.is_finite() && self.forward > 0.0,
            "forward",
            self.forward,
            "a finite number > 0"
        );
        validate_market(1.0, self.strike, self.t_years, self.rate, 0.0)?;
        validate_vol(self.vol)
    }

    /// `vol * sqrt(t_years)`.
    #[inline]
    pub fn total_vol(&self) -> f64 {
        self.vol * self.t_years.sqrt()
    }
}

#[derive(Clone, Copy)]
struct Setup {
    omega: f64,
    sqrt_t: f64,
    s: f64,
    df: f64,
    ln_fk: f64,
}

#[inline]
fn setup(i: &Black76Inputs) -> Result<Setup> {
    i.validate()?;
    let sqrt_t = i.t_years.sqrt();
    Ok(Setup {
        omega: i.right.sign(),
        sqrt_t,
        s: i.vol * sqrt_t,
        df: (-i.rate * i.t_years).exp(),
        ln_fk: (i.forward / i.strike).ln(),
    })
}

/// Discounted option price (forward units).
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
#[inline]
pub fn price(i: &Black76Inputs) -> Result<f64> {
    let u = setup(i)?;
    Ok(u.df * price_n(u.omega, i.forward, i.strike, u.ln_fk, u.s).0)
}

/// Price and discounted forward delta together.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
#[inline]
pub fn price_delta(i: &Black76Inputs) -> Result<(f64, f64)> {
    let u = setup(i)?;
    let (p, n1, _) = price_n(u.omega, i.forward, i.strike, u.ln_fk, u.s);
    Ok((u.df * p, u.omega * u.df * n1))
}

/// Discounted forward delta `omega e^{-rT} N(omega d1)`, per 1.00 of forward.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
#[inline]
pub fn delta_forward(i: &Black76Inputs) -> Result<f64> {
    Ok(price_delta(i)?.1)
}

/// All greeks in one pass.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
#[inline]
pub fn greeks(i: &Black76Inputs) -> Result<Greeks> {
    let u = setup(i)?;
    let k = kernel(u.omega, i.forward, i.strike, u.ln_fk, u.s);
    let price = u.df * k.price;
    let (gamma, vega, decay) = if k.pdf1 > 0.0 {
        let vega = u.df * i.forward * k.pdf1 * u.sqrt_t;
        (
            u.df * k.pdf1 / (i.forward * u.s),
            vega,
            vega * i.vol / (2.0 * i.t_years),
        )
    } else {
        (0.0, 0.0, 0.0)
    };
    Ok(Greeks {
        price,
        delta: u.omega * u.df * k.n1,
        gamma,
        vega,
        theta: i.rate * price - decay,
        rho: -i.t_years * price,
    })
}

/// Vega per 1.00 of vol: `e^{-rT} F phi(d1) sqrt T`.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
pub fn vega(i: &Black76Inputs) -> Result<f64> {
    Ok(greeks(i)?.vega)
}

/// Gamma per 1.00 of forward squared: `e^{-rT} phi(d1) / (F vol sqrt T)`.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
pub fn gamma(i: &Black76Inputs) -> Result<f64> {
    Ok(greeks(i)?.gamma)
}

/// Theta per year of calendar time, forward held fixed.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] when an input is outside its range.
pub fn theta(i: &Black76Inputs) -> Result<f64> {
    Ok(greeks(i)?.theta)
}
