//! Performance and risk metrics of a layout, and of a sub-window (stress windows).
//!
//! Conventions (every metric is a finite number; a quantity that is undefined is 0):
//! - Daily return `r_t = E_t / E_{t-1} - 1` on total equity; 0 when `E_{t-1} <= 0` (a
//!   bust account stays bust). The risk-free return of a day is the previous day's T-bill
//!   rate x calendar days / 365.
//! - `cagr = (E_end / E_0)^(1 / years) - 1`, `years` = calendar days / 365.25; -1 when
//!   `E_end <= 0`; 0 for a window shorter than a day.
//! - `volatility` = sample standard deviation of daily returns x sqrt(252); 0 with fewer
//!   than two returns.
//! - `sharpe` = mean / standard deviation of daily excess returns x sqrt(252); `sortino`
//!   = annualised mean excess return / (downside deviation sqrt(mean(min(x, 0)^2)) x
//!   sqrt(252)); 0 when the deviation is below 1e-12 (zero volatility).
//! - `max_drawdown`: largest `1 - E_t / peak`, a positive fraction; `max_drawdown_days`:
//!   longest run of trading days below a previous peak.
//! - `calmar = cagr / max_drawdown` (0 without drawdown).
//! - `worst_day`, `worst_month`: most negative daily / calendar-month return (month returns
//!   from month-end equity; the first month from the starting equity); 0 without one.
//! - `cvar_5`: mean loss of the worst 5% of days (at least one day), a positive fraction.
//! - `return_on_margin`: average annual P&L / average daily requirement; 0 without a
//!   requirement.
//! - Hedge: `hedge_cost_pct_per_year` = premium, commissions and slippage paid opening hedge
//!   positions / starting capital / years; `hedge_cost_pct_per_listed_year` = the same cost /
//!   the years from the listing of the hedge's instrument (VX futures 2004-03-26, VIX options
//!   2006-02-24, or the run's start when it is later, when the hedge trades SPX puts or
//!   `listed_only` is off) to the run's end, 0 when it was never listed in the run (the
//!   budget's rate is comparable with this one); `hedge_net_drag_pct_per_year` = minus the hedge
//!   sleeve's P&L excluding interest and transfers / starting capital / years;
//!   `hedge_cost_pct_of_avg_equity` and `hedge_net_drag_pct_of_avg_equity` = the same cost and
//!   drag / the mean daily total equity / years (their share of the capital actually held,
//!   which on a run whose equity compounds far from its start differs from the share of the
//!   starting capital; 0 when the mean is not positive). All are fractions (0.015 = 1.5% a
//!   year).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::results::series::DailySeries;

/// Metrics of one layout over the simulated range. Field order is the CSV column order.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Metrics {
    /// Compound annual growth rate, fraction.
    pub cagr: f64,
    /// Total return over the range, fraction.
    pub total_return: f64,
    /// Annualised volatility of daily returns, fraction.
    pub volatility: f64,
    /// Sharpe ratio vs the T-bill rate, annualised.
    pub sharpe: f64,
    /// Sortino ratio vs the T-bill rate, annualised.
    pub sortino: f64,
    /// Maximum drawdown, positive fraction (0.25 = 25% peak to trough).
    pub max_drawdown: f64,
    /// Longest drawdown, trading days.
    pub max_drawdown_days: u32,
    /// CAGR / max drawdown.
    pub calmar: f64,
    /// Worst daily return, fraction (negative).
    pub worst_day: f64,
    /// Worst calendar-month return, fraction (negative).
    pub worst_month: f64,
    /// Mean loss of the worst 5% of days, positive fraction.
    pub cvar_5: f64,
    /// Average annual P&L / average requirement.
    pub return_on_margin: f64,
    /// Average requirement / loan value over days with a requirement, fraction.
    pub avg_margin_use: f64,
    /// Margin calls opened.
    pub margin_calls: u32,
    /// Positions closed (fully or partly) by forced liquidation.
    pub forced_liquidations: u32,
    /// Commissions and stressed slippage paid in forced liquidations, USD.
    pub liquidation_cost_usd: f64,
    /// Entries refused for lack of excess.
    pub refused_entries: u32,
    /// Positions closed by a real-time liquidation at a corner of the day's range.
    pub intraday_liquidations: u32,
    /// Hedge positions the trader sold at the close to meet a negative excess.
    pub hedge_sales_for_calls: u32,
    /// Hedge openings cut to what their account's excess pays for.
    pub hedge_spend_cuts: u32,
    /// Hedge spend not made for want of excess, USD.
    pub hedge_spend_cut_usd: f64,
    /// Transfers between ring-fenced accounts that arrived.
    pub transfers: u32,
    /// Condor entries sized differently than the sleeve's attributed equity would give
    /// (account sizing basis).
    pub sizing_differs: u32,
    /// Days on which the stress add-ons raised the requirements at the close (step 8
    /// of the mechanism ladder).
    pub stress_addon_days: u32,
    /// Days on which some account used more than 80% of its loan value.
    pub days_above_80pct_margin: u32,
    /// Hedge gross cost per year, fraction of starting capital.
    pub hedge_cost_pct_per_year: f64,
    /// Hedge gross cost per year in which its instrument was listed, fraction of starting
    /// capital.
    pub hedge_cost_pct_per_listed_year: f64,
    /// Hedge net drag per year (cost less payoff), fraction of starting capital.
    pub hedge_net_drag_pct_per_year: f64,
    /// Hedge gross cost per year, fraction of the mean daily total equity.
    pub hedge_cost_pct_of_avg_equity: f64,
    /// Hedge net drag per year (cost less payoff), fraction of the mean daily total equity.
    pub hedge_net_drag_pct_of_avg_equity: f64,
    /// Condor sleeve P&L over the range, USD (interest included).
    pub condor_pnl_usd: f64,
    /// Hedge sleeve P&L over the range, USD (interest included).
    pub hedge_pnl_usd: f64,
    /// Positions opened.
    pub entries: u32,
    /// Starting equity, USD.
    pub initial_equity: f64,
    /// Final equity, USD.
    pub final_equity: f64,
    /// Trading days simulated.
    pub days: u32,
}

/// Metrics of a sub-window of a finished layout result.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct WindowMetrics {
    /// First trading day of the window inside the result.
    pub start: NaiveDate,
    /// Last trading day of the window inside the result.
    pub end: NaiveDate,
    /// Trading days in the window.
    pub days: u32,
    /// Return from the close before the window (or its first close) to its last close.
    pub total_return: f64,
    /// Annualised volatility of the window's daily returns.
    pub volatility: f64,
    /// Maximum drawdown inside the window, positive fraction.
    pub max_drawdown: f64,
    /// Worst daily return in the window.
    pub worst_day: f64,
    /// Condor sleeve P&L over the window, USD.
    pub condor_pnl_usd: f64,
    /// Hedge sleeve P&L over the window (its payoff in the episode), USD.
    pub hedge_pnl_usd: f64,
    /// Lowest excess of any account in the window, USD.
    pub min_excess_usd: f64,
}

/// Everything the metrics read, collected by the engine.
#[derive(Debug, Clone, Copy)]
pub struct MetricInputs<'a> {
    /// Dates.
    pub dates: &'a [NaiveDate],
    /// Total equity per day (after the day's close processing).
    pub equity: &'a [f64],
    /// Risk-free return of each day (the first is 0).
    pub rf: &'a [f64],
    /// Total requirement per day, USD.
    pub requirement: &'a [f64],
    /// Sum of daily margin use over days with a requirement, and the count of such days.
    pub margin_use: (f64, u32),
    /// Starting equity, USD.
    pub initial: f64,
}

/// Daily returns of an equity path starting from `initial` (one per day).
pub fn daily_returns(initial: f64, equity: &[f64], out: &mut Vec<f64>) {
    out.clear();
    let mut prev = initial;
    for &e in equity {
        out.push(if prev > 0.0 { e / prev - 1.0 } else { 0.0 });
        prev = e;
    }
}

fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        0.0
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}

fn sample_std(x: &[f64]) -> f64 {
    if x.len() < 2 {
        return 0.0;
    }
    let m = mean(x);
    let v = x.iter().map(|r| (r - m) * (r - m)).sum::<f64>() / (x.len() - 1) as f64;
    v.max(0.0).sqrt()
}

/// Largest drawdown (positive fraction) and the longest underwater run (days).
pub fn drawdown(initial: f64, equity: &[f64]) -> (f64, u32) {
    let mut peak = initial;
    let (mut max_dd, mut run, mut max_run) = (0.0_f64, 0u32, 0u32);
    for &e in equity {
        if e >= peak {
            peak = e;
            run = 0;
        } else {
            run += 1;
            max_run = max_run.max(run);
            let dd = if peak > 0.0 { 1.0 - e / peak } else { 1.0 };
            max_dd = max_dd.max(dd);
        }
    }
    (max_dd.clamp(0.0, f64::MAX), max_run)
}

fn years_between(a: NaiveDate, b: NaiveDate) -> f64 {
    (b - a).num_days() as f64 / 365.25
}

fn cagr(initial: f64, last: f64, years: f64) -> f64 {
    if years <= 0.0 || initial <= 0.0 {
        0.0
    } else if last <= 0.0 {
        -1.0
    } else {
        (last / initial).powf(1.0 / years) - 1.0
    }
}

fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

/// Calendar-year returns (year, fraction), the first year from `initial`.
pub fn annual_returns(initial: f64, dates: &[NaiveDate], equity: &[f64]) -> Vec<(i32, f64)> {
    period_returns(initial, dates, equity, |d| (d.year(), 0))
        .into_iter()
        .map(|((y, _), r)| (y, r))
        .collect()
}

fn period_returns(
    initial: f64,
    dates: &[NaiveDate],
    equity: &[f64],
    key: impl Fn(NaiveDate) -> (i32, u32),
) -> Vec<((i32, u32), f64)> {
    let mut out = Vec::new();
    let mut base = initial;
    for i in 0..dates.len() {
        let last_of_period = i + 1 == dates.len() || key(dates[i + 1]) != key(dates[i]);
        if last_of_period {
            let r = if base > 0.0 {
                equity[i] / base - 1.0
            } else {
                0.0
            };
            out.push((key(dates[i]), finite(r)));
            base = equity[i];
        }
    }
    out
}

/// Compute the metrics. `scratch` is reused for the daily returns.
pub fn compute(inp: &MetricInputs<'_>, scratch: &mut Vec<f64>) -> Metrics {
    let n = inp.equity.len();
    let mut m = Metrics {
        initial_equity: inp.initial,
        final_equity: inp.equity.last().copied().unwrap_or(inp.initial),
        days: n as u32,
        ..Metrics::default()
    };
    if n == 0 {
        return m;
    }
    daily_returns(inp.initial, inp.equity, scratch);
    // The first day's return is measured from the starting capital at the first close.
    let r = &scratch[..];
    let years = if n >= 2 {
        years_between(inp.dates[0], inp.dates[n - 1])
    } else {
        0.0
    };
    m.total_return = finite(if inp.initial > 0.0 {
        m.final_equity / inp.initial - 1.0
    } else {
        0.0
    });
    m.cagr = finite(cagr(inp.initial, m.final_equity, years));
    m.volatility = finite(sample_std(r) * 252f64.sqrt());
    let excess: Vec<f64> = r.iter().zip(inp.rf).map(|(a, b)| a - b).collect();
    let sd = sample_std(&excess);
    m.sharpe = if sd > 1e-12 {
        finite(mean(&excess) / sd * 252f64.sqrt())
    } else {
        0.0
    };
    let down =
        (excess.iter().map(|x| x.min(0.0).powi(2)).sum::<f64>() / excess.len() as f64).sqrt();
    m.sortino = if down > 1e-12 {
        finite(mean(&excess) / down * 252f64.sqrt())
    } else {
        0.0
    };
    let (dd, dd_days) = drawdown(inp.initial, inp.equity);
    m.max_drawdown = finite(dd);
    m.max_drawdown_days = dd_days;
    m.calmar = if dd > 0.0 { finite(m.cagr / dd) } else { 0.0 };
    m.worst_day = finite(r.iter().copied().fold(0.0, f64::min));
    m.worst_month = period_returns(inp.initial, inp.dates, inp.equity, |d| {
        (d.year(), d.month())
    })
    .iter()
    .map(|(_, r)| *r)
    .fold(0.0, f64::min);
    let k = ((0.05 * n as f64).ceil() as usize).clamp(1, n);
    let mut worst = excess;
    worst.clear();
    worst.extend_from_slice(r);
    worst.select_nth_unstable_by(k - 1, f64::total_cmp);
    // `0.0 - x`, not `-x`: a path without a losing day has a CVaR of 0, not -0.
    m.cvar_5 = finite(0.0 - mean(&worst[..k]).min(0.0));
    let avg_req = mean(inp.requirement);
    m.return_on_margin = if avg_req > 0.0 && years > 0.0 {
        finite((m.final_equity - inp.initial) / years / avg_req)
    } else {
        0.0
    };
    m.avg_margin_use = if inp.margin_use.1 > 0 {
        finite(inp.margin_use.0 / f64::from(inp.margin_use.1))
    } else {
        0.0
    };
    m
}

/// Years covered by a date range (calendar days / 365.25), 0 for a single day.
pub fn years_of(dates: &[NaiveDate]) -> f64 {
    years_since(dates, None)
}

/// Years from `from` (or the first date, when later or `None`) to the last date of
/// `dates`; 0 when `from` is after the last date.
pub fn years_since(dates: &[NaiveDate], from: Option<NaiveDate>) -> f64 {
    match (dates.first(), dates.last()) {
        (Some(a), Some(b)) => years_between(from.map_or(*a, |f| f.max(*a)), *b).max(0.0),
        _ => 0.0,
    }
}

/// Metrics of the window `[start, end]` (inclusive dates) of a recorded daily series;
/// `None` when no recorded day falls inside it.
pub fn window_metrics(
    daily: &DailySeries,
    start: NaiveDate,
    end: NaiveDate,
) -> Option<WindowMetrics> {
    let i0 = daily.dates.partition_point(|d| *d < start);
    let i1 = daily.dates.partition_point(|d| *d <= end);
    if i0 >= i1 {
        return None;
    }
    let base = if i0 > 0 {
        daily.total_equity[i0 - 1]
    } else {
        daily.total_equity[i0]
    };
    let eq = &daily.total_equity[i0..i1];
    let mut r = Vec::with_capacity(eq.len());
    daily_returns(base, eq, &mut r);
    if i0 == 0 {
        r.remove(0);
    }
    let (dd, _) = drawdown(base, eq);
    let delta = |v: &[f64]| -> f64 {
        if v.is_empty() {
            return 0.0;
        }
        let before = if i0 > 0 { v[i0 - 1] } else { 0.0 };
        v[i1 - 1] - before
    };
    let min_excess = daily
        .accounts
        .iter()
        .flat_map(|a| a.excess[i0..i1].iter().copied())
        .fold(f64::INFINITY, f64::min);
    Some(WindowMetrics {
        start: daily.dates[i0],
        end: daily.dates[i1 - 1],
        days: (i1 - i0) as u32,
        total_return: finite(if base > 0.0 {
            eq[eq.len() - 1] / base - 1.0
        } else {
            0.0
        }),
        volatility: finite(sample_std(&r) * 252f64.sqrt()),
        max_drawdown: finite(dd),
        worst_day: finite(r.iter().copied().fold(0.0, f64::min)),
        condor_pnl_usd: finite(delta(&daily.condor_pnl)),
        hedge_pnl_usd: finite(delta(&daily.hedge_pnl)),
        min_excess_usd: finite(min_excess),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(n: usize) -> Vec<NaiveDate> {
        let start = NaiveDate::from_ymd_opt(2021, 1, 4).unwrap();
        ringfence_data::calendar::trading_days(start, start + chrono::Days::new(3 * n as u64))
            .into_iter()
            .take(n)
            .collect()
    }

    #[test]
    fn a_flat_path_has_zero_volatility_sharpe_drawdown_and_cvar() {
        let d = dates(300);
        let eq = vec![100.0; 300];
        let rf = vec![0.0; 300];
        let req = vec![0.0; 300];
        let m = compute(
            &MetricInputs {
                dates: &d,
                equity: &eq,
                rf: &rf,
                requirement: &req,
                margin_use: (0.0, 0),
                initial: 100.0,
            },
            &mut Vec::new(),
        );
        assert_eq!((m.volatility, m.sharpe, m.sortino), (0.0, 0.0, 0.0));
        assert_eq!((m.max_drawdown, m.calmar, m.cvar_5), (0.0, 0.0, 0.0));
        // +0, not -0 (`==` does not tell them apart; the sign shows in the CSVs).
        assert!(m.cvar_5.is_sign_positive() && m.max_drawdown.is_sign_positive());
        assert_eq!(
            (m.return_on_margin, m.avg_margin_use, m.cagr),
            (0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn drawdown_is_the_largest_fall_from_a_peak_and_its_length() {
        let (dd, days) = drawdown(100.0, &[110.0, 99.0, 88.0, 105.0, 111.0, 100.0]);
        assert!((dd - 0.2).abs() < 1e-12);
        assert_eq!(days, 3);
    }

    #[test]
    fn an_empty_window_has_no_metrics_and_a_bust_path_has_cagr_minus_one() {
        assert_eq!(cagr(100.0, -5.0, 2.0), -1.0);
        assert_eq!(cagr(100.0, 121.0, 2.0), 0.10000000000000009);
        let d = dates(5);
        let series = DailySeries {
            dates: d.clone(),
            total_equity: vec![100.0, 90.0, 99.0, 108.9, 100.0],
            accounts: Vec::new(),
            condor_pnl: vec![0.0; 5],
            hedge_pnl: vec![0.0, 1.0, 2.0, 3.0, 4.0],
            hedge_value: vec![0.0; 5],
        };
        let before = d[0] - chrono::Days::new(10);
        assert!(window_metrics(&series, before, before).is_none());
        let w = window_metrics(&series, d[1], d[3]).unwrap();
        assert_eq!(w.days, 3);
        assert!((w.total_return - 0.089).abs() < 1e-12);
        assert!((w.max_drawdown - 0.1).abs() < 1e-12);
        assert!((w.hedge_pnl_usd - 3.0).abs() < 1e-12);
    }
}
