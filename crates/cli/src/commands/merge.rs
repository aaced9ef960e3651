//! `ringfence merge DIR... --out DIR`: join the shards of one run, then build its report as
//! `ringfence run` does (unless `--no-report`).

use std::path::PathBuf;

use clap::Args;

use super::run::coded;
use crate::exit::Outcome;

/// Arguments of `ringfence merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard directories written by `ringfence run CONFIG --shard i/N`.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Output directory of the merged run.
    #[arg(long)]
    out: PathBuf,
    /// Write into an existing directory that is not a ringfence run.
    #[arg(long)]
    force: bool,
    /// Write the merged files only, not the charts and report (`ringfence report DIR`
    /// builds them later).
    #[arg(long)]
    no_report: bool,
}

/// Run the command.
pub fn run(args: MergeArgs) -> anyhow::Result<Outcome> {
    let r = ringfence_runner::merge(&args.dirs, &args.out, args.force).map_err(coded)?;
    println!(
        "merged {} shards: {} scenarios, {} summary rows, {} failures -> {}",
        r.shards,
        r.scenarios,
        r.rows,
        r.failures,
        r.out_dir.display()
    );
    if r.failures >= r.scenarios {
        println!("no scenario succeeded: no report built");
    } else if !args.no_report {
        super::run::report_step(&r.out_dir)?;
    }
    Ok(if r.failures > 0 {
        Outcome::ScenariosFailed
    } else {
        Outcome::Success
    })
}
