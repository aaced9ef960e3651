//! A synthetic first quarter of 2021 for the market modules' unit tests: SPX rising a point a
//! day, VIX cycling 18-24, VIX3M 21-25, a flat 1% rate, no VX settles, VVIX as given.

use chrono::NaiveDate;
use ringfence_data::history::AlignmentReport;
use ringfence_data::{MarketHistory, Ohlc, VxSettles};

/// The history, with VVIX on day `i` given by `vvix(i)`.
pub fn history(vvix: impl Fn(usize) -> f64) -> MarketHistory {
    let first = NaiveDate::from_ymd_opt(2021, 1, 4).unwrap();
    let last = NaiveDate::from_ymd_opt(2021, 3, 31).unwrap();
    let dates = ringfence_data::calendar::trading_days(first, last);
    let n = dates.len();
    let col = |f: &dyn Fn(usize) -> f64| (0..n).map(f).collect::<Vec<f64>>();
    let ohlc = |c: Vec<f64>| Ohlc {
        open: c.clone(),
        high: c.clone(),
        low: c.clone(),
        close: c,
    };
    MarketHistory {
        spx: ohlc(col(&|i| 3700.0 + i as f64)),
        spx_open_is_real: vec![true; n],
        spx_set: vec![f64::NAN; n],
        spx_div_yield: vec![f64::NAN; n],
        vix: ohlc(col(&|i| 18.0 + (i % 7) as f64)),
        vix9d: vec![f64::NAN; n],
        vix3m: col(&|i| 21.0 + (i % 5) as f64),
        vix6m: vec![f64::NAN; n],
        vvix: col(&vvix),
        skew: vec![f64::NAN; n],
        rate: vec![0.01; n],
        vx: VxSettles::default(),
        alignment: AlignmentReport::default(),
        sources: Vec::new(),
        dates,
    }
}
