//! Loading, validating and aligning the real data set (`../shared/data`, about 7 MB).
//!
//! `load_dir` reads and validates the files that feed the history and aligns them;
//! `check_dir` reads and validates every file (151), builds the history and cross-checks the
//! VX files. Skipped with a message when the shared data set is absent.
//!
//! `limits/refuse_sparse_300_mib`: `read_file` on a sparse 300 MiB file, which must be
//! refused from its metadata before any byte is read (the limit test in
//! `tests/it/limits.rs` checks the refusal, this benchmark its cost).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ringfence_data::formats::read_file;
use ringfence_data::{LoadOptions, check_dir, load_dir};

fn bench_load(c: &mut Criterion) {
    let Some(dir) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let opts = LoadOptions::default();
    let mut g = c.benchmark_group("shared_data");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("load_dir", |b| {
        b.iter(|| black_box(load_dir(&dir, &opts).expect("real data loads")))
    });
    g.bench_function("check_dir", |b| {
        b.iter(|| black_box(check_dir(&dir, &opts).expect("real data checks")))
    });
    g.finish();
}

fn bench_refuse_oversized(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("VIX_History.csv");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(300 * 1024 * 1024).expect("sparse file");
    let mut g = c.benchmark_group("limits");
    g.bench_function("refuse_sparse_300_mib", |b| {
        b.iter(|| black_box(read_file(&path).expect_err("over the size limit")))
    });
    g.finish();
}

criterion_group!(benches, bench_load, bench_refuse_oversized);
criterion_main!(benches);
