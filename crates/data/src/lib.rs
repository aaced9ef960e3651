//! # ringfence-data
//!
//! Daily market history for the ringfence backtester:
//!
//! - readers for every publisher format in `../shared/data` (Cboe index files, Stooq / Yahoo /
//!   yfinance SPX, FRED DTB3, Cboe CFE VX per-contract files old and new, Quandl continuous
//!   and VX1-VX8 files), detected from the header, with each publisher quirk handled on purpose;
//! - validation ([`validate`]): duplicates, gaps, OHLC violations, non-positive values, jumps;
//! - alignment into one [`MarketHistory`] on the SPX trading calendar, with every fill and
//!   dropped row counted;
//! - a synthetic history generator ([`synth`]) writing the same publisher formats;
//! - a deterministic, versioned random number generator ([`rng`]).

pub mod calendar;
pub mod error;
pub mod history;
pub mod rng;
pub mod shared;

pub use error::{DataError, Result};
pub use history::{MarketHistory, Ohlc, Series, SourceInfo, VxContract, VxSettles};
