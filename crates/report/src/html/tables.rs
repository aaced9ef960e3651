//! The page's tables: summary by layout, paired differences, stress windows, sweep ranking,
//! account events and failed scenarios.

use std::fmt::Write as _;

use super::{MAX_EVENTS, chip, escape, focus_label};
use crate::events::Event;
use crate::format::{self, metric_label};
use crate::run::Run;
use crate::stress::StressSource;
use crate::sweep::RankedVariant;

/// Whether metric `m` means something for `layout`: hedge figures need a hedge (not
/// `unhedged`), condor figures a condor (not `hedge_only`).
pub(crate) fn applies(m: &str, layout: &str) -> bool {
    let hedge = m.starts_with("hedge_") || m == "hedge_pnl_usd";
    let condor = m.starts_with("condor_");
    !(hedge && layout == ringfence_schema::layouts::UNHEDGED
        || condor && layout == ringfence_schema::layouts::HEDGE_ONLY)
}

/// The cell of a metric whose sleeve the layout does not hold ([`applies`]).
const NOT_APPLICABLE: &str = "<td class=\"na\" title=\"no such sleeve in this layout\">n/a</td>";

/// The stress table's hedge P&L cell of a hedge sleeve that held no position in the window.
const NONE_HELD: &str =
    "<td class=\"na\" title=\"no hedge position at any close of the window\">none held</td>";

/// A metric's (or a data-gap counter's) label with its definition as hover text.
fn label_cell(m: &str) -> String {
    use ringfence_schema::metrics::{gap_definition, metric};
    let defined = metric(m)
        .map(|def| (def.definition, def.label.to_string()))
        .or_else(|| gap_definition(m).map(|d| (d, metric_label(m))));
    match defined {
        Some((definition, label)) => format!(
            "<td class=\"l\"><abbr title=\"{}\">{}</abbr></td>",
            escape(definition),
            escape(&label)
        ),
        None => format!("<td class=\"l\">{}</td>", escape(&metric_label(m))),
    }
}

/// Rows of `names` (metric columns of summary.csv) for `rows`' layouts.
fn metric_rows(h: &mut String, run: &Run, rows: &[&crate::scenario::Scenario], names: &[&str]) {
    let s = &run.scenarios;
    for m in names {
        let Some(i) = s.metric_index(m) else { continue };
        h.push_str("<tr>");
        h.push_str(&label_cell(m));
        for r in rows {
            if applies(m, &r.layout) {
                let _ = write!(h, "<td>{}</td>", escape(&format::value(m, r.metrics[i])));
            } else {
                h.push_str(NOT_APPLICABLE);
            }
        }
        h.push_str("</tr>\n");
    }
}

fn table_head(h: &mut String, run: &Run, rows: &[&crate::scenario::Scenario], first: &str) {
    let _ = write!(h, "<table><tr><th class=\"l\">{}</th>", escape(first));
    for r in rows {
        let _ = write!(h, "<th>{}</th>", chip(run, &r.layout));
    }
    h.push_str("</tr>\n");
}

/// The evidence for the charted variant, grouped for a reader: returns and risk, margin and
/// liquidity, hedge economics, calendar-year returns as a heat table, then the cash ledger and
/// the data-quality counters collapsed.
pub(super) fn summary_table(h: &mut String, run: &Run) {
    use ringfence_schema::Group;
    use ringfence_schema::metrics::{self, METRICS};
    let s = &run.scenarios;
    let v = run.charted.clone().unwrap_or_else(|| s.variants[0].clone());
    let rows: Vec<_> = run
        .palette
        .layouts()
        .iter()
        .filter_map(|l| s.find(&v, &s.main_window, l))
        .collect();
    let _ = writeln!(
        h,
        "<h2 id=\"summary\">The evidence, by layout</h2>\n<p class=\"meta\">{}. Hover a metric \
         for its definition (all are in the <a href=\"#glossary\">glossary</a>); n/a marks a \
         figure that has no meaning for a layout (hedge figures of the unhedged layout, \
         condor figures of hedge only).</p>",
        escape(&focus_label(run))
    );
    let groups = [
        (Group::Returns, "Returns and risk"),
        (Group::Margin, "Margin, liquidity and the layout mechanisms"),
        (Group::Hedge, "Hedge economics"),
        (Group::Run, "The run"),
    ];
    for (group, title) in groups {
        let names: Vec<&str> = METRICS
            .iter()
            .filter(|m| m.group == group)
            .map(|m| m.name)
            .collect();
        let _ = writeln!(h, "<h3>{title}</h3>");
        table_head(h, run, &rows, "metric");
        metric_rows(h, run, &rows, &names);
        if group == Group::Hedge {
            drawdown_avoided(h, run, &rows);
        }
        h.push_str("</table>\n");
    }
    annual_heat_table(h, run, &rows);
    for (prefix, title) in [
        (metrics::LEDGER_PREFIX, "Cash ledger (totals by kind)"),
        (
            metrics::GAPS_PREFIX,
            "Data quality (fills, fallbacks, skipped entries)",
        ),
    ] {
        let names: Vec<&str> = s
            .metric_names
            .iter()
            .filter(|m| m.starts_with(prefix))
            .map(String::as_str)
            .collect();
        if names.is_empty() {
            continue;
        }
        let _ = writeln!(h, "<details><summary><b>{title}</b></summary>");
        table_head(h, run, &rows, "column");
        metric_rows(h, run, &rows, &names);
        h.push_str("</table></details>\n");
    }
}

/// Drawdown avoided against the unhedged layout, and the hedge cost per point of it.
fn drawdown_avoided(h: &mut String, run: &Run, rows: &[&crate::scenario::Scenario]) {
    let s = &run.scenarios;
    let Some(base) = rows
        .iter()
        .find(|r| r.layout == ringfence_schema::layouts::UNHEDGED)
    else {
        return;
    };
    let mdd = |r: &crate::scenario::Scenario| s.metric(r, "max_drawdown");
    h.push_str(
        "<tr><td class=\"l\"><abbr title=\"Maximum drawdown of the unhedged layout minus this \
         layout's\">drawdown avoided vs unhedged</abbr></td>",
    );
    for r in rows {
        if r.layout == ringfence_schema::layouts::UNHEDGED
            || r.layout == ringfence_schema::layouts::HEDGE_ONLY
        {
            h.push_str("<td class=\"na\">n/a</td>");
        } else {
            let _ = write!(
                h,
                "<td>{}</td>",
                escape(&format::diff("max_drawdown", mdd(base) - mdd(r)))
            );
        }
    }
    h.push_str("</tr>\n");
}

/// Calendar-year returns, year by layout, each cell shaded by its sign and size.
fn annual_heat_table(h: &mut String, run: &Run, rows: &[&crate::scenario::Scenario]) {
    let s = &run.scenarios;
    let prefix = ringfence_schema::metrics::ANNUAL_RETURN_PREFIX;
    let years: Vec<(usize, &str)> = s
        .metric_names
        .iter()
        .enumerate()
        .filter_map(|(i, m)| Some((i, m.strip_prefix(prefix)?)))
        .collect();
    if years.is_empty() {
        return;
    }
    h.push_str("<h3>Calendar-year returns</h3>\n");
    table_head(h, run, rows, "year");
    for (i, year) in years {
        let _ = write!(h, "<tr><td class=\"l\">{}</td>", escape(year));
        for r in rows {
            let v = r.metrics[i];
            let t = (v.abs() / 0.2).clamp(0.0, 1.0);
            let shade = |e: f64| (255.0 + (e - 255.0) * t * 0.6).round() as u8;
            let bg = if !v.is_finite() {
                "#fff".to_string()
            } else if v >= 0.0 {
                format!("rgb({},{},{})", shade(8.0), shade(69.0), shade(148.0))
            } else {
                format!("rgb({},{},{})", shade(203.0), shade(24.0), shade(29.0))
            };
            let _ = write!(
                h,
                "<td style=\"background:{bg}\">{}</td>",
                escape(&format::in_unit(format::Unit::Fraction, v))
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

/// Every metric's label and definition.
pub(super) fn glossary(h: &mut String) {
    h.push_str("<h2 id=\"glossary\">Glossary</h2>\n<dl class=\"glossary\">\n");
    for m in ringfence_schema::metrics::METRICS.iter() {
        let _ = writeln!(
            h,
            "<dt>{} <code>{}</code></dt><dd>{}</dd>",
            escape(m.label),
            escape(m.name),
            escape(m.definition)
        );
    }
    for f in ringfence_schema::metrics::FAMILIES.iter() {
        let _ = writeln!(
            h,
            "<dt><code>{}*</code></dt><dd>{}</dd>",
            escape(f.prefix),
            escape(f.meaning)
        );
    }
    h.push_str(
        "<dt>ring-fenced minus commingled</dt><dd>Every difference in the report: the \
        ring-fenced layout's figure less the commingled layout's, in percentage points (pp) for \
        fractions.</dd>\n<dt>bootstrap interval</dt><dd>The central range (95% unless stated) \
        of the difference over stationary block-bootstrap resamples of the history.</dd>\n</dl>\n",
    );
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

/// Margin calls of `layout` in the stress window `row`: from the window's own scenario in
/// summary.csv, or counted from the charted run's events inside the window's dates.
fn stress_calls(run: &Run, row: &crate::stress::StressRow, layout: &str) -> Option<usize> {
    let s = &run.scenarios;
    let focus = run.charted.clone().unwrap_or_else(|| s.variants[0].clone());
    match run.stress_source {
        StressSource::Summary => {
            let r = s.find(&focus, &row.name, layout)?;
            let v = s.metric(r, "margin_calls");
            v.is_finite().then_some(v as usize)
        }
        StressSource::Daily => {
            let (start, end) = row.dates?;
            let scenario = &run.daily.iter().find(|d| d.layout == layout)?.scenario;
            Some(
                run.events
                    .listed
                    .iter()
                    .filter(|e| &e.scenario == scenario && e.is_margin_call())
                    .filter(|e| e.date >= start && e.date <= end)
                    .count(),
            )
        }
    }
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
             P&amp;L = change of the hedge sleeve's cumulative P&amp;L; <i>none held</i>: the \
             sleeve held no position at any close of the window (before its instruments are \
             in the data, or between layers), so its P&amp;L there is interest alone.</p>\n"
        }
        StressSource::Summary => {
            "<p class=\"meta\">Scenarios simulated on each window alone (fresh start with the \
             full capital), from summary.csv: total return, max drawdown, hedge sleeve P&amp;L; \
             <i>none held</i>: the window's run bought no hedge, so its P&amp;L is interest \
             alone.</p>\n"
        }
    });
    h.push_str(
        "<table><tr><th class=\"l\" rowspan=\"2\">window</th><th rowspan=\"2\">from</th>\
         <th rowspan=\"2\">to</th>",
    );
    for l in &run.stress_layouts {
        let _ = write!(h, "<th colspan=\"4\">{}</th>", chip(run, l));
    }
    let pair = [
        ringfence_schema::layouts::RING_FENCED,
        ringfence_schema::layouts::COMMINGLED,
    ]
    .map(|l| run.stress_layouts.iter().position(|x| x == l));
    if pair.iter().all(Option::is_some) {
        h.push_str("<th rowspan=\"2\">ring-fenced - commingled return</th>");
    }
    h.push_str("</tr><tr>");
    for _ in &run.stress_layouts {
        h.push_str("<th>return</th><th>max DD</th><th>hedge P&amp;L</th><th>calls</th>");
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
        for (c, layout) in row.cells.iter().zip(&run.stress_layouts) {
            match c {
                Some(c) => {
                    // A layout without a hedge sleeve has no hedge P&L: n/a, as in the
                    // metrics table, not a $0 that reads as a hedge that paid nothing.
                    // A hedge sleeve that held nothing in the window earned interest on its
                    // cash: "none held" says so instead of a P&L that reads as a payoff.
                    let hedge = if !applies("hedge_pnl_usd", layout) {
                        NOT_APPLICABLE.to_owned()
                    } else if c.hedge_held == Some(false) {
                        NONE_HELD.to_owned()
                    } else {
                        format!(
                            "<td>{}</td>",
                            escape(&format::value("hedge_pnl_usd", c.hedge_pnl_usd))
                        )
                    };
                    let _ = write!(
                        h,
                        "<td>{}</td><td>{}</td>{hedge}<td>{}</td>",
                        format::value("total_return", c.total_return),
                        format::value("max_drawdown", c.max_drawdown),
                        stress_calls(run, row, layout)
                            .map_or("—".to_string(), |n| format::count(n as f64)),
                    );
                }
                None => h.push_str("<td colspan=\"4\">no data</td>"),
            }
        }
        if let [Some(a), Some(b)] = pair {
            match (&row.cells[a], &row.cells[b]) {
                (Some(x), Some(y)) => {
                    let d = x.total_return - y.total_return;
                    // Half a point of return in an episode is where the layouts part.
                    let strong = d.abs() >= 0.005;
                    let _ = write!(
                        h,
                        "<td>{}{}{}</td>",
                        if strong { "<b>" } else { "" },
                        format::diff("total_return", d),
                        if strong { "</b>" } else { "" }
                    );
                }
                _ => h.push_str("<td>—</td>"),
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
    largest_events(h, run);
    let layout_of = |e: &Event| {
        run.daily
            .iter()
            .find(|d| d.scenario == e.scenario)
            .map_or_else(|| e.scenario.clone(), |d| d.layout.clone())
    };
    let _ = write!(
        h,
        "<h3>Margin calls, liquidations, hedge sales and cuts, refused entries and transfers \
         ({} events{})</h3>\n\
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
            escape(&format::tidy_numbers(&e.detail)),
        );
    }
    h.push_str("</table>\n");
}

/// Margin events shown among the ten largest.
const MARGIN_KINDS: [&str; 5] = [
    ringfence_schema::events::FORCED_LIQUIDATION,
    ringfence_schema::events::INTRADAY_LIQUIDATION,
    ringfence_schema::events::HEDGE_SOLD_FOR_CALL,
    ringfence_schema::events::HEDGE_SPEND_CUT,
    ringfence_schema::events::TRANSFER,
];

/// The ten largest margin events of the charted scenarios by amount: what was sold or moved,
/// at what cost, and why (the event's own detail).
fn largest_events(h: &mut String, run: &Run) {
    let mut events: Vec<&Event> = run
        .events
        .listed
        .iter()
        .filter(|e| MARGIN_KINDS.contains(&e.kind.as_str()))
        .collect();
    if events.is_empty() {
        return;
    }
    events.sort_by(|a, b| {
        b.amount_usd
            .abs()
            .total_cmp(&a.amount_usd.abs())
            .then(a.date.cmp(&b.date))
    });
    let layout_of = |e: &Event| {
        run.daily
            .iter()
            .find(|d| d.scenario == e.scenario)
            .map_or_else(|| e.scenario.clone(), |d| d.layout.clone())
    };
    h.push_str(
        "<h3>The ten largest margin events</h3>\n<table><tr><th class=\"l\">date</th>\
         <th class=\"l\">layout</th><th class=\"l\">kind</th><th>amount</th>\
         <th class=\"l\">what and why</th></tr>\n",
    );
    for e in events.into_iter().take(10) {
        let _ = writeln!(
            h,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td>\
             <td>{}</td><td class=\"l\">{}</td></tr>",
            e.date,
            chip(run, &layout_of(e)),
            escape(&e.kind.replace('_', " ")),
            escape(&format::in_unit(format::Unit::Usd, e.amount_usd)),
            escape(&format::tidy_numbers(&e.detail)),
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
        "<p>Each SPX option leg traded (opened or closed, in every layout) at a real chain \
         quote, with the model's mid beside it: model &minus; chain mid in index points (the \
         10th, 50th and 90th percentiles), relative to the mid, and the share of legs whose \
         model price lies inside the quoted bid-ask. A chain quoted at another SPX level than \
         the close is first moved to the close with the model, keeping its vol's difference \
         from the model's at the quote's state (fills.csv's <code>chain_at_close</code>), so \
         both prices are of one moment. Positive: the model \
         is dearer than the market.</p>\n",
    );
    h.push_str(
        "<table><tr><th>group</th><th>bucket</th><th>legs</th><th>p10</th>\
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
        "</table>\n<p>Prices from the chain, filled by the model, and carried from a recent \
                chain quote's vol basis, all scenarios and layouts, once per price looked up \
                (entries: every trade's price, opening or closing; marks: each position's \
                close; SPX and VIX options; strikes chosen by delta):</p>\n<table><tr>",
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
