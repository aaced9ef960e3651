//! Trading costs: commissions and exchange fees per contract, slippage from mid per leg.
//!
//! Model: each leg of an order of `contracts` contracts pays
//! - commission + exchange fees: `commission_usd x contracts` (per contract per side);
//! - slippage, the distance from mid paid on the leg, `points x multiplier x contracts`,
//!   where `points` depends on `spread` ([`SpreadMode`]):
//!   - `calibrated` (default), SPX and VIX options: a fraction of the modelled bid-ask
//!     half-spread of the leg ([`crate::spread`]: from its mid, the VIX level and days to
//!     expiry, fitted on real chains). An order the trader works (openings, exits, hedge
//!     sales) is assumed filled `normal_spread_fraction` = 0.5 of the half-spread from mid,
//!     i.e. a quarter of the way across the spread, as a limit order at mid walked toward
//!     the touch usually fills in liquid SPX and VIX options. A forced liquidation (margin
//!     call, real-time liquidation) is a market order: it pays `forced_spread_fraction` =
//!     1.0, the whole half-spread, at the VIX of the moment (the day's high when the low
//!     corner liquidates). Nothing more is added for size or for quotes inside the day
//!     being wider than at the close: the model's extrapolation beyond the VIX it was fitted
//!     on is already below the market at a spike (CALIBRATION.md, section 6).
//!     VX futures keep the flat rule (`vx_future_slippage_points`, one 0.05 tick, times
//!     `forced_liquidation_multiplier` when forced): no VX quotes to calibrate on.
//!   - `flat`: `slippage_points` of the product, times `forced_liquidation_multiplier`
//!     when forced, whatever the market (the engine before spreads were modelled).
//!
//!   With real chains (`[data] chains`), a leg priced at a chain quote carries its quoted
//!   half-spread ([`LegQuote::quoted_half_spread`]), which replaces the calibrated one under
//!   `calibrated`: `normal_spread_fraction` = 1.0 then trades at the bid for sales and the
//!   ask for purchases, the default 0.5 at mid plus a quarter of the spread. `flat` stays
//!   flat.
//!
//!   Commissions are never multiplied.
//!
//! Multipliers: 100 USD per point for SPX and VIX options, 1000 USD per point for VX futures.
//!
//! [`CostModel`] deserialises from the configuration with every field optional (defaults
//! below) and unknown fields rejected.

use serde::{Deserialize, Serialize};

use crate::error::{PricingError, Result};
use crate::spread::{LegQuote, SPX_OPTION, VIX_OPTION};

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

/// How option slippage is priced (`costs.spread`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpreadMode {
    /// A fraction of the bid-ask half-spread modelled from the leg's mid, the VIX level and
    /// days to expiry (fitted on real chains): normal orders pay `normal_spread_fraction`,
    /// forced liquidations `forced_spread_fraction`.
    #[default]
    Calibrated,
    /// A flat `*_slippage_points` per leg, times `forced_liquidation_multiplier` when
    /// forced, whatever the market.
    Flat,
}

impl SpreadMode {
    /// Every choice, in declaration order.
    pub const ALL: &'static [SpreadMode] = &[SpreadMode::Calibrated, SpreadMode::Flat];

    /// The name of this choice in the config.
    pub fn name(self) -> &'static str {
        match self {
            SpreadMode::Calibrated => "calibrated",
            SpreadMode::Flat => "flat",
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
    /// Factor applied to flat slippage in forced liquidations (default 3.0, must be >= 1):
    /// every product under `spread = "flat"`, VX futures under `"calibrated"`.
    pub forced_liquidation_multiplier: f64,
    /// How option slippage is priced (default `calibrated`).
    pub spread: SpreadMode,
    /// Share of the modelled half-spread a normal order pays under `calibrated`
    /// (default 0.5, in [0, 1]).
    pub normal_spread_fraction: f64,
    /// Share of the modelled half-spread a forced liquidation pays under `calibrated`
    /// (default 1.0, in [0, 5]).
    pub forced_spread_fraction: f64,
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
            spread: SpreadMode::Calibrated,
            normal_spread_fraction: 0.5,
            forced_spread_fraction: 1.0,
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
    /// Check every field: finite and >= 0, the multiplier >= 1, the normal spread fraction
    /// in [0, 1] and the forced one in [0, 5].
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
        let fractions = [
            (
                "normal_spread_fraction",
                self.normal_spread_fraction,
                1.0,
                "a finite number in [0, 1]",
            ),
            (
                "forced_spread_fraction",
                self.forced_spread_fraction,
                5.0,
                "a finite number in [0, 5]",
            ),
        ];
        for (key, v, max, expected) in fractions {
            if !(v.is_finite() && (0.0..=max).contains(&v)) {
                return Err(PricingError::InvalidConfig {
                    key: format!("costs.{key}"),
                    value: v.to_string(),
                    expected,
                });
            }
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

    /// Flat slippage from mid per contract per leg for `product`, in price points.
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
    /// leg of `product` quoted at `quote`, in USD: `commission x contracts` and `slippage
    /// points x multiplier x contracts`, the slippage stressed when `forced` (module docs).
    /// Every trade path of the engine (openings, exits, forced liquidations, the excess an
    /// order would leave, sizing and budget charges) prices its costs here.
    #[inline]
    pub fn leg_cost(
        &self,
        product: Product,
        contracts: f64,
        quote: LegQuote,
        forced: bool,
    ) -> OrderCost {
        let commission_usd = self.commission_usd(product) * contracts;
        let coefficients = match (self.spread, product) {
            (SpreadMode::Calibrated, Product::SpxOption) => &SPX_OPTION,
            (SpreadMode::Calibrated, Product::VixOption) => &VIX_OPTION,
            _ => {
                let factor = if forced {
                    self.forced_liquidation_multiplier
                } else {
                    1.0
                };
                // The flat rule, in the order of operations it always had (bit-identical
                // outputs under `StrategyParams::mechanisms_off`).
                return OrderCost {
                    commission_usd,
                    slippage_usd: self.slippage_points(product)
                        * product.multiplier()
                        * contracts
                        * factor,
                };
            }
        };
        let fraction = if forced {
            self.forced_spread_fraction
        } else {
            self.normal_spread_fraction
        };
        // A real chain quote replaces the calibrated half-spread (finite only with chains).
        let half_spread = if quote.quoted_half_spread.is_finite() {
            quote.quoted_half_spread
        } else {
            coefficients.half_spread(quote)
        };
        OrderCost {
            commission_usd,
            slippage_usd: fraction * half_spread * product.multiplier() * contracts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat() -> CostModel {
        CostModel {
            spread: SpreadMode::Flat,
            ..CostModel::default()
        }
    }

    const ANY: LegQuote = LegQuote {
        mid: 3.0,
        vix: 80.0,
        t_years: 0.1,
        quoted_half_spread: f64::NAN,
    };

    #[test]
    fn ten_flat_condors_cost_44_usd_commission_and_200_usd_slippage() {
        let leg = flat().leg_cost(Product::SpxOption, 10.0, ANY, false);
        assert!((4.0 * leg.commission_usd - 44.0).abs() < 1e-9);
        assert!((4.0 * leg.slippage_usd - 200.0).abs() < 1e-9);
    }

    #[test]
    fn forced_vx_liquidation_triples_slippage_only() {
        // The same under both spread modes: VX futures keep the flat rule.
        let c = CostModel::default().leg_cost(Product::VxFuture, 2.0, ANY, true);
        assert_eq!(c, flat().leg_cost(Product::VxFuture, 2.0, ANY, true));
        assert!((c.commission_usd - 5.0).abs() < 1e-12);
        assert!((c.slippage_usd - 300.0).abs() < 1e-9);
        assert!((c.total_usd() - 305.0).abs() < 1e-9);
    }

    #[test]
    fn a_forced_spx_leg_pays_twice_the_slippage_of_a_normal_one() {
        let c = CostModel::default();
        let normal = c.leg_cost(Product::SpxOption, 1.0, ANY, false).slippage_usd;
        let forced = c.leg_cost(Product::SpxOption, 1.0, ANY, true).slippage_usd;
        assert!((forced - 2.0 * normal).abs() < 1e-12);
        assert!((forced - 100.0 * SPX_OPTION.half_spread(ANY)).abs() < 1e-12);
    }
}
