//! Writing a [`SynthHistory`] in the real publishers' file formats, so the same loaders read
//! it. Every file is written to a temporary file in its target directory and renamed into
//! place, so a failed write never leaves a half-written file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::SynthHistory;
use crate::history::Ohlc;
use crate::{DataError, Result};

/// Files written by [`write_dir`], relative to the output directory.
pub const FILES: [&str; 8] = [
    "spx_synthetic.csv",
    "vix_history.csv",
    "vix9d_history.csv",
    "vix3m_history.csv",
    "vix6m_history.csv",
    "vvix_history.csv",
    "dtb3.csv",
    "vix_futures/vx_contracts.csv",
];

/// Write every file of `history` under `out_dir` (created if missing); returns the paths
/// written, in [`FILES`] order.
///
/// Formats: SPX as yfinance (`Date,Open,High,Low,Close`, `YYYY-MM-DD`); VIX, VIX9D, VIX3M,
/// VIX6M as Cboe (`DATE,OPEN,HIGH,LOW,CLOSE`, `MM/DD/YYYY`, 6 decimals); VVIX as Cboe
/// (`DATE,VVIX`); the T-bill rate as FRED (`observation_date,DTB3`, percent, 2 decimals);
/// VX settles as Cboe's per-contract files concatenated by pandas
/// (`,Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest`,
/// `Futures` holding the expiration date, the unnamed index restarting at 0 per contract;
/// prices before 2007-03-26 on Cboe's old 10 x VIX scale, as the real files have them).
///
/// # Errors
/// [`DataError::Write`] naming the file that could not be created, written or renamed.
pub fn write_dir(history: &SynthHistory, out_dir: &Path) -> Result<Vec<PathBuf>> {
    let h = history;
    let s = &h.starts;
    let contents = [
        spx_csv(&h.dates, &h.spx),
        cboe_ohlc_csv(&h.dates, &h.vix, 0),
        cboe_ohlc_csv(&h.dates, &h.vix9d, s.vix9d),
        cboe_ohlc_csv(&h.dates, &h.vix3m, s.vix3m),
        cboe_ohlc_csv(&h.dates, &h.vix6m, s.vix6m),
        vvix_csv(&h.dates, &h.vvix, s.vvix),
        dtb3_csv(&h.dates, &h.dtb3_pct),
        vx_csv(h),
    ];
    let mut written = Vec::with_capacity(FILES.len());
    for (name, text) in FILES.iter().zip(contents) {
        let path = out_dir.join(name);
        write_atomic(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

fn io_error(path: &Path, source: std::io::Error) -> DataError {
    DataError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Write `bytes` to `path` through a temporary file in the same directory and a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.tmp"));
    std::fs::write(&tmp, bytes).map_err(|e| io_error(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_error(path, e)
    })
}

/// `YYYY-MM-DD` (formatted by hand: chrono's `format` parses its pattern on every call).
fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `MM/DD/YYYY`.
fn us(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.month(), d.day(), d.year())
}

fn spx_csv(dates: &[NaiveDate], o: &Ohlc) -> String {
    let mut out = String::with_capacity(dates.len() * 48);
    out.push_str("Date,Open,High,Low,Close\n");
    for (t, d) in dates.iter().enumerate() {
        let _ = writeln!(
            out,
            "{},{:.2},{:.2},{:.2},{:.2}",
            iso(*d),
            o.open[t],
            o.high[t],
            o.low[t],
            o.close[t]
        );
    }
    out
}

fn cboe_ohlc_csv(dates: &[NaiveDate], o: &Ohlc, from: usize) -> String {
    let mut out = String::with_capacity(dates.len() * 52);
    out.push_str("DATE,OPEN,HIGH,LOW,CLOSE\n");
    for (t, d) in dates.iter().enumerate().skip(from) {
        let _ = writeln!(
            out,
            "{},{:.6},{:.6},{:.6},{:.6}",
            us(*d),
            o.open[t],
            o.high[t],
            o.low[t],
            o.close[t]
        );
    }
    out
}

fn vvix_csv(dates: &[NaiveDate], vvix: &[f64], from: usize) -> String {
    let mut out = String::with_capacity(dates.len() * 22);
    out.push_str("DATE,VVIX\n");
    for (t, d) in dates.iter().enumerate().skip(from) {
        let _ = writeln!(out, "{},{:.6}", us(*d), vvix[t]);
    }
    out
}

fn dtb3_csv(dates: &[NaiveDate], pct: &[f64]) -> String {
    let mut out = String::with_capacity(dates.len() * 17);
    out.push_str("observation_date,DTB3\n");
    for (d, p) in dates.iter().zip(pct) {
        let _ = writeln!(out, "{},{:.2}", iso(*d), p);
    }
    out
}

fn vx_csv(h: &SynthHistory) -> String {
    let rows: usize = h.vx.iter().map(|c| c.settles.len()).sum();
    let mut out = String::with_capacity(rows * 64);
    out.push_str(
        ",Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest\n",
    );
    // Cboe quoted VX at 10 x VIX before 2007-03-26; mirror it so the loaders' rescale applies.
    let points_from = NaiveDate::from_ymd_opt(2007, 3, 26).expect("valid date");
    for c in &h.vx {
        let mut prev: Option<f64> = None;
        for (k, vix_points) in c.settles.iter().enumerate() {
            let date = h.dates[c.first_day + k];
            let s = if date < points_from {
                vix_points * 10.0
            } else {
                *vix_points
            };
            // `+ 0.0` turns a rounded -0.0 into 0.0.
            let change = prev.map_or(0.0, |p| ((s - p) * 100.0).round() / 100.0) + 0.0;
            let _ = writeln!(
                out,
                "{k},{},{},{s:.2},{s:.2},{s:.2},{s:.2},{s:.2},{change:.2},0,0,0",
                iso(date),
                iso(c.expiry),
            );
            prev = Some(s);
        }
    }
    out
}
