//! The runner's error type and `Result` alias.
//!
//! Every variant carries what a user needs to fix the input: the file, the line and column
//! when known, the dotted key, the accepted range. [`RunnerError::kind`] classifies errors
//! so the CLI can map them to exit codes without matching on variants.

use std::path::PathBuf;

/// Result alias for the runner crate.
pub type Result<T, E = RunnerError> = std::result::Result<T, E>;

/// Broad class of an error, for exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The config, a command-line value or the request is invalid (usage error).
    Config,
    /// The market data could not be loaded or the market model refused it.
    Data,
    /// Reading or writing a file failed.
    Io,
}

/// Everything that can stop a run, a listing or a merge.
#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    /// A config value or key is invalid; names the file, the position and the dotted key.
    #[error("{0}")]
    Config(Box<ConfigError>),
    /// Strategy parameters of one or more config variants are out of range.
    #[error("{file}: invalid parameters:\n{}", .problems.join("\n"))]
    Invalid {
        /// The config file.
        file: PathBuf,
        /// One line per problem: `[variant label] key: message`.
        problems: Vec<String>,
    },
    /// The expansion has more scenarios than `output.max_scenarios` allows.
    #[error(
        "{file}: the config expands to {count} scenarios, more than output.max_scenarios = {cap}; \
         narrow the sweep or raise the cap"
    )]
    TooManyScenarios {
        /// The config file.
        file: PathBuf,
        /// Scenarios the config expands to (saturating).
        count: u128,
        /// The cap.
        cap: usize,
    },
    /// A command-line value is invalid (`--shard 0/3`, `--threads 0`, ...).
    #[error("{option}: {message}")]
    Usage {
        /// The option (`--shard`).
        option: String,
        /// What is wrong and what is accepted.
        message: String,
    },
    /// The output directory cannot be used (not a ringfence run, a different config, ...).
    #[error("{path}: {message}")]
    OutputDir {
        /// The directory.
        path: PathBuf,
        /// Why it is refused and how to proceed.
        message: String,
    },
    /// Shards cannot be merged (different configs, duplicates, gaps, incomplete shards).
    #[error("merge: {message}")]
    Merge {
        /// What is wrong.
        message: String,
    },
    /// A run directory's own files are malformed (corrupted chunk, bad run.json).
    #[error("{path}: {message}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The market data could not be loaded.
    #[error("data: {0}")]
    Data(#[from] ringfence_data::DataError),
    /// The market model refused the history or its parameters.
    #[error("market model: {0}")]
    Model(#[from] ringfence_pricing::PricingError),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Writing a results table failed.
    #[error("{path}: cannot write table: {message}")]
    Table {
        /// The file.
        path: PathBuf,
        /// The polars or csv error.
        message: String,
    },
}

impl RunnerError {
    /// The class of the error, for exit codes.
    pub fn kind(&self) -> ErrorKind {
        match self {
            RunnerError::Config(_)
            | RunnerError::Invalid { .. }
            | RunnerError::TooManyScenarios { .. }
            | RunnerError::Usage { .. }
            | RunnerError::OutputDir { .. }
            | RunnerError::Merge { .. } => ErrorKind::Config,
            RunnerError::Data(_) | RunnerError::Model(_) | RunnerError::Corrupt { .. } => {
                ErrorKind::Data
            }
            RunnerError::Io { .. } | RunnerError::Table { .. } => ErrorKind::Io,
        }
    }

    /// An I/O error on `path`.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        RunnerError::Io {
            path: path.into(),
            source,
        }
    }
}

/// A config problem at a place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The config file.
    pub file: PathBuf,
    /// 1-based line of the offending key or value, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Dotted key (`condor.short_delta`, `sweep."hedge.instrument"`); empty for the
    /// document as a whole.
    pub key: String,
    /// What is wrong and what is accepted.
    pub message: String,
    /// A "did you mean" suggestion (a key name).
    pub hint: Option<String>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&config_message(
            &self.file,
            self.line,
            self.column,
            &self.key,
            &self.message,
            self.hint.as_deref(),
        ))
    }
}

impl RunnerError {
    /// A config error without a position.
    pub fn config(
        file: impl Into<PathBuf>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        RunnerError::Config(Box::new(ConfigError {
            file: file.into(),
            line: None,
            column: None,
            key: key.into(),
            message: message.into(),
            hint: None,
        }))
    }
}

fn config_message(
    file: &std::path::Path,
    line: Option<usize>,
    column: Option<usize>,
    key: &str,
    message: &str,
    hint: Option<&str>,
) -> String {
    let mut s = file.display().to_string();
    if let Some(l) = line {
        s.push_str(&format!(":{l}"));
        if let Some(c) = column {
            s.push_str(&format!(":{c}"));
        }
    }
    s.push_str(": ");
    if !key.is_empty() {
        s.push_str(&format!("`{key}`: "));
    }
    s.push_str(message);
    if let Some(h) = hint {
        s.push_str(&format!(" (did you mean `{h}`?)"));
    }
    s
}
