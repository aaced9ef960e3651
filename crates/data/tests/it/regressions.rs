//! Replays every input a fuzz target once failed on (`tests/regressions/<target>/`), on
//! stable, in plain `cargo test`: each must now load or fail with a typed error, quickly.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ringfence_test_support::harness;

/// Generous bound per input in a debug build (the fuzzer's timeout is 10 s in release).
const MAX_PER_INPUT: Duration = Duration::from_secs(5);

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

fn replay(target: &str, mut run: impl FnMut(&[u8])) -> usize {
    let files = inputs(target);
    for path in &files {
        let data = std::fs::read(path).expect("read regression input");
        let start = Instant::now();
        run(&data);
        let took = start.elapsed();
        assert!(
            took < MAX_PER_INPUT,
            "{}: took {took:?}, bound {MAX_PER_INPUT:?}",
            path.display()
        );
    }
    files.len()
}

#[test]
fn every_saved_parse_bytes_input_now_parses_or_fails_cleanly() {
    let n = replay("parse_bytes", |data| {
        harness::parse_bytes_case(data);
    });
    eprintln!("replayed {n} parse_bytes regression inputs");
}

#[test]
fn every_saved_check_dir_input_now_loads_or_fails_cleanly() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(tmp.path().join("vx")).expect("vx dir");
    let n = replay("check_dir", |data| {
        harness::check_dir_case(tmp.path(), data);
    });
    eprintln!("replayed {n} check_dir regression inputs");
}

#[test]
fn the_shipped_mini_fixture_split_into_a_dir_loads() {
    // The harness itself: the seed input of the check_dir target builds a history.
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let mut data = Vec::new();
    for (k, name) in harness::DIR_FILES.iter().enumerate() {
        if k > 0 {
            data.extend_from_slice(b"==\n");
        }
        data.extend(std::fs::read(mini.join(name)).expect("fixture"));
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(tmp.path().join("vx")).expect("vx dir");
    assert!(harness::check_dir_case(tmp.path(), &data));
    assert_eq!(harness::split_files(&data).len(), 5);
}
