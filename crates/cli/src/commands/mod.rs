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

/// `FROM-TO` (two years, `FROM <= TO`) of `calibrate smile --fit-years` and
/// `compare-index --years`.
pub(crate) fn parse_years(s: &str) -> Result<(i32, i32), String> {
    let bad = || format!("`{s}`: expected FROM-TO, two years such as 2016-2022");
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let from: i32 = a.trim().parse().map_err(|_| bad())?;
    let to: i32 = b.trim().parse().map_err(|_| bad())?;
    if from > to {
        return Err(format!("`{s}`: FROM is after TO"));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::parse_years;

    #[test]
    fn years_take_two_ordered_years() {
        assert_eq!(parse_years("2016-2022"), Ok((2016, 2022)));
        assert_eq!(parse_years(" 2005 - 2005 "), Ok((2005, 2005)));
        assert!(
            parse_years("2022-2016")
                .unwrap_err()
                .contains("FROM is after TO")
        );
        assert!(
            parse_years("2016")
                .unwrap_err()
                .contains("expected FROM-TO")
        );
        assert!(parse_years("20x6-2022").is_err());
    }
}
