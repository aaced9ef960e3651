//! The aligned history and the check report built from the real data set.

use ringfence_data::finding::Severity;
use ringfence_data::scan::Role;
use ringfence_data::{LoadOptions, MarketHistory, Series, check_dir, load_dir};

use super::real_files::{d, shared};

fn history() -> Option<MarketHistory> {
    let dir = shared()?;
    Some(load_dir(&dir, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}")))
}

fn at(h: &MarketHistory, date: &str) -> usize {
    h.index_of(d(date))
        .unwrap_or_else(|| panic!("{date} not a history day"))
}

#[test]
fn history_runs_from_1990_01_02_to_the_last_yfinance_day() {
    let Some(h) = history() else { return };
    assert_eq!(h.dates[0], d("1990-01-02"));
    assert_eq!(*h.dates.last().unwrap(), d("2026-07-13"));
    assert!(h.dates.windows(2).all(|w| w[0] < w[1]));
    for col in [
        &h.spx.open,
        &h.spx.high,
        &h.spx.low,
        &h.spx.close,
        &h.vix.open,
        &h.vix.close,
        &h.vix9d,
        &h.vix3m,
        &h.vix6m,
        &h.vvix,
        &h.rate,
    ] {
        assert_eq!(col.len(), h.len());
    }
    assert!(
        h.spx
            .close
            .iter()
            .chain(&h.vix.close)
            .all(|v| v.is_finite() && *v > 0.0)
    );
    let spx = h.sources.iter().find(|s| s.role == "spx").unwrap();
    assert!(spx.path.ends_with("spx_yfinance_1927_2026.csv"));
}

#[test]
fn history_knows_the_documented_closes() {
    let Some(h) = history() else { return };
    assert_eq!(h.spx.close[at(&h, "1999-12-31")], 1469.25);
    assert_eq!(h.spx.close[at(&h, "2008-12-31")], 903.25);
    assert_eq!(h.spx.close[at(&h, "2020-12-31")], 3756.07);
    assert_eq!(h.vix.close[at(&h, "2020-03-16")], 82.69);
    assert_eq!(h.get(Series::Vix, at(&h, "2020-03-16")), Some(82.69));
}

#[test]
fn vix_rows_on_32_holidays_since_2022_and_2004_06_11_are_dropped_and_counted() {
    let Some(h) = history() else { return };
    let vix = h.alignment.series.iter().find(|s| s.name == "vix").unwrap();
    assert_eq!(vix.dropped_non_trading, 33);
    assert_eq!(vix.dropped_dates[0], d("2004-06-11"));
    let since_2022 = vix
        .dropped_dates
        .iter()
        .filter(|x| **x >= d("2022-05-30"))
        .count();
    assert_eq!(since_2022, 32);
    for date in ["2022-05-30", "2022-07-04", "2025-01-09", "2025-11-27"] {
        assert!(vix.dropped_dates.contains(&d(date)), "{date}");
        assert!(h.index_of(d(date)).is_none());
    }
}

#[test]
fn four_spx_days_without_a_vix_row_are_filled_and_counted() {
    let Some(h) = history() else { return };
    let vix = h.alignment.series.iter().find(|s| s.name == "vix").unwrap();
    let expected = ["1991-03-01", "1997-01-31", "1997-11-26", "1999-12-31"].map(d);
    assert_eq!(vix.filled, 4);
    assert_eq!(vix.filled_dates, expected);
    assert_eq!(vix.missing, 0);
    // A filled day carries the previous close in every VIX column.
    let i = at(&h, "1999-12-31");
    assert_eq!(h.vix.close[i], h.vix.close[i - 1]);
    assert_eq!(h.vix.open[i], h.vix.close[i - 1]);
}

#[test]
fn spx_open_is_real_only_where_it_is_not_the_previous_close() {
    let Some(h) = history() else { return };
    let i = at(&h, "2020-03-16");
    assert!(h.spx_open_is_real[i]);
    let share = |from: &str, to: &str| {
        let (a, b) = (at(&h, from), at(&h, to));
        h.spx_open_is_real[a..=b].iter().filter(|x| **x).count() as f64 / (b - a + 1) as f64
    };
    // Open equals the previous close on 95-98% of days 1996-2005; before 2017 the other
    // Opens are first prints (`spx_real_opens_from`), real from 2017.
    assert_eq!(share("1996-01-02", "2016-12-30"), 0.0);
    assert!(share("2017-01-03", "2024-12-31") > 0.99);
    for i in 1..h.len() {
        if (h.spx.open[i] - h.spx.close[i - 1]).abs() < 0.005 {
            assert!(!h.spx_open_is_real[i]);
        }
    }
    // With the first date moved back, the Opens that are not copies count from 2006 on.
    let opts = LoadOptions {
        spx_real_opens_from: d("1900-01-01"),
        ..LoadOptions::default()
    };
    let all = load_dir(&shared().unwrap(), &opts).unwrap();
    let not_copies = |from: &str, to: &str| {
        let (a, b) = (at(&all, from), at(&all, to));
        all.spx_open_is_real[a..=b].iter().filter(|x| **x).count() as f64 / (b - a + 1) as f64
    };
    assert!(not_copies("1996-01-02", "2005-12-30") < 0.05);
    assert!(not_copies("2008-01-02", "2016-12-30") > 0.9);
    let i = at(&all, "2008-09-19");
    assert!(all.spx_open_is_real[i] && !h.spx_open_is_real[i]);
}

#[test]
fn rate_is_dtb3_converted_to_a_continuous_annual_fraction() {
    let Some(h) = history() else { return };
    // DTB3 2020-03-26: -0.05 (discount percent).
    let r = h.rate[at(&h, "2020-03-26")];
    let expected = -(1.0f64 + 0.05 / 100.0 * 91.0 / 360.0).ln() * 365.0 / 91.0;
    assert!((r - expected).abs() < 1e-15, "{r}");
    // 1990-01-02: 7.58 percent discount -> 7.76% continuous.
    let r = h.rate[at(&h, "1990-01-02")];
    assert!((r - 0.077_599).abs() < 1e-6, "{r}");
    // DTB3 ends 2026-03-26: after three fills the rate is missing.
    assert!(h.rate[h.len() - 1].is_nan());
}

#[test]
fn optional_series_start_where_their_files_start() {
    let Some(h) = history() else { return };
    let first = |v: &[f64]| h.dates[v.iter().position(|x| x.is_finite()).unwrap()];
    assert_eq!(first(&h.vix9d), d("2011-01-04"));
    assert_eq!(first(&h.vix3m), d("2009-09-18"));
    assert_eq!(first(&h.vix6m), d("2008-01-02"));
    assert_eq!(first(&h.vvix), d("2006-03-06"));
    assert_eq!(first(&h.skew), d("1990-01-02"));
}

#[test]
fn skew_is_read_with_its_gaps_left_missing() {
    let Some(h) = history() else { return };
    // 2000-09-20 .. 09-29 is an 8-day gap in the Cboe SKEW file: longer than the 3-day
    // carry-forward, so its last days stay missing (the smile's SKEW fallback applies).
    let missing = h.skew.iter().filter(|v| !v.is_finite()).count();
    assert!(missing > 0 && missing < 60, "{missing} days without SKEW");
    assert!(!h.skew[at(&h, "2000-09-29")].is_finite());
    assert!((h.skew[at(&h, "2019-05-01")] - 125.32).abs() < 1e-9);
}

#[test]
fn known_bad_vx_settles_are_excluded_and_the_newer_file_wins() {
    let Some(h) = history() else { return };
    let settle =
        |month: (i32, u32), date: &str| h.vx.contract(month).unwrap().settle_at(at(&h, date));
    // CFE_G09 2008-04-21 settled 1.00: excluded, the 23.55 of the day before carried forward.
    assert_eq!(settle((2009, 2), "2008-04-21"), Some(23.55));
    // CFE_Q09 2008-10-30 settled 18.14 between 32.16 and 35.00: excluded.
    assert_eq!(settle((2009, 8), "2008-10-30"), Some(32.16));
    // CFE_G14 2013-05-28 legacy 10.25, newer Cboe file 20.10.
    assert_eq!(settle((2014, 2), "2013-05-28"), Some(20.10));
    // The 10x scale is gone: K04's first settle 203.2 -> 20.32.
    assert_eq!(settle((2004, 5), "2004-03-26"), Some(20.32));
    // The relabelled April 2026 block ends with its final settlement.
    let apr = h.vx.contract((2026, 4)).unwrap();
    assert_eq!(apr.expiry, Some(d("2026-04-15")));
    assert_eq!(apr.settle_at(at(&h, "2026-04-15")), Some(17.38));
    assert!(h.vx.contract((2026, 3)).is_none());
    assert_eq!(
        h.vx.contract((2008, 1)).unwrap().expiry,
        Some(d("2008-01-16"))
    );
}

#[test]
fn real_data_check_has_no_error_and_reports_every_known_quirk() {
    let Some(dir) = shared() else { return };
    let r = check_dir(&dir, &LoadOptions::default()).unwrap();
    let errors: Vec<String> = r
        .files
        .iter()
        .flat_map(|f| f.findings.iter().map(move |x| (f.path.clone(), x)))
        .chain(r.dataset.iter().map(|x| (String::new(), x)))
        .filter(|(_, x)| x.severity == Severity::Error)
        .map(|(p, x)| format!("{p}: {}", x.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(r.errors, 0);
    assert!(r.warnings > 0);
    let file = |name: &str| {
        r.files
            .iter()
            .find(|f| f.path.ends_with(name))
            .unwrap_or_else(|| panic!("{name}"))
    };
    let count = |name: &str, code: &str| {
        file(name)
            .findings
            .iter()
            .filter(|x| x.code == code)
            .map(|x| x.count)
            .sum::<usize>()
    };
    let vix = "vix_cboe_history.csv";
    assert_eq!(count(vix, "calendar_gaps"), 4);
    assert_eq!(count(vix, "non_trading_days"), 33);
    assert_eq!(count(vix, "ohlc_violation"), 47);
    assert_eq!(count(vix, "close_only_rows"), 506);
    assert_eq!(count(vix, "dropped"), 33);
    assert_eq!(count(vix, "filled"), 4);
    assert!(count(vix, "jump") >= 1, "2018-02-05 +115.6%");
    assert_eq!(file(vix).counts.dropped, 33);
    assert_eq!(count("vix9d_cboe_history.csv", "close_only_rows"), 722);
    assert_eq!(count("vix6m_cboe_history.csv", "close_only_rows"), 1_488);
    assert_eq!(count("vix6m_cboe_history.csv", "ohlc_violation"), 1);
    assert!(count("vvix_cboe_history.csv", "jump") >= 4);
    assert!(count("vvix_cboe_history.csv", "sparse_rows") >= 1);
    assert_eq!(
        count("skew_cboe_history.csv", "calendar_gaps"),
        16,
        "49 VIX dates minus 33 closed days"
    );
    assert_eq!(count("dtb3_fred.csv", "missing_values"), 796);
    assert!(count("dtb3_fred.csv", "negative_rate") > 0);
    let stooq = "spx_stooq_1789_2025.csv";
    assert_eq!(count(stooq, "saturday_rows"), 3_336);
    assert_eq!(count(stooq, "intraday_last_row"), 1);
    assert!(
        count(stooq, "sparse_rows") > 1_000,
        "monthly rows until 1885"
    );
    assert!(count(stooq, "open_is_previous_close") > 0);
    assert_eq!(count("spx_yahoo_1927_2020.csv", "no_final_newline"), 1);
    assert_eq!(
        count("spx_yahoo_1927_2020.csv", "adj_close_equals_close"),
        23_217
    );
    assert!(count("spx_yfinance_1927_2026.csv", "float32_artefacts") > 0);
    let legacy = |code: &str| {
        r.files
            .iter()
            .filter(|f| f.path.contains("cfe_2004_2015"))
            .flat_map(|f| f.findings.iter())
            .filter(|x| x.code == code)
            .map(|x| x.count)
            .sum::<usize>()
    };
    assert_eq!(legacy("disclaimer_skipped"), 30);
    assert_eq!(legacy("crlf"), 40);
    assert!(legacy("trailing_comma") > 0 && legacy("short_us_dates") > 0);
    assert!(legacy("vx_10x_scale") > 3_000);
    assert!(legacy("no_trade_ohlc") > 0 && legacy("no_trade_rows") > 0);
    assert!(legacy("outlier_settle") >= 3);
    for (name, date) in [
        ("CFE_G09_VX.csv", "2008-04-21"),
        ("CFE_Q09_VX.csv", "2008-10-30"),
        ("CFE_G14_VX.csv", "2013-05-28"),
    ] {
        let f = file(name);
        let o = f
            .findings
            .iter()
            .find(|x| x.code == "outlier_settle")
            .unwrap_or_else(|| panic!("{name}"));
        assert!(
            o.examples.iter().any(|e| e.contains(date)),
            "{name}: {:?}",
            o.examples
        );
        assert!(f.counts.excluded >= 1);
    }
    let modern = "vx_cboe_contracts_2013_2026.csv";
    assert_eq!(count(modern, "vx_relabelled"), 9);
    assert_eq!(count(modern, "vx_missing_contract"), 1);
    assert_eq!(count(modern, "no_settle"), 852);
    assert_eq!(count(modern, "tuesday_expiry"), 5);
    let vx1 = "quandl_chris_cboe_vx1.csv";
    assert_eq!(count(vx1, "newest_first"), 3_839);
    assert!(count(vx1, "vx_10x_scale") > 0);
    assert_eq!(count(vx1, "non_trading_days"), 1, "2018-12-05");
    assert_eq!(count(vx1, "zero_open"), 4);
    assert!(count(vx1, "calendar_gaps") >= 6);
    let mismatch = file(vx1)
        .findings
        .iter()
        .find(|x| x.code == "vx_continuous_mismatch")
        .unwrap();
    assert!(mismatch.count > 0);
    let term = "vx1_vx8_2007_2021.csv";
    assert!(count(term, "vx_rolled_early") > 0);
    assert!(file(term).findings.iter().any(|x| x.code == "pandas_index"));
    assert!(file(term).findings.iter().any(|x| x.code == "crlf"));
    assert!(r.dataset.iter().any(|x| x.code == "spx_choice"));
    let used: Vec<Role> = r
        .files
        .iter()
        .filter(|f| f.used)
        .filter_map(|f| f.role)
        .collect();
    for role in [
        Role::Spx,
        Role::Vix,
        Role::Vix9d,
        Role::Vix3m,
        Role::Vix6m,
        Role::Vvix,
        Role::Rate,
        Role::Vx,
    ] {
        assert!(used.contains(&role), "{role:?}");
    }
    let h = r.history.as_ref().unwrap();
    assert_eq!((h.first, h.days > 9_000), (Some(d("1990-01-02")), true));
    let json = r.to_json().unwrap();
    assert!(json.contains("\"code\": \"vx_relabelled\""));
    assert!(r.render().contains("summary: 151 files, 0 errors"));
}

#[test]
fn data_check_names_the_first_print_years_and_warns_when_a_load_settles_on_them() {
    let Some(dir) = shared() else { return };
    let codes = |from: &str| {
        let opts = LoadOptions {
            spx_real_opens_from: d(from),
            ..LoadOptions::default()
        };
        let r = check_dir(&dir, &opts).unwrap();
        r.dataset
            .iter()
            .filter(|x| x.code.starts_with("spx_opens"))
            .map(|x| (x.code, x.severity, x.message.clone()))
            .collect::<Vec<_>>()
    };
    // The default: 2006-2016 (and 1992-1994, the years with 100 or more Opens that are not
    // copies before them) are first prints, nothing from 2017 is; no warning.
    let shipped = codes("2017-01-01");
    assert_eq!(shipped.len(), 1, "{shipped:#?}");
    assert_eq!(shipped[0].1, Severity::Info);
    assert!(
        shipped[0]
            .2
            .contains("first prints in 1992-1994, 2006-2016, opening levels in 2017-2026"),
        "{shipped:#?}"
    );
    // Settling on the Opens from 2010: the seven years of first prints it would use.
    let early = codes("2010-01-01");
    let warn = early
        .iter()
        .find(|x| x.0 == "spx_opens_first_prints_used")
        .unwrap_or_else(|| panic!("{early:#?}"));
    assert_eq!(warn.1, Severity::Warning);
    assert!(warn.2.starts_with("SPX Opens of 2010 ("), "{warn:?}");
    assert!(warn.2.contains(", 2016 ("), "{warn:?}");
    assert!(!warn.2.contains("2009 ("), "{warn:?}");
    // From 2020: the opening levels of 2017-2019 go unused, which the check notes.
    let late = codes("2020-01-01");
    let unused = late
        .iter()
        .find(|x| x.0 == "spx_opens_levels_unused")
        .unwrap_or_else(|| panic!("{late:#?}"));
    assert_eq!(unused.1, Severity::Info);
    assert!(
        unused.2.starts_with("SPX Opens of 2017-2019 look like"),
        "{unused:?}"
    );
}
