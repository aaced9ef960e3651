//! Strike from delta and the listed strike grid.

use chrono::NaiveDate;
use ringfence_pricing::OptionRight;
use ringfence_pricing::strike::{StrikeGrid, strike_for_delta};

#[test]
fn sixteen_delta_put_at_vix_20_sits_near_one_sigma_below() {
    // S 3000, 30 days, r 1%, q 1.8%, vol 20%: N^-1(0.16 e^{qT}) = -0.993484757331714 (mpmath)
    let k = strike_for_delta(
        OptionRight::Put,
        0.16,
        3000.0,
        30.0 / 365.0,
        0.01,
        0.018,
        0.20,
    )
    .unwrap();
    // K = 3000 exp(-0.993484757 * 0.2 sqrt(30/365) + (0.01 - 0.018 + 0.02) 30/365)
    assert!((k - 2_836.678_837_741_69).abs() < 1e-8, "{k}");
    let snapped = StrikeGrid::spx()
        .snap(k, 3000.0, NaiveDate::from_ymd_opt(2020, 1, 2).unwrap())
        .unwrap();
    assert_eq!(snapped, 2835.0);
}

#[test]
fn strike_from_delta_rejects_impossible_deltas() {
    for d in [0.0, 1.0, -0.2, f64::NAN] {
        assert!(strike_for_delta(OptionRight::Call, d, 3000.0, 0.1, 0.01, 0.018, 0.2).is_err());
    }
    assert!(strike_for_delta(OptionRight::Call, 0.2, 3000.0, 0.0, 0.01, 0.018, 0.2).is_err());
}

#[test]
fn strike_grid_deserialises_with_defaults_and_rejects_unknown_fields() {
    let g: StrikeGrid = toml::from_str("step_points = 1.0").unwrap();
    assert_eq!(g.step_points, 1.0);
    assert_eq!(g.far_step_points, 25.0);
    assert!(toml::from_str::<StrikeGrid>("stepp = 1.0").is_err());
}

#[test]
fn a_model_with_a_zero_strike_step_is_refused_naming_the_key() {
    let mut p = ringfence_pricing::ModelParams::default();
    p.strike_grid.step_points = 0.0;
    let e = p.validate().unwrap_err().to_string();
    assert!(e.contains("model.strike_grid.step_points"), "{e}");
}
