//! Benchmarks of the SPX surface: IV lookup (target < 100 ns), smile-consistent strike from
//! delta, the engine's per-expiry tenor and per-strike price + vol, and a full quote. Run with `cargo bench -p ringfence-pricing --bench surface`.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ringfence_pricing::OptionRight;
use ringfence_pricing::smile::SmileParams;
use ringfence_pricing::surface::SpxSurface;
use ringfence_pricing::term::{TermFallbackParams, VixFamily, VixTermStructure};

fn surface() -> SpxSurface {
    let term = VixTermStructure::new(
        VixFamily {
            vix9d: Some(0.17),
            vix: 0.19,
            vix3m: Some(0.21),
            vix6m: Some(0.225),
        },
        &TermFallbackParams::default(),
    );
    SpxSurface::new(4500.0, 0.04, 0.018, term, SmileParams::default()).expect("valid surface")
}

fn bench(c: &mut Criterion) {
    let s = surface();
    let strikes: Vec<f64> = (0..64).map(|i| 3800.0 + 20.0 * f64::from(i)).collect();
    let t = 45.0 / 365.0;
    c.bench_function("surface_iv", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) & 63;
            black_box(&s).iv(black_box(strikes[i]), black_box(t))
        })
    });
    c.bench_function("surface_atm_vol", |b| {
        b.iter(|| black_box(&s).atm_vol(black_box(t)))
    });
    c.bench_function("surface_strike_for_delta", |b| {
        b.iter(|| {
            black_box(&s).strike_for_delta_unsnapped(
                OptionRight::Put,
                black_box(0.16),
                black_box(t),
            )
        })
    });
    // The engine's marking path: one tenor per expiry and day, then price + vol per strike.
    let tenor = s.tenor(t).expect("valid tenor");
    c.bench_function("surface_tenor", |b| {
        b.iter(|| black_box(&s).tenor(black_box(t)))
    });
    c.bench_function("surface_price_iv_at_tenor", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) & 63;
            black_box(&s).price_iv(black_box(&tenor), OptionRight::Put, black_box(strikes[i]))
        })
    });
    c.bench_function("surface_quote", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) & 63;
            black_box(&s).quote(OptionRight::Put, black_box(strikes[i]), black_box(t))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
