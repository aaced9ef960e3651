//! PNG decoding and pixel statistics for chart assertions.

use ringfence_report::layout::RGBColor;

/// A decoded RGB image.
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

/// Decode PNG bytes (RGB or RGBA, 8 bit) to RGB.
pub fn decode(bytes: &[u8]) -> Image {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("valid PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("valid PNG data");
    let channels = info.color_type.samples();
    let rgb = buf[..info.buffer_size()]
        .chunks(channels)
        .flat_map(|p| match channels {
            1 | 2 => [p[0], p[0], p[0]],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    Image {
        width: info.width,
        height: info.height,
        rgb,
    }
}

impl Image {
    /// Variance of the grey level over all pixels (0 = a blank, single-colour image).
    pub fn variance(&self) -> f64 {
        let n = (self.rgb.len() / 3) as f64;
        let grey: Vec<f64> = self
            .rgb
            .chunks(3)
            .map(|p| (f64::from(p[0]) + f64::from(p[1]) + f64::from(p[2])) / 3.0)
            .collect();
        let mean = grey.iter().sum::<f64>() / n;
        grey.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / n
    }

    /// Share of pixels that are not white.
    pub fn ink(&self) -> f64 {
        let n = self.rgb.len() / 3;
        let inked = self.rgb.chunks(3).filter(|p| p != &[255, 255, 255]).count();
        inked as f64 / n as f64
    }

    /// Number of pixels of exactly this colour.
    pub fn count(&self, c: RGBColor) -> usize {
        self.rgb
            .chunks(3)
            .filter(|p| p[0] == c.0 && p[1] == c.1 && p[2] == c.2)
            .count()
    }
}
