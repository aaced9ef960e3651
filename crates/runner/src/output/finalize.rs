//! Build every results file from chunk records.
//!
//! The same function serves a finished run (one source) and `ringfence merge` (one source
//! per shard, scenario `i` coming from shard `i mod N`), so both write the same bytes.
//! Records stream in index order; only the summary and paired tables are held in memory.
//!
//! Files: `summary.csv` / `summary.parquet` (one row per scenario and layout), `paired.csv`
//! (ring_fenced - commingled per metric, with bootstrap confidence intervals on the `full`
//! window, computed by [`crate::comparison`]), `bootstrap.csv` (the per-path differences),
//! `annual.csv`, `events.csv`, `ledger.csv` (when enabled) and `failures.csv`. Names and
//! columns are those of `ringfence_schema`.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use ringfence_schema::columns::{self, FULL_WINDOW, header, summary};
use ringfence_schema::{metrics, run_dir};

use super::atomic;
use super::chunk::{self, ChunkStore, Manifest};
use super::table::Table;
use crate::cells::Cell;
use crate::comparison::{Comparison, PairedRow};
use crate::error::{Result, RunnerError};
use crate::record::{LayoutRecord, Outcome, ScenarioRecord};
use crate::scenario::num;

/// Chunks of one run or shard directory.
#[derive(Debug, Clone)]
pub struct Source {
    /// The directory's chunk store.
    pub store: ChunkStore,
    /// Its manifest.
    pub manifest: Manifest,
}

/// What to build.
#[derive(Debug, Clone)]
pub struct Spec<'a> {
    /// Output directory.
    pub out_dir: &'a Path,
    /// Scenarios of the whole run.
    pub total: usize,
    /// Write `ledger.csv`.
    pub ledger: bool,
    /// Confidence level of bootstrap intervals.
    pub confidence: f64,
}

/// Counts of a finished build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finalized {
    /// Failed scenarios.
    pub failures: usize,
    /// Rows of `summary.csv`.
    pub rows: usize,
}

/// Build every results file from `sources` (a single run, or the shards in shard order).
///
/// # Errors
/// [`RunnerError::Merge`] when a scenario is missing or duplicated, [`RunnerError::Corrupt`]
/// for unreadable chunks, [`RunnerError::Io`] / [`RunnerError::Table`] when writing.
pub fn finalize(sources: &[Source], spec: &Spec<'_>) -> Result<Finalized> {
    let n = sources.len().max(1);
    let mut cursors: Vec<Cursor<'_>> = sources.iter().map(Cursor::new).collect();
    let dir = spec.out_dir;
    let mut events = Stream::create(dir, run_dir::EVENTS_CSV, &columns::EVENTS)?;
    let mut ledger = if spec.ledger {
        Some(Stream::create(dir, run_dir::LEDGER_CSV, &columns::LEDGER)?)
    } else {
        None
    };
    let mut failures = Stream::create(dir, run_dir::FAILURES_CSV, &columns::FAILURES)?;
    let mut annual = Stream::create(dir, run_dir::ANNUAL_CSV, &columns::ANNUAL)?;
    let mut boot = Stream::create(dir, run_dir::BOOTSTRAP_CSV, &columns::BOOTSTRAP)?;
    let mut summary = Table::default();
    let mut paired = Table::with_columns(&columns::PAIRED);
    let mut acc: Option<Comparison> = None;
    let mut n_failures = 0;

    for i in 0..spec.total {
        let cur = &mut cursors[i % n];
        let Some(rec) = cur.next_record()? else {
            return Err(RunnerError::Merge {
                message: format!(
                    "scenario {i} is missing from {} (its chunks end early)",
                    cur.src.store.dir().display()
                ),
            });
        };
        if rec.index != i {
            return Err(RunnerError::Merge {
                message: format!(
                    "{}: expected scenario {i} but found {} ({}): duplicated or missing scenarios",
                    cur.src.store.dir().display(),
                    rec.index,
                    rec.id
                ),
            });
        }
        cur.copy_rows(Rows::Events, rec.event_rows, &mut events)?;
        match &mut ledger {
            Some(l) => cur.copy_rows(Rows::Ledger, rec.ledger_rows, l)?,
            None => cur.skip_rows(Rows::Ledger, rec.ledger_rows)?,
        }
        if acc.as_ref().is_some_and(|a| a.variant() != rec.variant) {
            if let Some(a) = acc.take() {
                push_paired(&mut paired, a, spec.confidence);
            }
        }
        let a = acc.get_or_insert_with(|| Comparison::new(&rec));
        match &rec.outcome {
            Outcome::Failed(msg) => {
                n_failures += 1;
                failures.record(&[&rec.id, &rec.label, msg])?;
            }
            Outcome::Ok(layouts) => {
                for l in layouts {
                    summary.push_row(summary_row(&rec, l));
                    write_annual(&mut annual, &rec.row_key(&l.layout), l)?;
                }
                let diffs = a.add(&rec);
                if let Some(p) = rec.path {
                    let (variant, path) = (rec.variant.to_string(), p.to_string());
                    for d in diffs {
                        boot.record(&[&variant, FULL_WINDOW, &d.metric, &path, &num(d.diff)])?;
                    }
                }
            }
        }
    }
    if let Some(a) = acc.take() {
        push_paired(&mut paired, a, spec.confidence);
    }
    for c in &mut cursors {
        if c.next_record()?.is_some() {
            return Err(RunnerError::Merge {
                message: format!(
                    "{} holds more scenarios than the run's {}",
                    c.src.store.dir().display(),
                    spec.total
                ),
            });
        }
    }
    summary.sort_suffix_columns(metrics::ANNUAL_RETURN_PREFIX);
    summary.write_csv(&dir.join(run_dir::SUMMARY_CSV))?;
    summary.write_parquet(&dir.join(run_dir::SUMMARY_PARQUET))?;
    paired.write_csv(&dir.join(run_dir::PAIRED_CSV))?;
    events.commit()?;
    if let Some(l) = ledger {
        l.commit()?;
    }
    failures.commit()?;
    annual.commit()?;
    boot.commit()?;
    Ok(Finalized {
        failures: n_failures,
        rows: summary.rows(),
    })
}

/// The rows of one variant's comparison into `paired.csv`.
fn push_paired(out: &mut Table, c: Comparison, confidence: f64) {
    for r in c.finish(confidence) {
        out.push_row(paired_cells(&r));
    }
}

/// One row of `summary.csv`, in the column order of [`columns::summary`].
pub(super) fn summary_row(rec: &ScenarioRecord, l: &LayoutRecord) -> Vec<(String, Cell)> {
    let mut row: Vec<(String, Cell)> = vec![
        (summary::SCENARIO.into(), Cell::Str(rec.row_key(&l.layout))),
        (summary::ID.into(), Cell::Str(rec.id.clone())),
        (summary::LABEL.into(), Cell::Str(rec.label.clone())),
        (summary::VARIANT.into(), Cell::U64(rec.variant as u64)),
    ];
    for (k, v) in &rec.params {
        row.push((k.clone(), json_cell(v)));
    }
    row.push((summary::WINDOW.into(), Cell::Str(rec.window.clone())));
    row.push((summary::START.into(), date_cell(rec.start)));
    row.push((summary::END.into(), date_cell(rec.end)));
    row.push((
        summary::PATH.into(),
        rec.path.map_or(Cell::Null, |p| Cell::U64(u64::from(p))),
    ));
    row.push((summary::LAYOUT.into(), Cell::Str(l.layout.clone())));
    row.extend(l.metrics.iter().cloned());
    for (k, v) in &l.ledger {
        row.push((format!("{}{k}", metrics::LEDGER_PREFIX), v.clone()));
    }
    for (k, v) in &l.gaps {
        row.push((format!("{}{k}", metrics::GAPS_PREFIX), v.clone()));
    }
    for (y, r) in &l.annual {
        row.push((
            format!("{}{y}", metrics::ANNUAL_RETURN_PREFIX),
            Cell::F64(*r),
        ));
    }
    row
}

fn date_cell(d: Option<chrono::NaiveDate>) -> Cell {
    d.map_or(Cell::Null, |d| Cell::Str(d.to_string()))
}

/// A swept value as a cell.
pub fn json_cell(v: &Json) -> Cell {
    match v {
        Json::Null => Cell::Null,
        Json::Bool(b) => Cell::Bool(*b),
        Json::Number(n) => n
            .as_u64()
            .map(Cell::U64)
            .or_else(|| n.as_i64().map(Cell::I64))
            .or_else(|| n.as_f64().map(Cell::F64))
            .unwrap_or(Cell::Null),
        Json::String(s) => Cell::Str(s.clone()),
        other => Cell::Str(other.to_string()),
    }
}

fn write_annual(out: &mut Stream, key: &str, l: &LayoutRecord) -> Result<()> {
    // A year without hedge cash flows has cost and payoff 0.
    for (y, r) in &l.annual {
        let (cost, payoff) = l
            .hedge_years
            .iter()
            .find(|h| h.0 == *y)
            .map_or((0.0, 0.0), |h| (h.1, h.2));
        out.record(&[key, &y.to_string(), &num(*r), &num(cost), &num(payoff)])?;
    }
    Ok(())
}

/// A row of `paired.csv`, in the columns of [`columns::PAIRED`].
fn paired_cells(r: &PairedRow) -> Vec<(String, Cell)> {
    let opt = |v: Option<f64>| v.map_or(Cell::Null, Cell::F64);
    let ci = r.interval;
    let cells = [
        Cell::U64(r.variant as u64),
        Cell::Str(r.label.clone()),
        Cell::Str(r.window.clone()),
        date_cell(r.start),
        date_cell(r.end),
        Cell::Str(r.metric.clone()),
        opt(r.ring_fenced),
        opt(r.commingled),
        opt(r.diff()),
        Cell::U64(ci.map_or(0, |c| c.paths) as u64),
        opt(ci.map(|c| c.low)),
        opt(ci.map(|c| c.high)),
        opt(ci.map(|c| c.level)),
    ];
    columns::PAIRED
        .iter()
        .map(|c| c.to_string())
        .zip(cells)
        .collect()
}

/// A CSV file written row by row to a temporary sibling, renamed on commit.
struct Stream {
    path: PathBuf,
    tmp: PathBuf,
    w: Option<csv::Writer<BufWriter<File>>>,
}

impl Stream {
    /// `dir/name`, starting with the header line of `columns`.
    fn create(dir: &Path, name: &str, columns: &[&str]) -> Result<Stream> {
        let path = &dir.join(name);
        let tmp = atomic::temp_path(path);
        let mut f = BufWriter::with_capacity(
            1 << 16,
            File::create(&tmp).map_err(|e| RunnerError::io(&tmp, e))?,
        );
        f.write_all(header(columns).as_bytes())
            .map_err(|e| RunnerError::io(&tmp, e))?;
        let w = csv::WriterBuilder::new()
            .has_headers(false)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(f);
        Ok(Stream {
            path: path.to_path_buf(),
            tmp,
            w: Some(w),
        })
    }

    fn record(&mut self, fields: &[&str]) -> Result<()> {
        if let Some(w) = &mut self.w {
            w.write_record(fields)
                .map_err(|e| RunnerError::io(&self.tmp, e.into()))?;
        }
        Ok(())
    }

    fn byte_record(&mut self, r: &csv::ByteRecord) -> Result<()> {
        if let Some(w) = &mut self.w {
            w.write_byte_record(r)
                .map_err(|e| RunnerError::io(&self.tmp, e.into()))?;
        }
        Ok(())
    }

    fn commit(mut self) -> Result<()> {
        if let Some(w) = self.w.take() {
            let inner = w
                .into_inner()
                .map_err(|e| RunnerError::io(&self.tmp, e.into_error()))?;
            inner
                .into_inner()
                .map_err(|e| RunnerError::io(&self.tmp, e.into_error()))?;
        }
        std::fs::rename(&self.tmp, &self.path).map_err(|e| RunnerError::io(&self.path, e))
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        if self.w.is_some() {
            self.w = None;
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Rows {
    Events,
    Ledger,
}

/// Reads one source's chunks in order.
struct Cursor<'a> {
    src: &'a Source,
    next_chunk: usize,
    records: VecDeque<ScenarioRecord>,
    events: Option<csv::Reader<BufReader<File>>>,
    ledger: Option<csv::Reader<BufReader<File>>>,
    chunk: usize,
}

impl<'a> Cursor<'a> {
    fn new(src: &'a Source) -> Cursor<'a> {
        Cursor {
            src,
            next_chunk: 0,
            records: VecDeque::new(),
            events: None,
            ledger: None,
            chunk: 0,
        }
    }

    fn next_record(&mut self) -> Result<Option<ScenarioRecord>> {
        while self.records.is_empty() {
            if self.next_chunk >= self.src.manifest.chunks() {
                return Ok(None);
            }
            let k = self.next_chunk;
            if !self.src.store.is_complete(k) {
                return Err(RunnerError::Merge {
                    message: format!(
                        "{} is incomplete (chunk {k} missing); finish it with `ringfence run ... --resume`",
                        self.src.store.dir().display()
                    ),
                });
            }
            self.records = self.src.store.records(k)?.into();
            self.events = open_rows(&self.src.store.file(k, chunk::EVENTS))?;
            self.ledger = open_rows(&self.src.store.file(k, chunk::LEDGER))?;
            self.chunk = k;
            self.next_chunk += 1;
        }
        Ok(self.records.pop_front())
    }

    fn reader(&mut self, which: Rows) -> &mut Option<csv::Reader<BufReader<File>>> {
        match which {
            Rows::Events => &mut self.events,
            Rows::Ledger => &mut self.ledger,
        }
    }

    fn copy_rows(&mut self, which: Rows, n: usize, out: &mut Stream) -> Result<()> {
        let path = self.src.store.file(self.chunk, file_name(which));
        let Some(r) = self.reader(which) else {
            return no_rows(&path, n);
        };
        let mut rec = csv::ByteRecord::new();
        for _ in 0..n {
            match r.read_byte_record(&mut rec) {
                Ok(true) => out.byte_record(&rec)?,
                Ok(false) => return Err(short(&path)),
                Err(e) => {
                    return Err(RunnerError::Corrupt {
                        path,
                        message: e.to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    fn skip_rows(&mut self, which: Rows, n: usize) -> Result<()> {
        let path = self.src.store.file(self.chunk, file_name(which));
        let Some(r) = self.reader(which) else {
            return no_rows(&path, n);
        };
        let mut rec = csv::ByteRecord::new();
        for _ in 0..n {
            if !r
                .read_byte_record(&mut rec)
                .map_err(|e| RunnerError::Corrupt {
                    path: path.clone(),
                    message: e.to_string(),
                })?
            {
                return Err(short(&path));
            }
        }
        Ok(())
    }
}

fn file_name(which: Rows) -> &'static str {
    match which {
        Rows::Events => chunk::EVENTS,
        Rows::Ledger => chunk::LEDGER,
    }
}

/// A chunk without the file at `path`: fine when its records announce no rows (`n == 0`),
/// corrupt otherwise.
fn no_rows(path: &Path, n: usize) -> Result<()> {
    if n == 0 {
        return Ok(());
    }
    Err(RunnerError::Corrupt {
        path: path.to_path_buf(),
        message: format!("is missing, but the chunk's records announce {n} rows"),
    })
}

fn short(path: &Path) -> RunnerError {
    RunnerError::Corrupt {
        path: path.to_path_buf(),
        message: "fewer rows than its records announce".into(),
    }
}

/// A reader of a chunk's rows; `None` when the chunk has no such file (it had no rows).
fn open_rows(path: &Path) -> Result<Option<csv::Reader<BufReader<File>>>> {
    let f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(RunnerError::io(path, e)),
    };
    Ok(Some(
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(BufReader::new(f)),
    ))
}
