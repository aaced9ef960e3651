//! P&L of single positions from entry to settlement, checked against hand computations:
//! a condor settled at SET (the SPX Open), a VX future through variation margin and expiry
//! at VRO (the VIX Open), and a VIX call spread settled at VRO. Premiums are closed-form
//! Black-Scholes / Black-76 prices on flat markets with the inputs written out here, at
//! strikes computed here from the delta formula and the 5-point grid.

use chrono::NaiveDate;
use ringfence_data::VxContract;
use ringfence_pricing::OptionRight;
use ringfence_pricing::expiry::next_vix_expirations;
use ringfence_pricing::model::MarketModel;
use ringfence_strategy::params::{HedgeInstrument, SpreadMode, StrikeKind, StrikeRule};
use ringfence_strategy::{
    DayRange, EventKind, LayerParams, Layout, LedgerKind, LedgerRow, SimOptions, StrategyParams,
    simulate,
};

use crate::closed_form::{black76, bsm, strike_for_delta};
use crate::support::{d, flat, flat_model};

fn sum(rows: &[&LedgerRow], kind: LedgerKind) -> f64 {
    rows.iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.amount_usd)
        .sum()
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() < 1e-6, "{what}: {a} != {b}");
}

/// Parse `SPX 2023-02-17 P 3700` into (right, strike).
fn right_strike(instrument: &str) -> (OptionRight, f64) {
    let parts: Vec<&str> = instrument.split(' ').collect();
    let right = if parts[2] == "P" {
        OptionRight::Put
    } else {
        OptionRight::Call
    };
    (right, parts[3].parse().unwrap())
}

fn no_hedge_condor_to_expiry() -> StrategyParams {
    let mut p = StrategyParams::default();
    p.hedge.enabled = false;
    p.condor.profit_take = 0.0;
    p.condor.stop_loss = 0.0;
    p.condor.exit_dte = 0;
    p
}

/// SPX strike nearest to `k` on the 5-point grid.
fn snap5(k: f64) -> f64 {
    (k / 5.0).round() * 5.0
}

#[test]
fn condor_settled_at_set_loses_the_put_wing_and_keeps_the_credit() {
    // SPX flat at 4000, every VIX-family index at 20 (a flat 20% vol under the flat model),
    // rate 4%, until the February expiry opens at 3000 (SET).
    let mut h = flat(d(2023, 1, 3), d(2023, 3, 10), 4000.0, 20.0, 100.0, 0.04);
    let exp_day = h.index_of(d(2023, 2, 17)).unwrap();
    for i in exp_day..h.len() {
        h.spx.open[i] = 3000.0;
        h.spx.close[i] = 3000.0;
        h.spx.low[i] = 3000.0;
    }
    let model = MarketModel::new(&h, &flat_model()).unwrap();
    let p = no_hedge_condor_to_expiry();
    let r = simulate(
        &model,
        &p,
        DayRange::all(&h),
        &[Layout::Unhedged],
        &SimOptions::all(),
    )
    .unwrap();
    let l = &r.layouts[0];
    let rows: Vec<&LedgerRow> = l
        .ledger
        .iter()
        .filter(|r| r.instrument.contains("2023-02-17"))
        .collect();
    // 45 days from 2023-01-03 is the February monthly; 10% of the 950,000 condor sleeve
    // over 50 x 100 = 5,000 of margin per condor = 19 condors.
    let entry: Vec<&&LedgerRow> = rows
        .iter()
        .filter(|r| r.kind == LedgerKind::Premium)
        .collect();
    assert_eq!(entry.len(), 4);
    assert!(entry.iter().all(|r| r.date == d(2023, 1, 3)));
    // By hand: S = 4000, vol 20%, r = 4%, q = 1.8%, T = (45 days - 6.5 hours) / 365 (AM
    // settlement). Shorts at 16 delta, snapped to the nearest 5 points; wings 50 points out.
    let (s0, vol, r0, q) = (4000.0, 0.20, 0.04, 0.018);
    let t = (45.0 - 6.5 / 24.0) / 365.0;
    let short_put = snap5(strike_for_delta(OptionRight::Put, 0.16, s0, t, r0, q, vol));
    let short_call = snap5(strike_for_delta(OptionRight::Call, 0.16, s0, t, r0, q, vol));
    let legs = [
        (OptionRight::Put, short_put, -1.0),
        (OptionRight::Put, short_put - 50.0, 1.0),
        (OptionRight::Call, short_call, -1.0),
        (OptionRight::Call, short_call + 50.0, 1.0),
    ];
    let mut strikes: Vec<(OptionRight, f64)> =
        entry.iter().map(|r| right_strike(&r.instrument)).collect();
    strikes.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut expected: Vec<(OptionRight, f64)> = legs.iter().map(|l| (l.0, l.1)).collect();
    expected.sort_by(|a, b| a.1.total_cmp(&b.1));
    assert_eq!(strikes, expected);
    let mut credit = 0.0;
    let mut slippage = 0.0;
    for (right, k, side) in legs {
        let row = entry
            .iter()
            .find(|r| right_strike(&r.instrument) == (right, k))
            .unwrap();
        // Sold legs bring cash in, bought legs cost it.
        let mid = bsm(right, s0, k, t, r0, q, vol);
        let premium = -side * 19.0 * 100.0 * mid;
        // Calibrated costs: half the modelled half-spread at VIX 20 and 44.73 days,
        // ln h = -2.4019 + 0.3112 ln(mid) + 0.7218 ln(20/20) + 0.0546 ln(44.73/30).
        let h = (-2.4019 + 0.3112 * mid.ln() + 0.0546 * (t * 365.0 / 30.0).ln()).exp();
        slippage += 19.0 * 0.5 * h.clamp(0.025, mid) * 100.0;
        assert!(
            (row.amount_usd - premium).abs() < 1e-6 * premium.abs(),
            "{}: {} != {premium}",
            row.instrument,
            row.amount_usd
        );
        credit += premium;
    }
    assert!(
        short_put - 50.0 > 3000.0,
        "the put spread lies above the 3000 SET"
    );
    assert!(credit > 0.0);
    close(
        sum(&rows, LedgerKind::Commission),
        -4.0 * 19.0 * 1.10,
        "commission",
    );
    // 891.48 USD, where the flat 0.05 points a leg charged 380.
    close(sum(&rows, LedgerKind::Slippage), -slippage, "slippage");
    // SET 3000: both puts in the money, the put spread pays its full 50-point width.
    close(
        sum(&rows, LedgerKind::Settlement),
        -19.0 * 50.0 * 100.0,
        "settlement",
    );
    let pnl: f64 = rows.iter().map(|r| r.amount_usd).sum();
    let expected_pnl = credit - 95_000.0 - 83.6 - slippage;
    assert!(
        (pnl - expected_pnl).abs() < 1e-6 * credit,
        "condor P&L: {pnl} != {expected_pnl}"
    );
    let settled = l
        .events
        .iter()
        .find(|e| e.kind == EventKind::Settlement && e.date == d(2023, 2, 17))
        .unwrap();
    assert!(settled.detail.contains("spx_open"), "{}", settled.detail);
    // Margin on the entry day: 19 x 5,000; excess = cash - requirement.
    let daily = l.daily.as_ref().unwrap();
    close(daily.accounts[0].requirement[0], 95_000.0, "requirement");
    close(
        daily.accounts[0].excess[0],
        daily.accounts[0].cash[0] - 95_000.0,
        "excess",
    );
}

/// Flat history (SPX 4000, VIX family 20, VVIX 100, rate 4%) with one VX contract expiring
/// on the first VIX expiration after 2023-02-01, whose settles follow `settle(i)`; the VIX
/// opens at `vro` on its expiration.
fn vx_history(
    settle: impl Fn(usize) -> f64,
    vro: f64,
) -> (ringfence_data::MarketHistory, NaiveDate) {
    let mut h = flat(d(2023, 1, 3), d(2023, 4, 28), 4000.0, 20.0, 100.0, 0.04);
    let e = next_vix_expirations(d(2023, 2, 1), 1).next().unwrap();
    assert_eq!(e, d(2023, 2, 15));
    let k = h.index_of(e).unwrap();
    h.vix.open[k] = vro;
    h.vix.high[k] = h.vix.high[k].max(vro);
    // Cboe prints the VRO as the contract's settle on its expiration day.
    let settles = (0..k).map(settle).chain([vro]).collect();
    h.vx.contracts.push(VxContract {
        month: (2023, 2),
        expiry: Some(e),
        first_day: 0,
        settles,
    });
    (h, e)
}

fn hedge_only_params(instrument: HedgeInstrument, target_dte: u32) -> StrategyParams {
    let mut p = StrategyParams::default();
    // The hedge charges below are worked with the flat 0.05-point slippage.
    p.costs.spread = SpreadMode::Flat;
    p.condor.enabled = false;
    p.hedge.instrument = instrument;
    p.hedge.layers = vec![LayerParams {
        target_dte,
        roll_dte: Some(0),
        budget_share: Some(1.0),
    }];
    p.hedge.budget_annual = 0.04;
    p.hedge.monetise_multiple = 0.0;
    p.hedge.spike_rise = 0.0;
    p.signals.vix_percentile_weight = 0.0;
    p.signals.term_structure_weight = 0.0;
    p.signals.rsi_weight = 0.0;
    p.signals.macd_weight = 0.0;
    p
}

#[test]
fn vx_future_pays_variation_margin_daily_and_settles_at_vro() {
    let path = [22.0, 23.0, 25.0, 21.0, 24.5];
    let (h, e) = vx_history(|i| path[i % path.len()], 30.0);
    let model = MarketModel::new(&h, &flat_model()).unwrap();
    let target = (e - d(2023, 1, 3)).num_days() as u32;
    let p = hedge_only_params(HedgeInstrument::VxFuture, target);
    let r = simulate(
        &model,
        &p,
        DayRange::all(&h),
        &[Layout::HedgeOnly],
        &SimOptions::all(),
    )
    .unwrap();
    let l = &r.layouts[0];
    let rows: Vec<&LedgerRow> = l
        .ledger
        .iter()
        .filter(|r| r.instrument == "VX 2023-02-15")
        .collect();
    // Budget 4% x 1,000,000 x 43/365 = 4,712 per roll; charge = (22 - 20) x 1,000 = 2,000
    // per contract: 2 contracts.
    close(l.budget_charges[0].1, 4_000.0, "budget charge");
    close(
        sum(&rows, LedgerKind::Commission),
        -2.0 * 2.50,
        "commission",
    );
    close(
        sum(&rows, LedgerKind::Slippage),
        -2.0 * 0.05 * 1_000.0,
        "slippage",
    );
    // Day 1: 23 - 22 = +1 point x $1,000 x 2; day 3: 21 - 25 = -4 points.
    let vm: Vec<&&LedgerRow> = rows
        .iter()
        .filter(|r| r.kind == LedgerKind::VariationMargin)
        .collect();
    close(vm[0].amount_usd, 2_000.0, "variation margin day 1");
    assert_eq!(vm[0].date, d(2023, 1, 4));
    close(vm[2].amount_usd, -8_000.0, "variation margin day 3");
    // Telescoping: entered at 22, settled at the 30 VRO: +8 points x $1,000 x 2.
    close(
        sum(&rows, LedgerKind::VariationMargin),
        16_000.0,
        "total variation margin",
    );
    assert_eq!(vm.last().unwrap().date, e);
    // Maintenance on day 1 at 23: max(6,000, 0.45 x 23,000) / 1.1 x 2.
    let daily = l.daily.as_ref().unwrap();
    close(
        daily.accounts[0].requirement[1],
        2.0 * 10_350.0 / 1.1,
        "maintenance",
    );
    assert!(
        l.events
            .iter()
            .any(|e| e.kind == EventKind::Settlement && e.detail.contains("vx_final_settle"))
    );
}

#[test]
fn vix_call_spread_settles_at_vro() {
    let (h, e) = vx_history(|_| 22.0, 28.0);
    let model = MarketModel::new(&h, &flat_model()).unwrap();
    let target = (e - d(2023, 1, 3)).num_days() as u32;
    let mut p = hedge_only_params(HedgeInstrument::VixCallSpread, target);
    p.hedge.long_strike = StrikeRule {
        kind: StrikeKind::PointsAboveFuture,
        value: 2.0,
    };
    p.hedge.short_strike = StrikeRule {
        kind: StrikeKind::PointsAboveFuture,
        value: 8.0,
    };
    let r = simulate(
        &model,
        &p,
        DayRange::all(&h),
        &[Layout::HedgeOnly],
        &SimOptions::all(),
    )
    .unwrap();
    let l = &r.layouts[0];
    let rows: Vec<&LedgerRow> = l
        .ledger
        .iter()
        .filter(|r| r.instrument.starts_with("VIX 2023-02-15"))
        .collect();
    // Future 22: long the 24 call, short the 30 call. By hand: Black-76 on the 22 future,
    // vol = VVIX / 100 = 100% (flat model), r = 4%, T = (43 days - 6.5 hours) / 365 (the
    // options settle at the morning's VRO).
    let t = (43.0 - 6.5 / 24.0) / 365.0;
    let p24 = black76(OptionRight::Call, 22.0, 24.0, t, 0.04, 1.0);
    let p30 = black76(OptionRight::Call, 22.0, 30.0, t, 0.04, 1.0);
    let charge = (p24 - p30) * 100.0 + 2.0 * 0.05 * 100.0;
    let qty = (0.04 * 1_000_000.0 * 43.0 / 365.0 / charge).floor();
    assert!(qty >= 1.0);
    let premium = -qty * (p24 - p30) * 100.0;
    assert!(
        (sum(&rows, LedgerKind::Premium) - premium).abs() < 1e-6 * premium.abs(),
        "premium: {} != {premium}",
        sum(&rows, LedgerKind::Premium)
    );
    close(
        sum(&rows, LedgerKind::Commission),
        -2.0 * qty * 0.90,
        "commission",
    );
    // VRO 28: the 24 call is worth 4 points, the 30 call nothing.
    close(
        sum(&rows, LedgerKind::Settlement),
        qty * 4.0 * 100.0,
        "settlement",
    );
    let settle_rows: Vec<&&LedgerRow> = rows
        .iter()
        .filter(|r| r.kind == LedgerKind::Settlement)
        .collect();
    assert!(settle_rows.iter().all(|r| r.date == e));
}
