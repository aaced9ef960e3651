//! Step 4 of the daily order: margin calls and forced liquidation.
//!
//! Excess below zero opens a margin call (an event). A call open for `grace_days` trading
//! days is met by forced liquidation: positions are taken in the configured order (largest
//! standalone requirement first by default; hedge positions first; or oldest first) and
//! closed, as many units as the excess needs, at the stressed slippage multiplier, until
//! excess >= 0. A position whose closing would not raise the excess (under Reg-T a spread at
//! its maximum loss: the cash paid equals the requirement freed) is skipped. A call that
//! recovers before liquidation is met by recovery; every step is an event.

use chrono::NaiveDate;

use crate::accounts::book::Book;
use crate::accounts::event::EventKind;
use crate::margin::MarginRule;
use crate::market::Market;
use crate::market::day::MarketDay;
use crate::params::{LiquidationOrder, StrategyParams};
use crate::position::{Position, Sleeve};

/// Commission and stressed slippage of closing one unit of `pos`, USD.
fn forced_cost_per_unit(pos: &Position, p: &StrategyParams) -> f64 {
    pos.legs()
        .iter()
        .filter(|l| l.live)
        .map(|l| {
            p.costs
                .leg_cost(l.instrument.product(), l.ratio.abs(), true)
                .total_usd()
        })
        .sum()
}

/// Step 4: margin check, calls and forced liquidation.
pub fn check_margin<M: Market>(p: &StrategyParams, book: &mut Book, md: &MarketDay<M>) {
    let rule = MarginRule::for_day(&p.margin, md);
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
        if md.day - call.opened_day < p.margin.grace_days as usize {
            continue;
        }
        liquidate(p, &rule, book, md.date, acc);
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

fn liquidate(p: &StrategyParams, rule: &MarginRule, book: &mut Book, date: NaiveDate, acc: usize) {
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
            let cost = forced_cost_per_unit(pos, p);
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
        book.close(
            date,
            acc,
            i,
            units,
            true,
            EventKind::ForcedLiquidation,
            "margin call",
        );
    }
}
