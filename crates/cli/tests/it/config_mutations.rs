//! Bounded fuzzing of the run config parser on stable: the shipped configs and the config
//! cases of the bad-input catalogue, mutated line by line (lines deleted, repeated, swapped,
//! values replaced with hostile ones, headers inserted, the text cut anywhere), go through
//! `ringfence_runner::Config::parse`. Each must give a checked config (whose first variants
//! and model parameters build) or a typed error with a message, within a time bound; none
//! may panic. The cargo-fuzz target `fuzz/fuzz_targets/config.rs` does the same with
//! coverage guidance on nightly.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ringfence_data::rng::Rng;
use ringfence_runner::{Config, Overrides};

/// Mutated configs tried per run.
const CASES: usize = 1500;

/// Longest one parse may take (debug build).
const MAX_PER_CASE: Duration = Duration::from_secs(2);

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
    assert!(out.len() >= 20, "{} seed configs", out.len());
    out
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

fn exercise(text: &str) -> Result<(), String> {
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
            Ok(())
        }
        Err(e) => {
            let _ = e.kind();
            let msg = e.to_string();
            if msg.trim().is_empty() {
                Err("error without a message".to_string())
            } else {
                Ok(())
            }
        }
    }
}

#[test]
fn mutated_configs_parse_or_fail_with_a_message_quickly() {
    let seeds = seeds();
    let mut rng = Rng::new(8);
    let mut failures = Vec::new();
    let mut slowest = Duration::ZERO;
    for (name, text) in &seeds {
        if let Err(e) = exercise(text) {
            failures.push(format!("{name} (unmutated): {e}"));
        }
    }
    for k in 0..CASES {
        let (name, seed) = &seeds[k % seeds.len()];
        let text = mutate(&mut rng, seed);
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| exercise(&text));
        let took = start.elapsed();
        slowest = slowest.max(took);
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failures.push(format!("{name}, mutation {k}: {e}\n{text}")),
            Err(_) => failures.push(format!("{name}, mutation {k}: panicked\n{text}")),
        }
        if took > MAX_PER_CASE {
            failures.push(format!("{name}, mutation {k}: took {took:?}\n{text}"));
        }
    }
    eprintln!(
        "config mutations: {CASES} cases from {} seeds, slowest {slowest:?}",
        seeds.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
