//! `ringfence trace` through the built binary: the COVID spike of the current hedge on the real
//! data (the VIX spike rule sells every layer on 2020-02-24, the day the VIX closed at 25.03,
//! up 64% over five days), and a bad range refused as a usage error.

use std::process::Command;

use super::support::{root, text};

#[test]
fn the_covid_trace_shows_the_spike_sale_on_its_day() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("covid.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(root())
        .args(["trace", "configs/hedge-proposed.toml", "--data"])
        .arg(&data)
        .args([
            "--from",
            "2020-02-19",
            "--to",
            "2020-03-23",
            "--quiet",
            "--out",
        ])
        .arg(&csv_path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let body = std::fs::read_to_string(&csv_path).unwrap();
    let mut lines = body.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    // Only the last column (the day's events) may hold a comma.
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.splitn(header.len(), ',').map(str::to_string).collect())
        .collect();
    let date = col("date");
    let day = |d: &'static str| rows.iter().filter(move |r| r[date] == d);
    assert_eq!(rows.first().unwrap()[col("date")], "2020-02-19");
    assert_eq!(rows.last().unwrap()[col("date")], "2020-03-23");
    // Real closes: VIX 25.03 on 2020-02-24, 82.69 on 2020-03-16.
    assert_eq!(day("2020-02-24").next().unwrap()[col("vix")], "25.03");
    assert_eq!(day("2020-03-16").next().unwrap()[col("vix")], "82.69");
    // Every layer held into 2020-02-24 was sold there by the spike rule, in profit.
    let sold: Vec<&Vec<String>> = day("2020-02-24").collect();
    assert_eq!(sold.len(), 3, "{body}");
    for r in &sold {
        assert_eq!(r[col("action")], "monetise (VIX spike)");
        let value: f64 = r[col("value_usd")].parse().unwrap();
        let cost: f64 = r[col("cost_usd")].parse().unwrap();
        assert!(value > cost, "{r:?}");
        // The engine priced on the real VX settle of the option's expiry.
        assert_eq!(r[col("vx1")], r[col("vx1_real")]);
    }
    // Nothing held into the VIX's record close.
    let peak: Vec<&Vec<String>> = day("2020-03-16").collect();
    assert_eq!(peak.len(), 1);
    assert_eq!(peak[0][col("position")], "");
}

#[test]
fn a_range_that_ends_before_it_starts_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(root())
        .args([
            "trace",
            "configs/default.toml",
            "--from",
            "2020-03-01",
            "--to",
            "2020-02-01",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("--from 2020-03-01 is after --to 2020-02-01"),
        "{}",
        text(&out)
    );
}
