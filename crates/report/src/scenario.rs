//! `summary.csv`: one row per scenario (variant x window x layout) with its metrics.

use std::collections::BTreeMap;
use std::path::Path;

use ringfence_schema::columns::{self, summary};
use ringfence_schema::run_dir;

use crate::error::{ReportError, Result};
use crate::table::Table;

/// Name of the main (whole-history) window.
pub const MAIN_WINDOW: &str = columns::FULL_WINDOW;

/// Columns of older or hand-made summaries that identify a scenario rather than measure it
/// (besides the schema's [`summary::LEADING`] and [`summary::IDENTITY`]).
const EXTRA_ID_COLUMNS: [&str; 3] = ["status", "error", "seed"];

fn is_id_column(name: &str) -> bool {
    summary::LEADING
        .iter()
        .chain(&summary::IDENTITY)
        .chain(&EXTRA_ID_COLUMNS)
        .any(|c| *c == name)
}

/// Metrics the report needs in `summary.csv`.
pub const REQUIRED_METRICS: [&str; 2] = ["cagr", "max_drawdown"];

/// One scenario row of `summary.csv`.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Scenario id: the file stem of `daily/<id>.csv`.
    pub id: String,
    /// Config variant id (shared by the layouts of one variant).
    pub variant: String,
    /// Window name (`full` = the whole history).
    pub window: String,
    /// Layout (`ring_fenced`, ...).
    pub layout: String,
    /// Values of the swept parameters, aligned with [`Scenarios::param_names`].
    pub params: Vec<String>,
    /// Metric values, aligned with [`Scenarios::metric_names`] (NaN = missing).
    pub metrics: Vec<f64>,
}

/// All scenarios of a run.
#[derive(Debug, Clone)]
pub struct Scenarios {
    /// Swept parameter names (dotted keys), in column order.
    pub param_names: Vec<String>,
    /// Metric names, in column order.
    pub metric_names: Vec<String>,
    /// Rows in file order.
    pub rows: Vec<Scenario>,
    /// Variant ids in first-seen order.
    pub variants: Vec<String>,
    /// Window names in first-seen order.
    pub windows: Vec<String>,
    /// The main window: `full` when present, else the first window.
    pub main_window: String,
    /// Bootstrap resamples run (distinct variant, window and path of the rows with a
    /// `path`), which `rows` leaves out.
    pub resampled_paths: usize,
    index: BTreeMap<(String, String, String), usize>,
}

impl Scenarios {
    /// `" + N bootstrap resamples"` after a count of scenarios, empty without resamples.
    pub fn resamples_suffix(resampled_paths: usize) -> String {
        match resampled_paths {
            0 => String::new(),
            n => format!(" + {n} bootstrap resamples"),
        }
    }

    /// Number of scenarios on the history (config variant x window): `rows` holds each
    /// once per layout. The runner's count adds [`Self::resampled_paths`].
    pub fn scenario_count(&self) -> usize {
        self.rows
            .iter()
            .map(|r| (r.variant.as_str(), r.window.as_str()))
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    }

    /// Read `summary.csv` from a run directory. Parameter columns are the `sweep_keys` from
    /// run.json plus any dotted column name; every other non-id column is a metric and must be
    /// numeric. Rows of block-bootstrap resamples (a non-empty `path`) are left out: the
    /// report shows them through `bootstrap.csv` and the confidence intervals of `paired.csv`.
    ///
    /// # Errors
    /// Missing or truncated file, missing `scenario`/`layout`/required metric column, a
    /// non-numeric metric, an empty table, duplicate (variant, window, layout).
    pub fn read(dir: &Path, sweep_keys: &[String]) -> Result<Self> {
        let table = Table::read(
            &dir.join(run_dir::SUMMARY_CSV),
            "one row of metrics per scenario",
        )?;
        Self::from_table(&table, sweep_keys)
    }

    fn from_table(t: &Table, sweep_keys: &[String]) -> Result<Self> {
        let c_id = t.require(summary::SCENARIO)?;
        let c_layout = t.require(summary::LAYOUT)?;
        let c_variant = t.col(summary::VARIANT);
        let c_window = t.col(summary::WINDOW);
        for m in REQUIRED_METRICS {
            t.require(m)?;
        }
        if t.is_empty() {
            return Err(ReportError::Csv {
                path: t.path().to_path_buf(),
                line: 1,
                message: "no scenario rows (did every scenario fail? see failures.csv)".into(),
            });
        }
        let mut param_cols = Vec::new();
        let mut metric_cols = Vec::new();
        for (i, h) in t.headers().iter().enumerate() {
            if is_id_column(h) {
                continue;
            }
            if sweep_keys.iter().any(|k| k == h) || h.contains('.') {
                param_cols.push(i);
            } else if t.is_numeric(i) || REQUIRED_METRICS.contains(&h.as_str()) {
                metric_cols.push(i);
            }
        }
        let mut rows = Vec::with_capacity(t.len());
        let mut variants: Vec<String> = Vec::new();
        let mut windows: Vec<String> = Vec::new();
        let mut index = BTreeMap::new();
        let c_path = t.col(summary::PATH);
        let mut resampled = std::collections::BTreeSet::new();
        for r in 0..t.len() {
            if let Some(c) = c_path.filter(|&c| !t.str(r, c).is_empty()) {
                let at = |col: Option<usize>| col.map_or("", |c| t.str(r, c));
                resampled.insert((at(c_variant), at(c_window), t.str(r, c)));
                continue;
            }
            let variant = c_variant.map_or("base", |c| t.str(r, c)).to_string();
            let window = c_window.map_or(MAIN_WINDOW, |c| t.str(r, c)).to_string();
            let layout = t.str(r, c_layout).to_string();
            let metrics = metric_cols
                .iter()
                .map(|&c| t.f64(r, c))
                .collect::<Result<Vec<f64>>>()?;
            if !variants.contains(&variant) {
                variants.push(variant.clone());
            }
            if !windows.contains(&window) {
                windows.push(window.clone());
            }
            let key = (variant.clone(), window.clone(), layout.clone());
            if index.insert(key, rows.len()).is_some() {
                return Err(ReportError::Csv {
                    path: t.path().to_path_buf(),
                    line: t.line(r),
                    message: format!(
                        "duplicate scenario for variant {variant:?}, window {window:?}, \
                         layout {layout:?}"
                    ),
                });
            }
            rows.push(Scenario {
                id: t.str(r, c_id).to_string(),
                variant,
                window,
                layout,
                params: param_cols
                    .iter()
                    .map(|&c| t.str(r, c).to_string())
                    .collect(),
                metrics,
            });
        }
        if rows.is_empty() {
            return Err(ReportError::Csv {
                path: t.path().to_path_buf(),
                line: 1,
                message: "only bootstrap resamples (rows with a `path`): no scenario to report"
                    .into(),
            });
        }
        let main_window = if windows.iter().any(|w| w == MAIN_WINDOW) {
            MAIN_WINDOW.to_string()
        } else {
            windows[0].clone()
        };
        Ok(Self {
            param_names: param_cols.iter().map(|&c| t.headers()[c].clone()).collect(),
            metric_names: metric_cols
                .iter()
                .map(|&c| t.headers()[c].clone())
                .collect(),
            rows,
            variants,
            windows,
            main_window,
            resampled_paths: resampled.len(),
            index,
        })
    }

    /// The scenario of a (variant, window, layout), if run.
    pub fn find(&self, variant: &str, window: &str, layout: &str) -> Option<&Scenario> {
        self.index
            .get(&(variant.to_string(), window.to_string(), layout.to_string()))
            .map(|&i| &self.rows[i])
    }

    /// Position of a metric in [`Scenario::metrics`].
    pub fn metric_index(&self, name: &str) -> Option<usize> {
        self.metric_names.iter().position(|m| m == name)
    }

    /// A metric of a scenario (NaN when missing).
    pub fn metric(&self, s: &Scenario, name: &str) -> f64 {
        self.metric_index(name).map_or(f64::NAN, |i| s.metrics[i])
    }

    /// Distinct layouts, in first-seen order.
    pub fn layout_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.layout.as_str()) {
                out.push(&r.layout);
            }
        }
        out
    }

    /// True when the run has more than one config variant (a sweep).
    pub fn is_sweep(&self) -> bool {
        self.variants.len() > 1
    }

    /// Parameter values of a variant (from its first row).
    pub fn variant_params(&self, variant: &str) -> Option<&[String]> {
        self.rows
            .iter()
            .find(|r| r.variant == variant)
            .map(|r| r.params.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_columns_are_parameters_and_numbers_are_metrics() {
        let csv = b"scenario,variant,window,layout,condor.short_delta,cagr,max_drawdown,note\n\
                    s1,v1,full,ring_fenced,0.16,0.05,0.2,x\n\
                    s2,v1,full,commingled,0.16,0.04,0.3,y\n";
        let t = Table::parse(Path::new("summary.csv"), csv).unwrap();
        let s = Scenarios::from_table(&t, &[]).unwrap();
        assert_eq!(s.param_names, ["condor.short_delta"]);
        assert_eq!(s.metric_names, ["cagr", "max_drawdown"]);
        let cm = s.find("v1", "full", "commingled").unwrap();
        assert_eq!(s.metric(cm, "max_drawdown"), 0.3);
        assert!(!s.is_sweep());
    }

    #[test]
    fn bootstrap_resample_rows_are_left_out_of_the_scenarios_and_counted() {
        let csv = b"scenario,id,label,variant,window,start,end,path,layout,cagr,max_drawdown\n\
                    s0_rf,s0,full,0,full,1990-01-02,2025-12-31,,ring_fenced,0.05,0.2\n\
                    s1_rf,s1,full/boot0001,0,full,1990-01-02,2025-12-31,1,ring_fenced,0.01,0.4\n\
                    s1_cm,s1,full/boot0001,0,full,1990-01-02,2025-12-31,1,commingled,0.01,0.4\n\
                    s2_rf,s2,full/boot0002,0,full,1990-01-02,2025-12-31,2,ring_fenced,0.02,0.3\n";
        let t = Table::parse(Path::new("summary.csv"), csv).unwrap();
        let s = Scenarios::from_table(&t, &[]).unwrap();
        assert_eq!(s.rows.len(), 1);
        // Two resamples, the first in two layouts: the runner's count is 1 + 2.
        assert_eq!((s.scenario_count(), s.resampled_paths), (1, 2));
        assert_eq!(s.metric_names, ["cagr", "max_drawdown"]);
        let rf = s.find("0", "full", "ring_fenced").unwrap();
        assert_eq!(s.metric(rf, "cagr"), 0.05);
    }

    #[test]
    fn text_in_cagr_names_line_and_column() {
        let csv = b"scenario,layout,cagr,max_drawdown\ns1,ring_fenced,abc,0.2\n";
        let t = Table::parse(Path::new("summary.csv"), csv).unwrap();
        let e = Scenarios::from_table(&t, &[]).unwrap_err().to_string();
        assert!(e.contains("summary.csv:2") && e.contains("cagr"), "{e}");
    }
}
