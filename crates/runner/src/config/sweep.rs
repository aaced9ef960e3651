//! `[sweep]`: parameters varied across scenarios.
//!
//! Keys are dotted paths into the resolved config (`condor.short_delta`,
//! `hedge.instrument`, `model.div_yield`, `hedge.layers.0.dte`), written quoted
//! (`"condor.short_delta" = [...]`) or as nested tables (`[sweep.condor] short_delta = [...]`).
//! A value is a non-empty list or a range `{ from, to, step }` (inclusive of `to` up to
//! rounding; all-integer ranges give integers). `[[sweep.zip]]` tables group keys whose lists
//! advance together (equal lengths). The variants are the cartesian product of the
//! dimensions (each single key or zip group), the first dimension (in key order) varying
//! slowest; zip groups come after the single keys.

use std::ops::Range;

use serde_json::Value as Json;
use toml::de::DeValue;

use super::document::{Document, Value, join_key, to_json};
use crate::error::RunnerError;
use crate::hint;

/// Largest number of values one range may expand to.
const MAX_RANGE_VALUES: f64 = 1_000_000.0;

/// One swept key, with the position of its definition for error messages.
#[derive(Debug, Clone)]
pub struct SweepKey {
    /// Dotted path into the resolved config.
    pub path: String,
    /// Byte span of the key in the config.
    pub span: Range<usize>,
    /// Byte span of each value (for a range: the range table).
    pub value_spans: Vec<Range<usize>>,
}

/// One dimension of the product: a single key, or a zip group of keys advancing together.
#[derive(Debug, Clone)]
pub struct Dimension {
    /// The keys of the dimension (one unless a zip group).
    pub keys: Vec<SweepKey>,
    /// The points: `points[i][k]` is the value of `keys[k]` at point `i`.
    pub points: Vec<Vec<Json>>,
}

/// The parsed `[sweep]` table.
#[derive(Debug, Clone, Default)]
pub struct Sweep {
    /// Dimensions in product order (first varies slowest).
    pub dims: Vec<Dimension>,
}

impl Sweep {
    /// Parse the `[sweep]` value.
    ///
    /// # Errors
    /// [`RunnerError::Config`] for an empty list, a malformed range (step 0, wrong sign,
    /// missing field), a scalar where a list is expected, a key swept twice, or zip lists of
    /// different lengths.
    pub fn parse(doc: &Document<'_>, value: &Value<'_>) -> Result<Sweep, RunnerError> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(doc.error_at(
                value.span(),
                "sweep",
                "must be a table of `\"dotted.key\" = [values]`",
                None,
            ));
        };
        let mut dims = Vec::new();
        let mut zips = Vec::new();
        for (k, v) in table.iter() {
            let name = k.get_ref().as_ref();
            if name == "zip" {
                zips.push(v);
                continue;
            }
            let mut leaves = Vec::new();
            flatten(doc, name, k.span(), v, &mut leaves)?;
            for (key, points) in leaves {
                dims.push(Dimension {
                    keys: vec![key],
                    points: points.into_iter().map(|p| vec![p]).collect(),
                });
            }
        }
        for z in zips {
            let groups: Vec<&Value<'_>> = match z.get_ref() {
                DeValue::Array(a) => a.iter().collect(),
                DeValue::Table(_) => vec![z],
                _ => {
                    return Err(doc.error_at(
                        z.span(),
                        "sweep.zip",
                        "must be `[[sweep.zip]]` tables of `\"dotted.key\" = [values]`",
                        None,
                    ));
                }
            };
            for g in groups {
                dims.push(zip_group(doc, g)?);
            }
        }
        let mut seen: Vec<&SweepKey> = Vec::new();
        for d in &dims {
            for k in &d.keys {
                if seen.iter().any(|s| s.path == k.path) {
                    return Err(doc.error_at(
                        k.span.clone(),
                        format!("sweep.\"{}\"", k.path),
                        "swept twice; list it once, or in one zip group only",
                        None,
                    ));
                }
                seen.push(k);
            }
        }
        Ok(Sweep { dims })
    }

    /// Number of variants (product of dimension sizes; 1 without a sweep), saturating.
    pub fn count(&self) -> u128 {
        self.dims
            .iter()
            .fold(1u128, |acc, d| acc.saturating_mul(d.points.len() as u128))
    }

    /// The (key, value) assignments of variant `index` (mixed radix, first dim slowest).
    pub fn point(&self, index: usize) -> Vec<(&str, &Json)> {
        let mut digits = vec![0; self.dims.len()];
        let mut rest = index;
        for (d, dim) in self.dims.iter().enumerate().rev() {
            let n = dim.points.len();
            digits[d] = rest % n;
            rest /= n;
        }
        let mut out = Vec::new();
        for (dim, &i) in self.dims.iter().zip(&digits) {
            for (k, v) in dim.keys.iter().zip(&dim.points[i]) {
                out.push((k.path.as_str(), v));
            }
        }
        out
    }

    /// All swept keys in column order.
    pub fn keys(&self) -> impl Iterator<Item = &SweepKey> {
        self.dims.iter().flat_map(|d| d.keys.iter())
    }

    /// `{ "dotted.key": [values...] }` (each key's distinct values in sweep order), for
    /// `run.json`.
    pub fn values_by_key(&self) -> serde_json::Map<String, Json> {
        let mut m = serde_json::Map::new();
        for d in &self.dims {
            for (k, key) in d.keys.iter().enumerate() {
                let mut vals: Vec<Json> = Vec::new();
                for p in &d.points {
                    if !vals.contains(&p[k]) {
                        vals.push(p[k].clone());
                    }
                }
                m.insert(key.path.clone(), Json::Array(vals));
            }
        }
        m
    }

    /// The short column/label name of each key: the last path segment, or the full path
    /// when two keys share a last segment.
    pub fn short_names(&self) -> Vec<String> {
        let keys: Vec<&str> = self.keys().map(|k| k.path.as_str()).collect();
        keys.iter()
            .map(|k| {
                let leaf = k.rsplit('.').next().unwrap_or(k);
                let clash = keys
                    .iter()
                    .filter(|o| o.rsplit('.').next() == Some(leaf))
                    .count()
                    > 1;
                if clash {
                    k.to_string()
                } else {
                    leaf.to_string()
                }
            })
            .collect()
    }
}

fn zip_group(doc: &Document<'_>, g: &Value<'_>) -> Result<Dimension, RunnerError> {
    let DeValue::Table(t) = g.get_ref() else {
        return Err(doc.error_at(
            g.span(),
            "sweep.zip",
            "each zip group is a table of `\"dotted.key\" = [values]`",
            None,
        ));
    };
    let mut leaves = Vec::new();
    for (k, v) in t.iter() {
        flatten(doc, k.get_ref().as_ref(), k.span(), v, &mut leaves)?;
    }
    if leaves.len() < 2 {
        return Err(doc.error_at(
            g.span(),
            "sweep.zip",
            "a zip group needs at least two keys (a single key belongs in [sweep])",
            None,
        ));
    }
    let n = leaves[0].1.len();
    if let Some((k, p)) = leaves.iter().find(|(_, p)| p.len() != n) {
        return Err(doc.error_at(
            k.span.clone(),
            format!("sweep.zip.\"{}\"", k.path),
            format!(
                "has {} values but `{}` has {n}; zipped lists must have equal lengths",
                p.len(),
                leaves[0].0.path
            ),
            None,
        ));
    }
    let points = (0..n)
        .map(|i| leaves.iter().map(|(_, p)| p[i].clone()).collect())
        .collect();
    Ok(Dimension {
        keys: leaves.into_iter().map(|(k, _)| k).collect(),
        points,
    })
}

/// Walk nested tables down to leaves (lists or ranges).
fn flatten(
    doc: &Document<'_>,
    path: &str,
    key_span: Range<usize>,
    v: &Value<'_>,
    out: &mut Vec<(SweepKey, Vec<Json>)>,
) -> Result<(), RunnerError> {
    let key = format!("sweep.\"{path}\"");
    match v.get_ref() {
        DeValue::Array(a) => {
            if a.is_empty() {
                return Err(doc.error_at(
                    v.span(),
                    key,
                    "empty list: give at least one value",
                    None,
                ));
            }
            out.push((
                SweepKey {
                    path: path.to_string(),
                    span: key_span,
                    value_spans: a.iter().map(|x| x.span()).collect(),
                },
                a.iter().map(to_json).collect(),
            ));
            Ok(())
        }
        DeValue::Table(t) if t.contains_key("from") || t.contains_key("to") => {
            let values = range(doc, &key, v)?;
            out.push((
                SweepKey {
                    path: path.to_string(),
                    span: key_span,
                    value_spans: vec![v.span(); values.len()],
                },
                values,
            ));
            Ok(())
        }
        DeValue::Table(t) => {
            if t.is_empty() {
                return Err(doc.error_at(v.span(), key, "empty table: nothing to sweep", None));
            }
            for (k, child) in t.iter() {
                flatten(
                    doc,
                    &join_key(path, k.get_ref().as_ref()),
                    k.span(),
                    child,
                    out,
                )?;
            }
            Ok(())
        }
        _ => Err(doc.error_at(
            v.span(),
            key,
            "a swept value must be a list `[a, b, ...]` or a range `{ from = .., to = .., step = .. }`",
            None,
        )),
    }
}

/// Expand `{ from, to, step }`.
fn range(doc: &Document<'_>, key: &str, v: &Value<'_>) -> Result<Vec<Json>, RunnerError> {
    let DeValue::Table(t) = v.get_ref() else {
        unreachable!("range() is called on tables only");
    };
    for (k, _) in t.iter() {
        let name = k.get_ref().as_ref();
        if !["from", "to", "step"].contains(&name) {
            return Err(doc.error_at(
                k.span(),
                format!("{key}.{name}"),
                format!("unknown key `{name}` in a range; accepted: from, to, step"),
                hint::suggest(name, ["from", "to", "step"]),
            ));
        }
    }
    let field = |name: &str| -> Result<(Json, f64), RunnerError> {
        let Some(x) = t.get(name) else {
            return Err(doc.error_at(
                v.span(),
                key,
                format!("a range needs `from`, `to` and `step`; `{name}` is missing"),
                None,
            ));
        };
        let j = to_json(x);
        match j.as_f64() {
            Some(f) if f.is_finite() => Ok((j, f)),
            _ => Err(doc.error_at(
                x.span(),
                format!("{key}.{name}"),
                "must be a finite number",
                None,
            )),
        }
    };
    let (fj, from) = field("from")?;
    let (tj, to) = field("to")?;
    let (sj, step) = field("step")?;
    if step == 0.0 {
        return Err(doc.error_at(v.span(), key, "range step is 0; use a non-zero step", None));
    }
    if (to - from) * step < 0.0 {
        return Err(doc.error_at(
            v.span(),
            key,
            format!(
                "range step {step} has the wrong sign: from {from} to {to} needs a {} step",
                if to > from { "positive" } else { "negative" }
            ),
            None,
        ));
    }
    let n = ((to - from) / step + 1e-9).floor() + 1.0;
    if n > MAX_RANGE_VALUES {
        return Err(doc.error_at(
            v.span(),
            key,
            format!("range expands to {n} values (more than {MAX_RANGE_VALUES})"),
            None,
        ));
    }
    let n = n as usize;
    let integral = fj.is_i64() && tj.is_i64() && sj.is_i64();
    Ok((0..n)
        .map(|i| {
            if integral {
                let (f, s) = (fj.as_i64().unwrap_or(0), sj.as_i64().unwrap_or(0));
                Json::from(f + s * i as i64)
            } else {
                // Round away float noise (0.1 + 2 * 0.05 = 0.20000000000000001).
                let x = from + step * i as f64;
                let x: f64 = format!("{x:.12}").parse().unwrap_or(x);
                serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number)
            }
        })
        .collect())
}

/// Set `path` (dotted, numeric segments index arrays) in `root` to `value`.
///
/// # Errors
/// A message naming the first segment that does not exist, with the keys that do.
pub fn set_path(root: &mut Json, path: &str, value: Json) -> Result<(), PathError> {
    let mut cur = root;
    let mut walked = String::new();
    for seg in path.split('.') {
        let next = match cur {
            Json::Object(m) => {
                let names: Vec<String> = m.keys().cloned().collect();
                match m.get_mut(seg) {
                    Some(n) => n,
                    None => {
                        return Err(PathError {
                            at: walked,
                            segment: seg.to_string(),
                            hint: hint::suggest(seg, names.iter().map(String::as_str)),
                            accepted: names,
                        });
                    }
                }
            }
            Json::Array(a) => {
                let len = a.len();
                match seg.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                    Some(n) => n,
                    None => {
                        return Err(PathError {
                            at: walked,
                            segment: seg.to_string(),
                            hint: None,
                            accepted: (0..len).map(|i| i.to_string()).collect(),
                        });
                    }
                }
            }
            _ => {
                return Err(PathError {
                    at: walked,
                    segment: seg.to_string(),
                    hint: None,
                    accepted: Vec::new(),
                });
            }
        };
        walked = join_key(&walked, seg);
        cur = next;
    }
    *cur = value;
    Ok(())
}

/// A dotted path that does not exist in the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// The part of the path that exists.
    pub at: String,
    /// The first segment that does not.
    pub segment: String,
    /// A near miss among `accepted`.
    pub hint: Option<String>,
    /// Keys (or indices) that exist at `at`.
    pub accepted: Vec<String>,
}

impl PathError {
    /// "no key `x` in `condor`; accepted: a, b".
    pub fn message(&self) -> String {
        let place = if self.at.is_empty() {
            "the config".to_string()
        } else {
            format!("`{}`", self.at)
        };
        if self.accepted.is_empty() {
            format!(
                "`{place}` is a value, not a table: no key `{}`",
                self.segment
            )
        } else {
            format!(
                "no key `{}` in {place}; accepted: {}",
                self.segment,
                self.accepted.join(", ")
            )
        }
    }
}

/// Format a swept value for a label: numbers and booleans as JSON, strings bare.
pub fn label_value(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}
