//! The chain layouts read, detected from the header, and a streaming row reader.
//!
//! Header fields are compared after trimming spaces, case-insensitively, and found by name
//! (column order does not matter). The delimiter is a tab when the header has one, a comma
//! otherwise.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::chains::{ChainRow, Right, Underlying};
use crate::{DataError, Result};

/// A chain file layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainFormat {
    /// Cboe DataShop end-of-day option quotes (`underlying_symbol,quote_date,root,
    /// expiration,strike,option_type,...,bid_eod,...,ask_eod,underlying_bid_eod,
    /// underlying_ask_eod,...`): ISO dates, `option_type` C/P, the end-of-day bid and ask,
    /// the underlying as the mid of its end-of-day bid and ask; no delta or IV.
    Datashop,
    /// The vendor layout of `SPX_YYYYMMDD_raw.csv` (`underlying,underlying_last,exchange,
    /// optionroot,type,expiration,quotedate,strike,last,net,bid,ask,volume,openinterest,
    /// impliedvol,delta,gamma`): dates `MM/DD/YYYY`, `type` call/put, the root the letters
    /// of `optionroot`, `impliedvol` 0 read as missing.
    Vendor,
    /// The tab-separated OTM extract (`quote_date,expiry,root,right,strike,bid,ask,
    /// underlying,delta,iv`): ISO dates, `right` P/C.
    OtmTsv,
}

impl ChainFormat {
    /// Every layout, for `--format` and error messages.
    pub const ALL: [ChainFormat; 3] = [
        ChainFormat::Datashop,
        ChainFormat::Vendor,
        ChainFormat::OtmTsv,
    ];

    /// Name used by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            ChainFormat::Datashop => "datashop",
            ChainFormat::Vendor => "vendor",
            ChainFormat::OtmTsv => "otm-tsv",
        }
    }

    /// The layout named `name` (`auto` is handled by the caller).
    pub fn from_name(name: &str) -> Option<ChainFormat> {
        ChainFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Columns this layout must have, in the names used by the file.
    fn required(self) -> &'static [&'static str] {
        match self {
            ChainFormat::Datashop => &[
                "underlying_symbol",
                "quote_date",
                "root",
                "expiration",
                "strike",
                "option_type",
                "bid_eod",
                "ask_eod",
                "underlying_bid_eod",
                "underlying_ask_eod",
            ],
            ChainFormat::Vendor => &[
                "underlying",
                "underlying_last",
                "optionroot",
                "type",
                "expiration",
                "quotedate",
                "strike",
                "bid",
                "ask",
                "impliedvol",
                "delta",
            ],
            ChainFormat::OtmTsv => &[
                "quote_date",
                "expiry",
                "root",
                "right",
                "strike",
                "bid",
                "ask",
                "underlying",
                "delta",
                "iv",
            ],
        }
    }

    fn delimiter(self) -> u8 {
        match self {
            ChainFormat::OtmTsv => b'\t',
            _ => b',',
        }
    }
}

fn norm(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase()
}

fn header_fields(line: &str) -> Vec<String> {
    let d = if line.contains('\t') { '\t' } else { ',' };
    line.trim_end_matches(['\r', '\n'])
        .split(d)
        .map(norm)
        .collect()
}

fn detect_fields(fields: &[String], tab: bool) -> Option<ChainFormat> {
    let has = |f: ChainFormat| f.required().iter().all(|c| fields.iter().any(|h| h == c));
    // Most specific first: DataShop's and the vendor's headers hold names the TSV uses.
    if has(ChainFormat::Datashop) {
        Some(ChainFormat::Datashop)
    } else if has(ChainFormat::Vendor) {
        Some(ChainFormat::Vendor)
    } else if tab && has(ChainFormat::OtmTsv) {
        Some(ChainFormat::OtmTsv)
    } else {
        None
    }
}

/// The layout of the chain file at `path`, from its header line.
///
/// # Errors
/// [`DataError::Io`] when the file cannot be read, [`DataError::File`] when the header is
/// none of [`ChainFormat::ALL`] (the message lists what each needs).
pub fn detect_chain_format(path: &Path) -> Result<ChainFormat> {
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut r = BufReader::new(File::open(path).map_err(io)?);
    let mut line = String::new();
    r.read_line(&mut line).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => DataError::File {
            path: path.to_path_buf(),
            message: "not UTF-8 text (is it a chain file?)".into(),
        },
        _ => io(e),
    })?;
    let fields = header_fields(&line);
    detect_fields(&fields, line.contains('\t')).ok_or_else(|| DataError::File {
        path: path.to_path_buf(),
        message: format!(
            "not a chain layout this reader knows (header `{}`); accepted: {}",
            line.trim_end().chars().take(120).collect::<String>(),
            ChainFormat::ALL
                .iter()
                .map(|f| format!("{} ({})", f.name(), f.required().join(",")))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    })
}

/// Column positions of one layout in one file.
#[derive(Debug, Clone)]
struct Columns {
    idx: Vec<usize>,
}

/// A streaming reader of one chain file: one row in memory at a time.
#[derive(Debug)]
pub struct ChainReader {
    path: PathBuf,
    format: ChainFormat,
    cols: Columns,
    names: &'static [&'static str],
    reader: csv::Reader<BufReader<File>>,
    record: csv::StringRecord,
}

impl ChainReader {
    /// Open `path` as `format` (`None`: detect from the header).
    ///
    /// # Errors
    /// [`DataError::Io`] when the file cannot be read; [`DataError::File`] when its header
    /// is not the layout (or no known layout).
    pub fn open(path: &Path, format: Option<ChainFormat>) -> Result<ChainReader> {
        let detected = detect_chain_format(path);
        let format = match (format, detected) {
            (None, d) => d?,
            (Some(f), Ok(d)) if f == d => f,
            (Some(f), Ok(d)) => {
                return Err(DataError::File {
                    path: path.to_path_buf(),
                    message: format!(
                        "--format {} given but the header is the {} layout",
                        f.name(),
                        d.name()
                    ),
                });
            }
            (Some(_), Err(e)) => return Err(e),
        };
        let file = File::open(path).map_err(|source| DataError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(format.delimiter())
            .has_headers(true)
            .flexible(false)
            .from_reader(BufReader::new(file));
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .map(norm)
            .collect();
        let names = format.required();
        let idx = names
            .iter()
            .map(|c| header.iter().position(|h| h == c).unwrap_or(usize::MAX))
            .collect();
        Ok(ChainReader {
            path: path.to_path_buf(),
            format,
            cols: Columns { idx },
            names,
            reader,
            record: csv::StringRecord::new(),
        })
    }

    /// The layout being read.
    pub fn format(&self) -> ChainFormat {
        self.format
    }

    /// Bytes read so far (for a progress bar).
    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The next row and its 1-based line number; `None` at the end of the file.
    ///
    /// # Errors
    /// [`DataError::Parse`] naming the line and column of a value that is not a date, a
    /// number, a right or a root; [`DataError::Io`] on a read error.
    pub fn next_row(&mut self) -> Result<Option<(usize, ChainRow)>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => return Err(csv_error(&self.path, e)),
        }
        let line = self.record.position().map_or(0, |p| p.line() as usize);
        let row = self.parse(line)?;
        Ok(Some((line, row)))
    }

    fn field(&self, i: usize) -> &str {
        self.record.get(self.cols.idx[i]).unwrap_or("").trim()
    }

    fn err(&self, line: usize, i: usize, message: String) -> DataError {
        DataError::Parse {
            path: self.path.clone(),
            line,
            column: self.names[i].to_string(),
            message,
        }
    }

    fn num(&self, line: usize, i: usize) -> Result<f64> {
        let s = self.field(i);
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(self.err(line, i, format!("`{s}` is not a finite number"))),
        }
    }

    fn opt_num(&self, line: usize, i: usize) -> Result<f64> {
        let s = self.field(i);
        if s.is_empty() {
            return Ok(f64::NAN);
        }
        self.num(line, i)
    }

    fn date(&self, line: usize, i: usize, us: bool) -> Result<NaiveDate> {
        let s = self.field(i);
        let (fmt, shape) = if us {
            ("%m/%d/%Y", "MM/DD/YYYY")
        } else {
            ("%Y-%m-%d", "YYYY-MM-DD")
        };
        NaiveDate::parse_from_str(s, fmt)
            .map_err(|_| self.err(line, i, format!("`{s}` is not a date {shape}")))
    }

    fn right(&self, line: usize, i: usize) -> Result<Right> {
        let s = self.field(i);
        match s.to_ascii_lowercase().as_str() {
            "p" | "put" => Ok(Right::Put),
            "c" | "call" => Ok(Right::Call),
            _ => Err(self.err(line, i, format!("`{s}` is not a right (P/C, put/call)"))),
        }
    }

    /// The root, its underlying (the symbol's for a root this reader does not know, SPX
    /// when neither is known) and whether the root is known.
    fn root(
        &self,
        line: usize,
        i: usize,
        s: &str,
        sym: &str,
    ) -> Result<(String, Underlying, bool)> {
        let root = s.to_ascii_uppercase();
        if root.is_empty() {
            return Err(self.err(line, i, "empty option root".into()));
        }
        Ok(match Underlying::of_root(&root) {
            Some(u) => (root, u, true),
            None => (root, symbol(sym).unwrap_or(Underlying::Spx), false),
        })
    }

    fn parse(&self, line: usize) -> Result<ChainRow> {
        match self.format {
            ChainFormat::OtmTsv => {
                let (root, underlying, known_root) = self.root(line, 2, self.field(2), "")?;
                Ok(ChainRow {
                    known_root,
                    symbol_matches: true,
                    quote_date: self.date(line, 0, false)?,
                    expiry: self.date(line, 1, false)?,
                    root,
                    underlying,
                    right: self.right(line, 3)?,
                    strike: self.num(line, 4)?,
                    bid: self.num(line, 5)?,
                    ask: self.num(line, 6)?,
                    underlying_price: self.num(line, 7)?,
                    delta: self.opt_num(line, 8)?,
                    iv: positive_or_nan(self.opt_num(line, 9)?),
                })
            }
            ChainFormat::Vendor => {
                let letters: String = self
                    .field(2)
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                let (root, underlying, known_root) = self.root(line, 2, &letters, self.field(0))?;
                Ok(ChainRow {
                    known_root,
                    symbol_matches: symbol(self.field(0)) == Some(underlying),
                    underlying,
                    quote_date: self.date(line, 5, true)?,
                    expiry: self.date(line, 4, true)?,
                    root,
                    right: self.right(line, 3)?,
                    strike: self.num(line, 6)?,
                    bid: self.num(line, 7)?,
                    ask: self.num(line, 8)?,
                    underlying_price: self.num(line, 1)?,
                    delta: self.opt_num(line, 10)?,
                    iv: positive_or_nan(self.opt_num(line, 9)?),
                })
            }
            ChainFormat::Datashop => {
                let (root, underlying, known_root) =
                    self.root(line, 2, self.field(2), self.field(0))?;
                let (ub, ua) = (self.num(line, 8)?, self.num(line, 9)?);
                Ok(ChainRow {
                    known_root,
                    symbol_matches: symbol(self.field(0)) == Some(underlying),
                    underlying,
                    quote_date: self.date(line, 1, false)?,
                    expiry: self.date(line, 3, false)?,
                    root,
                    right: self.right(line, 5)?,
                    strike: self.num(line, 4)?,
                    bid: self.num(line, 6)?,
                    ask: self.num(line, 7)?,
                    underlying_price: 0.5 * (ub + ua),
                    delta: f64::NAN,
                    iv: f64::NAN,
                })
            }
        }
    }
}

/// The underlying named by a symbol column (`^SPX`, `SPX`, `^VIX`, `VIX`).
fn symbol(s: &str) -> Option<Underlying> {
    match s.trim_start_matches('^').to_ascii_uppercase().as_str() {
        "SPX" | "SPXW" | "GSPC" => Some(Underlying::Spx),
        "VIX" => Some(Underlying::Vix),
        _ => None,
    }
}

fn positive_or_nan(v: f64) -> f64 {
    if v > 0.0 { v } else { f64::NAN }
}

fn csv_error(path: &Path, e: csv::Error) -> DataError {
    let line = e.position().map_or(0, |p| p.line() as usize);
    match e.into_kind() {
        csv::ErrorKind::Io(source) => DataError::Io {
            path: path.to_path_buf(),
            source,
        },
        csv::ErrorKind::Utf8 { .. } => DataError::Parse {
            path: path.to_path_buf(),
            line,
            column: "-".into(),
            message: "not UTF-8 text".into(),
        },
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => DataError::Parse {
            path: path.to_path_buf(),
            line,
            column: "-".into(),
            message: format!("{len} fields where the header has {expected_len}"),
        },
        other => DataError::File {
            path: path.to_path_buf(),
            message: format!("cannot read as CSV: {other:?}"),
        },
    }
}
