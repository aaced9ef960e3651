//! A delimited text table read whole, its columns found by header name: the readers of the
//! real chain files share it.

use std::path::Path;

use chrono::NaiveDate;

use crate::error::{PricingError, Result};

/// One data row: its 1-based line number in the file and its trimmed fields.
pub(crate) type Row = (usize, Vec<String>);

/// A delimited text table read whole, its columns found by header name.
pub(crate) struct Table {
    pub(crate) path: String,
    pub(crate) header: Vec<String>,
    /// The non-blank data rows, each with its 1-based line number in the file.
    pub(crate) rows: Vec<Row>,
}

impl Table {
    /// Read `path`: the first line is the header, every later non-blank line a row.
    ///
    /// # Errors
    /// [`PricingError::Io`] when the file cannot be read; [`PricingError::NothingToUse`]
    /// when it is empty or has no data row after the header.
    pub(crate) fn read(path: &Path, sep: char) -> Result<Table> {
        let p = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| PricingError::Io {
            path: p.clone(),
            message: e.to_string(),
        })?;
        let nothing = |message: &str| PricingError::NothingToUse {
            path: p.clone(),
            message: message.to_owned(),
        };
        if text.trim().is_empty() {
            return Err(nothing(
                "empty file; expected a header line naming the columns, then one row per quote",
            ));
        }
        let split = |l: &str| l.split(sep).map(|s| s.trim().to_owned()).collect();
        let mut lines = text.lines().enumerate();
        let header = lines.next().map(|(_, h)| split(h)).unwrap_or_default();
        let rows: Vec<Row> = lines
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, split(l)))
            .collect();
        if rows.is_empty() {
            return Err(nothing(
                "no data rows after the header on line 1; expected one row per quote",
            ));
        }
        Ok(Table {
            path: p,
            header,
            rows,
        })
    }

    pub(crate) fn col(&self, name: &str) -> Result<usize> {
        self.header.iter().position(|h| h == name).ok_or_else(|| {
            self.err(
                1,
                name,
                format!(
                    "missing header column (the header has {})",
                    self.header.join(", ")
                ),
            )
        })
    }

    /// A parse error at 1-based `line` (a row's own number, as stored in [`Table::rows`]).
    pub(crate) fn err(
        &self,
        line: usize,
        column: &str,
        message: impl Into<String>,
    ) -> PricingError {
        PricingError::Parse {
            path: self.path.clone(),
            line,
            column: column.to_owned(),
            message: message.into(),
        }
    }

    pub(crate) fn field<'a>(&self, row: &'a Row, c: usize, name: &str) -> Result<&'a str> {
        row.1.get(c).map(String::as_str).ok_or_else(|| {
            self.err(
                row.0,
                name,
                format!(
                    "missing field: the row has {} fields, the header {}",
                    row.1.len(),
                    self.header.len()
                ),
            )
        })
    }

    pub(crate) fn number(&self, row: &Row, c: usize, name: &str) -> Result<f64> {
        let s = self.field(row, c, name)?;
        s.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                self.err(
                    row.0,
                    name,
                    format!(
                        "`{s}` is not a finite number; accepted: a decimal number such as 1.25"
                    ),
                )
            })
    }

    pub(crate) fn date(&self, row: &Row, c: usize, name: &str) -> Result<NaiveDate> {
        let s = self.field(row, c, name)?;
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(s, "%m/%d/%Y"))
            .map_err(|_| {
                self.err(
                    row.0,
                    name,
                    format!("`{s}` is not a date; accepted: YYYY-MM-DD or MM/DD/YYYY"),
                )
            })
    }
}
