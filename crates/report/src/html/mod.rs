//! The self-contained HTML page: inline CSS, charts as base64 data URIs, no script and no
//! external request. Every string taken from the run's files is HTML-escaped.

use std::fmt::Write as _;

use base64::Engine as _;

use crate::chart::Png;
use crate::format::{self, metric_label};
use crate::layout::label;
use crate::run::Run;
use crate::scenario::Scenarios;
use crate::sweep::RankedVariant;

pub(crate) use tables::applies;

mod answer;
mod provenance;
mod tables;

/// At most this many events are listed (the rest are counted, with a pointer to events.csv).
pub const MAX_EVENTS: usize = 500;
/// Variants in the sweep's ranking table.
pub const TOP_VARIANTS: usize = 20;

/// Escape text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "
body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;margin:0 auto;max-width:1260px;padding:0 16px 40px;color:#222;background:#fff;line-height:1.4}
h1{font-size:26px;margin:18px 0 4px}h2{font-size:21px;margin:30px 0 8px;border-bottom:2px solid #ddd;padding-bottom:4px}
h3{font-size:17px;margin:18px 0 6px}
.meta{color:#555;font-size:14px}
table{border-collapse:collapse;font-size:13px;margin:6px 0 12px}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:right;vertical-align:top}
th{background:#f3f3f3}td.l,th.l{text-align:left}
.swatch{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border:1px solid #0003}
.notes{background:#fff8e1;border:1px solid #f0c36d;padding:8px 14px;margin:12px 0}
.notes li{margin:2px 0}
.verdict{background:#eef5fb;border:1px solid #9cc3e5;padding:8px 14px;margin:12px 0;font-size:15px}
.yes{color:#0a6b2e;font-weight:bold}.no{color:#777}
figure{margin:14px 0}figure img{max-width:100%;height:auto;border:1px solid #ddd}
figcaption{font-size:13px;color:#555}
pre{background:#f7f7f7;border:1px solid #ddd;padding:10px;font-size:12px;overflow:auto;max-height:600px}
nav a{margin-right:12px;font-size:14px}
td.na{color:#999}abbr{text-decoration:underline dotted #999;cursor:help}
details{margin:10px 0}summary{cursor:pointer}
dl.glossary dt{font-weight:bold;margin-top:6px}dl.glossary dd{margin:0 0 0 18px}
@media print{body{max-width:none;padding:0}nav{display:none}figure,table,tr{break-inside:avoid}h2,h3{break-after:avoid}details{display:block}figure img{max-width:100%}}
";

/// Everything the page needs besides the run.
#[derive(Debug)]
pub struct PageInput<'a> {
    /// The run.
    pub run: &'a Run,
    /// Rendered charts, in page order.
    pub charts: &'a [Png],
    /// Ranked variants of a sweep (empty for a single run).
    pub ranked: &'a [RankedVariant],
}

/// Render the page.
pub fn page(input: &PageInput<'_>) -> String {
    let run = input.run;
    let mut h = String::with_capacity(
        input
            .charts
            .iter()
            .map(|c| c.bytes.len() * 4 / 3 + 300)
            .sum::<usize>()
            + 64 * 1024,
    );
    let name = escape(&run.meta.name);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         img-src data:; style-src 'unsafe-inline'; script-src 'none'\">\
         <title>ringfence report: {name}</title><style>{CSS}</style></head><body>\n"
    );
    header(&mut h, run);
    nav(&mut h, run, input);
    notes(&mut h, run);
    verdict(&mut h, run);
    answer::section(&mut h, run, input.charts);
    tables::summary_table(&mut h, run);
    let chart = |h: &mut String, file: &str| {
        if let Some(c) = input.charts.iter().find(|c| c.file == file) {
            figure(h, c);
        }
    };
    h.push_str("<h2 id=\"charts\">Equity, drawdown and margin</h2>\n");
    if run.daily.is_empty() {
        h.push_str("<p>No daily series recorded for this run (see notes).</p>\n");
    }
    for f in [
        "equity.png",
        "equity_log.png",
        "drawdown.png",
        "margin.png",
        "hedge_by_year.png",
    ] {
        chart(&mut h, f);
    }
    tables::paired_table(&mut h, run);
    for c in input
        .charts
        .iter()
        .filter(|c| c.file.starts_with("bootstrap_"))
    {
        figure(&mut h, c);
    }
    tables::stress_table(&mut h, run);
    chart(&mut h, "stress.png");
    if run.scenarios.is_sweep() {
        h.push_str("<h2 id=\"sweep\">Sweep</h2>\n");
        tables::ranked_table(&mut h, run, input.ranked);
    }
    tables::events(&mut h, run);
    tables::chains(&mut h, run);
    tables::failures(&mut h, run);
    provenance::config(&mut h, run);
    provenance::provenance(&mut h, run);
    provenance::assumptions(&mut h, run);
    tables::glossary(&mut h);
    h.push_str("</body></html>\n");
    h
}

pub(crate) fn chip(run: &Run, layout: &str) -> String {
    format!(
        "<span class=\"swatch\" style=\"background:{}\"></span>{}",
        run.palette.css(layout),
        escape(&label(layout))
    )
}

fn header(h: &mut String, run: &Run) {
    let m = &run.meta;
    let _ = write!(
        h,
        "<h1>ringfence report: {}</h1>\n<p class=\"meta\">",
        escape(&m.name)
    );
    let _ = write!(
        h,
        "ringfence {} &middot; seed <code>{}</code> &middot; {} scenarios x {} layouts{}, {} variant(s), windows: {} \
         &middot; data {} to {}<br>layouts: ",
        escape(if m.version.is_empty() {
            "?"
        } else {
            &m.version
        }),
        escape(if m.seed.is_empty() { "?" } else { &m.seed }),
        run.scenarios.scenario_count(),
        run.palette.layouts().len(),
        Scenarios::resamples_suffix(run.scenarios.resampled_paths),
        run.scenarios.variants.len(),
        escape(&run.scenarios.windows.join(", ")),
        escape(&m.provenance.start),
        escape(&m.provenance.end),
    );
    let chips: Vec<String> = run.palette.layouts().iter().map(|l| chip(run, l)).collect();
    h.push_str(&chips.join(" &nbsp; "));
    h.push_str("</p>\n");
}

fn nav(h: &mut String, run: &Run, input: &PageInput<'_>) {
    h.push_str(
        "<nav><a href=\"#answer\">Answer</a><a href=\"#summary\">Summary</a><a href=\"#charts\">Charts</a>\
                <a href=\"#paired\">Differences</a><a href=\"#stress\">Stress windows</a>",
    );
    if run.scenarios.is_sweep() && !input.ranked.is_empty() {
        h.push_str("<a href=\"#sweep\">Sweep</a>");
    }
    h.push_str(
        "<a href=\"#events\">Events</a><a href=\"#config\">Config</a>\
                <a href=\"#data\">Data</a><a href=\"#assumptions\">Assumptions</a>\
                <a href=\"#glossary\">Glossary</a></nav>\n",
    );
}

fn notes(h: &mut String, run: &Run) {
    if run.notes.is_empty() {
        return;
    }
    h.push_str("<div class=\"notes\"><b>Notes</b><ul>");
    for n in &run.notes {
        let _ = write!(h, "<li>{}</li>", escape(n));
    }
    h.push_str("</ul></div>\n");
}

fn verdict(h: &mut String, run: &Run) {
    let parts: Vec<String> = ["cagr", "max_drawdown", "sharpe"]
        .iter()
        .filter_map(|m| run.paired.iter().find(|r| r.metric == *m))
        .map(|r| {
            let ci = if r.ci_low.is_finite() && r.ci_high.is_finite() {
                let excludes = r.ci_low > 0.0 || r.ci_high < 0.0;
                format!(
                    " [{:.0}% CI {} to {}: <span class=\"{}\">{}</span>]",
                    if r.ci_level.is_finite() {
                        r.ci_level * 100.0
                    } else {
                        95.0
                    },
                    format::diff(&r.metric, r.ci_low),
                    format::diff(&r.metric, r.ci_high),
                    if excludes { "yes" } else { "no" },
                    if excludes { "excludes 0" } else { "includes 0" }
                )
            } else {
                String::new()
            };
            let shown = format::diff(&r.metric, r.diff);
            // A difference that rounds to zero keeps its direction but says it is smaller
            // than the digits shown ("0.00 (favours ...)" alone reads as a contradiction).
            let below = if shown.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
                ""
            } else {
                ", by less than the precision shown"
            };
            let favours = match format::higher_is_better(&r.metric) {
                Some(_) if r.diff == 0.0 || !r.diff.is_finite() => " (no difference)".to_owned(),
                Some(higher) if (r.diff > 0.0) == higher => {
                    format!(" (favours ring-fenced{below})")
                }
                Some(_) => format!(" (favours commingled{below})"),
                None => String::new(),
            };
            format!("{} <b>{shown}</b>{favours}{ci}", metric_label(&r.metric))
        })
        .collect();
    if parts.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<div class=\"verdict\"><p><b>The question:</b> is the volatility hedge better \
         ring-fenced in its own account or commingled in the condor's margin account?</p>\
         <p><b>Verdict</b> ({}): {}</p><p>{}</p></div>",
        escape(&focus_label(run)),
        escape(&verdict_sentence(run)),
        parts.join("; ")
    );
}

/// One or two plain sentences: which layout did better on CAGR for the focus variant,
/// whether its bootstrap interval excludes zero, and what moved it.
pub fn verdict_sentence(run: &Run) -> String {
    let focus = run
        .charted
        .clone()
        .unwrap_or_else(|| run.scenarios.variants[0].clone());
    let Some(v) = run.answer.variants.iter().find(|v| v.variant == focus) else {
        return "The run lacks one of the two compared layouts.".into();
    };
    let d = v.diffs[0];
    // The magnitude: the sentence says which layout is ahead.
    let size = format::diff("cagr", d.value.abs());
    let size = size.trim_start_matches('+');
    let lead = if d.value == 0.0 {
        "Ring-fenced and commingled compound at exactly the same rate".to_string()
    } else if d.value.abs() < 5e-5 {
        format!(
            "Ring-fenced and commingled compound within 0.01 pp a year of each other \
             ({} slightly ahead)",
            if d.value > 0.0 {
                "ring-fenced"
            } else {
                "commingled"
            }
        )
    } else if d.value > 0.0 {
        format!("Ring-fenced compounds faster by {size} a year")
    } else {
        format!("Commingled compounds faster by {size} a year")
    };
    let ci = match d.excludes_zero() {
        Some(true) if d.opposes_value() => format!(
            ", but the bootstrap interval [{}, {}] lies on the other side of zero: the \
             resampled histories favour the other layout, so this difference belongs to the \
             history that happened, not to the variant",
            format::diff("cagr", d.low),
            format::diff("cagr", d.high)
        ),
        Some(true) => format!(
            ", and the bootstrap interval [{}, {}] excludes zero",
            format::diff("cagr", d.low),
            format::diff("cagr", d.high)
        ),
        Some(false) => format!(
            ", but the bootstrap interval [{}, {}] includes zero: no difference the history can \
             tell apart from luck",
            format::diff("cagr", d.low),
            format::diff("cagr", d.high)
        ),
        None => " (no bootstrap interval in this run)".to_string(),
    };
    format!("{lead}{ci}. {}", crate::answer::mechanism_sentence(&[v]))
}

/// "variant V, window W" of the variant the page charts.
pub fn focus_label(run: &Run) -> String {
    let v = run
        .charted
        .clone()
        .unwrap_or_else(|| run.scenarios.variants[0].clone());
    format!("variant {v}, window {}", run.scenarios.main_window)
}

fn figure(h: &mut String, c: &Png) {
    let b64 = base64::engine::general_purpose::STANDARD.encode(&c.bytes);
    let _ = writeln!(
        h,
        "<figure><img src=\"data:image/png;base64,{b64}\" width=\"{}\" height=\"{}\" alt=\"{}\">\
         <figcaption>{} ({})</figcaption></figure>",
        crate::chart::WIDTH,
        crate::chart::HEIGHT,
        escape(&c.title),
        escape(&c.title),
        escape(&c.file),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_file_text_is_escaped() {
        assert_eq!(
            escape("<img src=x onerror='a'>&\""),
            "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;"
        );
    }
}
