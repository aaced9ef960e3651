//! Cost of [`ChainMarket`] where no chain exists: the full shared history (1990-2026) with a
//! chain book of two days (2019-05-01 and 2019-05-02), the runner's sweep case (ring-fenced
//! and commingled together, default parameters), on the model alone and on the chain
//! market, interleaved (crates/runner/BENCHMARKS.md).
//!
//! `CHAIN_BENCH_ITERS=n CHAIN_BENCH_MARKET=model|chain`: run only that market n times and
//! exit (instruction counts under callgrind).

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use ringfence_data::chains::{ChainBook, ChainDay, ChainRow, Right, Underlying};
use ringfence_pricing::model::{MarketModel, ModelParams};
use ringfence_strategy::market::chain::{ChainIndex, ChainMarket, simulate_on_chains};
use ringfence_strategy::{DayRange, Layout, SimOptions, StrategyParams, simulate};

/// A chain day of puts and calls every 25 points around `spot`, 30 and 58 days out.
fn day(date: NaiveDate, spot: f64) -> ChainDay {
    let mut rows = Vec::new();
    for days in [30, 58] {
        let expiry = date + chrono::Duration::days(days);
        for i in -20..=20 {
            let strike = (spot / 25.0).round() * 25.0 + 25.0 * f64::from(i);
            for right in [Right::Put, Right::Call] {
                let otm = match right {
                    Right::Put => spot - strike,
                    Right::Call => strike - spot,
                };
                let mid = (40.0 - 0.05 * otm).max(0.5);
                rows.push(ChainRow {
                    quote_date: date,
                    expiry,
                    root: "SPXW".into(),
                    underlying: Underlying::Spx,
                    known_root: true,
                    symbol_matches: true,
                    right,
                    strike,
                    bid: mid - 0.2,
                    ask: mid + 0.2,
                    underlying_price: spot,
                    delta: f64::NAN,
                    iv: f64::NAN,
                });
            }
        }
    }
    ChainDay::from_rows(date, rows)
}

fn main() {
    let Some(h) = ringfence_test_support::shared_history() else {
        return;
    };
    let model = MarketModel::new(h, &ModelParams::default()).expect("model builds");
    let p = StrategyParams::default();
    let range = DayRange::all(h);
    let layouts = [Layout::RingFenced, Layout::Commingled];
    let opts = SimOptions::default();
    let dates = ["2019-05-01", "2019-05-02"].map(|d| d.parse::<NaiveDate>().expect("date"));
    let book = ChainBook::new(dates.iter().map(|d| day(*d, 2920.0)).collect());
    let index = ChainIndex::new(h, &book);
    assert_eq!(index.chain_days(), 2);
    let run_model = || black_box(simulate(&model, &p, range, &layouts, &opts).expect("runs"));
    let run_chain = || {
        let cm = ChainMarket::new(&model, &book, &index);
        black_box(simulate_on_chains(&cm, &p, range, &layouts, &opts).expect("runs"));
        cm.fills()
    };

    if let Some(n) = std::env::var("CHAIN_BENCH_ITERS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let chain = std::env::var("CHAIN_BENCH_MARKET").is_ok_and(|v| v == "chain");
        for _ in 0..n {
            if chain {
                black_box(run_chain());
            } else {
                run_model();
            }
        }
        return;
    }

    let fills = run_chain();
    println!("chain fills of one run: {fills:?}");
    let (mut m, mut c) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        let t = Instant::now();
        run_model();
        m.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        run_chain();
        c.push(t.elapsed().as_secs_f64());
    }
    m.sort_by(f64::total_cmp);
    c.sort_by(f64::total_cmp);
    println!(
        "{} days x 2 layouts, 15 interleaved runs: model best {:.2} ms median {:.2} ms; \
         chain market best {:.2} ms median {:.2} ms; ratio of medians {:.3}",
        range.len(),
        m[0] * 1e3,
        m[7] * 1e3,
        c[0] * 1e3,
        c[7] * 1e3,
        c[7] / m[7]
    );
}
