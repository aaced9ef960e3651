//! The bid-ask half-spread model: hand-computed values, and the shipped coefficients refitted
//! on the real chains of `../shared/chains/` with their in- and out-of-sample errors (the
//! figures of `crates/pricing/CALIBRATION.md`, section 6).

use chrono::NaiveDate;
use ringfence_pricing::calibrate::spread_fit::{
    SpreadObservation, evaluate_spread, fit_spread, leave_one_day_out, read_datashop_chain,
    read_otm_chain, read_raw_chain,
};
use ringfence_pricing::calibrate::spread_report::{
    RAW_CHECK_DELTAS, SELL_OFF_FROM, short_tenor_quotes,
};
use ringfence_pricing::spread::{LegQuote, MIN_HALF_SPREAD_POINTS, SPX_OPTION, VIX_OPTION};

use super::model::real_history;

fn vix_close(date: NaiveDate) -> Option<f64> {
    let h = real_history()?;
    let i = h.dates.binary_search(&date).ok()?;
    Some(h.vix.close[i]).filter(|v| v.is_finite())
}

#[test]
fn spx_half_spread_by_hand() {
    // A 4.00-point put, VIX 30, 45 days:
    // ln h = -2.4019 + 0.3112 ln 4 + 0.7218 ln 1.5 + 0.0546 ln 1.5
    //      = -2.4019 + 0.431413 + 0.292667 + 0.022138 = -1.655682; h = 0.19098.
    let h = SPX_OPTION.half_spread(LegQuote::new(4.0, 30.0, 45.0 / 365.0));
    assert!((h - 0.19098).abs() < 5e-5, "{h}");
    // A 0.50-point put, VIX 15, 3 days:
    // ln h = -2.4019 + 0.3112 ln 0.5 + 0.7218 ln 0.75 + 0.0546 ln 0.1
    //      = -2.4019 - 0.215705 - 0.207647 - 0.125721 = -2.950973; h = 0.05231.
    let h = SPX_OPTION.half_spread(LegQuote::new(0.5, 15.0, 3.0 / 365.0));
    assert!((h - 0.05231).abs() < 5e-5, "{h}");
    // Expiry day counts as one day; a 0.05-point option sits on the floor.
    let h0 = SPX_OPTION.half_spread(LegQuote::new(0.5, 15.0, 0.0));
    let h1 = SPX_OPTION.half_spread(LegQuote::new(0.5, 15.0, 1.0 / 365.0));
    assert_eq!(h0, h1);
    let floor = SPX_OPTION.half_spread(LegQuote::new(0.05, 12.0, 1.0 / 365.0));
    assert_eq!(floor, MIN_HALF_SPREAD_POINTS);
}

#[test]
fn vix_option_half_spread_by_hand() {
    // A 1.50-point VIX call, VIX 20, 30 days: ln h = -2.3777 + 0.2905 ln 1.5 = -2.259911,
    // h = 0.10435; at 10 days the -0.2192 DTE elasticity widens it by 3^0.2192 = 1.2725.
    let h = VIX_OPTION.half_spread(LegQuote::new(1.5, 20.0, 30.0 / 365.0));
    assert!((h - 0.10435).abs() < 5e-5, "{h}");
    let h10 = VIX_OPTION.half_spread(LegQuote::new(1.5, 20.0, 10.0 / 365.0));
    assert!((h10 / h - 1.2725).abs() < 1e-3, "{}", h10 / h);
}

fn report(label: &str, s: &ringfence_pricing::calibrate::smile_fit::ErrorStats) {
    eprintln!(
        "{label}: n {} median |log err| {:.3} p90 {:.3} mean (model - market) {:+.3}",
        s.n, s.median_abs, s.p90_abs, s.mean
    );
}

fn spx_otm() -> Option<Vec<SpreadObservation>> {
    real_history()?;
    let dir = ringfence_test_support::shared_chains_dir()?;
    Some(read_otm_chain(&dir.join("spx_otm_2019-04-25_2019-05-31.tsv"), vix_close).unwrap())
}

#[test]
fn shipped_spx_coefficients_are_the_least_squares_fit_of_the_2019_chains() {
    let Some(obs) = spx_otm() else { return };
    let days: std::collections::BTreeSet<_> = obs.iter().map(|o| o.date).collect();
    assert_eq!(days.len(), 24, "the 2019-05-27 holiday file is skipped");
    assert_eq!(obs.len(), 78_765);
    let c = fit_spread(&obs, None);
    assert!((c.ln_scale - SPX_OPTION.ln_scale).abs() < 1e-4, "{c:?}");
    assert!(
        (c.mid_exponent - SPX_OPTION.mid_exponent).abs() < 1e-4,
        "{c:?}"
    );
    assert!(
        (c.vix_exponent - SPX_OPTION.vix_exponent).abs() < 1e-4,
        "{c:?}"
    );
    assert!(
        (c.dte_exponent - SPX_OPTION.dte_exponent).abs() < 1e-4,
        "{c:?}"
    );

    let ins = evaluate_spread(&SPX_OPTION, &obs);
    report("in sample", &ins);
    assert!((ins.median_abs - 0.187).abs() < 2e-3, "{ins:?}");
    let lodo = leave_one_day_out(&obs);
    report("leave one day out", &lodo);
    // Each date predicted by the fit on the 23 others: median error 0.191 in log (21%).
    assert!(
        (lodo.median_abs - 0.191).abs() < 2e-3 && lodo.mean.abs() < 0.01,
        "{lodo:?}"
    );
    // Calm April (VIX 12.7-14.8) against the May sell-off (VIX 12.9-20.6), both ways.
    let (y, m, d) = SELL_OFF_FROM;
    let split = NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let (calm, selloff): (Vec<_>, Vec<_>) = obs.iter().partition(|o| o.date < split);
    let on_calm = fit_spread(&calm, None);
    let on_selloff = fit_spread(&selloff, None);
    let calm_to_selloff = evaluate_spread(&on_calm, &selloff);
    let selloff_to_calm = evaluate_spread(&on_selloff, &calm);
    report("fit on calm, tested on the sell-off", &calm_to_selloff);
    report("fit on the sell-off, tested on calm", &selloff_to_calm);
    // The calm days span too little VIX to identify its elasticity (they fit -1.05), so
    // their model is 34% low on the sell-off (mean log error -0.415); the sell-off's
    // (elasticity 1.15) is 13% low on the calm days. Both splits are reported, not hidden.
    assert!(on_calm.vix_exponent < 0.0 && on_selloff.vix_exponent > 1.0);
    assert!(
        (calm_to_selloff.mean + 0.415).abs() < 0.01,
        "{calm_to_selloff:?}"
    );
    assert!(
        (selloff_to_calm.mean + 0.135).abs() < 0.01,
        "{selloff_to_calm:?}"
    );
}

#[test]
fn spx_model_predicts_the_raw_chains_for_8_to_30_delta_options() {
    let Some(dir) = ringfence_test_support::shared_chains_dir() else {
        return;
    };
    if real_history().is_none() {
        return;
    }
    for file in ["SPX_20190501_raw.csv", "SPX_20190513_raw.csv"] {
        let obs: Vec<_> = read_raw_chain(&dir.join(file), vix_close)
            .unwrap()
            .into_iter()
            .filter(|o| RAW_CHECK_DELTAS.contains(&o.abs_delta))
            .collect();
        let short = short_tenor_quotes(&obs);
        let fitted: Vec<_> = obs
            .iter()
            .copied()
            .filter(|o| (14.0..=100.0).contains(&o.dte_days))
            .collect();
        let out = evaluate_spread(&SPX_OPTION, &short);
        report(&format!("{file} 0-13 days (out of sample)"), &out);
        report(
            &format!("{file} 14-100 days (dates in sample)"),
            &evaluate_spread(&SPX_OPTION, &fitted),
        );
        // 2019-05-01: 98 quotes, median 0.13, mean +0.05; 2019-05-13: 171, 0.17, -0.09.
        assert!(out.n > 90, "{file}: {out:?}");
        assert!(
            out.median_abs < 0.2 && out.mean.abs() < 0.12,
            "{file}: {out:?}"
        );
    }
}

#[test]
fn shipped_vix_option_coefficients_are_the_fit_of_the_2016_chain() {
    let Some(dir) = ringfence_test_support::shared_chains_dir() else {
        return;
    };
    if real_history().is_none() {
        return;
    }
    let obs =
        read_datashop_chain(&dir.join("vix_options_2016-06-01_datashop.csv"), vix_close).unwrap();
    assert_eq!(obs.len(), 527);
    let c = fit_spread(&obs, Some(SPX_OPTION.vix_exponent));
    assert!((c.ln_scale - VIX_OPTION.ln_scale).abs() < 1e-4, "{c:?}");
    assert!(
        (c.mid_exponent - VIX_OPTION.mid_exponent).abs() < 1e-4,
        "{c:?}"
    );
    assert!(
        (c.dte_exponent - VIX_OPTION.dte_exponent).abs() < 1e-4,
        "{c:?}"
    );
    let ins = evaluate_spread(&VIX_OPTION, &obs);
    report("VIX options in sample", &ins);
    assert!(
        ins.mean.abs() < 1e-3 && (ins.median_abs - 0.304).abs() < 2e-3,
        "{ins:?}"
    );
    // Out of sample: fitted on the expiries within 100 days, tested on the later ones.
    let (near, far): (Vec<_>, Vec<_>) = obs.iter().partition(|o| o.dte_days < 100.0);
    let out = evaluate_spread(&fit_spread(&near, Some(SPX_OPTION.vix_exponent)), &far);
    report(
        "VIX options fit on <100 days, tested on later expiries",
        &out,
    );
    assert!(out.median_abs < 0.35 && out.mean.abs() < 0.2, "{out:?}");
}

#[test]
fn spread_chain_readers_report_the_file_line_of_a_bad_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vix_chain.csv");
    // Line 1 the header, line 2 a good row, line 3 blank, line 4 the bad ask.
    std::fs::write(
        &path,
        "quote_date,expiration,strike,option_type,bid_eod,ask_eod\n\
         2016-06-01,2016-07-20,15,C,1.50,1.60\n\
         \n\
         2016-06-01,2016-07-20,16,C,1.20,nan\n",
    )
    .unwrap();
    let e = read_datashop_chain(&path, |_| Some(15.0))
        .unwrap_err()
        .to_string();
    assert!(e.contains("vix_chain.csv, line 4, column ask_eod"), "{e}");
    assert!(e.contains("`nan` is not a finite number"), "{e}");

    let tsv = dir.path().join("otm.tsv");
    std::fs::write(
        &tsv,
        "quote_date\texpiry\tbid\task\tdelta\n2019-05-01\t2019-05-17\t1.0\t1.2\t0.1\n\
         2019-05-01\t2019-05-17\t1.0\t1.2\tx\n",
    )
    .unwrap();
    let e = read_otm_chain(&tsv, |_| Some(15.0))
        .unwrap_err()
        .to_string();
    assert!(e.contains("otm.tsv, line 3, column delta"), "{e}");
}
