//! VX futures contract months: month codes, labels, the standard expiration rule and the
//! old 10x price scale.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Futures month codes, January to December.
pub const MONTH_CODES: [char; 12] = ['F', 'G', 'H', 'J', 'K', 'M', 'N', 'Q', 'U', 'V', 'X', 'Z'];

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// First trade date quoted in VIX points; earlier VX prices are 10 x VIX (e.g. 212.40 =
/// 21.24 VIX points).
pub fn vix_points_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2007, 3, 26).unwrap_or_default()
}

/// The month after `m`.
pub fn next_month((y, m): (i32, u32)) -> (i32, u32) {
    if m == 12 { (y + 1, 1) } else { (y, m + 1) }
}

/// `2008-01` style name of a contract month.
pub fn month_name((y, m): (i32, u32)) -> String {
    format!("{y:04}-{m:02}")
}

/// Standard VIX expiration of contract month `(year, month)`: the Wednesday 30 days before
/// the third Friday of the following month. Holiday shifts (to the Tuesday before) are not
/// applied: the true expiration is this date or at most a few days earlier.
pub fn standard_expiry(month: (i32, u32)) -> NaiveDate {
    let (y, m) = next_month(month);
    NaiveDate::from_weekday_of_month_opt(y, m, Weekday::Fri, 3)
        .and_then(|d| d.checked_sub_days(Days::new(30)))
        .unwrap_or_default()
}

/// The earliest contract month whose standard expiration is on or after `date`: the front
/// contract still trading on `date`.
pub fn front_month_on(date: NaiveDate) -> (i32, u32) {
    let mut m = (date.year(), date.month());
    // Two steps at most: this month's expiry, else next month's.
    for _ in 0..3 {
        if standard_expiry(m) >= date {
            return m;
        }
        m = next_month(m);
    }
    m
}

/// Contract month from a CFE `Futures` label such as `F (Jan 08)`.
pub fn parse_futures_label(label: &str) -> Option<(i32, u32)> {
    let label = label.trim();
    let code = label.chars().next()?;
    let code_month = MONTH_CODES.iter().position(|c| *c == code)? as u32 + 1;
    let inner = label
        .get(1..)?
        .trim()
        .strip_prefix('(')?
        .strip_suffix(')')?;
    let (name, yy) = inner.trim().split_once(' ')?;
    let name_month = MONTH_NAMES
        .iter()
        .position(|n| n.eq_ignore_ascii_case(name))? as u32
        + 1;
    let yy: i32 = yy.trim().parse().ok()?;
    (code_month == name_month && (0..100).contains(&yy)).then_some((2000 + yy, code_month))
}

/// Contract month from a CFE file name such as `CFE_F08_VX.csv`.
pub fn parse_file_name(name: &str) -> Option<(i32, u32)> {
    let rest = name.strip_prefix("CFE_")?;
    let mut chars = rest.chars();
    let code = chars.next()?;
    let month = MONTH_CODES.iter().position(|c| *c == code)? as u32 + 1;
    let yy: i32 = rest.get(1..3)?.parse().ok()?;
    rest.get(3..)?
        .starts_with("_VX")
        .then_some((2000 + yy, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn standard_expiries_match_known_final_settlement_days() {
        assert_eq!(standard_expiry((2004, 5)), d(2004, 5, 19));
        assert_eq!(standard_expiry((2008, 1)), d(2008, 1, 16));
        assert_eq!(standard_expiry((2026, 4)), d(2026, 4, 15));
        assert_eq!(front_month_on(d(2026, 4, 16)), (2026, 5));
        assert_eq!(front_month_on(d(2026, 4, 15)), (2026, 4));
    }

    #[test]
    fn labels_and_file_names_give_the_contract_month() {
        assert_eq!(parse_futures_label("F (Jan 08)"), Some((2008, 1)));
        assert_eq!(parse_futures_label("V (Oct 04)"), Some((2004, 10)));
        assert_eq!(parse_futures_label("F (Feb 08)"), None);
        assert_eq!(parse_file_name("CFE_Q09_VX.csv"), Some((2009, 8)));
        assert_eq!(parse_file_name("spx.csv"), None);
    }
}
