//! Hand-written fixture files: every publisher quirk and every malformed case.

use std::path::PathBuf;

use ringfence_data::check::file::validate;
use ringfence_data::finding::Severity;
use ringfence_data::formats::Format;
use ringfence_data::formats::{FileData, ParsedFile, read_file};
use ringfence_data::scan::Role;
use ringfence_data::{DataError, LoadOptions, check_files};

use super::real_files::d;

pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn read(rel: &str) -> ParsedFile {
    read_file(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn read_err(rel: &str) -> DataError {
    match read_file(&fixture(rel)) {
        Ok(f) => panic!("{rel} parsed: {:?}", f.format),
        Err(e) => e,
    }
}

/// (line, column, message) of a parse error.
fn parse_err(rel: &str) -> (usize, String, String) {
    match read_err(rel) {
        DataError::Parse {
            path,
            line,
            column,
            message,
        } => {
            assert!(path.ends_with(rel), "{path:?}");
            (line, column, message)
        }
        other => panic!("{rel}: expected a parse error, got {other}"),
    }
}

fn file_err(rel: &str) -> String {
    match read_err(rel) {
        e @ DataError::File { .. } => e.to_string(),
        other => panic!("{rel}: expected a file error, got {other}"),
    }
}

fn codes(f: &ParsedFile) -> Vec<&'static str> {
    f.findings.iter().map(|x| x.code).collect()
}

#[test]
fn missing_file_is_an_io_error_naming_the_path() {
    let e = read_file(&fixture("bad/no_such_file.csv")).unwrap_err();
    assert!(matches!(e, DataError::Io { .. }));
    assert!(
        e.to_string().contains("no_such_file.csv: cannot read"),
        "{e}"
    );
}

#[test]
fn unknown_header_lists_the_accepted_headers() {
    let (line, column, message) = parse_err("bad/unknown_header.csv");
    assert_eq!((line, column.as_str()), (1, "header"));
    assert!(message.contains("unknown header `Date;Close`"), "{message}");
    assert!(message.contains("DATE,OPEN,HIGH,LOW,CLOSE"), "{message}");
}

#[test]
fn wrong_column_count_names_line_3() {
    let (line, _, message) = parse_err("bad/wrong_columns.csv");
    assert_eq!(line, 3);
    assert!(
        message.contains("row has 4 fields, expected 5"),
        "{message}"
    );
}

#[test]
fn unparsable_date_names_line_and_column_and_the_accepted_format() {
    let (line, column, message) = parse_err("bad/bad_date.csv");
    assert_eq!((line, column.as_str()), (3, "DATE (field 1)"));
    assert!(
        message.contains("`13/45/2020` is not a date; accepted: MM/DD/YYYY"),
        "{message}"
    );
}

#[test]
fn unparsable_number_in_a_crlf_file_names_line_4_column_close() {
    let e = read_err("bad/bad_number.csv");
    let text = e.to_string();
    assert!(
        text.contains("bad_number.csv:4: column `CLOSE (field 5)`"),
        "{text}"
    );
    assert!(text.contains("`13.8x` is not a number"), "{text}");
}

#[test]
fn empty_header_only_binary_and_latin1_files_are_refused_clearly() {
    assert!(file_err("bad/empty.csv").contains("empty file; expected a header line"));
    assert!(file_err("bad/header_only.csv").contains("no data rows after the header on line 1"));
    let garbage = file_err("bad/garbage.csv");
    assert!(
        garbage.contains("binary content (NUL byte at line 3"),
        "{garbage}"
    );
    let latin1 = file_err("bad/latin1.csv");
    assert!(
        latin1.contains("not UTF-8 text (invalid byte 0xE9 at line 2"),
        "{latin1}"
    );
}

#[test]
fn cfe_file_without_a_contract_label_is_refused() {
    let (line, column, message) = parse_err("bad/not_a_contract.csv");
    assert_eq!((line, column.as_str()), (2, "Futures (field 2)"));
    assert!(
        message.contains("`whatever` is not a contract label"),
        "{message}"
    );
}

#[test]
fn out_of_order_and_duplicate_dates_are_validation_errors_with_lines() {
    let f = read("bad/out_of_order.csv");
    let r = validate(&f, Some(Role::Vix));
    let e = r
        .findings
        .iter()
        .find(|x| x.code == "dates_out_of_order")
        .unwrap();
    assert_eq!((e.severity, e.count), (Severity::Error, 1));
    assert_eq!(e.examples, ["line 4: 2020-01-03 after 2020-01-06 (line 3)"]);
    let f = read("bad/duplicate_dates.csv");
    let r = validate(&f, Some(Role::Vix));
    let e = r
        .findings
        .iter()
        .find(|x| x.code == "duplicate_dates")
        .unwrap();
    assert_eq!((e.severity, r.counts.duplicates), (Severity::Error, 1));
    assert_eq!(e.examples, ["line 4: 2020-01-03 repeats line 3"]);
}

#[test]
fn zero_and_negative_prices_are_validation_errors() {
    let r = validate(&read("bad/non_positive.csv"), Some(Role::Vix));
    let e = r
        .findings
        .iter()
        .find(|x| x.code == "non_positive")
        .unwrap();
    assert_eq!(
        (e.severity, e.count, r.counts.non_positive),
        (Severity::Error, 2, 2)
    );
    assert!(
        e.examples[0].starts_with("line 3: 2020-01-03"),
        "{:?}",
        e.examples
    );
}

#[test]
fn check_of_bad_files_reports_every_one_as_an_error() {
    let names = [
        "bad/no_such_file.csv",
        "bad/unknown_header.csv",
        "bad/wrong_columns.csv",
        "bad/bad_date.csv",
        "bad/bad_number.csv",
        "bad/out_of_order.csv",
        "bad/duplicate_dates.csv",
        "bad/non_positive.csv",
        "bad/empty.csv",
        "bad/header_only.csv",
        "bad/garbage.csv",
        "bad/latin1.csv",
    ];
    let files: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    let r = check_files(&files, &LoadOptions::default());
    assert!(r.has_errors());
    assert_eq!(r.files.len(), names.len());
    for f in &r.files {
        assert_eq!(f.worst(), Some(Severity::Error), "{}", f.path);
    }
    assert!(r.render().contains("errors found (exit 1)"));
}

#[test]
fn utf8_bom_is_skipped_with_a_warning() {
    let f = read("quirks/vix_bom.csv");
    assert_eq!(f.format, Format::CboeIndexOhlc);
    assert_eq!(f.rows, 2);
    let bom = f.findings.iter().find(|x| x.code == "utf8_bom").unwrap();
    assert_eq!(bom.severity, Severity::Warning);
}

#[test]
fn crlf_rows_read_like_lf_rows_with_the_same_line_numbers() {
    let crlf = read("quirks/vix_crlf.csv");
    let bom = read("quirks/vix_bom.csv");
    assert!(codes(&crlf).contains(&"crlf"));
    assert_eq!(crlf.data, bom.data);
    let FileData::Ohlc(t) = &crlf.data else {
        panic!()
    };
    assert_eq!(t.lines, [2, 3]);
}

#[test]
fn short_us_dates_are_the_same_dates_and_reported() {
    let f = read("quirks/vix_short_dates.csv");
    assert_eq!(f.date_range(), Some((d("2020-01-02"), d("2020-01-03"))));
    assert!(codes(&f).contains(&"short_us_dates"));
}

#[test]
fn ohlc_violation_is_a_warning_with_the_row() {
    let r = validate(&read("quirks/vix_ohlc_violation.csv"), Some(Role::Vix));
    let w = r
        .findings
        .iter()
        .find(|x| x.code == "ohlc_violation")
        .unwrap();
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(
        w.examples,
        ["line 3: 1992-02-11 O 19.24 H 18.57 L 17.61 C 17.7"]
    );
    assert_eq!(r.worst(), Some(Severity::Warning));
}

#[test]
fn stooq_saturday_rows_before_1953_are_information() {
    let r = validate(&read("quirks/stooq_spx.csv"), Some(Role::Spx));
    let s = r
        .findings
        .iter()
        .find(|x| x.code == "saturday_rows")
        .unwrap();
    assert_eq!((s.severity, s.count), (Severity::Info, 1));
    assert!(s.message.contains("last 1952-05-24"));
    assert!(r.findings.iter().all(|x| x.code != "non_trading_days"));
}

#[test]
fn yahoo_file_without_final_newline_is_rounded_and_adj_close_checked() {
    let f = read("quirks/yahoo_spx.csv");
    let FileData::Ohlc(t) = &f.data else { panic!() };
    assert_eq!(t.close, [1464.47, 1469.25]);
    let c = codes(&f);
    assert!(
        c.contains(&"no_final_newline")
            && c.contains(&"adj_close_equals_close")
            && c.contains(&"float32_artefacts")
    );
}

#[test]
fn fred_empty_and_dot_values_are_missing_and_negative_rates_are_info() {
    let f = read("quirks/fred_dtb3.csv");
    let FileData::Values(t) = &f.data else {
        panic!()
    };
    assert_eq!(t.values[..2], [0.0, -0.05]);
    assert!(t.values[2].is_nan() && t.values[3].is_nan());
    let r = validate(&f, Some(Role::Rate));
    let neg = r
        .findings
        .iter()
        .find(|x| x.code == "negative_rate")
        .unwrap();
    assert_eq!((neg.severity, neg.count), (Severity::Info, 1));
    assert_eq!(r.worst(), Some(Severity::Info));
}

#[test]
fn quandl_file_is_reversed_and_rescaled_before_2007_03_26() {
    let f = read("quirks/quandl_vx2.csv");
    let FileData::Columns(t) = &f.data else {
        panic!()
    };
    assert_eq!(t.dates, [d("2007-03-23"), d("2007-03-26"), d("2007-03-27")]);
    assert_eq!(t.column("settle").unwrap(), [13.45, 13.45, 13.6]);
    assert_eq!(t.lines, [4, 3, 2]);
    let c = codes(&f);
    assert!(c.contains(&"newest_first") && c.contains(&"vx_10x_scale"));
    let r = validate(&f, Some(Role::VxContinuous));
    assert!(r.findings.iter().all(|x| x.code != "dates_out_of_order"));
}

#[test]
fn term_structure_file_ignores_the_pandas_index() {
    let f = read("quirks/vx_term.csv");
    let FileData::Columns(t) = &f.data else {
        panic!()
    };
    assert_eq!(t.column("VX8").unwrap(), [14.9, 14.76]);
    assert_eq!(t.column("SP500").unwrap(), [1424.55, 1437.77]);
    assert!(codes(&f).contains(&"crlf"));
}

#[test]
fn mislabelled_contract_blocks_are_relabelled_by_evidence() {
    let f = read("quirks/vx_contracts_mislabelled.csv");
    let FileData::Contracts(cs) = &f.data else {
        panic!()
    };
    let months: Vec<(i32, u32)> = cs.iter().map(|c| c.month).collect();
    assert_eq!(months, [(2026, 2), (2026, 4), (2026, 5), (2026, 6)]);
    assert!(cs[0].relabelled.is_none());
    assert!(cs[1].relabelled.as_deref().unwrap().contains("not a date"));
    assert!(
        cs[2]
            .relabelled
            .as_deref()
            .unwrap()
            .contains("trades until 2026-04-17")
    );
    let r = validate(&f, Some(Role::Vx));
    let rel = r
        .findings
        .iter()
        .find(|x| x.code == "vx_relabelled")
        .unwrap();
    assert_eq!((rel.severity, rel.count), (Severity::Warning, 3));
    let missing = r
        .findings
        .iter()
        .find(|x| x.code == "vx_missing_contract")
        .unwrap();
    assert!(
        missing.examples[0].starts_with("2026-03"),
        "{:?}",
        missing.examples
    );
}

#[test]
fn legacy_cfe_file_handles_disclaimer_crlf_commas_blank_lines_and_the_10x_scale() {
    let f = read("mini/vx/CFE_K07_VX.csv");
    assert_eq!(f.format, Format::CfeLegacyVx);
    assert_eq!(f.rows, 7);
    let FileData::Contracts(cs) = &f.data else {
        panic!()
    };
    let c = &cs[0];
    assert_eq!((c.month, c.label.as_str()), ((2007, 5), "K (May 07)"));
    assert_eq!(c.settle, [14.02, 13.84, 13.61, 13.5, 13.45, 13.45, 13.6]);
    assert_eq!(c.lines, [3, 4, 5, 6, 7, 8, 9]);
    for code in [
        "disclaimer_skipped",
        "crlf",
        "trailing_comma",
        "blank_lines",
        "short_us_dates",
        "vx_10x_scale",
        "no_trade_rows",
    ] {
        assert!(codes(&f).contains(&code), "{code}");
    }
    let tc = f
        .findings
        .iter()
        .find(|x| x.code == "trailing_comma")
        .unwrap();
    assert_eq!(tc.count, 3);
}

#[test]
fn vx_examples_show_rescaled_settles_without_artefacts_and_no_nan() {
    // Pandas-concatenated Cboe contracts: a 2004 settle on the old 10 x scale (167.6 / 10 is
    // 16.759999999999998 in binary), and a 2013 no-trade row with Settle 0 (read as missing)
    // and High < Low.
    let text = ",Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest\n\
                0,2004-10-26,2004-11-17,168.5,168.5,168.5,168.5,168.5,0,0,0,0\n\
                1,2004-10-27,2004-11-17,167.6,167.6,167.6,167.6,167.6,0,0,0,0\n\
                0,2013-01-15,2013-01-16,14.3,14.4,14.2,14.3,14.35,0,100,0,100\n\
                1,2013-01-16,2013-01-16,0,14.25,14.4,0,0,0,0,0,0\n";
    let f =
        ringfence_data::formats::parse_bytes(&PathBuf::from("vx_contracts.csv"), text.as_bytes())
            .unwrap();
    let r = validate(&f, Some(Role::Vx));
    let examples: Vec<&str> = f
        .findings
        .iter()
        .chain(&r.findings)
        .flat_map(|x| x.examples.iter().map(String::as_str))
        .collect();
    assert!(
        examples.contains(&"line 3: 2004-10-27 settle 167.6 -> 16.76"),
        "{examples:?}"
    );
    assert!(
        examples
            .iter()
            .any(|e| e.ends_with("2013-01-16 O 0 H 14.25 L 14.4 C 0 settle missing")),
        "{examples:?}"
    );
    for e in &examples {
        assert!(!e.contains("NaN") && !e.contains("99999"), "{e}");
    }
}
