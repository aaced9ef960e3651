//! The `ringfence` command line: parses arguments, calls the library crates, prints.
//! Nothing a test would want to call lives only here.

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
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Data(cmd) => commands::data::run(cmd),
    };
    std::process::exit(exit::report(result));
}
