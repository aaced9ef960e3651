//! The parsed TOML document with byte spans, and errors that point into it.
//!
//! Sections are deserialised one by one from their spanned values, through
//! `serde_path_to_error`, so an error knows both the dotted key and the byte offset of the
//! offending key or value; [`Document::error_at`] turns the offset into a line and column.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::error::{ConfigError, RunnerError};
use crate::hint;

/// A spanned TOML value borrowed from the config text.
pub type Value<'i> = Spanned<DeValue<'i>>;

/// The config text, its file name and its parsed root table.
#[derive(Debug)]
pub struct Document<'i> {
    file: PathBuf,
    text: &'i str,
    root: Spanned<DeTable<'i>>,
}

impl<'i> Document<'i> {
    /// Parse `text` (read from `file`).
    ///
    /// # Errors
    /// [`RunnerError::Config`] with the line and column of a TOML syntax error.
    pub fn parse(file: &Path, text: &'i str) -> Result<Self, RunnerError> {
        match DeTable::parse(text) {
            Ok(root) => Ok(Document {
                file: file.to_path_buf(),
                text,
                root,
            }),
            Err(e) => {
                let (line, column) = e
                    .span()
                    .map(|s| line_column(text, s.start))
                    .map_or((None, None), |(l, c)| (Some(l), Some(c)));
                Err(RunnerError::Config(Box::new(ConfigError {
                    file: file.to_path_buf(),
                    line,
                    column,
                    key: String::new(),
                    message: format!("TOML syntax error: {}", e.message().trim()),
                    hint: None,
                })))
            }
        }
    }

    /// The config file.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The config text.
    pub fn text(&self) -> &'i str {
        self.text
    }

    /// Top-level entries: (key, key span, value).
    pub fn entries(&self) -> impl Iterator<Item = (&str, Range<usize>, &Value<'i>)> {
        self.root
            .get_ref()
            .iter()
            .map(|(k, v)| (k.get_ref().as_ref(), k.span(), v))
    }

    /// A table value holding `entries` (used to deserialise several top-level tables as one
    /// struct), spanning the whole document.
    pub fn table_of(&self, entries: Vec<(&str, &Value<'i>)>) -> Value<'i> {
        let mut t = DeTable::new();
        for (k, v) in self.root.get_ref().iter() {
            if entries
                .iter()
                .any(|(name, _)| *name == k.get_ref().as_ref())
            {
                t.insert(k.clone(), v.clone());
            }
        }
        Spanned::new(self.root.span(), DeValue::Table(t))
    }

    /// A config error at byte offset `span.start`.
    pub fn error_at(
        &self,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> RunnerError {
        let (line, column) = line_column(self.text, span.start);
        RunnerError::Config(Box::new(ConfigError {
            file: self.file.clone(),
            line: Some(line),
            column: Some(column),
            key: key.into(),
            message: message.into(),
            hint,
        }))
    }

    /// Byte span of the key at `path` under `section` (a table value), e.g. the span of
    /// `rolling` for `path = ["rolling"]` under `[windows]`; `None` when the file does not
    /// spell that key (the value came from a default).
    pub fn key_span(&self, section: Option<&Value<'_>>, path: &[&str]) -> Option<Range<usize>> {
        let mut value = section?;
        let mut span = None;
        for name in path {
            let DeValue::Table(t) = value.get_ref() else {
                return None;
            };
            let (k, v) = t.iter().find(|(k, _)| k.get_ref().as_ref() == *name)?;
            span = Some(k.span());
            value = v;
        }
        span
    }

    /// Byte span of the key at dotted `path` from the root of the document
    /// (`condor.short_delta`, `hedge.layers[1].target_dte`); `None` when the file does not
    /// spell it.
    pub fn path_span(&self, path: &str) -> Option<Range<usize>> {
        let mut span = None;
        let mut table = self.root.get_ref();
        let mut parts = path.split('.').peekable();
        while let Some(part) = parts.next() {
            let (name, index) = match part.split_once('[') {
                Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (part, None),
            };
            let (k, mut v) = table.iter().find(|(k, _)| k.get_ref().as_ref() == name)?;
            span = Some(k.span());
            if let Some(i) = index {
                let DeValue::Array(a) = v.get_ref() else {
                    return span;
                };
                v = a.get(i)?;
            }
            match v.get_ref() {
                DeValue::Table(t) => table = t,
                _ if parts.peek().is_some() => return None,
                _ => {}
            }
        }
        span
    }

    /// A config error at the key `path` under `section` (see [`Document::key_span`]), or
    /// without a position when the file does not spell the key.
    pub fn error_at_key(
        &self,
        section: Option<&Value<'_>>,
        path: &[&str],
        key: impl Into<String>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> RunnerError {
        match self.key_span(section, path) {
            Some(span) => self.error_at(span, key, message, hint),
            None => {
                let mut e = self.error(key, message);
                if let RunnerError::Config(c) = &mut e {
                    c.hint = hint;
                }
                e
            }
        }
    }

    /// The first float of the document that is NaN or infinite (`nan`, `inf`, `-inf`):
    /// no parameter accepts one, and serialising it for a variant would turn it into
    /// `null`. The error names the dotted key and points at the value.
    ///
    /// # Errors
    /// [`RunnerError::Config`] at the value.
    pub fn check_finite(&self) -> Result<(), RunnerError> {
        for (k, _, v) in self.entries() {
            self.finite_in(k, v)?;
        }
        Ok(())
    }

    fn finite_in(&self, key: &str, value: &Value<'i>) -> Result<(), RunnerError> {
        match value.get_ref() {
            DeValue::Float(f) => {
                let text = f.as_str();
                let finite = text
                    .replace('_', "")
                    .parse::<f64>()
                    .is_ok_and(f64::is_finite);
                if !finite {
                    return Err(self.error_at(
                        value.span(),
                        key,
                        format!("`{text}` is not a finite number; give a number"),
                        None,
                    ));
                }
            }
            DeValue::Array(a) => {
                for v in a {
                    self.finite_in(key, v)?;
                }
            }
            DeValue::Table(t) => {
                for (k, v) in t {
                    let name = k.get_ref().as_ref();
                    let part = if name.contains('.') || name.is_empty() {
                        format!("\"{name}\"")
                    } else {
                        name.to_string()
                    };
                    self.finite_in(&join_key(key, &part), v)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A config error without a position (a value built from several places).
    pub fn error(&self, key: impl Into<String>, message: impl Into<String>) -> RunnerError {
        RunnerError::config(&self.file, key, message)
    }

    /// Deserialise `value` as `T`; `prefix` is the dotted key of `value` (empty for the
    /// root). Unknown keys and variants get a "did you mean" hint from the accepted names
    /// plus `extra_names` (keys handled outside `T`).
    ///
    /// # Errors
    /// [`RunnerError::Config`] naming the dotted key, its position and the problem.
    pub fn deserialize<T: DeserializeOwned>(
        &self,
        prefix: &str,
        value: &Value<'i>,
        extra_names: &[&str],
    ) -> Result<T, RunnerError> {
        let de = ValueDeserializer::from(value.clone());
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let message = inner.message().trim().to_string();
            let key = join_key(prefix, if path == "." { "" } else { &path });
            let (message, hint) = match hint::unknown_name(&message) {
                Some(name) => {
                    let mut names = hint::expected_names(&message);
                    // Keys handled outside `T` live at the top of `value` only.
                    let parent = key.rsplit_once('.').map_or("", |(p, _)| p);
                    if parent == prefix || (prefix.is_empty() && !key.contains('.')) {
                        names.extend_from_slice(extra_names);
                    }
                    let hint = hint::suggest(name, names.iter().copied());
                    let what = if message.starts_with("unknown field") {
                        "unknown key"
                    } else {
                        "unknown value"
                    };
                    let accepted = if names.is_empty() {
                        String::new()
                    } else {
                        format!("; accepted: {}", names.join(", "))
                    };
                    (format!("{what} `{name}`{accepted}"), hint)
                }
                None => (message, None),
            };
            let span = inner.span().unwrap_or_else(|| value.span());
            self.error_at(span, key, message, hint)
        })
    }
}

/// `a` + `.` + `b`, skipping empty parts.
pub fn join_key(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}.{b}"),
    }
}

/// 1-based line and column (in chars) of byte offset `pos` in `text`.
pub fn line_column(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = &text[..floor_char_boundary(text, pos)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut pos: usize) -> usize {
    while pos > 0 && !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// Convert a spanned TOML value into JSON (datetimes become their TOML text).
pub fn to_json(value: &Value<'_>) -> serde_json::Value {
    match value.get_ref() {
        DeValue::String(s) => serde_json::Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let v = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok();
            v.map_or(serde_json::Value::Null, serde_json::Value::from)
        }
        DeValue::Float(f) => {
            let s = f.as_str().replace('_', "");
            match s.parse::<f64>() {
                Ok(x) => serde_json::Number::from_f64(x)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number),
                Err(_) => serde_json::Value::Null,
            }
        }
        DeValue::Boolean(b) => serde_json::Value::Bool(*b),
        DeValue::Datetime(d) => serde_json::Value::String(d.to_string()),
        DeValue::Array(a) => serde_json::Value::Array(a.iter().map(to_json).collect()),
        DeValue::Table(t) => serde_json::Value::Object(
            t.iter()
                .map(|(k, v)| (k.get_ref().to_string(), to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let t = "a = 1\n[b]\nccc = 2\n";
        assert_eq!(line_column(t, 0), (1, 1));
        assert_eq!(line_column(t, 6), (2, 1));
        assert_eq!(line_column(t, 12), (3, 3));
    }
}
