//! Margin use and excess per account over time, with margin-call and liquidation markers.

use super::equity::{Axes, Line, Marker, MarkerKind, draw_lines};
use super::{
    LEGEND_WIDTH, Mark, Png, legend_column, pct_label, render, title_style, usd_label, value_range,
};
use crate::daily::Daily;
use crate::events::Event;
use crate::layout::{Palette, label};

/// Margin use is drawn up to this fraction of equity at most (300%); beyond it is off-chart.
const MAX_USE: f64 = 3.0;

/// Two panels: margin use (requirement / equity) and excess (equity - requirement) of every
/// account of every layout; the first account of a layout is solid, the others dashed.
/// Margin calls and liquidations of `events` are marked on both panels.
///
/// # Errors
/// Plotting or encoding errors.
pub fn margin(series: &[&Daily], events: &[Event], palette: &Palette) -> crate::Result<Png> {
    let mut use_lines = Vec::new();
    let mut excess_lines = Vec::new();
    let mut use_markers = Vec::new();
    let mut excess_markers = Vec::new();
    for d in series {
        let colour = palette.colour(&d.layout);
        let accounts: Vec<_> = d
            .accounts
            .iter()
            .filter(|a| a.requirement.iter().chain(&a.excess).any(|v| v.is_finite()))
            .collect();
        for (i, a) in accounts.iter().enumerate() {
            let name = format!("{} {}", label(&d.layout), a.name);
            let usage: Vec<f64> = a
                .margin_use()
                .into_iter()
                .map(|u| if u.is_finite() { u.min(MAX_USE) } else { u })
                .collect();
            use_lines.push(Line {
                label: name.clone(),
                colour,
                dashed: i > 0,
                dates: &d.dates,
                values: usage,
            });
            excess_lines.push(Line {
                label: name,
                colour,
                dashed: i > 0,
                dates: &d.dates,
                values: a.excess.clone(),
            });
        }
        for e in events.iter().filter(|e| e.scenario == d.scenario) {
            let Some(kind) = MarkerKind::of(e) else {
                continue;
            };
            let Some(acc) = accounts
                .iter()
                .find(|a| a.name == e.account)
                .or(accounts.first())
            else {
                continue;
            };
            let day = d.dates.partition_point(|&x| x < e.date);
            if day >= d.dates.len() {
                continue;
            }
            let usage = acc.margin_use()[day];
            if usage.is_finite() {
                use_markers.push(Marker {
                    date: d.dates[day],
                    value: usage.min(MAX_USE),
                    kind,
                    colour,
                });
            }
            if acc.excess[day].is_finite() {
                excess_markers.push(Marker {
                    date: d.dates[day],
                    value: acc.excess[day],
                    kind,
                    colour,
                });
            }
        }
    }
    let title = "Margin use and excess per account";
    render("margin.png", title, |root| {
        let Some((_, use_hi)) = value_range(use_lines.iter().map(|l| l.values.as_slice()), 0.05)
        else {
            return super::empty_message(root, title, "no margin columns in the daily series");
        };
        let area = root.titled(title, title_style())?;
        let (plots, legend) = area.split_horizontally(area.dim_in_pixel().0 - LEGEND_WIDTH);
        let mut entries: Vec<(String, Mark)> = use_lines
            .iter()
            .map(|l| {
                let mark = if l.dashed {
                    Mark::Dashed(l.colour)
                } else {
                    Mark::Line(l.colour)
                };
                (l.label.clone(), mark)
            })
            .collect();
        let has = |k: MarkerKind| {
            excess_markers
                .iter()
                .chain(&use_markers)
                .any(|m| m.kind == k)
        };
        if has(MarkerKind::MarginCall) {
            entries.push(("margin call".into(), Mark::Triangle));
        }
        if has(MarkerKind::Liquidation) {
            entries.push(("forced liquidation".into(), Mark::Cross));
        }
        legend_column(&legend, &entries)?;
        let (top, bottom) = plots.split_vertically(plots.dim_in_pixel().1 / 2);
        let axes = Axes {
            title: "Margin use: requirement / equity (%, capped at 300%)",
            y_desc: "requirement / equity (%)",
            y_fmt: &pct_label,
            legend: None,
        };
        draw_lines(&top, &axes, 0.0..use_hi.max(0.1), &use_lines, &use_markers)?;
        let (lo, hi) = value_range(excess_lines.iter().map(|l| l.values.as_slice()), 0.05)
            .unwrap_or((-1.0, 1.0));
        let axes = Axes {
            title: "Excess over requirement (USD); below 0 = margin call",
            y_desc: "excess (USD)",
            y_fmt: &usd_label,
            legend: None,
        };
        let y = lo.min(0.0)..hi.max(0.0);
        draw_lines(&bottom, &axes, y, &excess_lines, &excess_markers)
    })
}
