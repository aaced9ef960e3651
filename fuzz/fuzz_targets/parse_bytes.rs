//! Every reader through `parse_bytes` (under several file names), format detection on cut
//! prefixes, then validation: arbitrary bytes never panic, and a successful parse is
//! internally consistent. The logic lives in the data crate's test harness, shared with the
//! regression replay (`crates/data/tests/regressions/parse_bytes/`).
#![no_main]

#[path = "../../crates/data/tests/it/harness.rs"]
#[allow(dead_code)]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    harness::parse_bytes_case(data);
});
