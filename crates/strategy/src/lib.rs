//! # ringfence-strategy
//!
//! The backtest engine of ringfence: an SPX iron-condor income sleeve and an adaptive layered
//! VIX hedge (ALVH), held either in two ring-fenced accounts or in one commingled margin
//! account, simulated day by day on the pricing crate's market model.
//!
//! - [`instrument`], [`position`]: SPX options (AM monthlies, PM weeklies), VIX options, VX
//!   futures and a synthetic index leg; multi-leg positions in fixed-size arrays.
//! - [`sleeves`]: the two sleeves' rules: [`sleeves::condor`], [`sleeves::hedge`] with its
//!   [`sleeves::signals`] and rolling [`sleeves::budget`].
//! - [`accounts`]: accounts, the book of one layout, the ledger of every cash movement, the
//!   event log, the layouts and the transfers between ring-fenced accounts.
//! - [`margin`]: [`margin::MarginRule`] (Reg-T and portfolio margin behind one type), margin
//!   calls and forced liquidation ([`margin::call`]).
//! - [`market`]: the [`Market`] trait the engine prices through, its implementation on the
//!   pricing crate's model, and the day's shared market state ([`market::day`]).
//! - [`engine`] ([`simulate`]): the lockstep daily loop, the daily order of one layout
//!   ([`engine::steps`]) and the day's shared entry plans ([`engine::plans`]).
//! - [`results`]: what a run returns: [`results::metrics`], [`results::series`].
//! - [`params`]: every parameter declared once with its default, range and meaning;
//!   [`params::validate`] checks them before a run.
//!
//! Invariants: a simulation does no I/O and reads no clock; decisions on day `t` read
//! nothing after `t`; every cash movement is a ledger row, and `initial capital +
//! sum(ledger) = sum of account cash` on every day.

pub mod accounts;
pub mod engine;
pub mod error;
pub mod instrument;
pub mod margin;
pub mod market;
pub mod params;
pub mod position;
pub mod results;
pub mod sleeves;

pub use accounts::event::{Event, EventKind};
pub use accounts::layout::Layout;
pub use accounts::ledger::{HedgeYear, LedgerKind, LedgerRow, LedgerTotals};
pub use accounts::trade::Trade;
pub use engine::{DayRange, SimOptions, simulate, simulate_with};
pub use error::{Result, StrategyError};
pub use market::Market;
pub use params::{
    CapitalParams, CondorParams, HedgeParams, LayerParams, MarginParams, ParamError, SignalParams,
    StrategyParams, TransferParams,
};
pub use position::Sleeve;
pub use results::metrics::{Metrics, WindowMetrics, window_metrics};
pub use results::series::{AccountSeries, DailySeries};
pub use results::{DataGaps, LayoutResult, SimResult};
