//! The half-spread calibration as `ringfence calibrate spreads` prints it: the least-squares
//! coefficients next to the shipped ones ([`crate::spread::SPX_OPTION`],
//! [`crate::spread::VIX_OPTION`]) and the error checks of CALIBRATION.md section 6.

use std::fmt;

use chrono::NaiveDate;

use super::smile_fit::ErrorStats;
use super::spread_fit::{SpreadObservation, evaluate_spread, fit_spread, leave_one_day_out};
use crate::spread::{SPX_OPTION, SpreadCoefficients, VIX_OPTION};

/// First quote date of the May 2019 sell-off in the day-by-day chains: the time split fits
/// on the calm days before it and tests on the days from it, and the other way round.
pub const SELL_OFF_FROM: (i32, u32, u32) = (2019, 5, 6);

/// Absolute deltas of the raw-chain check: the condor's short strikes and wings.
pub const RAW_CHECK_DELTAS: std::ops::RangeInclusive<f64> = 0.08..=0.30;

/// Days to expiry below which a raw chain's quotes are tenors the SPX fit (14-100 days)
/// does not see.
pub const RAW_CHECK_MAX_DAYS: f64 = 14.0;

/// The quotes of a raw chain the out-of-sample check prices: [`RAW_CHECK_DELTAS`], under
/// [`RAW_CHECK_MAX_DAYS`] to expiry.
pub fn short_tenor_quotes(obs: &[SpreadObservation]) -> Vec<SpreadObservation> {
    obs.iter()
        .copied()
        .filter(|o| RAW_CHECK_DELTAS.contains(&o.abs_delta) && o.dte_days < RAW_CHECK_MAX_DAYS)
        .collect()
}

/// Days to expiry below which the VIX-chain check holds the expiries out of the fit.
const VIX_NEAR_DAYS: f64 = 100.0;

/// One row of a check table: what was predicted, from what.
#[derive(Debug, Clone, PartialEq)]
pub struct SpreadCheck {
    /// What the row measures.
    pub label: String,
    /// Errors in log half-spread (model - market).
    pub stats: ErrorStats,
}

/// The fit of one product against its shipped coefficients, with its checks.
#[derive(Debug, Clone, PartialEq)]
pub struct SpreadProductFit {
    /// Product and file.
    pub title: String,
    /// Quotes and quote dates the fit used.
    pub quotes: usize,
    /// Distinct quote dates.
    pub days: usize,
    /// Least-squares coefficients.
    pub fitted: SpreadCoefficients,
    /// The model's coefficients.
    pub shipped: SpreadCoefficients,
    /// True when the VIX elasticity was imposed (the shipped SPX value), not fitted.
    pub vix_imposed: bool,
    /// Error checks, in and out of sample.
    pub checks: Vec<SpreadCheck>,
}

fn check(label: impl Into<String>, stats: ErrorStats) -> SpreadCheck {
    SpreadCheck {
        label: label.into(),
        stats,
    }
}

fn days(obs: &[SpreadObservation]) -> usize {
    let mut d: Vec<NaiveDate> = obs.iter().map(|o| o.date).collect();
    d.sort();
    d.dedup();
    d.len()
}

/// The SPX fit on the day-by-day chains `spx` (titled `title`), checked in sample, one day
/// out, across the April / May 2019 split both ways and on `raw` chains (a label and the
/// chain's [`short_tenor_quotes`]).
pub fn spx_fit(
    title: &str,
    spx: &[SpreadObservation],
    raw: &[(String, Vec<SpreadObservation>)],
) -> SpreadProductFit {
    let (y, m, d) = SELL_OFF_FROM;
    let split = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let (calm, selloff): (Vec<_>, Vec<_>) = spx.iter().partition(|o| o.date < split);
    let mut checks = vec![
        check("in sample (shipped)", evaluate_spread(&SPX_OPTION, spx)),
        check("leave one day out", leave_one_day_out(spx)),
        check(
            format!("fit before {split}, test from it"),
            evaluate_spread(&fit_spread(&calm, None), &selloff),
        ),
        check(
            format!("fit from {split}, test before it"),
            evaluate_spread(&fit_spread(&selloff, None), &calm),
        ),
    ];
    for (label, obs) in raw {
        checks.push(check(
            format!("{label}, 8-30 delta, 0-13 days (shipped)"),
            evaluate_spread(&SPX_OPTION, obs),
        ));
    }
    SpreadProductFit {
        title: title.to_owned(),
        quotes: spx.len(),
        days: days(spx),
        fitted: fit_spread(spx, None),
        shipped: SPX_OPTION,
        vix_imposed: false,
        checks,
    }
}

/// The VIX-option fit on one chain, the SPX VIX elasticity imposed (one day cannot
/// identify it), checked in sample and on the expiries of 100 days and more from the fit on
/// the nearer ones.
pub fn vix_fit(title: &str, vix: &[SpreadObservation]) -> SpreadProductFit {
    let c = SPX_OPTION.vix_exponent;
    let (near, far): (Vec<_>, Vec<_>) = vix.iter().partition(|o| o.dte_days < VIX_NEAR_DAYS);
    SpreadProductFit {
        title: title.to_owned(),
        quotes: vix.len(),
        days: days(vix),
        fitted: fit_spread(vix, Some(c)),
        shipped: VIX_OPTION,
        vix_imposed: true,
        checks: vec![
            check("in sample (shipped)", evaluate_spread(&VIX_OPTION, vix)),
            check(
                format!("fit below {VIX_NEAR_DAYS:.0} days, test the later expiries"),
                evaluate_spread(&fit_spread(&near, Some(c)), &far),
            ),
        ],
    }
}

impl fmt::Display for SpreadProductFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "## {} ({} two-sided quotes on {} day(s))\n",
            self.title, self.quotes, self.days
        )?;
        writeln!(f, "| coefficient | fitted | shipped |")?;
        writeln!(f, "|---|---:|---:|")?;
        let (a, s) = (&self.fitted, &self.shipped);
        let vix_label = if self.vix_imposed {
            "c, ln(VIX/20) (imposed: the SPX value)"
        } else {
            "c, ln(VIX/20)"
        };
        for (label, x, y) in [
            ("a, scale", a.ln_scale, s.ln_scale),
            ("b, ln(mid)", a.mid_exponent, s.mid_exponent),
            (vix_label, a.vix_exponent, s.vix_exponent),
            ("d, ln(DTE/30)", a.dte_exponent, s.dte_exponent),
        ] {
            writeln!(f, "| {label} | {x:.4} | {y:.4} |")?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "| check (error = model - market, in ln h) | n | median abs | p90 abs | mean |"
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|")?;
        for c in &self.checks {
            let e = &c.stats;
            // A least-squares fit's in-sample mean is 0 up to rounding: not "-0.000".
            let mean = if e.mean.abs() < 5e-4 { 0.0 } else { e.mean };
            writeln!(
                f,
                "| {} | {} | {:.3} | {:.3} | {mean:+.3} |",
                c.label, e.n, e.median_abs, e.p90_abs
            )?;
        }
        Ok(())
    }
}
