//! Report build time: one run with four layouts over ~36 years of daily data, and a
//! 1,000-variant sweep (3 layouts, 3,000 scenarios, 150,000 events). Figures in BENCHMARKS.md.

#![allow(missing_docs)]

#[path = "../tests/it/fixture.rs"]
mod fixture;

use criterion::{Criterion, criterion_group, criterion_main};

use fixture::{Fixture, write_run};

/// Trading days of the fixture's daily series (about 1990-2025).
const DAYS: usize = 9_000;

fn single_run(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    write_run(
        dir.path(),
        &Fixture {
            days: DAYS,
            ..Fixture::default()
        },
    );
    let mut g = c.benchmark_group("report");
    g.sample_size(10);
    g.bench_function("single_run_4_layouts_9000_days", |b| {
        b.iter(|| ringfence_report::build(dir.path()).unwrap())
    });
    g.finish();
}

fn sweep(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    write_run(
        dir.path(),
        &Fixture {
            layouts: vec!["ring_fenced", "commingled", "unhedged"],
            days: DAYS,
            grid: (25, 40),
            filler_events: 50,
        },
    );
    let mut g = c.benchmark_group("report");
    g.sample_size(10);
    g.bench_function("sweep_1000_variants", |b| {
        b.iter(|| ringfence_report::build(dir.path()).unwrap())
    });
    g.finish();
}

criterion_group!(benches, single_run, sweep);
criterion_main!(benches);
