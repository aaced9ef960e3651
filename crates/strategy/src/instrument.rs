//! Tradable instruments: SPX options (monthly AM-settled and PM-settled weeklies), VIX
//! options, VX futures and a synthetic SPX index position.
//!
//! An [`Instrument`] is a small `Copy` value with a total order, used as the key of the
//! per-day mark cache: two layouts holding the same option price it once.

use chrono::NaiveDate;
use ringfence_pricing::OptionRight;
use ringfence_pricing::expiry::{Expiry, Settlement};
use serde::{Deserialize, Serialize};

pub use ringfence_pricing::costs::Product;

/// USD per index point of one SPX option contract (and of one synthetic index unit).
pub const SPX_MULTIPLIER: f64 = 100.0;
/// USD per VIX point of one VIX option contract.
pub const VIX_OPTION_MULTIPLIER: f64 = 100.0;
/// USD per VIX point of one VX futures contract.
pub const VX_MULTIPLIER: f64 = 1_000.0;

/// A strike in hundredths of a point, so instruments compare and hash exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Strike(u32);

impl Strike {
    /// A strike from points (index or VIX points), rounded to 0.01 point; `None` when the
    /// value is not a finite positive number below 40 million points.
    pub fn from_points(points: f64) -> Option<Strike> {
        let c = (points * 100.0).round();
        (points.is_finite() && (1.0..4.0e9).contains(&c)).then_some(Strike(c as u32))
    }

    /// The strike in points.
    pub fn points(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

/// One instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Instrument {
    /// SPX option.
    SpxOption {
        /// Listed expiry (date, monthly/weekly, AM/PM settlement).
        expiry: Expiry,
        /// Call or put.
        right: OptionRight,
        /// Strike, index points.
        strike: Strike,
    },
    /// VIX option (Black-76 on the same-expiry VX future; settles at VRO).
    VixOption {
        /// VIX expiration date.
        expiry: NaiveDate,
        /// Call or put.
        right: OptionRight,
        /// Strike, VIX points.
        strike: Strike,
    },
    /// VX future (settles at VRO on its VIX expiration date).
    VxFuture {
        /// VIX expiration date of the contract.
        expiry: NaiveDate,
    },
    /// 100 x the SPX index, marked at the close, earning the model dividend yield.
    SpxIndex,
}

impl Instrument {
    /// Product class.
    pub fn product(&self) -> Product {
        match self {
            Instrument::SpxOption { .. } => Product::SpxOption,
            Instrument::VixOption { .. } => Product::VixOption,
            Instrument::VxFuture { .. } => Product::VxFuture,
            Instrument::SpxIndex => Product::SpxIndex,
        }
    }

    /// USD per point of price per contract.
    pub fn multiplier(&self) -> f64 {
        self.product().multiplier()
    }

    /// Last trading / settlement date; `None` for the index position.
    pub fn expiry_date(&self) -> Option<NaiveDate> {
        match self {
            Instrument::SpxOption { expiry, .. } => Some(expiry.date),
            Instrument::VixOption { expiry, .. } | Instrument::VxFuture { expiry } => Some(*expiry),
            Instrument::SpxIndex => None,
        }
    }

    /// Option right, for options.
    pub fn right(&self) -> Option<OptionRight> {
        match self {
            Instrument::SpxOption { right, .. } | Instrument::VixOption { right, .. } => {
                Some(*right)
            }
            _ => None,
        }
    }

    /// Strike in points, for options.
    pub fn strike(&self) -> Option<f64> {
        match self {
            Instrument::SpxOption { strike, .. } | Instrument::VixOption { strike, .. } => {
                Some(strike.points())
            }
            _ => None,
        }
    }

    /// A unique 64-bit encoding (product, right, settlement, expiry day, strike in cents),
    /// for fast cache lookups: two instruments are equal exactly when their keys are.
    pub fn key(&self) -> u64 {
        use chrono::Datelike;
        let day = |d: NaiveDate| (d.num_days_from_ce().max(0) as u64) & 0xF_FFFF;
        let right = |r: OptionRight| u64::from(r == OptionRight::Put);
        match self {
            Instrument::SpxIndex => 0,
            Instrument::VxFuture { expiry } => 1 << 62 | day(*expiry) << 32,
            Instrument::VixOption {
                expiry,
                right: r,
                strike,
            } => 2 << 62 | right(*r) << 61 | day(*expiry) << 32 | u64::from(strike.0),
            Instrument::SpxOption {
                expiry,
                right: r,
                strike,
            } => {
                let pm = u64::from(expiry.settlement == Settlement::PmClose);
                3 << 62 | right(*r) << 61 | pm << 60 | day(expiry.date) << 32 | u64::from(strike.0)
            }
        }
    }

    /// The key of the instrument's expiry: [`Instrument::key`] without the right and the
    /// strike, so every option of one expiry (and product, and settlement style) shares it.
    pub fn expiry_key(&self) -> u64 {
        (self.key() & !(1 << 61)) >> 32
    }

    /// True for options (SPX or VIX).
    pub fn is_option(&self) -> bool {
        matches!(
            self,
            Instrument::SpxOption { .. } | Instrument::VixOption { .. }
        )
    }
}

impl std::fmt::Display for Instrument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = |r: &OptionRight| match r {
            OptionRight::Call => "C",
            OptionRight::Put => "P",
        };
        match self {
            Instrument::SpxOption {
                expiry,
                right,
                strike,
            } => {
                let root = match expiry.settlement {
                    Settlement::AmOpen => "SPX",
                    Settlement::PmClose => "SPXW",
                };
                write!(f, "{root} {} {} {}", expiry.date, r(right), strike.points())
            }
            Instrument::VixOption {
                expiry,
                right,
                strike,
            } => write!(f, "VIX {expiry} {} {}", r(right), strike.points()),
            Instrument::VxFuture { expiry } => write!(f, "VX {expiry}"),
            Instrument::SpxIndex => f.write_str("SPX index"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ringfence_pricing::expiry::ExpiryKind;

    #[test]
    fn keys_tell_every_field_apart() {
        let date = NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
        let e = |settlement| Expiry {
            date,
            kind: ExpiryKind::Monthly,
            settlement,
        };
        let k = |p: f64| Strike::from_points(p).unwrap();
        let all = [
            Instrument::SpxIndex,
            Instrument::VxFuture { expiry: date },
            Instrument::VixOption {
                expiry: date,
                right: OptionRight::Call,
                strike: k(20.0),
            },
            Instrument::VixOption {
                expiry: date,
                right: OptionRight::Put,
                strike: k(20.0),
            },
            Instrument::VixOption {
                expiry: date,
                right: OptionRight::Call,
                strike: k(20.5),
            },
            Instrument::SpxOption {
                expiry: e(Settlement::AmOpen),
                right: OptionRight::Put,
                strike: k(20.0),
            },
            Instrument::SpxOption {
                expiry: e(Settlement::PmClose),
                right: OptionRight::Put,
                strike: k(20.0),
            },
            Instrument::SpxOption {
                expiry: e(Settlement::AmOpen),
                right: OptionRight::Call,
                strike: k(20.0),
            },
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a.key(), b.key(), "{a} vs {b}");
            }
        }
        assert_eq!(Strike::from_points(4012.25).unwrap().points(), 4012.25);
        assert!(Strike::from_points(f64::NAN).is_none());
        assert!(Strike::from_points(-5.0).is_none());
    }
}
