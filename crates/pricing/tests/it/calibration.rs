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
    let expected = [0.66, 0.59, 0.85, 0.96, 0.88, 1.15, 0.92];
    for k in 0..7 {
        let m = r.points[k].median_abs;
        assert!(m <= targets[k], "point {k}: median {m}");
        assert!((m - expected[k]).abs() < 0.02, "point {k}: median {m}");
    }
    assert_eq!(r.condor_pct.n, 277);
    assert!(r.condor_pct.median_abs <= 15.0);
    assert!(
        (r.condor_pct.median_abs - 7.3).abs() < 0.2,
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

#[test]
fn the_vvix_fallback_is_the_log_log_fit_calibrate_vx_prints() {
    use ringfence_pricing::calibrate::vx_fit::vvix_fallback_fit;
    let Some(h) = real_history() else { return };
    let p = ModelParams::default().vix_options;
    let (a, b, n, r) = vvix_fallback_fit(h, &p);
    // The defaults are the fit to the digits `calibrate vx` prints (53.738, 0.1867).
    assert!(
        (a - p.fallback_a).abs() < 5e-4,
        "a {a} against {}",
        p.fallback_a
    );
    assert!(
        (b - p.fallback_b).abs() < 5e-5,
        "b {b} against {}",
        p.fallback_b
    );
    assert!(n > 4900 && r > 0.35 && r < 0.45, "n {n}, r {r}");
}

/// The smile file and its contexts from the real history (`None` without the shared data).
fn smile_file() -> Option<(
    Vec<ringfence_pricing::calibrate::smile_fit::SmileObservation>,
    Vec<ringfence_pricing::calibrate::smile_fit::SmileContext>,
)> {
    let h = real_history()?;
    let dir = ringfence_test_support::shared_data_dir()?;
    let obs = read_smile_file(&dir.join("spx_smile_calibration_2005_2022.tsv")).unwrap();
    let ctx = smile_contexts(&obs, Some(h), &ModelParams::default().term_fallback);
    Some((obs, ctx))
}

#[test]
fn atm_by_year_reads_the_one_month_rows_of_each_year() {
    use ringfence_pricing::calibrate::atm_by_year::atm_by_year;
    let Some((obs, ctx)) = smile_file() else {
        return;
    };
    let p = ModelParams::default();
    let t = atm_by_year(&obs, &ctx, &p.smile, p.div_yield, 20, 45);
    let years: Vec<i32> = t.years.iter().map(|y| y.year).collect();
    // The file has no date in 2006-2010, 2012-2014 or 2021.
    assert_eq!(
        years,
        [2005, 2011, 2015, 2016, 2017, 2018, 2019, 2020, 2022]
    );
    // 2005: one row, 2005-09-15, 36 days, ATM 0.1095 at a VIX close of 12.49.
    let y05 = t.years[0];
    assert_eq!((y05.rows, y05.dates), (1, 1));
    assert!((y05.market_ratio - 0.1095 / 0.1249).abs() < 1e-9);
    assert_eq!(y05.skew.map(|s| s.round()), Some(125.0));
    // On a one-row year the error is the ratio gap times the VIX level.
    let from_ratios = (y05.model_ratio - y05.market_ratio) * y05.vix;
    assert!((y05.mean_err - from_ratios).abs() < 1e-9, "{y05:?}");
    // The shipped model's one-month ATM is below the market's on every year before 2017
    // (SKEW 122-126), by less than half a vol point with the SKEW slope (0.5-0.8 without
    // it), and above it in 2017-2020 (SKEW 128-134): CALIBRATION.md section 8.
    for y in &t.years {
        if y.year < 2017 {
            assert!(y.mean_err < 0.0 && y.mean_err > -0.5, "{y:?}");
        } else if y.year <= 2020 {
            assert!(y.mean_err > 0.0, "{y:?}");
        }
    }
    assert_eq!(t.years.iter().map(|y| y.rows).sum::<usize>(), 173);
}

#[test]
fn a_year_split_partitions_the_file_and_the_ratio_fit_frees_only_ratio_s() {
    use ringfence_pricing::calibrate::smile_fit::{
        SkewTerms, SmileFitOptions, fit_call_turn, fit_smile, split_by_years,
    };
    use ringfence_pricing::smile::SmileParams;
    let Some((obs, ctx)) = smile_file() else {
        return;
    };
    let ((a, ac), (b, bc)) = split_by_years(&obs, &ctx, 2005, 2016);
    // 2005: 1 row, 2011: 17, 2015: 10, 2016: 10.
    assert_eq!((a.len(), b.len()), (38, 317));
    assert_eq!((ac.len(), bc.len()), (38, 317));
    assert!(
        a.iter()
            .all(|o| o.date.format("%Y").to_string() <= "2016".into())
    );
    assert!(
        b.iter()
            .all(|o| o.date.format("%Y").to_string() >= "2017".into())
    );
    let q = ModelParams::default().div_yield;
    let start = SmileParams::calibration_start();
    let body = |terms| SmileFitOptions {
        terms,
        call_turn: false,
        ..SmileFitOptions::default()
    };
    let fitted = fit_smile(&obs, &ctx, &start, q, body(SkewTerms::Ratio));
    assert_eq!((fitted.b_s, fitted.rho_s), (0.0, 0.0));
    assert_eq!((fitted.call_turn, fitted.call_turn_v), (0.0, 0.0));
    // A high SKEW lowers ATM relative to VIX, and the ATM error falls from the plain fit's.
    assert!(fitted.ratio_s < -0.2, "{}", fitted.ratio_s);
    let plain = fit_smile(&obs, &ctx, &start, q, body(SkewTerms::None));
    assert_eq!(plain.ratio_s, 0.0);
    let plain = evaluate_smile(&obs, &ctx, &plain, q);
    let with_skew = evaluate_smile(&obs, &ctx, &fitted, q);
    assert!(with_skew.points[0].median_abs < plain.points[0].median_abs - 0.1);
    // The shipped smile is this body with the call-wing turn fitted on it.
    let shipped = ModelParams::default().smile;
    let turned = fit_call_turn(&obs, &ctx, &fitted, q);
    for ((name, a), (_, b)) in turned.fitted().into_iter().zip(shipped.fitted()) {
        assert!((a - b).abs() <= 1e-6, "{name}: fitted {a}, shipped {b}");
    }
}

#[test]
fn the_call_turn_stage_moves_only_the_calls_and_turns_up_most_in_calm_markets() {
    use ringfence_pricing::calibrate::condor_check::{CondorShape, condor_checks, condor_report};
    use ringfence_pricing::calibrate::smile_fit::{errors_by_vix, fit_call_turn};
    use ringfence_pricing::model::MarketModel;
    let Some((obs, ctx)) = smile_file() else {
        return;
    };
    let Some(chains) = ringfence_test_support::shared_chains_dir() else {
        return;
    };
    let shipped = ModelParams::default();
    let q = shipped.div_yield;
    // The shipped smile without its turn is the body the second stage starts from.
    let body = ringfence_pricing::smile::SmileParams {
        call_turn: 0.0,
        call_turn_v: 0.0,
        ..shipped.smile
    };
    let turned = fit_call_turn(&obs, &ctx, &body, q);
    // The second stage frees the turn alone, and gives the shipped turn.
    assert_eq!(
        ringfence_pricing::smile::SmileParams {
            call_turn: 0.0,
            call_turn_v: 0.0,
            ..turned
        },
        body
    );
    assert!((turned.call_turn - shipped.smile.call_turn).abs() <= 1e-6);
    assert!((turned.call_turn_v - shipped.smile.call_turn_v).abs() <= 1e-6);
    // It turns the call wing up, more at a low VIX (the file's calm rows have a flat 10- to
    // 5-delta call wing: median ratio of their vols to ATM 0.848 and 0.865 at VIX < 15,
    // 0.799 and 0.786 at VIX 15-20).
    assert!(turned.call_turn > 0.01, "{turned:?}");
    assert!(turned.call_turn_v < -0.01, "{turned:?}");
    let (before, after) = (
        evaluate_smile(&obs, &ctx, &body, q),
        evaluate_smile(&obs, &ctx, &turned, q),
    );
    // The puts sit below the forward (x < 0): not one error moves. The file's ATM point is
    // the 50-delta strike, F e^{sigma^2 T / 2}, a hair above the forward (x ~ 0.02).
    assert_eq!(before.points[1..4], after.points[1..4]);
    assert!((before.points[0].mean - after.points[0].mean).abs() < 1e-4);
    // The 5-delta call's median error falls from 1.11 to 0.92 vol points.
    assert!(after.points[6].median_abs < before.points[6].median_abs - 0.1);
    // By regime, the calm rows' 5-delta call error falls most (median abs 1.22 -> 0.75).
    let calm = |p| errors_by_vix(&obs, &ctx, p, q).regimes[0].1.points[6].median_abs;
    assert!(calm(&turned) < calm(&body) - 0.4);
    // Held out: the calm 2019 condors (VIX < 15) lose a third of their error (14.3% -> 9.8%),
    // while the stress condors, cheap in the model, get cheaper (median -5.5% -> -8.8%).
    let file = chains.join("spx_otm_2019-04-25_2019-05-31.tsv");
    let h = real_history().unwrap();
    let report = |smile| {
        let params = ModelParams {
            smile,
            ..ModelParams::default()
        };
        let model = MarketModel::new(h, &params).unwrap();
        let beta = ringfence_pricing::calibrate::spot_vol::spot_vol_beta(h);
        condor_report(
            &condor_checks(&file, &model, beta, CondorShape::CHECKED, 14, 100).unwrap(),
            (14, 100),
        )
    };
    let (a, b) = (report(body), report(turned));
    let (calm_a, calm_b) = (&a.by_vix[0], &b.by_vix[0]);
    assert!((calm_a.stats.median_abs - 14.3).abs() < 0.1, "{calm_a:?}");
    assert!((calm_b.stats.median_abs - 9.8).abs() < 0.1, "{calm_b:?}");
    assert!(b.by_vix[2].median < a.by_vix[2].median - 3.0);
}

#[test]
fn a_condor_weight_trades_smile_points_for_the_calm_condor() {
    use ringfence_pricing::calibrate::smile_fit::{SmileFitOptions, errors_by_vix, fit_smile};
    use ringfence_pricing::smile::SmileParams;
    let Some((obs, ctx)) = smile_file() else {
        return;
    };
    let q = ModelParams::default().div_yield;
    let start = SmileParams::calibration_start();
    let weighted = SmileFitOptions {
        condor_weight: 1.0,
        ..SmileFitOptions::default()
    };
    // Weight 0 is the shipped fit: it reproduces the defaults (printed to 6 decimals).
    let plain = fit_smile(&obs, &ctx, &start, q, SmileFitOptions::default());
    let shipped = ModelParams::default().smile;
    for ((name, a), (_, b)) in plain.fitted().into_iter().zip(shipped.fitted()) {
        assert!((a - b).abs() <= 1e-6, "{name}: fitted {a}, shipped {b}");
    }
    let fitted = fit_smile(&obs, &ctx, &start, q, weighted);
    let condor = |p: &SmileParams| errors_by_vix(&obs, &ctx, p, q).regimes[0].1.condor_pct;
    // The file's calm condors (VIX < 15), 13.2% rich with the shipped fit (CALIBRATION.md
    // section 7), come within 5%.
    let (before, after) = (condor(&plain), condor(&fitted));
    assert!(before.median_abs > 12.0, "{before:?}");
    assert!(after.median_abs < 6.0, "{after:?}");
    // Paid for in the put wing: the 25-, 10- and 5-delta puts' median abs errors rise
    // (0.59 / 0.85 / 0.96 -> 0.63 / 0.92 / 0.99 vol points).
    let puts = |p: &SmileParams| {
        evaluate_smile(&obs, &ctx, p, q).points[1..4]
            .iter()
            .map(|s| s.median_abs)
            .sum::<f64>()
    };
    assert!(puts(&fitted) > puts(&plain) + 0.1, "{fitted:?}");
}

#[test]
fn cross_validation_prices_each_date_under_a_fit_that_did_not_see_it() {
    use ringfence_pricing::calibrate::smile_cv::{FoldScheme, cross_validate, date_folds};
    use ringfence_pricing::calibrate::smile_fit::{SmileFitOptions, fit_smile};
    use ringfence_pricing::smile::SmileParams;
    let Some((obs, ctx)) = smile_file() else {
        return;
    };
    let q = ModelParams::default().div_yield;
    let start = SmileParams::calibration_start();
    let fit = |o: &[_], c: &[_]| fit_smile(o, c, &start, q, SmileFitOptions::default());
    let folds = date_folds(&obs, 3, FoldScheme::Contiguous).unwrap();
    let cv = cross_validate(&obs, &ctx, q, &folds, &fit);
    let shipped = evaluate_smile(&obs, &ctx, &ModelParams::default().smile, q);
    // Every row is priced once, under one of three different fits.
    assert_eq!((cv.out_of_fold.rows, cv.out_of_fold.dates), (355, 59));
    let counts =
        |r: &ringfence_pricing::calibrate::smile_fit::SmileFitReport| r.points.map(|s| s.n);
    assert_eq!(counts(&cv.out_of_fold), counts(&shipped));
    assert_eq!(cv.out_of_fold.condor_pct.n, shipped.condor_pct.n);
    assert_eq!(cv.out_of_fold.params, None);
    assert_eq!(cv.fold_params.len(), 3);
    assert!(cv.fold_params[0] != cv.fold_params[1] && cv.fold_params[1] != cv.fold_params[2]);
    // Dates a fit has not seen are priced worse than by the fit on every date (the shipped
    // one): the sum of the seven points' median abs errors rises.
    let total = |r: &ringfence_pricing::calibrate::smile_fit::SmileFitReport| {
        r.points.iter().map(|s| s.median_abs).sum::<f64>()
    };
    assert!(
        total(&cv.out_of_fold) > total(&shipped) + 0.3,
        "out of fold {}, in sample {}",
        total(&cv.out_of_fold),
        total(&shipped)
    );
    // The by-VIX table covers the same rows.
    let by_vix: usize = cv.by_vix.regimes.iter().map(|(_, r)| r.rows).sum();
    assert_eq!(by_vix, 355);
}

/// A smile file with the real file's header and `rows` (tab-separated).
fn smile_tsv(dir: &tempfile::TempDir, rows: &[&str]) -> std::path::PathBuf {
    let path = dir.path().join("smile.tsv");
    let mut text = String::from(
        "date\tunderlying\tvix_close\texpiry\tdte\tiv_atm\tiv_p25\tiv_p10\tiv_p05\tiv_c25\tiv_c10\tiv_c05\tic16_50_mid\tsource_repo\n",
    );
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    path
}

const SMILE_ROW: &str = "2011-01-03\t1271.87\t17.61\t2011-01-21\t18\t0.1404\t0.1625\t0.1914\t0.2123\t0.1269\t0.1293\t0.1214\t5.35\tsrc";

#[test]
fn smile_reader_refuses_a_header_without_rows() {
    let dir = tempfile::tempdir().unwrap();
    let e = read_smile_file(&smile_tsv(&dir, &[]))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("smile.tsv: no data rows after the header on line 1"),
        "{e}"
    );
}

#[test]
fn smile_reader_refuses_a_row_with_fewer_fields_than_the_header() {
    let dir = tempfile::tempdir().unwrap();
    // The good row reads.
    assert_eq!(
        read_smile_file(&smile_tsv(&dir, &[SMILE_ROW]))
            .unwrap()
            .len(),
        1
    );
    // The same row cut after iv_c05 (ic16_50_mid and source_repo gone): line 3.
    let short = SMILE_ROW
        .split('\t')
        .take(12)
        .collect::<Vec<_>>()
        .join("\t");
    let e = read_smile_file(&smile_tsv(&dir, &[SMILE_ROW, &short]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("smile.tsv, line 3, column ic16_50_mid"), "{e}");
    assert!(e.contains("14 tab-separated fields expected"), "{e}");
    assert!(e.contains("found 12"), "{e}");
}

#[test]
fn smile_reader_refuses_a_vol_written_as_a_percentage() {
    let dir = tempfile::tempdir().unwrap();
    let percent = SMILE_ROW.replace("\t0.1404\t", "\t14.04\t");
    let e = read_smile_file(&smile_tsv(&dir, &[&percent]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("smile.tsv, line 2, column iv_atm"), "{e}");
    assert!(e.contains("`14.04` is outside (0, 5]"), "{e}");
    assert!(e.contains("0.1404 for 14.04%"), "{e}");
    // 5 (500%) is the largest vol accepted.
    let edge = SMILE_ROW.replace("\t0.1404\t", "\t5\t");
    assert_eq!(
        read_smile_file(&smile_tsv(&dir, &[&edge])).unwrap()[0].iv[0],
        Some(5.0)
    );
}
