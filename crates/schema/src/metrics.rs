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

/// Where a metric is shown in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Returns and risk.
    Returns,
    /// Margin, liquidity and the layout mechanisms.
    Margin,
    /// Hedge economics and sleeve P&L.
    Hedge,
    /// A description of the run (entries, starting equity, days).
    Run,
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
    /// Where the report shows it.
    pub group: Group,
    /// One-line definition (the report's glossary and hover text).
    pub definition: &'static str,
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

const fn m(
    name: &'static str,
    label: &'static str,
    unit: Unit,
    direction: Direction,
    group: Group,
    definition: &'static str,
) -> Metric {
    Metric {
        name,
        label,
        unit,
        direction,
        group,
        definition,
    }
}

use Direction::{HigherIsBetter as Higher, LowerIsBetter as Lower, Neutral};
use Group::{Hedge, Margin, Returns, Run};
use Unit::{Count, Fraction, Ratio, Usd};

/// The metrics of one layout, in column order (the engine's `Metrics` field order).
pub const METRICS: [Metric; 36] = [
    m(
        "cagr",
        "CAGR",
        Fraction,
        Higher,
        Returns,
        "Compound annual growth rate of total equity: (final / initial)^(1/years) - 1.",
    ),
    m(
        "total_return",
        "total return",
        Fraction,
        Higher,
        Returns,
        "Final equity over initial equity, minus one.",
    ),
    m(
        "volatility",
        "volatility",
        Fraction,
        Lower,
        Returns,
        "Annualised standard deviation of daily returns.",
    ),
    m(
        "sharpe",
        "Sharpe ratio",
        Ratio,
        Higher,
        Returns,
        "Mean daily return over the T-bill rate divided by its standard deviation, annualised.",
    ),
    m(
        "sortino",
        "Sortino ratio",
        Ratio,
        Higher,
        Returns,
        "Like the Sharpe ratio with only the downside deviation below it.",
    ),
    m(
        "max_drawdown",
        "max drawdown",
        Fraction,
        Lower,
        Returns,
        "Largest fall of total equity from a previous peak, as a fraction of that peak.",
    ),
    m(
        "max_drawdown_days",
        "longest drawdown (days)",
        Count,
        Lower,
        Returns,
        "Longest run of trading days spent below a previous equity peak.",
    ),
    m(
        "calmar",
        "Calmar ratio",
        Ratio,
        Higher,
        Returns,
        "CAGR divided by the maximum drawdown.",
    ),
    m(
        "worst_day",
        "worst day",
        Fraction,
        Higher,
        Returns,
        "Lowest daily return.",
    ),
    m(
        "worst_month",
        "worst month",
        Fraction,
        Higher,
        Returns,
        "Lowest calendar-month return.",
    ),
    m(
        "cvar_5",
        "CVaR 5% (daily)",
        Fraction,
        Lower,
        Returns,
        "Mean loss of the worst 5% of days (expected shortfall).",
    ),
    m(
        "return_on_margin",
        "return on margin",
        Fraction,
        Higher,
        Margin,
        "Average annual P&L divided by the average daily margin requirement; 0 where the account never carries a requirement (only long positions paid in full, as in the Cboe index reproductions), where the ratio has no meaning.",
    ),
    m(
        "avg_margin_use",
        "average margin use",
        Fraction,
        Neutral,
        Margin,
        "Average requirement over loan value, on days with a requirement.",
    ),
    m(
        "margin_calls",
        "margin calls",
        Count,
        Lower,
        Margin,
        "Margin calls opened (negative excess at the close, or at a corner of the day under real-time margin).",
    ),
    m(
        "forced_liquidations",
        "forced liquidations",
        Count,
        Lower,
        Margin,
        "Positions closed, fully or in part, by the broker to meet a call.",
    ),
    m(
        "liquidation_cost_usd",
        "forced-liquidation cost",
        Usd,
        Lower,
        Margin,
        "Commissions and stressed slippage paid in forced liquidations.",
    ),
    m(
        "refused_entries",
        "refused entries",
        Count,
        Lower,
        Margin,
        "Condor or hedge openings refused for lack of excess.",
    ),
    m(
        "intraday_liquidations",
        "intraday liquidations",
        Count,
        Lower,
        Margin,
        "Positions closed by a real-time liquidation at a corner of the day's range.",
    ),
    m(
        "hedge_sales_for_calls",
        "hedge sales to meet calls",
        Count,
        Neutral,
        Margin,
        "Hedge positions the trader sold at the close to meet a negative excess.",
    ),
    m(
        "hedge_spend_cuts",
        "hedge spends cut",
        Count,
        Lower,
        Hedge,
        "Hedge openings cut to what their account could pay for.",
    ),
    m(
        "hedge_spend_cut_usd",
        "hedge spend cut",
        Usd,
        Lower,
        Hedge,
        "Hedge spend not made for want of cash in its account.",
    ),
    m(
        "transfers",
        "transfers",
        Count,
        Neutral,
        Margin,
        "Transfers between the ring-fenced accounts that arrived.",
    ),
    m(
        "sizing_differs",
        "entries sized off the account",
        Count,
        Neutral,
        Margin,
        "Condor entries whose size differs from what the sleeve's own equity gives (sizing on the account).",
    ),
    m(
        "stress_addon_days",
        "days with stress add-ons",
        Count,
        Neutral,
        Margin,
        "Days on which the stress add-ons raised the requirements at the close.",
    ),
    m(
        "days_above_80pct_margin",
        "days above 80% margin use",
        Count,
        Lower,
        Margin,
        "Days on which some account used more than 80% of its loan value.",
    ),
    m(
        "hedge_cost_pct_per_year",
        "hedge cost per year, % of starting capital",
        Fraction,
        Lower,
        Hedge,
        "Premium, commissions and slippage paid opening hedges, per year of the whole run (years before the hedge's instruments are in the data count too: VIX options from 2006, VX futures from 2004), as a fraction of starting capital.",
    ),
    m(
        "hedge_cost_pct_per_listed_year",
        "hedge cost per listed year, % of starting capital",
        Fraction,
        Lower,
        Hedge,
        "The same cost per year in which the hedge's instrument was listed (VIX options from 2006-02-24, VX futures from 2004-03-26, SPX puts and hedges with listed_only = false from the run's start), as a fraction of starting capital: the rate to hold against the hedge's budget_annual. 0 when the instrument was never listed in the run.",
    ),
    m(
        "hedge_net_drag_pct_per_year",
        "hedge net drag per year, % of starting capital",
        Fraction,
        Lower,
        Hedge,
        "Cost less payoff of the hedge sleeve (interest and transfers aside), per year of the whole run, as a fraction of starting capital.",
    ),
    m(
        "hedge_cost_pct_of_avg_equity",
        "hedge cost per year, % of average equity",
        Fraction,
        Lower,
        Hedge,
        "Premium, commissions and slippage paid opening hedges, per year, as a fraction of the layout's mean daily total equity: the spend's share of the capital actually held, which differs from the share of starting capital when the equity compounds far from its start.",
    ),
    m(
        "hedge_net_drag_pct_of_avg_equity",
        "hedge net drag per year, % of average equity",
        Fraction,
        Lower,
        Hedge,
        "Cost less payoff of the hedge sleeve (interest and transfers aside), per year, as a fraction of the layout's mean daily total equity.",
    ),
    m(
        "condor_pnl_usd",
        "condor P&L",
        Usd,
        Higher,
        Hedge,
        "P&L of the condor sleeve, interest on its cash included. With hedge_pnl_usd it sums to the run's P&L, less, in a commingled account, the interest saved by netting one sleeve's debit against the other's credit, which belongs to neither sleeve (the ledger's unattributed interest).",
    ),
    m(
        "hedge_pnl_usd",
        "hedge P&L",
        Usd,
        Higher,
        Hedge,
        "P&L of the hedge sleeve, interest on its cash included (in a layout without a hedge, the interest on the capital set aside for it).",
    ),
    m(
        "entries",
        "entries",
        Count,
        Neutral,
        Run,
        "Positions opened.",
    ),
    m(
        "initial_equity",
        "initial equity",
        Usd,
        Neutral,
        Run,
        "Starting equity.",
    ),
    m(
        "final_equity",
        "final equity",
        Usd,
        Higher,
        Returns,
        "Equity on the last day.",
    ),
    m(
        "days",
        "days",
        Count,
        Neutral,
        Run,
        "Trading days simulated.",
    ),
];

/// Prefix of the ledger totals (`ledger_premium`: the engine's ledger kinds).
pub const LEDGER_PREFIX: &str = "ledger_";
/// Prefix of the data-gap counters (`gaps_mark_fallbacks`).
pub const GAPS_PREFIX: &str = "gaps_";
/// Prefix of the calendar-year returns (`ret_2008`).
pub const ANNUAL_RETURN_PREFIX: &str = "ret_";

/// The column families after the metrics, in column order.
///
/// Ledger totals read as USD, gap counters as counts, calendar-year returns as percents.
pub const FAMILIES: [Family; 3] = [
    Family {
        prefix: LEDGER_PREFIX,
        meaning: "total cash of one ledger kind over the scenario, USD",
        unit: Unit::Usd,
        direction: Neutral,
    },
    Family {
        prefix: GAPS_PREFIX,
        meaning: "data-gap counter (fallbacks and skips caused by missing data)",
        unit: Unit::Count,
        direction: Neutral,
    },
    Family {
        prefix: ANNUAL_RETURN_PREFIX,
        meaning: "total return of one calendar year (`ret_2008`), fraction",
        unit: Unit::Fraction,
        direction: Neutral,
    },
];

/// What each data-gap counter counts (`gaps_` and a field of the engine's data gaps), for
/// the report's hover text: a zero there must not read as "nothing was estimated".
pub const GAPS: [(&str, &str); 8] = [
    (
        "gaps_signals_missing_term_structure",
        "Days without a VIX3M close: the term-structure signal counted as neutral.",
    ),
    (
        "gaps_signals_warmup",
        "Days in the warm-up of the VIX percentile, RSI or MACD: those signals counted as neutral.",
    ),
    (
        "gaps_mark_fallbacks",
        "Leg marks kept from the previous day because the model could not price them.",
    ),
    (
        "gaps_settlement_fallbacks",
        "Settlements at the first close after expiry because the expiry day had no price in the history. Settlements at an estimate (the SPX Open, the expected opening level from both closes, the VIX Open) are not counted here: each settlement event says which price it used.",
    ),
    (
        "gaps_skipped_entries",
        "Entry attempts skipped because no plan could be built (no expiry, no quote, or the hedge instrument not listed yet), per layer and day.",
    ),
    (
        "gaps_hedge_below_one_unit",
        "Hedge openings skipped because the spend bought less than one unit.",
    ),
    (
        "gaps_condor_below_one_unit",
        "Condor entries skipped because the sizing rule gave less than one contract.",
    ),
    (
        "gaps_intraday_fallbacks",
        "Days a real-time margin check valued the corners at the close because the day's SPX or VIX bar had no range.",
    ),
];

/// What the data-gap counter `column` counts ([`GAPS`]).
pub fn gap_definition(column: &str) -> Option<&'static str> {
    GAPS.iter().find(|(c, _)| *c == column).map(|(_, d)| *d)
}

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
