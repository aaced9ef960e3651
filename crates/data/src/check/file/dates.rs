//! Date checks shared by every kind of file: duplicates, order, calendar gaps, rows on days
//! the NYSE was closed, long breaks between rows.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::calendar;
use crate::finding::{Finding, Severity, Tally};

/// Rows further apart than this many calendar days are reported as a break.
pub const SPARSE_DAYS: i64 = 7;

/// Last year the NYSE traded on Saturdays (until 1952-05-24 in the data).
const SATURDAY_TRADING_UNTIL: i32 = 1952;

/// First and last date the NYSE calendar covers with its closure table.
fn calendar_span() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(calendar::FIRST_YEAR, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(calendar::LAST_YEAR, 12, 31).unwrap_or_default(),
    )
}

/// Accumulates date findings over one or more tables of a file.
#[derive(Debug, Default)]
pub(crate) struct DateChecks {
    pub duplicates: Tally,
    pub out_of_order: Tally,
    pub gaps: Tally,
    pub non_trading: Tally,
    pub old_saturdays: Tally,
    pub last_old_saturday: Option<NaiveDate>,
    pub sparse: Tally,
    pub longest_break: Option<(i64, NaiveDate, NaiveDate)>,
}

impl DateChecks {
    /// Check one table's dates; `prefix` labels examples (e.g. the contract month).
    pub fn check(&mut self, dates: &[NaiveDate], lines: &[u32], prefix: &str) {
        let line = |i: usize| lines.get(i).copied().unwrap_or(0);
        for i in 1..dates.len() {
            if dates[i] < dates[i - 1] {
                self.out_of_order.add(|| {
                    format!(
                        "{prefix}line {}: {} after {} (line {})",
                        line(i),
                        dates[i],
                        dates[i - 1],
                        line(i - 1)
                    )
                });
            }
        }
        let mut order: Vec<usize> = (0..dates.len()).collect();
        order.sort_by_key(|&i| (dates[i], i));
        for w in order.windows(2) {
            if dates[w[0]] == dates[w[1]] {
                self.duplicates.add(|| {
                    format!(
                        "{prefix}line {}: {} repeats line {}",
                        line(w[1]),
                        dates[w[1]],
                        line(w[0])
                    )
                });
            }
        }
        let (cal_from, cal_to) = calendar_span();
        for &i in &order {
            let d = dates[i];
            match d.weekday() {
                Weekday::Sat if d.year() <= SATURDAY_TRADING_UNTIL => {
                    self.old_saturdays.count += 1;
                    self.last_old_saturday = Some(d);
                }
                Weekday::Sat | Weekday::Sun => self
                    .non_trading
                    .add(|| format!("{prefix}line {}: {d} ({})", line(i), d.weekday())),
                _ if d >= cal_from && d <= cal_to => {
                    if let Some(name) = calendar::holiday_name(d) {
                        self.non_trading
                            .add(|| format!("{prefix}line {}: {d} ({name})", line(i)));
                    }
                }
                _ => {}
            }
        }
        for w in order.windows(2) {
            let (a, b) = (dates[w[0]], dates[w[1]]);
            let days = (b - a).num_days();
            if days > SPARSE_DAYS {
                self.sparse
                    .add(|| format!("{prefix}no row from {a} to {b} ({days} days)"));
                if self.longest_break.is_none_or(|(n, _, _)| days > n) {
                    self.longest_break = Some((days, a, b));
                }
            }
            // Trading days strictly between a and b, inside the calendar's span.
            let Some(mut d) = a.checked_add_days(Days::new(1)) else {
                continue;
            };
            d = d.max(cal_from);
            while d < b && d <= cal_to {
                if calendar::is_trading_day(d) {
                    self.gaps.add(|| format!("{prefix}{d}"));
                }
                d = d.succ_opt().unwrap_or(b);
            }
        }
    }

    /// Turn the tallies into findings; `gap_severity` applies to calendar gaps and rows on
    /// closed days (info for series published on another calendar, such as T-bill rates).
    pub fn findings(self, gap_severity: Severity, out: &mut Vec<Finding>) {
        out.extend(
            self.duplicates
                .finding(Severity::Error, "duplicate_dates", |n| {
                    format!("{n} rows repeat an earlier date; accepted: one row per date")
                }),
        );
        out.extend(self.out_of_order.finding(Severity::Error, "dates_out_of_order", |n| {
            format!("{n} rows dated before the row above them; accepted: dates in ascending order")
        }));
        out.extend(self.gaps.finding(gap_severity, "calendar_gaps", |n| {
            format!("{n} NYSE trading days inside the file's range have no row")
        }));
        out.extend(
            self.non_trading
                .finding(gap_severity, "non_trading_days", |n| {
                    format!("{n} rows on days the NYSE was closed (weekends, holidays, closures)")
                }),
        );
        if let Some(last) = self.last_old_saturday {
            out.push(Finding::new(
                Severity::Info,
                "saturday_rows",
                self.old_saturdays.count,
                format!(
                    "{} Saturday rows (last {last}); the NYSE traded on Saturdays until 1952",
                    self.old_saturdays.count
                ),
            ));
        }
        let longest = self.longest_break;
        out.extend(self.sparse.finding(gap_severity, "sparse_rows", |n| {
            let l = longest
                .map(|(d, a, b)| format!("; longest {d} days, {a} to {b}"))
                .unwrap_or_default();
            format!("{n} breaks of more than {SPARSE_DAYS} calendar days between rows{l}")
        }));
    }
}
