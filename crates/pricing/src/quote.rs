//! What `ringfence quote` prints, as library functions: model quotes of SPX options by delta
//! or by strike on one date and expiry, and the VX futures curve (real and model) on a date.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::expiry::{Expiry, next_vix_expirations};
use crate::model::{MarketModel, time_to_expiry};
use crate::right::OptionRight;
use crate::surface::Quote;

/// One quoted SPX option.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OptionQuoteRow {
    /// Trade date (the close the quote is taken at).
    pub date: NaiveDate,
    /// Expiry date.
    pub expiry: NaiveDate,
    /// Call or put.
    pub right: OptionRight,
    /// Target absolute delta when the strike was chosen by delta.
    pub target_delta: Option<f64>,
    /// Strike, index points (snapped to the listed grid when chosen by delta).
    pub strike: f64,
    /// SPX forward to the expiry, index points.
    pub forward: f64,
    /// Years to expiry used (see [`time_to_expiry`]).
    pub t_years: f64,
    /// Model price and greeks (units as in [`Quote`]).
    pub quote: Quote,
}

/// Quote the option of `right` on `expiry` whose strike is the listed strike nearest to
/// absolute delta `delta` on trading day `day`.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] for a delta outside `(0, 1)`, an expiry not after
/// the date, or a day outside the history.
pub fn quote_by_delta(
    model: &MarketModel<'_>,
    day: usize,
    expiry: &Expiry,
    right: OptionRight,
    delta: f64,
) -> Result<OptionQuoteRow> {
    let (date, t) = date_and_t(model, day, expiry)?;
    let surf = model.spx_surface(day);
    let strike = surf.strike_for_delta(right, delta, t, &model.params().strike_grid, date)?;
    let mut row = quote_by_strike(model, day, expiry, right, strike)?;
    row.target_delta = Some(delta);
    Ok(row)
}

/// Quote the option of `right` on `expiry` at `strike` (index points) on trading day `day`.
///
/// # Errors
/// As [`quote_by_delta`], and for a non-positive strike.
pub fn quote_by_strike(
    model: &MarketModel<'_>,
    day: usize,
    expiry: &Expiry,
    right: OptionRight,
    strike: f64,
) -> Result<OptionQuoteRow> {
    let (date, t) = date_and_t(model, day, expiry)?;
    let surf = model.spx_surface(day);
    let quote = surf.quote(right, strike, t)?;
    Ok(OptionQuoteRow {
        date,
        expiry: expiry.date,
        right,
        target_delta: None,
        strike,
        forward: surf.forward(t),
        t_years: t,
        quote,
    })
}

fn date_and_t(model: &MarketModel<'_>, day: usize, expiry: &Expiry) -> Result<(NaiveDate, f64)> {
    let date =
        model
            .history()
            .dates
            .get(day)
            .copied()
            .ok_or(crate::PricingError::InvalidInput {
                name: "day",
                value: day as f64,
                expected: "a trading-day index inside the history",
            })?;
    let t = time_to_expiry(date, expiry);
    if expiry.date <= date || t <= 0.0 {
        return Err(crate::PricingError::InvalidInput {
            name: "expiry",
            value: (expiry.date - date).num_days() as f64,
            expected: "an expiry after the trade date (days to expiry > 0)",
        });
    }
    Ok((date, t))
}

/// One point of the VX futures curve on a date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct VxCurveRow {
    /// Contract expiry (VIX expiration).
    pub expiry: NaiveDate,
    /// Calendar days from the trade date to the expiry.
    pub days: i64,
    /// Real settle on the date when the data have it (VIX points).
    pub real: Option<f64>,
    /// Model price (VIX points).
    pub model: f64,
}

/// The next `n` VX contracts after trading day `day`: real settle (if any) and model price.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] for a day outside the history.
pub fn vx_curve(model: &MarketModel<'_>, day: usize, n: usize) -> Result<Vec<VxCurveRow>> {
    let date =
        model
            .history()
            .dates
            .get(day)
            .copied()
            .ok_or(crate::PricingError::InvalidInput {
                name: "day",
                value: day as f64,
                expected: "a trading-day index inside the history",
            })?;
    next_vix_expirations(date, n)
        .map(|expiry| {
            let (price, source) = model.vx_future(day, expiry)?;
            Ok(VxCurveRow {
                expiry,
                days: (expiry - date).num_days(),
                real: (source == crate::model::PriceSource::Real).then_some(price),
                model: model.vx_model(day, expiry),
            })
        })
        .collect()
}

/// Listed VIX strikes [`vix_quote_by_delta`] snaps to: half points (the finest VIX strike
/// step near the money).
pub const VIX_DELTA_STRIKE_STEP: f64 = 0.5;

/// The furthest VIX call strike a delta may be found at, times the VX future: past it the
/// delta is out of reach ([`vix_quote_by_delta`], and the hedge sleeve's delta rule).
pub const VIX_DELTA_STRIKE_MAX: f64 = 20.0;

/// One quoted VIX option and the VX future it was priced on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct VixOptionQuoteRow {
    /// Trade date (the close the quote is taken at).
    pub date: NaiveDate,
    /// VIX expiration (settles at that morning's VRO).
    pub expiry: NaiveDate,
    /// Call or put.
    pub right: OptionRight,
    /// Target absolute delta when the strike was chosen by delta.
    pub target_delta: Option<f64>,
    /// Strike, VIX points (on [`VIX_DELTA_STRIKE_STEP`] when chosen by delta).
    pub strike: f64,
    /// The same-expiry VX future the option is priced on, VIX points.
    pub forward: f64,
    /// Whether that future is the day's real settle or the model curve.
    pub forward_source: crate::model::PriceSource,
    /// Black-76 years (calendar days less the VRO morning, / 365).
    pub t_years: f64,
    /// Model price and greeks (Black-76 on the future; `delta` per 1.00 of the future).
    pub quote: Quote,
}

/// Quote the VIX option of `right` expiring on `expiry` at `strike` (VIX points) on trading
/// day `day`, with the VX future it is priced on.
///
/// # Errors
/// [`crate::PricingError::InvalidInput`] for a day outside the history, an expiry not after
/// the date or a non-positive strike.
pub fn vix_quote_by_strike(
    model: &MarketModel<'_>,
    day: usize,
    expiry: NaiveDate,
    right: OptionRight,
    strike: f64,
) -> Result<VixOptionQuoteRow> {
    let date = vix_date(model, day, expiry)?;
    let (forward, forward_source) = model.vx_future(day, expiry)?;
    let quote = model.vix_option(day, expiry, strike, right)?;
    Ok(VixOptionQuoteRow {
        date,
        expiry,
        right,
        target_delta: None,
        strike,
        forward,
        forward_source,
        t_years: (((expiry - date).num_days() as f64 - crate::model::AM_SETTLEMENT_DAY_FRACTION)
            / 365.0)
            .max(0.0),
        quote,
    })
}

/// Quote the VIX option of `right` on `expiry` whose strike, on the half-point grid, has the
/// model delta (at its own skewed vol) nearest to absolute delta `delta`.
///
/// # Errors
/// As [`vix_quote_by_strike`]; for a delta outside `(0, 1)`; and
/// [`crate::PricingError::DeltaOutOfReach`] when no strike from 0.05 to 20 times the VX
/// future has the delta (the model's call wing in a spike).
pub fn vix_quote_by_delta(
    model: &MarketModel<'_>,
    day: usize,
    expiry: NaiveDate,
    right: OptionRight,
    delta: f64,
) -> Result<VixOptionQuoteRow> {
    if !(delta > 0.0 && delta < 1.0) {
        return Err(crate::PricingError::InvalidInput {
            name: "delta",
            value: delta,
            expected: "an absolute delta in (0, 1)",
        });
    }
    vix_date(model, day, expiry)?;
    let (forward, _) = model.vx_future(day, expiry)?;
    let abs_delta =
        |k: f64| -> Result<f64> { Ok(model.vix_option(day, expiry, k, right)?.delta.abs()) };
    // |delta| falls with the strike for calls and rises for puts: bisect in ln K, once the
    // range is known to hold the target (else the bisection would end on a bound).
    let (low, high) = (0.05 * forward, VIX_DELTA_STRIKE_MAX * forward);
    let (at_low, at_high) = (abs_delta(low)?, abs_delta(high)?);
    let (min_delta, max_delta) = (at_low.min(at_high), at_low.max(at_high));
    if !(min_delta..=max_delta).contains(&delta) {
        return Err(crate::PricingError::DeltaOutOfReach {
            what: match right {
                OptionRight::Call => "VIX call",
                OptionRight::Put => "VIX put",
            },
            delta,
            low,
            high,
            min_delta,
            max_delta,
        });
    }
    let (mut lo, mut hi) = (low.ln(), high.ln());
    for _ in 0..80 {
        let mid = 0.5 * (lo + hi);
        let too_far_in = match right {
            OptionRight::Call => abs_delta(mid.exp())? > delta,
            OptionRight::Put => abs_delta(mid.exp())? < delta,
        };
        if too_far_in {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let exact = (0.5 * (lo + hi)).exp();
    let step = VIX_DELTA_STRIKE_STEP;
    let below = ((exact / step).floor() * step).max(step);
    let above = below + step;
    let strike = if (abs_delta(below)? - delta).abs() <= (abs_delta(above)? - delta).abs() {
        below
    } else {
        above
    };
    let mut row = vix_quote_by_strike(model, day, expiry, right, strike)?;
    row.target_delta = Some(delta);
    Ok(row)
}

fn vix_date(model: &MarketModel<'_>, day: usize, expiry: NaiveDate) -> Result<NaiveDate> {
    let date =
        model
            .history()
            .dates
            .get(day)
            .copied()
            .ok_or(crate::PricingError::InvalidInput {
                name: "day",
                value: day as f64,
                expected: "a trading-day index inside the history",
            })?;
    if expiry <= date {
        return Err(crate::PricingError::InvalidInput {
            name: "expiry",
            value: (expiry - date).num_days() as f64,
            expected: "a VIX expiration after the trade date (days to expiry > 0)",
        });
    }
    Ok(date)
}
