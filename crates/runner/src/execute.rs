//! Execute a plan: rayon over scenarios, chunked results, resume, shards.
//!
//! Workers run scenarios in parallel on a rayon pool of `--threads` threads, sharing the
//! read-only history and market models. A collector on the calling thread gathers results
//! and writes each chunk as soon as all its scenarios are done, so a killed run loses at
//! most the chunks in flight and `--resume` continues from the written ones. Output files
//! are built from the chunks afterwards, in scenario order, so their bytes do not depend on
//! the thread count or on which scenario finished first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use rayon::prelude::*;

use crate::config::Pick;
use crate::error::{Result, RunnerError};
use crate::output::chunk::{ChunkData, chunk_size_for};
use crate::output::rundir::{self, Existing, RunJson, ShardInfo};
use crate::output::{ChunkStore, Manifest, Source, Spec, finalize};
use crate::plan::{Plan, VERSION};
use crate::record::Outcome;
use crate::scenario::{self, Markets, ScenarioOutput};

/// Receives progress while scenarios run (the CLI draws a bar).
pub trait Progress: Sync {
    /// `total` scenarios in this run or shard, `done` of them already complete (resume).
    fn start(&self, total: u64, done: u64) {
        let _ = (total, done);
    }
    /// `n` more scenarios finished.
    fn advance(&self, n: u64) {
        let _ = n;
    }
    /// All scenarios finished (tables are written next).
    fn finish(&self) {}
}

/// No progress output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}

/// `--shard i/N`: this process runs the scenarios whose index `k` has `k mod N = i - 1`.
/// `i` is 1-based (1..=N), matching Slurm array task ids; a Kubernetes Indexed Job passes
/// `$((JOB_COMPLETION_INDEX + 1))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based shard index.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl Shard {
    /// True when scenario `k` belongs to this shard.
    pub fn contains(&self, k: usize) -> bool {
        k % self.count == self.index - 1
    }
}

impl FromStr for Shard {
    type Err = RunnerError;

    fn from_str(s: &str) -> Result<Shard> {
        let usage = |message: String| RunnerError::Usage {
            option: "--shard".into(),
            message,
        };
        let Some((i, n)) = s.split_once('/') else {
            return Err(usage(format!("`{s}` is not of the form i/N (e.g. 1/4)")));
        };
        let (Ok(i), Ok(n)) = (i.trim().parse::<usize>(), n.trim().parse::<usize>()) else {
            return Err(usage(format!(
                "`{s}` is not of the form i/N with whole numbers"
            )));
        };
        if n == 0 {
            return Err(usage(format!("`{s}`: the number of shards must be >= 1")));
        }
        if i == 0 || i > n {
            return Err(usage(format!(
                "`{s}`: the shard index is 1-based and must be in 1..={n}"
            )));
        }
        Ok(Shard { index: i, count: n })
    }
}

/// How to execute.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Continue a killed run in the same directory.
    pub resume: bool,
    /// Write into an existing directory that is not a ringfence run.
    pub force: bool,
    /// Run one shard only.
    pub shard: Option<Shard>,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunReport {
    /// The output directory.
    pub out_dir: PathBuf,
    /// Scenarios of this run (of this shard when sharded).
    pub scenarios: usize,
    /// Scenarios simulated now.
    pub executed: usize,
    /// Scenarios found complete from an earlier attempt (`--resume`).
    pub resumed: usize,
    /// Failed scenarios (see `failures.csv`).
    pub failures: usize,
    /// Rows of `summary.csv` (`None` for a shard: run `ringfence merge`).
    pub rows: Option<usize>,
}

/// Output directory of a run: `--out`/`run.out` when given, else `reports/<name>`, and
/// `reports/<name>.shard-<i>-of-<N>` for a shard without an explicit directory.
pub fn out_dir(plan: &Plan, shard: Option<Shard>) -> PathBuf {
    match shard {
        Some(s) if !plan.config.out_explicit => plan.config.out_dir.with_file_name(format!(
            "{}.shard-{}-of-{}",
            plan.config.name, s.index, s.count
        )),
        _ => plan.config.out_dir.clone(),
    }
}

/// Run `plan`: prepare the output directory, simulate the pending scenarios, write the
/// tables (or, for a shard, mark it complete for `ringfence merge`).
///
/// # Errors
/// [`RunnerError::OutputDir`] (refused directory, resume of a different config),
/// [`RunnerError::Usage`] (`--threads 0`), [`RunnerError::Model`] (the market model refuses
/// the data), [`RunnerError::Io`]/[`RunnerError::Table`] when writing. Failed scenarios are
/// not errors: they are counted in the report and listed in `failures.csv`.
pub fn execute(plan: &Plan, opts: &RunOptions, progress: &dyn Progress) -> Result<RunReport> {
    let threads = match opts.threads {
        Some(0) => {
            return Err(RunnerError::Usage {
                option: "--threads".into(),
                message: "must be >= 1".into(),
            });
        }
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let out = out_dir(plan, opts.shard);
    let indices: Vec<usize> = (0..plan.count)
        .filter(|&k| opts.shard.is_none_or(|s| s.contains(k)))
        .collect();
    let manifest = Manifest {
        chunk_size: chunk_size_for(indices.len()),
        scenarios: indices.len(),
        shard: opts.shard.map(|s| (s.index, s.count)),
    };
    let store = ChunkStore::new(&out);
    // The model may refuse the data: find out before touching the output directory.
    let markets = Markets::new(plan)?;
    let resuming = prepare_dir(plan, opts, &out, &store, &manifest)?;

    let shard_info = opts.shard.map(|s| ShardInfo {
        index: s.index,
        count: s.count,
    });
    run_json(plan, shard_info, "running", None).write(&out)?;
    store.init(&manifest)?;
    let daily = rundir::daily_dir(&out);
    if plan.config.output.daily != Pick::None {
        crate::output::atomic::create_dir_all(&daily)?;
    }

    let chunks = manifest.chunks();
    let done: Vec<bool> = (0..chunks)
        .map(|k| resuming && store.is_complete(k))
        .collect();
    let pending: Vec<(usize, usize)> = indices
        .iter()
        .enumerate()
        .filter(|(pos, _)| !done[pos / manifest.chunk_size])
        .map(|(pos, &k)| (pos, k))
        .collect();
    let resumed = indices.len() - pending.len();
    progress.start(indices.len() as u64, resumed as u64);
    collect(
        plan, &markets, &pending, &manifest, &store, &daily, threads, progress,
    )?;
    progress.finish();

    let (failures, rows) = if opts.shard.is_some() {
        let mut failures = 0;
        for k in 0..chunks {
            failures += store
                .records(k)?
                .iter()
                .filter(|r| matches!(r.outcome, Outcome::Failed(_)))
                .count();
        }
        (failures, None)
    } else {
        let f = finalize(
            &[Source {
                store: store.clone(),
                manifest,
            }],
            &Spec {
                out_dir: &out,
                total: plan.count,
                ledger: plan.config.output.ledger,
                confidence: plan.config.bootstrap.confidence,
            },
        )?;
        if plan.config.chains.is_some() {
            crate::chains::fills::join(&out, chunks)?;
        }
        (f.failures, Some(f.rows))
    };
    run_json(plan, shard_info, "complete", Some(failures)).write(&out)?;
    Ok(RunReport {
        out_dir: out,
        scenarios: indices.len(),
        executed: pending.len(),
        resumed,
        failures,
        rows,
    })
}

/// Check the output directory and make it ready; returns true when resuming.
fn prepare_dir(
    plan: &Plan,
    opts: &RunOptions,
    out: &Path,
    store: &ChunkStore,
    manifest: &Manifest,
) -> Result<bool> {
    rundir::refuse_symlink(out, opts.force)?;
    let existing = rundir::inspect(out)?;
    let refuse = |message: String| RunnerError::OutputDir {
        path: out.to_path_buf(),
        message,
    };
    let resuming = match &existing {
        Existing::Foreign if !opts.force => {
            return Err(refuse(
                "exists and is not a ringfence run directory (no valid run.json); choose \
                 another --out or pass --force to write into it"
                    .into(),
            ));
        }
        Existing::Foreign | Existing::Nothing => false,
        Existing::Run(r) if opts.resume => {
            if r.config_hash != plan.config_hash {
                return Err(refuse(format!(
                    "cannot resume: this run directory was made from a different config or \
                     data (config hash {} here, {} now); run without --resume to start over \
                     or choose another --out",
                    short_hash(&r.config_hash),
                    short_hash(&plan.config_hash)
                )));
            }
            let shard = opts.shard.map(|s| ShardInfo {
                index: s.index,
                count: s.count,
            });
            if r.shard != shard {
                return Err(refuse(format!(
                    "cannot resume: the directory holds {} but this command runs {}",
                    shard_text(r.shard),
                    shard_text(shard)
                )));
            }
            match store.manifest()? {
                Some(m) if m == *manifest => true,
                Some(_) => {
                    return Err(refuse(
                        "cannot resume: its chunk layout differs from this run's".into(),
                    ));
                }
                None => false,
            }
        }
        Existing::Run(_) => false,
    };
    rundir::probe_writable(out)?;
    match existing {
        Existing::Run(_) if !resuming => rundir::clear_outputs(out)?,
        // Leftovers of a killed attempt (`.summary.csv.tmp-<pid>`, ...); a foreign
        // directory written with --force keeps everything that is not the runner's.
        Existing::Run(_) | Existing::Nothing => rundir::remove_temps(out)?,
        Existing::Foreign => {}
    }
    Ok(resuming)
}

fn shard_text(s: Option<ShardInfo>) -> String {
    s.map_or("the whole run".into(), |s| {
        format!("shard {}/{}", s.index, s.count)
    })
}

fn short_hash(h: &str) -> &str {
    &h[..h.len().min(12)]
}

/// The `run.json` of `plan`.
pub fn run_json(
    plan: &Plan,
    shard: Option<ShardInfo>,
    status: &str,
    failures: Option<usize>,
) -> RunJson {
    RunJson {
        tool: ringfence_schema::run_dir::TOOL.into(),
        format_version: ringfence_schema::run_dir::FORMAT_VERSION,
        version: VERSION.into(),
        name: plan.config.name.clone(),
        seed: plan.config.seed,
        config_hash: plan.config_hash.clone(),
        status: status.into(),
        scenarios: plan.count,
        layouts: plan
            .config
            .layouts
            .iter()
            .map(|l| l.name().to_string())
            .collect(),
        failures,
        shard,
        data: plan.data_json(),
        windows: plan.report_windows(),
        scenario_windows: plan.selection.windows.clone(),
        skipped_windows: plan.selection.skipped.clone(),
        sweep: plan.config.sweep.values_by_key(),
        config: plan.config.resolved().clone(),
    }
}

/// Partially filled chunk.
struct Pending {
    outputs: Vec<Option<ScenarioOutput>>,
    missing: usize,
}

/// Run `pending` (position in the run's order, scenario index) and write chunks as they
/// complete.
#[allow(clippy::too_many_arguments)]
fn collect(
    plan: &Plan,
    markets: &Markets<'_>,
    pending: &[(usize, usize)],
    manifest: &Manifest,
    store: &ChunkStore,
    daily: &Path,
    threads: usize,
    progress: &dyn Progress,
) -> Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| RunnerError::Usage {
            option: "--threads".into(),
            message: format!("cannot start {threads} threads: {e}"),
        })?;
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, Result<ScenarioOutput>)>();
    let size = manifest.chunk_size;
    // How many pending scenarios each chunk waits for.
    let mut open: BTreeMap<usize, Pending> = BTreeMap::new();
    for &(pos, _) in pending {
        let k = pos / size;
        let len = size.min(manifest.scenarios - k * size);
        let p = open.entry(k).or_insert_with(|| Pending {
            outputs: (0..len).map(|_| None).collect(),
            missing: 0,
        });
        p.missing += 1;
    }
    let mut first_error: Option<RunnerError> = None;
    std::thread::scope(|ts| {
        let stop = &stop;
        ts.spawn(move || {
            pool.install(|| {
                pending.par_iter().for_each_with(tx, |tx, &(pos, k)| {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let _ = tx.send((pos, scenario::run(plan, markets, k, daily)));
                });
            });
        });
        for (pos, result) in rx {
            progress.advance(1);
            let out = match result {
                Ok(o) => o,
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    first_error.get_or_insert(e);
                    continue;
                }
            };
            if first_error.is_some() {
                continue;
            }
            let k = pos / size;
            let Some(p) = open.get_mut(&k) else { continue };
            p.outputs[pos % size] = Some(out);
            p.missing -= 1;
            if p.missing == 0
                && let Some(p) = open.remove(&k)
            {
                let mut data = ChunkData::default();
                let (mut fills, mut counts, mut chains) = (Vec::new(), Vec::new(), false);
                for o in p.outputs.into_iter().flatten() {
                    data.events.extend_from_slice(&o.events);
                    data.ledger.extend_from_slice(&o.ledger);
                    data.records.push(o.record);
                    if let Some((f, c)) = o.chains {
                        fills.extend_from_slice(&f);
                        counts.extend_from_slice(&c);
                        chains = true;
                    }
                }
                // The chain rows first: a chunk on disk has its chain rows (resume).
                let dir =
                    crate::chains::fills::chains_dir(store.dir().parent().unwrap_or(store.dir()));
                let written = if chains {
                    crate::chains::fills::write_chunk(&dir, k, &fills, &counts)
                } else {
                    Ok(())
                };
                if let Err(e) = written.and_then(|()| store.write(k, &data)) {
                    stop.store(true, Ordering::Relaxed);
                    first_error.get_or_insert(e);
                }
            }
        }
    });
    match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
