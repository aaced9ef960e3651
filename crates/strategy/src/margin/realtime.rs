//! Real-time enforcement (`margin.enforcement = "real_time"`): before the trader acts at the
//! close, each account is valued at both corners of the day's range (see
//! [`crate::market::corner`]) and, where its excess there is negative, liquidated there at
//! stressed costs in the configured order, without a call or a grace period. This is how
//! brokers with automated real-time liquidation treat a margin deficit (Interactive
//! Brokers: "the account in deficit is immediately subject to liquidation"; see the README's
//! sources).
//!
//! Valuation at a corner: every live leg at its corner mark, the VX futures' variation
//! margin to the corner price counted as cash. Only when an account is in deficit there are
//! the corner marks written to its positions (and the VX variation margin posted, so the
//! close pays only the move from the corner to the close); the close re-marks every leg. A
//! day whose bars have no range values both corners at the close (counted). Accounts whose
//! excess cannot move with prices (Reg-T spreads and long options) are not valued, and the
//! corners are computed only on days some account needs them.

use crate::accounts::book::Book;
use crate::accounts::event::EventKind;
use crate::accounts::ledger::LedgerKind;
use crate::instrument::{Instrument, Product};
use crate::margin::MarginRule;
use crate::margin::call::liquidate;
use crate::market::corner::mark_at_corner;
use crate::market::day::MarketDay;
use crate::market::{CornerState, Market};
use crate::params::StrategyParams;
use crate::position::Position;

/// Value every account at both corners of the day and liquidate where it is in deficit.
pub fn check_corners<M: Market>(m: &M, p: &StrategyParams, book: &mut Book, md: &mut MarketDay<M>) {
    let close = MarginRule::for_day(&p.margin, md);
    if !book.accounts().iter().any(|a| close.moves_with_prices(a)) {
        return;
    }
    let corners = md.corners(m);
    if !corners[0].observed {
        book.c.intraday_fallbacks += 1;
    }
    for acc in 0..book.n_accounts {
        if !close.moves_with_prices(&book.accounts[acc]) {
            continue;
        }
        for corner in &corners {
            let vix = md.vix * corner.vol_scale;
            let rule = MarginRule::at(&p.margin, md, corner.spot, vix);
            let excess = excess_at(m, md, corner, &rule, book, acc);
            if excess >= 0.0 {
                continue;
            }
            book.c.margin_calls += 1;
            book.event(md.date, acc, EventKind::MarginCall, None, -excess, || {
                format!(
                    "excess {excess:.2} at {} (SPX {:.2}, VIX x{:.3}): real-time liquidation",
                    corner.corner.name(),
                    corner.spot,
                    corner.vol_scale
                )
            });
            move_to_corner(m, md, corner, book, acc);
            // The forced orders meet the corner's VIX (the day's high at the low corner).
            let vix = md.vix * corner.vol_scale;
            liquidate(
                p,
                &rule,
                book,
                (md.date, vix),
                acc,
                EventKind::IntradayLiquidation,
            );
        }
    }
}

/// Excess of account `acc` with every live leg at its corner mark (legs the model cannot
/// price there keep their mark), USD.
fn excess_at<M: Market>(
    m: &M,
    md: &MarketDay<M>,
    corner: &CornerState<M::Snapshot>,
    rule: &MarginRule,
    book: &mut Book,
    acc: usize,
) -> f64 {
    let scratch = &mut book.scratch;
    scratch.copy_from(&book.accounts[acc]);
    let mut variation = 0.0;
    for pos in scratch.positions.iter_mut() {
        variation += mark_at(m, md, corner, pos).0;
    }
    scratch.unattributed_cash += variation;
    rule.evaluate(scratch).1
}

/// Write the corner marks to account `acc`'s positions and post the VX variation margin to
/// the corner.
fn move_to_corner<M: Market>(
    m: &M,
    md: &MarketDay<M>,
    corner: &CornerState<M::Snapshot>,
    book: &mut Book,
    acc: usize,
) {
    for i in 0..book.accounts[acc].positions.len() {
        let pos = &mut book.accounts[acc].positions[i];
        let sleeve = pos.sleeve;
        let (variation, vx) = mark_at(m, md, corner, pos);
        if variation != 0.0 {
            pos.variation_usd += variation;
            book.post(
                md.date,
                acc,
                Some(sleeve),
                LedgerKind::VariationMargin,
                vx.as_ref(),
                variation,
            );
        }
    }
}

/// Mark every live leg of `pos` at `corner` (legs the model cannot price there keep their
/// mark); returns the variation margin of its VX legs to the corner (USD) and the VX
/// instrument it is posted against.
fn mark_at<M: Market>(
    m: &M,
    md: &MarketDay<M>,
    corner: &CornerState<M::Snapshot>,
    pos: &mut Position,
) -> (f64, Option<Instrument>) {
    let q = pos.quantity;
    let mut variation = 0.0;
    let mut vx = None;
    for leg in pos.legs_mut().iter_mut().filter(|l| l.live) {
        let Some(mk) = mark_at_corner(m, md, corner, &leg.instrument) else {
            continue;
        };
        if leg.instrument.product() == Product::VxFuture {
            variation += leg.ratio * q * (mk.price - leg.mark) * leg.instrument.multiplier();
            vx = Some(leg.instrument);
        }
        leg.set_mark(mk);
    }
    (variation, vx)
}
