//! The aligned daily market history every scenario reads.
//!
//! [`MarketHistory`] is column-oriented: one `Vec` per series, all indexed by the same
//! trading-day index `i` (0 = first SPX trading day loaded). Optional series use `f64::NAN`
//! for "no value on this day" (series not yet published, or a gap longer than the
//! carry-forward limit); read them through [`MarketHistory::get`] or the `*_at` helpers,
//! which turn NaN into `None`, so a missing value is never mistaken for a number.

use chrono::NaiveDate;
use serde::Serialize;

/// Daily open/high/low/close columns of one index, in index points.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ohlc {
    /// Opening value (see the per-series notes on whether it is a real opening print).
    pub open: Vec<f64>,
    /// Session high.
    pub high: Vec<f64>,
    /// Session low.
    pub low: Vec<f64>,
    /// Closing value.
    pub close: Vec<f64>,
}

impl Ohlc {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.close.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.close.is_empty()
    }

    /// True when row `i` is close-only (O = H = L = C): no Open, High or Low of its own.
    pub fn is_close_only(&self, i: usize) -> bool {
        crate::check::file::close_only(self.open[i], self.high[i], self.low[i], self.close[i])
    }

    /// The Open of row `i` when the row has one of its own: finite, positive and not
    /// close-only.
    pub fn open_print(&self, i: usize) -> Option<f64> {
        let open = self.open[i];
        (open.is_finite() && open > 0.0 && !self.is_close_only(i)).then_some(open)
    }
}

/// Which optional VIX-family column to read with [`MarketHistory::get`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Series {
    /// 9-day VIX (Cboe VIX9D), from 2011.
    Vix9d,
    /// 30-day VIX close.
    Vix,
    /// 3-month VIX (VIX3M, formerly VXV), from 2009-09 in the Cboe file.
    Vix3m,
    /// 6-month VIX (VIX6M), from 2008.
    Vix6m,
    /// Volatility of VIX (VVIX), from 2006 (2006 values are unreliable, see the data README).
    Vvix,
    /// Cboe SKEW index (tail risk of the 30-day SPX distribution, about 100-170), from 1990.
    Skew,
}

/// Daily settlement prices of one monthly VX futures contract, in VIX points.
///
/// Prices quoted on the old 10x scale (before 2007-03-26) are already divided by 10.
#[derive(Debug, Clone, PartialEq)]
pub struct VxContract {
    /// Contract month (year, month 1-12), e.g. (2008, 1) for `F (Jan 08)`.
    pub month: (i32, u32),
    /// Final settlement date (VIX expiration), when the data show it; `None` when the
    /// contract's rows stop before its expiration.
    pub expiry: Option<NaiveDate>,
    /// Index into [`MarketHistory::dates`] of `settles[0]`.
    pub first_day: usize,
    /// One settle per trading day from `first_day`; NaN where the contract has no settle.
    pub settles: Vec<f64>,
}

impl VxContract {
    /// Settle on trading day `day`, if the contract had one.
    pub fn settle_at(&self, day: usize) -> Option<f64> {
        let k = day.checked_sub(self.first_day)?;
        self.settles.get(k).copied().filter(|v| v.is_finite())
    }
}

/// All VX contracts known to the history, sorted by contract month.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VxSettles {
    /// Contracts sorted by `month`, no duplicates.
    pub contracts: Vec<VxContract>,
}

impl VxSettles {
    /// Contracts with a settle on trading day `day`, nearest first.
    pub fn curve_at(&self, day: usize) -> impl Iterator<Item = (&VxContract, f64)> + '_ {
        self.contracts
            .iter()
            .filter_map(move |c| c.settle_at(day).map(|s| (c, s)))
    }

    /// The contract for `month`, if loaded.
    pub fn contract(&self, month: (i32, u32)) -> Option<&VxContract> {
        self.contracts
            .binary_search_by(|c| c.month.cmp(&month))
            .ok()
            .map(|k| &self.contracts[k])
    }

    /// True when no contract is loaded.
    pub fn is_empty(&self) -> bool {
        self.contracts.is_empty()
    }

    /// The final settle of the contract expiring on `expiry`, trading day `day` of the
    /// history: the VRO, which Cboe prints as the contract's settle on its expiration day.
    /// `None` when no loaded contract's rows reach it.
    pub fn final_settle(&self, expiry: NaiveDate, day: usize) -> Option<f64> {
        self.contracts
            .iter()
            .filter(|c| c.expiry == Some(expiry))
            .find_map(|c| c.settle_at(day))
            .filter(|v| *v > 0.0)
    }
}

/// Where one series of the history came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    /// Role of the file in the history (`spx`, `vix`, `vix3m`, `rate`, `vx`, ...).
    pub role: String,
    /// Path as given to the loader.
    pub path: String,
    /// Detected format name.
    pub format: String,
    /// SHA-256 of the file bytes, lowercase hex.
    pub sha256: String,
    /// Data rows read (header and disclaimer lines excluded).
    pub rows: usize,
    /// First and last date in the file.
    pub first: Option<NaiveDate>,
    /// Last date in the file.
    pub last: Option<NaiveDate>,
}

/// What alignment did to each series: every fill and every dropped row is counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AlignmentReport {
    /// Carry-forward limit used, in trading days.
    pub max_fill_days: usize,
    /// Per series: (name, values carried forward, rows dropped because their date is not
    /// an SPX trading day, SPX days left missing because the gap exceeded the limit).
    pub series: Vec<SeriesAlignment>,
}

/// Dates kept in the example lists of a [`SeriesAlignment`] (`filled_dates`,
/// `dropped_dates`).
pub const MAX_LISTED_DATES: usize = 40;

/// Alignment counts of one series.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SeriesAlignment {
    /// Series name (`vix`, `vix3m`, `rate`, ...).
    pub name: String,
    /// SPX days whose value was carried forward from an earlier day.
    pub filled: usize,
    /// Dates carried forward (first few, for the report).
    pub filled_dates: Vec<NaiveDate>,
    /// Rows dropped because their date is not an SPX trading day.
    pub dropped_non_trading: usize,
    /// Dates of the dropped rows (first few, for the report).
    pub dropped_dates: Vec<NaiveDate>,
    /// SPX days inside the series' range left missing (gap longer than the limit).
    pub missing: usize,
}

/// Aligned daily history on the SPX trading calendar.
///
/// Invariants (checked by the aligner): `dates` strictly ascending; every column has
/// `dates.len()` rows; `spx` and `vix` closes are finite and positive on every day.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketHistory {
    /// SPX trading days, ascending.
    pub dates: Vec<NaiveDate>,
    /// SPX index OHLC.
    pub spx: Ohlc,
    /// True where the SPX Open is a real opening print: not a copy of the previous close,
    /// not a close-only row, not before `LoadOptions::spx_real_opens_from` (the free
    /// files' first prints). AM settlement uses the Open only where this holds.
    pub spx_open_is_real: Vec<bool>,
    /// SPX exercise-settlement value (SET, the Special Opening Quotation) on the days the
    /// SPX settlement-value file holds one, NaN elsewhere (every day when no file was
    /// loaded). An AM settlement on such a day uses it; nothing is carried forward.
    pub spx_set: Vec<f64>,
    /// SPX dividend yield of each day, continuously compounded annual fraction, from the
    /// dividend-yield file (the latest value dated on or before the day, see
    /// [`crate::align`]); NaN where the file has none (every day when no file was loaded),
    /// and the model's constant `div_yield` applies.
    pub spx_div_yield: Vec<f64>,
    /// VIX OHLC. Where the file's Open is missing it equals the close.
    pub vix: Ohlc,
    /// VIX9D close, NaN where missing.
    pub vix9d: Vec<f64>,
    /// VIX3M close, NaN where missing.
    pub vix3m: Vec<f64>,
    /// VIX6M close, NaN where missing.
    pub vix6m: Vec<f64>,
    /// VVIX close, NaN where missing.
    pub vvix: Vec<f64>,
    /// Cboe SKEW close, NaN where missing.
    pub skew: Vec<f64>,
    /// 3-month T-bill rate as a continuously compounded annual fraction (0.05 = 5%),
    /// converted from FRED DTB3's discount-basis percent `d` by
    /// `r = -ln(1 - d/100 * 91/360) * 365/91`. Carried forward over FRED holidays.
    pub rate: Vec<f64>,
    /// VX futures settles by contract (empty when no VX file was loaded).
    pub vx: VxSettles,
    /// Fill and drop counts from alignment.
    pub alignment: AlignmentReport,
    /// Files the history was built from.
    pub sources: Vec<SourceInfo>,
}

impl MarketHistory {
    /// Number of trading days.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// True when the history has no day.
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// Index of `date` if it is a trading day of the history.
    pub fn index_of(&self, date: NaiveDate) -> Option<usize> {
        self.dates.binary_search(&date).ok()
    }

    /// Index of the first trading day on or after `date`.
    pub fn index_on_or_after(&self, date: NaiveDate) -> Option<usize> {
        let k = self.dates.partition_point(|d| *d < date);
        (k < self.dates.len()).then_some(k)
    }

    /// Value of an optional VIX-family series on day `i`; `None` when missing.
    pub fn get(&self, series: Series, i: usize) -> Option<f64> {
        let v = match series {
            Series::Vix9d => self.vix9d.get(i),
            Series::Vix => self.vix.close.get(i),
            Series::Vix3m => self.vix3m.get(i),
            Series::Vix6m => self.vix6m.get(i),
            Series::Vvix => self.vvix.get(i),
            Series::Skew => self.skew.get(i),
        };
        v.copied().filter(|x| x.is_finite())
    }

    /// A copy holding only days `range` (used for truncation tests and windows).
    /// VX contracts are clipped to the range and re-indexed.
    pub fn slice(&self, range: std::ops::Range<usize>) -> MarketHistory {
        let r = range.clone();
        let cut = |v: &Vec<f64>| v[r.clone()].to_vec();
        let ohlc = |o: &Ohlc| Ohlc {
            open: cut(&o.open),
            high: cut(&o.high),
            low: cut(&o.low),
            close: cut(&o.close),
        };
        let contracts = self
            .vx
            .contracts
            .iter()
            .filter_map(|c| {
                let start = c.first_day.max(range.start);
                let end = (c.first_day + c.settles.len()).min(range.end);
                (start < end).then(|| VxContract {
                    month: c.month,
                    // An expiry after the cut is not known to the truncated history.
                    expiry: c.expiry.filter(|e| *e <= self.dates[range.end - 1]),
                    first_day: start - range.start,
                    settles: c.settles[start - c.first_day..end - c.first_day].to_vec(),
                })
            })
            .collect();
        MarketHistory {
            dates: self.dates[r.clone()].to_vec(),
            spx: ohlc(&self.spx),
            spx_open_is_real: self.spx_open_is_real[r.clone()].to_vec(),
            spx_set: cut(&self.spx_set),
            spx_div_yield: cut(&self.spx_div_yield),
            vix: ohlc(&self.vix),
            vix9d: cut(&self.vix9d),
            vix3m: cut(&self.vix3m),
            vix6m: cut(&self.vix6m),
            vvix: cut(&self.vvix),
            skew: cut(&self.skew),
            rate: cut(&self.rate),
            vx: VxSettles { contracts },
            alignment: self.alignment.clone(),
            sources: self.sources.clone(),
        }
    }
}
