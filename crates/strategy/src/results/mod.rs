//! What a simulation returns: per layout its [`metrics`], [`series`] (when recorded),
//! events, ledger and data gaps.

pub mod metrics;
pub mod series;
pub mod trace;

use chrono::NaiveDate;
use serde::Serialize;

use crate::accounts::event::Event;
use crate::accounts::layout::Layout;
use crate::accounts::ledger::{HedgeYear, LedgerRow, LedgerTotals};
use crate::accounts::trade::Trade;
use crate::position::Position;
use crate::results::metrics::Metrics;
use crate::results::series::DailySeries;
use crate::results::trace::HedgeDay;
use crate::sleeves::signals::SignalCounts;

/// Results of every requested layout, in the order requested.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimResult {
    /// One per layout.
    pub layouts: Vec<LayoutResult>,
}

impl SimResult {
    /// The result of `layout`, if it was simulated.
    pub fn get(&self, layout: Layout) -> Option<&LayoutResult> {
        self.layouts.iter().find(|l| l.layout == layout)
    }
}

/// Inputs that were missing or not computable, and how often the documented fallback
/// was used, over the simulated days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct DataGaps {
    /// Signals treated as neutral (missing VIX3M, warm-up).
    pub signals: SignalCounts,
    /// Leg marks kept from the previous day because the model could not price them.
    pub mark_fallbacks: u32,
    /// Settlements at the first close after expiry because the expiry day had no price.
    pub settlement_fallbacks: u32,
    /// Entry attempts skipped because no plan could be built (no expiry, no quote, or the
    /// hedge instrument not listed yet), per layer and day.
    pub skipped_entries: u32,
    /// Hedge openings skipped because the spend bought less than one unit.
    pub hedge_below_one_unit: u32,
    /// Condor entries skipped because the sizing rule gave less than one contract (the
    /// sleeve's equity times the margin target, per ladder rung, is below one unit's
    /// requirement).
    pub condor_below_one_unit: u32,
    /// Days a real-time check valued the corners at the close because the day's SPX or VIX
    /// bar had no range.
    pub intraday_fallbacks: u32,
}

/// Everything about one layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayoutResult {
    /// The layout.
    pub layout: Layout,
    /// Metrics over the range.
    pub metrics: Metrics,
    /// Calendar-year returns (year, fraction); partial first and last years included.
    pub annual_returns: Vec<(i32, f64)>,
    /// Hedge-sleeve cost and payoff by calendar year, USD.
    pub annual_hedge: Vec<HedgeYear>,
    /// Daily series (when `record_daily`).
    pub daily: Option<DailySeries>,
    /// Events (when `record_events`).
    pub events: Vec<Event>,
    /// Option legs traded (when `record_trades`).
    #[serde(skip)]
    pub trades: Vec<Trade>,
    /// Ledger rows (when `record_ledger`).
    pub ledger: Vec<LedgerRow>,
    /// Ledger sums by kind (always).
    pub ledger_totals: LedgerTotals,
    /// Fallback counts.
    pub gaps: DataGaps,
    /// Hedge budget charges (date, USD) in order (when `record_events`).
    pub budget_charges: Vec<(NaiveDate, f64)>,
    /// Positions still open after the last day, by account (`account name`, position).
    #[serde(skip)]
    pub open_positions: Vec<(&'static str, Position)>,
    /// The hedge sleeve day by day from `SimOptions::trace_hedge_from` (empty when off).
    pub hedge_trace: Vec<HedgeDay>,
}
