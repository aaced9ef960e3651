//! The report's error type: every variant names the file (and line/column when known).

use std::path::PathBuf;

/// Everything that can stop a report from being built.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A file the report needs is not in the run directory.
    #[error("{path}: missing ({what})")]
    Missing {
        /// The expected file.
        path: PathBuf,
        /// What the file holds.
        what: &'static str,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A CSV file is malformed or truncated.
    #[error("{path}:{line}: {message}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based line number (0 = the file as a whole).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A required column is absent from a CSV header.
    #[error("{path}: missing column `{column}` (header: {header})")]
    Column {
        /// The file.
        path: PathBuf,
        /// The missing column.
        column: String,
        /// The header that was found.
        header: String,
    },
    /// A value cannot be parsed.
    #[error("{path}:{line}: column `{column}`: cannot parse {value:?} as {expected}")]
    Value {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// The column name.
        column: String,
        /// The offending text.
        value: String,
        /// What was expected (`a number`, `a date YYYY-MM-DD`).
        expected: &'static str,
    },
    /// `run.json` is not valid JSON or lacks a required key.
    #[error("{path}: {message}")]
    Json {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The run directory was written by an incompatible version.
    #[error(
        "{path}: written by format version {found}, this report reads version {supported}; \
         rerun with this ringfence version"
    )]
    Version {
        /// The file carrying the version (run.json).
        path: PathBuf,
        /// The version found.
        found: String,
        /// The version this build reads.
        supported: String,
    },
    /// A scenario id the run does not hold.
    #[error("{path}: no scenario {id:?}; the run has: {ids}")]
    UnknownScenario {
        /// The run's summary table.
        path: PathBuf,
        /// The id asked for.
        id: String,
        /// The run's scenario ids, comma-separated.
        ids: String,
    },
    /// A run cannot be compared with a published index (too few months in common, or too
    /// few with the `--against` column to regress on).
    #[error("{path}: {message}")]
    Compare {
        /// The run directory or the index file concerned.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Drawing a chart failed.
    #[error("chart {chart}: {message}")]
    Chart {
        /// Chart file name.
        chart: String,
        /// The plotting or encoding error.
        message: String,
    },
}

/// Result alias for the report crate.
pub type Result<T> = std::result::Result<T, ReportError>;

impl ReportError {
    /// Wrap an I/O error with the file it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}
