//! Parameters of the synthetic market model and its closed-form expected-variance term
//! structure.
//!
//! The state is a volatility regime `r` (calm, normal, crisis: a continuous-time Markov
//! chain) and the log instantaneous variance `x = ln v` (`v` in annual fraction², so
//! `sqrt(v)` is the annualised volatility). `x` follows an Ornstein-Uhlenbeck process
//! pulled to the regime's mean `m_r` at speed `kappa`, with regime-dependent volatility
//! `xi_r`, correlated with the SPX shock (leverage), plus upward jumps whenever SPX jumps
//! down. Time runs in model years of 252 trading days.
//!
//! Expectations for the VIX family use a two-factor approximation: the regime mean itself
//! is expected to fade to its stationary average `m̄` at rate `κ_m` (the regime's exit rate
//! plus `q_regime_speedup`), so
//! `E[x_s] = x e^{-κs} + m̄_Q (1 - e^{-κs}) + (m_r - m̄) κ (e^{-κ_m s} - e^{-κs}) / (κ - κ_m)`
//! and `E[v_s] = exp(E[x_s] + Var[x_s]/2)`, plus the expected jump variance
//! `lambda(s) E[J²]`. The risk-neutral measure differs from the physical one by a higher
//! long-run mean (`m̄_Q = m̄ + q_log_var_shift`, which makes the curve slope upward on
//! calm days) and a multiplicative premium (`1 + variance_risk_premium`), so the VIX sits
//! above realised volatility on average.

use serde::Serialize;

/// Number of volatility regimes.
pub const REGIMES: usize = 3;

/// Volatility regime of the Markov chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    /// Low-volatility bull market.
    Calm = 0,
    /// Ordinary conditions.
    Normal = 1,
    /// Market stress: high variance, frequent down jumps.
    Crisis = 2,
}

impl Regime {
    /// All regimes in index order.
    pub const ALL: [Regime; REGIMES] = [Regime::Calm, Regime::Normal, Regime::Crisis];

    /// Index into per-regime arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Per-regime parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegimeParams {
    /// Mean of `ln v` the variance reverts to (v in annual fraction²; ln(0.02) is about a
    /// 14% volatility).
    pub log_var_mean: f64,
    /// Volatility of `ln v`, per sqrt(model year).
    pub vol_of_log_var: f64,
    /// Intensity of SPX down jumps, per model year.
    pub jump_intensity: f64,
    /// Transition rates to each regime, per model year (own entry ignored).
    pub exit_rates: [f64; REGIMES],
}

/// Short-rate (3-month T-bill, discount basis) parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateParams {
    /// Rate on the first day, percent.
    pub initial_pct: f64,
    /// Level the rate reverts to in each regime, percent (central banks cut in crises).
    pub target_pct: [f64; REGIMES],
    /// Mean-reversion speed, per model year.
    pub reversion: f64,
    /// Volatility, percent per sqrt(year) at a 1% rate level (square-root diffusion).
    pub vol: f64,
}

/// All model parameters. [`ModelParams::default`] is the calibrated set documented in
/// `data/README.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelParams {
    /// Expected arithmetic SPX price return at zero variance, annual fraction (jumps
    /// compensated).
    pub drift_annual: f64,
    /// Extra expected return per unit of instantaneous variance (equity risk premium that
    /// rises with volatility; 0.5 makes the expected log return independent of `v`).
    pub drift_per_variance: f64,
    /// Mean-reversion speed `kappa` of `ln v`, per model year.
    pub var_reversion: f64,
    /// Correlation of the SPX and `ln v` Brownian shocks (negative: leverage effect).
    pub leverage_corr: f64,
    /// Calm, normal and crisis regime parameters.
    pub regimes: [RegimeParams; REGIMES],
    /// Smallest SPX down jump, log return magnitude (0.02 = about -2%).
    pub jump_min: f64,
    /// Mean of the exponential excess of a down jump over `jump_min`, log return magnitude.
    pub jump_mean_excess: f64,
    /// Jump of `ln v` accompanying an SPX jump: `base + per_unit * |J|`.
    pub var_jump_base: f64,
    /// Jump of `ln v` per unit of SPX log jump magnitude.
    pub var_jump_per_unit: f64,
    /// Share of the `ln v` jump applied on the jump day; the rest lands on the next day
    /// (stress builds over two sessions rather than in one print).
    pub var_jump_same_day: f64,
    /// Whether entering the crisis regime comes with an SPX down jump (the crash that
    /// starts a crisis).
    pub crisis_starts_with_jump: bool,
    /// Extra log magnitude of the jump that starts a crisis (added to the usual draw).
    pub crisis_jump_extra: f64,
    /// Risk-neutral expected variance = physical expected variance x (1 + this).
    pub variance_risk_premium: f64,
    /// Risk-neutral long-run mean of `ln v` minus the physical one: the term premium that
    /// makes the VIX curve slope upward on most days.
    pub q_log_var_shift: f64,
    /// Extra speed, per year, at which the risk-neutral expectation sees the current
    /// regime's mean fade to the long-run mean (markets price crises as passing faster than
    /// the regime chain alone implies).
    pub q_regime_speedup: f64,
    /// Share of a day's SPX variance that falls overnight (close to open).
    pub overnight_share: f64,
    /// Elasticity of VVIX to the ratio of current to regime-mean variance.
    pub vvix_level_elasticity: f64,
    /// Daily log noise of VVIX around its model value.
    pub vvix_noise: f64,
    /// T-bill process.
    pub rate: RateParams,
}

impl Default for ModelParams {
    fn default() -> Self {
        ModelParams {
            drift_annual: 0.094,
            drift_per_variance: 0.5,
            var_reversion: 12.0,
            leverage_corr: -0.85,
            regimes: [
                RegimeParams {
                    log_var_mean: (0.010f64).ln(),
                    vol_of_log_var: 2.3,
                    jump_intensity: 0.3,
                    exit_rates: [0.0, 0.35, 0.08],
                },
                RegimeParams {
                    log_var_mean: (0.022f64).ln(),
                    vol_of_log_var: 3.5,
                    jump_intensity: 1.5,
                    exit_rates: [0.3, 0.0, 0.35],
                },
                RegimeParams {
                    log_var_mean: (0.065f64).ln(),
                    vol_of_log_var: 3.5,
                    jump_intensity: 6.0,
                    exit_rates: [0.0, 3.0, 0.0],
                },
            ],
            jump_min: 0.015,
            jump_mean_excess: 0.02,
            var_jump_base: 0.15,
            var_jump_per_unit: 20.0,
            var_jump_same_day: 0.5,
            crisis_starts_with_jump: true,
            crisis_jump_extra: 0.02,
            variance_risk_premium: 0.17,
            q_log_var_shift: 0.8,
            q_regime_speedup: 4.0,
            overnight_share: 0.2,
            vvix_level_elasticity: 0.15,
            vvix_noise: 0.04,
            rate: RateParams {
                initial_pct: 7.9,
                target_pct: [3.5, 2.5, 0.1],
                reversion: 0.5,
                vol: 0.55,
            },
        }
    }
}

/// Stationary distribution of the regime chain, by power iteration of the one-day
/// transition matrix.
pub fn stationary(params: &ModelParams, dt: f64) -> [f64; REGIMES] {
    let mut p = [1.0 / REGIMES as f64; REGIMES];
    for _ in 0..20_000 {
        let mut next = [0.0; REGIMES];
        for (i, pi) in p.iter().enumerate() {
            let rates = &params.regimes[i].exit_rates;
            let mut stay = 1.0;
            for (j, rate) in rates.iter().enumerate() {
                if j != i {
                    next[j] += pi * rate * dt;
                    stay -= rate * dt;
                }
            }
            next[i] += pi * stay;
        }
        p = next;
    }
    p
}

/// Closed-form expected-variance term structure for one regime, precomputed.
#[derive(Debug, Clone)]
pub struct TermModel {
    kappa: f64,
    /// Per regime: effective mean of `x` (OU target plus the mean push of variance jumps).
    m_eff: [f64; REGIMES],
    /// Per regime: xi².
    xi2: [f64; REGIMES],
    /// Per regime: expected jump variance per year, lambda E[J²].
    jump_var: [f64; REGIMES],
    /// Per regime: total exit rate plus the risk-neutral speed-up, per year.
    exit: [f64; REGIMES],
    m_bar: f64,
    /// Risk-neutral long-run mean of `x`.
    m_bar_q: f64,
    xi2_bar: f64,
    jump_var_bar: f64,
    q_factor: f64,
}

/// Gauss-Legendre nodes and weights on [-1, 1], 8 points.
const GL_NODES: [f64; 8] = [
    -0.960_289_856_497_536_3,
    -0.796_666_477_413_626_7,
    -0.525_532_409_916_329,
    -0.183_434_642_495_649_8,
    0.183_434_642_495_649_8,
    0.525_532_409_916_329,
    0.796_666_477_413_626_7,
    0.960_289_856_497_536_3,
];
const GL_WEIGHTS: [f64; 8] = [
    0.101_228_536_290_376_26,
    0.222_381_034_453_374_47,
    0.313_706_645_877_887_3,
    0.362_683_783_378_362,
    0.362_683_783_378_362,
    0.313_706_645_877_887_3,
    0.222_381_034_453_374_47,
    0.101_228_536_290_376_26,
];

impl TermModel {
    /// Precompute from the model parameters (`dt`: model years per trading day).
    pub fn new(params: &ModelParams, dt: f64) -> Self {
        let kappa = params.var_reversion;
        let pi = stationary(params, dt);
        let mean_jump = params.jump_min + params.jump_mean_excess;
        // E[J²] for J = jump_min + Exp(mean e): min² + 2 min e + 2 e².
        let e = params.jump_mean_excess;
        let ej2 = params.jump_min * params.jump_min + 2.0 * params.jump_min * e + 2.0 * e * e;
        let dx_jump = params.var_jump_base + params.var_jump_per_unit * mean_jump;
        let mut m_eff = [0.0; REGIMES];
        let mut xi2 = [0.0; REGIMES];
        let mut jump_var = [0.0; REGIMES];
        let mut exit = [0.0; REGIMES];
        for (k, rp) in params.regimes.iter().enumerate() {
            m_eff[k] = rp.log_var_mean + rp.jump_intensity * dx_jump / kappa;
            xi2[k] = rp.vol_of_log_var * rp.vol_of_log_var;
            jump_var[k] = rp.jump_intensity * ej2;
            exit[k] = params.q_regime_speedup
                + rp.exit_rates
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, r)| r)
                    .sum::<f64>();
        }
        let dot = |a: &[f64; REGIMES]| a.iter().zip(&pi).map(|(x, p)| x * p).sum::<f64>();
        TermModel {
            kappa,
            m_eff,
            xi2,
            jump_var,
            exit,
            m_bar: dot(&m_eff),
            m_bar_q: dot(&m_eff) + params.q_log_var_shift,
            xi2_bar: dot(&xi2),
            jump_var_bar: dot(&jump_var),
            q_factor: 1.0 + params.variance_risk_premium,
        }
    }

    /// Long-run mean of `ln v` in regime `r`, including the push of variance jumps.
    pub fn mean_log_var(&self, r: Regime) -> f64 {
        self.m_eff[r.index()]
    }

    /// Expected instantaneous total variance (diffusion + jumps), annual fraction², `s`
    /// model years ahead, from log variance `x` in regime `r`, with the risk-neutral
    /// long-run mean (before the multiplicative premium).
    pub fn expected_variance(&self, x: f64, r: Regime, s: f64) -> f64 {
        let k = r.index();
        let kappa = self.kappa;
        let km = self.exit[k];
        let ek = (-kappa * s).exp();
        let em = (-km * s).exp();
        let dm = self.m_eff[k] - self.m_bar;
        let regime_term = if (kappa - km).abs() < 1e-9 {
            dm * kappa * s * ek
        } else {
            dm * kappa * (em - ek) / (kappa - km)
        };
        let mean = x * ek + self.m_bar_q * (1.0 - ek) + regime_term;
        let e2k = (-2.0 * kappa * s).exp();
        let dxi2 = self.xi2[k] - self.xi2_bar;
        let var_regime = if (2.0 * kappa - km).abs() < 1e-9 {
            dxi2 * s * e2k
        } else {
            dxi2 * (em - e2k) / (2.0 * kappa - km)
        };
        let var = self.xi2_bar * (1.0 - e2k) / (2.0 * kappa) + var_regime;
        let jumps = self.jump_var_bar + (self.jump_var[k] - self.jump_var_bar) * em;
        (mean + 0.5 * var).exp() + jumps
    }

    /// Risk-neutral average variance over `[a, b]` model years ahead, annual fraction².
    pub fn q_average_variance(&self, x: f64, r: Regime, a: f64, b: f64) -> f64 {
        let half = 0.5 * (b - a);
        let mid = 0.5 * (a + b);
        let sum: f64 = GL_NODES
            .iter()
            .zip(&GL_WEIGHTS)
            .map(|(n, w)| w * self.expected_variance(x, r, mid + half * n))
            .sum();
        self.q_factor * 0.5 * sum
    }

    /// Volatility index for a horizon of `tau` model years, VIX points:
    /// `100 * sqrt(Q average variance over [0, tau])`.
    pub fn vol_index(&self, x: f64, r: Regime, tau: f64) -> f64 {
        100.0 * self.q_average_variance(x, r, 0.0, tau).sqrt()
    }

    /// Variance of `x` at horizon `s` in regime `r` (diffusion part only).
    pub fn log_var_variance(&self, r: Regime, s: f64) -> f64 {
        self.xi2[r.index()] * (1.0 - (-2.0 * self.kappa * s).exp()) / (2.0 * self.kappa)
    }

    /// Sensitivity of a `tau`-year average variance to the current `x`, as a weight in
    /// [0, 1]: `(1 - e^{-κτ}) / (κτ)`.
    pub fn average_weight(&self, tau: f64) -> f64 {
        let kt = self.kappa * tau;
        if kt < 1e-9 {
            1.0
        } else {
            (1.0 - (-kt).exp()) / kt
        }
    }

    /// VX futures fair value, VIX points, for a VIX expiration `t` model years ahead:
    /// `E[VIX_t]` with `VIX_t²` the Q average variance over the 30 days after `t`, and a
    /// lognormal convexity correction `exp(-Var[ln VIX_t] / 2)`.
    pub fn vx_fair_value(&self, x: f64, r: Regime, t: f64, tau30: f64) -> f64 {
        let k2 = self.q_average_variance(x, r, t, t + tau30);
        let w = self.average_weight(tau30);
        let var_ln_vix = 0.25 * w * w * self.log_var_variance(r, t);
        100.0 * k2.sqrt() * (-0.5 * var_ln_vix).exp()
    }

    /// Model volatility of the 30-day VIX, annualised percent (VVIX-like), in regime `r`.
    pub fn vol_of_vix(&self, r: Regime, tau30: f64) -> f64 {
        100.0 * 0.5 * self.average_weight(tau30) * self.xi2[r.index()].sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stationary_distribution_sums_to_one() {
        let p = stationary(&ModelParams::default(), 1.0 / 252.0);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(p.iter().all(|x| *x > 0.0));
    }

    #[test]
    fn expected_variance_starts_at_current_variance_plus_jumps() {
        let params = ModelParams::default();
        let tm = TermModel::new(&params, 1.0 / 252.0);
        let x = (0.04f64).ln();
        let v0 = tm.expected_variance(x, Regime::Normal, 0.0);
        let jumps = tm.jump_var[1];
        assert!((v0 - 0.04 - jumps).abs() < 1e-12);
    }

    #[test]
    fn gauss_legendre_integrates_a_polynomial_exactly() {
        // Weights sum to 2 and integrate t^6 on [-1, 1] to 2/7.
        let s: f64 = GL_WEIGHTS.iter().sum();
        assert!((s - 2.0).abs() < 1e-12);
        let p: f64 = GL_NODES
            .iter()
            .zip(&GL_WEIGHTS)
            .map(|(n, w)| w * n.powi(6))
            .sum();
        assert!((p - 2.0 / 7.0).abs() < 1e-12);
    }
}
