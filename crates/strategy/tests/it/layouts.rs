//! Layout logic with the layout mechanisms off (the controlled baseline): identical
//! decisions when no account event can occur, and a constructed crash in which pooling the
//! hedge account's cash saves the condor from liquidation.

use chrono::NaiveDate;
use ringfence_data::MarketHistory;
use ringfence_pricing::model::{MarketModel, ModelParams};
use ringfence_strategy::params::{Sides, SpreadMode, Wing};
use ringfence_strategy::position::Sleeve;
use ringfence_strategy::{
    DayRange, EventKind, Layout, LayoutResult, SimOptions, SimResult, StrategyParams, simulate,
};

use crate::support::{d, random_walk, synthetic};

fn account_events(l: &LayoutResult) -> usize {
    l.events
        .iter()
        .filter(|e| e.kind.is_account_event())
        .count()
}

/// `p` run over `h` on the default model in the ring-fenced and commingled layouts, every
/// output kept.
fn ring_fenced_and_commingled(h: &MarketHistory, p: &StrategyParams) -> SimResult {
    let model = MarketModel::new(h, &ModelParams::default()).unwrap();
    simulate(
        &model,
        p,
        DayRange::all(h),
        &[Layout::RingFenced, Layout::Commingled],
        &SimOptions::all(),
    )
    .unwrap()
}

#[test]
fn with_ample_capital_ring_fenced_and_commingled_equity_paths_match_to_the_cent() {
    let h = random_walk(7, d(2015, 1, 2), d(2017, 12, 29));
    let mut p = StrategyParams::default().mechanisms_off();
    p.capital.total_usd = 1e9;
    p.capital.hedge_fraction = 0.5;
    let r = ring_fenced_and_commingled(&h, &p);
    let (rf, cm) = (&r.layouts[0], &r.layouts[1]);
    assert_eq!(
        account_events(rf),
        0,
        "{:?}",
        rf.events.iter().find(|e| e.kind.is_account_event())
    );
    assert_eq!(account_events(cm), 0);
    // Both sleeves traded: condors and hedge layers, with rolls.
    assert!(rf.metrics.entries > 60, "{}", rf.metrics.entries);
    assert_eq!(rf.metrics.entries, cm.metrics.entries);
    let (a, b) = (rf.daily.as_ref().unwrap(), cm.daily.as_ref().unwrap());
    for i in 0..a.dates.len() {
        assert!(
            (a.total_equity[i] - b.total_equity[i]).abs() < 0.005,
            "{}: {} vs {}",
            a.dates[i],
            a.total_equity[i],
            b.total_equity[i]
        );
        assert!((a.condor_pnl[i] - b.condor_pnl[i]).abs() < 0.005);
        assert!((a.hedge_pnl[i] - b.hedge_pnl[i]).abs() < 0.005);
    }
    assert!(rf.metrics.final_equity != p.capital.total_usd);
}

#[test]
fn in_a_20pct_crash_commingled_cash_covers_the_call_that_liquidates_the_ring_fenced_core() {
    // SPX 4000 / VIX 15 until 2023-02-01, then SPX 3200 (-20%) and VIX 60.
    let crash = d(2023, 2, 1);
    let h0 = synthetic(d(2023, 1, 3), d(2023, 3, 31), 0.04, |_| 0.0, |_| 0.0);
    let k = h0.index_of(crash).unwrap();
    let h = synthetic(
        d(2023, 1, 3),
        d(2023, 3, 31),
        0.04,
        |i| if i < k { 4000.0 } else { 3200.0 },
        |i| if i < k { 15.0 } else { 60.0 },
    );
    let mut p = StrategyParams::default().mechanisms_off();
    p.capital.hedge_fraction = 0.3;
    p.condor.sides = Sides::Put;
    p.condor.wing = Wing::None;
    p.condor.short_delta = 0.30;
    p.condor.margin_target = 0.60;
    p.condor.profit_take = 0.0;
    p.condor.stop_loss = 0.0;
    p.condor.exit_dte = 0;
    let r = ring_fenced_and_commingled(&h, &p);
    let (rf, cm) = (&r.layouts[0], &r.layouts[1]);
    let call = rf
        .events
        .iter()
        .find(|e| e.kind == EventKind::MarginCall)
        .expect("the ring-fenced core gets a margin call");
    assert_eq!((call.date, call.account), (crash, "core"));
    assert!(
        rf.events
            .iter()
            .any(|e| e.kind == EventKind::ForcedLiquidation
                && e.date == crash
                && e.account == "core")
    );
    assert_eq!(rf.metrics.margin_calls, 1);
    assert!(rf.metrics.forced_liquidations >= 1);
    assert!(rf.metrics.liquidation_cost_usd > 0.0);
    assert_eq!(cm.metrics.margin_calls, 0);
    assert_eq!(cm.metrics.forced_liquidations, 0);
    // The explanation: Reg-T excess adds across accounts. The commingled account's excess on
    // the crash day is the core's deficit at the margin check plus the hedge account's
    // excess, and that sum is positive.
    let (a, b) = (rf.daily.as_ref().unwrap(), cm.daily.as_ref().unwrap());
    let hedge_excess = a.accounts[1].excess[k];
    let pooled = -call.amount_usd + hedge_excess;
    assert!(call.amount_usd > 50_000.0, "deficit {}", call.amount_usd);
    assert!(
        hedge_excess > call.amount_usd + 50_000.0,
        "hedge excess {hedge_excess}"
    );
    assert!(
        (b.accounts[0].excess[k] - pooled).abs() < 1e-6 * pooled.abs().max(1.0),
        "{} vs {pooled}",
        b.accounts[0].excess[k]
    );
    // Same decisions until the crash: identical equity the day before.
    assert!((a.total_equity[k - 1] - b.total_equity[k - 1]).abs() < 0.005);
}

#[test]
fn refill_transfers_keep_a_small_hedge_account_trading_and_sum_to_zero() {
    // A 0.5% hedge account cannot pay a 5%/yr budget: without transfers its entries are
    // refused; with refills from the core (after a one-day lag) fewer are.
    let h = random_walk(11, d(2012, 1, 3), d(2015, 12, 31));
    let model = MarketModel::new(&h, &ModelParams::default()).unwrap();
    let mut p = StrategyParams::default();
    p.capital.hedge_fraction = 0.005;
    p.hedge.budget_annual = 0.05;
    // Flat costs: the account was sized so that their charges refuse some entries.
    p.costs.spread = SpreadMode::Flat;
    let run = |p: &StrategyParams| {
        simulate(
            &model,
            p,
            DayRange::all(&h),
            &[Layout::RingFenced],
            &SimOptions::all(),
        )
        .unwrap()
        .layouts
        .remove(0)
    };
    let without = run(&p);
    assert!(without.metrics.refused_entries > 0);
    p.transfers.policy = ringfence_strategy::params::TransferPolicy::Thresholds;
    let with = run(&p);
    let transfers: Vec<_> = with
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Transfer)
        .collect();
    assert!(!transfers.is_empty());
    assert!(transfers.iter().all(|e| e.amount_usd > 0.0));
    // Every transfer arrives one trading day after its request.
    let requests: Vec<_> = with
        .events
        .iter()
        .filter(|e| e.kind == EventKind::TransferRequest)
        .collect();
    let first = h.index_of(requests[0].date).unwrap();
    assert_eq!(transfers[0].date, h.dates[first + 1]);
    assert!(with.ledger_totals.transfer.abs() < 1e-6);
    assert!(with.metrics.refused_entries < without.metrics.refused_entries);
}

#[test]
fn a_condor_smaller_than_one_contract_is_counted_not_silently_skipped() {
    let h = random_walk(7, d(2015, 1, 2), d(2015, 12, 31));
    let model = MarketModel::new(&h, &ModelParams::default()).unwrap();
    let mut p = StrategyParams::default();
    // $20,000 at a 10% target buys $2,000 of requirement: less than one 50-point condor.
    p.capital.total_usd = 20_000.0;
    let run = |p: &StrategyParams| {
        let r = simulate(
            &model,
            p,
            DayRange::all(&h),
            &[Layout::Unhedged],
            &SimOptions::all(),
        );
        r.unwrap().layouts.remove(0)
    };
    let l = run(&p);
    assert_eq!(l.metrics.entries, 0);
    // One attempt per monthly entry window day without a position: at least one a month.
    assert!(l.gaps.condor_below_one_unit >= 12, "{:?}", l.gaps);
    // With fractional contracts the same account trades.
    p.condor.fractional_contracts = true;
    let l = run(&p);
    assert!(l.metrics.entries > 0);
    assert_eq!(l.gaps.condor_below_one_unit, 0);
}

#[test]
fn hedge_cost_and_drag_are_reported_on_starting_capital_and_on_average_equity() {
    let h = random_walk(11, d(2015, 1, 2), d(2017, 12, 29));
    let mut p = StrategyParams::default();
    // Without costs an opening's gross cost is its premium debit alone.
    p.costs.spread = SpreadMode::Flat;
    p.costs.spx_option_commission_usd = 0.0;
    p.costs.spx_option_slippage_points = 0.0;
    p.costs.vix_option_commission_usd = 0.0;
    p.costs.vix_option_slippage_points = 0.0;
    let r = ring_fenced_and_commingled(&h, &p);
    for l in &r.layouts {
        let cost: f64 = l
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Entry && e.sleeve == Some(Sleeve::Hedge))
            .map(|e| (-e.amount_usd).max(0.0))
            .sum();
        assert!(cost > 0.0, "{:?}: the hedge bought nothing", l.layout);
        let daily = l.daily.as_ref().unwrap();
        let (first, last) = (daily.dates[0], *daily.dates.last().unwrap());
        let years = (last - first).num_days() as f64 / 365.25;
        let mean_equity = daily.total_equity.iter().sum::<f64>() / daily.total_equity.len() as f64;
        let m = &l.metrics;
        let on_start = cost / p.capital.total_usd / years;
        let on_mean = cost / mean_equity / years;
        assert!(
            (m.hedge_cost_pct_per_year - on_start).abs() < 1e-12,
            "{m:?}"
        );
        assert!(
            (m.hedge_cost_pct_of_avg_equity - on_mean).abs() < 1e-12,
            "{m:?}"
        );
        // The two differ by the ratio of the mean equity to the start.
        assert!(
            (m.hedge_cost_pct_per_year / m.hedge_cost_pct_of_avg_equity
                - mean_equity / p.capital.total_usd)
                .abs()
                < 1e-9
        );
        assert!((mean_equity - p.capital.total_usd).abs() > 1.0);
        // The net drag scales the same way: cost less payoff over the capital held.
        assert!(m.hedge_net_drag_pct_per_year != 0.0, "{m:?}");
        assert!(
            (m.hedge_net_drag_pct_of_avg_equity * mean_equity
                - m.hedge_net_drag_pct_per_year * p.capital.total_usd)
                .abs()
                < 1e-6,
            "{m:?}"
        );
    }
}

#[test]
fn hedge_cost_per_listed_year_divides_by_the_years_vix_options_were_listed() {
    // 2004-2008: VIX options list on 2006-02-24, so the hedge can spend in 2.85 of the
    // run's 4.58 years.
    let h = random_walk(5, d(2004, 6, 1), d(2008, 12, 31));
    let mut p = StrategyParams::default();
    let r = ring_fenced_and_commingled(&h, &p);
    let listed = d(2006, 2, 24);
    for l in &r.layouts {
        let first_hedge = l
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Entry && e.sleeve == Some(Sleeve::Hedge))
            .map(|e| e.date)
            .min()
            .expect("the hedge bought something");
        assert!(first_hedge >= listed, "{first_hedge}");
        let daily = l.daily.as_ref().unwrap();
        let (first, last) = (daily.dates[0], *daily.dates.last().unwrap());
        let years = |from: NaiveDate| (last - from).num_days() as f64 / 365.25;
        let m = &l.metrics;
        let dollars = m.hedge_cost_pct_per_year * p.capital.total_usd * years(first);
        assert!(dollars > 0.0, "{m:?}");
        let expected = dollars / p.capital.total_usd / years(listed);
        assert!(
            (m.hedge_cost_pct_per_listed_year - expected).abs() < 1e-12,
            "{m:?}"
        );
        assert!(m.hedge_cost_pct_per_listed_year > 1.5 * m.hedge_cost_pct_per_year);
    }
    // Off `listed_only`, the hedge trades from the start and both rates are one.
    p.hedge.listed_only = false;
    for l in &ring_fenced_and_commingled(&h, &p).layouts {
        let m = &l.metrics;
        assert!(m.hedge_cost_pct_per_year > 0.0);
        assert_eq!(m.hedge_cost_pct_per_listed_year, m.hedge_cost_pct_per_year);
    }
}
