//! `ringfence report RUN_DIR`: (re)build the charts and `report.html` of a run directory from
//! its output files.

use std::path::PathBuf;

use clap::Args;
use ringfence_report::ReportError;
use ringfence_report::scenario::Scenarios;

use crate::exit::{self, Outcome};

/// Arguments of `ringfence report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Run directory written by `ringfence run` (e.g. reports/default).
    pub run_dir: PathBuf,
}

/// Build the report and print where it went.
pub fn run(args: ReportArgs) -> anyhow::Result<Outcome> {
    let summary = ringfence_report::build(&args.run_dir).map_err(|e| {
        let code = match e {
            ReportError::Io { .. } | ReportError::Missing { .. } => exit::IO,
            _ => exit::DATA,
        };
        exit::coded(code, e)
    })?;
    let resampled = Scenarios::resamples_suffix(summary.resampled_paths);
    println!(
        "report: {} ({} charts; {} scenarios{resampled}, {} variants; layouts: {})",
        summary.html.display(),
        summary.charts.len(),
        summary.scenarios,
        summary.variants,
        summary.layouts.join(", ")
    );
    for note in &summary.notes {
        println!("note: {note}");
    }
    Ok(Outcome::Success)
}
