//! Index level files: Cboe index histories (OHLC and single-value), Stooq, Yahoo and
//! yfinance SPX, FRED series.
//!
//! Quirks handled: Cboe `MM/DD/YYYY` dates (also `M/D/YYYY`, reported); an empty Open, High
//! or Low in a Cboe OHLC file reads as missing (alignment then uses the close); yfinance
//! and Yahoo float32 artefacts (`17.65999984741211`, `1455.219971`) rounded to cents; FRED's empty or `.` values read
//! as missing. Facts reported: Yahoo's Adj Close equals Close, Volume 0 rows, Stooq's volume
//! units.

use chrono::NaiveDate;

use super::fields::{Ctx, Missing, Shape, WalkStats, round_to, walk};
use super::{OhlcTable, ValueTable};
use crate::Result;
use crate::finding::{Finding, Severity, Tally};
use crate::formats::detect::{Format, Prepared};

/// Read an OHLC index file (Cboe index, Stooq, Yahoo, yfinance).
pub(crate) fn read_ohlc(
    ctx: Ctx<'_>,
    prep: &Prepared<'_>,
    format: Format,
    findings: &mut Vec<Finding>,
) -> Result<(OhlcTable, WalkStats)> {
    let us_dates = format == Format::CboeIndexOhlc;
    let (volume_col, adj_col) = match format {
        Format::StooqOhlc => (Some(5), None),
        Format::YahooOhlc => (Some(6), Some(5)),
        _ => (None, None),
    };
    // Only Cboe files may leave Open/High/Low empty (the close is the index value).
    let optional_ohl = if us_dates {
        Missing::EmptyOrDot
    } else {
        Missing::Never
    };
    let mut t = OhlcTable {
        volume: volume_col.map(|_| Vec::new()),
        ..OhlcTable::default()
    };
    let mut unpadded = Tally::default();
    let mut missing_ohl = Tally::default();
    let mut artefacts = 0usize;
    let mut adj_differs = Tally::default();
    let mut zero_volume = Tally::default();
    let mut last_zero_volume: Option<NaiveDate> = None;
    let stats = walk(
        ctx,
        prep,
        Shape {
            fields: prep.header.len(),
            allow_trailing_comma: false,
            delimiter: b',',
        },
        |line, rec| {
            let date = row_date(&ctx, line, &rec[0], us_dates, &mut unpadded)?;
            let mut px = [0.0; 4];
            for (k, v) in px.iter_mut().enumerate() {
                let missing = if k < 3 { optional_ohl } else { Missing::Never };
                *v = ctx
                    .number(line, k + 1, &rec[k + 1], missing)?
                    .unwrap_or(f64::NAN);
            }
            if px[..3].iter().any(|v| v.is_nan()) {
                missing_ohl.add(|| format!("line {line}: {date}"));
            }
            let raw_close = px[3];
            if matches!(format, Format::YfinanceOhlc | Format::YahooOhlc) {
                for v in px.iter_mut() {
                    let r = round_to(*v, 2);
                    if r != *v {
                        artefacts += 1;
                    }
                    *v = r;
                }
            }
            if let Some(c) = adj_col {
                let adj = ctx.value(line, c, &rec[c])?;
                if (adj - raw_close).abs() > 1e-9 {
                    adj_differs.add(|| format!("line {line}: {date} close {raw_close} adj {adj}"));
                }
            }
            if let (Some(c), Some(vol)) = (volume_col, t.volume.as_mut()) {
                let v = ctx.value(line, c, &rec[c])?;
                if v == 0.0 {
                    zero_volume.count += 1;
                    last_zero_volume = Some(date);
                }
                vol.push(v);
            }
            t.dates.push(date);
            t.lines.push(line as u32);
            t.open.push(px[0]);
            t.high.push(px[1]);
            t.low.push(px[2]);
            t.close.push(px[3]);
            Ok(())
        },
    )?;
    findings.extend(unpadded.finding(Severity::Info, "short_us_dates", |n| {
        format!("{n} dates written M/D/YYYY (no leading zero) instead of MM/DD/YYYY; read as the same dates")
    }));
    findings.extend(missing_ohl.finding(Severity::Info, "missing_open", |n| {
        format!("{n} rows with an empty Open/High/Low; the close stands in for them")
    }));
    if artefacts > 0 {
        findings.push(Finding::new(
            Severity::Info,
            "float32_artefacts",
            artefacts,
            format!("{artefacts} prices carry float32 artefacts (e.g. 17.65999984741211 or 1455.219971); rounded to 0.01"),
        ));
    }
    if adj_col.is_some() {
        findings.extend(
            adj_differs
                .clone()
                .finding(Severity::Info, "adj_close_differs", |n| {
                    format!("Adj Close differs from Close on {n} rows (ignored; Close is used)")
                }),
        );
        if adj_differs.count == 0 {
            findings.push(Finding::new(
                Severity::Info,
                "adj_close_equals_close",
                t.dates.len(),
                "Adj Close equals Close on every row (ignored)",
            ));
        }
    }
    if let Some(last) = last_zero_volume {
        findings.push(Finding::new(
            Severity::Info,
            "zero_volume",
            zero_volume.count,
            format!(
                "Volume is 0 on {} rows (last {last}); volume is not used",
                zero_volume.count
            ),
        ));
    }
    if format == Format::StooqOhlc {
        findings.push(Finding::new(
            Severity::Info,
            "volume_units",
            0,
            "Volume is in Stooq's own units (not exchange volume); not used",
        ));
    }
    Ok((t, stats))
}

/// Read a single-value file (Cboe `DATE,<INDEX>`, FRED `observation_date,<ID>`).
pub(crate) fn read_values(
    ctx: Ctx<'_>,
    prep: &Prepared<'_>,
    format: Format,
    findings: &mut Vec<Finding>,
) -> Result<(ValueTable, WalkStats)> {
    let us_dates = format == Format::CboeIndexClose;
    let missing = if us_dates {
        Missing::Never
    } else {
        Missing::EmptyOrDot
    };
    let mut t = ValueTable {
        name: prep.header[1].clone(),
        ..ValueTable::default()
    };
    let mut unpadded = Tally::default();
    let mut empty = Tally::default();
    let stats = walk(
        ctx,
        prep,
        Shape {
            fields: 2,
            allow_trailing_comma: false,
            delimiter: b',',
        },
        |line, rec| {
            let date = row_date(&ctx, line, &rec[0], us_dates, &mut unpadded)?;
            let v = ctx.number(line, 1, &rec[1], missing)?;
            if v.is_none() {
                empty.add(|| format!("line {line}: {date}"));
            }
            t.dates.push(date);
            t.lines.push(line as u32);
            t.values.push(v.unwrap_or(f64::NAN));
            Ok(())
        },
    )?;
    findings.extend(unpadded.finding(Severity::Info, "short_us_dates", |n| {
        format!("{n} dates written M/D/YYYY (no leading zero) instead of MM/DD/YYYY; read as the same dates")
    }));
    findings.extend(empty.finding(Severity::Info, "missing_values", |n| {
        format!("{n} rows with an empty or `.` value (publisher holidays), read as missing")
    }));
    Ok((t, stats))
}

/// The date in the first column: `MM/DD/YYYY` (Cboe; unpadded `M/D/YYYY` tallied) when
/// `us_dates`, else `YYYY-MM-DD`.
fn row_date(
    ctx: &Ctx<'_>,
    line: usize,
    field: &[u8],
    us_dates: bool,
    unpadded: &mut Tally,
) -> Result<NaiveDate> {
    if !us_dates {
        return ctx.date_iso(line, 0, field);
    }
    let (d, short) = ctx.date_us(line, 0, field)?;
    if short {
        unpadded.add(|| format!("line {line}: {}", String::from_utf8_lossy(field)));
    }
    Ok(d)
}
