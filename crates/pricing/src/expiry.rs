//! Listed SPX option expiries and VIX expiration dates, 1990-2035.
//!
//! Built on the NYSE calendar of [`ringfence_data::calendar`]. Listing history (the first
//! expiry date of each series; the exact launch weeks are approximations of Cboe's
//! announcements):
//!
//! | series | expiries | settlement |
//! |---|---|---|
//! | monthly (SPX) | third Friday of every month | AM, SET from the open ([`Settlement::AmOpen`]) |
//! | Friday weeklies (SPXW) | Fridays from 2005-11-04 | PM, the close ([`Settlement::PmClose`]) |
//! | Wednesday weeklies | from 2016-02-24 | PM |
//! | Monday weeklies | from 2016-08-15 | PM |
//! | Tuesday weeklies | from 2022-04-19 | PM |
//! | Thursday weeklies | from 2022-05-12 | PM |
//!
//! Holiday rule: an expiry whose day is not a trading day moves to the previous trading day
//! (Good Friday 2014-04-18 -> Thursday 2014-04-17), keeping its kind and settlement style.
//! One expiry per date: on a third Friday the monthly is listed (PM-settled third-Friday
//! SPXW, quarterly and end-of-month series are not modelled), and a weekly moved onto a day
//! that already has an expiry merges into it. `Expiry::date` of an AM-settled monthly is the
//! settlement (SET) day; its last trading day is the trading day before
//! ([`Expiry::last_trading_day`]).
//!
//! VIX expiration (VX futures and VIX options of contract month `M`): the Wednesday 30
//! calendar days before the third-Friday SPX expiration of month `M + 1`; when that Friday is
//! a holiday, 30 days before the trading day preceding it; when the Wednesday is a holiday,
//! the trading day before. The expiration always falls inside month `M`. Exception: in
//! 2004, CFE's first year, VX settled on the Wednesday before the third Friday of the
//! contract month itself (then "last trading day: the Tuesday prior to the third Friday");
//! the two rules differ for July and October 2004, which settled 2004-07-14 and 2004-10-13
//! in CFE's data. Contract months through December 2004 follow that original rule
//! ([`ORIGINAL_VIX_RULE_UNTIL`]); months before March 2004 have no real contract.
//!
//! All tables are built once (`OnceLock`); lookups are binary searches or O(1) indexing and
//! allocate nothing.

use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use ringfence_data::calendar::{is_trading_day, prev_trading_day};
use serde::{Deserialize, Serialize};

use crate::error::{PricingError, Result};

/// First year of the expiry tables.
pub const FIRST_YEAR: i32 = 1990;
/// Last year of the expiry tables.
pub const LAST_YEAR: i32 = 2035;

const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("invalid constant date"),
    }
}

/// First covered date (1990-01-01).
pub const FIRST_DATE: NaiveDate = ymd(FIRST_YEAR, 1, 1);
/// Last covered date (2035-12-31).
pub const LAST_DATE: NaiveDate = ymd(LAST_YEAR, 12, 31);
/// First Friday weekly (SPXW) expiry.
pub const FRIDAY_WEEKLIES_FROM: NaiveDate = ymd(2005, 11, 4);
/// First Wednesday weekly expiry.
pub const WEDNESDAY_WEEKLIES_FROM: NaiveDate = ymd(2016, 2, 24);
/// First Monday weekly expiry.
pub const MONDAY_WEEKLIES_FROM: NaiveDate = ymd(2016, 8, 15);
/// First Tuesday weekly expiry.
pub const TUESDAY_WEEKLIES_FROM: NaiveDate = ymd(2022, 4, 19);
/// First Thursday weekly expiry.
pub const THURSDAY_WEEKLIES_FROM: NaiveDate = ymd(2022, 5, 12);

/// Last contract month `(year, month)` settled by CFE's original 2004 rule (the Wednesday
/// before the third Friday of the contract month).
pub const ORIGINAL_VIX_RULE_UNTIL: (i32, u32) = (2004, 12);
/// First VX contract month (May 2004; CFE opened on 2004-03-26).
pub const FIRST_VX_CONTRACT: (i32, u32) = (2004, 5);

/// Monthly (third-Friday) or weekly series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpiryKind {
    /// Standard monthly SPX option, third Friday.
    Monthly,
    /// SPXW weekly.
    Weekly,
}

/// How the expiring options settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Settlement {
    /// Special opening quotation (SET) on the expiry date's morning (monthly SPX).
    AmOpen,
    /// The index close of the expiry date (SPXW weeklies).
    PmClose,
}

/// One listed SPX expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Expiry {
    /// Expiration (settlement) date, a NYSE trading day.
    pub date: NaiveDate,
    /// Monthly or weekly series.
    pub kind: ExpiryKind,
    /// AM (open) or PM (close) settlement.
    pub settlement: Settlement,
}

impl Expiry {
    /// The expiry on `date` of a listed root: an AM-settled root (SPX) is the monthly series,
    /// a PM-settled one (SPXW) the weekly.
    pub fn from_settlement(date: NaiveDate, am_settled: bool) -> Expiry {
        if am_settled {
            Expiry {
                date,
                kind: ExpiryKind::Monthly,
                settlement: Settlement::AmOpen,
            }
        } else {
            Expiry {
                date,
                kind: ExpiryKind::Weekly,
                settlement: Settlement::PmClose,
            }
        }
    }

    /// Calendar days from `from` to the expiry (negative when it has passed).
    #[inline]
    pub fn dte(&self, from: NaiveDate) -> i64 {
        (self.date - from).num_days()
    }

    /// Time to expiry in years of calendar time (calendar days / 365), floored at 0.
    #[inline]
    pub fn t_years(&self, from: NaiveDate) -> f64 {
        (self.dte(from).max(0) as f64) / 365.0
    }

    /// Last day the options trade: the trading day before the date for AM settlement, the
    /// date itself for PM settlement.
    pub fn last_trading_day(&self) -> NaiveDate {
        match self.settlement {
            Settlement::AmOpen => prev_trading_day(self.date),
            Settlement::PmClose => self.date,
        }
    }
}

struct Tables {
    all: Vec<Expiry>,
    monthly: Vec<Expiry>,
    /// VIX expiration of contract month `(FIRST_YEAR + i / 12, i % 12 + 1)`.
    vix: Vec<NaiveDate>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(build_tables)
}

/// Third Friday of a month (before any holiday adjustment).
pub fn third_friday(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Fri, 3)
}

/// `date` if NYSE trades that day, else the previous trading day.
fn on_or_before_trading(date: NaiveDate) -> NaiveDate {
    if is_trading_day(date) {
        date
    } else {
        prev_trading_day(date)
    }
}

fn monthly_for(year: i32, month: u32) -> Expiry {
    let friday = third_friday(year, month).unwrap_or(FIRST_DATE);
    Expiry {
        date: on_or_before_trading(friday),
        kind: ExpiryKind::Monthly,
        settlement: Settlement::AmOpen,
    }
}

fn vix_rule(year: i32, month: u32) -> NaiveDate {
    if (year, month) >= FIRST_VX_CONTRACT && (year, month) <= ORIGINAL_VIX_RULE_UNTIL {
        let friday = third_friday(year, month).unwrap_or(FIRST_DATE);
        let wednesday = friday.checked_sub_days(Days::new(2)).unwrap_or(friday);
        return on_or_before_trading(wednesday);
    }
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let spx = monthly_for(ny, nm).date;
    let wednesday = spx.checked_sub_days(Days::new(30)).unwrap_or(spx);
    on_or_before_trading(wednesday)
}

fn weekly_listed(date: NaiveDate) -> bool {
    let from = match date.weekday() {
        Weekday::Mon => MONDAY_WEEKLIES_FROM,
        Weekday::Tue => TUESDAY_WEEKLIES_FROM,
        Weekday::Wed => WEDNESDAY_WEEKLIES_FROM,
        Weekday::Thu => THURSDAY_WEEKLIES_FROM,
        Weekday::Fri => FRIDAY_WEEKLIES_FROM,
        Weekday::Sat | Weekday::Sun => return false,
    };
    date >= from
}

fn build_tables() -> Tables {
    let mut monthly = Vec::with_capacity(12 * 46);
    let mut vix = Vec::with_capacity(12 * 46);
    for year in FIRST_YEAR..=LAST_YEAR {
        for month in 1..=12 {
            monthly.push(monthly_for(year, month));
            vix.push(vix_rule(year, month));
        }
    }
    let mut all = monthly.clone();
    let first_weekly = FRIDAY_WEEKLIES_FROM.min(WEDNESDAY_WEEKLIES_FROM);
    for day in first_weekly.iter_days().take_while(|d| *d <= LAST_DATE) {
        if weekly_listed(day) && Some(day) != third_friday(day.year(), day.month()) {
            all.push(Expiry {
                date: on_or_before_trading(day),
                kind: ExpiryKind::Weekly,
                settlement: Settlement::PmClose,
            });
        }
    }
    // Monthly sorts before Weekly on the same date, so dedup keeps the monthly.
    all.sort_unstable();
    all.dedup_by_key(|e| e.date);
    Tables { all, monthly, vix }
}

fn check_range(date: NaiveDate) -> Result<()> {
    if (FIRST_DATE..=LAST_DATE).contains(&date) {
        Ok(())
    } else {
        Err(PricingError::DateOutOfRange {
            date,
            first: FIRST_DATE,
            last: LAST_DATE,
        })
    }
}

fn slice_between(table: &[Expiry], from: NaiveDate, to: NaiveDate) -> &[Expiry] {
    let start = table.partition_point(|e| e.date < from);
    let end = table.partition_point(|e| e.date <= to).max(start);
    &table[start..end]
}

/// Listed SPX expiries with `from <= date <= to`, ascending (no allocation). Dates outside
/// 1990-2035 simply have no entries.
pub fn listed_spx_expiries(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = Expiry> {
    slice_between(&tables().all, from, to).iter().copied()
}

/// Monthly (third-Friday, AM-settled) SPX expiries with `from <= date <= to`, ascending.
pub fn listed_spx_monthlies(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = Expiry> {
    slice_between(&tables().monthly, from, to).iter().copied()
}

/// The listed expiry on `date`, if there is one.
pub fn expiry_on(date: NaiveDate) -> Option<Expiry> {
    let all = &tables().all;
    all.binary_search_by_key(&date, |e| e.date)
        .ok()
        .map(|i| all[i])
}

/// The monthly SPX expiry of a month: its third Friday, or the trading day before when the
/// Friday is a holiday.
///
/// # Errors
/// [`PricingError::InvalidInput`] for a month outside 1-12;
/// [`PricingError::DateOutOfRange`] outside 1990-2035.
pub fn monthly_expiry(year: i32, month: u32) -> Result<Expiry> {
    let i = month_index(year, month)?;
    Ok(tables().monthly[i])
}

/// The listed expiry closest to `target_dte` calendar days after `date`, among those between
/// `min_dte` and `max_dte` days (inclusive). Ties go to the earlier expiry.
///
/// # Errors
/// [`PricingError::DateOutOfRange`] when `date` is outside 1990-2035;
/// [`PricingError::InvalidInput`] when `min_dte > max_dte`;
/// [`PricingError::NoListedExpiry`] when no expiry lies in the window.
pub fn nearest_expiry(
    date: NaiveDate,
    target_dte: u32,
    min_dte: u32,
    max_dte: u32,
    monthly_only: bool,
) -> Result<Expiry> {
    check_range(date)?;
    if min_dte > max_dte {
        return Err(PricingError::InvalidInput {
            name: "min_dte",
            value: f64::from(min_dte),
            expected: "at most max_dte",
        });
    }
    let t = tables();
    let table = if monthly_only { &t.monthly } else { &t.all };
    let none = || PricingError::NoListedExpiry {
        date,
        min_dte,
        max_dte,
        monthly_only,
    };
    let lo = date
        .checked_add_days(Days::new(u64::from(min_dte)))
        .ok_or_else(none)?;
    let hi = date
        .checked_add_days(Days::new(u64::from(max_dte)))
        .ok_or_else(none)?;
    let window = slice_between(table, lo, hi);
    let target = date
        .checked_add_days(Days::new(u64::from(target_dte)))
        .ok_or_else(none)?;
    let p = window.partition_point(|e| e.date < target);
    let before = p.checked_sub(1).and_then(|i| window.get(i));
    let after = window.get(p);
    match (before, after) {
        (Some(b), Some(a)) => {
            if (target - b.date) <= (a.date - target) {
                Ok(*b)
            } else {
                Ok(*a)
            }
        }
        (Some(e), None) | (None, Some(e)) => Ok(*e),
        (None, None) => Err(none()),
    }
}

fn month_index(year: i32, month: u32) -> Result<usize> {
    if !(1..=12).contains(&month) {
        return Err(PricingError::InvalidInput {
            name: "month",
            value: f64::from(month),
            expected: "a month number in 1..=12",
        });
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(if year < FIRST_YEAR {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    });
    check_range(first)?;
    Ok(((year - FIRST_YEAR) * 12) as usize + (month as usize - 1))
}

/// VIX expiration (final settlement date of VX futures and VIX options) of contract month
/// `(year, month)`. O(1).
///
/// # Errors
/// [`PricingError::InvalidInput`] for a month outside 1-12;
/// [`PricingError::DateOutOfRange`] outside 1990-2035.
pub fn vix_expiration(year: i32, month: u32) -> Result<NaiveDate> {
    let i = month_index(year, month)?;
    Ok(tables().vix[i])
}

/// The next `n` VIX expirations strictly after `date` (a contract settles at the open of
/// its expiration day, so it is no longer tradeable at that day's close), ascending.
/// Fewer than `n` near the end of 2035.
pub fn next_vix_expirations(date: NaiveDate, n: usize) -> impl Iterator<Item = NaiveDate> {
    let vix = &tables().vix;
    let start = vix.partition_point(|d| *d <= date);
    vix[start..].iter().copied().take(n)
}

/// Contract month `(year, month)` of a VIX expiration date (the month it falls in).
pub fn vix_contract_month(expiration: NaiveDate) -> (i32, u32) {
    (expiration.year(), expiration.month())
}
