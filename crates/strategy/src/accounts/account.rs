//! Accounts: cash by sleeve sub-ledger, positions, requirement and excess.
//!
//! Cash is held in buckets: one per sleeve (the sleeve's attributed cash) plus an
//! unattributed bucket for account-level interest netting. The account's cash is their sum,
//! so a commingled account and the two ring-fenced accounts add up their buckets in the same
//! order and give the same totals to the bit when nothing diverged.
//!
//! Requirement and excess are stored here and computed by
//! [`MarginRule`](crate::margin::MarginRule).

use chrono::NaiveDate;

use crate::position::{Position, Sleeve};

/// An open margin call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarginCall {
    /// Trading-day index the call opened on.
    pub opened_day: usize,
    /// Date it opened.
    pub opened_date: NaiveDate,
}

/// One brokerage account.
#[derive(Debug, Clone)]
pub struct Account {
    /// `core`, `hedge` or `main`.
    pub name: &'static str,
    /// Cash attributed to each sleeve, USD (index [`Sleeve::index`]).
    pub sleeve_cash: [f64; 2],
    /// Cash not attributed to a sleeve (interest netting between sleeves), USD.
    pub unattributed_cash: f64,
    /// Open positions.
    pub positions: Vec<Position>,
    /// The open margin call, if any.
    pub call: Option<MarginCall>,
    /// Requirement at the last margin computation, USD.
    pub requirement: f64,
    /// Excess at the last margin computation, USD.
    pub excess: f64,
}

impl Account {
    /// An account with `cash` per sleeve.
    pub fn new(name: &'static str, sleeve_cash: [f64; 2]) -> Account {
        Account {
            name,
            sleeve_cash,
            unattributed_cash: 0.0,
            positions: Vec::with_capacity(32),
            call: None,
            requirement: 0.0,
            excess: 0.0,
        }
    }

    /// Become a copy of `other`, reusing this account's position storage (no allocation
    /// once the storage is large enough).
    pub fn copy_from(&mut self, other: &Account) {
        self.name = other.name;
        self.sleeve_cash = other.sleeve_cash;
        self.unattributed_cash = other.unattributed_cash;
        self.positions.clone_from(&other.positions);
        self.call = other.call;
        self.requirement = other.requirement;
        self.excess = other.excess;
    }

    /// Cash, USD.
    pub fn cash(&self) -> f64 {
        self.sleeve_cash[0] + self.sleeve_cash[1] + self.unattributed_cash
    }

    /// Marked value of all positions, USD.
    pub fn market_value(&self) -> f64 {
        self.positions.iter().map(Position::market_value).sum()
    }

    /// Marked value of one sleeve's positions, USD.
    pub fn sleeve_market_value(&self, sleeve: Sleeve) -> f64 {
        self.positions
            .iter()
            .filter(|p| p.sleeve == sleeve)
            .map(Position::market_value)
            .sum()
    }

    /// Net liquidation value `cash + marked value`, USD.
    pub fn equity(&self) -> f64 {
        self.cash() + self.market_value()
    }

    /// Share of the loan value used by the requirement: `requirement / (requirement +
    /// excess)`; 0 without a requirement, 1 when the loan value is not positive.
    pub fn margin_use(&self) -> f64 {
        if self.requirement <= 0.0 {
            return 0.0;
        }
        let base = self.requirement + self.excess;
        if base <= 0.0 {
            1.0
        } else {
            self.requirement / base
        }
    }
}
