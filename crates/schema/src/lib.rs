//! # ringfence-schema
//!
//! The contract between `ringfence-runner`, which writes a run directory, and
//! `ringfence-report`, which reads it. Both sides import these names instead of spelling
//! them as string literals, so a renamed file, column, layout, event kind or metric is one
//! edit here and a compile error (or a failing test) everywhere else.
//!
//! - [`run_dir`]: the format version and the file names of a run directory;
//! - [`columns`]: the columns of each CSV table;
//! - [`layouts`]: the account layouts as written in the tables;
//! - [`events`]: the event kinds of `events.csv`;
//! - [`mechanisms`]: the layout mechanisms in ladder order and the key that sweeps them;
//! - [`metrics`]: every metric column of `summary.csv` with its unit, its direction (higher
//!   is better, lower is better, neutral) and its label. **Adding a metric is one entry in
//!   [`metrics::METRICS`]**; the report formats it from that entry.
//!
//! The crate has no dependencies: the report must not depend on the engine or the runner.

pub mod columns;
pub mod events;
pub mod layouts;
pub mod mechanisms;
pub mod metrics;
pub mod run_dir;

pub use metrics::{Direction, Group, Metric, Unit};
