//! Checks across files: how far each optional series covers the history, and whether the
//! continuous VX files agree with the per-contract settles.

use chrono::NaiveDate;

use std::collections::BTreeMap;

use crate::contract::month_name;
use crate::finding::{Finding, Severity, Tally, shown};
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
            wrong.add(|| {
                format!(
                    "{d}: {} vs {} settle {}",
                    shown(v),
                    month_name(month),
                    shown(expected)
                )
            });
        }
    }
    (agree, wrong, early, compared)
}

/// Compare an SPX file with the SPX file the history uses, on dates from 1990 inside both
/// files' ranges: missing dates and differing closes, highs and lows.
pub(crate) fn spx_vs_used(f: &ParsedFile, used: &ParsedFile) -> Vec<Finding> {
    let (FileData::Ohlc(a), FileData::Ohlc(b)) = (&f.data, &used.data) else {
        return Vec::new();
    };
    let from = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default();
    let (Some(a_last), Some(b_last)) = (a.dates.iter().max(), b.dates.iter().max()) else {
        return Vec::new();
    };
    let to = *a_last.min(b_last);
    let index = |t: &crate::formats::OhlcTable| -> BTreeMap<NaiveDate, usize> {
        (0..t.dates.len())
            .filter(|&k| t.dates[k] >= from && t.dates[k] <= to)
            .map(|k| (t.dates[k], k))
            .collect()
    };
    let (ia, ib) = (index(a), index(b));
    let mut only_here = Tally::default();
    let mut only_there = Tally::default();
    let mut close = Tally::default();
    let mut high_low = Tally::default();
    let (mut max_close, mut max_hl) = (0.0f64, 0.0f64);
    let mut common = 0;
    for (d, &k) in &ia {
        let Some(&j) = ib.get(d) else {
            only_here.add(|| d.to_string());
            continue;
        };
        common += 1;
        let dc = (a.close[k] - b.close[j]).abs();
        if dc > 0.005 {
            max_close = max_close.max(dc / b.close[j]);
            close.add(|| format!("{d}: close {} vs {}", a.close[k], b.close[j]));
        }
        let dh = (a.high[k] - b.high[j])
            .abs()
            .max((a.low[k] - b.low[j]).abs());
        if dh > 0.005 {
            max_hl = max_hl.max(dh);
            high_low.add(|| {
                format!(
                    "{d}: H/L {}/{} vs {}/{}",
                    a.high[k], a.low[k], b.high[j], b.low[j]
                )
            });
        }
    }
    for d in ib.keys().filter(|d| !ia.contains_key(d)) {
        only_there.add(|| d.to_string());
    }
    let other = used
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = vec![Finding::new(
        Severity::Info,
        "spx_crosscheck",
        common,
        format!("compared with {other} on {common} common days from 1990 to {to}"),
    )];
    let close_severity = if max_close > 0.01 {
        Severity::Warning
    } else {
        Severity::Info
    };
    out.extend(close.finding(close_severity, "spx_close_differs", |n| {
        format!(
            "close differs from {other} on {n} days (largest {:.3}%)",
            max_close * 100.0
        )
    }));
    out.extend(
        high_low.finding(Severity::Info, "spx_high_low_differs", |n| {
            format!("High or Low differs from {other} on {n} days (largest {max_hl:.2} points)")
        }),
    );
    out.extend(
        only_here.finding(Severity::Info, "spx_dates_only_here", |n| {
            format!("{n} dates from 1990 are not in {other}")
        }),
    );
    out.extend(
        only_there.finding(Severity::Info, "spx_dates_missing", |n| {
            format!("{n} dates of {other} from 1990 are missing here")
        }),
    );
    out
}
