//! Marks at the corners of the day's range, for brokers that margin in real time.
//!
//! The engine asks [`Market::corner`] once per day for each corner (SPX low with VIX high,
//! SPX high with VIX low) and keeps both in the day's [`MarketDay`]; [`mark_at_corner`]
//! prices one instrument there with the same model as at the close:
//! - SPX options on the corner's surface; those expiring today at their intrinsic value
//!   against the SET (AM, known since the open) or the corner's SPX (PM);
//! - VX futures moved with the VIX family ([`Market::vx_future_at`]); VIX options by
//!   Black-76 on that future; both at the VRO once expired (it is printed in the morning);
//! - the index leg at the corner's SPX.

use ringfence_pricing::OptionRight;
use ringfence_pricing::expiry::Settlement;

use crate::instrument::Instrument;
use crate::market::day::{Mark, MarketDay};
use crate::market::{CornerState, Market};

/// Mark of `inst` at `corner` of `md`'s day; `None` when the model cannot price it.
pub fn mark_at_corner<M: Market>(
    m: &M,
    md: &MarketDay<M>,
    corner: &CornerState<M::Snapshot>,
    inst: &Instrument,
) -> Option<Mark> {
    let (day, date) = (md.day, md.date);
    let mark = match *inst {
        Instrument::SpxIndex => Mark {
            price: corner.spot,
            iv: 0.0,
            t_years: 0.0,
            underlying: corner.spot,
            half_spread: None,
        },
        Instrument::SpxOption {
            expiry,
            right,
            strike,
        } => {
            let t = m.spx_t_years(date, expiry);
            let k = strike.points();
            if t <= 0.0 {
                let u = match expiry.settlement {
                    Settlement::AmOpen => m.spx_settlement(expiry).ok()?.value,
                    Settlement::PmClose => corner.spot,
                };
                intrinsic(right, k, u, corner.spot)
            } else {
                let tenor = m.spx_tenor(&corner.snap, t).ok()?;
                let (price, iv) = m.spx_price_iv(&corner.snap, &tenor, right, k).ok()?;
                Mark {
                    price,
                    iv,
                    t_years: t,
                    underlying: corner.spot,
                    half_spread: None,
                }
            }
        }
        Instrument::VixOption {
            expiry,
            right,
            strike,
        } => {
            let t = m.vix_t_years(date, expiry);
            let k = strike.points();
            if t <= 0.0 {
                let vro = m.vix_settlement(expiry).ok()?.value;
                intrinsic(right, k, vro, vro)
            } else {
                let f = m.vx_future_at(day, expiry, corner.vol_scale).ok()?;
                let tenor = m.vix_tenor(day, expiry, f, t, md.rate).ok()?;
                let (price, iv) = m.vix_price_iv(&tenor, right, k).ok()?;
                Mark {
                    price,
                    iv,
                    t_years: t,
                    underlying: f,
                    half_spread: None,
                }
            }
        }
        Instrument::VxFuture { expiry } => {
            let f = if expiry <= date {
                m.vix_settlement(expiry).ok()?.value
            } else {
                m.vx_future_at(day, expiry, corner.vol_scale).ok()?
            };
            Mark {
                price: f,
                iv: 0.0,
                t_years: m.vix_t_years(date, expiry).max(0.0),
                underlying: f,
                half_spread: None,
            }
        }
    };
    (mark.price.is_finite() && mark.price >= 0.0 && mark.underlying.is_finite()).then_some(mark)
}

/// An expiring option's value against the settlement `value`, with `underlying` for margin.
fn intrinsic(right: OptionRight, strike: f64, value: f64, underlying: f64) -> Mark {
    let price = match right {
        OptionRight::Call => (value - strike).max(0.0),
        OptionRight::Put => (strike - value).max(0.0),
    };
    Mark {
        price,
        iv: 0.0,
        t_years: 0.0,
        underlying,
        half_spread: None,
    }
}
