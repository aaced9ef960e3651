//! The `ringfence` command line: parses arguments, calls the library crates, prints.
//! Nothing a test would want to call lives only here.

#[cfg(test)]
mod args_fuzz;
mod commands;
mod exit;

use clap::{Parser, Subcommand};

/// SPX iron-condor income with a volatility hedge: ring-fenced vs commingled margin backtests.
#[derive(Debug, Parser)]
#[command(name = "ringfence", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Inspect, validate and generate daily market data.
    #[command(subcommand)]
    Data(commands::data::DataCommand),
    /// Model IVs, prices and greeks of SPX and VIX options, and the VX futures curve, on a date.
    Quote(commands::quote::QuoteArgs),
    /// Fit the market model on the real data and print the fit tables.
    #[command(subcommand)]
    Calibrate(commands::calibrate::CalibrateCommand),
    /// (Re)build the charts and report.html of a run directory from its output files.
    Report(commands::report::ReportArgs),
    /// Run a config: expand its scenarios, simulate them in parallel, write the results.
    Run(commands::run::RunArgs),
    /// Join the shard directories of one run (`run --shard i/N`) into one run directory.
    Merge(commands::merge::MergeArgs),
    /// Measure the runner's speed and memory on this machine.
    Bench(commands::bench::BenchArgs),
    /// Compare a run's month-end returns with a published index's month-end levels.
    CompareIndex(commands::compare_index::CompareIndexArgs),
    /// One scenario's hedge sleeve day by day over a date range (positions, strikes, marks,
    /// intrinsic value, P&L, what was traded and why), printed and written as CSV.
    Trace(commands::trace::TraceArgs),
}

fn main() {
    exit::exit_on_stdout_failure();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Data(cmd) => commands::data::run(cmd),
        Command::Quote(args) => commands::quote::run(args),
        Command::Calibrate(cmd) => commands::calibrate::run(cmd),
        Command::Report(args) => commands::report::run(args),
        Command::Run(args) => commands::run::run(args),
        Command::Merge(args) => commands::merge::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::CompareIndex(args) => commands::compare_index::run(args),
        Command::Trace(args) => commands::trace::run(args),
    };
    std::process::exit(exit::report(result));
}
