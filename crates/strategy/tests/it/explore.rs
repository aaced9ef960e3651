//! Temporary exploration of the real history (printing only).

use ringfence_pricing::model::{MarketModel, ModelParams};
use ringfence_strategy::{DayRange, Layout, SimOptions, StrategyParams, simulate, Sleeve};

use crate::support::{d, real_history};

#[test]
fn explore_real_default() {
    let Some(h) = real_history() else { return };
    let model = MarketModel::new(h, &ModelParams::default()).unwrap();
    let p = StrategyParams::default();
    let range = DayRange::from_dates(h, d(2012, 1, 1), d(2013, 12, 31)).unwrap();
    let r = simulate(&model, &p, range, &[Layout::Unhedged], &SimOptions::all()).unwrap();
    let l = &r.layouts[0];
    eprintln!("{:#?}", l.metrics);
    eprintln!("{:#?}", l.ledger_totals);
    for e in l.events.iter().take(40) { eprintln!("{} {} {:.0} {}", e.date, e.kind.name(), e.amount_usd, e.detail); }
    let _ = Sleeve::Condor;
}
