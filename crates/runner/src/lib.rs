//! # ringfence-runner
//!
//! Turns one TOML config into thousands of scenarios and their result files:
//!
//! - [`config`]: the config file (one serde tree with defaults, unknown keys are errors with
//!   file, line, column and a "did you mean"), sweeps over any numeric or enum parameter
//!   ([`config::sweep`]: lists, ranges, zip groups), checked before anything runs;
//! - [`window`]: the full data range, 15 built-in stress episodes, custom and rolling windows;
//! - [`bootstrap`]: stationary block-bootstrap resamples of the daily history (seeded);
//! - [`plan`](mod@plan): scenarios = variants x (windows + bootstrap paths), stable ids and labels,
//!   the config hash;
//! - [`execute`](mod@execute): rayon over scenarios on shared read-only market models, progress, chunked
//!   results with `--resume`, `--shard i/N`;
//! - [`output`]: atomic writes, `run.json`, `summary.csv`/`.parquet` (polars), `paired.csv`
//!   with bootstrap confidence intervals, `bootstrap.csv`, `annual.csv`, `events.csv`,
//!   `ledger.csv`, `failures.csv`, `daily/<scenario>_<layout>.csv`;
//! - [`comparison`]: the headline statistic, ring_fenced - commingled per metric with
//!   bootstrap percentile intervals (written to `paired.csv` by [`output`]);
//! - [`merge`](mod@merge): joins shards into files byte-identical to an unsharded run.
//! - [`trace`]: one scenario's hedge sleeve day by day over a date range (`ringfence trace`).
//! - [`chains`]: real option chains: the Parquet store partitioned by quote date (polars),
//!   the streaming, validated, resumable importer behind `ringfence data import-chains`,
//!   and `fills.csv` / `chain_fills.csv` of runs with `[data] chains`.
//!
//! A scenario is a pure function of (history, parameters, seed); results do not depend on
//! the thread count or on completion order. The only call into the engine is in
//! [`scenario`].

pub mod bootstrap;
pub mod cells;
pub mod chains;
pub mod comparison;
pub mod config;
pub mod error;
pub mod execute;
pub mod hint;
pub mod merge;
pub mod output;
pub mod plan;
pub mod record;
pub mod scenario;
pub mod trace;
pub mod window;

use std::path::Path;

pub use config::{Config, Overrides};
pub use error::{ErrorKind, Result, RunnerError};
pub use execute::{Progress, RunOptions, RunReport, Shard, Silent, execute};
pub use merge::{MergeReport, merge};
pub use plan::Plan;

/// Load the market history a config names.
///
/// # Errors
/// [`RunnerError::Data`] naming the file and problem.
pub fn load_history(config: &Config) -> Result<ringfence_data::MarketHistory> {
    let dir = &config.data_dir;
    ringfence_data::load_dir(dir, &config.load).map_err(|e| {
        match e {
            // A relative data directory that is not there: name it from the current
            // directory, where it was looked for.
            ringfence_data::DataError::Io { path, source } if path == *dir && dir.is_relative() => {
                ringfence_data::DataError::Io {
                    path: std::path::absolute(&path).unwrap_or(path),
                    source,
                }
            }
            e => e,
        }
        .into()
    })
}

/// Load `config_path`, its data, and expand it into a plan (nothing is written).
///
/// # Errors
/// Config errors ([`ErrorKind::Config`]) before the data is read; then data errors.
pub fn plan(config_path: &Path, overrides: &Overrides) -> Result<Plan> {
    let config = Config::load(config_path, overrides)?;
    let history = load_history(&config)?;
    Plan::new(config, history)
}
