//! The hedge sleeve (adaptive layered VIX hedge, ALVH): layer plans, spend and exit rules.
//!
//! - Layers: each layer holds at most one position, opened at the expiry nearest its
//!   `target_dte` (VIX expirations for VIX products, listed monthly SPX expiries for SPX
//!   puts) among those more than `roll_dte` days out, and rolled (closed, then reopened the
//!   same day) when the calendar days to its last expiry fall to `roll_dte`.
//! - Spend per (re)opening: `budget_annual x reference x share x holding / 365 x scale`,
//!   where `holding = target_dte - roll_dte` days is how long the layer is held, `share` its
//!   budget share and `scale` the day's signal scale; never above what the rolling 12-month
//!   budget has left ([`crate::sleeves::budget`]). Units = spend / charge per unit, floored unless
//!   `fractional_contracts`; no trade below one unit.
//! - Budget charge per unit: the premium at the execution price (mid + slippage) for
//!   options; for VX futures the carry `max(F - VIX, vx_min_carry_points) x $1,000`.
//! - Listing: with `listed_only` (default), VX futures open from 2004-03-26 and VIX options
//!   from 2006-02-24 only; earlier openings are skipped and counted (`skipped_entries`).
//! - Monetisation: close a layer when its value (marked value plus settled cash; for futures
//!   the charge plus variation margin received) reaches `monetise_multiple x` its cost, or
//!   when the VIX spike rule fires and the layer is in profit. The layer reopens at the next
//!   entry step (the same day), subject to budget and signals.

use chrono::NaiveDate;
use ringfence_data::MarketHistory;
use ringfence_pricing::OptionRight;
use ringfence_pricing::expiry::Expiry;
use ringfence_pricing::quote::VIX_DELTA_STRIKE_MAX;
use ringfence_pricing::strike::strike_for_forward_delta;

use crate::accounts::event::EventKind;
use crate::instrument::{Instrument, Strike, VX_MULTIPLIER};
use crate::market::day::MarketDay;
use crate::market::{Market, Snap};
use crate::params::{CostModel, HedgeInstrument, HedgeParams, StrikeKind, StrikeRule};
use crate::position::{Leg, MAX_LEGS, Position, Structure};
use crate::sleeves::fill::Fill;

/// Most hedge layers.
pub const MAX_LAYERS: usize = 8;

/// First trading day of VX futures (Cboe Futures Exchange launch).
pub const VX_LISTED: NaiveDate = match NaiveDate::from_ymd_opt(2004, 3, 26) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// First trading day of VIX options.
pub const VIX_OPTIONS_LISTED: NaiveDate = match NaiveDate::from_ymd_opt(2006, 2, 24) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// A layer with defaults resolved.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Layer {
    /// Target calendar days to expiry at opening.
    pub target_dte: u32,
    /// Roll point, calendar days to expiry.
    pub roll_dte: u32,
    /// Share of the annual budget.
    pub share: f64,
}

/// The resolved layers of a hedge configuration.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Layers {
    items: [Layer; MAX_LAYERS],
    n: usize,
}

impl Layers {
    /// Resolve roll points and shares (absent shares split what explicit shares leave).
    pub fn resolve(hp: &HedgeParams) -> Layers {
        let n = hp.layers.len().min(MAX_LAYERS);
        let explicit: f64 = hp.layers[..n].iter().filter_map(|l| l.budget_share).sum();
        let implicit = hp.layers[..n]
            .iter()
            .filter(|l| l.budget_share.is_none())
            .count();
        let rest = if implicit > 0 {
            (1.0 - explicit).max(0.0) / implicit as f64
        } else {
            0.0
        };
        let mut items = [Layer::default(); MAX_LAYERS];
        for (i, l) in hp.layers[..n].iter().enumerate() {
            items[i] = Layer {
                target_dte: l.target_dte,
                roll_dte: l.roll_dte.unwrap_or(hp.roll_dte),
                share: l.budget_share.unwrap_or(rest),
            };
        }
        Layers { items, n }
    }

    /// The layers.
    pub fn as_slice(&self) -> &[Layer] {
        &self.items[..self.n]
    }
}

/// One unit of a layer's structure, priced at the day's model mids.
#[derive(Debug, Clone)]
pub struct HedgePlan {
    /// Legs.
    pub legs: [Leg; MAX_LEGS],
    /// Number of legs used.
    pub n_legs: usize,
    /// Label.
    pub structure: Structure,
    /// Net premium per unit at mid, USD (+ = debit paid).
    pub debit_per_unit: f64,
    /// Budget charge per unit, USD.
    pub charge_per_unit: f64,
}

impl HedgePlan {
    /// The legs.
    pub fn legs(&self) -> &[Leg] {
        &self.legs[..self.n_legs]
    }
}

/// Whether the hedge instrument trades on `date` (always, unless `listed_only` and the date
/// is before the listing of VX futures or VIX options).
pub fn listed(hp: &HedgeParams, date: NaiveDate) -> bool {
    listed_from(hp).is_none_or(|from| date >= from)
}

/// The first day the hedge instrument trades: the listing of VX futures or VIX options
/// under `listed_only`, `None` when it always trades (SPX puts, or `listed_only` off).
pub fn listed_from(hp: &HedgeParams) -> Option<NaiveDate> {
    if !hp.listed_only {
        return None;
    }
    match hp.instrument {
        HedgeInstrument::VxFuture => Some(VX_LISTED),
        HedgeInstrument::VixCall
        | HedgeInstrument::VixCallSpread
        | HedgeInstrument::VixCallDiagonal => Some(VIX_OPTIONS_LISTED),
        HedgeInstrument::SpxPut => None,
    }
}

/// Most steps [`vix_strike`] takes towards a VIX call's delta strike (a guard: a strike
/// that still moves after these is kept).
const VIX_DELTA_STEPS_MAX: usize = 40;

fn snap_vix(k: f64, step: f64) -> f64 {
    ((k / step).round() * step).max(step)
}

/// The VX future of `expiry` at `fill`: the close's price, or the midday state's (the close
/// moved as the model's fair value moves with the VIX family).
fn vx_at<M: Market>(
    m: &M,
    md: &MarketDay<M>,
    expiry: NaiveDate,
    fill: &Fill<M::Snapshot>,
) -> Result<f64, &'static str> {
    if fill.at_close() {
        m.vx_future(md.day, expiry)
    } else {
        m.vx_future_at(md.day, expiry, fill.vol_scale)
    }
    .map_err(|_| "no VX future")
}

/// Price and implied vol of the VIX call of `expiry` and `strike` on the VX future
/// `forward` at `fill`: the market's quote at the close; at midday the model's, with the
/// fill's extra time to expiry.
fn vix_call_at<M: Market>(
    m: &M,
    md: &MarketDay<M>,
    expiry: NaiveDate,
    strike: f64,
    forward: f64,
    fill: &Fill<M::Snapshot>,
) -> Result<(f64, f64), &'static str> {
    if fill.at_close() {
        let q = m
            .vix_quote(md.day, expiry, strike, OptionRight::Call)
            .map_err(|_| "no VIX option quote")?;
        return Ok((q.price, q.iv));
    }
    let t = m.vix_t_years(md.date, expiry) + fill.extra_years;
    let tenor = m
        .vix_model_tenor(md.day, expiry, forward, t, md.rate)
        .map_err(|_| "no VIX option quote")?;
    m.vix_price_iv(&tenor, OptionRight::Call, strike)
        .map_err(|_| "no VIX option quote")
}

fn vix_strike<M: Market>(
    m: &M,
    md: &MarketDay<M>,
    rule: &StrikeRule,
    expiry: NaiveDate,
    forward: f64,
    fill: &Fill<M::Snapshot>,
    step: f64,
) -> Result<f64, &'static str> {
    Ok(match rule.kind {
        StrikeKind::PctOfFuture => snap_vix(rule.value * forward, step),
        StrikeKind::PctOtm => snap_vix((1.0 + rule.value) * forward, step),
        StrikeKind::PointsAboveFuture => snap_vix(forward + rule.value, step),
        StrikeKind::Delta => {
            // The strike whose forward delta at its own vol is the target: the fixed point
            // of "the delta's strike at this strike's vol", from the future. A calm smile
            // gets there in three steps; a spike's steep call wing moves the strike out
            // further each step, for as many steps as it takes, and may hold every delta
            // above the target out to VIX_DELTA_STRIKE_MAX times the future: no strike.
            let t = m.vix_t_years(md.date, expiry) + fill.extra_years;
            let mut k = snap_vix(forward, step);
            for i in 0..VIX_DELTA_STEPS_MAX {
                let (_, vol) = vix_call_at(m, md, expiry, k, forward, fill)?;
                let next = strike_for_forward_delta(OptionRight::Call, rule.value, forward, t, vol)
                    .map_err(|_| "no VIX strike for the delta")?;
                if next > VIX_DELTA_STRIKE_MAX * forward {
                    return Err("no VIX strike for the delta");
                }
                let next = snap_vix(next, step);
                let settled = i >= 2 && next == k;
                k = next;
                if settled {
                    break;
                }
            }
            k
        }
    })
}

/// The VIX call leg of `expiry` and `strike` on the VX future `f` ([`vx_at`] of the same
/// expiry and fill), `ratio` per unit.
fn vix_leg<M: Market>(
    m: &M,
    md: &MarketDay<M>,
    expiry: NaiveDate,
    f: f64,
    strike: f64,
    ratio: f64,
    fill: &Fill<M::Snapshot>,
) -> Result<Leg, &'static str> {
    let strike = Strike::from_points(strike).ok_or("invalid VIX strike")?;
    let (price, iv) = vix_call_at(m, md, expiry, strike.points(), f, fill)?;
    if !(price.is_finite() && iv.is_finite() && f.is_finite()) {
        return Err("non-finite VIX option quote");
    }
    let mut leg = Leg::new(
        Instrument::VixOption {
            expiry,
            right: OptionRight::Call,
            strike,
        },
        ratio,
        price,
    );
    leg.iv = iv;
    leg.t_years = m.vix_t_years(md.date, expiry) + fill.extra_years;
    leg.underlying = f;
    Ok(leg)
}

/// Build today's plan from the market and the parameters; `same_expiry`, an SPX put's
/// expiry instead of the layer's (the cross-roll's replacement put).
///
/// # Errors
/// Why no position can be opened today.
pub fn build<M: Market>(
    m: &M,
    md: &MarketDay<M>,
    hp: &HedgeParams,
    costs: &CostModel,
    layer: &Layer,
    same_expiry: Option<Expiry>,
) -> Result<HedgePlan, &'static str> {
    if !listed(hp, md.date) {
        return Err("the hedge instrument was not listed yet");
    }
    // The close, or midday.
    let fill = Fill::of(m, md, hp.entry_fill);
    let mut legs = [Leg::new(Instrument::SpxIndex, 0.0, 0.0); MAX_LEGS];
    let mut n = 0;
    let step = hp.vix_strike_step;
    let structure;
    let vix_expiry = || {
        m.vix_expiry(md.date, layer.target_dte, layer.roll_dte + 1)
            .ok_or("no VIX expiration for the layer")
    };
    let future = |e: NaiveDate| vx_at(m, md, e, &fill);
    match hp.instrument {
        HedgeInstrument::VixCall | HedgeInstrument::VixCallSpread => {
            let e = vix_expiry()?;
            let f = future(e)?;
            let k1 = vix_strike(m, md, &hp.long_strike, e, f, &fill, step)?;
            legs[n] = vix_leg(m, md, e, f, k1, 1.0, &fill)?;
            n += 1;
            if hp.instrument == HedgeInstrument::VixCallSpread {
                let k2 = vix_strike(m, md, &hp.short_strike, e, f, &fill, step)?.max(k1 + step);
                legs[n] = vix_leg(m, md, e, f, k2, -1.0, &fill)?;
                n += 1;
                structure = Structure::VixCallSpread;
            } else {
                structure = Structure::VixCall;
            }
        }
        HedgeInstrument::VixCallDiagonal => {
            let far = vix_expiry()?;
            let near = m
                .vix_expiry(md.date, 0, hp.diagonal_short_min_dte)
                .filter(|e| *e < far)
                .ok_or("no near VIX expiration before the layer's for the diagonal")?;
            let f_far = future(far)?;
            let f_near = future(near)?;
            let k1 = vix_strike(m, md, &hp.long_strike, far, f_far, &fill, step)?;
            let k2 = vix_strike(m, md, &hp.short_strike, near, f_near, &fill, step)?;
            legs[n] = vix_leg(m, md, far, f_far, k1, 1.0, &fill)?;
            legs[n + 1] = vix_leg(m, md, near, f_near, k2, -1.0, &fill)?;
            n += 2;
            structure = Structure::VixCallDiagonal;
        }
        HedgeInstrument::VxFuture => {
            let e = vix_expiry()?;
            let f = future(e)?;
            let mut leg = Leg::new(Instrument::VxFuture { expiry: e }, 1.0, f);
            leg.t_years = m.vix_t_years(md.date, e) + fill.extra_years;
            leg.underlying = f;
            legs[n] = leg;
            n += 1;
            structure = Structure::VxFuture;
        }
        HedgeInstrument::SpxPut => {
            let max_dte = layer.target_dte.saturating_mul(2).max(layer.roll_dte + 30);
            let e = match same_expiry {
                Some(e) => e,
                None => m
                    .spx_expiry(md.date, layer.target_dte, layer.roll_dte + 1, max_dte, true)
                    .ok_or("no listed SPX expiry for the layer")?,
            };
            let t_close = m.spx_t_years(md.date, e);
            if t_close <= 0.0 {
                return Err("SPX expiry not after the trade date");
            }
            let t = t_close + fill.extra_years;
            let k = match hp.long_strike.kind {
                StrikeKind::Delta => m
                    .spx_strike_for_delta(
                        &fill.snap,
                        OptionRight::Put,
                        hp.long_strike.value,
                        t,
                        md.date,
                    )
                    .map_err(|_| "no SPX strike for the put delta")?,
                _ => m.spx_snap(
                    md.date,
                    fill.spot,
                    fill.spot * (1.0 - hp.long_strike.value),
                    Snap::Down,
                ),
            };
            let strike = Strike::from_points(k).ok_or("invalid SPX strike")?;
            let q = m
                .spx_quote(&fill.snap, OptionRight::Put, strike.points(), t)
                .map_err(|_| "no SPX put quote")?;
            let mut leg = Leg::new(
                Instrument::SpxOption {
                    expiry: e,
                    right: OptionRight::Put,
                    strike,
                },
                1.0,
                q.price,
            );
            leg.iv = q.iv;
            leg.t_years = t;
            leg.underlying = fill.spot;
            leg.half_spread = crate::market::day::quoted(m.spx_half_spread(
                &fill.snap,
                OptionRight::Put,
                strike.points(),
                t,
            ));
            legs[n] = leg;
            n += 1;
            structure = Structure::SpxPut;
        }
    }
    let legs_used = &legs[..n];
    let debit: f64 = legs_used
        .iter()
        .filter(|l| l.instrument.is_option())
        .map(|l| l.ratio * l.entry_price * l.instrument.multiplier())
        .sum();
    let charge = if hp.instrument == HedgeInstrument::VxFuture {
        (legs_used[0].entry_price - fill.vix).max(hp.vx_min_carry_points) * VX_MULTIPLIER
    } else {
        let slip: f64 = legs_used
            .iter()
            .map(|l| {
                costs
                    .leg_cost(
                        l.instrument.product(),
                        l.ratio.abs(),
                        l.quote(fill.vix),
                        false,
                    )
                    .slippage_usd
            })
            .sum();
        debit + slip
    };
    if charge <= 0.0 || !charge.is_finite() {
        return Err("the layer's structure costs nothing to open (credit or zero debit)");
    }
    Ok(HedgePlan {
        legs,
        n_legs: n,
        structure,
        debit_per_unit: debit,
        charge_per_unit: charge,
    })
}

/// True when the VIX spike rule fires on `day`: VIX at or above `spike_level`, or up
/// `spike_rise` or more over `spike_days` trading days (data up to `day` only).
pub fn spike_fires(h: &MarketHistory, day: usize, hp: &HedgeParams) -> bool {
    let vix = h.vix.close[day];
    let level = hp.spike_level > 0.0 && vix >= hp.spike_level;
    let k = hp.spike_days as usize;
    let rise = hp.spike_rise > 0.0
        && k > 0
        && day >= k
        && h.vix.close[day - k] > 0.0
        && vix / h.vix.close[day - k] - 1.0 >= hp.spike_rise;
    level || rise
}

/// Base spend of one (re)opening of `layer`, USD, before the signal scale.
pub fn base_spend(hp: &HedgeParams, layer: &Layer, reference: f64) -> f64 {
    let hold = f64::from(layer.target_dte.saturating_sub(layer.roll_dte).max(1));
    hp.budget_annual * reference * layer.share * hold / 365.0
}

/// Value of a hedge position for monetisation and its cost, USD.
pub fn value_and_cost(pos: &Position) -> (f64, f64) {
    if pos.structure == Structure::VxFuture {
        (
            pos.budget_charge_usd + pos.variation_usd,
            pos.budget_charge_usd,
        )
    } else {
        (
            pos.market_value() + pos.settled_usd,
            pos.entry_cost_usd * pos.quantity,
        )
    }
}

/// Why a hedge position should close today, if it should.
pub fn exit_reason(
    pos: &Position,
    date: NaiveDate,
    spike: bool,
    hp: &HedgeParams,
    layer: &Layer,
) -> Option<(EventKind, &'static str)> {
    if pos
        .days_to_last_expiry(date)
        .is_none_or(|d| d <= i64::from(layer.roll_dte))
    {
        return Some((EventKind::Roll, "roll point reached"));
    }
    let (value, cost) = value_and_cost(pos);
    if cost > 0.0 {
        if hp.monetise_multiple > 0.0 && value >= hp.monetise_multiple * cost {
            return Some((EventKind::Monetise, "value multiple reached"));
        }
        if spike && value > cost {
            return Some((EventKind::Monetise, "VIX spike"));
        }
    }
    None
}
