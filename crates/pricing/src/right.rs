//! Option right: call or put.

use serde::{Deserialize, Serialize};

/// The right an option conveys: to buy (call) or to sell (put) the underlying at the strike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OptionRight {
    /// Right to buy.
    Call,
    /// Right to sell.
    Put,
}

impl OptionRight {
    /// `+1.0` for a call, `-1.0` for a put (the `omega` of the textbook formulas).
    #[inline]
    pub fn sign(self) -> f64 {
        match self {
            OptionRight::Call => 1.0,
            OptionRight::Put => -1.0,
        }
    }

    /// Intrinsic value `max(omega (underlying - strike), 0)`, in the units of the inputs.
    #[inline]
    pub fn intrinsic(self, underlying: f64, strike: f64) -> f64 {
        (self.sign() * (underlying - strike)).max(0.0)
    }

    /// Lowercase name, `"call"` or `"put"`.
    pub fn as_str(self) -> &'static str {
        match self {
            OptionRight::Call => "call",
            OptionRight::Put => "put",
        }
    }
}

impl std::fmt::Display for OptionRight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for OptionRight {
    type Err = crate::PricingError;

    /// Parses `call`/`c` or `put`/`p`, case-insensitive.
    fn from_str(s: &str) -> crate::Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "call" | "c" => Ok(OptionRight::Call),
            "put" | "p" => Ok(OptionRight::Put),
            _ => Err(crate::PricingError::InvalidConfig {
                key: "option right".to_owned(),
                value: s.to_owned(),
                expected: "`call` or `put`",
            }),
        }
    }
}
