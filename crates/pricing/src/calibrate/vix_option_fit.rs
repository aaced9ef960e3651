//! Calibration of the VIX option vol model ([`crate::vix_options`]) on a real VIX option chain
//! in the Cboe DataShop end-of-day layout (`bid_eod`, `ask_eod`).
//!
//! Every two-sided out-of-the-money quote (calls at or above the forward, puts below) is
//! inverted with Black-76 against the same-expiry VX future: the real VX settle of the day
//! where the history has the contract (the monthly expiries), else the settles interpolated
//! linearly in calendar days between the VIX close (day 0) and the real settles around the
//! expiry (weeklies). The model vol at the same strike is `skewed_vol(atm_vol(VVIX, tau), F,
//! K, tau)` with the day's VVIX. The fit minimises the sum of absolute vol errors (L1, the
//! medians the targets are stated in) over the quotes priced against real settles,
//! Nelder-Mead from [`VixOptionParams::calibration_start`] (deterministic). The quotes on
//! interpolated forwards are held out and reported apart, and each real-settle expiry is
//! also predicted from a fit on the others (leave one expiry out).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use ringfence_data::MarketHistory;

use super::optimiser::{NelderMead, nelder_mead};
use super::smile_fit::ErrorStats;
use super::table::Table;
use crate::black76::Black76Inputs;
use crate::error::{PricingError, Result};
use crate::expiry::next_vix_expirations;
use crate::implied_vol::black76_implied_vol;
use crate::model::{AM_SETTLEMENT_DAY_FRACTION, MarketModel, ModelParams, PriceSource};
use crate::right::OptionRight;
use crate::vix_options::VixOptionParams;

/// One two-sided VIX option quote of a chain file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VixOptionQuote {
    /// Quote date.
    pub date: NaiveDate,
    /// Expiration date (the VRO morning).
    pub expiry: NaiveDate,
    /// Strike, VIX points.
    pub strike: f64,
    /// Call or put.
    pub right: OptionRight,
    /// End-of-day bid, VIX points (> 0).
    pub bid: f64,
    /// End-of-day ask, VIX points (> bid).
    pub ask: f64,
}

impl VixOptionQuote {
    /// (bid + ask) / 2.
    pub fn mid(&self) -> f64 {
        0.5 * (self.bid + self.ask)
    }
}

/// Read a Cboe DataShop end-of-day option file of one quote date: the two-sided
/// (`0 < bid_eod < ask_eod`) quotes of expiries after the quote date.
///
/// # Errors
/// [`PricingError::Io`]; [`PricingError::Parse`] naming line and column of a malformed value
/// or of a row whose quote date differs from the first row's (the fit is for one day);
/// [`PricingError::NothingToUse`] for an empty file, a header without data rows, or rows
/// without a two-sided quote of a later expiry.
pub fn read_vix_option_chain(path: &Path) -> Result<Vec<VixOptionQuote>> {
    let t = Table::read(path, ',')?;
    let (cq, ce, ck, cr, cb, ca) = (
        t.col("quote_date")?,
        t.col("expiration")?,
        t.col("strike")?,
        t.col("option_type")?,
        t.col("bid_eod")?,
        t.col("ask_eod")?,
    );
    let mut out = Vec::new();
    // The quote date of the file and the line it was first read on.
    let mut quote_date: Option<(NaiveDate, usize)> = None;
    for row in &t.rows {
        let (date, expiry) = (
            t.date(row, cq, "quote_date")?,
            t.date(row, ce, "expiration")?,
        );
        match quote_date {
            None => quote_date = Some((date, row.0)),
            Some((first, line)) if first != date => {
                return Err(t.err(
                    row.0,
                    "quote_date",
                    format!(
                        "quote date {date} differs from {first} on line {line}; accepted: one \
                         quote date per file (the fit is for one day's chain)"
                    ),
                ));
            }
            Some(_) => {}
        }
        let right = match t.field(row, cr, "option_type")? {
            "C" | "c" => OptionRight::Call,
            "P" | "p" => OptionRight::Put,
            other => {
                return Err(t.err(
                    row.0,
                    "option_type",
                    format!("`{other}` is not an option type; accepted: C or P"),
                ));
            }
        };
        let (strike, bid, ask) = (
            t.number(row, ck, "strike")?,
            t.number(row, cb, "bid_eod")?,
            t.number(row, ca, "ask_eod")?,
        );
        if expiry > date && strike > 0.0 && bid > 0.0 && ask > bid {
            out.push(VixOptionQuote {
                date,
                expiry,
                strike,
                right,
                bid,
                ask,
            });
        }
    }
    if out.is_empty() {
        let date = quote_date.map(|(d, _)| d.to_string()).unwrap_or_default();
        return Err(PricingError::NothingToUse {
            path: t.path.clone(),
            message: format!(
                "no two-sided quote (strike > 0, 0 < bid_eod < ask_eod) of an expiry after the \
                 quote date {date} in {} data rows",
                t.rows.len()
            ),
        });
    }
    Ok(out)
}

/// Where the forward of a quote came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ForwardSource {
    /// The real VX settle of the same expiry on the quote date.
    VxSettle,
    /// Linear in calendar days between the VIX close and the real settles around the expiry
    /// (no VX contract of that expiry in the data: VIX weeklies).
    Interpolated,
}

impl ForwardSource {
    /// Label used in the report.
    pub fn as_str(self) -> &'static str {
        match self {
            ForwardSource::VxSettle => "VX settle",
            ForwardSource::Interpolated => "interpolated",
        }
    }
}

/// One out-of-the-money quote with its market implied vol, ready for the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VixIvPoint {
    /// Quote date.
    pub date: NaiveDate,
    /// Expiration date.
    pub expiry: NaiveDate,
    /// Calendar days to expiry.
    pub days: i64,
    /// Calendar days / 365 (the model's tenor).
    pub tau: f64,
    /// Black-76 years: calendar days less the VRO morning, / 365.
    pub t_years: f64,
    /// Strike, VIX points.
    pub strike: f64,
    /// Call (strike at or above the forward) or put (below).
    pub right: OptionRight,
    /// Same-expiry VX future, VIX points.
    pub forward: f64,
    /// Where the forward came from.
    pub forward_source: ForwardSource,
    /// Discount rate of the day (annual fraction, the model's).
    pub rate: f64,
    /// The day's vol-of-vol level (VVIX, index points, or its fallback).
    pub vvix: f64,
    /// Mid price, VIX points.
    pub mid: f64,
    /// Black-76 implied vol of the mid (annualised fraction).
    pub market_iv: f64,
}

impl VixIvPoint {
    /// `ln(K / F)`.
    pub fn log_moneyness(&self) -> f64 {
        (self.strike / self.forward).ln()
    }
}

/// A trading day's index and its forward nodes (calendar days, VIX points).
type DayNodes = (usize, Vec<(i64, f64)>);

/// The real VX settles of `day` by expiry (`(0 days, VIX close)` first), for the forwards.
fn forward_nodes(model: &MarketModel<'_>, day: usize) -> Vec<(i64, f64)> {
    let h = model.history();
    let date = h.dates[day];
    let mut nodes = vec![(0, h.vix.close[day])];
    for e in next_vix_expirations(date, 12) {
        if let Ok((f, PriceSource::Real)) = model.vx_future(day, e) {
            nodes.push(((e - date).num_days(), f));
        }
    }
    nodes
}

/// The forward of an expiry `days` out from the nodes: exact at a node, else linear between
/// the nodes around it; `None` beyond the last real settle.
fn forward_at(nodes: &[(i64, f64)], days: i64) -> Option<(f64, ForwardSource)> {
    if let Some((_, f)) = nodes.iter().skip(1).find(|(d, _)| *d == days) {
        return Some((*f, ForwardSource::VxSettle));
    }
    let w = nodes.windows(2).find(|w| w[0].0 < days && days < w[1].0)?;
    let (a, b) = (w[0], w[1]);
    let f = a.1 + (b.1 - a.1) * (days - a.0) as f64 / (b.0 - a.0) as f64;
    Some((f, ForwardSource::Interpolated))
}

/// The market implied vols of the out-of-the-money quotes of `quotes`, priced against the
/// VX settles of `history` (see the module docs). Quotes dated on days outside the history,
/// beyond the last real settle, or whose mid no vol reproduces are left out.
///
/// # Errors
/// [`PricingError::InvalidConfig`] if the model cannot be built on `history` with the
/// default parameters.
pub fn vix_iv_points(
    quotes: &[VixOptionQuote],
    history: &MarketHistory,
) -> Result<Vec<VixIvPoint>> {
    let model = MarketModel::new(history, &ModelParams::default())?;
    let mut nodes_of: BTreeMap<NaiveDate, Option<DayNodes>> = BTreeMap::new();
    let mut out = Vec::new();
    for q in quotes {
        let entry = nodes_of.entry(q.date).or_insert_with(|| {
            history
                .index_of(q.date)
                .map(|day| (day, forward_nodes(&model, day)))
        });
        let Some((day, nodes)) = entry else { continue };
        let days = (q.expiry - q.date).num_days();
        let Some((forward, forward_source)) = forward_at(nodes, days) else {
            continue;
        };
        let otm = match q.right {
            OptionRight::Call => q.strike >= forward,
            OptionRight::Put => q.strike < forward,
        };
        if !otm {
            continue;
        }
        let t_years = ((days as f64 - AM_SETTLEMENT_DAY_FRACTION) / 365.0).max(0.0);
        let rate = model.spx_surface(*day).rate();
        let inputs = Black76Inputs {
            right: q.right,
            forward,
            strike: q.strike,
            t_years,
            rate,
            vol: 0.0,
        };
        let Ok(market_iv) = black76_implied_vol(&inputs, q.mid()) else {
            continue;
        };
        out.push(VixIvPoint {
            date: q.date,
            expiry: q.expiry,
            days,
            tau: days as f64 / 365.0,
            t_years,
            strike: q.strike,
            right: q.right,
            forward,
            forward_source,
            rate,
            vvix: model.vol_of_vol(*day),
            mid: q.mid(),
            market_iv,
        });
    }
    Ok(out)
}

/// The model's vol at a point's strike and tenor.
pub fn model_iv(p: &VixOptionParams, pt: &VixIvPoint) -> f64 {
    p.skewed_vol(p.atm_vol(pt.vvix, pt.tau), pt.forward, pt.strike, pt.tau)
}

/// Model minus market vol of each point, in vol points.
pub fn vol_errors<'a>(
    p: &VixOptionParams,
    points: impl IntoIterator<Item = &'a VixIvPoint>,
) -> Vec<f64> {
    points
        .into_iter()
        .map(|pt| 100.0 * (model_iv(p, pt) - pt.market_iv))
        .collect()
}

const FITTED: usize = 6;

fn to_vec(p: &VixOptionParams) -> [f64; FITTED] {
    [
        p.atm_ratio,
        p.mean_reversion,
        p.call_skew,
        p.call_skew_exponent,
        p.put_skew,
        p.skew_tenor_exponent,
    ]
}

fn from_vec(base: &VixOptionParams, x: &[f64]) -> VixOptionParams {
    VixOptionParams {
        atm_ratio: x[0],
        mean_reversion: x[1],
        call_skew: x[2],
        call_skew_exponent: x[3],
        put_skew: x[4],
        skew_tenor_exponent: x[5],
        ..*base
    }
}

/// Fit the six shape parameters (`atm_ratio`, `mean_reversion`, `call_skew`,
/// `call_skew_exponent`, `put_skew`, `skew_tenor_exponent`) on `points` by L1 in vol points
/// from `start` (its other fields kept). Deterministic.
pub fn fit_vix_options(points: &[VixIvPoint], start: &VixOptionParams) -> VixOptionParams {
    let mut objective = |x: &[f64]| {
        let p = from_vec(start, x);
        if p.validate().is_err() || !(0.1..=2.0).contains(&p.call_skew_exponent) {
            return f64::INFINITY;
        }
        points
            .iter()
            .map(|pt| (model_iv(&p, pt) - pt.market_iv).abs())
            .sum::<f64>()
    };
    let x0 = to_vec(start);
    let steps = [0.1, 0.5, 0.1, 0.1, 0.2, 0.1];
    let (best, _) = nelder_mead(&mut objective, &x0, &steps, NelderMead::default());
    let p = from_vec(start, &best);
    // Round to the 4 decimals the defaults are written with, so that the shipped values
    // and a refit are the same numbers.
    from_vec(start, &to_vec(&p).map(|v| (v * 1e4).round() / 1e4))
}

/// The market vol of one expiry interpolated linearly in `ln(K/F)` at `k`, `None` outside
/// the quoted range.
fn market_iv_at(points: &[&VixIvPoint], k: f64) -> Option<f64> {
    let mut v: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (p.log_moneyness(), p.market_iv))
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let w = v.windows(2).find(|w| w[0].0 <= k && k <= w[1].0)?;
    let (a, b) = (w[0], w[1]);
    if b.0 == a.0 {
        return Some(a.1);
    }
    Some(a.1 + (b.1 - a.1) * (k - a.0) / (b.0 - a.0))
}

/// The forward implied by put-call parity on the chain of one expiry: the mean of
/// `K + (C - P) / df` over the three strikes with the smallest `|C - P|` quoted on both sides.
fn parity_forward(
    quotes: &[VixOptionQuote],
    date: NaiveDate,
    expiry: NaiveDate,
    rate: f64,
) -> Option<f64> {
    let days = (expiry - date).num_days() as f64;
    let df = (-rate * ((days - AM_SETTLEMENT_DAY_FRACTION) / 365.0).max(0.0)).exp();
    let mut by_strike: BTreeMap<i64, (Option<f64>, Option<f64>)> = BTreeMap::new();
    for q in quotes
        .iter()
        .filter(|q| q.date == date && q.expiry == expiry)
    {
        let e = by_strike
            .entry((q.strike * 1000.0).round() as i64)
            .or_default();
        match q.right {
            OptionRight::Call => e.0 = Some(q.mid()),
            OptionRight::Put => e.1 = Some(q.mid()),
        }
    }
    let mut pairs: Vec<(f64, f64)> = by_strike
        .iter()
        .filter_map(|(k, (c, p))| {
            let d = (*c)? - (*p)?;
            Some((d.abs(), *k as f64 / 1000.0 + d / df))
        })
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let take = pairs.len().min(3);
    (take > 0).then(|| pairs[..take].iter().map(|p| p.1).sum::<f64>() / take as f64)
}

/// One expiry of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct VixExpiryRow {
    /// Expiration date.
    pub expiry: NaiveDate,
    /// Calendar days to expiry.
    pub days: i64,
    /// Forward used, VIX points.
    pub forward: f64,
    /// Where it came from.
    pub forward_source: ForwardSource,
    /// Put-call parity forward of the chain (a check on the forward used).
    pub parity_forward: Option<f64>,
    /// Market ATM vol (interpolated at `K = F`), vol points.
    pub market_atm: Option<f64>,
    /// Model ATM vol, vol points.
    pub model_atm: f64,
    /// Market call skew: vol at `K = 1.25 F` less the ATM vol, vol points.
    pub market_call_skew: Option<f64>,
    /// Model call skew on the same definition.
    pub model_call_skew: f64,
    /// Vol errors of the expiry's quotes (vol points).
    pub stats: ErrorStats,
}

/// Fit quality of a VIX option parameter set on a chain.
#[derive(Debug, Clone, PartialEq)]
pub struct VixOptionReport {
    /// The parameters evaluated.
    pub params: VixOptionParams,
    /// Quote dates in the chain.
    pub dates: Vec<NaiveDate>,
    /// VVIX level of the (first) quote date.
    pub vvix: f64,
    /// Per expiry.
    pub expiries: Vec<VixExpiryRow>,
    /// Quotes priced against real VX settles (the quotes a fit uses).
    pub settle: ErrorStats,
    /// Quotes priced against interpolated forwards (held out of the fit).
    pub interpolated: ErrorStats,
    /// Every quote.
    pub all: ErrorStats,
    /// By moneyness: puts, calls `ln(K/F)` in [0, 0.25), [0.25, 0.6), >= 0.6.
    pub by_moneyness: [(&'static str, ErrorStats); 4],
    /// Each real-settle expiry predicted by a fit on the other real-settle expiries (pooled);
    /// `None` when not computed.
    pub leave_one_expiry_out: Option<ErrorStats>,
}

/// Evaluate `p` on `points` (and `quotes`, for the parity forwards); with `cross_validate`,
/// also refit leaving each real-settle expiry out in turn, starting from `p`.
pub fn evaluate_vix_options(
    p: &VixOptionParams,
    points: &[VixIvPoint],
    quotes: &[VixOptionQuote],
    cross_validate: bool,
) -> VixOptionReport {
    let mut by_expiry: BTreeMap<NaiveDate, Vec<&VixIvPoint>> = BTreeMap::new();
    for pt in points {
        by_expiry.entry(pt.expiry).or_default().push(pt);
    }
    let k25 = 1.25f64.ln();
    let expiries = by_expiry
        .iter()
        .map(|(e, pts)| {
            let pt = pts[0];
            let atm = p.atm_vol(pt.vvix, pt.tau);
            let market_atm = market_iv_at(pts, 0.0);
            let market_25 = market_iv_at(pts, k25);
            VixExpiryRow {
                expiry: *e,
                days: pt.days,
                forward: pt.forward,
                forward_source: pt.forward_source,
                parity_forward: parity_forward(quotes, pt.date, *e, pt.rate),
                market_atm: market_atm.map(|v| 100.0 * v),
                model_atm: 100.0 * atm,
                market_call_skew: market_atm.zip(market_25).map(|(a, c)| 100.0 * (c - a)),
                model_call_skew: 100.0
                    * (p.skewed_vol(atm, pt.forward, pt.forward * 1.25, pt.tau) - atm),
                stats: ErrorStats::of(&vol_errors(p, pts.iter().copied())),
            }
        })
        .collect();
    let of = |f: &dyn Fn(&VixIvPoint) -> bool| {
        ErrorStats::of(&vol_errors(p, points.iter().filter(|pt| f(pt))))
    };
    let settle_points: Vec<VixIvPoint> = points
        .iter()
        .filter(|pt| pt.forward_source == ForwardSource::VxSettle)
        .copied()
        .collect();
    let leave_one_expiry_out = cross_validate.then(|| {
        let mut errors = Vec::new();
        let settle_expiries: Vec<NaiveDate> = by_expiry
            .iter()
            .filter(|(_, pts)| pts[0].forward_source == ForwardSource::VxSettle)
            .map(|(e, _)| *e)
            .collect();
        for e in settle_expiries {
            let train: Vec<VixIvPoint> = settle_points
                .iter()
                .filter(|pt| pt.expiry != e)
                .copied()
                .collect();
            let fitted = fit_vix_options(&train, p);
            errors.extend(vol_errors(
                &fitted,
                settle_points.iter().filter(|pt| pt.expiry == e),
            ));
        }
        ErrorStats::of(&errors)
    });
    let mut dates: Vec<NaiveDate> = points.iter().map(|pt| pt.date).collect();
    dates.dedup();
    VixOptionReport {
        params: *p,
        vvix: points.first().map_or(f64::NAN, |pt| pt.vvix),
        dates,
        expiries,
        settle: of(&|pt| pt.forward_source == ForwardSource::VxSettle),
        interpolated: of(&|pt| pt.forward_source == ForwardSource::Interpolated),
        all: of(&|_| true),
        by_moneyness: [
            ("puts", of(&|pt| pt.right == OptionRight::Put)),
            (
                "calls, ln(K/F) < 0.25",
                of(&|pt| pt.right == OptionRight::Call && pt.log_moneyness() < 0.25),
            ),
            (
                "calls, 0.25 <= ln(K/F) < 0.6",
                of(&|pt| {
                    pt.right == OptionRight::Call && (0.25..0.6).contains(&pt.log_moneyness())
                }),
            ),
            (
                "calls, ln(K/F) >= 0.6",
                of(&|pt| pt.right == OptionRight::Call && pt.log_moneyness() >= 0.6),
            ),
        ],
        leave_one_expiry_out,
    }
}

fn opt(v: Option<f64>, prec: usize) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.prec$}"))
}

fn stats_row(f: &mut fmt::Formatter<'_>, label: &str, s: &ErrorStats) -> fmt::Result {
    writeln!(
        f,
        "| {label} | {} | {:.2} | {:.2} | {} |",
        s.n,
        s.median_abs,
        s.p90_abs,
        super::signed(s.mean, 2)
    )
}

impl fmt::Display for VixOptionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dates: Vec<String> = self.dates.iter().map(|d| d.to_string()).collect();
        writeln!(
            f,
            "quote date {}, VVIX {:.2}; {} out-of-the-money two-sided quotes",
            dates.join(", "),
            self.vvix,
            self.all.n
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "| expiry | days | forward | source | parity fwd | ATM mkt | ATM model | call skew mkt | call skew model | n | median abs err | mean err |"
        )?;
        writeln!(
            f,
            "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        )?;
        for r in &self.expiries {
            writeln!(
                f,
                "| {} | {} | {:.3} | {} | {} | {} | {:.1} | {} | {:.1} | {} | {:.2} | {} |",
                r.expiry,
                r.days,
                r.forward,
                r.forward_source.as_str(),
                opt(r.parity_forward, 3),
                opt(r.market_atm, 1),
                r.model_atm,
                opt(r.market_call_skew, 1),
                r.model_call_skew,
                r.stats.n,
                r.stats.median_abs,
                super::signed(r.stats.mean, 2)
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "| quotes | n | median abs err (vol pts) | p90 abs err | mean err (model - market) |"
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|")?;
        stats_row(
            f,
            "priced on VX settles (the quotes a fit uses)",
            &self.settle,
        )?;
        stats_row(
            f,
            "priced on interpolated forwards (the quotes a fit leaves out)",
            &self.interpolated,
        )?;
        stats_row(f, "all", &self.all)?;
        for (label, s) in &self.by_moneyness {
            stats_row(f, label, s)?;
        }
        if let Some(s) = &self.leave_one_expiry_out {
            stats_row(f, "leave one VX-settle expiry out", s)?;
        }
        writeln!(f)?;
        let fitted: Vec<String> = self
            .params
            .fitted()
            .iter()
            .map(|(k, v)| format!("{k} {v:.4}"))
            .collect();
        writeln!(f, "parameters: {}", fitted.join(", "))
    }
}

/// TOML of the fitted fields (`[model.vix_options]`).
pub fn toml_of(p: &VixOptionParams) -> String {
    p.fitted()
        .iter()
        .map(|(k, v)| format!("{k} = {v:.4}\n"))
        .collect()
}

/// Read the chain, price it against `history` and fit from
/// [`VixOptionParams::calibration_start`]: the whole of `ringfence calibrate vix-options`.
///
/// # Errors
/// As [`read_vix_option_chain`] and [`vix_iv_points`]; [`PricingError::MissingData`] when
/// no quote could be priced against a real VX settle.
pub fn calibrate_vix_options(
    path: &Path,
    history: &MarketHistory,
) -> Result<(Vec<VixOptionQuote>, Vec<VixIvPoint>, VixOptionParams)> {
    let quotes = read_vix_option_chain(path)?;
    let points = vix_iv_points(&quotes, history)?;
    let settle: Vec<VixIvPoint> = points
        .iter()
        .filter(|pt| pt.forward_source == ForwardSource::VxSettle)
        .copied()
        .collect();
    // `read_vix_option_chain` refuses a file without quotes: the date is the file's one.
    if let (true, Some(first)) = (settle.is_empty(), quotes.first()) {
        return Err(PricingError::MissingData {
            what: format!(
                "VX settles for the expiries of {} (no quote could be priced against a real settle)",
                path.display()
            ),
            date: first.date,
        });
    }
    let fitted = fit_vix_options(&settle, &VixOptionParams::calibration_start());
    Ok((quotes, points, fitted))
}
