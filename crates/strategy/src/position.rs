//! Multi-leg positions: fixed-capacity leg arrays (no allocation), quantity in units of the
//! structure, cost basis, sleeve and layer.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use ringfence_pricing::LegQuote;

use crate::instrument::{Instrument, Product};
use crate::market::day::Mark;

/// Most legs one position holds (iron condor plus a synthetic index leg).
pub const MAX_LEGS: usize = 5;

/// The two strategy sleeves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sleeve {
    /// The income engine (condors and the methodology structures).
    Condor,
    /// The adaptive layered VIX hedge.
    Hedge,
}

impl Sleeve {
    /// Both sleeves, in index order.
    pub const ALL: [Sleeve; 2] = [Sleeve::Condor, Sleeve::Hedge];

    /// 0 for the condor sleeve, 1 for the hedge sleeve.
    pub fn index(self) -> usize {
        match self {
            Sleeve::Condor => 0,
            Sleeve::Hedge => 1,
        }
    }

    /// Lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Sleeve::Condor => "condor",
            Sleeve::Hedge => "hedge",
        }
    }
}

/// What a position is, for reports and events (margin is computed from the legs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Structure {
    /// Short put spread plus short call spread, same expiry.
    IronCondor,
    /// Short put (credit) spread.
    PutSpread,
    /// Short call (credit) spread.
    CallSpread,
    /// Short put and short call without wings.
    Strangle,
    /// Naked short put.
    ShortPut,
    /// Naked short call.
    ShortCall,
    /// Long index with a short call.
    CoveredCall,
    /// Long index with a long put.
    ProtectivePut,
    /// Long index alone (`condor.sides = "none"`).
    LongIndex,
    /// Long VIX calls.
    VixCall,
    /// Long VIX call spread (debit).
    VixCallSpread,
    /// Long far VIX call, short near VIX call.
    VixCallDiagonal,
    /// Long VX futures.
    VxFuture,
    /// Long SPX puts.
    SpxPut,
    /// Anything else (tests).
    Custom,
}

impl Structure {
    /// snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Structure::IronCondor => "iron_condor",
            Structure::PutSpread => "put_spread",
            Structure::CallSpread => "call_spread",
            Structure::Strangle => "strangle",
            Structure::ShortPut => "short_put",
            Structure::ShortCall => "short_call",
            Structure::CoveredCall => "covered_call",
            Structure::ProtectivePut => "protective_put",
            Structure::LongIndex => "long_index",
            Structure::VixCall => "vix_call",
            Structure::VixCallSpread => "vix_call_spread",
            Structure::VixCallDiagonal => "vix_call_diagonal",
            Structure::VxFuture => "vx_future",
            Structure::SpxPut => "spx_put",
            Structure::Custom => "custom",
        }
    }
}

/// One leg of a position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leg {
    /// The instrument.
    pub instrument: Instrument,
    /// Contracts per unit of the position: positive long, negative short.
    pub ratio: f64,
    /// Price at entry, points (option mid, VX settle or index level).
    pub entry_price: f64,
    /// Price at the last mark, points; after settlement, the settlement value.
    pub mark: f64,
    /// False once the leg has settled (its value is then cash).
    pub live: bool,
    /// Implied volatility of the last mark, annual fraction (options; 0 otherwise).
    pub iv: f64,
    /// Years to expiry at the last mark (calendar days / 365; 0 for the index).
    pub t_years: f64,
    /// Underlying level at the last mark: SPX close for SPX options and the index leg, the
    /// same-expiry VX future for VIX options and futures, points.
    pub underlying: f64,
    /// Expiry as days from the common era (`i32::MAX` for the index leg), for fast DTE.
    pub expiry_day: i32,
    /// [`Instrument::key`] of the instrument (mark cache key).
    pub key: u64,
    /// Half the quoted bid-ask spread at the last price where it was a real chain quote,
    /// points; `None` for a model price (the cost model's half-spread applies).
    pub half_spread: Option<f64>,
}

impl Leg {
    /// Take a mark: price, implied vol, years to expiry and underlying.
    #[inline]
    pub fn set_mark(&mut self, mk: Mark) {
        self.mark = mk.price;
        self.iv = mk.iv;
        self.t_years = mk.t_years;
        self.underlying = mk.underlying;
        self.half_spread = mk.half_spread;
    }

    /// What the cost model sees of this leg trading at VIX `vix`: its mark and years to
    /// expiry.
    #[inline]
    pub fn quote(&self, vix: f64) -> LegQuote {
        LegQuote::new(self.mark, vix, self.t_years)
            .with_half_spread(self.half_spread.unwrap_or(f64::NAN))
    }

    /// A live leg entered at `price`.
    pub fn new(instrument: Instrument, ratio: f64, price: f64) -> Leg {
        Leg {
            instrument,
            ratio,
            entry_price: price,
            mark: price,
            live: true,
            iv: 0.0,
            t_years: 0.0,
            underlying: 0.0,
            expiry_day: instrument
                .expiry_date()
                .map_or(i32::MAX, |d| d.num_days_from_ce()),
            key: instrument.key(),
            half_spread: None,
        }
    }

    /// Marked value per unit of the position, USD. Futures are worth zero after the
    /// day's variation margin has been paid in cash.
    pub fn value_per_unit(&self) -> f64 {
        if !self.live || self.instrument.product() == Product::VxFuture {
            return 0.0;
        }
        self.ratio * self.mark * self.instrument.multiplier()
    }
}

const EMPTY_LEG: Leg = Leg {
    instrument: Instrument::SpxIndex,
    ratio: 0.0,
    entry_price: 0.0,
    mark: 0.0,
    live: false,
    iv: 0.0,
    t_years: 0.0,
    underlying: 0.0,
    expiry_day: i32::MAX,
    key: 0,
    half_spread: None,
};

/// A multi-leg position held in one account and attributed to one sleeve.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    /// Unique within a layout run, in order of entry.
    pub id: u32,
    /// Owning sleeve.
    pub sleeve: Sleeve,
    /// Label.
    pub structure: Structure,
    /// Hedge layer index (0 for condor positions).
    pub layer: u8,
    /// Trading-day index of the entry.
    pub entry_day: usize,
    /// Date of the entry.
    pub entry_date: NaiveDate,
    /// Units of the structure held, >= 0 (contracts per leg = units x ratio).
    pub quantity: f64,
    legs: [Leg; MAX_LEGS],
    n_legs: u8,
    /// Net option premium per unit at entry at mid, USD; positive = credit received.
    pub entry_credit_usd: f64,
    /// Net cash paid per unit at entry, USD, including slippage and commissions (negative
    /// when cash was received).
    pub entry_cost_usd: f64,
    /// Premium charged to the hedge budget for the whole position, USD.
    pub budget_charge_usd: f64,
    /// Variation margin received since entry for the whole position, USD (futures).
    pub variation_usd: f64,
    /// Settlement cash of expired legs for the whole position, USD.
    pub settled_usd: f64,
    /// Reg-T requirement per unit when it does not depend on marks (set on entry and after
    /// a leg settles; `None` = compute from the marks each time), USD.
    pub regt_static_per_unit: Option<f64>,
    /// Roll date of a position without options (the index leg alone): it is closed at
    /// that day's close and the sleeve enters again; `None` for every other position.
    pub hold_until: Option<NaiveDate>,
}

impl Position {
    /// An empty position; add legs with [`Position::push_leg`].
    pub fn new(
        sleeve: Sleeve,
        structure: Structure,
        entry_day: usize,
        entry_date: NaiveDate,
    ) -> Position {
        Position {
            id: 0,
            sleeve,
            structure,
            layer: 0,
            entry_day,
            entry_date,
            quantity: 0.0,
            legs: [EMPTY_LEG; MAX_LEGS],
            n_legs: 0,
            entry_credit_usd: 0.0,
            entry_cost_usd: 0.0,
            budget_charge_usd: 0.0,
            variation_usd: 0.0,
            settled_usd: 0.0,
            regt_static_per_unit: None,
            hold_until: None,
        }
    }

    /// Add a leg; returns false (and adds nothing) when [`MAX_LEGS`] are already present.
    pub fn push_leg(&mut self, leg: Leg) -> bool {
        let n = usize::from(self.n_legs);
        if n == MAX_LEGS {
            return false;
        }
        self.legs[n] = leg;
        self.n_legs += 1;
        true
    }

    /// The legs.
    pub fn legs(&self) -> &[Leg] {
        &self.legs[..usize::from(self.n_legs)]
    }

    /// The legs, mutable.
    pub fn legs_mut(&mut self) -> &mut [Leg] {
        &mut self.legs[..usize::from(self.n_legs)]
    }

    /// Marked value per unit, USD (longs positive, shorts negative).
    pub fn value_per_unit(&self) -> f64 {
        self.legs().iter().map(Leg::value_per_unit).sum()
    }

    /// Marked value of the whole position, USD.
    pub fn market_value(&self) -> f64 {
        self.quantity * self.value_per_unit()
    }

    /// Marked value per unit of the option legs only, USD.
    pub fn option_value_per_unit(&self) -> f64 {
        self.legs()
            .iter()
            .filter(|l| l.instrument.is_option())
            .map(Leg::value_per_unit)
            .sum()
    }

    /// True while any option or future leg is live.
    pub fn has_live_derivative(&self) -> bool {
        self.legs()
            .iter()
            .any(|l| l.live && l.instrument.product() != Product::SpxIndex)
    }

    /// Calendar days from `date` to the nearest live expiry; `None` without one.
    pub fn days_to_expiry(&self, date: NaiveDate) -> Option<i64> {
        let today = date.num_days_from_ce();
        self.legs()
            .iter()
            .filter(|l| l.live && l.expiry_day != i32::MAX)
            .map(|l| i64::from(l.expiry_day - today))
            .min()
    }

    /// Calendar days from `date` to the latest live expiry (a diagonal's long leg).
    pub fn days_to_last_expiry(&self, date: NaiveDate) -> Option<i64> {
        let today = date.num_days_from_ce();
        self.legs()
            .iter()
            .filter(|l| l.live && l.expiry_day != i32::MAX)
            .map(|l| i64::from(l.expiry_day - today))
            .max()
    }

    /// Number of contracts traded per unit across live option and future legs
    /// (sum of absolute ratios).
    pub fn contracts_per_unit(&self) -> f64 {
        self.legs()
            .iter()
            .filter(|l| l.live && l.instrument.product() != Product::SpxIndex)
            .map(|l| l.ratio.abs())
            .sum()
    }
}
