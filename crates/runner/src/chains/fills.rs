//! Chain outputs of a run: per scenario, the fills counted by
//! [`ChainMarket`](ringfence_strategy::market::chain::ChainMarket) and the entries priced at
//! a chain quote with the model's price beside it; joined at the end of the run into
//! `fills.csv` and `chain_fills.csv` ([`ringfence_schema::columns::FILLS`],
//! [`ringfence_schema::columns::CHAIN_FILLS`]).
//!
//! Each scenario's rows go to `chains/<id>.fills.csv` and `chains/<id>.counts.csv` as it
//! finishes (atomically, like its daily file), so a resumed run keeps them.

use std::io::Write;
use std::path::{Path, PathBuf};

use ringfence_schema::{columns, run_dir};
use ringfence_strategy::market::chain::{ChainFills, FillRecord};

use crate::error::{Result, RunnerError};
use crate::output::atomic;
use crate::scenario::num;

/// The per-scenario chain directory of run directory `out`.
pub fn chains_dir(out: &Path) -> PathBuf {
    out.join(run_dir::CHAINS_DIR)
}

fn files(dir: &Path, id: &str) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("{id}.fills.csv")),
        dir.join(format!("{id}.counts.csv")),
    )
}

/// Write scenario `id`'s chain files into `dir`.
///
/// # Errors
/// [`RunnerError::Io`] naming the file.
pub fn write_scenario(dir: &Path, id: &str, f: &ChainFills, records: &[FillRecord]) -> Result<()> {
    atomic::create_dir_all(dir)?;
    let (fills, counts) = files(dir, id);
    atomic::write_with(&fills, |w| {
        for r in records {
            let mid = 0.5 * (r.bid + r.ask);
            let dte = (r.expiry - r.date).num_days();
            writeln!(
                w,
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
            )?;
        }
        Ok(())
    })?;
    atomic::write_with(&counts, |w| {
        writeln!(
            w,
            "{id},{},{},{},{},{},{},{},{}",
            f.entries_chain,
            f.entries_model_contract,
            f.entries_model_day,
            f.marks_chain,
            f.marks_model_contract,
            f.marks_model_day,
            f.strikes_chain,
            f.strikes_model
        )
    })
}

/// Join the per-scenario files of `ids` (in that order) into `out/fills.csv` and
/// `out/chain_fills.csv`; a scenario without files (failed) has no rows.
///
/// # Errors
/// [`RunnerError::Io`] naming the file.
pub fn join<'a>(out: &Path, ids: impl Iterator<Item = String> + Clone + 'a) -> Result<()> {
    let dir = chains_dir(out);
    for (name, header, pick) in [
        (run_dir::FILLS_CSV, &columns::FILLS[..], 0),
        (run_dir::CHAIN_FILLS_CSV, &columns::CHAIN_FILLS[..], 1),
    ] {
        let ids = ids.clone();
        atomic::write_with(&out.join(name), |w| {
            writeln!(w, "{}", header.join(","))?;
            for id in ids {
                let (a, b) = files(&dir, &id);
                let p = if pick == 0 { a } else { b };
                match std::fs::read(&p) {
                    Ok(bytes) => w.write_all(&bytes)?,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(())
        })
        .map_err(|e| match e {
            RunnerError::Io { source, .. } => RunnerError::io(out.join(name), source),
            other => other,
        })?;
    }
    Ok(())
}
