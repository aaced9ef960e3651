//! Histogram of bootstrap differences ring_fenced - commingled with the confidence interval.

use plotters::prelude::*;

use super::{DESC_SIZE, LABEL_SIZE, LEGEND_SIZE, Png, font, render, title_style};

/// Bar fill of the histogram.
const BAR: RGBColor = RGBColor(110, 110, 110);
/// Confidence-interval bounds.
const CI: RGBColor = RGBColor(214, 39, 40);
/// Confidence-interval band.
const BAND: RGBColor = RGBColor(253, 236, 200);

/// The interval drawn over the histogram.
#[derive(Debug, Clone, Copy)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
    /// Confidence level as a fraction (0.95).
    pub level: f64,
    /// Point estimate of the difference (NaN when unknown).
    pub point: f64,
}

/// Histogram of `samples` (finite values only) with the interval and zero marked; `fmt`
/// formats a difference for axis labels, `unit` names the axis unit.
///
/// # Errors
/// Plotting or encoding errors.
pub fn histogram(
    metric: &str,
    samples: &[f64],
    ci: Interval,
    unit: &str,
    fmt: &dyn Fn(f64) -> String,
) -> crate::Result<Png> {
    let file = format!("bootstrap_{metric}.png");
    let title = format!(
        "Bootstrap: ring-fenced - commingled {}",
        crate::format::metric_label(metric)
    );
    let values: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
    render(&file, &title, |area| {
        if values.is_empty() {
            return super::empty_message(area, &title, "no finite bootstrap samples");
        }
        let marks = [ci.low, ci.high, ci.point, 0.0];
        let (lo, hi) = values
            .iter()
            .chain(marks.iter().filter(|v| v.is_finite()))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let span = if hi > lo { hi - lo } else { lo.abs().max(1e-6) };
        let (lo, hi) = (lo - span * 0.05, hi + span * 0.05);
        let bins = ((values.len() as f64).sqrt() as usize).clamp(10, 60);
        let width = (hi - lo) / bins as f64;
        let mut counts = vec![0u32; bins];
        for v in &values {
            let b = (((v - lo) / width) as usize).min(bins - 1);
            counts[b] += 1;
        }
        let top = f64::from(counts.iter().copied().max().unwrap_or(1)) * 1.12;
        let mut chart = ChartBuilder::on(area)
            .caption(&title, title_style())
            .margin(15)
            .x_label_area_size(55)
            .y_label_area_size(80)
            .build_cartesian_2d(lo..hi, 0.0..top)?;
        let x_fmt = |v: &f64| fmt(*v);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc(format!("difference ring-fenced - commingled ({unit})"))
            .y_desc("resampled paths (count)")
            .axis_desc_style(font(DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&|v: &f64| format!("{v:.0}"))
            .max_light_lines(1)
            .light_line_style(RGBColor(240, 240, 240))
            .bold_line_style(RGBColor(215, 215, 215))
            .draw()?;
        if ci.low.is_finite() && ci.high.is_finite() {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(ci.low, 0.0), (ci.high, top)],
                    BAND.filled(),
                )))?
                .label(format!(
                    "{:.0}% confidence interval [{}, {}]",
                    if ci.level.is_finite() {
                        ci.level * 100.0
                    } else {
                        95.0
                    },
                    fmt(ci.low),
                    fmt(ci.high)
                ))
                .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 22, y + 6)], BAND.filled()));
        }
        chart
            .draw_series(counts.iter().enumerate().map(|(i, &c)| {
                let x0 = lo + i as f64 * width;
                Rectangle::new([(x0, 0.0), (x0 + width * 0.94, f64::from(c))], BAR.filled())
            }))?
            .label(format!("bootstrap differences (n = {})", values.len()))
            .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 22, y + 6)], BAR.filled()));
        if ci.low.is_finite() && ci.high.is_finite() {
            for b in [ci.low, ci.high] {
                chart.draw_series(DashedLineSeries::new(
                    vec![(b, 0.0), (b, top)],
                    8,
                    5,
                    CI.stroke_width(2),
                ))?;
            }
        }
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.0, 0.0), (0.0, top)],
                4,
                4,
                RGBColor(90, 90, 90).stroke_width(2),
            ))?
            .label("zero (no difference)")
            .legend(|(x, y)| {
                PathElement::new(
                    vec![(x, y), (x + 22, y)],
                    RGBColor(90, 90, 90).stroke_width(2),
                )
            });
        if ci.point.is_finite() {
            chart
                .draw_series(LineSeries::new(
                    vec![(ci.point, 0.0), (ci.point, top)],
                    BLACK.stroke_width(3),
                ))?
                .label(format!("point estimate {}", fmt(ci.point)))
                .legend(|(x, y)| {
                    PathElement::new(vec![(x, y), (x + 22, y)], BLACK.stroke_width(3))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .label_font(font(LEGEND_SIZE))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(160, 160, 160))
            .draw()?;
        Ok(())
    })
}
