//! Run one scenario: build its parameters, pick or build its market, call the engine, and
//! turn the result into a [`ScenarioRecord`] plus output rows.
//!
//! This is the only module that calls `ringfence_strategy::simulate`. A scenario that
//! cannot run (window outside the data, engine error, even an engine panic) becomes a
//! failed record; the run goes on.

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use ringfence_data::chains::ChainBook;
use ringfence_pricing::MarketModel;
use ringfence_strategy::market::chain::{ChainIndex, ChainMarket, simulate_on_chains};
use ringfence_strategy::{DailySeries, DayRange, LayoutResult, SimOptions, SimResult, simulate};

use crate::bootstrap::{self, Resampling};
use crate::cells::to_cells;
use crate::error::{Result, RunnerError};
use crate::output::atomic;
use crate::plan::{Plan, Slot};
use crate::record::{LayoutRecord, Outcome, ScenarioRecord, row_key};

/// Markets shared by all scenarios: one model per distinct model parameter set, on the
/// real history.
#[derive(Debug)]
pub struct Markets<'h> {
    models: Vec<std::result::Result<MarketModel<'h>, String>>,
    /// The chain quotes of the history's span (`[data] chains`) and where they are in the
    /// history, shared by every scenario.
    chains: Option<(ChainBook, ChainIndex)>,
}

impl<'h> Markets<'h> {
    /// Build every model of the plan on its real history.
    ///
    /// # Errors
    /// [`RunnerError::Model`] when the only model cannot be built (nothing could run); with
    /// several model sets a failing one fails its scenarios instead.
    pub fn new(plan: &'h Plan) -> Result<Markets<'h>> {
        let n = plan.config.model_count();
        let mut models = Vec::with_capacity(n);
        for m in 0..n {
            let params = plan.config.model_params(m)?;
            match MarketModel::new(&plan.history, &params) {
                Ok(model) => models.push(Ok(model)),
                Err(e) if n == 1 => return Err(RunnerError::Model(e)),
                Err(e) => models.push(Err(format!("market model: {e}"))),
            }
        }
        let chains = match (&plan.config.chains, plan.history.dates.first()) {
            (Some(dir), Some(first)) => {
                let last = *plan.history.dates.last().unwrap_or(first);
                let book = crate::chains::load_book(dir, *first, last, i64::MAX)?;
                let index = ChainIndex::new(&plan.history, &book);
                Some((book, index))
            }
            _ => None,
        };
        Ok(Markets { models, chains })
    }

    /// The chain book, when the config names a chain store.
    pub fn chains(&self) -> Option<&ChainBook> {
        self.chains.as_ref().map(|c| &c.0)
    }

    /// The chain book and its index into the history, when the config names a chain store.
    pub fn chain_parts(&self) -> Option<(&ChainBook, &ChainIndex)> {
        self.chains.as_ref().map(|(b, i)| (b, i))
    }

    /// Market model `i` of the plan, or why it could not be built.
    ///
    /// # Errors
    /// The model's message when its parameters were refused.
    pub fn model(&self, i: usize) -> std::result::Result<&MarketModel<'h>, String> {
        match self.models.get(i) {
            Some(Ok(m)) => Ok(m),
            Some(Err(msg)) => Err(msg.clone()),
            None => Err(format!("no market model {i}")),
        }
    }
}

/// Everything one scenario produced, before it is written.
#[derive(Debug)]
pub struct ScenarioOutput {
    /// The record.
    pub record: ScenarioRecord,
    /// `events.csv` rows.
    pub events: Vec<u8>,
    /// `ledger.csv` rows.
    pub ledger: Vec<u8>,
    /// With chains: the scenario's rows of `fills.csv` and `chain_fills.csv`.
    pub chains: Option<(Vec<u8>, Vec<u8>)>,
}

/// Run scenario `index` of `plan`; daily files go to `daily_dir` when selected.
///
/// # Errors
/// Only I/O errors writing a daily file; every simulation problem is a failed record.
pub fn run(
    plan: &Plan,
    markets: &Markets<'_>,
    index: usize,
    daily_dir: &Path,
) -> Result<ScenarioOutput> {
    let s = plan.scenario(index);
    let id = plan.id(index);
    let window = plan.window(s.slot);
    let mut record = ScenarioRecord {
        index,
        id: id.clone(),
        label: plan.label(&s),
        variant: s.variant,
        params: Vec::new(),
        window: plan.window_name(s.slot).to_string(),
        start: None,
        end: None,
        path: match s.slot {
            Slot::Path(p) => Some(p),
            Slot::Window(_) => None,
        },
        outcome: Outcome::Failed(String::new()),
        event_rows: 0,
        ledger_rows: 0,
    };
    let variant = match plan.config.variant(s.variant) {
        Ok(v) => v,
        Err(e) => {
            record.outcome = Outcome::Failed(e.to_string());
            return Ok(empty(record));
        }
    };
    record.params = variant.params.clone();
    let range = match plan.range(s.slot) {
        Ok(r) => r,
        Err(msg) => {
            record.outcome = Outcome::Failed(msg);
            return Ok(empty(record));
        }
    };
    record.start = plan.history.dates.get(range.start).copied();
    record.end = plan.history.dates.get(range.end - 1).copied();
    let opts = SimOptions {
        record_daily: plan.config.output.daily.contains(&id),
        record_events: plan.config.output.events.contains(&id),
        record_ledger: plan.config.output.ledger,
        trace_hedge_from: None,
        record_trades: markets.chains.is_some() && matches!(s.slot, Slot::Window(_)),
    };
    let layouts = &plan.config.layouts;
    let mut chain_out = None;
    let result = catch_unwind(AssertUnwindSafe(|| match s.slot {
        Slot::Window(_) => match (&markets.models[variant.model], &markets.chains) {
            (Ok(model), Some((book, index))) => {
                let cm = ChainMarket::new(model, book, index);
                let r: std::result::Result<SimResult, String> =
                    simulate_on_chains(&cm, &variant.strategy, range, layouts, &opts)
                        .map_err(|e| e.to_string());
                if let Ok(sim) = &r {
                    chain_out = Some(crate::chains::fills::rows(&id, &cm, sim));
                }
                r
            }
            (Ok(model), None) => {
                simulate(model, &variant.strategy, range, layouts, &opts).map_err(|e| e.to_string())
            }
            (Err(msg), _) => Err(msg.clone()),
        },
        Slot::Path(p) => {
            let settings = Resampling {
                mean_block_days: plan.config.bootstrap.mean_block_days,
                vol_gap_half_life_days: plan.config.bootstrap.vol_gap_half_life_days,
            };
            let seed = bootstrap::path_seed(plan.config.seed, p);
            let Some(path) = bootstrap::resample(&plan.history, range, &settings, seed) else {
                return Err(format!(
                    "window {} is too short to resample ({} days)",
                    window.name,
                    range.len()
                ));
            };
            let params = plan
                .config
                .model_params(variant.model)
                .map_err(|e| e.to_string())?;
            let model =
                MarketModel::new(&path, &params).map_err(|e| format!("market model: {e}"))?;
            let all = DayRange {
                start: 0,
                end: path.len(),
            };
            simulate(&model, &variant.strategy, all, layouts, &opts).map_err(|e| e.to_string())
        }
    }));
    let sim = match result {
        Ok(Ok(sim)) => sim,
        Ok(Err(msg)) => {
            record.outcome = Outcome::Failed(msg);
            return Ok(empty(record));
        }
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            record.outcome = Outcome::Failed(format!("engine panicked: {msg}"));
            return Ok(empty(record));
        }
    };
    let mut events = Vec::new();
    let mut ledger = Vec::new();
    let mut layouts_out = Vec::with_capacity(sim.layouts.len());
    for lr in &sim.layouts {
        let key = row_key(&id, lr.layout.name());
        match layout_record(lr) {
            Ok(r) => layouts_out.push(r),
            Err(msg) => {
                record.outcome = Outcome::Failed(msg);
                return Ok(empty(record));
            }
        }
        record.event_rows += write_events(&mut events, &key, lr);
        record.ledger_rows += write_ledger(&mut ledger, &key, lr);
        if let Some(d) = &lr.daily {
            write_daily(&daily_dir.join(format!("{key}.csv")), d)?;
        }
    }
    record.outcome = Outcome::Ok(layouts_out);
    Ok(ScenarioOutput {
        record,
        events,
        ledger,
        chains: chain_out,
    })
}

fn empty(record: ScenarioRecord) -> ScenarioOutput {
    ScenarioOutput {
        record,
        events: Vec::new(),
        ledger: Vec::new(),
        chains: None,
    }
}

fn layout_record(lr: &LayoutResult) -> std::result::Result<LayoutRecord, String> {
    let err = |e: crate::cells::CellError| format!("engine result: {e}");
    Ok(LayoutRecord {
        layout: lr.layout.name().to_string(),
        metrics: to_cells(&lr.metrics).map_err(err)?,
        ledger: to_cells(&lr.ledger_totals).map_err(err)?,
        gaps: to_cells(&lr.gaps).map_err(err)?,
        annual: lr
            .annual_returns
            .iter()
            .map(|&(y, r)| (y, if r.is_finite() { r } else { 0.0 }))
            .collect(),
        hedge_years: lr
            .annual_hedge
            .iter()
            .map(|h| (h.year, h.cost_usd, h.payoff_usd))
            .collect(),
    })
}

/// A CSV writer of data rows (no header, `\n` line ends) into `out`.
fn rows_writer(out: &mut Vec<u8>) -> csv::Writer<&mut Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

fn write_events(out: &mut Vec<u8>, key: &str, lr: &LayoutResult) -> usize {
    if lr.events.is_empty() {
        return 0;
    }
    let mut w = rows_writer(out);
    for e in &lr.events {
        let sleeve = e.sleeve.map(|s| cell_name(&s)).unwrap_or_default();
        let _ = w.write_record([
            key,
            &e.date.to_string(),
            e.account,
            e.kind.name(),
            &sleeve,
            &e.detail,
            &num(e.amount_usd),
        ]);
    }
    let _ = w.flush();
    lr.events.len()
}

fn write_ledger(out: &mut Vec<u8>, key: &str, lr: &LayoutResult) -> usize {
    if lr.ledger.is_empty() {
        return 0;
    }
    let mut w = rows_writer(out);
    for r in &lr.ledger {
        let sleeve = r.sleeve.map(|s| cell_name(&s)).unwrap_or_default();
        let _ = w.write_record([
            key,
            &r.date.to_string(),
            r.account,
            &sleeve,
            &cell_name(&r.kind),
            &r.instrument,
            &num(r.amount_usd),
        ]);
    }
    let _ = w.flush();
    lr.ledger.len()
}

/// Serde name of a unit enum variant (`condor`, `variation_margin`).
fn cell_name<T: serde::Serialize>(v: &T) -> String {
    to_cells(v)
        .ok()
        .and_then(|c| c.into_iter().next())
        .map(|(_, c)| c.to_text())
        .unwrap_or_default()
}

/// A float as CSV text: shortest round-trip decimal as every cell writes it (a zero as 0),
/// empty for NaN/inf.
pub fn num(v: f64) -> String {
    if v.is_finite() {
        crate::cells::Cell::F64(v).to_text()
    } else {
        String::new()
    }
}

/// Write one daily file (`date,total_equity,<account>_cash,...,hedge_value`).
fn write_daily(path: &Path, d: &DailySeries) -> Result<()> {
    atomic::write_with(path, |w| {
        let mut header = String::from("date,total_equity");
        for a in &d.accounts {
            for col in ["cash", "equity", "requirement", "excess"] {
                header.push_str(&format!(",{}_{col}", a.name));
            }
        }
        header.push_str(",condor_pnl,hedge_pnl,hedge_value\n");
        w.write_all(header.as_bytes())?;
        let mut line = String::with_capacity(256);
        for (i, date) in d.dates.iter().enumerate() {
            line.clear();
            line.push_str(&date.to_string());
            let mut push = |v: Option<&f64>| {
                line.push(',');
                line.push_str(&v.map(|v| num(*v)).unwrap_or_default());
            };
            push(d.total_equity.get(i));
            for a in &d.accounts {
                push(a.cash.get(i));
                push(a.equity.get(i));
                push(a.requirement.get(i));
                push(a.excess.get(i));
            }
            push(d.condor_pnl.get(i));
            push(d.hedge_pnl.get(i));
            push(d.hedge_value.get(i));
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
        Ok(())
    })
}
