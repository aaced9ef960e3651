//! `ringfence data stats`: summary statistics of a data set, optionally side by side with a
//! second one against the synthetic generator's tolerances.

use std::path::Path;

use chrono::NaiveDate;
use ringfence_data::stats::{Comparison, MarketStats, Tolerances, to_markdown_single};
use ringfence_data::{LoadOptions, load_dir};

use crate::exit::{self, Outcome};

fn measure(dir: &Path, from: NaiveDate, to: NaiveDate) -> anyhow::Result<MarketStats> {
    // A missing or unreadable data directory is a data error (1), as for every command
    // that reads `--data`.
    let history = load_dir(dir, &LoadOptions::default()).map_err(|e| exit::coded(exit::DATA, e))?;
    // The only failure left is a window without enough days: a usage error.
    MarketStats::measure(&history, from, to).map_err(|e| exit::coded(exit::USAGE, e))
}

/// Measure `data` (and `compare`, if given) over `[from, to]` and print a markdown table,
/// or JSON. With `compare`, the outcome is [`Outcome::DataErrors`] when a statistic of
/// `compare` is out of tolerance.
pub fn run(
    data: &Path,
    compare: Option<&Path>,
    from: NaiveDate,
    to: NaiveDate,
    json: bool,
) -> anyhow::Result<Outcome> {
    let real = measure(data, from, to)?;
    let Some(compare) = compare else {
        if json {
            println!("{}", serde_json::to_string_pretty(&real)?);
        } else {
            println!("{}\n", data.display());
            print!("{}", to_markdown_single(&real));
        }
        return Ok(Outcome::Success);
    };
    let synthetic = measure(compare, from, to)?;
    let comparison = Comparison::new(&real, &synthetic, &Tolerances::default());
    if json {
        let doc = serde_json::json!({
            "real": real,
            "synthetic": synthetic,
            "comparison": comparison,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        println!(
            "real = {} ({} to {}), synthetic = {} ({} to {})\n",
            data.display(),
            real.from,
            real.to,
            compare.display(),
            synthetic.from,
            synthetic.to
        );
        print!("{}", comparison.to_markdown("real", "synthetic"));
    }
    Ok(if comparison.all_pass() {
        Outcome::Success
    } else {
        Outcome::DataErrors
    })
}
