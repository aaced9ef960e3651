//! How metric values read in the report: fractions as percent, USD with separators, counts
//! as integers, differences with a sign and their unit (percentage points for fractions).
//!
//! Each metric's unit, direction and label come from the schema
//! ([`ringfence_schema::metrics::METRICS`]), never from its name.

pub use ringfence_schema::Unit;
use ringfence_schema::metrics;

/// Unit of a metric or column from the schema ([`ringfence_schema::metrics`]); a column the
/// schema does not describe reads as a plain number.
pub fn unit(metric: &str) -> Unit {
    metrics::unit(metric).unwrap_or(Unit::Number)
}

/// Label of a metric from the schema (`cagr` -> `CAGR`); other columns by their name with
/// spaces for underscores (`ledger_premium` -> `ledger premium`).
pub fn metric_label(metric: &str) -> String {
    match metrics::metric(metric) {
        Some(m) => m.label.to_string(),
        None => metric.replace('_', " "),
    }
}

/// True when a larger value of the metric is better for the investor (`cagr`, `sharpe`), false
/// for risk and cost metrics (`max_drawdown`, `margin_calls`), None when it has no direction
/// or the schema does not describe it.
pub fn higher_is_better(metric: &str) -> Option<bool> {
    metrics::direction(metric).and_then(|d| d.higher_is_better())
}

/// A value in its unit; `—` for NaN.
pub fn value(metric: &str, v: f64) -> String {
    in_unit(unit(metric), v)
}

/// A value in `unit`; `—` for NaN.
pub fn in_unit(unit: Unit, v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    match unit {
        Unit::Fraction => format!("{}%", fixed(v * 100.0, 2, false)),
        Unit::Usd => usd(v),
        Unit::Count => count(v),
        Unit::Ratio => fixed(v, 2, false),
        Unit::Number => plain(v, false),
    }
}

/// A difference in its unit with an explicit sign; `—` for NaN.
pub fn diff(metric: &str, v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    // `+` before a positive amount that does not round to $0 or 0 (as `fixed` does).
    let sign = if v > 0.0 && grouped(v).1 != "0" {
        "+"
    } else {
        ""
    };
    match unit(metric) {
        Unit::Fraction => format!("{} pp", fixed(v * 100.0, 2, true)),
        Unit::Usd => format!("{sign}{}", usd(v)),
        Unit::Count => format!("{sign}{}", count(v.abs())),
        Unit::Ratio => fixed(v, 2, true),
        Unit::Number => plain(v, true),
    }
}

/// Unit name of differences of a metric, for axis labels.
pub fn diff_unit(metric: &str) -> &'static str {
    match unit(metric) {
        Unit::Fraction => "percentage points",
        Unit::Usd => "USD",
        Unit::Count => "count",
        Unit::Ratio | Unit::Number => "units of the metric",
    }
}

/// Short axis label of a difference (`+0.4pp`).
pub fn diff_axis(metric: &str, v: f64) -> String {
    match unit(metric) {
        Unit::Fraction => format!("{}pp", fixed(v * 100.0, 2, true)),
        Unit::Usd => crate::chart::usd_label(&v),
        _ => fixed(v, 3, true),
    }
}

/// USD with thousands separators, no cents (`-$1,234,567`).
pub fn usd(v: f64) -> String {
    let (sign, digits) = grouped(v);
    format!("{sign}${digits}")
}

/// A count with thousands separators (`12,345`).
pub fn count(v: f64) -> String {
    let (sign, digits) = grouped(v);
    format!("{sign}{digits}")
}

/// The sign (`-` or nothing) and the rounded absolute value of `v` with thousands separators.
fn grouped(v: f64) -> (&'static str, String) {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::with_capacity(digits.len() + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if v < 0.0 && digits != "0" { "-" } else { "" };
    (sign, out)
}

/// `text` (an event's detail written by the engine) with every number of more than four
/// significant digits shortened for reading: 1,000 and above to an integer with thousands
/// separators, smaller ones to four significant digits. Dates, ids and numbers touching a
/// letter are left alone; the CSV keeps the exact values.
pub fn tidy_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts = c.is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '.'));
        if !starts {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
            i += 1;
        }
        let mut token: String = chars[start..i].iter().collect();
        if token.ends_with('.') {
            token.pop();
            i -= 1;
        }
        let date_like = chars.get(i) == Some(&'-')
            || (start > 0
                && chars[start - 1] == '-'
                && start > 1
                && chars[start - 2].is_ascii_digit());
        let touches = chars.get(i).is_some_and(|c| c.is_alphabetic());
        let digits = token.chars().filter(char::is_ascii_digit).count();
        let significant = token
            .chars()
            .filter(char::is_ascii_digit)
            .skip_while(|c| *c == '0')
            .count();
        let long = if token.contains('.') {
            significant > 4
        } else {
            digits >= 5
        };
        match token.parse::<f64>() {
            Ok(v) if long && !date_like && !touches => {
                if v >= 1000.0 {
                    out.push_str(&count(v));
                } else {
                    let decimals = (3 - v.log10().floor() as i32).clamp(0, 8) as usize;
                    out.push_str(&format!("{v:.decimals$}"));
                }
            }
            _ => out.push_str(&token),
        }
    }
    out
}

/// Four significant digits (at most six decimals); `plus` signs a positive value.
fn plain(v: f64, plus: bool) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let mag = v.abs().log10().floor() as i32;
    let decimals = (3 - mag).clamp(0, 6) as usize;
    fixed(v, decimals, plus)
}

/// `v` to `decimals` decimals; `plus` puts `+` before a positive value. A value that rounds
/// to zero reads without a sign (`0.00`): `-0.00` would read as a loss, `+0.00` as a gain.
pub(crate) fn fixed(v: f64, decimals: usize, plus: bool) -> String {
    let digits = format!("{:.decimals$}", v.abs());
    let sign = if digits.bytes().all(|b| b == b'0' || b == b'.') {
        ""
    } else if v < 0.0 {
        "-"
    } else if plus {
        "+"
    } else {
        ""
    };
    format!("{sign}{digits}")
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
        assert_eq!(value("ledger_premium", -1234.25), "-$1,234");
        // Rounded to zero: no sign either way.
        assert_eq!(value("cagr", -0.000_01), "0.00%");
        assert_eq!(value("sharpe", -0.001), "0.00");
        assert_eq!(diff("cagr", -0.000_01), "0.00 pp");
        assert_eq!(diff("cagr", 0.000_01), "0.00 pp");
        assert_eq!(diff("sharpe", 0.004), "0.00");
        assert_eq!(diff("sharpe", 0.3), "+0.30");
        assert_eq!(diff("liquidation_cost_usd", 0.4), "$0");
        assert_eq!(diff("liquidation_cost_usd", -0.4), "$0");
        assert_eq!(diff_axis("cagr", -0.000_01), "0.00pp");
        assert_eq!(diff_axis("cagr", 0.004), "+0.40pp");
    }

    #[test]
    fn event_details_lose_their_long_numbers_but_not_dates_or_ids() {
        assert_eq!(
            tidy_numbers("excess -45231.17 below zero (requirement 123456.78) at SPX 2380.94"),
            "excess -45,231 below zero (requirement 123,457) at SPX 2,381"
        );
        assert_eq!(
            tidy_numbers("VIX x1.23456 on 2020-03-16, call of 2020-03-12 met; s001944 0.5 312.68."),
            "VIX x1.23456 on 2020-03-16, call of 2020-03-12 met; s001944 0.5 312.7."
        );
    }

    /// Every metric of the schema renders as its unit says: a percent sign for fractions, a
    /// dollar sign and separators for USD, an integer for counts. A metric added to the
    /// schema is checked here without a new line.
    #[test]
    fn every_schema_metric_renders_in_its_schema_unit() {
        for m in ringfence_schema::metrics::METRICS {
            let v = value(m.name, 1234567.25);
            let d = diff(m.name, 1234567.25);
            match m.unit {
                Unit::Fraction => {
                    assert_eq!(v, "123456725.00%", "{}", m.name);
                    assert_eq!(d, "+123456725.00 pp", "{}", m.name);
                }
                Unit::Usd => {
                    assert_eq!(v, "$1,234,567", "{}", m.name);
                    assert_eq!(d, "+$1,234,567", "{}", m.name);
                }
                Unit::Count => {
                    assert_eq!(v, "1,234,567", "{}", m.name);
                    assert_eq!(d, "+1,234,567", "{}", m.name);
                }
                Unit::Ratio => assert_eq!(v, "1234567.25", "{}", m.name),
                Unit::Number => assert_eq!(v, "1234567", "{}", m.name),
            }
            assert_eq!(metric_label(m.name), m.label);
            assert_eq!(higher_is_better(m.name), m.direction.higher_is_better());
        }
    }

    #[test]
    fn columns_outside_the_schema_read_as_plain_numbers_without_direction() {
        assert_eq!(value("made_up_usd", 1234.25), "1234");
        assert_eq!(higher_is_better("made_up_return"), None);
        assert_eq!(metric_label("made_up_count"), "made up count");
    }
}
