//! `ringfence run CONFIG`: expand a config into scenarios, run them in parallel, write the
//! results (see the ringfence-runner crate for every file).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ringfence_runner::{ErrorKind, Overrides, Progress, RunOptions, RunnerError, Shard};

use crate::exit::{self, Outcome};

/// Arguments of `ringfence run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Run config (TOML), e.g. configs/default.toml.
    config: PathBuf,
    /// Data directory (overrides `[data] dir`; default: the shipped set in `data/`).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Output directory (default `reports/<run name>`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the scenarios (id and label) with their count, then stop.
    #[arg(long)]
    list: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
    /// Continue an interrupted run in the same output directory.
    #[arg(long)]
    resume: bool,
    /// Write into an existing directory that is not a ringfence run.
    #[arg(long)]
    force: bool,
    /// Run shard i of N (1-based, e.g. 2/8); join the shards with `ringfence merge`.
    #[arg(long, value_name = "i/N")]
    shard: Option<String>,
    /// Do not build the charts and report.html after the run.
    #[arg(long)]
    no_report: bool,
}

/// Map a runner error to its exit code.
pub fn coded(e: RunnerError) -> anyhow::Error {
    let code = match e.kind() {
        ErrorKind::Config => exit::USAGE,
        ErrorKind::Data => exit::DATA,
        ErrorKind::Io => exit::IO,
    };
    exit::coded(code, e)
}

/// Run the command.
pub fn run(args: RunArgs) -> anyhow::Result<Outcome> {
    let shard = args
        .shard
        .as_deref()
        .map(str::parse::<Shard>)
        .transpose()
        .map_err(coded)?;
    let overrides = Overrides {
        data_dir: args.data.clone(),
        out_dir: args.out.clone(),
    };
    let plan = ringfence_runner::plan(&args.config, &overrides).map_err(coded)?;
    if args.list {
        for line in plan.listing() {
            println!("{line}");
        }
        return Ok(Outcome::Success);
    }
    let bar = Bar::new(args.quiet);
    let started = Instant::now();
    let opts = RunOptions {
        threads: args.threads,
        resume: args.resume,
        force: args.force,
        shard,
    };
    let report = ringfence_runner::execute(&plan, &opts, &bar).map_err(coded)?;
    let secs = started.elapsed().as_secs_f64();
    let rate = report.executed as f64 / secs.max(1e-9);
    let resumed = if report.resumed > 0 {
        format!(" ({} resumed)", report.resumed)
    } else if args.resume {
        " (--resume: nothing to resume, every scenario run)".to_string()
    } else {
        String::new()
    };
    println!(
        "{} scenarios{resumed} in {secs:.1} s, {rate:.1} scenarios/s, {} failures -> {}",
        report.scenarios,
        report.failures,
        report.out_dir.display()
    );
    if report.failures > 0 {
        println!(
            "see {} for the failed scenarios",
            report.out_dir.join("failures.csv").display()
        );
    }
    if report.rows.is_none() {
        println!("shard done; join the shards with `ringfence merge DIR... --out DIR`");
    } else if report.failures >= report.scenarios {
        println!("no scenario succeeded: no report built");
    } else if !args.no_report {
        report_step(&report.out_dir)?;
    }
    Ok(if report.failures > 0 {
        Outcome::ScenariosFailed
    } else {
        Outcome::Success
    })
}

/// The report step after a complete run or a merge (not after a shard): the same as
/// `ringfence report OUT_DIR`.
pub(crate) fn report_step(out_dir: &Path) -> anyhow::Result<()> {
    crate::commands::report::run(crate::commands::report::ReportArgs {
        run_dir: out_dir.to_path_buf(),
    })
    .map(|_| ())
}

/// indicatif bar on stderr, hidden with `--quiet` or when stderr is not a terminal.
struct Bar(ProgressBar);

impl Bar {
    fn new(quiet: bool) -> Bar {
        let target = if quiet || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let bar = ProgressBar::with_draw_target(Some(0), target);
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40.cyan/blue} {pos}/{len} scenarios  {per_sec}  ETA {eta}",
        ) {
            bar.set_style(style);
        }
        Bar(bar)
    }
}

impl Progress for Bar {
    fn start(&self, total: u64, done: u64) {
        self.0.set_length(total);
        self.0.set_position(done);
        self.0.reset_eta();
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
