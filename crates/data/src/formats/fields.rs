//! Row iteration and field parsing shared by the readers. Every error names the file, the
//! physical line, the column and what is accepted.

use std::path::Path;

use chrono::NaiveDate;

use crate::formats::detect::Prepared;
use crate::{DataError, Result};

/// Parsing context of one file: its path and header, for error messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub path: &'a Path,
    pub header: &'a [String],
}

/// Accepted spellings of a missing value in files that allow one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Missing {
    /// Every value must be present.
    Never,
    /// An empty field (or `.`, FRED's older spelling) is a missing value.
    EmptyOrDot,
}

impl Ctx<'_> {
    fn column(&self, col: usize) -> String {
        match self.header.get(col) {
            Some(name) if !name.is_empty() => format!("{name} (field {})", col + 1),
            _ => format!("field {}", col + 1),
        }
    }

    /// A parse error at `line`, column `col`.
    pub fn err(&self, line: usize, col: usize, message: impl Into<String>) -> DataError {
        DataError::Parse {
            path: self.path.to_path_buf(),
            line,
            column: self.column(col),
            message: message.into(),
        }
    }

    /// A `YYYY-MM-DD` date.
    pub fn date_iso(&self, line: usize, col: usize, field: &[u8]) -> Result<NaiveDate> {
        parse_iso(field).ok_or_else(|| {
            self.err(
                line,
                col,
                format!("`{}` is not a date; accepted: YYYY-MM-DD", show(field)),
            )
        })
    }

    /// A `MM/DD/YYYY` or `M/D/YYYY` date; the flag is true when month or day lack a
    /// leading zero.
    pub fn date_us(&self, line: usize, col: usize, field: &[u8]) -> Result<(NaiveDate, bool)> {
        parse_us(field).ok_or_else(|| {
            self.err(
                line,
                col,
                format!(
                    "`{}` is not a date; accepted: MM/DD/YYYY or M/D/YYYY",
                    show(field)
                ),
            )
        })
    }

    /// A finite number; `None` for a missing value where `missing` allows one.
    pub fn number(
        &self,
        line: usize,
        col: usize,
        field: &[u8],
        missing: Missing,
    ) -> Result<Option<f64>> {
        let s = std::str::from_utf8(field).unwrap_or("").trim();
        if missing == Missing::EmptyOrDot && (s.is_empty() || s == ".") {
            return Ok(None);
        }
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            Ok(_) => Err(self.err(
                line,
                col,
                format!(
                    "`{}` is not a finite number (NaN, infinity or beyond 1.8e308); accepted: a decimal number such as 17.24",
                    show(field)
                ),
            )),
            Err(_) => Err(self.err(
                line,
                col,
                format!(
                    "`{}` is not a number; accepted: a decimal number such as 17.24{}",
                    show(field),
                    if missing == Missing::EmptyOrDot {
                        ", or empty / `.` for a missing value"
                    } else {
                        ""
                    }
                ),
            )),
        }
    }

    /// A finite number that must be present.
    pub fn value(&self, line: usize, col: usize, field: &[u8]) -> Result<f64> {
        // `Missing::Never` always yields Some on success.
        Ok(self
            .number(line, col, field, Missing::Never)?
            .unwrap_or(f64::NAN))
    }
}

/// Field text for messages, shortened and with control characters escaped.
fn show(field: &[u8]) -> String {
    let s = String::from_utf8_lossy(field.trim_ascii());
    let mut out: String = s.chars().take(40).flat_map(char::escape_default).collect();
    if s.chars().count() > 40 {
        out.push_str("...");
    }
    out
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
}

/// Parse `YYYY-MM-DD`.
pub(crate) fn parse_iso(field: &[u8]) -> Option<NaiveDate> {
    let f = field.trim_ascii();
    if f.len() != 10 || f[4] != b'-' || f[7] != b'-' {
        return None;
    }
    let y = digits(&f[0..4])?;
    NaiveDate::from_ymd_opt(y as i32, digits(&f[5..7])?, digits(&f[8..10])?)
}

/// Parse `M/D/YYYY` (one or two digit month and day); flag = not zero-padded.
pub(crate) fn parse_us(field: &[u8]) -> Option<(NaiveDate, bool)> {
    let f = field.trim_ascii();
    let mut parts = f.split(|b| *b == b'/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || m.len() > 2 || d.len() > 2 || y.len() != 4 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(y)? as i32, digits(m)?, digits(d)?)?;
    Some((date, m.len() < 2 || d.len() < 2))
}

/// Shape of the rows of a file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    /// Fields per row (the header's count).
    pub fields: usize,
    /// Rows may carry one extra, empty field (a trailing comma).
    pub allow_trailing_comma: bool,
    /// Field separator.
    pub delimiter: u8,
}

/// What the row walk saw besides the rows themselves.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WalkStats {
    /// Data rows.
    pub rows: usize,
    /// Blank lines skipped after the header.
    pub blank_lines: usize,
    /// Rows ending with an extra empty field.
    pub trailing_comma_rows: usize,
}

/// Call `f(line, record)` for every data row after the header, checking the field count.
pub(crate) fn walk(
    ctx: Ctx<'_>,
    prep: &Prepared<'_>,
    shape: Shape,
    mut f: impl FnMut(usize, &csv::ByteRecord) -> Result<()>,
) -> Result<WalkStats> {
    let body = &prep.text[prep.body_offset..];
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(shape.delimiter)
        // Only LF ends a row: with CRLF as terminator the csv crate counts the `\n` of a
        // CRLF pair into the next row and reports line numbers one too low. A trailing `\r`
        // stays in the last field and is trimmed by the field parsers.
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(body.as_bytes());
    let mut rec = csv::ByteRecord::new();
    let mut stats = WalkStats::default();
    loop {
        let more = rdr.read_byte_record(&mut rec).map_err(|e| {
            let line = e.position().map_or(prep.header_line + 1, |p| {
                prep.header_line + p.line() as usize
            });
            ctx.err(line, 0, format!("unreadable CSV row: {e}"))
        })?;
        if !more {
            break;
        }
        let line = prep.header_line + rec.position().map_or(1, |p| p.line() as usize);
        // A line holding only spaces is a blank line, not a row.
        if rec.len() == 1 && rec[0].trim_ascii().is_empty() {
            continue;
        }
        let n = rec.len();
        if n != shape.fields {
            let trailing = shape.allow_trailing_comma
                && n == shape.fields + 1
                && rec[n - 1].trim_ascii().is_empty();
            if !trailing {
                // A short last row with no line break after it: the file was cut off.
                let truncated = n < shape.fields
                    && !prep.final_newline
                    && rdr.position().byte() as usize >= body.len();
                // A `"` opens a quoted field that only ends at the next `"`, lines later.
                let open_quote = rec.iter().any(|f| f.contains(&b'\n'));
                return Err(ctx.err(
                    line,
                    n.min(shape.fields).saturating_sub(1),
                    format!(
                        "row has {n} fields, expected {} as in the header `{}`{}{}",
                        shape.fields,
                        ctx.header.join(","),
                        if shape.allow_trailing_comma {
                            " (one extra empty field from a trailing comma is accepted)"
                        } else {
                            ""
                        },
                        if truncated {
                            "; it is the last line and has no line break: the file looks truncated"
                        } else if open_quote {
                            "; a field opened with `\"` runs over a line break (unbalanced quote)"
                        } else {
                            ""
                        }
                    ),
                ));
            }
            stats.trailing_comma_rows += 1;
        }
        stats.rows += 1;
        f(line, &rec)?;
    }
    stats.blank_lines = body.lines().count().saturating_sub(stats.rows);
    Ok(stats)
}

/// Round to `decimals` decimal places (removes float32 and rescaling artefacts).
pub(crate) fn round_to(v: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    let scaled = v * k;
    if !scaled.is_finite() {
        // |v| near f64::MAX: scaling overflowed to infinity (and rounding would return
        // it). Such a number has no digit at 10^-decimals to round.
        return v;
    }
    scaled.round() / k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_a_huge_value_keeps_it_finite() {
        // Found by the stable fuzz pass: 1e308 * 1e6 overflowed to inf, so a yfinance
        // close or a pre-2007 CFE settle of 1e308 loaded as infinity.
        assert_eq!(round_to(1e308, 6), 1e308);
        assert_eq!(round_to(-1e307, 6), -1e307);
        assert_eq!(round_to(17.659_999_847_412_11, 6), 17.66);
    }

    #[test]
    fn us_dates_accept_unpadded_month_and_day() {
        let d = NaiveDate::from_ymd_opt(2004, 8, 20).unwrap();
        assert_eq!(parse_us(b"8/20/2004"), Some((d, true)));
        assert_eq!(parse_us(b"08/20/2004"), Some((d, false)));
        assert_eq!(parse_us(b"13/20/2004"), None);
        assert_eq!(parse_us(b"08/20/04"), None);
    }

    #[test]
    fn iso_dates_reject_other_shapes() {
        assert_eq!(
            parse_iso(b"2020-03-16"),
            NaiveDate::from_ymd_opt(2020, 3, 16)
        );
        assert_eq!(parse_iso(b"2020-3-16"), None);
        assert_eq!(parse_iso(b"20268-03-18"), None);
        assert_eq!(parse_iso(b"2021-02-29"), None);
    }
}
