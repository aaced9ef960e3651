//! What a fuzz case does with one input, shared by the cargo-fuzz targets in `fuzz/`, the
//! data crate's stable fuzz pass and its regression replay (`crates/data/tests/it/
//! regressions.rs`), so a saved crash is replayed exactly as it was found. Panics only on a
//! broken invariant.

use std::path::{Path, PathBuf};

use ringfence_data::check::file::validate;
use ringfence_data::formats::detect_bytes;
use ringfence_data::formats::{FileData, ParsedFile, parse_bytes};
use ringfence_data::scan::{Role, role_of};
use ringfence_data::{LoadOptions, check_dir, load_dir};

/// File names change how a file is read: CFE legacy files take the contract month from the
/// name when the label is unreadable, and roles come from names.
pub const NAMES: [&str; 3] = ["prop.csv", "CFE_K07_VX.csv", "vvix_history.csv"];

/// Files of the data directory a `check_dir` input is split into, in order.
pub const DIR_FILES: [&str; 5] = [
    "spx.csv",
    "VIX_History.csv",
    "dtb3.csv",
    "vx/CFE_K07_VX.csv",
    "vx/vx_contracts.csv",
];

/// Separator between the files of a `check_dir` input.
pub const FILE_SEPARATOR: &[u8] = b"\n==\n";

/// Assert that a parsed file is internally consistent: one date, line and value per row,
/// closes finite, no infinite value, the row count equal to the tables' rows.
pub fn assert_consistent(f: &ParsedFile) {
    let same = |n: usize, lens: &[usize]| assert!(lens.iter().all(|&k| k == n), "column lengths");
    let rows = match &f.data {
        FileData::Ohlc(t) => {
            let n = t.dates.len();
            same(n, &[t.lines.len(), t.open.len(), t.high.len(), t.low.len()]);
            same(n, &[t.close.len()]);
            assert!(t.close.iter().all(|c| c.is_finite()), "non-finite close");
            if let Some(v) = &t.volume {
                same(n, &[v.len()]);
            }
            n
        }
        FileData::Values(t) => {
            same(t.dates.len(), &[t.lines.len(), t.values.len()]);
            assert!(t.values.iter().all(|v| !v.is_infinite()), "infinite value");
            t.dates.len()
        }
        FileData::Contracts(cs) => cs
            .iter()
            .map(|c| {
                let n = c.dates.len();
                same(n, &[c.lines.len(), c.open.len(), c.high.len(), c.low.len()]);
                same(n, &[c.close.len(), c.settle.len(), c.volume.len()]);
                assert!(c.settle.iter().all(|v| !v.is_infinite()), "infinite settle");
                n
            })
            .sum(),
        FileData::Columns(t) => {
            for (_, v) in &t.columns {
                same(t.dates.len(), &[v.len()]);
                assert!(v.iter().all(|x| x.is_finite()), "non-finite column value");
            }
            t.dates.len()
        }
        FileData::NotRead => f.rows,
    };
    assert_eq!(rows, f.rows, "row count disagrees with the tables");
    assert_eq!(f.sha256.len(), 64);
}

/// One file's bytes through detection, every reader (under each of [`NAMES`]) and
/// validation. Returns how many of the names parsed.
pub fn parse_bytes_case(data: &[u8]) -> usize {
    let mut parsed = 0;
    for name in NAMES {
        let path = Path::new(name);
        let detected = detect_bytes(path, data);
        for cut in [1, 64, 8192] {
            if data.len() > cut {
                let _ = detect_bytes(path, &data[..cut]);
            }
        }
        match parse_bytes(path, data) {
            Ok(f) => {
                parsed += 1;
                assert_eq!(
                    detected.ok(),
                    Some(f.format),
                    "detect_bytes and parse_bytes disagree"
                );
                assert_consistent(&f);
                let _ = validate(&f, role_of(f.format, path, Some("VVIX")));
                let _ = validate(&f, Some(Role::Spx));
                let _ = validate(&f, Some(Role::Rate));
                let _ = f.date_range();
            }
            Err(e) => assert!(
                e.to_string().contains(name),
                "error does not name the file: {e}"
            ),
        }
    }
    parsed
}

/// Split a `check_dir` input into the files of [`DIR_FILES`].
pub fn split_files(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while parts.len() + 1 < DIR_FILES.len() {
        match rest
            .windows(FILE_SEPARATOR.len())
            .position(|w| w == FILE_SEPARATOR)
        {
            Some(k) => {
                parts.push(&rest[..k + 1]);
                rest = &rest[k + FILE_SEPARATOR.len()..];
            }
            None => break,
        }
    }
    parts.push(rest);
    parts
}

/// Write a `check_dir` input into `dir` (which must hold a `vx/` folder), replacing what a
/// previous input left there. Returns the paths written.
pub fn write_dir(dir: &Path, data: &[u8]) -> Vec<PathBuf> {
    let parts = split_files(data);
    let mut written = Vec::new();
    for (k, name) in DIR_FILES.iter().enumerate() {
        let path = dir.join(name);
        match parts.get(k) {
            Some(bytes) => {
                std::fs::write(&path, bytes).expect("write scratch file");
                written.push(path);
            }
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    written
}

/// A data directory through `check_dir` (rendered as text and JSON) and `load_dir`: a
/// loaded history has ascending days and one finite SPX close per day. Returns whether the
/// history loaded.
pub fn check_dir_case(dir: &Path, data: &[u8]) -> bool {
    write_dir(dir, data);
    let opts = LoadOptions::default();
    if let Ok(report) = check_dir(dir, &opts) {
        let text = report.render();
        assert!(text.contains("summary:"), "report without summary");
        let json = report.to_json().expect("report serialises");
        assert!(json.starts_with('{'));
    }
    match load_dir(dir, &opts) {
        Ok(h) => {
            let n = h.dates.len();
            assert!(n > 0, "a loaded history has days");
            assert_eq!(h.spx.close.len(), n);
            assert_eq!(h.vix.close.len(), n);
            let good = |v: &f64| v.is_finite() && *v > 0.0;
            assert!(h.spx.close.iter().all(good), "SPX close not finite and > 0");
            assert!(h.vix.close.iter().all(good), "VIX close not finite and > 0");
            for s in [&h.vix9d, &h.vix3m, &h.vix6m, &h.vvix, &h.skew] {
                assert!(s.iter().all(|v| v.is_nan() || good(v)), "VIX-family value");
            }
            assert!(h.rate.iter().all(|r| !r.is_infinite()), "infinite rate");
            for c in &h.vx.contracts {
                assert!(
                    c.settles.iter().all(|v| !v.is_infinite()),
                    "infinite settle"
                );
            }
            assert!(
                h.dates.windows(2).all(|w| w[0] < w[1]),
                "days not ascending"
            );
            true
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            false
        }
    }
}
