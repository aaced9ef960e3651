//! `docs/config-reference.md`: every key of a run file with its type, default, accepted
//! values and meaning, generated from the declarations (`param_table!` tables of the
//! strategy crate and of the runner, plus the rows of `[data]` and `[model]`, whose types
//! live in crates without those declarations).
//!
//! Regenerate the committed file with
//! `RINGFENCE_BLESS=1 cargo test -p ringfence-runner config_reference`.

pub mod data;
pub mod model;

use ringfence_strategy::params::{Param, ParamDoc};
use ringfence_strategy::{Layout, StrategyParams};
use serde_json::Value as Json;

use super::{BootstrapSection, OutputSection, RunSection, WindowsSection};

/// One table of the reference: its heading, what it is for, and its rows.
#[derive(Debug, Clone)]
pub struct Section {
    /// Heading (`[condor]`, `layouts`).
    pub title: String,
    /// One paragraph on the table.
    pub about: String,
    /// The keys, nested keys after their table.
    pub rows: Vec<ParamDoc>,
}

/// Every section of a run file, in the order the reference lists them.
pub fn sections() -> Vec<Section> {
    let mut out = vec![
        section(
            "[run]",
            "The run's name, seed and output directory.",
            rows_of::<RunSection>("run"),
        ),
        section(
            "[data]",
            "Where the market data are and how they are loaded (every file role is \
             discovered in `dir` unless given). A path that starts with `{config_dir}/` is \
             taken from the directory of the config file, whatever `dir` or `--data` say: \
             how the Cboe configs name the settlement values shipped beside them.",
            data::rows(),
        ),
        section(
            "[model]",
            "The market model: SPX smile, VIX term-structure fallback, VX curve, VIX option \
             vols and the strike grid. Swept like any other key (`model.div_yield`).",
            model::rows(),
        ),
    ];
    // The strategy tables, each headed by its own row.
    let strategy = StrategyParams::reference();
    for table in strategy.iter().filter(|r| !r.key.contains('.')) {
        let prefix = format!("{}.", table.key);
        let rows = strategy
            .iter()
            .filter(|r| r.key.starts_with(&prefix))
            .cloned()
            .collect();
        out.push(section(&format!("[{}]", table.key), &table.meaning, rows));
    }
    let names: Vec<String> = Layout::ALL
        .iter()
        .map(|l| format!("\"{}\"", l.name()))
        .collect();
    out.push(section(
        "layouts",
        "A top-level list: the account layouts simulated together in every scenario, in \
         output order. Layouts cannot be swept.",
        vec![ParamDoc {
            key: "layouts".into(),
            kind: format!("list of {}", names.join(", ")),
            default: format!("[{}]", names.join(", ")),
            range: "not empty, each layout once".into(),
            meaning: "`ring_fenced`: a core and a hedge account; `commingled`: one account \
                      for both sleeves; `unhedged`: the condor alone; `hedge_only`: the hedge \
                      alone."
                .into(),
            choices: Vec::new(),
        }],
    ));
    out.push(section(
        "[sweep]",
        "Parameters varied across scenarios: the variants are the cartesian product of the \
         dimensions (each single key or zip group), the first varying slowest.",
        sweep_rows(),
    ));
    out.push(section(
        "[windows]",
        "Which date windows each variant runs on.",
        rows_of::<WindowsSection>("windows"),
    ));
    out.push(section(
        "[bootstrap]",
        "Stationary block-bootstrap resamples of the `full` window.",
        rows_of::<BootstrapSection>("bootstrap"),
    ));
    out.push(section(
        "[output]",
        "Which optional files to write, and the scenario cap.",
        rows_of::<OutputSection>("output"),
    ));
    out
}

fn section(title: &str, about: &str, rows: Vec<ParamDoc>) -> Section {
    Section {
        title: title.to_string(),
        about: about.to_string(),
        rows,
    }
}

fn rows_of<T: Param>(prefix: &str) -> Vec<ParamDoc> {
    let mut rows = Vec::new();
    T::rows(None, prefix, &mut rows);
    rows
}

fn sweep_rows() -> Vec<ParamDoc> {
    let row = |key: &str, kind: &str, range: &str, meaning: &str| ParamDoc {
        key: key.into(),
        kind: kind.into(),
        default: String::new(),
        range: range.into(),
        meaning: meaning.into(),
        choices: Vec::new(),
    };
    vec![
        row(
            "sweep.\"<dotted.key>\"",
            "list, or range table { from, to, step }",
            "a key of [model] or of a strategy table; a list of at least one value; a \
             range with a non-zero step of the right sign, at most 1e6 values",
            "The values of one key (`\"condor.short_delta\" = [0.12, 0.16]`; list elements \
             by index: `\"hedge.layers.0.target_dte\"`). Also written as nested tables \
             (`[sweep.condor] short_delta = [...]`). A range includes `to` up to rounding; \
             all-integer ranges give integers. Every value is checked like the key itself.",
        ),
        row(
            "sweep.zip",
            "list of tables of \"<dotted.key>\" = list",
            "at least two keys per group, lists of equal length, each key swept once",
            "`[[sweep.zip]]` groups of keys whose lists advance together; zip groups come \
             after the single keys.",
        ),
    ]
}

/// A row for a value read from serialised defaults (`[model]`).
pub fn json_row(key: String, value: &Json, range: &str, meaning: &str) -> ParamDoc {
    let (kind, default) = match value {
        Json::Object(_) => ("table".to_string(), String::new()),
        Json::Bool(b) => ("boolean".to_string(), b.to_string()),
        Json::Number(n) if n.is_f64() => (
            "number".to_string(),
            format!("{:?}", n.as_f64().unwrap_or(0.0)),
        ),
        Json::Number(n) => ("integer".to_string(), n.to_string()),
        Json::String(s) => ("string".to_string(), format!("{s:?}")),
        _ => (String::new(), String::new()),
    };
    ParamDoc {
        key,
        kind,
        default,
        range: range.to_string(),
        meaning: meaning.to_string(),
        choices: Vec::new(),
    }
}

/// `docs/config-reference.md`.
pub fn markdown() -> String {
    let mut md = String::from(
        "# Config reference\n\n\
         <!-- Generated from the parameter declarations; do not edit. Regenerate with\n     \
         RINGFENCE_BLESS=1 cargo test -p ringfence-runner config_reference -->\n\n\
         Every key of a run file (`ringfence run CONFIG.toml`). Every key is optional: an \
         absent key takes its default, and an unknown key is an error naming the closest \
         accepted one. A value outside its accepted range stops the run before anything is \
         simulated, with the file, line, column and key. Values that switch a rule off are \
         `0`, because TOML has no null. \"unset\" means the key has no default value and \
         the meaning says what happens without it.\n\n\
         Keys are dotted paths from the top of the file: `condor.short_delta` is \
         `short_delta` in `[condor]`; `hedge.layers[].target_dte` is `target_dte` in each \
         `[[hedge.layers]]`; `<name>` is a name of your choice.\n",
    );
    for s in sections() {
        md.push_str(&format!("\n## `{}`\n\n{}\n\n", s.title, s.about));
        md.push_str("| key | type | default | accepted | meaning |\n");
        md.push_str("| --- | --- | --- | --- | --- |\n");
        for r in &s.rows {
            let mut meaning = r.meaning.clone();
            for (name, m) in &r.choices {
                meaning.push_str(&format!("<br>`{name}`: {m}"));
            }
            let default = if r.default.is_empty() {
                "unset".to_string()
            } else {
                format!("`{}`", r.default)
            };
            let default = if r.kind == "table" { "" } else { &default };
            md.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                cell(&r.key),
                cell(&r.kind),
                cell(default),
                cell(&r.range),
                cell(&meaning),
            ));
        }
    }
    md
}

/// A table cell: no line breaks, pipes escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
