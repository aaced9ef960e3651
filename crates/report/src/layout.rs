//! Account layouts as they appear in the run's files, their display order, labels and the one
//! fixed colour each layout has in every chart.

pub use plotters::style::RGBColor;

/// The engine's layouts in display order (snake_case as written in `summary.csv`).
pub const KNOWN: [&str; 4] = ringfence_schema::layouts::ALL;

/// Colour of each entry of [`KNOWN`]: blue, orange, green, purple.
pub const KNOWN_COLOURS: [RGBColor; 4] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
];

/// Colours for layouts outside [`KNOWN`], assigned in sorted-name order.
const EXTRA_COLOURS: [RGBColor; 4] = [
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// The layouts of a run in display order, each with its fixed colour.
#[derive(Debug, Clone, Default)]
pub struct Palette {
    layouts: Vec<String>,
}

impl Palette {
    /// Order the given layout names: known ones first in [`KNOWN`] order, others by name.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut layouts: Vec<String> = names.into_iter().map(str::to_string).collect();
        layouts.sort_by_key(|l| sort_key(l));
        layouts.dedup();
        Self { layouts }
    }

    /// Layout names in display order.
    pub fn layouts(&self) -> &[String] {
        &self.layouts
    }

    /// The colour of a layout: fixed for known layouts, by rank among the unknown ones
    /// otherwise (black when the layout is not part of this palette).
    pub fn colour(&self, layout: &str) -> RGBColor {
        if let Some(i) = KNOWN.iter().position(|k| *k == layout) {
            return KNOWN_COLOURS[i];
        }
        self.layouts
            .iter()
            .filter(|l| !KNOWN.contains(&l.as_str()))
            .position(|l| l == layout)
            .map_or(RGBColor(0, 0, 0), |i| {
                EXTRA_COLOURS[i % EXTRA_COLOURS.len()]
            })
    }

    /// CSS hex colour (`#1f77b4`) of a layout.
    pub fn css(&self, layout: &str) -> String {
        let RGBColor(r, g, b) = self.colour(layout);
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// Human label of a layout (`ring_fenced` -> `ring-fenced`).
pub fn label(layout: &str) -> String {
    layout.replace('_', "-")
}

fn sort_key(layout: &str) -> (usize, String) {
    let rank = KNOWN
        .iter()
        .position(|k| *k == layout)
        .unwrap_or(KNOWN.len());
    (rank, layout.to_string())
}

/// A colour mixed with white: `amount` 0 = unchanged, 1 = white.
pub fn lighten(c: RGBColor, amount: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * amount).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_layouts_come_first_in_engine_order() {
        let p = Palette::new(["zeta", "unhedged", "ring_fenced", "commingled"]);
        assert_eq!(
            p.layouts(),
            ["ring_fenced", "commingled", "unhedged", "zeta"]
        );
        assert_eq!(p.css("ring_fenced"), "#1f77b4");
        assert_eq!(p.css("zeta"), "#8c564b");
    }
}
