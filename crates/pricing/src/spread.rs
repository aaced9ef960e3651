//! Bid-ask half-spread of an option leg as a function of its mid, the VIX level and days to
//! expiry, fitted on real end-of-day chains (`crates/pricing/CALIBRATION.md`, section 6).
//!
//! Model, in price points (index points for SPX options, VIX points for VIX options):
//!
//! ```text
//! ln h = a + b ln(mid) + c ln(VIX / 20) + d ln(DTE / 30)
//! h    = clamp(e^(ln h), MIN_HALF_SPREAD_POINTS, max(mid, MIN_HALF_SPREAD_POINTS))
//! ```
//!
//! with `DTE` in calendar days, floored at one day (expiry-day quotes behave like one-day
//! quotes in the raw chains), and `VIX` the level of the VIX index when the leg trades (the
//! close, or the day's high at the low corner of a real-time liquidation), floored at 1.
//!
//! - **Spreads scale with the price, less than proportionally**: `b` = 0.31 (SPX). Across a
//!   chain a 10x dearer option is about 2x wider. Moneyness enters through the mid: an
//!   explicit `|ln(K/S)| / (sigma sqrt T)` term moved the in-sample log RMSE by 0.002 and was
//!   left out, as were the root (SPX vs SPXW, 0.03) and the right (put vs call, 0.05).
//! - **Spreads widen with the VIX level**: `c` = 0.72 (SPX), identified across the 24
//!   quote dates of the chain file only (VIX 12.7-20.6; day-level standard error 0.22).
//!   Beyond VIX 21 the model extrapolates; at a spike it is below the market (section 6 of
//!   CALIBRATION.md measures how far).
//! - **Days to expiry barely matter once the mid is known**: `d` = 0.05.
//! - **VIX options** have their own `a`, `b`, `d`, fitted on the one real VIX chain
//!   (2016-06-01, every quoted strike and expiry; the mid is the chain's, so no VX future is
//!   needed). One day cannot identify a VIX
//!   elasticity, so `c` is borrowed from the SPX fit (an assumption: VIX-option market
//!   makers widen with stress as SPX ones do) and the VIX level of that day (14.20) enters
//!   the fit of `a`.
//! - **Floor**: half the minimum tick of options under 3.00 (0.05), so `h >= 0.025`. **Cap**:
//!   a bid is never negative, so `h <= mid`.
//!
//! VX futures and the index are not modelled here: the cost model keeps a flat half-spread
//! for them (`costs.vx_future_slippage_points`, one tick of 0.05).
//!
//! What a trade pays of the half-spread (a fraction for orders worked inside the spread, the
//! whole of it for forced market orders) is the cost model's choice: see
//! [`crate::costs::CostModel`].

/// Smallest half-spread, price points: half the 0.05 minimum tick of SPX and VIX options
/// quoted under 3.00.
pub const MIN_HALF_SPREAD_POINTS: f64 = 0.025;

/// VIX level the model is centred on (`ln(VIX / 20)`), index points.
pub const VIX_PIVOT: f64 = 20.0;

/// Days to expiry the model is centred on (`ln(DTE / 30)`), calendar days.
pub const DTE_PIVOT_DAYS: f64 = 30.0;

/// The coefficients of one product's half-spread model (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpreadCoefficients {
    /// `a`: log half-spread of a 1.00-point option, VIX 20, 30 days.
    pub ln_scale: f64,
    /// `b`: elasticity to the option's mid.
    pub mid_exponent: f64,
    /// `c`: elasticity to the VIX level.
    pub vix_exponent: f64,
    /// `d`: elasticity to the days to expiry.
    pub dte_exponent: f64,
}

/// SPX options (roots SPX and SPXW): least squares on log half-spread over the 78,765 OTM
/// quotes (14-100 days, strikes 60%-125% of spot) of the 24 trading days 2019-04-25 to
/// 2019-05-31 in `../shared/chains/spx_otm_2019-04-25_2019-05-31.tsv`.
pub const SPX_OPTION: SpreadCoefficients = SpreadCoefficients {
    ln_scale: -2.4019,
    mid_exponent: 0.3112,
    vix_exponent: 0.7218,
    dte_exponent: 0.0546,
};

/// VIX options: least squares on log half-spread over the 527 two-sided quotes of the
/// 2016-06-01 chain (`../shared/chains/vix_options_2016-06-01_datashop.csv`, weeklies and
/// monthlies, 7-168 days), with the SPX VIX elasticity imposed. Unlike SPX options, short
/// VIX expiries quote wider than long ones at the same mid (`d` < 0).
pub const VIX_OPTION: SpreadCoefficients = SpreadCoefficients {
    ln_scale: -2.3777,
    mid_exponent: 0.2905,
    vix_exponent: SPX_OPTION.vix_exponent,
    dte_exponent: -0.2192,
};

/// What the spread model needs to know about a leg when it trades.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LegQuote {
    /// The leg's mid (model mark), price points per unit of underlying.
    pub mid: f64,
    /// VIX level when the leg trades, index points.
    pub vix: f64,
    /// Years to expiry (calendar days / 365).
    pub t_years: f64,
    /// Half the quoted bid-ask spread where the leg trades at a real chain quote, points;
    /// NaN (the default) where the price is the model's. A finite value replaces the
    /// calibrated half-spread in [`crate::costs::CostModel::leg_cost`].
    pub quoted_half_spread: f64,
}

impl LegQuote {
    /// A quote of `mid` at VIX `vix` with `t_years` to expiry.
    #[inline]
    pub fn new(mid: f64, vix: f64, t_years: f64) -> LegQuote {
        LegQuote {
            mid,
            vix,
            t_years,
            quoted_half_spread: f64::NAN,
        }
    }

    /// This quote with the quoted half-spread `h` (NaN: none).
    #[inline]
    pub fn with_half_spread(self, h: f64) -> LegQuote {
        LegQuote {
            quoted_half_spread: h,
            ..self
        }
    }
}

impl SpreadCoefficients {
    /// Model half-spread of `q`, price points: in
    /// [`MIN_HALF_SPREAD_POINTS`, max(mid, `MIN_HALF_SPREAD_POINTS`)], never NaN (a
    /// non-positive or NaN mid gives the floor, a NaN VIX or time the floors of 1 and 1 day).
    #[inline]
    pub fn half_spread(&self, q: LegQuote) -> f64 {
        if q.mid.is_nan() || q.mid <= MIN_HALF_SPREAD_POINTS {
            return MIN_HALF_SPREAD_POINTS;
        }
        let dte = (q.t_years * 365.0).max(1.0);
        let ln_h = self.ln_scale
            + self.mid_exponent * q.mid.ln()
            + self.vix_exponent * (q.vix.max(1.0) / VIX_PIVOT).ln()
            + self.dte_exponent * (dte / DTE_PIVOT_DAYS).ln();
        ln_h.exp().clamp(MIN_HALF_SPREAD_POINTS, q.mid)
    }

    /// Model log half-spread of an observation (no floor or cap): the quantity the
    /// coefficients were fitted on.
    pub fn ln_half_spread(&self, mid: f64, vix: f64, dte_days: f64) -> f64 {
        self.ln_scale
            + self.mid_exponent * mid.ln()
            + self.vix_exponent * (vix / VIX_PIVOT).ln()
            + self.dte_exponent * (dte_days.max(1.0) / DTE_PIVOT_DAYS).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_point_30_day_spx_option_at_vix_20_is_e_to_the_a() {
        let h = SPX_OPTION.half_spread(LegQuote::new(1.0, 20.0, 30.0 / 365.0));
        assert!((h - (-2.4019f64).exp()).abs() < 1e-12, "{h}");
    }

    #[test]
    fn floor_and_cap_hold_and_nothing_is_nan() {
        assert_eq!(
            SPX_OPTION.half_spread(LegQuote::new(0.0, 20.0, 0.1)),
            MIN_HALF_SPREAD_POINTS
        );
        assert_eq!(
            SPX_OPTION.half_spread(LegQuote::new(f64::NAN, f64::NAN, f64::NAN)),
            MIN_HALF_SPREAD_POINTS
        );
        let h = SPX_OPTION.half_spread(LegQuote::new(0.03, 500.0, 0.0));
        assert!((h - 0.03).abs() < 1e-15, "capped at the mid: {h}");
        let h = SPX_OPTION.half_spread(LegQuote::new(5.0, f64::NAN, f64::NAN));
        assert!(h.is_finite() && h >= MIN_HALF_SPREAD_POINTS);
    }
}
