//! File formats: detection from the header line, and the text checks every reader shares
//! (binary content, UTF-8, byte-order mark, the CFE disclaimer line, line endings).
//!
//! Detection looks only at the first lines of a file: an optional UTF-8 byte-order mark
//! (skipped, reported as a warning), an optional one-line CFE disclaimer (`CFE data is
//! compiled ...`, skipped), the header, and for the ambiguous header `DATE,<NAME>` the first
//! data row (`MM/DD/YYYY` = Cboe, `YYYY-MM-DD` = FRED). Header fields are compared after
//! trimming spaces, case-insensitively.

use std::path::Path;

use serde::Serialize;

use crate::{DataError, Result};

/// A publisher file format the readers understand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Cboe index history `DATE,OPEN,HIGH,LOW,CLOSE`, dates `MM/DD/YYYY` (VIX, VIX9D, VIX3M, VIX6M).
    CboeIndexOhlc,
    /// Cboe single-value index history `DATE,<NAME>` (VVIX, SKEW), dates `MM/DD/YYYY`.
    CboeIndexClose,
    /// Stooq daily history `Date,Open,High,Low,Close,Volume`, dates `YYYY-MM-DD`.
    StooqOhlc,
    /// Classic Yahoo Finance download `Date,Open,High,Low,Close,Adj Close,Volume`.
    YahooOhlc,
    /// yfinance/pandas export `Date,Open,High,Low,Close` (float32 artefacts).
    YfinanceOhlc,
    /// FRED series download `observation_date,<ID>` (or older `DATE,<ID>`); empty or `.` = missing.
    FredSeries,
    /// Cboe CFE legacy per-contract VX file (optional disclaimer line, 11 or 12 fields).
    CfeLegacyVx,
    /// Cboe per-contract VX files concatenated by pandas (unnamed index column first).
    CboeVxContracts,
    /// Quandl CHRIS continuous VX contract (newest first).
    QuandlVxContinuous,
    /// Daily settles of the 1st to 8th VX contracts with VIX and S&P 500 (`,DATE,VIX,VX1..VX8,SP500`).
    VxTermStructure,
    /// Tab-separated SPX smile calibration points (recognised; read by the pricing crate).
    SmileCalibration,
}

/// Every format, for listings and error messages.
pub const ALL_FORMATS: [Format; 11] = [
    Format::CboeIndexOhlc,
    Format::CboeIndexClose,
    Format::StooqOhlc,
    Format::YahooOhlc,
    Format::YfinanceOhlc,
    Format::FredSeries,
    Format::CfeLegacyVx,
    Format::CboeVxContracts,
    Format::QuandlVxContinuous,
    Format::VxTermStructure,
    Format::SmileCalibration,
];

const CFE_HEADER: [&str; 11] = [
    "Trade Date",
    "Futures",
    "Open",
    "High",
    "Low",
    "Close",
    "Settle",
    "Change",
    "Total Volume",
    "EFP",
    "Open Interest",
];
const QUANDL_HEADER: [&str; 10] = [
    "Trade Date",
    "Open",
    "High",
    "Low",
    "Close",
    "Settle",
    "Change",
    "Total Volume",
    "EFP",
    "Prev. Day Open Interest",
];
const TERM_HEADER: [&str; 12] = [
    "", "DATE", "VIX", "VX1", "VX2", "VX3", "VX4", "VX5", "VX6", "VX7", "VX8", "SP500",
];
const SMILE_PREFIX: [&str; 3] = ["date", "underlying", "vix_close"];

/// Known FRED series ids that may appear under the older `DATE,<ID>` header.
const FRED_IDS: [&str; 4] = ["DTB3", "DGS3MO", "TB3MS", "DTB4WK"];

/// First line of the disclaimer some CFE files carry before their header.
pub const CFE_DISCLAIMER_PREFIX: &str = "CFE data is compiled";

impl Format {
    /// Stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Format::CboeIndexOhlc => "cboe_index_ohlc",
            Format::CboeIndexClose => "cboe_index_close",
            Format::StooqOhlc => "stooq_ohlc",
            Format::YahooOhlc => "yahoo_ohlc",
            Format::YfinanceOhlc => "yfinance_ohlc",
            Format::FredSeries => "fred_series",
            Format::CfeLegacyVx => "cfe_legacy_vx",
            Format::CboeVxContracts => "cboe_vx_contracts",
            Format::QuandlVxContinuous => "quandl_vx_continuous",
            Format::VxTermStructure => "vx_term_structure",
            Format::SmileCalibration => "smile_calibration",
        }
    }

    /// The header (and date format) the format is recognised by, for messages.
    pub fn accepted_header(self) -> &'static str {
        match self {
            Format::CboeIndexOhlc => "DATE,OPEN,HIGH,LOW,CLOSE (dates MM/DD/YYYY)",
            Format::CboeIndexClose => "DATE,<INDEX> e.g. DATE,VVIX (dates MM/DD/YYYY)",
            Format::StooqOhlc => "Date,Open,High,Low,Close,Volume (dates YYYY-MM-DD)",
            Format::YahooOhlc => "Date,Open,High,Low,Close,Adj Close,Volume (dates YYYY-MM-DD)",
            Format::YfinanceOhlc => "Date,Open,High,Low,Close (dates YYYY-MM-DD)",
            Format::FredSeries => "observation_date,<ID> or DATE,<ID> (dates YYYY-MM-DD)",
            Format::CfeLegacyVx => {
                "Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest"
            }
            Format::CboeVxContracts => {
                ",Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest"
            }
            Format::QuandlVxContinuous => {
                "Trade Date,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Prev. Day Open Interest"
            }
            Format::VxTermStructure => ",DATE,VIX,VX1,VX2,VX3,VX4,VX5,VX6,VX7,VX8,SP500",
            Format::SmileCalibration => "date<TAB>underlying<TAB>vix_close<TAB>... (tab-separated)",
        }
    }

    /// Multi-line list of every accepted header, for "unknown header" messages.
    pub fn accepted_list() -> String {
        ALL_FORMATS
            .iter()
            .map(|f| format!("  {}: {}", f.name(), f.accepted_header()))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Detect the format from the header fields and the first data line (if any).
    pub fn detect(header: &[String], first_data: Option<&str>) -> Option<Format> {
        let h: Vec<&str> = header.iter().map(|s| s.trim()).collect();
        let is = |want: &[&str]| {
            h.len() == want.len() && h.iter().zip(want).all(|(a, b)| a.eq_ignore_ascii_case(b))
        };
        if is(&["DATE", "OPEN", "HIGH", "LOW", "CLOSE"]) {
            // Cboe writes MM/DD/YYYY, yfinance-style writers YYYY-MM-DD under the same names.
            return Some(match first_data.map(date_style) {
                Some(DateStyle::Iso) => Format::YfinanceOhlc,
                _ => Format::CboeIndexOhlc,
            });
        }
        if is(&["Date", "Open", "High", "Low", "Close", "Volume"]) {
            return Some(Format::StooqOhlc);
        }
        if is(&[
            "Date",
            "Open",
            "High",
            "Low",
            "Close",
            "Adj Close",
            "Volume",
        ]) {
            return Some(Format::YahooOhlc);
        }
        if is(&CFE_HEADER) {
            return Some(Format::CfeLegacyVx);
        }
        if h.len() == CFE_HEADER.len() + 1 && h[0].is_empty() && is_tail(&h[1..], &CFE_HEADER) {
            return Some(Format::CboeVxContracts);
        }
        if is(&QUANDL_HEADER) {
            return Some(Format::QuandlVxContinuous);
        }
        if is(&TERM_HEADER) {
            return Some(Format::VxTermStructure);
        }
        if h.len() > SMILE_PREFIX.len() && is_tail(&h[..SMILE_PREFIX.len()], &SMILE_PREFIX) {
            return Some(Format::SmileCalibration);
        }
        if h.len() == 2 && !h[1].is_empty() && valid_name(h[1]) {
            if h[0].eq_ignore_ascii_case("observation_date") {
                return Some(Format::FredSeries);
            }
            if h[0].eq_ignore_ascii_case("DATE") {
                let fred_id = FRED_IDS.iter().any(|id| h[1].eq_ignore_ascii_case(id));
                return Some(match first_data.map(date_style) {
                    Some(DateStyle::Iso) => Format::FredSeries,
                    Some(DateStyle::Us) => Format::CboeIndexClose,
                    _ if fred_id => Format::FredSeries,
                    _ => Format::CboeIndexClose,
                });
            }
        }
        None
    }
}

fn is_tail(fields: &[&str], want: &[&str]) -> bool {
    fields.len() == want.len()
        && fields
            .iter()
            .zip(want)
            .all(|(a, b)| a.eq_ignore_ascii_case(b))
}

fn valid_name(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateStyle {
    Iso,
    Us,
    Other,
}

fn date_style(line: &str) -> DateStyle {
    // The date is the first field, or the second after an unnamed index column.
    let first = line.split([',', '\t']).next().unwrap_or("").trim();
    if first.len() == 10 && first.as_bytes()[4] == b'-' {
        DateStyle::Iso
    } else if first.contains('/') {
        DateStyle::Us
    } else {
        DateStyle::Other
    }
}

/// A file's text split into its parts: optional BOM and disclaimer, header, body.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    /// Text after the byte-order mark.
    pub text: &'a str,
    /// A UTF-8 byte-order mark was present and skipped.
    pub bom: bool,
    /// A CFE disclaimer line was present and skipped.
    pub disclaimer: bool,
    /// Header fields (comma-separated, or tab-separated for tab files).
    pub header: Vec<String>,
    /// 1-based physical line of the header.
    pub header_line: usize,
    /// Byte offset of the first line after the header in `text`.
    pub body_offset: usize,
    /// The header line ends with CRLF.
    pub crlf: bool,
    /// The file ends with a line break.
    pub final_newline: bool,
    /// First non-blank line after the header, for format detection.
    pub first_data: Option<&'a str>,
}

/// Check that `bytes` are UTF-8 text and split off the BOM, disclaimer and header.
///
/// # Errors
/// [`DataError::File`] for binary content (NUL bytes or invalid UTF-8, naming the line and
/// byte offset), an empty file, or a file with a disclaimer but no header.
pub fn prepare<'a>(path: &Path, bytes: &'a [u8]) -> Result<Prepared<'a>> {
    let file_err = |message: String| DataError::File {
        path: path.to_path_buf(),
        message,
    };
    let line_at = |offset: usize| bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
    if let Some(order) = utf16_bom(bytes) {
        return Err(file_err(format!(
            "UTF-16 {order} text (starts with a UTF-16 byte-order mark); expected UTF-8: re-save the file as UTF-8"
        )));
    }
    if let Some(pos) = bytes.iter().position(|b| *b == 0) {
        return Err(file_err(format!(
            "binary content (NUL byte at line {}, byte offset {pos}); expected a UTF-8 text CSV file",
            line_at(pos)
        )));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let pos = e.valid_up_to();
            return Err(file_err(format!(
                "not UTF-8 text (invalid byte 0x{:02X} at line {}, byte offset {pos}); expected a UTF-8 text CSV file",
                bytes[pos],
                line_at(pos)
            )));
        }
    };
    let (text, bom) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    if text.trim().is_empty() {
        return Err(file_err(format!(
            "empty file; expected a header line, one of:\n{}",
            Format::accepted_list()
        )));
    }
    let mut lines = LineIter::new(text);
    // Leading blank lines are tolerated; the header is the first non-blank line.
    let (mut header_line, mut header_text, mut next) = lines
        .next_non_blank()
        .ok_or_else(|| file_err("no header line".to_string()))?;
    let mut disclaimer = false;
    if header_text.starts_with(CFE_DISCLAIMER_PREFIX) {
        disclaimer = true;
        (header_line, header_text, next) = lines.next_non_blank().ok_or_else(|| {
            file_err(format!(
                "line {header_line} is a CFE disclaimer but no header follows; expected {}",
                Format::CfeLegacyVx.accepted_header()
            ))
        })?;
    }
    if header_text.contains('\r') {
        return Err(file_err(format!(
            "line {header_line} holds carriage returns (CR) not followed by a line feed: bare-CR line breaks (classic Mac OS) are not accepted; re-save with LF or CRLF line endings"
        )));
    }
    let crlf = text[..next].ends_with("\r\n");
    let sep = if header_text.contains('\t') && !header_text.contains(',') {
        '\t'
    } else {
        ','
    };
    let header = header_text
        .split(sep)
        .map(|s| s.trim().to_string())
        .collect();
    let first_data = LineIter::new(&text[next..])
        .next_non_blank()
        .map(|(_, l, _)| l);
    Ok(Prepared {
        text,
        bom,
        disclaimer,
        header,
        header_line,
        body_offset: next,
        crlf,
        final_newline: text.ends_with('\n'),
        first_data,
    })
}

/// `LE` or `BE` when `bytes` start with a UTF-16 byte-order mark.
fn utf16_bom(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => Some("LE"),
        [0xFE, 0xFF, ..] => Some("BE"),
        _ => None,
    }
}

/// Iterator over physical lines: (1-based line number, line without its terminator,
/// byte offset just after the terminator).
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> LineIter<'a> {
    fn new(text: &'a str) -> Self {
        LineIter {
            text,
            pos: 0,
            line: 0,
        }
    }

    fn next_non_blank(&mut self) -> Option<(usize, &'a str, usize)> {
        while self.pos < self.text.len() {
            let rest = &self.text[self.pos..];
            let end = rest.find('\n').map_or(rest.len(), |k| k + 1);
            let raw = &rest[..end];
            self.pos += end;
            self.line += 1;
            let line = raw.trim_end_matches(['\n', '\r']);
            if !line.trim().is_empty() {
                return Some((self.line, line, self.pos));
            }
        }
        None
    }
}

/// Detect the format of a file from its first bytes (a few kB are enough).
///
/// # Errors
/// As [`prepare`], plus [`DataError::File`] for an unknown header, listing what is accepted.
pub fn detect_bytes(path: &Path, head: &[u8]) -> Result<Format> {
    // A multi-byte character may be cut at the end of `head`: cut back to valid UTF-8.
    let head = match std::str::from_utf8(head) {
        Err(e) if e.error_len().is_none() => &head[..e.valid_up_to()],
        _ => head,
    };
    let p = prepare(path, head)?;
    Format::detect(&p.header, p.first_data).ok_or_else(|| unknown_header(path, &p))
}

/// The error for a header no format matches.
pub fn unknown_header(path: &Path, p: &Prepared<'_>) -> DataError {
    DataError::Parse {
        path: path.to_path_buf(),
        line: p.header_line,
        column: "header".to_string(),
        message: format!(
            "unknown header `{}`; accepted headers:\n{}",
            p.header.join(",").escape_debug(),
            Format::accepted_list()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<String> {
        s.split(',').map(str::to_string).collect()
    }

    #[test]
    fn date_header_is_cboe_or_fred_by_the_first_date() {
        assert_eq!(
            Format::detect(&h("DATE,VVIX"), Some("03/06/2006,71.73")),
            Some(Format::CboeIndexClose)
        );
        assert_eq!(
            Format::detect(&h("DATE,DTB3"), Some("1954-01-04,1.33")),
            Some(Format::FredSeries)
        );
        assert_eq!(
            Format::detect(&h("observation_date,DTB3"), None),
            Some(Format::FredSeries)
        );
    }

    #[test]
    fn crlf_disclaimer_and_bom_are_split_off() {
        let text = "\u{FEFF}CFE data is compiled for you\r\nTrade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest\r\n1/2/2005,x\r\n";
        let p = prepare(Path::new("x.csv"), text.as_bytes()).unwrap();
        assert!(p.bom && p.disclaimer && p.crlf && p.final_newline);
        assert_eq!(p.header_line, 2);
        assert_eq!(p.first_data, Some("1/2/2005,x"));
        assert_eq!(
            Format::detect(&p.header, p.first_data),
            Some(Format::CfeLegacyVx)
        );
    }
}
