//! Paired differences ring_fenced - commingled (`paired.csv`) and their bootstrap samples
//! (`bootstrap.csv`).

use std::collections::BTreeMap;
use std::path::Path;

use ringfence_schema::{layouts, run_dir};

use crate::error::Result;
use crate::scenario::Scenarios;
use crate::table::{Table, column_index, parse_f64, read_bytes, scan};

/// The two layouts compared.
pub const PAIR: [&str; 2] = layouts::PAIR;

/// One metric's paired difference for a (variant, window).
#[derive(Debug, Clone)]
pub struct PairedRow {
    /// Config variant id.
    pub variant: String,
    /// Window name.
    pub window: String,
    /// Metric name.
    pub metric: String,
    /// Metric of ring_fenced.
    pub ring_fenced: f64,
    /// Metric of commingled.
    pub commingled: f64,
    /// ring_fenced - commingled.
    pub diff: f64,
    /// Lower end of the bootstrap confidence interval of `diff` (NaN when not computed).
    pub ci_low: f64,
    /// Upper end of the confidence interval.
    pub ci_high: f64,
    /// Confidence level as a fraction (0.95), NaN when unknown.
    pub ci_level: f64,
}

/// Read `paired.csv` if present.
///
/// # Errors
/// A truncated file, a missing `metric`/`diff` column, a non-numeric value.
pub fn read(dir: &Path) -> Result<Option<Vec<PairedRow>>> {
    let Some(t) = Table::read_optional(&dir.join(run_dir::PAIRED_CSV))? else {
        return Ok(None);
    };
    let c_metric = t.require("metric")?;
    let c_diff = t.require("diff")?;
    let (c_variant, c_window) = (t.col("variant"), t.col("window"));
    let num =
        |r: usize, name: &str| -> Result<f64> { t.col(name).map_or(Ok(f64::NAN), |c| t.f64(r, c)) };
    let mut rows = Vec::with_capacity(t.len());
    for r in 0..t.len() {
        rows.push(PairedRow {
            variant: c_variant.map_or("base", |c| t.str(r, c)).to_string(),
            window: c_window
                .map_or(crate::scenario::MAIN_WINDOW, |c| t.str(r, c))
                .to_string(),
            metric: t.str(r, c_metric).to_string(),
            ring_fenced: num(r, "ring_fenced")?,
            commingled: num(r, "commingled")?,
            diff: t.f64(r, c_diff)?,
            ci_low: num(r, "ci_low")?,
            ci_high: num(r, "ci_high")?,
            ci_level: num(r, "ci_level")?,
        });
    }
    Ok(Some(rows))
}

/// Differences computed from `summary.csv` for one (variant, window), without a confidence
/// interval; empty when either layout is missing.
pub fn from_summary(s: &Scenarios, variant: &str, window: &str) -> Vec<PairedRow> {
    let (Some(rf), Some(cm)) = (
        s.find(variant, window, PAIR[0]),
        s.find(variant, window, PAIR[1]),
    ) else {
        return Vec::new();
    };
    s.metric_names
        .iter()
        .enumerate()
        .map(|(i, m)| PairedRow {
            variant: variant.to_string(),
            window: window.to_string(),
            metric: m.clone(),
            ring_fenced: rf.metrics[i],
            commingled: cm.metrics[i],
            diff: rf.metrics[i] - cm.metrics[i],
            ci_low: f64::NAN,
            ci_high: f64::NAN,
            ci_level: f64::NAN,
        })
        .collect()
}

/// Bootstrap differences per metric for one (variant, window) from `bootstrap.csv`
/// (`variant,window,metric,sample,diff`); `None` when the file is absent.
///
/// # Errors
/// A truncated file, a missing `metric`/`diff` column, a non-numeric diff.
pub fn bootstrap(
    dir: &Path,
    variant: &str,
    window: &str,
) -> Result<Option<BTreeMap<String, Vec<f64>>>> {
    let path = dir.join(run_dir::BOOTSTRAP_CSV);
    let Some(bytes) = read_bytes(&path)? else {
        return Ok(None);
    };
    let mut out: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let (p, out_ref) = (path.as_path(), &mut out);
    scan(p, &bytes, move |h| {
        let c_metric = column_index(p, h, "metric")?;
        let c_diff = column_index(p, h, "diff")?;
        let c_variant = h.iter().position(|c| c == "variant");
        let c_window = h.iter().position(|c| c == "window");
        Ok(move |rec: &csv::StringRecord, line| {
            let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(str::trim);
            if get(c_variant).is_some_and(|v| v != variant)
                || get(c_window).is_some_and(|w| w != window)
            {
                return Ok(());
            }
            let text = get(Some(c_diff)).unwrap_or("");
            let diff = parse_f64(text).ok_or_else(|| crate::error::ReportError::Value {
                path: p.to_path_buf(),
                line,
                column: "diff".into(),
                value: text.to_string(),
                expected: "a number",
            })?;
            let metric = get(Some(c_metric)).unwrap_or("").to_string();
            out_ref.entry(metric).or_default().push(diff);
            Ok(())
        })
    })?;
    Ok(Some(out))
}
