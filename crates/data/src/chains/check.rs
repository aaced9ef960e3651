//! The defects of chain rows, counted per defect, and which rows the store keeps.
//!
//! Each row is counted once, under the first defect it has in this order:
//!
//! | defect | row | |
//! |---|---|---|
//! | `holiday_quote_date` | quote date is not an NYSE trading day (a vendor file written on a holiday) | dropped |
//! | `expiry_before_quote_date` | expires before its quote date | dropped |
//! | `negative_quote` | bid or ask below zero | dropped |
//! | `crossed_quote` | bid above ask | dropped |
//! | `zero_bid` | bid of zero: unquoted | dropped |
//! | `unknown_root` | an option root other than SPX, SPXW, SPXPM, SPXQ, VIX, VIXW (e.g. DataShop's `BVZ` rows on `^VIX`) | dropped |
//! | `off_grid_strike` | strike not a positive multiple of the listed increment (SPX 5, VIX 0.5) | dropped |
//! | `underlying_mismatch` | the symbol column names another index than the root | dropped |
//! | `duplicate` | same quote date, root, expiry, right and strike as an earlier row | dropped (the first is kept) |
//! | `underlying_price_mismatch` | underlying level more than 1% from the day's first row of that index | kept |
//!
//! A dropped row is a gap the model fills when a run needs that contract.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::is_trading_day;
use crate::chains::{ChainRow, Underlying};

/// A defect of a chain row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Defect {
    /// Quote date on a day the exchange was closed.
    HolidayQuoteDate,
    /// Expiry before the quote date.
    ExpiryBeforeQuoteDate,
    /// Negative bid or ask.
    NegativeQuote,
    /// Bid above ask.
    CrossedQuote,
    /// Bid of zero (unquoted).
    ZeroBid,
    /// An option root this reader does not price.
    UnknownRoot,
    /// Strike off the listed grid.
    OffGridStrike,
    /// Underlying symbol of another index than the root's.
    UnderlyingMismatch,
    /// A second row of the same contract on the same quote date.
    Duplicate,
    /// Underlying level far from the day's (kept).
    UnderlyingPriceMismatch,
}

impl Defect {
    /// Every defect, in the order rows are checked.
    pub const ALL: [Defect; 10] = [
        Defect::HolidayQuoteDate,
        Defect::ExpiryBeforeQuoteDate,
        Defect::NegativeQuote,
        Defect::CrossedQuote,
        Defect::ZeroBid,
        Defect::UnknownRoot,
        Defect::OffGridStrike,
        Defect::UnderlyingMismatch,
        Defect::Duplicate,
        Defect::UnderlyingPriceMismatch,
    ];

    /// snake_case name (report and manifest key).
    pub fn name(self) -> &'static str {
        match self {
            Defect::HolidayQuoteDate => "holiday_quote_date",
            Defect::ExpiryBeforeQuoteDate => "expiry_before_quote_date",
            Defect::NegativeQuote => "negative_quote",
            Defect::CrossedQuote => "crossed_quote",
            Defect::ZeroBid => "zero_bid",
            Defect::UnknownRoot => "unknown_root",
            Defect::OffGridStrike => "off_grid_strike",
            Defect::UnderlyingMismatch => "underlying_mismatch",
            Defect::Duplicate => "duplicate",
            Defect::UnderlyingPriceMismatch => "underlying_price_mismatch",
        }
    }

    /// True when a row with this defect is dropped from the store.
    pub fn drops_row(self) -> bool {
        self != Defect::UnderlyingPriceMismatch
    }
}

/// Rows read, kept, and counted per defect.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainDefects {
    /// Data rows read.
    pub rows: u64,
    /// Rows written to the store.
    pub kept: u64,
    /// Rows per defect (every defect present, zero or not).
    pub defects: BTreeMap<Defect, u64>,
    /// Quote dates read.
    pub days: u64,
}

impl ChainDefects {
    /// Rows with `d`.
    pub fn count(&self, d: Defect) -> u64 {
        self.defects.get(&d).copied().unwrap_or(0)
    }

    /// Add `other`'s counts to these.
    pub fn add(&mut self, other: &ChainDefects) {
        self.rows += other.rows;
        self.kept += other.kept;
        self.days += other.days;
        for (d, n) in &other.defects {
            *self.defects.entry(*d).or_default() += n;
        }
    }

    /// One line per defect with a non-zero count (`  zero_bid: 12`), after a totals line.
    pub fn render(&self) -> String {
        let mut s = format!(
            "{} rows, {} kept, {} quote dates read\n",
            self.rows, self.kept, self.days
        );
        for d in Defect::ALL {
            let n = self.count(d);
            if n > 0 {
                let what = if d.drops_row() { "dropped" } else { "kept" };
                s.push_str(&format!("  {}: {n} ({what})\n", d.name()));
            }
        }
        s
    }
}

/// Contract key of a row within its quote date.
type Key = (String, NaiveDate, bool, u64);

/// Validates the rows of one quote date as they stream in and keeps the good ones.
#[derive(Debug)]
pub struct DayValidator {
    date: NaiveDate,
    trading_day: bool,
    seen: HashSet<Key>,
    reference: [f64; 2],
    rows: Vec<ChainRow>,
    /// Counts of this day.
    pub counts: ChainDefects,
}

impl DayValidator {
    /// A validator of quote date `date`.
    pub fn new(date: NaiveDate) -> DayValidator {
        DayValidator {
            date,
            trading_day: is_trading_day(date),
            seen: HashSet::new(),
            reference: [f64::NAN; 2],
            rows: Vec::new(),
            counts: ChainDefects {
                days: 1,
                defects: Defect::ALL.iter().map(|d| (*d, 0)).collect(),
                ..ChainDefects::default()
            },
        }
    }

    /// The quote date.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// Treat `rows` (already checked, e.g. read back from the store) as seen and kept.
    pub fn preload(&mut self, rows: Vec<ChainRow>) {
        for r in rows {
            self.seen.insert(key(&r));
            self.rows.push(r);
        }
    }

    /// The defect of `row`, if any, checked against the rows seen today. A row of
    /// another quote date is the caller's error (debug assertion).
    pub fn defect(&mut self, row: &ChainRow) -> Option<Defect> {
        debug_assert_eq!(row.quote_date, self.date);
        let ix = match row.underlying {
            Underlying::Spx => 0,
            Underlying::Vix => 1,
        };
        let step = row.underlying.strike_step();
        let d = if !self.trading_day {
            Defect::HolidayQuoteDate
        } else if row.expiry < row.quote_date {
            Defect::ExpiryBeforeQuoteDate
        } else if row.bid < 0.0 || row.ask < 0.0 {
            Defect::NegativeQuote
        } else if row.bid > row.ask {
            Defect::CrossedQuote
        } else if row.bid == 0.0 {
            Defect::ZeroBid
        } else if !row.known_root {
            Defect::UnknownRoot
        } else if row.strike <= 0.0
            || ((row.strike / step).round() * step - row.strike).abs() > 1e-6
        {
            Defect::OffGridStrike
        } else if !row.symbol_matches {
            Defect::UnderlyingMismatch
        } else if self.seen.contains(&key(row)) {
            Defect::Duplicate
        } else {
            let r = self.reference[ix];
            if r.is_nan() {
                self.reference[ix] = row.underlying_price;
                return None;
            }
            if (row.underlying_price / r - 1.0).abs() > 0.01 || !row.underlying_price.is_finite() {
                return Some(Defect::UnderlyingPriceMismatch);
            }
            return None;
        };
        Some(d)
    }

    /// Check `row` and keep it unless its defect drops it.
    pub fn push(&mut self, row: ChainRow) {
        self.counts.rows += 1;
        let d = self.defect(&row);
        if let Some(d) = d {
            *self.counts.defects.entry(d).or_default() += 1;
            if d.drops_row() {
                return;
            }
        }
        self.seen.insert(key(&row));
        self.counts.kept += 1;
        self.rows.push(row);
    }

    /// The kept rows, sorted by root, expiry, right and strike, and the day's counts.
    pub fn finish(self) -> (Vec<ChainRow>, ChainDefects) {
        let mut rows = self.rows;
        rows.sort_by(|a, b| {
            (&a.root, a.expiry, a.right, a.strike)
                .partial_cmp(&(&b.root, b.expiry, b.right, b.strike))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        (rows, self.counts)
    }
}

fn key(r: &ChainRow) -> Key {
    (
        r.root.clone(),
        r.expiry,
        r.right == crate::chains::Right::Call,
        r.strike.to_bits(),
    )
}
