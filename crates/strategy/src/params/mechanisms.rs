//! `[mechanisms]`: how many of the layout mechanisms are on, in ladder order.
//!
//! The ladder (the order of `ringfence_schema::mechanisms::LADDER`, checked by the runner's
//! schema agreement test): 1 `capital.sizing_basis`, 2 `hedge.shortfall`,
//! 3 `transfers.policy`, 4 `margin.enforcement`, 5 `margin.trader_first`,
//! 6 `margin.meet_calls_with_hedge`, 7 `margin.pair_across_positions`, 8 `margin.stress`,
//! 9 `costs.spread`. Sweeping `mechanisms.through` over `0..=9` adds them one at a time to
//! the identity.

use super::Bound::Incl;
use super::Range;
use super::StrategyParams;
use super::{Enforcement, HedgeShortfall, SizingBasis, StressAddons, TransferPolicy};
use ringfence_pricing::costs::SpreadMode;

/// Number of mechanisms in the ladder.
pub const LADDER_LEN: u32 = 9;

crate::param_table! {
    /// The layout mechanisms switched on.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct MechanismParams {
        /// The first `through` layout mechanisms of the ladder keep their configured values,
        /// the others take their baseline (0: every mechanism off, where a defined-risk
        /// condor gives identical ring-fenced and commingled results unless the ring-fenced
        /// hedge account runs dry; 9: all as configured).
        pub through: u32 = LADDER_LEN,
            range: Range::new("a ladder step", Incl(0.0), Incl(9.0));
    }
}

impl StrategyParams {
    /// These parameters with the layout mechanisms after the first `through` of the ladder
    /// set to their baseline (`through` >= 9 changes nothing).
    pub fn with_mechanisms_through(mut self, through: u32) -> StrategyParams {
        for step in through..LADDER_LEN {
            match step {
                0 => self.capital.sizing_basis = SizingBasis::Sleeve,
                1 => self.hedge.shortfall = HedgeShortfall::Refuse,
                2 => self.transfers.policy = TransferPolicy::None,
                3 => self.margin.enforcement = Enforcement::EndOfDay,
                4 => self.margin.trader_first = false,
                5 => self.margin.meet_calls_with_hedge = false,
                6 => self.margin.pair_across_positions = false,
                7 => self.margin.stress = StressAddons::Off,
                _ => self.costs.spread = SpreadMode::Flat,
            }
        }
        self
    }

    /// These parameters with the ladder of `mechanisms.through` applied.
    pub fn resolve_mechanisms(self) -> StrategyParams {
        let through = self.mechanisms.through;
        self.with_mechanisms_through(through)
    }
}
