//! [`Market`] on real option chains, with the model filling every gap: the second
//! implementation of the engine's market interface (not a second engine).
//!
//! Where the [`ChainBook`] has an SPX or VIX option on a day:
//! - entries and marks use the chain's mid (`spx_quote`, `spx_price_iv`, `vix_quote`,
//!   `vix_price_iv`), with the implied vol of that mid as the leg's vol (BSM at the day's
//!   rate and dividend yield for SPX, Black-76 on the model's same-expiry VX future for
//!   VIX); the greeks stay the model's;
//! - the trade cost charges the quoted half-spread instead of the calibrated model's
//!   ([`Market::spx_half_spread`], [`Market::vix_half_spread`]): an order pays
//!   `normal_spread_fraction` of it from mid (1.0 = bid for sales, ask for purchases; the
//!   default 0.5 = mid plus a quarter of the spread), a forced liquidation
//!   `forced_spread_fraction`;
//! - SPX strikes by delta are chosen among the chain's listed strikes of that expiry and
//!   right: the strike whose absolute delta is nearest the target, the delta being the
//!   chain's own where the file gives one, else the BSM delta at the implied vol of its mid.
//!
//! Everything else is the model's: contracts or days the chain lacks (every such price is
//! a fill, counted in [`ChainFills`]), VX futures, VIX strikes by delta, the expiry calendar
//! and strike grid used by width and percentage rules, the corners of the day for real-time
//! margin, and settlement.
//!
//! Cost on days without chain: [`simulate_on_chains`] steps each day on the market that
//! has it, the chain market where [`ChainIndex`] maps the day to a book day and the model
//! elsewhere (its own types and code, counting the fills this market counts on such days;
//! the `dispatch` module), so a long history with a few chain days runs as the model does.
//! Stepped on a day without chain (the hedge trace, the unit tests), every method here
//! checks that (one load and compare, or the tenor's group) and takes the model's path,
//! with the same numbers. The chain lookups themselves are outlined (`#[inline(never)]`).
//!
//! The counters are interior state (`Cell`): a `ChainMarket` belongs to one scenario and is
//! built for it (cheap: it borrows the book and the index).

use std::cell::Cell;

use chrono::NaiveDate;
use ringfence_data::MarketHistory;
use ringfence_data::chains::{ChainBook, ChainDay, ChainQuote, Right, Underlying};
use ringfence_pricing::black76::Black76Inputs;
use ringfence_pricing::bsm::BsmMarket;
use ringfence_pricing::expiry::Expiry;
use ringfence_pricing::implied_vol::black76_implied_vol;
use ringfence_pricing::model::{MarketModel, time_to_expiry};
use ringfence_pricing::surface::{SpxSurface, SpxTenor};
use ringfence_pricing::vix_options::VixTenor;
use ringfence_pricing::{OptionRight, PricingError};

use crate::instrument::Instrument;
use crate::market::{Corner, CornerState, Market, Quote, Settled, Snap};

/// No chain day / group.
const NONE: u32 = u32::MAX;

/// Prices taken from the chain and filled by the model, per scenario.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ChainFills {
    /// Option entries (SPX and VIX) priced at the chain's quote.
    pub entries_chain: u64,
    /// Entries filled by the model: the chain has the day but not the contract.
    pub entries_model_contract: u64,
    /// Entries filled by the model: the chain has no quotes that day.
    pub entries_model_day: u64,
    /// Option marks (SPX and VIX) at the chain's mid.
    pub marks_chain: u64,
    /// Marks filled by the model: contract missing from the day's chain.
    pub marks_model_contract: u64,
    /// Marks filled by the model: no chain that day.
    pub marks_model_day: u64,
    /// Strikes chosen from the chain's listed strikes and deltas.
    pub strikes_chain: u64,
    /// Strikes chosen by the model (no chain for that day and expiry).
    pub strikes_model: u64,
}

/// An option on one day: the model's mid beside the chain's quote.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceCheck {
    /// Close of the option's underlying index that day (SPX or VIX), points.
    pub index: f64,
    /// VIX close, points.
    pub vix: f64,
    /// The model's mid, points (NaN when the model cannot price it).
    pub model: f64,
    /// The chain's quote, when the day's chain has the contract.
    pub chain: Option<ChainQuote>,
}

/// The day's snapshot: the model's surface and where the chain's day is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChainSnap {
    /// The model's surface.
    pub surface: SpxSurface,
    /// History day index.
    pub day: u32,
    /// Index of the day in the book ([`NONE`]: no chain; corners never have one).
    chain: u32,
}

/// An SPX tenor: the model's and the chain's expiry group of that tenor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChainTenor {
    model: SpxTenor,
    group: u32,
    t_years: f64,
}

/// A VIX option tenor: the model's, and the chain day and expiry group quoting it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChainVixTenor {
    model: VixTenor,
    forward: f64,
    t_years: f64,
    rate: f64,
    chain: u32,
    group: u32,
}

/// Where a [`ChainBook`]'s days and SPX expiries are for one history: built once per run
/// and shared by every scenario's [`ChainMarket`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChainIndex {
    /// Book day of each history day ([`NONE`] when the book has none).
    days: Vec<u32>,
    /// Per book day, the SPX expiry groups: (group index, years to expiry).
    groups: Vec<Vec<(u32, f64)>>,
}

impl ChainIndex {
    /// The index of `book` over `history`.
    pub fn new(history: &MarketHistory, book: &ChainBook) -> ChainIndex {
        let mut days = vec![NONE; history.len()];
        let mut groups = Vec::with_capacity(book.days().len());
        for (bi, cd) in book.days().iter().enumerate() {
            if let Ok(i) = history.dates.binary_search(&cd.date) {
                days[i] = bi as u32;
            }
            groups.push(spx_groups(cd));
        }
        ChainIndex { days, groups }
    }

    /// History days with chain quotes.
    pub fn chain_days(&self) -> usize {
        self.days.iter().filter(|d| **d != NONE).count()
    }
}

/// The market of real chains with the model as the fallback.
pub struct ChainMarket<'a> {
    model: &'a MarketModel<'a>,
    book: &'a ChainBook,
    index: &'a ChainIndex,
    /// Counters in [`ChainFills`] field order (one cell each: no struct copy per count).
    counts: [Cell<u64>; 8],
}

/// Indices of [`ChainMarket::counts`].
const ENTRIES_CHAIN: usize = 0;
const ENTRIES_MODEL_CONTRACT: usize = 1;
const ENTRIES_MODEL_DAY: usize = 2;
const MARKS_CHAIN: usize = 3;
const MARKS_MODEL_CONTRACT: usize = 4;
const MARKS_MODEL_DAY: usize = 5;
const STRIKES_CHAIN: usize = 6;
const STRIKES_MODEL: usize = 7;

impl std::fmt::Debug for ChainMarket<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChainMarket")
            .field("chain_days", &self.book.days().len())
            .field("fills", &self.fills())
            .finish_non_exhaustive()
    }
}

fn to_right(r: OptionRight) -> Right {
    match r {
        OptionRight::Put => Right::Put,
        OptionRight::Call => Right::Call,
    }
}

impl<'a> ChainMarket<'a> {
    /// The chain market of `book` over `model`'s history, `index` being
    /// [`ChainIndex::new`] of the two.
    pub fn new(
        model: &'a MarketModel<'a>,
        book: &'a ChainBook,
        index: &'a ChainIndex,
    ) -> ChainMarket<'a> {
        debug_assert_eq!(index.days.len(), model.history().len());
        ChainMarket {
            model,
            book,
            index,
            counts: Default::default(),
        }
    }

    /// The fills counted so far.
    pub fn fills(&self) -> ChainFills {
        let c = |i: usize| self.counts[i].get();
        ChainFills {
            entries_chain: c(ENTRIES_CHAIN),
            entries_model_contract: c(ENTRIES_MODEL_CONTRACT),
            entries_model_day: c(ENTRIES_MODEL_DAY),
            marks_chain: c(MARKS_CHAIN),
            marks_model_contract: c(MARKS_MODEL_CONTRACT),
            marks_model_day: c(MARKS_MODEL_DAY),
            strikes_chain: c(STRIKES_CHAIN),
            strikes_model: c(STRIKES_MODEL),
        }
    }

    /// The model's mid of option `inst` on history day `day` beside the chain's quote of
    /// it (for the per-trade comparison, `fills.csv`); `None` for an instrument that is
    /// not an option or a day outside the history.
    pub fn price_check(&self, day: usize, inst: &Instrument) -> Option<PriceCheck> {
        let h = self.model.history();
        let date = *h.dates.get(day)?;
        let chain = self.index.days[day];
        let (index, model, quote) = match *inst {
            Instrument::SpxOption {
                expiry,
                right,
                strike,
            } => {
                let surface = self.model.spx_surface(day);
                let t = Market::spx_t_years(self.model, date, expiry);
                let model = Market::spx_quote(self.model, &surface, right, strike.points(), t)
                    .map_or(f64::NAN, |q| q.price);
                let snap = ChainSnap {
                    surface,
                    day: day as u32,
                    chain,
                };
                let quote = (chain != NONE)
                    .then(|| self.chain_quote(&snap, t, right, strike.points()))
                    .flatten()
                    .map(|(_, _, c)| c);
                (h.spx.close[day], model, quote)
            }
            Instrument::VixOption {
                expiry,
                right,
                strike,
            } => {
                let model = Market::vix_quote(self.model, day, expiry, strike.points(), right)
                    .map_or(f64::NAN, |q| q.price);
                let quote = (chain != NONE)
                    .then(|| self.vix_chain_quote(chain, expiry, right, strike.points()))
                    .flatten();
                (h.vix.close[day], model, quote)
            }
            _ => return None,
        };
        Some(PriceCheck {
            index,
            vix: h.vix.close[day],
            model,
            chain: quote,
        })
    }

    /// True when the book has quotes for history day `day`.
    pub fn has_day(&self, day: usize) -> bool {
        self.index.days.get(day).is_some_and(|d| *d != NONE)
    }

    #[inline]
    fn count(&self, i: usize) {
        self.counts[i].set(self.counts[i].get() + 1);
    }

    /// The chain day `chain` (not [`NONE`]) of a snapshot.
    #[inline]
    fn day_of(&self, chain: u32) -> &ChainDay {
        &self.book.days()[chain as usize]
    }

    /// The group of the SPX expiry `t_years` away on book day `chain` (not [`NONE`]), or
    /// [`NONE`].
    #[inline(never)]
    fn chain_group(&self, chain: u32, t_years: f64) -> u32 {
        self.index.groups[chain as usize]
            .iter()
            .find(|(_, t)| *t == t_years)
            .map_or(NONE, |g| g.0)
    }

    /// The chain's quote of a contract on a chain day (`snap.chain` not [`NONE`]); `None`
    /// when the day's chain lacks it.
    #[inline]
    fn chain_quote(
        &self,
        snap: &ChainSnap,
        t_years: f64,
        right: OptionRight,
        strike: f64,
    ) -> Option<(&ChainDay, usize, ChainQuote)> {
        let g = self.chain_group(snap.chain, t_years);
        if g == NONE {
            return None;
        }
        let cd = self.day_of(snap.chain);
        let q = cd.quote(g as usize, to_right(right), strike)?;
        Some((cd, g as usize, *q))
    }

    /// [`Market::spx_quote`] on a chain day: the chain's mid where it has the contract,
    /// else the model's `q` (counted).
    #[inline(never)]
    fn chain_entry(
        &self,
        snap: &ChainSnap,
        q: Quote,
        right: OptionRight,
        strike: f64,
        t_years: f64,
    ) -> Quote {
        let Some((_, _, c)) = self.chain_quote(snap, t_years, right, strike) else {
            self.count(ENTRIES_MODEL_CONTRACT);
            return q;
        };
        self.count(ENTRIES_CHAIN);
        let mid = c.mid();
        let iv = self.chain_iv(&snap.surface, right, strike, t_years, mid);
        Quote {
            price: mid,
            iv: if iv.is_finite() { iv } else { q.iv },
            ..q
        }
    }

    /// The chain's quote of a VIX option on book day `chain` (not [`NONE`]).
    #[inline(never)]
    fn vix_chain_quote(
        &self,
        chain: u32,
        expiry: NaiveDate,
        right: OptionRight,
        strike: f64,
    ) -> Option<ChainQuote> {
        let cd = self.day_of(chain);
        let g = cd.group(Underlying::Vix, expiry, true)?;
        cd.quote(g, to_right(right), strike).copied()
    }

    /// Black-76 implied vol of a VIX option's chain `mid` on the model's forward.
    fn vix_chain_iv(right: OptionRight, strike: f64, tenor: &ChainVixTenor, mid: f64) -> f64 {
        let inputs = Black76Inputs {
            right,
            forward: tenor.forward,
            strike,
            t_years: tenor.t_years,
            rate: tenor.rate,
            vol: 0.5,
        };
        black76_implied_vol(&inputs, mid).unwrap_or(f64::NAN)
    }

    /// [`Market::vix_quote`] on a chain day: the chain's mid where it has the contract,
    /// else the model's `q` (counted).
    #[inline(never)]
    fn vix_chain_entry(
        &self,
        day: usize,
        chain: u32,
        q: Quote,
        expiry: NaiveDate,
        strike: f64,
        right: OptionRight,
    ) -> Quote {
        let Some(c) = self.vix_chain_quote(chain, expiry, right, strike) else {
            self.count(ENTRIES_MODEL_CONTRACT);
            return q;
        };
        self.count(ENTRIES_CHAIN);
        let date = self.model.history().dates[day];
        let forward = Market::vx_future(self.model, day, expiry).unwrap_or(f64::NAN);
        let t_years = Market::vix_t_years(self.model, date, expiry);
        let rate = self.model.spx_surface(day).rate();
        let iv = Market::vix_tenor(self.model, day, expiry, forward, t_years, rate).map_or(
            f64::NAN,
            |model| {
                let tenor = ChainVixTenor {
                    model,
                    forward,
                    t_years,
                    rate,
                    chain,
                    group: NONE,
                };
                Self::vix_chain_iv(right, strike, &tenor, c.mid())
            },
        );
        Quote {
            price: c.mid(),
            iv: if iv.is_finite() { iv } else { q.iv },
            ..q
        }
    }

    /// The chain's mid and its implied vol for a mark of a VIX tenor the day's chain
    /// lists (counted); `None` when the chain lacks the contract or its mid has no vol.
    #[inline(never)]
    fn vix_chain_mark(
        &self,
        tenor: &ChainVixTenor,
        right: OptionRight,
        strike: f64,
    ) -> Option<(f64, f64)> {
        let c = *self
            .day_of(tenor.chain)
            .quote(tenor.group as usize, to_right(right), strike)?;
        let iv = Self::vix_chain_iv(right, strike, tenor, c.mid());
        iv.is_finite().then(|| {
            self.count(MARKS_CHAIN);
            (c.mid(), iv)
        })
    }

    /// The book day and VIX expiry group of a tenor on book day `chain`, when `forward` is
    /// the day's close forward; ([`NONE`], [`NONE`]) for another forward (a corner of the
    /// day's range, priced by the model as on a day without chain), and a [`NONE`] group
    /// when the day's chain lacks the expiry.
    #[inline(never)]
    fn vix_chain_group(
        &self,
        day: usize,
        chain: u32,
        expiry: NaiveDate,
        forward: f64,
    ) -> (u32, u32) {
        let close = Market::vx_future(self.model, day, expiry).unwrap_or(f64::NAN);
        if close.to_bits() != forward.to_bits() {
            return (NONE, NONE);
        }
        let group = self
            .day_of(chain)
            .group(Underlying::Vix, expiry, true)
            .map_or(NONE, |g| g as u32);
        (chain, group)
    }

    /// [`Market::spx_half_spread`] on a chain day.
    #[inline(never)]
    fn chain_half_spread(
        &self,
        snap: &ChainSnap,
        right: OptionRight,
        strike: f64,
        t_years: f64,
    ) -> f64 {
        self.chain_quote(snap, t_years, right, strike)
            .map_or(f64::NAN, |(_, _, c)| c.half_spread())
    }

    /// The chain's mid and its implied vol for a mark of a tenor the day's chain lists
    /// (counted); `None` when the chain lacks the contract or its mid has no vol.
    #[inline(never)]
    fn chain_mark(
        &self,
        snap: &ChainSnap,
        tenor: &ChainTenor,
        right: OptionRight,
        strike: f64,
    ) -> Option<(f64, f64)> {
        let cd = self.day_of(snap.chain);
        let c = cd.quote(tenor.group as usize, to_right(right), strike)?;
        let mid = c.mid();
        let iv = self.chain_iv(&snap.surface, right, strike, tenor.t_years, mid);
        iv.is_finite().then(|| {
            self.count(MARKS_CHAIN);
            (mid, iv)
        })
    }

    /// [`Market::spx_mark_half_spread`] of a tenor the day's chain lists.
    #[inline(never)]
    fn chain_mark_half_spread(
        &self,
        snap: &ChainSnap,
        tenor: &ChainTenor,
        right: OptionRight,
        strike: f64,
    ) -> f64 {
        self.day_of(snap.chain)
            .quote(tenor.group as usize, to_right(right), strike)
            .map_or(f64::NAN, |c| c.half_spread())
    }

    /// The listed strike of the day's chain whose absolute delta is nearest `delta`
    /// (counted); `None` when the chain lacks the expiry.
    #[inline(never)]
    fn chain_strike_for_delta(
        &self,
        snap: &ChainSnap,
        right: OptionRight,
        delta: f64,
        t_years: f64,
    ) -> Option<f64> {
        let g = self.chain_group(snap.chain, t_years);
        if g == NONE {
            return None;
        }
        let cd = self.day_of(snap.chain);
        let s = &snap.surface;
        let bsm = BsmMarket::new(s.spot(), t_years, s.rate(), s.div_yield()).ok();
        let (_, k) = cd
            .side(g as usize, to_right(right))
            .iter()
            .filter_map(|q| {
                let d = if q.delta.is_finite() && q.delta != 0.0 {
                    q.delta.abs()
                } else {
                    let iv = self.chain_iv(s, right, q.strike, t_years, q.mid());
                    bsm.as_ref()?.price_delta(right, q.strike, iv).ok()?.1.abs()
                };
                d.is_finite().then_some(((d - delta).abs(), q.strike))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))?;
        self.count(STRIKES_CHAIN);
        Some(k)
    }

    fn chain_iv(&self, s: &SpxSurface, right: OptionRight, strike: f64, t: f64, mid: f64) -> f64 {
        s.implied_vol(right, strike, t, mid).unwrap_or(f64::NAN)
    }
}

/// The SPX expiry groups of a chain day with their years to expiry from its close.
fn spx_groups(cd: &ChainDay) -> Vec<(u32, f64)> {
    cd.groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.underlying == Underlying::Spx)
        .map(|(i, g)| {
            let e = Expiry::from_settlement(g.expiry, g.am);
            (i as u32, time_to_expiry(cd.date, &e))
        })
        .collect()
}

impl Market for ChainMarket<'_> {
    type Snapshot = ChainSnap;

    #[inline]
    fn history(&self) -> &MarketHistory {
        self.model.history()
    }

    #[inline]
    fn snapshot(&self, day: usize) -> ChainSnap {
        ChainSnap {
            surface: self.model.spx_surface(day),
            day: day as u32,
            chain: self.index.days[day],
        }
    }

    #[inline]
    fn spot(&self, snap: &ChainSnap) -> f64 {
        snap.surface.spot()
    }

    #[inline]
    fn rate(&self, snap: &ChainSnap) -> f64 {
        snap.surface.rate()
    }

    #[inline]
    fn div_yield(&self, snap: &ChainSnap) -> f64 {
        snap.surface.div_yield()
    }

    #[inline]
    fn spx_t_years(&self, date: NaiveDate, expiry: Expiry) -> f64 {
        Market::spx_t_years(self.model, date, expiry)
    }

    #[inline]
    fn vix_t_years(&self, date: NaiveDate, expiry: NaiveDate) -> f64 {
        Market::vix_t_years(self.model, date, expiry)
    }

    #[inline]
    fn spx_quote(
        &self,
        snap: &ChainSnap,
        right: OptionRight,
        strike: f64,
        t_years: f64,
    ) -> Result<Quote, PricingError> {
        let q = snap.surface.quote(right, strike, t_years)?;
        if snap.chain == NONE {
            self.count(ENTRIES_MODEL_DAY);
            return Ok(q);
        }
        Ok(self.chain_entry(snap, q, right, strike, t_years))
    }

    #[inline]
    fn spx_half_spread(
        &self,
        snap: &ChainSnap,
        right: OptionRight,
        strike: f64,
        t_years: f64,
    ) -> f64 {
        if snap.chain == NONE {
            return f64::NAN;
        }
        self.chain_half_spread(snap, right, strike, t_years)
    }

    type SpxTenor = ChainTenor;

    #[inline]
    fn spx_tenor(&self, snap: &ChainSnap, t_years: f64) -> Result<ChainTenor, PricingError> {
        let model = snap.surface.tenor(t_years)?;
        let group = if snap.chain == NONE {
            NONE
        } else {
            self.chain_group(snap.chain, t_years)
        };
        Ok(ChainTenor {
            model,
            group,
            t_years,
        })
    }

    #[inline]
    fn spx_price_iv(
        &self,
        snap: &ChainSnap,
        tenor: &ChainTenor,
        right: OptionRight,
        strike: f64,
    ) -> Result<(f64, f64), PricingError> {
        if tenor.group != NONE
            && let Some(v) = self.chain_mark(snap, tenor, right, strike)
        {
            return Ok(v);
        }
        self.count(if snap.chain == NONE {
            MARKS_MODEL_DAY
        } else {
            MARKS_MODEL_CONTRACT
        });
        snap.surface.price_iv(&tenor.model, right, strike)
    }

    #[inline]
    fn spx_mark_half_spread(
        &self,
        snap: &ChainSnap,
        tenor: &ChainTenor,
        right: OptionRight,
        strike: f64,
    ) -> f64 {
        if tenor.group == NONE {
            return f64::NAN;
        }
        self.chain_mark_half_spread(snap, tenor, right, strike)
    }

    #[inline]
    fn spx_strike_for_delta(
        &self,
        snap: &ChainSnap,
        right: OptionRight,
        delta: f64,
        t_years: f64,
        date: NaiveDate,
    ) -> Result<f64, PricingError> {
        if snap.chain != NONE
            && let Some(k) = self.chain_strike_for_delta(snap, right, delta, t_years)
        {
            return Ok(k);
        }
        self.count(STRIKES_MODEL);
        Market::spx_strike_for_delta(self.model, &snap.surface, right, delta, t_years, date)
    }

    #[inline]
    fn spx_snap(&self, date: NaiveDate, spot: f64, strike: f64, snap: Snap) -> f64 {
        Market::spx_snap(self.model, date, spot, strike, snap)
    }

    #[inline]
    fn spx_expiry(
        &self,
        date: NaiveDate,
        target_dte: u32,
        min_dte: u32,
        max_dte: u32,
        monthly_only: bool,
    ) -> Option<Expiry> {
        Market::spx_expiry(self.model, date, target_dte, min_dte, max_dte, monthly_only)
    }

    #[inline]
    fn vix_expiry(&self, date: NaiveDate, target_dte: u32, min_dte: u32) -> Option<NaiveDate> {
        Market::vix_expiry(self.model, date, target_dte, min_dte)
    }

    #[inline]
    fn vx_future(&self, day: usize, expiry: NaiveDate) -> Result<f64, PricingError> {
        Market::vx_future(self.model, day, expiry)
    }

    #[inline]
    fn vix_quote(
        &self,
        day: usize,
        expiry: NaiveDate,
        strike: f64,
        right: OptionRight,
    ) -> Result<Quote, PricingError> {
        let q = Market::vix_quote(self.model, day, expiry, strike, right)?;
        let chain = self.index.days[day];
        if chain == NONE {
            self.count(ENTRIES_MODEL_DAY);
            return Ok(q);
        }
        Ok(self.vix_chain_entry(day, chain, q, expiry, strike, right))
    }

    #[inline]
    fn vix_half_spread(
        &self,
        day: usize,
        expiry: NaiveDate,
        strike: f64,
        right: OptionRight,
    ) -> f64 {
        let chain = self.index.days[day];
        if chain == NONE {
            return f64::NAN;
        }
        self.vix_chain_quote(chain, expiry, right, strike)
            .map_or(f64::NAN, |c| c.half_spread())
    }

    type VixTenor = ChainVixTenor;

    #[inline]
    fn vix_tenor(
        &self,
        day: usize,
        expiry: NaiveDate,
        forward: f64,
        t_years: f64,
        rate: f64,
    ) -> Result<ChainVixTenor, PricingError> {
        let mut tenor = self.vix_model_tenor(day, expiry, forward, t_years, rate)?;
        let chain = self.index.days[day];
        if chain != NONE {
            (tenor.chain, tenor.group) = self.vix_chain_group(day, chain, expiry, forward);
        }
        Ok(tenor)
    }

    #[inline]
    fn vix_model_tenor(
        &self,
        day: usize,
        expiry: NaiveDate,
        forward: f64,
        t_years: f64,
        rate: f64,
    ) -> Result<ChainVixTenor, PricingError> {
        Ok(ChainVixTenor {
            model: Market::vix_tenor(self.model, day, expiry, forward, t_years, rate)?,
            forward,
            t_years,
            rate,
            chain: NONE,
            group: NONE,
        })
    }

    #[inline]
    fn vix_price_iv(
        &self,
        tenor: &ChainVixTenor,
        right: OptionRight,
        strike: f64,
    ) -> Result<(f64, f64), PricingError> {
        if tenor.group != NONE
            && let Some(v) = self.vix_chain_mark(tenor, right, strike)
        {
            return Ok(v);
        }
        self.count(if tenor.chain == NONE {
            MARKS_MODEL_DAY
        } else {
            MARKS_MODEL_CONTRACT
        });
        Market::vix_price_iv(self.model, &tenor.model, right, strike)
    }

    #[inline]
    fn vix_mark_half_spread(&self, tenor: &ChainVixTenor, right: OptionRight, strike: f64) -> f64 {
        if tenor.group == NONE {
            return f64::NAN;
        }
        self.day_of(tenor.chain)
            .quote(tenor.group as usize, to_right(right), strike)
            .map_or(f64::NAN, |c| c.half_spread())
    }

    #[inline]
    fn spx_settlement(&self, expiry: Expiry) -> Result<Settled, PricingError> {
        Market::spx_settlement(self.model, expiry)
    }

    #[inline]
    fn vix_settlement(&self, expiry: NaiveDate) -> Result<Settled, PricingError> {
        Market::vix_settlement(self.model, expiry)
    }

    #[inline]
    fn corner(&self, day: usize, corner: Corner) -> CornerState<ChainSnap> {
        let c = Market::corner(self.model, day, corner);
        CornerState {
            corner: c.corner,
            snap: ChainSnap {
                surface: c.snap,
                day: day as u32,
                chain: NONE,
            },
            spot: c.spot,
            vol_scale: c.vol_scale,
            observed: c.observed,
        }
    }

    #[inline]
    fn vx_future_at(
        &self,
        day: usize,
        expiry: NaiveDate,
        vol_scale: f64,
    ) -> Result<f64, PricingError> {
        Market::vx_future_at(self.model, day, expiry, vol_scale)
    }
}

mod dispatch;
#[cfg(test)]
mod tests;

pub use dispatch::simulate_on_chains;
