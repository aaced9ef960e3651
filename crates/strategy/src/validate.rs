//! [`StrategyParams::validate`]: every invalid value, each with its dotted key, the value
//! and the accepted range, before anything is simulated.

use ringfence_pricing::PricingError;

use crate::params::{
    HedgeInstrument, ParamError, ShortStrike, Sides, Sizing, StrategyParams, StrikeKind,
    StrikeRule, Wing,
};
use crate::sleeves::hedge::MAX_LAYERS;

/// SPX listed strike step near the money, index points (wing widths are multiples of it).
pub const SPX_STRIKE_STEP: f64 = 5.0;

struct Check(Vec<ParamError>);

impl Check {
    fn push(&mut self, key: impl Into<String>, value: impl std::fmt::Display, expected: &str) {
        self.0.push(ParamError {
            key: key.into(),
            message: format!("{value} is out of range: expected {expected}"),
        });
    }

    fn f(&mut self, key: &str, v: f64, ok: impl Fn(f64) -> bool, expected: &str) {
        if !(v.is_finite() && ok(v)) {
            self.push(key, v, expected);
        }
    }

    fn u(&mut self, key: &str, v: u32, ok: impl Fn(u32) -> bool, expected: &str) {
        if !ok(v) {
            self.push(key, v, expected);
        }
    }
}

fn strike_rule(c: &mut Check, key: &str, r: &StrikeRule, instrument: HedgeInstrument) {
    let spx = instrument == HedgeInstrument::SpxPut;
    let k = format!("{key}.value");
    match r.kind {
        StrikeKind::PctOfFuture if !spx => {
            c.f(
                &k,
                r.value,
                |v| v > 0.5 && v <= 10.0,
                "a multiple of the VX future in (0.5, 10]",
            );
        }
        StrikeKind::PointsAboveFuture if !spx => {
            c.f(
                &k,
                r.value,
                |v| v > -20.0 && v <= 100.0,
                "VIX points in (-20, 100]",
            );
        }
        StrikeKind::Delta => {
            c.f(
                &k,
                r.value,
                |v| v > 0.0 && v < 1.0,
                "an absolute delta in (0, 1)",
            );
        }
        StrikeKind::PctOtm => {
            c.f(
                &k,
                r.value,
                |v| (0.0..0.9).contains(&v),
                "a fraction in [0, 0.9)",
            );
        }
        _ => c.push(
            format!("{key}.kind"),
            format!("{:?}", r.kind),
            "`delta` or `pct_otm` for SPX puts",
        ),
    }
}

impl StrategyParams {
    /// Every invalid value, each naming its dotted key (`condor.short_delta`), the value and
    /// the accepted range. Empty = valid.
    pub fn validate(&self) -> Vec<ParamError> {
        let mut c = Check(Vec::new());
        let cap = &self.capital;
        c.f(
            "capital.total_usd",
            cap.total_usd,
            |v| v > 0.0 && v <= 1e13,
            "USD in (0, 1e13]",
        );
        c.f(
            "capital.hedge_fraction",
            cap.hedge_fraction,
            |v| (0.0..1.0).contains(&v),
            "a fraction in [0, 1)",
        );
        c.f(
            "capital.credit_spread",
            cap.credit_spread,
            |v| (0.0..1.0).contains(&v),
            "an annual fraction in [0, 1)",
        );
        c.f(
            "capital.debit_spread",
            cap.debit_spread,
            |v| (0.0..1.0).contains(&v),
            "an annual fraction in [0, 1)",
        );

        let k = &self.condor;
        c.u(
            "condor.min_dte",
            k.min_dte,
            |v| (1..=1000).contains(&v),
            "calendar days in [1, 1000]",
        );
        c.u(
            "condor.max_dte",
            k.max_dte,
            |v| (1..=1000).contains(&v) && v >= k.min_dte,
            "calendar days in [min_dte, 1000]",
        );
        if k.target_dte < k.min_dte || k.target_dte > k.max_dte {
            c.push(
                "condor.target_dte",
                k.target_dte,
                &format!(
                    "calendar days in [min_dte, max_dte] = [{}, {}]",
                    k.min_dte, k.max_dte
                ),
            );
        }
        if k.short_strike == ShortStrike::Delta {
            c.f(
                "condor.short_delta",
                k.short_delta,
                |v| v > 0.0 && v <= 0.5,
                "an absolute delta in (0, 0.5]",
            );
        }
        if k.short_strike == ShortStrike::PctOtm {
            c.f(
                "condor.short_pct_otm",
                k.short_pct_otm,
                |v| (0.0..0.5).contains(&v),
                "a fraction in [0, 0.5)",
            );
        }
        match k.wing {
            Wing::Width => {
                let w = k.wing_width_points;
                let multiple = (w / SPX_STRIKE_STEP - (w / SPX_STRIKE_STEP).round()).abs() < 1e-9;
                if !(w.is_finite() && w > 0.0 && w <= 2000.0 && multiple) {
                    c.push(
                        "condor.wing_width_points",
                        w,
                        "a positive multiple of 5 index points (the SPX strike step), at most 2000",
                    );
                }
            }
            Wing::Delta => {
                let hi = if k.short_strike == ShortStrike::Delta {
                    k.short_delta
                } else {
                    0.5
                };
                c.f(
                    "condor.wing_delta",
                    k.wing_delta,
                    |v| v > 0.0 && v < hi,
                    &format!("an absolute delta in (0, {hi}) (below the short delta)"),
                );
            }
            Wing::PctOtm => {
                let lo = if k.short_strike == ShortStrike::PctOtm {
                    k.short_pct_otm
                } else {
                    0.0
                };
                c.f(
                    "condor.wing_pct_otm",
                    k.wing_pct_otm,
                    |v| v > lo && v < 0.9,
                    &format!("a fraction in ({lo}, 0.9) (beyond the short strike)"),
                );
            }
            Wing::None => {}
        }
        if k.long_index && k.sizing != Sizing::Collateral {
            c.push(
                "condor.long_index",
                true,
                "only with sizing = \"collateral\" (a covered call has no Reg-T requirement to size on)",
            );
        }
        if k.long_index && k.sides != Sides::Call {
            c.push(
                "condor.long_index",
                true,
                "only with sides = \"call\" (covered call)",
            );
        }
        c.f(
            "condor.margin_target",
            k.margin_target,
            |v| v > 0.0 && v <= 1.0,
            "a fraction of sleeve equity in (0, 1]",
        );
        c.f(
            "condor.collateral_multiple",
            k.collateral_multiple,
            |v| v > 0.0 && v <= 1000.0,
            "a multiple in (0, 1000]",
        );
        c.f(
            "condor.profit_take",
            k.profit_take,
            |v| (0.0..=1.0).contains(&v),
            "a fraction of the credit in [0, 1] (0 = off)",
        );
        c.f(
            "condor.stop_loss",
            k.stop_loss,
            |v| (0.0..=100.0).contains(&v),
            "a multiple of the credit in [0, 100] (0 = off)",
        );
        if k.exit_dte > 0 && k.exit_dte >= k.min_dte {
            c.push(
                "condor.exit_dte",
                k.exit_dte,
                &format!(
                    "calendar days below min_dte = {} (0 = hold to settlement)",
                    k.min_dte
                ),
            );
        }
        c.f(
            "condor.max_vix",
            k.max_vix,
            |v| (0.0..=1000.0).contains(&v),
            "VIX points in [0, 1000] (0 = off)",
        );
        if k.ladder.enabled {
            c.u(
                "condor.ladder.max_open",
                k.ladder.max_open,
                |v| (1..=20).contains(&v),
                "an integer in [1, 20]",
            );
        }

        let h = &self.hedge;
        if h.enabled {
            let n = h.layers.len();
            if n == 0 || n > MAX_LAYERS {
                c.push(
                    "hedge.layers",
                    n,
                    &format!("between 1 and {MAX_LAYERS} layers"),
                );
            }
            let mut explicit = 0.0;
            for (i, l) in h.layers.iter().enumerate() {
                let roll = l.roll_dte.unwrap_or(h.roll_dte);
                if l.target_dte <= roll || l.target_dte > 400 {
                    c.push(
                        format!("hedge.layers[{i}].target_dte"),
                        l.target_dte,
                        &format!("calendar days in ({roll}, 400] (above the layer's roll_dte)"),
                    );
                }
                if let Some(s) = l.budget_share {
                    c.f(
                        &format!("hedge.layers[{i}].budget_share"),
                        s,
                        |v| (0.0..=1.0).contains(&v),
                        "a fraction in [0, 1]",
                    );
                    explicit += s;
                }
            }
            if explicit > 1.0 + 1e-9 {
                c.push(
                    "hedge.layers.budget_share",
                    explicit,
                    "shares summing to at most 1",
                );
            }
            strike_rule(&mut c, "hedge.long_strike", &h.long_strike, h.instrument);
            if matches!(
                h.instrument,
                HedgeInstrument::VixCallSpread | HedgeInstrument::VixCallDiagonal
            ) {
                strike_rule(&mut c, "hedge.short_strike", &h.short_strike, h.instrument);
            }
        }
        c.f(
            "hedge.budget_annual",
            h.budget_annual,
            |v| (0.0..=1.0).contains(&v),
            "a fraction of the reference in [0, 1] (at most 100%)",
        );
        c.f(
            "hedge.max_scale",
            h.max_scale,
            |v| (0.0..=10.0).contains(&v),
            "a scale in [0, 10]",
        );
        c.u(
            "hedge.roll_dte",
            h.roll_dte,
            |v| v <= 365,
            "calendar days in [0, 365]",
        );
        c.u(
            "hedge.diagonal_short_min_dte",
            h.diagonal_short_min_dte,
            |v| (1..=365).contains(&v),
            "calendar days in [1, 365]",
        );
        c.f(
            "hedge.monetise_multiple",
            h.monetise_multiple,
            |v| v == 0.0 || (v > 1.0 && v <= 1000.0),
            "0 (off) or a multiple in (1, 1000]",
        );
        c.f(
            "hedge.spike_rise",
            h.spike_rise,
            |v| (0.0..=100.0).contains(&v),
            "a fraction in [0, 100] (0 = off)",
        );
        if h.spike_rise > 0.0 {
            c.u(
                "hedge.spike_days",
                h.spike_days,
                |v| (1..=252).contains(&v),
                "trading days in [1, 252]",
            );
        }
        c.f(
            "hedge.spike_level",
            h.spike_level,
            |v| (0.0..=1000.0).contains(&v),
            "VIX points in [0, 1000] (0 = off)",
        );
        c.f(
            "hedge.vx_min_carry_points",
            h.vx_min_carry_points,
            |v| v > 0.0 && v <= 100.0,
            "VIX points in (0, 100]",
        );
        c.f(
            "hedge.vix_strike_step",
            h.vix_strike_step,
            |v| v > 0.0 && v <= 10.0,
            "VIX points in (0, 10]",
        );

        let s = &self.signals;
        c.f(
            "signals.base",
            s.base,
            |v| (0.0..=10.0).contains(&v),
            "a scale in [0, 10]",
        );
        c.u(
            "signals.vix_percentile_lookback",
            s.vix_percentile_lookback,
            |v| (1..=5000).contains(&v),
            "trading days in [1, 5000]",
        );
        for (key, w) in [
            ("signals.vix_percentile_weight", s.vix_percentile_weight),
            ("signals.term_structure_weight", s.term_structure_weight),
            ("signals.rsi_weight", s.rsi_weight),
            ("signals.macd_weight", s.macd_weight),
        ] {
            c.f(
                key,
                w,
                |v| (-10.0..=10.0).contains(&v),
                "a weight in [-10, 10]",
            );
        }
        c.f(
            "signals.term_structure_pivot",
            s.term_structure_pivot,
            |v| v > 0.0 && v <= 5.0,
            "a VIX/VIX3M ratio in (0, 5]",
        );
        c.f(
            "signals.term_structure_width",
            s.term_structure_width,
            |v| v > 0.0 && v <= 5.0,
            "a ratio distance in (0, 5]",
        );
        c.u(
            "signals.rsi_period",
            s.rsi_period,
            |v| (1..=500).contains(&v),
            "trading days in [1, 500]",
        );
        c.u(
            "signals.macd_fast",
            s.macd_fast,
            |v| v >= 1 && v < s.macd_slow,
            "trading days >= 1 and below macd_slow",
        );
        c.u(
            "signals.macd_slow",
            s.macd_slow,
            |v| (2..=500).contains(&v),
            "trading days in [2, 500]",
        );
        c.u(
            "signals.macd_signal",
            s.macd_signal,
            |v| (1..=500).contains(&v),
            "trading days in [1, 500]",
        );

        let m = &self.margin;
        c.u(
            "margin.grace_days",
            m.grace_days,
            |v| v <= 60,
            "trading days in [0, 60]",
        );
        c.f(
            "margin.spx_naked_pct",
            m.spx_naked_pct,
            |v| v > 0.0 && v <= 1.0,
            "a fraction in (0, 1]",
        );
        c.f(
            "margin.vix_naked_pct",
            m.vix_naked_pct,
            |v| v > 0.0 && v <= 1.0,
            "a fraction in (0, 1]",
        );
        c.f(
            "margin.naked_min_pct",
            m.naked_min_pct,
            |v| (0.0..=1.0).contains(&v),
            "a fraction in [0, 1]",
        );
        c.f(
            "margin.vx_initial_floor_usd",
            m.vx_initial_floor_usd,
            |v| (0.0..=1e6).contains(&v),
            "USD in [0, 1e6]",
        );
        c.f(
            "margin.vx_initial_pct",
            m.vx_initial_pct,
            |v| (0.0..=1.0).contains(&v),
            "a fraction in [0, 1]",
        );
        c.f(
            "margin.vx_maintenance_divisor",
            m.vx_maintenance_divisor,
            |v| (1.0..=10.0).contains(&v),
            "a divisor in [1, 10]",
        );
        c.f(
            "margin.pm_down",
            m.pm_down,
            |v| v > 0.0 && v < 1.0,
            "a fraction in (0, 1)",
        );
        c.f(
            "margin.pm_up",
            m.pm_up,
            |v| v > 0.0 && v <= 10.0,
            "a fraction in (0, 10]",
        );
        c.u(
            "margin.pm_steps",
            m.pm_steps,
            |v| (1..=63).contains(&v),
            "an integer in [1, 63]",
        );
        c.f(
            "margin.pm_vol_shock",
            m.pm_vol_shock,
            |v| (0.0..=1.0).contains(&v),
            "an annual vol in [0, 1]",
        );
        c.f(
            "margin.pm_floor_per_contract_usd",
            m.pm_floor_per_contract_usd,
            |v| (0.0..=1e5).contains(&v),
            "USD in [0, 1e5]",
        );
        c.f(
            "margin.pm_vix_down",
            m.pm_vix_down,
            |v| v > 0.0 && v < 1.0,
            "a fraction in (0, 1)",
        );
        c.f(
            "margin.pm_vix_up",
            m.pm_vix_up,
            |v| v > 0.0 && v <= 10.0,
            "a fraction in (0, 10]",
        );

        if let Err(e) = self.costs.validate() {
            match e {
                PricingError::InvalidConfig {
                    key,
                    value,
                    expected,
                } => c.push(key, value, expected),
                other => c.push("costs", other, "valid costs"),
            }
        }

        let t = &self.transfers;
        c.u(
            "transfers.lag_days",
            t.lag_days,
            |v| (1..=30).contains(&v),
            "trading days in [1, 30]",
        );
        c.f(
            "transfers.core_trigger",
            t.core_trigger,
            |v| (0.0..=10.0).contains(&v),
            "a fraction of the requirement in [0, 10]",
        );
        c.f(
            "transfers.core_target",
            t.core_target,
            |v| v >= t.core_trigger && v <= 10.0,
            "a fraction in [core_trigger, 10]",
        );
        c.f(
            "transfers.hedge_refill_trigger",
            t.hedge_refill_trigger,
            |v| (0.0..=1.0).contains(&v),
            "a fraction in [0, 1] (0 = off)",
        );
        c.f(
            "transfers.hedge_sweep_multiple",
            t.hedge_sweep_multiple,
            |v| v == 0.0 || (v > 1.0 && v <= 100.0),
            "0 (off) or a multiple in (1, 100]",
        );
        c.0
    }
}
