//! `ringfence run` and `ringfence merge` end to end through the built binary: the listing,
//! exit codes, a SIGKILLed run resumed to identical files, shards merged to identical files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::support::{ringfence, root, text, tree};

/// A config of `n` variants on the full shipped history, two layouts, daily off.
fn sweep_config(dir: &Path, n: usize) -> PathBuf {
    let deltas: Vec<String> = (0..n)
        .map(|i| format!("{:.4}", 0.08 + 0.004 * i as f64))
        .collect();
    let text = format!(
        "layouts = [\"ring_fenced\", \"commingled\"]\n[run]\nname = \"cli\"\n\
         [data]\ndir = \"{}\"\n[output]\ndaily = [\"s000000\"]\nevents = \"all\"\n\
         [sweep]\n\"condor.short_delta\" = [{}]\n",
        root().join("data").display(),
        deltas.join(", ")
    );
    let p = dir.join("cli.toml");
    std::fs::write(&p, text).unwrap();
    p
}

/// Every file under `dir` except `chunks/`, with its bytes, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut t = tree(dir);
    t.retain(|rel, _| !rel.starts_with("chunks/"));
    t
}

fn assert_same(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    let na: Vec<&String> = fa.keys().collect();
    let nb: Vec<&String> = fb.keys().collect();
    assert_eq!(na, nb);
    for ((n, x), (_, y)) in fa.iter().zip(&fb) {
        assert!(x == y, "{n} differs");
    }
    assert!(na.iter().any(|n| *n == "summary.csv"));
}

#[test]
fn list_prints_the_count_and_ids_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sweep_config(tmp.path(), 3);
    let o = ringfence(tmp.path(), &["run", cfg.to_str().unwrap(), "--list"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("3 scenarios = 3 variants x (1 windows"),
        "{out}"
    );
    assert_eq!(lines[1], "s000000  short_delta=0.08 | full");
    assert_eq!(lines.len(), 4);
    assert!(!tmp.path().join("reports").exists());
}

#[test]
fn a_config_error_exits_2_names_the_key_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("bad.toml"), "[condor]\nshort_delt = 0.2\n").unwrap();
    let o = ringfence(tmp.path(), &["run", "bad.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("bad.toml:2:1: `condor.short_delt`: unknown key"),
        "{t}"
    );
    assert!(t.contains("did you mean `short_delta`?"), "{t}");
    assert!(
        !tmp.path().join("reports").exists(),
        "no output on a config error"
    );
}

#[test]
fn bad_shards_and_foreign_directories_exit_2_and_touch_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sweep_config(tmp.path(), 2);
    let cfg = cfg.to_str().unwrap();
    for bad in ["0/3", "4/3"] {
        let o = ringfence(tmp.path(), &["run", cfg, "--shard", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", text(&o));
        assert!(text(&o).contains("--shard"), "{}", text(&o));
    }
    let mine = tmp.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), b"keep").unwrap();
    let o = ringfence(tmp.path(), &["run", cfg, "--out", "mine"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("not a ringfence run directory"),
        "{}",
        text(&o)
    );
    assert_eq!(std::fs::read_dir(&mine).unwrap().count(), 1);
}

#[test]
fn failed_scenarios_exit_3_and_are_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let text_cfg = format!(
        "layouts = [\"commingled\"]\n[data]\ndir = \"{}\"\n[windows]\nselect = [\"full\", \"old\"]\n\
         start = 2020-01-02\n[windows.custom]\nold = {{ start = 1960-01-04, end = 1961-01-03 }}\n",
        root().join("data").display()
    );
    std::fs::write(tmp.path().join("f.toml"), text_cfg).unwrap();
    let o = ringfence(tmp.path(), &["run", "f.toml", "--no-report"]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("2 scenarios"), "{}", text(&o));
    assert!(text(&o).contains("1 failures"), "{}", text(&o));
    let failures = std::fs::read_to_string(tmp.path().join("reports/f/failures.csv")).unwrap();
    assert!(failures.contains("s000001,old,window old"), "{failures}");
}

#[test]
fn a_sigkilled_run_resumes_to_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sweep_config(tmp.path(), 40);
    let cfg = cfg.to_str().unwrap();
    let o = ringfence(
        tmp.path(),
        &["run", cfg, "--out", "whole", "--quiet", "--no-report"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let mut child = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(tmp.path())
        .args([
            "run",
            cfg,
            "--out",
            "cut",
            "--threads",
            "1",
            "--quiet",
            "--no-report",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let chunks = tmp.path().join("cut/chunks");
    let started = Instant::now();
    let done = |d: &Path| {
        std::fs::read_dir(d).map_or(0, |r| {
            r.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().starts_with('c'))
            })
            .count()
        })
    };
    while done(&chunks) < 3 && started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let written = done(&chunks);
    assert!(
        (3..40).contains(&written),
        "the kill landed mid-run ({written} of 40 chunks written)"
    );
    assert!(
        !tmp.path().join("cut/summary.csv").exists(),
        "no table before the end"
    );

    let o = ringfence(
        tmp.path(),
        &["run", cfg, "--out", "cut", "--resume", "--no-report"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("resumed"), "{}", text(&o));
    assert_same(&tmp.path().join("whole"), &tmp.path().join("cut"));
}

#[test]
fn merged_shards_equal_an_unsharded_run() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sweep_config(tmp.path(), 5);
    let cfg = cfg.to_str().unwrap();
    let o = ringfence(tmp.path(), &["run", cfg, "--out", "whole", "--no-report"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for i in 1..=2 {
        let shard = format!("{i}/2");
        let o = ringfence(tmp.path(), &["run", cfg, "--shard", &shard, "--no-report"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        assert!(text(&o).contains("ringfence merge"), "{}", text(&o));
    }
    // `merge` of both shards into `out`, with `extra` flags; it must succeed.
    let merge = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "merge",
            "reports/cli.shard-1-of-2",
            "reports/cli.shard-2-of-2",
            "--out",
            out,
        ];
        args.extend_from_slice(extra);
        let o = ringfence(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        o
    };
    let o = merge("merged", &["--no-report"]);
    assert!(
        text(&o).contains("merged 2 shards: 5 scenarios"),
        "{}",
        text(&o)
    );
    assert_same(&tmp.path().join("whole"), &tmp.path().join("merged"));
    // Without --no-report the merge ends with the report, as a run does.
    let o = merge("reported", &[]);
    assert!(text(&o).contains("report: "), "{}", text(&o));
    assert!(tmp.path().join("reported/report.html").is_file());

    let o = ringfence(
        tmp.path(),
        &["merge", "reports/cli.shard-1-of-2", "--out", "m2"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("missing shard(s) 2/2"), "{}", text(&o));
}

#[test]
fn a_run_with_bootstrap_paths_ends_with_a_report() {
    let tmp = tempfile::tempdir().unwrap();
    let toml = format!(
        "layouts = [\"ring_fenced\", \"commingled\"]\n[run]\nname = \"boot\"\n\
         [data]\ndir = \"{}\"\n[windows]\nstart = 2015-01-02\nend = 2019-12-31\n\
         [bootstrap]\npaths = 3\nmean_block_days = 20.0\n",
        root().join("data").display()
    );
    let config = tmp.path().join("boot.toml");
    std::fs::write(&config, toml).unwrap();
    let out = ringfence(tmp.path(), &["run", "boot.toml", "--out", "out", "--quiet"]);
    assert!(out.status.success(), "{}", text(&out));
    // The report counts the resamples beside the scenario on the history.
    assert!(
        text(&out).contains("1 scenarios + 3 bootstrap resamples"),
        "{}",
        text(&out)
    );
    let dir = tmp.path().join("out");
    // One historical scenario plus three resampled paths, each with both layouts.
    let summary = std::fs::read_to_string(dir.join("summary.csv")).unwrap();
    assert_eq!(summary.lines().count(), 1 + 4 * 2, "{summary}");
    assert!(dir.join("report.html").is_file());
    assert!(dir.join("bootstrap.csv").is_file());
}

#[test]
fn a_mechanism_ladder_run_opens_its_report_with_the_ladder() {
    let tmp = tempfile::tempdir().unwrap();
    let toml = format!(
        "layouts = [\"ring_fenced\", \"commingled\"]\n[run]\nname = \"ladder\"\n\
         [data]\ndir = \"{}\"\n[windows]\nstart = 2015-01-02\nend = 2019-12-31\n\
         [bootstrap]\npaths = 3\nmean_block_days = 20.0\n\
         [sweep]\n\"mechanisms.through\" = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n",
        root().join("data").display()
    );
    std::fs::write(tmp.path().join("ladder.toml"), toml).unwrap();
    let out = ringfence(
        tmp.path(),
        &["run", "ladder.toml", "--out", "out", "--quiet"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let dir = tmp.path().join("out");
    assert!(dir.join("ladder_cagr.png").is_file());
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let answer = html.find("id=\"answer\"").expect("answer section");
    let summary = html.find("id=\"summary\"").expect("summary section");
    assert!(answer < summary, "the answer comes first");
    let ladder = &html[html.find("id=\"ladder\"").expect("ladder table")..summary];
    for step in 0..=9 {
        assert!(
            ladder.contains(&format!("<tr><td class=\"l\">{step}</td>")),
            "step {step} row"
        );
    }
    // A defined-risk condor with every mechanism off trades identically in both layouts
    // and the report says why; sizing on the account separates them at step 1.
    assert!(
        ladder.contains("No mechanism acted differently"),
        "{ladder}"
    );
    assert!(
        ladder.contains("condor entries sized off the account"),
        "{ladder}"
    );
}

#[test]
fn the_markdown_summary_lists_each_variant_with_its_swept_values() {
    let tmp = tempfile::tempdir().unwrap();
    let toml = format!(
        "layouts = [\"ring_fenced\", \"commingled\"]\n[run]\nname = \"md\"\n\
         [data]\ndir = \"{}\"\n[windows]\nstart = 2018-01-02\nend = 2019-12-31\n\
         [sweep]\n\"condor.short_delta\" = [0.10, 0.16, 0.22]\n",
        root().join("data").display()
    );
    std::fs::write(tmp.path().join("md.toml"), toml).unwrap();
    let out = ringfence(tmp.path(), &["run", "md.toml", "--out", "out", "--quiet"]);
    assert!(out.status.success(), "{}", text(&out));
    let md = std::fs::read_to_string(tmp.path().join("out/report.md")).unwrap();
    assert!(md.contains("**Verdict**"), "{md}");
    let table = &md[md
        .find("## Every variant (ring-fenced minus commingled)")
        .expect("variants table")..];
    for (i, delta) in ["0.1", "0.16", "0.22"].iter().enumerate() {
        assert!(
            table.contains(&format!("| {i}: condor.short_delta={delta} |")),
            "variant {i}: {table}"
        );
    }
    // No bootstrap in this run: the legend promises no intervals.
    assert!(
        table.contains("(no bootstrap resamples in this run, so no intervals)"),
        "{table}"
    );
    assert!(!table.contains("brackets hold"), "{table}");
}

#[test]
fn the_default_report_writes_no_signed_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let config = root().join("configs/default.toml");
    let out = ringfence(
        &root(),
        &[
            "run",
            config.to_str().unwrap(),
            "--out",
            tmp.path().join("out").to_str().unwrap(),
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let dir = tmp.path().join("out");
    for file in ["report.html", "report.md"] {
        let page = std::fs::read_to_string(dir.join(file)).unwrap();
        for zero in ["-0.00", "+0.00 pp", "+0.00%"] {
            assert!(!page.contains(zero), "{file} holds {zero}");
        }
    }
    // One variant, no ladder: no table of differences, so no legend for one.
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(!md.contains("Differences are"), "{md}");
    for file in ["summary.csv", "paired.csv", "annual.csv"] {
        let csv = std::fs::read_to_string(dir.join(file)).unwrap();
        let signed = csv
            .lines()
            .flat_map(|l| l.split(','))
            .find(|v| v.starts_with('-') && v.parse::<f64>().is_ok_and(|x| x == 0.0));
        assert_eq!(signed, None, "{file}");
    }
    // A verdict difference that rounds to zero says so instead of "0.00 (favours ...)".
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    // The data-gap counters carry their definitions: a 0 of settlement fallbacks does not
    // mean no settlement was estimated.
    assert!(
        html.contains("<abbr title=\"Settlements at the first close after expiry"),
        "settlement fallbacks without a definition"
    );
    for part in html.split("<b>").skip(1) {
        let Some((shown, rest)) = part.split_once("</b>") else {
            continue;
        };
        let zero = !shown.bytes().any(|b| (b'1'..=b'9').contains(&b));
        if zero && rest.starts_with(" (favours") {
            assert!(
                rest.starts_with(" (favours ring-fenced, by less than the precision shown)")
                    || rest.starts_with(" (favours commingled, by less than the precision shown)"),
                "{shown}{}",
                &rest[..80.min(rest.len())]
            );
        }
    }
}
