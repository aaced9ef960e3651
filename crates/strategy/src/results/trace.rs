//! The optional day-by-day record of the hedge sleeve (`SimOptions::trace_hedge_from`): what
//! each hedge position was worth at each close, for `ringfence trace`. Off by default; when
//! off the engine keeps no record and does no work for it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::position::Position;

/// The hedge sleeve on one trading day of one layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HedgeDay {
    /// Trading date.
    pub date: NaiveDate,
    /// The hedge positions held into the day, marked at its close (after settlement and
    /// before the day's exits and entries: a position monetised or rolled today is here, one
    /// opened today is not).
    #[serde(skip)]
    pub held: Vec<Position>,
    /// Marked value of the hedge positions after the day's trades, USD.
    pub value_usd: f64,
    /// Cumulative trading P&L of the hedge sleeve after the day's trades, USD: every hedge
    /// ledger movement except interest and transfers, plus the marked value.
    pub trading_pnl_usd: f64,
    /// Cumulative condor sleeve P&L after the day's trades (as `DailySeries::condor_pnl`),
    /// USD.
    pub condor_pnl_usd: f64,
}
