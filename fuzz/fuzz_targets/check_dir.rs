//! A whole data directory: the input is split on `\n==\n` into up to five files (SPX, VIX,
//! T-bill, two VX files) written to a scratch directory, then checked (`check_dir`, rendered
//! as text and JSON) and loaded (`load_dir`). Exercises selection, validation, VX merge,
//! cross-checks and alignment: never panics, and a loaded history has one value per day.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ringfence_data::{LoadOptions, check_dir, load_dir};

const NAMES: [&str; 5] = [
    "spx.csv",
    "VIX_History.csv",
    "dtb3.csv",
    "vx/CFE_K07_VX.csv",
    "vx/vx_contracts.csv",
];

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("ringfence-fuzz-dir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("vx")).expect("scratch dir");
        d
    })
}

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while parts.len() + 1 < NAMES.len() {
        match rest.windows(4).position(|w| w == b"\n==\n") {
            Some(k) => {
                parts.push(&rest[..k + 1]);
                rest = &rest[k + 4..];
            }
            None => break,
        }
    }
    parts.push(rest);
    parts
}

fuzz_target!(|data: &[u8]| {
    let dir = scratch();
    let parts = split(data);
    for (k, name) in NAMES.iter().enumerate() {
        let path = dir.join(name);
        match parts.get(k) {
            Some(bytes) => std::fs::write(&path, bytes).expect("write scratch file"),
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    let opts = LoadOptions::default();
    if let Ok(report) = check_dir(dir, &opts) {
        let _ = report.render();
        let _ = report.to_json();
    }
    if let Ok(h) = load_dir(dir, &opts) {
        let n = h.dates.len();
        assert!(n > 0, "a loaded history has days");
        assert_eq!(h.spx.close.len(), n);
        assert!(h.spx.close.iter().all(|c| c.is_finite()), "SPX close not finite");
        assert!(h.dates.windows(2).all(|w| w[0] < w[1]), "days not ascending");
    }
});
