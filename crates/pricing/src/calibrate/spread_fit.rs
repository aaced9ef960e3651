//! Calibration of the bid-ask half-spread model ([`crate::spread`]) on real end-of-day
//! chains: readers for the three chain layouts of `../shared/chains/`, the least-squares fit
//! on log half-spread and its error statistics (in sample, leave one day out, on other
//! chains). Deterministic: ordinary least squares by the normal equations.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use super::smile_fit::ErrorStats;
use super::table::Table;
use crate::error::Result;
use crate::spread::SpreadCoefficients;

/// One two-sided quote: what the half-spread model sees of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpreadObservation {
    /// Quote date.
    pub date: NaiveDate,
    /// (bid + ask) / 2, price points.
    pub mid: f64,
    /// (ask - bid) / 2, price points (> 0).
    pub half_spread: f64,
    /// VIX close of the quote date, index points.
    pub vix: f64,
    /// Calendar days to expiry.
    pub dte_days: f64,
    /// |delta| as the vendor gives it (NaN when the file has none).
    pub abs_delta: f64,
}

/// Push one quote when it is two-sided (bid > 0, ask > bid), its date a trading day and
/// its VIX known.
#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<SpreadObservation>,
    vix_close: &impl Fn(NaiveDate) -> Option<f64>,
    date: NaiveDate,
    expiry: NaiveDate,
    bid: f64,
    ask: f64,
    abs_delta: f64,
) {
    if !(bid > 0.0 && ask > bid && ringfence_data::calendar::is_trading_day(date)) {
        return;
    }
    let Some(vix) = vix_close(date) else { return };
    out.push(SpreadObservation {
        date,
        mid: 0.5 * (bid + ask),
        half_spread: 0.5 * (ask - bid),
        vix,
        dte_days: (expiry - date).num_days() as f64,
        abs_delta,
    });
}

/// The OTM chain file (`spx_otm_*.tsv`: `quote_date, expiry, root, right, strike, bid, ask,
/// underlying, delta, iv`). Quotes dated on exchange holidays (the vendor's 2019-05-27
/// file) and dates without a VIX close are skipped.
///
/// # Errors
/// [`crate::PricingError::Io`] or [`crate::PricingError::Parse`] naming line and column;
/// [`crate::PricingError::NothingToUse`] for an empty file or one without data rows.
pub fn read_otm_chain(
    path: &Path,
    vix_close: impl Fn(NaiveDate) -> Option<f64>,
) -> Result<Vec<SpreadObservation>> {
    read_quotes_with_delta(path, '\t', ["quote_date", "expiry"], vix_close)
}

/// A vendor raw chain (`SPX_YYYYMMDD_raw.csv`: `underlying, underlying_last, exchange,
/// optionroot, type, expiration, quotedate, strike, last, net, bid, ask, ...,delta, gamma`),
/// every root and expiry; unquoted rows skipped.
///
/// # Errors
/// [`crate::PricingError::Io`] or [`crate::PricingError::Parse`] naming line and column;
/// [`crate::PricingError::NothingToUse`] for an empty file or one without data rows.
pub fn read_raw_chain(
    path: &Path,
    vix_close: impl Fn(NaiveDate) -> Option<f64>,
) -> Result<Vec<SpreadObservation>> {
    read_quotes_with_delta(path, ',', ["quotedate", "expiration"], vix_close)
}

/// The observations of a chain file with `bid`, `ask` and `delta` columns and the quote and
/// expiry dates under `dates` (`[quote, expiry]` column names).
fn read_quotes_with_delta(
    path: &Path,
    delimiter: char,
    dates: [&str; 2],
    vix_close: impl Fn(NaiveDate) -> Option<f64>,
) -> Result<Vec<SpreadObservation>> {
    let t = Table::read(path, delimiter)?;
    let (cq, ce, cb, ca, cd) = (
        t.col(dates[0])?,
        t.col(dates[1])?,
        t.col("bid")?,
        t.col("ask")?,
        t.col("delta")?,
    );
    let mut out = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        push(
            &mut out,
            &vix_close,
            t.date(row, cq, dates[0])?,
            t.date(row, ce, dates[1])?,
            t.number(row, cb, "bid")?,
            t.number(row, ca, "ask")?,
            t.number(row, cd, "delta")?.abs(),
        );
    }
    Ok(out)
}

/// A Cboe DataShop end-of-day option file (`bid_eod`, `ask_eod`), expiries after the quote
/// date only.
///
/// # Errors
/// [`crate::PricingError::Io`] or [`crate::PricingError::Parse`] naming line and column;
/// [`crate::PricingError::NothingToUse`] for an empty file or one without data rows.
pub fn read_datashop_chain(
    path: &Path,
    vix_close: impl Fn(NaiveDate) -> Option<f64>,
) -> Result<Vec<SpreadObservation>> {
    let t = Table::read(path, ',')?;
    let (cq, ce, cb, ca) = (
        t.col("quote_date")?,
        t.col("expiration")?,
        t.col("bid_eod")?,
        t.col("ask_eod")?,
    );
    let mut out = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let (q, e) = (
            t.date(row, cq, "quote_date")?,
            t.date(row, ce, "expiration")?,
        );
        if e <= q {
            continue;
        }
        push(
            &mut out,
            &vix_close,
            q,
            e,
            t.number(row, cb, "bid_eod")?,
            t.number(row, ca, "ask_eod")?,
            f64::NAN,
        );
    }
    Ok(out)
}

/// Regressors of one observation: 1, ln mid, ln(VIX/20), ln(DTE/30).
fn regressors(o: &SpreadObservation) -> [f64; 4] {
    [
        1.0,
        o.mid.ln(),
        (o.vix / crate::spread::VIX_PIVOT).ln(),
        (o.dte_days.max(1.0) / crate::spread::DTE_PIVOT_DAYS).ln(),
    ]
}

/// Normal equations X'X, X'y of a least-squares fit.
#[derive(Debug, Clone, Copy, Default)]
struct Normal {
    xtx: [[f64; 4]; 4],
    xty: [f64; 4],
}

impl Normal {
    fn add(&mut self, x: &[f64; 4], y: f64, sign: f64) {
        for i in 0..4 {
            self.xty[i] += sign * x[i] * y;
            for j in 0..4 {
                self.xtx[i][j] += sign * x[i] * x[j];
            }
        }
    }

    fn minus(mut self, other: &Normal) -> Normal {
        for i in 0..4 {
            self.xty[i] -= other.xty[i];
            for j in 0..4 {
                self.xtx[i][j] -= other.xtx[i][j];
            }
        }
        self
    }

    /// Solve for the coefficients of the regressors in `free` (the others fixed at `fixed`).
    fn solve(&self, free: &[usize], fixed: &[f64; 4]) -> [f64; 4] {
        let n = free.len();
        let mut m = [[0.0; 5]; 4];
        for (r, &i) in free.iter().enumerate() {
            let mut rhs = self.xty[i];
            for (j, f) in fixed.iter().enumerate() {
                if !free.contains(&j) {
                    rhs -= self.xtx[i][j] * f;
                }
            }
            for (c, &j) in free.iter().enumerate() {
                m[r][c] = self.xtx[i][j];
            }
            m[r][n] = rhs;
        }
        // Gauss-Jordan with partial pivoting.
        for c in 0..n {
            let p = (c..n)
                .max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs()))
                .unwrap_or(c);
            m.swap(c, p);
            let pivot = m[c];
            for (r, row) in m.iter_mut().enumerate().take(n) {
                if r != c && pivot[c] != 0.0 {
                    let f = row[c] / pivot[c];
                    for (v, pv) in row.iter_mut().zip(pivot).take(n + 1).skip(c) {
                        *v -= f * pv;
                    }
                }
            }
        }
        let mut beta = *fixed;
        for (r, &i) in free.iter().enumerate() {
            beta[i] = m[r][n] / m[r][r];
        }
        beta
    }
}

fn to_coefficients(b: [f64; 4]) -> SpreadCoefficients {
    SpreadCoefficients {
        ln_scale: b[0],
        mid_exponent: b[1],
        vix_exponent: b[2],
        dte_exponent: b[3],
    }
}

fn normal_of<'a>(obs: impl Iterator<Item = &'a SpreadObservation>) -> Normal {
    let mut n = Normal::default();
    for o in obs {
        n.add(&regressors(o), o.half_spread.ln(), 1.0);
    }
    n
}

/// Least squares on log half-spread over `obs`. With `vix_exponent` given, that elasticity
/// is imposed and the three others fitted (a single day cannot identify it).
pub fn fit_spread(obs: &[SpreadObservation], vix_exponent: Option<f64>) -> SpreadCoefficients {
    let n = normal_of(obs.iter());
    to_coefficients(match vix_exponent {
        None => n.solve(&[0, 1, 2, 3], &[0.0; 4]),
        Some(c) => n.solve(&[0, 1, 3], &[0.0, 0.0, c, 0.0]),
    })
}

/// Errors of `coeffs` on `obs` in log half-spread (model - market, unfloored).
pub fn log_errors(coeffs: &SpreadCoefficients, obs: &[SpreadObservation]) -> Vec<f64> {
    obs.iter()
        .map(|o| coeffs.ln_half_spread(o.mid, o.vix, o.dte_days) - o.half_spread.ln())
        .collect()
}

/// Error statistics of `coeffs` on `obs`, log half-spread.
pub fn evaluate_spread(coeffs: &SpreadCoefficients, obs: &[SpreadObservation]) -> ErrorStats {
    ErrorStats::of(&log_errors(coeffs, obs))
}

/// Leave one quote date out: each date's quotes predicted by the fit on the other dates;
/// the errors of every date pooled.
pub fn leave_one_day_out(obs: &[SpreadObservation]) -> ErrorStats {
    let mut by_day: BTreeMap<NaiveDate, Vec<SpreadObservation>> = BTreeMap::new();
    for o in obs {
        by_day.entry(o.date).or_default().push(*o);
    }
    let all = normal_of(obs.iter());
    let mut errors = Vec::with_capacity(obs.len());
    for day in by_day.values() {
        let rest = all.minus(&normal_of(day.iter()));
        let c = to_coefficients(rest.solve(&[0, 1, 2, 3], &[0.0; 4]));
        errors.extend(log_errors(&c, day));
    }
    ErrorStats::of(&errors)
}
