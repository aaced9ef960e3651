//! Chain outputs of a run: per scenario, the fills counted by
//! [`ChainMarket`](ringfence_strategy::market::chain::ChainMarket) and the entries priced at
//! a chain quote with the model's price beside it; joined at the end of the run into
//! `fills.csv` and `chain_fills.csv` ([`ringfence_schema::columns::FILLS`],
//! [`ringfence_schema::columns::CHAIN_FILLS`]).
//!
//! The rows of a chunk of scenarios go to `chains/<chunk>.fills.csv` and
//! `chains/<chunk>.counts.csv` (atomically, before the chunk itself), so a resumed run keeps
//! them; two files per chunk, not per scenario (file creation is what a sweep of short
//! scenarios would pay for).

use std::io::Write;
use std::path::{Path, PathBuf};

use ringfence_schema::{columns, run_dir};
use ringfence_strategy::market::chain::{ChainFills, FillRecord};

use crate::error::Result;
use crate::output::atomic;
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

/// Scenario `id`'s rows of `fills.csv` and `chain_fills.csv` (no header).
pub fn rows(id: &str, f: &ChainFills, records: &[FillRecord]) -> (Vec<u8>, Vec<u8>) {
    let mut fills = Vec::new();
    for r in records {
        let mid = 0.5 * (r.bid + r.ask);
        let dte = (r.expiry - r.date).num_days();
        let _ = writeln!(
            fills,
            "{id},{},{},{},{},{},{},{dte},{},{},{},{},{},{}",
            r.date,
            r.expiry,
            if r.right == ringfence_pricing::OptionRight::Put {
                "P"
            } else {
                "C"
            },
            num(r.strike),
            num(r.spot),
            num(r.strike / r.spot),
            num(r.vix),
            num(r.model),
            num(r.bid),
            num(r.ask),
            num(mid),
            num(r.model - mid),
        );
    }
    let mut counts = Vec::new();
    let _ = writeln!(
        counts,
        "{id},{},{},{},{},{},{},{},{}",
        f.entries_chain,
        f.entries_model_contract,
        f.entries_model_day,
        f.marks_chain,
        f.marks_model_contract,
        f.marks_model_day,
        f.strikes_chain,
        f.strikes_model
    );
    (fills, counts)
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
