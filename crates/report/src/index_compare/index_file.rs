//! A file of month-end index levels (`month_end,PUT,BXM,...`): one date column, then one
//! column of levels per index. Every error names the file, the line and the column.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{ReportError, Result};
use crate::table::Table;

/// Names accepted for the date column (the first column).
const DATE_COLUMNS: [&str; 2] = ["month_end", "date"];

/// Month-end levels of one or more indices.
#[derive(Debug, Clone)]
pub struct IndexFile {
    /// The file read.
    pub path: PathBuf,
    /// Month-end dates, strictly increasing (calendar or trading month-ends).
    pub dates: Vec<NaiveDate>,
    /// Index names (the header after the date column).
    pub names: Vec<String>,
    /// Levels per index, aligned with `dates`; NaN where the cell is empty (no level).
    levels: Vec<Vec<f64>>,
}

impl IndexFile {
    /// Read an index file.
    ///
    /// # Errors
    /// [`ReportError::Missing`] when absent; [`ReportError::Csv`] when empty, truncated, with
    /// no index column, a date column not named `month_end` or `date`, or dates that do not
    /// increase; [`ReportError::Value`] (file, line, column) for a date that is not
    /// `YYYY-MM-DD` or a level that is not a positive number.
    pub fn read(path: &Path) -> Result<Self> {
        let table = Table::read(path, "month-end index levels")?;
        Self::from_table(&table)
    }

    /// Parse the bytes of an index file; `path` is only used in errors.
    ///
    /// # Errors
    /// As [`IndexFile::read`].
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Self> {
        Self::from_table(&Table::parse(path, bytes)?)
    }

    fn from_table(t: &Table) -> Result<Self> {
        let csv_err = |line: u64, message: String| ReportError::Csv {
            path: t.path().to_path_buf(),
            line,
            message,
        };
        let headers = t.headers();
        if !headers
            .first()
            .is_some_and(|h| DATE_COLUMNS.contains(&h.as_str()))
        {
            return Err(csv_err(
                1,
                format!(
                    "the first column must be the month-end date, named `month_end` or `date` \
                     (header: {})",
                    headers.join(",")
                ),
            ));
        }
        if headers.len() < 2 {
            return Err(csv_err(1, "no index column after the date column".into()));
        }
        let mut dates: Vec<NaiveDate> = Vec::with_capacity(t.len());
        let mut levels = vec![Vec::with_capacity(t.len()); headers.len() - 1];
        for r in 0..t.len() {
            let d = t.date(r, 0)?;
            if let Some(&prev) = dates.last()
                && d <= prev
            {
                return Err(csv_err(
                    t.line(r),
                    format!("date {d} does not follow {prev}: dates must increase"),
                ));
            }
            dates.push(d);
            for (c, col) in levels.iter_mut().enumerate() {
                let v = t.f64(r, c + 1)?;
                let missing_or_positive = v.is_nan() || (v.is_finite() && v > 0.0);
                if !missing_or_positive {
                    return Err(ReportError::Value {
                        path: t.path().to_path_buf(),
                        line: t.line(r),
                        column: headers[c + 1].clone(),
                        value: t.str(r, c + 1).to_string(),
                        expected: "a positive index level",
                    });
                }
                col.push(v);
            }
        }
        if dates.is_empty() {
            return Err(csv_err(1, "no month-end rows".into()));
        }
        Ok(Self {
            path: t.path().to_path_buf(),
            dates,
            names: headers[1..].to_vec(),
            levels,
        })
    }

    /// The levels of one index (NaN = no level that month).
    ///
    /// # Errors
    /// [`ReportError::Column`] naming the file and the header when the index is not in it.
    pub fn levels(&self, name: &str) -> Result<&[f64]> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| self.levels[i].as_slice())
            .ok_or_else(|| ReportError::Column {
                path: self.path.clone(),
                column: name.to_string(),
                header: std::iter::once(DATE_COLUMNS[0])
                    .chain(self.names.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(","),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<IndexFile> {
        IndexFile::parse(Path::new("idx.csv"), text.as_bytes())
    }

    #[test]
    fn reads_levels_by_name_with_empty_cells_as_missing() {
        let f = parse("month_end,PUT,SPX\n1990-01-31,100,300\n1990-02-28,,310.5\n").unwrap();
        assert_eq!(f.names, ["PUT", "SPX"]);
        assert_eq!(f.levels("SPX").unwrap(), [300.0, 310.5]);
        assert!(f.levels("PUT").unwrap()[1].is_nan());
    }

    #[test]
    fn unknown_index_names_the_file_and_the_header() {
        let f = parse("month_end,PUT\n1990-01-31,100\n").unwrap();
        let e = f.levels("CNDR").unwrap_err().to_string();
        assert!(
            e.contains("idx.csv") && e.contains("`CNDR`") && e.contains("month_end,PUT"),
            "{e}"
        );
    }

    #[test]
    fn a_bad_level_names_file_line_and_column() {
        let e = parse("month_end,PUT,BXM\n1990-01-31,100,1\n1990-02-28,101,-3\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("idx.csv:3: column `BXM`"), "{e}");
        assert!(e.contains("positive"), "{e}");
        let e = parse("month_end,PUT\n1990-01-31,abc\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("idx.csv:2: column `PUT`"), "{e}");
    }

    #[test]
    fn bad_dates_and_headers_are_refused() {
        let e = parse("month_end,PUT\n31/01/1990,100\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("idx.csv:2: column `month_end`"), "{e}");
        let e = parse("month_end,PUT\n1990-02-28,1\n1990-01-31,1\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("idx.csv:3:") && e.contains("increase"), "{e}");
        let e = parse("when,PUT\n1990-01-31,1\n").unwrap_err().to_string();
        assert!(
            e.starts_with("idx.csv:1:") && e.contains("month_end"),
            "{e}"
        );
        let e = parse("month_end\n1990-01-31\n").unwrap_err().to_string();
        assert!(e.contains("no index column"), "{e}");
    }
}
