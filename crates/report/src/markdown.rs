//! `report.md`: the answer and the key evidence as Markdown, for pasting into a review (the
//! HTML page holds the charts and every table).

use std::fmt::Write as _;

use crate::answer::{ANSWER_METRICS, Diff, VariantAnswer};
use crate::format;
use crate::run::Run;

/// Metrics of the evidence table, per layout.
const EVIDENCE: [&str; 13] = [
    "cagr",
    "max_drawdown",
    "sharpe",
    "worst_month",
    "margin_calls",
    "forced_liquidations",
    "liquidation_cost_usd",
    "hedge_cost_pct_per_year",
    "hedge_cost_pct_per_listed_year",
    "hedge_net_drag_pct_per_year",
    "hedge_cost_pct_of_avg_equity",
    "hedge_net_drag_pct_of_avg_equity",
    "final_equity",
];

/// Markdown cells may not hold a bare `|`.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn diff_text(metric: &str, d: &Diff) -> String {
    let v = format::diff(metric, d.value);
    match d.excludes_zero() {
        Some(excl) => format!(
            "{v} [{}, {}]{}",
            format::diff(metric, d.low),
            format::diff(metric, d.high),
            match (excl, d.opposes_value()) {
                (true, true) => " * !",
                (true, false) => " *",
                (false, _) => "",
            }
        ),
        None => v,
    }
}

fn answer_line(md: &mut String, first: &str, v: &VariantAnswer) {
    let worst = v
        .worst_stress
        .as_ref()
        .map_or("—".to_string(), |w| format::diff("total_return", w.diff));
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} |",
        cell(first),
        diff_text(ANSWER_METRICS[0], &v.diffs[0]),
        diff_text(ANSWER_METRICS[1], &v.diffs[1]),
        worst,
        diff_text(ANSWER_METRICS[2], &v.diffs[2]),
    );
}

/// The legend under a table of differences; the interval marks only where the run has
/// bootstrap resamples to draw intervals from.
fn differences_legend(run: &Run) -> &'static str {
    if run.scenarios.resampled_paths == 0 {
        "Differences are ring-fenced minus commingled (no bootstrap resamples in this run, so \
         no intervals).\n\n"
    } else {
        "Differences are ring-fenced minus commingled; brackets hold the bootstrap interval, \
         `*` where it excludes zero, `!` where it does so on the other side of zero from the \
         real history's difference.\n\n"
    }
}

/// The Markdown summary of `run`.
pub fn summary(run: &Run) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# ringfence: {}\n", cell(&run.meta.name));
    md.push_str(
        "**Question:** is the volatility hedge better ring-fenced in its own account or \
         commingled in the condor's margin account?\n\n",
    );
    let _ = writeln!(
        md,
        "**Verdict** ({}): {}\n",
        crate::html::focus_label(run),
        crate::html::verdict_sentence(run)
    );
    let header = "| | CAGR | max drawdown | worst stress episode | forced-liquidation cost |\n\
                  |---|---|---|---|---|\n";
    let a = &run.answer;
    if !a.ladder.is_empty() {
        md.push_str("## Mechanism ladder (ring-fenced minus commingled)\n\n");
        md.push_str(header);
        for s in &a.ladder {
            answer_line(&mut md, &format!("{} {}", s.through, s.label), &s.answer);
        }
        md.push('\n');
        md.push_str(differences_legend(run));
    } else if a.variants.len() > 1 {
        let (title, listed) = a.listed();
        let _ = writeln!(md, "## {title} (ring-fenced minus commingled)\n");
        md.push_str(header);
        for v in listed {
            let params: Vec<String> = run
                .scenarios
                .param_names
                .iter()
                .zip(&v.params)
                .map(|(k, x)| format!("{k}={x}"))
                .collect();
            answer_line(&mut md, &format!("{}: {}", v.variant, params.join(", ")), v);
        }
        md.push('\n');
        md.push_str(differences_legend(run));
    }
    let s = &run.scenarios;
    let focus = run.charted.clone().unwrap_or_else(|| s.variants[0].clone());
    let rows: Vec<_> = run
        .palette
        .layouts()
        .iter()
        .filter_map(|l| s.find(&focus, &s.main_window, l))
        .collect();
    if !rows.is_empty() {
        md.push_str("## Evidence by layout\n\n| metric |");
        for r in &rows {
            let _ = write!(md, " {} |", cell(&crate::layout::label(&r.layout)));
        }
        md.push_str("\n|---|");
        md.push_str(&"---|".repeat(rows.len()));
        md.push('\n');
        for m in EVIDENCE {
            if s.metric_index(m).is_none() {
                continue;
            }
            let _ = write!(md, "| {} |", cell(&format::metric_label(m)));
            for r in &rows {
                let v = if crate::html::applies(m, &r.layout) {
                    format::value(m, s.metric(r, m))
                } else {
                    "n/a".to_string()
                };
                let _ = write!(md, " {} |", cell(&v));
            }
            md.push('\n');
        }
    }
    md
}
