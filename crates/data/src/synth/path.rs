//! The simulated daily path: volatility regime, log variance and SPX close.
//!
//! One step per trading day of `dt` model years. On day `t`:
//! 1. the regime moves with probability `rate * dt` to each other regime;
//! 2. an SPX down jump happens with probability `lambda_r * dt` (always on the day the
//!    crisis regime is entered, when `crisis_starts_with_jump`); its log size is
//!    `-(jump_min + Exp(jump_mean_excess))` and `ln v` jumps up by
//!    `var_jump_base + var_jump_per_unit * |J|`, a share `var_jump_same_day` of it that day
//!    and the rest the next day;
//! 3. the SPX log return is `(mu - v/2 - lambda_r k) dt + sqrt(v dt) z1 + J`, with
//!    `mu = drift_annual + drift_per_variance * v` and `k` the jump compensator;
//! 4. `ln v` moves by the exact OU transition towards the regime mean with shock
//!    `rho z1 + sqrt(1 - rho²) z2`.

use super::model::{ModelParams, Regime, TermModel};
use crate::rng::Rng;

/// Bounds on `ln v`, keeping the volatility between 1% and 200%.
const LOG_VAR_MIN: f64 = -9.21;
const LOG_VAR_MAX: f64 = 1.386;

/// End-of-day state of every simulated day.
#[derive(Debug, Clone)]
pub struct Path {
    /// Regime of each day.
    pub regimes: Vec<Regime>,
    /// `ln v` at each day's close (v in annual fraction²).
    pub log_var: Vec<f64>,
    /// SPX close, index points (unrounded).
    pub spx_close: Vec<f64>,
    /// Standard deviation of the day's diffusive SPX log return (0 on day 0).
    pub spx_sigma_day: Vec<f64>,
    /// Whether the day had an SPX down jump.
    pub jump: Vec<bool>,
}

/// Simulate `days` trading days from SPX level `spx0`, in the normal regime at its mean
/// variance. `streams` are the regime, diffusion and jump generators.
pub fn simulate(
    params: &ModelParams,
    term: &TermModel,
    days: usize,
    spx0: f64,
    dt: f64,
    streams: [&mut Rng; 3],
) -> Path {
    let [regime_rng, shock_rng, jump_rng] = streams;
    let kappa = params.var_reversion;
    let decay = (-kappa * dt).exp();
    let ou_sd = ((1.0 - decay * decay) / (2.0 * kappa)).sqrt();
    let rho = params.leverage_corr;
    let rho_perp = (1.0 - rho * rho).sqrt();
    let a = params.jump_min;
    let e = params.jump_mean_excess;
    // E[exp(J)] - 1 for J = -(a + Exp(mean e)).
    let compensator = (-a).exp() / (1.0 + e) - 1.0;

    let mut path = Path {
        regimes: Vec::with_capacity(days),
        log_var: Vec::with_capacity(days),
        spx_close: Vec::with_capacity(days),
        spx_sigma_day: Vec::with_capacity(days),
        jump: Vec::with_capacity(days),
    };
    let mut regime = Regime::Normal;
    let mut x = term.mean_log_var(regime);
    let mut s = spx0;
    // Part of the last jump's variance spike still to land.
    let mut pending = 0.0;
    for t in 0..days {
        let mut jump = false;
        let mut sigma_day = 0.0;
        if t > 0 {
            let previous = regime;
            regime = next_regime(params, regime, dt, regime_rng);
            let rp = &params.regimes[regime.index()];
            let entered_crisis = regime == Regime::Crisis && previous != Regime::Crisis;
            // Draw the jump uniform every day so the jump stream does not depend on regimes.
            let u = jump_rng.uniform();
            let mut size = a - e * (1.0 - jump_rng.uniform()).ln();
            let crash = entered_crisis && params.crisis_starts_with_jump;
            if crash {
                size += params.crisis_jump_extra;
            }
            jump = crash || u < rp.jump_intensity * dt;
            let z1 = shock_rng.normal();
            let z2 = shock_rng.normal();
            let v = x.exp();
            sigma_day = (v * dt).sqrt();
            let mu = params.drift_annual + params.drift_per_variance * v;
            let mut ret = (mu - 0.5 * v - rp.jump_intensity * compensator) * dt + sigma_day * z1;
            let m = rp.log_var_mean;
            x = m + (x - m) * decay + rp.vol_of_log_var * ou_sd * (rho * z1 + rho_perp * z2);
            x += pending;
            pending = 0.0;
            if jump {
                ret -= size;
                let dx = params.var_jump_base + params.var_jump_per_unit * size;
                x += params.var_jump_same_day * dx;
                pending = (1.0 - params.var_jump_same_day) * dx;
            }
            x = x.clamp(LOG_VAR_MIN, LOG_VAR_MAX);
            s *= ret.exp();
        }
        path.regimes.push(regime);
        path.log_var.push(x);
        path.spx_close.push(s);
        path.spx_sigma_day.push(sigma_day);
        path.jump.push(jump);
    }
    path
}

/// One day's regime transition.
fn next_regime(params: &ModelParams, regime: Regime, dt: f64, rng: &mut Rng) -> Regime {
    let u = rng.uniform();
    let mut acc = 0.0;
    for (j, rate) in params.regimes[regime.index()].exit_rates.iter().enumerate() {
        if j == regime.index() {
            continue;
        }
        acc += rate * dt;
        if u < acc {
            return Regime::ALL[j];
        }
    }
    regime
}
