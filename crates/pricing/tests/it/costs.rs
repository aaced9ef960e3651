//! Cost model configuration.

use ringfence_pricing::LegQuote;
use ringfence_pricing::costs::{CostModel, Product, SpreadMode};
use ringfence_pricing::spread::SPX_OPTION;

#[test]
fn cost_model_defaults_match_the_design() {
    let c: CostModel = toml::from_str("").unwrap();
    assert_eq!(c, CostModel::default());
    assert_eq!(c.commission_usd(Product::SpxOption), 1.10);
    assert_eq!(c.commission_usd(Product::VixOption), 0.90);
    assert_eq!(c.commission_usd(Product::VxFuture), 2.50);
    assert_eq!(c.forced_liquidation_multiplier, 3.0);
    assert_eq!(c.spread, SpreadMode::Calibrated);
    assert_eq!(c.normal_spread_fraction, 0.5);
    assert_eq!(c.forced_spread_fraction, 1.0);
    assert_eq!(Product::VxFuture.multiplier(), 1000.0);
}

#[test]
fn cost_model_overrides_one_field_and_rejects_unknown_ones() {
    let c: CostModel = toml::from_str("vx_future_commission_usd = 1.5").unwrap();
    assert_eq!(c.vx_future_commission_usd, 1.5);
    assert_eq!(c.spx_option_commission_usd, 1.10);
    assert!(toml::from_str::<CostModel>("spx_commision = 1.0").is_err());
    let bad = CostModel {
        forced_liquidation_multiplier: 0.5,
        ..CostModel::default()
    };
    let e = bad.validate().unwrap_err().to_string();
    assert!(e.contains("costs.forced_liquidation_multiplier"), "{e}");
    let c: CostModel = toml::from_str("spread = \"flat\"").unwrap();
    assert_eq!(c.spread, SpreadMode::Flat);
    let e = toml::from_str::<CostModel>("spread = \"wide\"")
        .unwrap_err()
        .to_string();
    assert!(e.contains("spread") && e.contains("calibrated"), "{e}");
    let bad = CostModel {
        normal_spread_fraction: 1.5,
        ..CostModel::default()
    };
    let e = bad.validate().unwrap_err().to_string();
    assert!(
        e.contains("costs.normal_spread_fraction") && e.contains("[0, 1]"),
        "{e}"
    );
}

/// Flat costs, the rule before spreads were modelled.
fn flat() -> CostModel {
    CostModel {
        spread: SpreadMode::Flat,
        ..CostModel::default()
    }
}

const CALM: LegQuote = LegQuote {
    mid: 4.0,
    vix: 15.0,
    t_years: 45.0 / 365.0,
    quoted_half_spread: f64::NAN,
};

#[test]
fn a_forced_sale_at_vix_80_pays_many_times_a_calm_one() {
    // The same 4.00-point put bought back by force at VIX 15 and at VIX 80: the half-spread
    // scales by (80/15)^0.7218 = 3.347; the flat rule charges 0.15 points both times.
    let c = CostModel::default();
    let spike = LegQuote { vix: 80.0, ..CALM };
    let calm = c.leg_cost(Product::SpxOption, 1.0, CALM, true).slippage_usd;
    let stressed = c
        .leg_cost(Product::SpxOption, 1.0, spike, true)
        .slippage_usd;
    assert!((stressed / calm - (80.0f64 / 15.0).powf(0.7218)).abs() < 1e-3);
    assert!((calm - 100.0 * SPX_OPTION.half_spread(CALM)).abs() < 1e-9);
    let f = flat();
    assert_eq!(
        f.leg_cost(Product::SpxOption, 1.0, CALM, true),
        f.leg_cost(Product::SpxOption, 1.0, spike, true)
    );
}

#[test]
fn five_flat_vix_call_spreads_cost_9_usd_commission_and_50_usd_slippage() {
    // Two legs of 5 contracts: 2 x 5 x $0.90 and 2 x 5 x 0.05 points x $100.
    let leg = flat().leg_cost(Product::VixOption, 5.0, CALM, false);
    assert!((2.0 * leg.commission_usd - 9.0).abs() < 1e-9);
    assert!((2.0 * leg.slippage_usd - 50.0).abs() < 1e-9);
}

#[test]
fn the_synthetic_index_leg_trades_free() {
    let c = CostModel::default().leg_cost(Product::SpxIndex, 7.0, CALM, true);
    assert_eq!(c.total_usd(), 0.0);
    let c = flat().leg_cost(Product::SpxIndex, 7.0, CALM, true);
    assert_eq!(c.total_usd(), 0.0);
    assert_eq!(Product::SpxIndex.multiplier(), 100.0);
}
