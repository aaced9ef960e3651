//! The bad-input catalogue (`tests/bad_inputs/cases.toml` at the workspace root): runs the
//! built binary on every case and asserts its exit code and message, then checks that
//! `docs/bad-inputs.md` is the table generated from the manifest (`RINGFENCE_BLESS=1`
//! rewrites it).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

/// Longest a case may run before it counts as a hang (debug build, 2 cores shared).
const CASE_TIMEOUT: Duration = Duration::from_secs(120);

/// Fewest cases the catalogue must hold.
const MIN_CASES: usize = 40;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    area: String,
    what: String,
    args: Vec<String>,
    #[serde(default)]
    config: Option<String>,
    #[serde(default)]
    setup: Vec<Step>,
    exit: i32,
    message: Messages,
    #[serde(default)]
    requires: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Messages {
    One(String),
    Many(Vec<String>),
}

impl Messages {
    fn all(&self) -> Vec<&str> {
        match self {
            Messages::One(m) => vec![m.as_str()],
            Messages::Many(ms) => ms.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
enum Step {
    Copy { from: String, to: String },
    Write { path: String, text: String },
    Sparse { path: String, bytes: u64 },
    Symlink { path: String, target: String },
    Fifo { path: String },
    Mkdir { path: String },
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

fn catalogue_dir() -> PathBuf {
    root().join("tests/bad_inputs")
}

fn manifest() -> Manifest {
    let path = catalogue_dir().join("cases.toml");
    let text = std::fs::read_to_string(&path).expect("read cases.toml");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Subcommands listed by `ringfence --help`.
fn subcommands() -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .arg("--help")
        .output()
        .expect("run ringfence --help");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

struct Vars {
    files: String,
    tmp: String,
    root: String,
}

impl Vars {
    fn expand(&self, s: &str) -> String {
        s.replace("{files}", &self.files)
            .replace("{tmp}", &self.tmp)
            .replace("{root}", &self.root)
    }
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    if from.is_dir() {
        std::fs::create_dir_all(to)?;
        for e in std::fs::read_dir(from)? {
            let e = e?;
            copy_tree(&e.path(), &to.join(e.file_name()))?;
        }
        Ok(())
    } else {
        if let Some(p) = to.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::copy(from, to).map(|_| ())
    }
}

fn setup(step: &Step, v: &Vars) -> std::io::Result<()> {
    let parent = |p: &Path| match p.parent() {
        Some(d) => std::fs::create_dir_all(d),
        None => Ok(()),
    };
    match step {
        Step::Copy { from, to } => copy_tree(Path::new(&v.expand(from)), Path::new(&v.expand(to))),
        Step::Write { path, text } => {
            let p = PathBuf::from(v.expand(path));
            parent(&p)?;
            std::fs::write(p, text)
        }
        Step::Sparse { path, bytes } => {
            let p = PathBuf::from(v.expand(path));
            parent(&p)?;
            std::fs::File::create(p)?.set_len(*bytes)
        }
        Step::Symlink { path, target } => {
            let p = PathBuf::from(v.expand(path));
            parent(&p)?;
            symlink(Path::new(&v.expand(target)), &p)
        }
        Step::Mkdir { path } => std::fs::create_dir_all(v.expand(path)),
        Step::Fifo { path } => {
            let p = PathBuf::from(v.expand(path));
            parent(&p)?;
            let status = Command::new("mkfifo").arg(&p).status()?;
            if status.success() {
                Ok(())
            } else {
                Err(std::io::Error::other(format!(
                    "mkfifo {}: {status}",
                    p.display()
                )))
            }
        }
    }
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("symlinks are only set up on unix"))
}

/// Run one case; `Err` describes how it failed.
fn run_case(case: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let vars = Vars {
        files: catalogue_dir().join("files").display().to_string(),
        tmp: tmp.path().display().to_string(),
        root: root().display().to_string(),
    };
    for step in &case.setup {
        setup(step, &vars).map_err(|e| format!("setup {step:?}: {e}"))?;
    }
    if let Some(config) = &case.config {
        std::fs::write(tmp.path().join("config.toml"), config).map_err(|e| e.to_string())?;
    }
    let args: Vec<String> = case.args.iter().map(|a| vars.expand(a)).collect();
    let out_path = tmp.path().join(".stdout");
    let err_path = tmp.path().join(".stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .args(&args)
        .current_dir(root())
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).map_err(|e| e.to_string())?)
        .stderr(std::fs::File::create(&err_path).map_err(|e| e.to_string())?)
        .spawn()
        .map_err(|e| format!("spawn: {e}"))?;
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if start.elapsed() > CASE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("no exit after {CASE_TIMEOUT:?} (hang)"));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    let output = format!("{stdout}\n{stderr}");
    let mut problems = Vec::new();
    if status.code() != Some(case.exit) {
        problems.push(format!("exit {:?}, expected {}", status.code(), case.exit));
    }
    for m in case.message.all() {
        if !output.contains(&vars.expand(m)) {
            problems.push(format!("message not found: {m:?}"));
        }
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        problems.push("the binary panicked".to_string());
    }
    // Every message is printed once: no `caused by` line repeats words already shown.
    let mut shown: Vec<&str> = Vec::new();
    for line in stderr.lines() {
        if let Some(cause) = line.trim_start().strip_prefix("caused by: ")
            && shown.iter().any(|s| s.contains(cause))
        {
            problems.push(format!("`{line}` repeats an earlier line"));
        }
        shown.push(line);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n    command: ringfence {}\n    stdout: {}\n    stderr: {}",
            problems.join("; "),
            args.join(" "),
            stdout.trim_end().replace('\n', "\n            "),
            stderr.trim_end().replace('\n', "\n            ")
        ))
    }
}

#[test]
fn every_bad_input_gets_its_exit_code_and_message() {
    let m = manifest();
    let available = subcommands();
    assert!(
        available.iter().any(|c| c == "data"),
        "could not read the subcommands from --help: {available:?}"
    );
    // A case's `requires` names the subcommand it exercises: this build must have it (a
    // missing one would silently drop every case that needs it).
    let missing: Vec<String> = m
        .case
        .iter()
        .filter_map(|c| c.requires.as_ref().filter(|r| !available.contains(r)))
        .map(|r| r.to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(
        missing.is_empty(),
        "subcommands required by the catalogue but missing from `ringfence --help` \
         ({available:?}): {missing:?}"
    );
    let mut failures = Vec::new();
    for case in &m.case {
        if let Err(e) = run_case(case) {
            failures.push(format!("{} ({}): {e}", case.id, case.what));
        }
    }
    let ran = m.case.len();
    eprintln!("bad inputs: {ran} cases run, {} failed", failures.len());
    assert!(
        failures.is_empty(),
        "{} of {ran} bad-input cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_catalogue_is_well_formed_and_large_enough() {
    let m = manifest();
    assert!(m.case.len() >= MIN_CASES, "{} cases", m.case.len());
    let mut ids: Vec<&str> = m.case.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate case ids");
    for c in &m.case {
        assert!(
            ["data", "cli", "config"].contains(&c.area.as_str()),
            "{}: area {}",
            c.id,
            c.area
        );
        assert!(
            c.id.starts_with(&format!("{}-", c.area)),
            "{}: id must start with its area",
            c.id
        );
        assert!((0..=4).contains(&c.exit), "{}: exit {}", c.id, c.exit);
        assert!(
            c.message.all().iter().all(|s| !s.trim().is_empty()),
            "{}: empty message",
            c.id
        );
        for a in &c.args {
            for p in ["{files}/", "{tmp}/"] {
                if let Some(rest) = a.strip_prefix(p)
                    && p == "{files}/"
                {
                    let path = catalogue_dir().join("files").join(rest);
                    assert!(path.exists(), "{}: {} missing", c.id, path.display());
                }
            }
        }
    }
    // Every input file is used by some case.
    let files = catalogue_dir().join("files");
    for e in std::fs::read_dir(&files).expect("files dir") {
        let name = e.expect("entry").file_name().to_string_lossy().into_owned();
        let used = m.case.iter().any(|c| {
            c.args
                .iter()
                .chain(c.setup.iter().filter_map(|s| match s {
                    Step::Copy { from, .. } => Some(from),
                    _ => None,
                }))
                .chain(c.config.iter())
                .any(|a| a.contains(&format!("/{name}/")) || a.ends_with(&format!("/{name}")))
        });
        assert!(used, "tests/bad_inputs/files/{name} is used by no case");
    }
}

/// A markdown code span holding `s`, whatever backticks it contains.
fn code(s: &str) -> String {
    let s = s.replace('|', "\\|").replace('\n', " ");
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

fn render(m: &Manifest) -> String {
    let mut out = String::from(
        "# Bad-input catalogue\n\n\
         Generated from [`tests/bad_inputs/cases.toml`](../tests/bad_inputs/cases.toml) by\n\
         `crates/cli/tests/it/bad_inputs.rs`; do not edit by hand (`RINGFENCE_BLESS=1 cargo test\n\
         -p ringfence --test it bad_inputs` rewrites it). Every row is a test: the binary is run\n\
         with the command shown (from the workspace root; `{files}` = `tests/bad_inputs/files`,\n\
         `{tmp}` = a fresh temporary directory) and must exit with the code shown and print the\n\
         message (a substring of stdout or stderr; several are separated by ` … `).\n\n\
         Exit codes: 0 success, 1 data or validation error, 2 usage or config error, 3 some\n\
         scenarios failed, 4 I/O error. Rows marked *needs `run`* are checked once the `run`\n\
         subcommand exists.\n\n",
    );
    let areas = [
        ("data", "Data files and directories"),
        ("cli", "Command-line arguments"),
        ("config", "Run configs"),
    ];
    for (area, title) in areas {
        let cases: Vec<&Case> = m.case.iter().filter(|c| c.area == area).collect();
        out.push_str(&format!("## {title} ({} cases)\n\n", cases.len()));
        out.push_str("| Case | Failure mode | Command | Exit | Message |\n");
        out.push_str("|---|---|---|---:|---|\n");
        for c in cases {
            let mut what = c.what.replace('|', "\\|");
            if let Some(r) = &c.requires {
                what.push_str(&format!(" *needs `{r}`*"));
            }
            let mut cmd = format!("ringfence {}", c.args.join(" "));
            if !c.setup.is_empty() || c.config.is_some() {
                let mut notes = Vec::new();
                if c.config.is_some() {
                    notes.push("config in the manifest".to_string());
                }
                for s in &c.setup {
                    notes.push(match s {
                        Step::Copy { from, to } => format!("copy {from} to {to}"),
                        Step::Write { path, .. } => format!("write {path}"),
                        Step::Sparse { path, bytes } => format!("sparse {path} of {bytes} bytes"),
                        Step::Symlink { path, target } => format!("symlink {path} -> {target}"),
                        Step::Fifo { path } => format!("mkfifo {path}"),
                        Step::Mkdir { path } => format!("mkdir {path}"),
                    });
                }
                cmd.push_str(&format!(" ({})", notes.join("; ")));
            }
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                c.id,
                what,
                code(&cmd),
                c.exit,
                c.message
                    .all()
                    .iter()
                    .map(|s| code(s))
                    .collect::<Vec<_>>()
                    .join(" … ")
            ));
        }
        out.push('\n');
    }
    out
}

#[test]
fn docs_bad_inputs_md_is_generated_from_the_manifest() {
    let doc = root().join("docs/bad-inputs.md");
    let want = render(&manifest());
    if std::env::var("RINGFENCE_BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(doc.parent().expect("docs dir")).expect("mkdir docs");
        std::fs::write(&doc, &want).expect("write docs/bad-inputs.md");
        return;
    }
    let have = std::fs::read_to_string(&doc).unwrap_or_default();
    assert!(
        have == want,
        "docs/bad-inputs.md is out of date with tests/bad_inputs/cases.toml; regenerate it with\n  RINGFENCE_BLESS=1 cargo test -p ringfence --test it bad_inputs"
    );
}
