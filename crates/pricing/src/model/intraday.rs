//! Intraday states of the model: the day's extremes, for brokers that margin in real time,
//! and the midday fill of the Cboe index methodologies ([`Corner::Midday`]).
//!
//! A real-time broker values an account continuously and liquidates the moment its excess
//! turns negative, without a call. Daily bars do not say when in the day each price was
//! where, so an account is evaluated at the two corners of the day's range that occur
//! together in index markets:
//! - [`Corner::Low`]: SPX at its low, the VIX family scaled by `VIX high / VIX close`;
//! - [`Corner::High`]: SPX at its high, the VIX family scaled by `VIX low / VIX close`.
//!
//! Each VIX-family node keeps its shape (its total variance is scaled by the square of the
//! ratio), so the SPX surface and the model VX curve move together as they do at the close.
//! A real VX settle is moved by the same proportion as the model's fair value of that
//! contract between the close state and the corner.
//!
//! **Fallback.** A bar without a range (SPX or VIX high equal to its low: the close-only
//! VIX rows of 1990-1991 and a few later ones) gives a corner at the close; [`Intraday::observed`]
//! says so, and the engine counts those days. Bars whose high lies below their close (47
//! VIX rows of the Cboe file) are widened to include the close.

use chrono::NaiveDate;
use ringfence_data::MarketHistory;

use super::MarketModel;
use crate::error::Result;
use crate::surface::SpxSurface;
use crate::term::VixTermStructure;

/// An intraday state of the model: one corner of the day's range, or the midday fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Corner {
    /// SPX at its low with the VIX family at the VIX high.
    Low,
    /// SPX at its high with the VIX family at the VIX low.
    High,
    /// SPX and VIX [`MIDDAY_SHARE`] of the way from the previous close to the close: the
    /// expected level at the Cboe indices' roll (11:00-12:00 ET) given both closes
    /// (not a corner of the range; real-time margin never asks for it).
    Midday,
}

/// Share of a day's move (previous close to close) done by the midday fill, about 11:30 ET.
///
/// Given both closes, the expected level at an intraday time is the previous close plus
/// the share of the day's variance realised by then times the day's move (a Brownian
/// bridge in variance time). Measured at the open on SPX 2017-2026 (the years with a real
/// opening print, 2,392 days; `ringfence calibrate opens`): the overnight gap is 23% of the
/// close-to-close variance, and the least-squares slope of the gap on the day's move is
/// 0.32. The U-shaped intraday pattern puts about 30% of the session's variance in its first
/// two hours, so by 11:30 about `0.32 + 0.68 x 0.3`, half, of the day's move is expected
/// done.
pub const MIDDAY_SHARE: f64 = 0.5;

/// Hours from the midday fill (11:30 ET) to the 16:00 close: the fill's option has that
/// much more time to expiry than the close's.
pub const MIDDAY_HOURS_TO_CLOSE: f64 = 4.5;

impl Corner {
    /// Both corners, low first.
    pub const BOTH: [Corner; 2] = [Corner::Low, Corner::High];

    /// `spx_low_vix_high` or `spx_high_vix_low`.
    pub fn name(self) -> &'static str {
        match self {
            Corner::Low => "spx_low_vix_high",
            Corner::High => "spx_high_vix_low",
            Corner::Midday => "midday",
        }
    }
}

/// The model at one intraday state of a day ([`Corner`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Intraday {
    /// Which corner.
    pub corner: Corner,
    /// SPX level at the corner, index points.
    pub spot: f64,
    /// VIX level at the corner.
    pub vix: f64,
    /// VIX at the corner over the VIX close: every VIX-family level is multiplied by it.
    pub vol_scale: f64,
    /// The SPX surface at the corner.
    pub surface: SpxSurface,
    /// The day's SPX and VIX bars both have a range (otherwise the corner is the close);
    /// for [`Corner::Midday`], the previous day's SPX and VIX closes were there.
    pub observed: bool,
}

impl MarketModel<'_> {
    /// The model at `corner` of `day`'s range (data of `day` only; the midday state also
    /// reads the previous day's closes, and is the close on the first day or when they are
    /// missing, with `observed` false).
    ///
    /// # Panics
    /// Panics when `day >= history().len()` (a caller bug).
    pub fn intraday(&self, day: usize, corner: Corner) -> Intraday {
        let h = self.history();
        let d = &self.days[day];
        let (spx_hi, spx_lo) = range(h.spx.high[day], h.spx.low[day], d.spot);
        let vix_close = h.vix.close[day];
        let (vix_hi, vix_lo) = range(h.vix.high[day], h.vix.low[day], vix_close);
        let ranged = spx_hi > spx_lo && vix_hi > vix_lo;
        let (spot, vix, observed) = match (ranged, corner) {
            (_, Corner::Midday) => midday(h, day, d.spot, vix_close),
            (false, _) => (d.spot, vix_close, false),
            (true, Corner::Low) => (spx_lo, vix_hi, true),
            (true, Corner::High) => (spx_hi, vix_lo, true),
        };
        let vol_scale = if vix_close > 0.0 {
            vix / vix_close
        } else {
            1.0
        };
        Intraday {
            corner,
            spot,
            vix,
            vol_scale,
            surface: self.spx_surface_moved(day, spot, vol_scale),
            observed,
        }
    }

    /// The SPX surface of `day` moved within the day: SPX at `spot` and every VIX-family
    /// level multiplied by `vol_scale` (the close's rate, dividend yield and smile shape).
    /// The intraday corners are built on it, and so is the state of a chain quoted before the
    /// close ([`crate::calibrate::condor_check`]).
    ///
    /// # Panics
    /// Panics when `day >= history().len()` (a caller bug).
    pub fn spx_surface_moved(&self, day: usize, spot: f64, vol_scale: f64) -> SpxSurface {
        let d = &self.days[day];
        let term = scaled(d.term, vol_scale);
        SpxSurface::new_unchecked(
            spot,
            d.rate,
            d.div_yield,
            term,
            d.smile.atm_nodes(&term),
            d.smile,
        )
    }

    /// The VX future expiring on `expiry` on `day` with the VIX family scaled by
    /// `vol_scale` (an [`Intraday::vol_scale`]): the close price ([`MarketModel::vx_future`])
    /// moved by the proportion the model's fair value of the contract moves between the
    /// close and the scaled curve.
    ///
    /// # Errors
    /// As [`MarketModel::vx_future`].
    pub fn vx_future_intraday(&self, day: usize, expiry: NaiveDate, vol_scale: f64) -> Result<f64> {
        let (close, _) = self.vx_future(day, expiry)?;
        if vol_scale == 1.0 {
            return Ok(close);
        }
        let tau = (expiry - self.history().dates[day]).num_days().max(0) as f64 / 365.0;
        let curve = &self.params().vx_curve;
        let term = self.days[day].term;
        let at_close = curve.fair_value(&term, tau);
        let at_corner = curve.fair_value(&scaled(term, vol_scale), tau);
        Ok(close * at_corner / at_close)
    }
}

/// The expected level of a series at a time of day between two closes, given both: the
/// previous close plus `share` of the day's move. The midday fill ([`MIDDAY_SHARE`]) and the
/// settlement of a day without an opening print (`stale_open_share`) both read it.
pub(crate) fn part_way(prev: f64, close: f64, share: f64) -> f64 {
    prev + share * (close - prev)
}

/// SPX, VIX and whether both previous closes were there, at the midday fill of `day`.
fn midday(h: &MarketHistory, day: usize, spot: f64, vix: f64) -> (f64, f64, bool) {
    let prev = day.checked_sub(1).map(|p| (h.spx.close[p], h.vix.close[p]));
    match prev {
        Some((ps, pv)) if ps > 0.0 && pv > 0.0 => (
            part_way(ps, spot, MIDDAY_SHARE),
            part_way(pv, vix, MIDDAY_SHARE),
            true,
        ),
        _ => (spot, vix, false),
    }
}

/// A bar's (high, low), widened to include the close when the file's high or low lies on
/// the wrong side of it; the close twice when either is missing.
fn range(high: f64, low: f64, close: f64) -> (f64, f64) {
    if high.is_finite() && low.is_finite() && high > 0.0 && low > 0.0 {
        (high.max(close), low.min(close))
    } else {
        (close, close)
    }
}

/// `term` with every level multiplied by `scale` (total variances by its square).
fn scaled(mut term: VixTermStructure, scale: f64) -> VixTermStructure {
    for w in term.w.iter_mut() {
        *w *= scale * scale;
    }
    term
}
