//! Month-end alignment of a run's daily equity with an index's month-end levels, and the
//! monthly returns of both over the months where both exist.

use chrono::{Datelike, NaiveDate};

/// One month-end where the run and the index both have a level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthEnd {
    /// The index's month-end date.
    pub month_end: NaiveDate,
    /// The run's trading day used: the last one on or before `month_end`, in its month.
    pub ours_date: NaiveDate,
    /// The run's total equity on `ours_date`, USD.
    pub ours: f64,
    /// The index level.
    pub index: f64,
}

/// The returns of one month (from the previous month-end to this one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthlyReturn {
    /// The index's month-end date that ends the month.
    pub month_end: NaiveDate,
    /// The run's return over the month (fraction).
    pub ours: f64,
    /// The index's return over the month (fraction).
    pub index: f64,
}

impl MonthlyReturn {
    /// Ours minus the index (fraction).
    pub fn diff(&self) -> f64 {
        self.ours - self.index
    }
}

fn same_month(a: NaiveDate, b: NaiveDate) -> bool {
    a.year() == b.year() && a.month() == b.month()
}

/// Match each index month-end to the run's last trading day on or before it. A month-end is
/// left out when the index has no level, the run has no trading day in that month on or
/// before it, the run's equity there is not positive, or the run ends before the month-end
/// (a month the run has not finished: no later trading day, and the last one is not the
/// month-end itself).
pub fn align(
    dates: &[NaiveDate],
    equity: &[f64],
    index_dates: &[NaiveDate],
    index: &[f64],
) -> Vec<MonthEnd> {
    let Some(&last) = dates.last() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (&month_end, &level) in index_dates.iter().zip(index) {
        if !level.is_finite() || month_end > last {
            continue;
        }
        let i = dates.partition_point(|&d| d <= month_end);
        if i == 0 || !same_month(dates[i - 1], month_end) {
            continue;
        }
        let ours = equity[i - 1];
        if !(ours.is_finite() && ours > 0.0) {
            continue;
        }
        out.push(MonthEnd {
            month_end,
            ours_date: dates[i - 1],
            ours,
            index: level,
        });
    }
    out
}

fn previous_month(d: NaiveDate) -> (i32, u32) {
    if d.month() == 1 {
        (d.year() - 1, 12)
    } else {
        (d.year(), d.month() - 1)
    }
}

/// True when `b` falls in the calendar month after `a`'s.
pub fn consecutive(a: NaiveDate, b: NaiveDate) -> bool {
    previous_month(b) == (a.year(), a.month())
}

/// Monthly returns between consecutive calendar months of `ends`; a gap (a month left out
/// by [`align`]) starts the chain again.
pub fn returns(ends: &[MonthEnd]) -> Vec<MonthlyReturn> {
    ends.windows(2)
        .filter(|w| consecutive(w[0].month_end, w[1].month_end))
        .map(|w| MonthlyReturn {
            month_end: w[1].month_end,
            ours: w[1].ours / w[0].ours - 1.0,
            index: w[1].index / w[0].index - 1.0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn calendar_month_ends_match_the_last_trading_day_on_or_before_them() {
        // 1990-03-31 is a Saturday: the run's Friday 1990-03-30 is used.
        let dates = [
            d("1990-01-31"),
            d("1990-02-27"),
            d("1990-03-30"),
            d("1990-04-02"),
        ];
        let equity = [100.0, 110.0, 99.0, 98.0];
        let idx_dates = [
            d("1989-12-29"),
            d("1990-01-31"),
            d("1990-02-28"),
            d("1990-03-31"),
        ];
        let idx = [50.0, 51.0, 52.0, 53.0];
        let ends = align(&dates, &equity, &idx_dates, &idx);
        let got: Vec<_> = ends
            .iter()
            .map(|e| (e.ours_date, e.ours, e.index))
            .collect();
        assert_eq!(
            got,
            [
                (d("1990-01-31"), 100.0, 51.0),
                (d("1990-02-27"), 110.0, 52.0),
                (d("1990-03-30"), 99.0, 53.0)
            ]
        );
        let r = returns(&ends);
        assert_eq!(r.len(), 2);
        assert!((r[0].ours - 0.10).abs() < 1e-12 && (r[0].index - 1.0 / 51.0).abs() < 1e-12);
        assert!((r[1].ours + 0.10).abs() < 1e-12);
    }

    #[test]
    fn unfinished_and_missing_months_are_left_out_and_break_the_chain() {
        // No run day in February; the run ends 1990-04-10, before April's month-end.
        let dates = [d("1990-01-31"), d("1990-03-30"), d("1990-04-10")];
        let equity = [100.0, 120.0, 130.0];
        let idx_dates = [
            d("1990-01-31"),
            d("1990-02-28"),
            d("1990-03-30"),
            d("1990-04-30"),
        ];
        let idx = [1.0, 2.0, 3.0, 4.0];
        let ends = align(&dates, &equity, &idx_dates, &idx);
        assert_eq!(ends.len(), 2);
        assert!(
            returns(&ends).is_empty(),
            "January to March is not one month"
        );
        // A missing index level is skipped the same way.
        let ends = align(&dates, &equity, &idx_dates[..3], &[1.0, f64::NAN, f64::NAN]);
        assert_eq!(ends.len(), 1);
    }
}
