//! Readers against known facts of the real files (row counts and ranges from the data
//! README, known values, quirks handled).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ringfence_data::formats::Format;
use ringfence_data::formats::{
    ColumnTable, ContractTable, FileData, OhlcTable, ParsedFile, ValueTable, read_file,
};

pub fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

pub fn shared() -> Option<PathBuf> {
    ringfence_test_support::shared_data_dir()
}

fn read(dir: &Path, name: &str) -> ParsedFile {
    read_file(&dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn ohlc(f: &ParsedFile) -> &OhlcTable {
    match &f.data {
        FileData::Ohlc(t) => t,
        other => panic!("not OHLC: {other:?}"),
    }
}

fn values(f: &ParsedFile) -> &ValueTable {
    match &f.data {
        FileData::Values(t) => t,
        _ => panic!("not a value table"),
    }
}

fn columns(f: &ParsedFile) -> &ColumnTable {
    match &f.data {
        FileData::Columns(t) => t,
        _ => panic!("not a column table"),
    }
}

fn contracts(f: &ParsedFile) -> &[ContractTable] {
    match &f.data {
        FileData::Contracts(c) => c,
        _ => panic!("not contracts"),
    }
}

fn close_on(t: &OhlcTable, date: &str) -> f64 {
    let k = t
        .dates
        .iter()
        .position(|x| *x == d(date))
        .expect("date present");
    t.close[k]
}

fn has(f: &ParsedFile, code: &str) -> Option<usize> {
    f.findings.iter().find(|x| x.code == code).map(|x| x.count)
}

#[test]
fn every_file_has_the_row_count_and_range_the_readme_states() {
    let Some(dir) = shared() else { return };
    let cases = [
        (
            "spx_stooq_1789_2025.csv",
            Format::StooqOhlc,
            39_546,
            "1789-05-01",
            "2025-10-07",
        ),
        (
            "spx_yfinance_1927_2026.csv",
            Format::YfinanceOhlc,
            24_748,
            "1927-12-30",
            "2026-07-13",
        ),
        (
            "spx_yahoo_1927_2020.csv",
            Format::YahooOhlc,
            23_217,
            "1927-12-30",
            "2020-06-05",
        ),
        (
            "vix_cboe_history.csv",
            Format::CboeIndexOhlc,
            9_241,
            "1990-01-02",
            "2026-07-31",
        ),
        (
            "vix3m_cboe_history.csv",
            Format::CboeIndexOhlc,
            4_235,
            "2009-09-18",
            "2026-07-22",
        ),
        (
            "vix9d_cboe_history.csv",
            Format::CboeIndexOhlc,
            3_909,
            "2011-01-04",
            "2026-07-22",
        ),
        (
            "vix6m_cboe_history.csv",
            Format::CboeIndexOhlc,
            4_607,
            "2008-01-02",
            "2026-04-24",
        ),
        (
            "vvix_cboe_history.csv",
            Format::CboeIndexClose,
            5_066,
            "2006-03-06",
            "2026-07-22",
        ),
        (
            "skew_cboe_history.csv",
            Format::CboeIndexClose,
            9_189,
            "1990-01-02",
            "2026-07-22",
        ),
        (
            "dtb3_fred.csv",
            Format::FredSeries,
            18_844,
            "1954-01-04",
            "2026-03-26",
        ),
        (
            "vix_futures/vx_cboe_contracts_2013_2026.csv",
            Format::CboeVxContracts,
            29_708,
            "2013-01-02",
            "2026-04-17",
        ),
        (
            "vix_futures/continuous/quandl_chris_cboe_vx1.csv",
            Format::QuandlVxContinuous,
            3_839,
            "2005-06-20",
            "2020-09-24",
        ),
        (
            "vix_futures/continuous/quandl_chris_cboe_vx2.csv",
            Format::QuandlVxContinuous,
            3_725,
            "2005-11-17",
            "2020-09-24",
        ),
        (
            "vix_futures/continuous/vx1_vx8_2007_2021.csv",
            Format::VxTermStructure,
            3_711,
            "2007-04-02",
            "2021-12-23",
        ),
    ];
    for (name, format, rows, first, last) in cases {
        let f = read(&dir, name);
        assert_eq!(f.format, format, "{name}");
        assert_eq!(f.rows, rows, "{name}");
        assert_eq!(f.date_range(), Some((d(first), d(last))), "{name}");
        assert_eq!(f.sha256.len(), 64);
    }
}

#[test]
fn stooq_has_9008_rows_from_1990() {
    let Some(dir) = shared() else { return };
    let f = read(&dir, "spx_stooq_1789_2025.csv");
    assert_eq!(
        ohlc(&f)
            .dates
            .iter()
            .filter(|x| **x >= d("1990-01-02"))
            .count(),
        9_008
    );
}

#[test]
fn spx_closes_agree_in_all_three_files() {
    let Some(dir) = shared() else { return };
    for name in [
        "spx_stooq_1789_2025.csv",
        "spx_yfinance_1927_2026.csv",
        "spx_yahoo_1927_2020.csv",
    ] {
        let f = read(&dir, name);
        let t = ohlc(&f);
        assert_eq!(close_on(t, "1999-12-31"), 1469.25, "{name}");
        assert_eq!(close_on(t, "2000-01-03"), 1455.22, "{name}");
        assert_eq!(close_on(t, "2008-12-31"), 903.25, "{name}");
        if name != "spx_yahoo_1927_2020.csv" {
            assert_eq!(close_on(t, "2020-12-31"), 3756.07, "{name}");
            assert_eq!(close_on(t, "2023-12-29"), 4769.83, "{name}");
        }
    }
}

#[test]
fn yfinance_float32_artefacts_are_rounded_to_cents() {
    let Some(dir) = shared() else { return };
    let f = read(&dir, "spx_yfinance_1927_2026.csv");
    let t = ohlc(&f);
    assert_eq!(t.close[0], 17.66);
    assert!(has(&f, "float32_artefacts").is_some_and(|n| n > 90_000));
}

#[test]
fn vix_closed_at_82_69_on_2020_03_16() {
    let Some(dir) = shared() else { return };
    let f = read(&dir, "vix_cboe_history.csv");
    assert_eq!(close_on(ohlc(&f), "2020-03-16"), 82.69);
    assert_eq!(has(&f, "short_us_dates"), None, "Cboe dates are MM/DD/YYYY");
}

#[test]
fn vvix_and_skew_single_value_files_read_their_column() {
    let Some(dir) = shared() else { return };
    let v = read(&dir, "vvix_cboe_history.csv");
    let t = values(&v);
    assert_eq!(t.name, "VVIX");
    assert_eq!((t.dates[1], t.values[1]), (d("2006-03-15"), 15.71));
    assert_eq!(
        values(&read(&dir, "skew_cboe_history.csv")).values[0],
        126.09
    );
}

#[test]
fn dtb3_has_796_missing_values_and_real_negative_rates() {
    let Some(dir) = shared() else { return };
    let f = read(&dir, "dtb3_fred.csv");
    let t = values(&f);
    assert_eq!(t.values.iter().filter(|v| v.is_nan()).count(), 796);
    assert_eq!(has(&f, "missing_values"), Some(796));
    let k = t.dates.iter().position(|x| *x == d("2020-03-26")).unwrap();
    assert_eq!(t.values[k], -0.05);
}

#[test]
fn legacy_cfe_files_hold_21762_rows_of_136_contracts() {
    let Some(dir) = shared() else { return };
    let legacy = dir.join("vix_futures/cfe_2004_2015");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&legacy)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert_eq!(names.len(), 136);
    let (mut rows, mut disclaimers, mut crlf, mut trailing) = (0, 0, 0, Vec::new());
    let mut first = d("2100-01-01");
    let mut last = d("1900-01-01");
    for p in &names {
        let f = read_file(p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.format, Format::CfeLegacyVx);
        rows += f.rows;
        disclaimers += usize::from(has(&f, "disclaimer_skipped").is_some());
        crlf += usize::from(has(&f, "crlf").is_some());
        if has(&f, "trailing_comma").is_some() {
            trailing.push(p.file_name().unwrap().to_string_lossy().into_owned());
        }
        let (a, b) = f.date_range().unwrap();
        first = first.min(a);
        last = last.max(b);
    }
    assert_eq!(rows, 21_762);
    assert_eq!((first, last), (d("2004-03-26"), d("2015-04-01")));
    assert_eq!(disclaimers, 30);
    assert_eq!(crlf, 40);
    assert_eq!(
        trailing,
        [
            "CFE_H05_VX.csv",
            "CFE_M05_VX.csv",
            "CFE_Q05_VX.csv",
            "CFE_V04_VX.csv"
        ]
    );
}

#[test]
fn legacy_prices_before_2007_03_26_are_divided_by_10() {
    let Some(dir) = shared() else { return };
    // CFE_K04: 3/26/2004 Open 212.4, Settle 203.2 on the old scale.
    let f = read(&dir, "vix_futures/cfe_2004_2015/CFE_K04_VX.csv");
    let c = &contracts(&f)[0];
    assert_eq!(c.month, (2004, 5));
    assert_eq!(c.dates[0], d("2004-03-26"));
    assert_eq!((c.open[0], c.settle[0]), (21.24, 20.32));
    assert_eq!(has(&f, "vx_10x_scale"), Some(38));
    assert_eq!(has(&f, "blank_lines"), Some(1));
    // CFE_F08 from 07/20/2007 is already in VIX points; its first row has no settle.
    let f = read(&dir, "vix_futures/cfe_2004_2015/CFE_F08_VX.csv");
    let c = &contracts(&f)[0];
    assert!(c.settle[0].is_nan());
    assert_eq!(c.settle[1], 17.92);
    assert_eq!(has(&f, "vx_10x_scale"), None);
}

#[test]
fn legacy_unpadded_dates_read_like_padded_ones() {
    let Some(dir) = shared() else { return };
    let f = read(&dir, "vix_futures/cfe_2004_2015/CFE_Q09_VX.csv");
    let c = &contracts(&f)[0];
    let k = c.dates.iter().position(|x| *x == d("2008-10-30")).unwrap();
    assert_eq!(c.settle[k], 18.14);
    assert_eq!(c.lines[k], 8);
    assert!(has(&f, "short_us_dates").is_some());
}

#[test]
fn current_vx_file_relabels_the_nine_wrong_2026_blocks() {
    let Some(dir) = shared() else { return };
    let f = read(&dir, "vix_futures/vx_cboe_contracts_2013_2026.csv");
    let cs = contracts(&f);
    assert_eq!(cs.len(), 167);
    assert_eq!(has(&f, "vx_relabelled"), Some(9));
    assert_eq!(has(&f, "vx_missing_contract"), Some(1));
    assert_eq!(has(&f, "no_settle"), Some(852));
    let block = |label: &str| cs.iter().find(|c| c.label == label).unwrap();
    let apr = block("20268-03-18");
    assert_eq!(apr.month, (2026, 4));
    assert_eq!(
        (*apr.dates.last().unwrap(), *apr.settle.last().unwrap()),
        (d("2026-04-15"), 17.38)
    );
    assert_eq!(block("2026-04-15").month, (2026, 5));
    assert_eq!(block("2026-11-18").month, (2026, 12));
    assert!(block("2026-02-18").relabelled.is_none());
    assert!(cs.iter().all(|c| c.month != (2026, 3)));
    // Settles exist from 2013-05-20 on.
    let first_settle = cs
        .iter()
        .flat_map(|c| c.dates.iter().zip(&c.settle))
        .filter(|(_, s)| s.is_finite())
        .map(|(d, _)| *d)
        .min();
    assert_eq!(first_settle, Some(d("2013-05-20")));
}

#[test]
fn quandl_newest_first_files_come_out_ascending_and_rescaled() {
    let Some(dir) = shared() else { return };
    let f = read(&dir, "vix_futures/continuous/quandl_chris_cboe_vx1.csv");
    let t = columns(&f);
    assert!(t.dates.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(t.dates[0], d("2005-06-20"));
    assert_eq!(has(&f, "newest_first"), Some(3_839));
    let settle = t.column("settle").unwrap();
    assert_eq!(settle[0], 14.83);
    assert_eq!(*settle.last().unwrap(), 32.225);
    // The last line of the file is the first row after reversal.
    assert_eq!(t.lines[0], 3_840);
}

#[test]
fn term_structure_file_reads_vix_and_eight_contracts() {
    let Some(dir) = shared() else { return };
    let f = read(&dir, "vix_futures/continuous/vx1_vx8_2007_2021.csv");
    let t = columns(&f);
    assert_eq!(t.columns.len(), 10);
    assert_eq!(t.column("VX1").unwrap()[0], 14.7);
    assert_eq!(*t.column("SP500").unwrap().last().unwrap(), 4725.79);
    assert!(has(&f, "crlf").is_some());
}

#[test]
fn smile_calibration_file_is_recognised_but_not_read() {
    let Some(dir) = shared() else { return };
    let f = read(&dir, "spx_smile_calibration_2005_2022.tsv");
    assert_eq!(f.format, Format::SmileCalibration);
    assert_eq!(f.data, FileData::NotRead);
}
