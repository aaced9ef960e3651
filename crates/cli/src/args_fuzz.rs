//! The stable fuzz pass over the command-line parser, in process (thousands of argument
//! vectors a second, where `tests/it/arguments.rs` runs the binary on a few hundred):
//! seeded token-level mutations of real command lines (`fuzz/seeds/args/seeds.json`, the
//! bad-input catalogue's commands, saved regressions) go through `Cli::try_parse_from`.
//! Each must parse, or fail with a clap error that renders a message and exits with 2
//! (usage) or 0 (`--help`, `--version`); none may panic or take more than a bound.
//!
//! `RINGFENCE_FUZZ_ITERS=N` sets the number of vectors (default [`CASES`]). A failing vector
//! is saved as `fuzz/seeds/args/regression_<hash>.json` (replayed from then on).

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{CommandFactory, Parser};
use ringfence_data::rng::Rng;

use crate::Cli;

/// Vectors per run by default.
const CASES: usize = 20_000;

/// Longest one parse may take (debug build).
const MAX_PER_CASE: Duration = Duration::from_millis(500);

/// Values that have broken argument parsers elsewhere.
const VALUES: [&str; 30] = [
    "",
    "-",
    "--",
    "-1",
    "0",
    "1e400",
    "NaN",
    "inf",
    "-inf",
    "18446744073709551616",
    "0/0",
    "1/0",
    "9/8",
    "2020-02-30",
    "2020-13-01",
    "0000-01-01",
    "+275760-09-13",
    "01/02/2020",
    "0.25,,0.1",
    ",",
    "../../x",
    "/dev/zero",
    "é",
    "\u{FEFF}run",
    "--data=",
    "--shard=1/2",
    "-h",
    "help",
    "=",
    "--no-report=true",
];

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/args")
}

/// The seed command lines (without the program name).
fn seeds() -> Vec<Vec<String>> {
    let dir = seeds_dir();
    let read = |p: &Path| -> serde_json::Value {
        let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out: Vec<Vec<String>> = read(&dir.join("seeds.json"))
        .as_array()
        .map(|a| a.iter().map(strings).collect())
        .unwrap_or_default();
    let mut saved: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    saved.retain(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("regression_"))
    });
    saved.sort();
    out.extend(saved.iter().map(|p| strings(&read(p))));
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad_inputs/cases.toml");
    let text = std::fs::read_to_string(&catalogue).expect("read the catalogue");
    let table: toml::Table = toml::from_str(&text).expect("the catalogue parses");
    for case in table["case"].as_array().into_iter().flatten() {
        if let Some(args) = case.get("args").and_then(|a| a.as_array()) {
            out.push(
                args.iter()
                    .filter_map(|a| a.as_str().map(str::to_string))
                    .collect(),
            );
        }
    }
    assert!(out.len() >= 50, "{} seed command lines", out.len());
    out
}

/// One to four token edits: drop, repeat, swap, replace with a hostile value or a flag of
/// another command, join with `=`, cut a token, a non-UTF-8 token.
fn mutate(rng: &mut Rng, seed: &[String], flags: &[String]) -> Vec<OsString> {
    let mut args: Vec<OsString> = seed.iter().map(OsString::from).collect();
    for _ in 0..=rng.below(4) {
        let n = args.len();
        let i = rng.below(n as u64 + 1) as usize;
        match rng.below(9) {
            0 if i < n => {
                args.remove(i);
            }
            1 if i < n => {
                let t = args[i].clone();
                args.insert(i, t);
            }
            2 if n > 1 => {
                let j = rng.below(n as u64) as usize;
                args.swap(i.min(n - 1), j);
            }
            3 => {
                let v = VALUES[rng.below(VALUES.len() as u64) as usize];
                if i < n && rng.bernoulli(0.5) {
                    args[i] = v.into();
                } else {
                    args.insert(i, v.into());
                }
            }
            4 => {
                let f = &flags[rng.below(flags.len() as u64) as usize];
                args.insert(i, f.into());
            }
            5 if i + 1 < n => {
                let mut joined = args[i].clone();
                joined.push("=");
                joined.push(&args[i + 1]);
                args[i] = joined;
                args.remove(i + 1);
            }
            6 if i < n => {
                let s = args[i].to_string_lossy().into_owned();
                let cut = rng.below(s.len() as u64 + 1) as usize;
                let cut = (0..=cut)
                    .rev()
                    .find(|&c| s.is_char_boundary(c))
                    .unwrap_or(0);
                args[i] = s[..cut].to_string().into();
            }
            7 => {
                let mut b = args
                    .get(i)
                    .map(|a| a.clone().into_vec())
                    .unwrap_or_default();
                b.insert(rng.below(b.len() as u64 + 1) as usize, 0xFF);
                args.insert(i.min(n), OsString::from_vec(b));
            }
            _ => {}
        }
    }
    args
}

/// Every long flag of every subcommand, from the parser itself.
fn all_flags() -> Vec<String> {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            if let Some(l) = a.get_long() {
                out.push(format!("--{l}"));
            }
        }
        for sub in cmd.get_subcommands() {
            out.push(sub.get_name().to_string());
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &mut out);
    out.sort();
    out.dedup();
    out
}

/// Parse `args`; `Err` describes a broken contract.
fn exercise(args: &[OsString]) -> Result<bool, String> {
    let argv = std::iter::once(OsString::from("ringfence")).chain(args.iter().cloned());
    match Cli::try_parse_from(argv) {
        Ok(_) => Ok(true),
        Err(e) => {
            let text = e.render().to_string();
            if text.trim().is_empty() {
                return Err(format!("{:?}: empty message", e.kind()));
            }
            match e.exit_code() {
                0 | 2 => Ok(false),
                c => Err(format!("{:?}: exit code {c}", e.kind())),
            }
        }
    }
}

#[test]
fn the_command_definition_passes_clap_debug_asserts() {
    Cli::command().debug_assert();
}

#[test]
fn fuzz_mutated_command_lines_parse_or_fail_with_a_usage_error() {
    let seeds = seeds();
    let flags = all_flags();
    let n = std::env::var("RINGFENCE_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(CASES);
    let mut rng = Rng::new(0xa_2965);
    let (mut failures, mut parsed) = (Vec::new(), 0usize);
    let start = Instant::now();
    for k in 0..n {
        let seed = &seeds[k % seeds.len()];
        let args = mutate(&mut rng, seed, &flags);
        let t = Instant::now();
        let result = std::panic::catch_unwind(|| exercise(&args));
        let took = t.elapsed();
        let problem = match result {
            Ok(Ok(ok)) => {
                parsed += usize::from(ok);
                (took > MAX_PER_CASE).then(|| format!("took {took:?}"))
            }
            Ok(Err(e)) => Some(e),
            Err(_) => Some("panicked".into()),
        };
        if let Some(p) = problem {
            let shown: Vec<String> = args
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            let json = serde_json::to_string(&shown).unwrap_or_default();
            let name = format!("regression_{:016x}.json", rng.next_u64());
            let _ = std::fs::write(seeds_dir().join(&name), &json);
            failures.push(format!("{json}: {p} (saved as fuzz/seeds/args/{name})"));
            if failures.len() >= 5 {
                break;
            }
        }
    }
    eprintln!(
        "stable fuzz: {n} mutated command lines from {} seeds ({parsed} parsed), {:.1} s",
        seeds.len(),
        start.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
