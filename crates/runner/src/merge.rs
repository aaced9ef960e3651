//! `ringfence merge`: join the shards of one run into the files an unsharded run writes.
//!
//! Checks, before writing anything: every directory is a complete shard of a ringfence run,
//! all have the same config hash (same resolved config, data files and version) and shard
//! count, and together they hold each shard exactly once. The tables are then built by the
//! same code as an unsharded run, from the shards' chunks, so the files are byte-identical;
//! daily files are copied, and a run with chains has its `fills.csv` and `chain_fills.csv`
//! joined in scenario order ([`crate::chains::fills::merge`]).

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Result, RunnerError};
use crate::output::atomic;
use crate::output::rundir::{self, Existing, RunJson};
use crate::output::{ChunkStore, Source, Spec, finalize};

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeReport {
    /// The output directory.
    pub out_dir: PathBuf,
    /// Shards merged.
    pub shards: usize,
    /// Scenarios of the run.
    pub scenarios: usize,
    /// Failed scenarios.
    pub failures: usize,
    /// Rows of `summary.csv`.
    pub rows: usize,
}

/// Merge the shard directories `dirs` into `out`.
///
/// # Errors
/// [`RunnerError::Merge`] (different configs, duplicate or missing shards, incomplete
/// shards), [`RunnerError::OutputDir`] (refused output directory), [`RunnerError::Io`] (a
/// missing shard directory, writing), [`RunnerError::Corrupt`] (a shard's run.json).
pub fn merge(dirs: &[PathBuf], out: &Path, force: bool) -> Result<MergeReport> {
    let merge_err = |message: String| RunnerError::Merge { message };
    if dirs.is_empty() {
        return Err(merge_err("no shard directory given".into()));
    }
    let mut shards: Vec<(PathBuf, RunJson)> = Vec::new();
    for d in dirs {
        let r = RunJson::read_input(d)?;
        if r.shard.is_none() {
            return Err(merge_err(format!(
                "{} is a whole run, not a shard (run with --shard i/N to make shards)",
                d.display()
            )));
        }
        if r.status != "complete" {
            return Err(merge_err(format!(
                "{} is incomplete (status {:?}); finish it with `ringfence run CONFIG --shard ... --resume`",
                d.display(),
                r.status
            )));
        }
        shards.push((d.clone(), r));
    }
    let (first_dir, first) = (&shards[0].0, &shards[0].1);
    for (d, r) in &shards[1..] {
        if r.config_hash != first.config_hash {
            return Err(merge_err(format!(
                "{} and {} come from different configs or data (config hash {} vs {}); only \
                 shards of one run can be merged",
                first_dir.display(),
                d.display(),
                &first.config_hash[..first.config_hash.len().min(12)],
                &r.config_hash[..r.config_hash.len().min(12)]
            )));
        }
    }
    let count = first.shard.map_or(1, |s| s.count);
    let mut by_index: Vec<Option<&PathBuf>> = vec![None; count];
    for (d, r) in &shards {
        let s = r.shard.unwrap_or(rundir::ShardInfo { index: 1, count });
        if s.count != count || s.index == 0 || s.index > count {
            return Err(merge_err(format!(
                "{} is shard {}/{} but {} is of {count} shards",
                d.display(),
                s.index,
                s.count,
                first_dir.display()
            )));
        }
        if let Some(other) = by_index[s.index - 1] {
            return Err(merge_err(format!(
                "shard {}/{count} appears twice: {} and {}",
                s.index,
                other.display(),
                d.display()
            )));
        }
        by_index[s.index - 1] = Some(d);
    }
    let missing: Vec<String> = by_index
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_none())
        .map(|(i, _)| format!("{}/{count}", i + 1))
        .collect();
    if !missing.is_empty() {
        return Err(merge_err(format!(
            "missing shard(s) {}; merge needs all {count}",
            missing.join(", ")
        )));
    }
    let out_abs = absolute(out);
    for d in dirs {
        if absolute(d) == out_abs {
            return Err(RunnerError::OutputDir {
                path: out.to_path_buf(),
                message: "is one of the shards being merged; choose another --out".into(),
            });
        }
    }
    let mut sources = Vec::with_capacity(count);
    for d in by_index.iter().flatten() {
        let store = ChunkStore::new(d);
        let Some(manifest) = store.manifest()? else {
            return Err(merge_err(format!(
                "{} has no chunks/manifest.json",
                d.display()
            )));
        };
        sources.push(Source { store, manifest });
    }
    let held: usize = sources.iter().map(|s| s.manifest.scenarios).sum();
    if held != first.scenarios {
        return Err(merge_err(format!(
            "the shards hold {held} scenarios but the run has {}",
            first.scenarios
        )));
    }

    rundir::refuse_symlink(out, force)?;
    match rundir::inspect(out)? {
        Existing::Foreign if !force => {
            return Err(RunnerError::OutputDir {
                path: out.to_path_buf(),
                message: "exists and is not a ringfence run directory; choose another --out \
                          or pass --force"
                    .into(),
            });
        }
        Existing::Run(_) => {
            rundir::probe_writable(out)?;
            rundir::clear_outputs(out)?;
        }
        _ => rundir::probe_writable(out)?,
    }
    let config = &first.config;
    let ledger = config
        .pointer("/output/ledger")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let confidence = config
        .pointer("/bootstrap/confidence")
        .and_then(|v| v.as_f64())
        .unwrap_or(0.95);
    let fin = finalize(
        &sources,
        &Spec {
            out_dir: out,
            total: first.scenarios,
            ledger,
            confidence,
        },
    )?;
    if config.pointer("/data/chains").is_some_and(|v| !v.is_null()) {
        crate::chains::fills::merge(&sources, out)?;
    }
    for d in by_index.iter().flatten() {
        copy_daily(&rundir::daily_dir(d), &rundir::daily_dir(out))?;
    }
    let mut merged = first.clone();
    merged.shard = None;
    merged.status = "complete".into();
    merged.failures = Some(fin.failures);
    merged.write(out)?;
    Ok(MergeReport {
        out_dir: out.to_path_buf(),
        shards: count,
        scenarios: first.scenarios,
        failures: fin.failures,
        rows: fin.rows,
    })
}

fn absolute(p: &Path) -> PathBuf {
    fs::canonicalize(p).unwrap_or_else(|_| std::path::absolute(p).unwrap_or(p.to_path_buf()))
}

fn copy_daily(from: &Path, to: &Path) -> Result<()> {
    let Ok(rd) = fs::read_dir(from) else {
        return Ok(());
    };
    atomic::create_dir_all(to)?;
    let mut names: Vec<PathBuf> = Vec::new();
    for e in rd {
        let e = e.map_err(|e| RunnerError::io(from, e))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".csv") && !atomic::is_temp_name(&name) {
            names.push(e.path());
        }
    }
    names.sort();
    for src in names {
        let Some(name) = src.file_name() else {
            continue;
        };
        let dst = to.join(name);
        let tmp = atomic::temp_path(&dst);
        fs::copy(&src, &tmp).map_err(|e| RunnerError::io(&src, e))?;
        fs::rename(&tmp, &dst).map_err(|e| RunnerError::io(&dst, e))?;
    }
    Ok(())
}
