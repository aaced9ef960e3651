//! One module per subcommand group.

pub mod calibrate;
pub mod data;
pub mod stats;
pub mod synth;
pub mod quote;
pub mod report;
