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

/// Build the grid of `metric`'s difference over the two most important swept parameters
/// (see [`axes_by_importance`]); `None` when no parameter varies or no variant has both
/// layouts with finite values.
pub fn grid(s: &Scenarios, window: &str, metric: &str) -> Option<Grid> {
    let m = s.metric_index(metric)?;
    let points: Vec<(&[String], f64)> = s
        .variants
        .iter()
        .filter_map(|v| {
            let rf = s.find(v, window, PAIR[0])?;
            let cm = s.find(v, window, PAIR[1])?;
            Some((rf.params.as_slice(), rf.metrics[m] - cm.metrics[m]))
        })
        .collect();
    let axes = axes_by_importance(s, &points);
    grid_of(
        s,
        metric,
        &points,
        axes.first().copied()?,
        axes.get(1).copied(),
    )
}

/// The swept parameters with more than one value, most important first: the share of the
/// variance of the points' values that the parameter's means explain (between-group
/// variance over total variance); ties by more distinct values, then column order.
pub fn axes_by_importance(s: &Scenarios, points: &[(&[String], f64)]) -> Vec<usize> {
    let finite: Vec<&(&[String], f64)> = points.iter().filter(|p| p.1.is_finite()).collect();
    let n = finite.len() as f64;
    let mean = finite.iter().map(|p| p.1).sum::<f64>() / n.max(1.0);
    let total: f64 = finite.iter().map(|p| (p.1 - mean).powi(2)).sum();
    let mut axes: Vec<(usize, f64, usize)> = (0..s.param_names.len())
        .filter_map(|p| {
            let mut groups: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
            for (params, v) in &finite {
                let g = groups.entry(params[p].as_str()).or_default();
                g.0 += v;
                g.1 += 1;
            }
            let distinct = sorted_values(s, p).len();
            if distinct < 2 {
                return None;
            }
            let between: f64 = groups
                .values()
                .map(|(sum, k)| *k as f64 * (sum / *k as f64 - mean).powi(2))
                .sum();
            let share = if total > 0.0 { between / total } else { 0.0 };
            Some((p, share, distinct))
        })
        .collect();
    axes.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    axes.into_iter().map(|a| a.0).collect()
}

/// The grid named `name` of the mean of `points` over parameter `px` (x) and `py` (y, or
/// one row), averaged over the other parameters; `None` when no point falls in a cell.
pub fn grid_of(
    s: &Scenarios,
    name: &str,
    points: &[(&[String], f64)],
    px: usize,
    py: Option<usize>,
) -> Option<Grid> {
    let x_values = sorted_values(s, px);
    let y_values = py.map_or_else(|| vec!["(all)".to_string()], |p| sorted_values(s, p));
    let mut sums = vec![vec![(0.0_f64, 0_usize); x_values.len()]; y_values.len()];
    for (params, d) in points {
        if !d.is_finite() {
            continue;
        }
        let xi = x_values.iter().position(|x| *x == params[px]);
        let yi = py.map_or(Some(0), |py| y_values.iter().position(|y| *y == params[py]));
        if let (Some(xi), Some(yi)) = (xi, yi) {
            sums[yi][xi].0 += d;
            sums[yi][xi].1 += 1;
        }
    }
    if sums.iter().flatten().all(|c| c.1 == 0) {
        return None;
    }
    Some(Grid {
        metric: name.to_string(),
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
