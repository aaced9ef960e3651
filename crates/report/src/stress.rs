//! Stress windows: return, max drawdown and hedge P&L of each layout inside each named window,
//! computed from the daily series of the charted variant, or (without daily series) read from
//! the summary rows of the runner's window scenarios.

use chrono::NaiveDate;

use crate::daily::{Daily, drawdown};
use crate::meta::Window;
use crate::scenario::Scenarios;

/// Where the stress figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StressSource {
    /// Slices of the full-history daily series (the same run, seen inside each window).
    Daily,
    /// `summary.csv` rows of scenarios simulated on the window alone (fresh start).
    Summary,
}

/// One layout inside one window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StressCell {
    /// Total return over the window as a fraction (equity at the window's last day over
    /// equity at the close before it, minus 1).
    pub total_return: f64,
    /// Largest peak-to-trough fall inside the window, fraction >= 0.
    pub max_drawdown: f64,
    /// Change of cumulative hedge sleeve P&L over the window, USD (NaN when not recorded).
    pub hedge_pnl_usd: f64,
    /// Whether the hedge sleeve held a position at any close of the window (daily source:
    /// from the close before it; summary source: whether the window's run bought a hedge);
    /// `None` when the files do not say. Without one, the window's hedge P&L is interest on
    /// the sleeve's cash, not a payoff.
    pub hedge_held: Option<bool>,
}

/// One window across the layouts.
#[derive(Debug, Clone)]
pub struct StressRow {
    /// Window name.
    pub name: String,
    /// First and last calendar date, when known.
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// One cell per layout (same order as given); `None` when the window holds no trading
    /// day of that series, its equity is not finite, or the scenario was not run.
    pub cells: Vec<Option<StressCell>>,
}

/// Stress figures of every window for every series; windows outside all series are kept with
/// empty cells (the caller notes and skips them).
pub fn compute(windows: &[Window], series: &[&Daily]) -> Vec<StressRow> {
    windows
        .iter()
        .map(|w| StressRow {
            name: w.name.clone(),
            dates: Some((w.start, w.end)),
            cells: series.iter().map(|d| cell(w, d)).collect(),
        })
        .collect()
}

/// Stress figures from the summary rows of every window other than the main one, for one
/// variant: `total_return`, `max_drawdown` and `hedge_pnl_usd` as the runner wrote them.
/// Dates come from `windows` when a name matches.
pub fn from_summary(
    s: &Scenarios,
    variant: &str,
    layouts: &[String],
    windows: &[Window],
) -> Vec<StressRow> {
    s.windows
        .iter()
        .filter(|w| **w != s.main_window)
        .map(|w| StressRow {
            name: w.clone(),
            dates: windows
                .iter()
                .find(|x| x.name == *w)
                .map(|x| (x.start, x.end)),
            cells: layouts
                .iter()
                .map(|l| {
                    let sc = s.find(variant, w, l)?;
                    let c = StressCell {
                        total_return: s.metric(sc, "total_return"),
                        max_drawdown: s.metric(sc, "max_drawdown"),
                        hedge_pnl_usd: s.metric(sc, "hedge_pnl_usd"),
                        hedge_held: Some(s.metric(sc, "hedge_cost_pct_per_year"))
                            .filter(|c| c.is_finite())
                            .map(|c| c > 0.0),
                    };
                    (c.total_return.is_finite() || c.max_drawdown.is_finite()).then_some(c)
                })
                .collect(),
        })
        .filter(|r| r.cells.iter().any(Option::is_some))
        .collect()
}

fn cell(w: &Window, d: &Daily) -> Option<StressCell> {
    let first = d.dates.partition_point(|&x| x < w.start);
    let end = d.dates.partition_point(|&x| x <= w.end);
    if first >= end {
        return None;
    }
    // Base: the close before the window when there is one, else its first day.
    let base = first.saturating_sub(1);
    let eq = &d.total_equity[base..end];
    if eq.iter().any(|v| !v.is_finite()) || eq[0] <= 0.0 {
        return None;
    }
    let max_drawdown = -drawdown(eq).into_iter().fold(0.0_f64, f64::min);
    let hedge_pnl_usd = d
        .hedge_pnl
        .as_ref()
        .map_or(f64::NAN, |h| h[end - 1] - h[base]);
    let hedge_held = d
        .hedge_value
        .as_ref()
        .map(|v| v[base..end].iter().any(|x| *x != 0.0));
    Some(StressCell {
        total_return: eq[eq.len() - 1] / eq[0] - 1.0,
        max_drawdown,
        hedge_pnl_usd,
        hedge_held,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 3, d).unwrap()
    }

    #[test]
    fn window_return_is_measured_from_the_close_before_it() {
        let d = Daily {
            scenario: "s".into(),
            layout: "ring_fenced".into(),
            dates: (2..=6).map(day).collect(),
            total_equity: vec![100.0, 110.0, 88.0, 99.0, 120.0],
            accounts: vec![],
            hedge_pnl: Some(vec![0.0, 1.0, 5.0, 4.0, 4.0]),
            condor_pnl: None,
            hedge_value: Some(vec![0.0, 0.0, 0.0, 0.0, 3.0]),
        };
        let w = Window {
            name: "w".into(),
            start: day(3),
            end: day(5),
        };
        let c = cell(&w, &d).unwrap();
        assert!((c.total_return + 0.01).abs() < 1e-12); // 99 / 100 - 1
        assert!((c.max_drawdown - 0.2).abs() < 1e-12); // 110 -> 88
        assert_eq!(c.hedge_pnl_usd, 4.0);
        // No hedge position at any close from the one before the window to its last day.
        assert_eq!(c.hedge_held, Some(false));
        let to_the_last = Window { end: day(6), ..w };
        assert_eq!(cell(&to_the_last, &d).unwrap().hedge_held, Some(true));
        let outside = Window {
            name: "o".into(),
            start: day(20),
            end: day(25),
        };
        assert!(cell(&outside, &d).is_none());
    }
}
