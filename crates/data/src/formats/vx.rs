//! VX futures per-contract files.
//!
//! - **CFE legacy** (`CFE_<code><YY>_VX.csv`, one contract per file): optional disclaimer
//!   line, `MM/DD/YYYY` or `M/D/YYYY` dates, CRLF or LF, rows with a trailing comma (12
//!   fields), blank lines at the end, no-trade rows with Open = Close = 0, and prices before
//!   2007-03-26 on the 10x scale (divided by 10 here). A Settle of 0 is "no settle".
//! - **Cboe current, concatenated** (`,Trade Date,Futures,...`): an unnamed pandas index
//!   first, the `Futures` column replaced by the expiry date, contracts in blocks. A Settle
//!   of 0.0 (all rows before 2013-05-20) is "no settle". Block labels are checked against
//!   the evidence and relabelled where wrong (see `relabel`).

use chrono::NaiveDate;

use super::ContractTable;
use super::fields::{Ctx, Missing, Shape, WalkStats, parse_iso, round_to, walk};
use crate::contract::{
    front_month_on, month_name, next_month, parse_file_name, parse_futures_label, vix_points_from,
};
use crate::finding::{Finding, Severity, Tally, shown};
use crate::formats::detect::Prepared;
use crate::{DataError, Result};

/// Price columns Open, High, Low, Close, Settle (0-based, legacy layout).
const LEGACY_PRICES: usize = 2;
const LEGACY_VOLUME: usize = 8;

/// Tallies shared by both layouts.
#[derive(Default)]
struct Quirks {
    unpadded: Tally,
    rescaled: Tally,
    no_settle: Tally,
    no_trade: usize,
    empty: Tally,
}

impl Quirks {
    fn findings(self, findings: &mut Vec<Finding>) {
        findings.extend(
            self.unpadded
                .finding(Severity::Info, "short_us_dates", |n| {
                    format!("{n} dates written M/D/YYYY (no leading zero); read as the same dates")
                }),
        );
        findings.extend(self.rescaled.finding(Severity::Info, "vx_10x_scale", |n| {
            format!("{n} rows before 2007-03-26 quoted on the old 10x scale; prices divided by 10")
        }));
        findings.extend(self.no_settle.finding(Severity::Info, "no_settle", |n| {
            format!("{n} rows with Settle 0 (no settlement price); read as missing")
        }));
        findings.extend(self.empty.finding(Severity::Info, "empty_prices", |n| {
            format!("{n} rows with empty price fields; read as missing")
        }));
        if self.no_trade > 0 {
            findings.push(Finding::new(
                Severity::Info,
                "no_trade_rows",
                self.no_trade,
                format!(
                    "{} no-trade rows (Open = Close = 0, settle only); their Open/High/Low/Close are not prices",
                    self.no_trade
                ),
            ));
        }
    }
}

/// Parse the five prices and the volume of one row into `t`, applying the 10x rule.
#[allow(clippy::too_many_arguments)]
fn push_row(
    ctx: Ctx<'_>,
    t: &mut ContractTable,
    q: &mut Quirks,
    line: usize,
    date: NaiveDate,
    rec: &csv::ByteRecord,
    first_price: usize,
    volume_col: usize,
) -> Result<()> {
    let mut px = [0.0; 5];
    for (k, v) in px.iter_mut().enumerate() {
        let col = first_price + k;
        *v = ctx
            .number(line, col, &rec[col], Missing::EmptyOrDot)?
            .unwrap_or(f64::NAN);
    }
    if px.iter().any(|v| v.is_nan()) {
        q.empty.add(|| format!("line {line}: {date}"));
    }
    if date < vix_points_from() {
        let quoted = px[4];
        for v in px.iter_mut() {
            *v = round_to(*v / 10.0, 6);
        }
        q.rescaled.add(|| {
            format!(
                "line {line}: {date} settle {} -> {}",
                shown(quoted),
                shown(px[4])
            )
        });
    }
    if px[4] == 0.0 || px[4].is_nan() {
        q.no_settle.add(|| format!("line {line}: {date}"));
        px[4] = f64::NAN;
    }
    if px[0] == 0.0 && px[3] == 0.0 {
        q.no_trade += 1;
    }
    t.dates.push(date);
    t.lines.push(line as u32);
    t.open.push(px[0]);
    t.high.push(px[1]);
    t.low.push(px[2]);
    t.close.push(px[3]);
    t.settle.push(px[4]);
    let volume = ctx.number(line, volume_col, &rec[volume_col], Missing::EmptyOrDot)?;
    t.volume.push(volume.unwrap_or(f64::NAN));
    Ok(())
}

/// Read a CFE legacy per-contract file.
pub(crate) fn read_legacy(
    ctx: Ctx<'_>,
    prep: &Prepared<'_>,
    findings: &mut Vec<Finding>,
) -> Result<(ContractTable, WalkStats)> {
    let mut t = ContractTable::default();
    let mut q = Quirks::default();
    let mut label: Option<(Vec<u8>, usize)> = None;
    let stats = walk(
        ctx,
        prep,
        Shape {
            fields: 11,
            allow_trailing_comma: true,
            delimiter: b',',
        },
        |line, rec| {
            let (date, short) = ctx.date_us(line, 0, &rec[0])?;
            if short {
                q.unpadded
                    .add(|| format!("line {line}: {}", String::from_utf8_lossy(&rec[0])));
            }
            match &label {
                None => label = Some((rec[1].to_vec(), line)),
                Some((l, first)) if l.as_slice() != &rec[1] => {
                    return Err(ctx.err(
                        line,
                        1,
                        format!(
                            "contract `{}` differs from `{}` on line {first}; a CFE file holds one contract",
                            String::from_utf8_lossy(&rec[1]),
                            String::from_utf8_lossy(l)
                        ),
                    ));
                }
                Some(_) => {}
            }
            push_row(
                ctx,
                &mut t,
                &mut q,
                line,
                date,
                rec,
                LEGACY_PRICES,
                LEGACY_VOLUME,
            )
        },
    )?;
    let (label, line) = label.unwrap_or_default();
    t.label = String::from_utf8_lossy(&label).trim().to_string();
    let from_name = ctx
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(parse_file_name);
    t.month = match (parse_futures_label(&t.label), from_name) {
        (Some(m), Some(n)) if m != n => {
            findings.push(Finding::new(
                Severity::Warning,
                "label_mismatch",
                1,
                format!(
                    "Futures `{}` says {} but the file name says {}; the Futures column is used",
                    t.label,
                    month_name(m),
                    month_name(n)
                ),
            ));
            m
        }
        (Some(m), _) => m,
        (None, Some(n)) => n,
        (None, None) if t.dates.is_empty() => (0, 1),
        (None, None) => {
            return Err(ctx.err(
                line,
                1,
                format!(
                    "`{}` is not a contract label; accepted: `<code> (<Mon> <YY>)` such as `F (Jan 08)`, or a file named CFE_<code><YY>_VX.csv",
                    t.label
                ),
            ));
        }
    };
    q.findings(findings);
    Ok((t, stats))
}

/// Read the concatenated Cboe per-contract file, one [`ContractTable`] per block.
pub(crate) fn read_contracts(
    ctx: Ctx<'_>,
    prep: &Prepared<'_>,
    findings: &mut Vec<Finding>,
) -> Result<(Vec<ContractTable>, WalkStats)> {
    let mut blocks: Vec<ContractTable> = Vec::new();
    let mut q = Quirks::default();
    let stats = walk(
        ctx,
        prep,
        Shape {
            fields: 12,
            allow_trailing_comma: false,
            delimiter: b',',
        },
        |line, rec| {
            let date = ctx.date_iso(line, 1, &rec[1])?;
            let label = std::str::from_utf8(&rec[2]).unwrap_or("").trim();
            if label.is_empty() {
                return Err(ctx.err(
                    line,
                    2,
                    "empty contract label; accepted: the contract's expiry date YYYY-MM-DD",
                ));
            }
            if blocks.last().is_none_or(|b| b.label != label) {
                blocks.push(ContractTable {
                    label: label.to_string(),
                    ..ContractTable::default()
                });
            }
            let t = blocks
                .last_mut()
                .ok_or_else(|| ctx.err(line, 2, "no block"))?;
            push_row(ctx, t, &mut q, line, date, rec, 3, 9)
        },
    )?;
    relabel(ctx, &mut blocks, findings)?;
    findings.push(Finding::new(
        Severity::Info,
        "pandas_index",
        0,
        "unnamed pandas index column (restarting at 0 per contract) ignored",
    ));
    q.findings(findings);
    Ok((blocks, stats))
}

/// Give every block its contract month, correcting labels the evidence contradicts.
///
/// Evidence, in block order: a block's month is at least (a) the month of its label's
/// expiry date, (b) the front month on its last trade date (a contract does not trade after
/// its expiration) and (c) the month after the previous block's (blocks are in contract
/// order). The largest bound is taken; a block whose month differs from its label, or whose
/// label is not a date, is reported as relabelled. Months skipped between blocks are
/// reported as missing contracts.
fn relabel(ctx: Ctx<'_>, blocks: &mut [ContractTable], findings: &mut Vec<Finding>) -> Result<()> {
    let mut relabelled = Tally::default();
    let mut missing = Tally::default();
    let mut prev: Option<(i32, u32)> = None;
    let mut prev_label = String::new();
    for b in blocks.iter_mut() {
        let (Some(first), Some(last)) = (b.dates.first().copied(), b.dates.iter().max().copied())
        else {
            continue;
        };
        let from_label = parse_iso(b.label.as_bytes()).map(|d| {
            use chrono::Datelike;
            (d.year(), d.month())
        });
        let evidence = front_month_on(last);
        let mut month = from_label.map_or(evidence, |m| m.max(evidence));
        if let Some(p) = prev {
            month = month.max(next_month(p));
            let mut gap = next_month(p);
            while gap < month {
                missing.add(|| {
                    format!(
                        "{}: no block between `{prev_label}` and `{}`",
                        month_name(gap),
                        b.label
                    )
                });
                gap = next_month(gap);
            }
        }
        if from_label != Some(month) {
            let why = match from_label {
                None => format!(
                    "label `{}` is not a date; trades {first} to {last} after {}",
                    b.label,
                    prev.map_or("-".to_string(), month_name)
                ),
                Some(l) if evidence > l => format!(
                    "label `{}` ({}) but trades until {last}, after that expiry",
                    b.label,
                    month_name(l)
                ),
                Some(l) => format!(
                    "label `{}` ({}) but the previous block is already {}",
                    b.label,
                    month_name(l),
                    prev.map_or("-".to_string(), month_name)
                ),
            };
            let line = b.lines.first().copied().unwrap_or(0);
            relabelled.add(|| format!("line {line}: block is {}: {why}", month_name(month)));
            b.relabelled = Some(why);
        }
        b.month = month;
        prev = Some(month);
        prev_label.clone_from(&b.label);
    }
    if blocks.windows(2).any(|w| w[0].month >= w[1].month) {
        return Err(DataError::File {
            path: ctx.path.to_path_buf(),
            message: "contract blocks are not in contract order after relabelling".to_string(),
        });
    }
    findings.extend(relabelled.finding(Severity::Warning, "vx_relabelled", |n| {
        format!("{n} contract blocks carry a wrong label and were relabelled by evidence (trade dates past the labelled expiry, contract order)")
    }));
    findings.extend(
        missing.finding(Severity::Warning, "vx_missing_contract", |n| {
            format!("{n} contract month(s) missing from the sequence of blocks")
        }),
    );
    Ok(())
}
