//! Margin: strategy-based Reg-T ([`regt`]) and portfolio margin ([`portfolio`]).
//!
//! How requirement and excess combine into an account's margin status is documented in
//! [`crate::account`].

pub mod portfolio;
pub mod regt;

use crate::params::{MarginMode, MarginParams};
use crate::position::Position;

/// Requirement of one position on its own, USD (orders forced liquidations).
pub fn standalone_requirement(pos: &Position, p: &MarginParams, ctx: &portfolio::PmContext) -> f64 {
    match p.mode {
        MarginMode::RegT => regt::requirement(pos, p, false),
        MarginMode::Portfolio => portfolio::requirement(std::iter::once(pos), ctx, p),
    }
}
