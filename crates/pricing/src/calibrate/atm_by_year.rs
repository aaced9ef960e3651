//! The ATM level of the smile file year by year: the market's ATM-to-VIX ratio and the
//! model's ATM error on the rows near one month, to see whether the ratio the model holds
//! constant (given the VIX level, tenor and, optionally, SKEW) drifts by era.
//!
//! The ATM point of a row is the file's forward-delta-0.50 vol; the model is read at the same
//! strike (as in [`super::smile_fit`]). The ratio is the ATM vol over the row's VIX close.

use std::fmt;

use chrono::Datelike;

use super::smile_fit::{SmileContext, SmileObservation, quantile, surface_of};
use crate::smile::SmileParams;

/// Index of the ATM point in [`super::smile_fit::SMILE_POINTS`].
const ATM: usize = 0;

/// One calendar year of the file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtmYear {
    /// Calendar year of the quote dates.
    pub year: i32,
    /// Rows with an ATM vol within the days-to-expiry range.
    pub rows: usize,
    /// Distinct quote dates among them.
    pub dates: usize,
    /// Mean VIX close (VIX points).
    pub vix: f64,
    /// Mean SKEW close of the rows that have one (`None`: no row has a SKEW print).
    pub skew: Option<f64>,
    /// Mean market ATM vol / VIX.
    pub market_ratio: f64,
    /// Mean model ATM vol / VIX (the model read at the market's ATM strike).
    pub model_ratio: f64,
    /// Mean ATM error, vol points (model - market).
    pub mean_err: f64,
    /// Median absolute ATM error, vol points.
    pub median_abs_err: f64,
}

/// The ATM table of one parameter set, by year.
#[derive(Debug, Clone, PartialEq)]
pub struct AtmByYear {
    /// Shortest days to expiry included.
    pub min_dte: u32,
    /// Longest days to expiry included.
    pub max_dte: u32,
    /// One entry per year with rows, oldest first.
    pub years: Vec<AtmYear>,
}

/// The ATM ratio and error by year of the rows with `min_dte <= dte <= max_dte` and an ATM
/// vol, under `params` (dividend yield `div_yield`); `ctx` is [`super::smile_fit::smile_contexts`]
/// of `obs`.
pub fn atm_by_year(
    obs: &[SmileObservation],
    ctx: &[SmileContext],
    params: &SmileParams,
    div_yield: f64,
    min_dte: u32,
    max_dte: u32,
) -> AtmByYear {
    struct Acc {
        dates: Vec<chrono::NaiveDate>,
        vix: Vec<f64>,
        skew: Vec<f64>,
        market: Vec<f64>,
        model: Vec<f64>,
    }
    let mut by: std::collections::BTreeMap<i32, Acc> = Default::default();
    for (o, c) in obs.iter().zip(ctx) {
        let Some(sig) = o.iv[ATM] else { continue };
        if o.dte < min_dte || o.dte > max_dte {
            continue;
        }
        let surf = surface_of(o, c, params, div_yield);
        let t = o.t_years();
        let st = sig * t.sqrt();
        let strike = surf.forward(t) * (0.5 * st * st).exp();
        let a = by.entry(o.date.year()).or_insert_with(|| Acc {
            dates: Vec::new(),
            vix: Vec::new(),
            skew: Vec::new(),
            market: Vec::new(),
            model: Vec::new(),
        });
        a.dates.push(o.date);
        a.vix.push(o.vix_close);
        a.skew.extend(c.skew);
        a.market.push(sig);
        a.model.push(surf.iv(strike, t));
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let years = by
        .into_iter()
        .map(|(year, mut a)| {
            let ratio = |vols: &[f64]| {
                mean(
                    &vols
                        .iter()
                        .zip(&a.vix)
                        .map(|(s, v)| 100.0 * s / v)
                        .collect::<Vec<_>>(),
                )
            };
            let errs: Vec<f64> = a
                .model
                .iter()
                .zip(&a.market)
                .map(|(m, s)| 100.0 * (m - s))
                .collect();
            let mut abs: Vec<f64> = errs.iter().map(|e| e.abs()).collect();
            abs.sort_by(f64::total_cmp);
            a.dates.dedup();
            AtmYear {
                year,
                rows: a.market.len(),
                dates: a.dates.len(),
                vix: mean(&a.vix),
                skew: (!a.skew.is_empty()).then(|| mean(&a.skew)),
                market_ratio: ratio(&a.market),
                model_ratio: ratio(&a.model),
                mean_err: mean(&errs),
                median_abs_err: quantile(&abs, 0.5),
            }
        })
        .collect();
    AtmByYear {
        min_dte,
        max_dte,
        years,
    }
}

impl fmt::Display for AtmByYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "ATM by year, rows {}-{} days to expiry (ratio = ATM vol / VIX close; error in vol points, model - market):",
            self.min_dte, self.max_dte
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "| year | rows | dates | VIX | SKEW | market ratio | model ratio | mean err | median abs err |"
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")?;
        for y in &self.years {
            let skew = y.skew.map_or_else(|| "-".to_owned(), |s| format!("{s:.1}"));
            writeln!(
                f,
                "| {} | {} | {} | {:.1} | {} | {:.3} | {:.3} | {} | {:.2} |",
                y.year,
                y.rows,
                y.dates,
                y.vix,
                skew,
                y.market_ratio,
                y.model_ratio,
                super::signed(y.mean_err, 2),
                y.median_abs_err
            )?;
        }
        Ok(())
    }
}
