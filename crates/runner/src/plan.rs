//! The expanded run: config x data -> scenarios with stable ids and labels.
//!
//! A scenario is one (variant, window or bootstrap path); all configured layouts run
//! together in its single `simulate()` call and each layout is a row of `summary.csv`.
//! Scenarios are numbered variant-major: index `i` is variant `i / W`, slot `i % W`, where the
//! `W` slots are the selected windows in `[windows] select` order followed by the bootstrap
//! paths 1..=N (each a resample of the `full` window). Ids are `s` + the zero-padded index
//! (`s000123`), stable for a given config and data.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ringfence_data::MarketHistory;
use ringfence_schema::run_dir::FORMAT_VERSION;
use ringfence_strategy::DayRange;
use serde_json::{Value as Json, json};
use sha2::{Digest, Sha256};

use crate::config::{Config, Pick};
use crate::error::{Result, RunnerError};
use crate::window::{self, Selection, Window, WindowKind};

/// The crate version, recorded in `run.json` and in the config hash.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What a scenario runs on besides its variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Window `k` of the plan's windows ([`Plan::window`]) on the real history.
    Window(usize),
    /// Bootstrap path `p` (1-based) of the `full` window.
    Path(u32),
}

/// One scenario's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioRef {
    /// 0-based index in run order.
    pub index: usize,
    /// Variant index.
    pub variant: usize,
    /// Window or path.
    pub slot: Slot,
}

/// The expanded run, ready to execute.
#[derive(Debug)]
pub struct Plan {
    /// The config.
    pub config: Config,
    /// The loaded history.
    pub history: MarketHistory,
    /// Selected windows (scenario order) and skipped stress episodes.
    pub selection: Selection,
    /// The `full` window (source and calendar of bootstrap paths).
    pub full: Window,
    /// Number of scenarios.
    pub count: usize,
    /// Width of the zero-padded index in ids.
    id_width: usize,
    /// SHA-256 of the resolved config, the data files' hashes and the version.
    pub config_hash: String,
}

impl Plan {
    /// Expand `config` over `history`.
    ///
    /// # Errors
    /// [`RunnerError::TooManyScenarios`] past `output.max_scenarios`;
    /// [`RunnerError::Config`] for an `output.daily`/`output.events` id the run does not have.
    pub fn new(config: Config, history: MarketHistory) -> Result<Plan> {
        let (first, last) = match (history.dates.first(), history.dates.last()) {
            (Some(f), Some(l)) => (*f, *l),
            _ => {
                return Err(RunnerError::Data(ringfence_data::DataError::Dataset(
                    "the data hold no trading day".into(),
                )));
            }
        };
        let selection = window::select(&config.windows, first, last);
        let full = Window {
            name: "full".into(),
            kind: WindowKind::Full,
            start: config.windows.start.map_or(first, |d| d.0),
            end: config.windows.end.map_or(last, |d| d.0),
        };
        let slots = selection.windows.len() as u128 + u128::from(config.bootstrap.paths);
        let count = (config.variant_count() as u128).saturating_mul(slots);
        if count > config.output.max_scenarios as u128 {
            return Err(RunnerError::TooManyScenarios {
                file: config.file.clone(),
                count,
                cap: config.output.max_scenarios,
            });
        }
        let count = count as usize;
        if count == 0 {
            return Err(RunnerError::config(
                &config.file,
                "windows.select",
                format!(
                    "no scenario to run: every selected stress episode lies outside the data \
                     ({first} to {last}) and there are no other windows or bootstrap paths"
                ),
            ));
        }
        if config.bootstrap.paths == 0 {
            let reasons: Vec<String> = selection
                .windows
                .iter()
                .filter_map(|w| w.resolve(&history).err())
                .collect();
            if reasons.len() == selection.windows.len() {
                // `[windows] start` and `end` bound the `full` window alone.
                let only_full = selection.windows.iter().all(|w| w.kind == WindowKind::Full);
                let key = match (only_full, config.windows.start, config.windows.end) {
                    (true, Some(_), _) => "windows.start",
                    (true, None, Some(_)) => "windows.end",
                    _ => "windows.select",
                };
                return Err(RunnerError::config(
                    &config.file,
                    key,
                    format!("no scenario can run: {}", reasons.join("; ")),
                ));
            }
        }
        let id_width = count.saturating_sub(1).to_string().len().max(6);
        let config_hash = config_hash(&config, &history);
        let plan = Plan {
            config,
            history,
            selection,
            full,
            count,
            id_width,
            config_hash,
        };
        plan.check_picks()?;
        Ok(plan)
    }

    /// Number of slots (windows + paths) per variant.
    pub fn slots(&self) -> usize {
        self.selection.windows.len() + self.config.bootstrap.paths as usize
    }

    /// Scenario `index`.
    pub fn scenario(&self, index: usize) -> ScenarioRef {
        let w = self.slots();
        let s = index % w;
        let slot = if s < self.selection.windows.len() {
            Slot::Window(s)
        } else {
            Slot::Path((s - self.selection.windows.len() + 1) as u32)
        };
        ScenarioRef {
            index,
            variant: index / w,
            slot,
        }
    }

    /// Id of scenario `index` (`s000123`).
    pub fn id(&self, index: usize) -> String {
        format!("s{index:0width$}", width = self.id_width)
    }

    /// Window name of a slot (`full` for bootstrap paths).
    pub fn window_name(&self, slot: Slot) -> &str {
        match slot {
            Slot::Window(k) => &self.selection.windows[k].name,
            Slot::Path(_) => "full",
        }
    }

    /// The calendar window of a slot.
    pub fn window(&self, slot: Slot) -> &Window {
        match slot {
            Slot::Window(k) => &self.selection.windows[k],
            Slot::Path(_) => &self.full,
        }
    }

    /// Label: `short_delta=0.16,margin_target=0.1 | covid_2020` (`| full/boot0007` for paths).
    pub fn label(&self, s: &ScenarioRef) -> String {
        let w = match s.slot {
            Slot::Window(k) => self.selection.windows[k].name.clone(),
            Slot::Path(p) => format!("full/boot{p:04}"),
        };
        let v = self.config.variant_label(s.variant);
        if v.is_empty() {
            w
        } else {
            format!("{v} | {w}")
        }
    }

    /// Lines printed by `ringfence run --list`: a header with the counts, then one line per
    /// scenario (`id  label`), then the skipped stress episodes.
    pub fn listing(&self) -> Vec<String> {
        let layouts: Vec<&str> = self.config.layouts.iter().map(|l| l.name()).collect();
        let mut out = vec![format!(
            "{} scenarios = {} variants x ({} windows + {} bootstrap paths); {} layouts each ({}) = {} summary rows",
            self.count,
            self.config.variant_count(),
            self.selection.windows.len(),
            self.config.bootstrap.paths,
            layouts.len(),
            layouts.join(", "),
            self.count * layouts.len()
        )];
        for i in 0..self.count {
            let s = self.scenario(i);
            out.push(format!("{}  {}", self.id(i), self.label(&s)));
        }
        for w in &self.selection.skipped {
            out.push(format!(
                "skipped stress window {} ({} to {}): outside the data ({} to {})",
                w.name,
                w.start,
                w.end,
                self.first_date(),
                self.last_date()
            ));
        }
        out
    }

    /// First trading day of the data.
    pub fn first_date(&self) -> NaiveDate {
        self.history
            .dates
            .first()
            .copied()
            .unwrap_or(NaiveDate::MIN)
    }

    /// Last trading day of the data.
    pub fn last_date(&self) -> NaiveDate {
        self.history.dates.last().copied().unwrap_or(NaiveDate::MIN)
    }

    /// Trading-day range of a real window, or why it cannot run.
    ///
    /// # Errors
    /// The window lies outside the data or is too short.
    pub fn range(&self, slot: Slot) -> std::result::Result<DayRange, String> {
        self.window(slot).resolve(&self.history)
    }

    /// Index of a scenario id, if the run has it.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        let digits = id.strip_prefix('s')?;
        if digits.len() != self.id_width {
            return None;
        }
        let i: usize = digits.parse().ok()?;
        (i < self.count).then_some(i)
    }

    fn check_picks(&self) -> Result<()> {
        for (key, pick) in [
            ("output.daily", &self.config.output.daily),
            ("output.events", &self.config.output.events),
        ] {
            if let Pick::Ids(ids) = pick {
                for id in ids {
                    if self.index_of(id).is_none() {
                        return Err(RunnerError::config(
                            &self.config.file,
                            key,
                            format!(
                                "unknown scenario id `{id}`; this run has {} scenarios ({} to {}); \
                                 see `ringfence run CONFIG --list`",
                                self.count,
                                self.id(0),
                                self.id(self.count - 1)
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The `data` object of `run.json`.
    pub fn data_json(&self) -> Json {
        json!({
            "dir": self.config.data_dir.display().to_string(),
            "start": self.first_date().to_string(),
            "end": self.last_date().to_string(),
            "days": self.history.len(),
            "files": self.history.sources,
            "alignment": self.history.alignment,
        })
    }

    /// The windows listed in `run.json` for reports: every built-in stress episode inside
    /// the data plus the custom windows.
    pub fn report_windows(&self) -> Vec<Window> {
        let (first, last) = (self.first_date(), self.last_date());
        let mut out: Vec<Window> = window::STRESS_EPISODES
            .iter()
            .map(|e| Window {
                name: e.name.into(),
                kind: WindowKind::Stress,
                start: e.start_date(),
                end: e.end_date(),
            })
            .filter(|w| w.start >= first && w.end <= last)
            .collect();
        let custom: BTreeMap<_, _> = self.config.windows.custom.iter().collect();
        for (name, r) in custom {
            out.push(Window {
                name: name.clone(),
                kind: WindowKind::Custom,
                start: r.start.0,
                end: r.end.0,
            });
        }
        out
    }
}

/// SHA-256 over the resolved config without paths, the data files' roles and hashes, and
/// the crate version: equal hashes mean the same scenarios on the same data.
fn config_hash(config: &Config, history: &MarketHistory) -> String {
    let mut resolved = config.resolved().clone();
    if let Some(m) = resolved.as_object_mut() {
        // Paths may differ between machines of one cluster; file hashes identify the data.
        m.remove("data");
        m.insert(
            "data_max_fill_days".into(),
            Json::from(config.load.max_fill_days),
        );
    }
    let mut files: Vec<(String, String)> = history
        .sources
        .iter()
        .map(|s| (s.role.clone(), s.sha256.clone()))
        .collect();
    files.sort();
    let canonical = json!({
        "config": resolved,
        "data_files": files,
        "version": VERSION,
        "format_version": FORMAT_VERSION,
    });
    let mut h = Sha256::new();
    h.update(canonical.to_string().as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
