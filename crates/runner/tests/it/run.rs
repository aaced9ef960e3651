//! Whole runs on the shipped data: outputs, resume,
//! shard/merge, failure isolation and refused output directories.

use std::path::Path;

use ringfence_runner::{ErrorKind, RunOptions, Shard, Silent, execute, merge};

use crate::support::{assert_same_files, plan, read_csv};

/// 2 variants x 3 short windows, two layouts; daily for the first scenario only.
const SMALL: &str = r#"
layouts = ["ring_fenced", "commingled"]
[run]
name = "small"
seed = 5
[windows]
select = ["q1_2019", "covid_2020", "q3_2021"]
[windows.custom]
q1_2019 = { start = 2019-01-02, end = 2019-03-29 }
q3_2021 = { start = 2021-07-01, end = 2021-09-30 }
[sweep]
"condor.short_delta" = [0.12, 0.2]
[output]
daily = ["s000000"]
events = "all"
ledger = true
"#;

fn opts(threads: usize) -> RunOptions {
    RunOptions {
        threads: Some(threads),
        ..RunOptions::default()
    }
}

fn run(text: &str, out: &Path, o: &RunOptions) -> ringfence_runner::RunReport {
    execute(&plan(text, out), o, &Silent).unwrap()
}

#[test]
fn outputs_hold_one_summary_row_per_scenario_and_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("small");
    let r = run(SMALL, &out, &opts(2));
    assert_eq!(
        (r.scenarios, r.executed, r.failures, r.rows),
        (6, 6, 0, Some(12))
    );

    let (h, rows) = read_csv(&out.join("summary.csv"));
    for col in [
        "scenario",
        "id",
        "label",
        "variant",
        "condor.short_delta",
        "window",
        "start",
        "end",
        "path",
        "layout",
        "cagr",
        "max_drawdown",
        "final_equity",
    ] {
        assert!(h.iter().any(|c| c == col), "summary.csv lacks {col}: {h:?}");
    }
    assert_eq!(rows.len(), 12);
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    assert_eq!(rows[0][col("scenario")], "s000000_ring_fenced");
    assert_eq!(rows[1][col("scenario")], "s000000_commingled");
    assert_eq!(rows[0][col("label")], "short_delta=0.12 | q1_2019");
    assert_eq!(rows[3][col("window")], "covid_2020");
    assert_eq!(rows[3][col("start")], "2020-02-19");
    assert_eq!(rows[3][col("end")], "2020-03-23");
    assert_eq!(rows[11][col("condor.short_delta")], "0.2");
    assert!(h.iter().any(|c| c == "ret_2020"), "{h:?}");
    let rets: Vec<&String> = h.iter().filter(|c| c.starts_with("ret_")).collect();
    assert_eq!(rets, ["ret_2019", "ret_2020", "ret_2021"]);

    assert!(out.join("daily/s000000_ring_fenced.csv").is_file());
    assert!(out.join("daily/s000000_commingled.csv").is_file());
    assert!(!out.join("daily/s000001_ring_fenced.csv").exists());
    let (dh, drows) = read_csv(&out.join("daily/s000000_ring_fenced.csv"));
    assert_eq!(&dh[..2], ["date", "total_equity"]);
    assert!(dh.iter().any(|c| c == "core_requirement"), "{dh:?}");
    assert_eq!(drows[0][0], "2019-01-02");

    let (eh, _) = read_csv(&out.join("events.csv"));
    assert_eq!(
        eh,
        [
            "scenario",
            "date",
            "account",
            "kind",
            "sleeve",
            "detail",
            "amount_usd"
        ]
    );
    let (lh, lrows) = read_csv(&out.join("ledger.csv"));
    assert_eq!(lh[0], "scenario");
    assert!(!lrows.is_empty());
    let (_, frows) = read_csv(&out.join("failures.csv"));
    assert!(frows.is_empty());
    let (ph, prows) = read_csv(&out.join("paired.csv"));
    for col in [
        "variant",
        "window",
        "metric",
        "ring_fenced",
        "commingled",
        "diff",
        "ci_low",
    ] {
        assert!(ph.iter().any(|c| c == col), "paired.csv lacks {col}");
    }
    let pc = |name: &str| ph.iter().position(|c| c == name).unwrap();
    let cagr: Vec<&Vec<String>> = prows.iter().filter(|r| r[pc("metric")] == "cagr").collect();
    assert_eq!(cagr.len(), 6, "one cagr difference per variant and window");
    let summary_cagr = |i: usize| rows[i][col("cagr")].parse::<f64>().unwrap();
    let diff: f64 = cagr[0][pc("diff")].parse().unwrap();
    assert!((diff - (summary_cagr(0) - summary_cagr(1))).abs() < 1e-12);
    // summary.parquet and annual.csv are read back in `outputs.rs`.

    let run_json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run_json["tool"], "ringfence");
    assert_eq!(run_json["format_version"], 1);
    assert_eq!(run_json["status"], "complete");
    assert_eq!(run_json["scenarios"], 6);
    assert_eq!(run_json["failures"], 0);
    assert_eq!(run_json["config_hash"].as_str().unwrap().len(), 64);
    assert_eq!(
        run_json["data"]["files"][0]["sha256"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
    assert_eq!(
        run_json["sweep"]["condor.short_delta"],
        serde_json::json!([0.12, 0.2])
    );
    assert_eq!(
        run_json["windows"].as_array().unwrap().len(),
        17,
        "15 episodes + 2 custom"
    );
}

#[test]
fn resume_runs_only_the_missing_chunks_and_writes_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    let cut = tmp.path().join("cut");
    run(SMALL, &whole, &opts(2));
    run(SMALL, &cut, &opts(2));
    // Simulate a kill after 2 of 6 chunks: later chunks and every table are gone.
    for k in 2..6 {
        std::fs::remove_dir_all(cut.join(format!("chunks/c{k:05}"))).unwrap();
    }
    for f in [
        "summary.csv",
        "summary.parquet",
        "paired.csv",
        "events.csv",
        "ledger.csv",
    ] {
        std::fs::remove_file(cut.join(f)).unwrap();
    }
    std::fs::write(cut.join("chunks/.c00002.tmp-999"), b"half").unwrap();
    let resumed = RunOptions {
        resume: true,
        ..opts(1)
    };
    let r = run(SMALL, &cut, &resumed);
    assert_eq!((r.executed, r.resumed), (4, 2));
    assert_same_files(&whole, &cut);
    assert!(!cut.join("chunks/.c00002.tmp-999").exists());
}

#[test]
fn a_chunk_missing_the_rows_its_records_announce_is_corrupt() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x");
    run(SMALL, &out, &opts(2));
    let events = out.join("chunks/c00000/events.csv");
    assert!(events.is_file(), "chunk 0 records events");
    std::fs::remove_file(&events).unwrap();
    std::fs::remove_file(out.join("summary.csv")).unwrap();
    let resumed = RunOptions {
        resume: true,
        ..opts(1)
    };
    let err = execute(&plan(SMALL, &out), &resumed, &Silent).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("c00000") && text.contains("events.csv") && text.contains("missing"),
        "{text}"
    );
}

#[test]
fn chunks_without_rows_hold_only_their_records() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x");
    let quiet = SMALL
        .replace("events = \"all\"", "events = \"none\"")
        .replace("ledger = true", "ledger = false");
    run(&quiet, &out, &opts(2));
    let mut names: Vec<String> = std::fs::read_dir(out.join("chunks/c00000"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["records.jsonl"]);
    let (header, rows) = read_csv(&out.join("events.csv"));
    assert_eq!(header[..2], ["scenario", "date"]);
    assert!(rows.is_empty());
}

#[test]
fn resume_refuses_a_directory_of_another_config() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x");
    run(SMALL, &out, &opts(2));
    let before = crate::support::files(&out);
    let other = SMALL.replace("seed = 5", "seed = 6");
    let resume = RunOptions {
        resume: true,
        ..opts(2)
    };
    let e = execute(&plan(&other, &out), &resume, &Silent).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(e.to_string().contains("different config"), "{e}");
    assert_eq!(
        crate::support::files(&out),
        before,
        "existing results untouched"
    );
}

#[test]
fn shards_merge_into_the_files_of_an_unsharded_run() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    run(SMALL, &whole, &opts(2));
    let mut dirs = Vec::new();
    for i in [3, 1, 2] {
        let d = tmp.path().join(format!("shard{i}"));
        let o = RunOptions {
            shard: Some(Shard { index: i, count: 3 }),
            ..opts(1)
        };
        let r = run(SMALL, &d, &o);
        assert_eq!((r.scenarios, r.rows), (2, None));
        assert!(!d.join("summary.csv").exists(), "a shard writes no tables");
        dirs.push(d);
    }
    let merged = tmp.path().join("merged");
    let m = merge(&dirs, &merged, false).unwrap();
    assert_eq!((m.shards, m.scenarios, m.rows, m.failures), (3, 6, 12, 0));
    assert_same_files(&whole, &merged);

    // Gaps, duplicates and mixed configs are refused.
    let e = merge(&dirs[..2], &tmp.path().join("m2"), false).unwrap_err();
    assert!(e.to_string().contains("missing shard(s) 2/3"), "{e}");
    let dup = vec![dirs[0].clone(), dirs[0].clone(), dirs[1].clone()];
    let e = merge(&dup, &tmp.path().join("m3"), false).unwrap_err();
    assert!(e.to_string().contains("appears twice"), "{e}");
    let other = tmp.path().join("other");
    let o = RunOptions {
        shard: Some(Shard { index: 2, count: 3 }),
        ..opts(1)
    };
    run(&SMALL.replace("seed = 5", "seed = 77"), &other, &o);
    let mixed = vec![dirs[0].clone(), dirs[1].clone(), other];
    let e = merge(&mixed, &tmp.path().join("m4"), false).unwrap_err();
    assert!(e.to_string().contains("different configs"), "{e}");
    assert!(
        !tmp.path().join("m4").exists(),
        "nothing written on a refused merge"
    );
}

#[test]
fn merge_refuses_a_whole_run_and_an_incomplete_shard() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    run(SMALL, &whole, &opts(2));
    let e = merge(std::slice::from_ref(&whole), &tmp.path().join("m"), false).unwrap_err();
    assert!(e.to_string().contains("not a shard"), "{e}");
    let d = tmp.path().join("s1");
    let o = RunOptions {
        shard: Some(Shard { index: 1, count: 2 }),
        ..opts(1)
    };
    run(SMALL, &d, &o);
    let mut j: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("run.json")).unwrap()).unwrap();
    j["status"] = "running".into();
    std::fs::write(d.join("run.json"), serde_json::to_vec(&j).unwrap()).unwrap();
    let e = merge(&[d], &tmp.path().join("m"), false).unwrap_err();
    assert!(e.to_string().contains("incomplete"), "{e}");
}

#[test]
fn a_window_outside_the_data_fails_only_its_scenarios() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("iso");
    let text = SMALL
        .replace(
            "select = [\"q1_2019\", \"covid_2020\", \"q3_2021\"]",
            "select = [\"q1_2019\", \"ancient\"]",
        )
        .replace(
            "[windows.custom]",
            "[windows.custom]\nancient = { start = 1970-01-02, end = 1971-01-04 }",
        );
    let r = run(&text, &out, &opts(2));
    assert_eq!((r.scenarios, r.failures, r.rows), (4, 2, Some(4)));
    let (_, f) = read_csv(&out.join("failures.csv"));
    assert_eq!(f.len(), 2);
    assert_eq!(f[0][0], "s000001");
    assert!(f[0][2].contains("lies outside the data"), "{:?}", f[0]);
}

#[test]
fn a_foreign_directory_is_refused_and_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("thesis.tex"), b"precious").unwrap();
    let e = execute(&plan(SMALL, &out), &opts(1), &Silent).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(
        e.to_string().contains("not a ringfence run directory"),
        "{e}"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    let forced = RunOptions {
        force: true,
        ..opts(1)
    };
    execute(&plan(SMALL, &out), &forced, &Silent).unwrap();
    assert_eq!(std::fs::read(out.join("thesis.tex")).unwrap(), b"precious");
    assert!(out.join("summary.csv").is_file());
}

#[test]
fn an_unwritable_output_directory_is_an_io_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file");
    std::fs::write(&file, b"x").unwrap();
    let e = execute(&plan(SMALL, &file.join("out")), &opts(1), &Silent).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io, "{e}");
}

#[test]
fn rerunning_into_a_run_directory_starts_over() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("again");
    run(SMALL, &out, &opts(2));
    assert!(out.join("ledger.csv").is_file());
    let no_ledger = SMALL.replace("ledger = true", "ledger = false");
    run(&no_ledger, &out, &opts(2));
    assert!(
        !out.join("ledger.csv").exists(),
        "stale outputs of the earlier run are gone"
    );
}

#[test]
fn bootstrap_paths_give_confidence_intervals_on_the_full_window() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("boot");
    let text = r#"
layouts = ["ring_fenced", "commingled"]
[windows]
select = ["full"]
start = 2018-01-02
end = 2018-06-29
[bootstrap]
paths = 4
mean_block_days = 10.0
confidence = 0.9
[output]
daily = "none"
events = "none"
"#;
    let p = plan(text, &out);
    assert_eq!(p.count, 5);
    assert_eq!(p.label(&p.scenario(3)), "full/boot0003");
    let r = execute(&p, &opts(2), &Silent).unwrap();
    assert_eq!((r.failures, r.rows), (0, Some(10)));
    let (ph, prows) = read_csv(&out.join("paired.csv"));
    let c = |n: &str| ph.iter().position(|x| x == n).unwrap();
    let cagr = prows.iter().find(|r| r[c("metric")] == "cagr").unwrap();
    assert_eq!(cagr[c("window")], "full");
    assert_eq!(cagr[c("paths")], "4");
    assert_eq!(cagr[c("ci_level")], "0.9");
    let (lo, hi): (f64, f64) = (
        cagr[c("ci_low")].parse().unwrap(),
        cagr[c("ci_high")].parse().unwrap(),
    );
    assert!(lo <= hi);
    let (bh, brows) = read_csv(&out.join("bootstrap.csv"));
    assert_eq!(bh, ["variant", "window", "metric", "sample", "diff"]);
    let samples: Vec<&Vec<String>> = brows.iter().filter(|r| r[2] == "cagr").collect();
    assert_eq!(samples.len(), 4);
    let diffs: Vec<f64> = samples.iter().map(|r| r[4].parse().unwrap()).collect();
    let (mn, mx) = diffs
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &d| (a.min(d), b.max(d)));
    assert!(
        lo >= mn - 1e-15 && hi <= mx + 1e-15,
        "CI {lo}..{hi} within samples {mn}..{mx}"
    );
    let (sh, srows) = read_csv(&out.join("summary.csv"));
    let pc = sh.iter().position(|x| x == "path").unwrap();
    assert_eq!(srows[0][pc], "");
    assert_eq!(srows[2][pc], "1");
}

#[test]
fn shard_strings_are_one_based_and_checked() {
    assert_eq!(
        "2/4".parse::<Shard>().unwrap(),
        Shard { index: 2, count: 4 }
    );
    for bad in ["0/3", "4/3", "1/0", "a/3", "3"] {
        let e = bad.parse::<Shard>().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config, "{bad}");
        assert!(e.to_string().starts_with("--shard:"), "{bad}: {e}");
    }
    assert!(
        "4/3"
            .parse::<Shard>()
            .unwrap_err()
            .to_string()
            .contains("1..=3")
    );
}

#[test]
fn the_listing_counts_before_anything_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("never");
    let p = plan(SMALL, &out);
    let l = p.listing();
    assert_eq!(
        l[0],
        "6 scenarios = 2 variants x (3 windows + 0 bootstrap paths); 2 layouts each \
         (ring_fenced, commingled) = 12 summary rows"
    );
    assert_eq!(l[1], "s000000  short_delta=0.12 | q1_2019");
    assert_eq!(l[6], "s000005  short_delta=0.2 | q3_2021");
    assert!(!out.exists(), "planning writes nothing");
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_directory_is_refused_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("target");
    std::fs::create_dir(&target).unwrap();
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let e = execute(&plan(SMALL, &link), &opts(1), &Silent).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(e.to_string().contains("is a symbolic link (to "), "{e}");
    assert_eq!(
        std::fs::read_dir(&target).unwrap().count(),
        0,
        "nothing written"
    );
    let forced = RunOptions {
        force: true,
        ..opts(1)
    };
    execute(&plan(SMALL, &link), &forced, &Silent).unwrap();
    assert!(target.join("summary.csv").is_file());
    let e = merge(&[tmp.path().join("nope")], &link, false).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io, "a missing shard directory: {e}");
}

#[test]
fn a_directory_holding_only_temporaries_of_a_killed_run_is_not_foreign() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("killed");
    std::fs::create_dir(&out).unwrap();
    // Killed while writing run.json, before anything else existed.
    std::fs::write(out.join(".run.json.tmp-4242"), b"{\"tool\": \"ring").unwrap();
    let resume = RunOptions {
        resume: true,
        ..opts(1)
    };
    let r = execute(&plan(SMALL, &out), &resume, &Silent).unwrap();
    assert_eq!((r.executed, r.resumed), (6, 0));
    assert!(
        !out.join(".run.json.tmp-4242").exists(),
        "the temporary is removed"
    );
}
