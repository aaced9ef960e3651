//! Loading, aligning and checking the hand-written mini data directory
//! (`tests/fixtures/mini`: March 2007 around the VX scale change of 2007-03-26).

use std::path::PathBuf;

use ringfence_data::align::dtb3_to_continuous;
use ringfence_data::finding::Severity;
use ringfence_data::formats::Format;
use ringfence_data::scan::{Role, scan_dir, scan_file};
use ringfence_data::{DataError, LoadOptions, check_dir, load_dir};

use super::fixtures::fixture;
use super::real_files::d;

fn mini() -> PathBuf {
    fixture("mini")
}

#[test]
fn scan_finds_every_data_file_with_its_role() {
    let found: Vec<(String, Option<Format>, Option<Role>)> = scan_dir(&mini())
        .unwrap()
        .into_iter()
        .map(|s| {
            let name = s.path.strip_prefix(mini()).unwrap().display().to_string();
            (name, s.format.ok(), s.role)
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "VIX_History.csv".to_string(),
                Some(Format::CboeIndexOhlc),
                Some(Role::Vix)
            ),
            (
                "dtb3.csv".to_string(),
                Some(Format::FredSeries),
                Some(Role::Rate)
            ),
            (
                "spx.csv".to_string(),
                Some(Format::YfinanceOhlc),
                Some(Role::Spx)
            ),
            (
                "vx/CFE_K07_VX.csv".to_string(),
                Some(Format::CfeLegacyVx),
                Some(Role::Vx)
            ),
            (
                "vx/vx_contracts.csv".to_string(),
                Some(Format::CboeVxContracts),
                Some(Role::Vx)
            ),
            (
                "vx1_quandl.csv".to_string(),
                Some(Format::QuandlVxContinuous),
                Some(Role::VxContinuous)
            ),
        ]
    );
}

#[test]
fn history_starts_where_vix_starts_and_ends_where_spx_ends() {
    let h = load_dir(&mini(), &LoadOptions::default()).unwrap();
    assert_eq!(h.len(), 10);
    assert_eq!((h.dates[0], h.dates[9]), (d("2007-03-19"), d("2007-03-30")));
    assert_eq!(h.spx.close[0], 1402.06);
    assert_eq!(h.spx.open[0], 1386.95);
    // 2007 is before the first date of real opening prints: no Open counts.
    assert_eq!(h.spx_open_is_real, [false; 10]);
    // Moved back: 03-19 opens at the 03-16 close (a row before the history), 03-22 and
    // 03-23 at the previous close; the others are real. Moved to 03-27: from there only.
    let from = |date: &str| LoadOptions {
        spx_real_opens_from: d(date),
        ..LoadOptions::default()
    };
    let all = load_dir(&mini(), &from("2000-01-01")).unwrap();
    assert_eq!(
        all.spx_open_is_real,
        [
            false, true, true, false, false, false, true, true, true, true
        ]
    );
    let late = load_dir(&mini(), &from("2007-03-27")).unwrap();
    assert_eq!(
        late.spx_open_is_real,
        [
            false, false, false, false, false, false, true, true, true, true
        ]
    );
}

#[test]
fn vix_gap_is_filled_weekend_row_dropped_and_missing_open_replaced() {
    let h = load_dir(&mini(), &LoadOptions::default()).unwrap();
    let i = h.index_of(d("2007-03-21")).unwrap();
    assert_eq!(
        [h.vix.open[i], h.vix.high[i], h.vix.low[i], h.vix.close[i]],
        [11.3; 4]
    );
    let last = h.len() - 1;
    assert_eq!(
        [h.vix.open[last], h.vix.high[last], h.vix.close[last]],
        [12.1; 3]
    );
    let vix = h.alignment.series.iter().find(|s| s.name == "vix").unwrap();
    assert_eq!(
        (vix.filled, vix.dropped_non_trading, vix.missing),
        (1, 1, 0)
    );
    assert_eq!(vix.dropped_dates, [d("2007-03-24")]);
}

#[test]
fn rate_fills_fred_holes_and_converts_to_continuous() {
    let h = load_dir(&mini(), &LoadOptions::default()).unwrap();
    assert_eq!(h.rate[0], dtb3_to_continuous(5.0));
    assert!((h.rate[0] - 0.051_018).abs() < 1e-6, "{}", h.rate[0]);
    assert_eq!(h.rate[1], h.rate[0]);
    let rate = h
        .alignment
        .series
        .iter()
        .find(|s| s.name == "rate")
        .unwrap();
    assert_eq!(rate.filled, 2);
}

#[test]
fn vx_settles_merge_legacy_and_current_files() {
    let h = load_dir(&mini(), &LoadOptions::default()).unwrap();
    let may = h.vx.contract((2007, 5)).unwrap();
    assert_eq!(may.first_day, 0);
    let settles: Vec<f64> = (0..h.len()).map(|i| may.settle_at(i).unwrap()).collect();
    assert_eq!(
        settles,
        [
            14.02, 13.84, 13.61, 13.5, 13.45, 13.45, 13.6, 14.45, 14.15, 14.05
        ]
    );
    let jun = h.vx.contract((2007, 6)).unwrap();
    assert_eq!(
        (jun.first_day, jun.settles.as_slice()),
        (6, &[14.2, 15.0][..])
    );
    assert_eq!(may.expiry, None);
    assert_eq!(
        h.vx.curve_at(7).map(|(c, _)| c.month).collect::<Vec<_>>(),
        [(2007, 5), (2007, 6)]
    );
    let roles: Vec<&str> = h.sources.iter().map(|s| s.role.as_str()).collect();
    assert_eq!(roles, ["spx", "vix", "rate", "vx", "vx"]);
}

#[test]
fn fill_limit_zero_makes_the_vix_gap_an_error() {
    let opts = LoadOptions {
        max_fill_days: 0,
        ..LoadOptions::default()
    };
    let e = load_dir(&mini(), &opts).unwrap_err();
    assert!(matches!(e, DataError::Dataset(_)));
    assert!(
        e.to_string()
            .contains("VIX has no value on 1 SPX trading days (first 2007-03-21)"),
        "{e}"
    );
}

#[test]
fn explicit_paths_override_discovery() {
    let opts = LoadOptions {
        spx: Some("spx.csv".into()),
        rate: None,
        vx: Some(vec!["vx/CFE_K07_VX.csv".into()]),
        ..LoadOptions::default()
    };
    let h = load_dir(&mini(), &opts).unwrap();
    assert_eq!(h.vx.contracts.len(), 1);
    let may = &h.vx.contracts[0];
    assert_eq!(may.settle_at(6), Some(13.6));
    // Carried forward at most three days past the legacy file's last row? No: nothing is
    // filled after a series' last value.
    assert_eq!(may.settles.len(), 7);
    let wrong = LoadOptions {
        vix: Some("dtb3.csv".into()),
        ..LoadOptions::default()
    };
    let e = load_dir(&mini(), &wrong).unwrap_err();
    assert!(
        e.to_string()
            .contains("a fred_series file cannot supply vix"),
        "{e}"
    );
}

#[test]
fn missing_spx_or_vix_is_a_dataset_error() {
    let opts = LoadOptions {
        vix: Some("no_vix_here.csv".into()),
        ..LoadOptions::default()
    };
    let e = load_dir(&mini(), &opts).unwrap_err();
    assert!(
        e.to_string().contains("no_vix_here.csv: cannot read"),
        "{e}"
    );
    let e = load_dir(&fixture("quirks"), &LoadOptions::default()).unwrap_err();
    assert!(matches!(e, DataError::Dataset(_)), "{e}");
}

#[test]
fn two_vix_files_are_ambiguous_unless_one_is_chosen() {
    let e = load_dir(
        &fixture("quirks"),
        &LoadOptions {
            spx: Some("stooq_spx.csv".into()),
            ..LoadOptions::default()
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("files can supply vix"), "{e}");
}

#[test]
fn mini_check_is_clean_of_errors_and_reports_fills_and_drops() {
    let r = check_dir(&mini(), &LoadOptions::default()).unwrap();
    assert_eq!(r.errors, 0, "{}", r.render());
    assert_eq!(r.files.len(), 6);
    let vix = r
        .files
        .iter()
        .find(|f| f.path == "VIX_History.csv")
        .unwrap();
    assert!(vix.used);
    assert_eq!(
        (
            vix.counts.filled,
            vix.counts.dropped,
            vix.counts.gaps,
            vix.counts.non_trading_days
        ),
        (1, 1, 1, 1)
    );
    let closed = vix
        .findings
        .iter()
        .find(|x| x.code == "non_trading_days")
        .unwrap();
    assert_eq!(closed.severity, Severity::Warning);
    let legacy = r
        .files
        .iter()
        .find(|f| f.path.ends_with("CFE_K07_VX.csv"))
        .unwrap();
    assert_eq!(
        legacy.counts.excluded, 1,
        "03-27 superseded by the current file"
    );
    let quandl = r.files.iter().find(|f| f.path == "vx1_quandl.csv").unwrap();
    let agree = quandl
        .findings
        .iter()
        .find(|x| x.code == "vx_crosscheck")
        .unwrap();
    assert!(agree.message.contains("on 4 of 4"), "{}", agree.message);
    let h = r.history.as_ref().unwrap();
    assert_eq!((h.days, h.vx_contracts), (10, 2));
    let json: serde_json::Value = serde_json::from_str(&r.to_json().unwrap()).unwrap();
    assert_eq!(json["errors"], 0);
    assert_eq!(json["files"][0]["path"], "VIX_History.csv");
    let text = r.render();
    assert!(text.contains("summary: 6 files, 0 errors"), "{text}");
    assert!(text.contains("vix*"), "{text}");
}

#[test]
fn a_dividend_yield_file_applies_each_value_from_its_date_on() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("spx_dividends.csv");
    // The history runs 2007-03-19 to 03-30. 03-17 and 03-24 are Saturdays: their values
    // apply from the next trading day; 03-28's value from that day on.
    std::fs::write(
        &path,
        "DATE,DIV_YIELD\n2007-03-17,1.75\n2007-03-24,2.00\n2007-03-28,2.25\n",
    )
    .unwrap();
    assert_eq!(scan_file(&path).role, Some(Role::SpxDivYield));
    let opts = LoadOptions {
        spx_div_yield: Some(path.clone()),
        ..LoadOptions::default()
    };
    let h = load_dir(&mini(), &opts).unwrap();
    let percent = |day: &str| {
        let i = h.dates.iter().position(|d| d.to_string() == day).unwrap();
        h.spx_div_yield[i].exp_m1() * 100.0
    };
    for (day, want) in [
        ("2007-03-19", 1.75),
        ("2007-03-23", 1.75),
        ("2007-03-26", 2.00),
        ("2007-03-27", 2.00),
        ("2007-03-28", 2.25),
        ("2007-03-30", 2.25),
    ] {
        assert!(
            (percent(day) - want).abs() < 1e-12,
            "{day}: {}",
            percent(day)
        );
    }
    // Continuously compounded: ln(1.0175), not 0.0175.
    assert!((h.spx_div_yield[0] - 1.0175f64.ln()).abs() < 1e-15);
    let plain = load_dir(&mini(), &LoadOptions::default()).unwrap();
    assert!(plain.spx_div_yield.iter().all(|v| v.is_nan()));

    let r = check_dir(&mini(), &opts).unwrap();
    let used = r
        .dataset
        .iter()
        .find(|f| f.code == "spx_div_yield")
        .unwrap_or_else(|| panic!("{}", r.render()));
    assert_eq!((used.severity, used.count), (Severity::Info, h.len()));
    assert!(used.message.contains("1.75% to 2.25%"), "{}", used.message);
    let file = r
        .files
        .iter()
        .find(|f| f.role == Some(Role::SpxDivYield))
        .unwrap();
    // Sparse rows dated on any day of the week are the rule for a yield file.
    assert!(file.findings.is_empty(), "{:?}", file.findings);

    // A yield written as a fraction is refused, naming the file and the line.
    std::fs::write(&path, "DATE,DIV_YIELD\n2007-03-19,1.8\n2007-03-26,0.018\n").unwrap();
    let e = load_dir(&mini(), &opts).unwrap_err().to_string();
    assert!(
        e.contains("spx_dividends.csv") && e.contains("line 3") && e.contains("percent"),
        "{e}"
    );
}

#[test]
fn an_spx_settlement_file_is_joined_by_date_and_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("set.csv");
    // 03-16 is before the history (VIX starts 03-19); 03-24 is a Saturday.
    std::fs::write(
        &path,
        "DATE,SET\n03/16/2007,1392.50\n03/20/2007,1405.00\n03/24/2007,1436.00\n03/28/2007,1417.00\n",
    )
    .unwrap();
    assert_eq!(scan_file(&path).role, Some(Role::SpxSet));
    let opts = LoadOptions {
        spx_set: Some(path.clone()),
        ..LoadOptions::default()
    };
    let h = load_dir(&mini(), &opts).unwrap();
    let set: Vec<(String, f64)> = h
        .dates
        .iter()
        .zip(&h.spx_set)
        .filter(|(_, v)| v.is_finite())
        .map(|(d, v)| (d.to_string(), *v))
        .collect();
    assert_eq!(
        set,
        [
            ("2007-03-20".to_string(), 1405.0),
            ("2007-03-28".to_string(), 1417.0)
        ]
    );
    // Without the file every day is NaN.
    let plain = load_dir(&mini(), &LoadOptions::default()).unwrap();
    assert!(plain.spx_set.iter().all(|v| v.is_nan()));

    let r = check_dir(&mini(), &opts).unwrap();
    let code = |c: &str| r.dataset.iter().find(|f| f.code == c);
    let used = code("spx_set").unwrap_or_else(|| panic!("{}", r.render()));
    assert_eq!((used.severity, used.count), (Severity::Info, 2));
    let file = r
        .files
        .iter()
        .find(|f| f.role == Some(Role::SpxSet))
        .unwrap();
    assert!(file.used);
    let codes: Vec<&str> = file.findings.iter().map(|f| f.code).collect();
    // A settlement file is sparse by nature: no gap finding; the Saturday is reported.
    assert!(
        !codes.contains(&"calendar_gaps") && !codes.contains(&"sparse_rows"),
        "{codes:?}"
    );
    assert!(codes.contains(&"non_trading_days"), "{codes:?}");
    assert_eq!(file.counts.dropped, 1);
    let absent = check_dir(&mini(), &LoadOptions::default()).unwrap();
    assert!(absent.dataset.iter().any(|f| f.code == "spx_set_absent"));

    // A value 5% above its day's high does not belong to the day: refused, with its line.
    std::fs::write(&path, "DATE,SET\n2007-03-20,1405.00\n2007-03-28,1500.00\n").unwrap();
    let e = load_dir(&mini(), &opts).unwrap_err().to_string();
    assert!(
        e.contains("set.csv:3") && e.contains("1500 on 2007-03-28") && e.contains("outside"),
        "{e}"
    );

    // A repeated date is refused, naming the file and the line.
    std::fs::write(&path, "DATE,SET\n2007-03-20,1405.00\n2007-03-20,1406.00\n").unwrap();
    let e = load_dir(&mini(), &opts).unwrap_err().to_string();
    assert!(e.contains("set.csv") && e.contains("line 3"), "{e}");
}
