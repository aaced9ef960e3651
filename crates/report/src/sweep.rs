//! Sweep views: a parameter x parameter grid of ring_fenced - commingled differences and the
//! variants ranked by that difference.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::paired::PAIR;
use crate::scenario::Scenarios;

/// Mean difference ring_fenced - commingled of one metric over a grid of two parameters
/// (averaged over the other swept parameters).
#[derive(Debug, Clone)]
pub struct Grid {
    /// Metric name (`cagr`, `max_drawdown`).
    pub metric: String,
    /// Parameter on the x axis (dotted key).
    pub x_param: String,
    /// Parameter on the y axis (`(none)` when only one parameter was swept).
    pub y_param: String,
    /// x values, sorted (numerically when they all parse).
    pub x_values: Vec<String>,
    /// y values, sorted.
    pub y_values: Vec<String>,
    /// `cells[y][x]`: mean difference, NaN where no variant has both layouts.
    pub cells: Vec<Vec<f64>>,
    /// Number of variants averaged into each cell.
    pub counts: Vec<Vec<usize>>,
}

/// Build the grid of `metric` over the two swept parameters with the most distinct values;
/// `None` when no parameter varies or no variant has both layouts with finite values.
pub fn grid(s: &Scenarios, window: &str, metric: &str) -> Option<Grid> {
    let m = s.metric_index(metric)?;
    let mut varying: Vec<(usize, Vec<String>)> = (0..s.param_names.len())
        .map(|p| (p, sorted_values(s, p)))
        .filter(|(_, v)| v.len() > 1)
        .collect();
    varying.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let (px, x_values) = varying.first().cloned()?;
    let (py, y_values) = varying
        .get(1)
        .cloned()
        .map_or((None, vec!["(all)".to_string()]), |(p, v)| (Some(p), v));
    let mut sums = vec![vec![(0.0_f64, 0_usize); x_values.len()]; y_values.len()];
    for v in &s.variants {
        let (Some(rf), Some(cm)) = (s.find(v, window, PAIR[0]), s.find(v, window, PAIR[1])) else {
            continue;
        };
        let d = rf.metrics[m] - cm.metrics[m];
        if !d.is_finite() {
            continue;
        }
        let xi = x_values.iter().position(|x| *x == rf.params[px]);
        let yi = py.map_or(Some(0), |py| {
            y_values.iter().position(|y| *y == rf.params[py])
        });
        if let (Some(xi), Some(yi)) = (xi, yi) {
            sums[yi][xi].0 += d;
            sums[yi][xi].1 += 1;
        }
    }
    if sums.iter().flatten().all(|c| c.1 == 0) {
        return None;
    }
    Some(Grid {
        metric: metric.to_string(),
        x_param: s.param_names[px].clone(),
        y_param: py.map_or_else(|| "(none)".to_string(), |p| s.param_names[p].clone()),
        x_values,
        y_values,
        cells: sums
            .iter()
            .map(|row| {
                row.iter()
                    .map(|&(sum, n)| if n > 0 { sum / n as f64 } else { f64::NAN })
                    .collect()
            })
            .collect(),
        counts: sums
            .iter()
            .map(|row| row.iter().map(|c| c.1).collect())
            .collect(),
    })
}

fn sorted_values(s: &Scenarios, p: usize) -> Vec<String> {
    let set: std::collections::BTreeSet<&str> =
        s.rows.iter().map(|r| r.params[p].as_str()).collect();
    let mut values: Vec<String> = set.into_iter().map(str::to_string).collect();
    if values.iter().all(|v| v.parse::<f64>().is_ok()) {
        values.sort_by(|a, b| {
            let (a, b) = (
                a.parse::<f64>().unwrap_or(0.0),
                b.parse::<f64>().unwrap_or(0.0),
            );
            a.partial_cmp(&b).unwrap_or(Ordering::Equal)
        });
    }
    values
}

/// One variant's ring_fenced and commingled values of the ranked metrics.
#[derive(Debug, Clone)]
pub struct RankedVariant {
    /// Variant id.
    pub variant: String,
    /// Parameter values (aligned with `Scenarios::param_names`).
    pub params: Vec<String>,
    /// metric -> (ring_fenced, commingled).
    pub values: BTreeMap<String, (f64, f64)>,
}

impl RankedVariant {
    /// ring_fenced - commingled of a metric (NaN when absent).
    pub fn diff(&self, metric: &str) -> f64 {
        self.values.get(metric).map_or(f64::NAN, |(a, b)| a - b)
    }
}

/// Variants with both layouts, ranked by ring_fenced - commingled of `by` (largest first,
/// NaN last, ties by variant order), at most `n`.
pub fn ranked(
    s: &Scenarios,
    window: &str,
    by: &str,
    metrics: &[&str],
    n: usize,
) -> Vec<RankedVariant> {
    let mut out: Vec<RankedVariant> = s
        .variants
        .iter()
        .filter_map(|v| {
            let rf = s.find(v, window, PAIR[0])?;
            let cm = s.find(v, window, PAIR[1])?;
            let values = metrics
                .iter()
                .map(|m| (m.to_string(), (s.metric(rf, m), s.metric(cm, m))))
                .collect();
            Some(RankedVariant {
                variant: v.clone(),
                params: rf.params.clone(),
                values,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        let (da, db) = (a.diff(by), b.diff(by));
        match (da.is_nan(), db.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => db.partial_cmp(&da).unwrap_or(Ordering::Equal),
        }
    });
    out.truncate(n);
    out
}
