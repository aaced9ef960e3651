//! `ringfence trace` on the shipped data: the rows are the engine's own days, a value-multiple
//! monetisation shows on the day the multiple is reached, and tracing a shorter range gives
//! the same rows (the trace only records; the scenario is simulated from its window start).

use chrono::NaiveDate;
use ringfence_runner::trace::{TraceDay, TraceRequest, trace};

use crate::support::plan;

const CONFIG: &str = r#"
layouts = ["commingled", "unhedged"]
[run]
name = "trace"
[hedge]
instrument = "vix_call_spread"
spike_rise = 0.0
monetise_multiple = 2.0
[windows]
select = ["full"]
"#;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn request(from: &str, to: &str) -> TraceRequest {
    TraceRequest {
        scenario: None,
        layout: None,
        from: d(from),
        to: d(to),
    }
}

fn multiple(day: &TraceDay, id: u32) -> Option<f64> {
    day.positions
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.value_usd / p.cost_usd)
}

#[test]
fn a_value_multiple_monetisation_shows_on_the_day_it_is_reached() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(CONFIG, dir.path());
    let t = trace(&plan, &request("2007-01-01", "2012-12-31")).unwrap();
    assert_eq!(t.layout.name(), "commingled");
    // 2007-01-02 was a national day of mourning (President Ford): no trading.
    assert_eq!(t.days.first().unwrap().date, d("2007-01-03"));
    let mut found = 0;
    for (i, day) in t.days.iter().enumerate() {
        let k = plan.history.dates.binary_search(&day.date).unwrap();
        assert_eq!(day.vix, plan.history.vix.close[k], "{}", day.date);
        for p in day
            .positions
            .iter()
            .filter(|p| p.action == "monetise (value multiple reached)")
        {
            found += 1;
            let m = p.value_usd / p.cost_usd;
            assert!(m >= 2.0, "{}: #{} monetised at {m:.3}x", day.date, p.id);
            if i > 0 {
                let before = multiple(&t.days[i - 1], p.id);
                assert!(
                    before.is_none_or(|b| b < 2.0),
                    "{}: #{} was already at {before:?}x the day before",
                    day.date,
                    p.id
                );
            }
            if let Some(next) = t.days.get(i + 1) {
                assert!(multiple(next, p.id).is_none(), "#{} still held", p.id);
            }
            let tag = format!("monetise: vix_call_spread #{} closed", p.id);
            assert!(
                day.events.iter().any(|e| e.starts_with(&tag)),
                "{:?}",
                day.events
            );
            // A call spread is worth its net mark: value = quantity x unit mark x 100.
            assert!((p.value_usd - p.quantity * p.unit_mark * 100.0).abs() < 1e-6);
        }
        // Held into the day at or inside the 15-day roll point: rolled that day.
        for p in day.positions.iter().filter(|p| p.dte.unwrap() <= 15) {
            assert_eq!(
                p.action, "roll (roll point reached)",
                "{}: #{}",
                day.date, p.id
            );
        }
    }
    assert!(found > 0, "no value-multiple monetisation in 2007-2012");
}

#[test]
fn a_shorter_trace_gives_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(CONFIG, dir.path());
    let long = trace(&plan, &request("2008-01-01", "2008-12-31")).unwrap();
    let short = trace(&plan, &request("2008-09-01", "2008-10-31")).unwrap();
    let start = long
        .days
        .iter()
        .position(|x| x.date == short.days[0].date)
        .unwrap();
    // The first day's P&L of the day is measured from the day itself: compare the rest.
    assert_eq!(
        &long.days[start + 1..start + short.days.len()],
        &short.days[1..]
    );
    assert!(short.days.iter().any(|x| !x.positions.is_empty()));
}

#[test]
fn bad_requests_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(CONFIG, dir.path());
    let e = trace(&plan, &request("2008-02-01", "2008-01-01")).unwrap_err();
    assert!(e.to_string().contains("is after --to"), "{e}");
    let mut r = request("2008-01-01", "2008-02-01");
    r.layout = Some("unhedged".into());
    let e = trace(&plan, &r).unwrap_err();
    assert!(e.to_string().contains("holds no hedge"), "{e}");
    r.layout = Some("ring_fenced".into());
    let e = trace(&plan, &r).unwrap_err();
    assert!(e.to_string().contains("does not run it"), "{e}");
    r.layout = None;
    r.scenario = Some("s000009".into());
    let e = trace(&plan, &r).unwrap_err();
    assert!(e.to_string().contains("no such scenario"), "{e}");
}
