//! Strategy parameters of one scenario: one serde struct tree, each key declared once.
//!
//! Every table is declared with [`param_table!`](crate::param_table) (see [`table`]): a
//! field's doc comment is its meaning, and its default and accepted [`Range`] sit on the
//! same declaration, from which the struct, its `Default`, its range checks (keyed by the
//! serde path) and its rows of `docs/config-reference.md` are derived. Cross-field rules
//! (`min_dte <= target_dte <= max_dte`, strike rules per instrument) are in [`validate`].
//!
//! Every struct is `#[serde(deny_unknown_fields, default)]`, so a TOML table may give any
//! subset of keys and a misspelt key is an error. The tables map 1:1 onto the run config:
//! `[capital]`, `[condor]` (with `[condor.ladder]`), `[hedge]` with `[[hedge.layers]]`,
//! `[signals]`, `[margin]`, `[costs]` and `[transfers]`. Values that switch a rule off use
//! `0` (documented per field), because TOML has no null.
//!
//! [`StrategyParams::validate`] lists every invalid value with its dotted key and accepted
//! range before anything is simulated.

pub mod capital;
pub mod condor;
pub mod costs;
pub mod hedge;
pub mod hedge_sizing;
pub mod margin;
pub mod mechanisms;
pub mod range;
pub mod signals;
pub mod table;
pub mod transfers;
pub mod validate;

pub use capital::{CapitalParams, SizingBasis};
pub use condor::{
    CollateralBasis, CondorParams, EntryFill, EntryWeekday, LadderParams, ShortStrike, Sides,
    Sizing, Wing,
};
pub use hedge::{
    BudgetReference, HedgeInstrument, HedgeParams, HedgeShortfall, LayerParams, StrikeKind,
    StrikeRule,
};
pub use hedge_sizing::{HedgeSizing, VxWeight};
pub use margin::{Enforcement, LiquidationOrder, MarginMode, MarginParams, StressAddons};
pub use mechanisms::MechanismParams;
pub use range::{Bound, Range};
pub use ringfence_pricing::costs::{CostModel, SpreadMode};
pub use signals::SignalParams;
pub use table::{Param, ParamDoc};
pub use transfers::{TransferParams, TransferPolicy};
pub use validate::SPX_STRIKE_STEP;

use serde::Serialize;

/// One invalid parameter: its dotted key and what is wrong, with the accepted range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParamError {
    /// Dotted key (`condor.short_delta`, `hedge.layers[1].target_dte`).
    pub key: String,
    /// The value received and the accepted range.
    pub message: String,
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

crate::param_table! {
    /// All strategy parameters of one scenario.
    #[derive(Debug, Clone, PartialEq)]
    #[rules(validate::strategy)]
    pub struct StrategyParams {
        /// Capital and cash interest.
        pub capital: CapitalParams = CapitalParams::default();
        /// The condor (income) sleeve.
        pub condor: CondorParams = CondorParams::default();
        /// The hedge sleeve (adaptive layered VIX hedge).
        pub hedge: HedgeParams = HedgeParams::default();
        /// Signals scaling the hedge spend.
        pub signals: SignalParams = SignalParams::default();
        /// Margin rules, margin calls and forced liquidation.
        pub margin: MarginParams = MarginParams::default();
        /// Commissions, fees and slippage (the pricing crate's cost model).
        pub costs: CostModel = CostModel::default();
        /// Ring-fenced rebalancing transfers between the core and the hedge account.
        pub transfers: TransferParams = TransferParams::default();
        /// The layout mechanisms switched on (a mechanism ladder sweeps it).
        pub mechanisms: MechanismParams = MechanismParams::default();
    }
}

impl StrategyParams {
    /// The config reference of every strategy key (`capital`, `capital.total_usd`, ...),
    /// in declaration order.
    pub fn reference() -> Vec<ParamDoc> {
        let mut rows = Vec::new();
        <Self as Param>::rows(None, "", &mut rows);
        rows
    }

    /// These parameters with every layout mechanism switched off: sleeve-attributed sizing,
    /// a hedge opening refused whole when its account cannot pay, no transfers, end-of-day
    /// checks before the trader's exits, no hedge sales to meet calls, no pairing across
    /// positions, no stress add-ons, flat slippage whatever the VIX. Under it a defined-risk
    /// condor gives identical ring-fenced and commingled results while the ring-fenced hedge
    /// account can pay for every opening: the controlled baseline of a mechanism ladder.
    pub fn mechanisms_off(self) -> StrategyParams {
        self.with_mechanisms_through(0)
    }
}

#[cfg(test)]
mod tests;
