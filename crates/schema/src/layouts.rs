//! Account layouts as written in the `layout` column and in row keys.

/// Two accounts (condor `core`, `hedge`) with optional transfers.
pub const RING_FENCED: &str = "ring_fenced";
/// One account holding both sleeves.
pub const COMMINGLED: &str = "commingled";
/// The condor sleeve alone (the hedge's capital in cash).
pub const UNHEDGED: &str = "unhedged";
/// The hedge sleeve alone (the condor's capital in cash).
pub const HEDGE_ONLY: &str = "hedge_only";

/// Every layout, in display order.
pub const ALL: [&str; 4] = [RING_FENCED, COMMINGLED, UNHEDGED, HEDGE_ONLY];

/// The two layouts of the headline comparison, as `PAIR[0] - PAIR[1]`.
pub const PAIR: [&str; 2] = [RING_FENCED, COMMINGLED];
