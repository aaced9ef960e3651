//! What one scenario leaves behind: a self-contained record (identity, parameters, per
//! layout metrics, ledger totals, annual returns) plus optional event and ledger rows.
//!
//! Records are the unit of resume and merge: chunk files hold them as JSON lines, and every
//! final table is rebuilt from records alone (no config or data needed), so a resumed,
//! sharded-and-merged or uninterrupted run writes the same bytes. Floats round-trip exactly
//! through JSON (shortest representation).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::cells::Cell;

/// One scenario's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioRecord {
    /// 0-based scenario index.
    pub index: usize,
    /// Scenario id (`s000123`).
    pub id: String,
    /// Human-readable label.
    pub label: String,
    /// Variant index.
    pub variant: usize,
    /// Swept (dotted key, value) pairs.
    pub params: Vec<(String, Json)>,
    /// Window name (`full` for bootstrap paths).
    pub window: String,
    /// First trading day simulated (`None` when the window did not resolve).
    pub start: Option<NaiveDate>,
    /// Last trading day simulated.
    pub end: Option<NaiveDate>,
    /// Bootstrap path (1-based), `None` on the real history.
    pub path: Option<u32>,
    /// Results, or why the scenario failed.
    pub outcome: Outcome,
    /// Rows this scenario wrote to its chunk's `events.csv`.
    pub event_rows: usize,
    /// Rows this scenario wrote to its chunk's `ledger.csv`.
    pub ledger_rows: usize,
}

/// Result of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every layout ran.
    Ok(Vec<LayoutRecord>),
    /// The scenario failed; the message says why.
    Failed(String),
}

/// One layout of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayoutRecord {
    /// Layout name (`ring_fenced`).
    pub layout: String,
    /// Metric columns in the engine's field order.
    pub metrics: Vec<(String, Cell)>,
    /// Ledger totals by kind (USD), in the engine's field order.
    pub ledger: Vec<(String, Cell)>,
    /// Data-gap counters.
    pub gaps: Vec<(String, Cell)>,
    /// (calendar year, total return fraction).
    pub annual: Vec<(i32, f64)>,
    /// (calendar year, hedge cost USD, hedge payoff USD).
    pub hedge_years: Vec<(i32, f64, f64)>,
}

impl ScenarioRecord {
    /// The row key of layout `layout` in the output files: `<id>_<layout>` (the file stem of
    /// `daily/<id>_<layout>.csv`).
    pub fn row_key(&self, layout: &str) -> String {
        row_key(&self.id, layout)
    }

    /// The layouts, empty for a failed scenario.
    pub fn layouts(&self) -> &[LayoutRecord] {
        match &self.outcome {
            Outcome::Ok(l) => l,
            Outcome::Failed(_) => &[],
        }
    }
}

/// `<id>_<layout>` ([`ringfence_schema::run_dir::row_key`]).
pub fn row_key(id: &str, layout: &str) -> String {
    ringfence_schema::run_dir::row_key(id, layout)
}

impl LayoutRecord {
    /// Metric `name` as f64.
    pub fn metric(&self, name: &str) -> Option<f64> {
        self.metrics
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, c)| c.as_f64())
    }
}
