//! Stress windows: return, max drawdown and hedge P&L of each layout inside each named window,
//! computed from the daily series of the charted variant.

use crate::daily::{Daily, drawdown};
use crate::meta::Window;

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
}

/// One window across the layouts.
#[derive(Debug, Clone)]
pub struct StressRow {
    /// The window.
    pub window: Window,
    /// One cell per daily series given to [`compute`] (same order); `None` when the window
    /// holds fewer than one trading day of that series or its equity is not finite.
    pub cells: Vec<Option<StressCell>>,
}

/// Stress figures of every window for every series; windows outside all series are kept with
/// empty cells (the caller notes and skips them).
pub fn compute(windows: &[Window], series: &[&Daily]) -> Vec<StressRow> {
    windows
        .iter()
        .map(|w| StressRow {
            window: w.clone(),
            cells: series.iter().map(|d| cell(w, d)).collect(),
        })
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
    Some(StressCell {
        total_return: eq[eq.len() - 1] / eq[0] - 1.0,
        max_drawdown,
        hedge_pnl_usd,
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
        let outside = Window {
            name: "o".into(),
            start: day(20),
            end: day(25),
        };
        assert!(cell(&outside, &d).is_none());
    }
}
