//! `ringfence data check` and `ringfence data synth`.

use std::path::PathBuf;

use clap::Subcommand;

use crate::exit::Outcome;

/// Data subcommands.
#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Validate data files and report quirks, gaps, fills and errors.
    ///
    /// Per file: rows, date range, duplicates, out-of-order dates, gaps against the NYSE
    /// calendar, rows on closed days, OHLC violations, non-positive values, jumps, and the
    /// fills and dropped rows of aligning the file onto the SPX calendar; then the data set
    /// (which file supplies which series, the history's span, VX merge and cross-checks).
    /// Exit status: 0 when there is no error (warnings are allowed), 1 on errors.
    #[command(after_help = "Examples:
  ringfence data check                              # the shipped synthetic set in data/
  ringfence data check --data ../shared/data        # the real data set
  ringfence data check --data ../shared/data --json > check.json
  ringfence data check my/VIX_History.csv my/spx.csv  # only these files")]
    Check {
        /// Data directory (default: the shipped synthetic set in `data/`).
        #[arg(long, conflicts_with = "files")]
        data: Option<PathBuf>,
        /// Only these files, paths as given (default: every data file under `--data`).
        files: Vec<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import end-of-day option chain files into a chain store (Parquet partitioned by
    /// quote date) for `[data] chains`.
    ///
    /// Layouts: Cboe DataShop end-of-day (SPX and VIX options), the vendor layout of
    /// `SPX_YYYYMMDD_raw.csv`, and the tab-separated OTM extract; detected from the header
    /// unless `--format` is given. Every row is validated (holiday quote dates, expiries
    /// before the quote date, negative, crossed and zero-bid quotes, strikes off the grid,
    /// underlying mismatches, duplicates) and counted per defect; defective rows are
    /// dropped. Streams in bounded memory; a source that fails leaves nothing behind, and
    /// running the command again skips the sources already imported (resume).
    /// Exit status: 0 on success, 1 when a file cannot be read or parsed.
    #[command(after_help = "Examples:
  ringfence data import-chains ../shared/chains/SPX_2019*_raw.csv --out chains
  ringfence data import-chains --format otm-tsv ../shared/chains/spx_otm_2019-04-25_2019-05-31.tsv --out chains
  ringfence data import-chains my/datashop/ --out chains     # every file in the directory")]
    ImportChains {
        /// Layout: auto (from the header), datashop, vendor or otm-tsv.
        #[arg(long, default_value = "auto")]
        format: String,
        /// Chain files, or directories of them (their .csv, .tsv and .txt files, in name order).
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// Store directory (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Generate the synthetic history (SPX, VIX family, VVIX, T-bill, VX settles) and write
    /// it in the real publishers' file formats.
    ///
    /// Deterministic: the same seed and years give the same bytes. The shipped `data/` set
    /// is `ringfence data synth` with the defaults.
    #[command(after_help = "Examples:
  ringfence data synth                          # regenerate the shipped set into data/
  ringfence data synth --seed 7 --years 30 --out /tmp/synth7")]
    Synth {
        /// Seed of every random stream.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Calendar years to generate from 1990-01-02 (1 to 40: over longer spans some seeds
        /// take the simulated SPX past the loaders' plausibility limit of 1,000,000 points).
        #[arg(long, default_value_t = 36)]
        years: u32,
        /// Output directory (created if missing; files are replaced atomically).
        #[arg(long, default_value = "data")]
        out: PathBuf,
    },
    /// Summary statistics of a data set (SPX return and volatility, VIX distribution,
    /// SPX/VIX correlation, contango share, VIX half-life, crisis episodes); with
    /// `--compare`, a side-by-side table against the synthetic generator's tolerances
    /// (exit 1 when a statistic is out of tolerance).
    #[command(after_help = "Examples:
  ringfence data stats --data ../shared/data
  ringfence data stats --data ../shared/data --compare data
  ringfence data stats --data data --from 2008-01-01 --to 2012-12-31 --json")]
    Stats {
        /// Data directory to measure (the reference: real data when comparing).
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// First day of the window (YYYY-MM-DD).
        #[arg(long, default_value = "1990-01-01")]
        from: chrono::NaiveDate,
        /// Last day of the window (YYYY-MM-DD).
        #[arg(long, default_value = "2025-12-31")]
        to: chrono::NaiveDate,
        /// A second data directory (usually the synthetic set) to compare with `--data`.
        #[arg(long)]
        compare: Option<PathBuf>,
        /// Print JSON instead of a markdown table.
        #[arg(long)]
        json: bool,
    },
}

/// Run a data subcommand.
pub fn run(cmd: DataCommand) -> anyhow::Result<Outcome> {
    match cmd {
        DataCommand::Check { data, files, json } => {
            check(&data.unwrap_or_else(|| PathBuf::from("data")), &files, json)
        }
        DataCommand::Synth { seed, years, out } => super::synth::run(seed, years, &out),
        DataCommand::ImportChains {
            format,
            sources,
            out,
        } => super::chains::import(&format, &sources, &out),
        DataCommand::Stats {
            data,
            from,
            to,
            compare,
            json,
        } => super::stats::run(&data, compare.as_deref(), from, to, json),
    }
}

/// `data check`: build the report in the library, print it, map errors to the exit code.
fn check(data: &std::path::Path, files: &[PathBuf], json: bool) -> anyhow::Result<Outcome> {
    let opts = ringfence_data::LoadOptions::default();
    let report = if files.is_empty() {
        ringfence_data::check_dir(data, &opts)?
    } else {
        ringfence_data::check_files(files, &opts)
    };
    let text = if json {
        report.to_json()? + "\n"
    } else {
        report.render()
    };
    crate::exit::print_all(&text);
    Ok(if report.has_errors() {
        Outcome::DataErrors
    } else {
        Outcome::Success
    })
}
