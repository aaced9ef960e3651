//! Summary statistics of a [`MarketHistory`], used to calibrate the synthetic generator
//! against the real series and to show the two side by side.
//!
//! [`MarketStats::measure`] computes, over a date window:
//! - SPX annualised geometric price return and annualised volatility of daily log returns;
//! - VIX mean, median, 5th and 95th percentile (linear interpolation between order
//!   statistics, as numpy's default), maximum and its date;
//! - the daily correlation of SPX log returns with VIX point changes;
//! - the share of days with VIX < VIX3M (contango) where both exist;
//! - the VIX AR(1) half-life in trading days, `ln(0.5) / ln(rho)` with `rho` the lag-1
//!   autocorrelation of daily VIX closes;
//! - crisis episodes: a new episode starts on a VIX close above 40 once the previous episode
//!   has seen [`CRISIS_QUIET_DAYS`] consecutive closes below 30.
//!
//! [`Comparison`] puts a real and a synthetic measurement side by side against
//! [`Tolerances`] and renders a markdown table.

use chrono::NaiveDate;
use serde::Serialize;

use crate::{DataError, MarketHistory, Result};

/// VIX close (points) above which a crisis episode starts.
pub const CRISIS_ENTRY_VIX: f64 = 40.0;
/// VIX close (points) below which a day counts as quiet.
pub const CRISIS_QUIET_VIX: f64 = 30.0;
/// Consecutive quiet trading days that end a crisis episode.
pub const CRISIS_QUIET_DAYS: usize = 60;
/// Trading days per year used to annualise daily volatility.
pub const TRADING_DAYS_PER_YEAR: f64 = 252.0;

/// One crisis episode: VIX closed above [`CRISIS_ENTRY_VIX`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrisisEpisode {
    /// First close above the entry level.
    pub start: NaiveDate,
    /// Date of the highest close of the episode.
    pub peak_date: NaiveDate,
    /// Highest VIX close of the episode, VIX points.
    pub peak_vix: f64,
}

/// Summary statistics of one history over one window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketStats {
    /// First trading day measured.
    pub from: NaiveDate,
    /// Last trading day measured.
    pub to: NaiveDate,
    /// Trading days in the window.
    pub days: usize,
    /// SPX annualised geometric price return as a fraction (0.08 = 8%/yr), over calendar
    /// years of 365.25 days between the first and last close.
    pub spx_return_annual: f64,
    /// SPX annualised volatility of daily log returns as a fraction (sample standard
    /// deviation times sqrt(252)).
    pub spx_vol_annual: f64,
    /// Mean VIX close, VIX points.
    pub vix_mean: f64,
    /// Median VIX close, VIX points.
    pub vix_median: f64,
    /// 5th percentile of VIX closes, VIX points.
    pub vix_p5: f64,
    /// 95th percentile of VIX closes, VIX points.
    pub vix_p95: f64,
    /// Highest VIX close, VIX points.
    pub vix_max: f64,
    /// Date of the highest VIX close.
    pub vix_max_date: NaiveDate,
    /// Pearson correlation of daily SPX log returns with daily VIX point changes.
    pub corr_spx_vix: f64,
    /// Share of days (fraction) with VIX close < VIX3M close, among days where both exist;
    /// `None` when VIX3M is missing throughout the window.
    pub contango_share: Option<f64>,
    /// Days on which both VIX and VIX3M exist.
    pub contango_days: usize,
    /// Lag-1 autocorrelation of daily VIX closes.
    pub vix_rho: f64,
    /// VIX AR(1) half-life in trading days, `ln(0.5) / ln(vix_rho)`.
    pub vix_half_life_days: f64,
    /// Crisis episodes, in date order.
    pub crises: Vec<CrisisEpisode>,
}

impl MarketStats {
    /// Measure `history` on the trading days from `from` to `to` inclusive.
    ///
    /// # Errors
    /// [`DataError::Parameter`] when `from` is after `to`; [`DataError::Dataset`] when the
    /// window holds fewer than 3 trading days.
    pub fn measure(history: &MarketHistory, from: NaiveDate, to: NaiveDate) -> Result<Self> {
        if from > to {
            return Err(DataError::Parameter {
                name: "from".to_string(),
                value: from.to_string(),
                accepted: format!("a date on or before to = {to}"),
            });
        }
        let lo = history.dates.partition_point(|d| *d < from);
        let hi = history.dates.partition_point(|d| *d <= to);
        if hi < lo + 3 {
            return Err(DataError::Dataset(format!(
                "statistics need at least 3 trading days between {from} and {to}, found {}",
                hi.saturating_sub(lo)
            )));
        }
        let dates = &history.dates[lo..hi];
        let spx = &history.spx.close[lo..hi];
        let vix = &history.vix.close[lo..hi];
        let vix3m = history.vix3m.get(lo..hi).unwrap_or(&[]);

        let first = dates[0];
        let last = dates[dates.len() - 1];
        let years = (last - first).num_days() as f64 / 365.25;
        let spx_return_annual = (spx[spx.len() - 1] / spx[0]).powf(1.0 / years) - 1.0;

        let log_returns: Vec<f64> = spx.windows(2).map(|w| (w[1] / w[0]).ln()).collect();
        let spx_vol_annual = std_dev(&log_returns) * TRADING_DAYS_PER_YEAR.sqrt();

        let mut sorted = vix.to_vec();
        sorted.sort_by(f64::total_cmp);
        let vix_mean = mean(vix);
        let vix_median = percentile(&sorted, 0.5);
        let vix_p5 = percentile(&sorted, 0.05);
        let vix_p95 = percentile(&sorted, 0.95);
        let (max_k, vix_max) =
            vix.iter()
                .copied()
                .enumerate()
                .fold((0, f64::NEG_INFINITY), |best, (k, v)| {
                    if v > best.1 { (k, v) } else { best }
                });

        let vix_changes: Vec<f64> = vix.windows(2).map(|w| w[1] - w[0]).collect();
        let corr_spx_vix = correlation(&log_returns, &vix_changes);

        let (mut contango, mut both) = (0usize, 0usize);
        for (v, v3) in vix.iter().zip(vix3m) {
            if v3.is_finite() {
                both += 1;
                if v < v3 {
                    contango += 1;
                }
            }
        }
        let contango_share = (both > 0).then(|| contango as f64 / both as f64);

        let vix_rho = correlation(&vix[..vix.len() - 1], &vix[1..]);
        let vix_half_life_days = if vix_rho > 0.0 && vix_rho < 1.0 {
            0.5f64.ln() / vix_rho.ln()
        } else {
            f64::INFINITY
        };

        Ok(MarketStats {
            from: first,
            to: last,
            days: dates.len(),
            spx_return_annual,
            spx_vol_annual,
            vix_mean,
            vix_median,
            vix_p5,
            vix_p95,
            vix_max,
            vix_max_date: dates[max_k],
            corr_spx_vix,
            contango_share,
            contango_days: both,
            vix_rho,
            vix_half_life_days,
            crises: crisis_episodes(dates, vix),
        })
    }
}

/// Crisis episodes of a VIX close series: an episode starts on a close above
/// [`CRISIS_ENTRY_VIX`] and ends after [`CRISIS_QUIET_DAYS`] consecutive closes below
/// [`CRISIS_QUIET_VIX`]; a close above the entry level before that belongs to the same
/// episode.
pub fn crisis_episodes(dates: &[NaiveDate], vix: &[f64]) -> Vec<CrisisEpisode> {
    let mut episodes: Vec<CrisisEpisode> = Vec::new();
    let mut in_episode = false;
    let mut quiet = 0usize;
    for (&date, &v) in dates.iter().zip(vix) {
        if in_episode {
            let current = episodes.last_mut().expect("an open episode exists");
            if v > current.peak_vix {
                current.peak_vix = v;
                current.peak_date = date;
            }
            quiet = if v < CRISIS_QUIET_VIX { quiet + 1 } else { 0 };
            if quiet >= CRISIS_QUIET_DAYS {
                in_episode = false;
            }
        } else if v > CRISIS_ENTRY_VIX {
            episodes.push(CrisisEpisode {
                start: date,
                peak_date: date,
                peak_vix: v,
            });
            in_episode = true;
            quiet = 0;
        }
    }
    episodes
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Sample standard deviation (n - 1 denominator).
fn std_dev(xs: &[f64]) -> f64 {
    let m = mean(xs);
    let ss: f64 = xs.iter().map(|x| (x - m) * (x - m)).sum();
    (ss / (xs.len() as f64 - 1.0)).sqrt()
}

/// Percentile `q` (0..=1) of ascending `sorted`, interpolating linearly between order
/// statistics at rank `q * (n - 1)`.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let k = rank.floor() as usize;
    let frac = rank - k as f64;
    match sorted.get(k + 1) {
        Some(next) => sorted[k] + frac * (next - sorted[k]),
        None => sorted[k],
    }
}

/// Pearson correlation of two equally long series.
pub fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (ma, mb) = (mean(&a[..n]), mean(&b[..n]));
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a[..n].iter().zip(&b[..n]) {
        let (dx, dy) = (x - ma, y - mb);
        sab += dx * dy;
        saa += dx * dx;
        sbb += dy * dy;
    }
    sab / (saa * sbb).sqrt()
}

/// How far a synthetic statistic may sit from the real one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tolerances {
    /// SPX annualised return, absolute difference in percentage points.
    pub spx_return_pts: f64,
    /// SPX annualised volatility, absolute difference in percentage points.
    pub spx_vol_pts: f64,
    /// VIX mean and median, absolute difference in VIX points.
    pub vix_center_pts: f64,
    /// VIX 5th percentile, absolute difference in VIX points.
    pub vix_p5_pts: f64,
    /// VIX 95th percentile, absolute difference in VIX points.
    pub vix_p95_pts: f64,
    /// Lowest acceptable synthetic VIX maximum, VIX points.
    pub vix_max_at_least: f64,
    /// Correlation of SPX returns with VIX changes, absolute difference.
    pub corr: f64,
    /// Contango share, absolute difference in percentage points.
    pub contango_pts: f64,
    /// VIX half-life: the synthetic/real ratio must lie in `[1/f, f]`.
    pub half_life_factor: f64,
    /// Fewest acceptable synthetic crisis episodes.
    pub crises_at_least: usize,
}

impl Default for Tolerances {
    fn default() -> Self {
        Tolerances {
            spx_return_pts: 2.0,
            spx_vol_pts: 3.0,
            vix_center_pts: 2.0,
            vix_p5_pts: 2.0,
            vix_p95_pts: 4.0,
            vix_max_at_least: 60.0,
            corr: 0.1,
            contango_pts: 10.0,
            half_life_factor: 2.0,
            crises_at_least: 3,
        }
    }
}

/// One line of a side-by-side comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonRow {
    /// What is measured, with its unit.
    pub statistic: String,
    /// Value measured on the reference (real) history, formatted.
    pub real: String,
    /// Value measured on the compared (synthetic) history, formatted.
    pub synthetic: String,
    /// The tolerance, in words.
    pub tolerance: String,
    /// Whether the compared value is within tolerance.
    pub pass: bool,
}

/// A reference and a compared measurement side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Rows in a fixed order.
    pub rows: Vec<ComparisonRow>,
}

impl Comparison {
    /// Compare `synthetic` against `real` with `tol`.
    pub fn new(real: &MarketStats, synthetic: &MarketStats, tol: &Tolerances) -> Self {
        let mut rows = Vec::new();
        let (r, s) = (real, synthetic);
        let pct = " pts";
        rows.push(abs_row(
            "SPX annualised return, price only (%)",
            (r.spx_return_annual, s.spx_return_annual),
            100.0,
            tol.spx_return_pts,
            pct,
            2,
        ));
        rows.push(abs_row(
            "SPX annualised volatility of daily log returns (%)",
            (r.spx_vol_annual, s.spx_vol_annual),
            100.0,
            tol.spx_vol_pts,
            pct,
            2,
        ));
        for (name, rv, sv, t) in [
            ("VIX mean", r.vix_mean, s.vix_mean, tol.vix_center_pts),
            ("VIX median", r.vix_median, s.vix_median, tol.vix_center_pts),
            ("VIX 5th percentile", r.vix_p5, s.vix_p5, tol.vix_p5_pts),
            ("VIX 95th percentile", r.vix_p95, s.vix_p95, tol.vix_p95_pts),
        ] {
            rows.push(abs_row(name, (rv, sv), 1.0, t, "", 2));
        }
        rows.push(ComparisonRow {
            statistic: "VIX maximum close".into(),
            real: format!("{:.2} ({})", r.vix_max, r.vix_max_date),
            synthetic: format!("{:.2} ({})", s.vix_max, s.vix_max_date),
            tolerance: format!("synthetic ≥ {}", tol.vix_max_at_least),
            pass: s.vix_max >= tol.vix_max_at_least,
        });
        rows.push(abs_row(
            "Correlation of SPX log returns with VIX point changes",
            (r.corr_spx_vix, s.corr_spx_vix),
            1.0,
            tol.corr,
            "",
            3,
        ));
        match (r.contango_share, s.contango_share) {
            (Some(rc), Some(sc)) => rows.push(abs_row(
                "Days with VIX < VIX3M (%)",
                (rc, sc),
                100.0,
                tol.contango_pts,
                " pts",
                1,
            )),
            (rc, sc) => rows.push(ComparisonRow {
                statistic: "Days with VIX < VIX3M (%)".into(),
                real: rc.map_or("n/a".into(), |v| format!("{:.1}", v * 100.0)),
                synthetic: sc.map_or("n/a".into(), |v| format!("{:.1}", v * 100.0)),
                tolerance: format!("±{} pts", tol.contango_pts),
                pass: false,
            }),
        }
        let ratio = s.vix_half_life_days / r.vix_half_life_days;
        rows.push(ComparisonRow {
            statistic: "VIX AR(1) half-life (trading days)".into(),
            real: format!("{:.1}", r.vix_half_life_days),
            synthetic: format!("{:.1}", s.vix_half_life_days),
            tolerance: format!("ratio within ×{}", tol.half_life_factor),
            pass: ratio.is_finite()
                && ratio <= tol.half_life_factor
                && ratio >= 1.0 / tol.half_life_factor,
        });
        rows.push(ComparisonRow {
            statistic: format!(
                "Crisis episodes (VIX > {CRISIS_ENTRY_VIX}, apart by {CRISIS_QUIET_DAYS} days < {CRISIS_QUIET_VIX})"
            ),
            real: r.crises.len().to_string(),
            synthetic: s.crises.len().to_string(),
            tolerance: format!("synthetic ≥ {}", tol.crises_at_least),
            pass: s.crises.len() >= tol.crises_at_least,
        });
        Comparison { rows }
    }

    /// True when every row passes.
    pub fn all_pass(&self) -> bool {
        self.rows.iter().all(|r| r.pass)
    }

    /// Markdown table with columns statistic, real, synthetic, tolerance, pass; the column
    /// titles of the two value columns are `left` and `right`.
    pub fn to_markdown(&self, left: &str, right: &str) -> String {
        let mut out = format!("| statistic | {left} | {right} | tolerance | pass |\n");
        out.push_str("|---|---:|---:|---|:---:|\n");
        for row in &self.rows {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                row.statistic,
                row.real,
                row.synthetic,
                row.tolerance,
                if row.pass { "yes" } else { "NO" }
            ));
        }
        out
    }
}

/// A row passing when `|synthetic - real| * scale <= tol`; values printed times `scale`
/// with `dp` decimals.
fn abs_row(
    name: &str,
    (r, s): (f64, f64),
    scale: f64,
    tol: f64,
    unit: &str,
    dp: usize,
) -> ComparisonRow {
    ComparisonRow {
        statistic: name.to_string(),
        real: format!("{:.dp$}", r * scale),
        synthetic: format!("{:.dp$}", s * scale),
        tolerance: format!("±{tol}{unit}"),
        pass: ((s - r) * scale).abs() <= tol,
    }
}

/// Markdown table of one measurement alone (no comparison).
pub fn to_markdown_single(stats: &MarketStats) -> String {
    let mut out = String::from("| statistic | value |\n|---|---:|\n");
    let mut row = |k: &str, v: String| out.push_str(&format!("| {k} | {v} |\n"));
    row(
        "Window",
        format!("{} to {} ({} days)", stats.from, stats.to, stats.days),
    );
    row(
        "SPX annualised return, price only (%)",
        format!("{:.2}", stats.spx_return_annual * 100.0),
    );
    row(
        "SPX annualised volatility of daily log returns (%)",
        format!("{:.2}", stats.spx_vol_annual * 100.0),
    );
    row("VIX mean", format!("{:.2}", stats.vix_mean));
    row("VIX median", format!("{:.2}", stats.vix_median));
    row("VIX 5th percentile", format!("{:.2}", stats.vix_p5));
    row("VIX 95th percentile", format!("{:.2}", stats.vix_p95));
    row(
        "VIX maximum close",
        format!("{:.2} ({})", stats.vix_max, stats.vix_max_date),
    );
    row(
        "Correlation of SPX log returns with VIX point changes",
        format!("{:.3}", stats.corr_spx_vix),
    );
    row(
        "Days with VIX < VIX3M (%)",
        stats.contango_share.map_or("n/a".into(), |v| {
            format!("{:.1} (of {} days)", v * 100.0, stats.contango_days)
        }),
    );
    row(
        "VIX AR(1) half-life (trading days)",
        format!("{:.1} (rho {:.4})", stats.vix_half_life_days, stats.vix_rho),
    );
    let peaks: Vec<String> = stats
        .crises
        .iter()
        .map(|c| format!("{} {:.1}", c.peak_date, c.peak_vix))
        .collect();
    row(
        "Crisis episodes (peak date, peak VIX)",
        format!("{}: {}", stats.crises.len(), peaks.join(", ")),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn percentile_interpolates_between_order_statistics() {
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&xs, 0.5), 3.0);
        assert_eq!(percentile(&xs, 0.05), 1.2);
        assert!((percentile(&xs, 0.95) - 4.8).abs() < 1e-12);
    }

    #[test]
    fn crisis_needs_sixty_quiet_days_to_end() {
        let dates: Vec<NaiveDate> = (0..200)
            .map(|k| d(2000, 1, 1) + chrono::Days::new(k))
            .collect();
        let mut vix = vec![20.0; 200];
        vix[10] = 45.0; // episode 1
        vix[50] = 41.0; // 40 quiet days later: same episode, lower peak
        vix[120] = 50.0; // 69 quiet days after day 50: a new episode
        let eps = crisis_episodes(&dates, &vix);
        assert_eq!(eps.len(), 2);
        assert_eq!(eps[0].peak_vix, 45.0);
        assert_eq!(eps[1].start, dates[120]);
    }

    #[test]
    fn correlation_of_a_line_is_one() {
        let a = [1.0, 2.0, 4.0, 8.0];
        let b: Vec<f64> = a.iter().map(|x| -3.0 * x + 1.0).collect();
        assert!((correlation(&a, &b) + 1.0).abs() < 1e-12);
    }
}
