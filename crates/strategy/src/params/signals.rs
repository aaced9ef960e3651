//! `[signals]`: the signals scaling the hedge spend.

use super::Bound::{Excl, Incl};
use super::Range;

/// Accepted signal weights.
const WEIGHT: Range = Range::new("a weight", Incl(-10.0), Incl(10.0));

crate::param_table! {
    /// Signals scaling the hedge spend: `scale = clamp(base + sum(weight_i x s_i), 0,
    /// hedge.max_scale)`, each `s_i` in [-1, 1] (see [`crate::sleeves::signals`]).
    #[derive(Debug, Clone, PartialEq)]
    #[rules(super::validate::signals)]
    pub struct SignalParams {
        /// Scale when every signal is neutral.
        pub base: f64 = 1.0,
            range: Range::new("a scale", Incl(0.0), Incl(10.0));
        /// VIX percentile look-back, trading days.
        pub vix_percentile_lookback: u32 = 252,
            range: Range::new("trading days", Incl(1.0), Incl(5000.0));
        /// Weight of `1 - 2 p` (p = percentile of today's VIX close among the look-back):
        /// cheap vol buys more.
        pub vix_percentile_weight: f64 = 0.5,
            range: WEIGHT;
        /// Weight of the term-structure signal `clamp((pivot - VIX/VIX3M) / width, -1, 1)`:
        /// contango buys more, backwardation less.
        pub term_structure_weight: f64 = 0.25,
            range: WEIGHT;
        /// VIX/VIX3M ratio where the term-structure signal is neutral.
        pub term_structure_pivot: f64 = 0.9,
            range: Range::new("a VIX/VIX3M ratio", Excl(0.0), Incl(5.0));
        /// Ratio distance from the pivot giving a full signal.
        pub term_structure_width: f64 = 0.1,
            range: Range::new("a ratio distance", Excl(0.0), Incl(5.0));
        /// RSI period (Wilder), trading days.
        pub rsi_period: u32 = 14,
            range: Range::new("trading days", Incl(1.0), Incl(500.0));
        /// Weight of `(RSI - 50) / 50`: an overbought market buys more.
        pub rsi_weight: f64 = 0.25,
            range: WEIGHT;
        /// MACD fast EMA period, trading days.
        pub macd_fast: u32 = 12,
            range: Range::at_least("trading days", 1.0),
            rule: "below macd_slow";
        /// MACD slow EMA period, trading days.
        pub macd_slow: u32 = 26,
            range: Range::new("trading days", Incl(2.0), Incl(500.0));
        /// MACD signal EMA period, trading days.
        pub macd_signal: u32 = 9,
            range: Range::new("trading days", Incl(1.0), Incl(500.0));
        /// Weight of the MACD signal: +1 while MACD is below its signal line (after a
        /// bearish crossing), -1 while above.
        pub macd_weight: f64 = 0.25,
            range: WEIGHT;
    }
}
