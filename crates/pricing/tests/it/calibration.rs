//! The calibrated defaults meet the fit targets on the real data (the figures of
//! `crates/pricing/CALIBRATION.md`).

use ringfence_pricing::calibrate::smile_fit::{evaluate_smile, read_smile_file, smile_contexts};
use ringfence_pricing::calibrate::vx_fit::{evaluate_vx, vx_observations};
use ringfence_pricing::model::ModelParams;

use super::model::real_history;

#[test]
fn default_smile_meets_the_fit_targets_on_the_smile_file() {
    let Some(h) = real_history() else { return };
    let Some(dir) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let obs = read_smile_file(&dir.join("spx_smile_calibration_2005_2022.tsv")).unwrap();
    assert_eq!(obs.len(), 355);
    let p = ModelParams::default();
    let ctx = smile_contexts(&obs, Some(h), &p.term_fallback);
    let r = evaluate_smile(&obs, &ctx, &p.smile, p.div_yield);
    assert_eq!(r.dates, 59);
    // Order: ATM, 25d put, 10d put, 5d put, 25d call, 10d call, 5d call.
    let targets = [1.5, 1.5, 1.5, 2.5, 1.5, 1.5, 2.5];
    let expected = [0.83, 0.60, 0.74, 0.74, 1.07, 1.27, 1.27];
    for k in 0..7 {
        let m = r.points[k].median_abs;
        assert!(m <= targets[k], "point {k}: median {m}");
        assert!((m - expected[k]).abs() < 0.02, "point {k}: median {m}");
    }
    assert_eq!(r.condor_pct.n, 277);
    assert!(r.condor_pct.median_abs <= 15.0);
    assert!(
        (r.condor_pct.median_abs - 7.0).abs() < 0.2,
        "{}",
        r.condor_pct.median_abs
    );
}

#[test]
fn default_vx_curve_meets_the_fit_targets_on_the_real_settles() {
    let Some(h) = real_history() else { return };
    let p = ModelParams::default();
    let obs = vx_observations(h);
    let r = evaluate_vx(h, &obs, &p.term_fallback, &p.vx_curve);
    assert!(
        r.by_rank[0].stats.median_abs <= 0.8,
        "VX1 {:?}",
        r.by_rank[0]
    );
    for rank in 1..4 {
        assert!(
            r.by_rank[rank].stats.median_abs <= 1.2,
            "{:?}",
            r.by_rank[rank]
        );
    }
    let share = r.all.slope_sign_errors as f64 / r.all.slope_days as f64;
    assert!(share <= 0.10, "slope sign errors {share}");
    assert!((r.by_rank[0].stats.median_abs - 0.36).abs() < 0.02);
    // The VIX-only era (2004-2007) is reported separately and still within the VX1 target.
    let vix_only = r.by_source.iter().find(|g| g.label == "vix_only").unwrap();
    assert!(vix_only.stats.n > 4000);
    assert!(vix_only.vx1_median_abs <= 0.8);
}
