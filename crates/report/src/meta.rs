//! `run.json`: the resolved config, version, seed, data provenance and stress windows of a run.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ringfence_schema::run_dir;
use serde_json::Value;

use crate::error::{ReportError, Result};

/// The run-directory format version this report reads (`run.json` key `format_version`).
pub const FORMAT_VERSION: u64 = run_dir::FORMAT_VERSION as u64;

/// The parts of `run.json` the report shows or uses.
#[derive(Debug, Clone)]
pub struct RunMeta {
    /// Path of `run.json`.
    pub path: PathBuf,
    /// Run name (`[run] name`), or the directory name when absent.
    pub name: String,
    /// ringfence version that wrote the run (empty when absent).
    pub version: String,
    /// Seed as written (empty when absent).
    pub seed: String,
    /// The resolved config, shown as-is.
    pub config: Value,
    /// Data files, hashes and date range.
    pub provenance: Provenance,
    /// Stress windows (name and inclusive calendar dates).
    pub windows: Vec<Window>,
    /// Dotted keys of the swept parameters (`condor.short_delta`).
    pub sweep_keys: Vec<String>,
    /// Model assumptions written by the runner (key, text), shown in the report.
    pub assumptions: Vec<(String, String)>,
}

/// Where the market data came from.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// Data directory.
    pub dir: String,
    /// First date of the history (`YYYY-MM-DD`, as written).
    pub start: String,
    /// Last date of the history.
    pub end: String,
    /// Column names of [`Provenance::files`], in first-seen order.
    pub file_columns: Vec<String>,
    /// One row per data file: values of `file_columns` (empty when absent).
    pub files: Vec<Vec<String>>,
}

/// A named date window (stress episode), both ends inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// Window name (`2020 COVID`).
    pub name: String,
    /// First calendar date.
    pub start: NaiveDate,
    /// Last calendar date.
    pub end: NaiveDate,
}

impl RunMeta {
    /// Read and check `run.json` in `dir`.
    ///
    /// # Errors
    /// Missing file, invalid JSON, a `format_version` other than [`FORMAT_VERSION`] (or, when
    /// absent, a `version` other than this crate's), each naming run.json.
    pub fn read(dir: &Path) -> Result<Self> {
        let path = dir.join(run_dir::RUN_JSON);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ReportError::Missing {
                    path,
                    what: "resolved config, version and data hashes",
                });
            }
            Err(e) => return Err(ReportError::io(&path, e)),
        };
        let root: Value = serde_json::from_str(&text).map_err(|e| ReportError::Json {
            path: path.clone(),
            message: format!("invalid JSON (truncated file?): {e}"),
        })?;
        if !root.is_object() {
            return Err(ReportError::Json {
                path,
                message: "expected a JSON object at the top level".into(),
            });
        }
        let version = scalar(root.get("version"));
        check_version(&path, &root, &version)?;
        let config = root.get("config").cloned().unwrap_or(Value::Null);
        let name = match scalar(root.get("name")) {
            n if !n.is_empty() => n,
            _ => match scalar(config.pointer("/run/name")) {
                n if !n.is_empty() => n,
                _ => dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            },
        };
        let seed = match scalar(root.get("seed")) {
            s if !s.is_empty() => s,
            _ => scalar(config.pointer("/run/seed")),
        };
        let windows = windows(root.get("windows"))
            .or_else(|| windows(config.get("windows")))
            .unwrap_or_default();
        let sweep_keys = sweep_keys(root.get("sweep").or_else(|| config.get("sweep")));
        let assumptions = assumptions(root.get("assumptions").or_else(|| root.get("model")));
        Ok(Self {
            path,
            name,
            version,
            seed,
            provenance: provenance(root.get("data")),
            config,
            windows,
            sweep_keys,
            assumptions,
        })
    }
}

fn check_version(path: &Path, root: &Value, version: &str) -> Result<()> {
    match root.get("format_version") {
        Some(v) if v.as_u64() == Some(FORMAT_VERSION) => Ok(()),
        Some(v) => Err(ReportError::Version {
            path: path.to_path_buf(),
            found: v.to_string(),
            supported: FORMAT_VERSION.to_string(),
        }),
        None if version == env!("CARGO_PKG_VERSION") => Ok(()),
        None => Err(ReportError::Version {
            path: path.to_path_buf(),
            found: if version.is_empty() {
                "(no format_version or version key)".into()
            } else {
                format!("ringfence {version}")
            },
            supported: format!("{FORMAT_VERSION} (ringfence {})", env!("CARGO_PKG_VERSION")),
        }),
    }
}

/// Text of a scalar JSON value (strings unquoted); empty for null, absent or composite.
pub fn scalar(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(other @ (Value::Array(_) | Value::Object(_))) => other.to_string(),
        _ => String::new(),
    }
}

fn provenance(data: Option<&Value>) -> Provenance {
    let Some(data) = data else {
        return Provenance::default();
    };
    let get = |k: &str| scalar(data.get(k));
    let mut p = Provenance {
        dir: get("dir"),
        start: get("start"),
        end: get("end"),
        ..Provenance::default()
    };
    let files: Vec<&Value> = match data.get("files") {
        Some(Value::Array(a)) => a.iter().collect(),
        // `{ "path": { ...fields } }` or `{ "path": "sha256" }`
        Some(Value::Object(m)) => m.values().collect(),
        _ => Vec::new(),
    };
    let keyed: Vec<Vec<(String, String)>> = match data.get("files") {
        Some(Value::Object(m)) => m
            .iter()
            .map(|(path, v)| {
                let mut row = vec![("path".to_string(), path.clone())];
                match v {
                    Value::Object(o) => {
                        row.extend(o.iter().map(|(k, v)| (k.clone(), scalar(Some(v)))));
                    }
                    other => row.push(("sha256".into(), scalar(Some(other)))),
                }
                row
            })
            .collect(),
        _ => files
            .iter()
            .map(|f| match f {
                Value::Object(o) => o
                    .iter()
                    .map(|(k, v)| (k.clone(), scalar(Some(v))))
                    .collect(),
                other => vec![("path".to_string(), scalar(Some(other)))],
            })
            .collect(),
    };
    for row in &keyed {
        for (k, _) in row {
            if !p.file_columns.contains(k) {
                p.file_columns.push(k.clone());
            }
        }
    }
    p.files = keyed
        .iter()
        .map(|row| {
            p.file_columns
                .iter()
                .map(|c| {
                    row.iter()
                        .find(|(k, _)| k == c)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    p
}

fn date(v: Option<&Value>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v?.as_str()?, "%Y-%m-%d").ok()
}

fn window_from(name: &str, v: &Value) -> Option<Window> {
    let (start, end) = match v {
        Value::Array(a) if a.len() == 2 => (date(a.first()), date(a.get(1))),
        Value::Object(_) => (date(v.get("start")), date(v.get("end"))),
        _ => (None, None),
    };
    let name = match v.get("name").and_then(Value::as_str) {
        Some(n) => n.to_string(),
        None => name.to_string(),
    };
    Some(Window {
        name,
        start: start?,
        end: end?,
    })
}

/// Windows from `[ {name,start,end} ]`, `{ name: {start,end} }` or `{ name: [start, end] }`;
/// nested tables (e.g. `windows.stress`) are searched one level down. `None` when absent.
fn windows(v: Option<&Value>) -> Option<Vec<Window>> {
    let mut out = Vec::new();
    match v? {
        Value::Array(a) => out.extend(a.iter().filter_map(|w| window_from("", w))),
        Value::Object(m) => {
            for (k, w) in m {
                match window_from(k, w) {
                    Some(win) => out.push(win),
                    None => {
                        if let Some(inner) = windows(Some(w)) {
                            out.extend(inner);
                        }
                    }
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

fn sweep_keys(v: Option<&Value>) -> Vec<String> {
    fn walk(prefix: &str, v: &Value, out: &mut Vec<String>) {
        if let Value::Object(m) = v {
            for (k, inner) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                match inner {
                    Value::Object(_) => walk(&key, inner, out),
                    _ => out.push(key),
                }
            }
        }
    }
    let mut out = Vec::new();
    if let Some(v) = v {
        walk("", v, &mut out);
    }
    out
}

fn assumptions(v: Option<&Value>) -> Vec<(String, String)> {
    match v {
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| (k.clone(), scalar(Some(v))))
            .collect(),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, v)| ((i + 1).to_string(), scalar(Some(v))))
            .collect(),
        Some(other) => vec![("model".into(), scalar(Some(other)))],
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_read_from_table_and_array_forms() {
        let v: Value = serde_json::json!({
            "covid": {"start": "2020-02-19", "end": "2020-04-30"},
            "stress": [{"name": "gfc", "start": "2008-09-01", "end": "2009-03-31"}]
        });
        let w = windows(Some(&v)).unwrap();
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].name, "covid");
        assert_eq!(w[1].name, "gfc");
        assert_eq!(w[1].end, NaiveDate::from_ymd_opt(2009, 3, 31).unwrap());
    }

    #[test]
    fn sweep_keys_are_dotted() {
        let v: Value = serde_json::json!({"condor": {"short_delta": [0.1, 0.16]}, "hedge.budget_annual": [0.01]});
        assert_eq!(
            sweep_keys(Some(&v)),
            ["condor.short_delta", "hedge.budget_annual"]
        );
    }
}
