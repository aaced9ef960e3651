//! A delimited text table read whole, its columns found by header name: the readers of the
//! real chain files share it.

use std::path::Path;

use chrono::NaiveDate;

use crate::error::{PricingError, Result};

/// A delimited text table read whole, its columns found by header name.
pub(crate) struct Table {
    pub(crate) path: String,
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    pub(crate) fn read(path: &Path, sep: char) -> Result<Table> {
        let p = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| PricingError::Io {
            path: p.clone(),
            message: e.to_string(),
        })?;
        let mut lines = text.lines().enumerate();
        let header = lines
            .next()
            .map(|(_, h)| h.split(sep).map(|s| s.trim().to_owned()).collect())
            .unwrap_or_default();
        let rows = lines
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, l.split(sep).map(|s| s.trim().to_owned()).collect()))
            .collect();
        Ok(Table {
            path: p,
            header,
            rows,
        })
    }

    pub(crate) fn col(&self, name: &str) -> Result<usize> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| self.err(1, name, "missing header column"))
    }

    pub(crate) fn err(&self, line: usize, column: &str, message: &str) -> PricingError {
        PricingError::Parse {
            path: self.path.clone(),
            line,
            column: column.to_owned(),
            message: message.to_owned(),
        }
    }

    pub(crate) fn field<'a>(
        &self,
        row: &'a (usize, Vec<String>),
        c: usize,
        name: &str,
    ) -> Result<&'a str> {
        row.1
            .get(c)
            .map(String::as_str)
            .ok_or_else(|| self.err(row.0 + 1, name, "missing field"))
    }

    pub(crate) fn number(&self, row: &(usize, Vec<String>), c: usize, name: &str) -> Result<f64> {
        let s = self.field(row, c, name)?;
        s.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| self.err(row.0 + 1, name, "not a finite number"))
    }

    pub(crate) fn date(
        &self,
        row: &(usize, Vec<String>),
        c: usize,
        name: &str,
    ) -> Result<NaiveDate> {
        let s = self.field(row, c, name)?;
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(s, "%m/%d/%Y"))
            .map_err(|_| self.err(row.0 + 1, name, "not a date (YYYY-MM-DD or MM/DD/YYYY)"))
    }
}
