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

/// Most decimals a value is shown with in a finding: the most any publisher file carries.
pub(crate) const SHOWN_DECIMALS: i32 = 6;

/// A price or level as a finding shows it: rounded to [`SHOWN_DECIMALS`] and printed in the
/// fewest digits that give that number back (`16.76`, not the `16.759999999999998` of
/// `167.6 / 10`), and `missing` for a value the file lacks (read as NaN).
pub(crate) fn shown(v: f64) -> String {
    if v.is_nan() {
        return "missing".to_owned();
    }
    // `+ 0.0` turns a rounded -0.0 into 0.
    (crate::formats::fields::round_to(v, SHOWN_DECIMALS) + 0.0).to_string()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_values_have_no_binary_artefacts_and_say_missing_for_nan() {
        assert_eq!(shown(167.6 / 10.0), "16.76");
        assert_eq!(shown(17.659_999_847_412_11), "17.66");
        assert_eq!(shown(1455.219971), "1455.219971");
        assert_eq!(shown(14.0), "14");
        assert_eq!(shown(-0.000_000_1), "0");
        assert_eq!(shown(f64::NAN), "missing");
    }
}
