//! Every metric column of `summary.csv` (and metric of `paired.csv`) with its unit, its
//! direction and its label.
//!
//! **To add a metric**: add the field to the engine's `Metrics` struct (its name is the
//! column name) and one [`Metric`] entry to [`METRICS`], in the same position. The runner's
//! tests fail until both agree; the report formats, labels and colours the new column from
//! its entry.

/// How a metric's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A fraction shown in percent (0.052 reads 5.20%); differences in percentage points.
    Fraction,
    /// US dollars, with thousands separators.
    Usd,
    /// A count of events or days, shown as an integer.
    Count,
    /// A dimensionless ratio (Sharpe, Sortino, Calmar), two decimals.
    Ratio,
    /// A plain number, four significant digits.
    Number,
}

/// Which way a metric is better for the investor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A larger value is better (CAGR, Sharpe).
    HigherIsBetter,
    /// A smaller value is better (drawdown, margin calls, costs).
    LowerIsBetter,
    /// Neither: a description of the run (days, entries, starting equity).
    Neutral,
}

impl Direction {
    /// `Some(true)` when higher is better, `Some(false)` when lower is, `None` when neutral.
    pub fn higher_is_better(self) -> Option<bool> {
        match self {
            Direction::HigherIsBetter => Some(true),
            Direction::LowerIsBetter => Some(false),
            Direction::Neutral => None,
        }
    }
}

/// One metric column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metric {
    /// Column name (the engine's field name).
    pub name: &'static str,
    /// Label shown in the report.
    pub label: &'static str,
    /// How its value reads.
    pub unit: Unit,
    /// Which way is better.
    pub direction: Direction,
}

/// A family of columns sharing a prefix (`ledger_premium`, `gaps_mark_fallbacks`,
/// `ret_2008`), described once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    /// Column-name prefix.
    pub prefix: &'static str,
    /// What the columns hold.
    pub meaning: &'static str,
    /// How their values read.
    pub unit: Unit,
    /// Which way is better.
    pub direction: Direction,
}

const fn m(name: &'static str, label: &'static str, unit: Unit, direction: Direction) -> Metric {
    Metric {
        name,
        label,
        unit,
        direction,
    }
}

use Direction::{HigherIsBetter as Higher, LowerIsBetter as Lower, Neutral};
use Unit::{Count, Fraction, Ratio, Usd};

/// The metrics of one layout, in column order (the engine's `Metrics` field order).
pub const METRICS: [Metric; 33] = [
    m("cagr", "CAGR", Fraction, Higher),
    m("total_return", "total return", Fraction, Higher),
    m("volatility", "volatility", Fraction, Lower),
    m("sharpe", "sharpe", Ratio, Higher),
    m("sortino", "sortino", Ratio, Higher),
    m("max_drawdown", "max drawdown", Fraction, Lower),
    m("max_drawdown_days", "max drawdown days", Count, Lower),
    m("calmar", "calmar", Ratio, Higher),
    m("worst_day", "worst day", Fraction, Higher),
    m("worst_month", "worst month", Fraction, Higher),
    m("cvar_5", "CVaR 5%", Fraction, Lower),
    m("return_on_margin", "return on margin", Fraction, Higher),
    m("avg_margin_use", "avg margin use", Fraction, Neutral),
    m("margin_calls", "margin calls", Count, Lower),
    m("forced_liquidations", "forced liquidations", Count, Lower),
    m("liquidation_cost_usd", "liquidation cost usd", Usd, Lower),
    m("refused_entries", "refused entries", Count, Lower),
    m(
        "intraday_liquidations",
        "intraday liquidations",
        Count,
        Lower,
    ),
    m(
        "hedge_sales_for_calls",
        "hedge sales for calls",
        Count,
        Neutral,
    ),
    m("hedge_spend_cuts", "hedge spend cuts", Count, Lower),
    m("hedge_spend_cut_usd", "hedge spend cut usd", Usd, Lower),
    m("transfers", "transfers", Count, Neutral),
    m(
        "sizing_differs",
        "entries sized off attributed equity",
        Count,
        Neutral,
    ),
    m(
        "stress_addon_days",
        "days with stress add-ons",
        Count,
        Neutral,
    ),
    m(
        "days_above_80pct_margin",
        "days above 80pct margin",
        Count,
        Lower,
    ),
    m(
        "hedge_cost_pct_per_year",
        "hedge cost pct per year",
        Fraction,
        Lower,
    ),
    m(
        "hedge_net_drag_pct_per_year",
        "hedge net drag pct per year",
        Fraction,
        Lower,
    ),
    m("condor_pnl_usd", "condor pnl usd", Usd, Higher),
    m("hedge_pnl_usd", "hedge pnl usd", Usd, Higher),
    m("entries", "entries", Count, Neutral),
    m("initial_equity", "initial equity", Usd, Neutral),
    m("final_equity", "final equity", Usd, Higher),
    m("days", "days", Count, Neutral),
];

/// Prefix of the ledger totals (`ledger_premium`: the engine's ledger kinds).
pub const LEDGER_PREFIX: &str = "ledger_";
/// Prefix of the data-gap counters (`gaps_mark_fallbacks`).
pub const GAPS_PREFIX: &str = "gaps_";
/// Prefix of the calendar-year returns (`ret_2008`).
pub const ANNUAL_RETURN_PREFIX: &str = "ret_";

/// The column families after the metrics, in column order.
///
/// They read as plain numbers, as the report has always shown them; the ledger totals are
/// USD and the gap counters counts, so giving them [`Unit::Usd`] / [`Unit::Count`] is a
/// one-word change here (it changes the report's bytes).
pub const FAMILIES: [Family; 3] = [
    Family {
        prefix: LEDGER_PREFIX,
        meaning: "total cash of one ledger kind over the scenario, USD",
        unit: Unit::Number,
        direction: Neutral,
    },
    Family {
        prefix: GAPS_PREFIX,
        meaning: "data-gap counter (fallbacks and skips caused by missing data)",
        unit: Unit::Number,
        direction: Neutral,
    },
    Family {
        prefix: ANNUAL_RETURN_PREFIX,
        meaning: "total return of one calendar year (`ret_2008`), fraction",
        unit: Unit::Number,
        direction: Neutral,
    },
];

/// The metric named `name`.
pub fn metric(name: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.name == name)
}

/// The family a column belongs to (by prefix).
pub fn family(column: &str) -> Option<&'static Family> {
    FAMILIES
        .iter()
        .find(|f| column.len() > f.prefix.len() && column.starts_with(f.prefix))
}

/// Unit of a metric or family column; `None` for a column the schema does not describe.
pub fn unit(column: &str) -> Option<Unit> {
    match metric(column) {
        Some(m) => Some(m.unit),
        None => family(column).map(|f| f.unit),
    }
}

/// Direction of a metric or family column; `None` for a column the schema does not
/// describe.
pub fn direction(column: &str) -> Option<Direction> {
    match metric(column) {
        Some(m) => Some(m.direction),
        None => family(column).map(|f| f.direction),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_names_are_unique_and_outside_every_family() {
        for (i, a) in METRICS.iter().enumerate() {
            assert!(
                METRICS[i + 1..].iter().all(|b| b.name != a.name),
                "{} is listed twice",
                a.name
            );
            assert!(
                family(a.name).is_none(),
                "{} looks like a family column",
                a.name
            );
            assert!(!a.label.is_empty(), "{} has no label", a.name);
        }
    }

    #[test]
    fn columns_resolve_to_their_entry_or_family() {
        assert_eq!(unit("cagr"), Some(Unit::Fraction));
        assert_eq!(direction("max_drawdown"), Some(Direction::LowerIsBetter));
        assert_eq!(unit("final_equity"), Some(Unit::Usd));
        assert_eq!(unit("margin_calls"), Some(Unit::Count));
        assert_eq!(family("ledger_premium").map(|f| f.prefix), Some("ledger_"));
        assert_eq!(family("ret_2008").map(|f| f.prefix), Some("ret_"));
        assert_eq!(direction("gaps_mark_fallbacks"), Some(Direction::Neutral));
        // A bare prefix is no column of its family; an unknown name resolves to nothing.
        assert_eq!(family("ret_"), None);
        assert_eq!(unit("not_a_metric"), None);
    }

    #[test]
    fn direction_says_which_way_is_better() {
        assert_eq!(Direction::HigherIsBetter.higher_is_better(), Some(true));
        assert_eq!(Direction::LowerIsBetter.higher_is_better(), Some(false));
        assert_eq!(Direction::Neutral.higher_is_better(), None);
    }
}
