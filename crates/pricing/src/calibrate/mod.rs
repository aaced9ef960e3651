//! Calibration of the market model against the real data: the SPX smile on the smile file
//! ([`smile_fit`]), the VX futures curve on the real settles ([`vx_fit`]) and the bid-ask
//! half-spread on real option chains ([`spread_fit`], printed by [`spread_report`]). The
//! first two are deterministic (Nelder-Mead from fixed starts, no randomness); the third is
//! ordinary least squares. `ringfence calibrate smile|vx|spreads` prints their fit tables.

pub mod atm_by_year;
pub mod condor_check;
pub mod optimiser;
pub mod smile_cv;
pub mod smile_fit;
pub mod spot_vol;
pub mod spread_fit;
pub mod spread_report;
pub mod vix_option_fit;
pub mod vro;
pub mod vx_fit;

mod table;

/// `v` with an explicit sign to `decimals` decimals, except that a value which rounds to
/// zero prints without one (`0.00`, not `-0.00` or `+0.00`): the fit tables' signed columns.
pub(crate) fn signed(v: f64, decimals: usize) -> String {
    let s = format!("{v:+.decimals$}");
    if s[1..].bytes().all(|b| b == b'0' || b == b'.') {
        s[1..].to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn signed_values_round_to_an_unsigned_zero() {
        assert_eq!(super::signed(-0.001, 2), "0.00");
        assert_eq!(super::signed(0.004, 2), "0.00");
        assert_eq!(super::signed(-0.006, 2), "-0.01");
        assert_eq!(super::signed(1.25, 1), "+1.2");
        assert_eq!(super::signed(f64::NAN, 2), "NaN");
    }
}
