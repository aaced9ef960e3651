//! Trading costs: commissions and exchange fees per contract, slippage from mid per leg, and
//! the forced-liquidation multiplier.
//!
//! Model: each leg of an order of `contracts` contracts pays
//! - commission + exchange fees: `commission_usd x contracts` (per contract per side);
//! - slippage: `slippage_points x multiplier x contracts`, the distance from mid paid on
//!   the leg, times `forced_liquidation_multiplier` when the order is a forced liquidation
//!   (margin call, stop in a fast market). Commissions are not multiplied.
//!
//! Multipliers: 100 USD per point for SPX and VIX options, 1000 USD per point for VX futures.
//!
//! [`CostModel`] deserialises from the configuration with every field optional (defaults
//! below) and unknown fields rejected.

use serde::{Deserialize, Serialize};

use crate::error::{PricingError, Result};

/// A traded product, for costs and contract multipliers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    /// SPX index option (Cboe), 100 USD per index point.
    SpxOption,
    /// VIX index option (Cboe), 100 USD per VIX point.
    VixOption,
    /// VX future (Cboe Futures Exchange), 1000 USD per VIX point.
    VxFuture,
    /// The SPX index itself, 100 USD per index point: the synthetic long index leg of the
    /// covered-call and collar methodologies. It trades without commission or slippage.
    SpxIndex,
}

impl Product {
    /// USD per point of price per contract.
    #[inline]
    pub fn multiplier(self) -> f64 {
        match self {
            Product::SpxOption | Product::VixOption | Product::SpxIndex => 100.0,
            Product::VxFuture => 1000.0,
        }
    }
}

/// Commission, fee and slippage assumptions per product.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CostModel {
    /// SPX option commission + exchange fees, USD per contract per side (default 1.10).
    pub spx_option_commission_usd: f64,
    /// VIX option commission + exchange fees, USD per contract per side (default 0.90).
    pub vix_option_commission_usd: f64,
    /// VX future commission + exchange fees, USD per contract per side (default 2.50).
    pub vx_future_commission_usd: f64,
    /// SPX option slippage from mid per leg, index points (default 0.05).
    pub spx_option_slippage_points: f64,
    /// VIX option slippage from mid per leg, VIX points (default 0.05).
    pub vix_option_slippage_points: f64,
    /// VX future slippage from mid, VIX points (default 0.05).
    pub vx_future_slippage_points: f64,
    /// Factor applied to slippage in forced liquidations (default 3.0, must be >= 1).
    pub forced_liquidation_multiplier: f64,
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel {
            spx_option_commission_usd: 1.10,
            vix_option_commission_usd: 0.90,
            vx_future_commission_usd: 2.50,
            spx_option_slippage_points: 0.05,
            vix_option_slippage_points: 0.05,
            vx_future_slippage_points: 0.05,
            forced_liquidation_multiplier: 3.0,
        }
    }
}

/// Costs of one order, both in USD and both non-negative.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct OrderCost {
    /// Commissions and exchange fees, USD.
    pub commission_usd: f64,
    /// Slippage from mid, USD.
    pub slippage_usd: f64,
}

impl OrderCost {
    /// Commission plus slippage, USD.
    #[inline]
    pub fn total_usd(&self) -> f64 {
        self.commission_usd + self.slippage_usd
    }
}

impl CostModel {
    /// Check every field: finite and >= 0, the multiplier >= 1.
    ///
    /// # Errors
    /// [`PricingError::InvalidConfig`] naming the offending `costs.` key.
    pub fn validate(&self) -> Result<()> {
        let fields = [
            ("spx_option_commission_usd", self.spx_option_commission_usd),
            ("vix_option_commission_usd", self.vix_option_commission_usd),
            ("vx_future_commission_usd", self.vx_future_commission_usd),
            (
                "spx_option_slippage_points",
                self.spx_option_slippage_points,
            ),
            (
                "vix_option_slippage_points",
                self.vix_option_slippage_points,
            ),
            ("vx_future_slippage_points", self.vx_future_slippage_points),
        ];
        for (key, v) in fields {
            if !(v.is_finite() && v >= 0.0) {
                return Err(PricingError::InvalidConfig {
                    key: format!("costs.{key}"),
                    value: v.to_string(),
                    expected: "a finite number >= 0",
                });
            }
        }
        let m = self.forced_liquidation_multiplier;
        if !(m.is_finite() && m >= 1.0) {
            return Err(PricingError::InvalidConfig {
                key: "costs.forced_liquidation_multiplier".to_owned(),
                value: m.to_string(),
                expected: "a finite number >= 1",
            });
        }
        Ok(())
    }

    /// Commission + fees per contract per side for `product`, USD.
    #[inline]
    pub fn commission_usd(&self, product: Product) -> f64 {
        match product {
            Product::SpxOption => self.spx_option_commission_usd,
            Product::VixOption => self.vix_option_commission_usd,
            Product::VxFuture => self.vx_future_commission_usd,
            Product::SpxIndex => 0.0,
        }
    }

    /// Slippage from mid per contract per leg for `product`, in price points.
    #[inline]
    pub fn slippage_points(&self, product: Product) -> f64 {
        match product {
            Product::SpxOption => self.spx_option_slippage_points,
            Product::VixOption => self.vix_option_slippage_points,
            Product::VxFuture => self.vx_future_slippage_points,
            Product::SpxIndex => 0.0,
        }
    }

    /// Costs of trading `contracts` contracts (absolute number, fractions allowed) on one
    /// leg of `product`, in USD: `commission x contracts` and `slippage points x multiplier
    /// x contracts`, the slippage times the forced-liquidation multiplier when `forced`.
    /// Every trade path of the engine (openings, exits, forced liquidations, the excess an
    /// order would leave, sizing and budget charges) prices its costs here.
    #[inline]
    pub fn leg_cost(&self, product: Product, contracts: f64, forced: bool) -> OrderCost {
        let factor = if forced {
            self.forced_liquidation_multiplier
        } else {
            1.0
        };
        OrderCost {
            commission_usd: self.commission_usd(product) * contracts,
            slippage_usd: self.slippage_points(product) * product.multiplier() * contracts * factor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_condors_cost_44_usd_commission_and_200_usd_slippage() {
        let leg = CostModel::default().leg_cost(Product::SpxOption, 10.0, false);
        assert!((4.0 * leg.commission_usd - 44.0).abs() < 1e-9);
        assert!((4.0 * leg.slippage_usd - 200.0).abs() < 1e-9);
    }

    #[test]
    fn forced_vx_liquidation_triples_slippage_only() {
        let c = CostModel::default().leg_cost(Product::VxFuture, 2.0, true);
        assert!((c.commission_usd - 5.0).abs() < 1e-12);
        assert!((c.slippage_usd - 300.0).abs() < 1e-9);
        assert!((c.total_usd() - 305.0).abs() < 1e-9);
    }
}
