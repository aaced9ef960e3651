//! "Did you mean" hints for misspelt keys and variants.

/// Levenshtein edit distance between two strings, counted in chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo
/// (distance at most a third of the word's length, at least 2), or when `word` is a
/// prefix/suffix-free substring match (`delta` -> `short_delta`). Ties go to the first.
pub fn suggest<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (word.chars().count() / 3).max(2);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let d = edit_distance(word, c);
        let close = d <= limit || (word.len() >= 4 && c.contains(word));
        if close && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// The backticked names after "expected one of" / "expected" in a serde message
/// (`unknown field `x`, expected one of `a`, `b``), i.e. the accepted keys or variants.
pub fn expected_names(message: &str) -> Vec<&str> {
    let Some(pos) = message.find("expected") else {
        return Vec::new();
    };
    message[pos..]
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The first backticked name of a serde "unknown field/variant" message.
pub fn unknown_name(message: &str) -> Option<&str> {
    if !(message.starts_with("unknown field") || message.starts_with("unknown variant")) {
        return None;
    }
    message.split('`').nth(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_single_edits() {
        assert_eq!(edit_distance("short_delt", "short_delta"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggests_the_nearest_plausible_key() {
        let keys = ["target_dte", "short_delta", "margin_target"];
        assert_eq!(suggest("short_delt", keys).as_deref(), Some("short_delta"));
        assert_eq!(
            suggest("margn_target", keys).as_deref(),
            Some("margin_target")
        );
        assert_eq!(suggest("delta", keys).as_deref(), Some("short_delta"));
        assert_eq!(suggest("zzz", keys), None);
    }

    #[test]
    fn reads_names_from_serde_messages() {
        let m = "unknown field `short_delt`, expected one of `target_dte`, `short_delta`";
        assert_eq!(unknown_name(m), Some("short_delt"));
        assert_eq!(expected_names(m), vec!["target_dte", "short_delta"]);
        let v = "unknown variant `vix_cal`, expected `vix_call` or `vx_future`";
        assert_eq!(expected_names(v), vec!["vix_call", "vx_future"]);
    }
}
