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
use crate::margin::scan_memo;
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

/// Scenario grid of one class: SPX (or VX) moved by `steps + 1` equally spaced factors from
/// `1 - down` to `1 + up`, at the current vol and, when `vol_shock > 0`, at `+/- vol_shock`.
#[derive(Debug, Clone, Copy)]
struct Grid {
    down: f64,
    up: f64,
    steps: usize,
    vol_shock: f64,
}

impl Grid {
    fn new(down: f64, up: f64, steps: u32, vol_shock: f64) -> Grid {
        Grid {
            down,
            up,
            steps: steps.clamp(1, 63) as usize,
            vol_shock,
        }
    }

    /// Number of points: price moves x vol variants.
    fn len(&self) -> usize {
        let shifts = if self.vol_shock > 0.0 { 3 } else { 1 };
        shifts * (self.steps + 1)
    }

    /// Point `j`: (price factor, vol shift), the vol variants in the order 0, +, -.
    fn point(&self, j: usize) -> (f64, f64) {
        const SHIFTS: [f64; 3] = [0.0, 1.0, -1.0];
        let (v, i) = (SHIFTS[j / (self.steps + 1)], j % (self.steps + 1));
        let m = -self.down + (self.up + self.down) * i as f64 / self.steps as f64;
        (1.0 + m, v * self.vol_shock)
    }

    /// The grid's inputs as exact bits, for the scan memo's key.
    fn bits(&self) -> [u64; 4] {
        [
            self.down.to_bits(),
            self.up.to_bits(),
            self.steps as u64,
            self.vol_shock.to_bits(),
        ]
    }
}

/// The inputs a leg's scan depends on, as exact bits (see [`scan_memo`]): the contract, its
/// implied vol, time to expiry and underlying, the day's spot, rate and dividend yield, the
/// class and the grid.
fn scan_key(l: &Leg, ctx: &PmContext, spx: bool, grid: &Grid) -> scan_memo::ScanKey {
    let [g0, g1, g2, g3] = grid.bits();
    [
        l.instrument.key(),
        l.iv.to_bits(),
        l.t_years.to_bits(),
        l.underlying.to_bits(),
        ctx.spot.to_bits(),
        ctx.rate.to_bits(),
        ctx.div_yield.to_bits(),
        u64::from(spx),
        g0,
        g1,
        g2,
        g3,
    ]
}

/// Portfolio-margin requirement of a set of positions, USD.
pub fn requirement<'a, I>(positions: I, ctx: &PmContext, p: &MarginParams) -> f64
where
    I: Iterator<Item = &'a Position> + Clone,
{
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
    // Each leg's value now and at every scenario point comes from the scan memo (computed
    // once per leg state); the P&L of every point accumulates over the legs in position
    // order.
    let worst = |grid: Grid, spx: bool| -> f64 {
        let n = grid.len();
        let mut pnl = [0.0_f64; MAX_SCENARIOS];
        let pnl = &mut pnl[..n];
        for pos in positions.clone() {
            for l in pos.legs().iter().filter(|l| l.live) {
                let prod = l.instrument.product();
                let in_class = matches!(prod, Product::SpxOption | Product::SpxIndex) == spx;
                if !in_class {
                    continue;
                }
                let value = |factor, shift| {
                    if spx {
                        spx_leg_value(l, ctx, factor, shift)
                    } else {
                        vix_leg_value(l, ctx, factor, shift)
                    }
                };
                let weight = l.ratio * pos.quantity * l.instrument.multiplier();
                let mut accumulate = |values: &[f64]| {
                    let now = values[0];
                    for (acc, moved) in pnl.iter_mut().zip(&values[1..]) {
                        *acc += weight * (moved - now);
                    }
                };
                let fill = |values: &mut [f64]| {
                    values[0] = value(1.0, 0.0);
                    for (j, v) in values[1..].iter_mut().enumerate() {
                        let (factor, shift) = grid.point(j);
                        *v = value(factor, shift);
                    }
                };
                if n + 1 > scan_memo::MAX_VALUES {
                    // A grid finer than the memo's slots: scanned every time.
                    let mut values = [0.0; MAX_SCENARIOS + 1];
                    fill(&mut values[..=n]);
                    accumulate(&values[..=n]);
                    continue;
                }
                let key = scan_key(l, ctx, spx, &grid);
                scan_memo::with_scan(&key, n + 1, fill, accumulate);
            }
        }
        -pnl.iter().fold(0.0_f64, |w, &x| w.min(x))
    };
    let mut total = 0.0;
    if has_spx {
        let grid = Grid::new(p.pm_down, p.pm_up, p.pm_steps, p.pm_vol_shock);
        total += worst(grid, true).max(p.pm_floor_per_contract_usd * spx_contracts);
    }
    if has_vix {
        let grid = Grid::new(p.pm_vix_down, p.pm_vix_up, p.pm_steps, 0.0);
        total += worst(grid, false).max(p.pm_floor_per_contract_usd * vix_contracts);
    }
    total
}
