//! Calibration of the SPX smile ([`SmileParams`]) on the real smile points of
//! `spx_smile_calibration_2005_2022.tsv` (see `../shared/data/README.md`).
//!
//! For every row and smile point (ATM = forward delta 0.50; 25-, 10- and 5-delta puts and
//! calls) the market strike is recovered from the row's implied vol and forward delta
//! (`K = F exp(-d1 sigma sqrt T + sigma^2 T / 2)`) and the model vol at that strike is
//! compared with the market vol. The iron condor (short 16-delta put and call by model delta,
//! 50-point wings) is priced on the model surface and compared with `ic16_50_mid`.
//! Rows quoted on SPY (underlying below 1000) are scaled by 10 to SPX points: the condor mid
//! in the file is in SPX-equivalent points.
//!
//! The fit minimises the sum of absolute vol errors over all points with the deterministic
//! Nelder-Mead of [`super::optimiser`].

use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use ringfence_data::{MarketHistory, Series};

use super::condor_check::CondorShape;
use super::optimiser::{NelderMead, nelder_mead};
use crate::error::{PricingError, Result};
use crate::normal::inv_norm_cdf;
use crate::smile::SmileParams;
use crate::surface::SpxSurface;
use crate::term::{TermFallbackParams, TermSource, VixFamily, VixTermStructure};

/// One smile point of the calibration file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmilePoint {
    /// Column name in the file (`iv_atm`, `iv_p25`, ...).
    pub column: &'static str,
    /// Label for reports (`ATM`, `25d put`, ...).
    pub label: &'static str,
    /// Forward call delta `N(d1)` of the point (0.50 ATM, 0.75 for the 25-delta put ...)
    /// in thousandths, to keep the type `Eq`.
    pub call_delta_milli: u32,
}

impl SmilePoint {
    /// `d1` of the point.
    pub fn d1(&self) -> f64 {
        inv_norm_cdf(f64::from(self.call_delta_milli) / 1000.0)
    }
}

/// The seven smile points, in file column order.
pub const SMILE_POINTS: [SmilePoint; 7] = [
    SmilePoint {
        column: "iv_atm",
        label: "ATM",
        call_delta_milli: 500,
    },
    SmilePoint {
        column: "iv_p25",
        label: "25d put",
        call_delta_milli: 750,
    },
    SmilePoint {
        column: "iv_p10",
        label: "10d put",
        call_delta_milli: 900,
    },
    SmilePoint {
        column: "iv_p05",
        label: "5d put",
        call_delta_milli: 950,
    },
    SmilePoint {
        column: "iv_c25",
        label: "25d call",
        call_delta_milli: 250,
    },
    SmilePoint {
        column: "iv_c10",
        label: "10d call",
        call_delta_milli: 100,
    },
    SmilePoint {
        column: "iv_c05",
        label: "5d call",
        call_delta_milli: 50,
    },
];

/// One row of the calibration file.
#[derive(Debug, Clone, PartialEq)]
pub struct SmileObservation {
    /// Quote date.
    pub date: NaiveDate,
    /// Underlying in SPX points (SPY rows x 10).
    pub spot: f64,
    /// True when the row was quoted on SPY.
    pub spy: bool,
    /// Cboe VIX close of the date (VIX points).
    pub vix_close: f64,
    /// Option expiry.
    pub expiry: NaiveDate,
    /// Calendar days to expiry.
    pub dte: u32,
    /// Market vols at the seven points of [`SMILE_POINTS`] (annualised fractions).
    pub iv: [Option<f64>; 7],
    /// Mid price of the 16-delta / 50-point iron condor, SPX points.
    pub ic16_50_mid: Option<f64>,
}

impl SmileObservation {
    /// Years to expiry (calendar days / 365).
    pub fn t_years(&self) -> f64 {
        f64::from(self.dte) / 365.0
    }
}

/// Largest implied vol accepted in the calibration file (an annualised fraction: 5 = 500%).
/// A larger value is most likely a percentage written where a fraction is expected.
pub const MAX_SMILE_VOL: f64 = 5.0;

/// Read the tab-separated calibration file.
///
/// # Errors
/// [`PricingError::Io`] when the file cannot be read, [`PricingError::Parse`] naming line and
/// column for a malformed value, a missing header column, a row whose number of fields
/// differs from the header's, or an implied vol outside (0, [`MAX_SMILE_VOL`]] (fractions);
/// [`PricingError::NothingToUse`] for a header without data rows.
pub fn read_smile_file(path: &Path) -> Result<Vec<SmileObservation>> {
    let p = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| PricingError::Io {
        path: p.clone(),
        message: e.to_string(),
    })?;
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = match lines.next() {
        Some((_, h)) => h
            .trim_end_matches('\r')
            .split('\t')
            .map(str::trim)
            .collect(),
        None => {
            return Err(PricingError::Parse {
                path: p,
                line: 1,
                column: "header".into(),
                message: "empty file".into(),
            });
        }
    };
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| PricingError::Parse {
                path: p.clone(),
                line: 1,
                column: name.to_owned(),
                message: "missing header column".into(),
            })
    };
    let c_date = col("date")?;
    let c_und = col("underlying")?;
    let c_vix = col("vix_close")?;
    let c_exp = col("expiry")?;
    let c_dte = col("dte")?;
    let c_ic = col("ic16_50_mid")?;
    let mut c_iv = [0usize; 7];
    for (k, pt) in SMILE_POINTS.iter().enumerate() {
        c_iv[k] = col(pt.column)?;
    }
    let mut out = Vec::new();
    for (i, line) in lines {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let err = |column: &str, message: String| PricingError::Parse {
            path: p.clone(),
            line: i + 1,
            column: column.to_owned(),
            message,
        };
        if f.len() != header.len() {
            // Name the first column without a field, or the first field beyond the header.
            let column = header
                .get(f.len())
                .copied()
                .unwrap_or("(beyond the header)");
            return Err(err(
                column,
                format!(
                    "{} tab-separated fields expected (one per header column), found {}",
                    header.len(),
                    f.len()
                ),
            ));
        }
        let field = |c: usize| f.get(c).map(|s| s.trim()).unwrap_or("");
        let date_of = |c: usize, name: &str| {
            NaiveDate::parse_from_str(field(c), "%Y-%m-%d")
                .map_err(|e| err(name, format!("`{}`: {e}", field(c))))
        };
        let num = |c: usize, name: &str| -> Result<Option<f64>> {
            let s = field(c);
            if s.is_empty() {
                return Ok(None);
            }
            match s.parse::<f64>() {
                Ok(v) if v.is_finite() && v > 0.0 => Ok(Some(v)),
                _ => Err(err(name, format!("`{s}` is not a positive number"))),
            }
        };
        let date = date_of(c_date, "date")?;
        let expiry = date_of(c_exp, "expiry")?;
        let und =
            num(c_und, "underlying")?.ok_or_else(|| err("underlying", "missing value".into()))?;
        let vix =
            num(c_vix, "vix_close")?.ok_or_else(|| err("vix_close", "missing value".into()))?;
        let dte = field(c_dte)
            .parse::<u32>()
            .map_err(|e| err("dte", format!("`{}`: {e}", field(c_dte))))?;
        let mut iv = [None; 7];
        for ((slot, &c), pt) in iv.iter_mut().zip(&c_iv).zip(&SMILE_POINTS) {
            *slot = match num(c, pt.column)? {
                Some(v) if v > MAX_SMILE_VOL => {
                    return Err(err(
                        pt.column,
                        format!(
                            "implied vol `{}` is outside (0, {MAX_SMILE_VOL}]; accepted: an \
                             annualised fraction (0.1404 for 14.04%), not a percentage",
                            field(c)
                        ),
                    ));
                }
                v => v,
            };
        }
        let spy = und < 1000.0;
        out.push(SmileObservation {
            date,
            spot: if spy { und * 10.0 } else { und },
            spy,
            vix_close: vix,
            expiry,
            dte,
            iv,
            ic16_50_mid: num(c_ic, "ic16_50_mid")?,
        });
    }
    if out.is_empty() {
        return Err(PricingError::NothingToUse {
            path: p,
            message: "no data rows after the header on line 1; expected one row per date and \
                      expiry"
                .into(),
        });
    }
    Ok(out)
}

/// Market context of one observation: the VIX-family curve and the rate of its date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmileContext {
    /// VIX-family curve of the date.
    pub term: VixTermStructure,
    /// Risk-free rate, continuously compounded annual fraction.
    pub rate: f64,
    /// Cboe SKEW close of the date (`None`: not in the history, the smile's fallback applies).
    pub skew: Option<f64>,
    /// True when the date was found in the history (else VIX from the file, rate 0, no SKEW).
    pub in_history: bool,
}

/// Build the context of every observation from `history` (VIX9D/VIX3M/VIX6M, SKEW and the
/// rate of the date; the file's VIX close where the history lacks the date).
pub fn smile_contexts(
    obs: &[SmileObservation],
    history: Option<&MarketHistory>,
    fallback: &TermFallbackParams,
) -> Vec<SmileContext> {
    obs.iter()
        .map(|o| {
            let day = history.and_then(|h| h.index_of(o.date).map(|i| (h, i)));
            match day {
                Some((h, i)) => SmileContext {
                    term: VixTermStructure::new(
                        VixFamily {
                            vix9d: h.get(Series::Vix9d, i).map(|v| v / 100.0),
                            vix: o.vix_close / 100.0,
                            vix3m: h.get(Series::Vix3m, i).map(|v| v / 100.0),
                            vix6m: h.get(Series::Vix6m, i).map(|v| v / 100.0),
                        },
                        fallback,
                    ),
                    rate: h
                        .rate
                        .get(i)
                        .copied()
                        .filter(|r| r.is_finite())
                        .unwrap_or(0.0),
                    skew: h.get(Series::Skew, i),
                    in_history: true,
                },
                None => SmileContext {
                    term: VixTermStructure::new(
                        VixFamily {
                            vix9d: None,
                            vix: o.vix_close / 100.0,
                            vix3m: None,
                            vix6m: None,
                        },
                        fallback,
                    ),
                    rate: 0.0,
                    skew: None,
                    in_history: false,
                },
            }
        })
        .collect()
}

/// Median and 90th percentile of absolute errors, plus the mean signed error.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ErrorStats {
    /// Number of observations.
    pub n: usize,
    /// Median absolute error.
    pub median_abs: f64,
    /// 90th-percentile absolute error.
    pub p90_abs: f64,
    /// Mean signed error (model - market).
    pub mean: f64,
}

impl ErrorStats {
    /// Statistics of `errors` (signed); zeros when empty.
    pub fn of(errors: &[f64]) -> ErrorStats {
        if errors.is_empty() {
            return ErrorStats::default();
        }
        let mut abs: Vec<f64> = errors.iter().map(|e| e.abs()).collect();
        abs.sort_by(f64::total_cmp);
        ErrorStats {
            n: errors.len(),
            median_abs: quantile(&abs, 0.5),
            p90_abs: quantile(&abs, 0.9),
            mean: errors.iter().sum::<f64>() / errors.len() as f64,
        }
    }
}

/// Linear-interpolated quantile of sorted values (`q` in [0, 1]).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Fit quality of a smile parameter set.
#[derive(Debug, Clone, PartialEq)]
pub struct SmileFitReport {
    /// Per smile point (order of [`SMILE_POINTS`]): errors in vol points (model - market).
    pub points: [ErrorStats; 7],
    /// Iron-condor mid errors in percent of the market mid (model - market).
    pub condor_pct: ErrorStats,
    /// Rows, distinct dates, rows whose date was missing in the history.
    pub rows: usize,
    /// Distinct dates.
    pub dates: usize,
    /// Rows per VIX-family source (full, partial, VIX only, not in history).
    pub sources: [usize; 4],
    /// The parameters evaluated (none when the rows were priced under several sets, as out
    /// of fold).
    pub params: Option<SmileParams>,
}

/// Model vol error (vol points, model - market) of every available point of a row.
fn row_errors(o: &SmileObservation, surf: &SpxSurface) -> [Option<f64>; 7] {
    let t = o.t_years();
    let f = surf.forward(t);
    let mut out = [None; 7];
    for (k, pt) in SMILE_POINTS.iter().enumerate() {
        if let Some(sig) = o.iv[k] {
            let st = sig * t.sqrt();
            let strike = f * (-pt.d1() * st + 0.5 * st * st).exp();
            out[k] = Some(100.0 * (surf.iv(strike, t) - sig));
        }
    }
    out
}

/// The model surface of one observation's date under `p` (the day's SKEW folded in).
pub(crate) fn surface_of(
    o: &SmileObservation,
    c: &SmileContext,
    p: &SmileParams,
    q: f64,
) -> SpxSurface {
    let p = p.at_skew(c.skew);
    SpxSurface::new_unchecked(o.spot, c.rate, q, c.term, p.atm_nodes(&c.term), p)
}

/// Evaluate `params` on the observations.
pub fn evaluate_smile(
    obs: &[SmileObservation],
    ctx: &[SmileContext],
    params: &SmileParams,
    div_yield: f64,
) -> SmileFitReport {
    evaluate_rows(obs, ctx, &|_| params, Some(*params), div_yield)
}

/// Evaluate each row `i` under `params_of(i)`; `shown` is the set the report names (none when
/// the rows were priced under several, as out of fold in [`super::smile_cv`]).
pub(crate) fn evaluate_rows<'p>(
    obs: &[SmileObservation],
    ctx: &[SmileContext],
    params_of: &dyn Fn(usize) -> &'p SmileParams,
    shown: Option<SmileParams>,
    div_yield: f64,
) -> SmileFitReport {
    let mut errs: [Vec<f64>; 7] = Default::default();
    let mut ic = Vec::new();
    let mut sources = [0usize; 4];
    for (i, (o, c)) in obs.iter().zip(ctx).enumerate() {
        let surf = surface_of(o, c, params_of(i), div_yield);
        for (k, e) in row_errors(o, &surf).iter().enumerate() {
            if let Some(e) = e {
                errs[k].push(*e);
            }
        }
        if let Some(mid) = o.ic16_50_mid
            && let Ok(m) = CondorShape::CHECKED.model_condor(&surf, o.t_years())
        {
            ic.push(100.0 * (m.0 - mid) / mid);
        }
        let s = if !c.in_history {
            3
        } else {
            match c.term.source() {
                TermSource::Full => 0,
                TermSource::Partial => 1,
                TermSource::VixOnly => 2,
            }
        };
        sources[s] += 1;
    }
    SmileFitReport {
        points: std::array::from_fn(|k| ErrorStats::of(&errs[k])),
        condor_pct: ErrorStats::of(&ic),
        rows: obs.len(),
        dates: quote_dates(obs).len(),
        sources,
        params: shown,
    }
}

/// VIX-close bounds of the regimes of [`errors_by_vix`] (points; the last is open).
pub const FIT_VIX_REGIMES: [(f64, f64); 4] = [
    (0.0, 15.0),
    (15.0, 20.0),
    (20.0, 30.0),
    (30.0, f64::INFINITY),
];

/// The fit quality of `params` by the VIX close of each row ([`FIT_VIX_REGIMES`]), one report
/// per regime: it shows the errors whose sign depends on the level of VIX.
pub fn errors_by_vix(
    obs: &[SmileObservation],
    ctx: &[SmileContext],
    params: &SmileParams,
    div_yield: f64,
) -> VixRegimeErrors {
    errors_by_vix_rows(obs, ctx, &|_| params, div_yield)
}

/// [`errors_by_vix`] with row `i` priced under `params_of(i)`.
pub(crate) fn errors_by_vix_rows<'p>(
    obs: &[SmileObservation],
    ctx: &[SmileContext],
    params_of: &dyn Fn(usize) -> &'p SmileParams,
    div_yield: f64,
) -> VixRegimeErrors {
    let regimes = FIT_VIX_REGIMES.map(|(lo, hi)| {
        let rows: Vec<usize> = (0..obs.len())
            .filter(|&i| (lo..hi).contains(&obs[i].vix_close))
            .collect();
        let (o, c) = rows_of(obs, ctx, &rows);
        let of = |j: usize| params_of(rows[j]);
        ((lo, hi), evaluate_rows(&o, &c, &of, None, div_yield))
    });
    VixRegimeErrors { regimes }
}

/// [`errors_by_vix`]'s reports, in the order of [`FIT_VIX_REGIMES`].
#[derive(Debug, Clone, PartialEq)]
pub struct VixRegimeErrors {
    /// `((low, high) VIX bounds, report)` per regime.
    pub regimes: [((f64, f64), SmileFitReport); 4],
}

impl fmt::Display for VixRegimeErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "By VIX close: median abs / mean error (model - market), vol points; condor in %.\n"
        )?;
        write!(f, "| VIX | rows |")?;
        for pt in &SMILE_POINTS {
            write!(f, " {} |", pt.label)?;
        }
        writeln!(f, " condor |")?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")?;
        for ((lo, hi), r) in &self.regimes {
            let label = if hi.is_finite() {
                format!("{lo:.0}-{hi:.0}")
            } else {
                format!(">= {lo:.0}")
            };
            write!(f, "| {label} | {} |", r.rows)?;
            for s in &r.points {
                write!(f, " {:.2} / {} |", s.median_abs, super::signed(s.mean, 2))?;
            }
            let c = &r.condor_pct;
            writeln!(f, " {:.1} / {} |", c.median_abs, super::signed(c.mean, 1))?;
        }
        Ok(())
    }
}

/// Parameter vector of the fit (the free parameters, in a fixed order).
fn to_vec(p: &SmileParams) -> Vec<f64> {
    vec![
        p.ratio0,
        p.ratio_v,
        p.ratio_t,
        p.b0.ln(),
        p.b_v,
        p.b_t,
        p.rho0,
        p.rho_v,
        p.rho_t,
        p.c.ln(),
        p.ratio_s,
        p.b_s,
        p.rho_s,
        p.call_turn,
        p.call_turn_v,
    ]
}

fn from_vec(base: &SmileParams, x: &[f64]) -> SmileParams {
    SmileParams {
        ratio0: x[0],
        ratio_v: x[1],
        ratio_t: x[2],
        b0: x[3].exp(),
        b_v: x[4],
        b_t: x[5],
        rho0: x[6],
        rho_v: x[7],
        rho_t: x[8],
        c: x[9].exp(),
        ratio_s: x[10],
        b_s: x[11],
        rho_s: x[12],
        call_turn: x[13],
        call_turn_v: x[14],
        ..*base
    }
}

/// Which SKEW slopes a smile fit frees besides the ten base parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkewTerms {
    /// None: `ratio_s`, `b_s`, `rho_s` stay at the start's values.
    None,
    /// The ATM ratio's slope `ratio_s` only (the shipped fit).
    Ratio,
    /// All three: `ratio_s`, `b_s`, `rho_s`.
    All,
}

impl SkewTerms {
    /// Indices of the free coordinates in the parameter vector.
    fn free(self) -> Vec<usize> {
        match self {
            SkewTerms::None => (0..10).collect(),
            SkewTerms::Ratio => (0..11).collect(),
            SkewTerms::All => (0..13).collect(),
        }
    }
}

/// What a smile fit frees and what it minimises. The default is the shipped fit: the SKEW
/// slope of the ATM ratio with the ten body parameters, then the call-wing turn, no condor
/// term (chosen by cross-validation on the fit file, CALIBRATION.md section 7).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmileFitOptions {
    /// The SKEW slopes freed with the ten body parameters.
    pub terms: SkewTerms,
    /// Weight per percentage point of each row's 16-delta / 50-point condor mid error
    /// (`|model - market| / market x 100`), added to the L1 sum of vol-point errors over
    /// the rows that quote a condor mid. 0 (the shipped fit) leaves the condor out.
    pub condor_weight: f64,
    /// Then fit the call-wing turn with the body held ([`fit_call_turn`]); without it the
    /// turn stays at the start's values.
    pub call_turn: bool,
}

impl Default for SmileFitOptions {
    fn default() -> Self {
        SmileFitOptions {
            terms: SkewTerms::Ratio,
            condor_weight: 0.0,
            call_turn: true,
        }
    }
}

/// Fit the free smile parameters (ratio, wing level, skew and their VIX / tenor
/// dependence, width; plus the SKEW slopes `opts.terms` frees, the others staying at
/// `start`'s) starting from `start`, then, with `opts.call_turn`, the call-wing turn with
/// that body held; the caps and the SKEW reference are kept from `start`.
/// Deterministic: Nelder-Mead with fixed steps and restarts.
pub fn fit_smile(
    obs: &[SmileObservation],
    ctx: &[SmileContext],
    start: &SmileParams,
    div_yield: f64,
    opts: SmileFitOptions,
) -> SmileParams {
    // Without the SKEW slopes the search runs in the first 10 coordinates only (the same
    // simplex path, and so the same answer, as before the slopes existed).
    let body = fit_free(
        obs,
        ctx,
        start,
        div_yield,
        &opts.terms.free(),
        opts.condor_weight,
    );
    if opts.call_turn {
        fit_call_turn(obs, ctx, &body, div_yield)
    } else {
        body
    }
}

/// Fit the call-wing turn (`call_turn`, `call_turn_v`) with every other parameter held at
/// `body`'s: the second stage of the smile fit. The turn only moves strikes above the
/// forward, so the ATM level and the put wing of `body` are unchanged.
pub fn fit_call_turn(
    obs: &[SmileObservation],
    ctx: &[SmileContext],
    body: &SmileParams,
    div_yield: f64,
) -> SmileParams {
    let turn = fit_free(obs, ctx, body, div_yield, &[13, 14], 0.0);
    // Only the turn is taken from the search: `b0` and `c` round-trip through logarithms
    // there, and the body must stay bit for bit what it was.
    SmileParams {
        call_turn: turn.call_turn,
        call_turn_v: turn.call_turn_v,
        ..*body
    }
}

fn fit_free(
    obs: &[SmileObservation],
    ctx: &[SmileContext],
    start: &SmileParams,
    div_yield: f64,
    free: &[usize],
    condor_weight: f64,
) -> SmileParams {
    let full = to_vec(start);
    let expand = |x: &[f64]| {
        let mut v = full.clone();
        for (&k, &xi) in free.iter().zip(x) {
            v[k] = xi;
        }
        v
    };
    let mut objective = |x: &[f64]| {
        let p = from_vec(start, &expand(x));
        if p.c > 50.0 || p.b0 > 5.0 {
            return f64::INFINITY;
        }
        let mut total = 0.0;
        for (o, c) in obs.iter().zip(ctx) {
            let surf = surface_of(o, c, &p, div_yield);
            for e in row_errors(o, &surf).iter().flatten() {
                total += e.abs();
            }
            if condor_weight > 0.0
                && let Some(mid) = o.ic16_50_mid
                && let Ok(m) = CondorShape::CHECKED.model_condor(&surf, o.t_years())
            {
                total += condor_weight * (100.0 * (m.0 - mid) / mid).abs();
            }
        }
        total
    };
    let steps = [
        0.05, 0.05, 0.02, 0.3, 0.1, 0.1, 0.1, 0.05, 0.05, 0.3, 0.1, 0.3, 0.3, 0.02, 0.02,
    ];
    let x0: Vec<f64> = free.iter().map(|&k| full[k]).collect();
    let s0: Vec<f64> = free.iter().map(|&k| steps[k]).collect();
    let (x, _) = nelder_mead(&mut objective, &x0, &s0, NelderMead::default());
    from_vec(start, &expand(&x))
}

/// Observations of the smile file with their contexts, in file order.
pub type SmileRows = (Vec<SmileObservation>, Vec<SmileContext>);

/// The observations (and their contexts) quoted in the years `from..=to`, and the others:
/// `(inside, outside)`, each as `(observations, contexts)` in file order.
pub fn split_by_years(
    obs: &[SmileObservation],
    ctx: &[SmileContext],
    from: i32,
    to: i32,
) -> (SmileRows, SmileRows) {
    use chrono::Datelike;
    let (inside, outside): (Vec<usize>, Vec<usize>) =
        (0..obs.len()).partition(|&i| (from..=to).contains(&obs[i].date.year()));
    (rows_of(obs, ctx, &inside), rows_of(obs, ctx, &outside))
}

/// The observations (and their contexts) at the indices `rows`, in that order.
pub(crate) fn rows_of(obs: &[SmileObservation], ctx: &[SmileContext], rows: &[usize]) -> SmileRows {
    rows.iter().map(|&i| (obs[i].clone(), ctx[i])).unzip()
}

/// The distinct quote dates of `obs`, in date order.
pub(crate) fn quote_dates(obs: &[SmileObservation]) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = obs.iter().map(|o| o.date).collect();
    dates.sort();
    dates.dedup();
    dates
}

impl fmt::Display for SmileFitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "rows {} on {} dates; VIX-family source per row: full {}, partial {}, VIX only {}, date not in history {}",
            self.rows,
            self.dates,
            self.sources[0],
            self.sources[1],
            self.sources[2],
            self.sources[3]
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "| point | n | median abs err (vol pts) | p90 abs err (vol pts) | mean err (model - market) | target (median) |"
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|")?;
        for (k, pt) in SMILE_POINTS.iter().enumerate() {
            let s = &self.points[k];
            let target = if pt.call_delta_milli == 950 || pt.call_delta_milli == 50 {
                2.5
            } else {
                1.5
            };
            writeln!(
                f,
                "| {} | {} | {:.2} | {:.2} | {} | <= {:.1} |",
                pt.label,
                s.n,
                s.median_abs,
                s.p90_abs,
                super::signed(s.mean, 2),
                target
            )?;
        }
        let c = &self.condor_pct;
        writeln!(
            f,
            "| 16d/50pt iron condor mid (%) | {} | {:.1}% | {:.1}% | {}% | <= 15% |",
            c.n,
            c.median_abs,
            c.p90_abs,
            super::signed(c.mean, 1)
        )?;
        writeln!(f)?;
        let Some(p) = &self.params else {
            return writeln!(
                f,
                "parameters: each fold's rows under the fit on the other folds"
            );
        };
        let fitted: Vec<String> = p
            .fitted()
            .iter()
            .map(|(k, v)| format!("{k} {v:.4}"))
            .collect();
        writeln!(
            f,
            "parameters: {} (SKEW ref {:.0}, clamp {:.0}-{:.0})",
            fitted.join(", "),
            p.skew_ref,
            p.skew_min,
            p.skew_max
        )
    }
}
