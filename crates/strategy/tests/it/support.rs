//! Shared helpers: the real history (loaded once), hand-built flat histories for the
//! hand-computed cases, and seeded random histories in which every series the engine can
//! read moves on its own.

use chrono::{Datelike, NaiveDate};
use ringfence_data::history::AlignmentReport;
use ringfence_data::rng::Rng;
use ringfence_data::{MarketHistory, Ohlc, VxContract, VxSettles};
use ringfence_pricing::expiry::vix_expiration;
use ringfence_pricing::model::ModelParams;
use ringfence_pricing::smile::SmileParams;
use ringfence_pricing::vix_options::VixOptionParams;

pub use ringfence_test_support::shared_history as real_history;

/// Date helper.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// A history on the NYSE calendar from `first` to `last` with SPX and VIX closes given by
/// `spx(i)` / `vix(i)` (open = previous close, a real open), a constant rate, VIX3M = VIX x
/// 1.1 and no VX data. For hand-built scenarios whose prices are set day by day.
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
        spx_set: vec![f64::NAN; n],
        spx_div_yield: vec![f64::NAN; n],
        vix: ohlc(&v),
        vix9d: vec![f64::NAN; n],
        vix3m: v.iter().map(|x| x * 1.1).collect(),
        vix6m: vec![f64::NAN; n],
        vvix: vec![f64::NAN; n],
        skew: vec![f64::NAN; n],
        rate: vec![rate; n],
        vx: VxSettles::default(),
        alignment: AlignmentReport::default(),
        sources: Vec::new(),
        dates,
    }
}

/// A flat market for closed-form expectations: SPX at `spx` and every VIX-family index
/// (VIX9D, VIX, VIX3M, VIX6M) at `vix` on every day, so that the term structure is flat at
/// `vix / 100`; VVIX at `vvix`; the rate constant at `rate`; no VX settles.
pub fn flat(
    first: NaiveDate,
    last: NaiveDate,
    spx: f64,
    vix: f64,
    vvix: f64,
    rate: f64,
) -> MarketHistory {
    let mut h = synthetic(first, last, rate, |_| spx, |_| vix);
    let n = h.len();
    h.vix9d = vec![vix; n];
    h.vix3m = vec![vix; n];
    h.vix6m = vec![vix; n];
    h.vvix = vec![vvix; n];
    h
}

/// Model parameters under which a [`flat`] history prices by the closed forms of
/// [`crate::closed_form`]: the smile flat (ATM-to-VIX ratio 1, smile multiplier 1), so every
/// SPX option has the vol `vix / 100`; VIX options without skew or tenor scaling, so every
/// VIX option has the vol `vvix / 100`; dividend yield 1.8%; the listed 5-point strike grid.
pub fn flat_model() -> ModelParams {
    ModelParams {
        div_yield: 0.018,
        smile: SmileParams {
            ratio0: 1.0,
            ratio_v: 0.0,
            ratio_t: 0.0,
            min_multiplier: 1.0,
            max_multiplier: 1.0,
            ..SmileParams::default()
        },
        vix_options: VixOptionParams {
            atm_ratio: 1.0,
            min_factor: 1.0,
            max_factor: 1.0,
            call_skew: 0.0,
            put_skew: 0.0,
            ..VixOptionParams::default()
        },
        ..ModelParams::default()
    }
}

/// Months a VX contract is listed before its expiration in [`random_walk`].
const VX_LISTED_MONTHS: i32 = 9;

/// A seeded random history in which every series the engine reads has its own randomness,
/// so that a decision that peeked at any of day `t + 1`'s values would differ from one that
/// did not:
///
/// - SPX: log returns with vol 0.8 x VIX, a quarter of the variance in an overnight gap to
///   the open (SET), the rest from the open to the close; VIX: mean-reverting in logs around
///   18 and negatively correlated with SPX, its open (VRO) a gap of its own;
/// - highs and lows drawn beyond the open and the close by their own amounts;
/// - VIX9D, VIX3M, VIX6M: log spreads to VIX with their own mean-reverting noise (the short
///   end reacting more, the long ends less), VVIX: its own mean-reverting process partly
///   driven by VIX moves; the T-bill rate: a bounded random walk around 3%;
/// - VX settles for every monthly contract, listed nine months before its expiration: a
///   curve from the VIX level towards 20 with contract-specific noise, the last settle at
///   the expiration's VIX open (VRO), as in the CFE files.
pub fn random_walk(seed: u64, first: NaiveDate, last: NaiveDate) -> MarketHistory {
    let mut rng = Rng::new(seed);
    let dates = ringfence_data::calendar::trading_days(first, last);
    let n = dates.len();
    let mut h = synthetic(first, last, 0.03, |_| 1.0, |_| 1.0);
    let ln18 = 18f64.ln();
    let (mut s, mut x) = (4000.0, ln18);
    let (mut y9, mut y3, mut y6, mut w) = (0.0f64, 0.08f64, 0.12f64, 90f64.ln());
    let mut rate = 0.03f64;
    let mut prev: Option<(f64, f64)> = None;
    for i in 0..n {
        let e1 = rng.normal();
        let e2 = -0.7 * e1 + (1.0 - 0.49f64).sqrt() * rng.normal();
        let v = x.exp();
        let sigma_day = 0.8 * v / 100.0 / 252f64.sqrt();
        // A quarter of the day's variance overnight (the open is its own draw, not the
        // previous close), the rest between the open and the close.
        let prev_s = prev.map_or(s, |p| p.0);
        let spx_open = prev_s * (0.5 * sigma_day * rng.normal()).exp();
        s = spx_open * (0.75f64.sqrt() * sigma_day * e1).exp();
        x += 0.05 * (ln18 - x) + 0.12 * e2;
        let prev_v = prev.map_or(v, |p| p.1);
        let vix_open = prev_v * (0.04 * rng.normal()).exp();
        let (so, sc) = (spx_open, s);
        h.spx.open[i] = so;
        h.spx.close[i] = sc;
        h.spx.high[i] = so.max(sc) * (0.5 * sigma_day * rng.normal().abs()).exp();
        h.spx.low[i] = so.min(sc) * (-0.5 * sigma_day * rng.normal().abs()).exp();
        h.vix.open[i] = vix_open;
        h.vix.close[i] = v;
        h.vix.high[i] = vix_open.max(v) * (0.05 * rng.normal().abs()).exp();
        h.vix.low[i] = vix_open.min(v) * (-0.05 * rng.normal().abs()).exp();
        let dev = x - ln18;
        y9 += 0.2 * (0.4 * dev - y9) + 0.03 * rng.normal();
        y3 += 0.1 * (0.08 - 0.5 * dev - y3) + 0.02 * rng.normal();
        y6 += 0.1 * (0.12 - 0.6 * dev - y6) + 0.015 * rng.normal();
        w += 0.1 * (90f64.ln() - w) + 0.3 * 0.12 * e2 + 0.05 * rng.normal();
        h.vix9d[i] = v * y9.exp();
        h.vix3m[i] = v * y3.exp();
        h.vix6m[i] = v * y6.exp();
        h.vvix[i] = w.exp();
        rate = (rate + 0.0005 * rng.normal()).clamp(0.0, 0.06);
        h.rate[i] = rate;
        prev = Some((s, v));
    }
    h.vx = vx_settles(&mut rng, &h);
    h
}

/// Monthly VX contracts over `h` (see [`random_walk`]), sorted by month.
fn vx_settles(rng: &mut Rng, h: &MarketHistory) -> VxSettles {
    let (first, last) = (h.dates[0], h.dates[h.len() - 1]);
    let month_of = |k: i32| (k.div_euclid(12), k.rem_euclid(12) as u32 + 1);
    let k0 = first.year() * 12 + first.month0() as i32;
    let k1 = last.year() * 12 + last.month0() as i32 + VX_LISTED_MONTHS;
    let mut contracts = Vec::new();
    for k in k0..=k1 {
        let (y, m) = month_of(k);
        let expiry = vix_expiration(y, m).expect("VIX expiration in the calendar");
        let (ly, lm) = month_of(k - VX_LISTED_MONTHS);
        let listed = NaiveDate::from_ymd_opt(ly, lm, 1).expect("listing date");
        let from = h.dates.partition_point(|d| *d < listed);
        let to = h.dates.partition_point(|d| *d <= expiry);
        if from >= to {
            continue;
        }
        let basis = 0.5 * rng.normal();
        let settles = (from..to)
            .map(|i| {
                if h.dates[i] == expiry {
                    return h.vix.open[i];
                }
                let tau = (expiry - h.dates[i]).num_days() as f64 / 365.0;
                let v = h.vix.close[i];
                let fair = 20.0 + (v - 20.0) * (-4.0 * tau).exp() + basis * tau.sqrt();
                (fair + 0.25 * rng.normal()).max(9.0)
            })
            .collect();
        contracts.push(VxContract {
            month: (y, m),
            expiry: (expiry <= last).then_some(expiry),
            first_day: from,
            settles,
        });
    }
    VxSettles { contracts }
}
