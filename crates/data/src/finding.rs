//! Findings: one observation about a file or the data set, with a severity.
//!
//! Severity rules (applied by the readers, [`crate::check::file`] and [`crate::check`]):
//! - **error**: the data cannot be trusted as given and nothing in the loader repairs it:
//!   a file that cannot be read or parsed, an unknown header, no data rows, duplicate dates,
//!   dates out of order (in a format that is documented as ascending; documented newest-first
//!   formats are reversed first), a non-positive or non-finite index level, a required series
//!   (SPX, VIX) missing, a required series with a gap longer than the carry-forward limit.
//! - **warning**: a data defect the loader works around or that a user should look at, but
//!   which is known to occur in real published files: OHLC violations on traded rows, jumps
//!   above the series' threshold, calendar gaps, rows on days the NYSE was closed (dropped by
//!   alignment), outlier settles excluded from the history, relabelled VX contracts, a missing
//!   contract month, a UTF-8 byte-order mark, a last row that looks like an intraday snapshot.
//! - **info**: a publisher quirk handled on purpose (disclaimer line skipped, CRLF, trailing
//!   commas, `M/D/YYYY` dates, the 10x VX price scale, newest-first rows reversed, float32
//!   artefacts rounded, empty/`.`/0.0 values read as missing), facts a user should know
//!   (close-only rows, Opens that copy the previous close), and alignment fills.

use serde::Serialize;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A quirk handled on purpose, or a fact worth knowing.
    Info,
    /// A known kind of data defect, worked around or worth a look.
    Warning,
    /// The data cannot be used as given.
    Error,
}

impl Severity {
    /// Lowercase name (`info`, `warning`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One observation about a file or the data set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Severity (see the module docs for the rules).
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `ohlc_violation`, `vx_10x_scale`.
    pub code: &'static str,
    /// Number of rows (or days, contracts, ...) the finding covers.
    pub count: usize,
    /// Human-readable description, including what was done about it.
    pub message: String,
    /// A few examples (`line 540: 1992-02-11 ...`), at most [`MAX_EXAMPLES`].
    pub examples: Vec<String>,
}

/// Most examples kept per finding.
pub const MAX_EXAMPLES: usize = 5;

impl Finding {
    /// A finding without examples.
    pub fn new(
        severity: Severity,
        code: &'static str,
        count: usize,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            severity,
            code,
            count,
            message: message.into(),
            examples: Vec::new(),
        }
    }

    /// Attach examples (only the first [`MAX_EXAMPLES`] are kept).
    pub fn with_examples(mut self, examples: impl IntoIterator<Item = String>) -> Self {
        self.examples = examples.into_iter().take(MAX_EXAMPLES).collect();
        self
    }
}

/// Collects examples for a finding while counting every occurrence.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tally {
    pub count: usize,
    pub examples: Vec<String>,
}

impl Tally {
    /// Count one occurrence; `example` is only built while fewer than [`MAX_EXAMPLES`] are kept.
    pub fn add(&mut self, example: impl FnOnce() -> String) {
        self.count += 1;
        if self.examples.len() < MAX_EXAMPLES {
            self.examples.push(example());
        }
    }

    /// A finding when anything was counted.
    pub fn finding(
        self,
        severity: Severity,
        code: &'static str,
        message: impl FnOnce(usize) -> String,
    ) -> Option<Finding> {
        (self.count > 0).then(|| Finding {
            severity,
            code,
            count: self.count,
            message: message(self.count),
            examples: self.examples,
        })
    }
}
