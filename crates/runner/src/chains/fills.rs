//! Chain outputs of a run: per scenario, the fills counted by [`ChainMarket`] and every
//! option leg traded on a chain day with the model's price beside the chain's; joined at
//! the end of the run into `fills.csv` and `chain_fills.csv`
//! ([`ringfence_schema::columns::FILLS`], [`ringfence_schema::columns::CHAIN_FILLS`]).
//!
//! The rows of a chunk of scenarios go to `chains/<chunk>.fills.csv` and
//! `chains/<chunk>.counts.csv` (atomically, before the chunk itself), so a resumed run keeps
//! them; two files per chunk, not per scenario (file creation is what a sweep of short
//! scenarios would pay for).

use std::io::Write;
use std::path::{Path, PathBuf};

use ringfence_pricing::OptionRight;
use ringfence_schema::{columns, run_dir};
use ringfence_strategy::instrument::Instrument;
use ringfence_strategy::market::chain::{ChainMarket, PriceCheck};
use ringfence_strategy::{Market, SimResult, Trade};

use std::collections::VecDeque;

use crate::error::{Result, RunnerError};
use crate::output::{Source, atomic};
use crate::scenario::num;

/// The per-scenario chain directory of run directory `out`.
pub fn chains_dir(out: &Path) -> PathBuf {
    out.join(run_dir::CHAINS_DIR)
}

fn files(dir: &Path, chunk: usize) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("{chunk:06}.fills.csv")),
        dir.join(format!("{chunk:06}.counts.csv")),
    )
}

/// Scenario `id`'s rows of `fills.csv` and `chain_fills.csv` (no header): every option
/// leg its layouts traded on a day the chain store has (entries, exits, rolls,
/// monetisations, liquidations), with the model's mid beside the chain's quote (`source`
/// `model` and empty chain columns where the day's chain lacks the contract), and the fills
/// `market` counted. Trades on days without chain are counted, not listed.
pub fn rows(id: &str, market: &ChainMarket<'_>, sim: &SimResult) -> (Vec<u8>, Vec<u8>) {
    let dates = &market.history().dates;
    let mut fills = Vec::new();
    for lr in &sim.layouts {
        for t in &lr.trades {
            let Ok(day) = dates.binary_search(&t.date) else {
                continue;
            };
            if !market.has_day(day) {
                continue;
            }
            let Some(check) = market.price_check(day, &t.instrument) else {
                continue;
            };
            trade_row(&mut fills, id, lr.layout.name(), t, &check);
        }
    }
    let f = market.fills();
    let mut counts = Vec::new();
    let _ = writeln!(
        counts,
        "{id},{},{},{},{},{},{},{},{},{},{}",
        f.entries_chain,
        f.entries_model_contract,
        f.entries_model_day,
        f.marks_chain,
        f.marks_model_contract,
        f.marks_model_day,
        f.strikes_chain,
        f.strikes_model,
        f.entries_carried,
        f.marks_carried
    );
    (fills, counts)
}

/// One row of `fills.csv` ([`columns::FILLS`]).
fn trade_row(out: &mut Vec<u8>, id: &str, layout: &str, t: &Trade, c: &PriceCheck) {
    let (product, expiry) = match t.instrument {
        Instrument::SpxOption { expiry, .. } => ("SPX", expiry.date),
        Instrument::VixOption { expiry, .. } => ("VIX", expiry),
        _ => return,
    };
    let (Some(right), Some(strike)) = (t.instrument.right(), t.instrument.strike()) else {
        return;
    };
    let chain = match c.chain {
        Some(q) => format!(
            "chain,{},{},{},{},{},{},{},{}",
            num(c.model),
            num(q.bid),
            num(q.ask),
            num(q.mid()),
            num(c.model - q.mid()),
            num(c.quoted_underlying),
            num(c.chain_at_close),
            num(c.model - c.chain_at_close)
        ),
        None => format!("model,{},,,,,,,", num(c.model)),
    };
    let _ = writeln!(
        out,
        "{id},{layout},{},{},{},{product},{expiry},{},{},{},{},{},{},{},{},{chain}",
        t.account,
        t.date,
        t.kind.name(),
        if right == OptionRight::Put { "P" } else { "C" },
        num(strike),
        num(t.contracts),
        num(c.index),
        num(strike / c.index),
        (expiry - t.date).num_days(),
        num(c.vix),
        num(t.price),
    );
}

/// Write chunk `chunk`'s rows (its scenarios in index order) into `dir`, atomically.
///
/// # Errors
/// [`RunnerError::Io`] naming the file.
pub fn write_chunk(dir: &Path, chunk: usize, fills: &[u8], counts: &[u8]) -> Result<()> {
    atomic::create_dir_all(dir)?;
    let (f, c) = files(dir, chunk);
    atomic::write_bytes(&f, fills)?;
    atomic::write_bytes(&c, counts)
}

/// Join the chunk files `0..chunks` into `out/fills.csv` and `out/chain_fills.csv`; a chunk
/// without files (no scenario of it ran with chains) has no rows.
///
/// # Errors
/// [`RunnerError::Io`] naming the file.
pub fn join(out: &Path, chunks: usize) -> Result<()> {
    let dir = chains_dir(out);
    for (name, header, pick) in [
        (run_dir::FILLS_CSV, &columns::FILLS[..], 0),
        (run_dir::CHAIN_FILLS_CSV, &columns::CHAIN_FILLS[..], 1),
    ] {
        atomic::write_with(&out.join(name), |w| {
            writeln!(w, "{}", header.join(","))?;
            for k in 0..chunks {
                let (a, b) = files(&dir, k);
                let p = if pick == 0 { a } else { b };
                match std::fs::read(&p) {
                    Ok(bytes) => w.write_all(&bytes)?,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// Rows of chain chunk files: (scenario id, line with its newline), in file order.
type Lines = VecDeque<(String, Vec<u8>)>;

/// The rows of every chunk file of one kind (`pick` 0: fills, 1: counts) of run or shard
/// directory `run`, in chunk order, as (scenario id, line with its newline).
fn chunk_lines(run: &Path, chunks: usize, pick: usize) -> Result<Lines> {
    let dir = chains_dir(run);
    let mut out = VecDeque::new();
    for k in 0..chunks {
        let (a, b) = files(&dir, k);
        let p = if pick == 0 { a } else { b };
        let bytes = match std::fs::read(&p) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(RunnerError::io(&p, e)),
        };
        for line in bytes.split_inclusive(|b| *b == b'\n') {
            let id = line.split(|b| *b == b',').next().unwrap_or_default();
            out.push_back((String::from_utf8_lossy(id).into_owned(), line.to_vec()));
        }
    }
    Ok(out)
}

/// Join the chain files of the shards `sources` (in shard order; scenario `i` of the run is
/// in shard `i % n`, as [`crate::output::finalize()`] reads them) into `out/fills.csv` and
/// `out/chain_fills.csv`, rows in scenario order: the files an unsharded run writes.
///
/// # Errors
/// [`RunnerError::Io`] naming the file; [`RunnerError::Corrupt`] from a chunk's records.
pub fn merge(sources: &[Source], out: &Path) -> Result<()> {
    let n = sources.len().max(1);
    let mut ids: Vec<VecDeque<String>> = Vec::with_capacity(n);
    let mut rows: Vec<[Lines; 2]> = Vec::with_capacity(n);
    for s in sources {
        let chunks = s.manifest.chunks();
        let mut q = VecDeque::with_capacity(s.manifest.scenarios);
        for k in 0..chunks {
            q.extend(s.store.records(k)?.into_iter().map(|r| r.id));
        }
        ids.push(q);
        let run = s.store.dir().parent().unwrap_or(s.store.dir());
        rows.push([chunk_lines(run, chunks, 0)?, chunk_lines(run, chunks, 1)?]);
    }
    let total: usize = ids.iter().map(VecDeque::len).sum();
    let mut joined: [Vec<u8>; 2] = Default::default();
    for i in 0..total {
        let src = i % n;
        let Some(id) = ids[src].pop_front() else {
            continue;
        };
        for (pick, buf) in joined.iter_mut().enumerate() {
            let q = &mut rows[src][pick];
            while q.front().is_some_and(|(rid, _)| *rid == id) {
                let (_, line) = q.pop_front().expect("checked");
                buf.extend_from_slice(&line);
            }
        }
    }
    for (pick, (name, header)) in [
        (run_dir::FILLS_CSV, &columns::FILLS[..]),
        (run_dir::CHAIN_FILLS_CSV, &columns::CHAIN_FILLS[..]),
    ]
    .into_iter()
    .enumerate()
    {
        atomic::write_with(&out.join(name), |w| {
            writeln!(w, "{}", header.join(","))?;
            w.write_all(&joined[pick])
        })?;
    }
    Ok(())
}
