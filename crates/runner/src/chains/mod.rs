//! Real option chains: the columnar store (`store`: Parquet partitioned by quote date,
//! through polars), the importer (`import`: streaming, validated, resumable) and the
//! per-trade comparison of model and chain prices written with a run (`fills`).
//!
//! The engine never reads a file: the runner loads the [`ringfence_data::chains::ChainBook`]
//! of a run's window once and the engine prices through
//! [`ringfence_strategy::market::chain::ChainMarket`].

pub mod fills;
pub mod import;
pub mod store;

pub use import::{ImportProgress, ImportReport, NoProgress, import};
pub use store::load_book;
