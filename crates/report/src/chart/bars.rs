//! Bar charts: hedge cost vs payoff by calendar year, and stress-window return and drawdown.

use plotters::prelude::*;

use super::{
    Area, DESC_SIZE, DrawResult, LABEL_SIZE, LEGEND_SIZE, LEGEND_WIDTH, Mark, Png, font,
    legend_column, pct_label, render, swatch, title_style, usd_label,
};
use crate::annual::HedgeYear;
use crate::layout::{Palette, label, lighten};
use crate::stress::StressRow;

/// Width of one group of bars, in category units.
const GROUP: f64 = 0.8;

/// Label of a category axis position: the name when `v` is (close to) an integer index.
fn category<'a>(names: &'a [String], reversed: bool) -> impl Fn(&f64) -> String + 'a {
    move |v: &f64| {
        let i = v.round();
        if (v - i).abs() > 0.01 || i < 0.0 || i as usize >= names.len() {
            return String::new();
        }
        let i = i as usize;
        let i = if reversed { names.len() - 1 - i } else { i };
        names[i].clone()
    }
}

/// Hedge cost (down, light) and payoff (up, full colour) per calendar year and layout, with
/// the net (payoff - cost) as a black dot.
///
/// # Errors
/// Plotting or encoding errors.
pub fn hedge_by_year(
    per_layout: &[(String, Vec<HedgeYear>)],
    palette: &Palette,
) -> crate::Result<Png> {
    let title = "Hedge cost vs payoff by calendar year";
    render("hedge_by_year.png", title, |root| {
        let years: Vec<i32> = per_layout
            .iter()
            .flat_map(|(_, ys)| ys.iter().map(|y| y.year))
            .collect();
        let (Some(&y0), Some(&y1)) = (years.iter().min(), years.iter().max()) else {
            return super::empty_message(root, title, "no hedge cash flows recorded");
        };
        let titled = root.titled(title, title_style())?;
        let (area, legend) = titled.split_horizontally(titled.dim_in_pixel().0 - LEGEND_WIDTH);
        let mut entries = Vec::new();
        for (layout, _) in per_layout {
            let c = palette.colour(layout);
            entries.push((format!("{} payoff", label(layout)), Mark::Box(c)));
            entries.push((
                format!("{} cost", label(layout)),
                Mark::Box(lighten(c, 0.55)),
            ));
        }
        entries.push(("net (payoff - cost)".into(), Mark::Dot));
        legend_column(&legend, &entries)?;
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        let hi = per_layout
            .iter()
            .flat_map(|(_, ys)| ys.iter().map(|y| finite(y.payoff_usd)))
            .fold(0.0_f64, f64::max);
        let lo = per_layout
            .iter()
            .flat_map(|(_, ys)| ys.iter().map(|y| -finite(y.cost_usd)))
            .fold(0.0_f64, f64::min);
        let span = (hi - lo).max(1.0);
        let mut chart = ChartBuilder::on(&area)
            .margin(15)
            .x_label_area_size(55)
            .y_label_area_size(95)
            .build_cartesian_2d(
                (f64::from(y0) - 0.6)..(f64::from(y1) + 0.6),
                (lo - span * 0.05)..(hi + span * 0.08),
            )?;
        let year_label = |v: &f64| {
            let r = v.round();
            if (v - r).abs() < 0.01 {
                format!("{r:.0}")
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("calendar year")
            .y_desc("USD per year (payoff up, cost down)")
            .axis_desc_style(font(DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .x_labels(((y1 - y0 + 1) as usize).clamp(2, 20))
            .x_label_formatter(&year_label)
            .y_label_formatter(&usd_label)
            .max_light_lines(1)
            .light_line_style(RGBColor(240, 240, 240))
            .bold_line_style(RGBColor(215, 215, 215))
            .draw()?;
        let k = per_layout.len().max(1) as f64;
        let w = GROUP / k;
        for (j, (layout, ys)) in per_layout.iter().enumerate() {
            let colour = palette.colour(layout);
            let light = lighten(colour, 0.55);
            let x0 = |y: i32| f64::from(y) - GROUP / 2.0 + j as f64 * w;
            chart.draw_series(ys.iter().filter(|y| y.payoff_usd.is_finite()).map(|y| {
                Rectangle::new(
                    [(x0(y.year), 0.0), (x0(y.year) + w * 0.92, y.payoff_usd)],
                    colour.filled(),
                )
            }))?;
            chart.draw_series(ys.iter().filter(|y| y.cost_usd.is_finite()).map(|y| {
                Rectangle::new(
                    [(x0(y.year), -y.cost_usd), (x0(y.year) + w * 0.92, 0.0)],
                    light.filled(),
                )
            }))?;
            chart.draw_series(
                ys.iter()
                    .filter(|y| y.payoff_usd.is_finite() && y.cost_usd.is_finite())
                    .map(|y| {
                        let x = x0(y.year) + w * 0.46;
                        Circle::new((x, y.payoff_usd - y.cost_usd), 4, BLACK.filled())
                    }),
            )?;
        }
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(f64::from(y0) - 0.6, 0.0), (f64::from(y1) + 0.6, 0.0)],
            BLACK.stroke_width(1),
        )))?;
        Ok(())
    })
}

/// Return and maximum drawdown of each layout in each stress window, as horizontal bars
/// (two panels side by side).
///
/// # Errors
/// Plotting or encoding errors.
pub fn stress(rows: &[StressRow], layouts: &[String], palette: &Palette) -> crate::Result<Png> {
    let title = "Stress windows: return and max drawdown by layout";
    render("stress.png", title, |root| {
        if rows.is_empty() {
            return super::empty_message(root, title, "no stress window overlaps the data");
        }
        let area = root.titled(title, title_style())?;
        let (left, right) = area.split_horizontally(area.dim_in_pixel().0 * 56 / 100);
        let names: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
        let value = |r: &StressRow, j: usize, dd: bool| {
            r.cells[j].map(|c| if dd { -c.max_drawdown } else { c.total_return })
        };
        let panel = |area: &Area<'_>, dd: bool| -> DrawResult {
            let (mut lo, mut hi) = (0.0_f64, 0.0_f64);
            for r in rows {
                for j in 0..layouts.len() {
                    if let Some(v) = value(r, j, dd).filter(|v| v.is_finite()) {
                        lo = lo.min(v);
                        hi = hi.max(v);
                    }
                }
            }
            let span = (hi - lo).max(0.01);
            let n = rows.len();
            let mut chart = ChartBuilder::on(area)
                .caption(
                    if dd {
                        "Max drawdown in window (%)"
                    } else {
                        "Return over window (%)"
                    },
                    font(DESC_SIZE + 2.0),
                )
                .margin(12)
                .x_label_area_size(50)
                .y_label_area_size(if dd { 10 } else { 150 })
                .build_cartesian_2d(
                    (lo - span * 0.05)..(hi + span * 0.05),
                    -0.5..(n as f64 - 0.5),
                )?;
            let cat = category(&names, true);
            let blank = |_: &f64| String::new();
            chart
                .configure_mesh()
                .disable_y_mesh()
                .x_desc(if dd {
                    "max drawdown (% of peak, shown negative)"
                } else {
                    "total return (%)"
                })
                .axis_desc_style(font(DESC_SIZE))
                .label_style(font(LABEL_SIZE))
                .y_labels(n + 1)
                .x_labels(8)
                .y_label_formatter(if dd { &blank } else { &cat })
                .x_label_formatter(&pct_label)
                .max_light_lines(1)
                .light_line_style(RGBColor(240, 240, 240))
                .bold_line_style(RGBColor(215, 215, 215))
                .draw()?;
            let k = layouts.len().max(1) as f64;
            let h = GROUP / k;
            for (j, layout) in layouts.iter().enumerate() {
                let colour = palette.colour(layout);
                let anno = chart.draw_series(rows.iter().enumerate().filter_map(|(i, r)| {
                    let v = value(r, j, dd).filter(|v| v.is_finite())?;
                    // first window at the top; layouts top to bottom in palette order
                    let yc = (n - 1 - i) as f64;
                    let y1 = yc + GROUP / 2.0 - j as f64 * h;
                    Some(Rectangle::new(
                        [(0.0, y1 - h * 0.92), (v, y1)],
                        colour.filled(),
                    ))
                }))?;
                if !dd {
                    anno.label(label(layout)).legend(swatch(colour));
                }
            }
            if !dd {
                chart
                    .configure_series_labels()
                    .position(SeriesLabelPosition::LowerRight)
                    .label_font(font(LEGEND_SIZE))
                    .background_style(WHITE.mix(0.85))
                    .border_style(RGBColor(160, 160, 160))
                    .draw()?;
            }
            Ok(())
        };
        panel(&left, false)?;
        panel(&right, true)
    })
}
