//! The mechanism ladder as a waterfall: the ring_fenced - commingled difference of a metric
//! with every mechanism off, then what each mechanism adds, then the total; each step's
//! cumulative difference carries its bootstrap interval as a whisker.

use plotters::prelude::*;

use super::{DESC_SIZE, LABEL_SIZE, Png, font, render, title_style};
use crate::answer::LadderStep;

/// One bar of the waterfall.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Label under the bar (the step number; the report's table names the mechanism).
    pub label: String,
    /// Bottom and top of the bar (the cumulative difference before and after the step).
    pub from: f64,
    /// Top (or bottom) after the step.
    pub to: f64,
    /// Interval of the cumulative difference after the step, when known.
    pub interval: Option<(f64, f64)>,
}

/// The bars of metric `m` (index into `ANSWER_METRICS`) over the ladder: step 0 from zero,
/// each later step from the previous cumulative value, and a last `all mechanisms` bar from
/// zero to the final value.
pub fn bars(steps: &[LadderStep], m: usize) -> Vec<Bar> {
    let mut out = Vec::with_capacity(steps.len() + 1);
    let mut prev = 0.0;
    for s in steps {
        let d = s.answer.diffs[m];
        let to = if d.value.is_finite() { d.value } else { prev };
        let interval = (d.low.is_finite() && d.high.is_finite()).then_some((d.low, d.high));
        out.push(Bar {
            label: if s.through == 0 {
                "0: all off".to_string()
            } else {
                format!("+{}", s.through)
            },
            from: if s.through == 0 { 0.0 } else { prev },
            to,
            interval,
        });
        prev = to;
    }
    if let Some(last) = out.last().cloned() {
        out.push(Bar {
            label: "all on".to_string(),
            from: 0.0,
            to: last.to,
            interval: last.interval,
        });
    }
    out
}

/// Waterfall of `bars` for `metric` (its label and value formatter), written to `file`.
///
/// # Errors
/// Plotting or encoding errors.
pub fn waterfall(
    file: &str,
    bars: &[Bar],
    metric_label: &str,
    fmt: &dyn Fn(f64) -> String,
) -> crate::Result<Png> {
    let title = format!("Mechanism ladder: ring-fenced - commingled {metric_label}");
    render(file, &title, |root| {
        let area = root.titled(&title, title_style())?;
        let mut lo = 0.0_f64;
        let mut hi = 0.0_f64;
        for b in bars {
            for v in [b.from, b.to] {
                lo = lo.min(v);
                hi = hi.max(v);
            }
            if let Some((l, h)) = b.interval {
                lo = lo.min(l);
                hi = hi.max(h);
            }
        }
        let span = (hi - lo).max(1e-9);
        let n = bars.len();
        let names: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
        let mut chart = ChartBuilder::on(&area)
            .margin(15)
            .x_label_area_size(70)
            .y_label_area_size(110)
            .build_cartesian_2d(
                -0.5..(n as f64 - 0.5),
                (lo - span * 0.08)..(hi + span * 0.08),
            )?;
        let cat = |v: &f64| {
            let i = v.round();
            if (v - i).abs() > 0.01 || i < 0.0 || i as usize >= names.len() {
                String::new()
            } else {
                names[i as usize].clone()
            }
        };
        let yfmt = |v: &f64| fmt(*v);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n + 1)
            .x_label_formatter(&cat)
            .y_label_formatter(&yfmt)
            .y_desc(format!("ring-fenced - commingled {metric_label}"))
            .axis_desc_style(font(DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .x_desc("ladder step (mechanisms as numbered in the table)")
            .light_line_style(RGBColor(240, 240, 240))
            .draw()?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
            BLACK.stroke_width(1),
        )))?;
        let up = RGBColor(8, 69, 148);
        let down = RGBColor(203, 24, 29);
        let total = RGBColor(90, 90, 90);
        chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
            let colour = if i + 1 == n || i == 0 {
                total
            } else if b.to >= b.from {
                up
            } else {
                down
            };
            let x = i as f64;
            let (y0, y1) = if (b.to - b.from).abs() < span * 1e-3 {
                (b.from - span * 1e-3, b.from + span * 1e-3)
            } else {
                (b.from, b.to)
            };
            Rectangle::new([(x - 0.35, y0), (x + 0.35, y1)], colour.filled())
        }))?;
        chart.draw_series(bars.iter().enumerate().filter_map(|(i, b)| {
            let (l, h) = b.interval?;
            let x = i as f64;
            Some(PathElement::new(
                vec![
                    (x - 0.1, l),
                    (x + 0.1, l),
                    (x, l),
                    (x, h),
                    (x - 0.1, h),
                    (x + 0.1, h),
                ],
                BLACK.stroke_width(2),
            ))
        }))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{Diff, VariantAnswer};

    fn step(through: usize, value: f64) -> LadderStep {
        let d = Diff {
            value,
            low: value - 0.01,
            high: value + 0.01,
        };
        LadderStep {
            through,
            label: format!("m{through}"),
            answer: VariantAnswer {
                variant: through.to_string(),
                params: Vec::new(),
                diffs: [d, d, d],
                worst_stress: None,
                activity: [(0.0, 0.0); 9],
            },
        }
    }

    #[test]
    fn each_bar_starts_where_the_previous_step_ended_and_the_total_from_zero() {
        let b = bars(&[step(0, 0.0), step(1, 0.02), step(2, -0.01)], 0);
        let spans: Vec<(f64, f64)> = b.iter().map(|b| (b.from, b.to)).collect();
        assert_eq!(
            spans,
            [(0.0, 0.0), (0.0, 0.02), (0.02, -0.01), (0.0, -0.01)]
        );
        assert_eq!(b[0].label, "0: all off");
        assert_eq!(b[2].label, "+2");
        assert_eq!(b[3].interval, Some((-0.02, 0.0)));
    }
}
