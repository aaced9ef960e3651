//! `ringfence bench`: the runner's speed and memory figures on this machine.
//!
//! 1. A sweep of `--scenarios` (default 10,000) variants over the full history with the
//!    ring_fenced and commingled layouts, daily series and events off: wall time, scenarios/s
//!    and peak resident memory of the process (Linux `VmHWM`).
//! 2. The first `--speedup-scenarios` (default 400) of that sweep on 1 thread and on
//!    `--threads` threads: speed-up.
//! 3. `--paths` (default 1,000) bootstrap paths of the last `--years` (default 30) years,
//!    generated and run with both layouts.
//!
//! Run it in release on the real data: `cargo run --release -p ringfence -- bench --data
//! ../shared/data`. Output goes to a temporary directory, removed afterwards.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use ringfence_runner::{Config, Overrides, Plan, RunOptions, Silent};

use super::run::coded;
use crate::exit::Outcome;

/// Arguments of `ringfence bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Data directory (use ../shared/data for the published figures).
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Threads of the parallel runs (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Scenarios of the sweep (at least 1; rounded up to a full grid of short deltas x
    /// margin targets, e.g. 10 runs as 12).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..))]
    scenarios: u32,
    /// Scenarios of the 1-thread vs N-thread comparison (at least 1; rounded up to a full
    /// grid as `--scenarios`).
    #[arg(long, default_value_t = 400, value_parser = clap::value_parser!(u32).range(1..))]
    speedup_scenarios: u32,
    /// Bootstrap paths (at least 1).
    #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u32).range(1..))]
    paths: u32,
    /// Length of each bootstrap path in years (the last years of the data; 1 to 100).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=100))]
    years: u32,
}

/// Sweep config of `n` variants (short delta x margin target), two layouts, full history.
fn sweep_config(n: usize) -> String {
    let cols = (n as f64).sqrt().ceil().max(1.0) as usize;
    let rows = n.div_ceil(cols);
    let deltas: Vec<String> = (0..rows)
        .map(|i| format!("{:.6}", 0.05 + 0.25 * i as f64 / rows.max(1) as f64))
        .collect();
    let margins: Vec<String> = (0..cols)
        .map(|i| format!("{:.6}", 0.05 + 0.15 * i as f64 / cols.max(1) as f64))
        .collect();
    format!(
        "layouts = [\"ring_fenced\", \"commingled\"]\n\
         [run]\nname = \"bench\"\n\
         [output]\ndaily = \"none\"\nevents = \"none\"\nmax_scenarios = {}\n\
         [sweep]\n\"condor.short_delta\" = [{}]\n\"condor.margin_target\" = [{}]\n",
        n.max(1) * 2,
        deltas.join(", "),
        margins.join(", ")
    )
}

fn bootstrap_config(paths: u32, start: chrono::NaiveDate) -> String {
    format!(
        "layouts = [\"ring_fenced\", \"commingled\"]\n\
         [run]\nname = \"bench-bootstrap\"\n\
         [windows]\nselect = []\nstart = \"{start}\"\n\
         [bootstrap]\npaths = {paths}\n\
         [output]\ndaily = \"none\"\nevents = \"none\"\nmax_scenarios = {}\n",
        paths as usize + 1
    )
}

fn plan_from(text: &str, data: &Path, out: &Path) -> anyhow::Result<Plan> {
    let overrides = Overrides {
        data_dir: Some(data.to_path_buf()),
        out_dir: Some(out.to_path_buf()),
    };
    let config = Config::parse(Path::new("<bench>"), text, &overrides).map_err(coded)?;
    let history = ringfence_runner::load_history(&config).map_err(coded)?;
    Plan::new(config, history).map_err(coded)
}

fn timed_run(plan: &Plan, threads: Option<usize>) -> anyhow::Result<f64> {
    let t = Instant::now();
    let opts = RunOptions {
        threads,
        ..RunOptions::default()
    };
    ringfence_runner::execute(plan, &opts, &Silent).map_err(coded)?;
    Ok(t.elapsed().as_secs_f64())
}

/// Peak resident set size of this process in MiB (Linux), if known.
fn peak_rss_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Run the benchmarks and print the figures.
pub fn run(args: BenchArgs) -> anyhow::Result<Outcome> {
    let tmp = std::env::temp_dir().join(format!("ringfence-bench-{}", std::process::id()));
    let result = bench(&args, &tmp);
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

fn bench(args: &BenchArgs, tmp: &Path) -> anyhow::Result<Outcome> {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    println!(
        "ringfence bench: data {}, {threads} threads",
        args.data.display()
    );

    let n = args.scenarios as usize;
    let plan = plan_from(&sweep_config(n), &args.data, &tmp.join("sweep"))?;
    let days = plan.history.len();
    let secs = timed_run(&plan, Some(threads))?;
    let rss = peak_rss_mib();
    println!(
        "sweep: {} scenarios x 2 layouts over {days} days: {secs:.1} s, {:.0} scenarios/s, \
         {:.2} M account-days/s, peak RSS {}",
        plan.count,
        plan.count as f64 / secs,
        (plan.count * 2 * days) as f64 / secs / 1e6,
        rss.map_or("n/a".into(), |m| format!("{m:.0} MiB"))
    );
    drop(plan);

    let m = args.speedup_scenarios as usize;
    let plan = plan_from(&sweep_config(m), &args.data, &tmp.join("speedup"))?;
    let one = timed_run(&plan, Some(1))?;
    let many = timed_run(&plan, Some(threads))?;
    println!(
        "speed-up: {} scenarios on 1 thread {one:.2} s, on {threads} threads {many:.2} s: {:.2}x",
        plan.count,
        one / many
    );
    drop(plan);

    let probe = plan_from(&sweep_config(1), &args.data, &tmp.join("probe"))?;
    let last = probe.last_date();
    let start = last
        .checked_sub_months(chrono::Months::new(12 * args.years))
        .unwrap_or(probe.first_date())
        .max(probe.first_date());
    drop(probe);
    let plan = plan_from(
        &bootstrap_config(args.paths, start),
        &args.data,
        &tmp.join("bootstrap"),
    )?;
    let secs = timed_run(&plan, Some(threads))?;
    println!(
        "bootstrap: {} paths of {start} to {last} ({} days) x 2 layouts: {secs:.1} s, {:.0} paths/s",
        args.paths,
        plan.full.resolve(&plan.history).map_or(0, |r| r.len()),
        f64::from(args.paths) / secs
    );
    Ok(Outcome::Success)
}
