//! Alignment of the loaded series onto the SPX trading calendar.
//!
//! Rules:
//! - The SPX file's dates are the calendar. The history spans the dates where both SPX and
//!   VIX exist (from the later first date to the earlier last date).
//! - Every other series is joined by date. A day without a value (no row, or a row marked
//!   missing) takes the last value, carried forward for at most `max_fill_days`
//!   consecutive SPX days; every fill is counted. Longer gaps stay missing (NaN) and are
//!   counted. Nothing is filled before a series' first value or after its last.
//! - Rows with a value on dates that are not SPX trading days (inside the history's span)
//!   are dropped and counted.
//! - VIX must have a value (after filling) on every day: a longer gap is an error.
//! - `spx_open_is_real` is false on close-only rows (O = H = L = C), where the Open
//!   equals the previous row's Close to the cent, and before the first date of real opening
//!   prints (`LoadOptions::spx_real_opens_from`).
//! - SPX settlement values (SET) are joined by date and never carried forward.
//! - SPX dividend yields (percent a year) apply from their date on, whatever the day of the
//!   week: each day takes the latest value dated on or before it, at most
//!   [`DIV_YIELD_MAX_AGE_DAYS`] calendar days old (NaN otherwise: the model's constant), as
//!   a continuously compounded annual fraction `q = ln(1 + y/100)`.
//! - VIX Open, High or Low missing: the close stands in.
//! - Rate: FRED DTB3 discount-basis percent `d` -> continuously compounded annual fraction
//!   `r = -ln(1 - d/100 * 91/360) * 365/91`.

use chrono::NaiveDate;

use crate::check::file::{close_only, same_price};
use crate::formats::{FileData, OhlcTable, ParsedFile};
use crate::history::{
    AlignmentReport, MAX_LISTED_DATES, MarketHistory, Ohlc, SeriesAlignment, VxSettles,
};
use crate::vx_merge::MergedVx;
use crate::{DataError, Result};

/// A series as sorted (date, value) rows; NaN marks a row without a value.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rows {
    pub dates: Vec<NaiveDate>,
    pub values: Vec<f64>,
}

impl Rows {
    /// Rows of a single-value or OHLC file (closes), sorted by date.
    pub fn closes(file: &ParsedFile) -> Rows {
        let (dates, values) = match &file.data {
            FileData::Ohlc(t) => (&t.dates, &t.close),
            FileData::Values(t) => (&t.dates, &t.values),
            _ => return Rows::default(),
        };
        sorted(dates, values)
    }
}

fn sorted(dates: &[NaiveDate], values: &[f64]) -> Rows {
    let mut idx: Vec<usize> = (0..dates.len()).collect();
    idx.sort_by_key(|&i| dates[i]);
    Rows {
        dates: idx.iter().map(|&i| dates[i]).collect(),
        values: idx.iter().map(|&i| values[i]).collect(),
    }
}

/// Align `rows` onto `days` (ascending), carrying values forward at most `max_fill` days.
pub(crate) fn align_rows(
    name: &str,
    days: &[NaiveDate],
    rows: &Rows,
    max_fill: usize,
) -> (Vec<f64>, SeriesAlignment) {
    let mut out = vec![f64::NAN; days.len()];
    let mut rep = SeriesAlignment {
        name: name.to_string(),
        ..SeriesAlignment::default()
    };
    let valued = |k: usize| rows.values[k].is_finite();
    let first = (0..rows.dates.len())
        .find(|&k| valued(k))
        .map(|k| rows.dates[k]);
    let last = (0..rows.dates.len())
        .rev()
        .find(|&k| valued(k))
        .map(|k| rows.dates[k]);
    let (Some(first), Some(last), Some(&span_from)) = (first, last, days.first()) else {
        return (out, rep);
    };
    let mut j = 0;
    let mut carried: Option<f64> = None;
    let mut fills = 0usize;
    for (i, &d) in days.iter().enumerate() {
        let mut today = None;
        while j < rows.dates.len() && rows.dates[j] <= d {
            if rows.dates[j] == d {
                if valued(j) {
                    today = Some(rows.values[j]);
                }
            } else if valued(j) && rows.dates[j] >= span_from {
                rep.dropped_non_trading += 1;
                if rep.dropped_dates.len() < MAX_LISTED_DATES {
                    rep.dropped_dates.push(rows.dates[j]);
                }
            }
            j += 1;
        }
        if let Some(v) = today {
            out[i] = v;
            carried = Some(v);
            fills = 0;
        } else if d > first && d <= last {
            match carried {
                Some(v) if fills < max_fill => {
                    out[i] = v;
                    fills += 1;
                    rep.filled += 1;
                    if rep.filled_dates.len() < MAX_LISTED_DATES {
                        rep.filled_dates.push(d);
                    }
                }
                _ => rep.missing += 1,
            }
        }
    }
    (out, rep)
}

/// A settlement value farther than this share of the close outside its day's SPX range (the
/// low-high range and the previous close, which a close-only row's range leaves out) is
/// refused. Real SETs can lie outside, by up to about 1.1% (2008-09-19: 1279.31 against a high
/// of 1265.12; 1998-2023, 309 values); 3% is a value that does not belong to the day.
pub const SET_MAX_OUTSIDE_DAY: f64 = 0.03;

/// Refuse a settlement value of `file` (aligned as `set` onto `days`) that lies more than
/// [`SET_MAX_OUTSIDE_DAY`] of the close outside its day's range: a typo, another index's
/// file, or real values over a history that is not the real one (the synthetic set).
fn refuse_far_settlements(
    file: &ParsedFile,
    days: &[NaiveDate],
    spx: &Ohlc,
    set: &[f64],
) -> Result<()> {
    for (i, &v) in set.iter().enumerate() {
        let prev = if i > 0 {
            spx.close[i - 1]
        } else {
            spx.close[i]
        };
        let lo = spx.low[i].min(spx.high[i]).min(prev);
        let hi = spx.low[i].max(spx.high[i]).max(prev);
        if !v.is_finite() || !lo.is_finite() || !hi.is_finite() {
            continue;
        }
        let outside = (v - v.clamp(lo, hi)).abs() / spx.close[i];
        if outside > SET_MAX_OUTSIDE_DAY {
            let line = match &file.data {
                FileData::Values(t) => t
                    .dates
                    .iter()
                    .position(|d| *d == days[i])
                    .map_or(0, |k| t.lines[k] as usize),
                _ => 0,
            };
            return Err(DataError::Parse {
                path: file.path.clone(),
                line,
                column: "SET".into(),
                message: format!(
                    "{v} on {} lies {:.1}% of the close outside that day's SPX range {lo}-{hi} (low, high and the previous close); accepted: settlement values within {:.0}% of the day's range (real SETs stay within about 1%): is it a typo, another index's file, or real values over a history that is not the real one?",
                    days[i],
                    outside * 100.0,
                    SET_MAX_OUTSIDE_DAY * 100.0
                ),
            });
        }
    }
    Ok(())
}

/// Oldest dividend yield a day takes, in calendar days after the value's date: a yearly
/// file's value lasts to the next year's (with a month to spare), a file that stops does
/// not stand in for the years after it.
pub const DIV_YIELD_MAX_AGE_DAYS: i64 = 400;

/// Each day's latest value of `rows` dated on or before it and at most `max_age_days`
/// calendar days old, NaN where there is none (an as-of join for a slow series).
fn as_of(days: &[NaiveDate], rows: &Rows, max_age_days: i64) -> Vec<f64> {
    let mut out = vec![f64::NAN; days.len()];
    let mut j = 0;
    let mut latest: Option<(NaiveDate, f64)> = None;
    for (slot, &d) in out.iter_mut().zip(days) {
        while j < rows.dates.len() && rows.dates[j] <= d {
            if rows.values[j].is_finite() {
                latest = Some((rows.dates[j], rows.values[j]));
            }
            j += 1;
        }
        if let Some((from, v)) = latest
            && (d - from).num_days() <= max_age_days
        {
            *slot = v;
        }
    }
    out
}

/// Convert a dividend yield in percent a year (`D/P`) to a continuously compounded annual
/// fraction.
pub fn div_yield_to_continuous(percent: f64) -> f64 {
    (percent / 100.0).ln_1p()
}

/// Convert a DTB3 discount-basis percent to a continuously compounded annual fraction.
pub fn dtb3_to_continuous(discount_percent: f64) -> f64 {
    -(1.0 - discount_percent / 100.0 * 91.0 / 360.0).ln() * 365.0 / 91.0
}

/// The selected files, by role.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Inputs<'a> {
    pub spx: &'a ParsedFile,
    pub vix: &'a ParsedFile,
    pub vix9d: Option<&'a ParsedFile>,
    pub vix3m: Option<&'a ParsedFile>,
    pub vix6m: Option<&'a ParsedFile>,
    pub vvix: Option<&'a ParsedFile>,
    pub skew: Option<&'a ParsedFile>,
    pub rate: Option<&'a ParsedFile>,
    pub spx_set: Option<&'a ParsedFile>,
    pub spx_div_yield: Option<&'a ParsedFile>,
}

/// Build the aligned history. `vx` holds the merged VX settles (possibly empty).
pub(crate) fn build(
    inp: Inputs<'_>,
    vx: &MergedVx,
    max_fill: usize,
    real_opens_from: NaiveDate,
) -> Result<MarketHistory> {
    let FileData::Ohlc(spx) = &inp.spx.data else {
        return Err(DataError::Dataset(format!(
            "{}: the SPX file must be an OHLC file (yfinance, Stooq, Yahoo or Cboe layout)",
            inp.spx.path.display()
        )));
    };
    let vix_rows = Rows::closes(inp.vix);
    let vix_first = vix_rows
        .dates
        .iter()
        .zip(&vix_rows.values)
        .find(|(_, v)| v.is_finite());
    let vix_last = vix_rows
        .dates
        .iter()
        .zip(&vix_rows.values)
        .rev()
        .find(|(_, v)| v.is_finite());
    let (Some((&from_vix, _)), Some((&to_vix, _))) = (vix_first, vix_last) else {
        return Err(DataError::Dataset(format!(
            "{}: VIX file has no values",
            inp.vix.path.display()
        )));
    };
    let (Some(&spx_first), Some(&spx_last)) = (spx.dates.first(), spx.dates.last()) else {
        return Err(DataError::Dataset(format!(
            "{}: SPX file has no rows",
            inp.spx.path.display()
        )));
    };
    let (from, to) = (from_vix.max(spx_first), to_vix.min(spx_last));
    let keep: Vec<usize> = (0..spx.dates.len())
        .filter(|&k| spx.dates[k] >= from && spx.dates[k] <= to)
        .collect();
    if keep.is_empty() {
        return Err(DataError::Dataset(format!(
            "SPX ({spx_first} to {spx_last}) and VIX ({from_vix} to {to_vix}) do not overlap"
        )));
    }
    let days: Vec<NaiveDate> = keep.iter().map(|&k| spx.dates[k]).collect();
    let (spx_ohlc, mut open_real) = spx_columns(spx, &keep);
    for (real, day) in open_real.iter_mut().zip(&days) {
        *real &= *day >= real_opens_from;
    }
    let mut report = AlignmentReport {
        max_fill_days: max_fill,
        series: Vec::new(),
    };
    let vix = vix_columns(inp.vix, &days, max_fill, &mut report)?;
    let mut optional = |name: &str, file: Option<&ParsedFile>, map: fn(f64) -> f64| match file {
        Some(f) => {
            let (mut v, rep) = align_rows(name, &days, &Rows::closes(f), max_fill);
            v.iter_mut().for_each(|x| *x = map(*x));
            report.series.push(rep);
            v
        }
        None => vec![f64::NAN; days.len()],
    };
    let id = |x: f64| x;
    let vix9d = optional("vix9d", inp.vix9d, id);
    let vix3m = optional("vix3m", inp.vix3m, id);
    let vix6m = optional("vix6m", inp.vix6m, id);
    let vvix = optional("vvix", inp.vvix, id);
    let skew = optional("skew", inp.skew, id);
    let rate = optional("rate", inp.rate, dtb3_to_continuous);
    let spx_set = match inp.spx_set {
        Some(f) => {
            // Settlement values exist on expiration days only: nothing is carried forward,
            // and a day without one is not missing.
            let (v, mut rep) = align_rows("spx_set", &days, &Rows::closes(f), 0);
            rep.missing = 0;
            report.series.push(rep);
            refuse_far_settlements(f, &days, &spx_ohlc, &v)?;
            v
        }
        None => vec![f64::NAN; days.len()],
    };
    let spx_div_yield = match inp.spx_div_yield {
        Some(f) => as_of(&days, &Rows::closes(f), DIV_YIELD_MAX_AGE_DAYS)
            .into_iter()
            .map(div_yield_to_continuous)
            .collect(),
        None => vec![f64::NAN; days.len()],
    };
    let (contracts, vx_rep) = vx.align(&days, max_fill);
    if !vx.contracts.is_empty() {
        report.series.push(vx_rep);
    }
    Ok(MarketHistory {
        dates: days,
        spx: spx_ohlc,
        spx_open_is_real: open_real,
        spx_set,
        spx_div_yield,
        vix,
        vix9d,
        vix3m,
        vix6m,
        vvix,
        skew,
        rate,
        vx: VxSettles { contracts },
        alignment: report,
        sources: Vec::new(),
    })
}

fn spx_columns(t: &OhlcTable, keep: &[usize]) -> (Ohlc, Vec<bool>) {
    let pick = |col: &[f64]| keep.iter().map(|&k| col[k]).collect::<Vec<f64>>();
    let real = keep
        .iter()
        .map(|&k| {
            let (o, h, l, c) = (t.open[k], t.high[k], t.low[k], t.close[k]);
            let copies_prev = k > 0 && same_price(o, t.close[k - 1]);
            o.is_finite() && !close_only(o, h, l, c) && !copies_prev
        })
        .collect();
    (
        Ohlc {
            open: pick(&t.open),
            high: pick(&t.high),
            low: pick(&t.low),
            close: pick(&t.close),
        },
        real,
    )
}

/// VIX OHLC on `days`: carried-forward days get O = H = L = C = the carried close; a
/// missing Open/High/Low is replaced by the close.
fn vix_columns(
    file: &ParsedFile,
    days: &[NaiveDate],
    max_fill: usize,
    report: &mut AlignmentReport,
) -> Result<Ohlc> {
    let rows = Rows::closes(file);
    let (close, rep) = align_rows("vix", days, &rows, max_fill);
    if rep.missing > 0 || close.iter().any(|v| !v.is_finite()) {
        let first = days
            .iter()
            .zip(&close)
            .find(|(_, v)| !v.is_finite())
            .map(|(d, _)| d.to_string())
            .unwrap_or_default();
        return Err(DataError::Dataset(format!(
            "{}: VIX has no value on {} SPX trading days (first {first}) even after carrying values forward up to {max_fill} days; VIX is required on every day",
            file.path.display(),
            close.iter().filter(|v| !v.is_finite()).count()
        )));
    }
    report.series.push(rep);
    let mut ohlc = Ohlc {
        open: close.clone(),
        high: close.clone(),
        low: close.clone(),
        close,
    };
    if let FileData::Ohlc(t) = &file.data {
        let mut j = 0;
        let order = sorted_index(&t.dates);
        for (i, d) in days.iter().enumerate() {
            while j < order.len() && t.dates[order[j]] < *d {
                j += 1;
            }
            if j < order.len() && t.dates[order[j]] == *d {
                let k = order[j];
                let c = ohlc.close[i];
                let or_close = |v: f64| if v.is_finite() { v } else { c };
                ohlc.open[i] = or_close(t.open[k]);
                ohlc.high[i] = or_close(t.high[k]);
                ohlc.low[i] = or_close(t.low[k]);
            }
        }
    }
    Ok(ohlc)
}

fn sorted_index(dates: &[NaiveDate]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..dates.len()).collect();
    idx.sort_by_key(|&i| dates[i]);
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_slow_series_applies_from_its_date_until_it_is_too_old() {
        let days: Vec<NaiveDate> = ["2020-01-02", "2020-02-03", "2021-02-04", "2021-02-05"]
            .map(d)
            .to_vec();
        let rows = Rows {
            dates: vec![d("2020-01-04"), d("2020-01-05")],
            values: vec![2.0, f64::NAN],
        };
        let v = as_of(&days, &rows, 397);
        // Before the first value: none; a missing value does not replace the last one; 397
        // days after 2020-01-04 is 2021-02-04, the last day it applies.
        assert!(v[0].is_nan() && v[3].is_nan(), "{v:?}");
        assert_eq!((v[1], v[2]), (2.0, 2.0));
        assert!((div_yield_to_continuous(1.8) - 0.017_839_918_128_331_1).abs() < 1e-15);
    }

    #[test]
    fn fills_stop_at_the_limit_and_drops_are_counted() {
        let days: Vec<NaiveDate> = [
            "2024-01-02",
            "2024-01-03",
            "2024-01-04",
            "2024-01-05",
            "2024-01-08",
            "2024-01-09",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        let rows = Rows {
            dates: vec![d("2024-01-02"), d("2024-01-06"), d("2024-01-09")],
            values: vec![10.0, 11.0, 12.0],
        };
        let (v, rep) = align_rows("x", &days, &rows, 2);
        assert_eq!(v[..2], [10.0, 10.0]);
        assert_eq!(v[2], 10.0);
        assert!(v[3].is_nan() && v[4].is_nan());
        assert_eq!(v[5], 12.0);
        assert_eq!(
            (rep.filled, rep.missing, rep.dropped_non_trading),
            (2, 2, 1)
        );
        assert_eq!(rep.dropped_dates, vec![d("2024-01-06")]);
    }

    #[test]
    fn dtb3_five_percent_discount_is_about_5_1_percent_continuous() {
        let r = dtb3_to_continuous(5.0);
        assert!((r - 0.051_018).abs() < 1e-6, "{r}");
    }
}
