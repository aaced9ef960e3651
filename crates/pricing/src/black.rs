//! The Black formula shared by BSM and Black-76 (crate-private).
//!
//! Both models price `omega (FD N(omega d1) - KD N(omega d2))` where `FD` is the discounted
//! forward (BSM: `S e^{-qT}`; Black-76: `F e^{-rT}`), `KD = K e^{-rT}`, `s = vol sqrt(T)` and
//! `d1 = ln(FD / KD) / s + s / 2`, `d2 = d1 - s`.

use crate::normal::{FRAC_1_SQRT_2PI, cdf_with_gaussian, exp_neg_half_sq};

/// Shared intermediate results of one evaluation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kernel {
    /// Option price.
    pub price: f64,
    /// `N(omega d1)`.
    pub n1: f64,
    /// `N(omega d2)`.
    pub n2: f64,
    /// `phi(d1)` (zero in the degenerate limit).
    pub pdf1: f64,
}

/// Price with `N(omega d1)` and `N(omega d2)` (no density).
///
/// `ln_fk = ln(FD / KD)`; `s = vol sqrt(T) >= 0`. When `s` is zero or subnormal the
/// deterministic limit is used: the option is worth its discounted forward intrinsic value,
/// `N` becomes a step (one half exactly at the money).
#[inline]
pub(crate) fn price_n(omega: f64, fd: f64, kd: f64, ln_fk: f64, s: f64) -> (f64, f64, f64) {
    if !s.is_normal() {
        let n = step(omega * ln_fk);
        let price = (omega * (fd - kd)).max(0.0);
        return (price, n, n);
    }
    let (n1, n2, _) = cdfs(omega, fd, kd, ln_fk, s);
    let price = (omega * (fd * n1 - kd * n2)).max(0.0);
    (price, n1, n2)
}

/// Price, both `N` values and the density at `d1` (one `exp` shared between N and phi).
#[inline]
pub(crate) fn kernel(omega: f64, fd: f64, kd: f64, ln_fk: f64, s: f64) -> Kernel {
    if !s.is_normal() {
        let (price, n1, n2) = price_n(omega, fd, kd, ln_fk, s);
        return Kernel {
            price,
            n1,
            n2,
            pdf1: 0.0,
        };
    }
    let (n1, n2, g1) = cdfs(omega, fd, kd, ln_fk, s);
    let pdf1 = FRAC_1_SQRT_2PI * g1;
    let price = (omega * (fd * n1 - kd * n2)).max(0.0);
    Kernel {
        price,
        n1,
        n2,
        pdf1,
    }
}

/// `N(omega d1)`, `N(omega d2)` and `exp(-d1^2 / 2)` with a single `exp`: the identity
/// `FD phi(d1) = KD phi(d2)` gives `exp(-d2^2 / 2) = exp(-d1^2 / 2) FD / KD`.
#[inline]
fn cdfs(omega: f64, fd: f64, kd: f64, ln_fk: f64, s: f64) -> (f64, f64, f64) {
    let d1 = ln_fk / s + 0.5 * s;
    let d2 = d1 - s;
    let g1 = exp_neg_half_sq(d1);
    let g2 = if g1 > 1e-290 {
        g1 * (fd / kd)
    } else {
        exp_neg_half_sq(d2)
    };
    (
        cdf_with_gaussian(omega * d1, g1),
        cdf_with_gaussian(omega * d2, g2),
        g1,
    )
}

/// The `s -> 0` limit of `N(x / s)`: 1 above zero, 0 below, one half at zero.
#[inline]
fn step(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        0.0
    } else {
        0.5
    }
}
