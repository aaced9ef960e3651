//! Statistics of a run's monthly returns against an index's: tracking error, correlation,
//! annual returns side by side and the worst months.

use chrono::Datelike;

use super::monthly::{MonthlyReturn, consecutive};

/// Months in a year, for annualising.
const MONTHS: f64 = 12.0;

/// Figures of one monthly return series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesStats {
    /// Compound annual return, `prod(1 + r)^(12 / n) - 1`.
    pub annual_return: f64,
    /// Annualised volatility: sample standard deviation of monthly returns x sqrt(12).
    pub volatility: f64,
    /// Worst monthly return.
    pub worst_month: f64,
    /// The month-end of the worst month.
    pub worst_month_end: chrono::NaiveDate,
}

/// The comparison's headline figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Monthly returns compared.
    pub months: usize,
    /// Ours.
    pub ours: SeriesStats,
    /// The index.
    pub index: SeriesStats,
    /// Pearson correlation of the monthly returns.
    pub correlation: f64,
    /// Tracking error: sample standard deviation of the monthly differences (ours - index)
    /// x sqrt(12).
    pub monthly_te: f64,
    /// Mean monthly difference x 12 (the bias that the tracking error leaves out).
    pub mean_diff: f64,
    /// Annual-return tracking error: root mean square of the yearly differences over the
    /// full calendar years (12 months compared); NaN when there is none.
    pub annual_te: f64,
    /// Full calendar years in `annual_te`.
    pub full_years: usize,
    /// Lag-one autocorrelation of the monthly differences, over the pairs of consecutive
    /// calendar months: near -0.5 when the gaps are marks that the next month gives back
    /// (differences in how open positions are valued at month-end), near 0 when they stay
    /// (different premiums, strikes or settlements); NaN below three pairs.
    pub diff_autocorrelation: f64,
}

/// One calendar year, both returns compounded over the same months.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnnualRow {
    /// Calendar year.
    pub year: i32,
    /// Months compared in that year (12 = a full year).
    pub months: usize,
    /// Our return over those months.
    pub ours: f64,
    /// The index's return over those months.
    pub index: f64,
}

impl AnnualRow {
    /// Ours minus the index.
    pub fn diff(&self) -> f64 {
        self.ours - self.index
    }
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Sample standard deviation (n - 1); NaN below two values.
fn sd(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        return f64::NAN;
    }
    let m = mean(xs);
    (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64).sqrt()
}

/// Pearson correlation; NaN below two values or with a constant series.
fn correlation(a: &[f64], b: &[f64]) -> f64 {
    if a.len() < 2 {
        return f64::NAN;
    }
    let (ma, mb) = (mean(a), mean(b));
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma).powi(2);
        sbb += (y - mb).powi(2);
    }
    let den = (saa * sbb).sqrt();
    if den > 0.0 { sab / den } else { f64::NAN }
}

fn series(returns: &[MonthlyReturn], pick: impl Fn(&MonthlyReturn) -> f64) -> SeriesStats {
    let xs: Vec<f64> = returns.iter().map(&pick).collect();
    let growth: f64 = xs.iter().map(|r| 1.0 + r).product();
    let worst = returns
        .iter()
        .min_by(|a, b| pick(a).total_cmp(&pick(b)))
        .expect("summarise checks for at least one month");
    SeriesStats {
        annual_return: growth.powf(MONTHS / xs.len() as f64) - 1.0,
        volatility: sd(&xs) * MONTHS.sqrt(),
        worst_month: pick(worst),
        worst_month_end: worst.month_end,
    }
}

/// Calendar-year returns of both series, compounded over the months compared in each year.
pub fn annual(returns: &[MonthlyReturn]) -> Vec<AnnualRow> {
    let mut out: Vec<AnnualRow> = Vec::new();
    for r in returns {
        let year = r.month_end.year();
        if out.last().is_none_or(|a| a.year != year) {
            out.push(AnnualRow {
                year,
                months: 0,
                ours: 0.0,
                index: 0.0,
            });
        }
        let a = out.last_mut().expect("pushed above");
        a.months += 1;
        a.ours = (1.0 + a.ours) * (1.0 + r.ours) - 1.0;
        a.index = (1.0 + a.index) * (1.0 + r.index) - 1.0;
    }
    out
}

/// The headline figures; `None` without any month.
pub fn summarise(returns: &[MonthlyReturn]) -> Option<Summary> {
    if returns.is_empty() {
        return None;
    }
    let ours: Vec<f64> = returns.iter().map(|r| r.ours).collect();
    let index: Vec<f64> = returns.iter().map(|r| r.index).collect();
    let diffs: Vec<f64> = returns.iter().map(MonthlyReturn::diff).collect();
    let full: Vec<f64> = annual(returns)
        .iter()
        .filter(|a| a.months == 12)
        .map(AnnualRow::diff)
        .collect();
    let annual_te = if full.is_empty() {
        f64::NAN
    } else {
        (full.iter().map(|d| d * d).sum::<f64>() / full.len() as f64).sqrt()
    };
    let (earlier, later): (Vec<f64>, Vec<f64>) = returns
        .windows(2)
        .filter(|w| consecutive(w[0].month_end, w[1].month_end))
        .map(|w| (w[0].diff(), w[1].diff()))
        .unzip();
    Some(Summary {
        months: returns.len(),
        ours: series(returns, |r| r.ours),
        index: series(returns, |r| r.index),
        correlation: correlation(&ours, &index),
        monthly_te: sd(&diffs) * MONTHS.sqrt(),
        mean_diff: mean(&diffs) * MONTHS,
        annual_te,
        full_years: full.len(),
        diff_autocorrelation: if earlier.len() < 3 {
            f64::NAN
        } else {
            correlation(&earlier, &later)
        },
    })
}

/// The monthly differences (ours - index) regressed on another series' monthly returns,
/// e.g. the S&P 500's: a slope is market exposure one side holds and the other does not (a
/// strike or a delta), the intercept what is left on average.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Regression {
    /// Months regressed.
    pub months: usize,
    /// Least-squares slope of the difference on the other series' return.
    pub slope: f64,
    /// Intercept x 12 (a fraction a year).
    pub intercept: f64,
    /// Tracking error of the residuals: their sample standard deviation x sqrt(12).
    pub residual_te: f64,
}

/// Least-squares regression of `diffs` on `x` (same length); `None` below three months or
/// when `x` does not vary.
pub fn regress(diffs: &[f64], x: &[f64]) -> Option<Regression> {
    if diffs.len() < 3 || diffs.len() != x.len() {
        return None;
    }
    let (mx, md) = (mean(x), mean(diffs));
    let sxx: f64 = x.iter().map(|v| (v - mx).powi(2)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let sxd: f64 = x.iter().zip(diffs).map(|(a, b)| (a - mx) * (b - md)).sum();
    let slope = sxd / sxx;
    let alpha = md - slope * mx;
    let residuals: Vec<f64> = x
        .iter()
        .zip(diffs)
        .map(|(a, b)| b - alpha - slope * a)
        .collect();
    Some(Regression {
        months: diffs.len(),
        slope,
        intercept: alpha * MONTHS,
        residual_te: sd(&residuals) * MONTHS.sqrt(),
    })
}

/// Upper edges of the [`by_move`] buckets of the other series' monthly return (fractions);
/// the last bucket is open above.
pub const MOVE_EDGES: [f64; 7] = [-0.05, -0.02, -0.01, 0.0, 0.01, 0.02, 0.05];

/// The compared months whose other-series return fell in `[lo, hi)`, and their mean returns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MoveBucket {
    /// Lower edge (fraction; `-inf` for the first bucket).
    pub lo: f64,
    /// Upper edge, excluded (fraction; `+inf` for the last bucket).
    pub hi: f64,
    /// Months in the bucket.
    pub months: usize,
    /// Mean of our monthly returns (fraction; NaN without months).
    pub ours: f64,
    /// Mean of the index's monthly returns (fraction; NaN without months).
    pub index: f64,
}

impl MoveBucket {
    /// Mean monthly difference, ours - index (fraction).
    pub fn diff(&self) -> f64 {
        self.ours - self.index
    }
}

/// The months grouped by `x`, the other series' return in the same month (one per month of
/// `returns`), into the buckets cut at [`MOVE_EDGES`]: where in the market's moves ours
/// departs from the index.
pub fn by_move(returns: &[MonthlyReturn], x: &[f64]) -> Vec<MoveBucket> {
    let mut lo = f64::NEG_INFINITY;
    let mut out = Vec::with_capacity(MOVE_EDGES.len() + 1);
    for hi in MOVE_EDGES.into_iter().chain([f64::INFINITY]) {
        let sel: Vec<&MonthlyReturn> = returns
            .iter()
            .zip(x)
            .filter(|&(_, &v)| v >= lo && v < hi)
            .map(|(r, _)| r)
            .collect();
        let avg =
            |f: fn(&MonthlyReturn) -> f64| sel.iter().map(|r| f(r)).sum::<f64>() / sel.len() as f64;
        out.push(MoveBucket {
            lo,
            hi,
            months: sel.len(),
            ours: avg(|r| r.ours),
            index: avg(|r| r.index),
        });
        lo = hi;
    }
    out
}

/// Which series ranks the worst months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Our returns.
    Ours,
    /// The index's returns.
    Index,
}

/// The `n` worst months of one side, worst first (ties in date order).
pub fn worst(returns: &[MonthlyReturn], n: usize, side: Side) -> Vec<MonthlyReturn> {
    let pick = |r: &MonthlyReturn| match side {
        Side::Ours => r.ours,
        Side::Index => r.index,
    };
    let mut sorted = returns.to_vec();
    sorted.sort_by(|a, b| pick(a).total_cmp(&pick(b)));
    sorted.truncate(n);
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn m(date: &str, ours: f64, index: f64) -> MonthlyReturn {
        MonthlyReturn {
            month_end: date.parse::<NaiveDate>().unwrap(),
            ours,
            index,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn months_go_to_the_bucket_of_the_other_series_move() {
        let r = [
            m("2001-01-31", 0.01, 0.02),
            m("2001-02-28", 0.03, 0.01),
            m("2001-03-30", -0.02, -0.01),
            m("2001-04-30", 0.0, 0.0),
        ];
        // -6% is below the first edge; 0% opens the [0, 1%) bucket; +1% opens [1%, 2%).
        let b = by_move(&r, &[-0.06, 0.0, 0.01, 0.01]);
        assert_eq!(b.len(), MOVE_EDGES.len() + 1);
        assert_eq!(b.iter().map(|b| b.months).sum::<usize>(), 4);
        assert_eq!(
            (b[0].lo, b[0].hi, b[0].months),
            (f64::NEG_INFINITY, -0.05, 1)
        );
        assert!(close(b[0].diff(), -0.01));
        assert_eq!((b[4].lo, b[4].hi, b[4].months), (0.0, 0.01, 1));
        assert!(close(b[4].diff(), 0.02));
        assert_eq!(b[5].months, 2);
        assert!(close(b[5].ours, -0.01) && close(b[5].index, -0.005));
        assert!(b[1].ours.is_nan() && b[7].hi == f64::INFINITY);
    }

    #[test]
    fn three_months_by_hand() {
        // Differences 1%, 1%, 2%: mean 4/3%, sample variance ((-1/3)^2 + (-1/3)^2 +
        // (2/3)^2) / 2 = 1/3 (%^2), sd 1/sqrt(3)%, x sqrt(12) = exactly 2%.
        // Correlation: deviations (2/3, -7/3, 5/3) and (1, -2, 1) (in %): 7 / sqrt(26/3 x 6)
        // = 7 / sqrt(52).
        let r = [
            m("1990-02-28", 0.02, 0.01),
            m("1990-03-30", -0.01, -0.02),
            m("1990-04-30", 0.03, 0.01),
        ];
        let s = summarise(&r).unwrap();
        assert_eq!(s.months, 3);
        assert!(close(s.monthly_te, 0.02), "{}", s.monthly_te);
        assert!(
            close(s.correlation, 7.0 / 52f64.sqrt()),
            "{}",
            s.correlation
        );
        assert!(close(s.mean_diff, 0.16), "{}", s.mean_diff);
        // 1.02 x 0.99 x 1.03 = 1.040094, to the power 12 / 3.
        assert!(close(s.ours.annual_return, 1.040094f64.powi(4) - 1.0));
        // Index returns 1%, -2%, 1%: mean 0, sample variance (1 + 4 + 1) / 2 = 3 (%^2),
        // annualised sqrt(3 x 12)% = 6%.
        assert!(close(s.index.volatility, 0.06), "{}", s.index.volatility);
        assert_eq!(s.ours.worst_month, -0.01);
        assert_eq!(s.index.worst_month_end.to_string(), "1990-03-30");
        // No full calendar year: no annual tracking error.
        assert_eq!(s.full_years, 0);
        assert!(s.annual_te.is_nan());
    }

    #[test]
    fn annual_returns_compound_by_year_and_the_te_uses_full_years_only() {
        let mut r = vec![m("1990-12-31", 0.5, 0.0)];
        for (y, o, i) in [(1991, 0.01, 0.0), (1992, 0.0, 0.01)] {
            for month in 1..=12 {
                let end = NaiveDate::from_ymd_opt(y, month, 28).unwrap().to_string();
                r.push(m(&end, o, i));
            }
        }
        let a = annual(&r);
        assert_eq!(a.len(), 3);
        assert_eq!((a[0].year, a[0].months), (1990, 1));
        let g = 1.01f64.powi(12) - 1.0;
        assert!(close(a[1].ours, g) && close(a[1].index, 0.0));
        assert!(close(a[2].diff(), -g));
        let s = summarise(&r).unwrap();
        // The partial year 1990 (+50 points) stays out: RMS of (g, -g) = g.
        assert_eq!(s.full_years, 2);
        assert!(close(s.annual_te, g), "{} vs {g}", s.annual_te);
    }

    #[test]
    fn differences_given_back_the_next_month_autocorrelate_negatively() {
        // Differences +1%, -1%, +1%, -1%, +1% in consecutive months: each pair (d, next d)
        // is (+1, -1) or (-1, +1), a correlation of exactly -1.
        let months = [
            "1990-01-31",
            "1990-02-28",
            "1990-03-30",
            "1990-04-30",
            "1990-05-31",
        ];
        let alternate: Vec<MonthlyReturn> = months
            .into_iter()
            .zip([0.01, -0.01, 0.01, -0.01, 0.01])
            .map(|(d, x)| m(d, x, 0.0))
            .collect();
        let s = summarise(&alternate).unwrap();
        assert!(
            close(s.diff_autocorrelation, -1.0),
            "{}",
            s.diff_autocorrelation
        );
        // Pairs (1, 2), (2, 3), (3, 4) by hand: perfectly correlated.
        let trend = [
            m("1990-01-31", 0.01, 0.0),
            m("1990-02-28", 0.02, 0.0),
            m("1990-03-30", 0.03, 0.0),
            m("1990-04-30", 0.04, 0.0),
        ];
        assert!(close(summarise(&trend).unwrap().diff_autocorrelation, 1.0));
        // A gap (March missing) leaves two pairs: too few.
        let gap = [trend[0], trend[1], trend[3], m("1990-05-31", 0.05, 0.0)];
        assert!(summarise(&gap).unwrap().diff_autocorrelation.is_nan());
    }

    #[test]
    fn worst_months_of_each_side() {
        let r = [
            m("1990-02-28", -0.05, 0.01),
            m("1990-03-30", 0.01, -0.08),
            m("1990-04-30", -0.02, -0.03),
        ];
        let w: Vec<f64> = worst(&r, 2, Side::Ours).iter().map(|x| x.ours).collect();
        assert_eq!(w, [-0.05, -0.02]);
        let w: Vec<f64> = worst(&r, 5, Side::Index).iter().map(|x| x.index).collect();
        assert_eq!(w, [-0.08, -0.03, 0.01]);
        assert!(summarise(&[]).is_none());
    }

    #[test]
    fn a_difference_linear_in_the_market_has_that_slope_and_intercept_and_no_residual() {
        let x = [0.02, -0.03, 0.01, 0.05, -0.01];
        let diffs: Vec<f64> = x.iter().map(|v| 0.001 - 0.25 * v).collect();
        let r = regress(&diffs, &x).unwrap();
        assert_eq!(r.months, 5);
        assert!((r.slope + 0.25).abs() < 1e-12, "{r:?}");
        assert!((r.intercept - 0.012).abs() < 1e-12, "{r:?}");
        assert!(r.residual_te.abs() < 1e-12, "{r:?}");
        // Hand-checked on three points: x = (0, 1, 2), d = (0, 1, 5): slope 2.5, alpha -0.5.
        let r = regress(&[0.0, 1.0, 5.0], &[0.0, 1.0, 2.0]).unwrap();
        assert!((r.slope - 2.5).abs() < 1e-12 && (r.intercept + 6.0).abs() < 1e-12);
        assert!(
            regress(&[0.1, 0.2, 0.3], &[0.01; 3]).is_none(),
            "a constant market"
        );
        assert!(regress(&[0.1, 0.2], &[0.01, 0.02]).is_none(), "two months");
    }
}
