//! Account and trade events: the log that explains every divergence between layouts.

use chrono::NaiveDate;
use serde::Serialize;

use crate::position::Sleeve;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A position was opened (amount: net premium at mid, + = credit).
    Entry,
    /// A position was closed by a rule (amount: mid value received, + = cash in).
    Exit,
    /// Options or futures settled at expiry (amount: settlement cash).
    Settlement,
    /// A hedge layer was rolled (closed at its roll point).
    Roll,
    /// A hedge layer was monetised (value multiple or VIX spike).
    Monetise,
    /// Excess fell below zero: a margin call opened (amount: the deficit, positive).
    MarginCall,
    /// An open margin call was met (by recovery, transfer or liquidation).
    MarginCallMet,
    /// A position was closed (fully or partly) by forced liquidation (amount: mid value).
    ForcedLiquidation,
    /// An entry was refused because it would have left excess below zero
    /// (amount: the excess it would have left).
    RefusedEntry,
    /// A ring-fenced transfer was decided (it arrives after the settlement lag).
    TransferRequest,
    /// A ring-fenced transfer arrived (amount: positive into `account`).
    Transfer,
    /// A hedge opening was cut to what its account's excess pays for (amount: the spend
    /// not made, negative).
    HedgeSpendCut,
    /// A real-time broker liquidated a position at a corner of the day's range (amount:
    /// mid value at the corner).
    IntradayLiquidation,
    /// A hedge position was sold at the close to meet a negative excess (amount: mid value
    /// received).
    HedgeSoldForCall,
}

impl EventKind {
    /// Every kind, in declaration order.
    pub const ALL: [EventKind; 14] = [
        EventKind::Entry,
        EventKind::Exit,
        EventKind::Settlement,
        EventKind::Roll,
        EventKind::Monetise,
        EventKind::MarginCall,
        EventKind::MarginCallMet,
        EventKind::ForcedLiquidation,
        EventKind::RefusedEntry,
        EventKind::TransferRequest,
        EventKind::Transfer,
        EventKind::HedgeSpendCut,
        EventKind::IntradayLiquidation,
        EventKind::HedgeSoldForCall,
    ];

    /// snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Entry => "entry",
            EventKind::Exit => "exit",
            EventKind::Settlement => "settlement",
            EventKind::Roll => "roll",
            EventKind::Monetise => "monetise",
            EventKind::MarginCall => "margin_call",
            EventKind::MarginCallMet => "margin_call_met",
            EventKind::ForcedLiquidation => "forced_liquidation",
            EventKind::RefusedEntry => "refused_entry",
            EventKind::TransferRequest => "transfer_request",
            EventKind::Transfer => "transfer",
            EventKind::HedgeSpendCut => "hedge_spend_cut",
            EventKind::IntradayLiquidation => "intraday_liquidation",
            EventKind::HedgeSoldForCall => "hedge_sold_for_call",
        }
    }

    /// True for the account events that can make layouts diverge.
    pub fn is_account_event(self) -> bool {
        matches!(
            self,
            EventKind::MarginCall
                | EventKind::ForcedLiquidation
                | EventKind::RefusedEntry
                | EventKind::Transfer
                | EventKind::TransferRequest
                | EventKind::HedgeSpendCut
                | EventKind::IntradayLiquidation
                | EventKind::HedgeSoldForCall
        )
    }
}

/// One event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Trading date.
    pub date: NaiveDate,
    /// Account name (`core`, `hedge`, `main`).
    pub account: &'static str,
    /// Kind.
    pub kind: EventKind,
    /// Sleeve concerned, if any.
    pub sleeve: Option<Sleeve>,
    /// Human-readable detail (instrument, quantities, reason).
    pub detail: String,
    /// Amount, USD (meaning per kind).
    pub amount_usd: f64,
}
