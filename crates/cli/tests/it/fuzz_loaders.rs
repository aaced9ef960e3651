//! The stable fuzz pass over the loaders outside the data crate (whose readers are fuzzed
//! in `crates/data/tests/it/fuzz_real.rs`): the SPX smile calibration file of the real data
//! set (`ringfence calibrate smile`), and the files of a run directory as `ringfence
//! report`, `--resume` and `ringfence merge` read them (`run.json`, the chunks, every
//! results table, a daily file). Seeded mutations (`ringfence_test_support::mutate`) of real
//! files; each input must load or fail with an error naming its file, within a time bound,
//! and never panic.
//!
//! `RINGFENCE_FUZZ_ITERS=N` sets the inputs per loader (defaults [`SMILE_CASES`],
//! [`RUN_DIR_CASES`]). A failing input is saved under `fuzz/seeds/<loader>/` and named in
//! the failure message: commit it with the fix.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use ringfence_data::rng::Rng;
use ringfence_pricing::calibrate::smile_fit::read_smile_file;
use ringfence_runner::output::ChunkStore;
use ringfence_runner::output::rundir::RunJson;
use ringfence_test_support::mutate as bytes;

use super::support::root;

/// Mutated smile files by default.
const SMILE_CASES: usize = 2000;

/// Mutated run-directory files by default.
const RUN_DIR_CASES: usize = 1000;

/// Longest one input may take (debug build).
const MAX_PER_INPUT: Duration = Duration::from_secs(3);

/// Save a failing input under `fuzz/seeds/<loader>/`; returns the path.
fn save(loader: &str, name: &str, data: &[u8]) -> PathBuf {
    let dir = root().join("fuzz/seeds").join(loader);
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("regression_{}_{name}", bytes::name_of(data)));
    let _ = std::fs::write(&path, data);
    path
}

/// Run `case`; a panic or a slow input is described (and the input saved).
fn guarded(
    loader: &str,
    name: &str,
    data: &[u8],
    case: impl FnOnce() -> Result<(), String>,
) -> Option<String> {
    let start = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(case));
    let took = start.elapsed();
    let problem = match result {
        Err(p) => Some(
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panicked".into()),
        ),
        Ok(Err(e)) => Some(e),
        Ok(Ok(())) if took > MAX_PER_INPUT => Some(format!("took {took:?}")),
        Ok(Ok(())) => None,
    };
    problem.map(|p| {
        let saved = save(loader, name, data);
        format!("{name}: {p}\n    input saved as {}", saved.display())
    })
}

/// An error message must name the file it is about.
fn names(msg: &str, file: &str) -> Result<(), String> {
    if msg.contains(file) {
        Ok(())
    } else {
        Err(format!("the error does not name {file}: {msg}"))
    }
}

#[test]
fn fuzz_the_smile_reader_on_the_mutated_real_file() {
    let Some(shared) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let real = std::fs::read(shared.join("spx_smile_calibration_2005_2022.tsv"))
        .expect("read the smile file");
    let lines: Vec<&[u8]> = real.split_inclusive(|b| *b == b'\n').collect();
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("smile.tsv");
    let n = bytes::iters(SMILE_CASES);
    let mut rng = Rng::new(0x5_311e);
    let (mut failures, mut read) = (Vec::new(), 0usize);
    let start = Instant::now();
    for i in 0..n {
        // The header and a run of up to 40 lines (the whole file one time in 20).
        let mut base = lines[0].to_vec();
        if rng.below(20) == 0 {
            base = real.clone();
        } else {
            let a = 1 + rng.below(lines.len() as u64 - 1) as usize;
            let b = (a + 1 + rng.below(40) as usize).min(lines.len());
            base.extend(lines[a..b].concat());
        }
        let data = bytes::mutate(&mut rng, &base, &real[..real.len().min(4096)]);
        std::fs::write(&path, &data).expect("write the input");
        let mut ok = false;
        let f = guarded("smile", "smile.tsv", &data, || {
            match read_smile_file(&path) {
                Ok(obs) => {
                    ok = true;
                    obs.iter()
                        .all(|o| {
                            o.spot.is_finite()
                                && o.vix_close.is_finite()
                                && o.iv.iter().flatten().all(|v| v.is_finite())
                                && o.ic16_50_mid.is_none_or(f64::is_finite)
                        })
                        .then_some(())
                        .ok_or_else(|| "a non-finite value was read".to_string())
                }
                Err(e) => names(&e.to_string(), "smile.tsv"),
            }
        });
        failures.extend(f.map(|f| format!("#{i} {f}")));
        read += usize::from(ok);
        if failures.len() >= 5 {
            break;
        }
    }
    eprintln!(
        "stable fuzz: {n} mutated smile files ({read} still read), {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A finished run directory: 3 variants on a quarter of the shipped data, two layouts,
/// the daily file of the first scenario, events and ledger.
fn small_run(dir: &Path) -> PathBuf {
    let cfg = dir.join("small.toml");
    let text = format!(
        "layouts = [\"ring_fenced\", \"commingled\"]\n[run]\nname = \"small\"\n[data]\n\
         dir = \"{}\"\n[windows]\nselect = [\"full\"]\nstart = 2019-01-02\nend = 2019-03-29\n\
         [output]\ndaily = [\"s000000\"]\nevents = \"all\"\nledger = true\n[sweep]\n\
         \"condor.short_delta\" = [0.1, 0.16, 0.2]\n",
        root().join("data").display()
    );
    std::fs::write(&cfg, text).expect("write config");
    let out = dir.join("run");
    let o = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .arg("run")
        .arg(&cfg)
        .arg("--out")
        .arg(&out)
        .args(["--quiet", "--no-report"])
        .output()
        .expect("run ringfence");
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    out
}

/// Every reader of a run directory: the report's, and the runner's (`run.json` of a shard
/// given to merge, the chunk manifest and records read by `--resume`). Returns whether the
/// report loaded it.
fn read_run_dir(dir: &Path, file: &str) -> Result<bool, String> {
    let leaf = Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let loaded = match ringfence_report::Run::load(dir) {
        Ok(_) => true,
        Err(e) => {
            // A mutated id or layout in a table can make another file of the run the one
            // that is missing or malformed: the error names that file instead.
            let msg = e.to_string();
            if !msg.contains(&dir.display().to_string()) {
                names(&msg, &leaf)?;
            }
            false
        }
    };
    if let Err(e) = RunJson::read_input(dir) {
        names(&e.to_string(), "run.json")?;
    }
    let store = ChunkStore::new(dir);
    match store.manifest() {
        Ok(Some(m)) => {
            for k in 0..m.chunks().min(8) {
                if let Err(e) = store.records(k) {
                    names(&e.to_string(), "records.jsonl")?;
                }
            }
        }
        Ok(None) => return Err("the manifest vanished".into()),
        Err(e) => names(&e.to_string(), "manifest.json")?,
    }
    Ok(loaded)
}

#[test]
fn fuzz_the_run_directory_readers_on_mutated_run_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = small_run(tmp.path());
    let files: Vec<String> = [
        "run.json",
        "summary.csv",
        "paired.csv",
        "annual.csv",
        "events.csv",
        "failures.csv",
        "bootstrap.csv",
        "daily/s000000_ring_fenced.csv",
        "daily/s000000_commingled.csv",
        "chunks/manifest.json",
        "chunks/c00000/records.jsonl",
        "chunks/c00001/records.jsonl",
    ]
    .iter()
    .map(|f| f.to_string())
    .collect();
    let originals: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
        .collect();
    assert_eq!(
        read_run_dir(&dir, "run.json"),
        Ok(true),
        "the unmutated run directory reads"
    );

    let n = bytes::iters(RUN_DIR_CASES);
    let mut rng = Rng::new(0x2u64 << 40);
    let (mut failures, mut loaded) = (Vec::new(), 0usize);
    let start = Instant::now();
    for i in 0..n {
        let k = rng.below(files.len() as u64) as usize;
        let other = &originals[rng.below(files.len() as u64) as usize];
        let data = bytes::mutate(&mut rng, &originals[k], other);
        let path = dir.join(&files[k]);
        std::fs::write(&path, &data).expect("write the input");
        let name = files[k].replace('/', "__");
        let mut ok = false;
        let f = guarded("run_dir", &name, &data, || {
            ok = read_run_dir(&dir, &files[k])?;
            Ok(())
        });
        failures.extend(f.map(|f| format!("#{i} {f}")));
        loaded += usize::from(ok);
        std::fs::write(&path, &originals[k]).expect("restore");
        if failures.len() >= 5 {
            break;
        }
    }
    eprintln!(
        "stable fuzz: {n} mutated run-directory files ({loaded} still loaded by the report), \
         {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
