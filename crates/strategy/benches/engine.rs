//! Engine benchmark: one scenario (default parameters) over the full real history with all
//! four layouts, plus an allocation count showing that the daily loop allocates nothing per
//! simulated day. Figures: `BENCHMARKS.md` beside this file.
//!
//! Run: `cargo bench -p ringfence-strategy --bench engine`.

use std::alloc::System;
use std::hint::black_box;
use std::time::Instant;

use criterion::Criterion;
use ringfence_pricing::model::{MarketModel, ModelParams};
use ringfence_strategy::params::{MarginMode, Wing};
use ringfence_strategy::{DayRange, Layout, SimOptions, StrategyParams, simulate};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn allocations(model: &MarketModel<'_>, p: &StrategyParams, range: DayRange) -> usize {
    let opts = SimOptions {
        record_daily: true,
        ..SimOptions::default()
    };
    let region = Region::new(GLOBAL);
    let r = simulate(model, p, range, &Layout::ALL, &opts).expect("simulation runs");
    let n = region.change().allocations;
    black_box(r);
    n
}

fn main() {
    let Some(h) = ringfence_test_support::shared_history() else {
        return;
    };
    let model = MarketModel::new(h, &ModelParams::default()).expect("model builds");
    let p = StrategyParams::default();
    // A naked strangle under portfolio margin: real-time margin values its accounts at both
    // corners of every day.
    let mut pm = StrategyParams::default();
    pm.condor.wing = Wing::None;
    pm.margin.mode = MarginMode::Portfolio;
    let range = DayRange::all(h);
    let days = range.len();

    // `ENGINE_BENCH_ITERS=n`: only run the 4-layout simulation n times and exit, for CPU-time
    // measurements under `perf stat` or instruction counts under callgrind (BENCHMARKS.md).
    if let Some(n) = std::env::var("ENGINE_BENCH_ITERS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        // `ENGINE_BENCH_PAIR=1`: ring_fenced + commingled only (the runner's sweep case).
        let layouts: &[Layout] = if std::env::var_os("ENGINE_BENCH_PAIR").is_some() {
            &[Layout::RingFenced, Layout::Commingled]
        } else {
            &Layout::ALL
        };
        // `ENGINE_BENCH_PM=1`: the naked strangle under portfolio margin instead.
        let params = if std::env::var_os("ENGINE_BENCH_PM").is_some() {
            &pm
        } else {
            &p
        };
        for _ in 0..n {
            black_box(
                simulate(&model, params, range, layouts, &SimOptions::default())
                    .expect("simulation runs"),
            );
        }
        return;
    }
    let account_days = days
        * Layout::ALL
            .iter()
            .map(|l| l.accounts().len())
            .sum::<usize>();

    // Allocation count: the same run over the second half and over the whole history. With
    // no allocation per simulated day both counts are equal (series are preallocated).
    let half = DayRange {
        start: days / 2,
        end: days,
    };
    let a_half = allocations(&model, &p, half);
    let a_full = allocations(&model, &p, range);
    println!(
        "allocations: {a_half} for {} days, {a_full} for {days} days ({} extra for {} more days)",
        half.len(),
        a_full as i64 - a_half as i64,
        days - half.len()
    );

    // Plain timing for the report (best of 20).
    let mut best = f64::INFINITY;
    for _ in 0..20 {
        let t = Instant::now();
        black_box(
            simulate(&model, &p, range, &Layout::ALL, &SimOptions::default())
                .expect("simulation runs"),
        );
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "full history: {days} days x 4 layouts in {:.2} ms (best of 20); {:.2e} layout-days/s, {:.2e} account-days/s",
        best * 1e3,
        (days * 4) as f64 / best,
        account_days as f64 / best
    );

    for layouts in [
        &[Layout::RingFenced, Layout::Commingled][..],
        &[Layout::RingFenced],
        &[Layout::Commingled],
        &[Layout::Unhedged],
        &[Layout::HedgeOnly],
    ] {
        let mut best = f64::INFINITY;
        for _ in 0..10 {
            let t = Instant::now();
            black_box(simulate(&model, &p, range, layouts, &SimOptions::default()).expect("runs"));
            best = best.min(t.elapsed().as_secs_f64());
        }
        let names: Vec<String> = layouts.iter().map(ToString::to_string).collect();
        let what = if names.len() > 1 {
            format!("{} together (the runner's sweep case)", names.join(" + "))
        } else {
            format!("{} alone", names[0])
        };
        println!("  {what}: {:.2} ms", best * 1e3);
    }

    // Where real-time margin does its work (the naked strangle under portfolio margin):
    // every mechanism on against every mechanism off, interleaved (ring_fenced +
    // commingled, best of 10 each).
    let pm_off = pm.clone().mechanisms_off();
    let pair = [Layout::RingFenced, Layout::Commingled];
    let (mut on, mut off) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..10 {
        for (params, best) in [(&pm, &mut on), (&pm_off, &mut off)] {
            let t = Instant::now();
            black_box(
                simulate(&model, params, range, &pair, &SimOptions::default()).expect("runs"),
            );
            *best = best.min(t.elapsed().as_secs_f64());
        }
    }
    println!(
        "naked strangle, portfolio margin, ring_fenced + commingled: every mechanism on {:.2} ms, off {:.2} ms ({:+.0}%)",
        on * 1e3,
        off * 1e3,
        (on / off - 1.0) * 100.0
    );

    let mut c = Criterion::default().configure_from_args().sample_size(20);
    c.bench_function("simulate_full_history_4_layouts", |b| {
        b.iter(|| {
            simulate(&model, &p, range, &Layout::ALL, &SimOptions::default())
                .expect("simulation runs")
        })
    });
    c.final_summary();
}
