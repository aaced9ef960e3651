//! `ringfence quote` for VIX options and `ringfence calibrate` through the built binary, on
//! the real data: the VX future used is the day's real settle where the data have it, a
//! strike chosen by delta has a model delta near the target, `calibrate opens` reproduces
//! the shipped `stale_open_share` and `calibrate spreads` the half-spread coefficients.

use std::process::Command;

use super::support::{ringfence, root, text};

#[test]
fn vix_options_quote_by_strike_and_delta_on_the_real_vx_settle() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let data = data.display().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(root())
        .args([
            "quote",
            "--date",
            "2016-06-01",
            "--vix-expiry",
            "2016-07-20",
            "--vix-strike",
            "20",
            "--vix-delta",
            "0.30",
            "--call",
            "--csv",
            "--data",
            &data,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .filter(|l| l.starts_with("2016-06-01,2016-07-20,"))
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    for r in &rows {
        // The July 2016 VX contract settled at 17.525 on 2016-06-01.
        assert_eq!(r[5], "17.5250", "{stdout}");
        assert_eq!(r[6], "real_settle", "{stdout}");
        let (iv, price): (f64, f64) = (r[7].parse().unwrap(), r[8].parse().unwrap());
        assert!(iv > 0.5 && iv < 1.5 && price > 0.0, "{stdout}");
    }
    // The delta row: strike on the half-point grid above the future, delta near 0.30.
    let by_delta = rows.iter().find(|r| r[3] == "0.3").expect("delta row");
    let strike: f64 = by_delta[4].parse().unwrap();
    let delta: f64 = by_delta[9].parse().unwrap();
    assert_eq!(strike % 0.5, 0.0);
    assert!(strike > 17.525 && (delta - 0.30).abs() < 0.03, "{stdout}");
}

/// On 2020-03-16 (VIX 82.69, VVIX 207.59, the April VX future at 59.15) the model's VIX call
/// wing steepens with the strike, so no call out to 20 times the future falls to a 10-delta:
/// the quote says so, with the range searched and the deltas it holds, and prints nothing
/// (the SPX quote asked for beside it included), where it used to return the 20x strike as
/// the "10-delta" call.
#[test]
fn a_vix_delta_no_strike_reaches_is_an_error_naming_the_deltas_there() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let quote = |vix_delta: &str| {
        Command::new(env!("CARGO_BIN_EXE_ringfence"))
            .current_dir(root())
            .args([
                "quote",
                "--date",
                "2020-03-16",
                "--expiry",
                "2020-04-17",
                "--delta",
                "0.2",
            ])
            .args([
                "--vix-expiry",
                "2020-04-15",
                "--vix-delta",
                vix_delta,
                "--call",
            ])
            .args(["--data", data.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let out = quote("0.30,0.10");
    assert!(!out.status.success(), "{}", text(&out));
    assert!(out.stdout.is_empty(), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no VIX call strike from 2.96 to 1183.00 has absolute delta 0.1: the model's absolute deltas there run from 0.1"),
        "{err}"
    );
    // The 30-delta call alone is within reach.
    let out = quote("0.30");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("VX future 59.150"),
        "{}",
        text(&out)
    );
}

#[test]
fn vix_options_quote_needs_a_vix_expiry_after_the_date() {
    let out = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(root())
        .args(["quote", "--date", "2016-06-01", "--vix-strike", "20"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--vix-expiry"), "{}", text(&out));
}

/// `quote --csv` on 2019-04-26 for the 2019-05-17 expiry at `strikes`, with `extra`
/// arguments: (type, strike, iv) per row.
fn spx_ivs(data: &str, extra: &[&str]) -> Vec<(String, f64, f64)> {
    let mut args = vec![
        "quote",
        "--date",
        "2019-04-26",
        "--expiry",
        "2019-05-17",
        "--strike",
        "2845,3050",
        "--csv",
        "--data",
        data,
    ];
    args.extend_from_slice(extra);
    let out = ringfence(&root(), &args);
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("2019-04-26,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[2].to_string(),
                f[4].parse().unwrap(),
                f[6].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_config_gives_quote_and_the_condor_check_its_model() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let data = data.display().to_string();
    let shipped = spx_ivs(&data, &[]);
    let plain = spx_ivs(&data, &["--config", "configs/smile-plain.toml"]);
    assert_eq!(shipped.len(), 4);
    let iv = |rows: &[(String, f64, f64)], right: &str, k: f64| {
        rows.iter()
            .find(|r| r.0 == right && r.1 == k)
            .map(|r| r.2)
            .unwrap()
    };
    // The 3050 call, 3.7% above the forward at VIX 12.7: the plain smile's 7.53% keeps
    // falling; the shipped smile's turn lifts it (the chain's mid-implied vol there: 8.4%).
    assert!(
        (iv(&plain, "call", 3050.0) - 0.0753).abs() < 5e-4,
        "{plain:?}"
    );
    assert!(iv(&shipped, "call", 3050.0) > 0.085, "{shipped:?}");
    assert_ne!(iv(&shipped, "put", 2845.0), iv(&plain, "put", 2845.0));

    // The same config in the condor check: the calm 2019 condors' median abs error.
    let Some(chains) = ringfence_test_support::shared_chains_dir() else {
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(root())
        .env("RINGFENCE_SHARED_DATA", &data)
        .args([
            "calibrate",
            "condors",
            "--config",
            "configs/smile-plain.toml",
        ])
        .args(["--file"])
        .arg(chains.join("spx_otm_2019-04-25_2019-05-31.tsv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("| VIX < 15 | 119 | 13.0 |"), "{stdout}");

    // Cboe CNDR's condor, wings by delta, on the shipped model.
    let out = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(root())
        .env("RINGFENCE_SHARED_DATA", &data)
        .args(["calibrate", "condors", "--short-delta", "0.20"])
        .args([
            "--wing-delta",
            "0.05",
            "--min-days",
            "20",
            "--max-days",
            "45",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("# 20-delta / 5-delta condor mid, model vs "));
    assert!(stdout.contains(
        "| all | 174 | 0.050 / 0.200 / 0.199 / 0.050 | -18.0 / +5.1 / +5.6 / +12.3 | 14.37 | 11.60 |"
    ));

    // A config that sweeps the model gives more than one model: refused, exit 2.
    let dir = tempfile::tempdir().unwrap();
    let swept = dir.path().join("swept.toml");
    std::fs::write(&swept, "[sweep]\n\"model.div_yield\" = [0.01, 0.02]\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(root())
        .args([
            "quote",
            "--date",
            "2019-04-26",
            "--vix-futures",
            "--data",
            &data,
        ])
        .arg("--config")
        .arg(&swept)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("sweeps model.* keys (2 model sets)"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly_with_141() {
    // 3,000 strikes print about 300 KB, more than a pipe holds, so the command is still
    // writing when `head -c0` has exited: its next write finds the pipe closed.
    let strikes: Vec<String> = (0..3000).map(|i| (500 + i).to_string()).collect();
    let script = format!(
        "set -o pipefail; \"$0\" quote --date 2019-03-01 --expiry 2019-03-15 --put --strike {} --data data | head -c0; echo \"status=${{PIPESTATUS[0]}}\" >&2",
        strikes.join(",")
    );
    let out = Command::new("bash")
        .current_dir(root())
        .args(["-c", &script, env!("CARGO_BIN_EXE_ringfence")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("status=141"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_full_standard_output_is_an_io_error_and_a_closed_one_ends_data_check_with_141() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    // `quote` prints with println!, `data check` writes its report at once: both fail alike.
    for args in [
        "quote --date 2019-03-01 --expiry 2019-03-15 --put --strike 2700 --data data",
        "data check --data data",
    ] {
        let out = Command::new("bash")
            .current_dir(root())
            .args(["-c", &format!("\"$0\" {args} > /dev/full")])
            .arg(env!("CARGO_BIN_EXE_ringfence"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{args}: {stderr}");
        assert!(
            stderr.starts_with("error: standard output: No space left on device"),
            "{args}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args}: {stderr}");
    }
    // A reader that closes its end before the check has loaded the data.
    let script = "\"$0\" data check --data data | (exec 0<&-; sleep 1); echo \"status=${PIPESTATUS[0]}\" >&2";
    let out = Command::new("bash")
        .current_dir(root())
        .args(["-c", script, env!("CARGO_BIN_EXE_ringfence")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("status=141"), "{stderr}");
}

#[test]
fn calibrate_errors_name_what_chose_the_data_and_print_no_table_first() {
    // No --data: the directory came from the environment, and the message says so.
    let out = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(root())
        .args(["calibrate", "vx"])
        .env("RINGFENCE_SHARED_DATA", "/nonexistent-data-dir")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: $RINGFENCE_SHARED_DATA /nonexistent-data-dir: cannot load"),
        "{stderr}"
    );
    // A chain file that cannot be read: the error alone, no title before it.
    let tmp = tempfile::tempdir().unwrap();
    let chain = tmp.path().join("chain.csv");
    std::fs::write(
        &chain,
        "underlying_symbol,quote_date,root,expiration,strike,option_type,bid_eod,ask_eod\n",
    )
    .unwrap();
    let data = root().join("tests/bad_inputs/files/dir-good");
    let out = ringfence(
        &root(),
        &[
            "calibrate",
            "vix-options",
            "--file",
            chain.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("no data rows after the header"),
        "{}",
        text(&out)
    );
    assert!(
        out.stdout.is_empty(),
        "printed before failing: {}",
        text(&out)
    );
}

/// `ringfence calibrate opens ARGS --data DATA` run from the workspace root: its stdout,
/// after asserting it succeeded.
fn calibrate_opens(args: &[&str], data: &std::path::Path) -> String {
    let data = data.display().to_string();
    let mut all = vec!["calibrate", "opens"];
    all.extend_from_slice(args);
    all.extend(["--data", data.as_str()]);
    let out = ringfence(&root(), &all);
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn calibrate_opens_prints_the_first_prints_and_reproduces_the_shipped_share() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let stdout = calibrate_opens(&[], &data);
    // 2008: 250 of 253 Opens are not copies of the previous close, yet they hold 5.5% of
    // the day's move; 2017: every Open, a third of it.
    assert!(stdout.contains("| 2008 | 253 | 250 | 0.055 |"), "{stdout}");
    assert!(stdout.contains("| 2017 | 251 | 251 | 0.325 |"), "{stdout}");
    assert!(
        stdout.contains("The opening levels' slope from 2017-01-01: 0.319"),
        "{stdout}"
    );
    // Run from the workspace root, it reads the settlement values shipped beside the Cboe
    // configs: the shipped share is theirs before the first opening prints.
    assert!(
        stdout.contains("spx_set_cboe_1998_2023.csv")
            && stdout.contains("over the 309 days of the SET file: 0.422")
            && stdout.contains("the 225 settlement values before 2017-01-01")
            && stdout.contains("): 0.491 (shipped: 0.49)"),
        "{stdout}"
    );
    // From another first date: the pooled slope falls as first prints come in.
    let stdout = calibrate_opens(&["--from", "2014-01-01"], &data);
    assert!(
        stdout.contains("The opening levels' slope from 2014-01-01: 0.28"),
        "{stdout}"
    );
    // The shared files plus the five quoted SETs (the pricing crate's fixture): the same
    // slope on them, dominated by 2008-09-19's SET above the day's high.
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        std::os::unix::fs::symlink(&path, tmp.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        root().join("crates/pricing/tests/fixtures/spx_set_quoted.csv"),
        tmp.path().join("spx_set.csv"),
    )
    .unwrap();
    let stdout = calibrate_opens(&[], tmp.path());
    assert!(
        stdout.contains("over the 5 days of the SET file: 1.248"),
        "{stdout}"
    );
    // Without any settlement values the share cannot be measured, and says so.
    std::fs::remove_file(tmp.path().join("spx_set.csv")).unwrap();
    let empty = tempfile::tempdir().unwrap();
    let out = ringfence(
        empty.path(),
        &[
            "calibrate",
            "opens",
            "--data",
            &tmp.path().display().to_string(),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("No SPX settlement values"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_csv_quote_is_one_table_per_section_with_theta_per_day_as_in_the_table() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let data = data.display().to_string();
    let quote = |extra: &[&str]| {
        let mut args = vec!["quote", "--date", "2016-06-01", "--data", &data];
        args.extend_from_slice(extra);
        let out = ringfence(&root(), &args);
        assert!(out.status.success(), "{}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // VIX options alone: one CSV, its header first, every row as wide, no blank line.
    let vix = quote(&[
        "--vix-expiry",
        "2016-07-20",
        "--vix-strike",
        "20,25",
        "--csv",
    ]);
    let lines: Vec<&str> = vix.lines().collect();
    assert!(lines[0].starts_with("date,vix_expiry,"), "{vix}");
    assert!(lines[0].ends_with(",theta_per_day"), "{vix}");
    assert_eq!(lines.len(), 1 + 2 * 2, "{vix}");
    let width = lines[0].split(',').count();
    assert!(lines.iter().all(|l| l.split(',').count() == width), "{vix}");

    // SPX options: the CSV's theta_per_day is the table's theta/day.
    let spx = ["--expiry", "2016-06-17", "--strike", "2050", "--put"];
    let csv = quote(&[&spx[..], &["--csv"]].concat());
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert_eq!(header.last(), Some(&"theta_per_day"), "{csv}");
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let csv_theta: f64 = row.last().unwrap().parse().unwrap();
    let table = quote(&spx);
    let table_theta: f64 = table
        .lines()
        .find(|l| l.starts_with("put "))
        .and_then(|l| l.split_whitespace().last())
        .unwrap()
        .parse()
        .unwrap();
    assert!(csv_theta < 0.0, "{csv}");
    assert!((csv_theta - table_theta).abs() < 1e-4, "{csv}\n{table}");
}

#[test]
fn calibrate_spreads_reproduces_the_shipped_half_spread_coefficients() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    if ringfence_test_support::shared_chains_dir().is_none() {
        return;
    }
    let data = data.display().to_string();
    let out = ringfence(&root(), &["calibrate", "spreads", "--data", &data]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Fitted next to shipped, to the printed digit: SPX options (all four fitted) and VIX
    // options (the VIX elasticity imposed).
    for row in [
        "| a, scale | -2.4019 | -2.4019 |",
        "| b, ln(mid) | 0.3112 | 0.3112 |",
        "| c, ln(VIX/20) | 0.7218 | 0.7218 |",
        "| d, ln(DTE/30) | 0.0546 | 0.0546 |",
        "| a, scale | -2.3777 | -2.3777 |",
        "| d, ln(DTE/30) | -0.2192 | -0.2192 |",
    ] {
        assert!(stdout.contains(row), "{row} missing:\n{stdout}");
    }
    assert!(
        stdout.contains("| leave one day out | 78765 | 0.191 |"),
        "{stdout}"
    );
}
