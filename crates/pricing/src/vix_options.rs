//! VIX option volatility: Black-76 on the VX future of the same expiry.
//!
//! **ATM vol.** VVIX is the 30-day implied vol of VIX options (a variance-swap-style index on
//! the VIX option strip), so the ATM vol of an option `tau` years out is
//!
//! `sigma_atm = atm_ratio * VVIX / 100 * g(tau)`, `g(tau) = sqrt(h(kappa tau) / h(kappa 30d))`,
//! `h(x) = (1 - e^(-2x)) / (2x)` (clamped to `[min_factor, max_factor]`):
//! the implied vol of a future on a mean-reverting (rate `kappa = mean_reversion`) log VIX,
//! normalised to 1 at 30 days. It is flat at the short end and falls like `tau^-1/2` at the
//! long end. Where VVIX is missing, before `vvix_reliable_from` (the 2006 values are sparse
//! and partly implausible, see the data README) or below `vvix_min`, VVIX is replaced by the
//! fallback `fallback_a * VIX^fallback_b` (log-log least squares of VVIX on VIX closes
//! 2007-2026, printed by `ringfence calibrate vx`).
//!
//! **Skew.** With `k = ln(K/F)` and `s(tau) = (max(tau, 7d) / 30d)^(-skew_tenor_exponent)`,
//! `sigma(K) = sigma_atm * clamp(m, min_multiplier, max_multiplier)`,
//! `m = 1 + s(tau) call_skew k^call_skew_exponent` above the future and
//! `m = 1 + s(tau) put_skew k` below it: OTM calls carry more vol (concave in `k`), OTM puts
//! less, and the whole smile steepens at short tenors.
//!
//! **Calibrated** on the one real VIX option chain of the shared data (2016-06-01, monthly
//! expiries 14-168 days priced against that day's VX settles; `ringfence calibrate
//! vix-options`). One day cannot tell how the level or the skew move with VVIX: the model
//! assumes the ATM vol proportional to VVIX and the skew multiplier independent of it. See
//! `crates/pricing/CALIBRATION.md`, section 3.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::term::T30;

/// Where the VIX option vol level came from on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VolOfVolSource {
    /// The day's VVIX close.
    Vvix,
    /// The fallback function of VIX (VVIX missing or unreliable).
    VixFallback,
}

/// The strike-independent part of the VIX options of one expiry on one day (see
/// [`VixOptionParams::tenor`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VixTenor {
    forward: f64,
    atm_vol: f64,
    skew_scale: f64,
    sqrt_t: f64,
    df: f64,
}

impl VixTenor {
    /// The same-expiry VX future (VIX points).
    #[inline]
    pub fn forward(&self) -> f64 {
        self.forward
    }

    /// ATM vol of the expiry (annualised fraction).
    #[inline]
    pub fn atm_vol(&self) -> f64 {
        self.atm_vol
    }
}

/// Shortest tenor the skew steepens to: below 7 calendar days the smile keeps its 7-day shape
/// (the calibration chain's shortest expiry; `(tau / 30d)^-e` would grow without bound).
pub const SKEW_TENOR_FLOOR_YEARS: f64 = 7.0 / 365.0;

/// Parameters of the VIX option vol model (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VixOptionParams {
    /// ATM vol at 30 days as a multiple of VVIX / 100.
    pub atm_ratio: f64,
    /// Mean reversion `kappa` of log VIX (per year) in the tenor factor
    /// `g(tau) = sqrt(h(kappa tau) / h(kappa 30d))`, `h(x) = (1 - e^(-2x)) / (2x)`.
    pub mean_reversion: f64,
    /// Smallest tenor factor.
    pub min_factor: f64,
    /// Largest tenor factor (short-dated options).
    pub max_factor: f64,
    /// Fallback VVIX scale `a` in `a * VIX^b` (VIX in points).
    pub fallback_a: f64,
    /// Fallback VVIX exponent `b`.
    pub fallback_b: f64,
    /// VVIX closes before this date are not used (2006 values are unreliable).
    #[serde(deserialize_with = "ringfence_data::serde_date::deserialize")]
    pub vvix_reliable_from: NaiveDate,
    /// VVIX closes below this level are treated as bad prints (VVIX never closed below 59.7
    /// from 2007 on).
    pub vvix_min: f64,
    /// Call skew at 30 days: relative vol change at `ln(K/F) = 1` above the future.
    pub call_skew: f64,
    /// Curvature of the call skew: the multiplier grows like `ln(K/F)^call_skew_exponent`
    /// (< 1: concave).
    pub call_skew_exponent: f64,
    /// Put skew at 30 days: relative vol change per unit of `ln(K/F)` below the future.
    pub put_skew: f64,
    /// Steepening of the smile with shorter tenor: both skews scale with
    /// `(max(tau, 7d) / 30d)^(-skew_tenor_exponent)`.
    pub skew_tenor_exponent: f64,
    /// Smallest skew multiplier.
    pub min_multiplier: f64,
    /// Largest skew multiplier.
    pub max_multiplier: f64,
}

impl Default for VixOptionParams {
    fn default() -> Self {
        VixOptionParams {
            atm_ratio: 1.0533,
            mean_reversion: 1.8234,
            min_factor: 0.40,
            max_factor: 1.60,
            fallback_a: 53.738,
            fallback_b: 0.1867,
            vvix_reliable_from: NaiveDate::from_ymd_opt(2007, 1, 1).unwrap_or_default(),
            vvix_min: 50.0,
            call_skew: 0.6877,
            call_skew_exponent: 0.7379,
            put_skew: 1.2744,
            skew_tenor_exponent: 0.4914,
            min_multiplier: 0.30,
            max_multiplier: 4.0,
        }
    }
}

/// `h(x) = (1 - e^(-2x)) / (2x)`, 1 at 0 (series below 1e-6).
#[inline]
fn ou_variance_ratio(x: f64) -> f64 {
    if x < 1e-6 {
        1.0 - x
    } else {
        -(-2.0 * x).exp_m1() / (2.0 * x)
    }
}

impl VixOptionParams {
    /// The fields `ringfence calibrate vix-options` fits, by name, in the order it prints
    /// them.
    pub fn fitted(&self) -> [(&'static str, f64); 6] {
        [
            ("atm_ratio", self.atm_ratio),
            ("mean_reversion", self.mean_reversion),
            ("call_skew", self.call_skew),
            ("call_skew_exponent", self.call_skew_exponent),
            ("put_skew", self.put_skew),
            ("skew_tenor_exponent", self.skew_tenor_exponent),
        ]
    }

    /// The parameters the calibration starts from (`ringfence calibrate vix-options`): ATM at
    /// VVIX, no tenor decay beyond a year's mean reversion, linear skews.
    pub fn calibration_start() -> VixOptionParams {
        VixOptionParams {
            atm_ratio: 1.0,
            mean_reversion: 1.0,
            call_skew: 0.6,
            call_skew_exponent: 0.8,
            put_skew: 0.6,
            skew_tenor_exponent: 0.5,
            ..VixOptionParams::default()
        }
    }

    /// The VVIX level (index points) to use on `date`: the close when reliable, else the
    /// fallback function of `vix` (VIX points).
    pub fn vol_of_vol(
        &self,
        date: NaiveDate,
        vvix: Option<f64>,
        vix: f64,
    ) -> (f64, VolOfVolSource) {
        match vvix {
            Some(v) if v.is_finite() && v >= self.vvix_min && date >= self.vvix_reliable_from => {
                (v, VolOfVolSource::Vvix)
            }
            _ => (
                self.fallback_a * vix.max(1.0).powf(self.fallback_b),
                VolOfVolSource::VixFallback,
            ),
        }
    }

    /// ATM vol (annualised fraction) of a VIX option `tau` years out given the day's VVIX
    /// level (index points).
    #[inline]
    pub fn atm_vol(&self, vvix_level: f64, tau: f64) -> f64 {
        self.atm_vol_scaled(vvix_level, self.tenor_factor(tau))
    }

    /// The tenor scaling `g(tau)` of the 30-day ATM vol (see the module docs), clamped to
    /// `[min_factor, max_factor]`: [`VixOptionParams::atm_vol`] is
    /// `atm_vol_scaled(vvix, tenor_factor(tau))`.
    #[inline]
    pub fn tenor_factor(&self, tau: f64) -> f64 {
        let kappa = self.mean_reversion;
        let g = (ou_variance_ratio(kappa * tau.max(0.0)) / ou_variance_ratio(kappa * T30)).sqrt();
        g.clamp(self.min_factor, self.max_factor)
    }

    /// ATM vol from the VVIX level and a [`VixOptionParams::tenor_factor`].
    #[inline]
    pub fn atm_vol_scaled(&self, vvix_level: f64, factor: f64) -> f64 {
        (self.atm_ratio * vvix_level / 100.0 * factor).clamp(0.05, 5.0)
    }

    /// The steepening of the skew `tau` years out: `(max(tau, 7d) / 30d)^-skew_tenor_exponent`.
    #[inline]
    pub fn skew_scale(&self, tau: f64) -> f64 {
        (tau.max(SKEW_TENOR_FLOOR_YEARS) / T30).powf(-self.skew_tenor_exponent)
    }

    /// Vol at strike `strike` on a future at `forward` (both VIX points, > 0) `tau` years out
    /// given the ATM vol; non-positive inputs return the ATM vol.
    #[inline]
    pub fn skewed_vol(&self, atm_vol: f64, forward: f64, strike: f64, tau: f64) -> f64 {
        if !(forward > 0.0 && strike > 0.0) {
            return atm_vol;
        }
        self.skewed_vol_at(atm_vol, self.skew_scale(tau), (strike / forward).ln())
    }

    /// [`VixOptionParams::skewed_vol`] given the [`VixOptionParams::skew_scale`] and
    /// `k = ln(strike / forward)`.
    #[inline]
    fn skewed_vol_at(&self, atm_vol: f64, skew_scale: f64, k: f64) -> f64 {
        let m = if k >= 0.0 {
            1.0 + skew_scale * self.call_skew * k.powf(self.call_skew_exponent)
        } else {
            1.0 + skew_scale * self.put_skew * k
        };
        atm_vol * m.clamp(self.min_multiplier, self.max_multiplier)
    }

    /// The strike-independent part of the VIX options of one expiry on one day, for pricing
    /// several strikes with [`VixOptionParams::price_iv`]: `vvix_level` (index points),
    /// `tau` (calendar days to expiry / 365, for the tenor scaling of the vol), the same-expiry
    /// VX future `forward` (VIX points), the Black-76 `t_years` and `rate` (annual fraction).
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] for a non-positive forward, a `t_years` outside
    /// `[0, 100]` or a `rate` outside `[-1, 1]`.
    #[inline]
    pub fn tenor(
        &self,
        vvix_level: f64,
        tau: f64,
        forward: f64,
        t_years: f64,
        rate: f64,
    ) -> crate::Result<VixTenor> {
        self.tenor_at(self.atm_vol(vvix_level, tau), tau, forward, t_years, rate)
    }

    /// [`VixOptionParams::tenor`] given the expiry's ATM vol ([`VixOptionParams::atm_vol`])
    /// and `tau` (calendar days to expiry / 365, for the skew's tenor scaling).
    ///
    /// # Errors
    /// As [`VixOptionParams::tenor`].
    #[inline]
    pub fn tenor_at(
        &self,
        atm_vol: f64,
        tau: f64,
        forward: f64,
        t_years: f64,
        rate: f64,
    ) -> crate::Result<VixTenor> {
        crate::error::ensure_input!(
            forward.is_finite() && forward > 0.0,
            "forward",
            forward,
            "a finite number > 0"
        );
        crate::bsm::validate_market(1.0, 1.0, t_years, rate, 0.0)?;
        Ok(VixTenor {
            forward,
            atm_vol,
            skew_scale: self.skew_scale(tau),
            sqrt_t: t_years.sqrt(),
            df: (-rate * t_years).exp(),
        })
    }

    /// Price (VIX points, Black-76, discounted) and vol (annualised fraction) of one strike
    /// (VIX points) of `tenor`'s expiry; the vol is exactly
    /// `skewed_vol(atm_vol(..), forward, strike, tau)`, the price Black-76 at that vol.
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidInput`] for a non-positive or non-finite strike.
    #[inline]
    pub fn price_iv(
        &self,
        tenor: &VixTenor,
        right: crate::OptionRight,
        strike: f64,
    ) -> crate::Result<(f64, f64)> {
        crate::error::ensure_input!(
            strike.is_finite() && strike > 0.0,
            "strike",
            strike,
            "a finite number > 0 (VIX points)"
        );
        let k = (strike / tenor.forward).ln();
        let vol = self.skewed_vol_at(tenor.atm_vol, tenor.skew_scale, k);
        crate::bsm::validate_vol(vol)?;
        let (p, _, _) =
            crate::black::price_n(right.sign(), tenor.forward, strike, -k, vol * tenor.sqrt_t);
        Ok((tenor.df * p, vol))
    }

    /// Check the parameters.
    ///
    /// # Errors
    /// [`crate::PricingError::InvalidConfig`] naming the first bad key.
    pub fn validate(&self) -> crate::Result<()> {
        let fields = [
            ("atm_ratio", self.atm_ratio),
            ("mean_reversion", self.mean_reversion),
            ("min_factor", self.min_factor),
            ("max_factor", self.max_factor),
            ("fallback_a", self.fallback_a),
            ("fallback_b", self.fallback_b),
            ("vvix_min", self.vvix_min),
            ("call_skew", self.call_skew),
            ("call_skew_exponent", self.call_skew_exponent),
            ("put_skew", self.put_skew),
            ("skew_tenor_exponent", self.skew_tenor_exponent),
            ("min_multiplier", self.min_multiplier),
            ("max_multiplier", self.max_multiplier),
        ];
        for (k, v) in fields {
            if !(v.is_finite() && v >= 0.0) {
                return Err(crate::PricingError::InvalidConfig {
                    key: format!("model.vix_options.{k}"),
                    value: v.to_string(),
                    expected: "a finite number >= 0",
                });
            }
        }
        if self.min_factor <= 0.0 || self.max_factor < self.min_factor {
            return Err(crate::PricingError::InvalidConfig {
                key: "model.vix_options.max_factor".to_owned(),
                value: self.max_factor.to_string(),
                expected: "0 < min_factor <= max_factor",
            });
        }
        if self.min_multiplier <= 0.0 || self.max_multiplier < self.min_multiplier {
            return Err(crate::PricingError::InvalidConfig {
                key: "model.vix_options.max_multiplier".to_owned(),
                value: self.max_multiplier.to_string(),
                expected: "0 < min_multiplier <= max_multiplier",
            });
        }
        for (k, v) in [
            ("atm_ratio", self.atm_ratio),
            ("mean_reversion", self.mean_reversion),
            ("call_skew_exponent", self.call_skew_exponent),
        ] {
            if v <= 0.0 || v > 10.0 {
                return Err(crate::PricingError::InvalidConfig {
                    key: format!("model.vix_options.{k}"),
                    value: v.to_string(),
                    expected: "a finite number in (0, 10]",
                });
            }
        }
        if self.fallback_a <= 0.0 {
            return Err(crate::PricingError::InvalidConfig {
                key: "model.vix_options.fallback_a".to_owned(),
                value: self.fallback_a.to_string(),
                expected: "a finite number > 0",
            });
        }
        Ok(())
    }
}
