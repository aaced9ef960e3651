//! Integration tests of the `ringfence` binary (one test binary; one module per topic).

mod arguments;
mod bad_inputs;
mod chains;
mod compare_index;
mod config_mutations;
mod crash;
mod fuzz_loaders;
mod held_out;
mod lints;
mod quote;
mod run;
mod support;
mod trace;
