//! VIX option volatility: Black-76 on the VX future of the same expiry.
//!
//! **ATM vol.** VVIX is the 30-day implied vol of VIX options (a variance-swap-style index on
//! the VIX option strip), so the ATM vol of an option `tau` years out is
//!
//! `sigma_atm = VVIX / 100 * clamp((tau / 30d)^(-tenor_exponent), min_factor, max_factor)`:
//! VIX option vols fall with tenor because VIX mean-reverts. Where VVIX is missing, before
//! `vvix_reliable_from` (the 2006 values are sparse and partly implausible, see the data
//! README) or below `vvix_min`, VVIX is replaced by the fallback `fallback_a * VIX^fallback_b`
//! (log-log least squares of VVIX on VIX closes 2007-2026, printed by `ringfence calibrate vx`).
//!
//! **Skew.** VIX call skew is upward: `sigma(K) = sigma_atm * clamp(1 + s ln(K/F), min_mult,
//! max_mult)` with `s = call_skew` above the future and `put_skew` below it (both >= 0, so
//! OTM calls carry more vol and OTM puts less).
//!
//! **Not calibrated** (no VIX option chain data in the shared set): `tenor_exponent` (0.30
//! makes 3-month vol ~0.71x and 6-month ~0.58x the 30-day vol, the shape usually quoted for
//! VIX options), `call_skew` and `put_skew`. See `crates/pricing/CALIBRATION.md`.

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
    sqrt_t: f64,
    df: f64,
}

impl VixTenor {
    /// The same-expiry VX future (VIX points).
    #[inline]
    pub fn forward(&self) -> f64 {
        self.forward
    }
}

/// Parameters of the VIX option vol model (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VixOptionParams {
    /// Decay exponent of the tenor factor `(tau / 30d)^(-tenor_exponent)`.
    pub tenor_exponent: f64,
    /// Smallest tenor factor.
    pub min_factor: f64,
    /// Largest tenor factor (short-dated options).
    pub max_factor: f64,
    /// Fallback VVIX scale `a` in `a * VIX^b` (VIX in points).
    pub fallback_a: f64,
    /// Fallback VVIX exponent `b`.
    pub fallback_b: f64,
    /// VVIX closes before this date are not used (2006 values are unreliable).
    pub vvix_reliable_from: NaiveDate,
    /// VVIX closes below this level are treated as bad prints (VVIX never closed below 59.7
    /// from 2007 on).
    pub vvix_min: f64,
    /// Skew above the future: relative vol change per unit of `ln(K/F)`.
    pub call_skew: f64,
    /// Skew below the future: relative vol change per unit of `ln(K/F)`.
    pub put_skew: f64,
    /// Smallest skew multiplier.
    pub min_multiplier: f64,
    /// Largest skew multiplier.
    pub max_multiplier: f64,
}

impl Default for VixOptionParams {
    fn default() -> Self {
        VixOptionParams {
            tenor_exponent: 0.30,
            min_factor: 0.40,
            max_factor: 1.60,
            fallback_a: 53.76,
            fallback_b: 0.1867,
            vvix_reliable_from: NaiveDate::from_ymd_opt(2007, 1, 1).unwrap_or_default(),
            vvix_min: 50.0,
            call_skew: 0.60,
            put_skew: 0.30,
            min_multiplier: 0.60,
            max_multiplier: 2.50,
        }
    }
}

impl VixOptionParams {
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

    /// The tenor scaling of the VVIX level `tau` years out (`(tau / 30 days)^-exponent`,
    /// clamped): [`VixOptionParams::atm_vol`] is `atm_vol_scaled(vvix, tenor_factor(tau))`.
    #[inline]
    pub fn tenor_factor(&self, tau: f64) -> f64 {
        let tau = tau.max(1.0 / 365.0);
        (tau / T30)
            .powf(-self.tenor_exponent)
            .clamp(self.min_factor, self.max_factor)
    }

    /// ATM vol from the VVIX level and a [`VixOptionParams::tenor_factor`].
    #[inline]
    pub fn atm_vol_scaled(&self, vvix_level: f64, factor: f64) -> f64 {
        (vvix_level / 100.0 * factor).clamp(0.05, 5.0)
    }

    /// Vol at strike `strike` on a future at `forward` (both VIX points, > 0) given the ATM
    /// vol; non-positive inputs return the ATM vol.
    #[inline]
    pub fn skewed_vol(&self, atm_vol: f64, forward: f64, strike: f64) -> f64 {
        if !(forward > 0.0 && strike > 0.0) {
            return atm_vol;
        }
        self.skewed_vol_at(atm_vol, (strike / forward).ln())
    }

    /// [`VixOptionParams::skewed_vol`] given `k = ln(strike / forward)`.
    #[inline]
    fn skewed_vol_at(&self, atm_vol: f64, k: f64) -> f64 {
        let s = if k >= 0.0 {
            self.call_skew
        } else {
            self.put_skew
        };
        atm_vol * (1.0 + s * k).clamp(self.min_multiplier, self.max_multiplier)
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
        Self::tenor_at(self.atm_vol(vvix_level, tau), forward, t_years, rate)
    }

    /// [`VixOptionParams::tenor`] given the expiry's ATM vol ([`VixOptionParams::atm_vol`]).
    ///
    /// # Errors
    /// As [`VixOptionParams::tenor`].
    #[inline]
    pub fn tenor_at(
        atm_vol: f64,
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
            sqrt_t: t_years.sqrt(),
            df: (-rate * t_years).exp(),
        })
    }

    /// Price (VIX points, Black-76, discounted) and vol (annualised fraction) of one strike
    /// (VIX points) of `tenor`'s expiry; the vol is exactly
    /// `skewed_vol(atm_vol(..), forward, strike)`, the price Black-76 at that vol.
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
        let vol = self.skewed_vol_at(tenor.atm_vol, k);
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
            ("tenor_exponent", self.tenor_exponent),
            ("min_factor", self.min_factor),
            ("max_factor", self.max_factor),
            ("fallback_a", self.fallback_a),
            ("fallback_b", self.fallback_b),
            ("vvix_min", self.vvix_min),
            ("call_skew", self.call_skew),
            ("put_skew", self.put_skew),
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
