//! Cost model configuration.

use ringfence_pricing::costs::{CostModel, Product};

#[test]
fn cost_model_defaults_match_the_design() {
    let c: CostModel = toml::from_str("").unwrap();
    assert_eq!(c, CostModel::default());
    assert_eq!(c.commission_usd(Product::SpxOption), 1.10);
    assert_eq!(c.commission_usd(Product::VixOption), 0.90);
    assert_eq!(c.commission_usd(Product::VxFuture), 2.50);
    assert_eq!(c.forced_liquidation_multiplier, 3.0);
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
}

#[test]
fn five_vix_call_spreads_cost_9_usd_commission_and_50_usd_slippage() {
    // Two legs of 5 contracts: 2 x 5 x $0.90 and 2 x 5 x 0.05 points x $100.
    let leg = CostModel::default().leg_cost(Product::VixOption, 5.0, false);
    assert!((2.0 * leg.commission_usd - 9.0).abs() < 1e-9);
    assert!((2.0 * leg.slippage_usd - 50.0).abs() < 1e-9);
}

#[test]
fn the_synthetic_index_leg_trades_free() {
    let c = CostModel::default().leg_cost(Product::SpxIndex, 7.0, true);
    assert_eq!(c.total_usd(), 0.0);
    assert_eq!(Product::SpxIndex.multiplier(), 100.0);
}
