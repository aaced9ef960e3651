//! Criterion benchmarks of the pricing core: `cargo bench -p ringfence-pricing`.
//! Figures and machine in `BENCHMARKS.md` beside this file.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use ringfence_pricing::black76::{self, Black76Inputs};
use ringfence_pricing::bsm::{self, BsmInputs};
use ringfence_pricing::expiry::{expiry_on, nearest_expiry, next_vix_expirations, vix_expiration};
use ringfence_pricing::implied_vol::{black76_implied_vol, bsm_implied_vol};
use ringfence_pricing::strike::{StrikeGrid, strike_for_delta};
use ringfence_pricing::{Greeks, OptionRight};

fn put_16_delta() -> BsmInputs {
    BsmInputs {
        right: OptionRight::Put,
        spot: 3000.0,
        strike: 2800.0,
        t_years: 45.0 / 365.0,
        rate: 0.02,
        div_yield: 0.018,
        vol: 0.22,
    }
}

/// CPU time of this thread in ns (`/proc/thread-self/schedstat`, Linux), `None` elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Benchmarks timed in thread CPU time instead of wall time: on a shared, oversubscribed
/// machine wall time counts the slices other processes run in; CPU time does not. Batches are
/// long (>= 50 ms) so the scheduler's accounting granularity does not matter.
fn cpu_time(c: &mut Criterion) {
    let mut g = c.benchmark_group("cpu_time");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    let mut add = |name: &str, f: &dyn Fn() -> f64| {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let (c0, w0) = (thread_cpu_ns(), Instant::now());
                for _ in 0..iters {
                    black_box(f());
                }
                match (c0, thread_cpu_ns()) {
                    (Some(a), Some(b)) => Duration::from_nanos(b.saturating_sub(a)),
                    _ => w0.elapsed(),
                }
            })
        });
    };
    let i = put_16_delta();
    let p = bsm::price(&i).unwrap();
    let day = NaiveDate::from_ymd_opt(2020, 3, 16).unwrap();
    let _ = nearest_expiry(day, 45, 30, 60, false);
    add("reference_libm_exp", &|| black_box(-0.123_f64).exp());
    // Closures fold every output into the returned number, so none is optimised away.
    let all = |g: Greeks| g.price + g.delta + g.gamma + g.vega + g.theta + g.rho;
    add("bsm_price_delta", &|| {
        let (p, d) = bsm::price_delta(black_box(&i)).unwrap();
        p + d
    });
    add("bsm_greeks_all", &|| {
        all(bsm::greeks(black_box(&i)).unwrap())
    });
    let m = bsm::BsmMarket::new(i.spot, i.t_years, i.rate, i.div_yield).unwrap();
    add("bsm_price_delta_prepared_market", &|| {
        let (p, d) = m
            .price_delta(OptionRight::Put, black_box(2800.0), black_box(0.22))
            .unwrap();
        p + d
    });
    add("strike_for_delta", &|| {
        strike_for_delta(
            OptionRight::Put,
            black_box(0.16),
            black_box(3000.0),
            45.0 / 365.0,
            0.02,
            0.018,
            0.22,
        )
        .unwrap()
    });
    add("implied_vol_bsm_16d_put", &|| {
        bsm_implied_vol(black_box(&i), black_box(p)).unwrap()
    });
    add("nearest_expiry_all", &|| {
        nearest_expiry(black_box(day), 45, 30, 60, false)
            .unwrap()
            .dte(day) as f64
    });
    add("vix_expiration", &|| {
        f64::from(vix_expiration(black_box(2020), black_box(3)).unwrap().day())
    });
    g.finish();
}

/// Scale references: one libm `exp` and `ln`, to read the figures below against the load of
/// the machine at the time of the run.
fn reference(c: &mut Criterion) {
    c.bench_function("reference_libm_exp", |b| {
        b.iter(|| black_box(-0.123_f64).exp())
    });
    c.bench_function("reference_libm_ln", |b| {
        b.iter(|| black_box(1.234_f64).ln())
    });
}

fn option_math(c: &mut Criterion) {
    let i = put_16_delta();
    c.bench_function("bsm_price", |b| b.iter(|| bsm::price(black_box(&i))));
    c.bench_function("bsm_price_delta", |b| {
        b.iter(|| bsm::price_delta(black_box(&i)))
    });
    c.bench_function("bsm_greeks_all", |b| b.iter(|| bsm::greeks(black_box(&i))));
    let m = bsm::BsmMarket::new(i.spot, i.t_years, i.rate, i.div_yield).unwrap();
    c.bench_function("bsm_price_delta_prepared_market", |b| {
        b.iter(|| m.price_delta(OptionRight::Put, black_box(2800.0), black_box(0.22)))
    });
    let f = Black76Inputs {
        right: OptionRight::Call,
        forward: 20.0,
        strike: 30.0,
        t_years: 60.0 / 365.0,
        rate: 0.02,
        vol: 1.0,
    };
    c.bench_function("black76_greeks_all", |b| {
        b.iter(|| black76::greeks(black_box(&f)))
    });
    c.bench_function("strike_for_delta", |b| {
        b.iter(|| {
            strike_for_delta(
                OptionRight::Put,
                black_box(0.16),
                black_box(3000.0),
                45.0 / 365.0,
                0.02,
                0.018,
                0.22,
            )
        })
    });
    let grid = StrikeGrid::spx();
    let day = NaiveDate::from_ymd_opt(2008, 6, 2).unwrap();
    c.bench_function("strike_for_delta_snapped", |b| {
        b.iter(|| {
            let k = strike_for_delta(
                OptionRight::Put,
                black_box(0.16),
                black_box(3000.0),
                45.0 / 365.0,
                0.02,
                0.018,
                0.22,
            )
            .unwrap();
            grid.snap(k, 3000.0, day)
        })
    });
}

fn implied_vol(c: &mut Criterion) {
    let base = put_16_delta();
    let cases = [
        (
            "implied_vol_bsm_atm",
            BsmInputs {
                strike: 3000.0,
                right: OptionRight::Call,
                ..base
            },
        ),
        ("implied_vol_bsm_16d_put", base),
        (
            "implied_vol_bsm_5d_put_7dte",
            BsmInputs {
                strike: 2850.0,
                t_years: 7.0 / 365.0,
                ..base
            },
        ),
        (
            "implied_vol_bsm_itm_call",
            BsmInputs {
                strike: 2700.0,
                right: OptionRight::Call,
                ..base
            },
        ),
    ];
    for (name, i) in cases {
        let p = bsm::price(&i).unwrap();
        c.bench_function(name, |b| {
            b.iter(|| bsm_implied_vol(black_box(&i), black_box(p)))
        });
    }
    let f = Black76Inputs {
        right: OptionRight::Call,
        forward: 20.0,
        strike: 30.0,
        t_years: 60.0 / 365.0,
        rate: 0.02,
        vol: 1.0,
    };
    let p = black76::price(&f).unwrap();
    c.bench_function("implied_vol_black76_otm_call", |b| {
        b.iter(|| black76_implied_vol(black_box(&f), black_box(p)))
    });
}

fn expiries(c: &mut Criterion) {
    let day = NaiveDate::from_ymd_opt(2020, 3, 16).unwrap();
    // Build the tables outside the measurement.
    let _ = nearest_expiry(day, 45, 30, 60, false);
    c.bench_function("nearest_expiry_all", |b| {
        b.iter(|| nearest_expiry(black_box(day), 45, 30, 60, false))
    });
    c.bench_function("nearest_expiry_monthly", |b| {
        b.iter(|| nearest_expiry(black_box(day), 45, 30, 60, true))
    });
    c.bench_function("expiry_on", |b| b.iter(|| expiry_on(black_box(day))));
    c.bench_function("vix_expiration", |b| {
        b.iter(|| vix_expiration(black_box(2020), black_box(3)))
    });
    c.bench_function("next_3_vix_expirations", |b| {
        b.iter(|| next_vix_expirations(black_box(day), 3).last())
    });
}

criterion_group!(
    benches,
    reference,
    option_math,
    implied_vol,
    expiries,
    cpu_time
);
criterion_main!(benches);
