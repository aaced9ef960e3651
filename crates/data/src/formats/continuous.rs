//! Continuous VX futures files (checked, not used by the history).
//!
//! - **Quandl CHRIS/CBOE_VX1, VX2**: rows newest first (reversed here and reported), volume
//!   and open interest written as floats, prices before 2007-03-26 on the 10x scale (divided
//!   by 10), a few rows with Open 0.
//! - **VX1-VX8 term structure** (`,DATE,VIX,VX1..VX8,SP500`): unnamed pandas index column
//!   first (ignored), CRLF line endings.

use super::ColumnTable;
use super::fields::{Ctx, Shape, WalkStats, round_to, walk};
use crate::Result;
use crate::contract::vix_points_from;
use crate::finding::{Finding, Severity, Tally};
use crate::formats::detect::Prepared;

/// Quandl columns kept: (header position, name).
const QUANDL_COLUMNS: [(usize, &str); 6] = [
    (1, "open"),
    (2, "high"),
    (3, "low"),
    (4, "close"),
    (5, "settle"),
    (7, "volume"),
];

/// Read a Quandl continuous VX file.
pub(crate) fn read_quandl(
    ctx: Ctx<'_>,
    prep: &Prepared<'_>,
    findings: &mut Vec<Finding>,
) -> Result<(ColumnTable, WalkStats)> {
    let mut t = ColumnTable {
        columns: QUANDL_COLUMNS
            .iter()
            .map(|(_, n)| (n.to_string(), Vec::new()))
            .collect(),
        ..ColumnTable::default()
    };
    let mut rescaled = Tally::default();
    let mut zero_open = Tally::default();
    let stats = walk(
        ctx,
        prep,
        Shape {
            fields: 10,
            allow_trailing_comma: false,
            delimiter: b',',
        },
        |line, rec| {
            let date = ctx.date_iso(line, 0, &rec[0])?;
            let old_scale = date < vix_points_from();
            if old_scale {
                rescaled.add(|| format!("line {line}: {date}"));
            }
            for (k, (col, name)) in QUANDL_COLUMNS.iter().enumerate() {
                let mut v = ctx.value(line, *col, &rec[*col])?;
                if old_scale && *name != "volume" {
                    v = round_to(v / 10.0, 6);
                }
                if *name == "open" && v == 0.0 {
                    zero_open.add(|| format!("line {line}: {date}"));
                }
                t.columns[k].1.push(v);
            }
            t.dates.push(date);
            t.lines.push(line as u32);
            Ok(())
        },
    )?;
    if t.dates.first() > t.dates.last() {
        t.dates.reverse();
        t.lines.reverse();
        for (_, v) in t.columns.iter_mut() {
            v.reverse();
        }
        findings.push(Finding::new(
            Severity::Info,
            "newest_first",
            t.dates.len(),
            "rows are newest first; reversed to ascending order",
        ));
    }
    findings.extend(rescaled.finding(Severity::Info, "vx_10x_scale", |n| {
        format!("{n} rows before 2007-03-26 quoted on the old 10x scale; prices divided by 10")
    }));
    findings.extend(zero_open.finding(Severity::Info, "zero_open", |n| {
        format!("{n} rows with Open 0 (no opening trade)")
    }));
    Ok((t, stats))
}

/// Read the VX1-VX8 term-structure file.
pub(crate) fn read_term_structure(
    ctx: Ctx<'_>,
    prep: &Prepared<'_>,
    findings: &mut Vec<Finding>,
) -> Result<(ColumnTable, WalkStats)> {
    let names: Vec<String> = prep.header[2..].iter().map(|s| s.to_string()).collect();
    let mut t = ColumnTable {
        columns: names.iter().map(|n| (n.clone(), Vec::new())).collect(),
        ..ColumnTable::default()
    };
    let stats = walk(
        ctx,
        prep,
        Shape {
            fields: prep.header.len(),
            allow_trailing_comma: false,
            delimiter: b',',
        },
        |line, rec| {
            let date = ctx.date_iso(line, 1, &rec[1])?;
            for (k, col) in t.columns.iter_mut().enumerate() {
                col.1.push(ctx.value(line, k + 2, &rec[k + 2])?);
            }
            t.dates.push(date);
            t.lines.push(line as u32);
            Ok(())
        },
    )?;
    findings.push(Finding::new(
        Severity::Info,
        "pandas_index",
        0,
        "unnamed pandas index column ignored",
    ));
    Ok((t, stats))
}
