//! Integration tests of the `ringfence` binary (one test binary; one module per topic).

mod arguments;
mod bad_inputs;
mod config_mutations;
mod crash;
mod fuzz_loaders;
mod lints;
/// Seeded mutations, shared with the data crate's stable fuzz pass.
#[path = "../../../data/tests/it/mutate.rs"]
mod mutate;
mod run;
mod support;
