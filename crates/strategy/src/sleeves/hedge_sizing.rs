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
