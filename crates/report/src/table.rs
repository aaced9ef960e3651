//! Generic CSV tables as the runner writes them: a header row, one record per line, the file
//! ending with a newline. Every error names the file, the line and the column.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{ReportError, Result};

/// A CSV file read fully into memory, with the line number of every record.
#[derive(Debug, Clone)]
pub struct Table {
    path: PathBuf,
    headers: Vec<String>,
    rows: Vec<csv::StringRecord>,
    lines: Vec<u64>,
}

impl Table {
    /// Read a required CSV file; `what` says what it holds, for the error when it is missing.
    ///
    /// # Errors
    /// [`ReportError::Missing`] when absent, [`ReportError::Csv`] when empty, truncated (last
    /// byte not a newline, a record with fewer fields than the header) or not UTF-8.
    pub fn read(path: &Path, what: &'static str) -> Result<Self> {
        Self::read_optional(path)?.ok_or_else(|| ReportError::Missing {
            path: path.to_path_buf(),
            what,
        })
    }

    /// Read a CSV file that may be absent (`Ok(None)`).
    ///
    /// # Errors
    /// As [`Table::read`], except for a missing file.
    pub fn read_optional(path: &Path) -> Result<Option<Self>> {
        read_bytes(path)?
            .map(|bytes| Self::parse(path, &bytes))
            .transpose()
    }

    /// Parse CSV bytes; `path` is only used in errors.
    ///
    /// # Errors
    /// As [`Table::read`].
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Self> {
        let mut rows = Vec::new();
        let mut lines = Vec::new();
        let mut headers = Vec::new();
        scan(path, bytes, |h| {
            headers = h.to_vec();
            Ok(|record: &csv::StringRecord, line| {
                rows.push(record.clone());
                lines.push(line);
                Ok(())
            })
        })?;
        Ok(Self {
            path: path.to_path_buf(),
            headers,
            rows,
            lines,
        })
    }

    /// The file this table was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Column names, in file order.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Number of records (header excluded).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when the file has a header and no record.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Index of a column, if present.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// Index of a column that must be present.
    ///
    /// # Errors
    /// [`ReportError::Column`] naming the file, the column and the header found.
    pub fn require(&self, name: &str) -> Result<usize> {
        self.col(name).ok_or_else(|| ReportError::Column {
            path: self.path.clone(),
            column: name.to_string(),
            header: self.headers.join(","),
        })
    }

    /// Raw text of a cell (trimmed).
    pub fn str(&self, row: usize, col: usize) -> &str {
        self.rows[row].get(col).unwrap_or("").trim()
    }

    /// 1-based line number of a record in the file.
    pub fn line(&self, row: usize) -> u64 {
        self.lines[row]
    }

    /// A numeric cell: empty, `NaN` and `null` read as NaN (missing).
    ///
    /// # Errors
    /// [`ReportError::Value`] naming file, line and column when the text is not a number.
    pub fn f64(&self, row: usize, col: usize) -> Result<f64> {
        let text = self.str(row, col);
        parse_f64(text).ok_or_else(|| self.value_error(row, col, "a number"))
    }

    /// A date cell `YYYY-MM-DD`.
    ///
    /// # Errors
    /// [`ReportError::Value`] naming file, line and column.
    pub fn date(&self, row: usize, col: usize) -> Result<NaiveDate> {
        let text = self.str(row, col);
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| self.value_error(row, col, "a date YYYY-MM-DD"))
    }

    /// A date cell `YYYY-MM-DD` or `MM/DD/YYYY` (Cboe's index history files).
    ///
    /// # Errors
    /// [`ReportError::Value`] naming file, line and column.
    pub fn date_iso_or_us(&self, row: usize, col: usize) -> Result<NaiveDate> {
        let text = self.str(row, col);
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(text, "%m/%d/%Y"))
            .map_err(|_| self.value_error(row, col, "a date YYYY-MM-DD or MM/DD/YYYY"))
    }

    /// True when every non-empty cell of the column parses as a number.
    pub fn is_numeric(&self, col: usize) -> bool {
        (0..self.rows.len()).all(|r| parse_f64(self.str(r, col)).is_some())
    }

    fn value_error(&self, row: usize, col: usize, expected: &'static str) -> ReportError {
        ReportError::Value {
            path: self.path.clone(),
            line: self.lines[row],
            column: self.headers.get(col).cloned().unwrap_or_default(),
            value: self.str(row, col).to_string(),
            expected,
        }
    }
}

/// Stream CSV bytes without keeping the records: `start(header)` returns the closure that
/// receives each `(record, line)`. `path` is only used in errors.
///
/// # Errors
/// Empty file, last byte not a newline (truncated), a record with a different number of fields
/// than the header, invalid UTF-8, or any error returned by `on_row`.
pub fn scan<F>(path: &Path, bytes: &[u8], start: impl FnOnce(&[String]) -> Result<F>) -> Result<()>
where
    F: FnMut(&csv::StringRecord, u64) -> Result<()>,
{
    let csv_err = |line: u64, message: String| ReportError::Csv {
        path: path.to_path_buf(),
        line,
        message,
    };
    if bytes.is_empty() {
        return Err(csv_err(0, "empty file (no header row)".into()));
    }
    if bytes.last() != Some(&b'\n') {
        let line = bytes.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        return Err(csv_err(
            line,
            "file does not end with a newline: truncated (the run was interrupted?)".into(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_err(1, e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut on_row = start(&headers)?;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(0, csv::Position::line);
                on_row(&record, line)?;
            }
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!(
                        "record has {len} fields, the header has {expected_len}: \
                         truncated or corrupt file"
                    ),
                    _ => e.to_string(),
                };
                return Err(csv_err(line, message));
            }
        }
    }
    Ok(())
}

/// Index of a required column in a streamed header.
///
/// # Errors
/// [`ReportError::Column`] naming the file, the column and the header.
pub fn column_index(path: &Path, headers: &[String], name: &str) -> Result<usize> {
    headers
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| ReportError::Column {
            path: path.to_path_buf(),
            column: name.to_string(),
            header: headers.join(","),
        })
}

/// Read a whole file; `Ok(None)` when it does not exist.
///
/// # Errors
/// [`ReportError::Io`] for any other failure.
pub fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ReportError::io(path, e)),
    }
}

/// Parse a number; empty, `NaN`, `nan`, `null` and `NA` mean missing (NaN).
pub fn parse_f64(text: &str) -> Option<f64> {
    match text {
        "" | "NaN" | "nan" | "null" | "NA" => Some(f64::NAN),
        t => t.parse::<f64>().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_line_without_newline_is_reported_as_truncated_on_line_3() {
        let err = Table::parse(Path::new("x.csv"), b"a,b\n1,2\n3,").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("x.csv:3:"), "{text}");
        assert!(text.contains("truncated"), "{text}");
    }

    #[test]
    fn short_record_names_its_line() {
        let err = Table::parse(Path::new("x.csv"), b"a,b\n1,2\n3\n").unwrap_err();
        assert!(err.to_string().starts_with("x.csv:3:"), "{err}");
    }

    #[test]
    fn cells_parse_with_nan_for_missing() {
        let t = Table::parse(Path::new("x.csv"), b"a,b\n1.5,\n2,NaN\n").unwrap();
        assert_eq!(t.f64(0, 0).unwrap(), 1.5);
        assert!(t.f64(0, 1).unwrap().is_nan());
        assert_eq!(t.line(1), 3);
        assert!(t.is_numeric(1));
    }
}
