//! How the VIX moves with SPX within a day: the slope that carries the model's close state to
//! an SPX level observed earlier in the day, such as the underlying a vendor's chain was
//! quoted against ([`super::condor_check`]).
//!
//! The daily files hold one intraday moment where SPX and the VIX are printed together: the
//! open. Over the days with a real SPX opening print (not a copy of the previous close) and a
//! VIX open that is not a copy of its close, the least-squares slope of
//! `ln(VIX open / VIX close)` on `ln(SPX open / SPX close)` is the elasticity of the VIX to
//! SPX between a moment of the session and the close. The VIX's opening print is noisy (its
//! first value is computed on wide opening quotes), which the intercept absorbs and the slope
//! only dilutes.

use ringfence_data::MarketHistory;

/// The intraday elasticity of the VIX to SPX, measured on the history's opens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpotVolBeta {
    /// `d ln VIX / d ln SPX` (negative: the VIX rises as SPX falls).
    pub beta: f64,
    /// Days the slope was fitted on.
    pub days: usize,
}

impl SpotVolBeta {
    /// The factor on every VIX-family level when SPX is at `spot` rather than at `close`.
    pub fn vol_scale(&self, spot: f64, close: f64) -> f64 {
        (spot / close).powf(self.beta)
    }
}

/// Fewest usable days for a slope: below it [`spot_vol_beta`] gives `None`.
pub const MIN_DAYS: usize = 250;

/// The slope of [`SpotVolBeta`] on `h`'s opens; `None` when fewer than [`MIN_DAYS`] days have
/// a real SPX open, a VIX open distinct from its close and an SPX open distinct from its
/// close.
pub fn spot_vol_beta(h: &MarketHistory) -> Option<SpotVolBeta> {
    let points = (0..h.len()).filter_map(|d| {
        let (so, sc) = (h.spx.open[d], h.spx.close[d]);
        let (vo, vc) = (h.vix.open[d], h.vix.close[d]);
        let usable = h.spx_open_is_real[d]
            && so > 0.0
            && vo > 0.0
            && so.is_finite()
            && vo.is_finite()
            && so != sc
            && vo != vc;
        usable.then(|| ((so / sc).ln(), (vo / vc).ln()))
    });
    let (beta, days) = slope(points)?;
    (days >= MIN_DAYS).then_some(SpotVolBeta { beta, days })
}

/// Least-squares slope of `y` on `x` (with an intercept) and the number of points; `None`
/// without two distinct `x`.
fn slope(points: impl Iterator<Item = (f64, f64)>) -> Option<(f64, usize)> {
    let (mut n, mut sx, mut sy, mut sxx, mut sxy) = (0usize, 0.0, 0.0, 0.0, 0.0);
    for (x, y) in points {
        n += 1;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    let m = n as f64;
    let var = sxx - sx * sx / m;
    (n >= 2 && var > 0.0).then(|| ((sxy - sx * sy / m) / var, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slope_of_an_exact_line_is_its_slope_whatever_the_intercept() {
        let pts = [(-0.01, 0.05), (0.0, 0.01), (0.02, -0.07), (0.005, -0.01)];
        let (b, n) = slope(pts.into_iter()).unwrap();
        assert_eq!(n, 4);
        assert!((b - -4.0).abs() < 1e-12, "{b}");
        // A flat line has slope 0; points at one x have none.
        let (b, _) = slope([(0.0, 0.0), (0.01, 0.0), (0.02, 0.0)].into_iter()).unwrap();
        assert_eq!(b, 0.0);
        assert!(slope([(0.01, 0.2), (0.01, 0.3)].into_iter()).is_none());
        assert!(slope(std::iter::empty()).is_none());
    }

    #[test]
    fn the_vol_scale_is_one_at_the_close_and_above_one_below_it() {
        let b = SpotVolBeta {
            beta: -4.0,
            days: MIN_DAYS,
        };
        assert_eq!(b.vol_scale(2923.73, 2923.73), 1.0);
        // 2019-05-01: the chain's underlying 2946.73 against the close 2923.73.
        let s = b.vol_scale(2946.73, 2923.73);
        assert!((s - (2946.73f64 / 2923.73).powf(-4.0)).abs() < 1e-15);
        assert!(s < 0.97 && s > 0.968, "{s}");
        assert!(b.vol_scale(2900.0, 2923.73) > 1.0);
    }
}
