//! Where the numbers come from: the resolved config, the data files and the model assumptions.

use std::fmt::Write as _;

use super::escape;
use crate::run::Run;

/// The model assumptions every run shares (market data, pricing, strategy rules, margin).
const ASSUMPTIONS: [&str; 7] = [
    "Option prices are modelled, not real quotes: SPX options by Black-Scholes-Merton with the \
     T-bill rate and the dividend yield ([model] div_yield, 1.8% by default, or the day's value \
     of a dividend-yield file, [data] spx_div_yield, which an index leg earns too); implied vol \
     from the VIX family (ATM term structure from VIX9D/VIX/VIX3M/VIX6M, ATM about 0.80 x VIX) \
     and a calibrated smile.",
    "VIX options by Black-76 on the VX future of the same expiry (vol from VVIX where it exists); \
     VX futures from real settles where configured, else modelled from the VIX term structure.",
    "SPX AM-settled monthlies settle at SET: the value itself where an SPX settlement-value \
     file ([data] spx_set) holds it, else approximated by the SPX Open of expiration day \
     (where the data hold no opening level, a copy of the previous close or, before \
     [data] spx_real_opens_from, the index's first print: the previous close moved \
     [model] stale_open_share, 0.49 by default, of the way to the close, where the real SETs of \
     1998-2016 sit given both closes); PM weeklies at the close.",
    "VIX options and VX futures settle at VRO: the VX contract's final settle where the VX data \
     hold it, else the VIX Open of VIX expiration day (the close where the Open is missing).",
    "Decisions at the close of day t use data up to t only and trade at model prices from t's \
     close, plus commissions and slippage from mid (multiplied in forced liquidations).",
    "Margin: Reg-T customer rules by default (or portfolio margin when configured); a margin call \
     not met within the grace days is met by forced liquidation at stressed slippage.",
    "Layouts share capital, signals and rules; ring-fenced splits capital between a core and a \
     hedge account, commingled keeps both sleeves in one account.",
];

pub(super) fn config(h: &mut String, run: &Run) {
    let text = serde_json::to_string_pretty(&run.meta.config).unwrap_or_default();
    let _ = write!(
        h,
        "<h2 id=\"config\">Resolved config</h2>\n<p class=\"meta\">From run.json (key \
         <code>config</code>).</p>\n<pre>{}</pre>\n",
        escape(&text)
    );
}

pub(super) fn provenance(h: &mut String, run: &Run) {
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

/// The model's assumptions. The page links to no file outside the run directory: the
/// reader of a copied report may not have the source tree, so the README is named, not linked.
pub(super) fn assumptions(h: &mut String, run: &Run) {
    h.push_str(
        "<h2 id=\"assumptions\">Model assumptions</h2>\n<p>Full discussion and measured model \
         error: the Assumptions section of README.md in the ringfence source.</p>\n<ul>",
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
