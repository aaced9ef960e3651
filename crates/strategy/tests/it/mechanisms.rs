//! The layout-comparison mechanisms on real days, worked by hand: a real-time liquidation
//! at the low of a COVID-crash day (its price and its bid-ask cost), a crash liquidation
//! against a calm one, an underfunded ring-fenced hedge, a calendar transfer
//! that arrives after its lag.

use chrono::NaiveDate;
use ringfence_pricing::OptionRight;
use ringfence_pricing::costs::SpreadMode;
use ringfence_pricing::expiry::{Expiry, ExpiryKind, Settlement};
use ringfence_pricing::model::{Corner, MarketModel, ModelParams, time_to_expiry};
use ringfence_strategy::params::{Enforcement, HedgeShortfall, Sides, TransferPolicy, Wing};
use ringfence_strategy::{
    DayRange, EventKind, Layout, LayoutResult, LedgerKind, SimOptions, StrategyParams, simulate,
};

use crate::support::{d, real_history};

fn run(p: &StrategyParams, first: NaiveDate, last: NaiveDate, layout: Layout) -> LayoutResult {
    let h = real_history().expect("checked by the caller");
    let model = MarketModel::new(h, &ModelParams::default()).unwrap();
    let range = DayRange::from_dates(h, first, last).unwrap();
    simulate(&model, p, range, &[layout], &SimOptions::all())
        .unwrap()
        .layouts
        .remove(0)
}

/// A 30-delta naked short put sized to 90% of equity in Reg-T margin, held to expiry.
fn naked_put() -> StrategyParams {
    let mut p = StrategyParams::default();
    p.hedge.enabled = false;
    p.condor.sides = Sides::Put;
    p.condor.wing = Wing::None;
    p.condor.short_delta = 0.30;
    p.condor.margin_target = 0.9;
    p.condor.stop_loss = 0.0;
    p.condor.profit_take = 0.0;
    p.condor.exit_dte = 0;
    p.margin.enforcement = Enforcement::RealTime;
    p
}

/// (strike, expiry, contracts) of the short put in an entry event's detail
/// (`short_put #1 x12 -1:SPX 2020-03-20 P 3050@41.20`).
fn short_put(detail: &str) -> (f64, NaiveDate, f64) {
    let mut words = detail.split_whitespace();
    let qty: f64 = words
        .nth(2)
        .unwrap()
        .trim_start_matches('x')
        .parse()
        .unwrap();
    assert!(words.next().unwrap().starts_with("-1:SPX"));
    let date = NaiveDate::parse_from_str(words.next().unwrap(), "%Y-%m-%d").unwrap();
    assert_eq!(words.next(), Some("P"));
    let strike: f64 = words
        .next()
        .unwrap()
        .split('@')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    (strike, date, qty)
}

#[test]
fn a_real_time_broker_liquidates_a_naked_put_at_the_corner_of_the_day_by_hand() {
    let Some(h) = real_history() else { return };
    let model = MarketModel::new(h, &ModelParams::default()).unwrap();
    let l = run(
        &naked_put(),
        d(2020, 2, 3),
        d(2020, 3, 31),
        Layout::Unhedged,
    );
    let first = l
        .events
        .iter()
        .position(|e| e.kind == EventKind::IntradayLiquidation)
        .expect("the crash liquidates the naked put intraday");
    let day_date = l.events[first].date;
    let call = l.events[..first]
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::MarginCall)
        .unwrap();
    assert_eq!(call.date, day_date);
    let entry = l.events[..first]
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::Entry)
        .unwrap();
    let (strike, expiry_date, qty) = short_put(&entry.detail);

    // The corner: SPX at the day's low, the VIX family scaled by VIX high / VIX close.
    let day = h.dates.binary_search(&day_date).unwrap();
    let corner = model.intraday(day, Corner::Low);
    assert!(corner.observed);
    assert_eq!(corner.spot, h.spx.low[day]);
    assert!((corner.vol_scale - h.vix.high[day] / h.vix.close[day]).abs() < 1e-12);
    let expiry = Expiry {
        date: expiry_date,
        kind: ExpiryKind::Monthly,
        settlement: Settlement::AmOpen,
    };
    let t = time_to_expiry(day_date, &expiry);
    let put = corner.surface.price(OptionRight::Put, strike, t).unwrap();

    // Cash before the check is the previous close's cash (nothing has accrued yet).
    let daily = l.daily.as_ref().unwrap();
    let i = daily.dates.binary_search(&day_date).unwrap();
    let cash = daily.accounts[0].cash[i - 1];
    // Reg-T naked put: premium + max(15% x SPX - OTM amount, 10% x strike), x 100 per contract.
    let s = corner.spot;
    let otm = (s - strike).max(0.0);
    let requirement = qty * (put + (0.15 * s - otm).max(0.10 * strike)) * 100.0;
    let deficit = requirement - cash;
    assert!(
        (call.amount_usd - deficit).abs() < 1e-6 * deficit.abs().max(1.0),
        "deficit {} by hand vs {} by the engine",
        deficit,
        call.amount_usd
    );
    // The forced purchase pays the corner's mid for every contract bought back.
    let bought: Vec<_> = l
        .ledger
        .iter()
        .filter(|r| r.date == day_date && r.kind == LedgerKind::Liquidation)
        .collect();
    assert!(!bought.is_empty());
    let contracts = l.events[first]
        .detail
        .split_whitespace()
        .nth(3)
        .unwrap()
        .trim_start_matches('x')
        .parse::<f64>()
        .unwrap();
    let paid: f64 = bought.iter().map(|r| r.amount_usd).sum();
    assert!(
        (paid + contracts * put * 100.0).abs() < 1e-6 * paid.abs(),
        "paid {paid} for {contracts} puts at {put}"
    );
    // And crosses the whole modelled half-spread (a market order, `forced_spread_fraction`
    // 1.0) at the corner's VIX, the day's high: ln h = -2.4019 + 0.3112 ln(put) +
    // 0.7218 ln(VIX high / 20) + 0.0546 ln(DTE / 30), per contract x 100.
    let dte = t * 365.0;
    let ln_h = -2.4019
        + 0.3112 * put.ln()
        + 0.7218 * (h.vix.high[day] / 20.0).ln()
        + 0.0546 * (dte.max(1.0) / 30.0).ln();
    let half_spread = ln_h.exp().clamp(0.025, put);
    let slippage = liquidation_slippage(&l, day_date);
    assert!(
        (slippage - contracts * half_spread * 100.0).abs() < 1e-6 * slippage,
        "slippage {slippage} for {contracts} puts at half-spread {half_spread} \
         (VIX high {}, put {put}, {dte} days)",
        h.vix.high[day]
    );
    // Far above the 0.15 point (0.05 x 3) of the flat rule.
    assert!(half_spread > 3.0 * 0.15, "{half_spread}");
}

/// Slippage paid on `date`'s forced purchases, USD: the slippage row that follows each
/// liquidation row (trade rows are posted mid, commission, slippage).
fn liquidation_slippage(l: &LayoutResult, date: NaiveDate) -> f64 {
    let rows = &l.ledger;
    (0..rows.len())
        .filter(|&i| rows[i].date == date && rows[i].kind == LedgerKind::Liquidation)
        .map(|i| {
            assert_eq!(rows[i + 2].kind, LedgerKind::Slippage);
            -rows[i + 2].amount_usd
        })
        .sum()
}

/// Slippage per contract of the first intraday liquidation of the naked put between `first`
/// and `last`, USD, with its date.
fn forced_slippage_per_contract(
    p: &StrategyParams,
    first: NaiveDate,
    last: NaiveDate,
) -> (NaiveDate, f64) {
    let l = run(p, first, last, Layout::Unhedged);
    let e = l
        .events
        .iter()
        .find(|e| e.kind == EventKind::IntradayLiquidation)
        .expect("a liquidation");
    let contracts: f64 = e.detail.split_whitespace().nth(3).unwrap()[1..]
        .parse()
        .unwrap();
    (e.date, liquidation_slippage(&l, e.date) / contracts)
}

#[test]
fn a_forced_liquidation_in_the_covid_crash_pays_many_times_the_spread_of_a_calm_one() {
    let Some(h) = real_history() else { return };
    let mut p = naked_put();
    p.condor.margin_target = 0.97;
    let crash = forced_slippage_per_contract(&p, d(2020, 3, 10), d(2020, 3, 31));
    let calm = forced_slippage_per_contract(&p, d(2019, 4, 1), d(2019, 6, 28));
    let vix_high = |date| h.vix.high[h.dates.binary_search(&date).unwrap()];
    eprintln!(
        "forced slippage per contract: {} (VIX high {}) {:.2} USD, {} (VIX high {}) {:.2} USD",
        crash.0,
        vix_high(crash.0),
        crash.1,
        calm.0,
        vix_high(calm.0),
        calm.1
    );
    assert!(vix_high(calm.0) < 25.0 && vix_high(crash.0) > 40.0);
    // 92.58 USD at the 2020-03-11 low (VIX high 55.8) against 26.80 USD on 2019-05-23 (VIX
    // high 18.1): 3.5x, the VIX ratio to the 0.72 (2.26x) times the dearer put's mid to the
    // 0.31. The flat rule charged the same on both days.
    assert!(crash.1 > 3.0 * calm.1, "{crash:?} vs {calm:?}");
    // The flat rule charges 0.05 x 3 points x 100 = 15 USD per contract on both days.
    p.costs.spread = SpreadMode::Flat;
    for (first, last) in [
        (d(2020, 3, 10), d(2020, 3, 31)),
        (d(2019, 4, 1), d(2019, 6, 28)),
    ] {
        let (_, flat) = forced_slippage_per_contract(&p, first, last);
        assert!((flat - 15.0).abs() < 1e-9, "{flat}");
    }
}

#[test]
fn an_underfunded_ring_fenced_hedge_buys_what_its_cash_pays_for() {
    if real_history().is_none() {
        return;
    }
    let mut p = StrategyParams::default();
    p.condor.enabled = false;
    p.capital.hedge_fraction = 0.002; // a $2,000 hedge account for a $15,000 yearly budget
    p.transfers.policy = TransferPolicy::None;
    let (first, last) = (d(2016, 6, 1), d(2016, 6, 30));
    let l = run(&p, first, last, Layout::RingFenced);
    let cut = l
        .events
        .iter()
        .find(|e| e.kind == EventKind::HedgeSpendCut)
        .expect("the budget asks for more than the account holds");
    assert_eq!(cut.date, first);
    let entry = l
        .events
        .iter()
        .find(|e| e.kind == EventKind::Entry)
        .unwrap();
    let units: f64 = entry.detail.split_whitespace().nth(2).unwrap()[1..]
        .parse()
        .unwrap();
    // Cash per unit from the entry's ledger rows (premium at mid, commission, slippage).
    let paid: f64 = -l
        .ledger
        .iter()
        .filter(|r| r.date == first && r.account == "hedge")
        .filter(|r| {
            matches!(
                r.kind,
                LedgerKind::Premium | LedgerKind::Commission | LedgerKind::Slippage
            )
        })
        .map(|r| r.amount_usd)
        .sum::<f64>();
    let per_unit = paid / units;
    assert!(units >= 1.0);
    assert_eq!(units, ((2_000.0 + 0.01) / per_unit).floor(), "{per_unit}");
    assert!(paid <= 2_000.0 + 0.01 && paid + per_unit > 2_000.0);

    // Refusing instead: no hedge at all that day, and a refused entry.
    p.hedge.shortfall = HedgeShortfall::Refuse;
    let l = run(&p, first, last, Layout::RingFenced);
    assert!(l.events.iter().all(|e| e.kind != EventKind::HedgeSpendCut));
    assert!(
        l.events
            .iter()
            .any(|e| e.date == first && e.kind == EventKind::RefusedEntry)
    );
}

#[test]
fn a_quarterly_transfer_is_decided_on_the_first_day_of_the_quarter_and_arrives_after_the_lag() {
    let Some(h) = real_history() else { return };
    let mut p = StrategyParams::default();
    p.transfers.policy = TransferPolicy::Calendar;
    p.transfers.rebalance_months = 3;
    p.transfers.lag_days = 2;
    let l = run(&p, d(2019, 1, 2), d(2019, 12, 31), Layout::RingFenced);
    let requests: Vec<_> = l
        .events
        .iter()
        .filter(|e| e.kind == EventKind::TransferRequest)
        .collect();
    let arrivals: Vec<_> = l
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Transfer)
        .collect();
    let dates: Vec<NaiveDate> = requests.iter().map(|e| e.date).collect();
    assert_eq!(dates, [d(2019, 4, 1), d(2019, 7, 1), d(2019, 10, 1)]);
    assert_eq!(arrivals.len(), 3);
    let daily = l.daily.as_ref().unwrap();
    for (req, arr) in requests.iter().zip(&arrivals) {
        let i = h.dates.binary_search(&req.date).unwrap();
        assert_eq!(
            arr.date,
            h.dates[i + 2],
            "two trading days after {}",
            req.date
        );
        assert!(arr.amount_usd <= req.amount_usd + 1e-9);
        // The request restores the hedge account to 5% of the total equity of that close.
        let k = daily.dates.binary_search(&req.date).unwrap();
        let gap = (daily.accounts[1].equity[k] - 0.05 * daily.total_equity[k]).abs();
        assert!(req.amount_usd <= gap + 1e-6, "{} vs {gap}", req.amount_usd);
    }
}
