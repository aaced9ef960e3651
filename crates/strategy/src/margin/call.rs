//! Margin calls at the close and forced liquidation, and the trader's own sales to meet
//! them.
//!
//! Excess below zero opens a margin call (an event). A call open for `grace_days` trading
//! days (none when the broker margins in real time) is met by forced liquidation: positions are taken in the configured order (largest
//! standalone requirement first by default; hedge positions first; or oldest first) and
//! closed, as many units as the excess needs, at stressed costs (`CostModel::leg_cost`
//! with `forced`), until excess >= 0. A position whose closing would not raise the excess (under Reg-T a spread at
//! its maximum loss: the cash paid equals the requirement freed) is skipped. A call that
//! recovers before liquidation is met by recovery; every step is an event.

use chrono::NaiveDate;

use crate::accounts::book::Book;
use crate::accounts::event::EventKind;
use crate::margin::MarginRule;
use crate::market::Market;
use crate::market::day::MarketDay;
use crate::params::{Enforcement, LiquidationOrder, StrategyParams};
use crate::position::{Position, Sleeve};

/// Commission and stressed slippage of closing one unit of `pos` at VIX `vix`, USD.
fn forced_cost_per_unit(pos: &Position, p: &StrategyParams, vix: f64) -> f64 {
    pos.legs()
        .iter()
        .filter(|l| l.live)
        .map(|l| {
            p.costs
                .leg_cost(l.instrument.product(), l.ratio.abs(), l.quote(vix), true)
                .total_usd()
        })
        .sum()
}

/// Step 4: margin check, calls and forced liquidation.
pub fn check_margin<M: Market>(p: &StrategyParams, book: &mut Book, md: &MarketDay<M>) {
    let rule = MarginRule::for_day(&p.margin, md);
    if rule.stress() > 1.0 && book.accounts().iter().any(|a| !a.positions.is_empty()) {
        book.c.stress_addon_days += 1;
    }
    for acc in 0..book.n_accounts {
        rule.update(&mut book.accounts[acc]);
        let excess = book.accounts[acc].excess;
        if excess >= 0.0 {
            if let Some(call) = book.accounts[acc].call.take() {
                book.event(md.date, acc, EventKind::MarginCallMet, None, excess, || {
                    format!("call of {} met: excess back above zero", call.opened_date)
                });
            }
            continue;
        }
        let call = match book.accounts[acc].call {
            Some(c) => c,
            None => {
                let c = crate::accounts::account::MarginCall {
                    opened_day: md.day,
                    opened_date: md.date,
                };
                book.accounts[acc].call = Some(c);
                book.c.margin_calls += 1;
                let req = book.accounts[acc].requirement;
                book.event(md.date, acc, EventKind::MarginCall, None, -excess, || {
                    format!("excess {excess:.2} below zero (requirement {req:.2})")
                });
                c
            }
        };
        let grace = match p.margin.enforcement {
            Enforcement::RealTime => 0,
            Enforcement::EndOfDay => p.margin.grace_days as usize,
        };
        if md.day - call.opened_day < grace {
            continue;
        }
        liquidate(
            p,
            &rule,
            book,
            (md.date, md.vix),
            acc,
            EventKind::ForcedLiquidation,
        );
        let a = &mut book.accounts[acc];
        if a.excess >= 0.0 {
            a.call = None;
            let e = a.excess;
            book.event(md.date, acc, EventKind::MarginCallMet, None, e, || {
                "met by forced liquidation".to_owned()
            });
        }
    }
}

/// Close positions of account `acc` in the configured order at stressed costs, on `date`
/// at VIX `vix` (the level the forced orders meet: the close, or the corner's), until its
/// excess under `rule` is back to zero or nothing closing raises it; each close is a `kind`
/// event.
pub(crate) fn liquidate(
    p: &StrategyParams,
    rule: &MarginRule,
    book: &mut Book,
    (date, vix): (NaiveDate, f64),
    acc: usize,
    kind: EventKind,
) {
    for _ in 0..64 {
        rule.update(&mut book.accounts[acc]);
        let excess = book.accounts[acc].excess;
        if excess >= 0.0 {
            return;
        }
        // Candidate: (index, priority key, excess gained per unit closed).
        let mut best: Option<(usize, f64, f64)> = None;
        for (i, pos) in book.accounts[acc].positions.iter().enumerate() {
            if pos.quantity <= 0.0 {
                continue;
            }
            let req = rule.standalone_requirement(pos);
            let cost = forced_cost_per_unit(pos, p, vix);
            let gain = rule.release_per_unit(pos, req) - cost;
            if gain <= 1e-9 {
                continue;
            }
            let key = match p.margin.liquidation_order {
                LiquidationOrder::LargestRequirement => req,
                LiquidationOrder::HedgeFirst => {
                    let hedge = if pos.sleeve == Sleeve::Hedge {
                        1e18
                    } else {
                        0.0
                    };
                    hedge + req + pos.market_value().abs()
                }
                LiquidationOrder::Oldest => -f64::from(pos.id),
            };
            if best.is_none_or(|(_, k, _)| key > k) {
                best = Some((i, key, gain));
            }
        }
        let Some((i, _, gain)) = best else { return };
        let pos = &book.accounts[acc].positions[i];
        let fractional = match pos.sleeve {
            Sleeve::Condor => p.condor.fractional_contracts,
            Sleeve::Hedge => p.hedge.fractional_contracts,
        };
        let need = -excess / gain;
        let units = if fractional { need } else { need.ceil() }.min(pos.quantity);
        book.close((date, vix), acc, i, units, true, kind, "margin call");
        if kind == EventKind::IntradayLiquidation {
            book.c.intraday_liquidations += 1;
        }
    }
}

/// Excess of account `acc` under `rule` if its position `i` were sold at its marks (costs
/// aside): a hedge that covers a naked short under cross-position pairing can free less than
/// the requirement its sale adds.
fn excess_without(rule: &MarginRule, book: &mut Book, acc: usize, i: usize) -> f64 {
    let s = &mut book.scratch;
    s.copy_from(&book.accounts[acc]);
    let pos = s.positions.remove(i);
    s.unattributed_cash += pos.market_value();
    rule.evaluate(s).1
}

/// The trader meets a negative excess at the close by selling hedge positions, largest
/// marked value first among those whose sale raises the excess, at normal costs, before the broker checks (`margin.trader_first` and
/// `margin.meet_calls_with_hedge`). In a commingled account the hedge's gains pay the
/// condor's call; a ring-fenced core holds no hedge to sell.
pub fn sell_hedge_for_calls<M: Market>(p: &StrategyParams, book: &mut Book, md: &MarketDay<M>) {
    let rule = MarginRule::for_day(&p.margin, md);
    for acc in 0..book.n_accounts {
        for _ in 0..64 {
            rule.update(&mut book.accounts[acc]);
            if book.accounts[acc].excess >= 0.0 {
                break;
            }
            let excess = book.accounts[acc].excess;
            let mut best: Option<(usize, f64)> = None;
            for i in 0..book.accounts[acc].positions.len() {
                let x = &book.accounts[acc].positions[i];
                let value = x.market_value();
                if x.sleeve != Sleeve::Hedge
                    || value <= 0.0
                    || best.is_some_and(|(_, v)| v >= value)
                    || excess_without(&rule, book, acc, i) <= excess
                {
                    continue;
                }
                best = Some((i, value));
            }
            let Some((i, _)) = best else { break };
            let q = book.accounts[acc].positions[i].quantity;
            book.c.hedge_sales_for_calls += 1;
            book.close(
                (md.date, md.vix),
                acc,
                i,
                q,
                false,
                EventKind::HedgeSoldForCall,
                "negative excess at the close",
            );
        }
    }
}
