//! The market model facade the engine reads: one read-only [`MarketModel`] over a
//! [`MarketHistory`], with every per-day input precomputed so that a lookup allocates nothing.
//!
//! - [`MarketModel::spx_surface`]: the day's SPX surface ([`SpxSurface`], a `Copy` snapshot).
//! - [`MarketModel::vx_future`]: the real VX settle when the data have the contract that day,
//!   else the model curve of [`crate::vx_curve`] ([`PriceSource`] says which).
//! - [`MarketModel::vix_option_vol`] / [`MarketModel::vix_option`]: Black-76 on the VX future
//!   of the same expiry with the VVIX-based vol of [`crate::vix_options`].
//! - [`MarketModel::spx_settlement`] / [`MarketModel::vix_settlement`]: SET and VRO
//!   approximations, each recording which price it used ([`SettlementSource`]).
//! - [`MarketModel::intraday`] / [`MarketModel::vx_future_intraday`]: the model at the
//!   corners of the day's range, for real-time margin ([`Intraday`]).
//!
//! **Fallbacks.** A day whose VIX9D / VIX3M / VIX6M are missing builds its term structure from
//! the indices it has (see [`crate::term`]); the surface says so through
//! [`SpxSurface::term_source`] and [`MarketModel::term_source_counts`] counts the days. A
//! missing rate is carried forward from the last day that had one (0 before the first) and
//! counted in [`MarketModel::rate_fill_days`]. A missing or unreliable VVIX uses the VIX
//! function of [`VixOptionParams`] ([`MarketModel::vvix_fallback_days`]). A missing SKEW
//! close gives the smile the reference SKEW level ([`SmileParams::skew_ref`], i.e. no SKEW
//! adjustment; [`MarketModel::skew_fallback_days`]).
//!
//! **Time to expiry** ([`time_to_expiry`]): calendar days / 365 from the close of the trade
//! date, less [`AM_SETTLEMENT_DAY_FRACTION`] of a day for AM-settled expiries (the option
//! settles at the next morning's open, 6.5 hours before the close).

mod intraday;

pub use intraday::{Corner, Intraday, MIDDAY_HOURS_TO_CLOSE, MIDDAY_SHARE};

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use ringfence_data::{MarketHistory, Series};
use serde::{Deserialize, Serialize};

use crate::black76::{self, Black76Inputs};
use crate::calibrate::vx_fit::contract_expiry;
use crate::error::{PricingError, Result, ensure_input};
use crate::expiry::{Expiry, Settlement as SettlementStyle, vix_expiration};
use crate::right::OptionRight;
use crate::smile::SmileParams;
use crate::strike::StrikeGrid;
use crate::surface::{Quote, SpxSurface};
use crate::term::{TermFallbackParams, TermSource, VixTermStructure, term_on};
use crate::vix_options::{VixOptionParams, VixTenor, VolOfVolSource};
use crate::vx_curve::VxCurveParams;

/// Fraction of a day removed from the time to an AM-settled expiry: the settlement is the
/// opening print at 09:30, 6.5 hours before the 16:00 close the model prices at.
pub const AM_SETTLEMENT_DAY_FRACTION: f64 = 6.5 / 24.0;

/// Years from the close of `date` to the settlement of `expiry`: calendar days / 365, less
/// [`AM_SETTLEMENT_DAY_FRACTION`] / 365 for AM-settled expiries; never below 0.
pub fn time_to_expiry(date: NaiveDate, expiry: &Expiry) -> f64 {
    let days = (expiry.date - date).num_days() as f64;
    let days = match expiry.settlement {
        SettlementStyle::AmOpen => days - AM_SETTLEMENT_DAY_FRACTION,
        SettlementStyle::PmClose => days,
    };
    (days / 365.0).max(0.0)
}

/// Every parameter of the market model. `Default` = the calibrated defaults
/// (`crates/pricing/CALIBRATION.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelParams {
    /// SPX dividend yield, continuously compounded annual fraction, on every day the
    /// history's dividend-yield file does not cover ([`MarketHistory::spx_div_yield`]).
    pub div_yield: f64,
    /// ATM-to-VIX ratio and smile.
    pub smile: SmileParams,
    /// Fallback for missing VIX-family indices.
    pub term_fallback: TermFallbackParams,
    /// VX futures curve model.
    pub vx_curve: VxCurveParams,
    /// VIX option vol model.
    pub vix_options: VixOptionParams,
    /// Listed SPX strike grid (snapping of strikes chosen by delta).
    pub strike_grid: StrikeGrid,
    /// Carry-forward limit of the loader in trading days (recorded for the run manifest; the
    /// model itself reads the aligned history as loaded).
    pub max_fill_days: usize,
    /// SET of an AM settlement on a day whose SPX Open is not a real print (a copy of the
    /// previous close, or an index's first print before the loader's
    /// `spx_real_opens_from`) and that has no settlement value in the history: the previous
    /// close plus this share of the day's move to the close, the expected SET given both
    /// closes. 0.49 is the least-squares slope of `ln(SET / previous close)` on the
    /// close-to-close move over the 225 real SETs of 1998-04 to 2016-12, the days the
    /// estimate serves (`configs/data/spx_set_cboe_1998_2023.csv`; `ringfence calibrate
    /// opens`: 0.476 on 1998-2006, 0.502 on 2007-2016); the opening levels of 2017-2026 hold
    /// 0.32 of the move. 0 settles at the previous close.
    pub stale_open_share: f64,
}

impl Default for ModelParams {
    fn default() -> Self {
        ModelParams {
            div_yield: 0.018,
            smile: SmileParams::default(),
            term_fallback: TermFallbackParams::default(),
            vx_curve: VxCurveParams::default(),
            vix_options: VixOptionParams::default(),
            strike_grid: StrikeGrid::default(),
            max_fill_days: 3,
            stale_open_share: 0.49,
        }
    }
}

impl ModelParams {
    /// Check every parameter.
    ///
    /// # Errors
    /// [`PricingError::InvalidConfig`] naming the first bad key.
    pub fn validate(&self) -> Result<()> {
        if !(self.div_yield.is_finite() && self.div_yield.abs() <= 1.0) {
            return Err(PricingError::InvalidConfig {
                key: "model.div_yield".into(),
                value: self.div_yield.to_string(),
                expected: "an annual fraction in [-1, 1]",
            });
        }
        if !(self.stale_open_share.is_finite() && (0.0..=1.0).contains(&self.stale_open_share)) {
            return Err(PricingError::InvalidConfig {
                key: "model.stale_open_share".into(),
                value: self.stale_open_share.to_string(),
                expected: "a share in [0, 1]",
            });
        }
        let fb = &self.term_fallback;
        if !(fb.long_run_vol.is_finite() && fb.long_run_vol > 0.0) {
            return Err(PricingError::InvalidConfig {
                key: "model.term_fallback.long_run_vol".into(),
                value: fb.long_run_vol.to_string(),
                expected: "a finite number > 0",
            });
        }
        if !(fb.kappa.is_finite() && fb.kappa > 0.0) {
            return Err(PricingError::InvalidConfig {
                key: "model.term_fallback.kappa".into(),
                value: fb.kappa.to_string(),
                expected: "a finite number > 0",
            });
        }
        self.smile.validate()?;
        self.strike_grid.validate()?;
        self.vx_curve.validate()?;
        self.vix_options.validate()
    }
}

/// Whether a VX price came from the data or from the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    /// A real settle from the loaded VX files.
    Real,
    /// The model curve.
    Model,
}

/// Which price a settlement used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettlementSource {
    /// The exercise-settlement value itself (SET), from the SPX settlement-value file.
    SpxSet,
    /// SPX Open of the expiry day, a real opening print (SET approximation).
    SpxOpen,
    /// No real opening print that day (the data's Open copies the previous close, or is
    /// missing): the previous close moved by [`ModelParams::stale_open_share`] of the day's
    /// move to the close.
    SpxPrevCloseBridge,
    /// SPX close of the expiry day (PM-settled expiries).
    SpxClose,
    /// The VRO itself: the final settle of the VX contract expiring that day, where the VX
    /// data hold it (Cboe prints the Special Opening Quotation as the contract's settle on its
    /// expiration day).
    VxFinalSettle,
    /// VIX Open of VIX expiration day (VRO approximation where the VX data have no final
    /// settle).
    VixOpen,
    /// VIX close of VIX expiration day (the Open is missing or a close-only row).
    VixCloseFallback,
}

/// A settlement value and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Settlement {
    /// Settlement value, index points (SPX) or VIX points.
    pub value: f64,
    /// Settlement date.
    pub date: NaiveDate,
    /// Which price was used.
    pub source: SettlementSource,
}

/// Precomputed state of one trading day.
#[derive(Debug, Clone, Copy, PartialEq)]
struct DayState {
    spot: f64,
    rate: f64,
    /// The history's dividend yield of the day, else [`ModelParams::div_yield`].
    div_yield: f64,
    term: VixTermStructure,
    atm_w: [f64; 4],
    /// The smile of the day, its SKEW close folded in ([`SmileParams::at_skew`]).
    smile: SmileParams,
    vvix: f64,
}

/// VIX expirations per trading day whose VX price is memoised: those of the trade date's
/// calendar month and the next `VX_MEMO_MONTHS - 1` months (a hedge ladders over a few).
const VX_MEMO_MONTHS: usize = 8;

/// VX prices computed on first request and kept for every later caller (scenarios of a
/// sweep share the model, and the model curve's powers are the expensive part of a VX mark).
/// Only a cache: each cell holds what [`MarketModel::vx_future`] computes without it.
#[derive(Clone)]
struct VxMemo(Vec<[OnceLock<(f64, PriceSource)>; VX_MEMO_MONTHS]>);

impl std::fmt::Debug for VxMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let filled = self
            .0
            .iter()
            .flatten()
            .filter(|c| c.get().is_some())
            .count();
        write!(f, "VxMemo({filled} prices)")
    }
}

/// Calendar days to expiry covered by the table of VIX option tenor factors.
const VIX_FACTOR_DAYS: usize = 1100;

/// Read-only market model over a history; cheap to share across threads (`Send + Sync`).
#[derive(Debug, Clone)]
pub struct MarketModel<'h> {
    history: &'h MarketHistory,
    params: ModelParams,
    days: Vec<DayState>,
    vx_memo: VxMemo,
    /// [`VixOptionParams::tenor_factor`] by whole calendar days to expiry (a power per VIX
    /// expiry and day otherwise).
    vix_factors: Vec<f64>,
    term_counts: [usize; 3],
    rate_fills: usize,
    vvix_fallbacks: usize,
    skew_fallbacks: usize,
}

impl<'h> MarketModel<'h> {
    /// Precompute the per-day state of `history` under `params`.
    ///
    /// # Errors
    /// [`PricingError::InvalidConfig`] for invalid parameters; [`PricingError::InvalidInput`]
    /// when a day's SPX close or VIX close is not a positive number (the loader guarantees
    /// it).
    pub fn new(history: &'h MarketHistory, params: &ModelParams) -> Result<Self> {
        params.validate()?;
        let mut days = Vec::with_capacity(history.len());
        let mut term_counts = [0usize; 3];
        let mut rate_fills = 0;
        let mut vvix_fallbacks = 0;
        let mut skew_fallbacks = 0;
        let mut last_rate = 0.0;
        for i in 0..history.len() {
            let spot = history.spx.close[i];
            ensure_input!(
                spot.is_finite() && spot > 0.0,
                "spx close",
                spot,
                "a finite number > 0 on every day of the history"
            );
            let vix = history.vix.close[i];
            ensure_input!(
                vix.is_finite() && vix > 0.0,
                "vix close",
                vix,
                "a finite number > 0 on every day of the history"
            );
            let rate = match history.rate.get(i).copied() {
                Some(r) if r.is_finite() && r.abs() <= 1.0 => {
                    last_rate = r;
                    r
                }
                _ => {
                    rate_fills += 1;
                    last_rate
                }
            };
            let term = term_on(history, i, &params.term_fallback);
            term_counts[match term.source() {
                TermSource::Full => 0,
                TermSource::Partial => 1,
                TermSource::VixOnly => 2,
            }] += 1;
            let (vvix, src) =
                params
                    .vix_options
                    .vol_of_vol(history.dates[i], history.get(Series::Vvix, i), vix);
            if src == VolOfVolSource::VixFallback {
                vvix_fallbacks += 1;
            }
            let skew = history.get(Series::Skew, i);
            if skew.is_none() {
                skew_fallbacks += 1;
            }
            let smile = params.smile.at_skew(skew);
            let div_yield = match history.spx_div_yield.get(i).copied() {
                Some(q) if q.is_finite() => q,
                _ => params.div_yield,
            };
            days.push(DayState {
                spot,
                rate,
                div_yield,
                term,
                atm_w: smile.atm_nodes(&term),
                smile,
                vvix,
            });
        }
        Ok(MarketModel {
            history,
            params: params.clone(),
            vx_memo: VxMemo((0..days.len()).map(|_| Default::default()).collect()),
            vix_factors: (0..VIX_FACTOR_DAYS)
                .map(|d| params.vix_options.tenor_factor(d as f64 / 365.0))
                .collect(),

            days,
            term_counts,
            rate_fills,
            vvix_fallbacks,
            skew_fallbacks,
        })
    }

    /// The history the model reads.
    pub fn history(&self) -> &'h MarketHistory {
        self.history
    }

    /// The parameters the model was built with.
    pub fn params(&self) -> &ModelParams {
        &self.params
    }

    /// Days per VIX-family source: `[(Full, n), (Partial, n), (VixOnly, n)]`.
    pub fn term_source_counts(&self) -> [(TermSource, usize); 3] {
        [
            (TermSource::Full, self.term_counts[0]),
            (TermSource::Partial, self.term_counts[1]),
            (TermSource::VixOnly, self.term_counts[2]),
        ]
    }

    /// Days whose rate was carried forward (missing or out of range in the history).
    pub fn rate_fill_days(&self) -> usize {
        self.rate_fills
    }

    /// Days whose VIX option vol level came from the VIX fallback instead of VVIX.
    pub fn vvix_fallback_days(&self) -> usize {
        self.vvix_fallbacks
    }

    /// Days without a SKEW close, whose smile used the reference SKEW level
    /// ([`SmileParams::skew_ref`], the documented fallback of [`SmileParams::skew_rel`]).
    pub fn skew_fallback_days(&self) -> usize {
        self.skew_fallbacks
    }

    /// Per-day SPX surface snapshot: spot, rate, dividend yield, ATM term structure, smile.
    /// Built in O(1) from precomputed columns, no allocation.
    ///
    /// # Panics
    /// Panics when `day >= history().len()` (a caller bug).
    #[inline]
    pub fn spx_surface(&self, day: usize) -> SpxSurface {
        let d = &self.days[day];
        SpxSurface::new_unchecked(d.spot, d.rate, d.div_yield, d.term, d.atm_w, d.smile)
    }

    /// The vol-of-vol level of `day` (index points): the VVIX close, or its fallback function of
    /// VIX where VVIX is missing or unreliable (see [`crate::vix_options::VixOptionParams`]).
    ///
    /// # Panics
    /// Panics when `day >= history().len()` (a caller bug).
    #[inline]
    pub fn vol_of_vol(&self, day: usize) -> f64 {
        self.days[day].vvix
    }

    /// The VIX-family curve of `day`.
    ///
    /// # Panics
    /// Panics when `day >= history().len()`.
    pub fn vix_term(&self, day: usize) -> &VixTermStructure {
        &self.days[day].term
    }

    fn check_day(&self, day: usize) -> Result<NaiveDate> {
        self.history
            .dates
            .get(day)
            .copied()
            .ok_or(PricingError::InvalidInput {
                name: "day",
                value: day as f64,
                expected: "a trading-day index inside the history",
            })
    }

    /// VX futures price on `day` for the contract expiring on `expiry` (VIX points): the real
    /// settle if the data have the contract that day, else the model. Prices of the listed
    /// expirations of the next few months are memoised in the model on first request, so
    /// the scenarios sharing it compute each once.
    ///
    /// # Errors
    /// [`PricingError::InvalidInput`] for a day outside the history;
    /// [`PricingError::MissingData`] when `expiry` is before the trade date.
    pub fn vx_future(&self, day: usize, expiry: NaiveDate) -> Result<(f64, PriceSource)> {
        let date = self.check_day(day)?;
        if expiry < date {
            return Err(PricingError::MissingData {
                what: format!("VX future expiring {expiry} (expired before the trade date)"),
                date,
            });
        }
        match self.vx_memo_cell(day, date, expiry) {
            Some(cell) => Ok(*cell.get_or_init(|| self.vx_price(day, expiry))),
            None => Ok(self.vx_price(day, expiry)),
        }
    }

    /// The memo cell of `expiry` on `day` (trade date `date`): `None` for an expiry that is
    /// not a listed VIX expiration of the memoised months.
    fn vx_memo_cell(
        &self,
        day: usize,
        date: NaiveDate,
        expiry: NaiveDate,
    ) -> Option<&OnceLock<(f64, PriceSource)>> {
        let months =
            (expiry.year() - date.year()) * 12 + expiry.month() as i32 - date.month() as i32;
        let slot = usize::try_from(months)
            .ok()
            .filter(|m| *m < VX_MEMO_MONTHS)?;
        let listed = vix_expiration(expiry.year(), expiry.month()).ok()? == expiry;
        listed.then(|| &self.vx_memo.0[day][slot])
    }

    /// [`MarketModel::vx_future`] of a valid day and unexpired contract, without the memo.
    fn vx_price(&self, day: usize, expiry: NaiveDate) -> (f64, PriceSource) {
        if let Some(c) = self.history.vx.contract((expiry.year(), expiry.month()))
            && contract_expiry(c) == expiry
            && let Some(s) = c.settle_at(day)
            && s > 0.0
        {
            return (s, PriceSource::Real);
        }
        (self.vx_model(day, expiry), PriceSource::Model)
    }

    /// The model VX price (VIX points) on `day` for `expiry`, ignoring real settles.
    ///
    /// # Panics
    /// Panics when `day >= history().len()`.
    pub fn vx_model(&self, day: usize, expiry: NaiveDate) -> f64 {
        let tau = (expiry - self.history.dates[day]).num_days().max(0) as f64 / 365.0;
        self.params.vx_curve.fair_value(&self.days[day].term, tau)
    }

    /// VIX option vol (Black-76, annualised fraction) for `expiry` / `strike` (VIX points) on
    /// `day`: VVIX scaled to the tenor, call skew around the same-expiry VX future.
    ///
    /// # Errors
    /// As [`MarketModel::vx_future`], plus [`PricingError::InvalidInput`] for a non-positive
    /// strike.
    pub fn vix_option_vol(&self, day: usize, expiry: NaiveDate, strike: f64) -> Result<f64> {
        ensure_input!(
            strike.is_finite() && strike > 0.0,
            "strike",
            strike,
            "a finite number > 0 (VIX points)"
        );
        let (forward, _) = self.vx_future(day, expiry)?;
        Ok(self.vix_vol_at(day, expiry, forward, strike))
    }

    fn vix_vol_at(&self, day: usize, expiry: NaiveDate, forward: f64, strike: f64) -> f64 {
        let atm = self.vix_atm_vol(day, expiry);
        let tau = self.vix_tau(day, expiry);
        self.params
            .vix_options
            .skewed_vol(atm, forward, strike, tau)
    }

    /// Calendar days from `day` to `expiry` / 365 (0 for a past expiry).
    fn vix_tau(&self, day: usize, expiry: NaiveDate) -> f64 {
        (expiry - self.history.dates[day]).num_days().max(0) as f64 / 365.0
    }

    /// ATM vol of the VIX options expiring on `expiry` seen on `day` (VVIX scaled to the
    /// tenor in whole calendar days).
    fn vix_atm_vol(&self, day: usize, expiry: NaiveDate) -> f64 {
        let days = (expiry - self.history.dates[day]).num_days().max(0);
        let p = &self.params.vix_options;
        let factor = match self.vix_factors.get(days as usize) {
            Some(f) => *f,
            None => p.tenor_factor(days as f64 / 365.0),
        };
        p.atm_vol_scaled(self.days[day].vvix, factor)
    }

    /// The VIX option tenor of `expiry` on `day` ([`VixOptionParams::tenor`] with the day's
    /// vol-of-vol) given the same-expiry VX future `forward`, the Black-76 `t_years` and
    /// `rate`; strikes then price with [`VixOptionParams::price_iv`].
    ///
    /// # Errors
    /// As [`VixOptionParams::tenor`]; [`PricingError::InvalidInput`] for a day outside the
    /// history.
    pub fn vix_tenor(
        &self,
        day: usize,
        expiry: NaiveDate,
        forward: f64,
        t_years: f64,
        rate: f64,
    ) -> Result<VixTenor> {
        self.check_day(day)?;
        self.params.vix_options.tenor_at(
            self.vix_atm_vol(day, expiry),
            self.vix_tau(day, expiry),
            forward,
            t_years,
            rate,
        )
    }

    /// VIX option price and greeks on `day` (Black-76 on the same-expiry VX future; `delta`
    /// per 1.00 of the future, discounted; time in calendar days / 365 to the VIX expiration,
    /// less [`AM_SETTLEMENT_DAY_FRACTION`] of a day: VIX options settle at the morning's VRO).
    ///
    /// # Errors
    /// As [`MarketModel::vix_option_vol`].
    pub fn vix_option(
        &self,
        day: usize,
        expiry: NaiveDate,
        strike: f64,
        right: OptionRight,
    ) -> Result<Quote> {
        ensure_input!(
            strike.is_finite() && strike > 0.0,
            "strike",
            strike,
            "a finite number > 0 (VIX points)"
        );
        let (forward, _) = self.vx_future(day, expiry)?;
        let date = self.history.dates[day];
        let t_years =
            (((expiry - date).num_days() as f64 - AM_SETTLEMENT_DAY_FRACTION) / 365.0).max(0.0);
        let vol = self.vix_vol_at(day, expiry, forward, strike);
        let g = black76::greeks(&Black76Inputs {
            right,
            forward,
            strike,
            t_years,
            rate: self.days[day].rate,
            vol,
        })?;
        Ok(Quote {
            price: g.price,
            iv: vol,
            delta: g.delta,
            gamma: g.gamma,
            vega: g.vega,
            theta: g.theta,
        })
    }

    /// SPX settlement value of `expiry`: AM-settled (monthly) -> the SET of the expiry day
    /// where the history holds one ([`MarketHistory::spx_set`]), else the SPX Open of the
    /// day (SET approximation; where the Open is not a real print, the previous close moved
    /// by [`ModelParams::stale_open_share`] of the day's move:
    /// [`SettlementSource::SpxPrevCloseBridge`]); PM-settled -> the close.
    ///
    /// # Errors
    /// [`PricingError::MissingData`] when the expiry date is not a day of the history.
    pub fn spx_settlement(&self, expiry: &Expiry) -> Result<Settlement> {
        let day = self
            .history
            .index_of(expiry.date)
            .ok_or_else(|| PricingError::MissingData {
                what: "SPX settlement price (the expiry is not a trading day of the history)"
                    .into(),
                date: expiry.date,
            })?;
        let (value, source) = match expiry.settlement {
            SettlementStyle::PmClose => (self.history.spx.close[day], SettlementSource::SpxClose),
            SettlementStyle::AmOpen => {
                let set = self.history.spx_set.get(day).copied().unwrap_or(f64::NAN);
                let open = self.history.spx.open[day];
                let real = self
                    .history
                    .spx_open_is_real
                    .get(day)
                    .copied()
                    .unwrap_or(false);
                if set.is_finite() && set > 0.0 {
                    (set, SettlementSource::SpxSet)
                } else if real && open.is_finite() && open > 0.0 {
                    (open, SettlementSource::SpxOpen)
                } else {
                    // The Open copies the previous close (or is missing): the expected
                    // opening level given the previous close and the close.
                    let close = self.history.spx.close[day];
                    let prev = day
                        .checked_sub(1)
                        .map_or(close, |p| self.history.spx.close[p]);
                    (
                        intraday::part_way(prev, close, self.params.stale_open_share),
                        SettlementSource::SpxPrevCloseBridge,
                    )
                }
            }
        };
        Ok(Settlement {
            value,
            date: expiry.date,
            source,
        })
    }

    /// VIX options / VX futures settlement on `vix_expiry`: the VRO, read as the final settle
    /// of the VX contract expiring that day where the VX data hold it; else the VIX Open of
    /// that day (VRO approximation), the close when the Open is missing or the row is
    /// close-only.
    ///
    /// # Errors
    /// [`PricingError::MissingData`] when the date is not a day of the history.
    pub fn vix_settlement(&self, vix_expiry: NaiveDate) -> Result<Settlement> {
        let day = self
            .history
            .index_of(vix_expiry)
            .ok_or_else(|| PricingError::MissingData {
                what:
                    "VIX settlement price (the VIX expiration is not a trading day of the history)"
                        .into(),
                date: vix_expiry,
            })?;
        if let Some(value) = self.history.vx.final_settle(vix_expiry, day) {
            return Ok(Settlement {
                value,
                date: vix_expiry,
                source: SettlementSource::VxFinalSettle,
            });
        }
        let v = &self.history.vix;
        let (value, source) = match v.open_print(day) {
            Some(open) => (open, SettlementSource::VixOpen),
            None => (v.close[day], SettlementSource::VixCloseFallback),
        };
        Ok(Settlement {
            value,
            date: vix_expiry,
            source,
        })
    }
}

/// Convenience: the smile-consistent strike for `delta` on `day`, snapped to the model's grid.
///
/// # Errors
/// As [`SpxSurface::strike_for_delta`].
pub fn strike_for_delta_on(
    model: &MarketModel<'_>,
    day: usize,
    right: OptionRight,
    delta: f64,
    t_years: f64,
) -> Result<f64> {
    let date = model.check_day(day)?;
    model
        .spx_surface(day)
        .strike_for_delta(right, delta, t_years, &model.params.strike_grid, date)
}
