//! The SPX settlement-value file (SET) against the history: how many AM settlements it
//! supplies and how far the estimates it replaces lie from it (a value far outside its day's
//! range is refused by the loader, [`crate::align::SET_MAX_OUTSIDE_DAY`]).

use chrono::NaiveDate;

use crate::finding::{Finding, Severity};
use crate::history::MarketHistory;
use crate::opens::{set_share, set_share_before};
use crate::stats::percentile;

/// Findings on the SET values of `h`, whose SPX Opens count as opening levels from
/// `real_opens_from`; `loaded` says whether a settlement-value file was selected.
pub(crate) fn findings(
    h: &MarketHistory,
    real_opens_from: NaiveDate,
    loaded: bool,
) -> Vec<Finding> {
    if !loaded {
        return vec![Finding::new(
            Severity::Info,
            "spx_set_absent",
            0,
            "no SPX settlement-value file (two columns, DATE,SET): AM settlements use the SPX Open where it is an opening level, else the expected opening level given both closes ([model] stale_open_share)",
        )];
    }
    let days: Vec<usize> = (0..h.len()).filter(|&d| h.spx_set[d].is_finite()).collect();
    let (Some(&first), Some(&last)) = (days.first(), days.last()) else {
        return vec![Finding::new(
            Severity::Warning,
            "spx_set_unused",
            0,
            "the SPX settlement-value file has no value on a trading day of the history: no settlement uses it",
        )];
    };
    let s = &h.spx;
    let mut open_gaps = Vec::new();
    for &d in &days {
        if h.spx_open_is_real[d] && h.dates[d] >= real_opens_from {
            open_gaps.push((h.spx_set[d] - s.open[d]).abs());
        }
    }
    let open_part = if open_gaps.is_empty() {
        "no day of them has an SPX Open taken as the opening level".to_owned()
    } else {
        open_gaps.sort_by(f64::total_cmp);
        format!(
            "the SPX Open is {:.2} points from it in median ({} days with an opening level)",
            percentile(&open_gaps, 0.5),
            open_gaps.len()
        )
    };
    let share_part = match set_share(h).1 {
        Some(share) => {
            let before = match set_share_before(h, real_opens_from) {
                (n, Some(b)) => format!(
                    "; over the {n} before {real_opens_from}, the days without an opening level whose SET [model] stale_open_share estimates, {b:.2}"
                ),
                _ => String::new(),
            };
            format!(
                "; as a share of the day's move from the previous close it sits at {share:.2} (least-squares slope of the log moves){before} (`ringfence calibrate opens`)"
            )
        }
        None => String::new(),
    };
    vec![Finding::new(
        Severity::Info,
        "spx_set",
        days.len(),
        format!(
            "SPX settlement values on {} days of the history, {} to {}: AM settlements on them use the SET itself; {open_part}{share_part}",
            days.len(),
            h.dates[first],
            h.dates[last]
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opens::tests::history;

    #[test]
    fn reports_the_share_of_the_move_and_the_opens_distance() {
        // Two expiries: 100 -> 110 with SET 103 (0.3 of the move), 200 -> 190 with SET 197
        // (0.3 of the move down).
        let mut h = history(
            &[
                ("2024-01-18", 100.0, 100.0),
                ("2024-01-19", 104.0, 110.0),
                ("2024-02-15", 200.0, 200.0),
                ("2024-02-16", 199.0, 190.0),
                ("2024-02-20", 190.0, 191.0),
            ],
            &[true; 5],
        );
        h.spx_set[1] = 103.0;
        h.spx_set[3] = 197.0;
        let from = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let f = findings(&h, from, true);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].code, f[0].count), ("spx_set", 2));
        // |103 - 104| and |197 - 199|: median 1.5; share, on log moves, (0.02956 x 0.09531
        // + 0.01511 x 0.05129) / (0.09531^2 + 0.05129^2) = 0.307.
        assert!(f[0].message.contains("1.50 points"), "{}", f[0].message);
        assert!(f[0].message.contains("sits at 0.31"), "{}", f[0].message);
        // Before the first opening level only January's counts: ln(1.03) / ln(1.1) = 0.310.
        let feb = NaiveDate::from_ymd_opt(2024, 2, 1).unwrap();
        let m = &findings(&h, feb, true)[0].message;
        assert!(m.contains("over the 1 before 2024-02-01"), "{m}");
        assert!(m.contains("stale_open_share estimates, 0.31"), "{m}");
        assert!(!f[0].message.contains("over the"), "{}", f[0].message);
        assert_eq!(findings(&h, from, false)[0].code, "spx_set_absent");
        h.spx_set.iter_mut().for_each(|v| *v = f64::NAN);
        assert_eq!(findings(&h, from, true)[0].code, "spx_set_unused");
    }
}
