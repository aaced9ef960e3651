//! The self-contained HTML page: inline CSS, charts as base64 data URIs, no script and no
//! external request. Every string taken from the run's files is HTML-escaped.

use std::fmt::Write as _;

use base64::Engine as _;

use crate::chart::Png;
use crate::events::Event;
use crate::format::{self, metric_label};
use crate::layout::label;
use crate::run::Run;
use crate::stress::StressSource;
use crate::sweep::RankedVariant;

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
    /// href of the README's assumptions section.
    pub readme_href: &'a str,
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
    summary_table(&mut h, run);
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
    paired_table(&mut h, run);
    for c in input
        .charts
        .iter()
        .filter(|c| c.file.starts_with("bootstrap_"))
    {
        figure(&mut h, c);
    }
    stress_table(&mut h, run);
    chart(&mut h, "stress.png");
    if run.scenarios.is_sweep() {
        h.push_str("<h2 id=\"sweep\">Sweep</h2>\n");
        for c in input
            .charts
            .iter()
            .filter(|c| c.file.starts_with("heatmap_"))
        {
            figure(&mut h, c);
        }
        ranked_table(&mut h, run, input.ranked);
    }
    events(&mut h, run);
    failures(&mut h, run);
    config(&mut h, run);
    provenance(&mut h, run);
    assumptions(&mut h, run, input.readme_href);
    h.push_str("</body></html>\n");
    h
}

fn chip(run: &Run, layout: &str) -> String {
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
        "ringfence {} &middot; seed {} &middot; {} scenarios, {} variant(s), windows: {} \
         &middot; data {} to {}<br>layouts: ",
        escape(if m.version.is_empty() {
            "?"
        } else {
            &m.version
        }),
        escape(if m.seed.is_empty() { "?" } else { &m.seed }),
        run.scenarios.rows.len(),
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
        "<nav><a href=\"#summary\">Summary</a><a href=\"#charts\">Charts</a>\
                <a href=\"#paired\">Differences</a><a href=\"#stress\">Stress windows</a>",
    );
    if run.scenarios.is_sweep() && !input.ranked.is_empty() {
        h.push_str("<a href=\"#sweep\">Sweep</a>");
    }
    h.push_str(
        "<a href=\"#events\">Events</a><a href=\"#config\">Config</a>\
                <a href=\"#data\">Data</a><a href=\"#assumptions\">Assumptions</a></nav>\n",
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
            let favours = match format::higher_is_better(&r.metric) {
                Some(_) if r.diff == 0.0 || !r.diff.is_finite() => " (no difference)",
                Some(higher) if (r.diff > 0.0) == higher => " (favours ring-fenced)",
                Some(_) => " (favours commingled)",
                None => "",
            };
            format!(
                "{} <b>{}</b>{favours}{ci}",
                metric_label(&r.metric),
                format::diff(&r.metric, r.diff)
            )
        })
        .collect();
    if parts.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<div class=\"verdict\"><b>Ring-fenced minus commingled</b> ({}): {}</div>",
        escape(&focus_label(run)),
        parts.join("; ")
    );
}

fn focus_label(run: &Run) -> String {
    let v = run
        .charted
        .clone()
        .unwrap_or_else(|| run.scenarios.variants[0].clone());
    format!("variant {v}, window {}", run.scenarios.main_window)
}

fn summary_table(h: &mut String, run: &Run) {
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

fn paired_table(h: &mut String, run: &Run) {
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

fn stress_table(h: &mut String, run: &Run) {
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

fn ranked_table(h: &mut String, run: &Run, ranked: &[RankedVariant]) {
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

fn events(h: &mut String, run: &Run) {
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
            escape(&format::value("amount_usd", e.amount_usd)),
            escape(&e.detail),
        );
    }
    h.push_str("</table>\n");
}

fn failures(h: &mut String, run: &Run) {
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

fn config(h: &mut String, run: &Run) {
    let text = serde_json::to_string_pretty(&run.meta.config).unwrap_or_default();
    let _ = write!(
        h,
        "<h2 id=\"config\">Resolved config</h2>\n<p class=\"meta\">From run.json (key \
         <code>config</code>).</p>\n<pre>{}</pre>\n",
        escape(&text)
    );
}

fn provenance(h: &mut String, run: &Run) {
    let p = &run.meta.provenance;
    let _ = write!(
        h,
        "<h2 id=\"data\">Data provenance</h2>\n<p>Directory <code>{}</code>, {} to {}.</p>\n",
        escape(if p.dir.is_empty() { "?" } else { &p.dir }),
        escape(if p.start.is_empty() { "?" } else { &p.start }),
        escape(if p.end.is_empty() { "?" } else { &p.end }),
    );
    if p.files.is_empty() {
        h.push_str("<p>run.json lists no data files.</p>\n");
        return;
    }
    h.push_str("<table><tr>");
    for c in &p.file_columns {
        let _ = write!(h, "<th class=\"l\">{}</th>", escape(c));
    }
    h.push_str("</tr>\n");
    for row in &p.files {
        h.push_str("<tr>");
        for v in row {
            let _ = write!(h, "<td class=\"l\"><code>{}</code></td>", escape(v));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

/// The model assumptions every run shares (DESIGN §2-5).
const ASSUMPTIONS: [&str; 7] = [
    "Option prices are modelled, not real quotes: SPX options by Black-Scholes-Merton with the \
     T-bill rate and a constant dividend yield; implied vol from the VIX family (ATM term \
     structure from VIX9D/VIX/VIX3M/VIX6M, ATM about 0.80 x VIX) and a calibrated smile.",
    "VIX options by Black-76 on the VX future of the same expiry (vol from VVIX where it exists); \
     VX futures from real settles where configured, else modelled from the VIX term structure.",
    "SPX AM-settled monthlies settle at SET, approximated by the SPX Open of expiration day (the \
     previous close where no real open exists); PM weeklies at the close.",
    "VIX options and VX futures settle at VRO, approximated by the VIX Open of VIX expiration day \
     (the close where the Open is missing).",
    "Decisions at the close of day t use data up to t only and trade at model prices from t's \
     close, plus commissions and slippage from mid (multiplied in forced liquidations).",
    "Margin: Reg-T customer rules by default (or portfolio margin when configured); a margin call \
     not met within the grace days is met by forced liquidation at stressed slippage.",
    "Layouts share capital, signals and rules; ring-fenced splits capital between a core and a \
     hedge account, commingled keeps both sleeves in one account.",
];

fn assumptions(h: &mut String, run: &Run, readme_href: &str) {
    let _ = write!(
        h,
        "<h2 id=\"assumptions\">Model assumptions</h2>\n<p>Full discussion and measured model error: \
         <a href=\"{}\">README.md &sect; Assumptions</a>.</p>\n<ul>",
        escape(readme_href)
    );
    for a in ASSUMPTIONS {
        let _ = write!(h, "<li>{}</li>", escape(a));
    }
    h.push_str("</ul>\n");
    if !run.meta.assumptions.is_empty() {
        h.push_str("<h3>As recorded in run.json</h3>\n<table>");
        for (k, v) in &run.meta.assumptions {
            let _ = write!(
                h,
                "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td></tr>",
                escape(k),
                escape(v)
            );
        }
        h.push_str("</table>\n");
    }
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
