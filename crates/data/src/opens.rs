//! How much of the day's move the SPX Open holds, year by year: which Opens are opening
//! levels, and the share of the day's move an opening level is expected to have done (the
//! market model's `stale_open_share`, reproduced by `ringfence calibrate opens`; `ringfence
//! data check` flags years that look like the other kind).
//!
//! An index's first print is computed on the last prices of its stocks, the previous
//! close for every stock not yet open, so it sits near the previous close whatever the
//! morning does; the level at which the stocks actually opened (the SOQ that settles AM
//! options) moves with the day. The least-squares slope of the overnight gap
//! `ln(open / previous close)` on the day's move `ln(close / previous close)` tells the two
//! apart: near 0 for first prints, the share of the day's variance realised by the open for
//! opening levels. Only Opens that are not copies of the previous close count (load the
//! history with an early `spx_real_opens_from` to see them all).

use chrono::{Datelike, NaiveDate};

use crate::history::MarketHistory;

/// The Opens of one span of days (a calendar year, or every day from a date).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpenGaps {
    /// Days in the span (after the first day of the history).
    pub days: usize,
    /// Days whose Open is a real print by [`MarketHistory::spx_open_is_real`].
    pub real: usize,
    /// Least-squares slope (through the origin) of the gap on the day's move over the real
    /// days; `None` without a real day with a move.
    pub slope: Option<f64>,
    /// Share of the close-to-close variance in the gap over the real days,
    /// `sum gap^2 / sum move^2`.
    pub gap_variance_share: Option<f64>,
}

/// Sums over the real days of a span.
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    days: usize,
    real: usize,
    gap_move: f64,
    move_sq: f64,
    gap_sq: f64,
}

impl Sums {
    fn add(&mut self, h: &MarketHistory, d: usize) {
        self.days += 1;
        if !h.spx_open_is_real[d] {
            return;
        }
        self.add_move(h, d, h.spx.open[d]);
    }

    /// Count `level` of day `d` (an Open, or a settlement value) against the day's move:
    /// `ln(level / previous close)` on `ln(close / previous close)`, skipped when either is
    /// not finite.
    fn add_move(&mut self, h: &MarketHistory, d: usize, level: f64) {
        let prev = h.spx.close[d - 1];
        let gap = (level / prev).ln();
        let day_move = (h.spx.close[d] / prev).ln();
        if !(gap.is_finite() && day_move.is_finite()) {
            return;
        }
        self.real += 1;
        self.gap_move += gap * day_move;
        self.move_sq += day_move * day_move;
        self.gap_sq += gap * gap;
    }

    fn gaps(&self) -> OpenGaps {
        let has_move = self.move_sq > 0.0;
        OpenGaps {
            days: self.days,
            real: self.real,
            slope: has_move.then(|| self.gap_move / self.move_sq),
            gap_variance_share: has_move.then(|| self.gap_sq / self.move_sq),
        }
    }
}

/// [`OpenGaps`] of every calendar year of `h`, ascending (the first day of the history,
/// which has no previous close, is left out).
pub fn open_gaps_by_year(h: &MarketHistory) -> Vec<(i32, OpenGaps)> {
    let mut years: Vec<(i32, Sums)> = Vec::new();
    for d in 1..h.len() {
        let year = h.dates[d].year();
        if years.last().is_none_or(|(y, _)| *y != year) {
            years.push((year, Sums::default()));
        }
        if let Some((_, s)) = years.last_mut() {
            s.add(h, d);
        }
    }
    years.into_iter().map(|(y, s)| (y, s.gaps())).collect()
}

/// Where the real settlement values of `h` ([`MarketHistory::spx_set`]) sit in the day's
/// move: the least-squares slope (through the origin) of `ln(SET / previous close)` on
/// `ln(close / previous close)` over the days with a value, and how many there are. It is
/// the share the model's `stale_open_share` estimates, measured on what AM options settle
/// at; `None` without a day with a move.
pub fn set_share(h: &MarketHistory) -> (usize, Option<f64>) {
    set_share_before(h, NaiveDate::MAX)
}

/// [`set_share`] over the days before `until` only: dated before the first real opening
/// print, the days whose AM settlements the model estimates from both closes
/// (`stale_open_share`).
pub fn set_share_before(h: &MarketHistory, until: NaiveDate) -> (usize, Option<f64>) {
    let mut s = Sums::default();
    for d in 1..h.len() {
        if h.dates[d] < until {
            s.add_move(h, d, h.spx_set[d]);
        }
    }
    let g = s.gaps();
    (g.real, g.slope)
}

/// [`OpenGaps`] pooled over the days of `h` from `from` on: its slope is the expected share
/// of the day's move done at the open, the model's `stale_open_share` when `from` is the
/// first date of real opening prints.
pub fn open_gaps_from(h: &MarketHistory, from: NaiveDate) -> OpenGaps {
    let mut s = Sums::default();
    for d in 1..h.len() {
        if h.dates[d] >= from {
            s.add(h, d);
        }
    }
    s.gaps()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::history::{AlignmentReport, Ohlc, VxSettles};

    /// A history of (date, open, close) rows, `real` marking the Opens that count.
    pub(crate) fn history(rows: &[(&str, f64, f64)], real: &[bool]) -> MarketHistory {
        let n = rows.len();
        let col = |v: f64| vec![v; n];
        MarketHistory {
            dates: rows
                .iter()
                .map(|(d, _, _)| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())
                .collect(),
            spx: Ohlc {
                open: rows.iter().map(|r| r.1).collect(),
                high: rows.iter().map(|r| r.1.max(r.2)).collect(),
                low: rows.iter().map(|r| r.1.min(r.2)).collect(),
                close: rows.iter().map(|r| r.2).collect(),
            },
            spx_open_is_real: real.to_vec(),
            spx_set: col(f64::NAN),
            spx_div_yield: col(f64::NAN),
            vix: Ohlc {
                open: col(20.0),
                high: col(20.0),
                low: col(20.0),
                close: col(20.0),
            },
            vix9d: col(f64::NAN),
            vix3m: col(f64::NAN),
            vix6m: col(f64::NAN),
            vvix: col(f64::NAN),
            skew: col(f64::NAN),
            rate: col(0.01),
            vx: VxSettles::default(),
            alignment: AlignmentReport::default(),
            sources: Vec::new(),
        }
    }

    #[test]
    fn an_open_a_third_of_the_way_has_slope_a_third_and_copies_do_not_count() {
        // Previous close 100; each day opens a third of the way (in logs) to its close.
        let third = |prev: f64, close: f64| prev * (close / prev).powf(1.0 / 3.0);
        let rows = [
            ("2016-12-29", 100.0, 100.0),
            ("2016-12-30", 100.0, 103.0), // a copy of the previous close: not real
            ("2017-01-03", third(103.0, 99.0), 99.0),
            ("2017-01-04", third(99.0, 101.0), 101.0),
        ];
        let h = history(&rows, &[false, false, true, true]);
        let years = open_gaps_by_year(&h);
        assert_eq!(years.len(), 2);
        assert_eq!((years[0].0, years[0].1.days, years[0].1.real), (2016, 1, 0));
        assert_eq!(years[0].1.slope, None);
        assert_eq!((years[1].0, years[1].1.days, years[1].1.real), (2017, 2, 2));
        let slope = years[1].1.slope.unwrap();
        assert!((slope - 1.0 / 3.0).abs() < 1e-12, "{slope}");
        let share = years[1].1.gap_variance_share.unwrap();
        assert!((share - 1.0 / 9.0).abs() < 1e-12, "{share}");
        let from = open_gaps_from(&h, NaiveDate::from_ymd_opt(2017, 1, 4).unwrap());
        assert_eq!((from.days, from.real), (1, 1));
        assert!((from.slope.unwrap() - 1.0 / 3.0).abs() < 1e-12);
    }
}
