//! Model vs market, for runs priced from real chains: `fills.csv` (each option leg traded
//! on a chain day with the model's mid beside the chain's; rows the chain lacked skipped) summarised as the distribution of
//! model - chain mid by moneyness, days to expiry and VIX; `chain_fills.csv` (prices from
//! the chain and filled by the model) summed over scenarios. Both files are optional:
//! runs without chains have neither.

use std::path::Path;

use ringfence_schema::{columns, run_dir};

use crate::error::{ReportError, Result};
use crate::table::{Table, parse_f64};

/// One bucket of the model - mid distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    /// Label (`0.95-1.00`, `< 21 d`, `VIX 15-20`).
    pub label: String,
    /// Entries in the bucket.
    pub n: usize,
    /// Median of model - mid, points.
    pub median: f64,
    /// 10th percentile, points.
    pub p10: f64,
    /// 90th percentile, points.
    pub p90: f64,
    /// Median of (model - mid) / mid.
    pub median_rel: f64,
    /// Share of entries whose model price lies within the chain's bid and ask.
    pub inside: f64,
}

/// The model-vs-market summary of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelVsMarket {
    /// All entries, then by moneyness, by days to expiry, by VIX.
    pub groups: Vec<(&'static str, Vec<Bucket>)>,
    /// `chain_fills.csv` columns summed over scenarios (name, total).
    pub fills: Vec<(String, u64)>,
}

struct Row {
    moneyness: f64,
    dte: f64,
    vix: f64,
    diff: f64,
    rel: f64,
    inside: bool,
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i]
}

fn bucket(label: String, rows: &[&Row]) -> Bucket {
    let mut d: Vec<f64> = rows.iter().map(|r| r.diff).collect();
    d.sort_by(f64::total_cmp);
    let mut rel: Vec<f64> = rows.iter().map(|r| r.rel).collect();
    rel.sort_by(f64::total_cmp);
    Bucket {
        label,
        n: rows.len(),
        median: quantile(&d, 0.5),
        p10: quantile(&d, 0.1),
        p90: quantile(&d, 0.9),
        median_rel: quantile(&rel, 0.5),
        inside: rows.iter().filter(|r| r.inside).count() as f64 / rows.len().max(1) as f64,
    }
}

fn split(
    rows: &[Row],
    edges: &[f64],
    key: impl Fn(&Row) -> f64,
    fmt: impl Fn(f64, f64) -> String,
) -> Vec<Bucket> {
    let mut out = Vec::new();
    let mut bounds = vec![f64::NEG_INFINITY];
    bounds.extend_from_slice(edges);
    bounds.push(f64::INFINITY);
    for w in bounds.windows(2) {
        let r: Vec<&Row> = rows
            .iter()
            .filter(|r| key(r) >= w[0] && key(r) < w[1])
            .collect();
        if !r.is_empty() {
            out.push(bucket(fmt(w[0], w[1]), &r));
        }
    }
    out
}

fn range_label(lo: f64, hi: f64, unit: &str) -> String {
    match (lo.is_finite(), hi.is_finite()) {
        (false, _) => format!("< {hi}{unit}"),
        (_, false) => format!(">= {lo}{unit}"),
        _ => format!("{lo}-{hi}{unit}"),
    }
}

impl ModelVsMarket {
    /// Read `fills.csv` and `chain_fills.csv` of `dir`; `None` when the run had no chains.
    ///
    /// # Errors
    /// A malformed file or a missing column, named.
    pub fn read(dir: &Path) -> Result<Option<ModelVsMarket>> {
        let Some(t) = Table::read_optional(&dir.join(run_dir::FILLS_CSV))? else {
            return Ok(None);
        };
        let num = |t: &Table, r: usize, c: usize| -> Result<f64> {
            parse_f64(t.str(r, c)).ok_or_else(|| ReportError::Value {
                path: t.path().to_path_buf(),
                line: t.line(r),
                column: t.headers()[c].clone(),
                value: t.str(r, c).to_string(),
                expected: "a number",
            })
        };
        let c = |name: &str| t.require(name);
        let (cm, cd, cv) = (c("moneyness")?, c("dte")?, c("vix")?);
        let (cmod, cb, ca, cmid) = (c("model")?, c("bid")?, c("ask")?, c("mid")?);
        // The chain moved to the close (a run written before the column: the mid).
        let cclose = t.col("chain_at_close");
        // Trades the chain lacked (`source` = `model`) have no chain price to compare.
        let source = t.headers().iter().position(|h| h == "source");
        let mut rows = Vec::with_capacity(t.len());
        for r in 0..t.len() {
            if source.is_some_and(|c| t.str(r, c) == "model") {
                continue;
            }
            let (model, bid, ask, quoted_mid) = (
                num(&t, r, cmod)?,
                num(&t, r, cb)?,
                num(&t, r, ca)?,
                num(&t, r, cmid)?,
            );
            let mid = match cclose {
                Some(c) => num(&t, r, c)?,
                None => quoted_mid,
            };
            // The quote's bid and ask moved with its mid.
            let (bid, ask) = (bid + mid - quoted_mid, ask + mid - quoted_mid);
            rows.push(Row {
                moneyness: num(&t, r, cm)?,
                dte: num(&t, r, cd)?,
                vix: num(&t, r, cv)?,
                diff: model - mid,
                rel: if mid > 0.0 {
                    (model - mid) / mid
                } else {
                    f64::NAN
                },
                inside: bid <= model && model <= ask,
            });
        }
        let all: Vec<&Row> = rows.iter().collect();
        let groups = vec![
            ("all trades", vec![bucket("all".into(), &all)]),
            (
                "moneyness (strike / SPX)",
                split(
                    &rows,
                    &[0.9, 0.95, 1.0, 1.05],
                    |r| r.moneyness,
                    |a, b| range_label(a, b, ""),
                ),
            ),
            (
                "days to expiry",
                split(
                    &rows,
                    &[21.0, 35.0, 50.0],
                    |r| r.dte,
                    |a, b| range_label(a, b, " d"),
                ),
            ),
            (
                "VIX",
                split(
                    &rows,
                    &[15.0, 20.0, 30.0],
                    |r| r.vix,
                    |a, b| range_label(a, b, ""),
                ),
            ),
        ];
        let mut fills: Vec<(String, u64)> = columns::CHAIN_FILLS[1..]
            .iter()
            .map(|c| (c.to_string(), 0))
            .collect();
        if let Some(f) = Table::read_optional(&dir.join(run_dir::CHAIN_FILLS_CSV))? {
            // A run written before a column existed reads 0 for it.
            for (name, total) in fills.iter_mut() {
                let Some(col) = f.col(name) else {
                    continue;
                };
                for r in 0..f.len() {
                    *total += f.str(r, col).parse::<u64>().unwrap_or(0);
                }
            }
        }
        Ok(Some(ModelVsMarket { groups, fills }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_minus_mid_is_bucketed_by_moneyness_dte_and_vix() {
        let dir = tempfile::tempdir().unwrap();
        let fills = "scenario,date,expiry,right,strike,underlying,moneyness,dte,vix,source,model,bid,ask,mid,model_minus_mid\n\
            s0,2019-05-01,2019-06-14,P,2700,2900,0.931,44,14,chain,5.2,4.8,5.0,4.9,0.3\n\
            s0,2019-05-01,2019-06-14,P,2650,2900,0.914,44,14,chain,3.0,3.4,3.6,3.5,-0.5\n\
            s0,2019-05-02,2019-06-14,P,2600,2900,0.897,43,14,model,2.0,,,,\n\
            s0,2019-05-14,2019-06-07,C,3000,2850,1.053,24,20.5,chain,2.0,1.9,2.1,2.0,0\n";
        std::fs::write(dir.path().join(run_dir::FILLS_CSV), fills).unwrap();
        std::fs::write(
            dir.path().join(run_dir::CHAIN_FILLS_CSV),
            "scenario,entries_chain,entries_model_contract,entries_model_day,marks_chain,\
             marks_model_contract,marks_model_day,strikes_chain,strikes_model\n\
             s0,3,1,0,20,2,5,2,0\ns1,1,0,0,4,0,1,1,0\n",
        )
        .unwrap();
        let m = ModelVsMarket::read(dir.path()).unwrap().unwrap();
        let all = &m.groups[0].1[0];
        assert_eq!(all.n, 3);
        assert!((all.median - 0.0).abs() < 1e-12);
        assert!((all.p10 + 0.5).abs() < 1e-12 && (all.p90 - 0.3).abs() < 1e-12);
        assert!((all.inside - 1.0 / 3.0).abs() < 1e-12);
        let money: Vec<(&str, usize)> = m.groups[1]
            .1
            .iter()
            .map(|b| (b.label.as_str(), b.n))
            .collect();
        assert_eq!(money, [("0.9-0.95", 2), (">= 1.05", 1)]);
        let dte: Vec<usize> = m.groups[2].1.iter().map(|b| b.n).collect();
        assert_eq!(dte, [1, 2]);
        assert_eq!(m.fills[0], ("entries_chain".to_string(), 4));
        assert_eq!(m.fills[5], ("marks_model_day".to_string(), 6));
        // The file predates the carried counts: they read 0.
        assert_eq!(m.fills[9], ("marks_carried".to_string(), 0));
    }

    #[test]
    fn a_run_without_chains_has_no_model_vs_market() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(ModelVsMarket::read(dir.path()).unwrap(), None);
    }
}
