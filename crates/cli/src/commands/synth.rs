//! `ringfence data synth`: generate the synthetic history and write it in publisher formats.

use std::path::Path;

use anyhow::Context;
use ringfence_data::synth::{self, SynthParams};

use crate::exit::{self, Outcome};

/// Generate `years` years from seed `seed` and write the files under `out`.
pub fn run(seed: u64, years: u32, out: &Path) -> anyhow::Result<Outcome> {
    let params = SynthParams {
        seed,
        years,
        ..SynthParams::default()
    };
    let history = synth::generate(&params).map_err(|e| exit::coded(exit::USAGE, e))?;
    let written = synth::write_dir(&history, out)
        .map_err(|e| exit::coded(exit::IO, e))
        .with_context(|| format!("writing the synthetic data set to {}", out.display()))?;
    println!(
        "synthetic history: seed {seed}, {} trading days {} to {}",
        history.dates.len(),
        history.dates[0],
        history.dates[history.dates.len() - 1]
    );
    for path in written {
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!("  wrote {} ({} KiB)", path.display(), bytes.div_ceil(1024));
    }
    Ok(Outcome::Success)
}
