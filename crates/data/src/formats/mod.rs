//! Every publisher format of the data set: [`detect`] tells the format from a file's header,
//! and one reader module per family parses it: [`index`] (Cboe index files, Stooq / Yahoo /
//! yfinance SPX, FRED), [`vx`] (CFE legacy and Cboe current per-contract VX files) and
//! [`continuous`] (Quandl continuous VX, VX1-VX8).
//!
//! [`read_file`] reads a file, detects its format ([`detect`]) and returns a
//! [`ParsedFile`]: the rows as columns plus a [`Finding`] for every quirk handled on purpose.
//! Readers keep rows in file order except where a format is documented as newest-first
//! (reversed, and reported); ordering and duplicates are judged by [`crate::check::file`].

pub mod continuous;
pub mod detect;
pub(crate) mod fields;
pub mod index;
pub mod vx;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::finding::{Finding, Severity};
use crate::{DataError, Result};
pub use detect::{Format, detect_bytes};
use detect::{Prepared, prepare, unknown_header};
use fields::{Ctx, WalkStats};

/// Daily OHLC rows of an index, in index points, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OhlcTable {
    /// Row dates.
    pub dates: Vec<NaiveDate>,
    /// 1-based physical line of each row.
    pub lines: Vec<u32>,
    /// Open; NaN where the file has no value.
    pub open: Vec<f64>,
    /// High; NaN where the file has no value.
    pub high: Vec<f64>,
    /// Low; NaN where the file has no value.
    pub low: Vec<f64>,
    /// Close.
    pub close: Vec<f64>,
    /// Volume in the publisher's units, when the format has one.
    pub volume: Option<Vec<f64>>,
}

/// One value per row (Cboe single-value index files, FRED series), in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValueTable {
    /// Column name from the header (`VVIX`, `SKEW`, `DTB3`).
    pub name: String,
    /// Row dates.
    pub dates: Vec<NaiveDate>,
    /// 1-based physical line of each row.
    pub lines: Vec<u32>,
    /// Values; NaN where the file marks the value missing.
    pub values: Vec<f64>,
}

/// Daily rows of one monthly VX futures contract, prices in VIX points (rows quoted on the
/// old 10x scale already divided by 10).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContractTable {
    /// Contract month (year, month 1-12).
    pub month: (i32, u32),
    /// The contract label as written in the file (`F (Jan 08)`, `2026-04-15`).
    pub label: String,
    /// Why the contract month differs from the label, when the reader relabelled the block.
    pub relabelled: Option<String>,
    /// Row dates.
    pub dates: Vec<NaiveDate>,
    /// 1-based physical line of each row.
    pub lines: Vec<u32>,
    /// Open (0 on no-trade rows).
    pub open: Vec<f64>,
    /// High.
    pub high: Vec<f64>,
    /// Low.
    pub low: Vec<f64>,
    /// Close (0 on no-trade rows).
    pub close: Vec<f64>,
    /// Daily settlement price; NaN where the file has none (a settle of 0).
    pub settle: Vec<f64>,
    /// Total volume, contracts.
    pub volume: Vec<f64>,
}

/// Named numeric columns by date (continuous futures files), ascending after any documented
/// reversal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnTable {
    /// Row dates.
    pub dates: Vec<NaiveDate>,
    /// 1-based physical line of each row.
    pub lines: Vec<u32>,
    /// (column name, values); VX prices in VIX points after the 10x rescale.
    pub columns: Vec<(String, Vec<f64>)>,
}

impl ColumnTable {
    /// Values of the column named `name`.
    pub fn column(&self, name: &str) -> Option<&[f64]> {
        self.columns
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }
}

/// Parsed content of a file.
#[derive(Debug, Clone, PartialEq)]
pub enum FileData {
    /// Index OHLC (Cboe, Stooq, Yahoo, yfinance).
    Ohlc(OhlcTable),
    /// One value per date (Cboe single-value, FRED).
    Values(ValueTable),
    /// VX futures, one table per contract.
    Contracts(Vec<ContractTable>),
    /// Continuous futures and term-structure files.
    Columns(ColumnTable),
    /// A recognised format this crate does not read (smile calibration points).
    NotRead,
}

/// A file read and parsed, before validation and alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFile {
    /// Path as given.
    pub path: PathBuf,
    /// Detected format.
    pub format: Format,
    /// SHA-256 of the file bytes, lowercase hex.
    pub sha256: String,
    /// Data rows read (header, disclaimer and blank lines excluded).
    pub rows: usize,
    /// Quirks handled while reading (info/warning findings).
    pub findings: Vec<Finding>,
    /// The rows.
    pub data: FileData,
}

impl ParsedFile {
    /// Dates of every row of every table, in file order.
    pub fn all_dates(&self) -> Vec<NaiveDate> {
        match &self.data {
            FileData::Ohlc(t) => t.dates.clone(),
            FileData::Values(t) => t.dates.clone(),
            FileData::Contracts(cs) => cs.iter().flat_map(|c| c.dates.iter().copied()).collect(),
            FileData::Columns(t) => t.dates.clone(),
            FileData::NotRead => Vec::new(),
        }
    }

    /// Earliest and latest date in the file.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let dates = self.all_dates();
        Some((*dates.iter().min()?, *dates.iter().max()?))
    }
}

/// Largest data file the loaders accept by default, in bytes (256 MiB; the biggest real
/// file, the SPX history since 1789, is under 10 MiB). Set another limit with
/// [`crate::LoadOptions::max_file_bytes`] or [`read_file_limited`].
pub const DEFAULT_MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Read, detect and parse one file of at most [`DEFAULT_MAX_FILE_BYTES`].
///
/// # Errors
/// As [`read_file_limited`].
pub fn read_file(path: &Path) -> Result<ParsedFile> {
    read_file_limited(path, DEFAULT_MAX_FILE_BYTES)
}

/// Read, detect and parse one file, refusing it before reading when it is larger than
/// `max_bytes` or is not a regular file (a device, FIFO or directory).
///
/// # Errors
/// [`DataError::Io`] when the file cannot be opened or read; [`DataError::File`] when it is
/// not a regular file or holds more than `max_bytes` bytes; otherwise as [`parse_bytes`].
pub fn read_file_limited(path: &Path, max_bytes: u64) -> Result<ParsedFile> {
    let bytes = read_bytes_limited(path, max_bytes)?;
    parse_bytes(path, &bytes)
}

/// The bytes of a regular file of at most `max_bytes`, checked before reading it whole.
fn read_bytes_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file_err = |message: String| DataError::File {
        path: path.to_path_buf(),
        message,
    };
    // Checked before opening: opening a FIFO for reading blocks until a writer appears.
    regular_file(path)?;
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    let too_big = |size: String| {
        file_err(format!(
            "file is {size}, larger than the maximum of {} accepted by the loaders; check it is the right file, or raise the limit ([data] max_file_bytes in a run config)",
            show_size(max_bytes)
        ))
    };
    if meta.len() > max_bytes {
        return Err(too_big(show_size(meta.len())));
    }
    // The file may grow while it is read: never read more than the limit plus one byte.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big(format!("over {}", show_size(max_bytes))));
    }
    Ok(bytes)
}

/// Check that `path` is a regular file (following symlinks) without opening it.
///
/// # Errors
/// [`DataError::Io`] when `path` cannot be examined; [`DataError::File`] when it is a
/// directory, device, FIFO or socket.
pub(crate) fn regular_file(path: &Path) -> Result<std::fs::Metadata> {
    let meta = std::fs::metadata(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_file() {
        return Ok(meta);
    }
    Err(DataError::File {
        path: path.to_path_buf(),
        message: format!(
            "not a regular file ({}); expected a CSV file",
            if meta.is_dir() {
                "a directory"
            } else {
                "a device, FIFO or socket"
            }
        ),
    })
}

/// `268435456 bytes (256.0 MiB)`.
fn show_size(bytes: u64) -> String {
    format!(
        "{bytes} bytes ({:.1} MiB)",
        bytes as f64 / (1024.0 * 1024.0)
    )
}

/// Detect the format of `bytes` and parse them; `path` is used for messages only.
///
/// # Errors
/// [`DataError::File`] for binary, non-UTF-8 or empty content and files without data rows;
/// [`DataError::Parse`] for an unknown header, a row with the wrong number of fields, or an
/// unparsable date or number (naming the line and column and what is accepted).
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<ParsedFile> {
    let prep = prepare(path, bytes)?;
    let format =
        Format::detect(&prep.header, prep.first_data).ok_or_else(|| unknown_header(path, &prep))?;
    let ctx = Ctx {
        path,
        header: &prep.header,
    };
    let mut findings = Vec::new();
    let (data, stats) = match format {
        Format::CboeIndexOhlc | Format::StooqOhlc | Format::YahooOhlc | Format::YfinanceOhlc => {
            let (t, s) = index::read_ohlc(ctx, &prep, format, &mut findings)?;
            (FileData::Ohlc(t), s)
        }
        Format::CboeIndexClose | Format::FredSeries => {
            let (t, s) = index::read_values(ctx, &prep, format, &mut findings)?;
            (FileData::Values(t), s)
        }
        Format::CfeLegacyVx => {
            let (t, s) = vx::read_legacy(ctx, &prep, &mut findings)?;
            (FileData::Contracts(vec![t]), s)
        }
        Format::CboeVxContracts => {
            let (t, s) = vx::read_contracts(ctx, &prep, &mut findings)?;
            (FileData::Contracts(t), s)
        }
        Format::QuandlVxContinuous => {
            let (t, s) = continuous::read_quandl(ctx, &prep, &mut findings)?;
            (FileData::Columns(t), s)
        }
        Format::VxTermStructure => {
            let (t, s) = continuous::read_term_structure(ctx, &prep, &mut findings)?;
            (FileData::Columns(t), s)
        }
        Format::SmileCalibration => {
            findings.push(Finding::new(
                Severity::Info,
                "not_read",
                0,
                "SPX smile calibration points: recognised, read by the pricing crate, not by the data loader",
            ));
            (FileData::NotRead, WalkStats::default())
        }
    };
    if format != Format::SmileCalibration && stats.rows == 0 {
        return Err(DataError::File {
            path: path.to_path_buf(),
            message: format!(
                "no data rows after the header on line {}; expected rows of {}",
                prep.header_line,
                format.accepted_header()
            ),
        });
    }
    let mut all = text_findings(&prep, &stats);
    all.append(&mut findings);
    Ok(ParsedFile {
        path: path.to_path_buf(),
        format,
        sha256: sha256_hex(bytes),
        rows: stats.rows,
        findings: all,
        data,
    })
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Findings about the text itself (BOM, disclaimer, line endings, blank lines, commas).
fn text_findings(prep: &Prepared<'_>, stats: &WalkStats) -> Vec<Finding> {
    let mut out = Vec::new();
    if prep.bom {
        out.push(Finding::new(
            Severity::Warning,
            "utf8_bom",
            1,
            "file starts with a UTF-8 byte-order mark (skipped); publishers' files have none, re-save without BOM",
        ));
    }
    if prep.disclaimer {
        out.push(Finding::new(
            Severity::Info,
            "disclaimer_skipped",
            1,
            "CFE disclaimer line before the header skipped",
        ));
    }
    if prep.crlf {
        out.push(Finding::new(Severity::Info, "crlf", 1, "CRLF line endings"));
    }
    if !prep.final_newline {
        out.push(Finding::new(
            Severity::Info,
            "no_final_newline",
            1,
            "no line break after the last row",
        ));
    }
    if stats.blank_lines > 0 {
        out.push(Finding::new(
            Severity::Info,
            "blank_lines",
            stats.blank_lines,
            format!("{} blank line(s) skipped", stats.blank_lines),
        ));
    }
    if stats.trailing_comma_rows > 0 {
        out.push(Finding::new(
            Severity::Info,
            "trailing_comma",
            stats.trailing_comma_rows,
            format!(
                "{} rows end with an extra comma (empty 12th field ignored)",
                stats.trailing_comma_rows
            ),
        ));
    }
    out
}
