//! Shared helpers: the shipped data set, configs written to temporary directories.

use std::path::{Path, PathBuf};

use ringfence_runner::{Config, Overrides, Plan};

/// The shipped synthetic data set (`data/` at the workspace root).
pub fn shipped_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

/// Parse `text` as a config file named `test.toml` (no data needed).
pub fn parse(text: &str) -> ringfence_runner::Result<Config> {
    Config::parse(Path::new("test.toml"), text, &Overrides::default())
}

/// The error message of a config that must fail.
pub fn parse_err(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("config unexpectedly accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

/// A plan of `text` on the shipped data, writing to `out`.
pub fn plan(text: &str, out: &Path) -> Plan {
    let overrides = Overrides {
        data_dir: Some(shipped_data()),
        out_dir: Some(out.to_path_buf()),
    };
    let config = Config::parse(Path::new("test.toml"), text, &overrides).unwrap();
    let history = ringfence_runner::load_history(&config).unwrap();
    Plan::new(config, history).unwrap()
}

/// Every file under `dir` (relative path, bytes), sorted, skipping `chunks/`.
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            if rel == "chunks" {
                continue;
            }
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Assert two run directories hold the same files with the same bytes (chunks aside).
pub fn assert_same_files(a: &Path, b: &Path) {
    let fa = files(a);
    let fb = files(b);
    let names_a: Vec<&str> = fa.iter().map(|(n, _)| n.as_str()).collect();
    let names_b: Vec<&str> = fb.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names_a, names_b, "different file sets");
    for ((n, x), (_, y)) in fa.iter().zip(&fb) {
        assert!(
            x == y,
            "{n} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

/// Read a CSV file into (header, rows).
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}
