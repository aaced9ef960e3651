//! Hedge cost and payoff per calendar year: `annual.csv`, or the hedge-sleeve rows of
//! `ledger.csv` when the runner did not write it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::Datelike;
use ringfence_schema::run_dir;

use crate::error::{ReportError, Result};
use crate::table::{Table, column_index, parse_f64, read_bytes, scan};

/// One calendar year of one scenario (USD, positive numbers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HedgeYear {
    /// Calendar year.
    pub year: i32,
    /// Premium, fees and slippage paid on hedge legs, USD (>= 0).
    pub cost_usd: f64,
    /// Proceeds from hedge sales and settlements, USD (>= 0).
    pub payoff_usd: f64,
}

/// Where the per-year hedge figures came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HedgeSource {
    /// `annual.csv`.
    Annual,
    /// Hedge-sleeve rows of `ledger.csv`.
    Ledger,
}

/// Per-year hedge cost and payoff of the `selected` scenarios; `None` when neither
/// `annual.csv` nor `ledger.csv` exists.
///
/// # Errors
/// Truncated files, missing columns, unparseable numbers or dates, each naming the file.
#[allow(clippy::type_complexity)]
pub fn read(
    dir: &Path,
    selected: &BTreeSet<String>,
) -> Result<Option<(HedgeSource, BTreeMap<String, Vec<HedgeYear>>)>> {
    if let Some(t) = Table::read_optional(&dir.join(run_dir::ANNUAL_CSV))? {
        let c_s = t.require("scenario")?;
        let c_y = t.require("year")?;
        let c_cost = t.require("hedge_cost_usd")?;
        let c_pay = t.require("hedge_payoff_usd")?;
        let mut out: BTreeMap<String, Vec<HedgeYear>> = BTreeMap::new();
        for r in 0..t.len() {
            if !selected.contains(t.str(r, c_s)) {
                continue;
            }
            let year = t.f64(r, c_y)?;
            out.entry(t.str(r, c_s).to_string())
                .or_default()
                .push(HedgeYear {
                    year: year as i32,
                    cost_usd: t.f64(r, c_cost)?.abs(),
                    payoff_usd: t.f64(r, c_pay)?,
                });
        }
        return Ok(Some((HedgeSource::Annual, out)));
    }
    let path = dir.join(run_dir::LEDGER_CSV);
    let Some(bytes) = read_bytes(&path)? else {
        return Ok(None);
    };
    // Premium is split by sign row by row (purchases are cost, sales payoff); every other
    // kind (settlement, variation margin, commission, slippage...) is netted per year first.
    let mut sums: BTreeMap<(String, i32, String), (f64, f64)> = BTreeMap::new();
    let (p, sums_ref) = (path.as_path(), &mut sums);
    scan(p, &bytes, move |h| {
        let c_s = column_index(p, h, "scenario")?;
        let c_date = column_index(p, h, "date")?;
        let c_sleeve = column_index(p, h, "sleeve")?;
        let c_amount = column_index(p, h, "amount_usd")?;
        let c_kind = h.iter().position(|c| c == "kind");
        Ok(move |rec: &csv::StringRecord, line| {
            let get = |c: usize| rec.get(c).unwrap_or("").trim();
            if get(c_sleeve) != "hedge" || !selected.contains(get(c_s)) {
                return Ok(());
            }
            let bad = |column: &str, value: &str, expected| ReportError::Value {
                path: p.to_path_buf(),
                line,
                column: column.into(),
                value: value.into(),
                expected,
            };
            let date = chrono::NaiveDate::parse_from_str(get(c_date), "%Y-%m-%d")
                .map_err(|_| bad("date", get(c_date), "a date YYYY-MM-DD"))?;
            let amount = parse_f64(get(c_amount))
                .ok_or_else(|| bad("amount_usd", get(c_amount), "a number"))?;
            if !amount.is_finite() {
                return Ok(());
            }
            let kind = c_kind.map_or("", get).to_string();
            let e = sums_ref
                .entry((get(c_s).to_string(), date.year(), kind.clone()))
                .or_insert((0.0, 0.0));
            if kind == "premium" {
                if amount < 0.0 {
                    e.0 -= amount;
                } else {
                    e.1 += amount;
                }
            } else {
                e.1 += amount; // net, split below
            }
            Ok(())
        })
    })?;
    let mut years: BTreeMap<(String, i32), (f64, f64)> = BTreeMap::new();
    for ((scenario, year, kind), (cost, net)) in sums {
        let y = years.entry((scenario, year)).or_insert((0.0, 0.0));
        if kind == "premium" {
            y.0 += cost;
            y.1 += net;
        } else if net < 0.0 {
            y.0 -= net;
        } else {
            y.1 += net;
        }
    }
    let mut out: BTreeMap<String, Vec<HedgeYear>> = BTreeMap::new();
    for ((scenario, year), (cost, payoff)) in years {
        out.entry(scenario).or_default().push(HedgeYear {
            year,
            cost_usd: cost,
            payoff_usd: payoff,
        });
    }
    Ok(Some((HedgeSource::Ledger, out)))
}
