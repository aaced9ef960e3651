//! Invariants over random configurations and windows (proptest): cash conservation every
//! day, equity = cash + marked value, no negative quantities, the hedge budget never
//! exceeded, finite metrics, determinism, and no look-ahead (truncating the history after
//! day t changes nothing up to t).

use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use ringfence_data::MarketHistory;
use ringfence_pricing::model::{MarketModel, ModelParams};
use ringfence_strategy::params::{
    HedgeInstrument, LiquidationOrder, MarginMode, Sides, StrikeKind, StrikeRule, Wing,
};
use ringfence_strategy::{
    DayRange, LayerParams, Layout, LayoutResult, SimOptions, StrategyParams, simulate,
};

use crate::support::{d, random_walk};

fn history(seed: u64) -> &'static MarketHistory {
    static H: OnceLock<Vec<MarketHistory>> = OnceLock::new();
    let all = H.get_or_init(|| {
        (0..4)
            .map(|s| random_walk(100 + s, d(2018, 1, 2), d(2019, 12, 31)))
            .collect()
    });
    &all[(seed % 4) as usize]
}

fn instrument(i: u8) -> HedgeInstrument {
    match i % 5 {
        0 => HedgeInstrument::VixCall,
        1 => HedgeInstrument::VixCallSpread,
        2 => HedgeInstrument::VixCallDiagonal,
        3 => HedgeInstrument::VxFuture,
        _ => HedgeInstrument::SpxPut,
    }
}

prop_compose! {
    fn params()(
        short_delta in 0.05f64..0.45,
        wing in 0u8..4,
        width in 2u32..30,
        sides in 0u8..3,
        margin_target in 0.05f64..1.0,
        exits in proptest::bool::ANY,
        ladder in proptest::bool::ANY,
        hedge in 0u8..5,
        budget in 0.0f64..0.08,
        layers in 1usize..4,
        hedge_fraction in 0.01f64..0.4,
        portfolio in proptest::bool::weighted(0.25),
        grace in 0u32..3,
        transfers in proptest::bool::ANY,
        hedge_first in proptest::bool::ANY,
    ) -> StrategyParams {
        let mut p = StrategyParams::default();
        p.capital.hedge_fraction = hedge_fraction;
        p.condor.short_delta = short_delta;
        p.condor.wing = match wing { 0 => Wing::Width, 1 => Wing::Delta, 2 => Wing::PctOtm, _ => Wing::None };
        p.condor.wing_width_points = f64::from(width * 5);
        p.condor.wing_delta = short_delta / 3.0;
        p.condor.sides = match sides { 0 => Sides::Both, 1 => Sides::Put, _ => Sides::Call };
        p.condor.margin_target = margin_target;
        if !exits {
            p.condor.profit_take = 0.0;
            p.condor.stop_loss = 0.0;
            p.condor.exit_dte = 0;
        }
        p.condor.ladder.enabled = ladder;
        p.hedge.instrument = instrument(hedge);
        if p.hedge.instrument == HedgeInstrument::SpxPut {
            p.hedge.long_strike = StrikeRule { kind: StrikeKind::Delta, value: 0.15 };
        }
        p.hedge.budget_annual = budget;
        p.hedge.layers = (0..layers)
            .map(|k| LayerParams { target_dte: 30 * (k as u32 + 1), ..LayerParams::default() })
            .collect();
        p.margin.mode = if portfolio { MarginMode::Portfolio } else { MarginMode::RegT };
        p.margin.grace_days = grace;
        if hedge_first {
            p.margin.liquidation_order = LiquidationOrder::HedgeFirst;
        }
        p.transfers.policy = if transfers {
            ringfence_strategy::params::TransferPolicy::Thresholds
        } else {
            ringfence_strategy::params::TransferPolicy::None
        };
        p
    }
}

fn run(h: &MarketHistory, p: &StrategyParams, range: DayRange) -> ringfence_strategy::SimResult {
    let model = MarketModel::new(h, &ModelParams::default()).unwrap();
    simulate(&model, p, range, &Layout::ALL, &SimOptions::all()).unwrap()
}

fn tol(x: f64) -> f64 {
    1e-6 * x.abs().max(1.0)
}

fn check_layout(l: &LayoutResult, p: &StrategyParams) -> Result<(), TestCaseError> {
    let daily = l.daily.as_ref().unwrap();
    // Cash conservation on every day: initial capital + ledger to date = cash.
    let mut cum = 0.0;
    let mut row = 0;
    for (i, date) in daily.dates.iter().enumerate() {
        while row < l.ledger.len() && l.ledger[row].date <= *date {
            cum += l.ledger[row].amount_usd;
            row += 1;
        }
        let cash: f64 = daily.accounts.iter().map(|a| a.cash[i]).sum();
        prop_assert!(
            (p.capital.total_usd + cum - cash).abs() < tol(cash),
            "{} {date}: capital + ledger {} != cash {cash}",
            l.layout,
            p.capital.total_usd + cum
        );
        // Equity = cash + marked value, account by account and in total.
        let equity: f64 = daily.accounts.iter().map(|a| a.equity[i]).sum();
        prop_assert!((equity - daily.total_equity[i]).abs() < tol(equity));
        prop_assert!(daily.total_equity[i].is_finite());
    }
    prop_assert_eq!(row, l.ledger.len());
    prop_assert!((l.ledger_totals.total() - cum).abs() < tol(cum));
    // No negative quantities.
    for (_, pos) in &l.open_positions {
        prop_assert!(pos.quantity > 0.0, "quantity {}", pos.quantity);
    }
    // The hedge budget is never exceeded over any 365-day window.
    let cap = p.hedge.budget_annual * p.capital.total_usd;
    for (i, (date, _)) in l.budget_charges.iter().enumerate() {
        let spent: f64 = l.budget_charges[..=i]
            .iter()
            .filter(|(d, _)| (*date - *d).num_days() < 365)
            .map(|(_, a)| a)
            .sum();
        prop_assert!(spent <= cap + 1e-6, "{date}: spent {spent} > cap {cap}");
    }
    // Metrics are finite numbers.
    let json = serde_json::to_value(l.metrics).unwrap();
    for (k, v) in json.as_object().unwrap() {
        prop_assert!(v.as_f64().is_some_and(f64::is_finite), "metric {k} = {v}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn cash_is_conserved_equity_is_cash_plus_value_and_budgets_hold(
        p in params(),
        seed in 0u64..4,
        start in 0usize..200,
        len in 20usize..300,
    ) {
        let h = history(seed);
        let range = DayRange { start, end: (start + len).min(h.len()) };
        let r = run(h, &p, range);
        for l in &r.layouts {
            check_layout(l, &p)?;
        }
        // Determinism: the same inputs serialise to the same bytes.
        let again = run(h, &p, range);
        prop_assert_eq!(serde_json::to_string(&r).unwrap(), serde_json::to_string(&again).unwrap());
    }

    #[test]
    fn decisions_up_to_day_t_ignore_the_data_after_t(
        p in params(),
        seed in 0u64..4,
        t in 60usize..400,
    ) {
        let h = history(seed);
        let full = run(h, &p, DayRange { start: 0, end: h.len() });
        let cut = h.slice(0..t + 1);
        let part = run(&cut, &p, DayRange { start: 0, end: t + 1 });
        let last: NaiveDate = h.dates[t];
        for (a, b) in full.layouts.iter().zip(&part.layouts) {
            let ea: Vec<_> = a.events.iter().filter(|e| e.date <= last).collect();
            let eb: Vec<_> = b.events.iter().collect();
            prop_assert_eq!(ea, eb, "{}", a.layout);
            let (da, db) = (a.daily.as_ref().unwrap(), b.daily.as_ref().unwrap());
            prop_assert_eq!(&da.total_equity[..=t], &db.total_equity[..]);
            prop_assert_eq!(&da.accounts[0].requirement[..=t], &db.accounts[0].requirement[..]);
        }
    }
}
