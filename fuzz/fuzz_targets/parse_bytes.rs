//! Every reader through `parse_bytes` (under several file names), format detection on cut
//! prefixes, then validation: arbitrary bytes never panic, and a successful parse is
//! internally consistent. The logic lives in `ringfence_test_support::harness`, shared with the
//! regression replay (`crates/data/tests/regressions/parse_bytes/`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringfence_test_support::harness;

fuzz_target!(|data: &[u8]| {
    harness::parse_bytes_case(data);
});
