//! The chain store: one directory per quote date (`date=YYYY-MM-DD/`, hive style) holding
//! one Parquet file per imported source (`<source-id>.parquet`), written through polars.
//!
//! A run reads only the partitions of the days it simulates (the directory names are the
//! index: no file outside the window is opened), each with polars' Parquet reader, into a
//! [`ChainBook`]. Columns: `root`, `underlying` (`SPX`/`VIX`), `expiry` (days since
//! 1970-01-01), `right` (`P`/`C`), `strike`, `bid`, `ask`, `underlying_price` (points),
//! `delta`, `iv` (NaN where the source has none).

use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::*;
use ringfence_data::chains::{ChainBook, ChainDay, ChainRow, Right, Underlying};

use crate::error::{Result, RunnerError};

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");

/// The partition directory of `date` under the store `dir`.
pub fn partition_dir(dir: &Path, date: NaiveDate) -> PathBuf {
    dir.join(format!("date={date}"))
}

fn table_err(path: &Path, e: impl std::fmt::Display) -> RunnerError {
    RunnerError::Table {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Write `rows` (one quote date) to `path` atomically (temporary sibling, then rename).
///
/// # Errors
/// [`RunnerError::Io`] or [`RunnerError::Table`] naming the file.
pub fn write_day(path: &Path, rows: &[ChainRow]) -> Result<()> {
    let s = |name: &str, v: Vec<String>| Column::new(name.into(), v);
    let f = |name: &str, g: &dyn Fn(&ChainRow) -> f64| {
        Column::new(name.into(), rows.iter().map(g).collect::<Vec<f64>>())
    };
    let columns = vec![
        s("root", rows.iter().map(|r| r.root.clone()).collect()),
        s(
            "underlying",
            rows.iter()
                .map(|r| match r.underlying {
                    Underlying::Spx => "SPX".to_string(),
                    Underlying::Vix => "VIX".to_string(),
                })
                .collect(),
        ),
        Column::new(
            "expiry".into(),
            rows.iter()
                .map(|r| (r.expiry - EPOCH).num_days())
                .collect::<Vec<i64>>(),
        ),
        s(
            "right",
            rows.iter().map(|r| r.right.letter().to_string()).collect(),
        ),
        f("strike", &|r| r.strike),
        f("bid", &|r| r.bid),
        f("ask", &|r| r.ask),
        f("underlying_price", &|r| r.underlying_price),
        f("delta", &|r| r.delta),
        f("iv", &|r| r.iv),
    ];
    let mut df = DataFrame::new(rows.len(), columns).map_err(|e| table_err(path, e))?;
    let tmp = crate::output::atomic::temp_path(path);
    let result = (|| {
        let file = File::create(&tmp).map_err(|e| RunnerError::io(&tmp, e))?;
        ParquetWriter::new(file)
            .finish(&mut df)
            .map_err(|e| table_err(path, e))?;
        std::fs::rename(&tmp, path).map_err(|e| RunnerError::io(path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Read the rows of one partition file of quote date `date`.
///
/// # Errors
/// [`RunnerError::Io`] when it cannot be opened; [`RunnerError::Corrupt`] when it is not a
/// chain partition (missing column, wrong type, bad value).
pub fn read_day(path: &Path, date: NaiveDate) -> Result<Vec<ChainRow>> {
    let file = File::open(path).map_err(|e| RunnerError::io(path, e))?;
    let corrupt = |e: &dyn std::fmt::Display| RunnerError::Corrupt {
        path: path.to_path_buf(),
        message: format!("not a chain partition: {e}"),
    };
    let df = ParquetReader::new(file).finish().map_err(|e| corrupt(&e))?;
    let col = |name: &str| df.column(name).map_err(|e| corrupt(&e));
    let strs = |name: &str| -> Result<Vec<String>> {
        Ok(col(name)?
            .str()
            .map_err(|e| corrupt(&e))?
            .iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect())
    };
    let nums = |name: &str| -> Result<Vec<f64>> {
        Ok(col(name)?
            .f64()
            .map_err(|e| corrupt(&e))?
            .iter()
            .map(|v| v.unwrap_or(f64::NAN))
            .collect())
    };
    let roots = strs("root")?;
    let underlyings = strs("underlying")?;
    let rights = strs("right")?;
    let expiries: Vec<i64> = col("expiry")?
        .i64()
        .map_err(|e| corrupt(&e))?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect();
    let (strike, bid, ask) = (nums("strike")?, nums("bid")?, nums("ask")?);
    let (under, delta, iv) = (nums("underlying_price")?, nums("delta")?, nums("iv")?);
    let mut rows = Vec::with_capacity(roots.len());
    for i in 0..roots.len() {
        let underlying = match underlyings[i].as_str() {
            "SPX" => Underlying::Spx,
            "VIX" => Underlying::Vix,
            other => return Err(corrupt(&format!("row {i}: underlying `{other}`"))),
        };
        let right = match rights[i].as_str() {
            "P" => Right::Put,
            "C" => Right::Call,
            other => return Err(corrupt(&format!("row {i}: right `{other}`"))),
        };
        rows.push(ChainRow {
            quote_date: date,
            expiry: EPOCH + chrono::Duration::days(expiries[i]),
            root: roots[i].clone(),
            underlying,
            symbol_matches: true,
            known_root: true,
            right,
            strike: strike[i],
            bid: bid[i],
            ask: ask[i],
            underlying_price: under[i],
            delta: delta[i],
            iv: iv[i],
        });
    }
    Ok(rows)
}

/// The quote dates the store `dir` holds, sorted.
///
/// # Errors
/// [`RunnerError::Io`] when the directory cannot be listed.
pub fn dates(dir: &Path) -> Result<Vec<NaiveDate>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| RunnerError::io(dir, e))? {
        let e = e.map_err(|e| RunnerError::io(dir, e))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(d) = name
            .strip_prefix("date=")
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            out.push(d);
        }
    }
    out.sort();
    Ok(out)
}

/// The rows of quote date `date` from every source file of its partition (sources in file
/// name order; a contract in several sources keeps the first).
///
/// # Errors
/// As [`read_day`].
pub fn read_partition(dir: &Path, date: NaiveDate) -> Result<Vec<ChainRow>> {
    let part = partition_dir(dir, date);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&part)
        .map_err(|e| RunnerError::io(&part, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
        .collect();
    files.sort();
    let mut rows = Vec::new();
    for f in files {
        rows.extend(read_day(&f, date)?);
    }
    Ok(rows)
}

/// Check that `dir` is a chain store: a directory with the importer's manifest.
///
/// # Errors
/// [`RunnerError::Usage`] (the `[data] chains` setting) when `dir` does not exist;
/// [`RunnerError::Corrupt`] when it is not a directory, has no `manifest.json` or an
/// unreadable one.
pub fn check_store(dir: &Path) -> Result<()> {
    let hint = "write one with `ringfence data import-chains FILE... --out DIR`";
    if !dir.exists() {
        return Err(RunnerError::Usage {
            option: "[data] chains".into(),
            message: format!("{}: no such chain store; {hint}", dir.display()),
        });
    }
    if !dir.is_dir() || !dir.join(super::import::MANIFEST).is_file() {
        return Err(RunnerError::Corrupt {
            path: dir.to_path_buf(),
            message: format!(
                "not a chain store (no directory with a {}); {hint}",
                super::import::MANIFEST
            ),
        });
    }
    super::import::read_manifest(dir).map(|_| ())
}

/// The [`ChainBook`] of the store `dir` for the quote dates in `[from, to]`, keeping
/// quotes that expire at most `max_dte` calendar days after their quote date (the
/// contracts a run can trade or hold). Only the partitions in the window are opened.
///
/// # Errors
/// As [`check_store`]; [`RunnerError::Io`] when `dir` cannot be listed; partition errors
/// as [`read_day`].
pub fn load_book(dir: &Path, from: NaiveDate, to: NaiveDate, max_dte: i64) -> Result<ChainBook> {
    check_store(dir)?;
    let mut days = Vec::new();
    for date in dates(dir)?.into_iter().filter(|d| (from..=to).contains(d)) {
        let mut rows = read_partition(dir, date)?;
        rows.retain(|r| (r.expiry - date).num_days() <= max_dte);
        days.push(ChainDay::from_rows(date, rows));
    }
    Ok(ChainBook::new(days))
}
