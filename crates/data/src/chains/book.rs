//! [`ChainBook`]: the chain quotes of the days a run needs, grouped by expiry and right and
//! sorted by strike, for O(log n) lookups in the engine's loop.

use chrono::NaiveDate;

use crate::chains::{ChainRow, Right, Underlying};

/// One contract's quote on one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChainQuote {
    /// Strike, index points.
    pub strike: f64,
    /// Bid, points (> 0 in the store).
    pub bid: f64,
    /// Ask, points.
    pub ask: f64,
    /// The file's delta (NaN when the layout has none).
    pub delta: f64,
    /// The file's implied vol, annual fraction (NaN when none).
    pub iv: f64,
}

impl ChainQuote {
    /// Mid of bid and ask, points.
    #[inline]
    pub fn mid(&self) -> f64 {
        0.5 * (self.bid + self.ask)
    }

    /// Half the bid-ask spread, points.
    #[inline]
    pub fn half_spread(&self) -> f64 {
        0.5 * (self.ask - self.bid)
    }
}

/// The quotes of one expiry of one root on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpiryGroup {
    /// Expiration date.
    pub expiry: NaiveDate,
    /// AM-settled root (`SPX`, `VIX`).
    pub am: bool,
    /// Underlying index.
    pub underlying: Underlying,
    /// Puts: a range of [`ChainDay::quotes`], sorted by strike.
    pub puts: std::ops::Range<usize>,
    /// Calls: a range of [`ChainDay::quotes`], sorted by strike.
    pub calls: std::ops::Range<usize>,
}

/// Every quote of one quote date.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainDay {
    /// Quote date.
    pub date: NaiveDate,
    /// Expiry groups, sorted by (underlying, expiry, am).
    pub groups: Vec<ExpiryGroup>,
    /// Quotes, grouped as [`ChainDay::groups`] say.
    pub quotes: Vec<ChainQuote>,
    /// The SPX level the day's SPX quotes were taken at (the first SPX row's underlying
    /// price; NaN when the day has no SPX row with one). A vendor's end-of-day chain is
    /// often quoted before the close, at another level than the close.
    pub spx_underlying: f64,
}

impl ChainDay {
    /// The day of `rows` (all of quote date `date`; any order; duplicates keep the first).
    pub fn from_rows(date: NaiveDate, mut rows: Vec<ChainRow>) -> ChainDay {
        rows.sort_by(|a, b| {
            (a.underlying, a.expiry, !a.am_settled(), a.right)
                .cmp(&(b.underlying, b.expiry, !b.am_settled(), b.right))
                .then(a.strike.total_cmp(&b.strike))
        });
        let mut groups: Vec<ExpiryGroup> = Vec::new();
        let mut quotes: Vec<ChainQuote> = Vec::with_capacity(rows.len());
        for r in &rows {
            let am = r.am_settled();
            let same = groups.last().is_some_and(|g| {
                g.expiry == r.expiry && g.am == am && g.underlying == r.underlying
            });
            if !same {
                let i = quotes.len();
                groups.push(ExpiryGroup {
                    expiry: r.expiry,
                    am,
                    underlying: r.underlying,
                    puts: i..i,
                    calls: i..i,
                });
            }
            let g = groups.last_mut().expect("pushed above");
            let side = match r.right {
                Right::Put => &mut g.puts,
                Right::Call => &mut g.calls,
            };
            if side.start == side.end {
                *side = quotes.len()..quotes.len();
            }
            if side.end > side.start && quotes[side.end - 1].strike == r.strike {
                continue; // duplicate contract: keep the first
            }
            quotes.push(ChainQuote {
                strike: r.strike,
                bid: r.bid,
                ask: r.ask,
                delta: r.delta,
                iv: r.iv,
            });
            side.end = quotes.len();
        }
        let spx_underlying = rows
            .iter()
            .find(|r| r.underlying == Underlying::Spx && r.underlying_price > 0.0)
            .map_or(f64::NAN, |r| r.underlying_price);
        ChainDay {
            date,
            groups,
            quotes,
            spx_underlying,
        }
    }

    /// The group of `expiry` (`am`: AM-settled root) of `underlying`, if listed today.
    #[inline]
    pub fn group(&self, underlying: Underlying, expiry: NaiveDate, am: bool) -> Option<usize> {
        self.groups
            .iter()
            .position(|g| g.underlying == underlying && g.expiry == expiry && g.am == am)
    }

    /// The quotes of one side of group `g`, sorted by strike.
    #[inline]
    pub fn side(&self, g: usize, right: Right) -> &[ChainQuote] {
        let g = &self.groups[g];
        match right {
            Right::Put => &self.quotes[g.puts.clone()],
            Right::Call => &self.quotes[g.calls.clone()],
        }
    }

    /// The quote of `strike` in group `g`, if listed.
    #[inline]
    pub fn quote(&self, g: usize, right: Right, strike: f64) -> Option<&ChainQuote> {
        let side = self.side(g, right);
        side.binary_search_by(|q| q.strike.total_cmp(&strike))
            .ok()
            .map(|i| &side[i])
    }
}

/// The chain days a run needs, sorted by date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChainBook {
    days: Vec<ChainDay>,
}

impl ChainBook {
    /// A book of `days` (sorted here; a repeated date keeps the first).
    pub fn new(mut days: Vec<ChainDay>) -> ChainBook {
        days.sort_by_key(|d| d.date);
        days.dedup_by_key(|d| d.date);
        ChainBook { days }
    }

    /// The day of `date`, if the book has it.
    pub fn day(&self, date: NaiveDate) -> Option<&ChainDay> {
        self.days
            .binary_search_by_key(&date, |d| d.date)
            .ok()
            .map(|i| &self.days[i])
    }

    /// Every day, by date.
    pub fn days(&self) -> &[ChainDay] {
        &self.days
    }

    /// Number of quotes held.
    pub fn quote_count(&self) -> usize {
        self.days.iter().map(|d| d.quotes.len()).sum()
    }
}
