//! Helpers shared by the test modules of this binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `ringfence ARGS` run to completion in `dir`.
pub fn ringfence(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// A finished process's stdout and stderr, for assertion messages.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every file under `dir` (recursively, temporaries included) with its bytes, by relative
/// path; a missing `dir` gives an empty map.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                // A file may vanish between the listing and the read only while a process
                // runs; every caller has waited for the process.
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// One column of a one-row CSV with a header (the `<index>_summary.csv` of `compare-index`).
pub fn csv_row_value(path: &Path, column: &str) -> f64 {
    let s = std::fs::read_to_string(path).unwrap();
    let mut l = s.lines();
    let h: Vec<&str> = l.next().unwrap().split(',').collect();
    let v: Vec<&str> = l.next().unwrap().split(',').collect();
    v[h.iter().position(|x| *x == column).unwrap()]
        .parse()
        .unwrap()
}
