//! `[hedge]`, `[hedge.long_strike]`, `[hedge.short_strike]` and `[[hedge.layers]]`: the
//! adaptive layered VIX hedge (ALVH), and the names its choices accept.

use super::Bound::{Excl, Incl};
use super::Range;
use crate::sleeves::hedge::MAX_LAYERS;

crate::param_enum! {
    /// Hedge instrument of the ALVH sleeve.
    pub enum HedgeInstrument {
        /// Long VIX calls at `long_strike`.
        VixCall = "vix_call",
        /// Long VIX call at `long_strike`, short VIX call at `short_strike`, same expiry.
        VixCallSpread = "vix_call_spread",
        /// Long VIX call at the layer expiry (`long_strike`), short VIX call at the nearest
        /// VIX expiry at least `diagonal_short_min_dte` days out (`short_strike`).
        VixCallDiagonal = "vix_call_diagonal",
        /// Long VX futures of the layer expiry.
        VxFuture = "vx_future",
        /// Long SPX puts (`long_strike` by delta or % out of the money).
        SpxPut = "spx_put",
    }
}

crate::param_enum! {
    /// How a hedge strike is chosen.
    pub enum StrikeKind {
        /// VIX options: `value` x the same-expiry VX future (1.3 = 30% above the future).
        PctOfFuture = "pct_of_future",
        /// VIX options: the VX future plus `value` VIX points.
        PointsAboveFuture = "points_above_future",
        /// Absolute model delta `value` (VIX calls: Black-76 forward delta at the strike's
        /// own vol, and no purchase on a day no strike up to 20x the future reaches it; SPX
        /// puts: BSM delta).
        Delta = "delta",
        /// SPX puts: `value` out of the money (0.10 = strike 10% below the close).
        PctOtm = "pct_otm",
    }
}

crate::param_enum! {
    /// What a hedge opening does when its account cannot pay for the whole spend.
    pub enum HedgeShortfall {
        /// Buy what the account's excess pays for (an event records the cut): a ring-fenced
        /// hedge spends only its own account's cash.
        Shrink = "shrink",
        /// Refuse the whole opening (the entry check refuses any order that would leave
        /// the excess below zero).
        Refuse = "refuse",
    }
}

crate::param_enum! {
    /// What the annual hedge budget is a fraction of.
    pub enum BudgetReference {
        /// The scenario's total starting capital (same hedge in every layout, including
        /// `hedge_only`: the attribution baseline).
        InitialCapital = "initial_capital",
        /// Equity on the roll day: the net liquidation value of the layout's accounts
        /// (`capital.sizing_basis = "account"`), or the sum of both sleeves' attributed
        /// equity (`"sleeve"`).
        SleeveEquity = "sleeve_equity",
    }
}

crate::param_table! {
    /// One strike rule.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct StrikeRule {
        /// Rule kind (VIX options: any; SPX puts: `delta` or `pct_otm`).
        pub kind: StrikeKind = StrikeKind::PctOfFuture,
            rule: "`delta` or `pct_otm` for instrument = \"spx_put\"";
        /// Rule value (see `kind`).
        pub value: f64 = 1.3,
            rule: "by kind: pct_of_future a multiple in (0.5, 10], points_above_future VIX points in (-20, 100], delta an absolute delta in (0, 1), pct_otm a fraction in [0, 0.9)";
    }
}

crate::param_table! {
    /// One hedge layer: its own expiry target and roll rule.
    #[derive(Debug, Clone, PartialEq)]
    pub struct LayerParams {
        /// Target calendar days to expiry when the layer is (re)opened.
        pub target_dte: u32 = 30,
            rule: "calendar days in (roll_dte, 400] (the layer's roll_dte, else the sleeve's)";
        /// Roll (close and reopen) when calendar days to expiry fall to this; absent = the
        /// sleeve's `roll_dte`.
        pub roll_dte: Option<u32> = None;
        /// Share of the annual budget; absent = equal shares of what explicit shares leave.
        pub budget_share: Option<f64> = None,
            range: Range::new("a fraction", Incl(0.0), Incl(1.0)),
            rule: "the explicit shares of all layers sum to at most 1";
    }
}

crate::param_table! {
    /// The hedge sleeve (ALVH).
    #[derive(Debug, Clone, PartialEq)]
    #[rules(super::validate::hedge)]
    pub struct HedgeParams {
        /// Trade the sleeve at all (when off, the strike rules and layers are not checked).
        pub enabled: bool = true;
        /// Instrument. Plain VIX calls ship: on the real 1990-2026 history, under the same
        /// sale rules, they cost less net than 1.3x / 2x call spreads, paid more in every
        /// stress episode with VIX options listed, and beat them on 100 of 100 bootstrap paths
        /// (docs/findings.md, "Does the hedge hedge?").
        pub instrument: HedgeInstrument = HedgeInstrument::VixCall;
        /// Strike of the long leg.
        pub long_strike: StrikeRule = StrikeRule {
            kind: StrikeKind::PctOfFuture,
            value: 1.3,
        };
        /// Strike of the short leg (spreads, diagonals).
        pub short_strike: StrikeRule = StrikeRule {
            kind: StrikeKind::PctOfFuture,
            value: 2.0,
        };
        /// Minimum calendar days to expiry of a diagonal's short (near) leg.
        pub diagonal_short_min_dte: u32 = 7,
            range: Range::new("calendar days", Incl(1.0), Incl(365.0));
        /// Layers on staggered expiries.
        pub layers: Vec<LayerParams> = [30, 60, 90]
            .into_iter()
            .map(|d| LayerParams {
                target_dte: d,
                roll_dte: None,
                budget_share: None,
            })
            .collect(),
            when: |h| h.enabled,
            rule: format!("between 1 and {MAX_LAYERS} layers");
        /// Gross premium allowed per rolling 12 months, fraction of the reference.
        pub budget_annual: f64 = 0.015,
            range: Range::new("a fraction of the reference", Incl(0.0), Incl(1.0))
                .note("at most 100%");
        /// Budget reference.
        pub budget_reference: BudgetReference = BudgetReference::InitialCapital;
        /// An opening its account cannot fully pay for (step 2 of the mechanism ladder).
        pub shortfall: HedgeShortfall = HedgeShortfall::Shrink;
        /// Largest signal scale of a roll's spend.
        pub max_scale: f64 = 2.0,
            range: Range::new("a scale", Incl(0.0), Incl(10.0));
        /// Roll point of the layers without their own `roll_dte`, calendar days to expiry.
        pub roll_dte: u32 = 15,
            range: Range::new("calendar days", Incl(0.0), Incl(365.0));
        /// Monetise a layer when its value reaches this multiple of its cost; 0 = off.
        pub monetise_multiple: f64 = 3.0,
            range: Range::new("a multiple", Excl(1.0), Incl(1000.0)).or_off();
        /// VIX spike rule: monetise every layer in profit when the VIX close is up at least
        /// this fraction over `spike_days` trading days; 0 = off.
        pub spike_rise: f64 = 0.5,
            range: Range::new("a fraction", Incl(0.0), Incl(100.0)).note("0 = off");
        /// Look-back of the spike rule, trading days.
        pub spike_days: u32 = 5,
            range: Range::new("trading days", Incl(1.0), Incl(252.0)),
            when: |h| h.spike_rise > 0.0;
        /// Also monetise layers in profit when the VIX close is at or above this level;
        /// 0 = off.
        pub spike_level: f64 = 0.0,
            range: Range::new("VIX points", Incl(0.0), Incl(1000.0)).note("0 = off");
        /// VX futures: the budget is charged the carry `max(F - VIX, vx_min_carry_points)` x
        /// $1,000 per contract (the expected cost of holding to expiry), VIX points.
        pub vx_min_carry_points: f64 = 1.0,
            range: Range::new("VIX points", Excl(0.0), Incl(100.0));
        /// Step of the uniform grid VIX option strikes are snapped to, VIX points. Real
        /// listings are not uniform (the 2016-06-01 chain: 0.5 below 15 in the near
        /// expiries, 1 from 15 to 30, 2.5 from 30 to 50, 5 above), so above 30 a grid of 1
        /// holds strikes that were not listed (33, 34, ...): priced by the model, and
        /// by it alone on a day with a VIX chain.
        pub vix_strike_step: f64 = 1.0,
            range: Range::new("VIX points", Excl(0.0), Incl(10.0));
        /// Trade fractional contracts.
        pub fractional_contracts: bool = false;
        /// Only trade VIX products once they were listed (VX futures from 2004-03-26, VIX
        /// options from 2006-02-24); before that, openings are skipped and counted.
        pub listed_only: bool = true;
        /// Where openings are priced in the day: `close`, or `midday` (the Cboe indices'
        /// roll, as `condor.entry_fill`; methodology configs).
        pub entry_fill: super::EntryFill = super::EntryFill::Close;
        /// How many units an opening buys: the premium budget above, or an index
        /// methodology's rule.
        pub sizing: super::HedgeSizing = super::HedgeSizing::Budget,
            rule: "\"per_index_unit\" only with condor.long_index; \"vx_weight\" only with a VIX instrument";
        /// The `sizing = "vx_weight"` schedule: steps of (VX level, weight), levels strictly
        /// increasing; at or below the first level the weight is 0. As shipped, Cboe VXTH's:
        /// 0 up to 15, 1% above 15 up to 30, 0.5% above 30 up to 50, 0 above 50.
        pub vx_weights: Vec<super::VxWeight> = super::hedge_sizing::vxth_schedule(),
            when: |h| h.sizing == super::HedgeSizing::VxWeight,
            rule: "at least one step when sizing = \"vx_weight\", levels strictly increasing";
        /// Cboe CLL's cross-roll: on a day the condor sleeve sells a call struck below a
        /// standing SPX put's strike, that put is sold and replaced by a put of the same
        /// expiry at `long_strike`, sized as an opening of its layer.
        pub cross_roll: bool = false,
            rule: "only with instrument = \"spx_put\" and a condor call side";
    }
}
