//! Integration tests of the `ringfence` binary (one test binary; one module per topic).

mod arguments;
mod bad_inputs;
mod config_mutations;
mod run;
