//! # ringfence-strategy
//!
//! The backtest engine of ringfence: an SPX iron-condor income sleeve and an adaptive layered
//! VIX hedge (ALVH), held either in two ring-fenced accounts or in one commingled margin
//! account, simulated day by day on the pricing crate's market model.
//!
//! - [`instrument`], [`position`]: SPX options (AM monthlies, PM weeklies), VIX options, VX
//!   futures and a synthetic index leg; multi-leg positions in fixed-size arrays.
//! - [`condor`], [`hedge`], [`signals`], [`budget`]: the two sleeves' rules (DESIGN §4).
//! - [`margin`] ([`margin::regt`], [`margin::portfolio`]), [`margin_call`], [`account`],
//!   [`book`], [`ledger`],
//!   [`event`]: accounts, Reg-T and portfolio margin, margin calls, forced liquidation,
//!   every cash movement as a ledger row (DESIGN §5).
//! - [`layout`]: `ring_fenced`, `commingled`, `unhedged`, `hedge_only`.
//! - [`engine`] ([`simulate`]), [`daily`]: the lockstep daily loop and the daily order after
//!   the close; [`metrics`], [`result`]: what a run returns (DESIGN §6).
//! - [`params`]: every parameter declared once with its default, range and meaning;
//!   [`params::validate`] checks them before a run.
//!
//! Invariants: a simulation does no I/O and reads no clock; decisions on day `t` read
//! nothing after `t`; every cash movement is a ledger row, and `initial capital +
//! sum(ledger) = sum of account cash` on every day.

pub mod account;
pub mod book;
pub mod budget;
pub mod condor;
pub mod daily;
pub mod day;
pub mod engine;
pub mod error;
pub mod event;
pub mod hedge;
pub mod instrument;
pub mod layout;
pub mod ledger;
pub mod margin;
pub mod margin_call;
pub mod market;
pub mod metrics;
pub mod model_market;
pub mod params;
pub mod position;
pub mod result;
pub mod signals;

pub use engine::{DayRange, SimOptions, simulate, simulate_with};
pub use error::{Result, StrategyError};
pub use event::{Event, EventKind};
pub use layout::Layout;
pub use ledger::{HedgeYear, LedgerKind, LedgerRow, LedgerTotals};
pub use market::Market;
pub use metrics::{Metrics, WindowMetrics, window_metrics};
pub use params::{
    CapitalParams, CondorParams, HedgeParams, LayerParams, MarginParams, ParamError, SignalParams,
    StrategyParams, TransferParams,
};
pub use position::Sleeve;
pub use result::{AccountSeries, DailySeries, DataGaps, LayoutResult, SimResult};
