//! # ringfence-pricing
//!
//! The market model of the ringfence backtester:
//!
//! - [`normal`]: the standard normal CDF, density and inverse to near machine precision
//!   (Cody's erfc, Wichura's AS 241);
//! - [`bsm`]: Black-Scholes-Merton on a spot with continuous dividend yield (SPX options):
//!   price, delta, gamma, vega, theta, rho, all greeks in one pass;
//! - [`black76`]: Black-76 on a forward (VIX options on the VX future);
//! - [`implied_vol`]: implied volatility for both models, with a typed error for prices
//!   outside the no-arbitrage bounds;
//! - [`strike`]: strike for a target delta in closed form, snapped to the listed strike grid;
//! - [`expiry`]: listed SPX expiries by listing history (monthly AM-settled, weeklies) and
//!   VIX expiration dates, on the NYSE calendar of `ringfence_data::calendar`;
//! - [`spread`]: the bid-ask half-spread of an option leg from its mid, the VIX level and
//!   days to expiry, fitted on real chains;
//! - [`costs`]: commissions, exchange fees and slippage by product (a fraction of the
//!   modelled half-spread, the whole of it in forced liquidations, or the flat rule).
//!
//! Conventions everywhere: time to expiry in calendar days / 365, rates and yields
//! continuously compounded annual fractions, volatilities annualised fractions (0.20 = 20%),
//! prices in the units of the strike (index or VIX points) per unit of underlying. No pricing
//! function returns NaN: invalid inputs are a [`PricingError`].

pub mod black76;
pub mod bsm;
pub mod calibrate;
pub mod costs;
pub mod error;
pub mod expiry;
pub mod greeks;
pub mod implied_vol;
pub mod model;
pub mod normal;
pub mod quote;
pub mod right;
pub mod smile;
pub mod spread;
pub mod strike;
pub mod surface;
pub mod term;
pub mod vix_options;
pub mod vx_curve;

mod black;

pub use error::{PricingError, Result};
pub use greeks::Greeks;
pub use model::{MarketModel, ModelParams, PriceSource, Settlement, SettlementSource};
pub use right::OptionRight;
pub use spread::{LegQuote, SpreadCoefficients};
pub use surface::{Quote, SpxSurface, SpxTenor};
