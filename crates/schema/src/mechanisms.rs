//! The layout mechanisms in ladder order: what separates a ring-fenced hedge from a
//! commingled one, each a config switch whose baseline reproduces the engine before the
//! mechanisms existed.
//!
//! The swept key [`LADDER_KEY`] switches on the first `k` mechanisms (the rest at their
//! baseline): a sweep of it over `0..=LADDER.len()` is a mechanism ladder, and the report
//! draws it as a waterfall of the ring_fenced - commingled difference.

/// The config key that switches on the first `k` mechanisms of [`LADDER`].
pub const LADDER_KEY: &str = "mechanisms.through";

/// One layout mechanism: the config key that switches it and a label for tables and charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mechanism {
    /// The config key (dotted path).
    pub key: &'static str,
    /// Its value with the mechanism off (the baseline).
    pub baseline: &'static str,
    /// Short label.
    pub label: &'static str,
}

const fn m(key: &'static str, baseline: &'static str, label: &'static str) -> Mechanism {
    Mechanism {
        key,
        baseline,
        label,
    }
}

/// The mechanisms in the order the ladder adds them.
pub const LADDER: [Mechanism; 9] = [
    m("capital.sizing_basis", "sleeve", "sizing on the account"),
    m(
        "hedge.shortfall",
        "refuse",
        "hedge spend shrinks to the cash",
    ),
    m("transfers.policy", "none", "rebalancing transfers"),
    m("margin.enforcement", "end_of_day", "real-time margin"),
    m(
        "margin.trader_first",
        "false",
        "trader acts before the broker",
    ),
    m(
        "margin.meet_calls_with_hedge",
        "false",
        "hedge sold to meet calls",
    ),
    m(
        "margin.pair_across_positions",
        "false",
        "pairing across positions",
    ),
    m("margin.stress", "off", "stress add-ons"),
    m("costs.spread", "flat", "spreads widen with volatility"),
];
