//! # ringfence-report
//!
//! Charts and a self-contained HTML report built from a run directory's output files (never
//! from in-memory results, so `ringfence report RUN_DIR` can rebuild it at any time):
//!
//! - readers for the runner's files ([`meta`]: `run.json`, [`scenario`]: `summary.csv`,
//!   [`daily`]: `daily/<scenario>.csv`, [`events`], [`paired`] with `bootstrap.csv`,
//!   [`annual`]: hedge cost and payoff by year), each error naming the file and line;
//! - PNG charts ([`chart`], plotters on a bitmap with the embedded DejaVu Sans font, no system
//!   fonts needed): equity (linear and log), drawdown, margin use and excess with margin-call
//!   and liquidation markers, hedge cost vs payoff by year, stress windows, sweep heat maps and
//!   the bootstrap distribution of ring_fenced - commingled, one fixed colour per layout;
//! - one HTML page ([`html`]) with the charts as data URIs, inline CSS, no script and no
//!   external request;
//! - [`index_compare`]: a run's month-end returns against published month-end index levels
//!   (`ringfence compare-index`);
//! - [`build`]: read, draw and write everything atomically (temp file + rename).

pub mod annual;
pub mod answer;
pub mod chains;
pub mod chart;
pub mod daily;
pub mod error;
pub mod events;
pub mod format;
pub mod html;
pub mod index_compare;
pub mod layout;
pub mod markdown;
pub mod meta;
pub mod output;
pub mod paired;
pub mod run;
pub mod scenario;
pub mod stress;
pub mod sweep;
pub mod table;

use std::path::{Path, PathBuf};

pub use error::{ReportError, Result};
pub use run::Run;

/// File name of the HTML report inside the run directory.
pub const REPORT_FILE: &str = ringfence_schema::run_dir::REPORT_HTML;

/// Chart files this crate may write; stale ones from an earlier build are removed.
const CHART_PREFIXES: [&str; 9] = [
    "ladder_",
    "equity.png",
    "equity_log.png",
    "drawdown.png",
    "margin.png",
    "hedge_by_year.png",
    "stress.png",
    "heatmap_",
    "bootstrap_",
];

/// What [`build`] wrote.
#[derive(Debug, Clone)]
pub struct ReportSummary {
    /// The HTML report.
    pub html: PathBuf,
    /// Chart files written, in page order.
    pub charts: Vec<PathBuf>,
    /// Notes shown in the report (skipped series, absent optional files, empty windows).
    pub notes: Vec<String>,
    /// Layouts found, in display order.
    pub layouts: Vec<String>,
    /// Number of scenarios on the history (config variant x window) in summary.csv, each
    /// run in every layout.
    pub scenarios: usize,
    /// Bootstrap resamples in summary.csv (variant x window x path), which with
    /// `scenarios` make the runner's count.
    pub resampled_paths: usize,
    /// Number of config variants.
    pub variants: usize,
}

/// Metrics drawn as sweep heat maps.
const HEATMAP_METRICS: [&str; 3] = ["cagr", "max_drawdown", "liquidation_cost_usd"];

/// Most small-multiple panels of the CAGR heat map (one per value of the third most
/// important swept parameter).
const MAX_PANELS: usize = 6;

/// At most this many bootstrap histograms (preferred metrics first).
const MAX_BOOTSTRAP_CHARTS: usize = 3;

/// Read `run_dir`, draw every chart, write the PNGs and `report.html` (each atomically).
///
/// # Errors
/// Any [`ReportError`]: a missing, truncated or malformed file (named in the error), a run
/// written by an incompatible version, a drawing or write failure. Nothing is written when
/// reading fails.
pub fn build(run_dir: &Path) -> Result<ReportSummary> {
    let run = Run::load(run_dir)?;
    let (charts, ranked) = draw(&run)?;
    let page = html::page(&html::PageInput {
        run: &run,
        charts: &charts,
        ranked: &ranked,
    });
    let mut written = Vec::with_capacity(charts.len());
    for c in &charts {
        let path = run_dir.join(&c.file);
        output::write_atomic(&path, &c.bytes)?;
        written.push(path);
    }
    remove_stale(run_dir, &charts)?;
    let html_path = run_dir.join(REPORT_FILE);
    output::write_atomic(&html_path, page.as_bytes())?;
    output::write_atomic(
        &run_dir.join(ringfence_schema::run_dir::REPORT_MD),
        markdown::summary(&run).as_bytes(),
    )?;
    Ok(ReportSummary {
        html: html_path,
        charts: written,
        notes: run.notes.clone(),
        layouts: run.palette.layouts().to_vec(),
        scenarios: run.scenarios.scenario_count(),
        resampled_paths: run.scenarios.resampled_paths,
        variants: run.scenarios.variants.len(),
    })
}

/// Every chart of the run (charts whose data are absent are left out) and the sweep ranking.
///
/// # Errors
/// Drawing or encoding failures.
pub fn draw(run: &Run) -> Result<(Vec<chart::Png>, Vec<sweep::RankedVariant>)> {
    let daily: Vec<&daily::Daily> = run.daily.iter().collect();
    let mut charts = Vec::new();
    if !daily.is_empty() {
        let events = &run.events.listed;
        charts.push(chart::equity::equity(&daily, events, &run.palette, false)?);
        charts.push(chart::equity::equity(&daily, events, &run.palette, true)?);
        charts.push(chart::equity::drawdown(&daily, &run.palette)?);
        if daily.iter().any(|d| !d.accounts.is_empty()) {
            charts.push(chart::margin::margin(
                &daily,
                &run.events.listed,
                &run.palette,
            )?);
        }
    }
    if !run.hedge_years.is_empty() {
        charts.push(chart::bars::hedge_by_year(&run.hedge_years, &run.palette)?);
    }
    if !run.stress.is_empty() {
        charts.push(chart::bars::stress(
            &run.stress,
            &run.stress_layouts,
            &run.palette,
        )?);
    }
    if let Some(samples) = &run.bootstrap {
        let mut metrics: Vec<&String> = samples.keys().collect();
        let rank = |m: &str| match m {
            "cagr" => 0,
            "max_drawdown" => 1,
            "sharpe" => 2,
            _ => 3,
        };
        metrics.sort_by_key(|m| (rank(m), m.as_str()));
        for m in metrics.into_iter().take(MAX_BOOTSTRAP_CHARTS) {
            let row = run.paired.iter().find(|r| &r.metric == m);
            let interval = bootstrap_interval(&samples[m], row);
            let fmt = |v: f64| format::diff_axis(m, v);
            charts.push(chart::bootstrap::histogram(
                m,
                &samples[m],
                interval,
                format::diff_unit(m),
                &fmt,
            )?);
        }
    }
    for (i, metric) in ["cagr", "max_drawdown"].iter().enumerate() {
        if run.answer.ladder.is_empty() {
            break;
        }
        let bars = chart::waterfall::bars(&run.answer.ladder, i);
        let fmt = |v: f64| format::diff_axis(metric, v);
        charts.push(chart::waterfall::waterfall(
            &format!("ladder_{metric}.png"),
            &bars,
            &format::metric_label(metric),
            &fmt,
        )?);
    }
    let mut ranked = Vec::new();
    if run.scenarios.is_sweep() {
        let window = &run.scenarios.main_window;
        for metric in HEATMAP_METRICS {
            let higher_is_better = format::higher_is_better(metric).unwrap_or(true);
            if let Some(grid) = sweep::grid(&run.scenarios, window, metric) {
                let fmt = |v: f64| format::diff_axis(metric, v);
                charts.push(chart::heatmap::heatmap(
                    &grid,
                    higher_is_better,
                    &format::metric_label(metric),
                    &fmt,
                )?);
            }
        }
        answer_heatmaps(run, &mut charts)?;
        ranked = sweep::ranked(
            &run.scenarios,
            window,
            "cagr",
            &["cagr", "max_drawdown"],
            html::TOP_VARIANTS,
        );
    }
    Ok((charts, ranked))
}

/// The worst-stress-episode heat map, and the CAGR heat map split into panels by the third
/// most important swept parameter.
fn answer_heatmaps(run: &Run, charts: &mut Vec<chart::Png>) -> Result<()> {
    let s = &run.scenarios;
    let variants = &run.answer.variants;
    let cagr: Vec<(&[String], f64)> = variants
        .iter()
        .map(|v| (v.params.as_slice(), v.diffs[0].value))
        .collect();
    let axes = sweep::axes_by_importance(s, &cagr);
    let Some(&px) = axes.first() else {
        return Ok(());
    };
    let py = axes.get(1).copied();
    let worst: Vec<(&[String], f64)> = variants
        .iter()
        .filter_map(|v| Some((v.params.as_slice(), v.worst_stress.as_ref()?.diff)))
        .collect();
    if let Some(grid) = sweep::grid_of(s, "worst_stress", &worst, px, py) {
        let fmt = |v: f64| format::diff_axis("total_return", v);
        charts.push(chart::heatmap::heatmap(
            &grid,
            true,
            "worst stress episode return",
            &fmt,
        )?);
    }
    let Some(&pz) = axes.get(2) else {
        return Ok(());
    };
    let mut values: Vec<&str> = variants.iter().map(|v| v.params[pz].as_str()).collect();
    values.sort_unstable();
    values.dedup();
    for (i, value) in values.iter().take(MAX_PANELS).enumerate() {
        let panel: Vec<(&[String], f64)> = cagr
            .iter()
            .filter(|(p, _)| p[pz] == *value)
            .copied()
            .collect();
        if let Some(mut grid) = sweep::grid_of(s, "cagr", &panel, px, py) {
            grid.metric = format!("cagr_panel{}", i + 1);
            let fmt = |v: f64| format::diff_axis("cagr", v);
            charts.push(chart::heatmap::heatmap(
                &grid,
                true,
                &format!("CAGR where {} = {value}", s.param_names[pz]),
                &fmt,
            )?);
        }
    }
    Ok(())
}

/// The confidence interval of the paired row when it has one, else the 2.5% and 97.5%
/// percentiles of the samples.
fn bootstrap_interval(
    samples: &[f64],
    row: Option<&paired::PairedRow>,
) -> chart::bootstrap::Interval {
    if let Some(r) = row.filter(|r| r.ci_low.is_finite() && r.ci_high.is_finite()) {
        return chart::bootstrap::Interval {
            low: r.ci_low,
            high: r.ci_high,
            level: r.ci_level,
            point: r.diff,
        };
    }
    let mut v: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        if v.is_empty() {
            f64::NAN
        } else {
            v[((v.len() - 1) as f64 * p).round() as usize]
        }
    };
    chart::bootstrap::Interval {
        low: q(0.025),
        high: q(0.975),
        level: 0.95,
        point: row.map_or(f64::NAN, |r| r.diff),
    }
}

fn remove_stale(run_dir: &Path, charts: &[chart::Png]) -> Result<()> {
    let entries = std::fs::read_dir(run_dir).map_err(|e| ReportError::io(run_dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.ends_with(".png") && CHART_PREFIXES.iter().any(|p| name.starts_with(p));
        if ours && !charts.iter().any(|c| c.file == name) {
            std::fs::remove_file(entry.path()).map_err(|e| ReportError::io(entry.path(), e))?;
        }
    }
    Ok(())
}
