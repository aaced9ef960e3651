//! The VRO against the VIX index's opening print: what settling VIX options and VX futures
//! at the VIX Open (the model's fallback) would miss where the VX data hold the real VRO, the
//! contract's settle on its expiration day ([`crate::model::MarketModel::vix_settlement`]).

use chrono::NaiveDate;
use ringfence_data::MarketHistory;

/// One VIX expiration with both the VRO and a VIX open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VroDay {
    /// The expiration.
    pub date: NaiveDate,
    /// The VRO: the expiring VX contract's final settle, VIX points.
    pub vro: f64,
    /// The VIX file's Open, High and Low that day.
    pub open: f64,
    /// See [`VroDay::open`].
    pub high: f64,
    /// See [`VroDay::open`].
    pub low: f64,
}

/// Every expiration of `h` whose VX contract has a final settle and whose VIX row is not
/// close-only, ascending.
pub fn vro_days(h: &MarketHistory) -> Vec<VroDay> {
    let mut days: Vec<VroDay> =
        h.vx.contracts
            .iter()
            .filter_map(|c| {
                let date = c.expiry?;
                let day = h.index_of(date)?;
                let vro = h.vx.final_settle(date, day)?;
                let v = &h.vix;
                Some(VroDay {
                    date,
                    vro,
                    open: v.open_print(day)?,
                    high: v.high[day],
                    low: v.low[day],
                })
            })
            .collect();
    days.sort_by_key(|d| d.date);
    days
}

/// The VRO against the VIX open over `days`, as a Markdown summary.
pub fn vro_report(days: &[VroDay]) -> String {
    if days.is_empty() {
        return "No VIX expiration with both a VX final settle and a VIX open.\n".to_owned();
    }
    let mut diffs: Vec<f64> = days.iter().map(|d| d.vro - d.open).collect();
    let mean = diffs.iter().sum::<f64>() / diffs.len() as f64;
    diffs.sort_by(f64::total_cmp);
    let mut abs: Vec<f64> = diffs.iter().map(|d| d.abs()).collect();
    abs.sort_by(f64::total_cmp);
    let median = |sorted: &[f64]| super::smile_fit::quantile(sorted, 0.5);
    let outside = days
        .iter()
        .filter(|d| d.vro > d.high || d.vro < d.low)
        .count();
    let big = abs.iter().filter(|a| **a > 1.3).count();
    let mut worst: Vec<&VroDay> = days.iter().collect();
    worst.sort_by(|a, b| (b.vro - b.open).abs().total_cmp(&(a.vro - a.open).abs()));
    let mut out = format!(
        "## The VRO against the VIX open ({} expirations, {} to {})\n\n\
         | median abs VRO - open | mean VRO - open | median VRO - open | more than 1.3 points apart | VRO outside the VIX's day range |\n\
         |---:|---:|---:|---:|---:|\n\
         | {:.2} | {} | {} | {big} | {outside} |\n\n\
         | largest differences | VRO | VIX open | VIX low - high |\n|---|---:|---:|---|\n",
        days.len(),
        days[0].date,
        days[days.len() - 1].date,
        median(&abs),
        super::signed(mean, 3),
        super::signed(median(&diffs), 3),
    );
    for d in worst.iter().take(5) {
        out.push_str(&format!(
            "| {} | {:.2} | {:.2} | {:.2} - {:.2} |\n",
            d.date, d.vro, d.open, d.low, d.high
        ));
    }
    out
}
