//! Crash safety of `ringfence run`, through the built binary on the shipped data:
//!
//! - SIGKILL at seeded random points of runs and of their `--resume`s, at least
//!   [`KILLS`] times: after every kill each file of the output directory is either a
//!   recognisable temporary (`.<name>.tmp-<pid>`) or complete, byte for byte the file of an
//!   uninterrupted run (`run.json` may still say `running`); each chain of resumes ends
//!   with exactly the uninterrupted run's files, temporaries removed;
//! - a write error in the middle of a run (a permission error where `chmod` binds, else a
//!   directory in the way of a file; a full disk on a small tmpfs when `unshare` can
//!   mount one, which `CI=true` requires) exits 4, keeps the chunks written before it, and
//!   `--resume` completes the run to the same files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use ringfence_data::rng::Rng;
use ringfence_runner::output::atomic::is_temp_name;

use super::support::{root, text, tree};

/// SIGKILLs that must land on a running process.
const KILLS: usize = 24;

/// Seed of the kill delays.
const SEED: u64 = 20_250_808;

/// Longest one uninterrupted run may take before the test calls it a hang.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_ringfence")
}

/// The shipped data from 2017 on (each file's header and its rows dated 2017 or later),
/// written under `dir`: the same formats, a third of the loading time.
fn recent_data(dir: &Path) -> PathBuf {
    fn year(line: &str) -> Option<i32> {
        line.split(',').find_map(|f| {
            let b = f.as_bytes();
            match (b.len(), b.get(4), b.get(2)) {
                (10, Some(b'-'), _) => f[..4].parse().ok(),
                (10, _, Some(b'/')) => f[6..].parse().ok(),
                _ => None,
            }
        })
    }
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            let target = to.join(p.file_name().unwrap());
            if p.is_dir() {
                copy(&p, &target);
            } else if p.extension().is_some_and(|x| x == "csv") {
                let text = std::fs::read_to_string(&p).unwrap();
                let mut lines = text.lines();
                let mut out = format!("{}\n", lines.next().unwrap_or_default());
                for l in lines.filter(|l| year(l).is_some_and(|y| y >= 2017)) {
                    out.push_str(l);
                    out.push('\n');
                }
                std::fs::write(target, out).unwrap();
            }
        }
    }
    let to = dir.join("data");
    copy(&root().join("data"), &to);
    to
}

/// Many short scenarios: 41 variants on half a year of the shipped data, two layouts,
/// every output (daily files of every scenario, events, ledger). One scenario per chunk.
fn config(dir: &Path, daily: &str) -> PathBuf {
    let text = format!(
        "layouts = [\"ring_fenced\", \"commingled\"]\n[run]\nname = \"crash\"\nseed = 3\n\
         [data]\ndir = \"{}\"\n[windows]\nselect = [\"full\"]\nstart = 2019-01-02\n\
         end = 2019-06-28\n[output]\ndaily = {daily}\nevents = \"all\"\nledger = true\n\
         [sweep]\n\"condor.short_delta\" = {{ from = 0.08, to = 0.20, step = 0.003 }}\n",
        recent_data(dir).display()
    );
    let p = dir.join("crash.toml");
    std::fs::write(&p, text).unwrap();
    p
}

fn run_args<'a>(cfg: &'a str, out: &'a str, threads: &'a str) -> Vec<&'a str> {
    vec![
        "run",
        cfg,
        "--out",
        out,
        "--threads",
        threads,
        "--quiet",
        "--no-report",
    ]
}

/// Run to the end (with a time bound).
fn run_to_end(args: &[&str]) -> Output {
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < RUN_TIMEOUT,
            "no exit after {RUN_TIMEOUT:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn is_temp(rel: &str) -> bool {
    rel.split('/').any(is_temp_name)
}

/// What a killed run left in `dir`, checked against the uninterrupted run `reference`:
/// every non-temporary file is complete. Returns (temporaries, chunks, tables) found.
fn check_killed(dir: &Path, reference: &BTreeMap<String, Vec<u8>>) -> (usize, usize, usize) {
    let (mut temps, mut chunks, mut tables) = (0, 0, 0);
    for (rel, bytes) in tree(dir) {
        if is_temp(&rel) {
            temps += 1;
            continue;
        }
        let want = reference
            .get(&rel)
            .unwrap_or_else(|| panic!("{rel}: a file the uninterrupted run does not write"));
        if rel == "run.json" {
            let mut have: serde_json::Value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("run.json does not parse after a kill: {e}"));
            let mut want: serde_json::Value = serde_json::from_slice(want).unwrap();
            let status = have["status"].as_str().unwrap_or("?").to_string();
            assert!(
                status == "running" || status == "complete",
                "run.json status {status}"
            );
            for v in [&mut have, &mut want] {
                v["status"] = serde_json::Value::Null;
                v["failures"] = serde_json::Value::Null;
            }
            assert!(
                have == want,
                "run.json differs from the uninterrupted run's"
            );
            continue;
        }
        assert!(
            bytes == *want,
            "{rel}: {} bytes after a kill, {} in the uninterrupted run: partial content",
            bytes.len(),
            want.len()
        );
        if rel.ends_with("/records.jsonl") {
            chunks += 1;
        }
        if !rel.contains('/') && rel.ends_with(".csv") {
            tables += 1;
        }
    }
    (temps, chunks, tables)
}

/// The finished directory holds exactly the uninterrupted run's files.
fn assert_same_tree(dir: &Path, reference: &BTreeMap<String, Vec<u8>>) {
    let have = tree(dir);
    let extra: Vec<&String> = have
        .keys()
        .filter(|k| !reference.contains_key(*k))
        .collect();
    let missing: Vec<&String> = reference
        .keys()
        .filter(|k| !have.contains_key(*k))
        .collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "{}: extra files {extra:?}, missing files {missing:?}",
        dir.display()
    );
    for (rel, bytes) in &have {
        assert!(bytes == &reference[rel], "{rel} differs");
    }
}

/// When an uninterrupted run reached each phase, from its start.
#[derive(Debug)]
struct Phases {
    first_chunk: Duration,
    last_chunk: Duration,
    exit: Duration,
}

impl Phases {
    /// A kill delay for a run that has `left` of its chunks to write: one in six before
    /// the first chunk (loading the data, preparing the directory), one half among the
    /// chunks, one third while the tables are written.
    fn pick(&self, rng: &mut Rng, left: f64) -> (Duration, usize) {
        let within = |a: Duration, b: Duration, u: f64| a + (b.saturating_sub(a)).mul_f64(u);
        let chunks_end = self.first_chunk + (self.last_chunk - self.first_chunk).mul_f64(left);
        let exit = chunks_end + self.exit.saturating_sub(self.last_chunk);
        let u = rng.uniform();
        match rng.below(6) {
            0 => (within(Duration::ZERO, self.first_chunk, u), 0),
            1..=3 => (within(self.first_chunk, chunks_end, u), 1),
            _ => (within(chunks_end, exit, u), 2),
        }
    }
}

/// Complete chunks in run directory `out`.
fn chunk_count(out: &Path) -> usize {
    std::fs::read_dir(out.join("chunks")).map_or(0, |r| {
        r.filter(|e| {
            e.as_ref().is_ok_and(|e| {
                !is_temp_name(&e.file_name().to_string_lossy())
                    && e.path().join("records.jsonl").is_file()
            })
        })
        .count()
    })
}

/// Run to the end, noting when the first and last chunks appeared.
fn timed_run(args: &[&str], out: &Path) -> Phases {
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let (mut first, mut last, mut seen) = (None, None, 0);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < RUN_TIMEOUT,
            "no exit after {RUN_TIMEOUT:?}"
        );
        let n = chunk_count(out);
        if n > seen {
            seen = n;
            first.get_or_insert(start.elapsed());
            last = Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let exit = start.elapsed();
    assert_eq!(status.code(), Some(0), "{:?}", child.wait_with_output());
    Phases {
        first_chunk: first.unwrap_or(exit / 3),
        last_chunk: last.unwrap_or(exit * 2 / 3),
        exit,
    }
}

#[test]
fn sigkilled_runs_resume_to_the_files_of_an_uninterrupted_run() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = config(tmp.path(), "\"all\"");
    let cfg = cfg.to_str().unwrap();
    let whole = tmp.path().join("whole");
    let phases = timed_run(&run_args(cfg, whole.to_str().unwrap(), "2"), &whole);
    let reference = tree(&whole);
    assert!(reference.contains_key("summary.csv") && reference.contains_key("ledger.csv"));
    let total = reference
        .keys()
        .filter(|k| k.ends_with("records.jsonl"))
        .count();
    assert_eq!(total, 41, "one chunk per scenario");

    let mut rng = Rng::new(SEED);
    let (mut kills, mut chains, mut finished_early) = (0, 0, 0);
    let (mut temps, mut by_phase) = (0, [0; 3]);
    while kills < KILLS {
        chains += 1;
        let out = tmp.path().join(format!("cut{chains}"));
        let out_s = out.to_str().unwrap().to_string();
        let mut attempt = 0;
        loop {
            let mut args = run_args(cfg, &out_s, "2");
            if attempt > 0 {
                args.push("--resume");
            }
            attempt += 1;
            if kills >= KILLS || attempt > 12 {
                // The last resume of the chain runs to the end.
                let o = run_to_end(&args);
                assert_eq!(o.status.code(), Some(0), "{}", text(&o));
                break;
            }
            let done = chunk_count(&out);
            let (delay, phase) = phases.pick(&mut rng, 1.0 - done as f64 / total as f64);
            let mut child = Command::new(bin())
                .args(&args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let t0 = Instant::now();
            let exited = loop {
                if let Some(s) = child.try_wait().unwrap() {
                    break Some(s);
                }
                if t0.elapsed() >= delay {
                    break None;
                }
                std::thread::sleep(Duration::from_millis(2));
            };
            if let Some(s) = exited {
                // Finished before the kill: the chain is done.
                assert_eq!(s.code(), Some(0), "attempt {attempt} of chain {chains}");
                finished_early += 1;
                break;
            }
            child.kill().unwrap(); // SIGKILL
            let status = child.wait().unwrap();
            if status.code().is_some() {
                // It exited on its own between the last poll and the kill.
                assert_eq!(status.code(), Some(0));
                finished_early += 1;
                break;
            }
            kills += 1;
            temps += check_killed(&out, &reference).0;
            by_phase[phase] += 1;
        }
        assert_same_tree(&out, &reference);
    }
    eprintln!(
        "crash safety: {kills} SIGKILLs survived in {chains} chains of resumes (aimed at \
         {} startups, {} chunk phases, {} table phases; {temps} temporary files seen and \
         cleaned; {finished_early} attempts finished before their kill); uninterrupted run: \
         {phases:?}",
        by_phase[0], by_phase[1], by_phase[2]
    );
    assert!(kills >= KILLS);
}

/// True when this process cannot create a file in a directory without write permission
/// (false as root, where `chmod` does not bind).
fn chmod_binds(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::create_dir(&probe).unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).unwrap();
    let denied = std::fs::write(probe.join("x"), b"x").is_err();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&probe).unwrap();
    denied
}

#[test]
fn a_write_error_mid_run_exits_4_keeps_earlier_chunks_and_resumes() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    // Daily output for scenario 20 only: its file is the one that cannot be written.
    let cfg = config(tmp.path(), "[\"s000020\"]");
    let cfg = cfg.to_str().unwrap();
    let whole = tmp.path().join("whole");
    let o = run_to_end(&run_args(cfg, whole.to_str().unwrap(), "1"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let reference = tree(&whole);

    let out = tmp.path().join("out");
    let daily = out.join("daily");
    std::fs::create_dir_all(&daily).unwrap();
    let permission = chmod_binds(tmp.path());
    let blocker = daily.join("s000020_ring_fenced.csv");
    if permission {
        std::fs::set_permissions(&daily, std::fs::Permissions::from_mode(0o555)).unwrap();
    } else {
        // As root: a directory where the file must go.
        std::fs::create_dir_all(blocker.join("in_the_way")).unwrap();
    }
    let out_s = out.to_str().unwrap();
    let mut args = run_args(cfg, out_s, "1");
    args.push("--force"); // `out` holds `daily/` but no run.json yet
    let o = run_to_end(&args);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(4), "{t}");
    let cause = if permission {
        "Permission denied"
    } else {
        "Is a directory"
    };
    assert!(
        t.contains("s000020_ring_fenced.csv") && t.contains(cause),
        "{t}"
    );
    if permission {
        std::fs::set_permissions(&daily, std::fs::Permissions::from_mode(0o755)).unwrap();
    } else {
        std::fs::remove_dir_all(&blocker).unwrap();
    }
    let (_, chunks, tables) = check_killed(&out, &reference);
    assert_eq!(
        (chunks, tables),
        (20, 0),
        "the 20 chunks before the error are kept, no table is written"
    );

    args.push("--resume");
    let o = run_to_end(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("(20 resumed)"), "{}", text(&o));
    assert_same_tree(&out, &reference);
}

#[test]
fn a_full_disk_mid_run_exits_4_keeps_earlier_chunks_and_resumes() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = config(tmp.path(), "\"all\"");
    let cfg = cfg.to_str().unwrap();
    let whole = tmp.path().join("whole");
    let o = run_to_end(&run_args(cfg, whole.to_str().unwrap(), "1"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let reference = tree(&whole);
    // Room for about 40% of the run's files (in 4 KiB pages).
    let pages: u64 = reference
        .values()
        .map(|b| (b.len() as u64).div_ceil(4096).max(1))
        .sum();
    let size_kib = (pages * 4 * 2 / 5).max(256);

    let mnt = tmp.path().join("mnt");
    let kept = tmp.path().join("kept");
    std::fs::create_dir(&mnt).unwrap();
    // A private mount namespace: the tmpfs disappears with the shell.
    let script = "mount -t tmpfs -o size=\"$1\"k tmpfs \"$2\" || exit 99
\"$3\" run \"$4\" --out \"$2/out\" --threads 1 --quiet --no-report
rc=$?
cp -a \"$2/out\" \"$5\" || exit 98
exit $rc";
    let o = Command::new("unshare")
        .args([
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
        ])
        .arg(size_kib.to_string())
        .arg(&mnt)
        .arg(bin())
        .arg(cfg)
        .arg(&kept)
        .stdin(Stdio::null())
        .output();
    let o = match o {
        Ok(o) if o.status.code() != Some(99) && o.status.code().is_some() => o,
        other => {
            // As with the shared data: under CI=true the environment must allow the test.
            assert!(
                !std::env::var("CI").is_ok_and(|v| v == "true"),
                "CI=true but a small tmpfs cannot be mounted in a private namespace \
                 (`unshare --mount` needs root or user namespaces): {other:?}"
            );
            eprintln!("skipped: cannot mount a small tmpfs in a private namespace ({other:?})");
            return;
        }
    };
    let t = text(&o);
    assert_eq!(o.status.code(), Some(4), "{t}");
    assert!(t.contains("No space left on device"), "{t}");
    // Every file kept is byte-identical to the uninterrupted run's (`check_killed`), so
    // the tables present are complete; what is left to check is that the disk filled
    // mid-run: some chunks were written, not all.
    let (_, chunks, _) = check_killed(&kept, &reference);
    let all_chunks = reference
        .keys()
        .filter(|k| k.ends_with("/records.jsonl"))
        .count();
    assert!(
        chunks >= 1,
        "the chunks written before the disk filled are kept"
    );
    assert!(
        chunks < all_chunks,
        "the disk filled mid-run: {chunks} of {all_chunks} chunks were written"
    );

    let mut args = run_args(cfg, kept.to_str().unwrap(), "1");
    args.push("--resume");
    let o = run_to_end(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("resumed"), "{}", text(&o));
    assert_same_tree(&kept, &reference);
    eprintln!(
        "full disk: tmpfs of {size_kib} KiB filled after {chunks} of {all_chunks} chunks; \
         resumed to identical files"
    );
}
