//! The condor check of issue 15, item 2 on the real day-by-day chains of
//! `../shared/chains/spx_otm_2019-04-25_2019-05-31.tsv`: every trading day of the file gets
//! its 14-30-day condors, market and model mids are positive, and the model stays within a
//! loose band of the market (a guard against a broken measure, not a fit target).

use ringfence_pricing::calibrate::condor_check::{
    CondorCheck, CondorShape, condor_checks, condor_report,
};
use ringfence_pricing::calibrate::spot_vol::spot_vol_beta;
use ringfence_pricing::model::{MarketModel, ModelParams};

use super::model::real_history;

#[test]
fn condor_check_covers_every_trading_day_of_the_2019_chains() {
    let Some(h) = real_history() else { return };
    let Some(dir) = ringfence_test_support::shared_chains_dir() else {
        return;
    };
    let checks = checks_in(
        h,
        &dir.join("spx_otm_2019-04-25_2019-05-31.tsv"),
        CondorShape::CHECKED,
        (14, 100),
    )
    .unwrap();
    let r = condor_report(&checks, (14, 100));
    eprintln!("{r}");
    // 25 quote dates in the file, the vendor's 2019-05-27 holiday file skipped.
    assert_eq!(r.by_date.len(), 24);
    assert!(r.by_date.iter().all(|d| d.group.stats.n >= 4));
    // The vendor quoted 2019-05-01 at SPX 2946.73, before that afternoon's fall to a close
    // of 2923.73 (VIX 13.1 -> 14.8): the model is priced there with a lower VIX, and its
    // condor is cheaper than at the close.
    let may1 = r
        .by_date
        .iter()
        .find(|d| d.group.label == "2019-05-01")
        .unwrap();
    assert!((may1.quote_less_close - 23.0).abs() < 1e-6, "{may1:?}");
    assert!(may1.vix_at_quote < may1.vix - 0.3, "{may1:?}");
    assert!(
        may1.group.median < may1.group.median_at_close - 1.0,
        "{may1:?}"
    );
    // Where the vendor's underlying is the close to the cent (2019-04-26), both agree.
    let apr26 = r
        .by_date
        .iter()
        .find(|d| d.group.label == "2019-04-26")
        .unwrap();
    assert!(apr26.quote_less_close.abs() < 0.01, "{apr26:?}");
    assert!((apr26.group.median - apr26.group.median_at_close).abs() < 0.05);
    // Issue 15's target, met on these held-out chains since the smile has its SKEW slope
    // and call-wing turn: the median abs error is within 10% in calm and in stress (9.8%,
    // 8.5% and 8.8% at VIX < 15, 15-18 and 18 and above; the plain smile's 13.0%, 7.2%,
    // 6.0%).
    let medians: Vec<f64> = r.by_vix.iter().map(|g| g.stats.median_abs).collect();
    assert_eq!(medians.len(), 3);
    for (m, want) in medians.iter().zip([9.8, 8.5, 8.8]) {
        assert!((m - want).abs() < 0.1, "{medians:?}");
    }
    // The split of the error at the market's strikes (CALIBRATION.md section 7): the model's
    // put spread is cheap in every regime, its call spread rich in calm.
    let [put, call] = r.all.spreads_at_market_strikes;
    assert!(
        (put - -17.6).abs() < 0.1 && (call - 14.2).abs() < 0.1,
        "{put} {call}"
    );
    assert!(
        r.by_vix
            .iter()
            .all(|g| g.spreads_at_market_strikes[0] < -5.0)
    );
    assert!(r.by_vix[0].spreads_at_market_strikes[1] > 20.0);
    for c in &checks {
        let [p, k] = c.market_spreads;
        assert!((p + k - c.market_mid).abs() < 1e-9, "{c:?}");
        let [p, k] = c.model_spreads_at_market;
        assert!((p + k - c.model_at_market_strikes).abs() < 1e-9, "{c:?}");
        assert!((14..=100).contains(&c.days));
        assert!(c.market_mid > 0.0 && c.model_mid > 0.0, "{c:?}");
        assert!(c.error_pct().abs() < 60.0, "{c:?}");
    }
}

/// The condor checks of `file` on the shipped model, with days 14-30.
fn checks_of(
    h: &ringfence_data::MarketHistory,
    file: &std::path::Path,
) -> ringfence_pricing::Result<ringfence_pricing::calibrate::condor_check::CondorReport> {
    Ok(condor_report(
        &checks_in(h, file, CondorShape::CHECKED, (14, 30))?,
        (14, 30),
    ))
}

/// The checks of `shape` in `file`, `days` (first, last) to expiry, on the shipped model.
fn checks_in(
    h: &ringfence_data::MarketHistory,
    file: &std::path::Path,
    shape: CondorShape,
    (min_days, max_days): (i64, i64),
) -> ringfence_pricing::Result<Vec<CondorCheck>> {
    let model = MarketModel::new(h, &ModelParams::default()).unwrap();
    condor_checks(file, &model, spot_vol_beta(h), shape, min_days, max_days)
}

#[test]
fn the_vendor_raw_chain_and_a_datashop_copy_of_it_give_the_otm_extracts_condors() {
    let Some(h) = real_history() else { return };
    let Some(dir) = ringfence_test_support::shared_chains_dir() else {
        return;
    };
    let otm = checks_of(h, &dir.join("spx_otm_2019-04-25_2019-05-31.tsv")).unwrap();
    let raw_path = dir.join("SPX_20190513_raw.csv");
    let raw = checks_of(h, &raw_path).unwrap();
    // The OTM extract is the same vendor's chain: the same condors, to the last digit.
    let day = |r: &ringfence_pricing::calibrate::condor_check::CondorReport| {
        r.by_date
            .iter()
            .find(|d| d.group.label == "2019-05-13")
            .cloned()
            .unwrap()
    };
    assert_eq!(day(&raw), day(&otm));
    assert_eq!(raw.by_date.len(), 1);

    // The same quotes in the Cboe DataShop layout, which has no delta: the short legs are
    // chosen by the Black-Scholes delta at each mid's implied vol.
    let text = std::fs::read_to_string(&raw_path).unwrap();
    let mut ds = String::from(
        "underlying_symbol,quote_date,root,expiration,strike,option_type,bid_eod,ask_eod,underlying_bid_eod,underlying_ask_eod\n",
    );
    let iso = |d: &str| {
        let p: Vec<&str> = d.split('/').collect();
        format!("{}-{}-{}", p[2], p[0], p[1])
    };
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let root: String = f[3]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let right = if f[4] == "call" { "C" } else { "P" };
        ds.push_str(&format!(
            "^SPX,{},{root},{},{},{right},{},{},{},{}\n",
            iso(f[6]),
            iso(f[5]),
            f[7],
            f[10],
            f[11],
            f[1],
            f[1]
        ));
    }
    let tmp = tempfile::tempdir().unwrap();
    let ds_path = tmp.path().join("spx_datashop.csv");
    std::fs::write(&ds_path, ds).unwrap();
    let datashop = checks_of(h, &ds_path).unwrap();
    let (a, b) = (day(&datashop).group, day(&raw).group);
    assert_eq!(a.stats.n, b.stats.n);
    // Mid-implied deltas pick the vendor's strikes or a neighbour: the errors stay close.
    assert!((a.median - b.median).abs() < 2.0, "{a:?} {b:?}");
}

#[test]
fn a_chain_without_spx_condors_is_an_error_naming_the_file() {
    let Some(h) = real_history() else { return };
    let Some(dir) = ringfence_test_support::shared_chains_dir() else {
        return;
    };
    // The VIX option chain: a chain file, but of the other underlying.
    let path = dir.join("vix_options_2016-06-01_datashop.csv");
    let e = checks_of(h, &path).unwrap_err().to_string();
    assert!(e.contains("vix_options_2016-06-01_datashop.csv"), "{e}");
    assert!(e.contains("no SPX chain"), "{e}");
}

/// Cboe CNDR's condor (20-delta shorts, 5-delta wings) on the 2019 chains, 20-45 days out:
/// the model's credit is within 5% of the market's (median), but its 5-delta put lies more
/// than 10 points below the market's, so its credit per unit of risk is lower
/// (CALIBRATION.md section 7, "CNDR's condor on the real chains").
#[test]
fn cndrs_condor_on_the_2019_chains_has_the_credit_but_a_wider_put_wing() {
    use ringfence_pricing::calibrate::condor_check::CondorWing;
    let Some(h) = real_history() else { return };
    let Some(dir) = ringfence_test_support::shared_chains_dir() else {
        return;
    };
    let file = dir.join("spx_otm_2019-04-25_2019-05-31.tsv");
    let shape = CondorShape::new(0.20, CondorWing::Delta(0.05)).unwrap();
    let checks = checks_in(h, &file, shape, (20, 45)).unwrap();
    for c in &checks {
        let [lp, sp, sc, lc] = c.market_strikes;
        assert!(lp < sp && sp < sc && sc < lc, "{c:?}");
        let [lp, sp, sc, lc] = c.model_strikes;
        assert!(lp < sp && sp < sc && sc < lc, "{c:?}");
    }
    let r = condor_report(&checks, (20, 45));
    assert_eq!(r.all.stats.n, 174);
    // The day bands follow the range checked: 20-30 and 31-45 days.
    let bands: Vec<&str> = r.by_days.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(bands, ["20-30 days", "31-45 days"]);
    assert_eq!(r.short_days, (20, 30));
    // Every market wing lies within the tolerance of 5 delta (30%: 0.035-0.065).
    for c in &checks {
        for wing in [c.market_deltas[0], c.market_deltas[3]] {
            assert!((wing - 0.05).abs() <= 0.015 + 1e-12, "{c:?}");
        }
    }
    let [lp, _, _, lc] = r.all.market_deltas;
    assert!(
        (lp - 0.05).abs() < 0.005 && (lc - 0.05).abs() < 0.005,
        "{lp} {lc}"
    );
    assert!(r.all.median.abs() < 5.0, "{:?}", r.all);
    assert!(
        r.all.strike_offsets[0] < -10.0,
        "{:?}",
        r.all.strike_offsets
    );
    let [market, model_cor] = r.all.credit_on_risk;
    assert!(model_cor < market - 2.0, "{market} {model_cor}");
}
