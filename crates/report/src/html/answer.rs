//! The page's first section: the answer to "ring-fenced or commingled?" for every variant of
//! the run, the mechanism ladder when the run sweeps it, the sweep's heat maps, and one
//! sentence per variant group on the mechanism that moved the result.

use std::fmt::Write as _;

use super::{escape, figure};
use crate::answer::{ANSWER_METRICS, Diff, VariantAnswer, mechanism_sentence};
use crate::chart::Png;
use crate::format::{self, metric_label};
use crate::run::Run;
use crate::sweep;

/// Groups given a sentence; variants are their own group up to this many.
const MAX_SENTENCES: usize = 12;

/// A difference with its interval and whether the interval excludes zero.
fn diff_cell(metric: &str, d: &Diff) -> String {
    let value = escape(&format::diff(metric, d.value));
    match d.excludes_zero() {
        None => format!("<td><b>{value}</b></td>"),
        Some(excl) => format!(
            "<td><b>{value}</b><br><span class=\"{}\">[{}, {}]</span>{}</td>",
            if excl { "yes" } else { "no" },
            escape(&format::diff(metric, d.low)),
            escape(&format::diff(metric, d.high)),
            if d.opposes_value() {
                "<br>other side of zero"
            } else {
                ""
            },
        ),
    }
}

fn stress_cell(v: &VariantAnswer) -> String {
    match &v.worst_stress {
        None => "<td>—</td>".into(),
        Some(w) => format!(
            "<td><b>{}</b><br><span class=\"meta\">RF {} {}; CM {} {}</span></td>",
            escape(&format::diff("total_return", w.diff)),
            escape(&w.ring_fenced.0),
            escape(&format::value("total_return", w.ring_fenced.1)),
            escape(&w.commingled.0),
            escape(&format::value("total_return", w.commingled.1)),
        ),
    }
}

fn header_row(h: &mut String, first: &str, params: &[String]) {
    let _ = write!(h, "<table><tr><th class=\"l\">{}</th>", escape(first));
    for p in params {
        let _ = write!(h, "<th class=\"l\">{}</th>", escape(p));
    }
    for m in ANSWER_METRICS.iter().take(2) {
        let _ = write!(h, "<th>{}</th>", escape(&metric_label(m)));
    }
    let _ = writeln!(
        h,
        "<th>worst stress episode (return)</th><th>{}</th><th class=\"l\">what moved it</th></tr>",
        escape(&metric_label(ANSWER_METRICS[2]))
    );
}

fn answer_row(h: &mut String, first: &str, params: &[&str], v: &VariantAnswer, sentence: &str) {
    let _ = write!(h, "<tr><td class=\"l\">{}</td>", escape(first));
    for p in params {
        let _ = write!(h, "<td class=\"l\">{}</td>", escape(p));
    }
    h.push_str(&diff_cell(ANSWER_METRICS[0], &v.diffs[0]));
    h.push_str(&diff_cell(ANSWER_METRICS[1], &v.diffs[1]));
    h.push_str(&stress_cell(v));
    h.push_str(&diff_cell(ANSWER_METRICS[2], &v.diffs[2]));
    let _ = writeln!(h, "<td class=\"l\">{}</td></tr>", escape(sentence));
}

/// Write the section.
pub(super) fn section(h: &mut String, run: &Run, charts: &[Png]) {
    let a = &run.answer;
    h.push_str("<h2 id=\"answer\">The answer: ring-fenced or commingled?</h2>\n");
    if a.variants.is_empty() {
        h.push_str(
            "<p>This run does not compare the two layouts (it lacks ring_fenced or \
             commingled).</p>\n",
        );
        return;
    }
    let with_ci = a
        .variants
        .iter()
        .filter(|v| v.diffs[0].excludes_zero().is_some());
    let n_ci = with_ci.clone().count();
    let excluding = with_ci.filter(|v| v.diffs[0].excludes_zero() == Some(true));
    let n_excl = excluding.clone().count();
    let n_opposed = excluding.filter(|v| v.diffs[0].opposes_value()).count();
    let _ = writeln!(
        h,
        "<p>Each figure is <b>ring-fenced minus commingled</b> on the window <i>{}</i>: a positive \
         CAGR or worst-episode return and a negative drawdown or liquidation cost favour \
         ring-fencing. Under a figure, its bootstrap interval (block-bootstrap resamples of the \
         whole history) in <span class=\"yes\">green</span> when it excludes zero, \
         <span class=\"no\">grey</span> when it does not. {}</p>",
        escape(&run.scenarios.main_window),
        if n_ci > 0 {
            let opposed = if n_opposed > 0 {
                format!(
                    " In {n_opposed} of them it lies on the other side of zero from the real \
                     history's difference: the resampled histories favour the other layout, so \
                     that difference belongs to the history that happened."
                )
            } else {
                String::new()
            };
            format!(
                "The CAGR interval excludes zero in {n_excl} of {n_ci} variants with an \
                 interval.{opposed}"
            )
        } else {
            "This run has no bootstrap paths, so no interval.".to_string()
        }
    );
    if !a.ladder.is_empty() {
        h.push_str(
            "<h3 id=\"ladder\">Mechanism ladder</h3>\n<p>The same strategy with the layout \
             mechanisms switched on one at a time, in ladder order. Step 0 has every mechanism \
             off: the ring-fenced hedge still lives on its own capital, so a difference there \
             comes from that account running dry (refused openings) or from margin calls the \
             strategy itself draws.</p>\n",
        );
        header_row(h, "step", &["adds".to_string()]);
        let mut prev: Option<&VariantAnswer> = None;
        for s in &a.ladder {
            let unchanged = prev.is_some_and(|p| {
                p.activity == s.answer.activity
                    && p.diffs
                        .iter()
                        .zip(&s.answer.diffs)
                        .all(|(x, y)| x.value == y.value || (x.value.is_nan() && y.value.is_nan()))
            });
            let sentence = if unchanged {
                "Adds nothing here: no counter of either layout changed and every difference \
                 is the same as at the step before (the mechanism never acted on this strategy)."
                    .to_string()
            } else {
                mechanism_sentence(&[&s.answer])
            };
            answer_row(h, &s.through.to_string(), &[&s.label], &s.answer, &sentence);
            prev = Some(&s.answer);
        }
        h.push_str("</table>\n");
        for c in charts.iter().filter(|c| c.file.starts_with("ladder_")) {
            figure(h, c);
        }
    }
    variants_table(h, run);
    let heatmaps: Vec<&Png> = charts
        .iter()
        .filter(|c| c.file.starts_with("heatmap_"))
        .collect();
    if !heatmaps.is_empty() {
        h.push_str(
            "<h3 id=\"heatmaps\">Over the sweep</h3>\n<p>Mean difference over the two swept \
             parameters that explain most of the CAGR difference, averaged over the others; \
             the panels split the CAGR map by the next parameter.</p>\n",
        );
        for c in heatmaps {
            figure(h, c);
        }
    }
    sentences(h, run);
}

fn variants_table(h: &mut String, run: &Run) {
    let s = &run.scenarios;
    let (title, listed) = run.answer.listed();
    let _ = writeln!(h, "<h3 id=\"variants\">{}</h3>", escape(&title));
    header_row(h, "variant", &s.param_names);
    for v in listed {
        let params: Vec<&str> = v.params.iter().map(String::as_str).collect();
        answer_row(h, &v.variant, &params, v, &mechanism_sentence(&[v]));
    }
    h.push_str("</table>\n");
}

/// One sentence per variant group: each variant when there are few, else each value of the
/// parameter that explains most of the CAGR difference.
fn sentences(h: &mut String, run: &Run) {
    let a = &run.answer;
    let s = &run.scenarios;
    if a.variants.len() <= 1 {
        return;
    }
    h.push_str("<h3 id=\"mechanisms\">What moved the result</h3>\n<ul>\n");
    if a.variants.len() <= MAX_SENTENCES {
        for v in &a.variants {
            let name: Vec<String> = s
                .param_names
                .iter()
                .zip(&v.params)
                .map(|(k, x)| format!("{k} = {x}"))
                .collect();
            let _ = writeln!(
                h,
                "<li><b>{}</b> (CAGR {}): {}</li>",
                escape(&name.join(", ")),
                escape(&format::diff("cagr", v.diffs[0].value)),
                escape(&mechanism_sentence(&[v]))
            );
        }
    } else {
        let points: Vec<(&[String], f64)> = a
            .variants
            .iter()
            .map(|v| (v.params.as_slice(), v.diffs[0].value))
            .collect();
        if let Some(&axis) = sweep::axes_by_importance(s, &points).first() {
            let mut values: Vec<&str> =
                a.variants.iter().map(|v| v.params[axis].as_str()).collect();
            values.sort_unstable();
            values.dedup();
            for value in values {
                let group: Vec<&VariantAnswer> = a
                    .variants
                    .iter()
                    .filter(|v| v.params[axis] == value)
                    .collect();
                let mean = group.iter().map(|v| v.diffs[0].value).sum::<f64>() / group.len() as f64;
                let excl = group
                    .iter()
                    .filter(|v| v.diffs[0].excludes_zero() == Some(true))
                    .count();
                let _ = writeln!(
                    h,
                    "<li><b>{} = {}</b> ({} variants, mean CAGR difference {}, {excl} intervals \
                     exclude zero): {}</li>",
                    escape(&s.param_names[axis]),
                    escape(value),
                    group.len(),
                    escape(&format::diff("cagr", mean)),
                    escape(&mechanism_sentence(&group))
                );
            }
        }
    }
    h.push_str("</ul>\n");
}
