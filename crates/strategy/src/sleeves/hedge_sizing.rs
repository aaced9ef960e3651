//! Units of a hedge opening under `hedge.sizing` (see [`HedgeSizing`]):
//!
//! - `budget`: `spend / charge per unit`, the spend from [`crate::sleeves::hedge::base_spend`]
//!   scaled by the signals and capped by the rolling budget;
//! - `per_index_unit`: the index units the condor sleeve holds in the hedge's account (the
//!   sum of `ratio x quantity` of its live index legs), so one put per unit of index (CLL);
//! - `vx_weight`: `weight(F) x equity / charge per unit`, `F` the VX future of the layer's
//!   expiry (the plan's first leg's underlying) and `weight` the step of `vx_weights` whose
//!   level `F` is above, up to and including the next level (VXTH); openings only on VIX
//!   expiration days.
//!
//! Units are floored to whole contracts unless `fractional_contracts`.

use chrono::{Datelike, NaiveDate};
use ringfence_pricing::expiry::vix_expiration;

use crate::instrument::Product;
use crate::params::{HedgeParams, HedgeSizing, VxWeight};
use crate::position::{Position, Sleeve};
use crate::sleeves::hedge::HedgePlan;

/// The weight of `table` at VX level `level`: the last step whose `above` is below `level`,
/// 0 at or below the first step (and for a non-finite level).
pub fn vx_weight(table: &[VxWeight], level: f64) -> f64 {
    if !level.is_finite() {
        return 0.0;
    }
    table
        .iter()
        .take_while(|w| level > w.above)
        .last()
        .map_or(0.0, |w| w.weight)
}

/// Index units the condor sleeve holds among `positions` (one account's).
pub fn index_units(positions: &[Position]) -> f64 {
    positions
        .iter()
        .filter(|p| p.sleeve == Sleeve::Condor)
        .flat_map(|p| {
            p.legs()
                .iter()
                .filter(|l| l.live && l.instrument.product() == Product::SpxIndex)
                .map(move |l| l.ratio.max(0.0) * p.quantity)
        })
        .sum()
}

/// True when a layer may open on `date` under `hp.sizing`: every day, except under
/// `vx_weight`, which rolls on VIX expiration days only.
pub fn opens_on(hp: &HedgeParams, date: NaiveDate) -> bool {
    hp.sizing != HedgeSizing::VxWeight
        || vix_expiration(date.year(), date.month()).is_ok_and(|e| e == date)
}

/// What sizes an opening besides the plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizingInputs {
    /// The premium-budget spend (signal-scaled and capped), USD.
    pub spend: f64,
    /// Index units the condor sleeve holds in the hedge's account.
    pub index_units: f64,
    /// The layout's total equity, USD.
    pub equity: f64,
}

/// Units an opening of `plan` buys (floored unless `fractional_contracts`; may be 0).
pub fn units(hp: &HedgeParams, plan: &HedgePlan, inputs: SizingInputs) -> f64 {
    let per_unit = plan.charge_per_unit;
    let raw = match hp.sizing {
        HedgeSizing::Budget => inputs.spend / per_unit,
        HedgeSizing::PerIndexUnit => inputs.index_units,
        HedgeSizing::VxWeight => {
            let level = plan.legs().first().map_or(f64::NAN, |l| l.underlying);
            vx_weight(&hp.vx_weights, level) * inputs.equity / per_unit
        }
    };
    let raw = if raw.is_finite() { raw.max(0.0) } else { 0.0 };
    if hp.fractional_contracts {
        raw
    } else {
        raw.floor()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::Instrument;
    use crate::position::{Leg, MAX_LEGS, Structure};

    /// Cboe VXTH: 0 at or below 15, 1% above 15 up to 30, 0.5% above 30 up to 50, 0 above.
    fn vxth() -> Vec<VxWeight> {
        crate::params::hedge_sizing::vxth_schedule()
    }

    /// A one-leg plan whose leg's underlying (the VX future) is `level`, charging 85 USD a
    /// unit (a 0.85 VIX call).
    fn plan(level: f64) -> HedgePlan {
        let mut legs = [Leg::new(Instrument::SpxIndex, 0.0, 0.0); MAX_LEGS];
        legs[0].underlying = level;
        HedgePlan {
            legs,
            n_legs: 1,
            structure: Structure::VixCall,
            debit_per_unit: 85.0,
            charge_per_unit: 85.0,
        }
    }

    #[test]
    fn the_vxth_weight_steps_at_15_30_and_50_with_the_upper_level_included() {
        let t = vxth();
        let cases = [
            (14.9, 0.0),
            (15.0, 0.0),
            (15.1, 0.01),
            (29.9, 0.01),
            (30.0, 0.01),
            (30.1, 0.005),
            (50.0, 0.005),
            (50.1, 0.0),
            (f64::NAN, 0.0),
        ];
        for (level, w) in cases {
            assert_eq!(vx_weight(&t, level), w, "VX {level}");
        }
    }

    #[test]
    fn vx_weight_units_spend_the_weight_of_equity_on_whole_calls() {
        let hp = HedgeParams {
            sizing: HedgeSizing::VxWeight,
            vx_weights: vxth(),
            ..HedgeParams::default()
        };
        let inputs = SizingInputs {
            spend: 1.0,
            index_units: 7.0,
            equity: 1_000_000.0,
        };
        // 1% of $1M = $10,000 at $85 a call = 117.6 -> 117; 0.5% -> 58.8 -> 58.
        for (level, calls) in [(14.9, 0.0), (15.0, 0.0), (29.9, 117.0), (30.0, 117.0)] {
            assert_eq!(units(&hp, &plan(level), inputs), calls, "VX {level}");
        }
        assert_eq!(units(&hp, &plan(30.1), inputs), 58.0);
        assert_eq!(units(&hp, &plan(50.1), inputs), 0.0);
        let frac = HedgeParams {
            fractional_contracts: true,
            ..hp
        };
        let u = units(&frac, &plan(20.0), inputs);
        assert!((u - 10_000.0 / 85.0).abs() < 1e-9, "{u}");
    }

    #[test]
    fn per_index_unit_buys_one_unit_per_index_unit_and_budget_divides_the_spend() {
        let inputs = SizingInputs {
            spend: 1_000.0,
            index_units: 2.5,
            equity: 1_000_000.0,
        };
        let per = HedgeParams {
            sizing: HedgeSizing::PerIndexUnit,
            fractional_contracts: true,
            ..HedgeParams::default()
        };
        assert_eq!(units(&per, &plan(20.0), inputs), 2.5);
        // The default: $1,000 at $85 = 11.76 -> 11 whole units.
        assert_eq!(units(&HedgeParams::default(), &plan(20.0), inputs), 11.0);
    }

    #[test]
    fn index_units_count_the_condor_sleeves_live_index_legs_only() {
        let day = NaiveDate::from_ymd_opt(2023, 1, 3).unwrap();
        let mut cc = Position::new(Sleeve::Condor, Structure::CoveredCall, 0, day);
        cc.push_leg(Leg::new(Instrument::SpxIndex, 1.0, 4000.0));
        cc.quantity = 2.5;
        let mut hedge = Position::new(Sleeve::Hedge, Structure::SpxPut, 0, day);
        hedge.push_leg(Leg::new(Instrument::SpxIndex, 1.0, 4000.0));
        hedge.quantity = 9.0;
        let mut closed = cc.clone();
        closed.legs_mut()[0].live = false;
        assert_eq!(index_units(&[cc, hedge, closed]), 2.5);
    }

    #[test]
    fn vx_weight_opens_on_vix_expirations_only() {
        let hp = HedgeParams {
            sizing: HedgeSizing::VxWeight,
            ..HedgeParams::default()
        };
        // VIX expiration of March 2008: Wednesday 2008-03-19 (30 days before the April
        // SPX monthly of 2008-04-18).
        let exp = NaiveDate::from_ymd_opt(2008, 3, 19).unwrap();
        assert!(opens_on(&hp, exp));
        assert!(!opens_on(&hp, exp.succ_opt().unwrap()));
        assert!(opens_on(&HedgeParams::default(), exp.succ_opt().unwrap()));
    }
}
