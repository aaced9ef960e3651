//! One module per subcommand group.

pub mod calibrate;
pub mod data;
pub mod quote;
pub mod report;
pub mod stats;
pub mod synth;
