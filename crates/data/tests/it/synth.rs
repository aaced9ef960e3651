//! The synthetic history generator: determinism, formats, model properties, and that the
//! shipped `data/` set is exactly what the generator writes.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ringfence_data::synth::{self, FILES, SynthHistory, SynthParams};
use ringfence_data::{DataError, LoadOptions, calendar, check_dir, load_dir};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Ten years that cover every publication start (VX 2004, VVIX 2006, VIX6M 2008, VIX3M
/// 2009, VIX9D 2011).
fn decade() -> SynthParams {
    SynthParams {
        seed: 11,
        years: 10,
        start: d(2003, 1, 2),
        spx_start: 900.0,
        ..SynthParams::default()
    }
}

fn shipped_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

fn default_history() -> SynthHistory {
    synth::generate(&SynthParams::default()).unwrap()
}

#[test]
fn same_seed_writes_identical_bytes_and_another_seed_does_not() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let params = decade();
    synth::write_dir(&synth::generate(&params).unwrap(), a.path()).unwrap();
    synth::write_dir(&synth::generate(&params).unwrap(), b.path()).unwrap();
    let other = SynthParams {
        seed: 12,
        ..decade()
    };
    synth::write_dir(&synth::generate(&other).unwrap(), c.path()).unwrap();
    for name in FILES {
        let x = std::fs::read(a.path().join(name)).unwrap();
        assert_eq!(x, std::fs::read(b.path().join(name)).unwrap(), "{name}");
        assert_ne!(x, std::fs::read(c.path().join(name)).unwrap(), "{name}");
    }
}

#[test]
fn shipped_data_set_is_what_the_default_synth_command_writes() {
    let out = tempfile::tempdir().unwrap();
    synth::write_dir(&default_history(), out.path()).unwrap();
    for name in FILES {
        let fresh = std::fs::read(out.path().join(name)).unwrap();
        let shipped = std::fs::read(shipped_dir().join(name))
            .unwrap_or_else(|e| panic!("data/{name}: {e} (run `ringfence data synth`)"));
        assert!(
            fresh == shipped,
            "data/{name} differs from the generator's output: regenerate with `ringfence data synth`"
        );
    }
}

#[test]
fn written_files_load_back_through_the_loaders() {
    let h = synth::generate(&decade()).unwrap();
    let out = tempfile::tempdir().unwrap();
    synth::write_dir(&h, out.path()).unwrap();
    let loaded = load_dir(out.path(), &LoadOptions::default()).unwrap();
    let expected = h.to_market_history();
    assert_eq!(loaded.dates, expected.dates);
    assert_eq!(loaded.spx, expected.spx);
    assert_eq!(loaded.vix, expected.vix);
    let same = |a: &[f64], b: &[f64]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| (x.is_nan() && y.is_nan()) || (x - y).abs() < 1e-9)
    };
    assert!(same(&loaded.vix9d, &expected.vix9d), "vix9d");
    assert!(same(&loaded.vix3m, &expected.vix3m), "vix3m");
    assert!(same(&loaded.vix6m, &expected.vix6m), "vix6m");
    assert!(same(&loaded.vvix, &expected.vvix), "vvix");
    assert!(same(&loaded.rate, &expected.rate), "rate");
    assert_eq!(loaded.vx.contracts.len(), expected.vx.contracts.len());
    for (l, e) in loaded.vx.contracts.iter().zip(&expected.vx.contracts) {
        assert_eq!(l.month, e.month);
        assert_eq!(l.first_day, e.first_day, "{:?}", e.month);
        assert!(
            same(&l.settles, &e.settles),
            "{:?}: {:?} vs {:?}",
            e.month,
            &l.settles[..5.min(l.settles.len())],
            &e.settles[..5.min(e.settles.len())]
        );
    }
    // Publication starts mirror the real files.
    let first = |v: &[f64]| loaded.dates[v.iter().position(|x| x.is_finite()).unwrap()];
    assert_eq!(first(&loaded.vix9d), d(2011, 1, 4));
    assert_eq!(first(&loaded.vix3m), d(2009, 9, 18));
    assert_eq!(first(&loaded.vix6m), d(2008, 1, 2));
    assert_eq!(first(&loaded.vvix), d(2006, 3, 6));
}

#[test]
fn trading_days_are_the_nyse_calendar() {
    let h = synth::generate(&decade()).unwrap();
    assert_eq!(
        h.dates,
        calendar::trading_days(d(2003, 1, 2), d(2013, 1, 1))
    );
    // 2012-10-29/30 (Hurricane Sandy) and 2004-06-11 (Reagan) are absent.
    assert!(h.dates.binary_search(&d(2012, 10, 29)).is_err());
    assert!(h.dates.binary_search(&d(2004, 6, 11)).is_err());
    assert_eq!(default_history().dates.last(), Some(&d(2025, 12, 31)));
}

#[test]
fn every_ohlc_row_is_ordered_and_positive() {
    let h = default_history();
    for (name, o) in [
        ("spx", &h.spx),
        ("vix", &h.vix),
        ("vix9d", &h.vix9d),
        ("vix3m", &h.vix3m),
        ("vix6m", &h.vix6m),
    ] {
        for t in 0..o.len() {
            let (op, hi, lo, cl) = (o.open[t], o.high[t], o.low[t], o.close[t]);
            assert!(
                lo > 0.0 && lo <= op.min(cl) && hi >= op.max(cl),
                "{name} day {t}: {op} {hi} {lo} {cl}"
            );
        }
    }
}

#[test]
fn vix_sits_above_realised_volatility_on_average() {
    // Variance risk premium: mean VIX² above the annualised mean squared SPX log return.
    let h = default_history();
    let c = &h.spx.close;
    let realised: f64 = c
        .windows(2)
        .map(|w| (w[1] / w[0]).ln().powi(2))
        .sum::<f64>()
        / (c.len() - 1) as f64
        * 252.0;
    let implied: f64 =
        h.vix.close.iter().map(|v| (v / 100.0).powi(2)).sum::<f64>() / c.len() as f64;
    assert!(
        implied > 1.05 * realised,
        "VIX² {implied:.4} vs realised {realised:.4}"
    );
}

#[test]
fn vix_curve_is_in_contango_when_calm_and_inverted_in_stress() {
    let h = default_history();
    let (mut calm, mut calm_contango, mut stress, mut stress_inverted) = (0, 0, 0, 0);
    for t in 0..h.dates.len() {
        let (v, v3) = (h.vix.close[t], h.vix3m.close[t]);
        if v < 15.0 {
            calm += 1;
            calm_contango += usize::from(v < v3);
        }
        if v > 40.0 {
            stress += 1;
            stress_inverted += usize::from(v > v3);
        }
    }
    assert!(
        calm_contango as f64 > 0.99 * calm as f64,
        "{calm_contango}/{calm}"
    );
    assert!(
        stress_inverted as f64 > 0.9 * stress as f64,
        "{stress_inverted}/{stress}"
    );
}

#[test]
fn vx_settles_at_the_vix_open_on_expiration_and_lists_eight_contracts() {
    let h = default_history();
    let mut expired = 0;
    for c in &h.vx {
        let last = c.first_day + c.settles.len() - 1;
        if h.dates[last] == c.expiry {
            assert_eq!(
                c.settles[c.settles.len() - 1],
                h.vix.open[last],
                "{:?}",
                c.month
            );
            expired += 1;
        }
        assert!(c.settles.iter().all(|s| *s > 0.0));
    }
    assert!(expired > 250, "{expired} expired contracts");
    // 2004-03-26 (first VX day) to 2025-12-31: eight contracts every day.
    let first = h.starts.vx;
    assert_eq!(h.dates[first], d(2004, 3, 26));
    for t in [first, first + 1000, h.dates.len() - 1] {
        let listed =
            h.vx.iter()
                .filter(|c| t >= c.first_day && t < c.first_day + c.settles.len())
                .count();
        assert_eq!(listed, 8, "day {}", h.dates[t]);
    }
}

#[test]
fn tbill_rate_stays_non_negative_with_two_decimals() {
    let h = default_history();
    assert!(
        h.dtb3_pct
            .iter()
            .all(|r| *r >= 0.0 && ((r * 100.0).round() - r * 100.0).abs() < 1e-9)
    );
    assert_eq!(h.dtb3_pct[0], 7.9);
}

#[test]
fn out_of_range_years_is_a_parameter_error() {
    let err = synth::generate(&SynthParams {
        years: 0,
        ..SynthParams::default()
    })
    .unwrap_err();
    assert!(
        matches!(&err, DataError::Parameter { name, .. } if name == "years"),
        "{err}"
    );
    assert!(err.to_string().contains("1 to 40"));
    let err = synth::generate(&SynthParams {
        years: synth::MAX_YEARS + 1,
        ..SynthParams::default()
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("parameter `years` = 41 is out of range: accepted 1 to 40 ("),
        "{err}"
    );
}

#[test]
fn every_accepted_span_writes_a_set_the_data_check_accepts() {
    // 1 year: every optional series would start after the span; 19: VIX9D and VIX3M would;
    // 21: VIX9D would (its real start, 2011-01-04, is 3 days after the span); the longest.
    for years in [1, 19, 21, synth::MAX_YEARS] {
        let h = synth::generate(&SynthParams {
            years,
            ..SynthParams::default()
        })
        .unwrap();
        let out = tempfile::tempdir().unwrap();
        synth::write_dir(&h, out.path()).unwrap();
        let r = check_dir(out.path(), &LoadOptions::default()).unwrap();
        assert_eq!(r.errors, 0, "--years {years}:\n{}", r.render());
        assert!(r.history.is_some(), "--years {years}");
        // A series published after the span covers the whole span; one published inside it
        // starts on its real date.
        let last = *h.dates.last().unwrap();
        for (k, start) in [
            h.starts.vix9d,
            h.starts.vix3m,
            h.starts.vix6m,
            h.starts.vvix,
            h.starts.vx,
        ]
        .into_iter()
        .enumerate()
        {
            let (y, m, day) = synth::REAL_PUBLICATION[k];
            let real = d(y, m, day);
            let expected = if real > last { h.dates[0] } else { real };
            assert_eq!(h.dates[start], expected, "--years {years}, series {k}");
        }
    }
}

#[test]
fn a_simulated_spx_above_the_loaders_limit_is_refused_not_written() {
    let err = synth::generate(&SynthParams {
        years: 2,
        spx_start: 990_000.0,
        ..SynthParams::default()
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("accepted a span over which the simulated SPX stays within 1000000 index points (seed 1 reaches a high of"),
        "{err}"
    );
    assert!(err.contains("use fewer years or another seed"), "{err}");
    let err = synth::generate(&SynthParams {
        spx_start: 2e6,
        ..SynthParams::default()
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("a positive number of index points up to 1000000"),
        "{err}"
    );
}

#[test]
fn writing_into_a_file_path_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not_a_dir");
    std::fs::write(&blocker, b"x").unwrap();
    let h = synth::generate(&SynthParams {
        years: 1,
        ..SynthParams::default()
    })
    .unwrap();
    let err = synth::write_dir(&h, &blocker).unwrap_err();
    assert!(matches!(err, DataError::Write { .. }), "{err}");
    assert!(err.to_string().contains("not_a_dir"));
}
