//! Margin: what an account must hold against its positions, and what happens when it holds
//! less.
//!
//! [`MarginRule`] is the one type the rest of the engine asks about margin: an account's
//! requirement and excess, the excess an order would leave, a position's standalone
//! requirement and the excess its closing releases. It dispatches on
//! [`MarginMode`] to strategy-based Reg-T ([`regt`]) or
//! portfolio margin ([`portfolio`]); callers never match on the mode, so a new rule (a mode,
//! an add-on, an evaluation at other prices) is added here and in its own file only.
//! [`call`] holds margin calls and forced liquidation.
//!
//! **Excess.** Equity is the net liquidation value `cash + marked value`. Under Reg-T
//! options and the synthetic index leg have no loan value (long options are paid in full;
//! short options' requirements include their marks), so `excess = cash - requirement`, the
//! broker's "equity with loan value" less the requirement. Under portfolio margin
//! `excess = equity - requirement`. VX futures carry no market value (variation margin is
//! paid in cash daily).

pub mod call;
pub mod portfolio;
pub mod realtime;
pub mod regt;
mod scan_memo;
pub mod stress;

use crate::accounts::account::Account;
use crate::market::Market;
use crate::market::day::MarketDay;
use crate::params::{MarginMode, MarginParams};
use crate::position::Position;

/// The margin rule in force on one day: the configured mode and its parameters (raised by
/// the stress add-ons at the day's VIX), with the day's prices for portfolio-margin
/// scenarios.
#[derive(Debug, Clone, Copy)]
pub struct MarginRule {
    params: MarginParams,
    stress: f64,
    ctx: portfolio::PmContext,
}

impl MarginRule {
    /// The rule of `params` at the prices of `md`'s close.
    pub fn for_day<M: Market>(params: &MarginParams, md: &MarketDay<M>) -> MarginRule {
        MarginRule::at(params, md, md.spot, md.vix)
    }

    /// The rule of `params` at SPX level `spot` and VIX level `vix` on `md`'s day (a corner
    /// of its range).
    pub fn at<M: Market>(
        params: &MarginParams,
        md: &MarketDay<M>,
        spot: f64,
        vix: f64,
    ) -> MarginRule {
        let (params, stress) = stress::raise(params, vix);
        MarginRule {
            params,
            stress,
            ctx: portfolio::PmContext {
                spot,
                rate: md.rate,
                div_yield: md.div_yield,
            },
        }
    }

    /// The factor the stress add-ons apply to the rule's percentages and scan ranges (1 when
    /// they are off or the VIX is below their reference).
    pub fn stress(&self) -> f64 {
        self.stress
    }

    /// True when `a`'s requirement or loan value can change with prices within the day:
    /// portfolio margin always; Reg-T when a position's requirement depends on its marks
    /// (naked shorts, VX futures). A Reg-T account of spreads and long options has the same
    /// excess at any price.
    pub fn moves_with_prices(&self, a: &Account) -> bool {
        match self.params.mode {
            MarginMode::Portfolio => !a.positions.is_empty(),
            MarginMode::RegT => a.positions.iter().any(|x| x.regt_static_per_unit.is_none()),
        }
    }

    /// Requirement and excess of `a`, USD.
    #[inline]
    pub fn evaluate(&self, a: &Account) -> (f64, f64) {
        let p = &self.params;
        match p.mode {
            MarginMode::RegT => {
                let req = regt::account_requirement(&a.positions, p);
                (req, a.cash() - req)
            }
            MarginMode::Portfolio => {
                let req = portfolio::requirement(a.positions.iter(), &self.ctx, p);
                (req, a.equity() - req)
            }
        }
    }

    /// Recompute and store `a`'s requirement and excess.
    #[inline]
    pub fn update(&self, a: &mut Account) {
        let (r, e) = self.evaluate(a);
        a.requirement = r;
        a.excess = e;
    }

    /// Excess `a` would have after opening `pos` with the cash change `cash` (premiums and
    /// costs, USD); updates `a`'s stored requirement and excess first.
    pub fn excess_after_open(&self, a: &mut Account, pos: &Position, cash: f64) -> f64 {
        self.update(a);
        match self.params.mode {
            MarginMode::RegT => {
                let own = a.excess + cash - regt::requirement(pos, &self.params, true);
                if !self.params.pair_across_positions || pos.regt_static_per_unit.is_some() {
                    return own;
                }
                // The pairing saving the new position adds (its naked shorts covered by the
                // account's unused longs).
                let before = a.requirement;
                let alone = regt::requirement(pos, &self.params, false);
                a.positions.push(pos.clone());
                let (after, _) = self.evaluate(a);
                a.positions.pop();
                own + (before + alone - after).max(0.0)
            }
            MarginMode::Portfolio => {
                a.positions.push(pos.clone());
                let (_, e) = self.evaluate(a);
                a.positions.pop();
                e + cash
            }
        }
    }

    /// Requirement of `pos` on its own, USD (orders forced liquidations).
    pub fn standalone_requirement(&self, pos: &Position) -> f64 {
        match self.params.mode {
            MarginMode::RegT => regt::requirement(pos, &self.params, false),
            MarginMode::Portfolio => {
                portfolio::requirement(std::iter::once(pos), &self.ctx, &self.params)
            }
        }
    }

    /// Excess released by closing one unit of `pos` at its marks, before costs, given its
    /// standalone requirement `req` (USD). Reg-T: the requirement freed plus the unit's
    /// value (cash received, or paid when negative); portfolio margin: the requirement
    /// freed (the value is already in equity).
    pub fn release_per_unit(&self, pos: &Position, req: f64) -> f64 {
        match self.params.mode {
            MarginMode::RegT => req / pos.quantity + pos.value_per_unit(),
            MarginMode::Portfolio => req / pos.quantity,
        }
    }
}
