//! Checks on the real shared history (skipped without it): the COVID crash of March 2020.

use ringfence_pricing::model::{MarketModel, ModelParams};
use ringfence_strategy::params::Wing;
use ringfence_strategy::{DayRange, EventKind, Layout, SimOptions, StrategyParams, simulate};

use crate::support::{d, real_history};

fn covid(p: &StrategyParams) -> ringfence_strategy::LayoutResult {
    let h = real_history().expect("checked by the caller");
    let model = MarketModel::new(h, &ModelParams::default()).unwrap();
    let range = DayRange::from_dates(h, d(2020, 1, 2), d(2020, 6, 30)).unwrap();
    simulate(&model, p, range, &[Layout::Unhedged], &SimOptions::all())
        .unwrap()
        .layouts
        .remove(0)
}

fn aggressive() -> StrategyParams {
    let mut p = StrategyParams::default();
    p.hedge.enabled = false;
    p.condor.short_delta = 0.30;
    p.condor.margin_target = 0.7;
    p.condor.stop_loss = 0.0;
    p
}

#[test]
fn covid_crash_margin_calls_and_liquidates_an_aggressive_naked_condor() {
    if real_history().is_none() {
        return;
    }
    // No wings: a 30-delta short strangle sized to 70% of equity in Reg-T margin.
    let mut p = aggressive();
    p.condor.wing = Wing::None;
    let l = covid(&p);
    let calls: Vec<_> = l
        .events
        .iter()
        .filter(|e| e.kind == EventKind::MarginCall)
        .collect();
    for e in l.events.iter().filter(|e| e.kind.is_account_event()) {
        eprintln!(
            "{} {} {:.0} {}",
            e.date,
            e.kind.name(),
            e.amount_usd,
            e.detail
        );
    }
    assert!(!calls.is_empty());
    assert!(
        calls
            .iter()
            .all(|e| e.date >= d(2020, 2, 24) && e.date <= d(2020, 3, 31)),
        "{calls:?}"
    );
    assert!(l.metrics.forced_liquidations >= 1);
    assert!(l.metrics.liquidation_cost_usd > 0.0);
    assert!(l.metrics.max_drawdown > 0.2, "{}", l.metrics.max_drawdown);
}

#[test]
fn covid_crash_cannot_margin_call_a_defined_risk_condor_under_reg_t() {
    if real_history().is_none() {
        return;
    }
    // The same sizing with 50-point wings: the requirement is the wider wing and the credit
    // stays in the account, so excess = cash - requirement never falls below zero from
    // marks alone; losses arrive as realised exits and settlements.
    let l = covid(&aggressive());
    assert_eq!(l.metrics.margin_calls, 0);
    assert_eq!(l.metrics.forced_liquidations, 0);
    assert!(l.metrics.worst_day < -0.03, "{}", l.metrics.worst_day);
}
