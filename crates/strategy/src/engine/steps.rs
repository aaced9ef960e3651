//! The daily order after the close, for one layout:
//!
//! 1. mark every live leg at the day's model mid (memoised across layouts), settle expired
//!    legs (SPX AM at SET ~ the Open, PM at the close, VIX options and VX at VRO ~ the VIX
//!    Open), pay VX variation margin, accrue dividends on the index leg;
//! 2. accrue interest: `cash x rate x calendar days since the previous trading day / 365`
//!    at the previous day's rate (less `credit_spread` on positive balances, plus
//!    `debit_spread` on negative ones), per cash bucket;
//! 3. credit ring-fenced transfers that arrive today ([`crate::accounts::transfers`]);
//! 4. margin check: excess < 0 opens a call; a call open for `grace_days` trading days is met
//!    by forced liquidation in the configured order at stressed slippage until excess >= 0
//!    ([`crate::margin::call`]);
//! 5. exits (condor rules, hedge rolls and monetisation);
//! 6. entries (condor, then hedge layers); an entry that would leave excess < 0 is refused;
//!    with `hedge.cross_roll`, a hedge SPX put struck above the call the condor sleeve has
//!    just sold is sold at its close mark and its layer reopened on the same expiry;
//! 7. ring-fenced transfer decisions (they arrive `lag_days` later;
//!    [`crate::accounts::transfers`]).
//!
//! This module holds steps 1, 2, 5 and 6; [`crate::engine`] runs all seven in this order.
//!
//! A leg the model cannot mark keeps its previous mark (counted); a settlement value the
//! model cannot give (the expiry is not a day of the history) is the first available close
//! after the expiry (counted).

use ringfence_pricing::OptionRight;
use ringfence_pricing::expiry::Expiry;

use crate::accounts::book::Book;
use crate::accounts::event::EventKind;
use crate::accounts::ledger::LedgerKind;
use crate::engine::plans::EntryPlans;
use crate::instrument::{Instrument, Product};
use crate::margin::{MarginRule, regt};
use crate::market::Market;
use crate::market::day::MarketDay;
use crate::params::{BudgetReference, HedgeShortfall, HedgeSizing, SizingBasis, StrategyParams};
use crate::position::{Leg, Position, Sleeve, Structure};
use crate::sleeves::condor;
use crate::sleeves::hedge::{self, Layers};
use crate::sleeves::hedge_sizing;

/// What every step reads.
#[derive(Debug)]
pub struct Ctx<'a, M> {
    /// The market.
    pub m: &'a M,
    /// Parameters (validated).
    pub p: &'a StrategyParams,
    /// Resolved hedge layers.
    pub layers: &'a Layers,
    /// Signal columns (empty when no layout hedges).
    pub signals: &'a crate::sleeves::signals::SignalSeries,
}

/// A cash flow gathered while a position is borrowed, posted afterwards.
#[derive(Clone, Copy)]
struct Flow {
    kind: LedgerKind,
    inst: Instrument,
    amount: f64,
}

/// Step 1: marks, settlements, variation margin, index dividends.
pub fn mark_and_settle<M: Market>(cx: &Ctx<'_, M>, book: &mut Book, md: &mut MarketDay<M>) {
    let today = md.today;
    for acc in 0..book.n_accounts {
        let mut i = 0;
        while i < book.accounts[acc].positions.len() {
            // Fast path: option legs that do not expire today are marked in place; the
            // rest (expiries, futures, the index leg) take the slow path.
            let pos = &mut book.accounts[acc].positions[i];
            let mut slow = false;
            for leg in pos.legs_mut().iter_mut().filter(|l| l.live) {
                if leg.expiry_day <= today || !leg.instrument.is_option() {
                    slow = true;
                    continue;
                }
                match md.mark_keyed(cx.m, leg.key, &leg.instrument) {
                    Some(mk) => leg.set_mark(mk),
                    None => book.c.mark_fallbacks += 1,
                }
            }
            if slow && settle_and_carry(cx, book, md, acc, i) {
                book.accounts[acc].positions.remove(i);
            } else {
                i += 1;
            }
        }
    }
}

/// The slow part of step 1 for position `i` of account `acc`: settle legs expiring today,
/// mark futures (variation margin) and the index leg (dividends). Returns true when no leg
/// is left live.
fn settle_and_carry<M: Market>(
    cx: &Ctx<'_, M>,
    book: &mut Book,
    md: &mut MarketDay<M>,
    acc: usize,
    i: usize,
) -> bool {
    let date = md.date;
    let today = md.today;
    let dt = md.dt_years;
    let mut flows = [Flow {
        kind: LedgerKind::Settlement,
        inst: Instrument::SpxIndex,
        amount: 0.0,
    }; 2 * crate::position::MAX_LEGS];
    let mut n_flows = 0;
    let mut settled_cash = 0.0;
    let mut settled_any = false;
    let mut source = "";
    let pos = &mut book.accounts[acc].positions[i];
    let qty = pos.quantity;
    let sleeve = pos.sleeve;
    let held_before_today = pos.entry_day < md.day;
    for leg in pos.legs_mut().iter_mut().filter(|l| l.live) {
        let inst = leg.instrument;
        if leg.expiry_day <= today {
            let settled = match inst {
                Instrument::SpxOption { expiry, .. } => cx.m.spx_settlement(expiry),
                _ => cx.m.vix_settlement(inst.expiry_date().unwrap_or(date)),
            };
            let value = match settled {
                Ok(s) => {
                    source = s.source;
                    s.value
                }
                Err(_) => {
                    book.c.settlement_fallbacks += 1;
                    source = "first_close_after_expiry";
                    match inst.product() {
                        Product::SpxOption => md.spot,
                        _ => md.vix,
                    }
                }
            };
            let (kind, amount, mark) = match (inst.right(), inst.strike()) {
                (Some(r), Some(k)) => {
                    let iv = r.intrinsic(value, k);
                    (
                        LedgerKind::Settlement,
                        leg.ratio * qty * iv * inst.multiplier(),
                        iv,
                    )
                }
                _ => (
                    LedgerKind::VariationMargin,
                    leg.ratio * qty * (value - leg.mark) * inst.multiplier(),
                    value,
                ),
            };
            leg.mark = mark;
            leg.live = false;
            flows[n_flows] = Flow { kind, inst, amount };
            n_flows += 1;
            settled_cash += amount;
            settled_any = true;
        } else if !inst.is_option() {
            match md.mark_keyed(cx.m, leg.key, &inst) {
                Some(mk) => {
                    if inst.product() == Product::VxFuture {
                        let vm = leg.ratio * qty * (mk.price - leg.mark) * inst.multiplier();
                        flows[n_flows] = Flow {
                            kind: LedgerKind::VariationMargin,
                            inst,
                            amount: vm,
                        };
                        n_flows += 1;
                    }
                    leg.set_mark(mk);
                    if let (Product::SpxIndex, true, Some(prev)) =
                        (inst.product(), held_before_today, md.prev)
                    {
                        flows[n_flows] = Flow {
                            kind: LedgerKind::Dividend,
                            inst,
                            amount: leg.ratio
                                * qty
                                * inst.multiplier()
                                * prev.spot
                                * prev.div_yield
                                * dt,
                        };
                        n_flows += 1;
                    }
                }
                None => book.c.mark_fallbacks += 1,
            }
        }
    }
    for f in &flows[..n_flows] {
        match f.kind {
            LedgerKind::Settlement => pos.settled_usd += f.amount,
            LedgerKind::VariationMargin => pos.variation_usd += f.amount,
            _ => {}
        }
    }
    if settled_any {
        pos.regt_static_per_unit = regt::static_per_unit(pos.legs(), &cx.p.margin);
    }
    let id = pos.id;
    let structure = pos.structure;
    let done = !pos.legs().iter().any(|l| l.live);
    // One position's settlement and marks of the day count once, net, in the hedge's
    // cost and payoff by year.
    book.ledger.begin_trade();
    for f in &flows[..n_flows] {
        book.post(date, acc, Some(sleeve), f.kind, Some(&f.inst), f.amount);
    }
    book.ledger.end_trade();
    if settled_any {
        book.event(
            date,
            acc,
            EventKind::Settlement,
            Some(sleeve),
            settled_cash,
            || format!("{} #{id} settled at {source}", structure.name()),
        );
    }
    done
}

fn interest_on(cash: f64, rate: f64, p: &StrategyParams, dt: f64) -> f64 {
    let r = if cash >= 0.0 {
        rate - p.capital.credit_spread
    } else {
        rate + p.capital.debit_spread
    };
    cash * r * dt
}

/// Step 2: interest on every cash bucket.
pub fn accrue<M: Market>(cx: &Ctx<'_, M>, book: &mut Book, md: &MarketDay<M>) {
    let Some(prev) = md.prev else {
        return;
    };
    let dt = md.dt_years;
    let r = prev.rate;
    for acc in 0..book.n_accounts {
        let a = &book.accounts[acc];
        let buckets = [a.sleeve_cash[0], a.sleeve_cash[1], a.unattributed_cash];
        let total = a.cash();
        let per: [f64; 3] = buckets.map(|b| interest_on(b, r, cx.p, dt));
        let mixed = buckets.iter().any(|b| *b < 0.0) && buckets.iter().any(|b| *b > 0.0);
        let netting = if mixed {
            interest_on(total, r, cx.p, dt) - per.iter().sum::<f64>()
        } else {
            0.0
        };
        for s in Sleeve::ALL {
            book.post(
                md.date,
                acc,
                Some(s),
                LedgerKind::Interest,
                None,
                per[s.index()],
            );
        }
        book.post(
            md.date,
            acc,
            None,
            LedgerKind::Interest,
            None,
            per[2] + netting,
        );
    }
}

/// Step 5: exit rules of both sleeves.
pub fn exits<M: Market>(cx: &Ctx<'_, M>, book: &mut Book, md: &MarketDay<M>) {
    for acc in 0..book.n_accounts {
        let mut i = 0;
        while i < book.accounts[acc].positions.len() {
            let pos = &book.accounts[acc].positions[i];
            let reason = match pos.sleeve {
                Sleeve::Condor => {
                    condor::exit_reason(pos, md.date, &cx.p.condor).map(|r| (EventKind::Exit, r))
                }
                Sleeve::Hedge => {
                    let layer = cx
                        .layers
                        .as_slice()
                        .get(usize::from(pos.layer))
                        .copied()
                        .unwrap_or_default();
                    hedge::exit_reason(pos, md.date, md.spike, &cx.p.hedge, &layer)
                }
            };
            match reason {
                Some((kind, why)) => {
                    let q = pos.quantity;
                    book.close((md.date, md.vix), acc, i, q, false, kind, why);
                }
                None => i += 1,
            }
        }
    }
}

/// Cash change of opening `pos` (its quantity) at its marks with normal costs at VIX `vix`,
/// USD.
fn entry_cash(pos: &Position, p: &StrategyParams, vix: f64) -> f64 {
    pos.legs()
        .iter()
        .map(|l: &Leg| {
            let contracts = l.ratio * pos.quantity;
            let product = l.instrument.product();
            let mid = if product == Product::VxFuture {
                0.0
            } else {
                -contracts * l.mark * l.instrument.multiplier()
            };
            mid - p
                .costs
                .leg_cost(product, contracts.abs(), l.quote(vix), false)
                .total_usd()
        })
        .sum()
}

/// Excess account `acc` would have after opening `pos`, USD.
fn excess_after<M: Market>(
    cx: &Ctx<'_, M>,
    book: &mut Book,
    md: &MarketDay<M>,
    acc: usize,
    pos: &Position,
) -> f64 {
    let cash = entry_cash(pos, cx.p, md.vix);
    MarginRule::for_day(&cx.p.margin, md).excess_after_open(&mut book.accounts[acc], pos, cash)
}

/// Units of `pos` account `acc` can pay for: its excess over the excess one unit consumes
/// (openings are linear in units under Reg-T; under portfolio margin a first-order count the
/// entry check then verifies). Infinite when a unit consumes no excess.
fn affordable_units<M: Market>(
    cx: &Ctx<'_, M>,
    book: &mut Book,
    md: &MarketDay<M>,
    acc: usize,
    pos: &Position,
) -> f64 {
    let mut one = pos.clone();
    one.quantity = 1.0;
    one.regt_static_per_unit = regt::static_per_unit(one.legs(), &cx.p.margin);
    let after_one = excess_after(cx, book, md, acc, &one);
    let excess = book.accounts[acc].excess;
    let per_unit = excess - after_one;
    if per_unit > 0.0 {
        (excess + 0.01).max(0.0) / per_unit
    } else {
        f64::INFINITY
    }
}

fn try_open<M: Market>(
    cx: &Ctx<'_, M>,
    book: &mut Book,
    md: &MarketDay<M>,
    acc: usize,
    mut pos: Position,
) -> bool {
    // VIX option legs trade at a real quote's spread where the market has one (chains).
    for leg in pos.legs_mut() {
        if let Instrument::VixOption {
            expiry,
            right,
            strike,
        } = leg.instrument
            && leg.half_spread.is_none()
        {
            leg.half_spread = crate::market::day::quoted(cx.m.vix_half_spread(
                md.day,
                expiry,
                strike.points(),
                right,
            ));
        }
    }
    pos.regt_static_per_unit = regt::static_per_unit(pos.legs(), &cx.p.margin);
    let after = excess_after(cx, book, md, acc, &pos);
    // A cent of tolerance absorbs rounding in fully collateralised sizing.
    if after < -0.01 {
        book.c.refused_entries += 1;
        book.event(
            md.date,
            acc,
            EventKind::RefusedEntry,
            Some(pos.sleeve),
            after,
            || {
                format!(
                    "{} x{} would leave excess {after:.2}",
                    pos.structure.name(),
                    pos.quantity
                )
            },
        );
        return false;
    }
    book.open((md.date, md.vix), acc, pos);
    true
}

/// Step 6: entries of both sleeves.
pub fn entries<M: Market>(
    cx: &Ctx<'_, M>,
    book: &mut Book,
    md: &mut MarketDay<M>,
    plans: &mut EntryPlans,
) {
    let p = cx.p;
    // Layers whose put the cross-roll sold today, with the expiry of their replacement.
    let mut cross_rolls: [Option<Expiry>; hedge::MAX_LAYERS] = [None; hedge::MAX_LAYERS];
    if book.layout.trades(Sleeve::Condor) && p.condor.enabled {
        let acc = book.layout.account_of(Sleeve::Condor);
        let open = book.accounts[acc]
            .positions
            .iter()
            .filter(|x| x.sleeve == Sleeve::Condor)
            .count();
        if condor::wants_entry(&p.condor, md.date, md.vix, open) {
            let equity = book.sizing_equity(Sleeve::Condor, p.capital.sizing_basis);
            let rungs = if p.condor.ladder.enabled {
                p.condor.ladder.max_open
            } else {
                1
            };
            let (day, date) = (md.day, md.date);
            let planned = match plans.condor(cx.m, md, p) {
                Ok(plan) => {
                    let units = condor::units(plan, &p.condor, equity, rungs);
                    if p.capital.sizing_basis != SizingBasis::Sleeve {
                        let attributed = book.sleeve_equity(Sleeve::Condor);
                        if condor::units(plan, &p.condor, attributed, rungs) != units {
                            book.c.sizing_differs += 1;
                        }
                    }
                    if units <= 0.0 {
                        book.c.condor_below_one_unit += 1;
                    }
                    (units > 0.0).then(|| {
                        let mut pos = Position::new(Sleeve::Condor, plan.structure, day, date);
                        for l in plan.legs() {
                            pos.push_leg(*l);
                        }
                        pos.quantity = units;
                        pos.entry_credit_usd = plan.credit_per_unit;
                        if plan.structure == Structure::LongIndex {
                            pos.hold_until = Some(plan.expiry.date);
                        }
                        pos
                    })
                }
                Err(_) => {
                    book.c.skipped_entries += 1;
                    None
                }
            };
            if let Some(pos) = planned {
                // The call the cross-roll compares with, read before the position moves.
                let call = (p.hedge.cross_roll && book.layout.trades(Sleeve::Hedge))
                    .then(|| short_call_strike(&pos))
                    .flatten();
                if try_open(cx, book, md, acc, pos)
                    && let Some(k) = call
                {
                    cross_rolls = cross_roll(book, md, k);
                }
            }
        }
    }
    if book.layout.trades(Sleeve::Hedge) && p.hedge.enabled {
        let acc = book.layout.account_of(Sleeve::Hedge);
        let layers = cx.layers.as_slice();
        let mut held = [false; hedge::MAX_LAYERS];
        for x in book.accounts[acc].positions.iter() {
            if x.sleeve == Sleeve::Hedge {
                held[usize::from(x.layer).min(hedge::MAX_LAYERS - 1)] = true;
            }
        }
        if held[..layers.len()].iter().all(|h| *h) {
            return;
        }
        if !hedge_sizing::opens_on(&p.hedge, md.date) {
            return;
        }
        if !hedge::listed(&p.hedge, md.date) {
            book.c.skipped_entries += held[..layers.len()].iter().filter(|h| !**h).count() as u32;
            return;
        }
        let reference = match p.hedge.budget_reference {
            BudgetReference::InitialCapital => p.capital.total_usd,
            BudgetReference::SleeveEquity => match p.capital.sizing_basis {
                SizingBasis::Sleeve => {
                    book.sleeve_equity(Sleeve::Condor) + book.sleeve_equity(Sleeve::Hedge)
                }
                SizingBasis::Account | SizingBasis::AccountExHedge => book.total_equity(),
            },
        };
        let cap = p.hedge.budget_annual * reference;
        if md.scale.is_nan() {
            md.scale = cx.signals.scale_at(md.day);
        }
        MarginRule::for_day(&p.margin, md).update(&mut book.accounts[acc]);
        for (k, layer) in layers.iter().enumerate() {
            if held[k] {
                continue;
            }
            let spend = if p.hedge.sizing == HedgeSizing::Budget {
                (hedge::base_spend(&p.hedge, layer, reference) * md.scale)
                    .min(book.budget.remaining(md.date, cap))
            } else {
                f64::INFINITY
            };
            if spend <= 0.0 {
                continue;
            }
            let excess = book.accounts[acc].excess;
            if excess <= 0.0 {
                // Every hedge opening costs cash: refused without pricing it.
                book.c.refused_entries += 1;
                book.event(
                    md.date,
                    acc,
                    EventKind::RefusedEntry,
                    Some(Sleeve::Hedge),
                    excess,
                    || format!("hedge layer {k}: no excess left ({excess:.2})"),
                );
                continue;
            }
            let (day, date) = (md.day, md.date);
            let replacement =
                cross_rolls[k].map(|e| hedge::build(cx.m, md, &p.hedge, &p.costs, layer, Some(e)));
            let plan = match &replacement {
                Some(built) => built.as_ref().map_err(|e| *e),
                None => plans.hedge(cx.m, md, &p.hedge, &p.costs, k, layer),
            };
            let plan = match plan {
                Ok(plan) => plan,
                Err(_) => {
                    book.c.skipped_entries += 1;
                    continue;
                }
            };
            let inputs = hedge_sizing::SizingInputs {
                spend,
                index_units: hedge_sizing::index_units(&book.accounts[acc].positions),
                equity: book.total_equity(),
            };
            let units = hedge_sizing::units(&p.hedge, plan, inputs);
            if units <= 0.0 || !units.is_finite() {
                book.c.hedge_below_one_unit += 1;
                continue;
            }
            let mut pos = Position::new(Sleeve::Hedge, plan.structure, day, date);
            for l in plan.legs() {
                pos.push_leg(*l);
            }
            pos.layer = k as u8;
            pos.quantity = units;
            if p.hedge.shortfall == HedgeShortfall::Shrink {
                let affordable = affordable_units(cx, book, md, acc, &pos);
                if affordable < units {
                    let cut = if p.hedge.fractional_contracts {
                        affordable
                    } else {
                        affordable.floor()
                    }
                    .max(0.0);
                    let short_usd = (units - cut) * plan.charge_per_unit;
                    book.c.hedge_spend_cuts += 1;
                    book.c.hedge_spend_cut_usd += short_usd;
                    book.event(
                        md.date,
                        acc,
                        EventKind::HedgeSpendCut,
                        Some(Sleeve::Hedge),
                        -short_usd,
                        || {
                            format!(
                                "hedge layer {k}: {cut} of {units} units, all the account's excess pays for"
                            )
                        },
                    );
                    if cut <= 0.0 {
                        continue;
                    }
                    pos.quantity = cut;
                }
            }
            pos.entry_credit_usd = -plan.debit_per_unit;
            pos.budget_charge_usd = pos.quantity * plan.charge_per_unit;
            let charge = pos.budget_charge_usd;
            if try_open(cx, book, md, acc, pos) {
                book.charge_budget(md.date, charge);
            }
        }
    }
}

/// The strike of the short call among `pos`'s legs, if it sells one.
fn short_call_strike(pos: &Position) -> Option<f64> {
    pos.legs()
        .iter()
        .find(|l| l.ratio < 0.0 && l.instrument.right() == Some(OptionRight::Call))
        .and_then(|l| l.instrument.strike())
}

/// The cross-roll (Cboe CLL): sell every hedge SPX put struck above `call`, the strike of
/// the call the condor sleeve sold today, at its close mark. Returns the expiry each sold
/// layer's replacement takes.
fn cross_roll(
    book: &mut Book,
    md: &MarketDay<impl Market>,
    call: f64,
) -> [Option<Expiry>; hedge::MAX_LAYERS] {
    let mut sold = [None; hedge::MAX_LAYERS];
    let acc = book.layout.account_of(Sleeve::Hedge);
    let mut i = 0;
    while i < book.accounts[acc].positions.len() {
        let pos = &book.accounts[acc].positions[i];
        let above = match pos.legs().first().map(|l| l.instrument) {
            Some(Instrument::SpxOption {
                expiry,
                right: OptionRight::Put,
                strike,
            }) if pos.sleeve == Sleeve::Hedge && strike.points() > call => Some(expiry),
            _ => None,
        };
        match above {
            Some(expiry) => {
                sold[usize::from(pos.layer).min(hedge::MAX_LAYERS - 1)] = Some(expiry);
                let q = pos.quantity;
                book.close(
                    (md.date, md.vix),
                    acc,
                    i,
                    q,
                    false,
                    EventKind::Roll,
                    "cross-roll: the new call is struck below the put",
                );
            }
            None => i += 1,
        }
    }
    sold
}
