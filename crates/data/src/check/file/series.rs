//! Checks of index levels: OHLC consistency, non-positive values, close-only rows, Opens
//! that copy the previous close, jumps, and an intraday-looking last row.

use crate::finding::{Finding, Severity, Tally, shown};
use crate::formats::{OhlcTable, ValueTable};

/// Tolerance for price comparisons (prices carry at most 6 decimals).
const EPS: f64 = 1e-9;

/// Largest plausible index level or futures price, in index points (SPX peaked under
/// 7,000, VIX under 90, VX quoted 10x under 1,000): a larger value is a unit or
/// decimal-separator error, refused rather than read as a price.
pub const MAX_LEVEL: f64 = 1e6;

/// Largest plausible T-bill rate, in percent.
pub const MAX_RATE_PERCENT: f64 = 100.0;

/// Accepted range of an SPX dividend yield, percent a year: the index's yield has stayed
/// within about 1% (2000) and 14% (1932); a value below the range is most likely a fraction
/// (0.018 for 1.8%), one above it a unit error.
pub const DIV_YIELD_PERCENT_RANGE: (f64, f64) = (0.5, 20.0);

/// The finding for values above a plausible maximum.
pub(crate) fn implausible(tally: Tally, max: f64, unit: &str) -> Option<Finding> {
    tally.finding(Severity::Error, "implausible_value", |n| {
        format!("{n} rows with a value above {max} {unit}; accepted: values up to {max} {unit} (a unit or decimal-separator error?)")
    })
}

/// Two prices equal to the cent (SPX Opens copied from the previous close).
pub(crate) fn same_price(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.005
}

/// True for a close-only row (O = H = L = C).
pub(crate) fn close_only(o: f64, h: f64, l: f64, c: f64) -> bool {
    o == c && h == c && l == c
}

/// Counts the caller needs for the report summary.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SeriesCounts {
    pub ohlc_violations: usize,
    pub non_positive: usize,
    pub jumps: usize,
}

/// Check an OHLC table; `jump` is the |log change| of the close above which a move is reported.
pub(crate) fn check_ohlc(t: &OhlcTable, jump: Option<f64>, out: &mut Vec<Finding>) -> SeriesCounts {
    let mut non_positive = Tally::default();
    let mut too_big = Tally::default();
    let mut violations = Tally::default();
    let mut close_only_rows = 0usize;
    let mut last_close_only = None;
    let mut open_is_prev_close = 0usize;
    let mut open_is_prev_close_recent = 0usize;
    let mut rows_recent = 0usize;
    let recent = chrono::NaiveDate::from_ymd_opt(2014, 1, 1).unwrap_or_default();
    let mut jumps = Tally::default();
    for i in 0..t.dates.len() {
        let (o, h, l, c) = (t.open[i], t.high[i], t.low[i], t.close[i]);
        let (d, line) = (t.dates[i], t.lines[i]);
        let row = || {
            let [o, h, l, c] = [o, h, l, c].map(shown);
            format!("line {line}: {d} O {o} H {h} L {l} C {c}")
        };
        if [o, h, l, c].iter().any(|v| *v <= 0.0) {
            non_positive.add(row);
            continue;
        }
        if [o, h, l, c].iter().any(|v| *v > MAX_LEVEL) {
            too_big.add(row);
            continue;
        }
        if close_only(o, h, l, c) {
            close_only_rows += 1;
            last_close_only = Some(d);
        } else if [o, h, l].iter().all(|v| v.is_finite())
            && (h + EPS < o.max(c) || l - EPS > o.min(c) || h + EPS < l)
        {
            violations.add(row);
        }
        if d >= recent {
            rows_recent += 1;
        }
        if i > 0 && !close_only(o, h, l, c) && same_price(o, t.close[i - 1]) {
            open_is_prev_close += 1;
            if d >= recent {
                open_is_prev_close_recent += 1;
            }
        }
        if let (Some(th), true) = (jump, i > 0) {
            let prev = t.close[i - 1];
            let r = (c / prev).ln();
            if prev > 0.0 && r.abs() > th {
                jumps.add(|| {
                    format!(
                        "line {line}: {d} close {} -> {} ({:+.1}%)",
                        shown(prev),
                        shown(c),
                        (r.exp() - 1.0) * 100.0
                    )
                });
            }
        }
    }
    let counts = SeriesCounts {
        ohlc_violations: violations.count,
        non_positive: non_positive.count,
        jumps: jumps.count,
    };
    out.extend(non_positive.finding(Severity::Error, "non_positive", |n| {
        format!("{n} rows with a zero or negative price; accepted: index levels > 0")
    }));
    out.extend(implausible(too_big, MAX_LEVEL, "index points"));
    out.extend(violations.finding(Severity::Warning, "ohlc_violation", |n| {
        format!("{n} rows where High < max(Open, Close), Low > min(Open, Close) or High < Low (kept as published; only the close is relied on)")
    }));
    if let Some(last) = last_close_only {
        out.push(Finding::new(
            Severity::Info,
            "close_only_rows",
            close_only_rows,
            format!("{close_only_rows} close-only rows (Open = High = Low = Close), last {last}"),
        ));
    }
    if open_is_prev_close > 0 {
        let rows = t.dates.len().max(1);
        out.push(Finding::new(
            Severity::Info,
            "open_is_previous_close",
            open_is_prev_close,
            format!(
                "Open equals the previous Close on {open_is_prev_close} rows ({:.0}%; {:.0}% since 2014): not a real opening print there",
                100.0 * open_is_prev_close as f64 / rows as f64,
                100.0 * open_is_prev_close_recent as f64 / rows_recent.max(1) as f64
            ),
        ));
    }
    out.extend(jumps.finding(Severity::Warning, "jump", |n| {
        format!(
            "{n} daily moves of the close above {:.0}% in log terms (check they are real)",
            jump.unwrap_or(0.0) * 100.0
        )
    }));
    if let Some(f) = snapshot_last_row(t) {
        out.push(f);
    }
    counts
}

/// A last row whose volume is under half the median of the 20 rows before it looks like an
/// intraday snapshot rather than a closing print.
fn snapshot_last_row(t: &OhlcTable) -> Option<Finding> {
    let vol = t.volume.as_ref()?;
    let n = vol.len();
    if n < 21 {
        return None;
    }
    let mut prev: Vec<f64> = vol[n - 21..n - 1].to_vec();
    prev.sort_by(f64::total_cmp);
    let median = prev[prev.len() / 2];
    let last = vol[n - 1];
    (median > 0.0 && last < 0.5 * median).then(|| {
        Finding::new(
            Severity::Warning,
            "intraday_last_row",
            1,
            format!(
                "last row ({}) has volume {last:.0}, {:.0}% of the median of the 20 rows before: it looks like an intraday snapshot, not a close",
                t.dates[n - 1],
                100.0 * last / median
            ),
        )
    })
}

/// Check a dividend-yield table: every value within [`DIV_YIELD_PERCENT_RANGE`] (percent a
/// year).
pub(crate) fn check_div_yield(t: &ValueTable, out: &mut Vec<Finding>) -> SeriesCounts {
    let (lo, hi) = DIV_YIELD_PERCENT_RANGE;
    let mut bad = Tally::default();
    for ((&v, d), line) in t.values.iter().zip(&t.dates).zip(&t.lines) {
        if !v.is_nan() && !(lo..=hi).contains(&v) {
            bad.add(|| format!("line {line}: {d} {v}"));
        }
    }
    out.extend(bad.finding(Severity::Error, "div_yield_out_of_range", |n| {
        format!(
            "{n} rows outside {lo}-{hi}; accepted: the dividend yield in percent a year (1.8 = 1.8%; a fraction such as 0.018 is refused)"
        )
    }));
    SeriesCounts::default()
}

/// Check a single-value table: positive index levels (`rate = false`) or a rate that may be
/// negative (`rate = true`).
pub(crate) fn check_values(
    t: &ValueTable,
    rate: bool,
    jump: Option<f64>,
    out: &mut Vec<Finding>,
) -> SeriesCounts {
    let mut bad = Tally::default();
    let mut too_big = Tally::default();
    let mut jumps = Tally::default();
    let mut prev: Option<f64> = None;
    let max = if rate { MAX_RATE_PERCENT } else { MAX_LEVEL };
    for i in 0..t.dates.len() {
        let (v, d, line) = (t.values[i], t.dates[i], t.lines[i]);
        if v.is_nan() {
            continue;
        }
        if (rate && v < 0.0) || (!rate && v <= 0.0) {
            bad.add(|| format!("line {line}: {d} {}", shown(v)));
            continue;
        }
        if v > max {
            too_big.add(|| format!("line {line}: {d} {}", shown(v)));
            continue;
        }
        if let (Some(th), Some(p)) = (jump, prev) {
            let r = (v / p).ln();
            if r.abs() > th {
                jumps.add(|| {
                    format!(
                        "line {line}: {d} {} -> {} ({:+.1}%)",
                        shown(p),
                        shown(v),
                        (r.exp() - 1.0) * 100.0
                    )
                });
            }
        }
        prev = Some(v);
    }
    let counts = SeriesCounts {
        ohlc_violations: 0,
        non_positive: if rate { 0 } else { bad.count },
        jumps: jumps.count,
    };
    if rate {
        out.extend(bad.finding(Severity::Info, "negative_rate", |n| {
            format!("{n} negative values (real: T-bill yields dipped below zero)")
        }));
    } else {
        out.extend(bad.finding(Severity::Error, "non_positive", |n| {
            format!("{n} rows with a zero or negative value; accepted: index levels > 0")
        }));
    }
    out.extend(implausible(
        too_big,
        max,
        if rate { "percent" } else { "index points" },
    ));
    out.extend(jumps.finding(Severity::Warning, "jump", |n| {
        format!(
            "{n} daily moves above {:.0}% in log terms (check they are real)",
            jump.unwrap_or(0.0) * 100.0
        )
    }));
    counts
}
