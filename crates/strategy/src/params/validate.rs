//! [`StrategyParams::validate`]: every invalid value, each with its dotted key, the value
//! and the accepted range, before anything is simulated.
//!
//! Single-key ranges are declared on the fields (see [`crate::params::table`]) and checked
//! by the tables themselves; this module holds the rules that tie several keys together.
//! Every key here is built by `key!` from a field expression, so a renamed field is a
//! compile error, and a test resolves every key against the serialised parameters.

use crate::params::range::out_of_range;
use crate::params::table::join_key;
use crate::params::{
    CondorParams, HedgeInstrument, HedgeParams, HedgeSizing, Param, ParamError, ShortStrike, Sides,
    SignalParams, Sizing, StrategyParams, StrikeKind, StrikeRule, TransferParams, Wing,
};
use crate::sleeves::hedge::MAX_LAYERS;
use ringfence_pricing::OptionRight;

/// SPX listed strike step near the money, index points (wing widths are multiples of it).
pub const SPX_STRIKE_STEP: f64 = 5.0;

/// The dotted key of `$table.$field` under `$prefix`: the field must exist.
macro_rules! key {
    ($prefix:expr, $table:ident . $field:ident) => {{
        let _ = &$table.$field;
        join_key($prefix, stringify!($field))
    }};
}

/// Record `value` at `key` as out of range.
fn push(out: &mut Vec<ParamError>, key: String, value: impl std::fmt::Display, expected: &str) {
    out.push(ParamError {
        key,
        message: out_of_range(value, expected),
    });
}

impl StrategyParams {
    /// Every invalid value, each naming its dotted key (`condor.short_delta`), the value and
    /// the accepted range; table by table, first the ranges declared on the fields, then
    /// the rules tying keys together. Empty = valid.
    pub fn validate(&self) -> Vec<ParamError> {
        let mut out = Vec::new();
        Param::check(self, "", &mut out);
        out
    }
}

/// The cross-field rules of `[condor]`.
pub(super) fn condor(k: &CondorParams, prefix: &str, out: &mut Vec<ParamError>) {
    if k.max_dte >= 1 && k.max_dte < k.min_dte {
        push(
            out,
            key!(prefix, k.max_dte),
            k.max_dte,
            &format!("calendar days in [min_dte, 1000] = [{}, 1000]", k.min_dte),
        );
    }
    if k.target_dte < k.min_dte || k.target_dte > k.max_dte {
        push(
            out,
            key!(prefix, k.target_dte),
            k.target_dte,
            &format!(
                "calendar days in [min_dte, max_dte] = [{}, {}]",
                k.min_dte, k.max_dte
            ),
        );
    }
    match k.wing {
        Wing::Width => {
            let w = k.wing_width_points;
            let multiple = (w / SPX_STRIKE_STEP - (w / SPX_STRIKE_STEP).round()).abs() < 1e-9;
            if !(w.is_finite() && w > 0.0 && w <= 2000.0 && multiple) {
                push(
                    out,
                    key!(prefix, k.wing_width_points),
                    w,
                    "a positive multiple of 5 index points (the SPX strike step), at most 2000",
                );
            }
        }
        Wing::Delta => {
            let delta_rule = k.short_strike == ShortStrike::Delta;
            let [put_hi, call_hi] = [OptionRight::Put, OptionRight::Call].map(|right| {
                if delta_rule {
                    k.short_delta_of(right)
                } else {
                    0.5
                }
            });
            // Without a call wing of its own the wing delta serves both sides.
            let hi = if k.wing_call_delta.is_some() {
                put_hi
            } else {
                put_hi.min(call_hi)
            };
            let v = k.wing_delta;
            if !(v.is_finite() && v > 0.0 && v < hi) {
                push(
                    out,
                    key!(prefix, k.wing_delta),
                    v,
                    &format!("an absolute delta in (0, {hi}) (below the short deltas)"),
                );
            }
            if let Some(v) = k.wing_call_delta
                && !(v.is_finite() && v > 0.0 && v < call_hi)
            {
                push(
                    out,
                    key!(prefix, k.wing_call_delta),
                    v,
                    &format!("an absolute delta in (0, {call_hi}) (below the short call's delta)"),
                );
            }
        }
        Wing::PctOtm => {
            let lo = if k.short_strike.is_pct_otm() {
                k.short_pct_otm
            } else {
                0.0
            };
            let v = k.wing_pct_otm;
            if !(v.is_finite() && v > lo && v < 0.9) {
                push(
                    out,
                    key!(prefix, k.wing_pct_otm),
                    v,
                    &format!("a fraction in ({lo}, 0.9) (beyond the short strike)"),
                );
            }
        }
        Wing::None => {}
    }
    if k.long_index && k.sizing != Sizing::Collateral {
        push(
            out,
            key!(prefix, k.long_index),
            true,
            "only with sizing = \"collateral\" (a covered call has no Reg-T requirement to size on)",
        );
    }
    if k.long_index && !matches!(k.sides, Sides::Call | Sides::None) && !k.buy_options {
        push(
            out,
            key!(prefix, k.long_index),
            true,
            "only with sides = \"call\" (covered call), sides = \"none\" (the index leg \
             alone), or sides = \"put\" with buy_options (protective put)",
        );
    }
    if k.sides == Sides::None && !k.long_index {
        push(
            out,
            key!(prefix, k.sides),
            "\"none\"",
            "\"none\" only with long_index = true (the index leg alone; without it the sleeve \
             trades nothing)",
        );
    }
    if k.buy_options && !(k.long_index && k.sides == Sides::Put && k.wing == Wing::None) {
        push(
            out,
            key!(prefix, k.buy_options),
            true,
            "only with long_index = true, sides = \"put\" and wing = \"none\" (protective put)",
        );
    }
    if k.exit_dte > 0 && k.exit_dte >= k.min_dte {
        push(
            out,
            key!(prefix, k.exit_dte),
            k.exit_dte,
            &format!(
                "calendar days below min_dte = {} (0 = hold to settlement)",
                k.min_dte
            ),
        );
    }
}

/// The cross-field rules of `[hedge]`.
pub(super) fn hedge(h: &HedgeParams, prefix: &str, out: &mut Vec<ParamError>) {
    if !h.enabled {
        return;
    }
    hedge_sizing(h, prefix, out);
    let layers = key!(prefix, h.layers);
    let n = h.layers.len();
    if n == 0 || n > MAX_LAYERS {
        push(
            out,
            layers.clone(),
            n,
            &format!("between 1 and {MAX_LAYERS} layers"),
        );
    }
    let mut explicit = 0.0;
    for (i, l) in h.layers.iter().enumerate() {
        let roll = l.roll_dte.unwrap_or(h.roll_dte);
        if l.target_dte <= roll || l.target_dte > 400 {
            push(
                out,
                key!(&format!("{layers}[{i}]"), l.target_dte),
                l.target_dte,
                &format!("calendar days in ({roll}, 400] (above the layer's roll_dte)"),
            );
        }
        explicit += l.budget_share.unwrap_or(0.0);
    }
    if explicit > 1.0 + 1e-9 {
        push(
            out,
            layers,
            explicit,
            "budget_share values of the layers summing to at most 1",
        );
    }
    strike_rule(
        out,
        &key!(prefix, h.long_strike),
        &h.long_strike,
        h.instrument,
    );
    if matches!(
        h.instrument,
        HedgeInstrument::VixCallSpread | HedgeInstrument::VixCallDiagonal
    ) {
        strike_rule(
            out,
            &key!(prefix, h.short_strike),
            &h.short_strike,
            h.instrument,
        );
    }
}

/// `hedge.sizing` and its `vx_weights` schedule.
fn hedge_sizing(h: &HedgeParams, prefix: &str, out: &mut Vec<ParamError>) {
    if h.sizing != HedgeSizing::VxWeight {
        return;
    }
    if h.instrument == HedgeInstrument::SpxPut {
        push(
            out,
            key!(prefix, h.sizing),
            "\"vx_weight\"",
            "\"budget\" or \"per_index_unit\" for instrument = \"spx_put\" (the weight is read \
             at the VX future of a VIX layer's expiry)",
        );
    }
    let steps = key!(prefix, h.vx_weights);
    if h.vx_weights.is_empty() {
        push(
            out,
            steps.clone(),
            "[]",
            "at least one { above, weight } step with sizing = \"vx_weight\"",
        );
    }
    for (i, w) in h.vx_weights.iter().enumerate().skip(1) {
        let before = h.vx_weights[i - 1].above;
        if w.above <= before {
            push(
                out,
                key!(&format!("{steps}[{i}]"), w.above),
                w.above,
                &format!(
                    "VIX points above the previous step's {before} (levels strictly increasing)"
                ),
            );
        }
    }
}

/// The rules tying tables together.
pub(super) fn strategy(s: &StrategyParams, prefix: &str, out: &mut Vec<ParamError>) {
    let (h, c) = (&s.hedge, &s.condor);
    if h.enabled && h.sizing == HedgeSizing::PerIndexUnit && !(c.enabled && c.long_index) {
        push(
            out,
            key!(&join_key(prefix, "hedge"), h.sizing),
            "\"per_index_unit\"",
            "\"budget\" or \"vx_weight\" unless the condor sleeve holds the index \
             (condor.long_index = true): one unit per index unit",
        );
    }
    let calls = c.enabled && matches!(c.sides, Sides::Call | Sides::Both) && !c.buy_options;
    if h.enabled && h.cross_roll && !(h.instrument == HedgeInstrument::SpxPut && calls) {
        push(
            out,
            key!(&join_key(prefix, "hedge"), h.cross_roll),
            true,
            "false unless the hedge holds SPX puts (instrument = \"spx_put\") and the condor \
             sleeve sells calls (condor.sides = \"call\" or \"both\"): the cross-roll \
             compares the two strikes",
        );
    }
}

fn strike_rule(
    out: &mut Vec<ParamError>,
    prefix: &str,
    s: &StrikeRule,
    instrument: HedgeInstrument,
) {
    let spx = instrument == HedgeInstrument::SpxPut;
    let v = s.value;
    let (ok, expected) = match s.kind {
        StrikeKind::PctOfFuture if !spx => (
            v > 0.5 && v <= 10.0,
            "a multiple of the VX future in (0.5, 10]",
        ),
        StrikeKind::PointsAboveFuture if !spx => {
            (v > -20.0 && v <= 100.0, "VIX points in (-20, 100]")
        }
        StrikeKind::Delta => (v > 0.0 && v < 1.0, "an absolute delta in (0, 1)"),
        StrikeKind::PctOtm => ((0.0..0.9).contains(&v), "a fraction in [0, 0.9)"),
        _ => {
            push(
                out,
                key!(prefix, s.kind),
                format!("{:?}", s.kind),
                "`delta` or `pct_otm` for SPX puts",
            );
            return;
        }
    };
    if !(v.is_finite() && ok) {
        push(out, key!(prefix, s.value), v, expected);
    }
}

/// The cross-field rules of `[signals]`.
pub(super) fn signals(s: &SignalParams, prefix: &str, out: &mut Vec<ParamError>) {
    if s.macd_fast >= 1 && s.macd_fast >= s.macd_slow {
        push(
            out,
            key!(prefix, s.macd_fast),
            s.macd_fast,
            &format!("trading days below macd_slow = {}", s.macd_slow),
        );
    }
}

/// The cross-field rules of `[transfers]`.
pub(super) fn transfers(t: &TransferParams, prefix: &str, out: &mut Vec<ParamError>) {
    let v = t.core_target;
    if !(v.is_finite() && v >= t.core_trigger && v <= 10.0) {
        push(
            out,
            key!(prefix, t.core_target),
            v,
            "a fraction in [core_trigger, 10]",
        );
    }
}
