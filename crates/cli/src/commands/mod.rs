//! One module per subcommand group.

pub mod bench;
pub mod calibrate;
pub mod chains;
pub mod compare_index;
pub mod data;
pub mod merge;
pub mod quote;
pub mod report;
pub mod run;
pub mod stats;
pub mod synth;
pub mod trace;
