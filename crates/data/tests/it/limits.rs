//! What the loaders refuse and how: files over the size limit (refused before reading),
//! devices, symlink loops in a data directory, values no market ever printed, truncated
//! files and non-finite numbers.

use std::path::{Path, PathBuf};

use ringfence_data::check::file::validate;
use ringfence_data::finding::Severity;
use ringfence_data::formats::{DEFAULT_MAX_FILE_BYTES, parse_bytes, read_file, read_file_limited};
use ringfence_data::scan::{Role, scan_dir};
use ringfence_data::{DataError, LoadOptions, check_dir, load_dir};

use super::fixtures::fixture;

/// A copy of the mini fixture directory in a temp dir, to add files to.
fn mini_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("data");
    copy_dir(&fixture("mini"), &dir);
    (tmp, dir)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let p = e.expect("entry").path();
        let target = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

#[test]
fn default_size_limit_is_256_mib() {
    assert_eq!(DEFAULT_MAX_FILE_BYTES, 268_435_456);
    assert_eq!(
        LoadOptions::default().max_file_bytes,
        DEFAULT_MAX_FILE_BYTES
    );
}

#[test]
fn a_sparse_300_mib_file_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("VIX_History.csv");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(300 * 1024 * 1024).expect("sparse file");
    // How fast the refusal is (a metadata call, not a 300 MiB read) is measured by the
    // `limits/refuse_sparse_300_mib` benchmark (`benches/load.rs`), not timed here: a time
    // bound in a debug build on a shared machine would flake.
    let e = read_file(&path).unwrap_err();
    assert!(matches!(e, DataError::File { .. }), "{e}");
    let text = e.to_string();
    assert!(
        text.contains("file is 314572800 bytes (300.0 MiB), larger than the maximum of 268435456 bytes (256.0 MiB)"),
        "{text}"
    );
    assert!(text.contains("VIX_History.csv"), "{text}");
}

#[test]
fn the_size_limit_is_set_in_load_options() {
    let (_tmp, dir) = mini_copy();
    let opts = LoadOptions {
        max_file_bytes: 200,
        ..LoadOptions::default()
    };
    let e = load_dir(&dir, &opts).unwrap_err();
    // spx.csv (the first file read) is 560 bytes.
    let text = e.to_string();
    assert!(text.contains("spx.csv: file is"), "{text}");
    assert!(
        text.contains("larger than the maximum of 200 bytes"),
        "{text}"
    );
    // The check reports the same for every file over the limit, and still exits with errors.
    let report = check_dir(&dir, &opts).expect("check");
    assert!(report.has_errors());
    let too_big = report
        .files
        .iter()
        .filter(|f| {
            f.findings
                .iter()
                .any(|x| x.message.contains("larger than the maximum"))
        })
        .count();
    assert!(too_big >= 3, "{too_big} files refused");
    // A file exactly at the limit is accepted.
    let spx = std::fs::metadata(dir.join("spx.csv")).expect("meta").len();
    assert!(read_file_limited(&dir.join("spx.csv"), spx).is_ok());
    assert!(read_file_limited(&dir.join("spx.csv"), spx - 1).is_err());
}

#[test]
fn a_device_or_directory_is_not_a_data_file() {
    let e = read_file(Path::new("/dev/zero")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "/dev/zero: not a regular file (a device, FIFO or socket); expected a CSV file"
    );
    let e = read_file(&fixture("mini")).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("not a regular file (a directory); expected a CSV file"),
        "{e}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fifo = tmp.path().join("vix.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipping: mkfifo not available");
        return;
    }
    // Opening a FIFO for reading would block until a writer appears: the loaders must not.
    // They run on a thread, so that a blocking open fails the test after a minute instead of
    // hanging it (a hang guard, not a speed bound).
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let e = read_file(&fifo).unwrap_err();
        let scanned = ringfence_data::scan::scan_file(&fifo);
        let report = ringfence_data::check_files(&[fifo.clone(), fifo], &LoadOptions::default());
        tx.send((e, scanned.format.is_err(), report.files.len()))
            .expect("the test waits");
    });
    let (e, unreadable, files) = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("reading a FIFO blocked");
    assert!(
        e.to_string()
            .ends_with("not a regular file (a device, FIFO or socket); expected a CSV file"),
        "{e}"
    );
    assert!(unreadable);
    assert_eq!(files, 1, "a path given twice is checked once");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_the_data_dir_lists_each_file_once() {
    let (_tmp, dir) = mini_copy();
    let before = scan_dir(&dir).expect("scan").len();
    let history = load_dir(&dir, &LoadOptions::default()).expect("load");
    std::os::unix::fs::symlink(&dir, dir.join("loop")).expect("symlink");
    std::os::unix::fs::symlink(dir.join("vx"), dir.join("vx_again")).expect("symlink");
    let after = scan_dir(&dir).expect("scan");
    assert_eq!(after.len(), before, "{after:#?}");
    // No file is found twice, so no role is ambiguous and the history is the same.
    let again = load_dir(&dir, &LoadOptions::default()).expect("load");
    assert_eq!(again.dates, history.dates);
    assert_eq!(again.vx, history.vx);
}

fn worst(text: &str, name: &str, role: Role) -> (Severity, String) {
    let f = parse_bytes(Path::new(name), text.as_bytes()).expect("parses");
    let r = validate(&f, Some(role));
    let first = r.findings.first().expect("a finding");
    (first.severity, format!("{}: {}", first.code, first.message))
}

#[test]
fn an_index_level_above_a_million_points_is_an_error() {
    let (sev, msg) = worst(
        "DATE,OPEN,HIGH,LOW,CLOSE\n01/02/2020,1e300,1e300,1e300,1e300\n01/03/2020,15.01,16.20,13.13,14.02\n",
        "vix.csv",
        Role::Vix,
    );
    assert_eq!(sev, Severity::Error);
    assert!(
        msg.starts_with("implausible_value: 1 rows with a value above 1000000 index points"),
        "{msg}"
    );
}

#[test]
fn a_t_bill_rate_above_100_percent_is_an_error() {
    // 400% on the discount basis would give a NaN continuous rate.
    let (sev, msg) = worst(
        "observation_date,DTB3\n2020-01-02,1.52\n2020-01-03,400\n",
        "dtb3.csv",
        Role::Rate,
    );
    assert_eq!(sev, Severity::Error);
    assert!(msg.contains("above 100 percent"), "{msg}");
}

#[test]
fn a_vx_settle_above_a_million_points_is_an_error() {
    let text = ",Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest\n0,2020-01-02,2020-01-22,14,14,14,14,99999999,0,10,0,10\n";
    let (sev, msg) = worst(text, "vx_contracts.csv", Role::Vx);
    assert_eq!(sev, Severity::Error);
    assert!(msg.contains("above 1000000 VIX points"), "{msg}");
}

#[test]
fn a_short_last_row_without_line_break_reads_as_truncated() {
    let text =
        "DATE,OPEN,HIGH,LOW,CLOSE\n01/02/2020,13.46,13.72,12.42,12.47\n01/03/2020,15.01,16.2";
    let e = parse_bytes(Path::new("vix.csv"), text.as_bytes()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "vix.csv:3: column `HIGH (field 3)`: row has 3 fields, expected 5 as in the header `DATE,OPEN,HIGH,LOW,CLOSE`; it is the last line and has no line break: the file looks truncated"
    );
    // The same short row in the middle of the file is not called truncated.
    let text =
        "DATE,OPEN,HIGH,LOW,CLOSE\n01/03/2020,15.01,16.2\n01/06/2020,15.45,16.39,13.54,13.85\n";
    let e = parse_bytes(Path::new("vix.csv"), text.as_bytes()).unwrap_err();
    assert!(!e.to_string().contains("truncated"), "{e}");
}

#[test]
fn nan_and_infinity_are_refused_as_not_finite() {
    for (value, shown) in [
        ("NaN", "NaN"),
        ("inf", "inf"),
        ("-Infinity", "-Infinity"),
        ("1e400", "1e400"),
    ] {
        let text = format!("DATE,OPEN,HIGH,LOW,CLOSE\n01/02/2020,13.46,13.72,12.42,{value}\n");
        let e = parse_bytes(Path::new("vix.csv"), text.as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "vix.csv:2: column `CLOSE (field 5)`: `{shown}` is not a finite number (NaN, infinity or beyond 1.8e308); accepted: a decimal number such as 17.24"
            )
        );
    }
}

#[test]
fn a_yfinance_close_of_1e308_stays_finite_and_is_an_implausible_value() {
    // Found by the stable fuzz pass: rounding the float32 artefacts (v * 1e6) overflowed,
    // so the close loaded as infinity.
    let text = "Date,Open,High,Low,Close\n\
                2020-01-02,3244.669921875,3258.139892578125,3235.530029296875,1e308\n\
                2020-01-03,3226.360107421875,3246.14990234375,3222.340087890625,3234.85009765625\n";
    let f = parse_bytes(Path::new("spx_yfinance.csv"), text.as_bytes()).expect("parses");
    let ringfence_data::formats::FileData::Ohlc(t) = &f.data else {
        panic!("not OHLC");
    };
    assert_eq!(t.close, vec![1e308, 3234.85]);
    let (sev, msg) = worst(text, "spx_yfinance.csv", Role::Spx);
    assert_eq!(sev, Severity::Error);
    assert!(msg.starts_with("implausible_value: 1 rows"), "{msg}");
}

#[test]
fn a_history_not_built_names_the_unreadable_file_it_needs() {
    let (_tmp, dir) = mini_copy();
    // A corrupted cell: the VIX file no longer parses, and the history needs it.
    let vix = dir.join("VIX_History.csv");
    let text = std::fs::read_to_string(&vix).expect("read");
    std::fs::write(&vix, text.replacen("12.100000", "x12.1", 1)).expect("write");
    let r = check_dir(&dir, &LoadOptions::default()).expect("check");
    let f = r
        .dataset
        .iter()
        .find(|f| f.code == "history_not_built")
        .unwrap_or_else(|| panic!("{}", r.render()));
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "history not built: files it needs have errors (VIX_History.csv)"
    );
    assert_eq!(f.count, 1);
}
