//! Date windows: the full data range, the built-in stress episodes, custom ranges and
//! rolling windows, and their resolution into trading-day ranges of a history.
//!
//! Built-in episodes run from the S&P 500 closing high before the episode to its closing
//! low (dates checked against the index closes in `../shared/data`; drawdowns in the
//! comments). The group `stress` selects the episodes lying inside the loaded data and skips
//! the others (listed in `run.json` and by `--list`); an episode or custom window named
//! explicitly that does not lie inside the data fails its scenarios (`failures.csv`), and a
//! run none of whose windows can run is refused before anything is written. A window is
//! never shortened to fit the data.
//!
//! The `[windows]` table itself ([`WindowsSection`]) is declared here; its config-time
//! checks, which point into the config file, are in `crate::config::windows`.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Months, NaiveDate};
use ringfence_data::MarketHistory;
use ringfence_data::calendar;
use ringfence_strategy::DayRange;
use ringfence_strategy::param_table;
use ringfence_strategy::params::table::join_key;
use ringfence_strategy::params::{Param, ParamDoc};
use serde::Deserializer;
use serde::{Deserialize, Serialize, Serializer};

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
        ringfence_data::serde_date::deserialize(d).map(Date)
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

param_table! {
    /// `[windows]`: which date windows each variant runs on.
    #[derive(Debug, Clone, PartialEq)]
    pub struct WindowsSection {
        /// Window names or groups: `full` (alias `all`: the whole data range between `start`
        /// and `end`), `stress` (every built-in stress episode inside the data), a built-in
        /// episode name (`covid_2020`), a `[windows.custom]` name, or `rolling`.
        pub select: Vec<String> = vec!["full".to_string()],
            rule: "known names, each once (an episode not also through `stress`); not empty unless bootstrap.paths > 0";
        /// First day of the `full` window and of rolling windows (unset: first day of data).
        pub start: Option<Date> = None,
            rule: "before `end`";
        /// Last day of the `full` window and of rolling windows (unset: last day of data).
        pub end: Option<Date> = None;
        /// Rolling windows, used when `select` contains `rolling`.
        pub rolling: Option<RollingSection> = None,
            rule: "set exactly when `select` contains `rolling`";
        /// Named date ranges of your own, selectable by name.
        pub custom: BTreeMap<String, DateRange> = BTreeMap::new(),
            rule: "names other than the groups and built-in episodes";
    }
}

impl Param for Date {
    fn kind() -> String {
        "date (YYYY-MM-DD)".into()
    }

    fn show(&self) -> String {
        self.to_string()
    }
}

impl Param for DateRange {
    fn kind() -> String {
        "table".into()
    }

    fn show(&self) -> String {
        format!("{{ start = {}, end = {} }}", self.start, self.end)
    }

    fn rows(_value: Option<&Self>, prefix: &str, out: &mut Vec<ParamDoc>) {
        let day = Date(NaiveDate::MIN);
        for (name, rule, meaning) in [
            (
                "start",
                "before `end`",
                "First calendar day (inclusive); required.",
            ),
            ("end", "", "Last calendar day (inclusive); required."),
        ] {
            let mut row = ParamDoc::of(join_key(prefix, name), &day, rule.into(), meaning);
            row.default.clear();
            out.push(row);
        }
    }
}

impl Param for RollingSection {
    fn kind() -> String {
        "table".into()
    }

    fn show(&self) -> String {
        format!(
            "{{ years = {}, step_months = {} }}",
            self.years, self.step_months
        )
    }

    fn rows(_value: Option<&Self>, prefix: &str, out: &mut Vec<ParamDoc>) {
        for (name, meaning) in [
            (
                "years",
                "Length of each window, in calendar years; required.",
            ),
            ("step_months", "Months between window starts; required."),
        ] {
            let mut row = ParamDoc::of(join_key(prefix, name), &0u32, ">= 1".into(), meaning);
            row.default.clear();
            out.push(row);
        }
    }
}

/// A built-in stress episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StressEpisode {
    /// Window name (`covid_2020`).
    pub name: &'static str,
    /// What happened.
    pub description: &'static str,
    /// S&P 500 closing high before the episode.
    pub start: (i32, u32, u32),
    /// S&P 500 closing low of the episode.
    pub end: (i32, u32, u32),
}

/// The built-in stress episodes, chronological.
pub const STRESS_EPISODES: [StressEpisode; 15] = [
    // 368.95 -> 295.46 (-19.9%)
    ep(
        "gulf_war_1990",
        "Iraq invades Kuwait",
        (1990, 7, 16),
        (1990, 10, 11),
    ),
    // 983.12 -> 876.99 (-10.8%), the 1997-10-27 mini-crash
    ep(
        "asian_crisis_1997",
        "Asian financial crisis",
        (1997, 10, 7),
        (1997, 10, 27),
    ),
    // 1186.75 -> 959.44 (-19.2%; 957.28 on 1998-08-31), LTCM rescue 1998-09-23
    ep(
        "ltcm_1998",
        "Russia default and LTCM",
        (1998, 7, 17),
        (1998, 10, 8),
    ),
    // 1092.54 -> 965.80 (-11.6%), markets closed 2001-09-11..14
    ep(
        "sept11_2001",
        "September 11 attacks",
        (2001, 9, 10),
        (2001, 9, 21),
    ),
    // 1170.29 -> 776.76 (-33.6%)
    ep(
        "bear_2002",
        "2002 bear market",
        (2002, 3, 19),
        (2002, 10, 9),
    ),
    // 1565.15 -> 676.53 (-56.8%)
    ep(
        "gfc_2008",
        "Global financial crisis",
        (2007, 10, 9),
        (2009, 3, 9),
    ),
    // 1217.28 -> 1022.58 (-16.0%), flash crash 2010-05-06
    ep(
        "flash_crash_2010",
        "Flash crash and euro crisis",
        (2010, 4, 23),
        (2010, 7, 2),
    ),
    // 1353.22 -> 1099.23 (-18.8%), S&P downgrade 2011-08-05
    ep(
        "us_downgrade_2011",
        "US credit downgrade",
        (2011, 7, 7),
        (2011, 10, 3),
    ),
    // 2128.28 -> 1867.61 (-12.2%), yuan devaluation, 2015-08-24 open
    ep(
        "august_2015",
        "August 2015 selloff",
        (2015, 7, 20),
        (2015, 8, 25),
    ),
    // 2872.87 -> 2581.00 (-10.2%), VIX +115% on 2018-02-05
    ep(
        "volmageddon_2018",
        "February 2018 Volmageddon",
        (2018, 1, 26),
        (2018, 2, 8),
    ),
    // 2930.75 -> 2351.10 (-19.8%)
    ep(
        "q4_2018",
        "Fourth-quarter 2018 selloff",
        (2018, 9, 20),
        (2018, 12, 24),
    ),
    // 3386.15 -> 2237.40 (-33.9%), VIX close 82.69 on 2020-03-16
    ep("covid_2020", "COVID-19 crash", (2020, 2, 19), (2020, 3, 23)),
    // 4796.56 -> 3577.03 (-25.4%)
    ep(
        "bear_2022",
        "2022 bear market",
        (2022, 1, 3),
        (2022, 10, 12),
    ),
    // 5667.20 -> 5186.33 (-8.5%), VIX intraday 65 on 2024-08-05
    ep(
        "yen_carry_2024",
        "Yen carry-trade unwind",
        (2024, 7, 16),
        (2024, 8, 5),
    ),
    // 6144.15 -> 4982.77 (-18.9%), tariffs announced 2025-04-02
    ep(
        "tariffs_2025",
        "April 2025 tariff shock",
        (2025, 2, 19),
        (2025, 4, 8),
    ),
];

const fn ep(
    name: &'static str,
    description: &'static str,
    start: (i32, u32, u32),
    end: (i32, u32, u32),
) -> StressEpisode {
    StressEpisode {
        name,
        description,
        start,
        end,
    }
}

fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

impl StressEpisode {
    /// First day.
    pub fn start_date(&self) -> NaiveDate {
        ymd(self.start)
    }
    /// Last day.
    pub fn end_date(&self) -> NaiveDate {
        ymd(self.end)
    }
}

/// The built-in episode called `name`.
pub fn episode(name: &str) -> Option<&'static StressEpisode> {
    STRESS_EPISODES.iter().find(|e| e.name == name)
}

/// Reserved selector words.
pub const GROUPS: [&str; 4] = ["full", "all", "stress", "rolling"];

/// What kind of window a scenario runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    /// The whole selected data range.
    Full,
    /// A built-in stress episode.
    Stress,
    /// A `[windows.custom]` range.
    Custom,
    /// A rolling window.
    Rolling,
}

/// A named calendar window, before it meets the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// Name (`full`, `covid_2020`, `rolling_2000-01-03`, a custom name).
    pub name: String,
    /// Kind.
    pub kind: WindowKind,
    /// First calendar day (inclusive).
    pub start: NaiveDate,
    /// Last calendar day (inclusive).
    pub end: NaiveDate,
}

impl Window {
    /// The trading-day range of this window in `history`, or why it cannot run: the window
    /// must lie inside the data (on the NYSE calendar) and hold at least two trading days.
    ///
    /// # Errors
    /// A message naming the window, its dates and the data's range.
    pub fn resolve(&self, history: &MarketHistory) -> Result<DayRange, String> {
        let (Some(first), Some(last)) = (history.dates.first(), history.dates.last()) else {
            return Err("the data hold no trading day".into());
        };
        let early = first_trading_on_or_after(self.start) < *first;
        let late = calendar::on_or_before(self.end) > *last;
        let start = history.index_on_or_after(self.start);
        let end = history.dates.partition_point(|d| *d <= self.end);
        let outside = match (early, late) {
            (false, false) => None,
            _ if self.end < *first || self.start > *last => Some("lies outside"),
            (true, false) => Some("starts before"),
            (false, true) => Some("ends after"),
            (true, true) => Some("starts before and ends after"),
        };
        match (start, outside) {
            (_, Some(how)) => Err(format!(
                "window {} ({} to {}) {how} the data ({first} to {last}); a window must lie \
                 inside the data and is not shortened to fit",
                self.name, self.start, self.end
            )),
            (Some(s), None) if end >= s + 2 => Ok(DayRange { start: s, end }),
            _ => Err(format!(
                "window {} ({} to {}) holds fewer than 2 trading days of data",
                self.name, self.start, self.end
            )),
        }
    }
}

fn first_trading_on_or_after(d: NaiveDate) -> NaiveDate {
    if calendar::is_trading_day(d) {
        d
    } else {
        calendar::next_trading_day(d)
    }
}

/// The windows selected by `[windows]`, in scenario order, and the `stress` episodes
/// skipped because they lie outside the data.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Windows in scenario order.
    pub windows: Vec<Window>,
    /// Stress episodes of the `stress` group outside the data.
    pub skipped: Vec<Window>,
}

/// Expand `[windows]` against the data range `first..=last`.
pub fn select(section: &WindowsSection, first: NaiveDate, last: NaiveDate) -> Selection {
    let full_start = section.start.map_or(first, |d| d.0);
    let full_end = section.end.map_or(last, |d| d.0);
    let mut out = Selection::default();
    for name in &section.select {
        match name.as_str() {
            "full" | "all" => out.windows.push(Window {
                name: "full".into(),
                kind: WindowKind::Full,
                start: full_start,
                end: full_end,
            }),
            "stress" => {
                for e in &STRESS_EPISODES {
                    let w = stress_window(e);
                    if first_trading_on_or_after(w.start) >= first
                        && calendar::on_or_before(w.end) <= last
                    {
                        out.windows.push(w);
                    } else {
                        out.skipped.push(w);
                    }
                }
            }
            "rolling" => {
                if let Some(r) = section.rolling {
                    let mut k = 0u32;
                    while let Some(s) =
                        full_start.checked_add_months(Months::new(k * r.step_months))
                    {
                        let Some(e) = s
                            .checked_add_months(Months::new(12 * r.years))
                            .and_then(|e| e.pred_opt())
                        else {
                            break;
                        };
                        if e > full_end {
                            break;
                        }
                        out.windows.push(Window {
                            name: format!("rolling_{s}"),
                            kind: WindowKind::Rolling,
                            start: s,
                            end: e,
                        });
                        k += 1;
                    }
                }
            }
            other => {
                if let Some(e) = episode(other) {
                    out.windows.push(stress_window(e));
                } else if let Some(r) = section.custom.get(other) {
                    out.windows.push(Window {
                        name: other.to_string(),
                        kind: WindowKind::Custom,
                        start: r.start.0,
                        end: r.end.0,
                    });
                }
            }
        }
    }
    out
}

fn stress_window(e: &StressEpisode) -> Window {
    Window {
        name: e.name.to_string(),
        kind: WindowKind::Stress,
        start: e.start_date(),
        end: e.end_date(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn episodes_are_chronological_and_ordered() {
        for w in STRESS_EPISODES.windows(2) {
            assert!(w[0].end_date() < w[1].start_date(), "{}", w[1].name);
        }
        for e in &STRESS_EPISODES {
            assert!(e.start_date() < e.end_date(), "{}", e.name);
            assert!(calendar::is_trading_day(e.start_date()), "{}", e.name);
            assert!(calendar::is_trading_day(e.end_date()), "{}", e.name);
        }
    }
}
