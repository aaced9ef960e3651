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
//! - a chain quoted at another SPX level than the close (a vendor's "end of day" is often
//!   taken before the close: its `underlying` differs) is moved to the close as the model
//!   moves: the mid's implied vol at the quote's state (SPX at the quoted level, the VIX
//!   family moved from its close by the history's intraday spot-vol elasticity,
//!   `ringfence_pricing::calibrate::spot_vol`, as `calibrate condors` prices such a chain)
//!   keeps its difference from the model's vol there, and the price is BSM at the close at
//!   the model's close vol plus that difference; a chain quoted at the close keeps its mid
//!   exactly.
//!
//! An SPX option the chain lacks on a day it was quoted on in the last [`CARRY_DAYS`]
//! calendar days (a day missing from the file, a strike that went in the money and left an
//! out-of-the-money extract) is priced at the model's vol plus the chain's last vol basis
//! for that contract (its implied vol minus the model's, on the last day that quoted it):
//! the mark follows the model's moves from where the market last put the contract, instead
//! of jumping between the chain's level and the model's from one day to the next. Such
//! prices are counted apart ([`ChainFills::entries_carried`], [`ChainFills::marks_carried`]).
//!
//! Everything else is the model's: contracts or days the chain lacks and no recent chain
//! quoted (every such price is a fill, counted in [`ChainFills`]), VX futures, VIX strikes by
//! delta, VIX options the day's chain lacks, the expiry calendar and strike grid used by
//! width and percentage rules, the corners of the day for real-time margin, and settlement.
//!
//! Cost on days without chain: [`simulate_on_chains`] steps each day on the market that
//! has it, the chain market where [`ChainIndex`] maps the day to a book day or a book day
//! lies at most [`CARRY_DAYS`] before it, and the model elsewhere (its own types and code,
//! counting the fills this market counts on such days; the `dispatch` module), so a long
//! history with a few chain days runs as the model does.
//! Stepped on a day without chain (the hedge trace, the unit tests), every method here
//! checks that (one load and compare, or the tenor's group) and takes the model's path,
//! with the same numbers. The chain lookups themselves are outlined (`#[inline(never)]`).
//!
//! The counters are interior state (`Cell`): a `ChainMarket` belongs to one scenario and is
//! built for it (cheap: it borrows the book and the index).

use std::cell::{Cell, OnceCell};

use chrono::NaiveDate;
use ringfence_data::MarketHistory;
use ringfence_data::chains::{ChainBook, ChainDay, ChainQuote, Right, Underlying};
use ringfence_pricing::black76::Black76Inputs;
use ringfence_pricing::bsm::BsmMarket;
use ringfence_pricing::calibrate::spot_vol::spot_vol_beta;
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

/// Calendar days a contract's last chain quote carries its vol basis over days and strikes
/// the chain lacks.
pub const CARRY_DAYS: i64 = 30;

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
    /// SPX option entries the chain lacks, priced at the model's vol plus the contract's
    /// last chain vol basis (quoted in the last [`CARRY_DAYS`] days).
    pub entries_carried: u64,
    /// SPX option marks the chain lacks, priced at the model's vol plus the contract's
    /// last chain vol basis.
    pub marks_carried: u64,
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
    /// The SPX level the chain was quoted at (NaN for a VIX option or without a level).
    pub quoted_underlying: f64,
    /// The chain's mid moved to the close with the model (module doc; the price the engine
    /// trades and marks at; the mid itself for a VIX option or a chain quoted at the close;
    /// NaN without a chain quote).
    pub chain_at_close: f64,
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
    /// The latest book day at most [`CARRY_DAYS`] before the day ([`NONE`]: none; corners
    /// never have one), where a carried vol basis is looked for.
    reach: u32,
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
    /// Latest book day on or at most [`CARRY_DAYS`] before each history day ([`NONE`]).
    reach: Vec<u32>,
    /// History day of each book day ([`NONE`] when the history lacks it).
    history_day: Vec<u32>,
    /// Per book day, the state its SPX quotes were taken at when it is not the close: SPX
    /// and the factor on the VIX family
    /// ([`ringfence_pricing::calibrate::spot_vol::SpotVolBeta::vol_scale`]).
    quoted: Vec<Option<(f64, f64)>>,
}

impl ChainIndex {
    /// The index of `book` over `history`.
    pub fn new(history: &MarketHistory, book: &ChainBook) -> ChainIndex {
        let mut days = vec![NONE; history.len()];
        let mut groups = Vec::with_capacity(book.days().len());
        let mut history_day = vec![NONE; book.days().len()];
        for (bi, cd) in book.days().iter().enumerate() {
            if let Ok(i) = history.dates.binary_search(&cd.date) {
                days[i] = bi as u32;
                history_day[bi] = i as u32;
            }
            groups.push(spx_groups(cd));
        }
        let reach = history
            .dates
            .iter()
            .map(|d| {
                let n = book.days().partition_point(|cd| cd.date <= *d);
                match n.checked_sub(1) {
                    Some(b) if (*d - book.days()[b].date).num_days() <= CARRY_DAYS => b as u32,
                    _ => NONE,
                }
            })
            .collect();
        let beta = spot_vol_beta(history);
        let quoted = book
            .days()
            .iter()
            .zip(&history_day)
            .map(|(cd, &hd)| {
                let (u, close) = (cd.spx_underlying, *history.spx.close.get(hd as usize)?);
                (u > 0.0 && u.is_finite() && u != close)
                    .then(|| (u, beta.map_or(1.0, |b| b.vol_scale(u, close))))
            })
            .collect();
        ChainIndex {
            days,
            groups,
            reach,
            history_day,
            quoted,
        }
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
    counts: [Cell<u64>; 10],
    /// Per book day, the model's surface at the state its SPX quotes were taken at (`None`:
    /// at the close), built on first use: every chain price of that day reads it.
    quote_states: Vec<OnceCell<Option<SpxSurface>>>,
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
const ENTRIES_CARRIED: usize = 8;
const MARKS_CARRIED: usize = 9;

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
            quote_states: vec![OnceCell::new(); book.days().len()],
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
            entries_carried: c(ENTRIES_CARRIED),
            marks_carried: c(MARKS_CARRIED),
        }
    }

    /// The model's mid of option `inst` on history day `day` beside the chain's quote of
    /// it (for the per-trade comparison, `fills.csv`); `None` for an instrument that is
    /// not an option or a day outside the history.
    pub fn price_check(&self, day: usize, inst: &Instrument) -> Option<PriceCheck> {
        let h = self.model.history();
        let date = *h.dates.get(day)?;
        let chain = self.index.days[day];
        let (mut quoted_underlying, mut chain_at_close) = (f64::NAN, f64::NAN);
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
                    reach: NONE,
                };
                let found = (chain != NONE)
                    .then(|| self.chain_quote(&snap, t, right, strike.points()))
                    .flatten();
                if let Some((cd, _, c)) = found {
                    quoted_underlying = cd.spx_underlying;
                    chain_at_close = self
                        .to_close(&surface, chain, right, strike.points(), t, c.mid())
                        .0;
                }
                (h.spx.close[day], model, found.map(|(_, _, c)| c))
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
                chain_at_close = quote.map_or(f64::NAN, |c| c.mid());
                (h.vix.close[day], model, quote)
            }
            _ => return None,
        };
        Some(PriceCheck {
            index,
            vix: h.vix.close[day],
            model,
            chain: quote,
            quoted_underlying,
            chain_at_close,
        })
    }

    /// True when the book has quotes for history day `day`.
    pub fn has_day(&self, day: usize) -> bool {
        self.index.days.get(day).is_some_and(|d| *d != NONE)
    }

    /// True when a book day lies on or at most [`CARRY_DAYS`] before history day `day`:
    /// its prices may differ from the model's.
    pub fn in_reach(&self, day: usize) -> bool {
        self.index.reach.get(day).is_some_and(|d| *d != NONE)
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

    /// [`Market::spx_quote`] on a chain day: the chain's mid (moved to the close) where it
    /// has the contract, else the carried price or the model's `q` (counted).
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
            return self.carried_entry(snap, q, right, strike, t_years, ENTRIES_MODEL_CONTRACT);
        };
        self.count(ENTRIES_CHAIN);
        let (price, iv) = self.to_close(&snap.surface, snap.chain, right, strike, t_years, c.mid());
        if iv.is_finite() && price.is_finite() {
            Quote { price, iv, ..q }
        } else {
            Quote {
                price: c.mid(),
                ..q
            }
        }
    }

    /// The model's surface at the state book day `b`'s SPX quotes were taken at, when it
    /// is not the close.
    fn quote_state(&self, b: u32) -> Option<&SpxSurface> {
        self.quote_states[b as usize]
            .get_or_init(|| {
                let (spot, scale) = self.index.quoted[b as usize]?;
                let day = self.index.history_day[b as usize];
                (day != NONE).then(|| self.model.spx_surface_moved(day as usize, spot, scale))
            })
            .as_ref()
    }

    /// [`at_close`] of an SPX chain `mid` of book day `b` on its close surface `s`.
    fn to_close(
        &self,
        s: &SpxSurface,
        b: u32,
        right: OptionRight,
        strike: f64,
        t_years: f64,
        mid: f64,
    ) -> (f64, f64) {
        at_close(s, self.quote_state(b), right, strike, t_years, mid)
    }

    /// An SPX entry the chain lacks: the carried price where a recent chain quoted the
    /// contract, else the model's `q`, counted under `model_counter`.
    fn carried_entry(
        &self,
        snap: &ChainSnap,
        q: Quote,
        right: OptionRight,
        strike: f64,
        t_years: f64,
        model_counter: usize,
    ) -> Quote {
        if let Some((price, iv)) = self.carried(snap, right, strike, t_years) {
            self.count(ENTRIES_CARRIED);
            return Quote { price, iv, ..q };
        }
        self.count(model_counter);
        q
    }

    /// The price and vol of an SPX option at the model's vol plus the contract's last
    /// chain vol basis, from the latest book day at most [`CARRY_DAYS`] before the
    /// snapshot's day that quoted it (book days before the snapshot's only: no look-ahead);
    /// `None` without such a quote (or on a corner of the day).
    #[inline(never)]
    fn carried(
        &self,
        snap: &ChainSnap,
        right: OptionRight,
        strike: f64,
        t_years: f64,
    ) -> Option<(f64, f64)> {
        if snap.reach == NONE || t_years <= 0.0 {
            return None;
        }
        let date = self.model.history().dates[snap.day as usize];
        let days = self.book.days();
        for b in (0..=snap.reach as usize).rev() {
            let cd = &days[b];
            let age = (date - cd.date).num_days();
            if age > CARRY_DAYS {
                break;
            }
            let hb = self.index.history_day[b];
            if hb == NONE {
                continue;
            }
            let t_then = t_years + age as f64 / 365.0;
            let Some(&(g, _)) = self.index.groups[b]
                .iter()
                .find(|(_, t)| (t - t_then).abs() < 1e-9)
            else {
                continue;
            };
            let Some(c) = cd.quote(g as usize, to_right(right), strike) else {
                continue;
            };
            let then = self.model.spx_surface(hb as usize);
            let (_, chain_iv) = self.to_close(&then, b as u32, right, strike, t_then, c.mid());
            let s = &snap.surface;
            let iv = s.iv(strike, t_years) + (chain_iv - then.iv(strike, t_then));
            if !(iv.is_finite() && iv > 0.0) {
                return None;
            }
            let price = price_at(s, right, strike, t_years, iv);
            return price.is_finite().then_some((price, iv));
        }
        None
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
        let t = tenor.t_years;
        let (price, iv) = self.to_close(&snap.surface, snap.chain, right, strike, t, c.mid());
        (iv.is_finite() && price.is_finite()).then(|| {
            self.count(MARKS_CHAIN);
            (price, iv)
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

/// The price at the close and the implied vol of an SPX chain `mid`. `quote` is the model's
/// surface at the state the chain was quoted at (`None`: at the close, where the mid is
/// kept exactly): there the mid's vol differs from the model's by a basis, and the close's
/// price is BSM on the close surface `s` at the model's close vol plus that basis. NaN
/// where the mid has no vol.
fn at_close(
    s: &SpxSurface,
    quote: Option<&SpxSurface>,
    right: OptionRight,
    strike: f64,
    t_years: f64,
    mid: f64,
) -> (f64, f64) {
    let Some(q) = quote else {
        return (
            mid,
            s.implied_vol(right, strike, t_years, mid)
                .unwrap_or(f64::NAN),
        );
    };
    let Ok(chain_vol) = q.implied_vol(right, strike, t_years, mid) else {
        return (f64::NAN, f64::NAN);
    };
    let iv = s.iv(strike, t_years) + (chain_vol - q.iv(strike, t_years));
    (price_at(s, right, strike, t_years, iv), iv)
}

/// BSM price of an SPX option at vol `iv` on surface `s`'s spot, rate and dividend yield
/// (NaN where BSM refuses the inputs).
fn price_at(s: &SpxSurface, right: OptionRight, strike: f64, t_years: f64, iv: f64) -> f64 {
    BsmMarket::new(s.spot(), t_years, s.rate(), s.div_yield())
        .and_then(|m| m.price(right, strike, iv))
        .unwrap_or(f64::NAN)
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
            reach: self.index.reach[day],
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
            return Ok(self.carried_entry(snap, q, right, strike, t_years, ENTRIES_MODEL_DAY));
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
        if let Some(v) = self.carried(snap, right, strike, tenor.t_years) {
            self.count(MARKS_CARRIED);
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
                reach: NONE,
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
