//! `hedge.sizing` and `[[hedge.vx_weights]]`: how many units a hedge opening buys, when it
//! is not the premium budget (index methodologies: CLL's put per index unit, VXTH's weight
//! by the VX future).

use super::Bound::Incl;
use super::Range;

crate::param_enum! {
    /// How many units a hedge layer's opening buys.
    pub enum HedgeSizing {
        /// The premium budget: `budget_annual` spread over the layers and scaled by the
        /// signals, capped by the rolling 12-month budget.
        Budget = "budget",
        /// One unit per index unit the condor sleeve holds in the hedge's account (`condor.
        /// long_index`; CLL's put per unit of index); none where the index is held in
        /// another account (ring-fenced). The budget, its cap and the signals do not apply.
        PerIndexUnit = "per_index_unit",
        /// Spend `weight x` the layout's total equity, the weight read from `vx_weights` at
        /// the VX future of the layer's expiry (VXTH); openings only on VIX expiration days,
        /// so a layer not opened at a roll waits for the next one. The budget, its cap and
        /// the signals do not apply.
        VxWeight = "vx_weight",
    }
}

crate::param_table! {
    /// One step of the `vx_weight` schedule.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct VxWeight {
        /// The step applies when the VX future is above this level (up to and including the
        /// next step's level), VIX points.
        pub above: f64 = 0.0,
            range: Range::new("VIX points", Incl(0.0), Incl(1000.0));
        /// Fraction of the layout's total equity spent at a roll.
        pub weight: f64 = 0.0,
            range: Range::new("a fraction of equity", Incl(0.0), Incl(1.0));
    }
}

/// Cboe VXTH's weights by the VX future: 0 up to 15, 1% above 15 up to 30, 0.5% above 30
/// up to 50, 0 above 50 (the VIXH prospectus summary, 2012).
pub fn vxth_schedule() -> Vec<VxWeight> {
    [(15.0, 0.01), (30.0, 0.005), (50.0, 0.0)]
        .into_iter()
        .map(|(above, weight)| VxWeight { above, weight })
        .collect()
}
