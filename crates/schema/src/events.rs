//! Event kinds of the `kind` column of `events.csv`.

/// A position was opened.
pub const ENTRY: &str = "entry";
/// A position was closed by a rule.
pub const EXIT: &str = "exit";
/// Options or futures settled at expiry.
pub const SETTLEMENT: &str = "settlement";
/// A hedge layer was rolled.
pub const ROLL: &str = "roll";
/// A hedge layer was monetised.
pub const MONETISE: &str = "monetise";
/// Excess fell below zero: a margin call opened.
pub const MARGIN_CALL: &str = "margin_call";
/// An open margin call was met.
pub const MARGIN_CALL_MET: &str = "margin_call_met";
/// A position was closed (fully or partly) by forced liquidation.
pub const FORCED_LIQUIDATION: &str = "forced_liquidation";
/// An entry was refused for lack of excess.
pub const REFUSED_ENTRY: &str = "refused_entry";
/// A ring-fenced transfer was decided.
pub const TRANSFER_REQUEST: &str = "transfer_request";
/// A ring-fenced transfer arrived.
pub const TRANSFER: &str = "transfer";
/// A hedge opening was cut to what its account's excess pays for.
pub const HEDGE_SPEND_CUT: &str = "hedge_spend_cut";
/// A real-time broker liquidated a position at a corner of the day's range.
pub const INTRADAY_LIQUIDATION: &str = "intraday_liquidation";
/// A hedge position was sold at the close to meet a negative excess.
pub const HEDGE_SOLD_FOR_CALL: &str = "hedge_sold_for_call";

/// Every kind, in the engine's order.
pub const ALL: [&str; 14] = [
    ENTRY,
    EXIT,
    SETTLEMENT,
    ROLL,
    MONETISE,
    MARGIN_CALL,
    MARGIN_CALL_MET,
    FORCED_LIQUIDATION,
    REFUSED_ENTRY,
    TRANSFER_REQUEST,
    TRANSFER,
    HEDGE_SPEND_CUT,
    INTRADAY_LIQUIDATION,
    HEDGE_SOLD_FOR_CALL,
];
