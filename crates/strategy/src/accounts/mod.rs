//! Accounts and what moves cash between them: an [`account::Account`] (cash buckets by
//! sleeve, positions, requirement, excess), the [`book::Book`] of one layout (its accounts,
//! ledger, events, counters and transfers in flight), the [`ledger`] of every cash movement,
//! the [`event`] log, the [`trade`] log (option legs traded, when asked for), the [`layout`]s that decide which sleeve trades in which account, and the
//! [`transfers`] between ring-fenced accounts.

pub mod account;
pub mod book;
pub mod event;
pub mod layout;
pub mod ledger;
pub mod trade;
pub mod transfers;
