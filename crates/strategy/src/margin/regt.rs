//! Strategy-based Reg-T requirements (Cboe Rule 10.3, customer margin), per position, from
//! its legs.
//!
//! Conventions (USD, per contract x multiplier, then x units):
//! - Long options and debit spreads: paid in full at entry, no loan value, no further
//!   requirement (their value does not count toward excess: see [`super`]).
//! - A short option paired with a long option of the same product and right expiring on or
//!   after it (vertical, diagonal, calendar): the strike difference at risk, calls
//!   `max(0, K_long - K_short)`, puts `max(0, K_short - K_long)`; the long leg is paid in
//!   full at entry.
//! - Put spread and call spread on the same product and expiry (iron condor, iron
//!   butterfly): the larger of the two sides (only one side can lose at expiry); the credit
//!   stays in the account.
//! - Naked short option: `mark + max(pct x U - OTM, min_pct x (U for calls, K for puts))`,
//!   pct = 15% for SPX and 20% for VIX (configurable), U = SPX close or the same-expiry VX
//!   future. Short put and short call of the same expiry (strangle, straddle): the larger
//!   naked requirement plus the other side's mark.
//! - Short calls covered by the long synthetic index leg (covered call): nothing.
//! - VX futures: initial `max(floor, pct x F x $1,000)` at entry, maintenance = initial /
//!   divisor afterwards.
//!
//! **Pairing across positions** (`margin.pair_across_positions`, step 7 of the mechanism ladder). A
//! broker's strategy-based margin pairs legs across the whole account. Each position's legs
//! are paired among themselves first (as above); then, in the order the positions were
//! opened, each naked short option is paired with the unused long options of the account's
//! other positions (same product and right, expiring on or after the short, least money at
//! risk first) wherever the spread's requirement `|K_short - K_long| x multiplier` is below
//! the short's naked requirement, and margined as that spread. The long stays paid in full.
//! In a commingled account SPX put hedges so cover the condor's naked puts; a ring-fenced
//! core holds no hedge to pair with. A broker's optimiser may find a cheaper pairing than
//! this greedy one; the rule never charges more than each position on its own.

use chrono::NaiveDate;
use ringfence_pricing::OptionRight;

use crate::instrument::Product;
use crate::params::MarginParams;
use crate::position::{Leg, Position};

/// VX initial margin per contract at futures price `price` (VIX points), USD.
pub fn vx_initial(price: f64, p: &MarginParams) -> f64 {
    p.vx_initial_floor_usd
        .max(p.vx_initial_pct * price.max(0.0) * crate::instrument::VX_MULTIPLIER)
}

/// VX maintenance margin per contract at futures price `price`, USD.
pub fn vx_maintenance(price: f64, p: &MarginParams) -> f64 {
    vx_initial(price, p) / p.vx_maintenance_divisor
}

/// Naked requirement of one short option contract, USD (mark included).
pub fn naked_option(leg: &Leg, p: &MarginParams) -> f64 {
    let (Some(right), Some(k)) = (leg.instrument.right(), leg.instrument.strike()) else {
        return 0.0;
    };
    let pct = match leg.instrument.product() {
        Product::VixOption => p.vix_naked_pct,
        _ => p.spx_naked_pct,
    };
    let u = leg.underlying;
    let (otm, floor_base) = match right {
        OptionRight::Call => ((k - u).max(0.0), u),
        OptionRight::Put => ((u - k).max(0.0), k),
    };
    let add = (pct * u - otm).max(p.naked_min_pct * floor_base);
    (leg.mark.max(0.0) + add) * leg.instrument.multiplier()
}

fn at_risk(right: OptionRight, k_short: f64, k_long: f64) -> f64 {
    match right {
        OptionRight::Call => (k_long - k_short).max(0.0),
        OptionRight::Put => (k_short - k_long).max(0.0),
    }
}

/// Requirement of one side (put or call) of one short expiry, per unit.
#[derive(Debug, Clone, Copy, Default)]
struct Side {
    spread: f64,
    naked: f64,
    naked_premium: f64,
    has_naked: bool,
}

/// Requirement groups keyed by (product, short expiry); at most [`MAX_GROUPS`].
const MAX_GROUPS: usize = 5;

/// A long option of another position that can cover a naked short.
#[derive(Debug, Clone, Copy)]
struct Cover {
    /// Index of the position holding the long.
    owner: usize,
    /// Index of the cover in the account's pool.
    slot: usize,
    product: Product,
    right: OptionRight,
    expiry: Option<NaiveDate>,
    strike: f64,
    /// Contracts still free: absolute in the account's pool, per unit of the position being
    /// margined while it is paired.
    contracts: f64,
}

/// How one unit of a set of legs pairs.
struct Pairing {
    /// Requirement, USD.
    total: f64,
    /// The requirement depends on marks or the underlying.
    dependent: bool,
    /// Some short option is naked (uncovered after pairing).
    naked: bool,
    /// Long ratio per leg left unused by the position's own shorts.
    long_left: [f64; crate::position::MAX_LEGS],
}

/// Reg-T requirement of a whole position, USD. `initial` selects VX initial rather than
/// maintenance margin (entries).
pub fn requirement(pos: &Position, p: &MarginParams, initial: bool) -> f64 {
    match pos.regt_static_per_unit {
        Some(r) => pos.quantity * r,
        None => pos.quantity * requirement_per_unit(pos.legs(), p, initial),
    }
}

/// Reg-T requirement of an account's positions, USD: the sum of each position's own
/// requirement, less what pairing naked shorts with the other positions' unused longs saves
/// when `pair_across_positions` is set (see the module documentation).
pub fn account_requirement(positions: &[Position], p: &MarginParams) -> f64 {
    let standalone = || positions.iter().map(|x| requirement(x, p, false)).sum();
    if !p.pair_across_positions
        || positions.len() < 2
        || positions.iter().all(|x| x.regt_static_per_unit.is_some())
    {
        return standalone();
    }
    let mut pool: Vec<Cover> = Vec::new();
    // Each position's requirement on its own (what `requirement` gives), kept for the
    // positions no cover reaches.
    let mut alone: Vec<f64> = Vec::with_capacity(positions.len());
    let mut any_naked = false;
    for (owner, pos) in positions.iter().enumerate() {
        let own = pair(pos.legs(), p, false, &mut []);
        alone.push(pos.quantity * pos.regt_static_per_unit.unwrap_or(own.total));
        any_naked |= own.naked;
        for (j, l) in pos.legs().iter().enumerate() {
            let (Some(right), Some(strike)) = (l.instrument.right(), l.instrument.strike()) else {
                continue;
            };
            if l.live && l.instrument.is_option() && own.long_left[j] > 1e-12 {
                pool.push(Cover {
                    owner,
                    slot: pool.len(),
                    product: l.instrument.product(),
                    right,
                    expiry: l.instrument.expiry_date(),
                    strike,
                    contracts: own.long_left[j] * pos.quantity,
                });
            }
        }
    }
    if !any_naked || pool.is_empty() {
        return alone.iter().sum();
    }
    let mut total = 0.0;
    let mut covers: Vec<Cover> = Vec::with_capacity(pool.len());
    for (owner, pos) in positions.iter().enumerate() {
        covers.clear();
        if pos.regt_static_per_unit.is_none() && pos.quantity > 0.0 {
            covers.extend(pool.iter().filter(|c| c.owner != owner).map(|c| Cover {
                contracts: c.contracts / pos.quantity,
                ..*c
            }));
        }
        if covers.is_empty() {
            total += alone[owner];
            continue;
        }
        total += pos.quantity * pair(pos.legs(), p, false, &mut covers).total;
        for c in &covers {
            pool[c.slot].contracts = c.contracts * pos.quantity;
        }
    }
    total
}

/// Reg-T requirement of one unit of a set of legs, USD.
pub fn requirement_per_unit(legs: &[Leg], p: &MarginParams, initial: bool) -> f64 {
    pair(legs, p, initial, &mut []).total
}

/// The per-unit requirement when it does not depend on marks (only spreads, condors,
/// covered calls and long options: no naked short and no VX future), for caching in
/// [`Position::regt_static_per_unit`].
pub fn static_per_unit(legs: &[Leg], p: &MarginParams) -> Option<f64> {
    let r = pair(legs, p, false, &mut []);
    (!r.dependent).then_some(r.total)
}

/// Pair one unit of `legs` (own longs first, then the index leg for calls, then `covers`,
/// whose contracts are per unit and are used up): its requirement, whether it depends on
/// marks, whether a short is left naked, and the longs its shorts left unused.
fn pair(legs: &[Leg], p: &MarginParams, initial: bool, covers: &mut [Cover]) -> Pairing {
    let mut dependent = false;
    let mut any_naked = false;
    let mut total = 0.0;
    // Remaining long ratio per leg available to cover shorts.
    let mut long_left = [0.0_f64; crate::position::MAX_LEGS];
    let mut index_cover = 0.0;
    for (i, l) in legs.iter().enumerate() {
        if !l.live {
            continue;
        }
        match l.instrument.product() {
            Product::VxFuture => {
                dependent = true;
                let per = if initial {
                    vx_initial(l.mark, p)
                } else {
                    vx_maintenance(l.mark, p)
                };
                total += l.ratio.abs() * per;
            }
            Product::SpxIndex => index_cover += l.ratio.max(0.0),
            _ => long_left[i] = l.ratio.max(0.0),
        }
    }
    let mut keys: [(Product, Option<chrono::NaiveDate>); MAX_GROUPS] =
        [(Product::SpxIndex, None); MAX_GROUPS];
    let mut groups = [[Side::default(); 2]; MAX_GROUPS];
    let mut n_groups = 0;
    for s in legs.iter() {
        if !s.live || !s.instrument.is_option() || s.ratio >= 0.0 {
            continue;
        }
        let (Some(right), Some(ks)) = (s.instrument.right(), s.instrument.strike()) else {
            continue;
        };
        let expiry = s.instrument.expiry_date();
        let mut short_left = -s.ratio;
        let mut spread = 0.0;
        // Pair with the longs of the same product and right expiring on or after it, least
        // money at risk first.
        while short_left > 1e-12 {
            let mut best: Option<(usize, f64)> = None;
            for (j, l) in legs.iter().enumerate() {
                if long_left[j] <= 1e-12
                    || l.instrument.product() != s.instrument.product()
                    || l.instrument.right() != Some(right)
                    || l.instrument.expiry_date() < expiry
                {
                    continue;
                }
                let risk = at_risk(right, ks, l.instrument.strike().unwrap_or(ks));
                if best.is_none_or(|(_, r)| risk < r) {
                    best = Some((j, risk));
                }
            }
            let Some((j, risk)) = best else { break };
            let m = short_left.min(long_left[j]);
            spread += m * risk * s.instrument.multiplier();
            long_left[j] -= m;
            short_left -= m;
        }
        let mut naked = 0.0;
        let mut premium = 0.0;
        if short_left > 1e-12 && right == OptionRight::Call && index_cover > 1e-12 {
            let m = short_left.min(index_cover);
            index_cover -= m;
            short_left -= m;
        }
        if short_left > 1e-12 && !covers.is_empty() {
            let naked_per_contract = naked_option(s, p);
            while short_left > 1e-12 {
                let mut best: Option<(usize, f64)> = None;
                for (j, c) in covers.iter().enumerate() {
                    if c.contracts <= 1e-12
                        || c.product != s.instrument.product()
                        || c.right != right
                        || c.expiry < expiry
                    {
                        continue;
                    }
                    let risk = at_risk(right, ks, c.strike);
                    if risk * s.instrument.multiplier() < naked_per_contract
                        && best.is_none_or(|(_, r)| risk < r)
                    {
                        best = Some((j, risk));
                    }
                }
                let Some((j, risk)) = best else { break };
                let m = short_left.min(covers[j].contracts);
                spread += m * risk * s.instrument.multiplier();
                covers[j].contracts -= m;
                short_left -= m;
            }
        }
        if short_left > 1e-12 {
            naked = short_left * naked_option(s, p);
            premium = short_left * s.mark.max(0.0) * s.instrument.multiplier();
        }
        let key = (s.instrument.product(), expiry);
        let g = match keys[..n_groups].iter().position(|k| *k == key) {
            Some(g) => g,
            None if n_groups < MAX_GROUPS => {
                keys[n_groups] = key;
                n_groups += 1;
                n_groups - 1
            }
            None => {
                // More short expiries than groups: no offsets for this leg.
                dependent |= naked > 0.0;
                any_naked |= naked > 0.0;
                total += spread + naked;
                continue;
            }
        };
        let side = &mut groups[g][usize::from(right == OptionRight::Call)];
        side.spread += spread;
        side.naked += naked;
        side.naked_premium += premium;
        side.has_naked |= naked > 0.0;
        dependent |= naked > 0.0;
        any_naked |= naked > 0.0;
    }
    for [put, call] in groups.iter().take(n_groups) {
        total += if put.has_naked && call.has_naked && put.spread == 0.0 && call.spread == 0.0 {
            // Strangle / straddle: larger naked requirement plus the other side's premium.
            if put.naked >= call.naked {
                put.naked + call.naked_premium
            } else {
                call.naked + put.naked_premium
            }
        } else if !put.has_naked && !call.has_naked {
            // Iron condor / butterfly: one side can lose at expiry.
            put.spread.max(call.spread)
        } else {
            put.spread + put.naked + call.spread + call.naked
        };
    }
    Pairing {
        total,
        dependent,
        naked: any_naked,
        long_left,
    }
}
