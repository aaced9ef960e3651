//! Transfers between the two ring-fenced accounts: decided after the close under the
//! configured [`TransferPolicy`] (`[transfers]`: none, thresholds, or a calendar rebalance
//! to `capital.hedge_fraction`), credited `lag_days` trading days later, capped at the
//! sender's excess on arrival. Commingled layouts hold one account and never transfer.

use crate::accounts::book::{Book, PendingTransfer};
use crate::accounts::event::EventKind;
use crate::accounts::layout::Layout;
use crate::margin::MarginRule;
use crate::market::Market;
use crate::market::day::MarketDay;
use crate::params::{StrategyParams, TransferPolicy};

/// Step 3 of the daily order: credit transfers arriving today (capped at the sender's excess).
#[inline]
pub fn arrive<M: Market>(p: &StrategyParams, book: &mut Book, md: &MarketDay<M>) {
    let rule = MarginRule::for_day(&p.margin, md);
    for k in 0..book.pending.len() {
        let Some(t) = book.pending[k] else { continue };
        if t.arrives > md.day {
            continue;
        }
        book.pending[k] = None;
        rule.update(&mut book.accounts[t.from]);
        let amount = t.amount.min(book.accounts[t.from].excess.max(0.0));
        book.transfer(md.date, t.from, t.to, amount);
    }
}

/// Step 7 of the daily order: ring-fenced transfer decisions.
#[inline]
pub fn decide<M: Market>(p: &StrategyParams, book: &mut Book, md: &MarketDay<M>) {
    let tp = &p.transfers;
    if book.layout != Layout::RingFenced || tp.policy == TransferPolicy::None {
        return;
    }
    if tp.policy == TransferPolicy::Calendar && !rebalance_day(md, tp.rebalance_months) {
        return;
    }
    let rule = MarginRule::for_day(&p.margin, md);
    for a in book.accounts.iter_mut() {
        rule.update(a);
    }
    let total = book.total_equity();
    let share = p.capital.hedge_fraction * total;
    let (core, hedge) = (&book.accounts[0], &book.accounts[1]);
    let mut requests: [Option<(usize, usize, f64)>; 2] = [None, None];
    match tp.policy {
        TransferPolicy::None => {}
        TransferPolicy::Thresholds => {
            if core.requirement > 0.0 && core.excess < tp.core_trigger * core.requirement {
                let amount =
                    (tp.core_target * core.requirement - core.excess).min(hedge.excess.max(0.0));
                requests[0] = Some((1, 0, amount));
            } else if tp.hedge_sweep_multiple > 0.0
                && hedge.equity() > tp.hedge_sweep_multiple * share
            {
                let amount = (hedge.equity() - share).min(hedge.excess.max(0.0));
                requests[0] = Some((1, 0, amount));
            }
            if tp.hedge_refill_trigger > 0.0 && hedge.equity() < tp.hedge_refill_trigger * share {
                let amount = (share - hedge.equity()).min(core.excess.max(0.0));
                requests[1] = Some((0, 1, amount));
            }
        }
        TransferPolicy::Calendar => {
            let gap = hedge.equity() - share;
            requests[0] = if gap > 0.0 {
                Some((1, 0, gap.min(hedge.excess.max(0.0))))
            } else {
                Some((0, 1, (-gap).min(core.excess.max(0.0))))
            };
        }
    }
    for (from, to, amount) in requests.into_iter().flatten() {
        if amount <= 0.0 {
            continue;
        }
        let in_flight = book
            .pending
            .iter()
            .flatten()
            .any(|t| t.from == from && t.to == to);
        let Some(slot) = book.pending.iter().position(Option::is_none) else {
            continue;
        };
        if in_flight {
            continue;
        }
        book.pending[slot] = Some(PendingTransfer {
            arrives: md.day + tp.lag_days as usize,
            from,
            to,
            amount,
        });
        let name = book.accounts[from].name;
        book.event(
            md.date,
            to,
            EventKind::TransferRequest,
            None,
            amount,
            || {
                format!(
                    "requested from {name}, arrives in {} trading days",
                    tp.lag_days
                )
            },
        );
    }
}

/// True on the first trading day of a month whose index (`12 x year + month - 1`) is a
/// multiple of `months`: January, April, July and October for a quarterly rebalance.
fn rebalance_day<M: Market>(md: &MarketDay<M>, months: u32) -> bool {
    use chrono::Datelike;
    let Some(prev) = md.prev.map(|p| p.date) else {
        return false;
    };
    let index = |d: chrono::NaiveDate| d.year() * 12 + d.month0() as i32;
    index(prev) != index(md.date) && index(md.date).rem_euclid(months.max(1) as i32) == 0
}
