//! Shared helpers: the real history (loaded once) and hand-built synthetic histories.

use std::sync::OnceLock;

use chrono::NaiveDate;
use ringfence_data::history::AlignmentReport;
use ringfence_data::{MarketHistory, Ohlc, VxSettles};

/// The real shared history, loaded once per test binary; `None` when the data are absent.
pub fn real_history() -> Option<&'static MarketHistory> {
    static H: OnceLock<Option<MarketHistory>> = OnceLock::new();
    H.get_or_init(|| {
        let dir = ringfence_test_support::shared_data_dir()?;
        Some(
            ringfence_data::load_dir(&dir, &ringfence_data::LoadOptions::default())
                .expect("the shared data load"),
        )
    })
    .as_ref()
}

/// Date helper.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// A history on the NYSE calendar from `first` to `last` with SPX and VIX closes given by
/// `spx(i)` / `vix(i)` (open = previous close, a real open), a constant rate, VIX3M = VIX x
/// 1.1 and no VX data.
pub fn synthetic(
    first: NaiveDate,
    last: NaiveDate,
    rate: f64,
    spx: impl Fn(usize) -> f64,
    vix: impl Fn(usize) -> f64,
) -> MarketHistory {
    let dates = ringfence_data::calendar::trading_days(first, last);
    let n = dates.len();
    let s: Vec<f64> = (0..n).map(&spx).collect();
    let v: Vec<f64> = (0..n).map(&vix).collect();
    let ohlc = |c: &Vec<f64>| {
        let open: Vec<f64> = (0..n)
            .map(|i| if i == 0 { c[0] } else { c[i - 1] })
            .collect();
        Ohlc {
            high: (0..n).map(|i| c[i].max(open[i])).collect(),
            low: (0..n).map(|i| c[i].min(open[i])).collect(),
            open,
            close: c.clone(),
        }
    };
    MarketHistory {
        spx: ohlc(&s),
        spx_open_is_real: vec![true; n],
        vix: ohlc(&v),
        vix9d: vec![f64::NAN; n],
        vix3m: v.iter().map(|x| x * 1.1).collect(),
        vix6m: vec![f64::NAN; n],
        vvix: vec![f64::NAN; n],
        rate: vec![rate; n],
        vx: VxSettles::default(),
        alignment: AlignmentReport::default(),
        sources: Vec::new(),
        dates,
    }
}

/// A random-walk history: SPX log returns with vol 0.8 x VIX, VIX mean-reverting in logs
/// around 18 and negatively correlated with SPX, T-bill 3%. Deterministic in `seed`.
pub fn random_walk(seed: u64, first: NaiveDate, last: NaiveDate) -> MarketHistory {
    let mut rng = ringfence_data::rng::Rng::new(seed);
    let n = ringfence_data::calendar::trading_days(first, last).len();
    let (mut spx, mut x) = (Vec::with_capacity(n), 18f64.ln());
    let mut vix = Vec::with_capacity(n);
    let mut s = 4000.0;
    for _ in 0..n {
        let e1 = rng.normal();
        let e2 = -0.7 * e1 + (1.0 - 0.49f64).sqrt() * rng.normal();
        let v = x.exp();
        s *= (0.8 * v / 100.0 / 252f64.sqrt() * e1).exp();
        x += 0.05 * (18f64.ln() - x) + 0.12 * e2;
        spx.push(s);
        vix.push(v);
    }
    synthetic(first, last, 0.03, |i| spx[i], |i| vix[i])
}
