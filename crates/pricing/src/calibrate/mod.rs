//! Calibration of the market model against the real data: the SPX smile on the smile file
//! ([`smile_fit`]), the VX futures curve on the real settles ([`vx_fit`]) and the bid-ask
//! half-spread on real option chains ([`spread_fit`], printed by [`spread_report`]). The
//! first two are deterministic (Nelder-Mead from fixed starts, no randomness); the third is
//! ordinary least squares. `ringfence calibrate smile|vx|spreads` prints their fit tables.

pub mod atm_by_year;
pub mod condor_check;
pub mod optimiser;
pub mod smile_fit;
pub mod spot_vol;
pub mod spread_fit;
pub mod spread_report;
pub mod vix_option_fit;
pub mod vro;
pub mod vx_fit;

mod table;
