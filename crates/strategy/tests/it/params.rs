//! Parameters: TOML tables, unknown keys, validation messages, and the Cboe methodology
//! structures the parameters must express (PUT, BXM, CNDR, BFLY).

use ringfence_pricing::OptionRight;
use ringfence_pricing::model::{MarketModel, ModelParams};
use ringfence_strategy::params::{CollateralBasis, ShortStrike, Sides, Sizing, SpreadMode, Wing};
use ringfence_strategy::position::{Sleeve, Structure};
use ringfence_strategy::{
    DayRange, Layout, LedgerKind, SimOptions, StrategyError, StrategyParams, simulate,
};

use crate::closed_form::{bsm, strike_for_delta};
use crate::support::{d, flat, flat_model, synthetic};

/// The market of the methodology runs, by hand: SPX 4000, a flat 20% vol, rate 4%,
/// dividend yield 1.8% ([`flat`] history under [`flat_model`]).
const S0: f64 = 4000.0;
const VOL: f64 = 0.20;
const RATE: f64 = 0.04;
const DIV: f64 = 0.018;

/// Years from 2023-01-03 to the AM settlement of the 2023-02-17 monthly (45 days less 6.5
/// hours), the expiry every methodology run enters first.
fn t_feb() -> f64 {
    (45.0 - 6.5 / 24.0) / 365.0
}

/// Closed-form price on the methodology market, index points.
fn price(right: OptionRight, k: f64) -> f64 {
    bsm(right, S0, k, t_feb(), RATE, DIV, VOL)
}

/// Opening costs per contract: 1.10 commission + 0.05 points x 100 slippage, USD.
const OPEN_COST: f64 = 6.10;

const FULL: &str = r#"
[capital]
total_usd = 2_000_000
hedge_fraction = 0.1
[condor]
short_delta = 0.2
wing = "delta"
wing_delta = 0.05
ladder = { enabled = true, weekday = "fri", max_open = 3 }
[hedge]
instrument = "vix_call_diagonal"
long_strike = { kind = "delta", value = 0.3 }
budget_annual = 0.02
[[hedge.layers]]
target_dte = 45
[[hedge.layers]]
target_dte = 120
roll_dte = 30
budget_share = 0.7
[signals]
rsi_weight = 0.0
[margin]
mode = "portfolio"
grace_days = 2
liquidation_order = "hedge_first"
[costs]
spx_option_commission_usd = 0.65
[transfers]
policy = "thresholds"
lag_days = 2
"#;

#[test]
fn every_table_parses_and_unset_keys_keep_their_defaults() {
    let p: StrategyParams = toml::from_str(FULL).unwrap();
    assert_eq!(p.capital.total_usd, 2_000_000.0);
    assert_eq!(p.condor.wing, Wing::Delta);
    assert_eq!(p.condor.target_dte, 45);
    assert_eq!(p.condor.ladder.max_open, 3);
    assert_eq!(p.hedge.layers.len(), 2);
    assert_eq!(p.hedge.layers[1].roll_dte, Some(30));
    assert_eq!(p.hedge.layers[0].budget_share, None);
    assert_eq!(p.margin.grace_days, 2);
    assert_eq!(p.costs.spx_option_commission_usd, 0.65);
    assert_eq!(p.costs.vix_option_commission_usd, 0.90);
    assert_eq!(p.transfers.lag_days, 2);
    assert_eq!(p.transfers.rebalance_months, 3);
    assert!(p.margin.trader_first);
    assert!(p.validate().is_empty(), "{:?}", p.validate());
}

#[test]
fn an_unknown_key_is_an_error_naming_it() {
    let err = toml::from_str::<StrategyParams>("[condor]\nshort_detla = 0.2\n").unwrap_err();
    assert!(err.to_string().contains("short_detla"), "{err}");
    let err = toml::from_str::<StrategyParams>("[margin]\nmode = \"cash\"\n").unwrap_err();
    assert!(err.to_string().contains("reg_t"), "{err}");
    let err = toml::from_str::<StrategyParams>("[capital]\ntotal_usd = \"lots\"\n").unwrap_err();
    assert!(err.to_string().contains("total_usd"), "{err}");
}

#[test]
fn impossible_values_are_each_reported_with_key_and_range() {
    let mut p = StrategyParams::default();
    p.capital.total_usd = -5.0;
    p.condor.short_delta = 0.6;
    p.condor.wing_width_points = 52.0;
    p.hedge.budget_annual = 1.5;
    p.condor.exit_dte = 40;
    let errors = p.validate();
    let keys: Vec<&str> = errors.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "capital.total_usd",
            "condor.short_delta",
            "condor.wing_width_points",
            "condor.exit_dte",
            "hedge.budget_annual"
        ]
    );
    assert!(errors[1].message.contains("(0, 0.5]"), "{}", errors[1]);
    assert!(errors[2].message.contains("multiple of 5"), "{}", errors[2]);
    assert!(errors[4].message.contains("at most 100%"), "{}", errors[4]);
    let h = synthetic(d(2023, 1, 3), d(2023, 2, 28), 0.04, |_| 4000.0, |_| 20.0);
    let model = MarketModel::new(&h, &ModelParams::default()).unwrap();
    let err = simulate(
        &model,
        &p,
        DayRange::all(&h),
        &Layout::ALL,
        &SimOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, StrategyError::InvalidParams(ref e) if e.len() == 5));
    assert!(DayRange::from_dates(&h, d(2023, 2, 10), d(2023, 2, 1)).is_err());
    let err = simulate(
        &model,
        &StrategyParams::default(),
        DayRange {
            start: 10,
            end: 500,
        },
        &Layout::ALL,
        &SimOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("0..39"), "{err}");
}

fn methodology(p: &StrategyParams) -> ringfence_strategy::LayoutResult {
    methodology_on(p, &cboe_market())
}

/// The flat market the methodology runs trade in: SPX 4000, vol 20%, early 2023.
fn cboe_market() -> ringfence_data::MarketHistory {
    flat(d(2023, 1, 3), d(2023, 4, 28), S0, 100.0 * VOL, 100.0, RATE)
}

/// A methodology run of `p` on `h`, in the unhedged layout.
fn methodology_on(
    p: &StrategyParams,
    h: &ringfence_data::MarketHistory,
) -> ringfence_strategy::LayoutResult {
    assert!(p.validate().is_empty(), "{:?}", p.validate());
    let model = MarketModel::new(h, &flat_model()).unwrap();
    simulate(
        &model,
        p,
        DayRange::all(h),
        &[Layout::Unhedged],
        &SimOptions::all(),
    )
    .unwrap()
    .layouts
    .remove(0)
}

/// The first entry event of a methodology run.
fn first_entry(l: &ringfence_strategy::LayoutResult) -> &ringfence_strategy::Event {
    l.events
        .iter()
        .find(|e| e.kind == ringfence_strategy::EventKind::Entry)
        .expect("an entry")
}

/// The units of the first entry of a methodology run, read from its event detail
/// (`<structure> #<id> x<units> <legs>`).
fn first_units(l: &ringfence_strategy::LayoutResult) -> f64 {
    first_entry(l).detail.split(' ').nth(2).unwrap()[1..]
        .parse()
        .unwrap()
}

/// Cboe-style parameters: monthly third-Friday roll held to SET, no hedge, all capital in
/// the sleeve, fractional units.
fn cboe() -> StrategyParams {
    let mut p = StrategyParams::default();
    // The sizing below is worked with the flat costs (6.10 USD a leg to open); the
    // calibrated spread is worked by hand in the pricing crate's tests and in pnl.rs.
    p.costs.spread = SpreadMode::Flat;
    p.hedge.enabled = false;
    p.capital.hedge_fraction = 0.0;
    // A window that already holds the February monthly on the first day (the methodology
    // configs use 20..40 days to roll from expiry to expiry).
    p.condor.target_dte = 30;
    p.condor.min_dte = 20;
    p.condor.max_dte = 50;
    p.condor.profit_take = 0.0;
    p.condor.stop_loss = 0.0;
    p.condor.exit_dte = 0;
    p.condor.fractional_contracts = true;
    p.condor.sizing = Sizing::Collateral;
    p
}

/// A buy-write (BXM): the index and one call per unit at the first strike at or above spot.
fn buy_write() -> StrategyParams {
    let mut p = cboe();
    p.condor.sides = Sides::Call;
    p.condor.short_strike = ShortStrike::AtOrBeyondSpot;
    p.condor.wing = Wing::None;
    p.condor.long_index = true;
    p.condor.collateral_basis = CollateralBasis::Notional;
    p
}

/// A put write (PUT) struck by `strike`, its units collateralised on `basis`: the run and
/// its first position's strike.
fn put_write(strike: ShortStrike, basis: CollateralBasis) -> ringfence_strategy::LayoutResult {
    let mut p = cboe();
    p.condor.sides = Sides::Put;
    p.condor.short_strike = strike;
    p.condor.wing = Wing::None;
    p.condor.collateral_basis = basis;
    let l = methodology(&p);
    assert_eq!(l.open_positions[0].1.structure, Structure::ShortPut);
    l
}

#[test]
fn put_write_is_a_short_atm_put_collateralised_by_its_strike() {
    let l = put_write(ShortStrike::Atm, CollateralBasis::Notional);
    let pos = &l.open_positions[0].1;
    // ATM: strike 4000; units = 1,000,000 / (4000 x 100 + opening costs of 6.10).
    assert_eq!(pos.legs()[0].instrument.strike(), Some(4000.0));
    let first = first_entry(&l);
    assert_eq!(first.date, d(2023, 1, 3));
    let units = 1_000_000.0 / (400_000.0 + 1.10 + 5.0);
    assert!(
        first.detail.contains(&format!("x{units} ")),
        "{} vs {units}",
        first.detail
    );
}

#[test]
fn put_write_secured_at_expiry_sells_puts_the_strike_less_the_grown_premium_covers() {
    let l = put_write(
        ShortStrike::AtOrBeyondSpot,
        CollateralBasis::SecuredAtExpiry,
    );
    let pos = &l.open_positions[0].1;
    assert_eq!(pos.legs()[0].instrument.strike(), Some(4000.0));
    // The cash and the premium, growing at the rate to expiry, pay N x K at settlement:
    // one unit is 4000 x 100 x e^(-rT) less the premium, plus its opening costs.
    let put = price(OptionRight::Put, 4000.0);
    let unit = 400_000.0 * (-RATE * t_feb()).exp() - 100.0 * put + OPEN_COST;
    let units = 1_000_000.0 / unit;
    let quantity = first_units(&l);
    assert!(
        (quantity - units).abs() < 1e-9 * units,
        "{quantity} vs {units}"
    );
    // More puts than the notional rule's 1,000,000 / (400,000 + costs), by about the
    // premium's share of the strike (2.5% here) and the interest to expiry.
    let notional_units = 1_000_000.0 / (400_000.0 + OPEN_COST);
    assert!(
        quantity > notional_units * 1.02,
        "{quantity} vs {notional_units}"
    );
    assert_eq!(l.metrics.margin_calls, 0);
}

#[test]
fn buy_write_holds_the_index_and_a_call_at_the_first_strike_at_or_above_spot() {
    let l = methodology(&buy_write());
    let pos = &l.open_positions[0].1;
    assert_eq!(pos.structure, Structure::CoveredCall);
    assert_eq!(pos.legs()[0].instrument.strike(), Some(4000.0));
    assert_eq!(pos.legs()[1].instrument.to_string(), "SPX index");
    // The index leg earns the dividend yield; with a flat index every roll sells and buys
    // back at 4000, so the index trades net to the cost of the units still held.
    assert!(l.ledger_totals.dividend > 0.0);
    let held = pos.quantity * 4000.0 * 100.0;
    assert!(
        (l.ledger_totals.index_trade + held).abs() < 1e-6,
        "{} vs {held}",
        l.ledger_totals.index_trade
    );
    assert!(l.ledger.iter().any(|r| r.kind == LedgerKind::IndexTrade));
    assert_eq!(l.metrics.margin_calls, 0);
}

#[test]
fn the_index_leg_earns_each_days_dividend_yield_from_the_history() {
    let mut h = cboe_market();
    // A yield file's 3% a year from 2023-03-01 on (mid-cycle: the units held do not change
    // around it), [model] div_yield before.
    let from = h.index_of(d(2023, 3, 1)).unwrap();
    let q = 0.03f64.ln_1p();
    h.spx_div_yield[from..].fill(q);
    let l = methodology_on(&buy_write(), &h);
    // USD of dividend per year of accrual on `day`: units x 100 x 4000 x the day's yield.
    let per_year = |day: usize| {
        let row = l
            .ledger
            .iter()
            .find(|r| r.kind == LedgerKind::Dividend && r.date == h.dates[day])
            .unwrap();
        row.amount_usd / ((h.dates[day] - h.dates[day - 1]).num_days() as f64 / 365.0)
    };
    // Each day accrues at the yield in force since the day before, like interest: the
    // file's first yield earns from the day after its date.
    let same = per_year(from) / per_year(from - 1);
    assert!((same - 1.0).abs() < 1e-12, "{same}");
    let ratio = per_year(from + 1) / per_year(from);
    assert!((ratio - q / DIV).abs() < 1e-12, "{ratio} vs {}", q / DIV);
}

#[test]
fn protective_put_holds_the_index_and_a_bought_5pct_otm_put_paid_from_the_account() {
    let mut p = cboe();
    p.condor.sides = Sides::Put;
    p.condor.short_strike = ShortStrike::PctOtm;
    p.condor.short_pct_otm = 0.05;
    p.condor.wing = Wing::None;
    p.condor.long_index = true;
    p.condor.buy_options = true;
    p.condor.collateral_basis = CollateralBasis::Notional;
    let l = methodology(&p);
    let pos = &l.open_positions[0].1;
    assert_eq!(pos.structure, Structure::ProtectivePut);
    assert_eq!(pos.legs()[0].ratio, 1.0, "the put is bought");
    assert_eq!(pos.legs()[0].instrument.strike(), Some(3800.0));
    assert_eq!(pos.legs()[1].instrument.to_string(), "SPX index");
    // One unit costs the index (4000 x 100), the 3800 put at its closed-form price and its
    // opening costs (the index leg trades free): the whole $1M buys
    // 1,000,000 / (400,000 + 100 x P + 6.10) units, leaving no cash.
    let first = first_entry(&l);
    let put = price(OptionRight::Put, 3800.0);
    let units = 1_000_000.0 / (400_000.0 + 100.0 * put + OPEN_COST);
    let quantity = first_units(&l);
    assert!(
        (quantity - units).abs() < 1e-9 * units,
        "{quantity} vs {units}"
    );
    let day_one: f64 = l
        .ledger
        .iter()
        .filter(|r| r.date == first.date && r.kind != LedgerKind::Interest)
        .map(|r| r.amount_usd)
        .sum();
    assert!((day_one + 1_000_000.0).abs() < 1e-6, "{day_one}");
    // The index never moves: every put expires worthless (settlement 0) and the premium is
    // the cost of the protection.
    assert!(
        l.ledger
            .iter()
            .filter(|r| r.kind == LedgerKind::Settlement)
            .all(|r| r.amount_usd == 0.0)
    );
    assert!(l.ledger_totals.premium < -units * 100.0 * put * 0.99);
    assert_eq!(l.metrics.margin_calls, 0);
    assert_eq!(l.metrics.refused_entries, 0);
}

#[test]
fn buying_options_is_only_the_protective_put() {
    let mut p = cboe();
    p.condor.buy_options = true;
    let keys: Vec<String> = p.validate().into_iter().map(|e| e.key).collect();
    assert!(keys.iter().any(|k| k == "condor.buy_options"), "{keys:?}");
    p.condor.sides = Sides::Put;
    p.condor.wing = Wing::None;
    p.condor.long_index = true;
    assert!(p.validate().is_empty(), "{:?}", p.validate());
}

#[test]
fn condor_index_sells_20_delta_and_buys_5_delta_wings() {
    let mut p = cboe();
    p.condor.short_delta = 0.20;
    p.condor.wing = Wing::Delta;
    p.condor.wing_delta = 0.05;
    p.condor.collateral_basis = CollateralBasis::MaxLoss;
    let l = methodology(&p);
    assert_eq!(l.open_positions[0].1.structure, Structure::IronCondor);
    // The first entry, 2023-01-03 into the 2023-02-17 monthly; its legs read
    // `-1:SPX 2023-02-17 P 3790@12.34`.
    let k = first_strikes(&l);
    // Short put, long put, short call, long call.
    assert_eq!(k, feb_strikes([0.20, 0.05, 0.20, 0.05]));
    // Sized on the maximum loss: the wider spread's width less the credit, plus opening costs.
    let credit = 100.0
        * (price(OptionRight::Put, k[0]) - price(OptionRight::Put, k[1])
            + price(OptionRight::Call, k[2])
            - price(OptionRight::Call, k[3]));
    let width = (k[0] - k[1]).max(k[3] - k[2]) * 100.0;
    let units = 1_000_000.0 / (width - credit + 4.0 * OPEN_COST);
    let quantity = first_units(&l);
    assert!(
        (quantity - units).abs() < 1e-6 * units,
        "{quantity} vs {units}"
    );
}

#[test]
fn an_asymmetric_condor_sells_its_call_at_short_call_delta() {
    let mut p = cboe();
    p.condor.short_delta = 0.20;
    p.condor.short_call_delta = Some(0.12);
    p.condor.wing = Wing::Delta;
    p.condor.wing_delta = 0.05;
    p.condor.collateral_basis = CollateralBasis::MaxLoss;
    assert!(p.validate().is_empty(), "{:?}", p.validate());
    let l = methodology(&p);
    // The put side stays at 20 delta, the short call moves out to 12 delta.
    assert_eq!(first_strikes(&l), feb_strikes([0.20, 0.05, 0.12, 0.05]));

    // And the long call at its own delta too.
    p.condor.wing_call_delta = Some(0.03);
    assert!(p.validate().is_empty(), "{:?}", p.validate());
    let l = methodology(&p);
    assert_eq!(first_strikes(&l), feb_strikes([0.20, 0.05, 0.12, 0.03]));

    // The call's deltas are checked like the put's, and each wing must lie beyond its short
    // strike: the call wing beyond the short call, the put wing beyond the short put (and
    // beyond both when it serves both sides).
    let keys =
        |p: &StrategyParams| -> Vec<String> { p.validate().into_iter().map(|e| e.key).collect() };
    p.condor.short_call_delta = Some(0.6);
    assert_eq!(keys(&p), ["condor.short_call_delta"]);
    p.condor.short_call_delta = Some(0.02);
    let errors = p.validate();
    assert_eq!(keys(&p), ["condor.wing_call_delta"]);
    assert!(errors[0].to_string().contains("(0, 0.02)"), "{}", errors[0]);
    p.condor.wing_call_delta = None;
    let errors = p.validate();
    assert_eq!(keys(&p), ["condor.wing_delta"]);
    assert!(errors[0].to_string().contains("(0, 0.02)"), "{}", errors[0]);
}

/// The strikes of the first entry, 2023-01-03 into the 2023-02-17 monthly, in the order of
/// its legs (short put, long put, short call, long call for a condor).
fn first_strikes(l: &ringfence_strategy::LayoutResult) -> Vec<f64> {
    let first = first_entry(l);
    assert_eq!(first.date, d(2023, 1, 3));
    assert!(
        first.detail.contains("SPX 2023-02-17 P"),
        "{}",
        first.detail
    );
    first
        .detail
        .split(' ')
        .filter_map(|w| w.split_once('@'))
        .map(|(strike, _)| strike.parse().unwrap())
        .collect()
}

/// By hand: the strikes of a put, a put, a call and a call of these deltas into the
/// 2023-02-17 monthly (Black-Scholes spot delta at the flat 20% vol), each snapped to the
/// nearest 5 points.
fn feb_strikes(deltas: [f64; 4]) -> [f64; 4] {
    let rights = [
        OptionRight::Put,
        OptionRight::Put,
        OptionRight::Call,
        OptionRight::Call,
    ];
    std::array::from_fn(|i| {
        let k = strike_for_delta(rights[i], deltas[i], S0, t_feb(), RATE, DIV, VOL);
        (k / 5.0).round() * 5.0
    })
}

/// The first BFLY entry (ATM straddle, 5% wings, ten times the collateral `basis`): its
/// strikes and units.
fn butterfly_entry(basis: CollateralBasis) -> (Vec<f64>, f64) {
    let mut p = cboe();
    p.condor.short_strike = ShortStrike::Atm;
    p.condor.wing = Wing::PctOtm;
    p.condor.wing_pct_otm = 0.05;
    p.condor.collateral_basis = basis;
    p.condor.collateral_multiple = 10.0;
    let l = methodology(&p);
    let strikes = l.open_positions[0]
        .1
        .legs()
        .iter()
        .map(|x| x.instrument.strike().unwrap())
        .collect();
    let first = first_entry(&l);
    assert_eq!(first.date, d(2023, 1, 3));
    let units = first_units(&l);
    (strikes, units)
}

#[test]
fn butterfly_index_sells_the_atm_straddle_with_5pct_wings_and_10x_collateral() {
    let (k, units) = butterfly_entry(CollateralBasis::MaxLoss);
    assert_eq!(k, vec![4000.0, 3800.0, 4000.0, 4200.0]);
    // The credit by hand: the 4000 straddle sold, the 3800 put and the 4200 call bought.
    let credit = 100.0
        * (price(OptionRight::Put, 4000.0) + price(OptionRight::Call, 4000.0)
            - price(OptionRight::Put, 3800.0)
            - price(OptionRight::Call, 4200.0));
    // Units = equity / (10 x (200 x 100 - credit) + opening costs of 4 x 6.10).
    let expected = 1_000_000.0 / (10.0 * (20_000.0 - credit) + 4.0 * OPEN_COST);
    assert!(
        (units - expected).abs() < 1e-9 * expected,
        "{units} vs {expected}"
    );
}

#[test]
fn butterfly_index_on_width_collateral_holds_ten_wing_widths_of_t_bills_per_unit() {
    let (k, units) = butterfly_entry(CollateralBasis::Width);
    assert_eq!(k, vec![4000.0, 3800.0, 4000.0, 4200.0]);
    // Units = equity / (10 x 200-point width x 100 + opening costs of 4 x 6.10): the credit
    // does not shrink the collateral, so 1,000,000 / 200,024.40 = 4.9994 butterflies.
    let expected = 1_000_000.0 / (10.0 * 20_000.0 + 4.0 * OPEN_COST);
    assert!(
        (units - expected).abs() < 1e-9 * expected,
        "{units} vs {expected}"
    );
    assert!((units - 4.9994).abs() < 1e-4, "{units}");
}

#[test]
fn width_collateral_of_a_naked_put_falls_back_to_its_strike() {
    let mut p = cboe();
    p.condor.sides = Sides::Put;
    p.condor.short_strike = ShortStrike::Atm;
    p.condor.wing = Wing::None;
    p.condor.collateral_basis = CollateralBasis::Width;
    let l = methodology(&p);
    let first = first_entry(&l);
    let units = 1_000_000.0 / (400_000.0 + 1.10 + 5.0);
    assert!(
        first.detail.contains(&format!("x{units} ")),
        "{} vs {units}",
        first.detail
    );
}

#[test]
fn collateral_basis_width_parses_from_toml() {
    let p: StrategyParams =
        toml::from_str("[condor]\nsizing = \"collateral\"\ncollateral_basis = \"width\"\n")
            .unwrap();
    assert_eq!(p.condor.collateral_basis, CollateralBasis::Width);
}

#[test]
fn the_index_leg_alone_is_held_to_each_monthly_expiry_and_rolled() {
    let mut p = cboe();
    p.condor.sides = Sides::None;
    p.condor.long_index = true;
    p.condor.collateral_basis = CollateralBasis::Notional;
    let l = methodology(&p);
    let entries: Vec<_> = l
        .events
        .iter()
        .filter(|e| e.kind == ringfence_strategy::EventKind::Entry)
        .collect();
    // Entered on the first day (the February monthly, 45 days out) and again on each
    // monthly expiry it was held to: 2023-02-17, 03-17, 04-21.
    let dates: Vec<_> = entries.iter().map(|e| e.date).collect();
    assert_eq!(
        dates,
        [
            d(2023, 1, 3),
            d(2023, 2, 17),
            d(2023, 3, 17),
            d(2023, 4, 21)
        ]
    );
    // No option: the whole $1M buys 1,000,000 / (4000 x 100) = 2.5 units, cost-free.
    assert!(entries[0].detail.contains("x2.5 "), "{}", entries[0].detail);
    let pos = &l.open_positions[0].1;
    assert_eq!(pos.structure, Structure::LongIndex);
    assert_eq!(pos.legs().len(), 1);
    assert_eq!(pos.hold_until, Some(d(2023, 5, 19)));
    assert!(l.ledger_totals.dividend > 0.0);
}

#[test]
fn sides_none_and_per_index_unit_need_the_index_leg() {
    use ringfence_strategy::params::{HedgeInstrument, HedgeSizing, VxWeight};
    let keys =
        |p: &StrategyParams| -> Vec<String> { p.validate().into_iter().map(|e| e.key).collect() };
    let mut p = cboe();
    p.condor.sides = Sides::None;
    assert!(
        keys(&p).contains(&"condor.sides".to_string()),
        "{:?}",
        keys(&p)
    );
    p.condor.long_index = true;
    assert!(p.validate().is_empty(), "{:?}", p.validate());
    p.hedge.enabled = true;
    p.hedge.sizing = HedgeSizing::PerIndexUnit;
    assert!(p.validate().is_empty(), "{:?}", p.validate());
    p.condor.long_index = false;
    p.condor.sides = Sides::Call;
    assert!(
        keys(&p).contains(&"hedge.sizing".to_string()),
        "{:?}",
        keys(&p)
    );
    let mut v = StrategyParams::default();
    v.hedge.instrument = HedgeInstrument::VixCall;
    v.hedge.sizing = HedgeSizing::VxWeight;
    assert!(v.validate().is_empty(), "{:?}", v.validate());
    v.hedge.vx_weights.clear();
    assert_eq!(keys(&v), ["hedge.vx_weights"]);
    v.hedge.vx_weights = vec![
        VxWeight {
            above: 30.0,
            weight: 0.01,
        },
        VxWeight {
            above: 15.0,
            weight: 0.005,
        },
    ];
    assert_eq!(keys(&v), ["hedge.vx_weights[1].above"]);
    v.hedge.vx_weights.swap(0, 1);
    v.hedge.instrument = HedgeInstrument::SpxPut;
    v.hedge.long_strike.kind = ringfence_strategy::params::StrikeKind::PctOtm;
    v.hedge.long_strike.value = 0.05;
    assert_eq!(keys(&v), ["hedge.sizing"]);
}

/// Cboe CLL's rules: the index, a monthly call 10% out of the money and a quarterly put 5%
/// out of the money, one per index unit, in one account.
fn collar() -> StrategyParams {
    use ringfence_strategy::params::{
        HedgeInstrument, HedgeSizing, LayerParams, SizingBasis, StrikeKind,
    };
    let mut p = cboe();
    p.condor.sides = Sides::Call;
    p.condor.short_strike = ShortStrike::PctOtm;
    p.condor.short_pct_otm = 0.10;
    p.condor.wing = Wing::None;
    p.condor.long_index = true;
    p.condor.collateral_basis = CollateralBasis::Notional;
    p.condor.collateral_multiple = 1.05;
    p.capital.sizing_basis = SizingBasis::AccountExHedge;
    p.hedge.enabled = true;
    p.hedge.instrument = HedgeInstrument::SpxPut;
    p.hedge.long_strike.kind = StrikeKind::PctOtm;
    p.hedge.long_strike.value = 0.05;
    p.hedge.layers = vec![LayerParams {
        target_dte: 90,
        roll_dte: Some(0),
        budget_share: None,
    }];
    p.hedge.monetise_multiple = 0.0;
    p.hedge.spike_rise = 0.0;
    p.hedge.fractional_contracts = true;
    p.hedge.sizing = HedgeSizing::PerIndexUnit;
    assert!(p.validate().is_empty(), "{:?}", p.validate());
    p
}

/// The collar `p` run in one commingled account over `h` on the flat methodology model.
fn collar_run(
    h: &ringfence_data::MarketHistory,
    p: &StrategyParams,
) -> ringfence_strategy::LayoutResult {
    let model = MarketModel::new(h, &flat_model()).unwrap();
    simulate(
        &model,
        p,
        DayRange::all(h),
        &[Layout::Commingled],
        &SimOptions::all(),
    )
    .unwrap()
    .layouts
    .remove(0)
}

#[test]
fn the_collar_buys_one_5pct_otm_put_per_index_unit_in_the_same_account() {
    let h = flat(d(2023, 1, 3), d(2023, 4, 28), S0, 100.0 * VOL, 100.0, RATE);
    let l = collar_run(&h, &collar());
    // The call: 4000 x 1.10 = 4400. Units: $1M / (1.05 x 400,000 + 6.10 of opening costs).
    let units = 1_000_000.0 / (1.05 * 400_000.0 + OPEN_COST);
    let entries: Vec<_> = l
        .events
        .iter()
        .filter(|e| e.kind == ringfence_strategy::EventKind::Entry && e.date == d(2023, 1, 3))
        .collect();
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert!(
        entries[0].detail.contains(&format!("x{units} ")),
        "{}",
        entries[0].detail
    );
    assert!(
        entries[0].detail.contains("C 4400"),
        "{}",
        entries[0].detail
    );
    // The put: one per index unit, strike 4000 x 0.95 = 3800, the monthly nearest 90 days
    // (2023-03-17, 73 days, against 2023-04-21, 108).
    let put = &entries[1].detail;
    assert!(put.contains(&format!("x{units} ")), "{put}");
    assert!(put.contains("SPX 2023-03-17 P 3800"), "{put}");
    assert_eq!(l.metrics.refused_entries, 0);
    assert_eq!(l.metrics.hedge_spend_cuts, 0);
}

#[test]
fn the_cross_roll_replaces_a_put_struck_above_the_new_call_with_one_of_the_same_expiry() {
    use ringfence_strategy::EventKind;
    // SPX 4000, then 3300 from the 21st trading day (2023-02-02): at the February roll
    // (2023-02-17) the new call is struck at 3300 x 1.10 = 3630, below the March put's
    // 3800.
    let h = synthetic(
        d(2023, 1, 3),
        d(2023, 4, 28),
        RATE,
        |i| if i < 21 { S0 } else { 3300.0 },
        |_| 100.0 * VOL,
    );
    let run = |cross_roll: bool| {
        let mut p = collar();
        p.hedge.cross_roll = cross_roll;
        assert!(p.validate().is_empty(), "{:?}", p.validate());
        collar_run(&h, &p)
    };
    let on_roll = |l: &ringfence_strategy::LayoutResult| -> Vec<(EventKind, String)> {
        l.events
            .iter()
            .filter(|e| e.date == d(2023, 2, 17) && e.sleeve == Some(Sleeve::Hedge))
            .map(|e| (e.kind, e.detail.clone()))
            .collect()
    };
    let crossed = run(true);
    let events = on_roll(&crossed);
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0].0, EventKind::Roll);
    assert!(events[0].1.contains("cross-roll"), "{events:?}");
    // The put sold is the March 3800; its replacement keeps the expiry, 5% below 3300
    // (3135, snapped down to the listed grid).
    let sold = events[0].1.split(' ').nth(1).unwrap();
    let bought = crossed
        .events
        .iter()
        .find(|e| e.kind == EventKind::Entry && e.detail.starts_with(&format!("spx_put {sold} ")))
        .unwrap();
    assert!(
        bought.detail.contains("SPX 2023-03-17 P 3800"),
        "{}",
        bought.detail
    );
    assert_eq!(events[1].0, EventKind::Entry);
    assert!(events[1].1.contains("SPX 2023-03-17 P 3135"), "{events:?}");
    // Without the rule the 3800 put is held to its expiry.
    let held = run(false);
    assert!(on_roll(&held).is_empty(), "{:?}", on_roll(&held));
    // On the quarterly roll the put expires and the next one is bought: no cross-roll.
    assert!(
        !crossed
            .events
            .iter()
            .any(|e| e.date == d(2023, 3, 17) && e.detail.contains("cross-roll"))
    );
}

#[test]
fn the_cross_roll_needs_spx_puts_and_a_condor_call() {
    use ringfence_strategy::params::HedgeInstrument;
    let mut p = collar();
    p.hedge.cross_roll = true;
    assert!(p.validate().is_empty(), "{:?}", p.validate());
    p.condor.sides = Sides::None;
    let keys: Vec<String> = p.validate().into_iter().map(|e| e.key).collect();
    assert_eq!(keys, ["hedge.cross_roll"]);
    let mut p = collar();
    p.hedge.cross_roll = true;
    p.hedge.instrument = HedgeInstrument::VixCall;
    let keys: Vec<String> = p.validate().into_iter().map(|e| e.key).collect();
    assert!(keys.contains(&"hedge.cross_roll".to_string()), "{keys:?}");
}

#[test]
fn pct_otm_beyond_takes_the_first_listed_strike_past_the_level() {
    // 4000 x 1.1004 = 4401.6 and 4000 x 0.8996 = 3598.4 on the 5-point grid: the nearest
    // strikes are 4400 and 3600, the first ones beyond them 4405 and 3595.
    let strikes = |rule: ShortStrike| -> Vec<f64> {
        let mut p = cboe();
        p.condor.sides = Sides::Both;
        p.condor.short_strike = rule;
        p.condor.short_pct_otm = 0.1004;
        p.condor.wing = Wing::None;
        p.condor.collateral_basis = CollateralBasis::Notional;
        methodology(&p).open_positions[0]
            .1
            .legs()
            .iter()
            .map(|l| l.instrument.strike().unwrap())
            .collect()
    };
    assert_eq!(strikes(ShortStrike::PctOtm), [3600.0, 4400.0]);
    assert_eq!(strikes(ShortStrike::PctOtmBeyond), [3595.0, 4405.0]);
}
