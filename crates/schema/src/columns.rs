//! The columns of each table of a run directory, in file order.

/// Name of the whole-history window (the `window` column); bootstrap paths resample it.
pub const FULL_WINDOW: &str = "full";

/// `summary.csv` / `summary.parquet`: one row per scenario and layout.
///
/// Column order: [`summary::LEADING`], the swept parameters (dotted keys such as
/// `condor.short_delta`), [`summary::IDENTITY`], the metrics of
/// [`crate::metrics::METRICS`], then the column families of [`crate::metrics::FAMILIES`]
/// (`ledger_*`, `gaps_*`, `ret_<year>`).
pub mod summary {
    /// Row key `<id>_<layout>` ([`crate::run_dir::row_key`]).
    pub const SCENARIO: &str = "scenario";
    /// Scenario id (`s000123`), shared by the layouts of one scenario.
    pub const ID: &str = "id";
    /// Human-readable label of the scenario.
    pub const LABEL: &str = "label";
    /// Config variant index.
    pub const VARIANT: &str = "variant";
    /// Window name ([`super::FULL_WINDOW`] for the whole history and bootstrap paths).
    pub const WINDOW: &str = "window";
    /// First trading day simulated.
    pub const START: &str = "start";
    /// Last trading day simulated.
    pub const END: &str = "end";
    /// Bootstrap path (1-based); empty on the real history.
    pub const PATH: &str = "path";
    /// Account layout ([`crate::layouts`]).
    pub const LAYOUT: &str = "layout";

    /// Columns before the swept parameters.
    pub const LEADING: [&str; 4] = [SCENARIO, ID, LABEL, VARIANT];
    /// Columns between the swept parameters and the metrics.
    pub const IDENTITY: [&str; 5] = [WINDOW, START, END, PATH, LAYOUT];
}

/// `paired.csv`: ring_fenced - commingled per (variant, window, metric).
pub const PAIRED: [&str; 13] = [
    "variant",
    "label",
    "window",
    "start",
    "end",
    "metric",
    "ring_fenced",
    "commingled",
    "diff",
    "paths",
    "ci_low",
    "ci_high",
    "ci_level",
];

/// `bootstrap.csv`: one difference per (variant, window, metric, bootstrap path).
pub const BOOTSTRAP: [&str; 5] = ["variant", "window", "metric", "sample", "diff"];

/// `annual.csv`: calendar-year return and hedge cash flows per scenario row.
pub const ANNUAL: [&str; 5] = [
    "scenario",
    "year",
    "return",
    "hedge_cost_usd",
    "hedge_payoff_usd",
];

/// `events.csv`: one row per event ([`crate::events`] for the `kind` values).
pub const EVENTS: [&str; 7] = [
    "scenario",
    "date",
    "account",
    "kind",
    "sleeve",
    "detail",
    "amount_usd",
];

/// `ledger.csv`: one row per cash movement.
pub const LEDGER: [&str; 7] = [
    "scenario",
    "date",
    "account",
    "sleeve",
    "kind",
    "instrument",
    "amount_usd",
];

/// `failures.csv`: one row per failed scenario.
pub const FAILURES: [&str; 3] = ["scenario", "label", "error"];

/// The header line of a table: the columns joined by commas, with a final `\n`.
pub fn header(columns: &[&str]) -> String {
    let mut h = columns.join(",");
    h.push('\n');
    h
}

/// `fills.csv`: one row per option leg (SPX or VIX) a layout traded on a day the chain
/// store has: why (`trade`: entry, exit, roll, monetise, forced_liquidation, ...), signed
/// contracts, the price it traded at (points, before costs), `source` `chain` when the
/// day's chain has the contract (else `model`, with the chain columns empty), the model's
/// mid beside the chain's bid, ask and mid, with the leg's moneyness (strike / close of
/// its underlying index), calendar days to expiry and VIX close; `quoted_underlying` is the
/// SPX level the chain was quoted at and `chain_at_close` its mid moved to the close with
/// the model (its vol's difference from the model's at the quote's state kept; the price
/// traded and marked at; the mid where the chain was quoted at the close, and for VIX
/// options), so `model_minus_chain_at_close` compares the two at one moment.
pub const FILLS: [&str; 24] = [
    "scenario",
    "layout",
    "account",
    "date",
    "trade",
    "product",
    "expiry",
    "right",
    "strike",
    "contracts",
    "underlying",
    "moneyness",
    "dte",
    "vix",
    "price",
    "source",
    "model",
    "bid",
    "ask",
    "mid",
    "model_minus_mid",
    "quoted_underlying",
    "chain_at_close",
    "model_minus_chain_at_close",
];

/// `chain_fills.csv`: per scenario, prices taken from the chain, filled by the model (a
/// contract missing from a chain day, or a day without chain) and carried from a recent
/// chain quote's vol basis; each counted once per price looked up, over every layout.
pub const CHAIN_FILLS: [&str; 11] = [
    "scenario",
    "entries_chain",
    "entries_model_contract",
    "entries_model_day",
    "marks_chain",
    "marks_model_contract",
    "marks_model_day",
    "strikes_chain",
    "strikes_model",
    "entries_carried",
    "marks_carried",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_is_the_columns_on_one_line() {
        assert_eq!(header(&FAILURES), "scenario,label,error\n");
        assert_eq!(
            header(&EVENTS),
            "scenario,date,account,kind,sleeve,detail,amount_usd\n"
        );
    }
}
