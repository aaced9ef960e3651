//! Checks of one file on its own: what a file holds and what is wrong with it.
//!
//! [`validate`] turns a [`ParsedFile`] into a [`FileReport`]: rows, date range, and counts
//! of duplicates, out-of-order dates, gaps against the NYSE calendar, rows on closed days,
//! OHLC violations, non-positive values and jumps, each with a [`Finding`] that carries
//! examples (line numbers and dates). Severities follow the rules in [`crate::finding`].
//! Alignment adds fills and dropped rows ([`crate::check`]).
//!
//! Jump thresholds (|log change| of the close from one row to the next): 0.1 for SPX, 0.5
//! for the VIX family and continuous VX files. VX contract settles are judged by the spike
//! rules of [`futures::outlier_settles`] instead, because real VX moves are large but
//! one-day round trips are not.

mod dates;
pub mod futures;
mod series;

use chrono::NaiveDate;
use serde::Serialize;

use crate::DataError;
use crate::finding::{Finding, Severity};
use crate::formats::detect::Format;
use crate::formats::{FileData, ParsedFile};
use crate::scan::Role;

pub use dates::SPARSE_DAYS;
pub use series::{DIV_YIELD_PERCENT_RANGE, MAX_LEVEL};
pub(crate) use series::{close_only, same_price};

/// Summary counts of one file (details in the findings).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Rows repeating an earlier date.
    pub duplicates: usize,
    /// Rows dated before the row above.
    pub out_of_order: usize,
    /// NYSE trading days inside the file's range without a row.
    pub gaps: usize,
    /// Rows on days the NYSE was closed.
    pub non_trading_days: usize,
    /// OHLC violations on traded rows.
    pub ohlc_violations: usize,
    /// Zero or negative prices where a price must be positive.
    pub non_positive: usize,
    /// Jumps above the threshold (VX contract files: outlier settles).
    pub jumps: usize,
    /// SPX days filled by carrying this file's value forward.
    pub filled: usize,
    /// Rows dropped by alignment (not an SPX trading day).
    pub dropped: usize,
    /// Values excluded from the history (outlier settles, superseded settles).
    pub excluded: usize,
}

/// Validation report of one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// Path as given.
    pub path: String,
    /// Detected format, when the header was recognised.
    pub format: Option<Format>,
    /// Role of the file in the data set.
    pub role: Option<Role>,
    /// True when the file feeds the aligned history.
    pub used: bool,
    /// Data rows.
    pub rows: usize,
    /// Earliest date.
    pub first: Option<NaiveDate>,
    /// Latest date.
    pub last: Option<NaiveDate>,
    /// Summary counts.
    pub counts: Counts,
    /// Everything found, most severe first.
    pub findings: Vec<Finding>,
}

impl FileReport {
    /// Report of a file that could not be read or parsed.
    pub fn unreadable(
        path: &str,
        format: Option<Format>,
        role: Option<Role>,
        err: &DataError,
    ) -> Self {
        FileReport {
            path: path.to_string(),
            format,
            role,
            used: false,
            rows: 0,
            first: None,
            last: None,
            counts: Counts::default(),
            findings: vec![Finding::new(
                Severity::Error,
                "unreadable",
                1,
                err.to_string(),
            )],
        }
    }

    /// Number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The most severe finding's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Add a finding, keeping the list ordered most severe first (stable).
    pub fn push(&mut self, f: Finding) {
        self.findings.push(f);
        self.sort();
    }

    fn sort(&mut self) {
        self.findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    }
}

/// Validate one parsed file playing `role`.
pub fn validate(file: &ParsedFile, role: Option<Role>) -> FileReport {
    let mut findings = file.findings.clone();
    let mut checks = dates::DateChecks::default();
    let mut own = Vec::new();
    let jump = role.and_then(Role::jump_threshold);
    let sc = match &file.data {
        FileData::Ohlc(t) => {
            checks.check(&t.dates, &t.lines, "");
            series::check_ohlc(t, jump, &mut own)
        }
        FileData::Values(t) => {
            checks.check(&t.dates, &t.lines, "");
            if role == Some(Role::SpxDivYield) {
                series::check_div_yield(t, &mut own)
            } else {
                series::check_values(t, role == Some(Role::Rate), jump, &mut own)
            }
        }
        FileData::Contracts(cs) => {
            for c in cs {
                let prefix = format!("{} ", crate::contract::month_name(c.month));
                checks.check(&c.dates, &c.lines, &prefix);
            }
            futures::check_contracts(cs, &mut own)
        }
        FileData::Columns(t) => {
            checks.check(&t.dates, &t.lines, "");
            futures::check_columns(t, jump, &mut own)
        }
        FileData::NotRead => series::SeriesCounts::default(),
    };
    let mut counts = Counts {
        duplicates: checks.duplicates.count,
        out_of_order: checks.out_of_order.count,
        gaps: checks.gaps.count,
        non_trading_days: checks.non_trading.count,
        ohlc_violations: sc.ohlc_violations,
        non_positive: sc.non_positive,
        jumps: sc.jumps,
        ..Counts::default()
    };
    if matches!(file.data, FileData::Contracts(_)) {
        counts.excluded = sc.jumps;
    }
    if matches!(role, Some(Role::SpxSet | Role::SpxDivYield)) {
        // Settlement values exist on expiration days only, and dividend yields are monthly
        // or yearly: gaps between rows are the rule.
        checks.gaps = Default::default();
        checks.sparse = Default::default();
        checks.longest_break = None;
        counts.gaps = 0;
    }
    if role == Some(Role::SpxDivYield) {
        // A yield applies from its date on, whatever the day of the week (a monthly value
        // dated the 1st).
        checks.non_trading = Default::default();
        checks.old_saturdays = Default::default();
        checks.last_old_saturday = None;
        counts.non_trading_days = 0;
    }
    let gap_severity = if role == Some(Role::Rate) {
        Severity::Info
    } else {
        Severity::Warning
    };
    if !matches!(file.data, FileData::NotRead) {
        checks.findings(gap_severity, &mut findings);
    }
    findings.append(&mut own);
    let range = file.date_range();
    let mut report = FileReport {
        path: file.path.display().to_string(),
        format: Some(file.format),
        role,
        used: false,
        rows: file.rows,
        first: range.map(|r| r.0),
        last: range.map(|r| r.1),
        counts,
        findings,
    };
    report.sort();
    report
}
