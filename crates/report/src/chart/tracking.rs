//! A run against a published index, month by month: growth of 1 of both (log scale).

use chrono::NaiveDate;
use plotters::prelude::*;

use super::equity::{Axes, Corner, Line, draw_lines};
use super::{Png, render};
use crate::index_compare::MonthlyReturn;

/// Our line's colour.
const OURS: RGBColor = RGBColor(31, 119, 180);
/// The index's line colour.
const INDEX: RGBColor = RGBColor(60, 60, 60);

/// Growth of 1 from the month-end before the first month, for each month-end (the first
/// point is the start).
fn growth(
    start: NaiveDate,
    returns: &[MonthlyReturn],
    pick: fn(&MonthlyReturn) -> f64,
) -> (Vec<NaiveDate>, Vec<f64>) {
    let mut dates = vec![start];
    let mut values = vec![1.0];
    let mut g = 1.0;
    for r in returns {
        g *= 1.0 + pick(r);
        dates.push(r.month_end);
        values.push(if g > 0.0 { g } else { f64::NAN });
    }
    (dates, values)
}

/// Cumulative growth of ours and the index over the compared months, log scale; `start` is
/// the month-end before the first month, `file` the PNG name.
///
/// # Errors
/// Plotting or encoding errors.
pub fn cumulative(
    file: &str,
    index: &str,
    ours_label: &str,
    start: NaiveDate,
    returns: &[MonthlyReturn],
) -> crate::Result<Png> {
    let (dates, ours) = growth(start, returns, |r| r.ours);
    let (_, idx) = growth(start, returns, |r| r.index);
    let title = format!("{index}: growth of 1, ours vs the index, month-ends (log scale)");
    let lines = [
        Line {
            label: ours_label.to_string(),
            colour: OURS,
            dashed: false,
            dates: &dates,
            values: ours,
        },
        Line {
            label: format!("Cboe {index}"),
            colour: INDEX,
            dashed: true,
            dates: &dates,
            values: idx,
        },
    ];
    render(file, &title, |area| {
        let finite = lines
            .iter()
            .flat_map(|l| l.values.iter().copied())
            .filter(|v| v.is_finite() && *v > 0.0);
        let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        if lo > hi {
            return super::empty_message(area, &title, "no positive growth values");
        }
        let axes = Axes {
            title: &title,
            y_desc: "growth of 1 (log scale)",
            y_fmt: &|v: &f64| format!("{v:.2}"),
            legend: Some(Corner::UpperLeft),
        };
        let (lo, hi) = (lo * 0.95, hi * 1.05);
        let y = (lo..hi)
            .log_scale()
            .with_key_points(super::log_ticks(lo, hi));
        draw_lines(area, &axes, y, &lines, &[])
    })
}
