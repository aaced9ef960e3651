//! Loading a data directory into a [`MarketHistory`].
//!
//! [`load_dir`] scans a directory ([`crate::scan`]), picks one file per role (or the paths
//! given in [`LoadOptions`]), reads and validates them, refuses files with errors, merges the
//! VX files and aligns everything on the SPX calendar ([`crate::align`]).
//!
//! Choice of files: several SPX files -> yfinance, then Stooq, then Yahoo; several candidates
//! for any other single role -> an error asking for an explicit path; every VX contract file
//! is used (the current Cboe file preferred over the CFE legacy files where both have a
//! settle). Continuous VX files are checked only ([`crate::check`]).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::align::{self, Inputs};
use crate::check::file::validate;
use crate::finding::{Finding, Severity};
use crate::formats::detect::Format;
use crate::formats::{ParsedFile, read_file_limited};
use crate::history::{MarketHistory, SourceInfo};
use crate::scan::{Role, ScannedFile, role_of, scan_dir, scan_file, spx_preference};
use crate::vx_merge::MergedVx;
use crate::{DataError, Result};

/// Default carry-forward limit, in SPX trading days.
pub const DEFAULT_MAX_FILL_DAYS: usize = 3;

/// How to load a data directory. Every path is optional: unset roles are discovered in the
/// directory. Relative paths are resolved against the data directory.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoadOptions {
    /// Longest run of SPX days a missing value is carried forward (default 3).
    pub max_fill_days: usize,
    /// SPX OHLC file.
    pub spx: Option<PathBuf>,
    /// VIX file.
    pub vix: Option<PathBuf>,
    /// VIX9D file.
    pub vix9d: Option<PathBuf>,
    /// VIX3M file.
    pub vix3m: Option<PathBuf>,
    /// VIX6M file.
    pub vix6m: Option<PathBuf>,
    /// VVIX file.
    pub vvix: Option<PathBuf>,
    /// Cboe SKEW file.
    pub skew: Option<PathBuf>,
    /// T-bill rate file (FRED DTB3).
    pub rate: Option<PathBuf>,
    /// VX contract files or directories of them; `None` = discover, empty = no VX data.
    pub vx: Option<Vec<PathBuf>>,
    /// SPX exercise-settlement values (SET) of AM-settled expirations: a two-column file,
    /// `DATE,SET`. AM settlements on its dates use them instead of an estimate.
    pub spx_set: Option<PathBuf>,
    /// SPX dividend yield, percent a year: a two-column file, `DATE,DIV_YIELD`. Each value
    /// applies from its date to the next value's (at most
    /// [`DIV_YIELD_MAX_AGE_DAYS`](crate::align::DIV_YIELD_MAX_AGE_DAYS) calendar days); other
    /// days use the model's constant `div_yield`.
    pub spx_div_yield: Option<PathBuf>,
    /// Largest data file accepted, in bytes (default
    /// [`DEFAULT_MAX_FILE_BYTES`](crate::formats::DEFAULT_MAX_FILE_BYTES), 256 MiB); a
    /// larger file is refused before it is read.
    pub max_file_bytes: u64,
    /// First date whose SPX Open is taken as the opening level (default
    /// [`DEFAULT_SPX_REAL_OPENS_FROM`]; a date before the file's first row takes every Open
    /// that is not a copy of the previous close). Earlier Opens count as not real, as copies
    /// of the previous close do: [`MarketHistory::spx_open_is_real`] is false before it.
    #[serde(deserialize_with = "crate::serde_date::deserialize")]
    pub spx_real_opens_from: NaiveDate,
}

/// Default first date of real SPX opening prints: 2017-01-01. In the free SPX files
/// (Stooq, Yahoo, yfinance) an Open that is not a copy of the previous close is, before
/// 2017, the index's first print, computed mostly on the previous closes of stocks that
/// have not opened yet: the least-squares slope of its gap on the close-to-close move is
/// 0.00-0.13 in every year 2006-2016 and 0.18-0.43 in every year from 2017
/// (`ringfence calibrate opens`).
pub const DEFAULT_SPX_REAL_OPENS_FROM: NaiveDate = match NaiveDate::from_ymd_opt(2017, 1, 1) {
    Some(d) => d,
    None => panic!("2017-01-01 is a date"),
};

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_fill_days: DEFAULT_MAX_FILL_DAYS,
            spx: None,
            vix: None,
            vix9d: None,
            vix3m: None,
            vix6m: None,
            vvix: None,
            skew: None,
            rate: None,
            vx: None,
            spx_set: None,
            spx_div_yield: None,
            max_file_bytes: crate::formats::DEFAULT_MAX_FILE_BYTES,
            spx_real_opens_from: DEFAULT_SPX_REAL_OPENS_FROM,
        }
    }
}

/// The single-file roles of the history, in report order.
pub const SINGLE_ROLES: [Role; 10] = [
    Role::Spx,
    Role::Vix,
    Role::Vix9d,
    Role::Vix3m,
    Role::Vix6m,
    Role::Vvix,
    Role::Skew,
    Role::Rate,
    Role::SpxSet,
    Role::SpxDivYield,
];

impl LoadOptions {
    /// Every file or directory path set, for a caller that rewrites them (the runner expands
    /// a config's `{config_dir}` prefix).
    pub fn paths_mut(&mut self) -> impl Iterator<Item = &mut PathBuf> {
        [
            &mut self.spx,
            &mut self.vix,
            &mut self.vix9d,
            &mut self.vix3m,
            &mut self.vix6m,
            &mut self.vvix,
            &mut self.skew,
            &mut self.rate,
            &mut self.spx_set,
            &mut self.spx_div_yield,
        ]
        .into_iter()
        .flatten()
        .chain(self.vx.iter_mut().flatten())
    }

    fn path_for(&self, role: Role) -> Option<&PathBuf> {
        match role {
            Role::Spx => self.spx.as_ref(),
            Role::Vix => self.vix.as_ref(),
            Role::Vix9d => self.vix9d.as_ref(),
            Role::Vix3m => self.vix3m.as_ref(),
            Role::Vix6m => self.vix6m.as_ref(),
            Role::Vvix => self.vvix.as_ref(),
            Role::Skew => self.skew.as_ref(),
            Role::Rate => self.rate.as_ref(),
            Role::SpxSet => self.spx_set.as_ref(),
            Role::SpxDivYield => self.spx_div_yield.as_ref(),
            _ => None,
        }
    }
}

/// Which file plays which role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// (role, path) for the single-file roles that have a file.
    pub single: Vec<(Role, PathBuf)>,
    /// VX contract files.
    pub vx: Vec<PathBuf>,
    /// How the choice was made (preferences applied, overrides).
    pub notes: Vec<Finding>,
}

impl Selection {
    /// The file chosen for `role`.
    pub fn path(&self, role: Role) -> Option<&Path> {
        self.single
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, p)| p.as_path())
    }

    /// True when `path` feeds the history.
    pub fn uses(&self, path: &Path) -> bool {
        self.single.iter().any(|(_, p)| p == path) || self.vx.iter().any(|p| p == path)
    }
}

fn resolve(dir: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        dir.join(p)
    }
}

fn accepts(role: Role, format: Format) -> bool {
    use Format::*;
    match role {
        Role::Spx => matches!(format, StooqOhlc | YahooOhlc | YfinanceOhlc | CboeIndexOhlc),
        Role::Rate => format == FredSeries,
        Role::SpxSet | Role::SpxDivYield => matches!(format, FredSeries | CboeIndexClose),
        Role::Vx => matches!(format, CfeLegacyVx | CboeVxContracts),
        _ => matches!(
            format,
            CboeIndexOhlc | CboeIndexClose | YfinanceOhlc | StooqOhlc | YahooOhlc
        ),
    }
}

/// Choose one file per role among `scanned` (files under `dir`), honouring `opts`.
///
/// # Errors
/// [`DataError::Dataset`] when a role has several candidates and no preference applies, or
/// when an explicit path has a format that cannot play its role.
pub fn select(dir: &Path, scanned: &[ScannedFile], opts: &LoadOptions) -> Result<Selection> {
    let mut sel = Selection::default();
    for role in SINGLE_ROLES {
        if let Some(p) = opts.path_for(role) {
            let path = resolve(dir, p);
            let sf = scan_file(&path);
            let format = sf.format?;
            if !accepts(role, format) {
                return Err(DataError::Dataset(format!(
                    "{}: a {} file cannot supply {}",
                    path.display(),
                    format.name(),
                    role.name()
                )));
            }
            sel.notes.push(Finding::new(
                Severity::Info,
                "explicit_path",
                1,
                format!("{}: {} (set explicitly)", role.name(), path.display()),
            ));
            sel.single.push((role, path));
            continue;
        }
        let mut cands: Vec<(&PathBuf, Format)> = scanned
            .iter()
            .filter(|s| s.role == Some(role))
            .filter_map(|s| s.format.as_ref().ok().map(|f| (&s.path, *f)))
            .collect();
        if role == Role::Spx {
            cands.sort_by_key(|(p, f)| (spx_preference(*f), (*p).clone()));
            let best = cands.first().map(|(_, f)| spx_preference(*f));
            if cands.len() > 1 && cands.get(1).map(|(_, f)| spx_preference(*f)) == best {
                return Err(ambiguous(role, &cands));
            }
            if cands.len() > 1 {
                sel.notes.push(Finding::new(
                    Severity::Info,
                    "spx_choice",
                    cands.len(),
                    format!(
                        "{} SPX files; using {} (preference yfinance > Stooq > Yahoo; set [data] spx to choose)",
                        cands.len(),
                        cands[0].0.display()
                    ),
                ));
            }
        } else if cands.len() > 1 {
            return Err(ambiguous(role, &cands));
        }
        if let Some((p, _)) = cands.first() {
            sel.single.push((role, (*p).clone()));
        }
    }
    sel.vx = match &opts.vx {
        Some(paths) => {
            let mut out = Vec::new();
            for p in paths {
                let path = resolve(dir, p);
                if path.is_dir() {
                    out.extend(
                        scan_dir(&path)?
                            .into_iter()
                            .filter(|s| s.role == Some(Role::Vx))
                            .map(|s| s.path),
                    );
                } else {
                    out.push(path);
                }
            }
            out
        }
        None => scanned
            .iter()
            .filter(|s| s.role == Some(Role::Vx))
            .map(|s| s.path.clone())
            .collect(),
    };
    Ok(sel)
}

fn ambiguous(role: Role, cands: &[(&PathBuf, Format)]) -> DataError {
    let list: Vec<String> = cands.iter().map(|(p, _)| p.display().to_string()).collect();
    DataError::Dataset(format!(
        "{} files can supply {}: {}; choose one with [data] {} = \"...\"",
        cands.len(),
        role.name(),
        list.join(", "),
        role.name()
    ))
}

/// Read, validate and align the selected files. Files with errors are refused.
pub(crate) fn build_history(
    sel: &Selection,
    files: &[&ParsedFile],
    opts: &LoadOptions,
) -> Result<(MarketHistory, MergedVx)> {
    let get = |role: Role| -> Option<&ParsedFile> {
        let p = sel.path(role)?;
        files.iter().copied().find(|f| f.path == p)
    };
    let missing = |role: Role| {
        DataError::Dataset(format!(
            "no {} file: the history needs SPX and VIX (found none, or set [data] {} = \"...\")",
            role.name(),
            role.name()
        ))
    };
    let spx = get(Role::Spx).ok_or_else(|| missing(Role::Spx))?;
    let vix = get(Role::Vix).ok_or_else(|| missing(Role::Vix))?;
    let vx_files: Vec<&ParsedFile> = files
        .iter()
        .copied()
        .filter(|f| sel.vx.contains(&f.path))
        .collect();
    let vx = MergedVx::merge(&vx_files);
    let inputs = Inputs {
        spx,
        vix,
        vix9d: get(Role::Vix9d),
        vix3m: get(Role::Vix3m),
        vix6m: get(Role::Vix6m),
        vvix: get(Role::Vvix),
        skew: get(Role::Skew),
        rate: get(Role::Rate),
        spx_set: get(Role::SpxSet),
        spx_div_yield: get(Role::SpxDivYield),
    };
    let mut history = align::build(inputs, &vx, opts.max_fill_days, opts.spx_real_opens_from)?;
    for (role, path) in &sel.single {
        if let Some(f) = files.iter().find(|f| &f.path == path) {
            history.sources.push(source_info(role.name(), f));
        }
    }
    for f in &vx_files {
        history.sources.push(source_info("vx", f));
    }
    Ok((history, vx))
}

fn source_info(role: &str, f: &ParsedFile) -> SourceInfo {
    let range = f.date_range();
    SourceInfo {
        role: role.to_string(),
        path: f.path.display().to_string(),
        format: f.format.name().to_string(),
        sha256: f.sha256.clone(),
        rows: f.rows,
        first: range.map(|r| r.0),
        last: range.map(|r| r.1),
    }
}

/// Load the data directory `dir` into an aligned [`MarketHistory`].
///
/// # Errors
/// [`DataError::Io`] / [`DataError::Parse`] / [`DataError::File`] when a selected file cannot
/// be read; [`DataError::File`] when a selected file is larger than
/// [`LoadOptions::max_file_bytes`] or has validation errors (run `ringfence
/// data check` for the full report); [`DataError::Dataset`] when SPX or VIX is missing, a
/// role is ambiguous, or SPX and VIX do not overlap.
pub fn load_dir(dir: &Path, opts: &LoadOptions) -> Result<MarketHistory> {
    let scanned = scan_dir(dir)?;
    let sel = select(dir, &scanned, opts)?;
    let mut parsed = Vec::new();
    let paths: Vec<(Option<Role>, &PathBuf)> = sel
        .single
        .iter()
        .map(|(r, p)| (Some(*r), p))
        .chain(sel.vx.iter().map(|p| (Some(Role::Vx), p)))
        .collect();
    for (role, path) in paths {
        let f = read_file_limited(path, opts.max_file_bytes)?;
        let role = role.or_else(|| role_of(f.format, path, None));
        let report = validate(&f, role);
        if let Some(e) = report
            .findings
            .iter()
            .find(|f| f.severity == Severity::Error)
        {
            return Err(DataError::File {
                path: path.clone(),
                message: format!(
                    "{} ({} error(s); run `ringfence data check` for the full report){}",
                    e.message,
                    report.count(Severity::Error),
                    e.examples
                        .first()
                        .map(|x| format!(", e.g. {x}"))
                        .unwrap_or_default()
                ),
            });
        }
        parsed.push(f);
    }
    let refs: Vec<&ParsedFile> = parsed.iter().collect();
    Ok(build_history(&sel, &refs, opts)?.0)
}
