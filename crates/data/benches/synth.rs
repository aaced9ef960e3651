//! Synthetic history generation speed: 30 years, and 30 years plus writing every file.
//!
//! `cargo bench -p ringfence-data --bench synth`; figures in `BENCHMARKS.md` beside this file.

use criterion::{Criterion, criterion_group, criterion_main};
use ringfence_data::synth::{self, SynthParams};

fn bench(c: &mut Criterion) {
    let params = SynthParams {
        years: 30,
        ..SynthParams::default()
    };
    let mut group = c.benchmark_group("synth");
    group.sample_size(10);
    group.bench_function("generate_30y", |b| {
        b.iter(|| synth::generate(std::hint::black_box(&params)).expect("valid parameters"))
    });
    let out = tempfile::tempdir().expect("temporary directory");
    group.bench_function("generate_and_write_30y", |b| {
        b.iter(|| {
            let h = synth::generate(&params).expect("valid parameters");
            synth::write_dir(&h, out.path()).expect("writable temporary directory")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
