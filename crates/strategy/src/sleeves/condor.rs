//! The condor (income) sleeve: entry plan, sizing and exit rules.
//!
//! The plan (expiry, strikes, mid prices) depends on the market only, so it is computed once
//! per day and shared by every layout; sizing depends on the layout's sleeve equity.
//!
//! Rules:
//! - Expiry: the listed expiry nearest `target_dte` within `[min_dte, max_dte]` (monthlies
//!   only when `monthly_only`).
//! - Short strikes by `short_strike` (delta, ATM, first strike at or beyond the close, or %
//!   out of the money); wings by `wing` (width, delta, % OTM or none). A wing that would not
//!   lie beyond its short strike is moved to the next listed strike beyond it.
//! - Fill (`entry_fill`): at the close, or at the midday state of the Cboe indices' roll
//!   (strikes, deltas and prices on the midday surface ([`Fill`]) with 4.5 hours more to
//!   expiry; the long index leg is still bought at the close).
//! - Size: `margin_target / rungs x sleeve equity / Reg-T requirement of one unit` (the
//!   wider wing x 100 for a condor) or, for `sizing = "collateral"`, `sleeve equity / rungs /
//!   (collateral_multiple x collateral of one unit)`, the collateral being the notional, the
//!   maximum loss net of the credit, or the wider wing's width (`collateral_basis`; naked
//!   structures use the notional for the last two; a long index unit costs the index plus
//!   any net option debit); floored to whole units unless
//!   `fractional_contracts`. The collateral of a unit includes its opening commissions and
//!   slippage, so a unit fully collateralised at its maximum loss still opens with zero
//!   excess. Sizing always uses Reg-T per-unit requirements,
//!   whatever the margin mode.
//! - Exits, checked each day at the close on model mids: profit take when the cost to close
//!   is at most `(1 - profit_take) x credit`; stop loss when it is at least
//!   `(1 + stop_loss) x credit`; time exit at `exit_dte` calendar days; otherwise settlement.
//!   Positions without a credit (debit structures) skip the profit/stop rules. A position
//!   left with only its index leg (BXM after the call settled) is closed at the close.
//! - The index leg alone (`sides = "none"`, `long_index`): the plan has no option legs; the
//!   position is held to the expiry the DTE rules pick (its `hold_until`), closed at that
//!   day's close and entered again, sized on the equity then (the covered call's schedule
//!   without the call).

use chrono::Datelike;
use ringfence_pricing::OptionRight;
use ringfence_pricing::expiry::Expiry;

use crate::instrument::{Instrument, SPX_MULTIPLIER, Strike};
use crate::margin::regt;
use crate::market::day::MarketDay;
use crate::market::{Market, Snap};
use crate::params::{
    CollateralBasis, CondorParams, CostModel, MarginParams, ShortStrike, Sides, Sizing, Wing,
};
use crate::position::{Leg, MAX_LEGS, Position, Structure};
use crate::sleeves::fill::Fill;

/// A condor entry for one unit, priced at the day's model mids.
#[derive(Debug, Clone)]
pub struct CondorPlan {
    /// Legs (ratios per unit, prices at mid).
    pub legs: [Leg; MAX_LEGS],
    /// Number of legs used.
    pub n_legs: usize,
    /// Label.
    pub structure: Structure,
    /// Option expiry.
    pub expiry: Expiry,
    /// Net option premium per unit at mid, USD (+ = credit).
    pub credit_per_unit: f64,
    /// Reg-T initial requirement of one unit, USD.
    pub regt_per_unit: f64,
    /// Collateral of one unit under `collateral_basis` (before the multiple), USD.
    pub collateral_per_unit: f64,
    /// Commissions and slippage of opening one unit, USD.
    pub open_cost_per_unit: f64,
}

impl CondorPlan {
    /// The legs.
    pub fn legs(&self) -> &[Leg] {
        &self.legs[..self.n_legs]
    }
}

fn short_strike<M: Market>(
    m: &M,
    md: &MarketDay<M>,
    fill: &Fill<M::Snapshot>,
    p: &CondorParams,
    right: OptionRight,
    t: f64,
) -> Result<f64, &'static str> {
    let (s, date) = (fill.spot, md.date);
    let beyond = if right == OptionRight::Put {
        Snap::Down
    } else {
        Snap::Up
    };
    Ok(match p.short_strike {
        ShortStrike::Delta => m
            .spx_strike_for_delta(&fill.snap, right, p.short_delta_of(right), t, date)
            .map_err(|_| "no strike for the short delta")?,
        ShortStrike::Atm => m.spx_snap(date, s, s, Snap::Nearest),
        ShortStrike::AtOrBeyondSpot => m.spx_snap(date, s, s, beyond),
        ShortStrike::PctOtm | ShortStrike::PctOtmBeyond => {
            let k = s * (1.0 + right.sign() * p.short_pct_otm);
            let snap = if p.short_strike == ShortStrike::PctOtm {
                Snap::Nearest
            } else {
                beyond
            };
            m.spx_snap(date, s, k, snap)
        }
    })
}

fn wing_strike<M: Market>(
    m: &M,
    md: &MarketDay<M>,
    fill: &Fill<M::Snapshot>,
    p: &CondorParams,
    right: OptionRight,
    short: f64,
    t: f64,
) -> Result<Option<f64>, &'static str> {
    let (s, date) = (fill.spot, md.date);
    let beyond = if right == OptionRight::Put {
        Snap::Down
    } else {
        Snap::Up
    };
    let sign = right.sign();
    let k = match p.wing {
        Wing::None => return Ok(None),
        Wing::Width => m.spx_snap(date, s, short + sign * p.wing_width_points, beyond),
        Wing::Delta => m
            .spx_strike_for_delta(&fill.snap, right, p.wing_delta_of(right), t, date)
            .map_err(|_| "no strike for the wing delta")?,
        Wing::PctOtm => m.spx_snap(date, s, s * (1.0 + sign * p.wing_pct_otm), beyond),
    };
    // The wing must lie beyond the short strike.
    if sign * (k - short) <= 0.0 {
        let next = m.spx_snap(date, s, short + sign * 0.01, beyond);
        if sign * (next - short) <= 0.0 {
            return Err("no listed wing strike beyond the short strike");
        }
        return Ok(Some(next));
    }
    Ok(Some(k))
}

/// Build today's plan from the market and the parameters.
///
/// # Errors
/// Why no position can be opened today.
pub fn build<M: Market>(
    m: &M,
    md: &MarketDay<M>,
    p: &CondorParams,
    mp: &MarginParams,
    costs: &CostModel,
) -> Result<CondorPlan, &'static str> {
    let expiry = m
        .spx_expiry(md.date, p.target_dte, p.min_dte, p.max_dte, p.monthly_only)
        .ok_or("no listed expiry in the DTE window")?;
    let t_close = m.spx_t_years(md.date, expiry);
    if t_close <= 0.0 {
        return Err("expiry not after the trade date");
    }
    let fill = Fill::of(m, md, p.entry_fill);
    let t = t_close + fill.extra_years;
    let mut legs = [Leg::new(Instrument::SpxIndex, 0.0, 0.0); MAX_LEGS];
    let mut n = 0;
    let mut push = |right: OptionRight, k: f64, ratio: f64| -> Result<(), &'static str> {
        let strike = Strike::from_points(k).ok_or("invalid strike")?;
        let q = m
            .spx_quote(&fill.snap, right, strike.points(), t)
            .map_err(|_| "no model quote for a condor leg")?;
        if !(q.price.is_finite() && q.iv.is_finite()) {
            return Err("non-finite model quote");
        }
        let mut leg = Leg::new(
            Instrument::SpxOption {
                expiry,
                right,
                strike,
            },
            ratio,
            q.price,
        );
        leg.iv = q.iv;
        leg.t_years = t;
        leg.underlying = fill.spot;
        leg.half_spread =
            crate::market::day::quoted(m.spx_half_spread(&fill.snap, right, strike.points(), t));
        legs[n] = leg;
        n += 1;
        Ok(())
    };
    let sides: &[OptionRight] = match p.sides {
        Sides::Both => &[OptionRight::Put, OptionRight::Call],
        Sides::Put => &[OptionRight::Put],
        Sides::Call => &[OptionRight::Call],
        Sides::None => &[],
    };
    let mut widths = [0.0_f64; 2];
    let mut short_put = None;
    let mut naked = false;
    // Short-strike legs are sold, wings bought; `buy_options` buys them (protective put).
    let direction = if p.buy_options { 1.0 } else { -1.0 };
    for (i, &right) in sides.iter().enumerate() {
        let ks = short_strike(m, md, &fill, p, right, t)?;
        push(right, ks, direction)?;
        if right == OptionRight::Put {
            short_put = Some(ks);
        }
        match wing_strike(m, md, &fill, p, right, ks, t)? {
            Some(kw) => {
                widths[i] = (kw - ks).abs();
                push(right, kw, -direction)?;
            }
            None => naked = true,
        }
    }
    if p.long_index {
        // Bought at the close whatever the fill: the indices hold it through the roll.
        let mut leg = Leg::new(Instrument::SpxIndex, 1.0, md.spot);
        leg.underlying = md.spot;
        legs[n] = leg;
        n += 1;
    }
    let structure = match (p.sides, naked, p.long_index) {
        (Sides::None, _, true) => Structure::LongIndex,
        (Sides::None, _, false) => {
            return Err("sides = \"none\" without long_index trades nothing");
        }
        (Sides::Call, _, true) => Structure::CoveredCall,
        (Sides::Put, _, true) => Structure::ProtectivePut,
        (Sides::Both, false, _) => Structure::IronCondor,
        (Sides::Both, true, _) => Structure::Strangle,
        (Sides::Put, false, _) => Structure::PutSpread,
        (Sides::Put, true, _) => Structure::ShortPut,
        (Sides::Call, false, _) => Structure::CallSpread,
        (Sides::Call, true, _) => Structure::ShortCall,
    };
    let option_legs = || legs[..n].iter().filter(|l| l.instrument.is_option());
    let credit = -option_legs()
        .map(|l| l.ratio * l.entry_price * SPX_MULTIPLIER)
        .sum::<f64>();
    let regt_per_unit = regt::requirement_per_unit(&legs[..n], mp, true);
    // A long index unit costs the index plus any net option debit (PPUT's put); the
    // covered call's credit stays in cash (BXM).
    let notional = if p.long_index {
        md.spot * SPX_MULTIPLIER - credit.min(0.0)
    } else if let Some(k) = short_put {
        k * SPX_MULTIPLIER
    } else {
        fill.spot * SPX_MULTIPLIER
    };
    let collateral = match p.collateral_basis {
        CollateralBasis::Notional => notional,
        CollateralBasis::SecuredAtExpiry => match short_put {
            Some(k) if !p.long_index => k * SPX_MULTIPLIER * (-md.rate * t).exp() - credit,
            _ => notional,
        },
        CollateralBasis::MaxLoss if !naked => {
            (widths[0].max(widths[1]) * SPX_MULTIPLIER - credit).max(SPX_MULTIPLIER * 0.05)
        }
        CollateralBasis::Width if !naked => widths[0].max(widths[1]) * SPX_MULTIPLIER,
        // Undefined maximum loss: the notional (documented).
        CollateralBasis::MaxLoss | CollateralBasis::Width => notional,
    };
    let open_cost = option_legs()
        .map(|l| {
            costs
                .leg_cost(
                    l.instrument.product(),
                    l.ratio.abs(),
                    l.quote(fill.vix),
                    false,
                )
                .total_usd()
        })
        .sum();
    Ok(CondorPlan {
        legs,
        n_legs: n,
        structure,
        expiry,
        credit_per_unit: credit,
        regt_per_unit,
        collateral_per_unit: collateral,
        open_cost_per_unit: open_cost,
    })
}

/// Units to trade for a sleeve equity of `equity` USD with `rungs` ladder rungs.
pub fn units(plan: &CondorPlan, p: &CondorParams, equity: f64, rungs: u32) -> f64 {
    let rungs = f64::from(rungs.max(1));
    let raw = match p.sizing {
        Sizing::MarginTarget if plan.regt_per_unit > 0.0 => {
            p.margin_target / rungs * equity / plan.regt_per_unit
        }
        Sizing::MarginTarget => 0.0,
        Sizing::Collateral => {
            let c = p.collateral_multiple * plan.collateral_per_unit + plan.open_cost_per_unit;
            if c > 0.0 { equity / rungs / c } else { 0.0 }
        }
    };
    let raw = if raw.is_finite() { raw.max(0.0) } else { 0.0 };
    if p.fractional_contracts {
        raw
    } else {
        raw.floor()
    }
}

/// True when an entry may be attempted today (before sizing): the rule's weekday and open
/// count, and the VIX filter.
pub fn wants_entry(p: &CondorParams, date: chrono::NaiveDate, vix: f64, open: usize) -> bool {
    if !p.enabled || (p.max_vix > 0.0 && vix > p.max_vix) {
        return false;
    }
    if p.ladder.enabled {
        date.weekday() == p.ladder.weekday.weekday() && open < p.ladder.max_open as usize
    } else {
        open == 0
    }
}

/// Why a condor position should close today, if it should.
pub fn exit_reason(
    pos: &Position,
    date: chrono::NaiveDate,
    p: &CondorParams,
) -> Option<&'static str> {
    if let Some(until) = pos.hold_until {
        return (date >= until).then_some("index leg rolled on its roll date");
    }
    if !pos.has_live_derivative() {
        return Some("index leg closed after the options settled");
    }
    if p.exit_dte > 0
        && pos
            .days_to_expiry(date)
            .is_some_and(|d| d <= i64::from(p.exit_dte))
    {
        return Some("time exit");
    }
    let credit = pos.entry_credit_usd;
    if credit > 0.0 {
        let cost_to_close = -pos.option_value_per_unit();
        if p.profit_take > 0.0 && cost_to_close <= (1.0 - p.profit_take) * credit {
            return Some("profit take");
        }
        if p.stop_loss > 0.0 && cost_to_close >= (1.0 + p.stop_loss) * credit {
            return Some("stop loss");
        }
    }
    None
}
