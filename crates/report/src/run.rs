//! A run directory read back from disk: everything the charts and the HTML page show.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ringfence_schema::run_dir;

use crate::annual::{self, HedgeSource, HedgeYear};
use crate::answer::Answer;
use crate::daily::Daily;
use crate::error::{ReportError, Result};
use crate::events::Events;
use crate::layout::{Palette, label};
use crate::meta::RunMeta;
use crate::paired::{self, PairedRow};
use crate::scenario::Scenarios;
use crate::stress::{self, StressRow, StressSource};
use crate::table::Table;

/// Everything read from a run directory.
#[derive(Debug)]
pub struct Run {
    /// The run directory.
    pub dir: PathBuf,
    /// `run.json`.
    pub meta: RunMeta,
    /// `summary.csv`.
    pub scenarios: Scenarios,
    /// Layouts in display order with their colours.
    pub palette: Palette,
    /// The variant whose daily series are charted (the first with daily files), if any.
    pub charted: Option<String>,
    /// Daily series of the charted variant in its main window, in palette order.
    pub daily: Vec<Daily>,
    /// Events of the charted scenarios (listed kinds, counts of every kind).
    pub events: Events,
    /// Paired differences of the charted (or first) variant in the main window.
    pub paired: Vec<PairedRow>,
    /// The answer per variant, and the mechanism ladder.
    pub answer: Answer,
    /// True when `paired` came from `paired.csv` (with confidence intervals).
    pub paired_from_file: bool,
    /// Bootstrap samples per metric of the charted variant (None: no bootstrap.csv).
    pub bootstrap: Option<BTreeMap<String, Vec<f64>>>,
    /// Hedge cost and payoff per year per layout of the charted variant.
    pub hedge_years: Vec<(String, Vec<HedgeYear>)>,
    /// Where `hedge_years` came from.
    pub hedge_source: Option<HedgeSource>,
    /// Stress windows (windows outside the data removed).
    pub stress: Vec<StressRow>,
    /// Layouts of the stress cells, in order.
    pub stress_layouts: Vec<String>,
    /// Where the stress figures came from.
    pub stress_source: StressSource,
    /// `failures.csv`, when present and non-empty.
    pub failures: Option<Table>,
    /// Visible notes: skipped series, absent optional files, empty windows.
    pub notes: Vec<String>,
    /// Model vs market (runs priced from real chains only).
    pub chains: Option<crate::chains::ModelVsMarket>,
}

impl Run {
    /// Read a run directory.
    ///
    /// # Errors
    /// A missing required file (run.json, summary.csv, events.csv, a daily file of the charted
    /// variant), a truncated or malformed file, a format version this report cannot read; each
    /// error names the file.
    pub fn load(dir: &Path) -> Result<Self> {
        if !dir.is_dir() {
            return Err(ReportError::Missing {
                path: dir.to_path_buf(),
                what: "run directory",
            });
        }
        let meta = RunMeta::read(dir)?;
        let scenarios = Scenarios::read(dir, &meta.sweep_keys)?;
        let palette = Palette::new(scenarios.layout_names());
        let mut notes = Vec::new();
        let window = scenarios.main_window.clone();

        let (charted, daily) = load_daily(dir, &scenarios, &palette, &mut notes)?;
        let selected: BTreeSet<String> = daily.iter().map(|d| d.scenario.clone()).collect();
        let events = Events::read(dir, &selected)?;

        let focus = charted
            .clone()
            .unwrap_or_else(|| scenarios.variants[0].clone());
        let all_paired = paired::read(dir)?;
        let stress_names: Vec<String> = meta.windows.iter().map(|w| w.name.clone()).collect();
        let answer = Answer::compute(
            &scenarios,
            all_paired.as_deref().unwrap_or_default(),
            &stress_names,
        );
        let (paired, paired_from_file) = match all_paired {
            Some(rows) => (
                rows.into_iter()
                    .filter(|r| r.variant == focus && r.window == window)
                    .collect(),
                true,
            ),
            None => {
                notes.push(
                    "paired.csv not found: differences computed from summary.csv, without \
                     confidence intervals."
                        .into(),
                );
                (paired::from_summary(&scenarios, &focus, &window), false)
            }
        };
        let bootstrap = paired::bootstrap(dir, &focus, &window)?;
        if bootstrap.is_none() {
            notes.push("bootstrap.csv not found: no bootstrap histogram.".into());
        }

        let (hedge_source, hedge_years) = match annual::read(dir, &selected)? {
            Some((source, by_scenario)) => {
                let per_layout = daily
                    .iter()
                    .filter_map(|d| {
                        let years = by_scenario.get(&d.scenario)?;
                        let any = years
                            .iter()
                            .any(|y| y.cost_usd != 0.0 || y.payoff_usd != 0.0);
                        any.then(|| (d.layout.clone(), years.clone()))
                    })
                    .collect();
                (Some(source), per_layout)
            }
            None => {
                notes.push(
                    "Neither annual.csv nor ledger.csv found: no hedge cost vs payoff chart."
                        .into(),
                );
                (None, Vec::new())
            }
        };

        let refs: Vec<&Daily> = daily.iter().collect();
        let mut stress = stress::compute(&meta.windows, &refs);
        let mut stress_layouts: Vec<String> = daily.iter().map(|d| d.layout.clone()).collect();
        let mut stress_source = StressSource::Daily;
        // The charted daily series may not cover every window (a sweep over the stress windows
        // records the daily file of one of them): then the windows' own scenarios of
        // summary.csv give the table, when they fill a row the daily series left empty.
        let empty = |row: &stress::StressRow| row.cells.iter().all(Option::is_none);
        let uncovered: Vec<String> = stress
            .iter()
            .filter(|r| empty(r))
            .map(|r| r.name.clone())
            .collect();
        if stress.is_empty() || !uncovered.is_empty() {
            let from_summary =
                stress::from_summary(&scenarios, &focus, palette.layouts(), &meta.windows);
            let fills = from_summary
                .iter()
                .any(|r| !empty(r) && (stress.is_empty() || uncovered.contains(&r.name)));
            if fills {
                stress = from_summary;
                stress_layouts = palette.layouts().to_vec();
                stress_source = StressSource::Summary;
            }
        }
        // The period the charted daily series cover, to say why a window has no result.
        let charted_period = daily
            .first()
            .and_then(|d| Some((*d.dates.first()?, *d.dates.last()?)));
        // Windows outside the charted run share one note (a short run is outside most).
        let mut outside = Vec::new();
        stress.retain(|row| {
            let keep = !empty(row);
            if let (false, Some((start, end))) = (keep, row.dates) {
                match charted_period {
                    Some((a, b)) if end < a || start > b => {
                        outside.push(format!("{} ({start} to {end})", row.name));
                    }
                    _ => notes.push(format!(
                        "Stress window {} ({start} to {end}) has no result in this run (no \
                         trading day in the data, or not run): skipped.",
                        row.name
                    )),
                }
            }
            keep
        });
        if let (false, Some((a, b))) = (outside.is_empty(), charted_period) {
            notes.push(format!(
                "{} outside the charted run, {a} to {b}, skipped: {}.",
                match outside.len() {
                    1 => "Stress window".to_string(),
                    n => format!("{n} stress windows"),
                },
                outside.join(", ")
            ));
        }
        if stress.is_empty() && meta.windows.is_empty() {
            notes.push("run.json lists no stress windows.".into());
        }

        let failures =
            Table::read_optional(&dir.join(run_dir::FAILURES_CSV))?.filter(|t| !t.is_empty());
        Ok(Self {
            dir: dir.to_path_buf(),
            meta,
            scenarios,
            palette,
            charted,
            daily,
            events,
            paired,
            answer,
            paired_from_file,
            bootstrap,
            hedge_years,
            hedge_source,
            stress,
            stress_layouts,
            stress_source,
            failures,
            notes,
            chains: crate::chains::ModelVsMarket::read(dir)?,
        })
    }
}

/// The first variant (in summary.csv order) with any daily file in its main window, and its
/// daily series in palette order. A layout of that variant without its file is an error.
fn load_daily(
    dir: &Path,
    s: &Scenarios,
    palette: &Palette,
    notes: &mut Vec<String>,
) -> Result<(Option<String>, Vec<Daily>)> {
    let daily_dir = dir.join(run_dir::DAILY_DIR);
    if !daily_dir.is_dir() {
        notes.push(
            "No daily/ directory (daily series not recorded): no equity, drawdown, margin or \
             stress charts."
                .into(),
        );
        return Ok((None, Vec::new()));
    }
    let path_of = |id: &str| daily_dir.join(run_dir::daily_file(id));
    let window = &s.main_window;
    let Some(variant) = s.variants.iter().find(|v| {
        palette
            .layouts()
            .iter()
            .filter_map(|l| s.find(v, window, l))
            .any(|sc| path_of(&sc.id).is_file())
    }) else {
        notes.push("daily/ holds no series of the main window: no time-series charts.".into());
        return Ok((None, Vec::new()));
    };
    let mut out = Vec::new();
    for layout in palette.layouts() {
        let Some(sc) = s.find(variant, window, layout) else {
            continue;
        };
        let d = Daily::read(&path_of(&sc.id), &sc.id, layout)?;
        let bad = d.non_finite();
        if d.dates.is_empty() {
            notes.push(format!(
                "daily/{}.csv ({}) has no rows: series skipped.",
                sc.id,
                label(layout)
            ));
            continue;
        }
        if bad == d.dates.len() {
            notes.push(format!(
                "daily/{}.csv ({}): every total_equity value is NaN: series skipped.",
                sc.id,
                label(layout)
            ));
            continue;
        }
        if bad > 0 {
            notes.push(format!(
                "daily/{}.csv ({}): {bad} non-finite total_equity values skipped (line gaps).",
                sc.id,
                label(layout)
            ));
        }
        out.push(d);
    }
    if s.is_sweep() {
        notes.push(format!(
            "Sweep of {} variants: time-series charts show variant {variant} only.",
            s.variants.len()
        ));
    }
    Ok((Some(variant.clone()), out))
}
