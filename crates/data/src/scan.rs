//! Discovering the files of a data directory and the role each one can play.
//!
//! [`scan_dir`] walks a directory (recursively, sorted by path, hidden entries and a `real/`
//! subdirectory skipped),
//! looks at the first bytes of every `.csv` and `.tsv` file and detects its format.
//! [`role_of`] then says which series a file can supply:
//!
//! | format | role |
//! |---|---|
//! | yfinance / Stooq / Yahoo OHLC | `spx` (unless the file name names a VIX-family index) |
//! | Cboe index OHLC or single value | by file name: `vix9d`, `vix3m` (or `vxv`), `vix6m`, `vvix`, `skew`, else `vix`; a single-value file by its column name first |
//! | FRED `DTB3` (or another T-bill series) | `rate` |
//! | CFE legacy / Cboe current VX contract files | `vx` |
//! | Quandl continuous, VX1-VX8 | `vx_continuous` (checked only) |
//! | smile calibration | `calibration` (recognised, read elsewhere) |
//!
//! A Cboe index file whose name contains no known index (e.g. `VXN_History.csv`) has no
//! role and is checked only.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::formats::detect::{Format, detect_bytes};
use crate::{DataError, Result};

/// What a file supplies to the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// S&P 500 index OHLC (the calendar master).
    Spx,
    /// VIX OHLC.
    Vix,
    /// VIX9D.
    Vix9d,
    /// VIX3M (VXV).
    Vix3m,
    /// VIX6M.
    Vix6m,
    /// VVIX.
    Vvix,
    /// Cboe SKEW.
    Skew,
    /// 3-month T-bill rate (FRED DTB3).
    Rate,
    /// SPX exercise-settlement values (SET, the Special Opening Quotation) of AM-settled
    /// expirations: a two-column file whose value column is named `SET`.
    SpxSet,
    /// SPX dividend yield, percent a year: a two-column file whose value column is named
    /// `DIV_YIELD` or `DIVIDEND_YIELD`, each value applying from its date on.
    SpxDivYield,
    /// VX futures per-contract settles.
    Vx,
    /// Continuous VX futures (checked only).
    VxContinuous,
    /// SPX smile calibration points (read by the pricing crate).
    Calibration,
}

impl Role {
    /// Lowercase name used in reports and config keys.
    pub fn name(self) -> &'static str {
        match self {
            Role::Spx => "spx",
            Role::Vix => "vix",
            Role::Vix9d => "vix9d",
            Role::Vix3m => "vix3m",
            Role::Vix6m => "vix6m",
            Role::Vvix => "vvix",
            Role::Skew => "skew",
            Role::Rate => "rate",
            Role::SpxSet => "spx_set",
            Role::SpxDivYield => "spx_div_yield",
            Role::Vx => "vx",
            Role::VxContinuous => "vx_continuous",
            Role::Calibration => "calibration",
        }
    }

    /// True for series read into [`crate::MarketHistory`].
    pub fn feeds_history(self) -> bool {
        !matches!(self, Role::VxContinuous | Role::Calibration)
    }

    /// Daily log-change above which a move is reported as a jump, for index levels.
    pub fn jump_threshold(self) -> Option<f64> {
        match self {
            Role::Spx => Some(0.1),
            Role::Vix | Role::Vix9d | Role::Vix3m | Role::Vix6m | Role::Vvix | Role::Skew => {
                Some(0.5)
            }
            Role::VxContinuous => Some(0.5),
            Role::Rate | Role::SpxSet | Role::SpxDivYield | Role::Vx | Role::Calibration => None,
        }
    }
}

/// One file found by [`scan_dir`].
#[derive(Debug)]
pub struct ScannedFile {
    /// Path (directory joined with the relative path).
    pub path: PathBuf,
    /// Detected format, or why it could not be detected.
    pub format: Result<Format>,
    /// Role the file can play, when known.
    pub role: Option<Role>,
}

/// Extensions looked at by [`scan_dir`].
pub const DATA_EXTENSIONS: [&str; 2] = ["csv", "tsv"];

/// Bytes read to detect a format (the CFE disclaimer line is about 420 bytes).
const HEAD_BYTES: usize = 8192;

/// List the data files under `dir` with their detected format and role, sorted by path.
///
/// # Errors
/// [`DataError::Io`] when `dir` (or a subdirectory) cannot be listed. Problems with
/// individual files are returned inside [`ScannedFile::format`].
pub fn scan_dir(dir: &Path) -> Result<Vec<ScannedFile>> {
    let mut paths = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    collect(dir, &mut paths, &mut seen)?;
    paths.sort();
    Ok(paths.into_iter().map(|p| scan_file(&p)).collect())
}

/// Detect the format and role of one file.
pub fn scan_file(path: &Path) -> ScannedFile {
    let detected = read_head(path).and_then(|head| {
        let format = detect_bytes(path, &head)?;
        let column = second_header_field(&head);
        Ok((format, column))
    });
    match detected {
        Ok((format, column)) => ScannedFile {
            path: path.to_path_buf(),
            role: role_of(format, path, column.as_deref()),
            format: Ok(format),
        },
        Err(e) => ScannedFile {
            path: path.to_path_buf(),
            format: Err(e),
            role: None,
        },
    }
}

fn read_head(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Never open a FIFO or device: opening a FIFO blocks, reading /dev/zero never ends.
    crate::formats::regular_file(path)?;
    let mut f = std::fs::File::open(path).map_err(io)?;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    f.by_ref()
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    Ok(head)
}

/// The column name of a two-column header (`DATE,VVIX` -> `VVIX`).
fn second_header_field(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head);
    let header = text
        .lines()
        .map(|l| l.trim_start_matches('\u{FEFF}').trim())
        .find(|l| !l.is_empty() && !l.starts_with(crate::formats::detect::CFE_DISCLAIMER_PREFIX))?;
    let fields: Vec<&str> = header.split(',').collect();
    (fields.len() == 2).then(|| fields[1].trim().to_string())
}

/// Subdirectory name skipped when scanning: where `scripts/fetch-data.sh` puts real data.
pub const REAL_DATA_SUBDIR: &str = "real";

/// Collect data files under `dir`. `seen` holds the canonical directories already listed:
/// a symlink back to a parent (a loop) or a second link to the same directory is listed
/// once, so no file is found twice.
fn collect(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut std::collections::BTreeSet<PathBuf>,
) -> Result<()> {
    let io = |source| DataError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if !seen.insert(std::fs::canonicalize(dir).map_err(io)?) {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            // `data/real/` holds real series fetched by scripts/fetch-data.sh; it is a data
            // set of its own and never mixed into the directory above it.
            if name == REAL_DATA_SUBDIR {
                continue;
            }
            collect(&path, out, seen)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| DATA_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// The VIX-family role a name (file name or column name) points to.
fn role_by_name(name: &str) -> Option<Role> {
    let n = name.to_ascii_lowercase();
    if n.contains("vix9d") {
        Some(Role::Vix9d)
    } else if n.contains("vix3m") || n.contains("vxv") {
        Some(Role::Vix3m)
    } else if n.contains("vix6m") {
        Some(Role::Vix6m)
    } else if n.contains("vvix") {
        Some(Role::Vvix)
    } else if n.contains("skew") {
        Some(Role::Skew)
    } else if n.contains("vix") {
        Some(Role::Vix)
    } else {
        None
    }
}

/// Role a file of `format` at `path` can play; `column` is the second header field of
/// two-column files.
pub fn role_of(format: Format, path: &Path, column: Option<&str>) -> Option<Role> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match format {
        Format::StooqOhlc | Format::YahooOhlc | Format::YfinanceOhlc => {
            Some(role_by_name(&file_name).unwrap_or(Role::Spx))
        }
        Format::CboeIndexOhlc => role_by_name(&file_name),
        Format::CboeIndexClose | Format::FredSeries if is_set_column(column) => Some(Role::SpxSet),
        Format::CboeIndexClose | Format::FredSeries if is_div_yield_column(column) => {
            Some(Role::SpxDivYield)
        }
        Format::CboeIndexClose => column
            .and_then(role_by_name)
            .or_else(|| role_by_name(&file_name)),
        Format::FredSeries => {
            let id = column.unwrap_or("").to_ascii_uppercase();
            matches!(id.as_str(), "DTB3" | "DGS3MO" | "TB3MS" | "DTB4WK").then_some(Role::Rate)
        }
        Format::CfeLegacyVx | Format::CboeVxContracts => Some(Role::Vx),
        Format::QuandlVxContinuous | Format::VxTermStructure => Some(Role::VxContinuous),
        Format::SmileCalibration => Some(Role::Calibration),
    }
}

/// True for the value column of an SPX settlement-value file: `SET` (any case).
fn is_set_column(column: Option<&str>) -> bool {
    column.is_some_and(|c| c.eq_ignore_ascii_case("SET"))
}

/// True for the value column of an SPX dividend-yield file: `DIV_YIELD` or
/// `DIVIDEND_YIELD` (any case).
fn is_div_yield_column(column: Option<&str>) -> bool {
    column.is_some_and(|c| {
        c.eq_ignore_ascii_case("DIV_YIELD") || c.eq_ignore_ascii_case("DIVIDEND_YIELD")
    })
}

/// Preference among several SPX files: yfinance (longest recent history) over Stooq over
/// classic Yahoo. Lower is preferred.
pub fn spx_preference(format: Format) -> u8 {
    match format {
        Format::YfinanceOhlc => 0,
        Format::StooqOhlc => 1,
        Format::YahooOhlc => 2,
        _ => 3,
    }
}
