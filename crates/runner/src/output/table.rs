//! Column-wise tables built row by row, written with polars (CSV and Parquet).
//!
//! Rows arrive as `(name, Cell)` lists; a column appears at its first non-missing use and
//! is back-filled with nulls. At write time each column gets the narrowest type holding all
//! its cells: integers (Int64), numbers (Float64), booleans, else text (dates are
//! `YYYY-MM-DD` text: polars 0.55's CSV writer does not build with `dtype-date` alone, and
//! `dtype-datetime` would add the whole temporal stack to the build).

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;

use polars::prelude::*;

use crate::cells::Cell;
use crate::error::{Result, RunnerError};

/// A table under construction.
#[derive(Debug, Default)]
pub struct Table {
    names: Vec<String>,
    index: HashMap<String, usize>,
    cols: Vec<Vec<Cell>>,
    rows: usize,
}

impl Table {
    /// An empty table with these columns (so an empty result still has its header).
    pub fn with_columns(names: &[&str]) -> Table {
        let mut t = Table::default();
        for n in names {
            t.index.insert((*n).to_string(), t.cols.len());
            t.names.push((*n).to_string());
            t.cols.push(Vec::new());
        }
        t
    }

    /// Append a row; unknown names add columns.
    pub fn push_row(&mut self, row: Vec<(String, Cell)>) {
        for (name, cell) in row {
            let k = match self.index.get(&name) {
                Some(&k) => k,
                None => {
                    let k = self.cols.len();
                    self.index.insert(name.clone(), k);
                    self.names.push(name);
                    self.cols.push(vec![Cell::Null; self.rows]);
                    k
                }
            };
            if self.cols[k].len() == self.rows {
                self.cols[k].push(cell);
            } else {
                // Same name twice in one row: the last value wins.
                if let Some(last) = self.cols[k].last_mut() {
                    *last = cell;
                }
            }
        }
        self.rows += 1;
        for c in &mut self.cols {
            if c.len() < self.rows {
                c.push(Cell::Null);
            }
        }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Move the columns whose name starts with `prefix` to the end, sorted by name.
    pub fn sort_suffix_columns(&mut self, prefix: &str) {
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        order.sort_by(|&a, &b| {
            let (pa, pb) = (
                self.names[a].starts_with(prefix),
                self.names[b].starts_with(prefix),
            );
            match (pa, pb) {
                (false, false) => a.cmp(&b),
                (true, true) => self.names[a].cmp(&self.names[b]),
                (false, true) => std::cmp::Ordering::Less,
                (true, false) => std::cmp::Ordering::Greater,
            }
        });
        let mut names = Vec::with_capacity(order.len());
        let mut cols = Vec::with_capacity(order.len());
        let mut old_cols: Vec<Option<Vec<Cell>>> = self.cols.drain(..).map(Some).collect();
        for k in order {
            names.push(self.names[k].clone());
            cols.push(old_cols[k].take().unwrap_or_default());
        }
        self.index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        self.names = names;
        self.cols = cols;
    }

    /// Build the polars frame.
    ///
    /// # Errors
    /// A polars error message.
    pub fn to_frame(&self) -> std::result::Result<DataFrame, String> {
        let columns: Vec<Column> = self
            .names
            .iter()
            .zip(&self.cols)
            .map(|(n, c)| to_column(n, c))
            .collect::<std::result::Result<_, _>>()?;
        DataFrame::new(self.rows, columns).map_err(|e| e.to_string())
    }

    /// Write CSV (header, `\n` line ends, plain decimals) atomically.
    ///
    /// # Errors
    /// [`RunnerError::Table`] / [`RunnerError::Io`].
    pub fn write_csv(&self, path: &Path) -> Result<()> {
        let mut df = self.to_frame().map_err(|m| table_err(path, m))?;
        let mut err = None;
        super::atomic::write_with(path, |w| {
            CsvWriter::new(w)
                .include_header(true)
                .with_float_scientific(Some(false))
                .finish(&mut df)
                .map_err(|e| {
                    err = Some(e.to_string());
                    std::io::Error::other("polars csv writer failed")
                })
        })
        .map_err(|e| match err.take() {
            Some(m) => table_err(path, m),
            None => e,
        })
    }

    /// Write Parquet atomically.
    ///
    /// # Errors
    /// [`RunnerError::Table`] / [`RunnerError::Io`].
    pub fn write_parquet(&self, path: &Path) -> Result<()> {
        let mut df = self.to_frame().map_err(|m| table_err(path, m))?;
        let tmp = super::atomic::temp_path(path);
        let result = (|| {
            let f = File::create(&tmp).map_err(|e| RunnerError::io(&tmp, e))?;
            ParquetWriter::new(f)
                .finish(&mut df)
                .map_err(|e| table_err(path, e.to_string()))?;
            std::fs::rename(&tmp, path).map_err(|e| RunnerError::io(path, e))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

fn table_err(path: &Path, message: String) -> RunnerError {
    RunnerError::Table {
        path: path.to_path_buf(),
        message,
    }
}

fn to_column(name: &str, cells: &[Cell]) -> std::result::Result<Column, String> {
    let name = PlSmallStr::from(name);
    let present = || cells.iter().filter(|c| !matches!(c, Cell::Null));
    let all_int = present().all(|c| match c {
        Cell::I64(_) => true,
        Cell::U64(u) => i64::try_from(*u).is_ok(),
        _ => false,
    });
    if all_int {
        let v: Vec<Option<i64>> = cells
            .iter()
            .map(|c| match c {
                Cell::I64(i) => Some(*i),
                Cell::U64(u) => i64::try_from(*u).ok(),
                _ => None,
            })
            .collect();
        return Ok(Column::new(name, v));
    }
    if present().all(|c| matches!(c, Cell::I64(_) | Cell::U64(_) | Cell::F64(_))) {
        let v: Vec<Option<f64>> = cells.iter().map(Cell::as_f64).collect();
        return Ok(Column::new(name, v));
    }
    if present().all(|c| matches!(c, Cell::Bool(_))) {
        let v: Vec<Option<bool>> = cells
            .iter()
            .map(|c| match c {
                Cell::Bool(b) => Some(*b),
                _ => None,
            })
            .collect();
        return Ok(Column::new(name, v));
    }
    let v: Vec<Option<String>> = cells
        .iter()
        .map(|c| match c {
            Cell::Null => None,
            other => Some(other.to_text()),
        })
        .collect();
    Ok(Column::new(name, v))
}
