//! Format detection on the first bytes of a file, cut anywhere (the scanner reads 8 KiB):
//! never panics, and a cut inside a multi-byte character is not an error by itself.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use ringfence_data::formats::detect_bytes;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("head.csv");
    let whole = detect_bytes(path, data);
    for cut in [1, 7, 64, 8192] {
        if data.len() > cut {
            let _ = detect_bytes(path, &data[..cut]);
        }
    }
    if let (Some(&k), true) = (data.first(), data.len() > 1) {
        let _ = detect_bytes(path, &data[1..(usize::from(k) % data.len()).max(1)]);
    }
    let _ = whole;
});
