//! Listed SPX expiries: hand-checked dates from the listing history and holiday rules.

use chrono::NaiveDate;
use ringfence_pricing::PricingError;
use ringfence_pricing::expiry::{
    Expiry, ExpiryKind, Settlement, expiry_on, listed_spx_expiries, listed_spx_monthlies,
    monthly_expiry, nearest_expiry, next_vix_expirations, vix_expiration,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn march_2020_monthly_expired_friday_2020_03_20_am_settled() {
    let e = expiry_on(d(2020, 3, 20)).unwrap();
    assert_eq!(e.kind, ExpiryKind::Monthly);
    assert_eq!(e.settlement, Settlement::AmOpen);
    assert_eq!(e.last_trading_day(), d(2020, 3, 19));
    assert_eq!(monthly_expiry(2020, 3).unwrap(), e);
}

#[test]
fn good_friday_2014_04_18_moved_the_april_monthly_to_thursday() {
    assert_eq!(monthly_expiry(2014, 4).unwrap().date, d(2014, 4, 17));
    assert_eq!(expiry_on(d(2014, 4, 18)), None);
    assert_eq!(expiry_on(d(2014, 4, 17)).unwrap().kind, ExpiryKind::Monthly);
}

#[test]
fn juneteenth_2026_moves_the_june_monthly_to_thursday_06_18() {
    assert_eq!(monthly_expiry(2026, 6).unwrap().date, d(2026, 6, 18));
}

#[test]
fn only_monthlies_were_listed_before_november_2005() {
    let v: Vec<Expiry> = listed_spx_expiries(d(2005, 1, 1), d(2005, 10, 31)).collect();
    assert_eq!(v.len(), 10);
    assert!(v.iter().all(|e| e.kind == ExpiryKind::Monthly));
    assert_eq!(v[0].date, d(2005, 1, 21));
}

#[test]
fn year_end_2008_had_friday_weeklies_and_nothing_on_wednesday_12_31() {
    let v: Vec<NaiveDate> = listed_spx_expiries(d(2008, 12, 15), d(2009, 1, 10))
        .map(|e| e.date)
        .collect();
    assert_eq!(
        v,
        vec![
            d(2008, 12, 19),
            d(2008, 12, 26),
            d(2009, 1, 2),
            d(2009, 1, 9)
        ]
    );
    assert_eq!(expiry_on(d(2008, 12, 31)), None);
    let w = expiry_on(d(2008, 12, 26)).unwrap();
    assert_eq!(
        (w.kind, w.settlement),
        (ExpiryKind::Weekly, Settlement::PmClose)
    );
}

#[test]
fn wednesday_weeklies_start_2016_02_24_and_mondays_2016_08_15() {
    assert_eq!(expiry_on(d(2016, 2, 17)), None);
    assert!(expiry_on(d(2016, 2, 24)).is_some());
    assert_eq!(expiry_on(d(2016, 8, 8)), None);
    assert!(expiry_on(d(2016, 8, 15)).is_some());
}

#[test]
fn from_mid_2022_every_trading_day_is_an_expiry() {
    let v: Vec<Expiry> = listed_spx_expiries(d(2022, 6, 6), d(2022, 6, 10)).collect();
    assert_eq!(v.len(), 5);
    // Juneteenth observed Monday 2022-06-20: the Monday weekly merges into Friday's monthly.
    assert_eq!(expiry_on(d(2022, 6, 20)), None);
    assert_eq!(expiry_on(d(2022, 6, 17)).unwrap().kind, ExpiryKind::Monthly);
}

#[test]
fn carter_closure_2025_01_09_merges_thursday_weekly_into_wednesday() {
    assert_eq!(expiry_on(d(2025, 1, 9)), None);
    assert_eq!(expiry_on(d(2025, 1, 8)).unwrap().kind, ExpiryKind::Weekly);
}

#[test]
fn monthlies_2020_are_the_twelve_third_fridays() {
    let v: Vec<NaiveDate> = listed_spx_monthlies(d(2020, 1, 1), d(2020, 12, 31))
        .map(|e| e.date)
        .collect();
    assert_eq!(v.len(), 12);
    assert_eq!(v[0], d(2020, 1, 17));
    assert_eq!(v[11], d(2020, 12, 18));
}

#[test]
fn nearest_45_dte_monthly_from_2020_03_16_is_april_17() {
    let e = nearest_expiry(d(2020, 3, 16), 45, 30, 60, true).unwrap();
    assert_eq!(e.date, d(2020, 4, 17));
    // With weeklies: Wednesday 04-29 (44 days) and Friday 05-01 (46) tie; the earlier wins.
    let e = nearest_expiry(d(2020, 3, 16), 45, 30, 60, false).unwrap();
    assert_eq!(e.date, d(2020, 4, 29));
}

#[test]
fn nearest_expiry_reports_an_empty_window_and_bad_dates() {
    let err = nearest_expiry(d(2003, 3, 3), 10, 1, 5, false).unwrap_err();
    assert!(matches!(err, PricingError::NoListedExpiry { .. }), "{err}");
    let err = nearest_expiry(d(1985, 1, 2), 45, 30, 60, false).unwrap_err();
    assert!(matches!(err, PricingError::DateOutOfRange { .. }), "{err}");
    assert!(nearest_expiry(d(2020, 1, 2), 45, 60, 30, false).is_err());
}

#[test]
fn vix_expirations_follow_the_30_day_rule() {
    assert_eq!(vix_expiration(2008, 1).unwrap(), d(2008, 1, 16));
    assert_eq!(vix_expiration(2020, 3).unwrap(), d(2020, 3, 18));
    // Good Friday 2014-04-18: 30 days before Thursday 04-17.
    assert_eq!(vix_expiration(2014, 3).unwrap(), d(2014, 3, 18));
    // Juneteenth Wednesday 2024-06-19: the trading day before.
    assert_eq!(vix_expiration(2024, 6).unwrap(), d(2024, 6, 18));
    // CFE's original 2004 rule: the Wednesday before the contract month's third Friday.
    assert_eq!(vix_expiration(2004, 7).unwrap(), d(2004, 7, 14));
    assert_eq!(vix_expiration(2004, 10).unwrap(), d(2004, 10, 13));
    assert!(vix_expiration(2020, 13).is_err());
    assert!(vix_expiration(2036, 1).is_err());
    let next: Vec<NaiveDate> = next_vix_expirations(d(2020, 3, 18), 3).collect();
    assert_eq!(next, vec![d(2020, 4, 15), d(2020, 5, 20), d(2020, 6, 17)]);
}
