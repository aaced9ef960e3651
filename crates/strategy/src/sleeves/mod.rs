//! The two sleeves' trading rules: the condor income engine ([`condor`]) and the adaptive
//! layered VIX hedge ([`hedge`], its units under each `hedge.sizing` in [`hedge_sizing`]) with
//! its signals ([`signals`]) and rolling budget
//! ([`budget`]). A sleeve decides what to trade and how much; it holds no cash. Both price
//! their entries at the close or at midday ([`fill`]).

pub mod budget;
pub mod condor;
pub mod fill;
pub mod hedge;
pub mod hedge_sizing;
pub mod signals;
