//! The page's tables: summary by layout, paired differences, stress windows, sweep ranking,
//! account events and failed scenarios.

use std::fmt::Write as _;

use super::{MAX_EVENTS, chip, escape, focus_label};
use crate::events::Event;
use crate::format::{self, metric_label};
use crate::run::Run;
use crate::stress::StressSource;
use crate::sweep::RankedVariant;

pub(super) fn summary_table(h: &mut String, run: &Run) {
    let s = &run.scenarios;
    let v = run.charted.clone().unwrap_or_else(|| s.variants[0].clone());
    let rows: Vec<_> = run
        .palette
        .layouts()
        .iter()
        .filter_map(|l| s.find(&v, &s.main_window, l))
        .collect();
    let _ = write!(
        h,
        "<h2 id=\"summary\">Summary by layout</h2>\n<p class=\"meta\">{}</p>\n<table><tr><th class=\"l\">metric</th>",
        escape(&focus_label(run))
    );
    for r in &rows {
        let _ = write!(h, "<th>{}</th>", chip(run, &r.layout));
    }
    h.push_str("</tr>\n");
    for (i, m) in s.metric_names.iter().enumerate() {
        let _ = write!(h, "<tr><td class=\"l\">{}</td>", escape(&metric_label(m)));
        for r in &rows {
            let _ = write!(h, "<td>{}</td>", escape(&format::value(m, r.metrics[i])));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

pub(super) fn paired_table(h: &mut String, run: &Run) {
    h.push_str("<h2 id=\"paired\">Paired difference: ring-fenced - commingled</h2>\n");
    if run.paired.is_empty() {
        h.push_str("<p>Not available: the run lacks the ring_fenced or commingled layout.</p>\n");
        return;
    }
    let _ = write!(
        h,
        "<p class=\"meta\">{}; {}</p>\n<table><tr><th class=\"l\">metric</th><th>ring-fenced</th>\
         <th>commingled</th><th>difference</th><th>CI low</th><th>CI high</th><th>level</th>\
         <th class=\"l\">CI excludes 0</th></tr>\n",
        escape(&focus_label(run)),
        if run.paired_from_file {
            "confidence intervals from the runner's block bootstrap (paired.csv)"
        } else {
            "computed from summary.csv, no confidence interval"
        }
    );
    for r in &run.paired {
        let m = &r.metric;
        let has_ci = r.ci_low.is_finite() && r.ci_high.is_finite();
        let excl = if !has_ci {
            "—"
        } else if r.ci_low > 0.0 || r.ci_high < 0.0 {
            "<span class=\"yes\">yes</span>"
        } else {
            "<span class=\"no\">no</span>"
        };
        let level = if r.ci_level.is_finite() {
            format!("{:.0}%", r.ci_level * 100.0)
        } else {
            "—".into()
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td><b>{}</b></td><td>{}</td>\
             <td>{}</td><td>{}</td><td class=\"l\">{excl}</td></tr>",
            escape(&metric_label(m)),
            escape(&format::value(m, r.ring_fenced)),
            escape(&format::value(m, r.commingled)),
            escape(&format::diff(m, r.diff)),
            escape(&format::diff(m, r.ci_low)),
            escape(&format::diff(m, r.ci_high)),
            escape(&level),
        );
    }
    h.push_str("</table>\n");
}

pub(super) fn stress_table(h: &mut String, run: &Run) {
    h.push_str("<h2 id=\"stress\">Stress windows</h2>\n");
    if run.stress.is_empty() {
        h.push_str("<p>No stress window with data in this run (see notes).</p>\n");
        return;
    }
    h.push_str(match run.stress_source {
        StressSource::Daily => {
            "<p class=\"meta\">The full-history run seen inside each window: return from the \
             close before the window to its last day, max drawdown inside the window, hedge \
             P&amp;L = change of the hedge sleeve's cumulative P&amp;L.</p>\n"
        }
        StressSource::Summary => {
            "<p class=\"meta\">Scenarios simulated on each window alone (fresh start with the \
             full capital), from summary.csv: total return, max drawdown, hedge sleeve P&amp;L.\
             </p>\n"
        }
    });
    h.push_str(
        "<table><tr><th class=\"l\" rowspan=\"2\">window</th><th rowspan=\"2\">from</th>\
         <th rowspan=\"2\">to</th>",
    );
    for l in &run.stress_layouts {
        let _ = write!(h, "<th colspan=\"3\">{}</th>", chip(run, l));
    }
    h.push_str("</tr><tr>");
    for _ in &run.stress_layouts {
        h.push_str("<th>return</th><th>max DD</th><th>hedge P&amp;L</th>");
    }
    h.push_str("</tr>\n");
    for row in &run.stress {
        let (from, to) = row
            .dates
            .map_or(("—".to_string(), "—".to_string()), |(a, b)| {
                (a.to_string(), b.to_string())
            });
        let _ = write!(
            h,
            "<tr><td class=\"l\">{}</td><td>{from}</td><td>{to}</td>",
            escape(&row.name),
        );
        for c in &row.cells {
            match c {
                Some(c) => {
                    let _ = write!(
                        h,
                        "<td>{}</td><td>{}</td><td>{}</td>",
                        format::value("total_return", c.total_return),
                        format::value("max_drawdown", c.max_drawdown),
                        escape(&format::value("hedge_pnl_usd", c.hedge_pnl_usd)),
                    );
                }
                None => h.push_str("<td colspan=\"3\">no data</td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

pub(super) fn ranked_table(h: &mut String, run: &Run, ranked: &[RankedVariant]) {
    let s = &run.scenarios;
    let _ = write!(
        h,
        "<h3>Top {} of {} variants by CAGR difference (ring-fenced - commingled)</h3>\n\
         <table><tr><th class=\"l\">variant</th>",
        ranked.len(),
        s.variants.len()
    );
    for p in &s.param_names {
        let _ = write!(h, "<th>{}</th>", escape(p));
    }
    h.push_str(
        "<th>CAGR rf</th><th>CAGR cm</th><th>&Delta; CAGR</th><th>max DD rf</th>\
         <th>max DD cm</th><th>&Delta; max DD</th></tr>\n",
    );
    for r in ranked {
        let _ = write!(h, "<tr><td class=\"l\">{}</td>", escape(&r.variant));
        for p in &r.params {
            let _ = write!(h, "<td>{}</td>", escape(p));
        }
        for m in ["cagr", "max_drawdown"] {
            let (a, b) = r.values.get(m).copied().unwrap_or((f64::NAN, f64::NAN));
            let _ = write!(
                h,
                "<td>{}</td><td>{}</td><td><b>{}</b></td>",
                format::value(m, a),
                format::value(m, b),
                format::diff(m, a - b)
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

pub(super) fn events(h: &mut String, run: &Run) {
    h.push_str("<h2 id=\"events\">Account events</h2>\n");
    let kinds = run.events.kinds();
    if !run.daily.is_empty() && !kinds.is_empty() {
        h.push_str("<table><tr><th class=\"l\">kind</th>");
        for d in &run.daily {
            let _ = write!(h, "<th>{}</th>", chip(run, &d.layout));
        }
        h.push_str("</tr>\n");
        for k in &kinds {
            let _ = write!(h, "<tr><td class=\"l\">{}</td>", escape(k));
            for d in &run.daily {
                let _ = write!(h, "<td>{}</td>", run.events.count(&d.scenario, k));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</table>\n");
    }
    let listed = &run.events.listed;
    if listed.is_empty() {
        h.push_str(
            "<p>No margin call, forced liquidation, refused entry or transfer in the charted \
             scenarios.</p>\n",
        );
        return;
    }
    let layout_of = |e: &Event| {
        run.daily
            .iter()
            .find(|d| d.scenario == e.scenario)
            .map_or_else(|| e.scenario.clone(), |d| d.layout.clone())
    };
    let _ = write!(
        h,
        "<h3>Margin calls, liquidations, refused entries and transfers ({} events{})</h3>\n\
         <table><tr><th class=\"l\">date</th><th class=\"l\">layout</th><th class=\"l\">account</th>\
         <th class=\"l\">kind</th><th class=\"l\">sleeve</th><th>amount</th>\
         <th class=\"l\">detail</th></tr>\n",
        listed.len(),
        if listed.len() > MAX_EVENTS {
            format!(", first {MAX_EVENTS} shown; all are in events.csv")
        } else {
            String::new()
        }
    );
    let rank = |e: &Event| {
        run.daily
            .iter()
            .position(|d| d.scenario == e.scenario)
            .unwrap_or(usize::MAX)
    };
    let mut sorted: Vec<&Event> = listed.iter().collect();
    sorted.sort_by_key(|e| (e.date, rank(e)));
    for e in sorted.into_iter().take(MAX_EVENTS) {
        let _ = writeln!(
            h,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td>\
             <td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td><td class=\"l\">{}</td></tr>",
            e.date,
            chip(run, &layout_of(e)),
            escape(&e.account),
            escape(&e.kind),
            escape(&e.sleeve),
            escape(&format::in_unit(format::Unit::Usd, e.amount_usd)),
            escape(&e.detail),
        );
    }
    h.push_str("</table>\n");
}

pub(super) fn failures(h: &mut String, run: &Run) {
    let Some(t) = &run.failures else {
        return;
    };
    let _ = write!(
        h,
        "<h2 id=\"failures\">Failed scenarios ({})</h2>\n<table><tr>",
        t.len()
    );
    for c in t.headers() {
        let _ = write!(h, "<th class=\"l\">{}</th>", escape(c));
    }
    h.push_str("</tr>\n");
    for r in 0..t.len().min(MAX_EVENTS) {
        h.push_str("<tr>");
        for c in 0..t.headers().len() {
            let _ = write!(h, "<td class=\"l\">{}</td>", escape(t.str(r, c)));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

/// Model vs market: the distribution of model - chain mid at the entries priced from real
/// chains, and the fills counted (runs with chains only).
pub(super) fn chains(h: &mut String, run: &Run) {
    let Some(c) = &run.chains else {
        return;
    };
    h.push_str("<h2 id=\"chains\">Model vs market</h2>\n");
    h.push_str(
        "<p>Each SPX option entry priced at a real chain quote, with the model's mid beside \
         it: model &minus; chain mid in index points (the 10th, 50th and 90th percentiles), \
         relative to the mid, and the share of entries whose model price lies inside the \
         quoted bid-ask. Positive: the model is dearer than the market.</p>\n",
    );
    h.push_str(
        "<table><tr><th>group</th><th>bucket</th><th>entries</th><th>p10</th>\
         <th>median</th><th>p90</th><th>median / mid</th><th>inside bid-ask</th></tr>\n",
    );
    for (group, buckets) in &c.groups {
        for b in buckets {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td><td>{:.2}</td>\
                 <td>{:.2}</td><td>{:.1}%</td><td>{:.0}%</td></tr>",
                escape(group),
                escape(&b.label),
                b.n,
                b.p10,
                b.median,
                b.p90,
                100.0 * b.median_rel,
                100.0 * b.inside
            );
        }
    }
    h.push_str(
        "</table>\n<p>Prices from the chain and filled by the model, all scenarios \
                (entries and marks of SPX options; strikes chosen by delta):</p>\n<table><tr>",
    );
    for (name, _) in &c.fills {
        let _ = write!(h, "<th>{}</th>", escape(name));
    }
    h.push_str("</tr><tr>");
    for (_, n) in &c.fills {
        let _ = write!(h, "<td>{n}</td>");
    }
    h.push_str("</tr></table>\n");
}
