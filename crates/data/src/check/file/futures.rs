//! Checks of VX futures files: per-contract settles (outliers excluded from the history),
//! OHLC consistency on traded and no-trade rows, expiries, and continuous files.

use chrono::{Datelike, Days, Weekday};

use crate::contract::{month_name, standard_expiry};
use crate::finding::{Finding, Severity, Tally, shown};
use crate::formats::{ColumnTable, ContractTable};

use super::series::{MAX_LEVEL, SeriesCounts, implausible};

/// |log change| of a settle, away from and back to its neighbours, that marks a one-day
/// spike (the README's bad settles: 23.55 -> 1.00 -> 23.48, 32.16 -> 18.14 -> 35.00).
pub const SPIKE_LOG: f64 = 0.25;
/// |log change| between a contract's first settle and the next that marks the first settle
/// as an outlier (10.25 -> 20.00 for CFE_G14 on 2013-05-28), when the next day is calm.
pub const FIRST_SETTLE_LOG: f64 = 0.4;
/// |log change| on the day after a suspicious first settle that still counts as calm.
const CALM_LOG: f64 = 0.1;

/// Rows (indices into the table) whose settle is an outlier, with the reason.
///
/// Rules: an interior settle that moves more than [`SPIKE_LOG`] away from the previous
/// settle and more than [`SPIKE_LOG`] back on the next, ending within half the smaller move
/// of where it started (a one-day spike); or a contract's first settle more than
/// [`FIRST_SETTLE_LOG`] away from the second when the third is within `CALM_LOG` (0.1) of the
/// second. The last settle (final settlement at the special opening quotation) is never
/// judged.
pub fn outlier_settles(t: &ContractTable) -> Vec<(usize, String)> {
    let idx: Vec<usize> = (0..t.settle.len())
        .filter(|&i| t.settle[i].is_finite() && t.settle[i] > 0.0)
        .collect();
    let s = |k: usize| t.settle[idx[k]];
    let mut out = Vec::new();
    if idx.len() >= 3 {
        let (d1, d2) = ((s(1) / s(0)).ln(), (s(2) / s(1)).ln());
        if d1.abs() > FIRST_SETTLE_LOG && d2.abs() < CALM_LOG {
            out.push((
                idx[0],
                format!(
                    "first settle {} vs {} the next day",
                    shown(s(0)),
                    shown(s(1))
                ),
            ));
        }
    }
    for (k, w) in idx.windows(3).enumerate() {
        let (a, b, c) = (t.settle[w[0]], t.settle[w[1]], t.settle[w[2]]);
        let (d1, d2, net) = ((b / a).ln(), (c / b).ln(), (c / a).ln());
        if d1.abs() > SPIKE_LOG
            && d2.abs() > SPIKE_LOG
            && d1.signum() != d2.signum()
            && net.abs() < 0.5 * d1.abs().min(d2.abs())
        {
            out.push((
                idx[k + 1],
                format!("settle {} between {} and {}", shown(b), shown(a), shown(c)),
            ));
        }
    }
    out
}

/// Check the contracts of a VX file.
pub(crate) fn check_contracts(cs: &[ContractTable], out: &mut Vec<Finding>) -> SeriesCounts {
    let mut negative = Tally::default();
    let mut too_big = Tally::default();
    let mut traded_violations = Tally::default();
    let mut no_trade_violations = Tally::default();
    let mut outliers = Tally::default();
    let mut tuesday = Tally::default();
    let mut unfinished = Tally::default();
    let data_end = cs
        .iter()
        .filter_map(|c| c.dates.iter().max())
        .max()
        .copied();
    for c in cs {
        let m = month_name(c.month);
        for i in 0..c.dates.len() {
            let (o, h, l, cl, st) = (c.open[i], c.high[i], c.low[i], c.close[i], c.settle[i]);
            let (d, line) = (c.dates[i], c.lines[i]);
            let row = || {
                let [o, h, l, cl, st] = [o, h, l, cl, st].map(shown);
                format!("{m} line {line}: {d} O {o} H {h} L {l} C {cl} settle {st}")
            };
            if [o, h, l, cl, st].iter().any(|v| *v < 0.0) {
                negative.add(row);
                continue;
            }
            if [o, h, l, cl, st].iter().any(|v| *v > MAX_LEVEL) {
                too_big.add(row);
                continue;
            }
            if ![o, h, l, cl].iter().all(|v| v.is_finite()) {
                continue;
            }
            let traded = o > 0.0 && cl > 0.0;
            let bad = if traded {
                h < o.max(cl) || l > o.min(cl) || h < l
            } else {
                h < l || (cl > 0.0 && (cl > h || cl < l))
            };
            if bad && traded {
                traded_violations.add(row);
            } else if bad {
                no_trade_violations.add(row);
            }
        }
        for (i, why) in outlier_settles(c) {
            outliers.add(|| format!("{m} line {}: {}: {why}", c.lines[i], c.dates[i]));
        }
        let last = c.dates.iter().max().copied();
        if let Some(last) = last {
            let expiry = standard_expiry(c.month);
            let final_row = last >= expiry - Days::new(3) && last <= expiry;
            if final_row && last.weekday() == Weekday::Tue {
                tuesday.add(|| format!("{m}: {last}"));
            }
            if last < expiry - Days::new(3) {
                let why = if Some(last) == data_end {
                    "file ends"
                } else {
                    "rows stop"
                };
                unfinished.add(|| format!("{m}: last row {last} ({why}), expiry {expiry}"));
            }
        }
    }
    let counts = SeriesCounts {
        ohlc_violations: traded_violations.count,
        non_positive: negative.count,
        jumps: outliers.count,
    };
    out.extend(negative.finding(Severity::Error, "non_positive", |n| {
        format!("{n} rows with a negative price; accepted: prices >= 0 (0 = no trade / no settle)")
    }));
    out.extend(implausible(too_big, MAX_LEVEL, "VIX points"));
    out.extend(traded_violations.finding(Severity::Warning, "ohlc_violation", |n| {
        format!("{n} traded rows where High < max(Open, Close), Low > min(Open, Close) or High < Low")
    }));
    out.extend(no_trade_violations.finding(Severity::Info, "no_trade_ohlc", |n| {
        format!("{n} no-trade rows with High < Low or Close outside High/Low (quotes, not trades; only the settle is used)")
    }));
    out.extend(outliers.finding(Severity::Warning, "outlier_settle", |n| {
        format!("{n} settles look wrong (one-day spike or a first settle far from the next) and are excluded from the history")
    }));
    out.extend(tuesday.finding(Severity::Info, "tuesday_expiry", |n| {
        format!("{n} contracts expire on a Tuesday (holiday-shifted expiration, genuine)")
    }));
    out.extend(
        unfinished.finding(Severity::Info, "rows_stop_before_expiry", |n| {
            format!("{n} contracts have no rows up to their expiration (file ends or stops early)")
        }),
    );
    counts
}

/// Check a continuous futures / term-structure table: positive settles and jumps.
pub(crate) fn check_columns(
    t: &ColumnTable,
    jump: Option<f64>,
    out: &mut Vec<Finding>,
) -> SeriesCounts {
    let mut bad = Tally::default();
    let mut too_big = Tally::default();
    let mut jumps = Tally::default();
    // Quandl files: the settle; term-structure files: every column.
    let checked: Vec<&(String, Vec<f64>)> = match t.column("settle") {
        Some(_) => t.columns.iter().filter(|(n, _)| n == "settle").collect(),
        None => t.columns.iter().collect(),
    };
    for (name, v) in checked {
        for i in 0..v.len() {
            let (d, line) = (t.dates[i], t.lines[i]);
            if v[i] <= 0.0 {
                bad.add(|| format!("line {line}: {d} {name} {}", shown(v[i])));
            } else if v[i] > MAX_LEVEL {
                too_big.add(|| format!("line {line}: {d} {name} {}", shown(v[i])));
            } else if let (Some(th), true) = (jump, i > 0 && v[i - 1] > 0.0) {
                let r = (v[i] / v[i - 1]).ln();
                if r.abs() > th {
                    jumps.add(|| {
                        format!(
                            "line {line}: {d} {name} {} -> {} ({:+.1}%)",
                            shown(v[i - 1]),
                            shown(v[i]),
                            (r.exp() - 1.0) * 100.0
                        )
                    });
                }
            }
        }
    }
    let counts = SeriesCounts {
        ohlc_violations: 0,
        non_positive: bad.count,
        jumps: jumps.count,
    };
    out.extend(bad.finding(Severity::Error, "non_positive", |n| {
        format!("{n} zero or negative settles; accepted: settles > 0")
    }));
    out.extend(implausible(too_big, MAX_LEVEL, "points"));
    out.extend(jumps.finding(Severity::Warning, "jump", |n| {
        format!(
            "{n} daily moves above {:.0}% in log terms (check they are real)",
            jump.unwrap_or(0.0) * 100.0
        )
    }));
    counts
}
