//! `[transfers]`: ring-fenced rebalancing between the core and the hedge account.

use super::Bound::{Excl, Incl};
use super::Range;

crate::param_enum! {
    /// When ring-fenced accounts move cash to each other (step 3 of the mechanism ladder).
    pub enum TransferPolicy {
        /// Never: each account lives on its own capital.
        None = "none",
        /// On thresholds: top up the core when its excess runs low, refill the hedge account
        /// when its equity falls below `hedge_refill_trigger` of its share, sweep its surplus
        /// above `hedge_sweep_multiple` of its share.
        Thresholds = "thresholds",
        /// On the first trading day of every `rebalance_months`-th month: move the hedge
        /// account back to `capital.hedge_fraction` of the total equity, either way, within
        /// the sender's excess (a periodic rebalance to target weights).
        Calendar = "calendar",
    }
}

crate::param_table! {
    /// Ring-fenced rebalancing: transfers between the two accounts under a policy, executed
    /// `lag_days` trading days after the decision.
    #[derive(Debug, Clone, PartialEq)]
    #[rules(super::validate::transfers)]
    pub struct TransferParams {
        /// When transfers are made (the ranges below are checked whatever the policy).
        pub policy: TransferPolicy = TransferPolicy::Calendar;
        /// Calendar policy: months between rebalances (1 = monthly, 3 = quarterly).
        pub rebalance_months: u32 = 3,
            range: Range::new("months", Incl(1.0), Incl(24.0));
        /// Trading days between the decision and the cash arriving.
        pub lag_days: u32 = 1,
            range: Range::new("trading days", Incl(1.0), Incl(30.0));
        /// Top up the core account when its excess falls below this fraction of its
        /// requirement.
        pub core_trigger: f64 = 0.10,
            range: Range::new("a fraction of the requirement", Incl(0.0), Incl(10.0));
        /// The top-up aims at an excess of this fraction of the core requirement, limited by
        /// the hedge account's excess.
        pub core_target: f64 = 0.25,
            rule: "a fraction in [core_trigger, 10]";
        /// Refill the hedge account from the core's excess when the hedge account's equity
        /// falls below this fraction of its `hedge_fraction` share of total equity (back up
        /// to the full share); 0 = off.
        pub hedge_refill_trigger: f64 = 0.5,
            range: Range::new("a fraction", Incl(0.0), Incl(1.0)).note("0 = off");
        /// Sweep the hedge account's surplus to the core when the hedge account's equity
        /// exceeds this multiple of its `hedge_fraction` share of total equity (down to the
        /// share); 0 = off.
        pub hedge_sweep_multiple: f64 = 0.0,
            range: Range::new("a multiple", Excl(1.0), Incl(100.0)).or_off();
    }
}
