//! The runner writes what the schema (`ringfence-schema`) says the report reads: every
//! column of `summary.csv` is an identity column, a swept parameter or a metric with a unit
//! and a direction, and the engine's layout names and event kinds are the schema's.

use ringfence_schema::columns::summary;
use ringfence_schema::{events, layouts, mechanisms, metrics};
use ringfence_strategy::{DataGaps, EventKind, Layout, LedgerTotals, Metrics};
use serde_json::json;

use super::finalize::summary_row;
use crate::cells::to_cells;
use crate::record::{LayoutRecord, Outcome, ScenarioRecord};

/// A layout record built from the engine's structs as `scenario::layout_record` builds it.
fn engine_layout() -> LayoutRecord {
    LayoutRecord {
        layout: layouts::RING_FENCED.into(),
        metrics: to_cells(&Metrics::default()).unwrap(),
        ledger: to_cells(&LedgerTotals::default()).unwrap(),
        gaps: to_cells(&DataGaps::default()).unwrap(),
        annual: vec![(2008, -0.1), (2009, 0.2)],
        hedge_years: Vec::new(),
    }
}

#[test]
fn the_engine_metrics_are_the_schema_table_in_column_order() {
    let written: Vec<String> = engine_layout().metrics.into_iter().map(|m| m.0).collect();
    let declared: Vec<&str> = metrics::METRICS.iter().map(|m| m.name).collect();
    assert_eq!(
        written, declared,
        "a field of `Metrics` needs one entry in ringfence_schema::metrics::METRICS"
    );
}

#[test]
fn every_metric_column_of_summary_csv_has_a_unit_and_a_direction() {
    let layout = engine_layout();
    let rec = ScenarioRecord {
        index: 0,
        id: "s000000".into(),
        label: "full".into(),
        variant: 0,
        params: vec![("condor.short_delta".into(), json!(0.16))],
        window: "full".into(),
        start: None,
        end: None,
        path: None,
        outcome: Outcome::Ok(vec![layout.clone()]),
        event_rows: 0,
        ledger_rows: 0,
    };
    let columns: Vec<String> = summary_row(&rec, &layout)
        .into_iter()
        .map(|c| c.0)
        .collect();
    let (leading, rest) = columns.split_at(summary::LEADING.len());
    assert_eq!(leading, summary::LEADING);
    let (params, rest) = rest.split_at(rec.params.len());
    assert_eq!(params, ["condor.short_delta"]);
    let (identity, measured) = rest.split_at(summary::IDENTITY.len());
    assert_eq!(identity, summary::IDENTITY);
    assert!(measured.len() > metrics::METRICS.len(), "{measured:?}");
    for c in measured {
        assert!(metrics::unit(c).is_some(), "{c} has no unit in the schema");
        assert!(metrics::direction(c).is_some(), "{c} has no direction");
    }
    assert!(measured.iter().any(|c| c == "ret_2009"));
    assert!(
        measured
            .iter()
            .any(|c| c.starts_with(metrics::LEDGER_PREFIX))
    );
    assert!(measured.iter().any(|c| c.starts_with(metrics::GAPS_PREFIX)));
}

#[test]
fn every_data_gap_counter_is_defined_in_the_schema() {
    let written: Vec<String> = engine_layout()
        .gaps
        .into_iter()
        .map(|(k, _)| format!("{}{k}", metrics::GAPS_PREFIX))
        .collect();
    let declared: Vec<&str> = metrics::GAPS.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        written, declared,
        "a field of `DataGaps` needs one entry in ringfence_schema::metrics::GAPS"
    );
}

#[test]
fn the_engine_layouts_are_the_schema_layouts_in_display_order() {
    let names: Vec<&str> = Layout::ALL.iter().map(|l| l.name()).collect();
    assert_eq!(names, layouts::ALL);
}

/// The schema's name of each engine event kind. The match is exhaustive: a new kind does
/// not compile until the schema names it.
fn schema_kind(k: EventKind) -> &'static str {
    match k {
        EventKind::Entry => events::ENTRY,
        EventKind::Exit => events::EXIT,
        EventKind::Settlement => events::SETTLEMENT,
        EventKind::Roll => events::ROLL,
        EventKind::Monetise => events::MONETISE,
        EventKind::MarginCall => events::MARGIN_CALL,
        EventKind::MarginCallMet => events::MARGIN_CALL_MET,
        EventKind::ForcedLiquidation => events::FORCED_LIQUIDATION,
        EventKind::RefusedEntry => events::REFUSED_ENTRY,
        EventKind::TransferRequest => events::TRANSFER_REQUEST,
        EventKind::Transfer => events::TRANSFER,
        EventKind::HedgeSpendCut => events::HEDGE_SPEND_CUT,
        EventKind::IntradayLiquidation => events::INTRADAY_LIQUIDATION,
        EventKind::HedgeSoldForCall => events::HEDGE_SOLD_FOR_CALL,
    }
}

#[test]
fn the_engine_event_kinds_are_written_with_the_schema_names() {
    let kinds = EventKind::ALL;
    for k in kinds {
        assert_eq!(k.name(), schema_kind(k));
    }
    let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
    assert_eq!(names, events::ALL);
}

/// The value at dotted `key` of `p` serialised, as the config spells it.
fn value_at(p: &ringfence_strategy::StrategyParams, key: &str) -> String {
    let json = serde_json::to_value(p).unwrap();
    let v = key.split('.').fold(&json, |v, k| &v[k]);
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn each_ladder_step_switches_the_schema_key_of_its_mechanism_from_its_baseline() {
    use ringfence_strategy::params::{MechanismParams, StressAddons};
    let mut p = ringfence_strategy::StrategyParams::default();
    p.margin.stress = StressAddons::VixScaled;
    assert_eq!(
        MechanismParams::default().through as usize,
        mechanisms::LADDER.len()
    );
    assert_eq!(mechanisms::LADDER_KEY, "mechanisms.through");
    for (i, m) in mechanisms::LADDER.iter().enumerate() {
        let before = p.clone().with_mechanisms_through(i as u32);
        let after = p.clone().with_mechanisms_through(i as u32 + 1);
        assert_eq!(value_at(&before, m.key), m.baseline, "step {i}: {}", m.key);
        assert_ne!(value_at(&after, m.key), m.baseline, "step {i}: {}", m.key);
        let (b, a) = (
            serde_json::to_value(&before).unwrap(),
            serde_json::to_value(&after).unwrap(),
        );
        let changed: Vec<String> = ["capital", "hedge", "transfers", "margin", "costs"]
            .iter()
            .flat_map(|t| {
                let (bt, at) = (&b[t], &a[t]);
                at.as_object()
                    .unwrap()
                    .keys()
                    .filter(|k| bt[k.as_str()] != at[k.as_str()])
                    .map(|k| format!("{t}.{k}"))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(changed, [m.key], "step {i} changes one key");
    }
}
