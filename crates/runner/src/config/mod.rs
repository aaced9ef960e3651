//! The run config: one TOML file, defaults for everything, unknown keys are errors.
//!
//! Tables: `[run]`, `[data]` (`dir` + `ringfence_data::LoadOptions`), `[model]`
//! (`ringfence_pricing::ModelParams`), the strategy tables of
//! `ringfence_strategy::StrategyParams` (`[capital]`, `[condor]`, `[hedge]` with
//! `[[hedge.layers]]`, `[signals]`, `[margin]`, `[costs]`, `[transfers]`), a top-level
//! `layouts = [...]` list, `[sweep]`, `[windows]`, `[bootstrap]` and `[output]`.
//!
//! [`Config::load`] reads and checks everything that does not need the data: syntax, keys,
//! types, every swept value, and [`StrategyParams::validate`] on every variant. Nothing is
//! simulated or written before it succeeds.

pub mod document;
pub mod reference;
pub mod sections;
pub mod sweep;
pub mod windows;

use std::path::{Path, PathBuf};

use ringfence_data::LoadOptions;
use ringfence_pricing::ModelParams;
use ringfence_strategy::params::Param;
use ringfence_strategy::{Layout, StrategyParams};
use serde_json::Value as Json;

pub use document::Document;
pub use sections::{BootstrapSection, OutputSection, Pick, RunSection};
pub use sweep::Sweep;

pub use crate::window::{Date, DateRange, RollingSection, WindowsSection};

use crate::error::{Result, RunnerError};
use crate::hint;

/// Top-level keys the runner owns (the strategy tables come from `StrategyParams`).
pub const RUNNER_KEYS: [&str; 8] = [
    "run",
    "data",
    "model",
    "layouts",
    "sweep",
    "windows",
    "bootstrap",
    "output",
];

/// Most invalid variants listed in one error.
const MAX_LISTED_PROBLEMS: usize = 20;

/// Command-line values that override the config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--data DIR`: replaces `data.dir`.
    pub data_dir: Option<PathBuf>,
    /// `--out DIR`: replaces `run.out`.
    pub out_dir: Option<PathBuf>,
}

/// A loaded and checked config.
#[derive(Debug, Clone)]
pub struct Config {
    /// The config file.
    pub file: PathBuf,
    /// Run name (validated: a plain file name).
    pub name: String,
    /// Seed of every random draw.
    pub seed: u64,
    /// Output directory.
    pub out_dir: PathBuf,
    /// True when the output directory was given (`--out` or `run.out`), not defaulted.
    pub out_explicit: bool,
    /// Data directory.
    pub data_dir: PathBuf,
    /// How to load the data directory.
    pub load: LoadOptions,
    /// Chain store (`[data] chains`, resolved against the data directory); `None`: the
    /// model prices every option.
    pub chains: Option<PathBuf>,
    /// Layouts simulated together in every scenario, in output order.
    pub layouts: Vec<Layout>,
    /// Window selection.
    pub windows: WindowsSection,
    /// Bootstrap settings.
    pub bootstrap: BootstrapSection,
    /// Output settings.
    pub output: OutputSection,
    /// The sweep.
    pub sweep: Sweep,
    /// Strategy parameters before the sweep.
    pub strategy: StrategyParams,
    /// Model parameters before the sweep.
    pub model: ModelParams,
    /// `{ "model": .., "capital": .., ... }`: the sweepable part, as JSON.
    base: Json,
    /// The whole resolved config (defaults filled in, without the output directory).
    resolved: Json,
    /// Indices of sweep dimensions that touch `model.*`.
    model_dims: Vec<usize>,
}

/// One point of the sweep: its parameters, ready to simulate.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Index in sweep order (0-based).
    pub index: usize,
    /// `short_delta=0.16,margin_target=0.1` (empty without a sweep).
    pub label: String,
    /// Swept (dotted key, value) pairs, in column order.
    pub params: Vec<(String, Json)>,
    /// Strategy parameters of the variant (validated).
    pub strategy: StrategyParams,
    /// Index of the variant's model parameters in [`Config::model_params`].
    pub model: usize,
}

impl Config {
    /// Read, parse and check `path`.
    ///
    /// # Errors
    /// [`RunnerError::Config`] (unreadable file, syntax, unknown key, wrong type, bad sweep),
    /// [`RunnerError::Invalid`] (parameters out of range, per variant),
    /// [`RunnerError::TooManyScenarios`] when the sweep alone exceeds the cap.
    pub fn load(path: &Path, overrides: &Overrides) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| RunnerError::config(path, "", format!("cannot read the config: {e}")))?;
        Self::parse(path, &text, overrides)
    }

    /// Parse and check config `text` read from `path`.
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn parse(path: &Path, text: &str, overrides: &Overrides) -> Result<Config> {
        let doc = Document::parse(path, text)?;
        let strategy_keys = strategy_keys();
        let all_keys: Vec<&str> = RUNNER_KEYS
            .iter()
            .copied()
            .chain(strategy_keys.iter().map(String::as_str))
            .collect();
        let mut runner: Vec<(&str, &document::Value<'_>)> = Vec::new();
        let mut strategy: Vec<(&str, &document::Value<'_>)> = Vec::new();
        for (k, span, v) in doc.entries() {
            if RUNNER_KEYS.contains(&k) {
                runner.push((k, v));
            } else if strategy_keys.iter().any(|s| s == k) {
                strategy.push((k, v));
            } else {
                return Err(doc.error_at(
                    span,
                    k,
                    format!("unknown table or key; accepted: {}", all_keys.join(", ")),
                    hint::suggest(k, all_keys.iter().copied()),
                ));
            }
        }
        let get = |name: &str| runner.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
        let section = |name: &str| -> Option<&document::Value<'_>> { get(name) };

        let run: RunSection = match section("run") {
            Some(v) => doc.deserialize("run", v, &[])?,
            None => RunSection::default(),
        };
        let name = match &run.name {
            Some(n) => n.clone(),
            None => path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "run".to_string()),
        };
        if let Err(msg) = check_name(&name) {
            let msg = if run.name.is_some() {
                msg
            } else {
                format!("{msg} (the name comes from the config's file name; set [run] name)")
            };
            return Err(doc.error_at_key(section("run"), &["name"], "run.name", msg, None));
        }

        let (mut data_dir, mut load, mut chains, data_json) = data_section(&doc, section("data"))?;
        let config_dir = config_dir_of(path);
        let paths = load.paths_mut().chain(chains.iter_mut());
        for p in paths.chain(std::iter::once(&mut data_dir)) {
            expand_config_dir(p, &config_dir);
        }
        let model: ModelParams = match section("model") {
            Some(v) => doc.deserialize("model", v, &[])?,
            None => ModelParams::default(),
        };
        let strategy_params: StrategyParams = if strategy.is_empty() {
            StrategyParams::default()
        } else {
            doc.deserialize("", &doc.table_of(strategy.clone()), &[])?
        };
        let layouts: Vec<Layout> = match section("layouts") {
            Some(v) => doc.deserialize("layouts", v, &[])?,
            None => Layout::ALL.to_vec(),
        };
        if layouts.is_empty() {
            let span = section("layouts").map(|v| v.span()).unwrap_or(0..0);
            return Err(doc.error_at(span, "layouts", "empty: list at least one layout", None));
        }
        for (i, l) in layouts.iter().enumerate() {
            if layouts[..i].contains(l) {
                let span = section("layouts").map(|v| v.span()).unwrap_or(0..0);
                return Err(doc.error_at(
                    span,
                    "layouts",
                    format!("`{}` is listed twice", l.name()),
                    None,
                ));
            }
        }
        let windows: WindowsSection = match section("windows") {
            Some(v) => doc.deserialize("windows", v, &[])?,
            None => WindowsSection::default(),
        };
        windows::check_section(&doc, section("windows"), &windows)?;
        let bootstrap: BootstrapSection = match section("bootstrap") {
            Some(v) => doc.deserialize("bootstrap", v, &[])?,
            None => BootstrapSection::default(),
        };
        check_ranges(&doc, "bootstrap", &bootstrap)?;
        if windows.select.is_empty() && bootstrap.paths == 0 {
            return Err(doc.error_at_key(
                section("windows"),
                &["select"],
                "windows.select",
                "empty: select at least one window (or set bootstrap.paths)",
                None,
            ));
        }
        let output: OutputSection = match section("output") {
            Some(v) => doc.deserialize("output", v, &[])?,
            None => OutputSection::default(),
        };
        check_ranges(&doc, "output", &output)?;
        // NaN and infinities deserialise into f64 fields but serialise to null: refuse them
        // here, where the error can point at the value.
        doc.check_finite()?;
        let sweep = match section("sweep") {
            Some(v) => Sweep::parse(&doc, v)?,
            None => Sweep::default(),
        };

        let mut base = serde_json::Map::new();
        base.insert("model".into(), to_value(&model));
        if let Json::Object(m) = to_value(&strategy_params) {
            base.extend(m);
        }
        let base = Json::Object(base);
        check_sweep_keys(&doc, &sweep, &base, &strategy_keys)?;

        let mut resolved = match &base {
            Json::Object(m) => m.clone(),
            _ => serde_json::Map::new(),
        };
        let mut run_json = serde_json::Map::new();
        run_json.insert("name".into(), Json::from(name.clone()));
        run_json.insert("seed".into(), Json::from(run.seed.unwrap_or(1)));
        resolved.insert("run".into(), Json::Object(run_json));
        let data_dir = overrides.data_dir.clone().unwrap_or(data_dir);
        let mut data_json = data_json;
        data_json.insert("dir".into(), Json::from(data_dir.display().to_string()));
        resolved.insert("data".into(), Json::Object(data_json));
        resolved.insert(
            "layouts".into(),
            Json::Array(layouts.iter().map(|l| Json::from(l.name())).collect()),
        );
        resolved.insert("windows".into(), to_value(&windows));
        resolved.insert("bootstrap".into(), to_value(&bootstrap));
        resolved.insert("output".into(), to_value(&output));
        resolved.insert(
            "sweep".into(),
            section("sweep").map_or(Json::Object(Default::default()), document::to_json),
        );

        let model_dims = sweep
            .dims
            .iter()
            .enumerate()
            .filter(|(_, d)| d.keys.iter().any(|k| k.path.starts_with("model.")))
            .map(|(i, _)| i)
            .collect();
        let out_explicit = overrides.out_dir.is_some() || run.out.is_some();
        let out_dir = overrides
            .out_dir
            .clone()
            .or(run.out.clone())
            .unwrap_or_else(|| Path::new("reports").join(&name));
        let config = Config {
            file: path.to_path_buf(),
            name,
            seed: run.seed.unwrap_or(1),
            out_dir,
            out_explicit,
            chains: chains.map(|c| data_dir.join(c)),
            data_dir,
            load,
            layouts,
            windows,
            bootstrap,
            output,
            sweep,
            strategy: strategy_params,
            model,
            base,
            resolved: Json::Object(resolved),
            model_dims,
        };
        let count = config.sweep.count();
        if count > config.output.max_scenarios as u128 {
            return Err(RunnerError::TooManyScenarios {
                file: config.file.clone(),
                count,
                cap: config.output.max_scenarios,
            });
        }
        config.check_values(&doc)?;
        config.check_variants(&doc)?;
        Ok(config)
    }

    /// Number of variants (1 without a sweep).
    pub fn variant_count(&self) -> usize {
        // Bounded by max_scenarios in `parse`.
        self.sweep.count() as usize
    }

    /// The resolved config as JSON: every default filled in, `data.dir` as used, without
    /// the output directory (so shards written to different directories agree).
    pub fn resolved(&self) -> &Json {
        &self.resolved
    }

    /// Label of variant `v` (`short_delta=0.16,margin_target=0.1`), empty without a sweep.
    pub fn variant_label(&self, v: usize) -> String {
        let names = self.sweep.short_names();
        self.sweep
            .point(v)
            .iter()
            .zip(&names)
            .map(|((_, val), n)| format!("{n}={}", sweep::label_value(val)))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Number of distinct model parameter sets (1 unless `model.*` is swept).
    pub fn model_count(&self) -> usize {
        self.model_dims
            .iter()
            .map(|&d| self.sweep.dims[d].points.len())
            .product()
    }

    /// Model parameter set `m` (see [`Variant::model`]).
    ///
    /// # Errors
    /// [`RunnerError::Config`] if the patched parameters do not deserialise (checked at load,
    /// so only on a bug).
    pub fn model_params(&self, m: usize) -> Result<ModelParams> {
        let mut json = self.base.get("model").cloned().unwrap_or(Json::Null);
        let mut rest = m;
        for &d in self.model_dims.iter().rev() {
            let dim = &self.sweep.dims[d];
            let i = rest % dim.points.len();
            rest /= dim.points.len();
            for (k, v) in dim.keys.iter().zip(&dim.points[i]) {
                if let Some(p) = k.path.strip_prefix("model.") {
                    sweep::set_path(&mut json, p, v.clone())
                        .map_err(|e| self.plain_error(&k.path, e.message()))?;
                }
            }
        }
        serde_json::from_value(json).map_err(|e| self.plain_error("model", e.to_string()))
    }

    /// Build variant `v` (0-based, `< variant_count()`).
    ///
    /// # Errors
    /// [`RunnerError::Config`] if a swept value does not deserialise (checked at load, so only
    /// on a bug).
    pub fn variant(&self, v: usize) -> Result<Variant> {
        let point = self.sweep.point(v);
        let mut json = self.base.clone();
        for (k, val) in &point {
            sweep::set_path(&mut json, k, (*val).clone())
                .map_err(|e| self.plain_error(k, e.message()))?;
        }
        if let Json::Object(m) = &mut json {
            m.remove("model");
        }
        let strategy = serde_path_to_error::deserialize::<_, StrategyParams>(json)
            .map_err(|e| self.plain_error(&e.path().to_string(), e.inner().to_string()))?
            .resolve_mechanisms();
        // Mixed-radix digits of the model dimensions give the model index.
        let mut digits = vec![0usize; self.sweep.dims.len()];
        let mut rest = v;
        for (d, dim) in self.sweep.dims.iter().enumerate().rev() {
            digits[d] = rest % dim.points.len();
            rest /= dim.points.len();
        }
        let model = self.model_dims.iter().fold(0usize, |acc, &d| {
            acc * self.sweep.dims[d].points.len() + digits[d]
        });
        Ok(Variant {
            index: v,
            label: self.variant_label(v),
            params: point
                .into_iter()
                .map(|(k, val)| (k.to_string(), val.clone()))
                .collect(),
            strategy,
            model,
        })
    }

    fn plain_error(&self, key: &str, message: impl Into<String>) -> RunnerError {
        RunnerError::config(&self.file, key, message)
    }

    /// Every swept value alone on top of the base config must deserialise: errors point at
    /// the value in the file.
    fn check_values(&self, doc: &Document<'_>) -> Result<()> {
        for dim in &self.sweep.dims {
            for (i, point) in dim.points.iter().enumerate() {
                let mut json = self.base.clone();
                for (k, v) in dim.keys.iter().zip(point) {
                    // Paths were checked by check_sweep_keys.
                    let _ = sweep::set_path(&mut json, &k.path, v.clone());
                }
                let model = json
                    .as_object_mut()
                    .and_then(|m| m.remove("model"))
                    .unwrap_or(Json::Null);
                let res = serde_path_to_error::deserialize::<_, ModelParams>(model)
                    .map(|_| ())
                    .map_err(|e| (format!("model.{}", e.path()), e.into_inner().to_string()))
                    .and_then(|_| {
                        serde_path_to_error::deserialize::<_, StrategyParams>(json)
                            .map(|_| ())
                            .map_err(|e| (e.path().to_string(), e.into_inner().to_string()))
                    });
                if let Err((path, msg)) = res {
                    let key = dim
                        .keys
                        .iter()
                        .find(|k| path.starts_with(&k.path) || k.path.starts_with(&path))
                        .unwrap_or(&dim.keys[0]);
                    let span = key.value_spans.get(i).cloned().unwrap_or(key.span.clone());
                    let names = hint::expected_names(&msg);
                    let hint = hint::unknown_name(&msg)
                        .and_then(|n| hint::suggest(n, names.iter().copied()));
                    return Err(doc.error_at(
                        span,
                        format!("sweep.\"{}\"", key.path),
                        format!("value {}: {msg}", dim_value(point, dim, key)),
                        hint,
                    ));
                }
            }
        }
        Ok(())
    }

    /// `StrategyParams::validate` on every variant and `ModelParams::validate` on every
    /// model parameter set; all problems in one error, each with the line and column of its
    /// key (the swept key for a swept value).
    fn check_variants(&self, doc: &Document<'_>) -> Result<()> {
        // `file:line:column: ` of a key (its sweep line for a swept key), empty if absent.
        let place = |key: &str| {
            let span = self
                .sweep
                .keys()
                .find(|k| k.path == key)
                .map(|k| k.span.clone())
                .or_else(|| doc.path_span(key));
            span.map_or(String::new(), |s| {
                let (l, c) = document::line_column(doc.text(), s.start);
                format!("{}:{l}:{c}: ", self.file.display())
            })
        };
        let mut problems = Vec::new();
        let mut total = 0usize;
        for v in 0..self.variant_count() {
            let variant = self.variant(v)?;
            for e in variant.strategy.validate() {
                total += 1;
                if problems.len() < MAX_LISTED_PROBLEMS {
                    let at = if variant.label.is_empty() {
                        String::new()
                    } else {
                        format!("[{}] ", variant.label)
                    };
                    problems.push(format!("  {}{at}`{}`: {}", place(&e.key), e.key, e.message));
                }
            }
        }
        for m in 0..self.model_count() {
            let Err(e) = self.model_params(m)?.validate() else {
                continue;
            };
            total += 1;
            if problems.len() < MAX_LISTED_PROBLEMS {
                problems.push(match e {
                    ringfence_pricing::PricingError::InvalidConfig {
                        key,
                        value,
                        expected,
                    } => format!(
                        "  {}`{key}`: {value} is out of range: expected {expected}",
                        place(&key)
                    ),
                    other => format!("  {other}"),
                });
            }
        }
        if total > problems.len() {
            problems.push(format!("  ... and {} more", total - problems.len()));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(RunnerError::Invalid {
                file: self.file.clone(),
                problems,
            })
        }
    }
}

fn dim_value(point: &[Json], dim: &sweep::Dimension, key: &sweep::SweepKey) -> String {
    dim.keys
        .iter()
        .position(|k| k.path == key.path)
        .and_then(|i| point.get(i))
        .map(|v| v.to_string())
        .unwrap_or_default()
}

/// Names of the strategy tables (`capital`, `condor`, ...), from `StrategyParams`' own
/// serialisation so they follow the engine.
pub fn strategy_keys() -> Vec<String> {
    match to_value(&StrategyParams::default()) {
        Json::Object(m) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Json {
    serde_json::to_value(v).unwrap_or(Json::Null)
}

/// A run name must be a plain file name.
fn check_name(name: &str) -> std::result::Result<(), String> {
    if name.is_empty() {
        return Err("is empty".into());
    }
    if name.contains('/') || name.contains('\\') {
        return Err(format!(
            "`{name}` contains a path separator; use a plain name"
        ));
    }
    if name.contains("..") || name.starts_with('.') {
        return Err(format!(
            "`{name}` contains `..` or starts with `.`; use a plain name"
        ));
    }
    if name.chars().any(|c| c.is_control()) || name.len() > 120 {
        return Err("must be at most 120 printable characters".into());
    }
    Ok(())
}

/// The first component of a `[data]` path that stands for the directory of the config file,
/// so that a config names a file shipped beside it whatever the data directory.
pub const CONFIG_DIR: &str = "{config_dir}";

/// The absolute directory of the config file at `path` (the current directory for a bare
/// file name, whose parent is empty).
fn config_dir_of(path: &Path) -> PathBuf {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::path::absolute(parent).unwrap_or_else(|_| parent.to_path_buf())
}

/// Replace a leading [`CONFIG_DIR`] component of `p` with `config_dir` (absolute).
fn expand_config_dir(p: &mut PathBuf, config_dir: &Path) {
    if let Ok(rest) = p.strip_prefix(CONFIG_DIR) {
        *p = config_dir.join(rest);
    }
}

/// `[data]` parsed: the directory, the load options, the chain store, and the table as JSON.
type DataSection = (
    PathBuf,
    LoadOptions,
    Option<PathBuf>,
    serde_json::Map<String, Json>,
);

/// `[data]`: `dir`, `chains` and `LoadOptions`; returns (dir, options, chains, the table as
/// JSON).
fn data_section(doc: &Document<'_>, v: Option<&document::Value<'_>>) -> Result<DataSection> {
    let Some(v) = v else {
        return Ok((
            PathBuf::from("data"),
            LoadOptions::default(),
            None,
            Default::default(),
        ));
    };
    let toml::de::DeValue::Table(t) = v.get_ref() else {
        return Err(doc.error_at(v.span(), "data", "must be a table", None));
    };
    let mut rest = t.clone();
    let dir = match rest.remove("dir") {
        Some(d) => doc.deserialize::<PathBuf>("data.dir", &d, &[])?,
        None => PathBuf::from("data"),
    };
    let chains = match rest.remove("chains") {
        Some(c) => Some(doc.deserialize::<PathBuf>("data.chains", &c, &[])?),
        None => None,
    };
    let rest = toml::Spanned::new(v.span(), toml::de::DeValue::Table(rest));
    let load: LoadOptions = doc.deserialize("data", &rest, &["dir", "chains"])?;
    let json = match document::to_json(v) {
        Json::Object(m) => m,
        _ => Default::default(),
    };
    Ok((dir, load, chains, json))
}

/// The first value of runner table `value` outside the range declared on its field,
/// pointing at its key (`name` is the table's key).
fn check_ranges<T: Param>(doc: &Document<'_>, name: &str, value: &T) -> Result<()> {
    let mut errors = Vec::new();
    value.check(name, &mut errors);
    match errors.into_iter().next() {
        None => Ok(()),
        Some(e) => Err(match doc.path_span(&e.key) {
            Some(span) => doc.error_at(span, e.key, e.message, None),
            None => doc.error(e.key, e.message),
        }),
    }
}

/// Every swept key must name a sweepable value that exists in the resolved config.
fn check_sweep_keys(
    doc: &Document<'_>,
    sweep: &Sweep,
    base: &Json,
    strategy_keys: &[String],
) -> Result<()> {
    for k in sweep.keys() {
        let top = k.path.split('.').next().unwrap_or("");
        let key = format!("sweep.\"{}\"", k.path);
        if top != "model" && !strategy_keys.iter().any(|s| s == top) {
            let message = if top == "layouts" {
                "layouts cannot be swept: every scenario runs all `layouts` together (each \
                 is a row of summary.csv); list them in `layouts`"
                    .to_string()
            } else if RUNNER_KEYS.contains(&top) {
                format!("`{top}` cannot be swept; sweepable: model.* and the strategy tables")
            } else {
                format!(
                    "unknown table `{top}`; sweepable: model, {}",
                    strategy_keys.join(", ")
                )
            };
            let candidates: Vec<&str> = std::iter::once("model")
                .chain(strategy_keys.iter().map(String::as_str))
                .collect();
            return Err(doc.error_at(k.span.clone(), key, message, hint::suggest(top, candidates)));
        }
        let mut probe = base.clone();
        if let Err(e) = sweep::set_path(&mut probe, &k.path, Json::Null) {
            let hint = e.hint.clone().map(|h| document::join_key(&e.at, &h));
            return Err(doc.error_at(k.span.clone(), key, e.message(), hint));
        }
    }
    Ok(())
}
