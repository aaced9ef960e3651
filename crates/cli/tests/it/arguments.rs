//! Bounded fuzzing of the command line: argument vectors drawn from a vocabulary of
//! subcommands, flags and hostile values run the built binary in a scratch directory. Each
//! must exit with a documented code (0 to 4) within a time bound, print no panic, and
//! print an `error:` line (or the usage) whenever it fails with a usage or I/O error.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ringfence_data::rng::Rng;

/// Argument vectors tried per run (each is one process; a few ms in debug).
const CASES: usize = 150;

/// Longest one invocation may take (debug build, tiny inputs).
const MAX_PER_CASE: Duration = Duration::from_secs(60);

const HEADS: [&[&str]; 10] = [
    &["data", "check"],
    &["data", "stats"],
    &["data", "synth"],
    &["quote"],
    &["report"],
    &["run"],
    &["run", "cfg"],
    &["merge"],
    &["data"],
    &[],
];

const FLAGS: [&str; 25] = [
    "--data",
    "--json",
    "--from",
    "--to",
    "--compare",
    "--seed",
    "--years",
    "--out",
    "--date",
    "--expiry",
    "--delta",
    "--strike",
    "--put",
    "--call",
    "--vix-futures",
    "--csv",
    "--help",
    "--bogus",
    "--list",
    "--resume",
    "--force",
    "--shard",
    "--threads",
    "--quiet",
    "--no-report",
];

const VALUES: [&str; 30] = [
    "cfg",
    "0/3",
    "2/2",
    "1/0",
    "",
    "-",
    "--",
    "-1",
    "0",
    "1",
    "101",
    "1e400",
    "NaN",
    "inf",
    "0.25,0.10",
    "0.5,,",
    "2020-01-03",
    "2020-02-30",
    "1900-01-01",
    "9999-12-31",
    "01/02/2020",
    "data",
    "dir",
    "/dev/null",
    "/dev/zero",
    "nope/../../x",
    "é\u{0}x",
    "\u{FEFF}2020-01-03",
    "18446744073709551616",
    "out",
];

fn argv(rng: &mut Rng, dir: &str) -> Vec<String> {
    let head = HEADS[rng.below(HEADS.len() as u64) as usize];
    let mut args: Vec<String> = head
        .iter()
        .map(|s| match *s {
            "cfg" => format!("{dir}/run.toml"),
            other => other.to_string(),
        })
        .collect();
    for _ in 0..rng.below(6) {
        if rng.bernoulli(0.6) {
            args.push(FLAGS[rng.below(FLAGS.len() as u64) as usize].to_string());
        }
        let v = VALUES[rng.below(VALUES.len() as u64) as usize];
        // Paths stay inside the scratch directory; the NUL byte cannot be an argument.
        let v = match v {
            "dir" => format!("{dir}/data"),
            "out" => format!("{dir}/out"),
            "cfg" => format!("{dir}/run.toml"),
            other => other.replace('\u{0}', ""),
        };
        args.push(v);
    }
    args
}

/// A small valid data set in `dir/data` and a run config for it, so some vectors get past
/// loading.
fn write_data(dir: &Path) {
    std::fs::write(
        dir.join("run.toml"),
        "layouts = [\"ring_fenced\", \"commingled\"]\n\n[run]\nname = \"fuzz\"\n\n[data]\ndir = \"data\"\n",
    )
    .expect("write config");
    let files = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad_inputs/files/dir-good");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    for name in ["spx.csv", "VIX_History.csv"] {
        std::fs::copy(files.join(name), data.join(name)).expect("copy");
    }
}

#[test]
fn random_argument_vectors_exit_with_a_documented_code_and_never_panic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write_data(tmp.path());
    let dir = tmp.path().display().to_string();
    let mut rng = Rng::new(20_260_101);
    let mut failures = Vec::new();
    let mut codes = std::collections::BTreeMap::new();
    for _ in 0..CASES {
        let args = argv(&mut rng, &dir);
        let start = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_ringfence"))
            .args(&args)
            .current_dir(tmp.path())
            .stdin(Stdio::null())
            .output()
            .expect("spawn ringfence");
        let took = start.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        *codes
            .entry((args.first().cloned().unwrap_or_default(), code))
            .or_insert(0) += 1;
        let mut bad = Vec::new();
        if !matches!(code, Some(0..=4)) {
            bad.push(format!("exit {code:?}"));
        }
        if stderr.contains("panicked") {
            bad.push("panic".to_string());
        }
        // Exit 1 may be a data check that found errors (the report is on stdout); with no
        // subcommand at all clap prints the usage.
        if code != Some(0)
            && code != Some(1)
            && !stderr.contains("error")
            && !stderr.contains("Usage:")
        {
            bad.push("failed without an error message".to_string());
        }
        if took > MAX_PER_CASE {
            bad.push(format!("took {took:?}"));
        }
        if !bad.is_empty() {
            failures.push(format!(
                "ringfence {:?}: {}\n{stderr}",
                args,
                bad.join(", ")
            ));
        }
    }
    eprintln!("(subcommand, exit code) -> count: {codes:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
