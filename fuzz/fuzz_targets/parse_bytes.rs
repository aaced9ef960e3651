//! Every reader through `parse_bytes`, then validation: arbitrary bytes never panic, and a
//! successful parse is internally consistent (one date, line and value per row; closes
//! finite; the format agrees with `detect_bytes`).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use ringfence_data::format::detect_bytes;
use ringfence_data::formats::{FileData, ParsedFile, parse_bytes};
use ringfence_data::scan::{Role, role_of};
use ringfence_data::validate::validate;

/// File names change how a file is read: CFE legacy files take the contract month from the
/// name when the label is unreadable, and roles come from names.
const NAMES: [&str; 3] = ["prop.csv", "CFE_K07_VX.csv", "vvix_history.csv"];

fn check_consistent(f: &ParsedFile) {
    let rows = match &f.data {
        FileData::Ohlc(t) => {
            let n = t.dates.len();
            assert!([t.lines.len(), t.open.len(), t.high.len(), t.low.len(), t.close.len()]
                .iter()
                .all(|&k| k == n));
            assert!(t.close.iter().all(|c| c.is_finite()), "non-finite close");
            if let Some(v) = &t.volume {
                assert_eq!(v.len(), n);
            }
            n
        }
        FileData::Values(t) => {
            assert_eq!(t.lines.len(), t.dates.len());
            assert_eq!(t.values.len(), t.dates.len());
            assert!(t.values.iter().all(|v| !v.is_infinite()));
            t.dates.len()
        }
        FileData::Contracts(cs) => cs
            .iter()
            .map(|c| {
                let n = c.dates.len();
                assert!([c.lines.len(), c.open.len(), c.high.len(), c.low.len(), c.close.len(), c.settle.len(), c.volume.len()]
                    .iter()
                    .all(|&k| k == n));
                assert!(c.settle.iter().all(|v| !v.is_infinite()));
                n
            })
            .sum(),
        FileData::Columns(t) => {
            for (_, v) in &t.columns {
                assert_eq!(v.len(), t.dates.len());
                assert!(v.iter().all(|x| x.is_finite()));
            }
            t.dates.len()
        }
        FileData::NotRead => f.rows,
    };
    assert_eq!(rows, f.rows, "row count disagrees with the tables");
    assert_eq!(f.sha256.len(), 64);
}

fuzz_target!(|data: &[u8]| {
    for name in NAMES {
        let path = Path::new(name);
        let detected = detect_bytes(path, data);
        if let Ok(f) = parse_bytes(path, data) {
            assert_eq!(detected.ok(), Some(f.format), "detect_bytes and parse_bytes disagree");
            check_consistent(&f);
            let _ = validate(&f, role_of(f.format, path, Some("VVIX")));
            let _ = validate(&f, Some(Role::Spx));
            let _ = validate(&f, Some(Role::Rate));
            let _ = f.date_range();
        }
    }
});
