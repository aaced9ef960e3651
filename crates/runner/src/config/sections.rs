//! The runner's own config tables: `[run]`, `[bootstrap]`, `[output]` (and `[windows]` in
//! [`crate::window`]), each key declared once with its default, range and meaning (see
//! `ringfence_strategy::params::table`).
//!
//! Every struct has defaults for every field and rejects unknown keys. The strategy tables
//! (`[capital]`, `[condor]`, ...) are `ringfence_strategy::StrategyParams`, `[model]` is
//! `ringfence_pricing::ModelParams` and `[data]` is `ringfence_data::LoadOptions` plus `dir`.

use std::fmt;
use std::path::PathBuf;

use ringfence_strategy::param_table;
use ringfence_strategy::params::Bound::Excl;
use ringfence_strategy::params::{Param, Range};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

param_table! {
    /// `[run]`: the run's name, seed and output directory.
    #[derive(Debug, Clone, PartialEq)]
    pub struct RunSection {
        /// Run name: a file name without path separators or `..` (unset: the config's file
        /// stem). Names the default output directory `reports/<name>`.
        pub name: Option<String> = None,
            rule: "a plain file name of at most 120 printable characters, not starting with `.`";
        /// Seed of every random draw of the run (bootstrap paths); unset: 1.
        pub seed: Option<u64> = None;
        /// Output directory (unset: `reports/<name>`); `--out` overrides it.
        pub out: Option<PathBuf> = None;
    }
}

param_table! {
    /// `[bootstrap]`: stationary block-bootstrap resamples of the `full` window.
    #[derive(Debug, Clone, PartialEq)]
    pub struct BootstrapSection {
        /// Number of resampled paths per variant (0 = no bootstrap).
        pub paths: u32 = 0;
        /// Mean block length in trading days (Politis-Romano: block lengths are geometric
        /// with this mean).
        pub mean_block_days: f64 = 20.0,
            range: Range::at_least("trading days", 1.0);
        /// Two-sided confidence level of the intervals in `paired.csv`.
        pub confidence: f64 = 0.95,
            range: Range::new("a confidence level", Excl(0.0), Excl(1.0));
        /// Half-life in trading days over which a VIX-family level gap at a block join
        /// decays (0 = take the source day's level as is). See [`crate::bootstrap`].
        pub vol_gap_half_life_days: f64 = 10.0,
            range: Range::at_least("trading days", 0.0);
    }
}

/// Which scenarios get an optional output: `"all"`, `"none"` or a list of scenario ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// Every scenario.
    All,
    /// No scenario.
    None,
    /// Only these scenario ids (`s000001`).
    Ids(Vec<String>),
}

impl Pick {
    /// True when the scenario with id `id` is picked.
    pub fn contains(&self, id: &str) -> bool {
        match self {
            Pick::All => true,
            Pick::None => false,
            Pick::Ids(ids) => ids.iter().any(|i| i == id),
        }
    }
}

impl Serialize for Pick {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Pick::All => s.serialize_str("all"),
            Pick::None => s.serialize_str("none"),
            Pick::Ids(ids) => ids.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Pick {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pick;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("\"all\", \"none\" or a list of scenario ids")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Pick, E> {
                match s {
                    "all" => Ok(Pick::All),
                    "none" => Ok(Pick::None),
                    other => Err(E::custom(format!(
                        "`{other}` is not \"all\", \"none\" or a list of scenario ids"
                    ))),
                }
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Pick, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<String>()? {
                    ids.push(id);
                }
                Ok(Pick::Ids(ids))
            }
        }
        d.deserialize_any(V)
    }
}

param_table! {
    /// `[output]`: which optional files to write and the scenario cap.
    #[derive(Debug, Clone, PartialEq)]
    pub struct OutputSection {
        /// Scenarios whose daily series are written to `daily/<scenario>_<layout>.csv`.
        pub daily: Pick = Pick::All;
        /// Scenarios whose events go to `events.csv`.
        pub events: Pick = Pick::All;
        /// Write `ledger.csv` (every cash movement of every scenario; large).
        pub ledger: bool = false;
        /// Refuse configs expanding to more scenarios than this.
        pub max_scenarios: usize = 100_000,
            range: Range::at_least("scenarios", 1.0);
    }
}

impl Param for Pick {
    fn kind() -> String {
        "\"all\", \"none\" or a list of scenario ids".into()
    }

    fn show(&self) -> String {
        match self {
            Pick::All => "\"all\"".into(),
            Pick::None => "\"none\"".into(),
            Pick::Ids(ids) => ids.show(),
        }
    }
}
