//! The shipped hedge instrument held against the one it replaced, on the real history: the
//! measurement behind `hedge.instrument = "vix_call"` (docs/findings.md, "What ships"). If
//! a model or engine change makes 1.3x / 2x call spreads the better hedge, this fails and
//! the default has to be reconsidered with the findings.

use std::collections::HashMap;

use chrono::NaiveDate;
use ringfence_runner::{Config, Overrides, Plan, RunOptions, Silent, execute};
use ringfence_strategy::StrategyParams;
use ringfence_strategy::params::HedgeInstrument;
use ringfence_test_support::shared_data_dir;

use crate::support::read_csv;

/// VIX options list on this day; no hedge of either kind trades before it.
const VIX_OPTIONS_LISTED: &str = "2006-02-24";

#[test]
fn plain_vix_calls_ship_because_they_cost_less_and_pay_more_than_call_spreads() {
    assert_eq!(
        StrategyParams::default().hedge.instrument,
        HedgeInstrument::VixCall
    );
    let Some(data) = shared_data_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // The default strategy, the hedge alone (its payoff is the account's gain net of
    // interest), variant 0 the spreads, variant 1 the shipped calls.
    let text = r#"
layouts = ["hedge_only"]
[run]
name = "hedge-default"
[windows]
select = ["full", "stress"]
[sweep]
"hedge.instrument" = ["vix_call_spread", "vix_call"]
"#;
    let overrides = Overrides {
        data_dir: Some(data),
        out_dir: Some(tmp.path().join("run")),
    };
    let config = Config::parse(std::path::Path::new("test.toml"), text, &overrides).unwrap();
    let history = ringfence_runner::load_history(&config).unwrap();
    let plan = Plan::new(config, history).unwrap();
    execute(&plan, &RunOptions::default(), &Silent).unwrap();

    let (head, rows) = read_csv(&tmp.path().join("run/summary.csv"));
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (variant, window, start) = (col("variant"), col("window"), col("start"));
    let num = |r: &[String], name: &str| r[col(name)].parse::<f64>().unwrap();
    // (window, variant) -> (payoff net of interest, net drag per year)
    let mut by: HashMap<(String, String), (f64, f64)> = HashMap::new();
    let mut episodes = Vec::new();
    for r in &rows {
        let payoff = num(r, "final_equity") - num(r, "initial_equity") - num(r, "ledger_interest");
        let drag = num(r, "hedge_net_drag_pct_per_year");
        by.insert((r[window].clone(), r[variant].clone()), (payoff, drag));
        let listed = NaiveDate::parse_from_str(VIX_OPTIONS_LISTED, "%Y-%m-%d").unwrap();
        let from = NaiveDate::parse_from_str(&r[start], "%Y-%m-%d").unwrap();
        if r[window] != "full" && from >= listed && !episodes.contains(&r[window]) {
            episodes.push(r[window].clone());
        }
    }
    let get = |w: &str, v: &str| by[&(w.to_string(), v.to_string())];
    let (spreads, calls) = (get("full", "0"), get("full", "1"));
    assert!(
        calls.1 < 0.7 * spreads.1,
        "net drag a year: calls {} spreads {}",
        calls.1,
        spreads.1
    );
    assert!(calls.0 > spreads.0, "{calls:?} {spreads:?}");
    // Every built-in episode since VIX options list: 2008 to 2025.
    assert_eq!(episodes.len(), 10, "{episodes:?}");
    for w in &episodes {
        let (spreads, calls) = (get(w, "0").0, get(w, "1").0);
        assert!(
            calls > spreads,
            "{w}: calls paid {calls:.0}, spreads {spreads:.0}"
        );
    }
    // Before the listing neither trades: the payoff is zero to the cent.
    for r in rows.iter().filter(|r| r[window] == "bear_2002") {
        let payoff = num(r, "final_equity") - num(r, "initial_equity") - num(r, "ledger_interest");
        assert!(payoff.abs() < 0.01, "{payoff}");
    }
}
