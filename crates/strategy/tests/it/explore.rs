//! Temporary exploration of the real history (printing only).

use ringfence_pricing::model::{MarketModel, ModelParams};
use ringfence_strategy::{DayRange, Layout, SimOptions, StrategyParams, simulate, Sleeve};

use crate::support::{d, real_history};

#[test]
fn explore_real_default() {
    let Some(h) = real_history() else { return };
    let model = MarketModel::new(h, &ModelParams::default()).unwrap();
    let p = StrategyParams::default();
    let range = DayRange::all(h);
    let r = simulate(&model, &p, range, &Layout::ALL, &SimOptions::default()).unwrap();
    let l = &r.layouts[0];
    eprintln!("{:#?}", l.metrics);
    eprintln!("{:#?}", l.ledger_totals);

    let _ = Sleeve::Condor;
}
