//! `exp` and `ln` for the pricing hot paths, in plain Rust.
//!
//! Two reasons not to call the platform's libm there:
//! - **speed**: these inline into the Black formula, where a libm call (PLT jump, wrapper,
//!   errno handling) costs as much as the arithmetic;
//! - **reproducibility**: the same inputs give the same bits on every platform and libc
//!   version, so a backtest's output bytes do not depend on the machine's libm.
//!
//! Both are accurate to about 1 ulp over their whole domain (tested against `f64::exp` /
//! `f64::ln` in this module's tests); arguments outside the fast range (non-finite, subnormal
//! results, non-positive logarithms) are handed to the standard library, so every IEEE special
//! case behaves exactly as `f64::exp` / `f64::ln`.

// Coefficients are written with the digits of their exact rational values.
#![allow(clippy::excessive_precision)]

/// `ln 2` split in a high part with trailing zero bits (exact products with small integers)
/// and the rest.
const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;
/// `1.5 * 2^52`: adding and subtracting it rounds a double of magnitude < 2^51 to an integer.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;

/// `e^x`, about 1 ulp.
#[inline]
pub(crate) fn exp(x: f64) -> f64 {
    // Outside this range the result is subnormal, zero, infinite or NaN.
    if !(x > -708.0 && x < 709.0) {
        return x.exp();
    }
    // x = k ln2 + r, |r| <= ln2 / 2.
    let kf = (x * std::f64::consts::LOG2_E + ROUND_MAGIC) - ROUND_MAGIC;
    let r = (x - kf * LN2_HI) - kf * LN2_LO;
    // e^r by its Taylor series to r^13 (truncation < 5e-18 relative for |r| <= 0.347),
    // evaluated by Estrin's scheme.
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let p01 = 1.0 + r;
    let p23 = 1.0 / 2.0 + r * (1.0 / 6.0);
    let p45 = 1.0 / 24.0 + r * (1.0 / 120.0);
    let p67 = 1.0 / 720.0 + r * (1.0 / 5040.0);
    let p89 = 1.0 / 40320.0 + r * (1.0 / 362_880.0);
    let p1011 = 1.0 / 3_628_800.0 + r * (1.0 / 39_916_800.0);
    let p1213 = 1.0 / 479_001_600.0 + r * (1.0 / 6_227_020_800.0);
    let lo = (p01 + p23 * r2) + (p45 + p67 * r2) * r4;
    let hi = (p89 + p1011 * r2) + p1213 * r4;
    let er = lo + hi * r8;
    // k is in [-1022, 1023] here, so 2^k is a normal double.
    let k = kf as i64;
    er * f64::from_bits(((k + 1023) as u64) << 52)
}

/// Natural logarithm, about 1 ulp.
#[inline]
pub(crate) fn ln(x: f64) -> f64 {
    // Non-positive, subnormal, infinite or NaN arguments: the standard library.
    if !(f64::MIN_POSITIVE..f64::INFINITY).contains(&x) {
        return x.ln();
    }
    // x = 2^e m with m in [sqrt(1/2), sqrt(2)).
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716: the odd series to s^21
    // (truncation < 2e-18 relative).
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let z2 = z * z;
    let z4 = z2 * z2;
    let z8 = z4 * z4;
    let c01 = 1.0 / 3.0 + z * (1.0 / 5.0);
    let c23 = 1.0 / 7.0 + z * (1.0 / 9.0);
    let c45 = 1.0 / 11.0 + z * (1.0 / 13.0);
    let c67 = 1.0 / 15.0 + z * (1.0 / 17.0);
    let c89 = 1.0 / 19.0 + z * (1.0 / 21.0);
    let tail = z * (((c01 + c23 * z2) + (c45 + c67 * z2) * z4) + c89 * z8);
    // ln m = f - f^2/2 + s (f^2/2 + tail(2 + ...)): written as f - (hfsq - s (hfsq + R)) as
    // in fdlibm, where R = 2 * tail, so the leading f is exact.
    let hfsq = 0.5 * f * f;
    let r = 2.0 * tail;
    let ln_m = f - (hfsq - s * (hfsq + r));
    let ef = e as f64;
    ef * LN2_HI + (ln_m + ef * LN2_LO)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in units in the last place.
    fn ulps(a: f64, b: f64) -> u64 {
        if a == b {
            return 0;
        }
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    /// A deterministic sweep of `n` points over `[lo, hi]` plus a scrambled sequence.
    fn points(lo: f64, hi: f64, n: usize) -> impl Iterator<Item = f64> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        (0..n).map(move |i| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let u = if i % 2 == 0 {
                i as f64 / n as f64
            } else {
                (state >> 11) as f64 / (1u64 << 53) as f64
            };
            lo + (hi - lo) * u
        })
    }

    #[test]
    fn exp_is_within_two_ulps_of_the_standard_library() {
        let mut worst = 0;
        for x in points(-707.9, 708.9, 400_000).chain(points(-1.0, 1.0, 200_000)) {
            worst = worst.max(ulps(exp(x), x.exp()));
        }
        assert!(worst <= 2, "worst {worst} ulps");
        assert_eq!(exp(0.0), 1.0);
    }

    #[test]
    fn exp_special_cases_match_the_standard_library() {
        for x in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            710.0,
            -745.0,
            -800.0,
            709.78,
            -708.5,
        ] {
            let (a, b) = (exp(x), x.exp());
            assert!(a == b || (a.is_nan() && b.is_nan()), "x = {x}: {a} vs {b}");
        }
    }

    #[test]
    fn ln_is_within_two_ulps_of_the_standard_library() {
        let mut worst = 0;
        let sweeps = points(1e-300, 1e-290, 50_000)
            .chain(points(0.5, 2.0, 300_000))
            .chain(points(0.999, 1.001, 100_000))
            .chain(points(1.0, 1e6, 200_000))
            .chain(points(1e300, 1.7e308, 50_000));
        for x in sweeps {
            worst = worst.max(ulps(ln(x), x.ln()));
        }
        assert!(worst <= 2, "worst {worst} ulps");
        assert_eq!(ln(1.0), 0.0);
    }

    #[test]
    fn ln_special_cases_match_the_standard_library() {
        for x in [
            f64::NAN,
            f64::INFINITY,
            0.0,
            -0.0,
            -1.0,
            f64::MIN_POSITIVE / 4.0,
            f64::MAX,
        ] {
            let (a, b) = (ln(x), x.ln());
            assert!(a == b || (a.is_nan() && b.is_nan()), "x = {x}: {a} vs {b}");
        }
    }
}
