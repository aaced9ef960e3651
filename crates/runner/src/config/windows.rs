//! Config-time checks of `[windows]` (no data needed), each error pointing at its key.

use crate::error::RunnerError;
use crate::hint;
use crate::window::{GROUPS, STRESS_EPISODES, WindowsSection, episode};

use super::document::{Document, Value};

/// Config-time checks of `[windows]` (no data needed): known names, no duplicates, ordered
/// dates, rolling parameters present exactly when `rolling` is selected.
///
/// # Errors
/// [`RunnerError::Config`] naming the key.
pub fn check_section(
    doc: &Document<'_>,
    value: Option<&Value<'_>>,
    w: &WindowsSection,
) -> Result<(), RunnerError> {
    // Each error points at the key it is about: `path` under `[windows]`.
    let err = |path: &[&str], msg: String, hint: Option<String>| {
        Err(doc.error_at_key(
            value,
            path,
            format!("windows.{}", path.join(".")),
            msg,
            hint,
        ))
    };
    for (name, r) in &w.custom {
        if GROUPS.contains(&name.as_str()) || episode(name).is_some() {
            return err(
                &["custom", name],
                format!("`{name}` is a reserved or built-in window name; rename it"),
                None,
            );
        }
        if r.start >= r.end {
            return err(
                &["custom", name],
                format!("start {} is not before end {}", r.start, r.end),
                None,
            );
        }
    }
    if let (Some(s), Some(e)) = (w.start, w.end)
        && s >= e
    {
        return err(&["start"], format!("start {s} is not before end {e}"), None);
    }
    let mut seen: Vec<&str> = Vec::new();
    for name in &w.select {
        let n = name.as_str();
        let known = GROUPS.contains(&n) || episode(n).is_some() || w.custom.contains_key(n);
        if !known {
            let candidates: Vec<&str> = GROUPS
                .iter()
                .copied()
                .chain(STRESS_EPISODES.iter().map(|e| e.name))
                .chain(w.custom.keys().map(String::as_str))
                .collect();
            return err(
                &["select"],
                format!(
                    "unknown window `{n}`; accepted: full, stress, rolling, a built-in episode \
                     ({}) or a [windows.custom] name",
                    STRESS_EPISODES.map(|e| e.name).join(", ")
                ),
                hint::suggest(n, candidates),
            );
        }
        let canonical = if n == "all" { "full" } else { n };
        let dup = seen.contains(&canonical)
            || (episode(n).is_some() && seen.contains(&"stress"))
            || (n == "stress" && seen.iter().any(|s| episode(s).is_some()));
        if dup {
            return err(
                &["select"],
                format!("`{n}` is selected twice (directly or through `stress`)"),
                None,
            );
        }
        seen.push(canonical);
    }
    match (seen.contains(&"rolling"), w.rolling) {
        (true, None) => err(
            &["select"],
            "`rolling` is selected but [windows.rolling] (years, step_months) is missing".into(),
            None,
        ),
        (false, Some(_)) => err(
            &["rolling"],
            "[windows.rolling] is set but `rolling` is not in windows.select".into(),
            None,
        ),
        (true, Some(r)) if r.years == 0 || r.step_months == 0 => err(
            &["rolling"],
            format!(
                "years = {} and step_months = {} must both be >= 1",
                r.years, r.step_months
            ),
            None,
        ),
        _ => Ok(()),
    }
}
