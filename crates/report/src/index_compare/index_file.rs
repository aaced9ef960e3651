//! A file of index levels (`month_end,PUT,BXM,...`): one date column, then one column of
//! levels per index. Month-end rows, or daily ones (Cboe's index history files,
//! `DATE,PUT` with `MM/DD/YYYY` dates), which are reduced to the last level of each calendar
//! month. Every error names the file, the line and the column.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::error::{ReportError, Result};
use crate::table::Table;

/// Names accepted for the date column (the first column), in any case.
const DATE_COLUMNS: [&str; 2] = ["month_end", "date"];

/// Month-end levels of one or more indices.
#[derive(Debug, Clone)]
pub struct IndexFile {
    /// The file read.
    pub path: PathBuf,
    /// Month-end dates, strictly increasing, one per calendar month: the file's last row of
    /// each month (a calendar or trading month-end; mid-month for a file that stops there).
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
    /// increase; [`ReportError::Value`] (file, line, column) for a date that is neither
    /// `YYYY-MM-DD` nor `MM/DD/YYYY` or a level that is not a positive number.
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
            .is_some_and(|h| DATE_COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(h)))
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
            let d = t.date_iso_or_us(r, 0)?;
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
            return Err(csv_err(1, "no rows of levels".into()));
        }
        let (dates, levels) = month_ends(&dates, &levels);
        Ok(Self {
            path: t.path().to_path_buf(),
            dates,
            names: headers[1..].to_vec(),
            levels,
        })
    }

    /// The file cut to the month-ends of the years `from..=to` and the one before them (the
    /// base level of the first month's return), so that a comparison covers those years
    /// only; `None` when no month-end lies in those years.
    pub fn within_years(&self, from: i32, to: i32) -> Option<IndexFile> {
        let first = self.dates.iter().position(|d| d.year() >= from)?;
        let end = self.dates.iter().rposition(|d| d.year() <= to)? + 1;
        if first >= end {
            return None;
        }
        let start = first.saturating_sub(1);
        Some(IndexFile {
            path: self.path.clone(),
            dates: self.dates[start..end].to_vec(),
            names: self.names.clone(),
            levels: self.levels.iter().map(|l| l[start..end].to_vec()).collect(),
        })
    }

    /// The levels of one index (NaN = no level that month).
    ///
    /// # Errors
    /// [`ReportError::Column`] naming the file and the header when the index is not in it.
    pub fn levels(&self, name: &str) -> Result<&[f64]> {
        self.names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))
            .map(|i| self.levels[i].as_slice())
            .ok_or_else(|| ReportError::Column {
                path: self.path.clone(),
                column: name.to_string(),
                header: format!(
                    "the date column, then the index columns {}{}",
                    self.names.join(","),
                    if DATE_COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(name)) {
                        format!("; `{name}` names the date column, not an index")
                    } else {
                        String::new()
                    }
                ),
            })
    }
}

/// The last row of each calendar month of `dates` (increasing), and each index's last level
/// in that month (NaN when it has none that month).
fn month_ends(dates: &[NaiveDate], levels: &[Vec<f64>]) -> (Vec<NaiveDate>, Vec<Vec<f64>>) {
    let month = |d: NaiveDate| (d.year(), d.month());
    let mut ends: Vec<NaiveDate> = Vec::new();
    let mut out: Vec<Vec<f64>> = vec![Vec::new(); levels.len()];
    for (r, &d) in dates.iter().enumerate() {
        let new_month = ends.last().is_none_or(|&e| month(e) != month(d));
        if new_month {
            ends.push(d);
            out.iter_mut().for_each(|col| col.push(f64::NAN));
        } else if let Some(e) = ends.last_mut() {
            *e = d;
        }
        for (col, src) in out.iter_mut().zip(levels) {
            if src[r].is_finite()
                && let Some(last) = col.last_mut()
            {
                *last = src[r];
            }
        }
    }
    (ends, out)
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
    fn a_cut_to_some_years_keeps_them_and_the_month_end_before() {
        let f = parse(
            "month_end,PUT\n2001-11-30,1\n2001-12-31,2\n2002-01-31,3\n2002-12-31,4\n\
             2003-01-31,5\n",
        )
        .unwrap();
        let cut = f.within_years(2002, 2002).unwrap();
        assert_eq!(cut.levels("PUT").unwrap(), [2.0, 3.0, 4.0]);
        assert_eq!(cut.dates.len(), 3);
        // From the file's first year there is no month-end before to keep.
        let cut = f.within_years(2001, 2001).unwrap();
        assert_eq!(cut.levels("PUT").unwrap(), [1.0, 2.0]);
        assert!(f.within_years(2004, 2009).is_none());
        assert!(f.within_years(1990, 2000).is_none());
    }

    #[test]
    fn daily_cboe_files_are_reduced_to_the_last_level_of_each_month() {
        // Cboe's own index history layout: `DATE`, US dates, one row per trading day; the
        // last row of a month may lack a level (the month's last one counts).
        let f = parse(
            "DATE,PUT\n12/28/2012,1000\n12/31/2012,1001.5\n01/02/2013,1003\n\
             01/30/2013,1010\n01/31/2013,\n02/01/2013,1012\n",
        )
        .unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(f.dates, [d("2012-12-31"), d("2013-01-31"), d("2013-02-01")]);
        assert_eq!(f.levels("put").unwrap(), [1001.5, 1010.0, 1012.0]);
        let e = parse("DATE,PUT\n13/31/2012,1\n").unwrap_err().to_string();
        assert!(e.contains("YYYY-MM-DD or MM/DD/YYYY"), "{e}");
    }

    #[test]
    fn unknown_index_names_the_file_and_the_header() {
        let f = parse("month_end,PUT\n1990-01-31,100\n").unwrap();
        let e = f.levels("CNDR").unwrap_err().to_string();
        assert!(
            e.contains("idx.csv")
                && e.contains("`CNDR`")
                && e.contains("the date column, then the index columns PUT"),
            "{e}"
        );
        let e = f.levels("month_end").unwrap_err().to_string();
        assert!(e.contains("`month_end` names the date column"), "{e}");
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
