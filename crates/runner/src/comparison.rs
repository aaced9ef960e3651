//! The headline statistic: ring_fenced minus commingled, per metric, with bootstrap
//! confidence intervals.
//!
//! For each config variant, every real-history window gives one difference per metric
//! (`ring_fenced - commingled`); every bootstrap path of the `full` window gives one more
//! sample of that difference. The interval on the `full` window is the central `confidence`
//! range of the path differences (percentiles, linear between order statistics). A variant
//! whose run has paths but no real `full` window still gets a `full` row carrying the
//! interval alone.
//!
//! This module computes; [`crate::output::finalize()`] writes `paired.csv` and
//! `bootstrap.csv` from what it returns.

use chrono::NaiveDate;
use ringfence_schema::columns::FULL_WINDOW;
use ringfence_schema::layouts;

use crate::cells::Cell;
use crate::record::ScenarioRecord;

/// A bootstrap percentile interval of one metric's difference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
    /// Confidence level, a fraction (0.95).
    pub level: f64,
    /// Bootstrap paths the interval rests on.
    pub paths: usize,
}

/// One metric's comparison in one window of one variant (a row of `paired.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct PairedRow {
    /// Config variant index.
    pub variant: usize,
    /// The variant's label (the scenario label without its window part).
    pub label: String,
    /// Window name.
    pub window: String,
    /// First trading day of the window (`None` for a `full` row built from paths alone).
    pub start: Option<NaiveDate>,
    /// Last trading day of the window.
    pub end: Option<NaiveDate>,
    /// Metric name.
    pub metric: String,
    /// The metric under ring_fenced.
    pub ring_fenced: Option<f64>,
    /// The metric under commingled.
    pub commingled: Option<f64>,
    /// Bootstrap interval of the difference (the `full` window of a run with paths).
    pub interval: Option<Interval>,
}

impl PairedRow {
    /// ring_fenced - commingled, when both are known.
    pub fn diff(&self) -> Option<f64> {
        Some(self.ring_fenced? - self.commingled?)
    }
}

/// One path's difference of one metric (a row of `bootstrap.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct PathDiff {
    /// Metric name.
    pub metric: String,
    /// ring_fenced - commingled on the path.
    pub diff: f64,
}

/// Real-history values of one window: (metric, ring_fenced, commingled).
#[derive(Debug)]
struct WindowValues {
    window: String,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    values: Vec<(String, Option<f64>, Option<f64>)>,
}

/// The comparison of one variant, fed its scenarios in run order.
#[derive(Debug)]
pub struct Comparison {
    variant: usize,
    label: String,
    windows: Vec<WindowValues>,
    /// Per metric, in first-seen order: the path differences.
    paths: Vec<(String, Vec<f64>)>,
    n_paths: usize,
}

impl Comparison {
    /// An empty comparison for the variant of `rec`.
    pub fn new(rec: &ScenarioRecord) -> Comparison {
        let label = rec
            .label
            .rsplit_once(" | ")
            .map(|(v, _)| v.to_string())
            .unwrap_or_default();
        Comparison {
            variant: rec.variant,
            label,
            windows: Vec::new(),
            paths: Vec::new(),
            n_paths: 0,
        }
    }

    /// The variant compared.
    pub fn variant(&self) -> usize {
        self.variant
    }

    /// Add one scenario of the variant. Returns the differences of a bootstrap path (empty
    /// for a real-history window, or when either layout is missing).
    pub fn add(&mut self, rec: &ScenarioRecord) -> Vec<PathDiff> {
        let [a, b] = layouts::PAIR;
        let layouts = rec.layouts();
        let rf = layouts.iter().find(|l| l.layout == a);
        let cm = layouts.iter().find(|l| l.layout == b);
        let (Some(rf), Some(cm)) = (rf, cm) else {
            return Vec::new();
        };
        let values: Vec<(String, Option<f64>, Option<f64>)> = rf
            .metrics
            .iter()
            .filter(|(_, c)| !matches!(c, Cell::Str(_) | Cell::Bool(_)))
            .map(|(name, c)| (name.clone(), c.as_f64(), cm.metric(name)))
            .collect();
        if rec.path.is_none() {
            self.windows.push(WindowValues {
                window: rec.window.clone(),
                start: rec.start,
                end: rec.end,
                values,
            });
            return Vec::new();
        }
        self.n_paths += 1;
        let mut out = Vec::with_capacity(values.len());
        for (metric, a, b) in values {
            let (Some(a), Some(b)) = (a, b) else { continue };
            let diff = a - b;
            match self.paths.iter_mut().find(|(n, _)| *n == metric) {
                Some((_, v)) => v.push(diff),
                None => self.paths.push((metric.clone(), vec![diff])),
            }
            out.push(PathDiff { metric, diff });
        }
        out
    }

    /// The rows of the variant: each window's metrics in run order, the `full` window with
    /// its bootstrap interval at `confidence`.
    pub fn finish(mut self, confidence: f64) -> Vec<PairedRow> {
        if self.n_paths > 0 && !self.windows.iter().any(|w| w.window == FULL_WINDOW) {
            let values = self
                .paths
                .iter()
                .map(|(n, _)| (n.clone(), None, None))
                .collect();
            self.windows.push(WindowValues {
                window: FULL_WINDOW.into(),
                start: None,
                end: None,
                values,
            });
        }
        let mut rows = Vec::new();
        for w in self.windows {
            for (metric, ring_fenced, commingled) in w.values {
                let interval = if w.window == FULL_WINDOW && self.n_paths > 0 {
                    self.paths
                        .iter()
                        .find(|(n, _)| *n == metric)
                        .map(|(_, d)| interval(d, confidence))
                } else {
                    None
                };
                rows.push(PairedRow {
                    variant: self.variant,
                    label: self.label.clone(),
                    window: w.window.clone(),
                    start: w.start,
                    end: w.end,
                    metric,
                    ring_fenced,
                    commingled,
                    interval,
                });
            }
        }
        rows
    }
}

/// The central `confidence` interval of `diffs` (percentiles `(1 - c) / 2` and
/// `1 - (1 - c) / 2`).
pub fn interval(diffs: &[f64], confidence: f64) -> Interval {
    let mut d = diffs.to_vec();
    d.sort_by(f64::total_cmp);
    let lo_q = (1.0 - confidence) / 2.0;
    Interval {
        low: percentile(&d, lo_q),
        high: percentile(&d, 1.0 - lo_q),
        level: confidence,
        paths: d.len(),
    }
}

/// Percentile `q` in [0, 1] of sorted values, linear between order statistics (type 7).
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{LayoutRecord, Outcome};

    fn layout(name: &str, cagr: f64, calls: u64) -> LayoutRecord {
        LayoutRecord {
            layout: name.into(),
            metrics: vec![
                ("cagr".into(), Cell::F64(cagr)),
                ("margin_calls".into(), Cell::U64(calls)),
                ("mode".into(), Cell::Str("reg_t".into())),
            ],
            ledger: Vec::new(),
            gaps: Vec::new(),
            annual: Vec::new(),
            hedge_years: Vec::new(),
        }
    }

    fn record(window: &str, path: Option<u32>, rf: (f64, u64), cm: (f64, u64)) -> ScenarioRecord {
        ScenarioRecord {
            index: 0,
            id: "s000000".into(),
            label: format!("short_delta=0.16 | {window}"),
            variant: 3,
            params: Vec::new(),
            window: window.into(),
            start: NaiveDate::from_ymd_opt(2008, 1, 2),
            end: NaiveDate::from_ymd_opt(2009, 12, 31),
            path,
            outcome: Outcome::Ok(vec![
                layout("ring_fenced", rf.0, rf.1),
                layout("commingled", cm.0, cm.1),
                layout("unhedged", 9.0, 9),
            ]),
            event_rows: 0,
            ledger_rows: 0,
        }
    }

    #[test]
    fn percentile_interpolates_between_order_statistics() {
        let v = [1.0, 2.0, 4.0, 8.0, 16.0];
        // h = 4 x 0.1 = 0.4: 1 + 0.4 x (2 - 1)
        assert!((percentile(&v, 0.1) - 1.4).abs() < 1e-12);
        // h = 4 x 0.5 = 2: the median
        assert_eq!(percentile(&v, 0.5), 4.0);
        // h = 4 x 0.975 = 3.9: 8 + 0.9 x (16 - 8)
        assert!((percentile(&v, 0.975) - 15.2).abs() < 1e-12);
        assert_eq!(percentile(&v, 1.5), 16.0);
        assert_eq!(percentile(&[7.0], 0.3), 7.0);
        assert!(percentile(&[], 0.5).is_nan());
    }

    #[test]
    fn interval_is_the_central_range_of_unsorted_differences() {
        // sorted: -2, 0, 1, 3, 10; 80% -> q = 0.1 and 0.9: h = 0.4 and 3.6
        let i = interval(&[3.0, -2.0, 10.0, 0.0, 1.0], 0.8);
        assert!((i.low - (-2.0 + 0.4 * 2.0)).abs() < 1e-12, "{i:?}");
        assert!((i.high - (3.0 + 0.6 * 7.0)).abs() < 1e-12, "{i:?}");
        assert_eq!((i.level, i.paths), (0.8, 5));
    }

    #[test]
    fn a_window_gives_ring_fenced_minus_commingled_per_numeric_metric() {
        let mut c = Comparison::new(&record("2008 GFC", None, (0.05, 1), (0.07, 4)));
        let paths = c.add(&record("2008 GFC", None, (0.05, 1), (0.07, 4)));
        assert!(paths.is_empty(), "a real window is no bootstrap sample");
        let rows = c.finish(0.95);
        assert_eq!(rows.len(), 2, "text metrics are not compared: {rows:?}");
        assert_eq!(rows[0].metric, "cagr");
        assert_eq!(rows[0].label, "short_delta=0.16");
        assert_eq!(rows[0].variant, 3);
        assert!((rows[0].diff().unwrap() - -0.02).abs() < 1e-15);
        assert_eq!(rows[1].diff(), Some(-3.0));
        assert!(
            rows.iter().all(|r| r.interval.is_none()),
            "no paths, no interval"
        );
    }

    #[test]
    fn bootstrap_paths_give_the_full_window_its_interval() {
        let first = record("full", None, (0.05, 0), (0.04, 0));
        let mut c = Comparison::new(&first);
        c.add(&first);
        let mut samples = Vec::new();
        for (p, d) in [(1, 0.01), (2, -0.03), (3, 0.02), (4, 0.00)] {
            let diffs = c.add(&record("full", Some(p), (0.05 + d, 2), (0.05, 1)));
            samples.push(diffs);
        }
        assert_eq!(samples[1][0].metric, "cagr");
        assert!((samples[1][0].diff - -0.03).abs() < 1e-12);
        assert_eq!(samples[1][1].diff, 1.0);
        let rows = c.finish(0.5);
        assert_eq!(rows.len(), 2, "one full row per metric: {rows:?}");
        assert!((rows[0].diff().unwrap() - 0.01).abs() < 1e-15);
        // cagr differences sorted: -0.03, 0.00, 0.01, 0.02; q = 0.25, 0.75 -> h = 0.75, 2.25
        let i = rows[0].interval.unwrap();
        assert!((i.low - (-0.03 + 0.75 * 0.03)).abs() < 1e-12, "{i:?}");
        assert!((i.high - (0.01 + 0.25 * 0.01)).abs() < 1e-12, "{i:?}");
        assert_eq!((i.level, i.paths), (0.5, 4));
        assert_eq!(rows[1].interval.map(|i| (i.low, i.high)), Some((1.0, 1.0)));
    }

    #[test]
    fn paths_without_a_real_full_window_still_give_a_full_row() {
        let first = record("2020 COVID", None, (0.1, 0), (0.2, 0));
        let mut c = Comparison::new(&first);
        c.add(&first);
        c.add(&record("full", Some(1), (0.3, 0), (0.1, 0)));
        let rows = c.finish(0.9);
        let full: Vec<_> = rows.iter().filter(|r| r.window == "full").collect();
        assert_eq!(full.len(), 2);
        assert_eq!(full[0].ring_fenced, None);
        assert_eq!(full[0].start, None);
        assert_eq!(full[0].interval.map(|i| i.paths), Some(1));
        let covid = rows.iter().find(|r| r.window == "2020 COVID").unwrap();
        assert!(
            covid.interval.is_none(),
            "intervals belong to the full window only"
        );
    }

    #[test]
    fn a_scenario_without_both_layouts_adds_nothing() {
        let mut rec = record("full", Some(1), (0.1, 0), (0.2, 0));
        rec.outcome = Outcome::Ok(vec![layout("ring_fenced", 0.1, 0)]);
        let mut c = Comparison::new(&rec);
        assert!(c.add(&rec).is_empty());
        assert!(c.finish(0.95).is_empty());
    }
}
