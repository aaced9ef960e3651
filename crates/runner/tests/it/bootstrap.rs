//! Stationary block bootstrap: determinism, block lengths, joint moves, level handling.

use ringfence_data::rng::Rng;
use ringfence_runner::bootstrap::{Resampling, path_seed, resample, source_days};
use ringfence_strategy::DayRange;

use crate::support::shipped_data;

fn history() -> ringfence_data::MarketHistory {
    ringfence_data::load_dir(&shipped_data(), &ringfence_data::LoadOptions::default()).unwrap()
}

const SETTINGS: Resampling = Resampling {
    mean_block_days: 20.0,
    vol_gap_half_life_days: 10.0,
};

#[test]
fn block_lengths_are_geometric_with_the_configured_mean() {
    let mut rng = Rng::new(11);
    let range = DayRange {
        start: 0,
        end: 200_001,
    };
    let src = source_days(range, 20.0, &mut rng);
    let joins = src.windows(2).filter(|w| w[1] != w[0] + 1).count();
    let mean = (src.len() - 1) as f64 / joins as f64;
    assert!((mean - 20.0).abs() < 0.6, "mean block length {mean}");
}

#[test]
fn same_seed_same_path_and_paths_differ() {
    let h = history();
    let r = DayRange {
        start: 0,
        end: h.len(),
    };
    let a = resample(&h, r, &SETTINGS, path_seed(1, 1)).unwrap();
    let b = resample(&h, r, &SETTINGS, path_seed(1, 1)).unwrap();
    let c = resample(&h, r, &SETTINGS, path_seed(1, 2)).unwrap();
    // Bitwise: missing values are NaN, which `==` never equals.
    let bits = |h: &ringfence_data::MarketHistory| -> Vec<u64> {
        [
            &h.spx.close,
            &h.spx.open,
            &h.vix.close,
            &h.vix3m,
            &h.vvix,
            &h.rate,
        ]
        .iter()
        .flat_map(|c| c.iter().map(|x| x.to_bits()))
        .collect()
    };
    assert!(bits(&a) == bits(&b), "same seed, same path");
    assert_ne!(a.spx.close, c.spx.close);
    assert_eq!(a.dates, h.dates, "the calendar is kept");
    assert!(a.vx.is_empty(), "VX settles are dropped");
}

#[test]
fn every_spx_return_of_a_path_is_a_return_of_the_source() {
    let h = history();
    let r = DayRange {
        start: 100,
        end: 2_100,
    };
    let mut rng = Rng::new(path_seed(5, 3));
    let src = source_days(r, 20.0, &mut rng);
    let p = resample(&h, r, &SETTINGS, path_seed(5, 3)).unwrap();
    assert_eq!(p.len(), 2_000);
    assert_eq!(
        p.spx.close[0], h.spx.close[100],
        "day 0 is the real first day"
    );
    for (t, &j) in src.iter().enumerate().skip(1) {
        let want = h.spx.close[j] / h.spx.close[j - 1];
        let got = p.spx.close[t] / p.spx.close[t - 1];
        assert!((want - got).abs() < 1e-12, "day {t}");
        assert!(p.spx.high[t] >= p.spx.close[t] && p.spx.low[t] <= p.spx.close[t]);
        assert_eq!(p.rate[t], h.rate[j]);
    }
}

#[test]
fn without_gap_decay_vix_levels_are_the_source_days_levels() {
    let h = history();
    let r = DayRange {
        start: 0,
        end: h.len(),
    };
    let s = Resampling {
        mean_block_days: 5.0,
        vol_gap_half_life_days: 0.0,
    };
    let seed = path_seed(9, 1);
    let mut rng = Rng::new(seed);
    let src = source_days(r, 5.0, &mut rng);
    let p = resample(&h, r, &s, seed).unwrap();
    for (t, &j) in src.iter().enumerate() {
        assert!((p.vix.close[t] - h.vix.close[j]).abs() < 1e-9 * h.vix.close[j]);
    }
}

#[test]
fn vix_stays_mean_reverting_over_thirty_six_years() {
    // Summing resampled log changes alone would wander off; the decaying gap keeps the
    // path's VIX within the source's range (with a margin for the decay).
    let h = history();
    let r = DayRange {
        start: 0,
        end: h.len(),
    };
    let lo = h.vix.close.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = h.vix.close.iter().cloned().fold(0.0, f64::max);
    for path in 1..=5 {
        let p = resample(&h, r, &SETTINGS, path_seed(2, path)).unwrap();
        let plo = p.vix.close.iter().cloned().fold(f64::INFINITY, f64::min);
        let phi = p.vix.close.iter().cloned().fold(0.0, f64::max);
        assert!(
            plo > lo * 0.5 && phi < hi * 2.0,
            "path {path}: {plo}..{phi} vs {lo}..{hi}"
        );
    }
}
