//! Day-by-day series of one layout, per account and per sleeve (all USD).

use chrono::NaiveDate;
use serde::Serialize;

/// Daily values of one account (all USD).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountSeries {
    /// `core`, `hedge` or `main`.
    pub name: &'static str,
    /// Cash.
    pub cash: Vec<f64>,
    /// Net liquidation value (cash + marked value).
    pub equity: Vec<f64>,
    /// Margin requirement.
    pub requirement: Vec<f64>,
    /// Excess (Reg-T: cash - requirement; portfolio margin: equity - requirement).
    pub excess: Vec<f64>,
}

/// Day-by-day series of one layout (when `record_daily`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailySeries {
    /// Trading dates.
    pub dates: Vec<NaiveDate>,
    /// Total equity of the layout, USD.
    pub total_equity: Vec<f64>,
    /// Per account.
    pub accounts: Vec<AccountSeries>,
    /// Cumulative condor sleeve P&L (attributed equity less starting cash and transfers in),
    /// USD.
    pub condor_pnl: Vec<f64>,
    /// Cumulative hedge sleeve P&L, USD.
    pub hedge_pnl: Vec<f64>,
    /// Marked value of the hedge sleeve's positions, USD.
    pub hedge_value: Vec<f64>,
}
