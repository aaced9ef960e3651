//! The runner's own config tables: `[run]`, `[windows]`, `[bootstrap]`, `[output]`.
//!
//! Every struct has defaults for every field and rejects unknown keys. The strategy tables
//! (`[capital]`, `[condor]`, ...) are `ringfence_strategy::StrategyParams`, `[model]` is
//! `ringfence_pricing::ModelParams` and `[data]` is `ringfence_data::LoadOptions` plus `dir`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// `[run]`: the run's name, seed and output directory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RunSection {
    /// Run name: a file name without path separators or `..` (default: the config's file
    /// stem). Names the default output directory `reports/<name>`.
    pub name: Option<String>,
    /// Seed of every random draw of the run (bootstrap paths), default 1.
    pub seed: Option<u64>,
    /// Output directory (default `reports/<name>`); `--out` overrides it.
    pub out: Option<PathBuf>,
}

/// A calendar date in a config: a TOML local date (`2020-02-19`) or a string
/// (`"2020-02-19"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%Y-%m-%d"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Date, E> {
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map(Date)
                    .map_err(|_| E::custom(format!("`{s}` is not a date YYYY-MM-DD")))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                // A TOML datetime arrives as a one-entry map holding its text.
                let Some((_, text)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::custom("expected a date YYYY-MM-DD"));
                };
                if text.len() != 10 {
                    return Err(de::Error::custom(format!(
                        "`{text}` is not a date YYYY-MM-DD (no time or offset)"
                    )));
                }
                self.visit_str(&text)
            }
        }
        d.deserialize_any(V)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// An inclusive date range `{ start = ..., end = ... }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// First calendar day (inclusive).
    pub start: Date,
    /// Last calendar day (inclusive).
    pub end: Date,
}

/// `[windows.rolling]`: windows of `years` starting every `step_months`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollingSection {
    /// Length of each window, in calendar years (>= 1).
    pub years: u32,
    /// Months between window starts (>= 1).
    pub step_months: u32,
}

/// `[windows]`: which date windows each variant runs on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WindowsSection {
    /// Window names or groups: `full` (alias `all`: the whole data range between `start` and
    /// `end`), `stress` (every built-in stress episode inside the data), a built-in episode
    /// name (`covid_2020`), a `[windows.custom]` name, or `rolling`. Default `["full"]`.
    pub select: Vec<String>,
    /// First day of the `full` window and of rolling windows (default: first day of data).
    pub start: Option<Date>,
    /// Last day of the `full` window and of rolling windows (default: last day of data).
    pub end: Option<Date>,
    /// Rolling windows, used when `select` contains `rolling`.
    pub rolling: Option<RollingSection>,
    /// Named date ranges of your own, selectable by name.
    pub custom: BTreeMap<String, DateRange>,
}

impl Default for WindowsSection {
    fn default() -> Self {
        WindowsSection {
            select: vec!["full".to_string()],
            start: None,
            end: None,
            rolling: None,
            custom: BTreeMap::new(),
        }
    }
}

/// `[bootstrap]`: stationary block-bootstrap resamples of the `full` window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BootstrapSection {
    /// Number of resampled paths per variant (0 = no bootstrap).
    pub paths: u32,
    /// Mean block length in trading days (Politis-Romano: block lengths are geometric with
    /// this mean), >= 1.
    pub mean_block_days: f64,
    /// Two-sided confidence level of the intervals in `paired.csv`, in (0, 1).
    pub confidence: f64,
    /// Half-life in trading days over which a VIX-family level gap at a block join decays
    /// (0 = take the source day's level as is). See [`crate::bootstrap`].
    pub vol_gap_half_life_days: f64,
}

impl Default for BootstrapSection {
    fn default() -> Self {
        BootstrapSection {
            paths: 0,
            mean_block_days: 20.0,
            confidence: 0.95,
            vol_gap_half_life_days: 10.0,
        }
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

/// `[output]`: which optional files to write and the scenario cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputSection {
    /// Scenarios whose daily series are written to `daily/<scenario>_<layout>.csv`.
    pub daily: Pick,
    /// Scenarios whose events go to `events.csv`.
    pub events: Pick,
    /// Write `ledger.csv` (every cash movement of every scenario; large).
    pub ledger: bool,
    /// Refuse configs expanding to more scenarios than this.
    pub max_scenarios: usize,
}

impl Default for OutputSection {
    fn default() -> Self {
        OutputSection {
            daily: Pick::All,
            events: Pick::All,
            ledger: false,
            max_scenarios: 100_000,
        }
    }
}
