//! The crate's error type and `Result` alias.

use crate::params::ParamError;

/// Everything that can stop a simulation before or while it runs.
///
/// Invalid parameters are caught by [`crate::StrategyParams::validate`] before any day is
/// simulated; [`crate::simulate`] calls it itself and refuses to start on any error.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StrategyError {
    /// One or more parameters are outside their accepted range (every problem listed).
    #[error("invalid strategy parameters: {}", list(.0))]
    InvalidParams(Vec<ParamError>),
    /// The requested trading-day range is empty or lies outside the history.
    #[error("day range {start}..{end} is not inside the history (0..{len}); it must be non-empty")]
    InvalidRange {
        /// First day index requested (inclusive).
        start: usize,
        /// Last day index requested (exclusive).
        end: usize,
        /// Number of trading days in the history.
        len: usize,
    },
    /// No layout was requested.
    #[error("no layout requested")]
    NoLayouts,
}

fn list(errors: &[ParamError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// `Result` with [`StrategyError`].
pub type Result<T> = std::result::Result<T, StrategyError>;
