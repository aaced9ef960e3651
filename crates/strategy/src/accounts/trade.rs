//! The trade log of a book, kept when [`crate::SimOptions::record_trades`] asks for it:
//! every option leg bought or sold (entries, exits, rolls, monetisations, liquidations), at
//! the price it traded and why. The runner sets it beside real chains (`fills.csv`).

use chrono::NaiveDate;

use crate::accounts::event::EventKind;
use crate::instrument::Instrument;

/// One option leg traded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trade {
    /// Trade date.
    pub date: NaiveDate,
    /// Name of the account it traded in.
    pub account: &'static str,
    /// The option.
    pub instrument: Instrument,
    /// Contracts: positive bought, negative sold.
    pub contracts: f64,
    /// Price it traded at before costs (the leg's mark), points.
    pub price: f64,
    /// The price was a real quote (a chain's mid), not the model's.
    pub quoted: bool,
    /// Why: [`EventKind::Entry`], `Exit`, `Roll`, `Monetise`, `ForcedLiquidation`,
    /// `IntradayLiquidation` or `HedgeSoldForCall`.
    pub kind: EventKind,
}
