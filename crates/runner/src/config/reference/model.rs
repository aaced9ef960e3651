//! `[model]`: rows for `ringfence_pricing::ModelParams`, whose fields, defaults and checks
//! live in the pricing crate. The meanings repeat its doc comments; a test checks that these
//! rows are exactly the keys the model accepts.

use ringfence_pricing::ModelParams;
use ringfence_strategy::params::ParamDoc;
use serde_json::Value as Json;

const FINITE: &str = "a finite number";
const POSITIVE: &str = "a finite number > 0";
const NON_NEGATIVE: &str = "a finite number >= 0";

/// (dotted key under `model`, accepted values, meaning); tables have an empty range.
const KEYS: &[(&str, &str, &str)] = &[
    (
        "div_yield",
        "an annual fraction in [-1, 1]",
        "SPX dividend yield, continuously compounded annual fraction: the forward of SPX options and the dividends of an index leg, on every day the dividend-yield file (`data.spx_div_yield`) does not cover.",
    ),
    ("smile", "", "ATM-to-VIX ratio and smile of SPX options."),
    (
        "smile.ratio0",
        FINITE,
        "ATM-to-VIX ratio at 20 VIX points and 30 days.",
    ),
    (
        "smile.ratio_v",
        FINITE,
        "Change of the ratio per unit of `ln(v / 0.20)`.",
    ),
    (
        "smile.ratio_t",
        FINITE,
        "Change of the ratio per unit of `ln(T / 30d)`.",
    ),
    ("smile.ratio_min", POSITIVE, "Lower bound of the ratio."),
    (
        "smile.ratio_max",
        "a finite number >= ratio_min",
        "Upper bound of the ratio.",
    ),
    (
        "smile.b0",
        POSITIVE,
        "Wing level `b0` at 20 VIX points and 30 days (relative vol per unit of x).",
    ),
    (
        "smile.b_v",
        FINITE,
        "Exponent of `v / 0.20` in the wing level.",
    ),
    (
        "smile.b_t",
        FINITE,
        "Exponent of `T / 30d` in the wing level.",
    ),
    (
        "smile.rho0",
        FINITE,
        "Skew `rho` at 20 VIX points and 30 days.",
    ),
    (
        "smile.rho_v",
        FINITE,
        "Change of `rho` per unit of `ln(v / 0.20)`.",
    ),
    (
        "smile.rho_t",
        FINITE,
        "Change of `rho` per unit of `ln(T / 30d)`.",
    ),
    (
        "smile.c",
        POSITIVE,
        "Width `c` of the smile's rounded bottom, in units of normalised moneyness.",
    ),
    (
        "smile.skew_ref",
        POSITIVE,
        "Cboe SKEW level at which the SKEW terms vanish; also the level used on a day without a SKEW print (fallback, counted).",
    ),
    (
        "smile.skew_min",
        POSITIVE,
        "Lower clamp of the SKEW level the smile reads.",
    ),
    (
        "smile.skew_max",
        "a finite number >= skew_min",
        "Upper clamp of the SKEW level the smile reads.",
    ),
    (
        "smile.ratio_s",
        FINITE,
        "Change of the ATM ratio per unit of `ln(SKEW / skew_ref)` (0: SKEW unused).",
    ),
    (
        "smile.b_s",
        FINITE,
        "Exponent of `SKEW / skew_ref` in the wing level (0: SKEW unused).",
    ),
    (
        "smile.rho_s",
        FINITE,
        "Change of `rho` per unit of `ln(SKEW / skew_ref)` (0: SKEW unused).",
    ),
    (
        "smile.call_turn",
        FINITE,
        "Call-wing turn `u0` at 20 VIX points: `u x^3` is added to the smile multiplier above the forward (0: no turn).",
    ),
    (
        "smile.call_turn_v",
        FINITE,
        "Change of the call-wing turn `u` per unit of `ln(v / 0.20)` (0: the same turn at every VIX level).",
    ),
    (
        "smile.x_max_put",
        POSITIVE,
        "Put-side clamp of normalised moneyness (positive number).",
    ),
    (
        "smile.x_max_call",
        POSITIVE,
        "Call-side clamp of normalised moneyness.",
    ),
    (
        "smile.min_multiplier",
        POSITIVE,
        "Smallest smile multiplier `sigma / sigma_atm`.",
    ),
    (
        "smile.max_multiplier",
        "a finite number >= min_multiplier",
        "Largest smile multiplier `sigma / sigma_atm`.",
    ),
    (
        "smile.max_vol",
        "a finite number > 0.01",
        "Largest implied vol returned, annualised fraction.",
    ),
    (
        "term_fallback",
        "",
        "Fallback for missing VIX-family indices.",
    ),
    (
        "term_fallback.long_run_vol",
        POSITIVE,
        "Long-run variance-swap volatility, annualised fraction (`theta = long_run_vol^2`).",
    ),
    (
        "term_fallback.kappa",
        POSITIVE,
        "Mean-reversion speed of variance, per year.",
    ),
    ("vx_curve", "", "VX futures curve model."),
    (
        "vx_curve.k",
        FINITE,
        "Scale `k` of the adjustment (log points at one year and 20 vol points).",
    ),
    (
        "vx_curve.p",
        NON_NEGATIVE,
        "Exponent `p` of the horizon `tau` (years).",
    ),
    ("vx_curve.e", FINITE, "Exponent `e` of `fwd / 0.20`."),
    ("vix_options", "", "VIX option vol model."),
    (
        "vix_options.atm_ratio",
        "a finite number in (0, 10]",
        "ATM vol at 30 days as a multiple of VVIX / 100.",
    ),
    (
        "vix_options.mean_reversion",
        "a finite number in (0, 10]",
        "Mean reversion `kappa` of log VIX (per year) in the tenor factor `g(tau) = sqrt(h(kappa tau) / h(kappa 30d))`, `h(x) = (1 - e^(-2x)) / (2x)`.",
    ),
    ("vix_options.min_factor", POSITIVE, "Smallest tenor factor."),
    (
        "vix_options.max_factor",
        "a finite number >= min_factor",
        "Largest tenor factor (short-dated options).",
    ),
    (
        "vix_options.fallback_a",
        POSITIVE,
        "Fallback VVIX scale `a` in `a * VIX^b` (VIX in points).",
    ),
    (
        "vix_options.fallback_b",
        NON_NEGATIVE,
        "Fallback VVIX exponent `b`.",
    ),
    (
        "vix_options.vvix_reliable_from",
        "",
        "VVIX closes before this date are not used (2006 values are unreliable).",
    ),
    (
        "vix_options.vvix_min",
        NON_NEGATIVE,
        "VVIX closes below this level are treated as bad prints (VVIX never closed below 59.7 from 2007 on).",
    ),
    (
        "vix_options.call_skew",
        NON_NEGATIVE,
        "Call skew at 30 days: relative vol change at `ln(K/F) = 1` above the future.",
    ),
    (
        "vix_options.call_skew_exponent",
        "a finite number in (0, 10]",
        "Curvature of the call skew: the multiplier grows like `ln(K/F)^call_skew_exponent` (< 1: concave).",
    ),
    (
        "vix_options.put_skew",
        NON_NEGATIVE,
        "Put skew at 30 days: relative vol change per unit of `ln(K/F)` below the future.",
    ),
    (
        "vix_options.skew_tenor_exponent",
        NON_NEGATIVE,
        "Steepening of the smile with shorter tenor: both skews scale with `(max(tau, 7d) / 30d)^(-skew_tenor_exponent)`.",
    ),
    (
        "vix_options.min_multiplier",
        POSITIVE,
        "Smallest skew multiplier.",
    ),
    (
        "vix_options.max_multiplier",
        "a finite number >= min_multiplier",
        "Largest skew multiplier.",
    ),
    (
        "strike_grid",
        "",
        "Listed SPX strike grid (snapping of strikes chosen by delta).",
    ),
    (
        "strike_grid.step_points",
        POSITIVE,
        "Strike spacing near the money (index points for SPX, VIX points for VIX options).",
    ),
    (
        "strike_grid.far_step_points",
        POSITIVE,
        "Strike spacing far from the money before `far_step_before_year`.",
    ),
    (
        "strike_grid.far_from_money_fraction",
        POSITIVE,
        "Distance from spot, as a fraction of spot, beyond which a strike is \"far from the money\" (0.10 = 10%).",
    ),
    (
        "strike_grid.far_step_before_year",
        "",
        "The coarse far spacing applies to trade dates before 1 January of this year.",
    ),
    (
        "max_fill_days",
        "",
        "Carry-forward limit of the loader in trading days (recorded for the run manifest; the model itself reads the aligned history as loaded).",
    ),
    (
        "stale_open_share",
        "a share in [0, 1]",
        "SET of an AM settlement on a day whose SPX Open is not a real print (a copy of the previous close, or an index's first print before `data.spx_real_opens_from`): the previous close plus this share of the day's move to the close, the expected SET given both closes (days with a value in `data.spx_set` use it). 0.49 is the least-squares slope of ln(SET / previous close) on the close-to-close move over the 225 real SETs of 1998-04 to 2016-12, the days the estimate serves (`ringfence calibrate opens`; the opening levels of 2017-2026 hold 0.32 of the move); 0 settles at the previous close.",
    ),
];

/// The rows of `[model]`, defaults read from `ModelParams::default()`.
pub fn rows() -> Vec<ParamDoc> {
    let defaults = serde_json::to_value(ModelParams::default()).unwrap_or(Json::Null);
    KEYS.iter()
        .map(|(key, range, meaning)| {
            let value = key
                .split('.')
                .try_fold(&defaults, |v, k| v.get(k))
                .unwrap_or(&Json::Null);
            super::json_row(format!("model.{key}"), value, range, meaning)
        })
        .collect()
}
