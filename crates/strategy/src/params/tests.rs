//! Every declared key is a serde path of the parameters, every key a check reports is one,
//! and the rules catch what they name.

use std::collections::BTreeSet;

use serde_json::Value;

use super::*;

/// The value at dotted `key` (`hedge.layers[0].target_dte`; `[]` = the first element).
fn lookup<'a>(root: &'a Value, key: &str) -> Option<&'a Value> {
    let mut cur = root;
    for part in key.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((n, rest)) => {
                let i = rest.trim_end_matches(']');
                (n, Some(if i.is_empty() { 0 } else { i.parse().ok()? }))
            }
            None => (part, None),
        };
        cur = cur.as_object()?.get(name)?;
        if let Some(i) = index {
            cur = cur.as_array()?.get(i)?;
        }
    }
    Some(cur)
}

/// Every dotted path of `v` (tables, and leaves; list elements as `[]`).
fn paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let key = table::join_key(prefix, k);
                out.insert(key.clone());
                paths(child, &key, out);
            }
        }
        Value::Array(a) => {
            if let Some(first) = a.first() {
                paths(first, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

fn defaults() -> Value {
    serde_json::to_value(StrategyParams::default()).unwrap()
}

#[test]
fn the_reference_rows_are_exactly_the_serde_paths() {
    let rows: BTreeSet<String> = StrategyParams::reference()
        .into_iter()
        .map(|r| r.key)
        .collect();
    let mut serde = BTreeSet::new();
    paths(&defaults(), "", &mut serde);
    assert_eq!(rows, serde);
}

#[test]
fn the_reference_shows_the_defaults_the_params_take() {
    let rows = StrategyParams::reference();
    let row = |k: &str| rows.iter().find(|r| r.key == k).unwrap();
    assert_eq!(row("condor.short_delta").default, "0.16");
    assert_eq!(row("condor.sides").default, "\"both\"");
    assert_eq!(row("hedge.layers[].roll_dte").default, "");
    assert_eq!(row("hedge.short_strike.value").default, "2.0");
    assert_eq!(row("hedge.long_strike.value").default, "1.3");
    assert_eq!(
        row("hedge.layers").default,
        "[{ target_dte = 30 }, { target_dte = 60 }, { target_dte = 90 }]"
    );
    assert_eq!(
        row("capital.total_usd").range,
        "USD in (0, 1e13]",
        "the range of the field"
    );
    assert!(row("condor.target_dte").range.contains("min_dte"));
    assert!(row("margin.mode").kind.contains("\"portfolio\""));
    assert_eq!(row("costs.forced_liquidation_multiplier").default, "3.0");
    for r in &rows {
        assert!(!r.meaning.is_empty(), "{} has no meaning", r.key);
        assert!(
            !r.meaning.to_lowercase().contains("default"),
            "{}: the default is declared, not written in the doc",
            r.key
        );
    }
}

/// Set every numeric leaf in turn to each of `values` and collect the keys validation
/// reports.
fn reported_keys(values: &[Value]) -> BTreeSet<String> {
    let base = defaults();
    let mut leaves = BTreeSet::new();
    paths(&base, "", &mut leaves);
    let mut keys = BTreeSet::new();
    for leaf in &leaves {
        if !lookup(&base, leaf).is_some_and(Value::is_number) {
            continue;
        }
        for v in values {
            let mut json = base.clone();
            let mut cur = &mut json;
            for part in leaf.split('.') {
                let (name, first) = match part.strip_suffix("[]") {
                    Some(n) => (n, true),
                    None => (part, false),
                };
                cur = cur.get_mut(name).unwrap();
                if first {
                    cur = cur.get_mut(0).unwrap();
                }
            }
            *cur = v.clone();
            if let Ok(p) = serde_json::from_value::<StrategyParams>(json) {
                keys.extend(p.validate().into_iter().map(|e| e.key));
            }
        }
    }
    keys
}

#[test]
fn every_key_a_check_reports_resolves_to_a_serde_path() {
    let keys = reported_keys(&[
        Value::from(0),
        Value::from(-1.0e12),
        Value::from(1.0e12),
        Value::from(u32::MAX),
        Value::from(0.7),
    ]);
    assert!(
        keys.len() > 60,
        "only {} keys reported: {keys:?}",
        keys.len()
    );
    let base = defaults();
    for k in &keys {
        assert!(lookup(&base, k).is_some(), "`{k}` is not a serde path");
    }
    for k in [
        "condor.short_delta",
        "hedge.layers[0].target_dte",
        "costs.vx_future_slippage_points",
    ] {
        assert!(keys.contains(k), "{k} was never reported: {keys:?}");
    }
}

#[test]
fn each_cross_field_rule_reports_its_key() {
    let mut p = StrategyParams::default();
    p.condor.min_dte = 50;
    p.condor.max_dte = 40;
    p.condor.exit_dte = 55;
    p.condor.wing = Wing::Delta;
    p.condor.wing_delta = 0.2;
    p.condor.long_index = true;
    p.hedge.layers[1].budget_share = Some(0.7);
    p.hedge.layers[2].budget_share = Some(0.7);
    p.hedge.layers[0].roll_dte = Some(30);
    p.hedge.instrument = HedgeInstrument::SpxPut;
    p.signals.macd_fast = 30;
    p.transfers.core_target = 0.05;
    let keys: Vec<String> = p.validate().into_iter().map(|e| e.key).collect();
    assert_eq!(
        keys,
        [
            "condor.max_dte",
            "condor.target_dte",
            "condor.wing_delta",
            "condor.long_index",
            "condor.long_index",
            "condor.exit_dte",
            "hedge.layers[0].target_dte",
            "hedge.layers",
            "hedge.long_strike.kind",
            "signals.macd_fast",
            "transfers.core_target",
        ]
    );
    let base = defaults();
    for k in &keys {
        assert!(lookup(&base, k).is_some(), "`{k}` is not a serde path");
    }
}

#[test]
fn a_range_applies_only_when_its_condition_holds() {
    let mut p = StrategyParams::default();
    p.condor.short_pct_otm = 0.7;
    p.condor.ladder.max_open = 0;
    p.hedge.spike_rise = 0.0;
    p.hedge.spike_days = 0;
    assert!(p.validate().is_empty(), "{:?}", p.validate());
    p.condor.short_strike = ShortStrike::PctOtm;
    p.condor.ladder.enabled = true;
    p.hedge.spike_rise = 0.5;
    let keys: Vec<String> = p.validate().into_iter().map(|e| e.key).collect();
    assert_eq!(
        keys,
        [
            "condor.short_pct_otm",
            "condor.ladder.max_open",
            "hedge.spike_days"
        ]
    );
}
