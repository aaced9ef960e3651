//! Closed-form prices written out in the tests, independent of the pricing crate: the
//! normal distribution by numerical integration, Black-Scholes-Merton, Black-76 and the
//! strike of a given Black-Scholes delta. The hand-computed cases compare the engine with
//! these on flat markets (one vol for every strike and tenor).

use ringfence_pricing::OptionRight;

/// Standard normal CDF: `1/2 + integral from 0 to x of the density`, by composite Simpson
/// with 20,000 panels (error far below 1e-12 for |x| < 10).
pub fn norm_cdf(x: f64) -> f64 {
    let density = |t: f64| (-0.5 * t * t).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let n = 20_000;
    let h = x / n as f64;
    let mut sum = density(0.0) + density(x);
    for k in 1..n {
        let w = if k % 2 == 1 { 4.0 } else { 2.0 };
        sum += w * density(k as f64 * h);
    }
    0.5 + sum * h / 3.0
}

/// Inverse of [`norm_cdf`] by bisection on [-10, 10].
pub fn inv_norm_cdf(p: f64) -> f64 {
    let (mut lo, mut hi) = (-10.0, 10.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if norm_cdf(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Black-Scholes-Merton price of a European option: spot `s`, strike `k`, `t` years,
/// continuously compounded rate `r` and dividend yield `q`, volatility `vol`.
pub fn bsm(right: OptionRight, s: f64, k: f64, t: f64, r: f64, q: f64, vol: f64) -> f64 {
    let sd = vol * t.sqrt();
    let d1 = ((s / k).ln() + (r - q + 0.5 * vol * vol) * t) / sd;
    let d2 = d1 - sd;
    let (dq, dr) = ((-q * t).exp(), (-r * t).exp());
    match right {
        OptionRight::Call => s * dq * norm_cdf(d1) - k * dr * norm_cdf(d2),
        OptionRight::Put => k * dr * norm_cdf(-d2) - s * dq * norm_cdf(-d1),
    }
}

/// Black-76 price of an option on a future at `f`: strike `k`, `t` years, rate `r`, `vol`.
pub fn black76(right: OptionRight, f: f64, k: f64, t: f64, r: f64, vol: f64) -> f64 {
    let sd = vol * t.sqrt();
    let d1 = ((f / k).ln() + 0.5 * vol * vol * t) / sd;
    let d2 = d1 - sd;
    let dr = (-r * t).exp();
    match right {
        OptionRight::Call => dr * (f * norm_cdf(d1) - k * norm_cdf(d2)),
        OptionRight::Put => dr * (k * norm_cdf(-d2) - f * norm_cdf(-d1)),
    }
}

/// The (unsnapped) strike whose Black-Scholes spot delta has absolute value `delta`:
/// `e^{-qT} N(d1) = delta` for a call, `e^{-qT} N(-d1) = delta` for a put, then
/// `K = F exp(vol^2 T / 2 - d1 vol sqrt(T))` with `F = s e^{(r - q) T}`.
pub fn strike_for_delta(
    right: OptionRight,
    delta: f64,
    s: f64,
    t: f64,
    r: f64,
    q: f64,
    vol: f64,
) -> f64 {
    let p = delta * (q * t).exp();
    let d1 = match right {
        OptionRight::Call => inv_norm_cdf(p),
        OptionRight::Put => -inv_norm_cdf(p),
    };
    let forward = s * ((r - q) * t).exp();
    forward * (0.5 * vol * vol * t - d1 * vol * t.sqrt()).exp()
}

#[test]
fn the_closed_forms_reproduce_textbook_values() {
    // Hull, Options, Futures and Other Derivatives, Example 15.6: S = 42, K = 40, r = 10%,
    // vol = 20%, T = 0.5: call 4.76, put 0.81.
    let call = bsm(OptionRight::Call, 42.0, 40.0, 0.5, 0.10, 0.0, 0.20);
    let put = bsm(OptionRight::Put, 42.0, 40.0, 0.5, 0.10, 0.0, 0.20);
    assert!((call - 4.76).abs() < 0.005, "{call}");
    assert!((put - 0.81).abs() < 0.005, "{put}");
    assert!((norm_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-12);
    assert!((inv_norm_cdf(0.2) + 0.841_621_233_572_914_3).abs() < 1e-10);
    // Black-76 at F = S e^{rT} equals BSM without dividends.
    let f = 42.0 * (0.10f64 * 0.5).exp();
    let b = black76(OptionRight::Call, f, 40.0, 0.5, 0.10, 0.20);
    assert!((b - call).abs() < 1e-10, "{b} vs {call}");
    // The strike of a 25-delta put has a BSM delta of -0.25.
    let k = strike_for_delta(OptionRight::Put, 0.25, 4000.0, 0.1, 0.04, 0.018, 0.2);
    let h = 1e-3;
    let up = bsm(OptionRight::Put, 4000.0 + h, k, 0.1, 0.04, 0.018, 0.2);
    let down = bsm(OptionRight::Put, 4000.0 - h, k, 0.1, 0.04, 0.018, 0.2);
    assert!(((up - down) / (2.0 * h) + 0.25).abs() < 1e-6);
}
