//! Merging VX settles from several files into one settle per contract and date.
//!
//! Rules: outlier settles ([`crate::check::file::futures::outlier_settles`]) are excluded and
//! counted per file. Where the current Cboe file (`cboe_vx_contracts`) and a CFE legacy file
//! both have a settle for the same contract and date, the current file's is used; the legacy
//! settle is superseded and, when it differs by more than half a cent, reported.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{Days, NaiveDate};

use crate::check::file::futures::outlier_settles;
use crate::contract::{month_name, standard_expiry};
use crate::finding::{Finding, Severity, Tally};
use crate::formats::detect::Format;
use crate::formats::{FileData, ParsedFile};
use crate::history::{MAX_LISTED_DATES, SeriesAlignment, VxContract};

/// One settle and where it came from.
#[derive(Debug, Clone, Copy)]
struct Settle {
    value: f64,
    preferred: bool,
    file: usize,
}

/// Per-file counts of the merge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeCounts {
    /// Outlier settles excluded.
    pub outliers: usize,
    /// Settles superseded by the preferred file's settle for the same contract and date.
    pub superseded: usize,
}

/// Settles of every contract month, merged from all VX files.
#[derive(Debug, Clone, Default)]
pub struct MergedVx {
    /// Contract month -> date -> settle (VIX points).
    pub contracts: BTreeMap<(i32, u32), BTreeMap<NaiveDate, f64>>,
    /// Per input file (same order as given): counts.
    pub per_file: Vec<(PathBuf, MergeCounts)>,
    /// Cross-file findings (legacy vs current disagreements, overlap size).
    pub findings: Vec<Finding>,
}

impl MergedVx {
    /// Merge the contract tables of `files` (files without contracts are ignored).
    pub fn merge(files: &[&ParsedFile]) -> MergedVx {
        let mut all: BTreeMap<(i32, u32), BTreeMap<NaiveDate, Settle>> = BTreeMap::new();
        let mut per_file: Vec<(PathBuf, MergeCounts)> = files
            .iter()
            .map(|f| (f.path.clone(), MergeCounts::default()))
            .collect();
        let mut differ = Tally::default();
        let mut overlap = 0usize;
        for (fi, f) in files.iter().enumerate() {
            let FileData::Contracts(cs) = &f.data else {
                continue;
            };
            let preferred = f.format == Format::CboeVxContracts;
            for c in cs {
                let bad: Vec<usize> = outlier_settles(c).into_iter().map(|(i, _)| i).collect();
                per_file[fi].1.outliers += bad.len();
                let map = all.entry(c.month).or_default();
                for i in 0..c.dates.len() {
                    let v = c.settle[i];
                    if !(v.is_finite() && v > 0.0) || bad.contains(&i) {
                        continue;
                    }
                    let new = Settle {
                        value: v,
                        preferred,
                        file: fi,
                    };
                    match map.get(&c.dates[i]).copied() {
                        None => {
                            map.insert(c.dates[i], new);
                        }
                        Some(old) => {
                            overlap += 1;
                            let (keep, lose) = if new.preferred && !old.preferred {
                                (new, old)
                            } else {
                                (old, new)
                            };
                            if (keep.value - lose.value).abs() > 0.005 {
                                differ.add(|| {
                                    format!(
                                        "{} {}: {} has {}, {} has {} (used)",
                                        month_name(c.month),
                                        c.dates[i],
                                        file_name(files[lose.file]),
                                        lose.value,
                                        file_name(files[keep.file]),
                                        keep.value
                                    )
                                });
                            }
                            per_file[lose.file].1.superseded += 1;
                            map.insert(c.dates[i], keep);
                        }
                    }
                }
            }
        }
        let mut findings = Vec::new();
        if overlap > 0 {
            findings.push(Finding::new(
                Severity::Info,
                "vx_overlap",
                overlap,
                format!(
                    "{overlap} contract-days have a settle in more than one file (outliers already excluded); they agree on {}; the current Cboe file's settle is used",
                    overlap - differ.count
                ),
            ));
        }
        findings.extend(differ.finding(Severity::Warning, "vx_settle_mismatch", |n| {
            format!("{n} overlapping settles disagree between files (the current Cboe file's value is used)")
        }));
        MergedVx {
            contracts: all
                .into_iter()
                .map(|(m, s)| (m, s.into_iter().map(|(d, x)| (d, x.value)).collect()))
                .collect(),
            per_file,
            findings,
        }
    }

    /// Align every contract onto `days`, carrying settles forward at most `max_fill` days
    /// inside the contract's own range; rows on non-SPX days are dropped and counted.
    pub fn align(&self, days: &[NaiveDate], max_fill: usize) -> (Vec<VxContract>, SeriesAlignment) {
        let mut rep = SeriesAlignment {
            name: "vx".to_string(),
            ..SeriesAlignment::default()
        };
        let mut out = Vec::new();
        for (&month, settles) in &self.contracts {
            let rows = crate::align::Rows {
                dates: settles.keys().copied().collect(),
                values: settles.values().copied().collect(),
            };
            let (v, r) = crate::align::align_rows("vx", days, &rows, max_fill);
            rep.filled += r.filled;
            rep.missing += r.missing;
            rep.dropped_non_trading += r.dropped_non_trading;
            for d in r.filled_dates {
                if rep.filled_dates.len() < MAX_LISTED_DATES {
                    rep.filled_dates.push(d);
                }
            }
            for d in r.dropped_dates {
                if rep.dropped_dates.len() < MAX_LISTED_DATES {
                    rep.dropped_dates.push(d);
                }
            }
            let Some(first) = v.iter().position(|x| x.is_finite()) else {
                continue;
            };
            let last = v.iter().rposition(|x| x.is_finite()).unwrap_or(first);
            let expiry = settles.keys().next_back().copied().filter(|&d| {
                let std = standard_expiry(month);
                d <= std && d >= std - Days::new(3) && days.binary_search(&d).is_ok()
            });
            out.push(VxContract {
                month,
                expiry,
                first_day: first,
                settles: v[first..=last].to_vec(),
            });
        }
        rep.filled_dates.sort();
        rep.dropped_dates.sort();
        (out, rep)
    }
}

fn file_name(f: &ParsedFile) -> String {
    f.path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
