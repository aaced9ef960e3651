//! Sweep heat map: two swept parameters -> mean ring_fenced - commingled difference of a metric.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{DESC_SIZE, LABEL_SIZE, Png, font, render, title_style};
use crate::sweep::Grid;

/// Cells are annotated with their value when the grid has at most this many cells.
const MAX_ANNOTATED: usize = 150;

/// Colour of a cell: white at 0, blue where ring-fenced is better, red where commingled is
/// better, light grey for missing values.
fn cell_colour(v: f64, scale: f64, higher_is_better: bool) -> RGBColor {
    if !v.is_finite() {
        return RGBColor(225, 225, 225);
    }
    let t = (v.abs() / scale).clamp(0.0, 1.0);
    let good = (v > 0.0) == higher_is_better;
    let end = if good {
        (8.0, 69.0, 148.0)
    } else {
        (203.0, 24.0, 29.0)
    };
    let mix = |e: f64| (255.0 + (e - 255.0) * t).round() as u8;
    RGBColor(mix(end.0), mix(end.1), mix(end.2))
}

/// Heat map of `grid`; `higher_is_better` says whether a positive difference favours
/// ring-fenced (CAGR) or not (max drawdown as a positive fraction); `fmt` formats a value.
///
/// # Errors
/// Plotting or encoding errors.
pub fn heatmap(
    grid: &Grid,
    higher_is_better: bool,
    metric_label: &str,
    fmt: &dyn Fn(f64) -> String,
) -> crate::Result<Png> {
    let file = format!("heatmap_{}.png", grid.metric);
    let title = format!("Sweep: ring-fenced - commingled {metric_label}");
    render(&file, &title, |root| {
        let area = root.titled(&title, title_style())?;
        let (main, bar) = area.split_horizontally(area.dim_in_pixel().0 - 150);
        let (nx, ny) = (grid.x_values.len(), grid.y_values.len());
        let scale = grid
            .cells
            .iter()
            .flatten()
            .filter(|v| v.is_finite())
            .fold(0.0_f64, |m, v| m.max(v.abs()))
            .max(1e-12);
        let mut chart = ChartBuilder::on(&main)
            .margin(15)
            .x_label_area_size(60)
            .y_label_area_size(110)
            .build_cartesian_2d(-0.5..(nx as f64 - 0.5), -0.5..(ny as f64 - 0.5))?;
        let xcat = |v: &f64| pick(&grid.x_values, *v);
        let ycat = |v: &f64| pick(&grid.y_values, *v);
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(format!(
                "{}   (blue: ring-fenced better, red: commingled better)",
                grid.x_param
            ))
            .y_desc(grid.y_param.clone())
            .axis_desc_style(font(DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .x_labels((nx + 1).min(16))
            .y_labels((ny + 1).min(16))
            .x_label_formatter(&xcat)
            .y_label_formatter(&ycat)
            .draw()?;
        chart.draw_series(grid.cells.iter().enumerate().flat_map(|(yi, row)| {
            row.iter().enumerate().map(move |(xi, &v)| {
                let (x, y) = (xi as f64, yi as f64);
                Rectangle::new(
                    [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                    cell_colour(v, scale, higher_is_better).filled(),
                )
            })
        }))?;
        if nx * ny <= MAX_ANNOTATED {
            let centred = Pos::new(HPos::Center, VPos::Center);
            for (yi, row) in grid.cells.iter().enumerate() {
                for (xi, &v) in row.iter().enumerate() {
                    let dark = v.is_finite() && v.abs() / scale > 0.6;
                    let style =
                        font(LABEL_SIZE)
                            .pos(centred)
                            .color(if dark { &WHITE } else { &BLACK });
                    let text = if v.is_finite() { fmt(v) } else { "n/a".into() };
                    chart.draw_series(std::iter::once(Text::new(
                        text,
                        (xi as f64, yi as f64),
                        style,
                    )))?;
                }
            }
        }
        let mut legend = ChartBuilder::on(&bar)
            .margin_top(15)
            .margin_bottom(75)
            .margin_right(10)
            .y_label_area_size(95)
            .build_cartesian_2d(0.0..1.0, -scale..scale)?;
        let fmt_axis = |v: &f64| fmt(*v);
        legend
            .configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .y_labels(7)
            .y_label_formatter(&fmt_axis)
            .label_style(font(LABEL_SIZE - 2.0))
            .draw()?;
        let steps = 100;
        legend.draw_series((0..steps).map(|i| {
            let a = -scale + 2.0 * scale * i as f64 / steps as f64;
            let b = a + 2.0 * scale / steps as f64;
            Rectangle::new(
                [(0.0, a), (1.0, b)],
                cell_colour((a + b) / 2.0, scale, higher_is_better).filled(),
            )
        }))?;
        Ok(())
    })
}

fn pick(values: &[String], v: f64) -> String {
    let i = v.round();
    if (v - i).abs() > 0.01 || i < 0.0 || i as usize >= values.len() {
        String::new()
    } else {
        values[i as usize].clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positive_cagr_difference_is_blue_and_positive_drawdown_difference_red() {
        assert_eq!(cell_colour(1.0, 1.0, true), RGBColor(8, 69, 148));
        assert_eq!(cell_colour(1.0, 1.0, false), RGBColor(203, 24, 29));
        assert_eq!(cell_colour(0.0, 1.0, true), RGBColor(255, 255, 255));
    }
}
