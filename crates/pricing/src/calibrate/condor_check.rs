//! The model's iron condor against real chains, day by day: the check of issue 15, item 2
//! (does the condor credit move with VIX as the market's does?).
//!
//! The condor is a [`CondorShape`]: by default the 16-delta / 50-point condor of the smile
//! calibration ([`CondorShape::CHECKED`]); any short delta, with wings a width or a delta
//! further out (Cboe CNDR's 20-delta / 5-delta, for one), can be checked the same way.
//! From a chain file (the out-of-the-money extract `spx_otm_*.tsv`, or any layout the chain
//! importer reads), for each quote date, expiry and root: the short put and call whose vendor
//! delta is nearest the short delta, the long wings the width further out or at the quotes
//! whose delta is nearest the wing delta (all four quoted two-sided), the condor mid = short
//! mids - long mids. The model prices its own condor at its own strikes, unsnapped
//! ([`CondorShape::model_condor`], with which the smile calibration prices its condor
//! column). Where both roots list an expiry, the PM-settled SPXW chain is used. Quote dates
//! that are not trading days of the history (the vendor's 2019-05-27 holiday file) are
//! skipped.
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

use super::smile_fit::ErrorStats;
use super::spot_vol::SpotVolBeta;
use crate::bsm::{self, BsmInputs};
use crate::error::{PricingError, Result};
use crate::expiry::Expiry;
use crate::model::{MarketModel, time_to_expiry};
use crate::right::OptionRight;
use crate::surface::SpxSurface;

/// Where a checked condor's long wings sit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CondorWing {
    /// This many SPX points beyond each short strike.
    Width(f64),
    /// At this absolute delta (the market's quote nearest it; the model's strike of it).
    Delta(f64),
}

/// The iron condor a check compares: short put and call at an absolute delta, long wings by
/// width or by delta; the call side may take its own deltas (an asymmetric condor). Built by
/// [`CondorShape::new`] and [`CondorShape::with_call_side`], which check the inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CondorShape {
    /// Absolute deltas of the short put and the short call.
    short: [f64; 2],
    wing: CondorWing,
    /// The call wing's delta where it differs from a delta wing's put side.
    call_wing_delta: Option<f64>,
}

/// A [`CondorShape`] input outside its range.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum CondorShapeError {
    /// The short delta is not in (0, 0.5).
    #[error("short delta {0}: expected an absolute delta in (0, 0.5), out of the money")]
    ShortDelta(f64),
    /// The wing width is not a finite number above 0.
    #[error("wing width {0}: expected a finite number of SPX points > 0")]
    WingWidth(f64),
    /// The wing delta is not in (0, short delta).
    #[error(
        "wing delta {wing}: expected an absolute delta in (0, {short}), below the short \
         delta, so that the wings lie beyond the short legs"
    )]
    WingDelta {
        /// The wing delta given.
        wing: f64,
        /// The short delta it must lie below.
        short: f64,
    },
    /// The short call's own delta is not in (0, 0.5).
    #[error("short call delta {0}: expected an absolute delta in (0, 0.5), out of the money")]
    ShortCallDelta(f64),
    /// The call wing's own delta is not in (0, short call delta).
    #[error(
        "call wing delta {wing}: expected an absolute delta in (0, {short}), below the short \
         call's delta, so that the call wing lies beyond the short call"
    )]
    CallWingDelta {
        /// The call wing delta given.
        wing: f64,
        /// The short call delta it must lie below.
        short: f64,
    },
    /// A call wing delta was given for wings set by width.
    #[error("call wing delta {0}: the wings are set by width; give a wing delta for both sides")]
    CallWingWithoutDeltaWings(f64),
}

impl CondorShape {
    /// The 16-delta / 50-point condor of the smile calibration and of issue 15's target.
    pub const CHECKED: CondorShape = CondorShape {
        short: [0.16, 0.16],
        wing: CondorWing::Width(50.0),
        call_wing_delta: None,
    };

    /// A shape with its inputs checked: a short delta in (0, 0.5), a width above 0, or a wing
    /// delta in (0, short delta).
    ///
    /// # Errors
    /// The [`CondorShapeError`] of the first input outside its range.
    pub fn new(
        short_delta: f64,
        wing: CondorWing,
    ) -> std::result::Result<CondorShape, CondorShapeError> {
        if !(short_delta > 0.0 && short_delta < 0.5) {
            return Err(CondorShapeError::ShortDelta(short_delta));
        }
        match wing {
            CondorWing::Width(w) if !(w.is_finite() && w > 0.0) => {
                Err(CondorShapeError::WingWidth(w))
            }
            CondorWing::Delta(d) if !(d > 0.0 && d < short_delta) => {
                Err(CondorShapeError::WingDelta {
                    wing: d,
                    short: short_delta,
                })
            }
            _ => Ok(CondorShape {
                short: [short_delta; 2],
                wing,
                call_wing_delta: None,
            }),
        }
    }

    /// The shape with the call side at its own deltas: the short call at `short_call_delta`
    /// and, for delta wings, the long call at `wing_call_delta` (`None` keeps the put side's).
    ///
    /// # Errors
    /// [`CondorShapeError::ShortCallDelta`] for a short call delta outside (0, 0.5),
    /// [`CondorShapeError::CallWingWithoutDeltaWings`] for a call wing delta with wings by
    /// width, [`CondorShapeError::CallWingDelta`] for a call wing delta not below the short
    /// call's, and [`CondorShapeError::WingDelta`] when the shared wing delta is not below the
    /// short call's.
    pub fn with_call_side(
        self,
        short_call_delta: Option<f64>,
        wing_call_delta: Option<f64>,
    ) -> std::result::Result<CondorShape, CondorShapeError> {
        let call = short_call_delta.unwrap_or(self.short[1]);
        if !(call > 0.0 && call < 0.5) {
            return Err(CondorShapeError::ShortCallDelta(call));
        }
        match (self.wing, wing_call_delta) {
            (CondorWing::Width(_), Some(d)) => {
                return Err(CondorShapeError::CallWingWithoutDeltaWings(d));
            }
            (CondorWing::Delta(_), Some(d)) if !(d > 0.0 && d < call) => {
                return Err(CondorShapeError::CallWingDelta {
                    wing: d,
                    short: call,
                });
            }
            (CondorWing::Delta(d), None) if d >= call => {
                return Err(CondorShapeError::WingDelta {
                    wing: d,
                    short: call,
                });
            }
            _ => {}
        }
        Ok(CondorShape {
            short: [self.short[0], call],
            call_wing_delta: wing_call_delta,
            ..self
        })
    }

    /// Absolute deltas of the long put and the long call for delta wings.
    fn wing_deltas(&self, put_wing: f64) -> [f64; 2] {
        [put_wing, self.call_wing_delta.unwrap_or(put_wing)]
    }

    /// The model's condor on `surf` at `t` years: (mid, strikes of the long put, short put,
    /// short call and long call), at the model's unsnapped strikes.
    ///
    /// # Errors
    /// As [`SpxSurface::strike_for_delta_unsnapped`] and [`SpxSurface::price`].
    pub fn model_condor(&self, surf: &SpxSurface, t: f64) -> Result<(f64, [f64; 4])> {
        use OptionRight::{Call, Put};
        let kp = surf.strike_for_delta_unsnapped(Put, self.short[0], t)?;
        let kc = surf.strike_for_delta_unsnapped(Call, self.short[1], t)?;
        let (lp, lc) = match self.wing {
            CondorWing::Width(w) => ((kp - w).max(1e-6), kc + w),
            CondorWing::Delta(d) => {
                let [dp, dc] = self.wing_deltas(d);
                (
                    surf.strike_for_delta_unsnapped(Put, dp, t)?,
                    surf.strike_for_delta_unsnapped(Call, dc, t)?,
                )
            }
        };
        let put_spread = surf.price(Put, kp, t)? - surf.price(Put, lp, t)?;
        let call_spread = surf.price(Call, kc, t)? - surf.price(Call, lc, t)?;
        Ok((put_spread + call_spread, [lp, kp, kc, lc]))
    }
}

impl fmt::Display for CondorShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Deltas in percent and widths in points, to 0.01 and without trailing zeros; a call
        // side at its own deltas after the put's (`20/12-delta`).
        let num = |x: f64| (x * 100.0).round() / 100.0;
        let pair = |[p, c]: [f64; 2]| {
            let (p, c) = (num(100.0 * p), num(100.0 * c));
            if p == c {
                p.to_string()
            } else {
                format!("{p}/{c}")
            }
        };
        let short = pair(self.short);
        match self.wing {
            CondorWing::Width(w) => write!(f, "{short}-delta / {}-point", num(w)),
            CondorWing::Delta(d) => {
                write!(f, "{short}-delta / {}-delta", pair(self.wing_deltas(d)))
            }
        }
    }
}

/// Credit per unit of risk: `mid / (wider wing - mid)`, percent; NaN when the credit is not
/// below the wider wing.
pub fn credit_on_risk_pct(mid: f64, strikes: [f64; 4]) -> f64 {
    let risk = (strikes[1] - strikes[0]).max(strikes[3] - strikes[2]) - mid;
    if risk > 0.0 {
        100.0 * mid / risk
    } else {
        f64::NAN
    }
}

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
    /// Strikes of the market's long put, short put, short call and long call.
    pub market_strikes: [f64; 4],
    /// Strikes of the model's condor (the same legs), unsnapped.
    pub model_strikes: [f64; 4],
    /// Absolute deltas of the market's four legs (the file's, or Black-Scholes at the mid's
    /// implied vol where the file has none).
    pub market_deltas: [f64; 4],
    /// Model condor mid at the quote's state, SPX points.
    pub model_mid: f64,
    /// Model condor mid at the close's state (SPX and the VIX family at their closes), SPX
    /// points: the measure before the quote's moment was modelled.
    pub model_mid_at_close: f64,
    /// Model mid of the market's condor (the model's vols at the market's four strikes),
    /// SPX points: `model_mid - model_at_market_strikes` is the part of the error due to
    /// where the model puts its strikes.
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

/// How far a delta wing's quote may lie from the wing delta: 30% of it (a chain whose quotes
/// stop short of that is skipped, not checked at its last strike).
fn wing_delta_tolerance(wing_delta: f64) -> f64 {
    0.3 * wing_delta
}

/// The real condor of `shape` in one chain (legs of one right each), `None` when a wing is
/// missing, or, for a delta wing, when no quote lies within [`wing_delta_tolerance`] of it:
/// (mid, long put, short put, short call, long call).
fn market_condor(puts: &[Leg], calls: &[Leg], shape: CondorShape) -> Option<(f64, [Leg; 4])> {
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
    let sp = near(puts, -shape.short[0])?;
    let sc = near(calls, shape.short[1])?;
    let (lp, lc) = match shape.wing {
        CondorWing::Width(w) => (at(puts, sp.strike - w)?, at(calls, sc.strike + w)?),
        CondorWing::Delta(d) => {
            let below: Vec<Leg> = puts
                .iter()
                .filter(|l| l.strike < sp.strike)
                .copied()
                .collect();
            let above: Vec<Leg> = calls
                .iter()
                .filter(|l| l.strike > sc.strike)
                .copied()
                .collect();
            let [dp, dc] = shape.wing_deltas(d);
            let close =
                |d: f64| move |l: &Leg| (l.delta.abs() - d).abs() <= wing_delta_tolerance(d);
            (
                near(&below, -dp).filter(close(dp))?,
                near(&above, dc).filter(close(dc))?,
            )
        }
    };
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

/// Market and model condors of `shape` on every quote date and expiry of an SPX chain file
/// within `[min_days, max_days]` calendar days. The file is any layout the chain reader knows
/// (the OTM extract, the vendor's raw chains, Cboe DataShop end of day; detected from the
/// header); rows of other underlyings are skipped. Where the layout gives no delta (DataShop),
/// the legs chosen by delta use the Black-Scholes delta at each quote's mid-implied vol.
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
    shape: CondorShape,
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
        let Some((market_mid, [lp, sp, sc, lc])) =
            market_condor(puts, calls, shape).filter(|m| m.0 > 0.0)
        else {
            continue;
        };
        let (Ok((model_mid, model_strikes)), Ok((model_mid_at_close, _))) = (
            shape.model_condor(&surf, tt),
            shape.model_condor(&model.spx_surface(day), tt),
        ) else {
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
            market_strikes: [lp, sp, sc, lc].map(|l| l.strike),
            market_deltas: [lp, sp, sc, lc].map(|l| l.delta.abs()),
            model_strikes,
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
                "no SPX chain with the legs of a {shape} condor quoted two-sided, \
                 {min_days}-{max_days} days to expiry, on a trading day of the history"
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
    /// Median strike offset, model - market, SPX points, of the long put, short put, short
    /// call and long call.
    pub strike_offsets: [f64; 4],
    /// Median credit per unit of risk ([`credit_on_risk_pct`]: what a short condor sized on
    /// its maximum loss earns when every leg expires worthless), percent: market, model.
    pub credit_on_risk: [f64; 2],
    /// Median absolute delta of the market's long put, short put, short call and long call.
    pub market_deltas: [f64; 4],
}

impl CondorGroup {
    fn of(label: String, sel: &[&CondorCheck]) -> CondorGroup {
        let mut e: Vec<f64> = sel.iter().map(|c| c.error_pct()).collect();
        let stats = ErrorStats::of(&e);
        let mut at_close: Vec<f64> = sel.iter().map(|c| c.error_at_close_pct()).collect();
        let iv_err =
            std::array::from_fn(|k| median_of(sel, |c| 100.0 * (c.model_iv[k] - c.market_iv[k])));
        let median_at_market_strikes = median_of(sel, |c| {
            100.0 * (c.model_at_market_strikes - c.market_mid) / c.market_mid
        });
        let spreads_at_market_strikes = std::array::from_fn(|k| {
            median_of(sel, |c| {
                100.0 * (c.model_spreads_at_market[k] - c.market_spreads[k]) / c.market_spreads[k]
            })
        });
        let strike_offsets =
            std::array::from_fn(|k| median_of(sel, |c| c.model_strikes[k] - c.market_strikes[k]));
        let market_deltas = std::array::from_fn(|k| median_of(sel, |c| c.market_deltas[k]));
        let credit_on_risk = [
            median_of(sel, |c| credit_on_risk_pct(c.market_mid, c.market_strikes)),
            median_of(sel, |c| credit_on_risk_pct(c.model_mid, c.model_strikes)),
        ];
        CondorGroup {
            label,
            stats,
            median: median(&mut e),
            median_at_close: median(&mut at_close),
            median_at_market_strikes,
            spreads_at_market_strikes,
            iv_err,
            strike_offsets,
            credit_on_risk,
            market_deltas,
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
    /// By days to expiry: the checked range cut after 30 and 60 days (14-30, 31-60, 61-100
    /// for the default 14-100).
    pub by_days: Vec<CondorGroup>,
    /// By VIX regime and days to expiry (the checked range cut after 30 days in each VIX
    /// group).
    pub by_vix_days: Vec<CondorGroup>,
    /// The short-dated condors (the first band of [`CondorReport::by_days`]) of each quote
    /// date.
    pub by_date: Vec<DateGroup>,
    /// Days to expiry of the short-dated band, first and last.
    pub short_days: (i64, i64),
}

/// The short-dated condors of one quote date and the day's market.
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

/// Median of `f` over the checks, leaving out values that are not finite (a leg without a
/// delta or an implied vol); NaN when none is left.
fn median_of(sel: &[&CondorCheck], f: impl Fn(&CondorCheck) -> f64) -> f64 {
    let mut v: Vec<f64> = sel.iter().map(|c| f(c)).filter(|x| x.is_finite()).collect();
    median(&mut v)
}

/// VIX regimes of the report: (label, lower bound, upper bound), VIX points.
pub const VIX_REGIMES: [(&str, f64, f64); 3] = [
    ("VIX < 15", 0.0, 15.0),
    ("VIX 15-18", 15.0, 18.0),
    ("VIX >= 18", 18.0, f64::INFINITY),
];

/// `[min_days, max_days]` cut after `cuts` days: the non-empty bands, first and last day.
fn day_bands((min_days, max_days): (i64, i64), cuts: &[i64]) -> Vec<(i64, i64)> {
    let mut bands = Vec::new();
    let mut lo = min_days;
    for &cut in cuts.iter().chain([&max_days]) {
        let hi = cut.min(max_days);
        if lo <= hi {
            bands.push((lo, hi));
        }
        lo = lo.max(hi + 1);
    }
    bands
}

/// Group the checks of the range `days` (first and last days to expiry checked; errors in
/// percent of the market mid).
pub fn condor_report(checks: &[CondorCheck], days: (i64, i64)) -> CondorReport {
    let group = |label: &str, f: &dyn Fn(&CondorCheck) -> bool| {
        let sel: Vec<&CondorCheck> = checks.iter().filter(|c| f(c)).collect();
        CondorGroup::of(label.to_owned(), &sel)
    };
    let label = |(lo, hi): (i64, i64)| format!("{lo}-{hi} days");
    let within = |c: &CondorCheck, (lo, hi): (i64, i64)| (lo..=hi).contains(&c.days);
    let halves = day_bands(days, &[30]);
    let short_days = halves.first().copied().unwrap_or(days);
    let short = |c: &CondorCheck| within(c, short_days);
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
        for &band in &halves {
            by_vix_days.push(group(&format!("{l}, {}", label(band)), &|c| {
                in_regime(c, lo, hi) && within(c, band)
            }));
        }
    }
    CondorReport {
        all: group("all", &|_| true),
        by_vix: VIX_REGIMES
            .iter()
            .map(|&(l, lo, hi)| group(l, &|c| in_regime(c, lo, hi)))
            .collect(),
        by_days: day_bands(days, &[30, 60])
            .into_iter()
            .map(|band| group(&label(band), &|c| within(c, band)))
            .collect(),
        by_vix_days,
        by_date,
        short_days,
    }
}

/// The tables of the report; a group without condors (a days range outside `--min-days` and
/// `--max-days`, a VIX regime the file never saw) is left out.
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
            .filter(|g| g.stats.n > 0)
        {
            row(f, g, "")?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "| date ({}-{} days), VIX close, SKEW, quote less close (SPX pts), VIX at the quote {head}",
            self.short_days.0, self.short_days.1
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
        writeln!(f)?;
        writeln!(
            f,
            "Where the model puts its strikes, and what the condor earns per unit of risk when every leg expires worthless (credit / (wider wing - credit), medians):"
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "| group | n | market legs' delta: long put / short put / short call / long call | strike offset, model - market (SPX pts) | credit on risk %, market | model |"
        )?;
        writeln!(f, "|---|---:|---|---|---:|---:|")?;
        for g in std::iter::once(&self.all)
            .chain(&self.by_vix)
            .chain(&self.by_days)
            .filter(|g| g.stats.n > 0)
        {
            let k: Vec<String> = g
                .strike_offsets
                .iter()
                .map(|x| super::signed(*x, 1))
                .collect();
            let d: Vec<String> = g.market_deltas.iter().map(|x| format!("{x:.3}")).collect();
            writeln!(
                f,
                "| {} | {} | {} | {} | {:.2} | {:.2} |",
                g.label,
                g.stats.n,
                d.join(" / "),
                k.join(" / "),
                g.credit_on_risk[0],
                g.credit_on_risk[1]
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leg(strike: f64, mid: f64, delta: f64) -> Leg {
        Leg {
            strike,
            mid,
            delta,
            iv: 0.2,
        }
    }

    #[test]
    fn a_shape_refuses_legs_in_the_money_or_wings_inside_the_shorts() {
        assert!(CondorShape::new(0.2, CondorWing::Delta(0.05)).is_ok());
        assert!(CondorShape::new(0.5, CondorWing::Width(50.0)).is_err());
        assert!(CondorShape::new(0.0, CondorWing::Width(50.0)).is_err());
        assert!(CondorShape::new(0.2, CondorWing::Delta(0.2)).is_err());
        assert!(CondorShape::new(0.2, CondorWing::Width(0.0)).is_err());
        assert!(CondorShape::new(0.2, CondorWing::Width(f64::NAN)).is_err());
        assert_eq!(CondorShape::CHECKED.to_string(), "16-delta / 50-point");
        let cndr = CondorShape::new(0.2, CondorWing::Delta(0.05)).unwrap();
        assert_eq!(cndr.to_string(), "20-delta / 5-delta");
        let odd = CondorShape::new(0.125, CondorWing::Width(37.5)).unwrap();
        assert_eq!(odd.to_string(), "12.5-delta / 37.5-point");
    }

    #[test]
    fn credit_on_risk_is_the_credit_over_the_wider_wing_less_the_credit() {
        // Put wing 10 points, call wing 5: the risk is 10 - 2 = 8, the credit 2: 25%.
        assert_eq!(credit_on_risk_pct(2.0, [90.0, 100.0, 110.0, 115.0]), 25.0);
        assert!(credit_on_risk_pct(10.0, [90.0, 100.0, 110.0, 115.0]).is_nan());
    }

    #[test]
    fn delta_wings_are_the_quotes_nearest_the_wing_delta_beyond_the_short_legs() {
        let puts = [
            leg(80.0, 0.2, -0.03),
            leg(85.0, 0.4, -0.06),
            leg(90.0, 0.8, -0.12),
            leg(95.0, 1.5, -0.21),
            leg(100.0, 2.5, -0.35),
        ];
        let calls = [
            leg(105.0, 2.0, 0.3),
            leg(110.0, 1.2, 0.19),
            leg(115.0, 0.5, 0.07),
            leg(120.0, 0.3, 0.045),
        ];
        let shape = CondorShape::new(0.2, CondorWing::Delta(0.05)).unwrap();
        let (mid, legs) = market_condor(&puts, &calls, shape).unwrap();
        assert_eq!(legs.map(|l| l.strike), [85.0, 95.0, 110.0, 120.0]);
        assert!((mid - (1.5 - 0.4 + 1.2 - 0.3)).abs() < 1e-12);
        // By width: 95 - 10 = 85 and 110 + 10 = 120; a width with no listed wing finds none.
        let (_, legs) = market_condor(
            &puts,
            &calls,
            CondorShape::new(0.2, CondorWing::Width(10.0)).unwrap(),
        )
        .unwrap();
        assert_eq!(legs.map(|l| l.strike), [85.0, 95.0, 110.0, 120.0]);
        let none = CondorShape::new(0.2, CondorWing::Width(12.0)).unwrap();
        assert!(market_condor(&puts, &calls, none).is_none());
        // A 2-delta wing: the nearest quotes (3 and 4.5 delta) lie beyond 30% of it.
        let far = CondorShape::new(0.2, CondorWing::Delta(0.02)).unwrap();
        assert!(market_condor(&puts, &calls, far).is_none());
        // The call side at its own deltas: the short call nearest 7 delta, its wing nearest 4.5.
        let asym = CondorShape::new(0.2, CondorWing::Delta(0.05))
            .unwrap()
            .with_call_side(Some(0.07), Some(0.045))
            .unwrap();
        assert_eq!(asym.to_string(), "20/7-delta / 5/4.5-delta");
        let (_, legs) = market_condor(&puts, &calls, asym).unwrap();
        assert_eq!(legs.map(|l| l.strike), [85.0, 95.0, 115.0, 120.0]);
    }

    #[test]
    fn the_call_side_at_its_own_deltas_prices_each_side_as_its_own_symmetric_condor() {
        use crate::term::{TermFallbackParams, VixFamily, VixTermStructure};
        let family = VixFamily {
            vix9d: Some(0.15),
            vix: 0.17,
            vix3m: Some(0.19),
            vix6m: Some(0.20),
        };
        let term = VixTermStructure::new(family, &TermFallbackParams::default());
        let surf = SpxSurface::new(4000.0, 0.04, 0.015, term, Default::default()).unwrap();
        let t = 30.0 / 365.0;
        let shape =
            |short: f64, wing: f64| CondorShape::new(short, CondorWing::Delta(wing)).unwrap();
        let (_, puts) = shape(0.20, 0.05).model_condor(&surf, t).unwrap();
        let (_, calls) = shape(0.12, 0.03).model_condor(&surf, t).unwrap();
        let asym = shape(0.20, 0.05)
            .with_call_side(Some(0.12), Some(0.03))
            .unwrap();
        let (mid, k) = asym.model_condor(&surf, t).unwrap();
        assert_eq!(k, [puts[0], puts[1], calls[2], calls[3]]);
        let spreads = model_spreads_at(&surf, t, k);
        assert!((mid - spreads[0] - spreads[1]).abs() < 1e-9);
        // No call deltas of its own: the shape is unchanged.
        assert_eq!(
            shape(0.2, 0.05).with_call_side(None, None).unwrap(),
            shape(0.2, 0.05)
        );
    }

    #[test]
    fn the_call_side_deltas_are_checked() {
        let delta = CondorShape::new(0.2, CondorWing::Delta(0.05)).unwrap();
        let width = CondorShape::new(0.2, CondorWing::Width(50.0)).unwrap();
        assert_eq!(
            delta.with_call_side(Some(0.5), None),
            Err(CondorShapeError::ShortCallDelta(0.5))
        );
        assert_eq!(
            delta.with_call_side(Some(0.1), Some(0.1)),
            Err(CondorShapeError::CallWingDelta {
                wing: 0.1,
                short: 0.1
            })
        );
        // The shared wing delta must lie below the short call's too.
        assert_eq!(
            delta.with_call_side(Some(0.04), None),
            Err(CondorShapeError::WingDelta {
                wing: 0.05,
                short: 0.04
            })
        );
        assert_eq!(
            width.with_call_side(None, Some(0.03)),
            Err(CondorShapeError::CallWingWithoutDeltaWings(0.03))
        );
        assert_eq!(
            width.with_call_side(Some(0.1), None).unwrap().to_string(),
            "20/10-delta / 50-point"
        );
    }
}
