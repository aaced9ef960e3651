//! Integration tests of ringfence-data (one binary; one module per topic).

mod fixtures;
mod fuzz_real;
mod limits;
mod mini_dir;
mod mutations;
mod real_files;
mod real_history;
mod regressions;
mod robustness;
mod stats;
mod synth;
