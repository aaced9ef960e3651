//! Calibration of the VX futures curve model ([`VxCurveParams`]) and of the VIX-only term
//! structure fallback ([`TermFallbackParams`]) against the real data.
//!
//! 1. The fallback (long-run vol, mean-reversion speed) is fitted on the days where VIX9D,
//!    VIX, VIX3M and VIX6M all exist: from VIX alone it predicts the three others; the fit
//!    minimises the sum of absolute errors in vol points.
//! 2. The convexity / risk-premium adjustment `(k, p, e)` is fitted on every real settle of
//!    the six nearest contracts (expiry after the trade date), minimising the sum of absolute
//!    errors in VIX points. Each day's model uses the VIX-family indices that existed that
//!    day (VIX only before 2008, with the fallback of step 1).
//!
//! The report gives the error by contract rank, by year, by VIX-family source, and the share
//! of days where the sign of the model slope VX2 - VX1 differs from the real one.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use ringfence_data::{MarketHistory, Series};

use super::optimiser::{NelderMead, nelder_mead};
use super::smile_fit::ErrorStats;
use crate::term::{TermFallbackParams, TermSource, VixFamily, VixTermStructure, term_on};
use crate::vix_options::VixOptionParams;
use crate::vx_curve::VxCurveParams;

/// Largest contract rank reported (VX1..VX6).
pub const MAX_RANK: usize = 6;

/// One real VX settle with the context the model needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VxObservation {
    /// Trading-day index into the history.
    pub day: usize,
    /// Trade date.
    pub date: NaiveDate,
    /// Rank of the contract on the day (1 = nearest expiry after the trade date).
    pub rank: usize,
    /// Contract expiry (VIX expiration).
    pub expiry: NaiveDate,
    /// Years to expiry (calendar days / 365).
    pub tau: f64,
    /// Real settle, VIX points.
    pub settle: f64,
}

/// Expiry of a loaded contract: the date the data show, else the VIX expiration rule.
pub fn contract_expiry(c: &ringfence_data::VxContract) -> NaiveDate {
    c.expiry.unwrap_or_else(|| {
        crate::expiry::vix_expiration(c.month.0, c.month.1)
            .unwrap_or_else(|_| ringfence_data::contract::standard_expiry(c.month))
    })
}

/// Every real settle of the `MAX_RANK` nearest contracts whose expiry is after the trade
/// date, day by day (sorted by day, then rank).
pub fn vx_observations(history: &MarketHistory) -> Vec<VxObservation> {
    let mut by_day: BTreeMap<usize, Vec<(NaiveDate, f64)>> = BTreeMap::new();
    for c in &history.vx.contracts {
        let expiry = contract_expiry(c);
        for (k, s) in c.settles.iter().enumerate() {
            let day = c.first_day + k;
            if !(s.is_finite() && *s > 0.0) || day >= history.len() {
                continue;
            }
            if expiry > history.dates[day] {
                by_day.entry(day).or_default().push((expiry, *s));
            }
        }
    }
    let mut out = Vec::new();
    for (day, mut v) in by_day {
        v.sort_by_key(|x| x.0);
        let date = history.dates[day];
        for (r, (expiry, settle)) in v.into_iter().take(MAX_RANK).enumerate() {
            out.push(VxObservation {
                day,
                date,
                rank: r + 1,
                expiry,
                tau: (expiry - date).num_days() as f64 / 365.0,
                settle,
            });
        }
    }
    out
}

/// Fit the VIX-only fallback on the days with all four indices: minimise the absolute error
/// (vol points) of the VIX9D, VIX3M and VIX6M predicted from VIX alone.
pub fn fit_term_fallback(
    history: &MarketHistory,
    start: &TermFallbackParams,
) -> TermFallbackParams {
    let days: Vec<[f64; 4]> = (0..history.len())
        .filter_map(|i| {
            Some([
                history.get(Series::Vix9d, i)? / 100.0,
                history.vix.close[i] / 100.0,
                history.get(Series::Vix3m, i)? / 100.0,
                history.get(Series::Vix6m, i)? / 100.0,
            ])
        })
        .collect();
    let mut objective = |x: &[f64]| {
        let p = TermFallbackParams {
            long_run_vol: x[0],
            kappa: x[1].exp(),
        };
        if !(0.05..=1.0).contains(&p.long_run_vol) {
            return f64::INFINITY;
        }
        term_fallback_error(&days, &p)
    };
    let (x, _) = nelder_mead(
        &mut objective,
        &[start.long_run_vol, start.kappa.ln()],
        &[0.02, 0.3],
        NelderMead::default(),
    );
    TermFallbackParams {
        long_run_vol: x[0],
        kappa: x[1].exp(),
    }
}

fn term_fallback_error(days: &[[f64; 4]], p: &TermFallbackParams) -> f64 {
    let mut total = 0.0;
    for d in days {
        let t = VixTermStructure::new(
            VixFamily {
                vix9d: None,
                vix: d[1],
                vix3m: None,
                vix6m: None,
            },
            p,
        );
        for i in [0usize, 2, 3] {
            total += (100.0 * (t.node_level(i) - d[i])).abs();
        }
    }
    total
}

/// Per node (VIX9D, VIX3M, VIX6M): error statistics (vol points) of the VIX-only fallback on
/// the days with all four indices.
pub fn term_fallback_stats(history: &MarketHistory, p: &TermFallbackParams) -> [ErrorStats; 3] {
    let mut errs: [Vec<f64>; 3] = Default::default();
    for i in 0..history.len() {
        let (Some(a), Some(b), Some(c)) = (
            history.get(Series::Vix9d, i),
            history.get(Series::Vix3m, i),
            history.get(Series::Vix6m, i),
        ) else {
            continue;
        };
        let t = VixTermStructure::new(
            VixFamily {
                vix9d: None,
                vix: history.vix.close[i] / 100.0,
                vix3m: None,
                vix6m: None,
            },
            p,
        );
        for (k, (node, real)) in [(0usize, a), (2, b), (3, c)].into_iter().enumerate() {
            errs[k].push(100.0 * t.node_level(node) - real);
        }
    }
    std::array::from_fn(|k| ErrorStats::of(&errs[k]))
}

/// Fit the VIX-only fallback on the VX settles of the days that have VIX alone (2004-2007):
/// the only information about the term structure in that era. Minimises the sum of absolute
/// VX errors (VIX points) given the adjustment `vx`.
pub fn fit_term_fallback_on_vx(
    history: &MarketHistory,
    obs: &[VxObservation],
    vx: &VxCurveParams,
    start: &TermFallbackParams,
) -> TermFallbackParams {
    let vix_only: Vec<VxObservation> = obs
        .iter()
        .filter(|o| term_on(history, o.day, start).source() == TermSource::VixOnly)
        .copied()
        .collect();
    if vix_only.is_empty() {
        return *start;
    }
    let mut objective = |x: &[f64]| {
        let p = TermFallbackParams {
            long_run_vol: x[0],
            kappa: x[1].exp(),
        };
        if !(0.05..=1.0).contains(&p.long_run_vol) || p.kappa > 50.0 {
            return f64::INFINITY;
        }
        vix_only
            .iter()
            .map(|o| (vx.fair_value(&term_on(history, o.day, &p), o.tau) - o.settle).abs())
            .sum::<f64>()
    };
    let (x, _) = nelder_mead(
        &mut objective,
        &[start.long_run_vol, start.kappa.ln()],
        &[0.02, 0.3],
        NelderMead {
            max_evals: 600,
            restarts: 2,
            f_tol: 1e-9,
        },
    );
    TermFallbackParams {
        long_run_vol: x[0],
        kappa: x[1].exp(),
    }
}

/// Fit the VX adjustment on the observations, each day's curve built with `fallback`.
pub fn fit_vx_curve(
    history: &MarketHistory,
    obs: &[VxObservation],
    fallback: &TermFallbackParams,
    start: &VxCurveParams,
) -> VxCurveParams {
    let terms = day_terms(history, fallback);
    let mut objective = |x: &[f64]| {
        let p = VxCurveParams {
            k: x[0],
            p: x[1],
            e: x[2],
        };
        if p.p < 0.0 || p.p > 3.0 {
            return f64::INFINITY;
        }
        obs.iter()
            .map(|o| (p.fair_value(&terms[o.day], o.tau) - o.settle).abs())
            .sum::<f64>()
    };
    let (x, _) = nelder_mead(
        &mut objective,
        &[start.k, start.p, start.e],
        &[0.05, 0.2, 0.3],
        NelderMead {
            max_evals: 1500,
            restarts: 2,
            f_tol: 1e-9,
        },
    );
    VxCurveParams {
        k: x[0],
        p: x[1],
        e: x[2],
    }
}

fn day_terms(history: &MarketHistory, fallback: &TermFallbackParams) -> Vec<VixTermStructure> {
    (0..history.len())
        .map(|i| term_on(history, i, fallback))
        .collect()
}

/// Errors of one group of settles.
#[derive(Debug, Clone, PartialEq)]
pub struct VxGroup {
    /// Group label (`VX1`, `2008`, `vix_only` ...).
    pub label: String,
    /// Error statistics, VIX points (model - real).
    pub stats: ErrorStats,
    /// Median absolute error of the front contract alone within the group (VIX points; NaN
    /// when the group has no front-contract settle).
    pub vx1_median_abs: f64,
    /// Days with both VX1 and VX2 real.
    pub slope_days: usize,
    /// Of those, days where the model slope sign differs from the real one.
    pub slope_sign_errors: usize,
}

/// The fit report of `ringfence calibrate vx`.
#[derive(Debug, Clone, PartialEq)]
pub struct VxFitReport {
    /// By contract rank, VX1..VX6.
    pub by_rank: Vec<VxGroup>,
    /// By calendar year of the trade date.
    pub by_year: Vec<VxGroup>,
    /// By VIX-family source of the day (full, partial, VIX only).
    pub by_source: Vec<VxGroup>,
    /// All settles.
    pub all: VxGroup,
    /// Fallback errors per node (VIX9D, VIX3M, VIX6M) in vol points.
    pub fallback_nodes: [ErrorStats; 3],
    /// Days used for the fallback fit.
    pub fallback_days: usize,
    /// Fitted parameters.
    pub vx: VxCurveParams,
    /// Fitted fallback.
    pub fallback: TermFallbackParams,
    /// VVIX fallback fit `VVIX = a VIX^b` (log-log OLS on days from 2007 with VVIX >= 50):
    /// (a, b, days, correlation of the logs).
    pub vvix_fit: (f64, f64, usize, f64),
}

/// Evaluate the model on the observations.
pub fn evaluate_vx(
    history: &MarketHistory,
    obs: &[VxObservation],
    fallback: &TermFallbackParams,
    vx: &VxCurveParams,
) -> VxFitReport {
    let terms = day_terms(history, fallback);
    let errors: Vec<f64> = obs
        .iter()
        .map(|o| vx.fair_value(&terms[o.day], o.tau) - o.settle)
        .collect();
    let group = |label: String, keep: &dyn Fn(&VxObservation) -> bool| -> VxGroup {
        let mut e = Vec::new();
        let mut e1 = Vec::new();
        let mut slope: BTreeMap<usize, [Option<(f64, f64)>; 2]> = BTreeMap::new();
        for (o, err) in obs.iter().zip(&errors) {
            if !keep(o) {
                continue;
            }
            e.push(*err);
            if o.rank == 1 {
                e1.push(*err);
            }
            if o.rank <= 2 {
                slope.entry(o.day).or_default()[o.rank - 1] = Some((o.settle, o.settle + err));
            }
        }
        let mut days = 0;
        let mut wrong = 0;
        for [a, b] in slope.values() {
            if let (Some((r1, m1)), Some((r2, m2))) = (a, b) {
                days += 1;
                if (r2 - r1).signum() != (m2 - m1).signum() {
                    wrong += 1;
                }
            }
        }
        VxGroup {
            label,
            stats: ErrorStats::of(&e),
            vx1_median_abs: if e1.is_empty() {
                f64::NAN
            } else {
                ErrorStats::of(&e1).median_abs
            },
            slope_days: days,
            slope_sign_errors: wrong,
        }
    };
    let by_rank = (1..=MAX_RANK)
        .map(|r| group(format!("VX{r}"), &|o: &VxObservation| o.rank == r))
        .collect();
    let mut years: Vec<i32> = obs.iter().map(|o| o.date.year()).collect();
    years.dedup();
    let by_year = years
        .iter()
        .map(|y| group(y.to_string(), &|o: &VxObservation| o.date.year() == *y))
        .collect();
    let by_source = [TermSource::Full, TermSource::Partial, TermSource::VixOnly]
        .into_iter()
        .map(|s| {
            group(s.as_str().to_owned(), &|o: &VxObservation| {
                terms[o.day].source() == s
            })
        })
        .collect();
    let all = group("all".to_owned(), &|_| true);
    let fallback_nodes = term_fallback_stats(history, fallback);
    VxFitReport {
        by_rank,
        by_year,
        by_source,
        all,
        fallback_days: fallback_nodes[0].n,
        fallback_nodes,
        vx: *vx,
        fallback: *fallback,
        vvix_fit: vvix_fallback_fit(history, &VixOptionParams::default()),
    }
}

/// Log-log least squares of VVIX on VIX over the reliable VVIX days: `(a, b, n, r)` with
/// `VVIX ~ a VIX^b`.
pub fn vvix_fallback_fit(history: &MarketHistory, p: &VixOptionParams) -> (f64, f64, usize, f64) {
    let pts: Vec<(f64, f64)> = (0..history.len())
        .filter(|&i| history.dates[i] >= p.vvix_reliable_from)
        .filter_map(|i| {
            let v = history.get(Series::Vvix, i).filter(|v| *v >= p.vvix_min)?;
            Some((history.vix.close[i].ln(), v.ln()))
        })
        .collect();
    let n = pts.len() as f64;
    if pts.len() < 3 {
        return (p.fallback_a, p.fallback_b, pts.len(), f64::NAN);
    }
    let (sx, sy) = pts.iter().fold((0.0, 0.0), |a, q| (a.0 + q.0, a.1 + q.1));
    let (mx, my) = (sx / n, sy / n);
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pts {
        sxx += (x - mx) * (x - mx);
        sxy += (x - mx) * (y - my);
        syy += (y - my) * (y - my);
    }
    let b = sxy / sxx;
    let a = (my - b * mx).exp();
    (a, b, pts.len(), sxy / (sxx * syy).sqrt())
}

/// Run the whole VX calibration: observations, fallback fit, adjustment fit, report.
/// `start_*` are the fixed starting points (use the `calibration_start` constructors for a
/// reproducible run).
pub fn calibrate_vx(
    history: &MarketHistory,
    start_fallback: &TermFallbackParams,
    start_vx: &VxCurveParams,
) -> VxFitReport {
    let obs = vx_observations(history);
    let full: Vec<VxObservation> = obs
        .iter()
        .filter(|o| term_on(history, o.day, start_fallback).source() != TermSource::VixOnly)
        .copied()
        .collect();
    let vx = fit_vx_curve(history, &full, start_fallback, start_vx);
    let fallback = fit_term_fallback_on_vx(history, &obs, &vx, start_fallback);
    evaluate_vx(history, &obs, &fallback, &vx)
}

fn write_groups(f: &mut fmt::Formatter<'_>, title: &str, groups: &[VxGroup]) -> fmt::Result {
    writeln!(
        f,
        "| {title} | settles | median abs err | p90 abs err | mean err (model - real) | VX1 median abs | slope days | slope sign errors |"
    )?;
    writeln!(f, "|---|---:|---:|---:|---:|---:|---:|---:|")?;
    for g in groups {
        let vx1 = if g.vx1_median_abs.is_finite() {
            format!("{:.2}", g.vx1_median_abs)
        } else {
            "-".to_owned()
        };
        let (days, wrong) = if g.slope_days > 0 {
            (
                g.slope_days.to_string(),
                format!(
                    "{} ({:.1}%)",
                    g.slope_sign_errors,
                    100.0 * g.slope_sign_errors as f64 / g.slope_days as f64
                ),
            )
        } else {
            ("-".to_owned(), "-".to_owned())
        };
        writeln!(
            f,
            "| {} | {} | {:.2} | {:.2} | {} | {} | {} | {} |",
            g.label,
            g.stats.n,
            g.stats.median_abs,
            g.stats.p90_abs,
            super::signed(g.stats.mean, 2),
            vx1,
            days,
            wrong
        )?;
    }
    writeln!(f)
}

impl fmt::Display for VxFitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "VX model: fair value = 100 x fwd(tau, tau+30d) x exp(-k tau^p (fwd/0.20)^e); errors in VIX points (model - real settle); targets: median abs VX1 <= 0.8, VX2-VX4 <= 1.2, slope sign errors <= 10% of days"
        )?;
        writeln!(f)?;
        let mut all = self.by_rank.clone();
        all.push(self.all.clone());
        write_groups(f, "rank", &all)?;
        write_groups(f, "VIX-family source", &self.by_source)?;
        write_groups(f, "year", &self.by_year)?;
        writeln!(
            f,
            "VIX-only fallback on {} days with all four indices (vol points, model - real):",
            self.fallback_days
        )?;
        writeln!(f)?;
        writeln!(f, "| node | median abs err | p90 abs err | mean err |")?;
        writeln!(f, "|---|---:|---:|---:|")?;
        for (k, name) in ["VIX9D", "VIX3M", "VIX6M"].iter().enumerate() {
            let s = &self.fallback_nodes[k];
            writeln!(
                f,
                "| {name} | {:.2} | {:.2} | {} |",
                s.median_abs,
                s.p90_abs,
                super::signed(s.mean, 2)
            )?;
        }
        writeln!(f)?;
        let (a, b, n, r) = self.vvix_fit;
        writeln!(
            f,
            "parameters: vx_curve k {:.5}, p {:.5}, e {:.5}; term_fallback long_run_vol {:.5}, kappa {:.5}",
            self.vx.k, self.vx.p, self.vx.e, self.fallback.long_run_vol, self.fallback.kappa
        )?;
        writeln!(
            f,
            "VVIX fallback (log-log OLS on {n} days from 2007): VVIX = {a:.3} x VIX^{b:.4} (correlation of logs {r:.3})"
        )?;
        Ok(())
    }
}
