//! `ringfence data import-chains` and runs with `[data] chains` end to end through the
//! built binary: exit codes, messages naming the file, line and column, and no partial
//! output on failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::support::{root, text};

fn ringfence(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

const HEADER: &str = "quote_date\texpiry\troot\tright\tstrike\tbid\task\tunderlying\tdelta\tiv";

/// A small OTM TSV chain of 2019-05-02 (three puts), with `edit` applied to its lines.
fn tsv(dir: &Path, name: &str, edit: impl Fn(&mut Vec<String>)) -> PathBuf {
    let mut lines: Vec<String> = vec![
        HEADER.into(),
        "2019-05-02\t2019-06-21\tSPX\tP\t2700.0\t10.1\t10.5\t2917.5\t-0.12\t0.16".into(),
        "2019-05-02\t2019-06-21\tSPX\tP\t2750.0\t13.0\t13.4\t2917.5\t-0.15\t0.15".into(),
        "2019-05-02\t2019-06-21\tSPX\tP\t2800.0\t17.2\t17.7\t2917.5\t-0.2\t0.14".into(),
    ];
    edit(&mut lines);
    let p = dir.join(name);
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

/// Run `import-chains SOURCES --out store` in `dir` and check it failed with exit 1,
/// printing every one of `needles`, and left no store behind.
fn import_fails(dir: &Path, sources: &[&str], needles: &[&str]) {
    let mut args = vec!["data", "import-chains"];
    args.extend_from_slice(sources);
    args.extend_from_slice(&["--out", "store"]);
    let o = ringfence(dir, &args);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    for n in needles {
        assert!(t.contains(n), "`{n}` not in: {t}");
    }
    assert!(!dir.join("store").exists(), "partial output: {t}");
}

#[test]
fn import_chains_fails_with_the_file_line_and_column_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // A value that is not a number: file, line and column.
    tsv(d, "bad.tsv", |l| l[2] = l[2].replace("\t13.4\t", "\tn/a\t"));
    import_fails(d, &["bad.tsv"], &["error:", "bad.tsv:3", "`ask`", "n/a"]);
    // A wrong header after a good file: every header is checked before anything is
    // written, so the good file is not imported either.
    tsv(d, "good.tsv", |_| {});
    std::fs::write(
        d.join("prices.csv"),
        "Date,Open,High,Low,Close\n2019-05-02,1,2,0,1\n",
    )
    .unwrap();
    import_fails(
        d,
        &["good.tsv", "prices.csv"],
        &["prices.csv", "not a chain layout", "Date,Open"],
    );
    // An unreadable file: not text.
    std::fs::write(d.join("blob.csv"), [0xff_u8, 0xfe, 0x00, 0x81, b'\n']).unwrap();
    import_fails(d, &["blob.csv"], &["blob.csv", "not UTF-8"]);
    // A missing file and a missing directory.
    import_fails(d, &["good.tsv", "nope.tsv"], &["nope.tsv", "No such file"]);
    import_fails(d, &["missing_dir/"], &["missing_dir", "No such file"]);
    // A --format that is not the file's.
    import_fails(
        d,
        &["--format", "datashop", "good.tsv"],
        &["good.tsv", "--format datashop", "otm-tsv"],
    );

    // The good file alone imports (exit 0) and a second run skips it.
    let o = ringfence(d, &["data", "import-chains", "good.tsv", "--out", "store"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(d.join("store/manifest.json").is_file());
    let o = ringfence(d, &["data", "import-chains", "good.tsv", "--out", "store"]);
    assert!(text(&o).contains("already imported"), "{}", text(&o));
}

/// A one-week config on the shipped data with `chains` as its store.
fn config(dir: &Path, chains: &str) -> PathBuf {
    let text = format!(
        "layouts = [\"ring_fenced\"]\n[run]\nname = \"chains\"\n[data]\ndir = \"{}\"\n\
         chains = \"{chains}\"\n[windows]\nselect = [\"w\"]\n[windows.custom]\n\
         w = {{ start = 2019-04-29, end = 2019-05-06 }}\n",
        root().join("data").display(),
    );
    let p = dir.join(format!("{}.toml", chains.replace('/', "_")));
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_run_whose_chain_store_is_missing_or_corrupt_fails_before_simulating() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    tsv(d, "good.tsv", |_| {});
    let o = ringfence(d, &["data", "import-chains", "good.tsv", "--out", "store"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let runs = std::cell::Cell::new(0);
    let run = |chains: &str| {
        let cfg = config(d, chains);
        runs.set(runs.get() + 1);
        let out = d.join(format!("out{}", runs.get()));
        let o = ringfence(
            d,
            &[
                "run",
                cfg.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--quiet",
                "--no-report",
            ],
        );
        (o, out)
    };
    // The good store runs.
    let (o, out) = run(&d.join("store").display().to_string());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(out.join("fills.csv").is_file());

    // Missing: a config error (2) naming the setting and the path.
    let (o, out) = run(&d.join("nostore").display().to_string());
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("[data] chains") && t.contains("nostore") && t.contains("import-chains"),
        "{t}"
    );
    assert!(!out.exists(), "nothing written: {t}");

    // A directory that is not a store, and a store with a corrupt partition: data errors
    // (1) naming the directory or file.
    std::fs::create_dir(d.join("empty")).unwrap();
    let (o, out) = run(&d.join("empty").display().to_string());
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("empty") && t.contains("not a chain store"),
        "{t}"
    );
    assert!(!out.exists(), "nothing written: {t}");

    let part = std::fs::read_dir(d.join("store/date=2019-05-02"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&part, b"not parquet").unwrap();
    let (o, out) = run(&d.join("store").display().to_string());
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    let name = part.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        t.contains(&name) && t.contains("not a chain partition"),
        "{t}"
    );
    assert!(!out.exists(), "nothing simulated: {t}");
    std::fs::write(d.join("store/manifest.json"), b"{").unwrap();
    let (o, _) = run(&d.join("store").display().to_string());
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("manifest.json") && t.contains("not a chain store manifest"),
        "{t}"
    );
}
