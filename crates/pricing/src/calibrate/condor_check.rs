//! The model's 16-delta / 50-point iron condor against real chains, day by day: the check of
//! issue 15, item 2 (does the condor credit move with VIX as the market's does?).
//!
//! From the out-of-the-money chain file (`spx_otm_*.tsv`: `quote_date, expiry, root, right,
//! strike, bid, ask, underlying, delta, iv`), for each quote date, expiry and root: the short
//! put and call whose vendor delta is nearest to -0.16 / +0.16, the long wings 50 points
//! further out (both must be quoted two-sided), the condor mid = short mids - long mids. The
//! model prices its own condor at its own 16-delta strikes on the day's close
//! ([`super::smile_fit::condor_mid`], the same measure as the smile calibration). Where both
//! roots list an expiry, the PM-settled SPXW chain is used. Quote dates that are not trading
//! days of the history (the vendor's 2019-05-27 holiday file) are skipped.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;

use super::smile_fit::{ErrorStats, condor_mid};
use super::table::Table;
use crate::error::Result;
use crate::expiry::{Expiry, ExpiryKind, Settlement};
use crate::model::{MarketModel, time_to_expiry};

/// Short-leg absolute delta of the checked condor.
pub const CONDOR_DELTA: f64 = 0.16;
/// Wing width of the checked condor, SPX points.
pub const CONDOR_WIDTH: f64 = 50.0;

/// One real condor and the model's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CondorCheck {
    /// Quote date.
    pub date: NaiveDate,
    /// Expiry.
    pub expiry: NaiveDate,
    /// Calendar days to expiry.
    pub days: i64,
    /// VIX close of the quote date.
    pub vix: f64,
    /// Market condor mid, SPX points.
    pub market_mid: f64,
    /// Model condor mid, SPX points.
    pub model_mid: f64,
}

impl CondorCheck {
    /// (model - market) / market, percent.
    pub fn error_pct(&self) -> f64 {
        100.0 * (self.model_mid - self.market_mid) / self.market_mid
    }
}

#[derive(Debug, Clone, Copy)]
struct Leg {
    strike: f64,
    mid: f64,
    delta: f64,
}

/// The real condor of one chain (legs of one right each), `None` when a wing is missing.
fn market_condor(puts: &[Leg], calls: &[Leg]) -> Option<f64> {
    let near = |legs: &[Leg], target: f64| {
        legs.iter()
            .min_by(|a, b| {
                (a.delta - target)
                    .abs()
                    .total_cmp(&(b.delta - target).abs())
            })
            .copied()
    };
    let at = |legs: &[Leg], k: f64| legs.iter().find(|l| (l.strike - k).abs() < 1e-6).copied();
    let sp = near(puts, -CONDOR_DELTA)?;
    let sc = near(calls, CONDOR_DELTA)?;
    let lp = at(puts, sp.strike - CONDOR_WIDTH)?;
    let lc = at(calls, sc.strike + CONDOR_WIDTH)?;
    Some(sp.mid - lp.mid + sc.mid - lc.mid)
}

/// Market and model condors of every quote date and expiry of the OTM chain file within
/// `[min_days, max_days]` calendar days.
///
/// # Errors
/// [`crate::PricingError::Io`] or [`crate::PricingError::Parse`] naming line and column.
pub fn condor_checks(
    path: &Path,
    model: &MarketModel<'_>,
    min_days: i64,
    max_days: i64,
) -> Result<Vec<CondorCheck>> {
    let t = Table::read(path, '\t')?;
    let (cq, ce, cr, ct, ck, cb, ca, cd) = (
        t.col("quote_date")?,
        t.col("expiry")?,
        t.col("root")?,
        t.col("right")?,
        t.col("strike")?,
        t.col("bid")?,
        t.col("ask")?,
        t.col("delta")?,
    );
    type Key = (NaiveDate, NaiveDate, bool);
    let mut chains: BTreeMap<Key, (Vec<Leg>, Vec<Leg>)> = BTreeMap::new();
    for row in &t.rows {
        let (date, expiry) = (t.date(row, cq, "quote_date")?, t.date(row, ce, "expiry")?);
        let days = (expiry - date).num_days();
        if days < min_days || days > max_days {
            continue;
        }
        let (bid, ask) = (t.number(row, cb, "bid")?, t.number(row, ca, "ask")?);
        if !(bid > 0.0 && ask > bid) {
            continue;
        }
        let weekly = t.field(row, cr, "root")? == "SPXW";
        let leg = Leg {
            strike: t.number(row, ck, "strike")?,
            mid: 0.5 * (bid + ask),
            delta: t.number(row, cd, "delta")?,
        };
        let e = chains.entry((date, expiry, weekly)).or_default();
        match t.field(row, ct, "right")? {
            "P" => e.0.push(leg),
            _ => e.1.push(leg),
        }
    }
    let mut out = Vec::new();
    for (&(date, expiry, weekly), (puts, calls)) in &chains {
        if !weekly && chains.contains_key(&(date, expiry, true)) {
            continue;
        }
        let Some(day) = model.history().index_of(date) else {
            continue;
        };
        let Some(market_mid) = market_condor(puts, calls).filter(|m| *m > 0.0) else {
            continue;
        };
        let exp = Expiry {
            date: expiry,
            kind: if weekly {
                ExpiryKind::Weekly
            } else {
                ExpiryKind::Monthly
            },
            settlement: if weekly {
                Settlement::PmClose
            } else {
                Settlement::AmOpen
            },
        };
        let tt = time_to_expiry(date, &exp);
        let Ok(model_mid) = condor_mid(&model.spx_surface(day), tt, CONDOR_DELTA, CONDOR_WIDTH)
        else {
            continue;
        };
        out.push(CondorCheck {
            date,
            expiry,
            days: (expiry - date).num_days(),
            vix: model.history().vix.close[day],
            market_mid,
            model_mid,
        });
    }
    Ok(out)
}

/// The condor errors grouped by VIX regime, by days to expiry and by quote date.
#[derive(Debug, Clone, PartialEq)]
pub struct CondorReport {
    /// Every condor.
    pub all: ErrorStats,
    /// (label, stats) by VIX close: < 15, 15-18, >= 18.
    pub by_vix: Vec<(String, ErrorStats)>,
    /// (label, stats) by days to expiry: 14-30, 31-60, 61-100.
    pub by_days: Vec<(String, ErrorStats)>,
    /// (date, VIX, stats of the 14-30-day condors, median signed error %).
    pub by_date: Vec<(NaiveDate, f64, ErrorStats, f64)>,
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    super::smile_fit::quantile(v, 0.5)
}

/// Group the checks (errors in percent of the market mid).
pub fn condor_report(checks: &[CondorCheck]) -> CondorReport {
    let stats = |f: &dyn Fn(&CondorCheck) -> bool| {
        let e: Vec<f64> = checks
            .iter()
            .filter(|c| f(c))
            .map(|c| c.error_pct())
            .collect();
        ErrorStats::of(&e)
    };
    let mut by_date = Vec::new();
    let mut dates: Vec<NaiveDate> = checks.iter().map(|c| c.date).collect();
    dates.dedup();
    for d in dates {
        let sel: Vec<&CondorCheck> = checks
            .iter()
            .filter(|c| c.date == d && (14..=30).contains(&c.days))
            .collect();
        if sel.is_empty() {
            continue;
        }
        let mut e: Vec<f64> = sel.iter().map(|c| c.error_pct()).collect();
        let s = ErrorStats::of(&e);
        by_date.push((d, sel[0].vix, s, median(&mut e)));
    }
    CondorReport {
        all: stats(&|_| true),
        by_vix: vec![
            ("VIX < 15".into(), stats(&|c| c.vix < 15.0)),
            (
                "VIX 15-18".into(),
                stats(&|c| (15.0..18.0).contains(&c.vix)),
            ),
            ("VIX >= 18".into(), stats(&|c| c.vix >= 18.0)),
        ],
        by_days: vec![
            ("14-30 days".into(), stats(&|c| (14..=30).contains(&c.days))),
            ("31-60 days".into(), stats(&|c| (31..=60).contains(&c.days))),
            (
                "61-100 days".into(),
                stats(&|c| (61..=100).contains(&c.days)),
            ),
        ],
        by_date,
    }
}

impl fmt::Display for CondorReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "| group | n | median abs err % | p90 abs err % | mean err % (model - market) |"
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|")?;
        let row = |f: &mut fmt::Formatter<'_>, l: &str, s: &ErrorStats| {
            writeln!(
                f,
                "| {l} | {} | {:.1} | {:.1} | {:+.1} |",
                s.n, s.median_abs, s.p90_abs, s.mean
            )
        };
        row(f, "all", &self.all)?;
        for (l, s) in self.by_vix.iter().chain(&self.by_days) {
            row(f, l, s)?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "| date | VIX | n (14-30 days) | median err % | median abs err % |"
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|")?;
        for (d, vix, s, med) in &self.by_date {
            writeln!(
                f,
                "| {d} | {vix:.2} | {} | {med:+.1} | {:.1} |",
                s.n, s.median_abs
            )?;
        }
        Ok(())
    }
}
