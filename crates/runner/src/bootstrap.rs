//! Stationary block bootstrap (Politis & Romano, 1994) of a daily market history.
//!
//! A path keeps the calendar of the resampled window (same dates, so expiries, holidays and
//! weekdays stay real) and rebuilds the prices from resampled source days. Day 0 is the
//! window's real first day. For each later day a source day `j` is drawn: with probability
//! `1 / mean_block_days` a new block starts at a uniformly drawn source day, otherwise the
//! block continues with the day after the previous source (wrapping at the window's end).
//! Blocks therefore have geometric lengths with the configured mean and the resampled
//! series is stationary.
//!
//! What each day takes from its source day `j` (all series move jointly):
//! - SPX: the close-to-close log return `ln(C[j] / C[j-1])`; the open keeps its gap to the
//!   previous close (`O[j] / C[j-1]`), high and low their ratio to the close; the
//!   "real open" flag is the source's.
//! - VIX, VIX9D, VIX3M, VIX6M, VVIX (in log): the source's level plus a gap that decays
//!   with half-life `vol_gap_half_life_days`: `l[t] = L[j] + phi * (l[t-1] - L[j-1])`.
//!   Inside a block the path follows the source's daily log changes exactly; at a block join
//!   the jump between the two blocks' levels is bled off instead of taken at once. Summing
//!   resampled log changes alone (no decay) would turn the mean-reverting VIX into a random
//!   walk whose spread over 30 years reaches several units of log (VIX at 1 or 1,000);
//!   taking levels alone (`half_life = 0`) would put uncorrelated VIX jumps at every join.
//!   A series missing on the source day is missing on the path day. VIX open/high/low keep
//!   their ratio to the close.
//! - T-bill rate: the source day's level.
//! - VX futures settles are dropped (they cannot follow a resampled VIX); the market model
//!   prices VX from its curve model.
//!
//! Randomness: [`ringfence_data::rng::Rng`] seeded with `derive_seed(run seed, path)`, so a
//! path does not depend on which thread builds it or in which order.

use ringfence_data::MarketHistory;
use ringfence_data::history::{Ohlc, VxSettles};
use ringfence_data::rng::{Rng, derive_seed};
use ringfence_strategy::DayRange;

/// Resampling settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resampling {
    /// Mean block length in trading days (>= 1).
    pub mean_block_days: f64,
    /// Half-life of VIX-family level gaps at block joins, in trading days (0 = none).
    pub vol_gap_half_life_days: f64,
}

/// Seed of bootstrap path `path` (1-based) of a run seeded with `seed`.
pub fn path_seed(seed: u64, path: u32) -> u64 {
    derive_seed(seed, u64::from(path))
}

/// The source day of each path day: `out[0] = range.start`, later days drawn as described
/// in the module docs. Needs `range` to hold at least 3 days.
pub fn source_days(range: DayRange, mean_block_days: f64, rng: &mut Rng) -> Vec<usize> {
    let n = range.end - range.start;
    let first = range.start + 1; // a source day needs its previous day
    let m = (range.end - first) as u64;
    let p_new = 1.0 / mean_block_days.max(1.0);
    let mut src = Vec::with_capacity(n);
    src.push(range.start);
    for t in 1..n {
        let j = if t == 1 || rng.bernoulli(p_new) {
            first + rng.below(m) as usize
        } else {
            let next = src[t - 1] + 1;
            if next >= range.end { first } else { next }
        };
        src.push(j);
    }
    src
}

/// Resample the days `range` of `history` into a new history of the same dates.
///
/// Returns `None` when the range holds fewer than 3 days.
pub fn resample(
    history: &MarketHistory,
    range: DayRange,
    settings: &Resampling,
    seed: u64,
) -> Option<MarketHistory> {
    let n = range.end.checked_sub(range.start)?;
    if n < 3 || range.end > history.len() {
        return None;
    }
    let mut rng = Rng::new(seed);
    let src = source_days(range, settings.mean_block_days, &mut rng);
    let phi = if settings.vol_gap_half_life_days > 0.0 {
        0.5f64.powf(1.0 / settings.vol_gap_half_life_days)
    } else {
        0.0
    };

    // SPX: returns and intraday ratios of the source day.
    let s = &history.spx;
    let mut spx = Ohlc {
        open: Vec::with_capacity(n),
        high: Vec::with_capacity(n),
        low: Vec::with_capacity(n),
        close: Vec::with_capacity(n),
    };
    let mut open_real = Vec::with_capacity(n);
    for (t, &j) in src.iter().enumerate() {
        let (o, c) = if t == 0 {
            (s.open[j], s.close[j])
        } else {
            let prev = spx.close[t - 1];
            (
                prev * s.open[j] / s.close[j - 1],
                prev * s.close[j] / s.close[j - 1],
            )
        };
        let r = c / s.close[j];
        spx.open.push(o);
        spx.close.push(c);
        spx.high.push(s.high[j] * r);
        spx.low.push(s.low[j] * r);
        open_real.push(history.spx_open_is_real[j]);
    }

    let vix_close = levels(&history.vix.close, &src, phi);
    let ratio = |col: &[f64]| -> Vec<f64> {
        src.iter()
            .zip(&vix_close)
            .map(|(&j, &c)| c * col[j] / history.vix.close[j])
            .collect()
    };
    let vix = Ohlc {
        open: ratio(&history.vix.open),
        high: ratio(&history.vix.high),
        low: ratio(&history.vix.low),
        close: vix_close,
    };

    Some(MarketHistory {
        dates: history.dates[range.start..range.end].to_vec(),
        spx,
        spx_open_is_real: open_real,
        // A resampled path has no real settlement values: its AM settlements are estimated.
        spx_set: vec![f64::NAN; n],
        // The dividend yield of the day each resampled day was drawn from.
        spx_div_yield: src.iter().map(|&j| history.spx_div_yield[j]).collect(),
        vix,
        vix9d: levels(&history.vix9d, &src, phi),
        vix3m: levels(&history.vix3m, &src, phi),
        vix6m: levels(&history.vix6m, &src, phi),
        vvix: levels(&history.vvix, &src, phi),
        skew: levels(&history.skew, &src, phi),
        rate: src.iter().map(|&j| history.rate[j]).collect(),
        vx: VxSettles::default(),
        alignment: history.alignment.clone(),
        sources: history.sources.clone(),
    })
}

/// Resampled levels of a positive series with decaying join gaps (see module docs).
fn levels(col: &[f64], src: &[usize], phi: f64) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::with_capacity(src.len());
    for (t, &j) in src.iter().enumerate() {
        let here = col[j];
        let v = if !(here.is_finite() && here > 0.0) {
            f64::NAN
        } else if t == 0 {
            here
        } else {
            let prev_path = out[t - 1];
            let prev_src = col[j - 1];
            if prev_path.is_finite() && prev_src.is_finite() && prev_src > 0.0 {
                (here.ln() + phi * (prev_path.ln() - prev_src.ln())).exp()
            } else {
                here
            }
        };
        out.push(v);
    }
    out
}
