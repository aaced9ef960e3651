//! `ringfence compare-index RUN_DIR --index-file FILE --index NAME`: a run's month-end
//! returns against a published index's month-end levels (the Cboe strategy indices).

use std::path::PathBuf;

use clap::Args;
use ringfence_report::ReportError;
use ringfence_report::index_compare::{self, IndexFile};

use crate::exit::{self, Outcome};

/// Arguments of `ringfence compare-index`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    ringfence run configs/cboe-cndr.toml --data ../shared/data --out /tmp/cndr --no-report\n  \
    ringfence compare-index /tmp/cndr --index-file ../shared/cboe/cboe_strategy_indices_monthly_1989_2012.csv --index CNDR\n  \
    ringfence compare-index /tmp/cndr --index-file FILE --index CNDR --scenario s000001_unhedged --out docs/cboe\n  \
    ringfence compare-index /tmp/bfly --index-file FILE --index BFLY --against SPX\n  \
    ringfence compare-index /tmp/cndr --index-file FILE --index CNDR --years 2003-2012")]
pub struct CompareIndexArgs {
    /// Run directory written by `ringfence run` (with its daily/ series).
    pub run_dir: PathBuf,
    /// CSV of index levels: a date column (`month_end` or `date`, YYYY-MM-DD or
    /// MM/DD/YYYY), then one column per index; month-end rows, or daily ones (Cboe's index
    /// history files, `DATE,PUT`), reduced to each calendar month's last level.
    #[arg(long)]
    pub index_file: PathBuf,
    /// Index to compare with: a column of the index file (e.g. PUT, BXM, CNDR, SPTR).
    #[arg(long)]
    pub index: String,
    /// Scenario id (a `scenario` of summary.csv; default: the first of the main window).
    #[arg(long)]
    pub scenario: Option<String>,
    /// Where the CSVs and the chart go (default: RUN_DIR/compare).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also regress the monthly difference (ours - index) on this column's monthly returns
    /// (e.g. SPX): its slope is market exposure one side holds and the other does not.
    #[arg(long)]
    pub against: Option<String>,
    /// Compare over these calendar years only (`FROM-TO`, e.g. `2003-2012`): the months of
    /// those years, each from the month-end before it.
    #[arg(long, value_name = "FROM-TO", value_parser = super::parse_years)]
    pub years: Option<(i32, i32)>,
}

/// Compare, print the figures and write the files.
pub fn run(args: CompareIndexArgs) -> anyhow::Result<Outcome> {
    let code = |e: ReportError| {
        let code = match e {
            ReportError::Io { .. } | ReportError::Missing { .. } => exit::IO,
            ReportError::UnknownScenario { .. } => exit::USAGE,
            _ => exit::DATA,
        };
        exit::coded(code, e)
    };
    let file = IndexFile::read(&args.index_file).map_err(code)?;
    // `--index` or `--against` naming no column of the index file is a bad argument.
    for (flag, name) in std::iter::once(("--index", &args.index))
        .chain(args.against.iter().map(|a| ("--against", a)))
    {
        file.levels(name)
            .map_err(|e| exit::usage(format!("{flag} {name}: {e}")))?;
    }
    let file = match args.years {
        Some((from, to)) => file.within_years(from, to).ok_or_else(|| {
            exit::usage(format!(
                "--years {from}-{to}: {} has no month-end in those years (it runs {} to {})",
                file.path.display(),
                file.dates[0],
                file.dates[file.dates.len() - 1]
            ))
        })?,
        None => file,
    };
    let cmp = index_compare::compare(&args.run_dir, &file, &args.index, args.scenario.as_deref())
        .map_err(code)?;
    // Everything that can fail is checked before the first line is printed.
    let against = match &args.against {
        Some(name) => Some((name, cmp.against(&file, name).map_err(code)?)),
        None => None,
    };
    let out = args.out.unwrap_or_else(|| args.run_dir.join("compare"));
    if out.exists() && !out.is_dir() {
        return Err(exit::coded(
            exit::IO,
            anyhow::anyhow!("--out {}: exists and is not a directory", out.display()),
        ));
    }
    print!("{cmp}");
    if let Some((name, (r, buckets))) = against {
        println!(
            "\nmonthly difference on {name}'s monthly return ({} months): slope {:+.3}, \
             intercept {:+.2} %/yr, tracking error left {:.2} %/yr",
            r.months,
            r.slope,
            r.intercept * 100.0,
            r.residual_te * 100.0
        );
        println!("\nmean monthly return by {name}'s return that month, %");
        println!(
            "{:<20} {:>6} {:>8} {:>8} {:>8}",
            format!("{name} return"),
            "months",
            "ours",
            "index",
            "diff"
        );
        for b in buckets.iter().filter(|b| b.months > 0) {
            println!(
                "{:<20} {:>6} {:>8.2} {:>8.2} {:>+8.2}",
                move_range(b.lo, b.hi),
                b.months,
                b.ours * 100.0,
                b.index * 100.0,
                b.diff() * 100.0
            );
        }
    }
    for path in cmp.write(&out).map_err(code)? {
        println!("wrote {}", path.display());
    }
    Ok(Outcome::Success)
}

/// A bucket's range of returns in words: `below -5%`, `-5% to -2%`, `5% and above`.
fn move_range(lo: f64, hi: f64) -> String {
    let pct = |v: f64| format!("{}%", (v * 10_000.0).round() / 100.0);
    if lo == f64::NEG_INFINITY {
        format!("below {}", pct(hi))
    } else if hi == f64::INFINITY {
        format!("{} and above", pct(lo))
    } else {
        format!("{} to {}", pct(lo), pct(hi))
    }
}
