//! `ringfence data check` and `ringfence data synth`.

use std::path::PathBuf;

use clap::Subcommand;

use crate::exit::Outcome;

/// Data subcommands.
#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Validate data files and report quirks, gaps, fills and errors.
    Check {
        /// Data directory (default: the shipped synthetic set in `data/`).
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Only these files (default: every recognised file under `--data`).
        files: Vec<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Run a data subcommand.
pub fn run(cmd: DataCommand) -> anyhow::Result<Outcome> {
    match cmd {
        DataCommand::Check { .. } => anyhow::bail!("not implemented yet"),
    }
}
