//! The identity regression: with every layout-comparison mechanism switched off
//! (`tests/fixtures/identity.toml`), a run on the real data writes, column by column, what
//! the engine wrote before the mechanisms existed (`tests/fixtures/identity.golden.tsv`: the
//! row count and a SHA-256 of each column's values of each output file). New columns may be
//! added, and new metrics (rows of `paired.csv`, which are compared for the old metrics
//! only); no old value may change.
//!
//! The golden depends on the market model's defaults. When a calibration changes them (the
//! 2016 VIX option fit did), `RINGFENCE_BLESS=1` rewrites the digests of the same columns
//! from the current engine with every mechanism off: the engine part of the identity was
//! proven on the old model up to that commit, and only the prices moved.

use std::path::{Path, PathBuf};

use ringfence_runner::{Config, Overrides, Plan, RunOptions, Silent, execute};
use sha2::{Digest, Sha256};

use crate::support::read_csv;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// SHA-256 (lowercase hex) of `values` joined by newlines.
fn digest(values: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(values.join("\n").as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn mechanisms_off_reproduce_the_engine_before_them() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("identity");
    let path = fixtures().join("identity.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let overrides = Overrides {
        data_dir: Some(data),
        out_dir: Some(out.clone()),
    };
    let config = Config::parse(&path, &text, &overrides).unwrap();
    let history = ringfence_runner::load_history(&config).unwrap();
    let plan = Plan::new(config, history).unwrap();
    execute(&plan, &RunOptions::default(), &Silent).unwrap();

    let golden = std::fs::read_to_string(fixtures().join("identity.golden.tsv")).unwrap();
    // The metrics of the golden run: the columns its summary.csv had.
    let old_metrics: Vec<&str> = golden
        .lines()
        .filter_map(|l| l.strip_prefix("summary.csv\t"))
        .filter_map(|l| l.split('\t').next())
        .collect();
    let bless = std::env::var("RINGFENCE_BLESS").is_ok_and(|v| v == "1");
    let mut blessed: Vec<String> = golden
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let mut checked = 0;
    let mut cache: Option<(String, Vec<String>, Vec<Vec<String>>)> = None;
    for line in golden.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let (file, column, rows, want) = (f[0], f[1], f[2].parse::<usize>().unwrap(), f[3]);
        if cache.as_ref().is_none_or(|c| c.0 != file) {
            let (h, mut r) = read_csv(&out.join(Path::new(file)));
            if file == "paired.csv" {
                let m = h.iter().position(|c| c == "metric").unwrap();
                r.retain(|row| old_metrics.contains(&row[m].as_str()));
            }
            cache = Some((file.to_owned(), h, r));
        }
        let (_, header, body) = cache.as_ref().unwrap();
        if !bless {
            assert_eq!(body.len(), rows, "{file}: row count");
        }
        let i = header
            .iter()
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("{file}: column {column} is gone"));
        let values: Vec<&str> = body.iter().map(|r| r[i].as_str()).collect();
        if bless {
            blessed.push(format!(
                "{file}\t{column}\t{}\t{}",
                body.len(),
                digest(&values)
            ));
        } else {
            assert_eq!(digest(&values), want, "{file}: column {column} changed");
        }
        checked += 1;
    }
    if bless {
        blessed.push(String::new());
        std::fs::write(fixtures().join("identity.golden.tsv"), blessed.join("\n")).unwrap();
    }
    assert_eq!(checked, 249, "every golden column was checked");

    // A zero is written as 0, never -0 (the unhedged layouts' hedge drag once was).
    let (header, rows) = read_csv(&out.join("summary.csv"));
    for row in &rows {
        for (name, v) in header.iter().zip(row) {
            let negative_zero = v.starts_with('-') && v.parse::<f64>().is_ok_and(|x| x == 0.0);
            assert!(!negative_zero, "summary.csv: {name} = {v}");
        }
    }
}
