//! `scripts/held-out.sh` end to end: every Cboe config against the month-end levels, row by
//! row what `compare-index` wrote; a daily history file of one index (Cboe's layout) built
//! from a run's own equity; the real SPX and VIX chains and the smile file, row by row what
//! `calibrate condors`, `calibrate vix-options` and `calibrate smile` printed; a measurement
//! that fails; the arguments it refuses before printing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::support::{csv_row_value, ringfence, root, text};

/// `scripts/held-out.sh ARGS` run from the workspace root with this test's binary.
fn held_out(args: &[&str]) -> Output {
    Command::new("bash")
        .arg(root().join("scripts/held-out.sh"))
        .args(args)
        .current_dir(root())
        .env("RINGFENCE", env!("CARGO_BIN_EXE_ringfence"))
        .output()
        .unwrap()
}

/// The Markdown tables of `stdout` by the heading above each (`## ...`): each row's cells
/// without the outer pipes, the header and the rule left out.
fn tables(stdout: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut out: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for l in String::from_utf8_lossy(stdout).lines() {
        if let Some(h) = l.strip_prefix("## ") {
            out.push((h.to_string(), Vec::new()));
        } else if l.starts_with('|') {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            out.last_mut().unwrap().1.push(cells);
        }
    }
    for (_, rows) in &mut out {
        rows.drain(..2);
    }
    out
}

/// The rows of the only table of `stdout`.
fn rows(stdout: &[u8]) -> Vec<Vec<String>> {
    let mut t = tables(stdout);
    assert_eq!(t.len(), 1, "{}", String::from_utf8_lossy(stdout));
    t.remove(0).1
}

#[test]
fn every_index_row_is_what_compare_index_wrote_and_the_verdicts_follow_the_targets() {
    let (Some(data), Some(cboe)) = (
        ringfence_test_support::shared_data_dir(),
        ringfence_test_support::shared_cboe_dir(),
    ) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let keep = tmp.path().join("keep");
    let levels = cboe.join("cboe_strategy_indices_monthly_1989_2012.csv");
    let out = held_out(&[
        "--data",
        data.to_str().unwrap(),
        "--years",
        "2008-2012",
        "--keep",
        keep.to_str().unwrap(),
        "--levels",
        levels.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let rows = rows(&out.stdout);
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        ["PUT", "BXM", "CNDR", "BFLY", "PPUT", "CLL", "SPTR", "VXTH"]
    );
    for row in &rows[..7] {
        let (index, config) = (&row[0], &row[1]);
        let s = keep
            .join(config)
            .join("compare")
            .join(format!("{}_summary.csv", index.to_lowercase()));
        assert_eq!(row[2], "60", "{row:?}: 2008-2012 is 60 months");
        let corr = csv_row_value(&s, "correlation");
        let te = csv_row_value(&s, "annual_te") * 100.0;
        assert_eq!(row[3], format!("{corr:.3}"), "{row:?}");
        assert_eq!(row[4], format!("{te:.2} (5 years)"), "{row:?}");
        assert_eq!(
            row[5],
            format!("{:+.2}", csv_row_value(&s, "mean_difference") * 100.0),
            "{row:?}"
        );
        let target = match index.as_str() {
            "PUT" => "TE <= 1.5",
            "CNDR" => "TE <= 2.0, correlation >= 0.95",
            _ => "-",
        };
        assert_eq!(row[6], target, "{row:?}");
        let verdict = match index.as_str() {
            "PUT" => (if te <= 1.5 { "met" } else { "missed" }).to_string(),
            "CNDR" => (if te <= 2.0 && corr >= 0.95 {
                "met"
            } else {
                "missed"
            })
            .to_string(),
            _ => "-".to_string(),
        };
        assert_eq!(row[7], verdict, "{row:?}");
    }
    // The Cboe file has no VXTH column: its config is not run.
    assert_eq!(rows[7][7], "no levels");
    assert!(!keep.join("cboe-vxth").exists());
}

/// `DATE,VXTH` daily rows (Cboe's `MM/DD/YYYY`) of twice the run's total equity.
fn daily_twin(run: &Path, to: &Path) {
    let daily: PathBuf = run.join("daily/s000000_commingled.csv");
    let body = std::fs::read_to_string(daily).unwrap();
    let mut out = String::from("DATE,VXTH\n");
    for l in body.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        let (y, m, d) = (&f[0][..4], &f[0][5..7], &f[0][8..10]);
        let eq: f64 = f[1].parse().unwrap();
        out.push_str(&format!("{m}/{d}/{y},{}\n", 2.0 * eq));
    }
    std::fs::write(to, out).unwrap();
}

#[test]
fn a_daily_file_of_one_index_is_reduced_to_month_ends_and_a_twin_tracks_exactly() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("vxth");
    let out = ringfence(
        &root(),
        &[
            "run",
            "configs/cboe-vxth.toml",
            "--data",
            data.to_str().unwrap(),
            "--out",
            run.to_str().unwrap(),
            "--no-report",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let levels = tmp.path().join("VXTH_History.csv");
    daily_twin(&run, &levels);
    let out = held_out(&[
        "--data",
        data.to_str().unwrap(),
        "--years",
        "2010-2011",
        "--levels",
        levels.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let rows = rows(&out.stdout);
    assert_eq!(rows.len(), 8, "{}", text(&out));
    for row in &rows[..7] {
        assert_eq!(row[7], "no levels", "{row:?}");
    }
    assert_eq!(
        rows[7],
        [
            "VXTH",
            "cboe-vxth",
            "24",
            "1.000",
            "0.00 (2 years)",
            "+0.00",
            "-",
            "-"
        ],
        "{}",
        text(&out)
    );
}

#[test]
fn bad_arguments_are_refused_before_anything_is_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let no_index = tmp.path().join("foo.csv");
    std::fs::write(&no_index, "date,FOO\n2010-01-29,1\n").unwrap();
    let data = root().join("data");
    let (data, no_index) = (data.to_str().unwrap(), no_index.to_str().unwrap());
    let cases: [(&[&str], &str); 8] = [
        (&["--levels", no_index], "--data DIR is required"),
        (
            &["--data", "/nonexistent", "--levels", no_index],
            "no such directory",
        ),
        (
            &["--data", data, "--spx-chain", "/nonexistent.csv"],
            "no such file",
        ),
        (
            &["--data", data, "--years", "2013", "--levels", no_index],
            "expected FROM-TO",
        ),
        (
            &["--data", data, "--levels", no_index],
            "no --levels file has a column named PUT",
        ),
        (&["--data", data], "nothing to measure"),
        (&["--data", data, no_index], "unknown argument"),
        (
            &["--data", data, "--smile", "/nonexistent.tsv"],
            "no such file",
        ),
    ];
    for (args, needle) in cases {
        let out = held_out(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(out.stdout.is_empty(), "{args:?} printed before failing");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

/// Label, n, median and last cell of every row of the first table in `text` whose header
/// starts with `| head |`.
fn printed_rows(text: &str, head: &str) -> Vec<[String; 4]> {
    let mut lines = text
        .lines()
        .skip_while(|l| !l.starts_with(&format!("| {head} |")))
        .skip(2);
    let mut out = Vec::new();
    for l in lines.by_ref().take_while(|l| l.starts_with('|')) {
        let c: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
        out.push([c[0], c[1], c[2], c[c.len() - 1]].map(str::to_string));
    }
    out
}

/// The target of an SPX chain's row: 10% over all and in each VIX regime.
fn spx_target(label: &str, _: &str) -> Option<f64> {
    ["all", "VIX < 15", "VIX 15-18", "VIX >= 18"]
        .contains(&label)
        .then_some(10.0)
}

/// The target of a VIX chain's row: 2 vol points over all quotes.
fn vix_target(label: &str, _: &str) -> Option<f64> {
    (label == "all").then_some(2.0)
}

/// The target of a smile file's row: the one `calibrate smile` prints (`<= 1.5`), the
/// chains' 10% for the condor.
fn smile_target(label: &str, printed: &str) -> Option<f64> {
    if label.contains("condor") {
        return Some(10.0);
    }
    printed
        .strip_prefix("<= ")?
        .trim_end_matches('%')
        .parse()
        .ok()
}

type Target = fn(&str, &str) -> Option<f64>;

#[test]
fn chain_and_smile_rows_are_what_calibrate_printed_and_the_verdicts_follow_the_targets() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let chains = ringfence_test_support::shared_chains_dir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let keep = tmp.path().join("keep");
    let spx = chains.join("spx_otm_2019-04-25_2019-05-31.tsv");
    // One sell-off day, a condor the model misses by more than 10%: both verdicts appear.
    let spx_day = chains.join("SPX_20190513_raw.csv");
    let smile = data.join("spx_smile_calibration_2005_2022.tsv");
    let vix = chains.join("vix_options_2016-06-01_datashop.csv");
    let out = held_out(&[
        "--data",
        data.to_str().unwrap(),
        "--keep",
        keep.to_str().unwrap(),
        "--spx-chain",
        spx.to_str().unwrap(),
        "--spx-chain",
        spx_day.to_str().unwrap(),
        "--smile",
        smile.to_str().unwrap(),
        "--vix-chain",
        vix.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let tables = tables(&out.stdout);
    assert_eq!(tables.len(), 4, "{}", text(&out));
    let cases: [(_, _, _, Target); 4] = [
        (&tables[0], "spx-chain-1.md", "group", spx_target),
        (&tables[1], "spx-chain-2.md", "group", spx_target),
        (&tables[2], "smile-1.md", "point", smile_target),
        (&tables[3], "vix-chain-1.md", "quotes", vix_target),
    ];
    let verdicts: Vec<&str> = tables
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|r| r[4].as_str()))
        .collect();
    assert!(
        verdicts.contains(&"met") && verdicts.contains(&"missed"),
        "{verdicts:?}"
    );
    for ((heading, rows), kept, head, target_of) in cases {
        let printed = printed_rows(&std::fs::read_to_string(keep.join(kept)).unwrap(), head);
        assert!(!printed.is_empty(), "{heading}");
        assert_eq!(rows.len(), printed.len(), "{heading}");
        let mut targeted = 0;
        for (row, [label, n, median, last]) in rows.iter().zip(&printed) {
            assert_eq!([&row[0], &row[1], &row[2]], [label, n, median], "{heading}");
            let (target, verdict) = match target_of(label, last) {
                Some(max) => {
                    targeted += 1;
                    let value: f64 = median.trim_end_matches('%').parse().unwrap();
                    let met = value <= max;
                    (format!("<= {max}"), if met { "met" } else { "missed" })
                }
                None => ("-".to_string(), "-"),
            };
            assert_eq!([&row[3], &row[4]], [&target, verdict], "{heading}: {row:?}");
        }
        assert!(targeted > 0, "{heading}: no row with a target");
    }
}

#[test]
fn a_measurement_that_fails_is_a_failed_row_its_error_and_exit_code_1() {
    let tmp = tempfile::tempdir().unwrap();
    let chain = tmp.path().join("not_a_chain.csv");
    std::fs::write(&chain, "a,b\n1,2\n").unwrap();
    let data = root().join("data");
    let out = held_out(&[
        "--data",
        data.to_str().unwrap(),
        "--spx-chain",
        chain.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(rows(&out.stdout), [["failed", "-", "-", "-", "-"]]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not a chain layout this reader knows"),
        "{stderr}"
    );
}
