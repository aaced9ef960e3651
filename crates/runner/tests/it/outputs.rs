//! What the result tables hold, read back: `summary.parquet` cell for cell against
//! `summary.csv`, `annual.csv` against the daily equity it summarises, and the seeded
//! bootstrap paths identical whatever the thread count.

use std::path::Path;

use polars::prelude::{AnyValue, DataType, ParquetReader, SerReader};
use ringfence_runner::{RunOptions, Silent, execute};

use crate::support::{assert_same_files, plan, read_csv};

/// The default initial capital of a config that does not set one, USD.
const INITIAL_USD: f64 = 1_000_000.0;

/// Two variants over a window that spans a year end, daily files for every scenario, and
/// three bootstrap paths of a half-year full window per variant.
const ACROSS_YEARS: &str = r#"
layouts = ["ring_fenced", "commingled"]
[run]
name = "across_years"
seed = 11
[windows]
select = ["full", "winter"]
start = 2018-01-02
end = 2019-06-28
[windows.custom]
winter = { start = 2018-10-01, end = 2019-03-29 }
[bootstrap]
paths = 3
mean_block_days = 10.0
[sweep]
"condor.short_delta" = [0.12, 0.2]
[output]
daily = "all"
events = "all"
"#;

fn run(out: &Path, threads: usize) {
    let o = RunOptions {
        threads: Some(threads),
        ..RunOptions::default()
    };
    let r = execute(&plan(ACROSS_YEARS, out), &o, &Silent).unwrap();
    assert_eq!(r.failures, 0);
}

#[test]
fn summary_parquet_holds_the_summary_csv_cell_for_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    run(&out, 2);
    let (header, rows) = read_csv(&out.join("summary.csv"));
    let file = std::fs::File::open(out.join("summary.parquet")).unwrap();
    let df = ParquetReader::new(file).finish().unwrap();
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(names, header);
    assert_eq!(df.height(), rows.len());
    assert_eq!(
        rows.len(),
        2 * (2 + 3) * 2,
        "variants x (windows + paths) x layouts"
    );
    // Typed columns, not text: numbers are numbers.
    assert_eq!(df.column("cagr").unwrap().dtype(), &DataType::Float64);
    assert_eq!(df.column("layout").unwrap().dtype(), &DataType::String);
    for (j, name) in names.iter().enumerate() {
        let col = df.column(name).unwrap();
        for (i, row) in rows.iter().enumerate() {
            let text = &row[j];
            let value = col.get(i).unwrap();
            let same = match &value {
                AnyValue::Null => text.is_empty(),
                AnyValue::Float64(x) => text.parse::<f64>().is_ok_and(|t| t == *x),
                AnyValue::Boolean(b) => *text == b.to_string(),
                AnyValue::Int64(_)
                | AnyValue::Int32(_)
                | AnyValue::UInt64(_)
                | AnyValue::UInt32(_) => *text == value.to_string(),
                AnyValue::String(s) => text == s,
                AnyValue::StringOwned(s) => text == s.as_str(),
                other => panic!("{name}: unexpected parquet value {other:?}"),
            };
            assert!(same, "row {i}, {name}: csv {text:?}, parquet {value:?}");
        }
    }
}

#[test]
fn annual_returns_chain_the_daily_equity_across_years() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    run(&out, 2);
    let (ah, arows) = read_csv(&out.join("annual.csv"));
    assert_eq!(
        ah,
        [
            "scenario",
            "year",
            "return",
            "hedge_cost_usd",
            "hedge_payoff_usd"
        ]
    );
    let (sh, srows) = read_csv(&out.join("summary.csv"));
    let sc = |n: &str| sh.iter().position(|c| c == n).unwrap();
    let mut checked = 0;
    for srow in &srows {
        let key = &srow[sc("scenario")];
        let (dh, drows) = read_csv(&out.join(format!("daily/{key}.csv")));
        assert_eq!(dh[1], "total_equity");
        // Year-end equity of each calendar year, chained from the initial capital.
        let mut expected: Vec<(String, f64)> = Vec::new();
        let mut base = INITIAL_USD;
        for (i, d) in drows.iter().enumerate() {
            let year = &d[0][..4];
            let last_of_year = drows.get(i + 1).is_none_or(|n| &n[0][..4] != year);
            if last_of_year {
                let equity: f64 = d[1].parse().unwrap();
                expected.push((year.to_string(), equity / base - 1.0));
                base = equity;
            }
        }
        let annual: Vec<(String, f64)> = arows
            .iter()
            .filter(|r| r[0] == *key)
            .map(|r| (r[1].clone(), r[2].parse().unwrap()))
            .collect();
        assert_eq!(annual.len(), expected.len(), "{key}: years");
        for ((ya, ra), (ye, re)) in annual.iter().zip(&expected) {
            assert_eq!(ya, ye, "{key}");
            assert!(
                (ra - re).abs() < 1e-12,
                "{key} {ya}: annual.csv {ra}, daily {re}"
            );
            // The summary's ret_<year> column is the same number.
            let ret: f64 = srow[sc(&format!("ret_{ya}"))].parse().unwrap();
            assert_eq!(ret, *ra, "{key} ret_{ya}");
        }
        checked += annual.len();
    }
    // Every scenario spans 2018 and 2019 (the windows and the bootstrap paths alike).
    assert_eq!(checked, 2 * srows.len());
}

#[test]
fn results_and_seeded_bootstrap_paths_do_not_depend_on_the_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, three) = (tmp.path().join("one"), tmp.path().join("three"));
    run(&one, 1);
    run(&three, 3);
    assert_same_files(&one, &three);
    // The comparison covers distinct seeded paths: their rows and the per-path
    // differences of bootstrap.csv.
    let (sh, srows) = read_csv(&one.join("summary.csv"));
    let c = |n: &str| sh.iter().position(|x| x == n).unwrap();
    let mut finals: Vec<&str> = srows
        .iter()
        .filter(|r| !r[c("path")].is_empty() && r[c("layout")] == "ring_fenced")
        .map(|r| r[c("final_equity")].as_str())
        .collect();
    assert_eq!(finals.len(), 2 * 3);
    finals.sort_unstable();
    finals.dedup();
    assert_eq!(
        finals.len(),
        2 * 3,
        "the bootstrap paths differ from each other"
    );
    let (_, brows) = read_csv(&one.join("bootstrap.csv"));
    assert_eq!(brows.iter().filter(|r| r[2] == "cagr").count(), 2 * 3);
}
