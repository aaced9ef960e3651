//! `events.csv`: margin calls, liquidations, refused entries, transfers, entries and exits.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use ringfence_schema::events as kind;
use ringfence_schema::run_dir;

use crate::error::{ReportError, Result};
use crate::table::{column_index, parse_f64, read_bytes, scan};

/// Event kinds listed one by one in the report; other kinds are only counted.
pub const LISTED_KINDS: [&str; 9] = [
    kind::MARGIN_CALL,
    kind::MARGIN_CALL_MET,
    kind::FORCED_LIQUIDATION,
    kind::INTRADAY_LIQUIDATION,
    kind::HEDGE_SOLD_FOR_CALL,
    kind::HEDGE_SPEND_CUT,
    kind::REFUSED_ENTRY,
    kind::TRANSFER_REQUEST,
    kind::TRANSFER,
];

/// One listed event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Scenario id.
    pub scenario: String,
    /// Date of the event.
    pub date: NaiveDate,
    /// Account (`core`, `hedge`, `main`).
    pub account: String,
    /// Kind (`margin_call`, ...).
    pub kind: String,
    /// Sleeve (`condor`, `hedge`) or empty.
    pub sleeve: String,
    /// Free-text detail written by the engine.
    pub detail: String,
    /// Amount in USD (NaN when absent).
    pub amount_usd: f64,
}

impl Event {
    /// True for margin calls.
    pub fn is_margin_call(&self) -> bool {
        self.kind == kind::MARGIN_CALL
    }

    /// True for forced liquidations.
    pub fn is_liquidation(&self) -> bool {
        self.kind == kind::FORCED_LIQUIDATION || self.kind == kind::INTRADAY_LIQUIDATION
    }
}

/// Events of the selected scenarios: the listed kinds one by one, every kind counted.
#[derive(Debug, Clone, Default)]
pub struct Events {
    /// Listed events of the selected scenarios, in file order.
    pub listed: Vec<Event>,
    /// Number of events per (scenario, kind) of the selected scenarios, every kind.
    pub counts: BTreeMap<(String, String), u64>,
}

impl Events {
    /// Read `events.csv`, keeping the rows of [`LISTED_KINDS`] and the counts of every kind
    /// for the `selected` scenarios (rows of other scenarios are skipped unparsed).
    ///
    /// # Errors
    /// Missing or truncated file, missing `scenario`/`date`/`kind` column, a bad date.
    pub fn read(dir: &Path, selected: &BTreeSet<String>) -> Result<Self> {
        let path = dir.join(run_dir::EVENTS_CSV);
        let bytes = read_bytes(&path)?.ok_or_else(|| ReportError::Missing {
            path: path.clone(),
            what: "margin calls, liquidations, refusals and transfers",
        })?;
        let mut out = Self::default();
        let (path, out_ref) = (path.as_path(), &mut out);
        scan(path, &bytes, move |h| {
            let c_scenario = column_index(path, h, "scenario")?;
            let c_date = column_index(path, h, "date")?;
            let c_kind = column_index(path, h, "kind")?;
            let opt = |name: &str| h.iter().position(|c| c == name);
            let (c_account, c_sleeve, c_detail) = (opt("account"), opt("sleeve"), opt("detail"));
            let c_amount = opt("amount_usd");
            let out = out_ref;
            Ok(move |rec: &csv::StringRecord, line| {
                let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").trim();
                let scenario = get(Some(c_scenario));
                if !selected.contains(scenario) {
                    return Ok(());
                }
                let kind = get(Some(c_kind));
                let key = (scenario.to_string(), kind.to_string());
                *out.counts.entry(key).or_insert(0) += 1;
                if !LISTED_KINDS.contains(&kind) {
                    return Ok(());
                }
                let text = get(Some(c_date));
                let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                    ReportError::Value {
                        path: path.to_path_buf(),
                        line,
                        column: "date".into(),
                        value: text.to_string(),
                        expected: "a date YYYY-MM-DD",
                    }
                })?;
                out.listed.push(Event {
                    scenario: scenario.to_string(),
                    date,
                    account: get(c_account).to_string(),
                    kind: kind.to_string(),
                    sleeve: get(c_sleeve).to_string(),
                    detail: get(c_detail).to_string(),
                    amount_usd: parse_f64(get(c_amount)).unwrap_or(f64::NAN),
                });
                Ok(())
            })
        })?;
        Ok(out)
    }

    /// Count of `kind` events of a scenario.
    pub fn count(&self, scenario: &str, kind: &str) -> u64 {
        self.counts
            .get(&(scenario.to_string(), kind.to_string()))
            .copied()
            .unwrap_or(0)
    }

    /// Every kind seen, sorted.
    pub fn kinds(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self.counts.keys().map(|(_, k)| k.as_str()).collect();
        set.into_iter().collect()
    }
}
