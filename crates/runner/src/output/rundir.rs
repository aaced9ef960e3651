//! The run directory: `run.json`, and the checks before anything is written into it.
//!
//! A directory is "a ringfence run" when it holds a `run.json` with `"tool": "ringfence"`.
//! Anything else that exists and is not empty is refused without `--force`, so a typo in
//! `--out` cannot scribble over someone's files. All checks happen before the first write.

use std::fs;
use std::path::{Path, PathBuf};

use ringfence_schema::run_dir as names;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::atomic;
use super::chunk::ChunkStore;
use crate::error::{Result, RunnerError};
use crate::window::Window;

/// File name of the run description.
pub const RUN_JSON: &str = names::RUN_JSON;

/// Files and directories the runner writes in a run directory (removed before a fresh run
/// into an existing run directory).
pub const OUTPUTS: [&str; 11] = [
    names::SUMMARY_CSV,
    names::SUMMARY_PARQUET,
    names::PAIRED_CSV,
    names::BOOTSTRAP_CSV,
    names::ANNUAL_CSV,
    names::EVENTS_CSV,
    names::LEDGER_CSV,
    names::FAILURES_CSV,
    names::DAILY_DIR,
    names::CHUNKS_DIR,
    RUN_JSON,
];

/// Shard of a run: `index` of `count`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// 1-based shard index.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

/// Contents of `run.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunJson {
    /// Always [`names::TOOL`] (`ringfence`): marks the directory as a run directory.
    pub tool: String,
    /// Run-directory format version.
    pub format_version: u32,
    /// ringfence version.
    pub version: String,
    /// Run name.
    pub name: String,
    /// Seed.
    pub seed: u64,
    /// SHA-256 of the resolved config (without paths), the data file hashes and the version.
    pub config_hash: String,
    /// `running` until every table is written, then `complete`.
    pub status: String,
    /// Scenarios of the whole run (all shards).
    pub scenarios: usize,
    /// Layouts, in row order.
    pub layouts: Vec<String>,
    /// Failed scenarios (when complete).
    pub failures: Option<usize>,
    /// This directory's shard, `None` for a whole run or a merge.
    pub shard: Option<ShardInfo>,
    /// Data directory, date range and files with their hashes.
    pub data: Json,
    /// Stress episodes inside the data and custom windows, for reports.
    pub windows: Vec<Window>,
    /// The windows scenarios run on, in scenario order.
    pub scenario_windows: Vec<Window>,
    /// Stress episodes of the `stress` group skipped as outside the data.
    pub skipped_windows: Vec<Window>,
    /// Swept keys and their values.
    pub sweep: serde_json::Map<String, Json>,
    /// The resolved config.
    pub config: Json,
}

impl RunJson {
    /// Pretty JSON with a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = serde_json::to_vec_pretty(self).unwrap_or_default();
        b.push(b'\n');
        b
    }

    /// Write `dir/run.json` atomically.
    ///
    /// # Errors
    /// [`RunnerError::Io`].
    pub fn write(&self, dir: &Path) -> Result<()> {
        atomic::write_bytes(&dir.join(RUN_JSON), &self.to_bytes())
    }

    /// Read `dir/run.json`.
    ///
    /// # Errors
    /// [`RunnerError::OutputDir`] when missing or not a ringfence run description.
    pub fn read(dir: &Path) -> Result<RunJson> {
        let p = dir.join(RUN_JSON);
        let bytes = fs::read(&p).map_err(|e| RunnerError::OutputDir {
            path: dir.to_path_buf(),
            message: format!("not a ringfence run directory (cannot read run.json: {e})"),
        })?;
        let r: RunJson = serde_json::from_slice(&bytes).map_err(|e| RunnerError::OutputDir {
            path: dir.to_path_buf(),
            message: format!("not a ringfence run directory (run.json: {e})"),
        })?;
        if r.tool != names::TOOL || r.format_version != names::FORMAT_VERSION {
            return Err(RunnerError::OutputDir {
                path: dir.to_path_buf(),
                message: format!(
                    "run.json is not a ringfence run description of format {} (tool {:?}, format {})",
                    names::FORMAT_VERSION,
                    r.tool,
                    r.format_version
                ),
            });
        }
        Ok(r)
    }
}

impl RunJson {
    /// Read the `run.json` of an input run directory (a shard given to `merge`): a missing
    /// or unreadable file is an I/O error, like a missing run directory for
    /// `ringfence report`; one that does not describe a ringfence run is corrupt.
    ///
    /// # Errors
    /// [`RunnerError::Io`], [`RunnerError::Corrupt`].
    pub fn read_input(dir: &Path) -> Result<RunJson> {
        let p = dir.join(RUN_JSON);
        if !dir.is_dir() {
            let e = std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "missing (expected a run directory written by `ringfence run`)",
            );
            return Err(RunnerError::io(dir, e));
        }
        fs::read(&p).map_err(|e| RunnerError::io(&p, e))?;
        RunJson::read(dir).map_err(|e| RunnerError::Corrupt {
            path: p,
            message: match e {
                RunnerError::OutputDir { message, .. } => message,
                other => other.to_string(),
            },
        })
    }
}

/// What is already in the output directory.
#[derive(Debug)]
pub enum Existing {
    /// Nothing (missing or empty directory).
    Nothing,
    /// A ringfence run.
    Run(Box<RunJson>),
    /// Something else.
    Foreign,
}

/// Inspect `dir` without changing it.
///
/// # Errors
/// [`RunnerError::OutputDir`] when `dir` is a file; [`RunnerError::Io`] when it cannot be
/// listed.
pub fn inspect(dir: &Path) -> Result<Existing> {
    match fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Nothing),
        Err(e) => return Err(RunnerError::io(dir, e)),
        Ok(m) if !m.is_dir() => {
            return Err(RunnerError::OutputDir {
                path: dir.to_path_buf(),
                message: "exists and is not a directory".into(),
            });
        }
        Ok(_) => {}
    }
    // Temporary files of a process killed before it wrote run.json do not make the
    // directory foreign.
    let mut entries = fs::read_dir(dir).map_err(|e| RunnerError::io(dir, e))?;
    let only_temps =
        entries.all(|e| e.is_ok_and(|e| atomic::is_temp_name(&e.file_name().to_string_lossy())));
    if only_temps {
        return Ok(Existing::Nothing);
    }
    Ok(match RunJson::read(dir) {
        Ok(r) => Existing::Run(Box::new(r)),
        Err(_) => Existing::Foreign,
    })
}

/// Refuse an output directory that is itself a symbolic link, unless `force`.
///
/// A run clears its earlier outputs (`summary.csv`, `daily/`, `chunks/`, ...) before it
/// starts over, so writing through a link would delete and replace files wherever the link
/// points, out of sight of the path the user typed. Only the last component is checked: a
/// link higher up (`/tmp` -> `/private/tmp`) is the user's own layout.
///
/// # Errors
/// [`RunnerError::OutputDir`] naming the link and its target.
pub fn refuse_symlink(dir: &Path, force: bool) -> Result<()> {
    let is_link = fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link || force {
        return Ok(());
    }
    let target = fs::read_link(dir)
        .map(|t| t.display().to_string())
        .unwrap_or_else(|_| "?".into());
    Err(RunnerError::OutputDir {
        path: dir.to_path_buf(),
        message: format!(
            "is a symbolic link (to {target}); the output directory must be a real \
             directory: pass the target itself as --out, or --force to write through the link"
        ),
    })
}

/// Remove the temporary files a killed process left in the run directory and in its
/// `daily/` folder (those of `chunks/` go in [`ChunkStore::init`]).
///
/// # Errors
/// [`RunnerError::Io`] when a directory cannot be listed.
pub fn remove_temps(dir: &Path) -> Result<()> {
    atomic::remove_temps(dir)?;
    atomic::remove_temps(&daily_dir(dir))
}

/// Check that `dir` can be written (creating it if needed) by writing and removing a
/// probe file.
///
/// # Errors
/// [`RunnerError::Io`] naming the directory.
pub fn probe_writable(dir: &Path) -> Result<()> {
    atomic::create_dir_all(dir)?;
    let probe = atomic::temp_path(&dir.join("probe"));
    fs::write(&probe, b"").map_err(|e| RunnerError::io(dir, e))?;
    let _ = fs::remove_file(&probe);
    Ok(())
}

/// Remove the runner's outputs from a run directory (before a fresh run into it).
///
/// # Errors
/// [`RunnerError::Io`].
pub fn clear_outputs(dir: &Path) -> Result<()> {
    for name in OUTPUTS {
        let p = dir.join(name);
        let res = if p.is_dir() {
            fs::remove_dir_all(&p)
        } else if p.exists() {
            fs::remove_file(&p)
        } else {
            Ok(())
        };
        res.map_err(|e| RunnerError::io(&p, e))?;
    }
    atomic::remove_temps(dir)
}

/// The `daily/` directory.
pub fn daily_dir(dir: &Path) -> PathBuf {
    dir.join(names::DAILY_DIR)
}

/// The chunk store of a run directory.
pub fn chunks(dir: &Path) -> ChunkStore {
    ChunkStore::new(dir)
}
