//! `ringfence data check`: validate every file of a data directory (or a list of files),
//! build the aligned history from the files that feed it, and report everything found.
//!
//! The report ([`CheckReport`]) holds one [`FileReport`] per file plus data-set findings
//! (which file plays which role, the history's span, fills and drops, VX merge results,
//! cross-checks of the continuous VX files). It serialises to JSON with serde and renders as
//! a human table ([`CheckReport::render`]). Exit rule for the CLI: errors -> 1, otherwise 0.
//!
//! Where each kind of check lives:
//! - [`file`](mod@file): each file on its own (also run by [`crate::load`] on every file it reads);
//! - `cross_file`: files against each other and against the aligned history;
//! - `opens`: which SPX Opens are opening levels, year by year, against the load's
//!   `spx_real_opens_from`;
//! - `settlements`: the SPX settlement-value file against the history;
//! - `dividends`: the SPX dividend-yield file against the history;
//! - `render`: the report as a human table.

mod cross_file;
mod dividends;
pub mod file;
mod opens;
mod render;
mod settlements;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::Result;
use crate::check::file::{FileReport, validate};
use crate::finding::{Finding, Severity};
use crate::formats::{ParsedFile, read_file_limited};
use crate::history::{AlignmentReport, SeriesAlignment};
use crate::load::{LoadOptions, Selection, build_history, select};
use crate::scan::{Role, ScannedFile, scan_dir, scan_file};

/// Span and make-up of the history built during the check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistorySummary {
    /// Trading days.
    pub days: usize,
    /// First day.
    pub first: Option<NaiveDate>,
    /// Last day.
    pub last: Option<NaiveDate>,
    /// Days whose SPX Open is a real opening print.
    pub spx_open_real_days: usize,
    /// VX contracts with at least one settle in the history.
    pub vx_contracts: usize,
}

/// Result of a data check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// Directory checked (None when only files were given).
    pub data_dir: Option<String>,
    /// One report per file, in path order.
    pub files: Vec<FileReport>,
    /// Findings about the data set as a whole.
    pub dataset: Vec<Finding>,
    /// The aligned history, when it could be built.
    pub history: Option<HistorySummary>,
    /// Alignment counts, when the history could be built.
    pub alignment: Option<AlignmentReport>,
    /// Findings of severity error, over files and data set.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
}

impl CheckReport {
    /// True when any error was found (the CLI exits 1).
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    fn tally(&mut self) {
        let all = self
            .files
            .iter()
            .flat_map(|f| f.findings.iter())
            .chain(self.dataset.iter());
        let (mut e, mut w, mut i) = (0, 0, 0);
        for f in all {
            match f.severity {
                Severity::Error => e += 1,
                Severity::Warning => w += 1,
                Severity::Info => i += 1,
            }
        }
        (self.errors, self.warnings, self.infos) = (e, w, i);
    }

    /// JSON text of the report.
    ///
    /// # Errors
    /// Never in practice (every field serialises); the serde error is passed on.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self)
    }
}

/// Check every data file under `dir` and the history they build.
///
/// # Errors
/// [`crate::DataError::Io`] only when `dir` cannot be listed; every other problem is a
/// finding in the report.
pub fn check_dir(dir: &Path, opts: &LoadOptions) -> Result<CheckReport> {
    let scanned = scan_dir(dir)?;
    let mut report = run(dir, scanned, opts, true);
    report.data_dir = Some(dir.display().to_string());
    Ok(report)
}

/// Check the given files (relative paths are taken as given; a path given twice is checked
/// once). The history is built when the files include SPX and VIX.
pub fn check_files(files: &[PathBuf], opts: &LoadOptions) -> CheckReport {
    // A file named twice is checked once (else it would compete with itself for its role).
    let mut unique: Vec<&PathBuf> = Vec::with_capacity(files.len());
    for f in files {
        if !unique.contains(&f) {
            unique.push(f);
        }
    }
    let scanned = unique.into_iter().map(|p| scan_file(p)).collect();
    run(Path::new(""), scanned, opts, false)
}

fn display_path(dir: &Path, p: &Path) -> String {
    p.strip_prefix(dir).unwrap_or(p).display().to_string()
}

fn run(dir: &Path, scanned: Vec<ScannedFile>, opts: &LoadOptions, dir_mode: bool) -> CheckReport {
    let mut dataset = Vec::new();
    let selection = match select(dir, &scanned, opts) {
        Ok(s) => Some(s),
        Err(e) => {
            dataset.push(Finding::new(
                Severity::Error,
                "role_selection",
                1,
                e.to_string(),
            ));
            None
        }
    };
    let mut parsed: Vec<ParsedFile> = Vec::new();
    let mut reports: Vec<FileReport> = Vec::new();
    let mut full: Vec<PathBuf> = Vec::new();
    let mut paths: Vec<(PathBuf, Option<Role>)> =
        scanned.iter().map(|s| (s.path.clone(), s.role)).collect();
    // Explicit paths outside the scanned set are checked too.
    if let Some(sel) = &selection {
        for (role, p) in &sel.single {
            if !paths.iter().any(|(q, _)| q == p) {
                paths.push((p.clone(), Some(*role)));
            }
        }
        for p in &sel.vx {
            if !paths.iter().any(|(q, _)| q == p) {
                paths.push((p.clone(), Some(Role::Vx)));
            }
        }
    }
    for (path, role) in &paths {
        let shown = display_path(dir, path);
        let role = selection
            .as_ref()
            .and_then(|s| s.single.iter().find(|(_, p)| p == path).map(|(r, _)| *r))
            .or(*role);
        match read_file_limited(path, opts.max_file_bytes) {
            Ok(f) => {
                let mut r = validate(&f, role);
                r.path = shown;
                r.used = selection.as_ref().is_some_and(|s| s.uses(path));
                if !r.used && role.is_some_and(Role::feeds_history) && selection.is_some() {
                    r.push(Finding::new(
                        Severity::Info,
                        "not_used",
                        0,
                        "checked but not used for the history (another file supplies this series)",
                    ));
                }
                reports.push(r);
                full.push(path.clone());
                parsed.push(f);
            }
            Err(e) => {
                let format = scanned
                    .iter()
                    .find(|s| &s.path == path)
                    .and_then(|s| s.format.as_ref().ok().copied());
                reports.push(FileReport::unreadable(&shown, format, role, &e));
                full.push(path.clone());
            }
        }
    }
    let mut report = CheckReport {
        data_dir: None,
        files: reports,
        dataset,
        history: None,
        alignment: None,
        errors: 0,
        warnings: 0,
        infos: 0,
    };
    if let Some(sel) = selection {
        history_findings(&mut report, &full, &sel, &parsed, opts, dir_mode);
    }
    report.tally();
    report
}

/// Build the history from the selected files and attach alignment results.
fn history_findings(
    report: &mut CheckReport,
    full: &[PathBuf],
    sel: &Selection,
    parsed: &[ParsedFile],
    opts: &LoadOptions,
    dir_mode: bool,
) {
    report.dataset.extend(sel.notes.iter().cloned());
    let have = |role: Role| sel.path(role).is_some();
    if !have(Role::Spx) || !have(Role::Vix) {
        let missing: Vec<&str> = [Role::Spx, Role::Vix]
            .into_iter()
            .filter(|r| !have(*r))
            .map(Role::name)
            .collect();
        let (severity, what) = if dir_mode {
            (Severity::Error, "the history needs SPX and VIX")
        } else {
            (Severity::Info, "history not built from the files given")
        };
        report.dataset.push(Finding::new(
            severity,
            "missing_series",
            missing.len(),
            format!("no {} file: {what}", missing.join(" and no ")),
        ));
        return;
    }
    // The selected files with an error: read with errors, or not read at all (a file that
    // does not parse has an `unreadable` report and no `ParsedFile`).
    let failed: Vec<&str> = report
        .files
        .iter()
        .zip(full)
        .filter(|(r, p)| {
            sel.uses(p)
                && (r.worst() == Some(Severity::Error) || !parsed.iter().any(|f| &f.path == *p))
        })
        .map(|(r, _)| r.path.as_str())
        .collect();
    if !failed.is_empty() {
        report.dataset.push(Finding::new(
            Severity::Error,
            "history_not_built",
            failed.len(),
            format!(
                "history not built: files it needs have errors ({})",
                failed.join(", ")
            ),
        ));
        return;
    }
    let used: Vec<&ParsedFile> = parsed.iter().filter(|f| sel.uses(&f.path)).collect();
    // Every Open that is not a copy counts here, so that `opens` can judge each year; the
    // load's own first date applies to the count below.
    let all_opens = LoadOptions {
        spx_real_opens_from: NaiveDate::MIN,
        ..opts.clone()
    };
    let (history, vx) = match build_history(sel, &used, &all_opens) {
        Ok(x) => x,
        Err(e) => {
            report.dataset.push(Finding::new(
                Severity::Error,
                "history_not_built",
                1,
                e.to_string(),
            ));
            return;
        }
    };
    let spx_open_real_days = history
        .spx_open_is_real
        .iter()
        .zip(&history.dates)
        .filter(|(real, day)| **real && **day >= opts.spx_real_opens_from)
        .count();
    report.dataset.push(Finding::new(
        Severity::Info,
        "history",
        history.len(),
        format!(
            "history: {} SPX trading days from {} to {} (where SPX and VIX both exist); SPX Open is a real opening print on {} days (not a copy of the previous close, from spx_real_opens_from = {})",
            history.len(),
            history.dates.first().map(|d| d.to_string()).unwrap_or_default(),
            history.dates.last().map(|d| d.to_string()).unwrap_or_default(),
            spx_open_real_days,
            opts.spx_real_opens_from
        ),
    ));
    report
        .dataset
        .extend(opens::findings(&history, opts.spx_real_opens_from));
    report.dataset.extend(settlements::findings(
        &history,
        opts.spx_real_opens_from,
        sel.path(Role::SpxSet).is_some(),
    ));
    report.dataset.extend(dividends::findings(
        &history,
        sel.path(Role::SpxDivYield).is_some(),
    ));
    // Fills, drops and missing days go to the file that supplied the series.
    for s in &history.alignment.series {
        let role = match s.name.as_str() {
            "vix" => Role::Vix,
            "vix9d" => Role::Vix9d,
            "vix3m" => Role::Vix3m,
            "vix6m" => Role::Vix6m,
            "vvix" => Role::Vvix,
            "skew" => Role::Skew,
            "rate" => Role::Rate,
            "spx_set" => Role::SpxSet,
            _ => {
                report
                    .dataset
                    .extend(alignment_findings(s, opts.max_fill_days, "VX settles"));
                continue;
            }
        };
        let Some(path) = sel.path(role) else { continue };
        if let Some(r) = file_report(report, full, path) {
            r.counts.filled = s.filled;
            r.counts.dropped = s.dropped_non_trading;
            for f in alignment_findings(s, opts.max_fill_days, "the previous value") {
                r.push(f);
            }
        }
    }
    for (path, counts) in &vx.per_file {
        if let Some(r) = file_report(report, full, path) {
            r.counts.excluded = counts.outliers + counts.superseded;
            if counts.superseded > 0 {
                r.push(Finding::new(
                    Severity::Info,
                    "vx_superseded",
                    counts.superseded,
                    format!("{} settles superseded by the current Cboe file's settle for the same contract and date", counts.superseded),
                ));
            }
        }
    }
    report.dataset.extend(vx.findings.iter().cloned());
    report.dataset.extend(cross_file::coverage(&history, sel));
    for f in parsed {
        let found = cross_file::continuous_vs_contracts(f, &vx);
        if found.is_empty() {
            continue;
        }
        if let Some(r) = file_report(report, full, &f.path) {
            for x in found {
                r.push(x);
            }
        }
    }
    if let Some(spx) = sel
        .path(Role::Spx)
        .and_then(|p| parsed.iter().find(|f| f.path == p))
    {
        for f in parsed {
            if f.path == spx.path {
                continue;
            }
            let Some(r) = file_report(report, full, &f.path) else {
                continue;
            };
            if r.role == Some(Role::Spx) {
                for x in cross_file::spx_vs_used(f, spx) {
                    r.push(x);
                }
            }
        }
    }
    report.history = Some(HistorySummary {
        days: history.len(),
        first: history.dates.first().copied(),
        last: history.dates.last().copied(),
        spx_open_real_days,
        vx_contracts: history.vx.contracts.len(),
    });
    report.alignment = Some(history.alignment);
}

fn file_report<'a>(
    report: &'a mut CheckReport,
    full: &[PathBuf],
    path: &Path,
) -> Option<&'a mut FileReport> {
    let k = full.iter().position(|p| p == path)?;
    report.files.get_mut(k)
}

fn alignment_findings(s: &SeriesAlignment, max_fill: usize, what: &str) -> Vec<Finding> {
    let show = |d: &[NaiveDate]| d.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    let mut out = Vec::new();
    if s.filled > 0 {
        out.push(
            Finding::new(
                Severity::Info,
                "filled",
                s.filled,
                format!("{}: {} SPX trading days without a value took {what} (carried forward at most {max_fill} days)", s.name, s.filled),
            )
            .with_examples(show(&s.filled_dates)),
        );
    }
    if s.dropped_non_trading > 0 {
        out.push(
            Finding::new(
                Severity::Info,
                "dropped",
                s.dropped_non_trading,
                format!(
                    "{}: {} rows dropped: their dates are not SPX trading days",
                    s.name, s.dropped_non_trading
                ),
            )
            .with_examples(show(&s.dropped_dates)),
        );
    }
    if s.missing > 0 {
        out.push(Finding::new(
            Severity::Warning,
            "missing_after_fill",
            s.missing,
            format!("{}: {} SPX trading days inside the series' range stay missing (gap longer than {max_fill} days)", s.name, s.missing),
        ));
    }
    out
}
