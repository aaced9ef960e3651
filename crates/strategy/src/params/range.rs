//! [`Range`]: the accepted values of one numeric key, as a check and as the text both the
//! error message and `docs/config-reference.md` show (`a fraction in [0, 1) (0 = off)`).

/// One end of a [`Range`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// No bound on this side.
    Unbounded,
    /// The value itself is accepted (`[` or `]`).
    Incl(f64),
    /// The value itself is refused (`(` or `)`).
    Excl(f64),
}

/// The accepted values of a numeric key: finite, between two [`Bound`]s, optionally also
/// exactly 0 ("off").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// What the number is (`a fraction`, `calendar days`, `USD`).
    pub what: &'static str,
    /// Lower bound.
    pub lo: Bound,
    /// Upper bound.
    pub hi: Bound,
    /// 0 is accepted besides the interval and switches the rule off.
    pub or_off: bool,
    /// A remark shown in brackets after the range (`0 = off`, `at most 100%`).
    pub note: Option<&'static str>,
}

impl Range {
    /// Values of `what` between `lo` and `hi`.
    pub const fn new(what: &'static str, lo: Bound, hi: Bound) -> Self {
        Range {
            what,
            lo,
            hi,
            or_off: false,
            note: None,
        }
    }

    /// Values of `what` at or above `lo`.
    pub const fn at_least(what: &'static str, lo: f64) -> Self {
        Self::new(what, Bound::Incl(lo), Bound::Unbounded)
    }

    /// Also accept 0, meaning "off", outside the interval.
    pub const fn or_off(mut self) -> Self {
        self.or_off = true;
        self
    }

    /// Add a remark in brackets after the range.
    pub const fn note(mut self, note: &'static str) -> Self {
        self.note = Some(note);
        self
    }

    /// True when `v` is accepted.
    pub fn accepts(&self, v: f64) -> bool {
        let lo = match self.lo {
            Bound::Unbounded => true,
            Bound::Incl(b) => v >= b,
            Bound::Excl(b) => v > b,
        };
        let hi = match self.hi {
            Bound::Unbounded => true,
            Bound::Incl(b) => v <= b,
            Bound::Excl(b) => v < b,
        };
        v.is_finite() && ((lo && hi) || (self.or_off && v == 0.0))
    }

    /// `a fraction in [0, 1) (0 = off)`, `0 (off) or a multiple in (1, 1000]`,
    /// `trading days >= 1`.
    pub fn describe(&self) -> String {
        let off = if self.or_off { "0 (off) or " } else { "" };
        let interval = match (self.lo, self.hi) {
            (Bound::Unbounded, Bound::Unbounded) => "any finite number".to_string(),
            (lo, Bound::Unbounded) => match lo {
                Bound::Incl(b) => format!(">= {}", number(b)),
                _ => format!("> {}", number(bound_value(lo))),
            },
            (Bound::Unbounded, hi) => match hi {
                Bound::Incl(b) => format!("<= {}", number(b)),
                _ => format!("< {}", number(bound_value(hi))),
            },
            (lo, hi) => format!(
                "in {}{}, {}{}",
                if matches!(lo, Bound::Incl(_)) {
                    '['
                } else {
                    '('
                },
                number(bound_value(lo)),
                number(bound_value(hi)),
                if matches!(hi, Bound::Incl(_)) {
                    ']'
                } else {
                    ')'
                },
            ),
        };
        let note = self.note.map_or(String::new(), |n| format!(" ({n})"));
        format!("{off}{} {interval}{note}", self.what)
    }

    /// The message of a refused value: `1.5 is out of range: expected a fraction in [0, 1)`.
    pub fn message(&self, v: f64) -> String {
        out_of_range(v, &self.describe())
    }
}

/// `{value} is out of range: expected {expected}`: the one wording of every range error.
pub fn out_of_range(value: impl std::fmt::Display, expected: &str) -> String {
    format!("{value} is out of range: expected {expected}")
}

fn bound_value(b: Bound) -> f64 {
    match b {
        Bound::Incl(v) | Bound::Excl(v) => v,
        Bound::Unbounded => f64::NAN,
    }
}

/// A bound as written in a range: `0.5`, `1000`, and powers of ten from 1e5 up as `1e13`.
fn number(v: f64) -> String {
    let exponent = v.log10().round();
    if v >= 1e5 && 10f64.powf(exponent) == v {
        format!("1e{exponent}")
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::Bound::{Excl, Incl};
    use super::*;

    #[test]
    fn describes_intervals_as_the_messages_always_did() {
        assert_eq!(
            Range::new("USD", Excl(0.0), Incl(1e13)).describe(),
            "USD in (0, 1e13]"
        );
        assert_eq!(
            Range::new("a fraction", Incl(0.0), Excl(1.0))
                .note("0 = off")
                .describe(),
            "a fraction in [0, 1) (0 = off)"
        );
        assert_eq!(
            Range::new("a multiple", Excl(1.0), Incl(1000.0))
                .or_off()
                .describe(),
            "0 (off) or a multiple in (1, 1000]"
        );
        assert_eq!(
            Range::at_least("trading days", 1.0).describe(),
            "trading days >= 1"
        );
        assert_eq!(number(0.05), "0.05");
        assert_eq!(number(5000.0), "5000");
        assert_eq!(number(1e5), "1e5");
    }

    #[test]
    fn accepts_exactly_the_interval_plus_an_optional_zero() {
        let r = Range::new("a fraction", Incl(0.0), Excl(1.0));
        assert!(r.accepts(0.0) && r.accepts(0.999));
        assert!(!r.accepts(1.0) && !r.accepts(-0.1) && !r.accepts(f64::NAN));
        let off = Range::new("a multiple", Excl(1.0), Incl(10.0)).or_off();
        assert!(off.accepts(0.0) && off.accepts(10.0));
        assert!(!off.accepts(1.0) && !off.accepts(0.5) && !off.accepts(f64::INFINITY));
        assert!(!Range::at_least("days", 1.0).accepts(f64::INFINITY));
        assert_eq!(
            r.message(1.5),
            "1.5 is out of range: expected a fraction in [0, 1)"
        );
    }
}
