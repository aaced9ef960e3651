//! Build every results file from chunk records.
//!
//! The same function serves a finished run (one source) and `ringfence merge` (one source
//! per shard, scenario `i` coming from shard `i mod N`), so both write the same bytes.
//! Records stream in index order; only the summary and paired tables are held in memory.
//!
//! Files: `summary.csv` / `summary.parquet` (one row per scenario and layout), `paired.csv`
//! (ring_fenced - commingled per metric, with bootstrap confidence intervals on the `full`
//! window), `bootstrap.csv` (the per-path differences), `annual.csv`, `events.csv`,
//! `ledger.csv` (when enabled) and `failures.csv`.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::atomic;
use super::chunk::{self, ChunkStore, Manifest};
use super::table::Table;
use crate::cells::Cell;
use crate::error::{Result, RunnerError};
use crate::record::{LayoutRecord, Outcome, ScenarioRecord, row_key};
use crate::scenario::{EVENTS_HEADER, LEDGER_HEADER, num};

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
    let mut events = Stream::create(&dir.join("events.csv"), EVENTS_HEADER)?;
    let mut ledger = if spec.ledger {
        Some(Stream::create(&dir.join("ledger.csv"), LEDGER_HEADER)?)
    } else {
        None
    };
    let mut failures = Stream::create(&dir.join("failures.csv"), "scenario,label,error\n")?;
    let mut annual = Stream::create(
        &dir.join("annual.csv"),
        "scenario,year,return,hedge_cost_usd,hedge_payoff_usd\n",
    )?;
    let mut boot = Stream::create(
        &dir.join("bootstrap.csv"),
        "variant,window,metric,sample,diff\n",
    )?;
    let mut summary = Table::default();
    let mut paired = Table::with_columns(&PAIRED_COLUMNS);
    let mut acc: Option<VariantAcc> = None;
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
        if acc.as_ref().is_some_and(|a| a.variant != rec.variant) {
            if let Some(a) = acc.take() {
                a.flush(&mut paired, spec.confidence);
            }
        }
        let a = acc.get_or_insert_with(|| VariantAcc::new(&rec));
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
                a.add(&rec, &mut boot)?;
            }
        }
    }
    if let Some(a) = acc.take() {
        a.flush(&mut paired, spec.confidence);
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
    summary.sort_suffix_columns("ret_");
    summary.write_csv(&dir.join("summary.csv"))?;
    summary.write_parquet(&dir.join("summary.parquet"))?;
    paired.write_csv(&dir.join("paired.csv"))?;
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

fn summary_row(rec: &ScenarioRecord, l: &LayoutRecord) -> Vec<(String, Cell)> {
    let mut row: Vec<(String, Cell)> = vec![
        ("scenario".into(), Cell::Str(rec.row_key(&l.layout))),
        ("id".into(), Cell::Str(rec.id.clone())),
        ("label".into(), Cell::Str(rec.label.clone())),
        ("variant".into(), Cell::U64(rec.variant as u64)),
    ];
    for (k, v) in &rec.params {
        row.push((k.clone(), json_cell(v)));
    }
    row.push(("window".into(), Cell::Str(rec.window.clone())));
    row.push(("start".into(), date_cell(rec.start)));
    row.push(("end".into(), date_cell(rec.end)));
    row.push((
        "path".into(),
        rec.path.map_or(Cell::Null, |p| Cell::U64(u64::from(p))),
    ));
    row.push(("layout".into(), Cell::Str(l.layout.clone())));
    row.extend(l.metrics.iter().cloned());
    for (k, v) in &l.ledger {
        row.push((format!("ledger_{k}"), v.clone()));
    }
    for (k, v) in &l.gaps {
        row.push((format!("gaps_{k}"), v.clone()));
    }
    for (y, r) in &l.annual {
        row.push((format!("ret_{y}"), Cell::F64(*r)));
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

/// Columns of `paired.csv`.
const PAIRED_COLUMNS: [&str; 13] = [
    "variant",
    "label",
    "window",
    "start",
    "end",
    "metric",
    "ring_fenced",
    "commingled",
    "diff",
    "paths",
    "ci_low",
    "ci_high",
    "ci_level",
];

/// Real-history differences of one window.
#[derive(Debug)]
struct WindowDiff {
    window: String,
    start: Option<chrono::NaiveDate>,
    end: Option<chrono::NaiveDate>,
    /// (metric, ring_fenced, commingled)
    values: Vec<(String, Option<f64>, Option<f64>)>,
}

/// Paired results of one variant, emitted when the variant's last scenario is read.
#[derive(Debug)]
struct VariantAcc {
    variant: usize,
    label: String,
    windows: Vec<WindowDiff>,
    /// Per metric: bootstrap differences across paths.
    paths: Vec<(String, Vec<f64>)>,
    n_paths: usize,
}

impl VariantAcc {
    fn new(rec: &ScenarioRecord) -> VariantAcc {
        let label = rec
            .label
            .rsplit_once(" | ")
            .map(|(v, _)| v.to_string())
            .unwrap_or_default();
        VariantAcc {
            variant: rec.variant,
            label,
            windows: Vec::new(),
            paths: Vec::new(),
            n_paths: 0,
        }
    }

    fn add(&mut self, rec: &ScenarioRecord, boot: &mut Stream) -> Result<()> {
        let layouts = rec.layouts();
        let rf = layouts.iter().find(|l| l.layout == "ring_fenced");
        let cm = layouts.iter().find(|l| l.layout == "commingled");
        let (Some(rf), Some(cm)) = (rf, cm) else {
            return Ok(());
        };
        let values: Vec<(String, Option<f64>, Option<f64>)> = rf
            .metrics
            .iter()
            .filter(|(_, c)| !matches!(c, Cell::Str(_) | Cell::Bool(_)))
            .map(|(name, c)| (name.clone(), c.as_f64(), cm.metric(name)))
            .collect();
        match rec.path {
            None => self.windows.push(WindowDiff {
                window: rec.window.clone(),
                start: rec.start,
                end: rec.end,
                values,
            }),
            Some(p) => {
                self.n_paths += 1;
                for (name, a, b) in values {
                    let (Some(a), Some(b)) = (a, b) else { continue };
                    let d = a - b;
                    boot.record(&[
                        &self.variant.to_string(),
                        "full",
                        &name,
                        &p.to_string(),
                        &num(d),
                    ])?;
                    match self.paths.iter_mut().find(|(n, _)| *n == name) {
                        Some((_, v)) => v.push(d),
                        None => self.paths.push((name, vec![d])),
                    }
                }
            }
        }
        Ok(())
    }

    fn flush(mut self, out: &mut Table, confidence: f64) {
        if self.n_paths > 0 && !self.windows.iter().any(|w| w.window == "full") {
            let values = self
                .paths
                .iter()
                .map(|(n, _)| (n.clone(), None, None))
                .collect();
            self.windows.push(WindowDiff {
                window: "full".into(),
                start: None,
                end: None,
                values,
            });
        }
        let lo_q = (1.0 - confidence) / 2.0;
        for w in &self.windows {
            for (metric, a, b) in &w.values {
                let ci = if w.window == "full" && self.n_paths > 0 {
                    self.paths.iter().find(|(n, _)| n == metric).map(|(_, d)| {
                        let mut d = d.clone();
                        d.sort_by(f64::total_cmp);
                        (percentile(&d, lo_q), percentile(&d, 1.0 - lo_q), d.len())
                    })
                } else {
                    None
                };
                let diff = match (a, b) {
                    (Some(a), Some(b)) => Cell::F64(a - b),
                    _ => Cell::Null,
                };
                let opt = |v: &Option<f64>| v.map_or(Cell::Null, Cell::F64);
                out.push_row(vec![
                    ("variant".into(), Cell::U64(self.variant as u64)),
                    ("label".into(), Cell::Str(self.label.clone())),
                    ("window".into(), Cell::Str(w.window.clone())),
                    ("start".into(), date_cell(w.start)),
                    ("end".into(), date_cell(w.end)),
                    ("metric".into(), Cell::Str(metric.clone())),
                    ("ring_fenced".into(), opt(a)),
                    ("commingled".into(), opt(b)),
                    ("diff".into(), diff),
                    ("paths".into(), Cell::U64(ci.map_or(0, |c| c.2) as u64)),
                    ("ci_low".into(), ci.map_or(Cell::Null, |c| Cell::F64(c.0))),
                    ("ci_high".into(), ci.map_or(Cell::Null, |c| Cell::F64(c.1))),
                    (
                        "ci_level".into(),
                        if ci.is_some() {
                            Cell::F64(confidence)
                        } else {
                            Cell::Null
                        },
                    ),
                ]);
            }
        }
    }
}

/// Percentile `q` in [0, 1] of sorted values, linear between order statistics (type 7).
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// A CSV file written row by row to a temporary sibling, renamed on commit.
struct Stream {
    path: PathBuf,
    tmp: PathBuf,
    w: Option<csv::Writer<BufWriter<File>>>,
}

impl Stream {
    fn create(path: &Path, header: &str) -> Result<Stream> {
        let tmp = atomic::temp_path(path);
        let mut f = BufWriter::with_capacity(
            1 << 16,
            File::create(&tmp).map_err(|e| RunnerError::io(&tmp, e))?,
        );
        f.write_all(header.as_bytes())
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

/// Row key helper re-exported for callers building file names.
pub fn daily_file(id: &str, layout: &str) -> String {
    format!("{}.csv", row_key(id, layout))
}
