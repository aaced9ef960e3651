//! Locating the real data set for tests and benchmarks.
//!
//! Tests that need the real series read them from `$RINGFENCE_SHARED_DATA`, by default
//! `../shared/data` beside the workspace. Without it they skip with a printed reason,
//! except under `CI=true`, where a missing folder is a failure.

use std::path::PathBuf;
use std::sync::OnceLock;

use ringfence_data::{LoadOptions, MarketHistory, load_dir};

/// Directory of the real shared data set, if present.
///
/// # Panics
/// Panics when the directory is missing and the environment variable `CI` is `true`: in CI
/// the real data must be there, and a test that silently skipped would prove nothing.
pub fn shared_data_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("RINGFENCE_SHARED_DATA") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI=true but the shared data directory {} is missing (set RINGFENCE_SHARED_DATA)",
            dir.display()
        );
    }
    eprintln!(
        "skipping: shared data directory {} not found (set RINGFENCE_SHARED_DATA)",
        dir.display()
    );
    None
}

/// The real shared history, loaded with the default options once per test or bench binary;
/// `None` when the data set is absent (outside CI, see [`shared_data_dir`]).
///
/// # Panics
/// Panics when the data set is there but does not load: the real data must.
pub fn shared_history() -> Option<&'static MarketHistory> {
    static H: OnceLock<Option<MarketHistory>> = OnceLock::new();
    H.get_or_init(|| {
        let dir = shared_data_dir()?;
        Some(load_dir(&dir, &LoadOptions::default()).expect("the shared data load"))
    })
    .as_ref()
}

/// Directory of the shared reference prices (`../shared/reference`), beside the data dir.
pub fn shared_reference_dir() -> Option<PathBuf> {
    shared_data_dir().map(|d| d.join("../reference"))
}

/// Directory of the shared real option chains (`../shared/chains`), beside the data dir.
pub fn shared_chains_dir() -> Option<PathBuf> {
    shared_data_dir().map(|d| d.join("../chains"))
}

/// Directory of the Cboe strategy indices' month-end levels (`../shared/cboe`), beside the
/// data dir.
pub fn shared_cboe_dir() -> Option<PathBuf> {
    shared_data_dir().map(|d| d.join("../cboe"))
}
