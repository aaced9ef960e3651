//! The VIX expiration rule against every real VX contract's final settlement date in
//! `../shared/data/vix_futures`.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use ringfence_pricing::expiry::vix_expiration;

/// `MM/DD/YYYY` or `M/D/YYYY`.
fn parse_us_date(s: &str) -> Option<NaiveDate> {
    let mut it = s.trim().split('/');
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    let y = it.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_of_code(c: char) -> Option<u32> {
    "FGHJKMNQUVXZ"
        .find(c)
        .map(|i| u32::try_from(i).unwrap() + 1)
}

/// Legacy CFE files: (contract month, last trade date) per file.
fn legacy_contracts(dir: &Path) -> Vec<((i32, u32), NaiveDate, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // CFE_<code><YY>_VX.csv
        let Some(rest) = name.strip_prefix("CFE_") else {
            continue;
        };
        let code = rest.chars().next().unwrap();
        let yy: i32 = rest[1..3].parse().unwrap();
        let month = month_of_code(code).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let last = text
            .lines()
            .filter_map(|l| parse_us_date(l.split(',').next()?))
            .max()
            .unwrap();
        out.push(((2000 + yy, month), last, name));
    }
    out
}

#[test]
fn vix_rule_matches_every_legacy_cfe_contract_2004_2015() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let contracts = legacy_contracts(&data.join("vix_futures/cfe_2004_2015"));
    assert_eq!(contracts.len(), 136);
    let cutoff = contracts.iter().map(|c| c.1).max().unwrap();
    assert_eq!(cutoff, NaiveDate::from_ymd_opt(2015, 4, 1).unwrap());
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for ((y, m), last, name) in &contracts {
        let rule = vix_expiration(*y, *m).unwrap();
        if *last == cutoff && rule > cutoff {
            continue; // still trading when the file was cut (J15-Z15)
        }
        checked += 1;
        if rule != *last {
            mismatches.push(format!("{name}: last trade {last}, rule {rule}"));
        }
    }
    assert_eq!(checked, 127);
    assert!(
        mismatches.is_empty(),
        "mismatches:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn vix_rule_matches_every_expired_contract_and_label_2013_2026() {
    let Some(data) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let text =
        std::fs::read_to_string(data.join("vix_futures/vx_cboe_contracts_2013_2026.csv")).unwrap();
    // Blocks start where the pandas index restarts at 0.
    let mut blocks: Vec<(String, NaiveDate)> = Vec::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 3 {
            continue;
        }
        let date = NaiveDate::parse_from_str(f[1], "%Y-%m-%d").unwrap();
        if f[0] == "0" || blocks.is_empty() {
            blocks.push((f[2].to_owned(), date));
        }
        let last = blocks.last_mut().unwrap();
        last.1 = last.1.max(date);
    }
    assert_eq!(blocks.len(), 167);
    let file_end = blocks.iter().map(|b| b.1).max().unwrap();
    let mut mismatches = Vec::new();
    let (mut expired, mut labels) = (0, 0);
    let mut by_month = BTreeMap::new();
    for (label, last) in &blocks {
        let parsed = NaiveDate::parse_from_str(label, "%Y-%m-%d").ok();
        if let Some(l) = parsed {
            labels += 1;
            let rule = vix_expiration(l.year(), l.month()).unwrap();
            if rule != l {
                mismatches.push(format!("label {label}: rule {rule}"));
            }
        }
        if *last < file_end {
            expired += 1;
            let rule = vix_expiration(last.year(), last.month()).unwrap();
            if rule != *last {
                mismatches.push(format!("block {label}: last trade {last}, rule {rule}"));
            }
            if parsed.is_some_and(|l| l != *last) {
                mismatches.push(format!(
                    "block {label}: label differs from last trade {last}"
                ));
            }
            by_month.insert((last.year(), last.month()), *last);
        }
    }
    // The one unparseable label is the README's `20268-03-18` (the April 2026 contract,
    // last trade 2026-04-15).
    assert_eq!(labels, 166);
    assert_eq!(
        by_month.get(&(2026, 4)),
        Some(&NaiveDate::from_ymd_opt(2026, 4, 15).unwrap())
    );
    // Genuine Tuesday (holiday-shifted) expiries the README lists.
    for (y, m, d) in [
        (2014, 3, 18),
        (2019, 3, 19),
        (2022, 3, 15),
        (2024, 6, 18),
        (2025, 3, 18),
    ] {
        assert_eq!(
            by_month.get(&(y, m)),
            NaiveDate::from_ymd_opt(y, m, d).as_ref()
        );
    }
    assert!(expired > 150, "only {expired} expired contracts");
    assert!(
        mismatches.is_empty(),
        "mismatches:\n{}",
        mismatches.join("\n")
    );
}
