//! Synthetic daily market history: SPX, the VIX family, VVIX, the T-bill rate and VX
//! futures settles, deterministic from a seed and written in the real publishers' formats.
//!
//! The model ([`model`]) is a regime-switching log-OU stochastic variance with leverage,
//! compound-Poisson SPX down jumps with simultaneous variance spikes, and a VIX term
//! structure computed as the square root of the risk-neutral expected average variance
//! (physical expectation times `1 + variance_risk_premium`) over 9, 30, 93 and 183 calendar
//! days. VX futures are priced off the same expected-variance curve at each contract's VIX
//! expiration. [`generate`] simulates; [`write_dir`] writes the files; the defaults are the
//! calibrated parameters of the shipped `data/` set.
//!
//! Random streams: every component draws from its own [`Rng`] seeded with
//! `derive_seed(seed, k)` (k = 1 regimes, 2 diffusion, 3 jumps, 4 SPX OHLC, 5 VIX-family
//! OHLC, 6 VVIX noise, 7 rates), so changing one component leaves the others' draws alone.

pub mod model;
pub mod ohlc;
pub mod path;
pub mod rate;
pub mod vx;
mod writer;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

pub use model::{ModelParams, Regime};
pub use writer::{FILES, write_dir};

use crate::check::file::MAX_LEVEL;
use crate::history::{AlignmentReport, MarketHistory, Ohlc, VxContract, VxSettles};
use crate::rng::{Rng, derive_seed};
use crate::{DataError, Result, calendar};

/// Model years per trading day.
pub const DT: f64 = 1.0 / 252.0;
/// Calendar days per model year, for the index horizons.
pub const DAYS_PER_YEAR: f64 = 365.0;
/// Horizons of VIX9D, VIX, VIX3M and VIX6M, in calendar days.
pub const TENOR_DAYS: [f64; 4] = [9.0, 30.0, 93.0, 183.0];

/// Most calendar years [`generate`] simulates. Over longer spans the simulated SPX,
/// compounding from the default start (353.40 on 1990-01-02), passes the largest index level the loaders and
/// `data check` accept ([`crate::check::file::MAX_LEVEL`]) on many seeds: on 170 of seeds
/// 1-300 within 100 years, the first after 48 years, on none within 40. A rare seed that
/// still does is refused by [`generate`].
pub const MAX_YEARS: u32 = 40;

/// First publication dates of the real series, mirrored by default:
/// (VIX9D, VIX3M, VIX6M, VVIX, VX futures).
pub const REAL_PUBLICATION: [(i32, u32, u32); 5] = [
    (2011, 1, 4),
    (2009, 9, 18),
    (2008, 1, 2),
    (2006, 3, 6),
    (2004, 3, 26),
];

/// Parameters of one synthetic history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SynthParams {
    /// Seed of every random stream.
    pub seed: u64,
    /// Calendar years to cover, from `start` (1 to [`MAX_YEARS`]).
    pub years: u32,
    /// First day (moved to the next trading day if it is not one).
    pub start: NaiveDate,
    /// SPX close on the first day, index points.
    pub spx_start: f64,
    /// Listed VX contracts per trading day (1 to 12).
    pub vx_contracts: usize,
    /// Start VIX9D, VIX3M, VIX6M, VVIX and VX on their real first publication dates
    /// ([`REAL_PUBLICATION`]) rather than on the first day. A series whose real start falls
    /// after the last day starts on the first day all the same: mirrored, it would be a file
    /// without data rows, which the loaders refuse.
    pub mirror_publication_dates: bool,
    /// Model parameters.
    pub model: ModelParams,
}

impl Default for SynthParams {
    fn default() -> Self {
        SynthParams {
            seed: 1,
            years: 36,
            start: NaiveDate::from_ymd_opt(1990, 1, 2).expect("valid date"),
            spx_start: 353.40,
            vx_contracts: 8,
            mirror_publication_dates: true,
            model: ModelParams::default(),
        }
    }
}

/// One simulated monthly VX contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SynthVxContract {
    /// Contract month (year, month 1-12).
    pub month: (i32, u32),
    /// VIX expiration (final settlement) date.
    pub expiry: NaiveDate,
    /// Index of `settles[0]` in [`SynthHistory::dates`].
    pub first_day: usize,
    /// Daily settles, VIX points, rounded to 0.01; on the expiration day the VIX open.
    pub settles: Vec<f64>,
}

/// Index of the first published day of each optional series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SeriesStarts {
    /// First VIX9D day.
    pub vix9d: usize,
    /// First VIX3M day.
    pub vix3m: usize,
    /// First VIX6M day.
    pub vix6m: usize,
    /// First VVIX day.
    pub vvix: usize,
    /// First VX futures day.
    pub vx: usize,
}

/// A generated history. Every series covers every day in memory; [`SynthHistory::starts`]
/// says from which day each optional series is published (written and exposed in
/// [`SynthHistory::to_market_history`]). Values are rounded as written (0.01).
#[derive(Debug, Clone, PartialEq)]
pub struct SynthHistory {
    /// Parameters the history was generated with.
    pub params: SynthParams,
    /// NYSE trading days, ascending.
    pub dates: Vec<NaiveDate>,
    /// SPX OHLC, index points.
    pub spx: Ohlc,
    /// VIX OHLC, VIX points.
    pub vix: Ohlc,
    /// VIX9D OHLC, VIX points.
    pub vix9d: Ohlc,
    /// VIX3M OHLC, VIX points.
    pub vix3m: Ohlc,
    /// VIX6M OHLC, VIX points.
    pub vix6m: Ohlc,
    /// VVIX close, volatility points.
    pub vvix: Vec<f64>,
    /// 3-month T-bill rate, percent, discount basis (FRED DTB3 convention).
    pub dtb3_pct: Vec<f64>,
    /// Volatility regime of each day (diagnostic, not written).
    pub regimes: Vec<Regime>,
    /// Whether each day had an SPX down jump (diagnostic, not written).
    pub jumps: Vec<bool>,
    /// VX contracts by contract month.
    pub vx: Vec<SynthVxContract>,
    /// First published day of the optional series.
    pub starts: SeriesStarts,
}

fn bad(name: &str, value: impl std::fmt::Display, accepted: &str) -> DataError {
    DataError::Parameter {
        name: name.to_string(),
        value: value.to_string(),
        accepted: accepted.to_string(),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round_ohlc(o: &mut Ohlc) {
    for col in [&mut o.open, &mut o.high, &mut o.low, &mut o.close] {
        col.iter_mut().for_each(|v| *v = round2(*v));
    }
}

fn validate(p: &SynthParams) -> Result<()> {
    if !(1..=MAX_YEARS).contains(&p.years) {
        return Err(bad(
            "years",
            p.years,
            &format!(
                "1 to {MAX_YEARS} (over longer spans the simulated SPX passes {MAX_LEVEL} \
                 index points, the largest level the loaders accept, on many seeds)"
            ),
        ));
    }
    if !(1900..=2100).contains(&chrono::Datelike::year(&p.start)) {
        return Err(bad("start", p.start, "a date from 1900 to 2100"));
    }
    if !(p.spx_start.is_finite() && p.spx_start > 0.0 && p.spx_start <= MAX_LEVEL) {
        return Err(bad(
            "spx_start",
            p.spx_start,
            &format!("a positive number of index points up to {MAX_LEVEL}"),
        ));
    }
    if !(1..=12).contains(&p.vx_contracts) {
        return Err(bad("vx_contracts", p.vx_contracts, "1 to 12"));
    }
    let m = &p.model;
    if !(m.var_reversion > 0.0 && m.var_reversion < 100.0) {
        return Err(bad("var_reversion", m.var_reversion, "(0, 100) per year"));
    }
    if !(-1.0..=1.0).contains(&m.leverage_corr) {
        return Err(bad("leverage_corr", m.leverage_corr, "-1 to 1"));
    }
    if !(0.0..1.0).contains(&m.overnight_share) {
        return Err(bad("overnight_share", m.overnight_share, "[0, 1)"));
    }
    for rp in &m.regimes {
        let total: f64 = rp.exit_rates.iter().sum::<f64>() + rp.jump_intensity;
        if rp.exit_rates.iter().any(|r| *r < 0.0) || rp.jump_intensity < 0.0 || total * DT > 0.5 {
            return Err(bad(
                "regimes",
                format!("{:?} jumps {}", rp.exit_rates, rp.jump_intensity),
                "non-negative rates whose sum is below 126 per year",
            ));
        }
    }
    Ok(())
}

/// Simulate a history.
///
/// # Errors
/// [`DataError::Parameter`] when a parameter is out of range (years 1 to [`MAX_YEARS`],
/// start year 1900-2100, SPX start in (0, [`MAX_LEVEL`]], 1-12 VX contracts, model rates),
/// or when the simulated SPX passes [`MAX_LEVEL`] (a rare seed: the files written would not
/// load).
pub fn generate(params: &SynthParams) -> Result<SynthHistory> {
    validate(params)?;
    let end = params
        .start
        .checked_add_months(chrono::Months::new(12 * params.years))
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| bad("years", params.years, "a span ending before 2200"))?;
    let dates = calendar::trading_days(params.start, end);
    if dates.len() < 2 {
        return Err(bad(
            "years",
            params.years,
            "a span holding at least 2 trading days",
        ));
    }
    let n = dates.len();
    let seed = params.seed;
    let stream = |k: u64| Rng::new(derive_seed(seed, k));
    let (mut regime_rng, mut shock_rng, mut jump_rng) = (stream(1), stream(2), stream(3));
    let (mut spx_rng, mut vix_rng, mut vvix_rng, mut rate_rng) =
        (stream(4), stream(5), stream(6), stream(7));

    let m = &params.model;
    let term = model::TermModel::new(m, DT);
    let path = path::simulate(
        m,
        &term,
        n,
        params.spx_start,
        DT,
        [&mut regime_rng, &mut shock_rng, &mut jump_rng],
    );

    // SPX OHLC from the path.
    let mut spx = Ohlc::default();
    for t in 0..n {
        let close = round2(path.spx_close[t]);
        let (o, h, l) = if t == 0 {
            (close, close, close)
        } else {
            let prev = spx.close[t - 1];
            let sigma = path.spx_sigma_day[t].max(1e-4);
            ohlc::bridge_ohlc(&mut spx_rng, prev, close, sigma, m.overnight_share)
        };
        spx.open.push(o);
        spx.high.push(h);
        spx.low.push(l);
        spx.close.push(close);
    }
    round_ohlc(&mut spx);
    // The loaders refuse a level above MAX_LEVEL as a unit error: a history they would not
    // read back is refused here, naming the day, rather than written.
    if let Some(t) = spx.high.iter().position(|h| *h > MAX_LEVEL) {
        return Err(bad(
            "years",
            params.years,
            &format!(
                "a span over which the simulated SPX stays within {MAX_LEVEL} index points \
                 (seed {seed} reaches a high of {:.2} on {}; use fewer years or another seed)",
                spx.high[t], dates[t]
            ),
        ));
    }

    // VIX family closes and VVIX.
    let taus: Vec<f64> = TENOR_DAYS.iter().map(|d| d / DAYS_PER_YEAR).collect();
    let tau30 = taus[1];
    let w30 = term.average_weight(tau30);
    let mut closes: [Vec<f64>; 4] = Default::default();
    let mut vvix = Vec::with_capacity(n);
    for t in 0..n {
        let (x, r) = (path.log_var[t], path.regimes[t]);
        for (k, tau) in taus.iter().enumerate() {
            closes[k].push(round2(term.vol_index(x, r, *tau)));
        }
        let level = (m.vvix_level_elasticity * (x - term.mean_log_var(r))).exp();
        let noise = (m.vvix_noise * vvix_rng.normal()).exp();
        vvix.push(round2(term.vol_of_vix(r, tau30) * level * noise));
    }
    let mut family: Vec<Ohlc> = Vec::with_capacity(4);
    for (k, tau) in taus.iter().enumerate() {
        let scale = term.average_weight(*tau) / w30;
        let mut o = Ohlc::default();
        for t in 0..n {
            let close = closes[k][t];
            let (op, h, l) = if t == 0 {
                (close, close, close)
            } else {
                let sigma = vvix[t] / 100.0 * DT.sqrt() * scale;
                ohlc::bridge_ohlc(
                    &mut vix_rng,
                    o.close[t - 1],
                    close,
                    sigma,
                    m.overnight_share,
                )
            };
            o.open.push(op);
            o.high.push(h);
            o.low.push(l);
            o.close.push(close);
        }
        round_ohlc(&mut o);
        family.push(o);
    }
    let vix6m = family.pop().expect("four tenors");
    let vix3m = family.pop().expect("four tenors");
    let vix = family.pop().expect("four tenors");
    let vix9d = family.pop().expect("four tenors");

    let dtb3_pct = rate::simulate(&m.rate, &path.regimes, DT, &mut rate_rng);

    let start_of = |k: usize| -> usize {
        if !params.mirror_publication_dates {
            return 0;
        }
        let (y, mo, d) = REAL_PUBLICATION[k];
        let date = NaiveDate::from_ymd_opt(y, mo, d).expect("valid date");
        match dates.partition_point(|x| *x < date) {
            // Published after the last day: the whole span rather than an empty file.
            first if first == n => 0,
            first => first,
        }
    };
    let starts = SeriesStarts {
        vix9d: start_of(0),
        vix3m: start_of(1),
        vix6m: start_of(2),
        vvix: start_of(3),
        vx: start_of(4),
    };

    let vx = vx_strip(
        &term,
        &dates,
        &path,
        &vix.open,
        starts.vx,
        params.vx_contracts,
        tau30,
    );

    Ok(SynthHistory {
        params: params.clone(),
        dates,
        spx,
        vix,
        vix9d,
        vix3m,
        vix6m,
        vvix,
        dtb3_pct,
        regimes: path.regimes,
        jumps: path.jump,
        vx,
        starts,
    })
}

/// VX settles of the `count` nearest monthly contracts on each day from `first`.
fn vx_strip(
    term: &model::TermModel,
    dates: &[NaiveDate],
    path: &path::Path,
    vix_open: &[f64],
    first: usize,
    count: usize,
    tau30: f64,
) -> Vec<SynthVxContract> {
    let mut contracts: BTreeMap<(i32, u32), SynthVxContract> = BTreeMap::new();
    for (t, &date) in dates.iter().enumerate().skip(first) {
        let mut ym = vx::front_month(date);
        for _ in 0..count {
            let expiry = vx::vix_expiration(ym.0, ym.1);
            let settle = if expiry == date {
                vix_open[t]
            } else {
                let years = (expiry - date).num_days() as f64 / DAYS_PER_YEAR;
                round2(term.vx_fair_value(path.log_var[t], path.regimes[t], years, tau30))
            };
            contracts
                .entry(ym)
                .or_insert_with(|| SynthVxContract {
                    month: ym,
                    expiry,
                    first_day: t,
                    settles: Vec::new(),
                })
                .settles
                .push(settle);
            ym = vx::next_month(ym);
        }
    }
    contracts.into_values().collect()
}

/// DTB3 discount-basis percent to a continuously compounded annual fraction:
/// `-ln(1 - d/100 * 91/360) * 365/91`.
pub fn dtb3_to_rate(pct: f64) -> f64 {
    -(1.0 - pct / 100.0 * 91.0 / 360.0).ln() * 365.0 / 91.0
}

impl SynthHistory {
    /// The history as the loaders would build it from the written files: optional series
    /// NaN before their publication start (SKEW, which is not generated, NaN throughout), the rate converted from DTB3, every SPX open
    /// real.
    pub fn to_market_history(&self) -> MarketHistory {
        let n = self.dates.len();
        let published = |v: &[f64], from: usize| -> Vec<f64> {
            (0..n)
                .map(|t| if t >= from { v[t] } else { f64::NAN })
                .collect()
        };
        let contracts = self
            .vx
            .iter()
            .map(|c| VxContract {
                month: c.month,
                expiry: (c.first_day + c.settles.len() <= n
                    && self.dates[c.first_day + c.settles.len() - 1] == c.expiry)
                    .then_some(c.expiry),
                first_day: c.first_day,
                settles: c.settles.clone(),
            })
            .collect();
        MarketHistory {
            dates: self.dates.clone(),
            spx: self.spx.clone(),
            spx_open_is_real: vec![true; n],
            spx_set: vec![f64::NAN; n],
            spx_div_yield: vec![f64::NAN; n],
            vix: self.vix.clone(),
            vix9d: published(&self.vix9d.close, self.starts.vix9d),
            vix3m: published(&self.vix3m.close, self.starts.vix3m),
            vix6m: published(&self.vix6m.close, self.starts.vix6m),
            vvix: published(&self.vvix, self.starts.vvix),
            // No SKEW file is written: the model's documented SKEW fallback applies.
            skew: vec![f64::NAN; n],
            rate: self.dtb3_pct.iter().map(|p| dtb3_to_rate(*p)).collect(),
            vx: VxSettles { contracts },
            alignment: AlignmentReport::default(),
            sources: Vec::new(),
        }
    }
}
