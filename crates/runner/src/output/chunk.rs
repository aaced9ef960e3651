//! Chunks: the resumable unit of a run's results.
//!
//! A run (or shard) orders its scenarios by index and cuts them into chunks of
//! `chunk_size`. When every scenario of chunk `k` is done, its directory `chunks/c<k>` is
//! written whole (temporary directory + rename): `records.jsonl` (one
//! [`ScenarioRecord`] per line, in index order), `events.csv` and `ledger.csv` (rows without
//! header; a file with no rows is not written, which keeps a big sweep with events and
//! ledger off at one file per chunk). A chunk directory that exists is complete.
//! `chunks/manifest.json` records the chunk size and the shard so that `--resume` cuts the
//! same chunks.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic;
use crate::error::{Result, RunnerError};
use crate::record::ScenarioRecord;

/// Chunk layout of a run directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Scenarios per chunk.
    pub chunk_size: usize,
    /// Scenarios of this run or shard.
    pub scenarios: usize,
    /// Shard `(i, n)` (1-based), `None` for an unsharded run.
    pub shard: Option<(usize, usize)>,
}

impl Manifest {
    /// Number of chunks.
    pub fn chunks(&self) -> usize {
        self.scenarios.div_ceil(self.chunk_size)
    }
}

/// Chunk size for `scenarios` scenarios: about 50 chunks, between 1 and 256 scenarios each,
/// so a kill loses about 2% of the work per worker thread and the chunk count stays small
/// (each chunk costs a directory and a file: with 200 chunks the file system's inode work
/// on the collector thread was ~4% of a short 2-thread sweep).
pub fn chunk_size_for(scenarios: usize) -> usize {
    (scenarios / 50).clamp(1, 256)
}

/// The contents of one finished chunk.
#[derive(Debug, Clone, Default)]
pub struct ChunkData {
    /// Records in index order.
    pub records: Vec<ScenarioRecord>,
    /// `events.csv` rows (no header).
    pub events: Vec<u8>,
    /// `ledger.csv` rows (no header).
    pub ledger: Vec<u8>,
}

/// The `chunks/` directory of a run directory.
#[derive(Debug, Clone)]
pub struct ChunkStore {
    dir: PathBuf,
}

/// File names inside a chunk directory.
pub const RECORDS: &str = "records.jsonl";
/// Event rows of a chunk.
pub const EVENTS: &str = "events.csv";
/// Ledger rows of a chunk.
pub const LEDGER: &str = "ledger.csv";

impl ChunkStore {
    /// The store under `run_dir/chunks`.
    pub fn new(run_dir: &Path) -> ChunkStore {
        ChunkStore {
            dir: run_dir.join(ringfence_schema::run_dir::CHUNKS_DIR),
        }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Directory of chunk `k`.
    pub fn chunk_dir(&self, k: usize) -> PathBuf {
        self.dir.join(format!("c{k:05}"))
    }

    /// Read the manifest, if any.
    ///
    /// # Errors
    /// [`RunnerError::Corrupt`] when it exists but does not parse.
    pub fn manifest(&self) -> Result<Option<Manifest>> {
        let p = self.dir.join("manifest.json");
        match fs::read(&p) {
            Ok(b) => serde_json::from_slice(&b)
                .map(Some)
                .map_err(|e| RunnerError::Corrupt {
                    path: p,
                    message: e.to_string(),
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(RunnerError::io(p, e)),
        }
    }

    /// Create the directory, drop leftovers of a killed process and write the manifest.
    ///
    /// # Errors
    /// [`RunnerError::Io`].
    pub fn init(&self, manifest: &Manifest) -> Result<()> {
        atomic::create_dir_all(&self.dir)?;
        atomic::remove_temps(&self.dir)?;
        let bytes = serde_json::to_vec_pretty(manifest).unwrap_or_default();
        atomic::write_bytes(&self.dir.join("manifest.json"), &bytes)
    }

    /// True when chunk `k` was written completely.
    pub fn is_complete(&self, k: usize) -> bool {
        self.chunk_dir(k).join(RECORDS).is_file()
    }

    /// Write chunk `k` atomically.
    ///
    /// # Errors
    /// [`RunnerError::Io`]; nothing of the chunk is visible then.
    pub fn write(&self, k: usize, data: &ChunkData) -> Result<()> {
        let target = self.chunk_dir(k);
        let tmp = atomic::temp_path(&target);
        let result = self.write_at(&tmp, &target, data);
        if result.is_err() {
            // Disk full or a permission error: leave no half-written temporary behind.
            let _ = fs::remove_dir_all(&tmp);
        }
        result
    }

    fn write_at(&self, tmp: &Path, target: &Path, data: &ChunkData) -> Result<()> {
        let _ = fs::remove_dir_all(tmp);
        let io = |e| RunnerError::io(tmp, e);
        fs::create_dir(tmp).map_err(io)?;
        let mut lines = Vec::new();
        for r in &data.records {
            serde_json::to_writer(&mut lines, r).map_err(|e| RunnerError::io(tmp, e.into()))?;
            lines.push(b'\n');
        }
        let write = |name: &str, bytes: &[u8]| -> std::io::Result<()> {
            let mut f = fs::File::create(tmp.join(name))?;
            f.write_all(bytes)
        };
        // Row files only when there are rows (readers take a missing one as empty).
        let write_rows = |name: &str, rows: &[u8]| -> std::io::Result<()> {
            if rows.is_empty() {
                Ok(())
            } else {
                write(name, rows)
            }
        };
        write_rows(EVENTS, &data.events).map_err(io)?;
        write_rows(LEDGER, &data.ledger).map_err(io)?;
        // records.jsonl last: its presence marks the chunk complete even without rename.
        write(RECORDS, &lines).map_err(io)?;
        let _ = fs::remove_dir_all(target);
        fs::rename(tmp, target).map_err(|e| RunnerError::io(target, e))
    }

    /// Records of chunk `k`.
    ///
    /// # Errors
    /// [`RunnerError::Io`], [`RunnerError::Corrupt`] naming the file and line.
    pub fn records(&self, k: usize) -> Result<Vec<ScenarioRecord>> {
        let p = self.chunk_dir(k).join(RECORDS);
        let f = fs::File::open(&p).map_err(|e| RunnerError::io(&p, e))?;
        let mut out = Vec::new();
        for (n, line) in BufReader::new(f).lines().enumerate() {
            let line = line.map_err(|e| RunnerError::io(&p, e))?;
            if line.is_empty() {
                continue;
            }
            let r: ScenarioRecord =
                serde_json::from_str(&line).map_err(|e| RunnerError::Corrupt {
                    path: p.clone(),
                    message: format!("line {}: {e}", n + 1),
                })?;
            out.push(r);
        }
        Ok(out)
    }

    /// Path of file `name` (`events.csv`, `ledger.csv`) of chunk `k`.
    pub fn file(&self, k: usize, name: &str) -> PathBuf {
        self.chunk_dir(k).join(name)
    }
}
