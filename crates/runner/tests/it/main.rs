//! Integration tests of ringfence-runner: config errors, sweep expansion, windows, the
//! block bootstrap, whole runs (outputs, resume, shard/merge, bad input), and the result
//! tables read back (parquet, annual returns, determinism across thread counts).

mod bootstrap;
mod chains;
mod config;
mod hedge_default;
mod identity;
mod outputs;
mod run;
mod support;
mod sweep;
mod trace;
mod window;
