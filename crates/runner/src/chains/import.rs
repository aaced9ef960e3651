//! `ringfence data import-chains`: end-of-day chain files into the store
//! ([`super::store`]), streaming, validated, resumable.
//!
//! - Streaming: a source is read row by row and only the current quote date's rows are
//!   held; each finished day is written to the source's staging directory. Memory is
//!   bounded by the largest day of one source, whatever the file size.
//! - No partial output: a source that fails (a file it cannot read, a value it cannot
//!   parse) leaves nothing in the store; its staging directory is removed. A source that
//!   succeeds has its days moved into place, then is recorded in `manifest.json`.
//! - Resumable: a source already in the manifest with the same size and modification time
//!   is skipped (its counts are reported again); an interrupted import is resumed by
//!   running the same command again. Re-importing a changed source replaces its files.
//! - Validation: every row is checked ([`ringfence_data::chains::check`]) and counted per
//!   defect.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ringfence_data::chains::{ChainDefects, ChainFormat, ChainReader, DayValidator};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::store;
use crate::error::{Result, RunnerError};

/// Name of the manifest of a store.
pub const MANIFEST: &str = "manifest.json";

/// Progress of an import, for a progress bar.
pub trait ImportProgress {
    /// Starting source `path` of `bytes` bytes.
    fn source(&self, path: &Path, bytes: u64);
    /// `bytes` of the current source read so far.
    fn advance(&self, bytes: u64);
}

/// No progress output.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl ImportProgress for NoProgress {
    fn source(&self, _: &Path, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// One imported source in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceEntry {
    /// The path as given.
    pub path: PathBuf,
    /// Its layout.
    pub format: ChainFormat,
    /// Size in bytes when imported.
    pub bytes: u64,
    /// Modification time when imported, seconds since the epoch.
    pub modified: u64,
    /// Quote dates it supplied.
    pub dates: Vec<NaiveDate>,
    /// Its counts.
    pub counts: ChainDefects,
}

/// The store's record of what it holds, by source id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Store layout version.
    pub version: u32,
    /// Imported sources by id.
    pub sources: BTreeMap<String, SourceEntry>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    /// Per source: path, layout, counts, and whether it was skipped as already imported.
    pub sources: Vec<(PathBuf, ChainFormat, ChainDefects, bool)>,
    /// Counts over every source.
    pub total: ChainDefects,
    /// Quote dates the store holds after the import (every source's kept dates, each
    /// once; a date dropped whole, such as a holiday, is read but not held).
    pub store_days: usize,
}

impl ImportReport {
    /// A human-readable report: one block per source, then the totals.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for (p, f, c, resumed) in &self.sources {
            let note = if *resumed {
                " (already imported, skipped)"
            } else {
                ""
            };
            s.push_str(&format!(
                "{} [{}]{note}: {}",
                p.display(),
                f.name(),
                c.render()
            ));
        }
        s.push_str(&format!("total: {}", self.total.render()));
        s.push_str(&format!(
            "the store holds {} quote dates\n",
            self.store_days
        ));
        s
    }
}

/// The manifest of store `out` (an empty one when the store has none yet).
///
/// # Errors
/// [`RunnerError::Corrupt`] for a manifest that is not one; [`RunnerError::Io`].
pub(crate) fn read_manifest(out: &Path) -> Result<Manifest> {
    let path = out.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| RunnerError::Corrupt {
            path,
            message: format!("not a chain store manifest: {e}"),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest {
            version: 1,
            ..Manifest::default()
        }),
        Err(e) => Err(RunnerError::io(path, e)),
    }
}

/// A stable id of a source: its file stem and 8 hex digits of its absolute path's hash.
fn source_id(path: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let hash = Sha256::digest(abs.to_string_lossy().as_bytes());
    let stem: String = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "{stem}-{:02x}{:02x}{:02x}{:02x}",
        hash[0], hash[1], hash[2], hash[3]
    )
}

fn fingerprint(path: &Path) -> Result<(u64, u64)> {
    let meta = std::fs::metadata(path).map_err(|e| RunnerError::io(path, e))?;
    if !meta.is_file() {
        return Err(RunnerError::Data(ringfence_data::DataError::File {
            path: path.to_path_buf(),
            message: "not a regular file".into(),
        }));
    }
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    Ok((meta.len(), modified))
}

/// Import `sources` (chain files; `format` `None` = detect each from its header) into the
/// store `out` (created if missing).
///
/// Every source is opened and its header checked first: a missing or unreadable file or
/// an unknown layout fails before anything is written. A store directory this call
/// created is removed again when nothing could be imported into it.
///
/// # Errors
/// The first source that cannot be read or parsed ([`RunnerError::Data`] naming the file,
/// line and column), or a write error; sources imported before it stay imported (and are
/// skipped when the command is run again).
pub fn import(
    sources: &[PathBuf],
    format: Option<ChainFormat>,
    out: &Path,
    progress: &dyn ImportProgress,
) -> Result<ImportReport> {
    // Every source readable and of a known layout before anything is written.
    for src in sources {
        fingerprint(src)?;
        ChainReader::open(src, format)?;
    }
    let created = !out.exists();
    std::fs::create_dir_all(out).map_err(|e| RunnerError::io(out, e))?;
    let result = import_into(sources, format, out, progress);
    if result.is_err() && created && !out.join(MANIFEST).exists() {
        // Nothing was imported into the store this call made: leave no directory behind.
        let _ = std::fs::remove_dir_all(out);
    }
    result
}

fn import_into(
    sources: &[PathBuf],
    format: Option<ChainFormat>,
    out: &Path,
    progress: &dyn ImportProgress,
) -> Result<ImportReport> {
    let mut manifest = read_manifest(out)?;
    let mut report = ImportReport::default();
    for src in sources {
        let (bytes, modified) = fingerprint(src)?;
        let id = source_id(src);
        if let Some(e) = manifest.sources.get(&id)
            && e.bytes == bytes
            && e.modified == modified
        {
            report.total.add(&e.counts);
            report
                .sources
                .push((src.clone(), e.format, e.counts.clone(), true));
            continue;
        }
        progress.source(src, bytes);
        let staging = out.join(format!(".staging-{id}"));
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir_all(&staging).map_err(|e| RunnerError::io(&staging, e))?;
        let result = stage(src, format, &staging, progress);
        let (fmt, counts, dates) = match result {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(e);
            }
        };
        // Replace what an earlier import of this source left, then move the days in.
        if let Some(old) = manifest.sources.get(&id) {
            for d in &old.dates {
                let _ = std::fs::remove_file(
                    store::partition_dir(out, *d).join(format!("{id}.parquet")),
                );
            }
        }
        for d in &dates {
            let part = store::partition_dir(out, *d);
            std::fs::create_dir_all(&part).map_err(|e| RunnerError::io(&part, e))?;
            let from = staging.join(format!("{d}.parquet"));
            let to = part.join(format!("{id}.parquet"));
            std::fs::rename(&from, &to).map_err(|e| RunnerError::io(&to, e))?;
        }
        let _ = std::fs::remove_dir_all(&staging);
        manifest.sources.insert(
            id,
            SourceEntry {
                path: src.clone(),
                format: fmt,
                bytes,
                modified,
                dates,
                counts: counts.clone(),
            },
        );
        let text = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
        crate::output::atomic::write_bytes(&out.join(MANIFEST), text.as_bytes())?;
        report.total.add(&counts);
        report.sources.push((src.clone(), fmt, counts, false));
    }
    report.store_days = manifest
        .sources
        .values()
        .flat_map(|e| e.dates.iter())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    Ok(report)
}

/// Read one source into `staging/<date>.parquet` files, one per quote date with rows.
fn stage(
    src: &Path,
    format: Option<ChainFormat>,
    staging: &Path,
    progress: &dyn ImportProgress,
) -> Result<(ChainFormat, ChainDefects, Vec<NaiveDate>)> {
    let mut reader = ChainReader::open(src, format)?;
    let mut counts = ChainDefects::default();
    let mut written: HashSet<NaiveDate> = HashSet::new();
    let mut day: Option<DayValidator> = None;
    let mut n = 0u64;
    let flush = |v: DayValidator,
                 counts: &mut ChainDefects,
                 written: &mut HashSet<NaiveDate>|
     -> Result<()> {
        let date = v.date();
        let (rows, c) = v.finish();
        counts.add(&c);
        if !rows.is_empty() {
            store::write_day(&staging.join(format!("{date}.parquet")), &rows)?;
            written.insert(date);
        }
        Ok(())
    };
    while let Some((_, row)) = reader.next_row()? {
        n += 1;
        if n % 4096 == 0 {
            progress.advance(reader.bytes_read());
        }
        if day.as_ref().is_some_and(|d| d.date() != row.quote_date) {
            flush(day.take().expect("checked"), &mut counts, &mut written)?;
        }
        if day.is_none() {
            let mut v = DayValidator::new(row.quote_date);
            if written.contains(&row.quote_date) {
                // A date this source already wrote (rows not grouped by date): read it
                // back, so duplicates across the two runs of rows are found.
                v.counts.days = 0;
                let staged = staging.join(format!("{}.parquet", row.quote_date));
                v.preload(store::read_day(&staged, row.quote_date)?);
            }
            day = Some(v);
        }
        let v = day.as_mut().expect("set above");
        v.push(row);
    }
    if let Some(v) = day.take() {
        flush(v, &mut counts, &mut written)?;
    }
    progress.advance(reader.bytes_read());
    let mut dates: Vec<NaiveDate> = written.into_iter().collect();
    dates.sort();
    Ok((reader.format(), counts, dates))
}
