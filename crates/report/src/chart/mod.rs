//! PNG charts drawn with plotters on an in-memory bitmap (1200 x 700 pixels) with the embedded
//! DejaVu Sans font, then PNG-encoded. Every chart uses the run's [`Palette`] so a layout has
//! the same colour everywhere.
//!
//! [`Palette`]: crate::layout::Palette

pub mod bars;
pub mod bootstrap;
pub mod equity;
pub mod heatmap;
pub mod margin;
pub mod tracking;
pub mod waterfall;

use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::{ReportError, Result};

/// Chart width in pixels.
pub const WIDTH: u32 = 1200;
/// Chart height in pixels.
pub const HEIGHT: u32 = 700;

/// Font family name the embedded font is registered under.
pub const FONT: &str = "sans-serif";
/// Title font size (pixels).
pub const TITLE_SIZE: f64 = 30.0;
/// Axis description font size.
pub const DESC_SIZE: f64 = 20.0;
/// Tick label font size.
pub const LABEL_SIZE: f64 = 16.0;
/// Legend font size.
pub const LEGEND_SIZE: f64 = 17.0;

static FONT_BYTES: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// The backend every chart draws on.
pub type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// Result of a drawing closure.
pub type DrawResult = std::result::Result<(), Box<dyn std::error::Error>>;

/// A rendered chart.
#[derive(Debug, Clone)]
pub struct Png {
    /// File name inside the run directory (`equity.png`).
    pub file: String,
    /// Title / alt text.
    pub title: String,
    /// PNG bytes.
    pub bytes: Vec<u8>,
}

/// Register the embedded font under the family names plotters asks for (once per process).
///
/// # Errors
/// [`ReportError::Chart`] when the embedded font cannot be parsed.
pub fn register_font() -> Result<()> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        ["sans-serif", "serif", "monospace"].iter().all(|family| {
            plotters::style::register_font(family, FontStyle::Normal, FONT_BYTES).is_ok()
        })
    });
    if ok {
        Ok(())
    } else {
        Err(ReportError::Chart {
            chart: "(font)".into(),
            message: "the embedded DejaVu Sans font could not be registered".into(),
        })
    }
}

/// Draw a chart on a white 1200 x 700 canvas and encode it as PNG.
///
/// # Errors
/// [`ReportError::Chart`] naming `file` when drawing or encoding fails.
pub fn render(file: &str, title: &str, draw: impl FnOnce(&Area<'_>) -> DrawResult) -> Result<Png> {
    register_font()?;
    let chart_err = |message: String| ReportError::Chart {
        chart: file.to_string(),
        message,
    };
    let mut pixels = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| chart_err(e.to_string()))?;
        draw(&root).map_err(|e| chart_err(e.to_string()))?;
        root.present().map_err(|e| chart_err(e.to_string()))?;
    }
    let bytes = encode_png(&pixels, WIDTH, HEIGHT).map_err(|e| chart_err(e.to_string()))?;
    Ok(Png {
        file: file.to_string(),
        title: title.to_string(),
        bytes,
    })
}

fn encode_png(
    rgb: &[u8],
    width: u32,
    height: u32,
) -> std::result::Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Default);
        let mut writer = enc.write_header()?;
        writer.write_image_data(rgb)?;
    }
    Ok(out)
}

/// Text style of the embedded font.
pub fn font(size: f64) -> TextStyle<'static> {
    (FONT, size).into_font().into()
}

/// Title style.
pub fn title_style() -> TextStyle<'static> {
    font(TITLE_SIZE)
}

/// Draw a centred message on an otherwise empty chart (no data to plot).
///
/// # Errors
/// Plotting errors.
pub fn empty_message(area: &Area<'_>, title: &str, message: &str) -> DrawResult {
    let area = area.titled(title, title_style())?;
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(
        message.to_string(),
        (w as i32 / 2 - 300, h as i32 / 2),
        font(DESC_SIZE),
    ))?;
    Ok(())
}

/// Contiguous runs of finite points: lines are broken at NaN instead of drawn through them.
pub fn finite_runs<X: Copy>(xs: &[X], ys: &[f64]) -> Vec<Vec<(X, f64)>> {
    let mut runs = Vec::new();
    let mut cur = Vec::new();
    for (&x, &y) in xs.iter().zip(ys) {
        if y.is_finite() {
            cur.push((x, y));
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

/// Min and max of the finite values of all series, padded by `pad` of the span on each side;
/// `None` when there is no finite value.
pub fn value_range<'a>(
    series: impl IntoIterator<Item = &'a [f64]>,
    pad: f64,
) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for s in series {
        for &v in s {
            if v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    if lo > hi {
        return None;
    }
    let span = if hi > lo { hi - lo } else { hi.abs().max(1.0) };
    Some((lo - span * pad, hi + span * pad))
}

/// Tick values of a log axis over `lo..hi` (both > 0), each once: `d x 10^k` for `d` in
/// 1..=9 when the axis spans at most two powers of ten, in 1, 2, 5 otherwise. (The log
/// coordinate's own ticks list every power of ten twice, and the two labels overprint.)
pub fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo > 0.0 && hi > lo && hi.is_finite()) {
        return Vec::new();
    }
    let steps: &[f64] = if hi / lo <= 100.0 {
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
    } else {
        &[1.0, 2.0, 5.0]
    };
    let mut ticks = Vec::new();
    let mut decade = 10f64.powf(lo.log10().floor());
    while decade <= hi {
        ticks.extend(
            steps
                .iter()
                .map(|d| d * decade)
                .filter(|v| (lo..=hi).contains(v)),
        );
        decade *= 10.0;
    }
    ticks
}

/// A date range with at least one day of span.
pub fn date_range(first: NaiveDate, last: NaiveDate) -> std::ops::Range<NaiveDate> {
    if last > first {
        first..last
    } else {
        first..first.checked_add_days(Days::new(1)).unwrap_or(first)
    }
}

/// Axis label of a date.
pub fn date_label(d: &NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

/// Axis label of a fraction in percent (`0.153` -> `15.3%`).
pub fn pct_label(v: &f64) -> String {
    let p = v * 100.0;
    if p.abs() < 1e-9 {
        "0%".into()
    } else if p.abs() >= 10.0 || (p - p.round()).abs() < 1e-6 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// Axis label of a USD amount (`1250000` -> `$1.25M`).
pub fn usd_label(v: &f64) -> String {
    let a = v.abs();
    let sign = if *v < 0.0 { "-" } else { "" };
    if a >= 1e9 {
        format!("{sign}${:.2}B", a / 1e9)
    } else if a >= 1e6 {
        format!("{sign}${:.2}M", a / 1e6)
    } else if a >= 1e3 {
        format!("{sign}${:.0}k", a / 1e3)
    } else {
        format!("{sign}${a:.0}")
    }
}

/// How a legend entry is marked.
#[derive(Debug, Clone, Copy)]
pub enum Mark {
    /// A solid line.
    Line(RGBColor),
    /// A dashed line.
    Dashed(RGBColor),
    /// A filled box (bars).
    Box(RGBColor),
    /// A filled triangle (margin call).
    Triangle,
    /// A cross (forced liquidation).
    Cross,
    /// A dot.
    Dot,
}

/// Width of the legend column drawn by [`legend_column`].
pub const LEGEND_WIDTH: u32 = 230;

/// Draw a legend as a column of entries (mark + label) at the top of `area`, outside any plot.
///
/// # Errors
/// Plotting errors.
pub fn legend_column(area: &Area<'_>, entries: &[(String, Mark)]) -> DrawResult {
    let style = font(LEGEND_SIZE - 1.0);
    for (i, (text, mark)) in entries.iter().enumerate() {
        let y = 70 + i as i32 * 26;
        let x = 8;
        match *mark {
            Mark::Line(c) => {
                area.draw(&PathElement::new(
                    vec![(x, y), (x + 26, y)],
                    c.stroke_width(4),
                ))?;
            }
            Mark::Dashed(c) => {
                for s in [0, 11, 22] {
                    area.draw(&PathElement::new(
                        vec![(x + s, y), (x + s + 6, y)],
                        c.stroke_width(3),
                    ))?;
                }
            }
            Mark::Box(c) => {
                area.draw(&Rectangle::new([(x, y - 7), (x + 26, y + 7)], c.filled()))?
            }
            Mark::Triangle => area.draw(&TriangleMarker::new((x + 13, y), 9, BLACK.filled()))?,
            Mark::Cross => area.draw(&Cross::new((x + 13, y), 7, BLACK.stroke_width(3)))?,
            Mark::Dot => area.draw(&Circle::new((x + 13, y), 4, BLACK.filled()))?,
        }
        area.draw(&Text::new(text.clone(), (x + 36, y - 9), style.clone()))?;
    }
    Ok(())
}

/// Legend swatch: a short thick line in the series colour.
pub fn swatch<'a>(colour: RGBColor) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> + 'a {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 22, y)], colour.stroke_width(4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ticks_list_each_value_once() {
        // Within two powers of ten: every digit; 10M once, where the log coordinate drew it
        // twice (as the last light tick of one decade and the first bold tick of the next).
        let t = log_ticks(0.9e6, 25e6);
        let digits = [
            0.9e6, 1e6, 2e6, 3e6, 4e6, 5e6, 6e6, 7e6, 8e6, 9e6, 10e6, 20e6,
        ];
        assert_eq!(t, digits);
        // Wider: 1, 2, 5.
        assert_eq!(
            log_ticks(0.5, 120.0),
            [0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        );
        assert!(log_ticks(0.0, 1.0).is_empty());
    }

    #[test]
    fn labels_read_as_money_and_percent() {
        assert_eq!(usd_label(&1_250_000.0), "$1.25M");
        assert_eq!(usd_label(&-35_000.0), "-$35k");
        assert_eq!(pct_label(&0.153), "15%");
        assert_eq!(pct_label(&-0.045), "-4.5%");
        assert_eq!(pct_label(&-0.05), "-5%");
        assert_eq!(pct_label(&-0.0), "0%");
    }

    #[test]
    fn nan_breaks_a_line_into_two_runs() {
        let runs = finite_runs(&[1, 2, 3, 4], &[1.0, f64::NAN, 3.0, 4.0]);
        assert_eq!(runs, vec![vec![(1, 1.0)], vec![(3, 3.0), (4, 4.0)]]);
    }
}
