//! NYSE trading calendar, 1990 to 2035.
//!
//! Rules (NYSE Rule 7.2 and its history):
//! - Weekends are closed.
//! - New Year's Day (Jan 1; Sunday -> Monday; Saturday -> not observed), Martin Luther King Jr.
//!   Day (third Monday of January, from 1998), Washington's Birthday (third Monday of February),
//!   Good Friday, Memorial Day (last Monday of May), Juneteenth (June 19, from 2022),
//!   Independence Day (July 4), Labor Day (first Monday of September), Thanksgiving (fourth
//!   Thursday of November), Christmas (December 25). Holidays other than New Year's Day that
//!   fall on a Saturday are observed on the Friday before, on a Sunday on the Monday after.
//! - Unscheduled closures: 1994-04-27 (Nixon), 2001-09-11 to 2001-09-14 (September 11),
//!   2004-06-11 (Reagan), 2007-01-02 (Ford), 2012-10-29 and 2012-10-30 (Hurricane Sandy),
//!   2018-12-05 (G. H. W. Bush), 2025-01-09 (Carter).
//!
//! Lookups are O(1) on a table built once; dates outside [`FIRST_YEAR`, `LAST_YEAR`] are
//! answered by the weekday and rule-based holidays only (no unscheduled closures).

use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// First year covered by the closure table.
pub const FIRST_YEAR: i32 = 1990;
/// Last year covered by the closure table.
pub const LAST_YEAR: i32 = 2035;

/// Unscheduled full-day closures since 1990, with their reason.
pub const UNSCHEDULED_CLOSURES: [(i32, u32, u32, &str); 11] = [
    (1994, 4, 27, "National Day of Mourning (Richard Nixon)"),
    (2001, 9, 11, "September 11 attacks"),
    (2001, 9, 12, "September 11 attacks"),
    (2001, 9, 13, "September 11 attacks"),
    (2001, 9, 14, "September 11 attacks"),
    (2004, 6, 11, "National Day of Mourning (Ronald Reagan)"),
    (2007, 1, 2, "National Day of Mourning (Gerald Ford)"),
    (2012, 10, 29, "Hurricane Sandy"),
    (2012, 10, 30, "Hurricane Sandy"),
    (2018, 12, 5, "National Day of Mourning (George H. W. Bush)"),
    (2025, 1, 9, "National Day of Mourning (Jimmy Carter)"),
];

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    // Callers only pass valid calendar dates built from rules below.
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar date")
}

/// The `n`-th (1-based) `weekday` of a month.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8).expect("nth weekday exists")
}

/// The last `weekday` of a month.
fn last_weekday(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    let next_month = if month == 12 {
        ymd(year + 1, 1, 1)
    } else {
        ymd(year, month + 1, 1)
    };
    let mut d = next_month.pred_opt().expect("date after epoch");
    while d.weekday() != weekday {
        d = d.pred_opt().expect("date after epoch");
    }
    d
}

/// Easter Sunday (Gregorian, anonymous algorithm).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

/// Saturday -> Friday before, Sunday -> Monday after.
fn observed(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d.pred_opt().expect("date after epoch"),
        Weekday::Sun => d.succ_opt().expect("date before end of time"),
        _ => d,
    }
}

/// Rule-based NYSE holidays of one year (observed dates), with names, in date order.
pub fn scheduled_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut out = Vec::with_capacity(11);
    let new_year = ymd(year, 1, 1);
    match new_year.weekday() {
        Weekday::Sat => {}
        Weekday::Sun => out.push((ymd(year, 1, 2), "New Year's Day")),
        _ => out.push((new_year, "New Year's Day")),
    }
    if year >= 1998 {
        out.push((
            nth_weekday(year, 1, Weekday::Mon, 3),
            "Martin Luther King Jr. Day",
        ));
    }
    out.push((
        nth_weekday(year, 2, Weekday::Mon, 3),
        "Washington's Birthday",
    ));
    let good_friday = easter_sunday(year) - Days::new(2);
    out.push((good_friday, "Good Friday"));
    out.push((last_weekday(year, 5, Weekday::Mon), "Memorial Day"));
    if year >= 2022 {
        out.push((observed(ymd(year, 6, 19)), "Juneteenth"));
    }
    out.push((observed(ymd(year, 7, 4)), "Independence Day"));
    out.push((nth_weekday(year, 9, Weekday::Mon, 1), "Labor Day"));
    out.push((nth_weekday(year, 11, Weekday::Thu, 4), "Thanksgiving Day"));
    out.push((observed(ymd(year, 12, 25)), "Christmas Day"));
    out.sort_by_key(|(d, _)| *d);
    out
}

/// Closure table: one entry per calendar day from Jan 1 of `FIRST_YEAR` to Dec 31 of
/// `LAST_YEAR`; `Some(name)` on holidays.
struct Table {
    start: NaiveDate,
    names: Vec<Option<&'static str>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let start = ymd(FIRST_YEAR, 1, 1);
        let end = ymd(LAST_YEAR, 12, 31);
        let len = (end - start).num_days() as usize + 1;
        let mut names = vec![None; len];
        for year in FIRST_YEAR..=LAST_YEAR {
            for (d, name) in scheduled_holidays(year) {
                names[(d - start).num_days() as usize] = Some(name);
            }
        }
        for (y, m, d, name) in UNSCHEDULED_CLOSURES.iter() {
            names[(ymd(*y, *m, *d) - start).num_days() as usize] = Some(*name);
        }
        Table { start, names }
    })
}

/// Name of the NYSE holiday or closure on `date` (weekdays only), if any.
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        return None;
    }
    let t = table();
    let offset = (date - t.start).num_days();
    if offset >= 0 && (offset as usize) < t.names.len() {
        return t.names[offset as usize];
    }
    scheduled_holidays(date.year())
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, n)| n)
}

/// True when NYSE is open on `date` (a weekday that is not a holiday or closure).
pub fn is_trading_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && holiday_name(date).is_none()
}

/// First trading day strictly after `date`.
pub fn next_trading_day(date: NaiveDate) -> NaiveDate {
    let mut d = date.succ_opt().expect("date before end of time");
    while !is_trading_day(d) {
        d = d.succ_opt().expect("date before end of time");
    }
    d
}

/// Last trading day strictly before `date`.
pub fn prev_trading_day(date: NaiveDate) -> NaiveDate {
    let mut d = date.pred_opt().expect("date after epoch");
    while !is_trading_day(d) {
        d = d.pred_opt().expect("date after epoch");
    }
    d
}

/// `date` if it is a trading day, else the last trading day before it.
pub fn on_or_before(date: NaiveDate) -> NaiveDate {
    if is_trading_day(date) {
        date
    } else {
        prev_trading_day(date)
    }
}

/// Trading days in `[from, to]`, ascending.
pub fn trading_days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| is_trading_day(*d))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates_are_known() {
        assert_eq!(easter_sunday(2008), ymd(2008, 3, 23));
        assert_eq!(easter_sunday(2019), ymd(2019, 4, 21));
        assert_eq!(easter_sunday(2024), ymd(2024, 3, 31));
    }

    #[test]
    fn observed_holidays_follow_weekend_rules() {
        // July 4, 2021 was a Sunday: closed Monday the 5th.
        assert!(!is_trading_day(ymd(2021, 7, 5)));
        // Christmas 2021 on Saturday: closed Friday the 24th.
        assert!(!is_trading_day(ymd(2021, 12, 24)));
        // New Year's Day 2022 on Saturday: Friday 2021-12-31 was a trading day.
        assert!(is_trading_day(ymd(2021, 12, 31)));
        // Juneteenth only from 2022; 2022-06-19 was a Sunday -> Monday 20th.
        assert!(!is_trading_day(ymd(2022, 6, 20)));
        assert!(is_trading_day(ymd(2021, 6, 18)));
        // MLK from 1998 only.
        assert!(is_trading_day(ymd(1997, 1, 20)));
        assert!(!is_trading_day(ymd(1998, 1, 19)));
    }

    #[test]
    fn unscheduled_closures_are_closed() {
        for (y, m, d, _) in UNSCHEDULED_CLOSURES.iter() {
            assert!(!is_trading_day(ymd(*y, *m, *d)), "{y}-{m}-{d}");
        }
        assert_eq!(holiday_name(ymd(2012, 10, 29)), Some("Hurricane Sandy"));
    }

    #[test]
    fn trading_days_in_2019_number_252() {
        assert_eq!(trading_days(ymd(2019, 1, 1), ymd(2019, 12, 31)).len(), 252);
    }

    #[test]
    fn next_and_previous_skip_closures() {
        assert_eq!(next_trading_day(ymd(2001, 9, 10)), ymd(2001, 9, 17));
        assert_eq!(prev_trading_day(ymd(2014, 4, 21)), ymd(2014, 4, 17));
    }
}
