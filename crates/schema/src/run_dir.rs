//! What a run directory holds: its format version and the names of its files.

/// Version of the run-directory format (`run.json` key `format_version`). Bump it when a
/// file or column changes meaning; the report refuses other versions.
pub const FORMAT_VERSION: u32 = 1;

/// The `tool` value of `run.json`: marks a directory as a ringfence run.
pub const TOOL: &str = "ringfence";

/// The run description: config, version, seed, data provenance, windows.
pub const RUN_JSON: &str = "run.json";
/// One row of metrics per scenario and layout.
pub const SUMMARY_CSV: &str = "summary.csv";
/// [`SUMMARY_CSV`] as Parquet.
pub const SUMMARY_PARQUET: &str = "summary.parquet";
/// ring_fenced - commingled per metric, with bootstrap confidence intervals.
pub const PAIRED_CSV: &str = "paired.csv";
/// The per-path bootstrap differences behind the intervals of [`PAIRED_CSV`].
pub const BOOTSTRAP_CSV: &str = "bootstrap.csv";
/// Calendar-year returns, hedge cost and hedge payoff per scenario row.
pub const ANNUAL_CSV: &str = "annual.csv";
/// Account and trade events of the scenarios selected in `[output] events`.
pub const EVENTS_CSV: &str = "events.csv";
/// Every cash movement (when `[output] ledger` is on).
pub const LEDGER_CSV: &str = "ledger.csv";
/// Scenarios that failed, with the reason.
pub const FAILURES_CSV: &str = "failures.csv";
/// Folder of the daily series, one [`daily_file`] per selected scenario row.
pub const DAILY_DIR: &str = "daily";
/// Folder of the runner's resumable chunks.
pub const CHUNKS_DIR: &str = "chunks";
/// The HTML report written by `ringfence report`.
pub const REPORT_HTML: &str = "report.html";
/// The Markdown summary of the report (the answer and key evidence, for pasting into a review).
pub const REPORT_MD: &str = "report.md";

/// Key of one scenario row: `<id>_<layout>` (`s000123_ring_fenced`), the `scenario` column
/// of the tables and the file stem in [`DAILY_DIR`].
pub fn row_key(id: &str, layout: &str) -> String {
    format!("{id}_{layout}")
}

/// File name, inside [`DAILY_DIR`], of the daily series of row `row_key`.
pub fn daily_file(row_key: &str) -> String {
    format!("{row_key}.csv")
}

/// Per-trade model price beside the chain's quote (runs with `[data] chains`).
pub const FILLS_CSV: &str = "fills.csv";
/// Chain prices and model fills counted per scenario (runs with `[data] chains`).
pub const CHAIN_FILLS_CSV: &str = "chain_fills.csv";
/// Per-scenario chain files, joined into [`FILLS_CSV`] and [`CHAIN_FILLS_CSV`] at the end.
pub const CHAINS_DIR: &str = "chains";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_daily_file_is_named_after_its_row_key() {
        assert_eq!(row_key("s000007", "hedge_only"), "s000007_hedge_only");
        assert_eq!(
            daily_file(&row_key("s1", "commingled")),
            "s1_commingled.csv"
        );
    }
}
