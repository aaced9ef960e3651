//! The model's 16-delta / 50-point iron condor against real chains, day by day: the check of
//! issue 15, item 2 (does the condor credit move with VIX as the market's does?).
//!
//! From a chain file (the out-of-the-money extract `spx_otm_*.tsv`, or any layout the chain
//! importer reads), for each quote date, expiry and root: the short
//! put and call whose vendor delta is nearest to -0.16 / +0.16, the long wings 50 points
//! further out (both must be quoted two-sided), the condor mid = short mids - long mids. The
//! model prices its own condor at its own 16-delta strikes ([`super::smile_fit::condor_mid`],
//! the same measure as the smile calibration). Where both roots list an expiry, the
//! PM-settled SPXW chain is used. Quote dates that are not trading days of the history (the
//! vendor's 2019-05-27 holiday file) are skipped.
//!
//! **The quote's moment.** The vendor quotes its chain at a moment of the session, not at the
//! close: its `underlying` is the index then (on 2019-05-01 it is 2946.73 against a close of
//! 2923.73, and the chain's put-call parity gives a forward of 2945.9 for the 05-17 expiry,
//! so the mids were quoted at the 2946 level, before that afternoon's fall). The model is
//! therefore priced at the quote's state: SPX at the file's underlying and every VIX-family
//! level moved from its close by the intraday elasticity of the VIX to SPX measured on the
//! history's opens ([`super::spot_vol`]). The close's state is kept as a second measure
//! ([`CondorCheck::model_mid_at_close`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use ringfence_data::DataError;
use ringfence_data::chains::{ChainReader, Right, Underlying};

use super::smile_fit::{ErrorStats, condor_mid};
use super::spot_vol::SpotVolBeta;
use crate::bsm::{self, BsmInputs};
use crate::error::{PricingError, Result};
use crate::expiry::Expiry;
use crate::model::{MarketModel, time_to_expiry};
use crate::right::OptionRight;
use crate::surface::SpxSurface;

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
    /// The chain's underlying: SPX when the chain was quoted.
    pub underlying: f64,
    /// SPX close of the quote date.
    pub spx_close: f64,
    /// The VIX the model holds at the quote: the close moved by the spot-vol elasticity
    /// (the close when the history has too few real opens to measure it).
    pub vix_at_quote: f64,
    /// Cboe SKEW close of the quote date (`None` where the history has none).
    pub skew: Option<f64>,
    /// Market condor mid, SPX points.
    pub market_mid: f64,
    /// Model condor mid at the quote's state, SPX points.
    pub model_mid: f64,
    /// Model condor mid at the close's state (SPX and the VIX family at their closes), SPX
    /// points: the measure before the quote's moment was modelled.
    pub model_mid_at_close: f64,
    /// Model mid of the market's condor (the model's vols at the market's four strikes),
    /// SPX points: `model_mid - model_at_market_strikes` is the part of the error due to
    /// where the model puts its 16-delta strikes.
    pub model_at_market_strikes: f64,
    /// Market mids of the put spread and the call spread (short less long), SPX points.
    pub market_spreads: [f64; 2],
    /// Model mids of the same two spreads at the market's strikes, SPX points: which side of
    /// the condor [`CondorCheck::model_at_market_strikes`]'s error sits on.
    pub model_spreads_at_market: [f64; 2],
    /// Vendor implied vols (annual fractions) at the market's long put, short put, at the
    /// money (the OTM put and call nearest the forward, averaged), short call and long call.
    pub market_iv: [f64; 5],
    /// Model implied vols at the same five strikes.
    pub model_iv: [f64; 5],
}

impl CondorCheck {
    /// (model - market) / market, percent.
    pub fn error_pct(&self) -> f64 {
        100.0 * (self.model_mid - self.market_mid) / self.market_mid
    }

    /// (model at the close - market) / market, percent.
    pub fn error_at_close_pct(&self) -> f64 {
        100.0 * (self.model_mid_at_close - self.market_mid) / self.market_mid
    }
}

#[derive(Debug, Clone, Copy)]
struct Leg {
    strike: f64,
    mid: f64,
    delta: f64,
    iv: f64,
}

/// The real condor of one chain (legs of one right each), `None` when a wing is missing:
/// (mid, long put, short put, short call, long call).
fn market_condor(puts: &[Leg], calls: &[Leg]) -> Option<(f64, [Leg; 4])> {
    let near = |legs: &[Leg], target: f64| {
        legs.iter()
            .filter(|l| l.delta.is_finite())
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
    Some((sp.mid - lp.mid + sc.mid - lc.mid, [lp, sp, sc, lc]))
}

/// Model mids of the put spread and the call spread of a condor with strikes (long put, short
/// put, short call, long call); NaN when a leg cannot be priced.
fn model_spreads_at(surf: &SpxSurface, t: f64, k: [f64; 4]) -> [f64; 2] {
    use OptionRight::{Call, Put};
    let px = |r, k| surf.price(r, k, t).unwrap_or(f64::NAN);
    [
        px(Put, k[1]) - px(Put, k[0]),
        px(Call, k[2]) - px(Call, k[3]),
    ]
}

/// Give every leg without the file's delta (or implied vol) the Black-Scholes one at its
/// mid-implied vol on `surf`'s spot, rate and dividend yield; a leg whose mid has no implied
/// vol keeps NaN and is never chosen.
fn fill_missing_greeks(legs: &mut [Leg], right: OptionRight, surf: &SpxSurface, t: f64) {
    for leg in legs
        .iter_mut()
        .filter(|l| l.delta.is_nan() || l.iv.is_nan())
    {
        let Ok(vol) = surf.implied_vol(right, leg.strike, t, leg.mid) else {
            continue;
        };
        if leg.iv.is_nan() {
            leg.iv = vol;
        }
        if leg.delta.is_nan() {
            leg.delta = bsm::delta(&BsmInputs {
                right,
                spot: surf.spot(),
                strike: leg.strike,
                t_years: t,
                rate: surf.rate(),
                div_yield: surf.div_yield(),
                vol,
            })
            .unwrap_or(f64::NAN);
        }
    }
}

/// A chain reader's error on `path` as the crate's (file, line and column kept).
fn data_error(path: &Path, e: DataError) -> PricingError {
    match e {
        DataError::Parse {
            path,
            line,
            column,
            message,
        } => PricingError::Parse {
            path: path.display().to_string(),
            line,
            column,
            message,
        },
        DataError::Io { source, .. } => PricingError::Io {
            path: path.display().to_string(),
            message: source.to_string(),
        },
        DataError::File { message, .. } => PricingError::Io {
            path: path.display().to_string(),
            message,
        },
        other => PricingError::Io {
            path: path.display().to_string(),
            message: other.to_string(),
        },
    }
}

/// The OTM put with the highest strike at or below `f` and the OTM call with the lowest
/// strike at or above it: (strike midway, mean vendor vol).
fn market_atm(puts: &[Leg], calls: &[Leg], f: f64) -> Option<(f64, f64)> {
    let p = puts
        .iter()
        .filter(|l| l.strike <= f)
        .max_by(|a, b| a.strike.total_cmp(&b.strike))?;
    let c = calls
        .iter()
        .filter(|l| l.strike >= f)
        .min_by(|a, b| a.strike.total_cmp(&b.strike))?;
    Some((0.5 * (p.strike + c.strike), 0.5 * (p.iv + c.iv)))
}

/// Market and model condors of every quote date and expiry of an SPX chain file within
/// `[min_days, max_days]` calendar days. The file is any layout the chain reader knows
/// (the OTM extract, the vendor's raw chains, Cboe DataShop end of day; detected from the
/// header); rows of other underlyings are skipped. Where the layout gives no delta (DataShop),
/// the short legs are chosen by the Black-Scholes delta at each quote's mid-implied vol.
/// The VIX family at each quote is its close moved by `beta` (the history's
/// [`super::spot_vol::spot_vol_beta`]; `None` holds it at the close).
///
/// # Errors
/// [`crate::PricingError::Io`] or [`crate::PricingError::Parse`] naming the file, and the
/// line and column of a malformed value; [`crate::PricingError::NothingToUse`] when the file
/// holds no condor to check.
pub fn condor_checks(
    path: &Path,
    model: &MarketModel<'_>,
    beta: Option<SpotVolBeta>,
    min_days: i64,
    max_days: i64,
) -> Result<Vec<CondorCheck>> {
    type Key = (NaiveDate, NaiveDate, bool);
    let mut chains: BTreeMap<Key, (Vec<Leg>, Vec<Leg>)> = BTreeMap::new();
    let mut underlying: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    let err = |e| data_error(path, e);
    let mut reader = ChainReader::open(path, None).map_err(err)?;
    while let Some((_, row)) = reader.next_row().map_err(err)? {
        let days = (row.expiry - row.quote_date).num_days();
        if row.underlying != Underlying::Spx || days < min_days || days > max_days {
            continue;
        }
        if !(row.bid > 0.0 && row.ask > row.bid) {
            continue;
        }
        if row.underlying_price > 0.0 {
            underlying
                .entry(row.quote_date)
                .or_insert(row.underlying_price);
        }
        let leg = Leg {
            strike: row.strike,
            mid: 0.5 * (row.bid + row.ask),
            delta: row.delta,
            iv: row.iv,
        };
        let e = chains
            .entry((row.quote_date, row.expiry, !row.am_settled()))
            .or_default();
        match row.right {
            Right::Put => e.0.push(leg),
            Right::Call => e.1.push(leg),
        }
    }
    let h = model.history();
    let pm_settled: BTreeSet<(NaiveDate, NaiveDate)> =
        chains.keys().filter(|k| k.2).map(|k| (k.0, k.1)).collect();
    let mut out = Vec::new();
    for (&(date, expiry, weekly), (puts, calls)) in chains.iter_mut() {
        if !weekly && pm_settled.contains(&(date, expiry)) {
            continue;
        }
        let Some(day) = h.index_of(date) else {
            continue;
        };
        let (close, vix) = (h.spx.close[day], h.vix.close[day]);
        let spot = underlying.get(&date).copied().unwrap_or(close);
        let scale = beta.map_or(1.0, |b| b.vol_scale(spot, close));
        let tt = time_to_expiry(date, &Expiry::from_settlement(expiry, !weekly));
        let surf = model.spx_surface_moved(day, spot, scale);
        fill_missing_greeks(puts, OptionRight::Put, &surf, tt);
        fill_missing_greeks(calls, OptionRight::Call, &surf, tt);
        let Some((market_mid, [lp, sp, sc, lc])) = market_condor(puts, calls).filter(|m| m.0 > 0.0)
        else {
            continue;
        };
        let mid = |s| condor_mid(s, tt, CONDOR_DELTA, CONDOR_WIDTH);
        let (Ok(model_mid), Ok(model_mid_at_close)) = (mid(&surf), mid(&model.spx_surface(day)))
        else {
            continue;
        };
        let (k_atm, iv_atm) =
            market_atm(puts, calls, surf.forward(tt)).unwrap_or((f64::NAN, f64::NAN));
        let spreads = model_spreads_at(&surf, tt, [lp, sp, sc, lc].map(|l| l.strike));
        out.push(CondorCheck {
            date,
            expiry,
            days: (expiry - date).num_days(),
            vix,
            underlying: spot,
            spx_close: close,
            vix_at_quote: vix * scale,
            skew: h.get(ringfence_data::Series::Skew, day),
            market_mid,
            model_mid,
            model_mid_at_close,
            model_at_market_strikes: spreads[0] + spreads[1],
            market_spreads: [sp.mid - lp.mid, sc.mid - lc.mid],
            model_spreads_at_market: spreads,
            market_iv: [lp.iv, sp.iv, iv_atm, sc.iv, lc.iv],
            model_iv: [lp.strike, sp.strike, k_atm, sc.strike, lc.strike].map(|k| surf.iv(k, tt)),
        });
    }
    if out.is_empty() {
        return Err(PricingError::NothingToUse {
            path: path.display().to_string(),
            message: format!(
                "no SPX chain with a quote near {CONDOR_DELTA} delta on each side and both \
                 wings {CONDOR_WIDTH} points further out, {min_days}-{max_days} days to \
                 expiry, on a trading day of the history"
            ),
        });
    }
    Ok(out)
}

/// The errors of one group of condors.
#[derive(Debug, Clone, PartialEq)]
pub struct CondorGroup {
    /// Label (`VIX < 15`, `14-30 days`, a quote date).
    pub label: String,
    /// Absolute and mean errors, percent of the market mid.
    pub stats: ErrorStats,
    /// Median signed error, percent of the market mid (model - market).
    pub median: f64,
    /// Median signed error of the model priced at the close's state
    /// ([`CondorCheck::model_mid_at_close`]), percent of the market mid.
    pub median_at_close: f64,
    /// Median signed error of the model's price of the market's strikes, percent of the
    /// market mid ([`CondorCheck::model_at_market_strikes`]).
    pub median_at_market_strikes: f64,
    /// Median signed error of the model's put spread and call spread at the market's strikes,
    /// percent of each spread's market mid.
    pub spreads_at_market_strikes: [f64; 2],
    /// Median vol error (model - market, vol points) at the long put, short put, ATM, short
    /// call and long call (see [`CondorCheck::market_iv`]).
    pub iv_err: [f64; 5],
}

impl CondorGroup {
    fn of(label: String, sel: &[&CondorCheck]) -> CondorGroup {
        let mut e: Vec<f64> = sel.iter().map(|c| c.error_pct()).collect();
        let stats = ErrorStats::of(&e);
        let mut at_close: Vec<f64> = sel.iter().map(|c| c.error_at_close_pct()).collect();
        let iv_err = std::array::from_fn(|k| {
            let mut v: Vec<f64> = sel
                .iter()
                .map(|c| 100.0 * (c.model_iv[k] - c.market_iv[k]))
                .filter(|x| x.is_finite())
                .collect();
            median(&mut v)
        });
        let mut at: Vec<f64> = sel
            .iter()
            .map(|c| 100.0 * (c.model_at_market_strikes - c.market_mid) / c.market_mid)
            .filter(|x| x.is_finite())
            .collect();
        let spreads_at_market_strikes = std::array::from_fn(|k| {
            let mut v: Vec<f64> = sel
                .iter()
                .map(|c| {
                    100.0 * (c.model_spreads_at_market[k] - c.market_spreads[k])
                        / c.market_spreads[k]
                })
                .filter(|x| x.is_finite())
                .collect();
            median(&mut v)
        });
        CondorGroup {
            label,
            stats,
            median: median(&mut e),
            median_at_close: median(&mut at_close),
            median_at_market_strikes: median(&mut at),
            spreads_at_market_strikes,
            iv_err,
        }
    }
}

/// The condor errors grouped by VIX regime, by days to expiry and by quote date.
#[derive(Debug, Clone, PartialEq)]
pub struct CondorReport {
    /// Every condor.
    pub all: CondorGroup,
    /// By VIX close: < 15, 15-18, >= 18.
    pub by_vix: Vec<CondorGroup>,
    /// By days to expiry: 14-30, 31-60, 61-100.
    pub by_days: Vec<CondorGroup>,
    /// By VIX regime and days to expiry (14-30 and 31-100 days in each VIX group).
    pub by_vix_days: Vec<CondorGroup>,
    /// The 14-30-day condors of each quote date.
    pub by_date: Vec<DateGroup>,
}

/// The 14-30-day condors of one quote date and the day's market.
#[derive(Debug, Clone, PartialEq)]
pub struct DateGroup {
    /// The condors (labelled by the date).
    pub group: CondorGroup,
    /// VIX close.
    pub vix: f64,
    /// The VIX the model holds at the quote ([`CondorCheck::vix_at_quote`]).
    pub vix_at_quote: f64,
    /// Cboe SKEW close.
    pub skew: Option<f64>,
    /// The chain's underlying less the SPX close, index points.
    pub quote_less_close: f64,
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    super::smile_fit::quantile(v, 0.5)
}

/// VIX regimes of the report: (label, lower bound, upper bound), VIX points.
pub const VIX_REGIMES: [(&str, f64, f64); 3] = [
    ("VIX < 15", 0.0, 15.0),
    ("VIX 15-18", 15.0, 18.0),
    ("VIX >= 18", 18.0, f64::INFINITY),
];

/// Group the checks (errors in percent of the market mid).
pub fn condor_report(checks: &[CondorCheck]) -> CondorReport {
    let group = |label: &str, f: &dyn Fn(&CondorCheck) -> bool| {
        let sel: Vec<&CondorCheck> = checks.iter().filter(|c| f(c)).collect();
        CondorGroup::of(label.to_owned(), &sel)
    };
    let short = |c: &CondorCheck| (14..=30).contains(&c.days);
    let mut by_date = Vec::new();
    let mut dates: Vec<NaiveDate> = checks.iter().map(|c| c.date).collect();
    dates.dedup();
    for d in dates {
        let sel: Vec<&CondorCheck> = checks.iter().filter(|c| c.date == d && short(c)).collect();
        if let Some(first) = sel.first() {
            by_date.push(DateGroup {
                group: CondorGroup::of(d.to_string(), &sel),
                vix: first.vix,
                vix_at_quote: first.vix_at_quote,
                skew: first.skew,
                quote_less_close: first.underlying - first.spx_close,
            });
        }
    }
    let in_regime = |c: &CondorCheck, lo: f64, hi: f64| c.vix >= lo && c.vix < hi;
    let mut by_vix_days = Vec::new();
    for (l, lo, hi) in VIX_REGIMES {
        by_vix_days.push(group(&format!("{l}, 14-30 days"), &|c| {
            in_regime(c, lo, hi) && short(c)
        }));
        by_vix_days.push(group(&format!("{l}, 31-100 days"), &|c| {
            in_regime(c, lo, hi) && (31..=100).contains(&c.days)
        }));
    }
    CondorReport {
        all: group("all", &|_| true),
        by_vix: VIX_REGIMES
            .iter()
            .map(|&(l, lo, hi)| group(l, &|c| in_regime(c, lo, hi)))
            .collect(),
        by_days: vec![
            group("14-30 days", &short),
            group("31-60 days", &|c| (31..=60).contains(&c.days)),
            group("61-100 days", &|c| (61..=100).contains(&c.days)),
        ],
        by_vix_days,
        by_date,
    }
}

impl fmt::Display for CondorReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head = "| n | median abs err % | p90 abs err % | median err % | mean err % | median err % at the close | median err % at market strikes | put / call spread err % at market strikes | vol err (pts) long put / short put / ATM / short call / long call |";
        writeln!(f, "| group {head}")?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")?;
        let row = |f: &mut fmt::Formatter<'_>, g: &CondorGroup, extra: &str| {
            let s = &g.stats;
            let pct = |x: f64| super::signed(x, 1);
            let vol: Vec<String> = g.iv_err.iter().map(|x| super::signed(*x, 2)).collect();
            writeln!(
                f,
                "| {}{extra} | {} | {:.1} | {:.1} | {} | {} | {} | {} | {} / {} | {} |",
                g.label,
                s.n,
                s.median_abs,
                s.p90_abs,
                pct(g.median),
                pct(s.mean),
                pct(g.median_at_close),
                pct(g.median_at_market_strikes),
                pct(g.spreads_at_market_strikes[0]),
                pct(g.spreads_at_market_strikes[1]),
                vol.join(" / ")
            )
        };
        row(f, &self.all, "")?;
        for g in self
            .by_vix
            .iter()
            .chain(&self.by_days)
            .chain(&self.by_vix_days)
        {
            row(f, g, "")?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "| date (14-30 days), VIX close, SKEW, quote less close (SPX pts), VIX at the quote {head}"
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")?;
        for d in &self.by_date {
            let skew = d.skew.map_or_else(|| "-".to_owned(), |s| format!("{s:.1}"));
            let extra = format!(
                ", {:.2}, {skew}, {:+.2}, {:.2}",
                d.vix, d.quote_less_close, d.vix_at_quote
            );
            row(f, &d.group, &extra)?;
        }
        Ok(())
    }
}
