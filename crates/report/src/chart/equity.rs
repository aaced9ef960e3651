//! Time-series charts over dates: equity of all layouts (linear and log) and drawdowns.

use chrono::NaiveDate;
use plotters::coord::ranged1d::{AsRangedCoord, Ranged, ValueFormatter};
use plotters::prelude::*;

use super::{
    Area, DESC_SIZE, DrawResult, LABEL_SIZE, LEGEND_SIZE, Png, date_label, date_range, finite_runs,
    font, pct_label, render, swatch, title_style, usd_label, value_range,
};
use crate::daily::Daily;
use crate::events::Event;
use crate::layout::{Palette, label};

/// Where an in-plot legend goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    /// Upper left corner of the plot.
    UpperLeft,
    /// Lower left corner of the plot.
    LowerLeft,
}

const UPPER_LEFT: Corner = Corner::UpperLeft;
const LOWER_LEFT: Corner = Corner::LowerLeft;

/// One line on a date axis.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// Legend label.
    pub label: String,
    /// Line colour.
    pub colour: RGBColor,
    /// Dashed instead of solid.
    pub dashed: bool,
    /// Dates (x).
    pub dates: &'a [NaiveDate],
    /// Values (y); non-finite values break the line.
    pub values: Vec<f64>,
}

/// Equity of every layout on one chart, linear or log y axis.
///
/// # Errors
/// Plotting or encoding errors.
pub fn equity(
    series: &[&Daily],
    events: &[Event],
    palette: &Palette,
    log: bool,
) -> crate::Result<Png> {
    let markers = event_markers(series, events, palette);
    let lines: Vec<Line<'_>> = series
        .iter()
        .map(|d| Line {
            label: label(&d.layout),
            colour: palette.colour(&d.layout),
            dashed: false,
            dates: &d.dates,
            values: if log {
                // log axis: non-positive equity cannot be drawn
                d.total_equity
                    .iter()
                    .map(|&v| if v > 0.0 { v } else { f64::NAN })
                    .collect()
            } else {
                d.total_equity.clone()
            },
        })
        .collect();
    let (file, title) = if log {
        ("equity_log.png", "Total equity by layout (log scale)")
    } else {
        ("equity.png", "Total equity by layout")
    };
    render(file, title, |area| {
        let Some((lo, hi)) = value_range(lines.iter().map(|l| l.values.as_slice()), 0.03) else {
            return super::empty_message(area, title, "no finite equity values");
        };
        if log {
            let lo = lines
                .iter()
                .flat_map(|l| l.values.iter().copied())
                .filter(|v| v.is_finite())
                .fold(f64::INFINITY, f64::min)
                * 0.9;
            let hi = hi.max(lo * 1.5);
            let y = (lo..hi)
                .log_scale()
                .with_key_points(super::log_ticks(lo, hi));
            let axes = Axes {
                title,
                y_desc: "total equity (USD, log scale)",
                y_fmt: &usd_label,
                legend: Some(UPPER_LEFT),
            };
            draw_lines(area, &axes, y, &lines, &markers)
        } else {
            let axes = Axes {
                title,
                y_desc: "total equity (USD)",
                y_fmt: &usd_label,
                legend: Some(UPPER_LEFT),
            };
            draw_lines(area, &axes, lo..hi, &lines, &markers)
        }
    })
}

/// The margin calls (triangles) and liquidations (crosses) of each layout on its equity line:
/// the timeline of margin events over the equity chart.
fn event_markers(series: &[&Daily], events: &[Event], palette: &Palette) -> Vec<Marker> {
    let mut out = Vec::new();
    for d in series {
        let colour = palette.colour(&d.layout);
        for e in events.iter().filter(|e| e.scenario == d.scenario) {
            let Some(kind) = MarkerKind::of(e) else {
                continue;
            };
            let day = d.dates.partition_point(|&x| x < e.date);
            if let Some(&value) = d
                .total_equity
                .get(day)
                .filter(|v| v.is_finite() && **v > 0.0)
            {
                out.push(Marker {
                    date: d.dates[day],
                    value,
                    kind,
                    colour,
                });
            }
        }
    }
    out
}

/// Drawdown of every layout: fall from the running peak of total equity, in percent.
///
/// # Errors
/// Plotting or encoding errors.
pub fn drawdown(series: &[&Daily], palette: &Palette) -> crate::Result<Png> {
    let lines: Vec<Line<'_>> = series
        .iter()
        .map(|d| Line {
            label: label(&d.layout),
            colour: palette.colour(&d.layout),
            dashed: false,
            dates: &d.dates,
            values: d.drawdown(),
        })
        .collect();
    let title = "Drawdown from running peak of total equity";
    render("drawdown.png", title, |area| {
        let Some((lo, _)) = value_range(lines.iter().map(|l| l.values.as_slice()), 0.05) else {
            return super::empty_message(area, title, "no finite equity values");
        };
        let lo = lo.min(-0.01);
        let axes = Axes {
            title,
            y_desc: "drawdown (% of peak equity)",
            y_fmt: &pct_label,
            legend: Some(LOWER_LEFT),
        };
        draw_lines(area, &axes, lo..0.005, &lines, &[])
    })
}

/// What a marker on a date axis stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    /// A margin call (triangle).
    MarginCall,
    /// A forced liquidation (cross).
    Liquidation,
}

impl MarkerKind {
    /// The marker of an event: margin calls and liquidations have one, other events none.
    pub fn of(e: &Event) -> Option<MarkerKind> {
        if e.is_margin_call() {
            Some(MarkerKind::MarginCall)
        } else if e.is_liquidation() {
            Some(MarkerKind::Liquidation)
        } else {
            None
        }
    }
}

/// A point marker on a date axis.
#[derive(Debug, Clone, Copy)]
pub struct Marker {
    /// Date of the event.
    pub date: NaiveDate,
    /// y value where it is drawn.
    pub value: f64,
    /// Event kind (shape).
    pub kind: MarkerKind,
    /// Colour (the layout's).
    pub colour: RGBColor,
}

/// Title, y axis and legend of a line chart.
pub struct Axes<'a> {
    /// Chart (or panel) title.
    pub title: &'a str,
    /// y axis description with its unit.
    pub y_desc: &'a str,
    /// y tick label formatter.
    pub y_fmt: &'a dyn Fn(&f64) -> String,
    /// Legend position inside the plot; None = no legend (drawn elsewhere).
    pub legend: Option<Corner>,
}

impl std::fmt::Debug for Axes<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Axes")
            .field("title", &self.title)
            .finish_non_exhaustive()
    }
}

/// Draw lines over a date axis with a y range of any plotters kind (linear or log).
///
/// # Errors
/// Plotting errors.
pub fn draw_lines<Y>(
    area: &Area<'_>,
    axes: &Axes<'_>,
    y_range: Y,
    lines: &[Line<'_>],
    markers: &[Marker],
) -> DrawResult
where
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let (first, last) = lines.iter().filter(|l| !l.dates.is_empty()).fold(
        (None::<NaiveDate>, None::<NaiveDate>),
        |(a, b), l| {
            let (f, e) = (l.dates[0], l.dates[l.dates.len() - 1]);
            (
                Some(a.map_or(f, |a| a.min(f))),
                Some(b.map_or(e, |b| b.max(e))),
            )
        },
    );
    let (Some(first), Some(last)) = (first, last) else {
        return super::empty_message(area, axes.title, "no dates to plot");
    };
    let dates = date_range(first, last);
    if (last - first).num_days() > 3 * 365 {
        let fmt = |d: &NaiveDate| d.format("%Y").to_string();
        draw_on(area, axes, dates.yearly(), &fmt, y_range, lines, markers)
    } else {
        draw_on(
            area,
            axes,
            dates.monthly(),
            &date_label,
            y_range,
            lines,
            markers,
        )
    }
}

fn draw_on<X, Y>(
    area: &Area<'_>,
    axes: &Axes<'_>,
    x_range: X,
    x_fmt: &dyn Fn(&NaiveDate) -> String,
    y_range: Y,
    lines: &[Line<'_>],
    markers: &[Marker],
) -> DrawResult
where
    X: AsRangedCoord<Value = NaiveDate>,
    X::CoordDescType: Ranged<ValueType = NaiveDate> + ValueFormatter<NaiveDate>,
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let caption = if area.dim_in_pixel().1 < 500 {
        font(DESC_SIZE + 2.0)
    } else {
        title_style()
    };
    let mut chart = ChartBuilder::on(area)
        .caption(axes.title, caption)
        .margin(15)
        .x_label_area_size(55)
        .y_label_area_size(95)
        .build_cartesian_2d(x_range, y_range)?;
    chart
        .configure_mesh()
        .x_desc("date")
        .y_desc(axes.y_desc)
        .axis_desc_style(font(DESC_SIZE))
        .label_style(font(LABEL_SIZE))
        .x_labels(12)
        .y_labels(10)
        .x_label_formatter(x_fmt)
        .y_label_formatter(axes.y_fmt)
        .max_light_lines(1)
        .light_line_style(RGBColor(240, 240, 240))
        .bold_line_style(RGBColor(215, 215, 215))
        .draw()?;
    // Values beyond the y axis are drawn at its edge: plotters does not clip a line to the
    // plotting area, so an out-of-range point would otherwise cross into the next panel.
    let y_axis = chart.y_range();
    let (y_lo, y_hi) = if y_axis.start <= y_axis.end {
        (y_axis.start, y_axis.end)
    } else {
        (y_axis.end, y_axis.start)
    };
    for line in lines {
        // One pixel wide: plotters joins wider polylines with unlimited miters, so a one-day
        // V (margin use dropping to zero and back) drew a spike across the next panel.
        let style = line.colour.stroke_width(1);
        let mut labelled = false;
        for run in finite_runs(line.dates, &line.values) {
            // Consecutive points on the same pixel add nothing but drawing time: dropped.
            let mut last_px = None;
            let run: Vec<_> = run
                .into_iter()
                .map(|(d, v)| (d, v.clamp(y_lo, y_hi)))
                .filter(|p| {
                    let px = chart.backend_coord(p);
                    let keep = last_px != Some(px);
                    last_px = Some(px);
                    keep
                })
                .collect();
            let anno = if line.dashed {
                chart.draw_series(DashedLineSeries::new(run, 8, 5, style))?
            } else {
                chart.draw_series(LineSeries::new(run, style))?
            };
            if !labelled {
                anno.label(line.label.clone()).legend(swatch(line.colour));
                labelled = true;
            }
        }
    }
    for kind in [MarkerKind::Liquidation, MarkerKind::MarginCall] {
        let points: Vec<&Marker> = markers.iter().filter(|m| m.kind == kind).collect();
        if points.is_empty() {
            continue;
        }
        let anno = match kind {
            MarkerKind::MarginCall => chart.draw_series(points.iter().flat_map(|m| {
                [
                    TriangleMarker::new((m.date, m.value.clamp(y_lo, y_hi)), 9, m.colour.filled()),
                    TriangleMarker::new(
                        (m.date, m.value.clamp(y_lo, y_hi)),
                        9,
                        BLACK.stroke_width(1),
                    ),
                ]
            }))?,
            MarkerKind::Liquidation => chart.draw_series(points.iter().map(|m| {
                Cross::new(
                    (m.date, m.value.clamp(y_lo, y_hi)),
                    7,
                    BLACK.stroke_width(3),
                )
            }))?,
        };
        match kind {
            MarkerKind::MarginCall => anno
                .label("margin call")
                .legend(|(x, y)| TriangleMarker::new((x + 11, y), 8, BLACK.filled())),
            MarkerKind::Liquidation => anno
                .label("forced liquidation")
                .legend(|(x, y)| Cross::new((x + 11, y), 6, BLACK.stroke_width(3))),
        };
    }
    let legend = match axes.legend {
        None => return Ok(()),
        Some(Corner::UpperLeft) => SeriesLabelPosition::UpperLeft,
        Some(Corner::LowerLeft) => SeriesLabelPosition::LowerLeft,
    };
    chart
        .configure_series_labels()
        .position(legend)
        .label_font(font(LEGEND_SIZE))
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(160, 160, 160))
        .draw()?;
    Ok(())
}
