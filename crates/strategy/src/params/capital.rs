//! `[capital]`: starting capital, the hedge sleeve's share and cash interest.

use super::Bound::{Excl, Incl};
use super::Range;

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
    }
}
