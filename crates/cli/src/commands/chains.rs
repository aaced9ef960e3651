//! `ringfence data import-chains`: argument checks, a progress bar, the library import,
//! the report.

use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use ringfence_data::chains::ChainFormat;
use ringfence_runner::chains::import::MANIFEST;
use ringfence_runner::chains::{ImportProgress, import as run_import};

use crate::exit::{Outcome, usage};

/// A byte progress bar per source (hidden when stderr is not a terminal).
struct Bar(ProgressBar);

impl ImportProgress for Bar {
    fn source(&self, path: &Path, bytes: u64) {
        self.0.set_length(bytes);
        self.0.set_position(0);
        self.0.set_message(path.display().to_string());
    }
    fn advance(&self, bytes: u64) {
        self.0.set_position(bytes);
    }
}

/// Expand directories into their `.csv`, `.tsv` and `.txt` files (name order, hidden files
/// skipped).
fn expand(sources: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for s in sources {
        if s.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(s)
                .map_err(|e| anyhow::anyhow!("{}: cannot list: {e}", s.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.extension().is_some_and(|x| {
                            ["csv", "tsv", "txt"].contains(&x.to_string_lossy().as_ref())
                        })
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect();
            if files.is_empty() {
                return Err(usage(format!(
                    "{}: a directory without a chain file (.csv, .tsv or .txt) in it",
                    s.display()
                )));
            }
            files.sort();
            out.extend(files);
        } else {
            out.push(s.clone());
        }
    }
    Ok(out)
}

/// `--out` is a new or empty directory, or a chain store (a directory holding
/// `manifest.json`) to add to: never a file, nor a directory of other files, which the
/// store's partitions would be mixed into.
fn check_out(out: &Path) -> anyhow::Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(usage(format!(
            "--out {}: exists and is not a directory; give a new directory or a chain store",
            out.display()
        )));
    }
    let empty = std::fs::read_dir(out)
        .map_err(|e| anyhow::anyhow!("{}: cannot list: {e}", out.display()))?
        .next()
        .is_none();
    if empty || out.join(MANIFEST).is_file() {
        return Ok(());
    }
    Err(usage(format!(
        "--out {}: a directory that is neither empty nor a chain store (no manifest.json); \
         give a new or empty directory, or a store written by import-chains to add to",
        out.display()
    )))
}

/// Run the import and print its report.
pub fn import(format: &str, sources: &[PathBuf], out: &Path) -> anyhow::Result<Outcome> {
    let fmt = match format {
        "auto" => None,
        f => Some(ChainFormat::from_name(f).ok_or_else(|| {
            usage(format!(
                "--format: unknown layout `{f}`; accepted: auto, {}",
                ChainFormat::ALL.map(|f| f.name()).join(", ")
            ))
        })?),
    };
    let files = expand(sources)?;
    check_out(out)?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bytes}/{total_bytes} {wide_bar} {eta} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let bar = Bar(bar);
    let report = run_import(&files, fmt, out, &bar);
    bar.0.finish_and_clear();
    if report.is_err() && out.join(MANIFEST).is_file() {
        eprintln!(
            "note: {} keeps every source imported before this error (listed in its \
             manifest.json); running the command again skips them and goes on from the \
             failed source",
            out.display()
        );
    }
    let report = report?;
    print!("{}", report.render());
    println!("store: {}", out.display());
    Ok(Outcome::Success)
}
