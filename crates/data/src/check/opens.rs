//! Which SPX Opens the history takes as opening levels, against what each year's Opens hold
//! of the day's variance ([`crate::opens`]): an info line, a warning where AM settlements
//! would use first prints, and a note where opening levels are left unused.

use chrono::{Datelike, NaiveDate};

use crate::finding::{Finding, Severity};
use crate::history::MarketHistory;
use crate::opens::open_gaps_by_year;

/// A year's Opens are opening levels from this share of the close-to-close variance in
/// their gap. In the free SPX files the first prints of 2006-2016 hold at most 0.049 and
/// the opening levels from 2017 at least 0.127; the shipped synthetic set's Opens, levels by
/// construction, 0.126-0.245.
pub(crate) const OPENING_LEVEL_SHARE: f64 = 0.08;

/// Fewest Opens that are not copies of the previous close for a year to be classified.
const MIN_OPENS_A_YEAR: usize = 100;

/// Findings on `all`, a history loaded with every Open that is not a copy counted as real,
/// for a load whose first date of real opening prints is `from`.
pub(crate) fn findings(all: &MarketHistory, from: NaiveDate) -> Vec<Finding> {
    let mut first_prints = Vec::new();
    let mut levels = Vec::new();
    let mut used_first_prints = Vec::new();
    let mut unused_levels = Vec::new();
    for (year, g) in open_gaps_by_year(all) {
        let Some(share) = g.gap_variance_share.filter(|_| g.real >= MIN_OPENS_A_YEAR) else {
            continue;
        };
        let starts = NaiveDate::from_ymd_opt(year, 1, 1);
        let used = starts.is_some_and(|d| d >= from);
        let unused = from.year() > year;
        if share >= OPENING_LEVEL_SHARE {
            levels.push(year);
            if unused {
                unused_levels.push(year);
            }
        } else {
            first_prints.push(year);
            if used {
                used_first_prints.push((year, share));
            }
        }
    }
    if levels.is_empty() && first_prints.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Finding::new(
        Severity::Info,
        "spx_opens",
        levels.len() + first_prints.len(),
        format!(
            "SPX Opens that are not copies of the previous close, by year (the gap's share of the close-to-close variance; an opening level's is {OPENING_LEVEL_SHARE} or more): first prints in {}, opening levels in {}; AM settlements use the Opens from spx_real_opens_from = {from} (`ringfence calibrate opens`)",
            years(&first_prints),
            years(&levels)
        ),
    )];
    if !used_first_prints.is_empty() {
        let list: Vec<String> = used_first_prints
            .iter()
            .map(|(y, s)| format!("{y} ({s:.3})"))
            .collect();
        out.push(Finding::new(
            Severity::Warning,
            "spx_opens_first_prints_used",
            used_first_prints.len(),
            format!(
                "SPX Opens of {} carry less than {OPENING_LEVEL_SHARE} of the day's variance in their gap, as an index's first print does, yet AM settlements use them (spx_real_opens_from = {from}): set [data] spx_real_opens_from after them",
                list.join(", ")
            ),
        ));
    }
    if !unused_levels.is_empty() {
        out.push(Finding::new(
            Severity::Info,
            "spx_opens_levels_unused",
            unused_levels.len(),
            format!(
                "SPX Opens of {} look like opening levels but come before spx_real_opens_from = {from}: AM settlements there use the expected opening level given both closes; set an earlier date to use them",
                years(&unused_levels)
            ),
        ));
    }
    out
}

/// `years` (ascending) as runs: `1992-1994, 2006-2016, 2020`; `none` when empty.
fn years(years: &[i32]) -> String {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for &y in years {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == y => *last = y,
            _ => runs.push((y, y)),
        }
    }
    if runs.is_empty() {
        return "none".to_owned();
    }
    runs.iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::years;

    #[test]
    fn years_are_written_as_runs() {
        assert_eq!(years(&[]), "none");
        assert_eq!(years(&[2020]), "2020");
        assert_eq!(
            years(&[1992, 1993, 1994, 2006, 2007, 2020]),
            "1992-1994, 2006-2007, 2020"
        );
    }
}
