//! A run against published month-end index levels (the Cboe strategy indices): month-end
//! returns of the run's total equity matched to the index's month-ends, tracking error,
//! correlation, annual returns side by side, the worst months, and a cumulative chart.
//! `ringfence compare-index` is its command.
//!
//! - [`index_file`]: the file of month-end levels, read with errors naming file, line and
//!   column;
//! - [`monthly`]: the alignment (the run's last trading day on or before each index
//!   month-end) and the monthly returns;
//! - [`stats`]: the figures.

pub mod index_file;
pub mod monthly;
pub mod stats;

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ringfence_schema::run_dir;

pub use index_file::IndexFile;
pub use monthly::{MonthEnd, MonthlyReturn};
pub use stats::{AnnualRow, MoveBucket, Regression, Side, Summary};

use crate::daily::Daily;
use crate::error::{ReportError, Result};
use crate::meta::RunMeta;
use crate::output::write_atomic;
use crate::scenario::Scenarios;

/// Fewest monthly returns in common that a comparison is made on.
pub const MIN_MONTHS: usize = 12;

/// Worst months listed per side.
pub const WORST_MONTHS: usize = 5;

/// One scenario of a run compared with one index.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Index name (a column of the index file).
    pub index: String,
    /// Scenario id (the stem of its daily file).
    pub scenario: String,
    /// Its variant, window and layout.
    pub variant: String,
    /// Window name.
    pub window: String,
    /// Layout name.
    pub layout: String,
    /// Month-ends where both have a level.
    pub ends: Vec<MonthEnd>,
    /// Monthly returns of both.
    pub returns: Vec<MonthlyReturn>,
    /// Calendar-year returns of both.
    pub annual: Vec<AnnualRow>,
    /// Headline figures.
    pub summary: Summary,
}

/// Compare one scenario of `run_dir` (default: the first scenario of the main window in
/// `summary.csv`) with the index `index` of `file`.
///
/// # Errors
/// The run's files (run.json, summary.csv, the daily file) missing or malformed, an index
/// not in the file, an unknown scenario id (the message lists the ids), or fewer than
/// [`MIN_MONTHS`] monthly returns in common.
pub fn compare(
    run_dir: &Path,
    file: &IndexFile,
    index: &str,
    scenario: Option<&str>,
) -> Result<Comparison> {
    let levels = file.levels(index)?;
    if !run_dir.is_dir() {
        return Err(ReportError::Missing {
            path: run_dir.to_path_buf(),
            what: "run directory",
        });
    }
    let meta = RunMeta::read(run_dir)?;
    let scenarios = Scenarios::read(run_dir, &meta.sweep_keys)?;
    let row = match scenario {
        Some(id) => scenarios.rows.iter().find(|r| r.id == id).ok_or_else(|| {
            let ids: Vec<&str> = scenarios.rows.iter().map(|r| r.id.as_str()).collect();
            ReportError::UnknownScenario {
                path: run_dir.join(run_dir::SUMMARY_CSV),
                id: id.to_string(),
                ids: ids.join(", "),
            }
        })?,
        None => scenarios
            .rows
            .iter()
            .find(|r| r.window == scenarios.main_window)
            .unwrap_or(&scenarios.rows[0]),
    };
    let daily_path = run_dir
        .join(run_dir::DAILY_DIR)
        .join(run_dir::daily_file(&row.id));
    let daily = Daily::read(&daily_path, &row.id, &row.layout)?;
    let ends = monthly::align(&daily.dates, &daily.total_equity, &file.dates, levels);
    let returns = monthly::returns(&ends);
    if (1..MIN_MONTHS).contains(&returns.len()) {
        return Err(ReportError::Compare {
            path: daily_path,
            message: format!(
                "only {} monthly returns in common with {index} of {}; the comparison needs at \
                 least {MIN_MONTHS} (a volatility, a correlation and a tracking error of fewer \
                 are not worth printing)",
                returns.len(),
                file.path.display()
            ),
        });
    }
    let summary = stats::summarise(&returns).ok_or_else(|| ReportError::Compare {
        path: daily_path.clone(),
        message: format!(
            "no month in common with {index} of {} (run {} to {}, index {} to {})",
            file.path.display(),
            daily.dates.first().map_or("-".into(), ToString::to_string),
            daily.dates.last().map_or("-".into(), ToString::to_string),
            file.dates[0],
            file.dates[file.dates.len() - 1],
        ),
    })?;
    Ok(Comparison {
        index: index.to_string(),
        scenario: row.id.clone(),
        variant: row.variant.clone(),
        window: row.window.clone(),
        layout: row.layout.clone(),
        annual: stats::annual(&returns),
        ends,
        returns,
        summary,
    })
}

/// `v` in percent to 2 decimals (a value that rounds to zero without a sign); blank when
/// not finite.
fn pct(v: f64) -> String {
    if v.is_finite() {
        crate::format::fixed(v * 100.0, 2, false)
    } else {
        String::new()
    }
}

impl Comparison {
    /// The month-end before the first compared month (the start of the cumulative chart).
    pub fn start(&self) -> NaiveDate {
        let first = self.returns[0].month_end;
        self.ends
            .iter()
            .rev()
            .find(|e| e.month_end < first)
            .map_or(first, |e| e.month_end)
    }

    /// The monthly differences regressed on the monthly returns of `name`, another column
    /// of `file` (the S&P 500's, `SPX` in the Cboe file), over the compared months where it
    /// has levels at both ends, and those months grouped by its return ([`stats::by_move`]).
    ///
    /// # Errors
    /// [`ReportError::Column`] when `file` has no column `name`; [`ReportError::Compare`]
    /// when fewer than three months have its levels or they do not vary.
    pub fn against(&self, file: &IndexFile, name: &str) -> Result<(Regression, Vec<MoveBucket>)> {
        let levels = file.levels(name)?;
        let (mut months, mut x) = (Vec::new(), Vec::new());
        for r in &self.returns {
            let Ok(p) = file.dates.binary_search(&r.month_end) else {
                continue;
            };
            if p == 0 || !monthly::consecutive(file.dates[p - 1], r.month_end) {
                continue;
            }
            let (a, b) = (levels[p - 1], levels[p]);
            if a.is_finite() && b.is_finite() && a > 0.0 {
                months.push(*r);
                x.push(b / a - 1.0);
            }
        }
        let diffs: Vec<f64> = months.iter().map(MonthlyReturn::diff).collect();
        let regression = stats::regress(&diffs, &x).ok_or_else(|| ReportError::Compare {
            path: file.path.clone(),
            message: format!(
                "{name}: {} compared months with its levels at both ends, at least 3 that vary \
                 are needed",
                diffs.len()
            ),
        })?;
        Ok((regression, stats::by_move(&months, &x)))
    }

    /// The `n` worst months of one side.
    pub fn worst(&self, side: Side) -> Vec<MonthlyReturn> {
        stats::worst(&self.returns, WORST_MONTHS, side)
    }

    /// File stem of the outputs: the index name in lower case.
    fn stem(&self) -> String {
        self.index.to_lowercase()
    }

    /// Write `<index>_monthly.csv`, `<index>_annual.csv`, `<index>_summary.csv` and
    /// `<index>_cumulative.png` (lower-case index name) into `out_dir`, creating it.
    ///
    /// # Errors
    /// [`ReportError::Io`] naming the file or directory; chart errors.
    pub fn write(&self, out_dir: &Path) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(out_dir).map_err(|e| ReportError::io(out_dir, e))?;
        let stem = self.stem();
        let mut monthly = String::from(
            "month_end,ours_date,ours_equity,index_level,ours_return,index_return,difference\n",
        );
        for e in &self.ends {
            let r = self.returns.iter().find(|r| r.month_end == e.month_end);
            let (o, i, d) = r.map_or((String::new(), String::new(), String::new()), |r| {
                (
                    r.ours.to_string(),
                    r.index.to_string(),
                    r.diff().to_string(),
                )
            });
            let _ = writeln!(
                monthly,
                "{},{},{},{},{o},{i},{d}",
                e.month_end, e.ours_date, e.ours, e.index
            );
        }
        let mut annual = String::from("year,months,ours_return,index_return,difference\n");
        for a in &self.annual {
            let _ = writeln!(
                annual,
                "{},{},{},{},{}",
                a.year,
                a.months,
                a.ours,
                a.index,
                a.diff()
            );
        }
        let s = &self.summary;
        let summary = format!(
            "index,scenario,variant,window,layout,first_month,last_month,months,\
             ours_annual_return,index_annual_return,ours_volatility,index_volatility,\
             correlation,monthly_te,mean_difference,annual_te,full_years,ours_worst_month,\
             ours_worst_month_end,index_worst_month,index_worst_month_end,diff_autocorrelation\n\
             {},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            self.index,
            self.scenario,
            self.variant,
            self.window,
            self.layout,
            self.returns[0].month_end,
            self.returns[self.returns.len() - 1].month_end,
            s.months,
            s.ours.annual_return,
            s.index.annual_return,
            s.ours.volatility,
            s.index.volatility,
            s.correlation,
            s.monthly_te,
            s.mean_diff,
            s.annual_te,
            s.full_years,
            s.ours.worst_month,
            s.ours.worst_month_end,
            s.index.worst_month,
            s.index.worst_month_end,
            s.diff_autocorrelation,
        );
        let chart = crate::chart::tracking::cumulative(
            &format!("{stem}_cumulative.png"),
            &self.index,
            &format!("ours ({})", self.scenario),
            self.start(),
            &self.returns,
        )?;
        let mut written = Vec::new();
        for (name, bytes) in [
            (format!("{stem}_monthly.csv"), monthly.into_bytes()),
            (format!("{stem}_annual.csv"), annual.into_bytes()),
            (format!("{stem}_summary.csv"), summary.into_bytes()),
            (chart.file.clone(), chart.bytes),
        ] {
            let path = out_dir.join(name);
            write_atomic(&path, &bytes)?;
            written.push(path);
        }
        Ok(written)
    }
}

/// The comparison as text: headline figures, annual returns side by side, worst months.
impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.summary;
        writeln!(
            f,
            "{} vs scenario {} (variant {}, window {}, layout {}): {} months, {} to {}",
            self.index,
            self.scenario,
            self.variant,
            self.window,
            self.layout,
            s.months,
            self.returns[0].month_end,
            self.returns[self.returns.len() - 1].month_end
        )?;
        writeln!(f, "{:<36}{:>10}{:>10}", "", "ours", &self.index)?;
        for (label, o, i) in [
            (
                "annualised return, %",
                s.ours.annual_return,
                s.index.annual_return,
            ),
            (
                "volatility (monthly, annualised), %",
                s.ours.volatility,
                s.index.volatility,
            ),
            ("worst month, %", s.ours.worst_month, s.index.worst_month),
        ] {
            writeln!(f, "{label:<36}{:>10}{:>10}", pct(o), pct(i))?;
        }
        writeln!(
            f,
            "monthly correlation                 {:>10.3}",
            s.correlation
        )?;
        writeln!(
            f,
            "monthly tracking error, %/yr        {:>10}",
            pct(s.monthly_te)
        )?;
        writeln!(
            f,
            "mean difference, %/yr               {:>10}",
            pct(s.mean_diff)
        )?;
        writeln!(
            f,
            "annual-return tracking error, pts   {:>10}  (RMS over {} full years)",
            pct(s.annual_te),
            s.full_years
        )?;
        writeln!(
            f,
            "monthly difference, lag-1 autocorr. {:>10.3}  (-0.5: month-end marks given back; 0: gaps that stay)",
            s.diff_autocorrelation
        )?;
        writeln!(f, "\nyear  months     ours    index     diff")?;
        for a in &self.annual {
            writeln!(
                f,
                "{}  {:>6} {:>8} {:>8} {:>8}",
                a.year,
                a.months,
                pct(a.ours),
                pct(a.index),
                pct(a.diff())
            )?;
        }
        for (side, name) in [(Side::Ours, "ours"), (Side::Index, self.index.as_str())] {
            writeln!(
                f,
                "\nworst {WORST_MONTHS} months of {name}: month-end, ours %, index %"
            )?;
            for r in self.worst(side) {
                writeln!(
                    f,
                    "  {}  {:>8} {:>8}",
                    r.month_end,
                    pct(r.ours),
                    pct(r.index)
                )?;
            }
        }
        Ok(())
    }
}
