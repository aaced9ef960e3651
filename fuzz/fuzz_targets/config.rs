//! The run config parser: arbitrary text through `Config::parse` never panics and returns a
//! checked config or a typed error with a message; a parsed config's variants and model
//! parameters can be built. Built only with `--features config` (the runner pulls in
//! polars).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use ringfence_runner::{Config, Overrides};

/// Variants built per input (a sweep may expand to the 100,000 cap).
const MAX_VARIANTS: usize = 8;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(Path::new("fuzz.toml"), text, &Overrides::default()) {
        Ok(config) => {
            let _ = config.resolved();
            for v in 0..config.variant_count().min(MAX_VARIANTS) {
                let _ = config.variant_label(v);
                let _ = config.variant(v);
            }
            for m in 0..config.model_count().min(MAX_VARIANTS) {
                let _ = config.model_params(m);
            }
        }
        Err(e) => {
            let _ = e.kind();
            assert!(!e.to_string().is_empty(), "empty error message");
        }
    }
});
