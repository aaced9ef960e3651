//! # ringfence-test-support
//!
//! Helpers for the tests and benchmarks of the ringfence crates, used only as a
//! dev-dependency (never published, never linked into the binary):
//!
//! - [`shared_data`]: where the real data set is (`$RINGFENCE_SHARED_DATA`), with the rule
//!   that a missing data set skips a test locally and fails it under `CI=true`, and the real
//!   history loaded once;
//! - [`mutate`]: seeded byte- and line-level mutations for the stable fuzz passes of the
//!   data crate and the CLI;
//! - [`harness`]: what a fuzz case does with one input (shared by the data crate's
//!   regression replay and the cargo-fuzz targets in `fuzz/`).

pub mod harness;
pub mod mutate;
pub mod shared_data;

pub use shared_data::{
    shared_cboe_dir, shared_chains_dir, shared_data_dir, shared_history, shared_reference_dir,
};
