//! Errors of the data crate. Every variant names the file and, where it applies, the
//! line (1-based, counting every physical line of the file) and column.

use std::path::PathBuf;

/// Result alias for the data crate.
pub type Result<T, E = DataError> = std::result::Result<T, E>;

/// Everything that can go wrong while reading, validating or aligning data.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// File path.
        path: PathBuf,
        /// Underlying I/O error.
        source: std::io::Error,
    },
    /// A file or directory could not be created or written.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// File or directory path.
        path: PathBuf,
        /// Underlying I/O error.
        source: std::io::Error,
    },
    /// A value in the file could not be parsed or is not acceptable.
    #[error("{path}:{line}: column `{column}`: {message}")]
    Parse {
        /// File path.
        path: PathBuf,
        /// 1-based physical line number.
        line: usize,
        /// Column name (or position when the header is unknown).
        column: String,
        /// What was wrong and what is accepted.
        message: String,
    },
    /// The file as a whole is not acceptable (unknown header, empty, binary, ...).
    #[error("{path}: {message}")]
    File {
        /// File path.
        path: PathBuf,
        /// What was wrong and what is accepted.
        message: String,
    },
    /// The data set as a whole is not usable (missing series, no overlap, ...).
    #[error("{0}")]
    Dataset(String),
    /// A generator or measurement parameter is out of its accepted range.
    #[error("parameter `{name}` = {value} is out of range: accepted {accepted}")]
    Parameter {
        /// Parameter name.
        name: String,
        /// The value given.
        value: String,
        /// The accepted range.
        accepted: String,
    },
}
