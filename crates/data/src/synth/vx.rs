//! Monthly VX futures contracts: expiration dates and the listed strip.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::calendar;

/// VIX expiration for contract month (`year`, `month`): the Wednesday 30 days before the
/// third Friday of the following month. When that Friday is an exchange holiday the
/// expiration is 30 days before the trading day preceding it; when the Wednesday itself is
/// a holiday, the trading day before it.
pub fn vix_expiration(year: i32, month: u32) -> NaiveDate {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let friday = NaiveDate::from_weekday_of_month_opt(ny, nm, Weekday::Fri, 3)
        .expect("every month has a third Friday");
    let friday = calendar::on_or_before(friday);
    calendar::on_or_before(friday - Days::new(30))
}

/// The contract month (`year`, `month`) whose expiration is the first on or after `date`.
pub fn front_month(date: NaiveDate) -> (i32, u32) {
    let mut ym = (date.year(), date.month());
    // The expiration of month M falls in month M itself (mid-month), so the front contract
    // is this month's or next month's.
    while vix_expiration(ym.0, ym.1) < date {
        ym = next_month(ym);
    }
    ym
}

/// The calendar month after `ym`.
pub fn next_month((y, m): (i32, u32)) -> (i32, u32) {
    if m == 12 { (y + 1, 1) } else { (y, m + 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn vix_expirations_match_cboe_history() {
        // Ordinary Wednesdays.
        assert_eq!(vix_expiration(2008, 1), d(2008, 1, 16));
        assert_eq!(vix_expiration(2020, 3), d(2020, 3, 18));
        // Holiday-shifted (Tuesday) expirations listed in the data README.
        assert_eq!(vix_expiration(2014, 3), d(2014, 3, 18));
        assert_eq!(vix_expiration(2019, 3), d(2019, 3, 19));
        assert_eq!(vix_expiration(2022, 3), d(2022, 3, 15));
        assert_eq!(vix_expiration(2024, 6), d(2024, 6, 18));
        assert_eq!(vix_expiration(2025, 3), d(2025, 3, 18));
    }

    #[test]
    fn front_month_rolls_after_expiration() {
        assert_eq!(front_month(d(2020, 3, 18)), (2020, 3));
        assert_eq!(front_month(d(2020, 3, 19)), (2020, 4));
        assert_eq!(front_month(d(2020, 3, 2)), (2020, 3));
    }
}
