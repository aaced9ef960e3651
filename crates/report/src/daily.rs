//! `daily/<scenario>.csv`: one layout's day-by-day equity, accounts and sleeve P&L.

use std::path::Path;

use chrono::NaiveDate;

use crate::error::{ReportError, Result};
use crate::table::Table;

/// One account's daily columns (USD).
#[derive(Debug, Clone)]
pub struct AccountSeries {
    /// Account name (`core`, `hedge`, `main`).
    pub name: String,
    /// Cash balance, USD (NaN when the column is absent).
    pub cash: Vec<f64>,
    /// Equity = cash + marked positions, USD.
    pub equity: Vec<f64>,
    /// Margin requirement, USD.
    pub requirement: Vec<f64>,
    /// Excess = equity - requirement, USD.
    pub excess: Vec<f64>,
}

impl AccountSeries {
    /// Margin use per day as a fraction of equity (requirement / equity); NaN when equity <= 0.
    pub fn margin_use(&self) -> Vec<f64> {
        self.requirement
            .iter()
            .zip(&self.equity)
            .map(|(&r, &e)| if e > 0.0 { r / e } else { f64::NAN })
            .collect()
    }
}

/// The daily series of one scenario.
#[derive(Debug, Clone)]
pub struct Daily {
    /// Scenario id.
    pub scenario: String,
    /// Layout of the scenario.
    pub layout: String,
    /// Trading dates, strictly increasing.
    pub dates: Vec<NaiveDate>,
    /// Total equity over all accounts, USD.
    pub total_equity: Vec<f64>,
    /// Per-account columns.
    pub accounts: Vec<AccountSeries>,
    /// Cumulative hedge sleeve P&L, USD (when written).
    pub hedge_pnl: Option<Vec<f64>>,
    /// Cumulative condor sleeve P&L, USD (when written).
    pub condor_pnl: Option<Vec<f64>>,
    /// Marked value of the hedge sleeve's positions at each close, USD (when written).
    pub hedge_value: Option<Vec<f64>>,
}

impl Daily {
    /// Read `daily/<scenario>.csv`.
    ///
    /// # Errors
    /// Missing/truncated file, missing `date`/`total_equity`, unparseable cells, dates not
    /// strictly increasing; each naming the file (and line).
    pub fn read(path: &Path, scenario: &str, layout: &str) -> Result<Self> {
        let t = Table::read(path, "daily equity and margin series of a scenario")?;
        let c_date = t.require("date")?;
        let c_total = t.require("total_equity")?;
        let mut dates = Vec::with_capacity(t.len());
        for r in 0..t.len() {
            let d = t.date(r, c_date)?;
            if let Some(&prev) = dates.last()
                && d <= prev
            {
                return Err(ReportError::Csv {
                    path: path.to_path_buf(),
                    line: t.line(r),
                    message: format!("date {d} does not follow {prev}: dates must increase"),
                });
            }
            dates.push(d);
        }
        let column = |c: usize| {
            (0..t.len())
                .map(|r| t.f64(r, c))
                .collect::<Result<Vec<_>>>()
        };
        let optional = |name: &str| t.col(name).map(column).transpose();
        let nan = || vec![f64::NAN; t.len()];
        let mut accounts = Vec::new();
        for h in t.headers() {
            let Some(name) = h.strip_suffix("_equity") else {
                continue;
            };
            if name == "total" || name.is_empty() {
                continue;
            }
            accounts.push(AccountSeries {
                name: name.to_string(),
                cash: optional(&format!("{name}_cash"))?.unwrap_or_else(nan),
                equity: optional(h)?.unwrap_or_else(nan),
                requirement: optional(&format!("{name}_requirement"))?.unwrap_or_else(nan),
                excess: optional(&format!("{name}_excess"))?.unwrap_or_else(nan),
            });
        }
        Ok(Self {
            scenario: scenario.to_string(),
            layout: layout.to_string(),
            total_equity: column(c_total)?,
            hedge_pnl: optional("hedge_pnl")?,
            condor_pnl: optional("condor_pnl")?,
            hedge_value: optional("hedge_value")?,
            dates,
            accounts,
        })
    }

    /// Drawdown per day as a fraction <= 0 of the running peak of total equity (NaN days are
    /// carried as NaN and do not move the peak).
    pub fn drawdown(&self) -> Vec<f64> {
        drawdown(&self.total_equity)
    }

    /// Number of non-finite total-equity values.
    pub fn non_finite(&self) -> usize {
        self.total_equity.iter().filter(|v| !v.is_finite()).count()
    }
}

/// Drawdown series (fraction <= 0) of an equity series.
pub fn drawdown(equity: &[f64]) -> Vec<f64> {
    let mut peak = f64::NEG_INFINITY;
    equity
        .iter()
        .map(|&e| {
            if !e.is_finite() {
                return f64::NAN;
            }
            peak = peak.max(e);
            if peak > 0.0 { e / peak - 1.0 } else { f64::NAN }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawdown_from_100_to_80_is_minus_20_percent() {
        let dd = drawdown(&[100.0, 120.0, 96.0, f64::NAN, 130.0]);
        assert_eq!(dd[1], 0.0);
        assert!((dd[2] + 0.2).abs() < 1e-12);
        assert!(dd[3].is_nan());
        assert_eq!(dd[4], 0.0);
    }
}
