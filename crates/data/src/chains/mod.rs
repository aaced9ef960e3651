//! End-of-day option chains: the rows of a chain file, its readers and their checks, and
//! the in-memory book the engine prices from.
//!
//! - [`format`](mod@format): the three layouts read (Cboe DataShop end-of-day, the vendor layout of
//!   `SPX_YYYYMMDD_raw.csv`, the tab-separated OTM extract), detected from the header, read
//!   row by row (streaming: one row in memory at a time);
//! - [`check`]: the defects a chain row can have, counted per defect, and which rows are
//!   kept ([`check::DayValidator`]);
//! - [`book`]: [`ChainBook`], the quotes of the days a run needs, sorted for binary search.
//!
//! The columnar store (Parquet partitioned by quote date) is written and read by the
//! runner crate, which owns polars; this crate knows nothing of it.

pub mod book;
pub mod check;
pub mod format;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use book::{ChainBook, ChainDay, ChainQuote, ExpiryGroup};
pub use check::{ChainDefects, DayValidator, Defect};
pub use format::{ChainFormat, ChainReader, detect_chain_format};

/// Put or call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Right {
    /// Put.
    Put,
    /// Call.
    Call,
}

impl Right {
    /// `P` or `C`.
    pub fn letter(self) -> &'static str {
        match self {
            Right::Put => "P",
            Right::Call => "C",
        }
    }
}

/// The underlying index of an option row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Underlying {
    /// The S&P 500 index (roots SPX, SPXW, SPXPM).
    Spx,
    /// The Cboe Volatility Index (roots VIX, VIXW).
    Vix,
}

impl Underlying {
    /// The underlying of option root `root` (`None` for a root of neither index).
    pub fn of_root(root: &str) -> Option<Underlying> {
        match root {
            "SPX" | "SPXW" | "SPXPM" | "SPXQ" => Some(Underlying::Spx),
            "VIX" | "VIXW" => Some(Underlying::Vix),
            _ => None,
        }
    }

    /// Listed strike increment every strike of this underlying is a multiple of, points
    /// (SPX 5, VIX 0.5).
    pub fn strike_step(self) -> f64 {
        match self {
            Underlying::Spx => 5.0,
            Underlying::Vix => 0.5,
        }
    }
}

/// One quote of one option contract on one quote date, as read from any layout.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainRow {
    /// Quote date (the end of day the quote is from).
    pub quote_date: NaiveDate,
    /// Expiration date.
    pub expiry: NaiveDate,
    /// Option root (`SPX` = AM-settled monthly, `SPXW` = PM-settled, `VIX`, ...).
    pub root: String,
    /// Underlying of the root (of the symbol column for a root not in [`Underlying::of_root`]).
    pub underlying: Underlying,
    /// The root is one of [`Underlying::of_root`]'s (SPX, SPXW, SPXPM, SPXQ, VIX, VIXW).
    pub known_root: bool,
    /// The file's underlying symbol column (where the layout has one) names the root's
    /// underlying.
    pub symbol_matches: bool,
    /// Put or call.
    pub right: Right,
    /// Strike, index points.
    pub strike: f64,
    /// Bid, points per unit of underlying.
    pub bid: f64,
    /// Ask, points per unit of underlying.
    pub ask: f64,
    /// Underlying level the file gives with the quote, points.
    pub underlying_price: f64,
    /// The file's delta (NaN when the layout has none).
    pub delta: f64,
    /// The file's implied volatility, annual fraction (NaN when none or given as 0).
    pub iv: f64,
}

impl ChainRow {
    /// True for an AM-settled root (`SPX`, `VIX`, `VIXW`); PM-settled otherwise (`SPXW`, ...).
    pub fn am_settled(&self) -> bool {
        matches!(self.root.as_str(), "SPX" | "VIX" | "VIXW")
    }
}
