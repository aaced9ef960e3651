//! The crate's error type and `Result` alias.

use chrono::NaiveDate;

/// Everything that can go wrong in `ringfence-pricing`.
///
/// Pricing functions never return NaN: an input outside the accepted range is reported here
/// with its name, its value and the accepted range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PricingError {
    /// A numeric input is NaN, infinite or outside its accepted range.
    #[error("invalid {name} = {value}: expected {expected}")]
    InvalidInput {
        /// Name of the argument (`spot`, `strike`, `vol`, `t_years`, ...).
        name: &'static str,
        /// The value received.
        value: f64,
        /// The accepted range, in words (`a finite number > 0`).
        expected: &'static str,
    },
    /// An option price given to an implied-volatility solver lies outside the no-arbitrage
    /// bounds of the model, so no volatility reproduces it.
    #[error(
        "option price {price} is outside the no-arbitrage bounds [{lower}, {upper}] \
         (lower = discounted intrinsic value, upper = discounted spot/forward or strike)"
    )]
    PriceOutsideBounds {
        /// The price received (same units as the strike).
        price: f64,
        /// Lower bound: discounted intrinsic value.
        lower: f64,
        /// Upper bound: discounted underlying (calls) or discounted strike (puts).
        upper: f64,
    },
    /// The implied-volatility iteration did not meet its tolerance (should not happen for
    /// prices inside the bounds; reported rather than returning an inaccurate number).
    #[error("implied volatility did not converge for price {price} (last vol {last_vol})")]
    NoConvergence {
        /// The price received.
        price: f64,
        /// The last iterate (annualised vol as a fraction).
        last_vol: f64,
    },
    /// A date lies outside the range covered by the precomputed calendars.
    #[error("date {date} is outside the supported calendar range {first}..={last}")]
    DateOutOfRange {
        /// The date received.
        date: NaiveDate,
        /// First supported date.
        first: NaiveDate,
        /// Last supported date.
        last: NaiveDate,
    },
    /// No listed expiry matches the request.
    #[error(
        "no listed SPX expiry between {min_dte} and {max_dte} calendar days after {date}{}",
        if *monthly_only { " (monthlies only)" } else { "" }
    )]
    NoListedExpiry {
        /// Trade date of the request.
        date: NaiveDate,
        /// Minimum days to expiry accepted (calendar days).
        min_dte: u32,
        /// Maximum days to expiry accepted (calendar days).
        max_dte: u32,
        /// Whether only monthly (third-Friday) expiries were considered.
        monthly_only: bool,
    },
    /// A configuration value is outside its accepted range.
    #[error("invalid configuration value {key} = {value}: expected {expected}")]
    InvalidConfig {
        /// Dotted key of the setting (`costs.spx_option.commission_usd`).
        key: String,
        /// The value received, as text.
        value: String,
        /// The accepted range, in words.
        expected: &'static str,
    },
    /// A file could not be read (calibration inputs).
    #[error("cannot read {path}: {message}")]
    Io {
        /// Path as given.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// A calibration file was read but holds nothing the calibration can use.
    #[error("{path}: {message}")]
    NothingToUse {
        /// Path as given.
        path: String,
        /// What the file lacks.
        message: String,
    },
    /// A calibration file has a malformed row.
    #[error("{path}, line {line}, column {column}: {message}")]
    Parse {
        /// Path as given.
        path: String,
        /// 1-based line number.
        line: usize,
        /// Column name.
        column: String,
        /// What was wrong.
        message: String,
    },
    /// No strike in the range searched has the delta asked for: the model's smile keeps
    /// every delta there on one side of it (a VIX call wing that steepens with the strike
    /// in a spike can hold the call's delta above 0.10 out to 20 times the future).
    #[error(
        "no {what} strike from {low:.2} to {high:.2} has absolute delta {delta}: the model's \
         absolute deltas there run from {min_delta:.4} to {max_delta:.4}"
    )]
    DeltaOutOfReach {
        /// The option asked for (`VIX call`).
        what: &'static str,
        /// The absolute delta asked for.
        delta: f64,
        /// The lowest strike searched.
        low: f64,
        /// The highest strike searched.
        high: f64,
        /// The smallest absolute delta over the range.
        min_delta: f64,
        /// The largest absolute delta over the range.
        max_delta: f64,
    },
    /// The market history lacks a value the request needs (a date outside the data, a
    /// settlement day not in the history, an expired contract).
    #[error("no market data for {what} on {date}")]
    MissingData {
        /// What was asked for (`SPX open for the 2020-04-17 settlement`, `VX 2020-04-15`).
        what: String,
        /// The date concerned.
        date: NaiveDate,
    },
}

/// `Result` with [`PricingError`].
pub type Result<T> = std::result::Result<T, PricingError>;

/// Return `Err(PricingError::InvalidInput { .. })` unless `$cond` holds.
macro_rules! ensure_input {
    ($cond:expr, $name:expr, $value:expr, $expected:expr) => {
        if !($cond) {
            return Err($crate::error::PricingError::InvalidInput {
                name: $name,
                value: $value,
                expected: $expected,
            });
        }
    };
}
pub(crate) use ensure_input;
