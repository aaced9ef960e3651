//! Bounded fuzzing of the run config parser on stable: the shipped configs, the config
//! cases of the bad-input catalogue and the config corpus `fuzz/seeds/config/`, mutated
//! line by line (lines deleted, repeated, swapped, values replaced with hostile ones,
//! headers inserted, the text cut anywhere) and byte by byte (bit flips, inserted bytes and
//! tokens, CRLF, byte-order marks, huge numbers: `ringfence_test_support::mutate`), go through
//! `ringfence_runner::Config::parse` (or `Config::load` when the bytes are not UTF-8).
//! Each must give a checked config (whose first variants and model parameters build) or a
//! typed error with a message, within a time bound; none may panic. The cargo-fuzz target
//! `fuzz/fuzz_targets/config.rs` does the same with coverage guidance on nightly.
//!
//! `RINGFENCE_FUZZ_ITERS=N` sets the number of mutated configs (default [`CASES`]). A
//! config that fails is saved as `fuzz/seeds/config/regression_<hash>.toml`, replayed
//! unmutated on every run from then on: commit it with the fix.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ringfence_data::rng::Rng;
use ringfence_runner::{Config, Overrides};
use ringfence_test_support::mutate as bytes;

/// Mutated configs tried per run by default.
const CASES: usize = 3000;

/// Longest one parse may take (debug build), plus [`PER_VARIANT`] for each variant of a
/// valid config: every variant is built and validated at load (a legitimate sweep of the
/// 100,000-scenario cap takes long in a debug build; the cap is the bound).
const MAX_PER_CASE: Duration = Duration::from_secs(2);

/// Extra time allowed per variant of a valid config.
const PER_VARIANT: Duration = Duration::from_millis(3);

/// Variants and model parameter sets built per parsed config.
const MAX_BUILT: usize = 4;

const VALUES: [&str; 24] = [
    "nan",
    "inf",
    "-inf",
    "-1",
    "0",
    "1e308",
    "-0.0",
    "\"\"",
    "[]",
    "{}",
    "[1, \"a\"]",
    "{ from = 0.0, to = 1.0, step = 0.0 }",
    "{ from = 1.0, to = 0.0, step = 0.1 }",
    "{ from = 0.0, to = 1e308, step = 1e-308 }",
    "9223372036854775807",
    "-9223372036854775808",
    "true",
    "\"../x\"",
    "\"/dev/zero\"",
    "1979-05-27",
    "\"2020-02-30\"",
    "[[1]]",
    "{ kind = \"pct_otm\", value = -1.0 }",
    "\"\u{FEFF}\"",
];

const HEADERS: [&str; 12] = [
    "[run]",
    "[data]",
    "[model]",
    "[sweep]",
    "[[sweep.zip]]",
    "[windows]",
    "[windows.custom.x]",
    "[bootstrap]",
    "[output]",
    "[condor]",
    "[[hedge.layers]]",
    "[capital]",
];

fn seeds() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    let mut configs: Vec<PathBuf> = std::fs::read_dir(root.join("configs"))
        .expect("configs dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    configs.sort();
    for p in configs {
        let text = std::fs::read_to_string(&p).expect("read config");
        out.push((p.display().to_string(), text));
    }
    let manifest = std::fs::read_to_string(root.join("tests/bad_inputs/cases.toml"))
        .expect("read the catalogue");
    let table: toml::Table = toml::from_str(&manifest).expect("catalogue parses");
    for case in table["case"].as_array().expect("case list") {
        if let Some(config) = case.get("config").and_then(|c| c.as_str()) {
            let id = case["id"].as_str().unwrap_or("?");
            out.push((id.to_string(), config.to_string()));
        }
    }
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("fuzz/seeds/config")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    corpus.sort();
    for p in corpus {
        let bytes = std::fs::read(&p).expect("read a corpus config");
        out.push((
            p.display().to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        ));
    }
    assert!(out.len() >= 20, "{} seed configs", out.len());
    out
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/config")
}

/// Save a failing config into the corpus; returns the path.
fn save(data: &[u8]) -> PathBuf {
    let p = corpus_dir().join(format!("regression_{}.toml", bytes::name_of(data)));
    let _ = std::fs::write(&p, data);
    p
}

fn pick<'a>(rng: &mut Rng, items: &'a [&'a str]) -> &'a str {
    items[rng.below(items.len() as u64) as usize]
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..=rng.below(4) {
        let n = lines.len().max(1) as u64;
        let i = rng.below(n) as usize;
        match rng.below(7) {
            0 if !lines.is_empty() => {
                lines.remove(i);
            }
            1 if !lines.is_empty() => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 if !lines.is_empty() => {
                let j = rng.below(n) as usize;
                lines.swap(i, j);
            }
            3 => {
                if let Some(l) = lines.get_mut(i)
                    && let Some((key, _)) = l.split_once('=')
                {
                    *l = format!("{key}= {}", pick(rng, &VALUES));
                }
            }
            4 => lines.insert(i.min(lines.len()), pick(rng, &HEADERS).to_string()),
            5 => {
                let key = ["name", "seed", "dir", "paths", "select", "daily", "x"];
                let line = format!("{} = {}", pick(rng, &key), pick(rng, &VALUES));
                lines.insert(i.min(lines.len()), line);
            }
            _ => {}
        }
    }
    let mut out = lines.join("\n");
    if rng.bernoulli(0.1) {
        // Cut anywhere (on a character boundary).
        let mut at = rng.below(out.len() as u64 + 1) as usize;
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        out.truncate(at);
    }
    out
}

/// Parse `data` (through `Config::load` from `scratch` when it is not UTF-8); the
/// variant count of a valid config.
fn exercise_bytes(data: &[u8], scratch: &Path) -> Result<Option<usize>, String> {
    match std::str::from_utf8(data) {
        Ok(text) => exercise(text),
        Err(_) => {
            let p = scratch.join("mutated.toml");
            std::fs::write(&p, data).map_err(|e| e.to_string())?;
            match Config::load(&p, &Overrides::default()) {
                Ok(_) => Err("a config that is not UTF-8 loaded".into()),
                Err(e) if e.to_string().contains("cannot read the config") => Ok(None),
                Err(e) => Err(format!("unexpected error for non-UTF-8 bytes: {e}")),
            }
        }
    }
}

fn exercise(text: &str) -> Result<Option<usize>, String> {
    match Config::parse(Path::new("mutated.toml"), text, &Overrides::default()) {
        Ok(config) => {
            let _ = config.resolved();
            for v in 0..config.variant_count().min(MAX_BUILT) {
                let _ = config.variant_label(v);
                let _ = config.variant(v);
            }
            for m in 0..config.model_count().min(MAX_BUILT) {
                let _ = config.model_params(m);
            }
            Ok(Some(config.variant_count()))
        }
        Err(e) => {
            let _ = e.kind();
            let msg = e.to_string();
            if msg.trim().is_empty() {
                Err("error without a message".to_string())
            } else {
                Ok(None)
            }
        }
    }
}

#[test]
fn fuzz_mutated_configs_parse_or_fail_with_a_message_quickly() {
    let seeds = seeds();
    let scratch = tempfile::tempdir().expect("tempdir");
    let cases = bytes::iters(CASES);
    let mut rng = Rng::new(8);
    let mut failures = Vec::new();
    let mut slowest = Duration::ZERO;
    let mut parsed = 0usize;
    for (name, text) in &seeds {
        if let Err(e) = exercise(text) {
            failures.push(format!("{name} (unmutated): {e}"));
        }
    }
    let start_all = Instant::now();
    for k in 0..cases {
        let (name, seed) = &seeds[k % seeds.len()];
        // Half line-level (keeps the TOML mostly valid, reaches the checks), half
        // byte-level (reaches the TOML parser's corners).
        let data = if k % 2 == 0 {
            mutate(&mut rng, seed).into_bytes()
        } else {
            let (_, other) = &seeds[rng.below(seeds.len() as u64) as usize];
            bytes::mutate(&mut rng, seed.as_bytes(), other.as_bytes())
        };
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| exercise_bytes(&data, scratch.path()));
        let took = start.elapsed();
        slowest = slowest.max(took);
        let (problem, variants) = match result {
            Ok(Ok(v)) => (None, v),
            Ok(Err(e)) => (Some(e), None),
            Err(_) => (Some("panicked".to_string()), None),
        };
        parsed += usize::from(variants.is_some());
        let bound = MAX_PER_CASE + PER_VARIANT * variants.unwrap_or(0) as u32;
        let problem = problem.or_else(|| (took > bound).then(|| format!("took {took:?}")));
        if let Some(p) = problem {
            let saved = save(&data);
            failures.push(format!(
                "{name}, mutation {k}: {p}\n    saved as {}\n{}",
                saved.display(),
                String::from_utf8_lossy(&data)
            ));
        }
        if failures.len() >= 5 {
            break;
        }
    }
    eprintln!(
        "stable fuzz: {cases} mutated configs from {} seeds ({parsed} still valid), slowest \
         {slowest:?}, {:.1} s",
        seeds.len(),
        start_all.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
