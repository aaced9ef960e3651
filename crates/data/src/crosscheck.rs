//! Checks across files: how far each optional series covers the history, and whether the
//! continuous VX files agree with the per-contract settles.

use chrono::NaiveDate;

use std::collections::BTreeMap;

use crate::contract::month_name;
use crate::finding::{Finding, Severity, Tally};
use crate::formats::{FileData, ParsedFile};
use crate::history::MarketHistory;
use crate::load::Selection;
use crate::scan::Role;
use crate::vx_merge::MergedVx;

/// Settles closer than this (VIX points) agree.
const SAME_SETTLE: f64 = 0.005;

/// Where optional series start after or end before the history.
pub(crate) fn coverage(h: &MarketHistory, sel: &Selection) -> Vec<Finding> {
    let mut out = Vec::new();
    let n = h.len();
    let series: [(Role, &Vec<f64>); 5] = [
        (Role::Vix9d, &h.vix9d),
        (Role::Vix3m, &h.vix3m),
        (Role::Vix6m, &h.vix6m),
        (Role::Vvix, &h.vvix),
        (Role::Rate, &h.rate),
    ];
    for (role, v) in series {
        if sel.path(role).is_none() {
            out.push(Finding::new(
                Severity::Info,
                "series_absent",
                0,
                format!(
                    "no {} file: that column of the history is empty",
                    role.name()
                ),
            ));
            continue;
        }
        let (Some(first), Some(last)) = (
            v.iter().position(|x| x.is_finite()),
            v.iter().rposition(|x| x.is_finite()),
        ) else {
            continue;
        };
        if first > 0 {
            out.push(Finding::new(
                Severity::Info,
                "series_starts_late",
                first,
                format!(
                    "{} starts on {}: the first {first} days of the history have no value",
                    role.name(),
                    h.dates[first]
                ),
            ));
        }
        if last + 1 < n {
            let severity = if role == Role::Rate {
                Severity::Warning
            } else {
                Severity::Info
            };
            out.push(Finding::new(
                severity,
                "series_ends_early",
                n - last - 1,
                format!(
                    "{} ends on {}: the last {} days of the history (to {}) have no value",
                    role.name(),
                    h.dates[last],
                    n - last - 1,
                    h.dates[n - 1]
                ),
            ));
        }
    }
    out
}

/// Settles by date: the contracts with a settle that day, nearest first.
type Curves = BTreeMap<NaiveDate, Vec<((i32, u32), f64)>>;

fn curves(vx: &MergedVx) -> Curves {
    let mut out: Curves = BTreeMap::new();
    for (&m, settles) in &vx.contracts {
        for (&d, &v) in settles {
            out.entry(d).or_default().push((m, v));
        }
    }
    out
}

/// The `k`-th (1 = front) contract with a settle on `date` and its settle.
fn nth(curves: &Curves, date: NaiveDate, k: usize) -> Option<((i32, u32), f64)> {
    curves.get(&date)?.get(k - 1).copied()
}

/// True when `date` is the last settle date (expiry) of the front contract.
fn is_front_expiry(vx: &MergedVx, curves: &Curves, date: NaiveDate) -> bool {
    nth(curves, date, 1)
        .and_then(|(m, _)| vx.contracts.get(&m)?.keys().next_back().copied())
        .is_some_and(|last| last == date)
}

/// Compare a continuous VX file with the per-contract settles.
pub(crate) fn continuous_vs_contracts(f: &ParsedFile, vx: &MergedVx) -> Vec<Finding> {
    let FileData::Columns(t) = &f.data else {
        return Vec::new();
    };
    if vx.contracts.is_empty() {
        return Vec::new();
    }
    let curves = curves(vx);
    // (column, rank): Quandl files hold one contract (rank found by best agreement).
    let columns: Vec<(&str, &[f64], usize)> = match t.column("settle") {
        Some(settle) => {
            let best = (1..=3)
                .min_by_key(|&k| compare(&t.dates, settle, vx, &curves, k).1.count)
                .unwrap_or(1);
            vec![("settle", settle, best)]
        }
        None => (1..=8)
            .filter_map(|k| {
                let name = format!("VX{k}");
                t.columns
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(n, v)| (n.as_str(), v.as_slice(), k))
            })
            .collect(),
    };
    let mut out = Vec::new();
    let mut agree_total = 0;
    let mut compared_total = 0;
    let mut early_total = Tally::default();
    let mut wrong_total = Tally::default();
    for (name, values, k) in columns {
        let (agree, wrong, early, compared) = compare(&t.dates, values, vx, &curves, k);
        agree_total += agree;
        compared_total += compared;
        early_total.count += early.count;
        for x in early.examples {
            if early_total.examples.len() < crate::finding::MAX_EXAMPLES {
                early_total.examples.push(format!("{name}: {x}"));
            }
        }
        wrong_total.count += wrong.count;
        for x in wrong.examples {
            if wrong_total.examples.len() < crate::finding::MAX_EXAMPLES {
                wrong_total
                    .examples
                    .push(format!("{name} (contract {k}): {x}"));
            }
        }
    }
    out.push(Finding::new(
        Severity::Info,
        "vx_crosscheck",
        compared_total,
        format!("agrees with the per-contract settles on {agree_total} of {compared_total} comparable contract-days"),
    ));
    out.extend(early_total.finding(Severity::Info, "vx_rolled_early", |n| {
        format!("on {n} contract-days (expiry days) the column already shows the next contract: rolled the day before expiry")
    }));
    out.extend(wrong_total.finding(Severity::Warning, "vx_continuous_mismatch", |n| {
        format!("{n} values disagree with the settle of the contract they should show (wrong contract or wrong value)")
    }));
    out
}

/// (agreeing days, mismatches, rolled-early days, compared days) for rank `k`.
fn compare(
    dates: &[NaiveDate],
    values: &[f64],
    vx: &MergedVx,
    curves: &Curves,
    k: usize,
) -> (usize, Tally, Tally, usize) {
    let mut agree = 0;
    let mut compared = 0;
    let mut wrong = Tally::default();
    let mut early = Tally::default();
    for (i, &d) in dates.iter().enumerate() {
        let Some((month, expected)) = nth(curves, d, k) else {
            continue;
        };
        compared += 1;
        let v = values[i];
        if (v - expected).abs() <= SAME_SETTLE {
            agree += 1;
        } else if is_front_expiry(vx, curves, d)
            && nth(curves, d, k + 1).is_some_and(|(_, n)| (v - n).abs() <= SAME_SETTLE)
        {
            early.add(|| format!("{d}"));
        } else {
            wrong.add(|| format!("{d}: {v} vs {} settle {expected}", month_name(month)));
        }
    }
    (agree, wrong, early, compared)
}
