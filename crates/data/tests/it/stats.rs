//! Market statistics: known values of the real 1990-2025 history, and the shipped synthetic
//! set against the real statistics within the stated tolerances.

use std::path::Path;

use chrono::NaiveDate;
use ringfence_data::stats::{Comparison, CrisisEpisode, MarketStats, Tolerances};
use ringfence_data::{LoadOptions, load_dir};
use ringfence_test_support::shared_data_dir;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn window() -> (NaiveDate, NaiveDate) {
    (d(1990, 1, 1), d(2025, 12, 31))
}

/// The real 1990-2025 statistics, as measured by `ringfence data stats --data ../shared/data`
/// and printed in `data/README.md`.
fn real_1990_2025() -> MarketStats {
    let crisis = |peak_date, peak_vix, start| CrisisEpisode {
        start,
        peak_date,
        peak_vix,
    };
    MarketStats {
        from: d(1990, 1, 2),
        to: d(2025, 12, 31),
        days: 9067,
        spx_return_annual: 0.0853,
        spx_vol_annual: 0.1807,
        vix_mean: 19.46,
        vix_median: 17.59,
        vix_p5: 11.42,
        vix_p95: 33.07,
        vix_max: 82.69,
        vix_max_date: d(2020, 3, 16),
        corr_spx_vix: -0.787,
        contango_share: Some(0.923),
        contango_days: 4097,
        vix_rho: 0.9771,
        vix_half_life_days: 29.9,
        crises: vec![
            crisis(d(1998, 10, 8), 45.74, d(1998, 8, 31)),
            crisis(d(2001, 9, 20), 43.74, d(2001, 9, 17)),
            crisis(d(2002, 8, 5), 45.08, d(2002, 7, 22)),
            crisis(d(2008, 11, 20), 80.86, d(2008, 9, 29)),
            crisis(d(2010, 5, 20), 45.79, d(2010, 5, 7)),
            crisis(d(2011, 8, 8), 48.00, d(2011, 8, 8)),
            crisis(d(2015, 8, 24), 40.74, d(2015, 8, 24)),
            crisis(d(2020, 3, 16), 82.69, d(2020, 2, 28)),
            crisis(d(2025, 4, 8), 52.33, d(2025, 4, 4)),
        ],
    }
}

#[test]
fn vix_closed_at_its_1990_2025_maximum_82_69_on_2020_03_16() {
    let Some(dir) = shared_data_dir() else { return };
    let (from, to) = window();
    let history = load_dir(&dir, &LoadOptions::default()).unwrap();
    let s = MarketStats::measure(&history, from, to).unwrap();
    assert_eq!(s.vix_max, 82.69);
    assert_eq!(s.vix_max_date, d(2020, 3, 16));
}

#[test]
fn real_1990_2025_statistics_are_the_published_ones() {
    let Some(dir) = shared_data_dir() else { return };
    let (from, to) = window();
    let history = load_dir(&dir, &LoadOptions::default()).unwrap();
    let s = MarketStats::measure(&history, from, to).unwrap();
    let r = real_1990_2025();
    let close = |name: &str, got: f64, want: f64, tol: f64| {
        assert!(
            (got - want).abs() <= tol,
            "{name}: measured {got}, expected {want}"
        );
    };
    assert_eq!((s.from, s.to, s.days), (r.from, r.to, r.days));
    close("return", s.spx_return_annual, r.spx_return_annual, 5e-5);
    close("vol", s.spx_vol_annual, r.spx_vol_annual, 5e-5);
    close("mean", s.vix_mean, r.vix_mean, 0.005);
    close("median", s.vix_median, r.vix_median, 0.005);
    close("p5", s.vix_p5, r.vix_p5, 0.005);
    close("p95", s.vix_p95, r.vix_p95, 0.005);
    close("corr", s.corr_spx_vix, r.corr_spx_vix, 5e-4);
    close(
        "contango",
        s.contango_share.unwrap(),
        r.contango_share.unwrap(),
        5e-4,
    );
    assert_eq!(s.contango_days, r.contango_days);
    close(
        "half-life",
        s.vix_half_life_days,
        r.vix_half_life_days,
        0.05,
    );
    assert_eq!(s.crises, r.crises);
}

#[test]
fn shipped_synthetic_set_meets_every_tolerance() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let (from, to) = window();
    let history = load_dir(&shipped, &LoadOptions::default()).unwrap();
    let synthetic = MarketStats::measure(&history, from, to).unwrap();
    let comparison = Comparison::new(&real_1990_2025(), &synthetic, &Tolerances::default());
    let failed: Vec<_> = comparison.rows.iter().filter(|r| !r.pass).collect();
    assert!(failed.is_empty(), "out of tolerance: {failed:#?}");
    assert!(synthetic.vix_max >= 60.0);
    assert!(synthetic.crises.len() >= 3);
    assert_eq!(
        synthetic.days, 9067,
        "the same NYSE days as the real history"
    );
}

#[test]
fn a_statistic_out_of_tolerance_fails_its_row() {
    let real = real_1990_2025();
    let mut synthetic = real.clone();
    synthetic.vix_mean += 2.5;
    synthetic.vix_max = 59.0;
    let c = Comparison::new(&real, &synthetic, &Tolerances::default());
    let failed: Vec<&str> = c
        .rows
        .iter()
        .filter(|r| !r.pass)
        .map(|r| r.statistic.as_str())
        .collect();
    assert_eq!(failed, ["VIX mean", "VIX maximum close"]);
    assert!(!c.all_pass());
    let md = c.to_markdown("real", "synthetic");
    assert!(md.starts_with("| statistic | real | synthetic | tolerance | pass |"));
    assert!(
        md.contains("| VIX mean | 19.46 | 21.96 | ±2 | NO |"),
        "{md}"
    );
}

#[test]
fn a_window_of_two_days_is_refused() {
    let h = ringfence_data::synth::generate(&ringfence_data::synth::SynthParams {
        years: 1,
        ..Default::default()
    })
    .unwrap()
    .to_market_history();
    let err = MarketStats::measure(&h, d(1990, 1, 2), d(1990, 1, 3)).unwrap_err();
    assert!(err.to_string().contains("at least 3 trading days"), "{err}");
}
