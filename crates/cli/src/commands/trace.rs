//! `ringfence trace CONFIG --from D --to D`: one scenario's hedge sleeve day by day (the
//! market, each position's strikes, marks and intrinsic value, the sleeve's value and P&L,
//! the condor's P&L, what was opened, rolled, monetised or sold and why), printed and
//! written as CSV (see `ringfence_runner::trace`).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;
use ringfence_runner::trace::{TraceRequest, trace};
use ringfence_runner::{Overrides, RunnerError};

use crate::commands::run::coded;
use crate::exit::{self, Outcome};

/// Arguments of `ringfence trace`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ringfence trace configs/alvh-study.toml --data ../shared/data --from 2020-02-14 --to 2020-04-30
  ringfence trace configs/alvh-study.toml --data ../shared/data --from 2008-09-01 --to 2008-11-28 \\
      --layout ring_fenced --out /tmp/gfc.csv")]
pub struct TraceArgs {
    /// Run config (TOML), e.g. configs/alvh-study.toml.
    config: PathBuf,
    /// Data directory (overrides `[data] dir`; default: the shipped set in `data/`).
    #[arg(long)]
    data: Option<PathBuf>,
    /// First day of the trace (YYYY-MM-DD).
    #[arg(long)]
    from: NaiveDate,
    /// Last day of the trace (YYYY-MM-DD).
    #[arg(long)]
    to: NaiveDate,
    /// Scenario id (`ringfence run CONFIG --list`); default: the first window scenario
    /// (e.g. `full`) of the first variant whose window holds the range. The scenario is
    /// simulated from its window's start, so the trace starts with what it held.
    #[arg(long)]
    scenario: Option<String>,
    /// Layout: ring_fenced, commingled (the default) or hedge_only.
    #[arg(long)]
    layout: Option<String>,
    /// CSV file to write (default `trace_<scenario>_<layout>_<from>_<to>.csv` in the
    /// current directory).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write the CSV only; print nothing but its path.
    #[arg(long)]
    quiet: bool,
}

/// Run the command.
pub fn run(args: TraceArgs) -> anyhow::Result<Outcome> {
    let overrides = Overrides {
        data_dir: args.data.clone(),
        out_dir: None,
    };
    let plan = ringfence_runner::plan(&args.config, &overrides).map_err(coded)?;
    let req = TraceRequest {
        scenario: args.scenario.clone(),
        layout: args.layout.clone(),
        from: args.from,
        to: args.to,
    };
    let t = trace(&plan, &req).map_err(coded)?;
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(format!(
            "trace_{}_{}_{}_{}.csv",
            t.scenario, t.layout, args.from, args.to
        ))
    });
    let file = std::fs::File::create(&out).map_err(|e| {
        coded(RunnerError::Io {
            path: out.clone(),
            source: e,
        })
    })?;
    t.write_csv(std::io::BufWriter::new(file)).map_err(|e| {
        exit::coded(
            exit::IO,
            RunnerError::Io {
                path: out.clone(),
                source: e,
            },
        )
    })?;
    if !args.quiet {
        for line in t.lines() {
            println!("{line}");
        }
    }
    println!("{} days -> {}", t.days.len(), out.display());
    Ok(Outcome::Success)
}
