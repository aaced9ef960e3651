//! `[condor]` and `[condor.ladder]`: the income sleeve's entry, strike, sizing and exit
//! rules, and the names its choices accept.

use super::Bound::{Excl, Incl};
use super::Range;
use ringfence_pricing::OptionRight;

crate::param_enum! {
    /// Which sides of the condor are sold.
    pub enum Sides {
        /// Put side and call side (iron condor, iron butterfly, strangle).
        Both = "both",
        /// Put side only (put write, put credit spread).
        Put = "put",
        /// Call side only (covered call with `long_index`, call credit spread).
        Call = "call",
        /// No options: the index leg alone (`long_index` only), held to the expiry the DTE
        /// rules pick and then rolled like an option position (SPTR, VXTH's index leg).
        None = "none",
    }
}

crate::param_enum! {
    /// How the short strikes are chosen.
    pub enum ShortStrike {
        /// Strike whose absolute model delta is `short_delta` (0.5 is at the money).
        Delta = "delta",
        /// Listed strike nearest to the SPX close (both sides at the same strike: straddle).
        Atm = "atm",
        /// First listed strike at or above the SPX close for calls, at or below for puts
        /// (the BXM rule).
        AtOrBeyondSpot = "at_or_beyond_spot",
        /// `short_pct_otm` out of the money: puts at `S (1 - p)`, calls at `S (1 + p)`,
        /// snapped.
        PctOtm = "pct_otm",
        /// As `pct_otm`, at the first listed strike at or beyond that level (away from the
        /// money): Cboe CLL's call, "if this strike is not listed, the closest strike above".
        PctOtmBeyond = "pct_otm_beyond",
    }
}

impl ShortStrike {
    /// True for the rules that place the short strikes `short_pct_otm` out of the money.
    pub fn is_pct_otm(self) -> bool {
        matches!(self, ShortStrike::PctOtm | ShortStrike::PctOtmBeyond)
    }
}

crate::param_enum! {
    /// How the long wings are chosen.
    pub enum Wing {
        /// `wing_width_points` beyond each short strike.
        Width = "width",
        /// Strike whose absolute delta is `wing_delta`.
        Delta = "delta",
        /// `wing_pct_otm` out of the money from the SPX close.
        PctOtm = "pct_otm",
        /// No wings: naked short options (put write, strangle, covered call).
        None = "none",
    }
}

crate::param_enum! {
    /// How many units (condors) an entry trades.
    pub enum Sizing {
        /// `floor(margin_target x sleeve equity / Reg-T requirement of one unit)`.
        MarginTarget = "margin_target",
        /// `sleeve equity / (collateral_multiple x collateral of one unit)`, the collateral
        /// being the notional, the maximum loss or the wing width (`collateral_basis`): Cboe
        /// index methodologies.
        Collateral = "collateral",
    }
}

crate::param_enum! {
    /// What one unit's collateral is in [`Sizing::Collateral`].
    pub enum CollateralBasis {
        /// Notional: the highest short put strike (put write) or the SPX close (long index,
        /// calls only), x 100 (BXM, PPUT, CLL).
        Notional = "notional",
        /// Maximum loss at expiry of one unit net of the credit, x 100 (CNDR).
        MaxLoss = "max_loss",
        /// The wider wing's width x 100: the largest settlement payment of one unit, gross
        /// of the credit (which stays in the T-bill account, as PUT's premium does), so
        /// BFLY's "T-bills cover ten times the maximum loss" is `collateral_multiple = 10` on
        /// this.
        Width = "width",
        /// Cash-secured at expiry (PUT): the cash and the premium received, earning the
        /// rate to expiry, pay the short put's strike x 100 at settlement, so one unit is
        /// `K e^(-rT) x 100 - credit`. Without a short put it is the notional.
        SecuredAtExpiry = "secured_at_expiry",
    }
}

crate::param_enum! {
    /// Where in the entry day new options are priced.
    pub enum EntryFill {
        /// At the close, on the day's surface (every trade of the engine).
        Close = "close",
        /// At the Cboe indices' roll (11:00-12:00 ET, taken as 11:30): SPX and the VIX
        /// family half-way from the previous close to the close (the expected level given
        /// both closes), 4.5 hours more to expiry; the options are then marked at the close.
        /// Always the model's prices (chains are end-of-day quotes). A VX future is the
        /// close's moved as the model's fair value moves with the VIX family (as at the
        /// intraday corners), and a VIX option is the model's on that future. The condor's
        /// long index leg is still bought at the close (the indices hold it through the
        /// roll).
        Midday = "midday",
    }
}

crate::param_enum! {
    /// Weekday for laddered entries.
    pub enum EntryWeekday {
        /// Monday.
        Mon = "mon",
        /// Tuesday.
        Tue = "tue",
        /// Wednesday.
        Wed = "wed",
        /// Thursday.
        Thu = "thu",
        /// Friday.
        Fri = "fri",
    }
}

impl EntryWeekday {
    /// The chrono weekday.
    pub fn weekday(self) -> chrono::Weekday {
        match self {
            EntryWeekday::Mon => chrono::Weekday::Mon,
            EntryWeekday::Tue => chrono::Weekday::Tue,
            EntryWeekday::Wed => chrono::Weekday::Wed,
            EntryWeekday::Thu => chrono::Weekday::Thu,
            EntryWeekday::Fri => chrono::Weekday::Fri,
        }
    }
}

crate::param_table! {
    /// Laddered entries: a new condor on a fixed weekday while fewer than `max_open` are
    /// open.
    #[derive(Debug, Clone, PartialEq)]
    pub struct LadderParams {
        /// Ladder the entries; off: one condor at a time, entered when none is open.
        pub enabled: bool = false;
        /// Entry weekday (the first trading day on or after it in a week with a holiday is
        /// not substituted: the week is skipped).
        pub weekday: EntryWeekday = EntryWeekday::Mon;
        /// Maximum open condors; each rung is sized to `margin_target / max_open`.
        pub max_open: u32 = 4,
            range: Range::new("an integer", Incl(1.0), Incl(20.0)),
            when: |l| l.enabled;
    }
}

crate::param_table! {
    /// The condor (income) sleeve.
    #[derive(Debug, Clone, PartialEq)]
    #[rules(super::validate::condor)]
    pub struct CondorParams {
        /// Trade the sleeve at all.
        pub enabled: bool = true;
        /// Target calendar days to expiry at entry.
        pub target_dte: u32 = 45,
            rule: "calendar days in [min_dte, max_dte]";
        /// Minimum calendar days to expiry accepted at entry.
        pub min_dte: u32 = 30,
            range: Range::new("calendar days", Incl(1.0), Incl(1000.0));
        /// Maximum calendar days to expiry accepted at entry.
        pub max_dte: u32 = 60,
            range: Range::new("calendar days", Incl(1.0), Incl(1000.0)),
            rule: "at least min_dte";
        /// Only monthly (third-Friday, AM-settled) expiries (weeklies were listed only from
        /// 2005 and for short tenors; monthlies give one rule over the whole history).
        pub monthly_only: bool = true;
        /// Sides sold.
        pub sides: Sides = Sides::Both;
        /// Short strike rule.
        pub short_strike: ShortStrike = ShortStrike::Delta;
        /// Absolute delta of the short strikes for `short_strike = "delta"` (0.5 = at the
        /// money).
        pub short_delta: f64 = 0.16,
            range: Range::new("an absolute delta", Excl(0.0), Incl(0.5)),
            when: |c| c.short_strike == ShortStrike::Delta;
        /// Absolute delta of the short call alone for `short_strike = "delta"`, for a condor
        /// whose call side sits at another delta than its put side (absent = `short_delta` on
        /// both sides).
        pub short_call_delta: Option<f64> = None,
            range: Range::new("an absolute delta", Excl(0.0), Incl(0.5)),
            when: |c| c.short_strike == ShortStrike::Delta;
        /// Out-of-the-money fraction for `short_strike = "pct_otm"` or `"pct_otm_beyond"`.
        pub short_pct_otm: f64 = 0.0,
            range: Range::new("a fraction", Incl(0.0), Excl(0.5)),
            when: |c| c.short_strike.is_pct_otm();
        /// Wing rule.
        pub wing: Wing = Wing::Width;
        /// Wing width in index points for `wing = "width"`.
        pub wing_width_points: f64 = 50.0,
            rule: "a positive multiple of 5 index points (the SPX strike step), at most 2000";
        /// Absolute delta of the wings for `wing = "delta"`.
        pub wing_delta: f64 = 0.05,
            rule: "an absolute delta in (0, short_delta), and below short_call_delta too where that is set and wing_call_delta is not (0.5 in place of both unless short_strike = \"delta\")";
        /// Absolute delta of the long call alone for `wing = "delta"`, for a condor whose call
        /// wing sits at another delta than its put wing (absent = `wing_delta` on both sides).
        pub wing_call_delta: Option<f64> = None,
            rule: "an absolute delta in (0, short_call_delta), short_delta where that is unset (0.5 in place of both unless short_strike = \"delta\")";
        /// Out-of-the-money fraction of the wings for `wing = "pct_otm"`.
        pub wing_pct_otm: f64 = 0.05,
            rule: "a fraction in (short_pct_otm, 0.9) (0 in place of short_pct_otm unless short_strike = \"pct_otm\")";
        /// Add a long synthetic SPX index leg of 100 x units (marked at the index, earning
        /// the model dividend yield): with `sides = "call"` and `wing = "none"` this is the
        /// BXM covered call; with `buy_options`, the PPUT protective put.
        pub long_index: bool = false,
            rule: "true only with sizing = \"collateral\" and sides = \"call\" or \"none\" (or \"put\" with buy_options); sides = \"none\" requires it";
        /// Buy the options the short-strike rule picks instead of selling them: with
        /// `long_index`, `sides = "put"` and `wing = "none"` this is the protective put of
        /// Cboe PPUT (a unit's collateral is then the index plus the put's premium).
        pub buy_options: bool = false,
            rule: "true only with long_index, sides = \"put\" and wing = \"none\"";
        /// Where entries are priced in the day: `close`, or `midday` (the Cboe indices'
        /// roll; methodology configs).
        pub entry_fill: EntryFill = EntryFill::Close;
        /// Sizing rule.
        pub sizing: Sizing = Sizing::MarginTarget;
        /// Fraction of sleeve equity committed as Reg-T margin per entry.
        pub margin_target: f64 = 0.10,
            range: Range::new("a fraction of sleeve equity", Excl(0.0), Incl(1.0));
        /// Collateral of one unit for `sizing = "collateral"`.
        pub collateral_basis: CollateralBasis = CollateralBasis::MaxLoss;
        /// Collateral held per unit of collateral basis (BFLY: 10).
        pub collateral_multiple: f64 = 1.0,
            range: Range::new("a multiple", Excl(0.0), Incl(1000.0));
        /// Trade fractional units (index methodologies); otherwise units are floored to
        /// whole contracts.
        pub fractional_contracts: bool = false;
        /// Close when the cost to close falls to `(1 - profit_take)` x the entry credit
        /// (fraction of the credit captured); 0 = off.
        pub profit_take: f64 = 0.5,
            range: Range::new("a fraction of the credit", Incl(0.0), Incl(1.0)).note("0 = off");
        /// Close when the loss reaches `stop_loss` x the entry credit (cost to close >=
        /// (1 + stop_loss) x credit); 0 = off.
        pub stop_loss: f64 = 2.0,
            range: Range::new("a multiple of the credit", Incl(0.0), Incl(100.0)).note("0 = off");
        /// Close when calendar days to expiry fall to this; 0 = hold to settlement.
        pub exit_dte: u32 = 21,
            rule: "calendar days below min_dte (0 = hold to settlement)";
        /// Skip entries when the VIX close is above this (VIX points); 0 = off.
        pub max_vix: f64 = 0.0,
            range: Range::new("VIX points", Incl(0.0), Incl(1000.0)).note("0 = off");
        /// Laddered entries.
        pub ladder: LadderParams = LadderParams::default();
    }
}

impl CondorParams {
    /// Absolute delta of the short strike on side `right` under `short_strike = "delta"`:
    /// `short_call_delta` for the call where set, else `short_delta`.
    pub fn short_delta_of(&self, right: OptionRight) -> f64 {
        match (right, self.short_call_delta) {
            (OptionRight::Call, Some(d)) => d,
            _ => self.short_delta,
        }
    }

    /// Absolute delta of the wing on side `right` under `wing = "delta"`: `wing_call_delta`
    /// for the call where set, else `wing_delta`.
    pub fn wing_delta_of(&self, right: OptionRight) -> f64 {
        match (right, self.wing_call_delta) {
            (OptionRight::Call, Some(d)) => d,
            _ => self.wing_delta,
        }
    }
}
