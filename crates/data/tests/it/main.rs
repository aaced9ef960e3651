//! Integration tests of ringfence-data (one binary; one module per topic).

mod fixtures;
mod mini_dir;
mod real_files;
mod real_history;
mod robustness;
mod stats;
mod synth;
