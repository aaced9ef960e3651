//! The SPX dividend-yield file against the history: which days take its yields, their range,
//! and the days left to the model's constant.

use crate::align::DIV_YIELD_MAX_AGE_DAYS;
use crate::finding::{Finding, Severity};
use crate::history::MarketHistory;

/// Findings on the dividend yields of `h`; `loaded` says whether a dividend-yield file was
/// selected.
pub(crate) fn findings(h: &MarketHistory, loaded: bool) -> Vec<Finding> {
    if !loaded {
        return vec![Finding::new(
            Severity::Info,
            "spx_div_yield_absent",
            0,
            "no SPX dividend-yield file (two columns, DATE,DIV_YIELD, percent a year): every day uses [model] div_yield (1.8% a year unless the config sets it), for the forward of SPX options and the dividends of an SPX index leg",
        )];
    }
    let covered: Vec<usize> = (0..h.len())
        .filter(|&d| h.spx_div_yield[d].is_finite())
        .collect();
    let (Some(&first), Some(&last)) = (covered.first(), covered.last()) else {
        return vec![Finding::new(
            Severity::Warning,
            "spx_div_yield_unused",
            0,
            format!(
                "the SPX dividend-yield file has no value dated on or before a day of the history (within {DIV_YIELD_MAX_AGE_DAYS} days): every day uses [model] div_yield"
            ),
        )];
    };
    let percent = |d: usize| h.spx_div_yield[d].exp_m1() * 100.0;
    let (lo, hi) = covered
        .iter()
        .map(|&d| percent(d))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
            (a.min(y), b.max(y))
        });
    let rest = h.len() - covered.len();
    let rest_part = if rest == 0 {
        "every day of the history takes one".to_owned()
    } else {
        format!("the other {rest} days use [model] div_yield")
    };
    vec![Finding::new(
        Severity::Info,
        "spx_div_yield",
        covered.len(),
        format!(
            "SPX dividend yields on {} days of the history, {} to {}, {lo:.2}% to {hi:.2}% a year (each value from its date to the next, at most {DIV_YIELD_MAX_AGE_DAYS} days): option forwards and index-leg dividends use them; {rest_part}",
            covered.len(),
            h.dates[first],
            h.dates[last],
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::div_yield_to_continuous;
    use crate::opens::tests::history;

    #[test]
    fn coverage_range_and_the_days_left_to_the_constant_are_reported() {
        let rows = [
            ("2024-01-02", 100.0, 100.0),
            ("2024-01-03", 101.0, 101.0),
            ("2024-01-04", 102.0, 102.0),
            ("2024-01-05", 103.0, 103.0),
        ];
        let mut h = history(&rows, &[true; 4]);
        h.spx_div_yield = vec![
            f64::NAN,
            div_yield_to_continuous(1.8),
            div_yield_to_continuous(2.25),
            div_yield_to_continuous(2.25),
        ];
        let f = findings(&h, true);
        assert_eq!(f[0].code, "spx_div_yield");
        assert_eq!(f[0].count, 3);
        assert!(
            f[0].message.contains("2024-01-03 to 2024-01-05"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("1.80% to 2.25%"), "{}", f[0].message);
        assert!(
            f[0].message.contains("the other 1 days"),
            "{}",
            f[0].message
        );
        h.spx_div_yield = vec![f64::NAN; 4];
        assert_eq!(findings(&h, true)[0].severity, Severity::Warning);
        assert_eq!(findings(&h, false)[0].code, "spx_div_yield_absent");
    }
}
