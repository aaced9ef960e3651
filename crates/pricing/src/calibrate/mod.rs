//! Calibration of the market model against the real data: the SPX smile on the smile file
//! ([`smile_fit`]) and the VX futures curve on the real settles ([`vx_fit`]). Both are
//! deterministic (Nelder-Mead from fixed starts, no randomness) and print their fit tables
//! through `ringfence calibrate smile|vx`.

pub mod optimiser;
pub mod smile_fit;
pub mod vx_fit;
