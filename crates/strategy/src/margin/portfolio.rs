//! Portfolio margin: worst loss of each class group over scenario moves.
//!
//! - SPX class (SPX options and the synthetic index leg): SPX moved by `pm_steps + 1`
//!   equally spaced points from `-pm_down` to `+pm_up` (default -8% .. +6%, 11 points), each
//!   option repriced by BSM at its current implied vol (vol held, sticky strike) and, when
//!   `pm_vol_shock > 0`, also at `iv +/- pm_vol_shock`; time and rates held.
//! - VIX class (VIX options and VX futures, no offset against SPX): every VX future moved by
//!   the same fraction from `-pm_vix_down` to `+pm_vix_up`, VIX options repriced by Black-76
//!   on the moved future at their current vol.
//! - Each class's requirement is `max(worst loss, pm_floor_per_contract_usd x option
//!   contracts in the class)`; the account requirement is the sum of the classes.
//!
//! A leg whose repricing fails (an input outside the pricing crate's ranges) is valued at
//! intrinsic on the moved underlying, which is the `t -> 0` limit.

use ringfence_pricing::black76::{self, Black76Inputs};
use ringfence_pricing::bsm::{self, BsmInputs};

use crate::instrument::Product;
use crate::params::MarginParams;
use crate::position::{Leg, Position};

/// Market inputs held fixed across scenarios.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PmContext {
    /// SPX close, index points.
    pub spot: f64,
    /// Risk-free rate, continuously compounded annual fraction.
    pub rate: f64,
    /// SPX dividend yield, continuously compounded annual fraction.
    pub div_yield: f64,
}

/// Most scenario points per class (price points x vol variants).
const MAX_SCENARIOS: usize = 3 * 64;

fn spx_leg_value(leg: &Leg, ctx: &PmContext, factor: f64, vol_shift: f64) -> f64 {
    let s = ctx.spot * factor;
    match leg.instrument.product() {
        Product::SpxIndex => s,
        Product::SpxOption => {
            let (Some(right), Some(k)) = (leg.instrument.right(), leg.instrument.strike()) else {
                return 0.0;
            };
            if leg.t_years <= 0.0 {
                return right.intrinsic(s, k);
            }
            let inputs = BsmInputs {
                right,
                spot: s,
                strike: k,
                t_years: leg.t_years,
                rate: ctx.rate,
                div_yield: ctx.div_yield,
                vol: (leg.iv + vol_shift).max(0.0),
            };
            bsm::price(&inputs).unwrap_or_else(|_| right.intrinsic(s, k))
        }
        _ => 0.0,
    }
}

fn vix_leg_value(leg: &Leg, ctx: &PmContext, factor: f64, vol_shift: f64) -> f64 {
    let f = leg.underlying * factor;
    match leg.instrument.product() {
        Product::VxFuture => f,
        Product::VixOption => {
            let (Some(right), Some(k)) = (leg.instrument.right(), leg.instrument.strike()) else {
                return 0.0;
            };
            if leg.t_years <= 0.0 || f <= 0.0 {
                return right.intrinsic(f, k);
            }
            let inputs = Black76Inputs {
                right,
                forward: f,
                strike: k,
                t_years: leg.t_years,
                rate: ctx.rate,
                vol: (leg.iv + vol_shift).max(0.0),
            };
            black76::price(&inputs).unwrap_or_else(|_| right.intrinsic(f, k))
        }
        _ => 0.0,
    }
}

/// Scenario grid of one class: price factors and vol shifts.
fn grid(down: f64, up: f64, steps: u32, vol_shock: f64) -> ([(f64, f64); MAX_SCENARIOS], usize) {
    let mut out = [(1.0, 0.0); MAX_SCENARIOS];
    let steps = steps.clamp(1, 63) as usize;
    let shifts: &[f64] = if vol_shock > 0.0 {
        &[0.0, 1.0, -1.0]
    } else {
        &[0.0]
    };
    let mut n = 0;
    for &v in shifts {
        for i in 0..=steps {
            let m = -down + (up + down) * i as f64 / steps as f64;
            out[n] = (1.0 + m, v * vol_shock);
            n += 1;
        }
    }
    (out, n)
}

/// Portfolio-margin requirement of a set of positions, USD.
pub fn requirement<'a, I>(positions: I, ctx: &PmContext, p: &MarginParams) -> f64
where
    I: Iterator<Item = &'a Position> + Clone,
{
    let (spx_grid, n_spx) = grid(p.pm_down, p.pm_up, p.pm_steps, p.pm_vol_shock);
    let (vix_grid, n_vix) = grid(p.pm_vix_down, p.pm_vix_up, p.pm_steps, 0.0);
    let mut spx_contracts = 0.0;
    let mut vix_contracts = 0.0;
    let mut has_spx = false;
    let mut has_vix = false;
    for pos in positions.clone() {
        for l in pos.legs().iter().filter(|l| l.live) {
            let c = (l.ratio * pos.quantity).abs();
            match l.instrument.product() {
                Product::SpxOption => {
                    spx_contracts += c;
                    has_spx = true;
                }
                Product::SpxIndex => has_spx = true,
                Product::VixOption => {
                    vix_contracts += c;
                    has_vix = true;
                }
                Product::VxFuture => has_vix = true,
            }
        }
    }
    let worst = |grid: &[(f64, f64)], spx: bool| -> f64 {
        let mut worst_pnl = 0.0_f64;
        for &(factor, shift) in grid {
            let mut pnl = 0.0;
            for pos in positions.clone() {
                for l in pos.legs().iter().filter(|l| l.live) {
                    let prod = l.instrument.product();
                    let in_class = matches!(prod, Product::SpxOption | Product::SpxIndex) == spx;
                    if !in_class {
                        continue;
                    }
                    let (now, moved) = if spx {
                        (
                            spx_leg_value(l, ctx, 1.0, 0.0),
                            spx_leg_value(l, ctx, factor, shift),
                        )
                    } else {
                        (
                            vix_leg_value(l, ctx, 1.0, 0.0),
                            vix_leg_value(l, ctx, factor, shift),
                        )
                    };
                    pnl += l.ratio * pos.quantity * l.instrument.multiplier() * (moved - now);
                }
            }
            worst_pnl = worst_pnl.min(pnl);
        }
        -worst_pnl
    };
    let mut total = 0.0;
    if has_spx {
        total += worst(&spx_grid[..n_spx], true).max(p.pm_floor_per_contract_usd * spx_contracts);
    }
    if has_vix {
        total += worst(&vix_grid[..n_vix], false).max(p.pm_floor_per_contract_usd * vix_contracts);
    }
    total
}
