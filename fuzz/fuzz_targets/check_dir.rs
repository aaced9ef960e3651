//! A whole data directory: the input is split on `\n==\n` into up to five files (SPX, VIX,
//! T-bill, two VX files) written to a scratch directory, then checked (`check_dir`, rendered
//! as text and JSON) and loaded (`load_dir`): never panics, and a loaded history keeps its
//! invariants. Logic shared with the regression replay
//! (`crates/data/tests/regressions/check_dir/`).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ringfence_test_support::harness;

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("ringfence-fuzz-dir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("vx")).expect("scratch dir");
        d
    })
}

fuzz_target!(|data: &[u8]| {
    harness::check_dir_case(scratch(), data);
});
