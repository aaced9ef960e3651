//! The price and first-order sensitivities of one option, computed together.

/// Price and greeks of one European option under BSM or Black-76.
///
/// Units: `price` in the units of the strike (index points for SPX, VIX points for VIX
/// options), per unit of underlying (multiply by the contract multiplier for USD).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Greeks {
    /// Option price (present value), strike units.
    pub price: f64,
    /// Sensitivity to the underlying per 1.00 of spot (BSM) or of the forward (Black-76),
    /// discounted: a call's delta lies in `[0, e^{-qT}]` (BSM) or `[0, e^{-rT}]` (Black-76).
    pub delta: f64,
    /// Second derivative with respect to the underlying, per 1.00 of underlying squared.
    pub gamma: f64,
    /// Sensitivity to volatility per 1.00 (100 vol points) of annualised vol; divide by 100
    /// for the change per vol point.
    pub vega: f64,
    /// Time decay per year of calendar time (`-dV/dT`, T = calendar days / 365); divide by
    /// 365 for the decay per calendar day. Black-76 holds the forward fixed.
    pub theta: f64,
    /// Sensitivity to the continuously compounded rate per 1.00 (100%) of rate. Black-76
    /// holds the forward fixed, so its rho is `-T * price`.
    pub rho: f64,
}
