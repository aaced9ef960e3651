//! `[capital]`: starting capital, the hedge sleeve's share and cash interest.

use super::Bound::{Excl, Incl};
use super::Range;

crate::param_enum! {
    /// What the condor sizes on (contracts at the margin target or per collateral), and what
    /// a `sleeve_equity` hedge budget is a fraction of.
    pub enum SizingBasis {
        /// The net liquidation value of the account the sleeve trades in, times the sleeve's
        /// share of the capital when both sleeves share one account (commingled: hedge marks
        /// and gains enlarge the next condor, hedge bleed shrinks it; ring-fenced: the core
        /// sees only the core). What a trader reads off the broker's statement.
        Account = "account",
        /// The sleeve's attributed equity (its own cash and positions, whatever account holds
        /// them): the controlled baseline under which the layouts size identically.
        Sleeve = "sleeve",
        /// As `account`, less the marked value of the other sleeve's positions in that
        /// account: a hedge's value enlarges the condor only once it is realised in cash (the
        /// index methodologies, whose long index cannot be bought with a hedge's marks since
        /// long options and the index leg have no loan value).
        AccountExHedge = "account_ex_hedge",
    }
}

crate::param_table! {
    /// Capital and the interest paid on cash.
    #[derive(Debug, Clone, PartialEq)]
    pub struct CapitalParams {
        /// Total starting capital of every layout, USD.
        pub total_usd: f64 = 1_000_000.0,
            range: Range::new("USD", Excl(0.0), Incl(1e13));
        /// Fraction of the total attributed to the hedge sleeve (ring-fenced: the hedge
        /// account's funding; other layouts: the hedge sleeve's sub-ledger).
        pub hedge_fraction: f64 = 0.05,
            range: Range::new("a fraction", Incl(0.0), Excl(1.0));
        /// Subtracted from the T-bill rate on positive cash balances, annual fraction.
        pub credit_spread: f64 = 0.0,
            range: Range::new("an annual fraction", Incl(0.0), Excl(1.0));
        /// Added to the T-bill rate on negative cash balances (debit interest), annual
        /// fraction.
        pub debit_spread: f64 = 0.01,
            range: Range::new("an annual fraction", Incl(0.0), Excl(1.0));
        /// What each sleeve sizes on (step 1 of the mechanism ladder).
        pub sizing_basis: SizingBasis = SizingBasis::Account;
    }
}
