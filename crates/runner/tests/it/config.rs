//! Config loading: defaults, and every kind of bad input named by file, line and key.

use std::path::Path;

use ringfence_runner::config::reference;
use ringfence_runner::{Config, ErrorKind, Overrides, RunnerError};

use crate::support::{parse, parse_err};

#[test]
fn an_empty_config_resolves_every_default() {
    let c = parse("").unwrap();
    assert_eq!(c.name, "test");
    assert_eq!(c.seed, 1);
    assert_eq!(c.out_dir, Path::new("reports/test"));
    assert_eq!(c.data_dir, Path::new("data"));
    assert_eq!(c.layouts.len(), 4);
    assert_eq!(c.variant_count(), 1);
    assert_eq!(c.windows.select, vec!["full".to_string()]);
    assert_eq!(c.output.max_scenarios, 100_000);
    assert_eq!(c.strategy.condor.short_delta, 0.16);
    assert_eq!(c.strategy.hedge.budget_annual, 0.015);
    let resolved = c.resolved();
    assert_eq!(resolved["condor"]["target_dte"], 45);
    assert_eq!(resolved["run"]["name"], "test");
    assert!(
        resolved["run"].get("out").is_none(),
        "the output dir is not part of the config"
    );
}

#[test]
fn command_line_overrides_replace_data_and_output_dirs() {
    let o = Overrides {
        data_dir: Some("elsewhere".into()),
        out_dir: Some("/tmp/x".into()),
    };
    let c = Config::parse(Path::new("a/b/study.toml"), "[run]\nseed = 9\n", &o).unwrap();
    assert_eq!(c.name, "study");
    assert_eq!(c.seed, 9);
    assert_eq!(c.data_dir, Path::new("elsewhere"));
    assert_eq!(c.out_dir, Path::new("/tmp/x"));
    assert!(c.out_explicit);
    assert_eq!(c.resolved()["data"]["dir"], "elsewhere");
}

#[test]
fn a_data_path_may_start_at_the_config_files_directory() {
    let text = "[data]\ndir = \"{config_dir}/../data\"\nspx_set = \"{config_dir}/data/set.csv\"\nrate = \"dtb3.csv\"\n";
    let c = Config::parse(Path::new("a/b/study.toml"), text, &Overrides::default()).unwrap();
    let base = std::path::absolute("a/b").unwrap();
    assert_eq!(c.load.spx_set, Some(base.join("data/set.csv")));
    assert!(c.load.spx_set.as_ref().unwrap().is_absolute());
    assert_eq!(c.data_dir, base.join("../data"));
    // Other relative paths keep their meaning: resolved against the data directory later.
    assert_eq!(c.load.rate, Some("dtb3.csv".into()));
    // A bare file name's directory is the current one.
    let c = Config::parse(Path::new("study.toml"), text, &Overrides::default()).unwrap();
    let here = std::env::current_dir().unwrap();
    assert_eq!(c.load.spx_set, Some(here.join("./data/set.csv")));
    assert!(c.load.spx_set.as_ref().unwrap().is_absolute());
}

#[test]
fn misspelt_strategy_key_names_file_line_key_and_suggestion() {
    let msg = parse_err("[run]\nseed = 3\n\n[condor]\nshort_delt = 0.2\n");
    assert!(
        msg.starts_with("test.toml:5:1: `condor.short_delt`: unknown key"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `short_delta`?"), "{msg}");
}

#[test]
fn misspelt_table_gets_a_suggestion() {
    let msg = parse_err("[condr]\nshort_delta = 0.2\n");
    assert!(
        msg.starts_with("test.toml:1:2: `condr`: unknown table or key"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `condor`?"), "{msg}");
}

#[test]
fn misspelt_runner_key_is_located_too() {
    let msg = parse_err("[output]\ndaily = \"none\"\nledgr = true\n");
    assert!(
        msg.starts_with("test.toml:3:1: `output.ledgr`: unknown key"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `ledger`?"), "{msg}");
}

#[test]
fn wrong_type_names_the_key_and_line() {
    let msg = parse_err("[condor]\ntarget_dte = 45\nshort_delta = \"wide\"\n");
    assert!(msg.starts_with("test.toml:3:"), "{msg}");
    assert!(msg.contains("`condor.short_delta`"), "{msg}");
    assert!(msg.contains("invalid type"), "{msg}");
}

#[test]
fn unknown_enum_value_lists_the_accepted_ones() {
    let msg = parse_err("[hedge]\ninstrument = \"vix_cal\"\n");
    assert!(msg.contains("`hedge.instrument`"), "{msg}");
    assert!(msg.contains("unknown value `vix_cal`"), "{msg}");
    assert!(msg.contains("did you mean `vix_call`?"), "{msg}");
}

#[test]
fn syntax_errors_have_a_position() {
    let msg = parse_err("[run]\nname = \n");
    assert!(msg.starts_with("test.toml:2:"), "{msg}");
    assert!(msg.contains("TOML syntax error"), "{msg}");
}

#[test]
fn out_of_range_parameters_are_all_listed_before_running() {
    let e = parse("[condor]\nshort_delta = 0.7\n[capital]\ntotal_usd = -5.0\n").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    let msg = e.to_string();
    assert!(msg.contains("`condor.short_delta`"), "{msg}");
    assert!(msg.contains("`capital.total_usd`"), "{msg}");
}

#[test]
fn invalid_swept_variants_are_named_by_their_label() {
    let msg = parse_err("[sweep]\n\"condor.short_delta\" = [0.16, 0.6]\n");
    assert!(
        msg.contains("[short_delta=0.6] `condor.short_delta`"),
        "{msg}"
    );
    assert!(!msg.contains("short_delta=0.16]"), "{msg}");
}

#[test]
fn run_names_with_path_separators_or_dotdot_are_refused() {
    for bad in ["a/b", "..", "x/../y", "a\\\\b", ".hidden"] {
        let msg = parse_err(&format!("[run]\nname = \"{bad}\"\n"));
        assert!(msg.contains("`run.name`"), "{bad}: {msg}");
    }
}

#[test]
fn empty_and_duplicate_layouts_are_refused() {
    assert!(parse_err("layouts = []\n").contains("empty"));
    let msg = parse_err("layouts = [\"commingled\", \"commingled\"]\n");
    assert!(msg.contains("listed twice"), "{msg}");
    let msg = parse_err("layouts = [\"ringfenced\"]\n");
    assert!(msg.contains("did you mean `ring_fenced`?"), "{msg}");
}

#[test]
fn unreadable_config_is_a_config_error() {
    let e = Config::load(Path::new("/nonexistent/x.toml"), &Overrides::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(e.to_string().contains("cannot read the config"), "{e}");
}

#[test]
fn bootstrap_settings_are_checked() {
    assert!(parse_err("[bootstrap]\nmean_block_days = 0.5\n").contains("mean_block_days"));
    assert!(parse_err("[bootstrap]\nconfidence = 1.0\n").contains("confidence"));
}

#[test]
fn the_scenario_cap_counts_the_sweep() {
    let e = parse(
        "[output]\nmax_scenarios = 10\n[sweep]\n\"condor.short_delta\" = [0.1, 0.12, 0.14]\n\
         \"condor.margin_target\" = [0.05, 0.1, 0.15, 0.2]\n",
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            RunnerError::TooManyScenarios {
                count: 12,
                cap: 10,
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("expands to 12 scenarios"), "{e}");
}

#[test]
fn shipped_configs_parse() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../configs");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "toml") {
            Config::load(&p, &Overrides::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            n += 1;
        }
    }
    assert!(n >= 7, "expected the seven shipped configs, found {n}");
}

#[test]
fn sweep_example_has_over_a_thousand_scenarios() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../configs/sweep-example.toml");
    let c = Config::load(&p, &Overrides::default()).unwrap();
    // 3 deltas x 3 margins x 3 budgets x 4 instruments, on 15 stress windows.
    assert_eq!(c.variant_count(), 108);
    assert_eq!(c.variant_count() * 15, 1_620);
}

#[test]
fn checks_after_parsing_point_at_the_line_of_their_key() {
    let cases = [
        (
            "\n[windows]\nselect = [\"rolling\"]\n\nrolling = { years = 0, step_months = 12 }\n",
            "test.toml:5:1: `windows.rolling`: years = 0",
        ),
        (
            "[windows]\nselect = [\"full\", \"rolling\"]\n",
            "test.toml:2:1: `windows.select`: `rolling` is selected",
        ),
        (
            "[windows.custom.late]\nstart = 2020-06-30\nend = 2020-01-01\n[windows]\nselect = [\"late\"]\n",
            "test.toml:1:17: `windows.custom.late`: start 2020-06-30 is not before end",
        ),
        (
            "[bootstrap]\npaths = 2\n\nmean_block_days = 0.5\n",
            "test.toml:4:1: `bootstrap.mean_block_days`: 0.5 is out of range: expected trading days >= 1",
        ),
        (
            "[bootstrap]\nconfidence = 1.0\n",
            "test.toml:2:1: `bootstrap.confidence`: 1 is out of range: expected a confidence level in (0, 1)",
        ),
        (
            "[run]\nseed = 2\nname = \"../x\"\n",
            "test.toml:3:1: `run.name`: `../x` contains a path separator",
        ),
        (
            "[output]\nmax_scenarios = 0\n",
            "test.toml:2:1: `output.max_scenarios`: 0 is out of range: expected scenarios >= 1",
        ),
        (
            "[condor]\nshort_delta = nan\n",
            "test.toml:2:15: `condor.short_delta`: `nan` is not a finite number",
        ),
        (
            "[model]\n\n[capital]\ntotal_usd = +inf\n",
            "test.toml:4:13: `capital.total_usd`: `+inf` is not a finite number",
        ),
        (
            "[capital]\ntotal_usd = 1e6\n[condor]\nshort_delta = 0.9\n",
            "test.toml:4:1: `condor.short_delta`: 0.9 is out of range",
        ),
    ];
    for (text, want) in cases {
        let e = parse_err(text);
        assert!(e.contains(want), "{text}\n=> {e}\nwanted {want}");
    }
}

#[test]
fn a_run_name_taken_from_a_hidden_file_name_is_refused_without_a_position() {
    let e = Config::parse(Path::new(".hidden.toml"), "", &Overrides::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert_eq!(
        e.to_string(),
        ".hidden.toml: `run.name`: `.hidden` contains `..` or starts with `.`; use a plain \
         name (the name comes from the config's file name; set [run] name)"
    );
}

#[test]
fn config_reference_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/config-reference.md");
    let want = reference::markdown();
    if std::env::var_os("RINGFENCE_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/config-reference.md is stale; regenerate it with \
         RINGFENCE_BLESS=1 cargo test -p ringfence-runner config_reference"
    );
}

/// The keys a table accepts, read from the error on an unknown key in it.
fn accepted_keys(table: &str) -> Vec<String> {
    let header = match table.strip_suffix("[]") {
        Some(t) => format!("[[{t}]]"),
        None => format!("[{}]", table.replace("<name>", "mine")),
    };
    let extra = if table == "windows.custom.<name>" {
        "start = 2020-01-01\nend = 2020-02-01\n"
    } else {
        ""
    };
    let msg = parse_err(&format!("{header}\n{extra}zz_not_a_key = 1\n"));
    let (_, accepted) = msg
        .split_once("; accepted: ")
        .unwrap_or_else(|| panic!("{table}: {msg}"));
    let accepted = accepted.split(" (did you mean").next().unwrap_or(accepted);
    accepted
        .trim()
        .split(", ")
        .map(|k| k.trim_matches('`').to_string())
        .collect()
}

#[test]
fn config_reference_rows_are_exactly_the_keys_each_table_accepts() {
    let mut tables = 0;
    for s in reference::sections() {
        if !s.title.starts_with('[') || s.title == "[sweep]" {
            continue;
        }
        let top = s.title.trim_matches(['[', ']']).to_string();
        let nested = s
            .rows
            .iter()
            .filter(|r| {
                r.kind == "table"
                    || r.kind.starts_with("list of table")
                    || r.kind.starts_with("table of")
            })
            .map(|r| match r.kind.as_str() {
                "table" => r.key.clone(),
                k if k.starts_with("list of") => format!("{}[]", r.key),
                _ => format!("{}.<name>", r.key),
            });
        for table in std::iter::once(top).chain(nested) {
            let mut documented: Vec<String> = s
                .rows
                .iter()
                .filter_map(|r| r.key.strip_prefix(&format!("{table}.")))
                .filter(|k| !k.contains('.') && !k.contains("[]"))
                .map(str::to_string)
                .collect();
            let mut accepted = accepted_keys(&table);
            documented.sort();
            accepted.sort();
            assert_eq!(documented, accepted, "rows of `{table}`");
            tables += 1;
        }
    }
    assert!(tables >= 20, "only {tables} tables checked");
}

#[test]
fn config_reference_data_defaults_are_the_loader_defaults() {
    let rows = reference::data::rows();
    let text: String = rows
        .iter()
        .filter(|r| !r.default.is_empty())
        .map(|r| format!("{} = {}\n", r.key.trim_start_matches("data."), r.default))
        .collect();
    let c = parse(&format!("[data]\n{text}")).unwrap();
    assert_eq!(c.load, ringfence_data::LoadOptions::default(), "{text}");
    assert_eq!(c.data_dir, Path::new("data"));
}
