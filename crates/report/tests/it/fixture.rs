//! Fake run directories written in the runner's file format (see /work/notes/report_needs.md):
//! a single run with four layouts, and a sweep of two parameters.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Layouts of the single-run fixture.
pub const LAYOUTS: [&str; 4] = ["ring_fenced", "commingled", "unhedged", "hedge_only"];

/// Options of a fixture run.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// Layouts to write.
    pub layouts: Vec<&'static str>,
    /// Trading days of daily series.
    pub days: usize,
    /// Sweep grid sizes (x values, y values); (1, 1) = single run.
    pub grid: (usize, usize),
    /// Events per non-charted scenario (entries and exits only; streaming load).
    pub filler_events: usize,
}

impl Default for Fixture {
    fn default() -> Self {
        Self {
            layouts: LAYOUTS.to_vec(),
            days: 400,
            grid: (1, 1),
            filler_events: 0,
        }
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// Weekdays from 2019-07-01.
pub fn dates(n: usize) -> Vec<NaiveDate> {
    let mut d = NaiveDate::from_ymd_opt(2019, 7, 1).unwrap();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            out.push(d);
        }
        d = d.checked_add_days(Days::new(1)).unwrap();
    }
    out
}

/// Crash depth on a date: 0 outside 2020-02-20..2020-05-29, up to 1 at 2020-03-23.
fn crash(d: NaiveDate) -> f64 {
    let bottom = NaiveDate::from_ymd_opt(2020, 3, 23).unwrap();
    let days = (d - bottom).num_days() as f64;
    if (-32.0..0.0).contains(&days) {
        1.0 + days / 32.0
    } else if (0.0..67.0).contains(&days) {
        1.0 - days / 67.0
    } else {
        0.0
    }
}

/// Deterministic standard-normal-ish draws (Box-Muller on a Weyl sequence).
fn normal(k: usize) -> f64 {
    let u1 = ((k as f64 + 1.0) * 0.618_033_988_75).fract().max(1e-9);
    let u2 = ((k as f64 + 1.0) * 0.754_877_666_25).fract();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

fn daily_csv(layout: &str, j: usize, days: usize) -> String {
    let ds = dates(days);
    let accounts: &[&str] = match layout {
        "ring_fenced" => &["core", "hedge"],
        "hedge_only" => &["hedge"],
        _ => &["main"],
    };
    let mut s = String::from("date,total_equity");
    for a in accounts {
        let _ = write!(s, ",{a}_cash,{a}_equity,{a}_requirement,{a}_excess");
    }
    s.push_str(",condor_pnl,hedge_pnl,hedge_value\n");
    let scale = if layout == "hedge_only" {
        50_000.0
    } else {
        1_000_000.0
    };
    for (i, d) in ds.iter().enumerate() {
        let c = crash(*d);
        let drift = 1.0 + 0.0004 * i as f64 * (1.0 + 0.25 * j as f64);
        let wiggle = 1.0 + 0.01 * ((i as f64) / 9.0 + j as f64).sin();
        let hit = match layout {
            "hedge_only" => -1.5 * c, // the hedge pays in the crash
            "unhedged" => 0.35 * c,
            "commingled" => 0.28 * c,
            _ => 0.22 * c,
        };
        let total = scale * drift * wiggle * (1.0 - hit);
        let hedge_pnl = 80_000.0 * c - 30.0 * i as f64;
        let _ = write!(s, "{d},{total:.2}");
        for (k, a) in accounts.iter().enumerate() {
            let share = if accounts.len() == 1 {
                1.0
            } else if k == 0 {
                0.95
            } else {
                0.05
            };
            let eq = total * share;
            let req = if *a == "hedge" {
                0.0
            } else {
                eq * (0.45 + 0.75 * c)
            };
            let _ = write!(s, ",{:.2},{eq:.2},{req:.2},{:.2}", eq * 0.9, eq - req);
        }
        let _ = writeln!(
            s,
            ",{:.2},{hedge_pnl:.2},{:.2}",
            total - scale,
            20_000.0 + 60_000.0 * c
        );
    }
    s
}

/// Variant id of grid cell (x, y).
pub fn variant(x: usize, y: usize) -> String {
    format!("v{x:02}_{y:02}")
}

/// Scenario id.
pub fn scenario(variant: &str, layout: &str) -> String {
    format!("{variant}-full-{layout}")
}

/// Write a complete run directory.
pub fn write_run(dir: &Path, f: &Fixture) {
    let sweep = f.grid != (1, 1);
    let xs: Vec<f64> = (0..f.grid.0).map(|i| 0.10 + 0.01 * i as f64).collect();
    let ys: Vec<f64> = (0..f.grid.1).map(|i| 0.005 + 0.0005 * i as f64).collect();
    let sweep_json = if sweep {
        format!(r#", "sweep": {{"condor.short_delta": {xs:?}, "hedge.budget_annual": {ys:?}}}"#)
    } else {
        String::new()
    };
    write(
        dir,
        "run.json",
        &format!(
            r#"{{
  "format_version": 1,
  "version": "{}",
  "name": "fixture <run>",
  "seed": 42,
  "config": {{"run": {{"name": "fixture"}}, "capital": {{"total_usd": 1000000}}, "note": "<script>alert(1)</script>"}},
  "data": {{"dir": "data", "start": "2019-07-01", "end": "2020-12-31",
            "files": [{{"path": "data/spx.csv", "sha256": "ab12", "rows": 400}},
                      {{"path": "data/vix.csv", "sha256": "cd34", "rows": 400}}]}},
  "windows": [{{"name": "2020 COVID", "start": "2020-02-19", "end": "2020-04-30"}},
              {{"name": "2019 Q4", "start": "2019-10-01", "end": "2019-12-31"}},
              {{"name": "1990 Gulf war", "start": "1990-08-01", "end": "1990-10-31"}}],
  "assumptions": {{"spx_settlement": "SET ~ SPX open of expiry day"}}{sweep_json}
}}
"#,
            env!("CARGO_PKG_VERSION")
        ),
    );
    let params = if sweep {
        ",condor.short_delta,hedge.budget_annual"
    } else {
        ""
    };
    let mut summary = format!(
        "scenario,variant,window,layout{params},cagr,total_return,volatility,sharpe,sortino,max_drawdown,\
         max_drawdown_days,calmar,worst_day,margin_calls,forced_liquidations,\
         liquidation_cost_usd,final_equity\n"
    );
    let mut events = String::from("scenario,date,account,kind,sleeve,detail,amount_usd\n");
    let mut annual = String::from("scenario,year,return,hedge_cost_usd,hedge_payoff_usd\n");
    let mut paired =
        String::from("variant,window,metric,ring_fenced,commingled,diff,ci_low,ci_high,ci_level\n");
    let mut bootstrap = String::from("variant,window,metric,sample,diff\n");
    let d = dates(f.days);
    for (xi, x) in xs.iter().enumerate() {
        for (yi, y) in ys.iter().enumerate() {
            let v = variant(xi, yi);
            let charted = xi == 0 && yi == 0;
            let mut cagr = Vec::new();
            for (j, layout) in f.layouts.iter().enumerate() {
                let id = scenario(&v, layout);
                let pv = if sweep {
                    format!(",{x:.2},{y:.4}")
                } else {
                    String::new()
                };
                let rf = f64::from(u8::from(j == 0));
                let c =
                    0.05 + 0.01 * j as f64 - 0.02 * (x - 0.1) + (0.5 * y + 0.03 * (x - 0.1)) * rf;
                let dd =
                    0.20 + 0.03 * j as f64 + 0.3 * (x - 0.1) - (2.0 * y - 0.2 * (x - 0.1)) * rf;
                cagr.push((c, dd));
                let _ = writeln!(
                    summary,
                    "{id},{v},full,{layout}{pv},{c:.6},{:.6},0.12,0.8,1.1,{dd:.6},120,0.25,-0.05,{},{},{},{}",
                    c * 1.5,
                    j,
                    j / 2,
                    1500 * j,
                    1_000_000.0 * (1.0 + c)
                );
                if charted {
                    write(
                        dir,
                        &format!("daily/{id}.csv"),
                        &daily_csv(layout, j, f.days),
                    );
                    let acc = match *layout {
                        "ring_fenced" => "core",
                        "hedge_only" => "hedge",
                        _ => "main",
                    };
                    if j < 2 {
                        let _ = writeln!(
                            events,
                            "{id},2020-03-16,{acc},margin_call,,deficit <b>bold</b> & 'q',25000"
                        );
                    }
                    if j == 1 {
                        let _ = writeln!(
                            events,
                            "{id},2020-03-17,{acc},forced_liquidation,condor,\"closed 3 condors, largest requirement\",-41000.5"
                        );
                        let _ = writeln!(
                            events,
                            "{id},2020-03-18,{acc},refused_entry,condor,would leave excess < 0,-1200"
                        );
                    }
                    if *layout == "ring_fenced" {
                        let _ = writeln!(
                            events,
                            "{id},2020-04-01,hedge,transfer,,hedge -> core,30000"
                        );
                    }
                    for (k, year) in [2019, 2020].iter().enumerate() {
                        let _ = writeln!(
                            annual,
                            "{id},{year},0.05,{},{}",
                            12_000.0 + 500.0 * j as f64,
                            if k == 1 { 90_000.0 } else { 4_000.0 }
                        );
                    }
                }
                for k in 0..f.filler_events {
                    let day = d[(k * 7) % d.len()];
                    let _ = writeln!(
                        events,
                        "{id},{day},main,entry,condor,open condor {k},1234.5"
                    );
                }
            }
            if f.layouts.len() >= 2 {
                let (rf, cm) = (cagr[0], cagr[1]);
                for (m, a, b, lo, hi) in [
                    ("cagr", rf.0, cm.0, -0.004, 0.012),
                    ("max_drawdown", rf.1, cm.1, -0.06, -0.01),
                ] {
                    let _ = writeln!(
                        paired,
                        "{v},full,{m},{a:.6},{b:.6},{:.6},{:.6},{:.6},0.95",
                        a - b,
                        a - b + lo,
                        a - b + hi
                    );
                    if charted {
                        for k in 0..500 {
                            let sd = (hi - lo) / 4.0;
                            let _ = writeln!(
                                bootstrap,
                                "{v},full,{m},{k},{:.6}",
                                a - b + (lo + hi) / 2.0 + sd * normal(k)
                            );
                        }
                    }
                }
            }
        }
    }
    write(dir, "summary.csv", &summary);
    write(dir, "events.csv", &events);
    write(dir, "annual.csv", &annual);
    write(dir, "paired.csv", &paired);
    write(dir, "bootstrap.csv", &bootstrap);
}
