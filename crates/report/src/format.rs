//! How metric values read in the report: fractions as percent, USD with separators, counts
//! as integers, differences with a sign and their unit (percentage points for fractions).

/// The unit family of a metric, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A fraction shown in percent (0.052 -> 5.20%); differences in percentage points.
    Fraction,
    /// US dollars.
    Usd,
    /// A count of events or days.
    Count,
    /// A dimensionless ratio (Sharpe, Sortino, Calmar).
    Ratio,
    /// Anything else: 4 significant digits.
    Plain,
}

/// Fraction metrics of the engine's `Metrics` (plus `total_return`).
const FRACTIONS: [&str; 9] = [
    "avg_margin_use",
    "cagr",
    "volatility",
    "max_drawdown",
    "worst_day",
    "worst_month",
    "cvar_5",
    "return_on_margin",
    "total_return",
];

/// Unit family of a metric name.
pub fn unit(metric: &str) -> Unit {
    if FRACTIONS.contains(&metric)
        || metric.ends_with("_return")
        || metric.ends_with("_fraction")
        || metric.ends_with("_pct_per_year")
    {
        Unit::Fraction
    } else if metric.ends_with("_usd") || metric.ends_with("_equity") {
        Unit::Usd
    } else if metric.ends_with("_days")
        || metric.starts_with("days_")
        || metric.ends_with("_count")
        || metric.ends_with("_calls")
        || metric.ends_with("_liquidations")
        || ["trades", "entries", "refused_entries", "days"].contains(&metric)
    {
        Unit::Count
    } else if ["sharpe", "sortino", "calmar"].contains(&metric) {
        Unit::Ratio
    } else {
        Unit::Plain
    }
}

/// Human label of a metric (`max_drawdown` -> `max drawdown`, `cagr` -> `CAGR`).
pub fn metric_label(metric: &str) -> String {
    match metric {
        "cagr" => "CAGR".into(),
        "cvar_5" => "CVaR 5%".into(),
        m => m.replace('_', " "),
    }
}

/// True when a larger value of the metric is better for the investor (`cagr`, `sharpe`), false
/// for risk and cost metrics (`max_drawdown`, `margin_calls`), None when it has no direction.
pub fn higher_is_better(metric: &str) -> Option<bool> {
    const HIGHER: [&str; 11] = [
        "cagr",
        "total_return",
        "sharpe",
        "sortino",
        "calmar",
        "worst_day",
        "worst_month",
        "return_on_margin",
        "final_equity",
        "condor_pnl_usd",
        "hedge_pnl_usd",
    ];
    const LOWER: [&str; 11] = [
        "volatility",
        "max_drawdown",
        "max_drawdown_days",
        "cvar_5",
        "margin_calls",
        "forced_liquidations",
        "liquidation_cost_usd",
        "refused_entries",
        "days_above_80pct_margin",
        "hedge_cost_pct_per_year",
        "hedge_net_drag_pct_per_year",
    ];
    if HIGHER.contains(&metric) {
        Some(true)
    } else if LOWER.contains(&metric) {
        Some(false)
    } else {
        None
    }
}

/// A value in its unit; `—` for NaN.
pub fn value(metric: &str, v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    match unit(metric) {
        Unit::Fraction => format!("{:.2}%", v * 100.0),
        Unit::Usd => usd(v),
        Unit::Count => format!("{v:.0}"),
        Unit::Ratio => format!("{v:.2}"),
        Unit::Plain => plain(v),
    }
}

/// A difference in its unit with an explicit sign; `—` for NaN.
pub fn diff(metric: &str, v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let sign = if v > 0.0 { "+" } else { "" };
    match unit(metric) {
        Unit::Fraction => format!("{sign}{:.2} pp", v * 100.0),
        Unit::Usd => format!("{sign}{}", usd(v)),
        Unit::Count => format!("{sign}{v:.0}"),
        Unit::Ratio => format!("{sign}{v:.2}"),
        Unit::Plain => format!("{sign}{}", plain(v)),
    }
}

/// Unit name of differences of a metric, for axis labels.
pub fn diff_unit(metric: &str) -> &'static str {
    match unit(metric) {
        Unit::Fraction => "percentage points",
        Unit::Usd => "USD",
        Unit::Count => "count",
        Unit::Ratio | Unit::Plain => "units of the metric",
    }
}

/// Short axis label of a difference (`+0.4pp`).
pub fn diff_axis(metric: &str, v: f64) -> String {
    match unit(metric) {
        Unit::Fraction => format!("{:+.2}pp", v * 100.0),
        Unit::Usd => crate::chart::usd_label(&v),
        _ => format!("{v:+.3}"),
    }
}

/// USD with thousands separators, no cents (`-$1,234,567`).
pub fn usd(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::with_capacity(digits.len() + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if v < 0.0 && digits != "0" { "-" } else { "" };
    format!("{sign}${out}")
}

fn plain(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let mag = v.abs().log10().floor() as i32;
    let decimals = (3 - mag).clamp(0, 6) as usize;
    format!("{v:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_read_in_their_units() {
        assert_eq!(value("cagr", 0.0523), "5.23%");
        assert_eq!(value("final_equity", 1_234_567.4), "$1,234,567");
        assert_eq!(value("margin_calls", 3.0), "3");
        assert_eq!(value("sharpe", 0.456), "0.46");
        assert_eq!(diff("max_drawdown", -0.031), "-3.10 pp");
        assert_eq!(diff("liquidation_cost_usd", 2500.0), "+$2,500");
        assert_eq!(usd(-999.6), "-$1,000");
        assert_eq!(value("cagr", f64::NAN), "—");
        assert_eq!(value("hedge_cost_pct_per_year", 0.015), "1.50%");
        assert_eq!(value("refused_entries", 7.0), "7");
    }
}
