//! One module per subcommand group.

pub mod bench;
pub mod calibrate;
pub mod chains;
pub mod compare_index;
pub mod data;
pub mod merge;
pub mod quote;
pub mod report;
pub mod run;
pub mod stats;
pub mod synth;
pub mod trace;

/// The market model of `--config FILE` (its `[model]` table over the shipped defaults), or
/// the shipped defaults without one: what `quote` and `calibrate condors` price with.
///
/// # Errors
/// The config's own errors (file, line, column; exit 2 or 1), and a usage error (exit 2) when
/// the config sweeps `model.*` keys, which would give more than one model.
pub fn model_of(
    config: Option<&std::path::Path>,
) -> anyhow::Result<ringfence_pricing::ModelParams> {
    let Some(path) = config else {
        return Ok(ringfence_pricing::ModelParams::default());
    };
    let cfg =
        ringfence_runner::config::Config::load(path, &Default::default()).map_err(run::coded)?;
    if cfg.model_count() > 1 {
        return Err(crate::exit::coded(
            crate::exit::USAGE,
            anyhow::anyhow!(
                "--config {}: the config sweeps model.* keys ({} model sets); give a config with one [model]",
                path.display(),
                cfg.model_count()
            ),
        ));
    }
    cfg.model_params(0).map_err(run::coded)
}
