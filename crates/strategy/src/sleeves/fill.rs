//! Where in the entry day a sleeve's new options are priced ([`EntryFill`]): the close's
//! state, or the midday state of the Cboe indices' roll.

use ringfence_pricing::model::{Corner, MIDDAY_HOURS_TO_CLOSE};

use crate::market::Market;
use crate::market::day::MarketDay;
use crate::params::EntryFill;

/// The state new options are priced in.
#[derive(Debug, Clone, Copy)]
pub struct Fill<S> {
    /// The surface snapshot.
    pub snap: S,
    /// SPX, index points.
    pub spot: f64,
    /// VIX, points (the spread model's input).
    pub vix: f64,
    /// Years to expiry added to the close's (the fill is earlier in the day).
    pub extra_years: f64,
    /// The fill's VIX family over the close's (1 at the close).
    pub vol_scale: f64,
}

impl<S> Fill<S> {
    /// Whether this is the close's state.
    pub fn at_close(&self) -> bool {
        self.extra_years == 0.0
    }
}

impl<S: Copy> Fill<S> {
    /// The fill of `md`'s day under `fill`.
    pub fn of<M: Market<Snapshot = S>>(m: &M, md: &MarketDay<M>, fill: EntryFill) -> Fill<S> {
        match fill {
            EntryFill::Close => Fill {
                snap: md.snap,
                spot: md.spot,
                vix: md.vix,
                extra_years: 0.0,
                vol_scale: 1.0,
            },
            EntryFill::Midday => {
                let c = m.corner(md.day, Corner::Midday);
                Fill {
                    snap: c.snap,
                    spot: c.spot,
                    vix: md.vix * c.vol_scale,
                    extra_years: MIDDAY_HOURS_TO_CLOSE / 24.0 / 365.0,
                    vol_scale: c.vol_scale,
                }
            }
        }
    }
}
