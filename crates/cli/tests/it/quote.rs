//! `ringfence quote` for VIX options through the built binary, on the real data: the VX
//! future used is the day's real settle where the data have it, and a strike chosen by
//! delta has a model delta near the target.

use std::process::Command;

use super::support::{root, text};

#[test]
fn vix_options_quote_by_strike_and_delta_on_the_real_vx_settle() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let data = data.display().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(root())
        .args([
            "quote",
            "--date",
            "2016-06-01",
            "--vix-expiry",
            "2016-07-20",
            "--vix-strike",
            "20",
            "--vix-delta",
            "0.30",
            "--call",
            "--csv",
            "--data",
            &data,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .filter(|l| l.starts_with("2016-06-01,2016-07-20,"))
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    for r in &rows {
        // The July 2016 VX contract settled at 17.525 on 2016-06-01.
        assert_eq!(r[5], "17.5250", "{stdout}");
        assert_eq!(r[6], "real_settle", "{stdout}");
        let (iv, price): (f64, f64) = (r[7].parse().unwrap(), r[8].parse().unwrap());
        assert!(iv > 0.5 && iv < 1.5 && price > 0.0, "{stdout}");
    }
    // The delta row: strike on the half-point grid above the future, delta near 0.30.
    let by_delta = rows.iter().find(|r| r[3] == "0.3").expect("delta row");
    let strike: f64 = by_delta[4].parse().unwrap();
    let delta: f64 = by_delta[9].parse().unwrap();
    assert_eq!(strike % 0.5, 0.0);
    assert!(strike > 17.525 && (delta - 0.30).abs() < 0.03, "{stdout}");
}

#[test]
fn vix_options_quote_needs_a_vix_expiry_after_the_date() {
    let out = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(root())
        .args(["quote", "--date", "2016-06-01", "--vix-strike", "20"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--vix-expiry"), "{}", text(&out));
}
