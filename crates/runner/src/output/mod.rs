//! Everything the runner writes: atomic files, chunks, `run.json` and the results tables.

pub mod atomic;
pub mod chunk;
pub mod finalize;
pub mod rundir;
#[cfg(test)]
mod schema_agreement;
pub mod table;

pub use chunk::{ChunkStore, Manifest};
pub use finalize::{Finalized, Source, Spec, finalize};
pub use rundir::{RunJson, ShardInfo};
