//! Market-level state of one simulated day, shared by every layout.
//!
//! The SPX surface snapshot, the day's scalars and a small mark cache keyed by instrument:
//! an option held by several layouts is priced once per day. The cache is a fixed-capacity
//! array (no allocation); when it is full, marks are computed without caching.

use chrono::{Datelike, NaiveDate};

use crate::instrument::Instrument;
use crate::market::{Corner, CornerState, Market};

/// Entries of the mark cache.
const CACHE: usize = 48;
/// Entries of each tenor cache (SPX expiries, VIX expiries marked today).
const TENORS: usize = 12;

/// A mark: price and what margin needs besides it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Mark {
    /// Price, points (option mid, VX future, SPX close for the index).
    pub price: f64,
    /// Implied vol, annual fraction (options).
    pub iv: f64,
    /// Years to expiry.
    pub t_years: f64,
    /// Underlying: SPX close, or the same-expiry VX future for VIX products.
    pub underlying: f64,
    /// Half the quoted bid-ask spread where the price is a real quote, points; `None` for
    /// a model price.
    pub half_spread: Option<f64>,
}

/// What the next day's accruals read of the day before: its date, rate, SPX close and
/// dividend yield (the rate and yield in force over the accrual period).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrevDay {
    /// Trading date.
    pub date: NaiveDate,
    /// Risk-free rate, annual fraction.
    pub rate: f64,
    /// SPX close.
    pub spot: f64,
    /// Dividend yield, annual fraction.
    pub div_yield: f64,
}

impl<M: Market> MarketDay<M> {
    /// The part of this day the next day's accruals read.
    pub fn as_prev(&self) -> PrevDay {
        PrevDay {
            date: self.date,
            rate: self.rate,
            spot: self.spot,
            div_yield: self.div_yield,
        }
    }
}

/// One day of market state.
pub struct MarketDay<M: Market> {
    /// Trading-day index.
    pub day: usize,
    /// Date.
    pub date: NaiveDate,
    /// The previous trading day of the history, when interest and dividends accrue into
    /// this one: its date, and the rate, SPX close and dividend yield in force over the
    /// accrual period.
    pub prev: Option<PrevDay>,
    /// `date` as days from the common era.
    pub today: i32,
    /// Calendar days since the previous day / 365 (0 without one).
    pub dt_years: f64,
    /// Surface snapshot.
    pub snap: M::Snapshot,
    /// SPX close.
    pub spot: f64,
    /// VIX close.
    pub vix: f64,
    /// Risk-free rate, annual fraction.
    pub rate: f64,
    /// Dividend yield, annual fraction.
    pub div_yield: f64,
    /// Hedge spend scale of the day (NaN until first asked for).
    pub scale: f64,
    /// The VIX spike rule fired today.
    pub spike: bool,
    /// Both corners of the day's range (SPX low with VIX high, SPX high with VIX low),
    /// computed on the first request of the day ([`MarketDay::corners`]).
    corners: Option<[CornerState<M::Snapshot>; 2]>,
    marks: KeyedCache<Mark, CACHE>,
    spx_tenors: KeyedCache<(M::SpxTenor, f64), TENORS>,
    vix_tenors: KeyedCache<(M::VixTenor, f64, f64), TENORS>,
}

/// A small fixed-capacity map of the day from a key (instrument or expiry) to a value
/// computed once (`None`: the model could not build it today). No allocation; when full,
/// new values are computed without caching.
struct KeyedCache<T, const N: usize> {
    keys: [u64; N],
    vals: [Option<T>; N],
    n: usize,
}

impl<T: Copy, const N: usize> KeyedCache<T, N> {
    fn new() -> Self {
        KeyedCache {
            keys: [u64::MAX; N],
            vals: [None; N],
            n: 0,
        }
    }

    /// Forget every entry (a new day).
    #[inline]
    fn clear(&mut self) {
        self.n = 0;
    }

    /// `Some(cached)` when `key` was seen today.
    #[inline]
    fn get(&self, key: u64) -> Option<Option<T>> {
        let i = self.keys[..self.n].iter().position(|k| *k == key)?;
        Some(self.vals[i])
    }

    #[inline]
    fn put(&mut self, key: u64, v: Option<T>) {
        if self.n < N {
            self.keys[self.n] = key;
            self.vals[self.n] = v;
            self.n += 1;
        }
    }

    #[inline]
    fn get_or(&mut self, key: u64, make: impl FnOnce() -> Option<T>) -> Option<T> {
        if let Some(v) = self.get(key) {
            return v;
        }
        let v = make();
        self.put(key, v);
        v
    }
}

impl<M: Market> std::fmt::Debug for MarketDay<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MarketDay")
            .field("day", &self.day)
            .field("date", &self.date)
            .field("spot", &self.spot)
            .field("vix", &self.vix)
            .field("marks_cached", &self.marks.n)
            .finish_non_exhaustive()
    }
}

impl<M: Market> MarketDay<M> {
    /// An empty day (call [`MarketDay::reset`] before use). Once per run: kept out of the
    /// daily loop's code.
    #[cold]
    #[inline(never)]
    pub fn new(m: &M, day: usize) -> MarketDay<M> {
        let snap = m.snapshot(day);
        let mut md = MarketDay {
            day,
            date: m.history().dates[day],
            prev: None,
            today: 0,
            dt_years: 0.0,
            spot: 0.0,
            vix: 0.0,
            rate: 0.0,
            div_yield: 0.0,
            snap,
            scale: 1.0,
            spike: false,
            corners: None,
            marks: KeyedCache::new(),
            spx_tenors: KeyedCache::new(),
            vix_tenors: KeyedCache::new(),
        };
        md.reset(m, day, None);
        md
    }

    /// Make this the state of `day`; `prev` = the previous trading day when interest and
    /// dividends accrue.
    pub fn reset(&mut self, m: &M, day: usize, prev: Option<PrevDay>) {
        let snap = m.snapshot(day);
        self.day = day;
        self.date = m.history().dates[day];
        self.snap = snap;
        self.spot = m.spot(&snap);
        self.rate = m.rate(&snap);
        self.div_yield = m.div_yield(&snap);
        self.vix = m.history().vix.close[day];
        self.prev = prev;
        self.today = self.date.num_days_from_ce();
        self.dt_years = prev.map_or(0.0, |p| {
            f64::from(self.today - p.date.num_days_from_ce()) / 365.0
        });
        self.scale = f64::NAN;
        self.spike = false;
        self.corners = None;
        self.marks.clear();
        self.spx_tenors.clear();
        self.vix_tenors.clear();
    }

    /// Both corners of today's range, computed on the first request and shared by every
    /// layout (real-time margin asks only on days an account's excess moves with prices).
    pub fn corners(&mut self, m: &M) -> [CornerState<M::Snapshot>; 2] {
        let day = self.day;
        *self
            .corners
            .get_or_insert_with(|| Corner::BOTH.map(|c| m.corner(day, c)))
    }

    /// Mark of `inst` today; `None` when the model cannot price it (or it has expired).
    pub fn mark(&mut self, m: &M, inst: &Instrument) -> Option<Mark> {
        self.mark_keyed(m, inst.key(), inst)
    }

    /// [`MarketDay::mark`] with the instrument's key already at hand.
    #[inline]
    pub fn mark_keyed(&mut self, m: &M, key: u64, inst: &Instrument) -> Option<Mark> {
        if let Some(v) = self.marks.get(key) {
            return v;
        }
        let v = self.compute(m, inst);
        self.marks.put(key, v);
        v
    }

    fn compute(&mut self, m: &M, inst: &Instrument) -> Option<Mark> {
        match *inst {
            Instrument::SpxIndex => Some(Mark {
                price: self.spot,
                iv: 0.0,
                t_years: 0.0,
                underlying: self.spot,
                half_spread: None,
            }),
            Instrument::SpxOption {
                expiry,
                right,
                strike,
            } => {
                let (snap, date) = (&self.snap, self.date);
                let (tenor, t) = self.spx_tenors.get_or(inst.expiry_key(), || {
                    let t = m.spx_t_years(date, expiry);
                    if t <= 0.0 {
                        return None;
                    }
                    Some((m.spx_tenor(snap, t).ok()?, t))
                })?;
                let k = strike.points();
                let (price, iv) = m.spx_price_iv(snap, &tenor, right, k).ok()?;
                finite(Mark {
                    price,
                    iv,
                    t_years: t,
                    underlying: self.spot,
                    half_spread: quoted(m.spx_mark_half_spread(snap, &tenor, right, k)),
                })
            }
            Instrument::VixOption {
                expiry,
                right,
                strike,
            } => {
                let key = inst.expiry_key();
                let (tenor, f, t) = match self.vix_tenors.get(key) {
                    Some(cached) => cached?,
                    None => {
                        let built = self.vix_tenor(m, expiry);
                        self.vix_tenors.put(key, built);
                        built?
                    }
                };
                let k = strike.points();
                let (price, iv) = m.vix_price_iv(&tenor, right, k).ok()?;
                finite(Mark {
                    price,
                    iv,
                    t_years: t,
                    underlying: f,
                    half_spread: quoted(m.vix_mark_half_spread(&tenor, right, k)),
                })
            }
            Instrument::VxFuture { expiry } => {
                if expiry <= self.date {
                    return None;
                }
                let f = m.vx_future(self.day, expiry).ok()?;
                finite(Mark {
                    price: f,
                    iv: 0.0,
                    t_years: m.vix_t_years(self.date, expiry),
                    underlying: f,
                    half_spread: None,
                })
            }
        }
    }
}

impl<M: Market> MarketDay<M> {
    /// The VIX option tenor of `expiry` today with its VX future (VIX points) and the years
    /// to expiry; `None` once the options have expired.
    fn vix_tenor(&mut self, m: &M, expiry: NaiveDate) -> Option<(M::VixTenor, f64, f64)> {
        let t = m.vix_t_years(self.date, expiry);
        if t <= 0.0 {
            return None;
        }
        let f = self.mark(m, &Instrument::VxFuture { expiry })?.price;
        let tenor = m.vix_tenor(self.day, expiry, f, t, self.rate).ok()?;
        Some((tenor, f, t))
    }
}

/// `Some(h)` for a finite quoted half-spread.
#[inline]
pub fn quoted(h: f64) -> Option<f64> {
    h.is_finite().then_some(h)
}

fn finite(m: Mark) -> Option<Mark> {
    (m.price.is_finite() && m.price >= 0.0 && m.iv.is_finite() && m.underlying.is_finite())
        .then_some(m)
}
