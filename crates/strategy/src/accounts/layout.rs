//! Account layouts: which accounts exist and which sleeves each holds.

use serde::{Deserialize, Serialize};

use crate::position::Sleeve;

/// How the two sleeves are held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Two accounts: `core` (condor sleeve, `1 - hedge_fraction` of capital) and `hedge`
    /// (hedge sleeve, `hedge_fraction`), with optional transfers.
    RingFenced,
    /// One account `main` holding both sleeves; requirements add, cash is pooled.
    Commingled,
    /// One account `main`: the condor sleeve trades, the hedge sleeve's capital stays in
    /// cash (the baseline without a hedge, same total capital).
    Unhedged,
    /// One account `main`: the hedge sleeve trades, the condor sleeve's capital stays in
    /// cash (attribution of the hedge alone).
    HedgeOnly,
}

impl Layout {
    /// Every layout.
    pub const ALL: [Layout; 4] = [
        Layout::RingFenced,
        Layout::Commingled,
        Layout::Unhedged,
        Layout::HedgeOnly,
    ];

    /// snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Layout::RingFenced => "ring_fenced",
            Layout::Commingled => "commingled",
            Layout::Unhedged => "unhedged",
            Layout::HedgeOnly => "hedge_only",
        }
    }

    /// Account names, in account index order.
    pub fn accounts(self) -> &'static [&'static str] {
        match self {
            Layout::RingFenced => &["core", "hedge"],
            _ => &["main"],
        }
    }

    /// Index of the account holding `sleeve`.
    pub fn account_of(self, sleeve: Sleeve) -> usize {
        match (self, sleeve) {
            (Layout::RingFenced, Sleeve::Hedge) => 1,
            _ => 0,
        }
    }

    /// Whether `sleeve` trades in this layout.
    pub fn trades(self, sleeve: Sleeve) -> bool {
        !matches!(
            (self, sleeve),
            (Layout::Unhedged, Sleeve::Hedge) | (Layout::HedgeOnly, Sleeve::Condor)
        )
    }
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Layout {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Layout::ALL
            .into_iter()
            .find(|l| l.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown layout `{s}`: expected ring_fenced, commingled, unhedged or hedge_only"
                )
            })
    }
}
