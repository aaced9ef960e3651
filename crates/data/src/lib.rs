//! # ringfence-data
//!
//! Daily market history for the ringfence backtester:
//!
//! - readers for every publisher format in `../shared/data` ([`formats`]: Cboe index files,
//!   Stooq / Yahoo / yfinance SPX, FRED DTB3, Cboe CFE VX per-contract files old and new,
//!   Quandl continuous and VX1-VX8 files, a user's SPX settlement values `DATE,SET` and
//!   dividend yields `DATE,DIV_YIELD`),
//!   detected from the header ([`formats::detect`]), with each publisher quirk handled on
//!   purpose;
//! - checks ([`check`]): each file on its own ([`check::file`]: duplicates, gaps, OHLC
//!   violations, non-positive and implausibly large values, jumps), files against each other,
//!   and the `ringfence data check` report;
//! - limits: a file larger than [`LoadOptions::max_file_bytes`] (256 MiB by default) or not a
//!   regular file is refused before it is read; symlink loops in a data directory are
//!   listed once;
//! - alignment into one [`MarketHistory`] on the SPX trading calendar, with every fill and
//!   dropped row counted;
//! - end-of-day option chains ([`chains`]: the DataShop, vendor and OTM-extract layouts,
//!   their defects, and the [`chains::ChainBook`] the engine prices from);
//! - a synthetic history generator ([`synth`]) writing the same publisher formats;
//! - how much of the day's move the SPX Open holds, year by year ([`opens`]: first prints
//!   against opening levels);
//! - a deterministic, versioned random number generator ([`rng`]);
//! - the config's calendar dates ([`serde_date`]: a TOML date or a `YYYY-MM-DD` string).

pub mod align;
pub mod calendar;
pub mod chains;
pub mod check;
pub mod contract;
pub mod error;
pub mod finding;
pub mod formats;
pub mod history;
pub mod load;
pub mod opens;
pub mod rng;
pub mod scan;
pub mod serde_date;
pub mod stats;
pub mod synth;
pub mod vx_merge;

pub use check::{CheckReport, check_dir, check_files};
pub use error::{DataError, Result};
pub use history::{MarketHistory, Ohlc, Series, SourceInfo, VxContract, VxSettles};
pub use load::{LoadOptions, load_dir};
