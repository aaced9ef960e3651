//! Integration tests of ringfence-runner: config errors, sweep expansion, windows, the
//! block bootstrap, and whole runs (outputs, determinism, resume, shard/merge, bad input).

mod bootstrap;
mod config;
mod identity;
mod run;
mod support;
mod sweep;
mod window;
