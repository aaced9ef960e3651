//! `[data]`: rows for `dir` and `ringfence_data::LoadOptions`, whose fields and defaults
//! live in the data crate. The meanings repeat its doc comments; a test checks that these
//! rows are exactly the keys `[data]` accepts.

use ringfence_strategy::params::ParamDoc;

/// (key under `data`, type, default, meaning).
const KEYS: &[(&str, &str, &str, &str)] = &[
    (
        "dir",
        "path",
        "\"data\"",
        "Data directory: a relative path is taken from the working directory, one that starts with `{config_dir}/` from the config file's; the relative paths below are resolved against it; `--data` overrides it.",
    ),
    (
        "chains",
        "path",
        "",
        "Chain store written by `ringfence data import-chains` (relative to the data directory). Set: SPX and VIX options trade at the chain's quotes and mark at its mids wherever it has the contract that day (an SPX chain quoted at another level than the close moved to the close with the model), SPX strikes by delta come from its listed strikes, an SPX contract the chain lacks but quoted in the last 30 days carries its last vol basis to the model, and the model fills every other gap (counted per scenario); unset: the model prices every option.",
    ),
    (
        "max_fill_days",
        "integer",
        "3",
        "Longest run of SPX days a missing value is carried forward.",
    ),
    (
        "spx",
        "path",
        "",
        "SPX OHLC file (unset: discovered in the data directory).",
    ),
    ("vix", "path", "", "VIX file (unset: discovered)."),
    ("vix9d", "path", "", "VIX9D file (unset: discovered)."),
    ("vix3m", "path", "", "VIX3M file (unset: discovered)."),
    ("vix6m", "path", "", "VIX6M file (unset: discovered)."),
    ("vvix", "path", "", "VVIX file (unset: discovered)."),
    (
        "skew",
        "path",
        "",
        "Cboe SKEW file (unset: discovered; missing days use the smile's SKEW fallback).",
    ),
    (
        "rate",
        "path",
        "",
        "T-bill rate file (FRED DTB3; unset: discovered).",
    ),
    (
        "vx",
        "list of path",
        "",
        "VX contract files or directories of them (unset: discovered; `[]`: no VX data).",
    ),
    (
        "spx_set",
        "path",
        "",
        "SPX exercise-settlement values (SET, the Special Opening Quotation) of AM-settled expirations: two columns, `DATE,SET`, dates YYYY-MM-DD or MM/DD/YYYY (unset: discovered, a two-column file whose value column is `SET`). An AM settlement on one of its dates uses the value; other days keep the SPX Open or the bridge of `model.stale_open_share`. `ringfence data check` reports how far those estimates lie from it.",
    ),
    (
        "spx_div_yield",
        "path",
        "",
        "SPX dividend yield, percent a year (1.8 = 1.8%, within 0.5-20): two columns, `DATE,DIV_YIELD`, dates YYYY-MM-DD or MM/DD/YYYY, on any day of the week (unset: discovered, a two-column file whose value column is `DIV_YIELD` or `DIVIDEND_YIELD`). Each value applies from its date to the next value's, at most 400 calendar days (date each value on the day it was known: a yield applied before its date is look-ahead); it is read as `q = ln(1 + y/100)` and sets the forward of SPX options and the dividends of an index leg (BXM, PPUT, CLL, VXTH). Days it does not cover use `model.div_yield`; `ringfence data check` reports the coverage.",
    ),
    (
        "max_file_bytes",
        "integer",
        "268435456",
        "Largest data file accepted, in bytes (256 MiB); a larger file is refused before it is read.",
    ),
    (
        "spx_real_opens_from",
        "date (YYYY-MM-DD)",
        "\"2017-01-01\"",
        "First date whose SPX Open is taken as the opening level (AM settlement, the VIX's intraday elasticity). In the free SPX files an earlier Open that is not a copy of the previous close is the index's first print, computed mostly on the previous closes of stocks not yet open: its gap captures 0-13% of the day's move in every year 2006-2016 against 18-43% from 2017 (`ringfence calibrate opens`). Earlier AM settlements use the bridge of `model.stale_open_share`. A file with real opens throughout: set a date before its first row.",
    ),
];

/// The rows of `[data]`.
pub fn rows() -> Vec<ParamDoc> {
    KEYS.iter()
        .map(|(key, kind, default, meaning)| ParamDoc {
            key: format!("data.{key}"),
            kind: (*kind).to_string(),
            default: (*default).to_string(),
            range: String::new(),
            meaning: (*meaning).to_string(),
            choices: Vec::new(),
        })
        .collect()
}
