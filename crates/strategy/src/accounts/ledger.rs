//! The ledger: every cash movement of an account, by kind.
//!
//! Running totals are always kept (per account and kind); rows are kept only when
//! `SimOptions::record_ledger` is set. Invariant, checked by the tests on every day:
//! `initial capital + sum(ledger) = sum of account cash`.

use chrono::NaiveDate;
use serde::Serialize;

use crate::instrument::Instrument;
use crate::position::Sleeve;

/// Kind of a cash movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    /// Option premium at mid: received (+) on sales, paid (-) on purchases.
    Premium,
    /// Purchase (-) or sale (+) of the synthetic index leg at the index close.
    IndexTrade,
    /// Commissions and exchange fees (-).
    Commission,
    /// Distance from mid paid on a trade (-), stressed in forced liquidations.
    Slippage,
    /// Cash settlement of expiring options at SET / VRO / the PM close.
    Settlement,
    /// Daily VX futures variation margin (and the final settlement against VRO).
    VariationMargin,
    /// Interest on cash (T-bill rate; debit balances pay rate + spread).
    Interest,
    /// Dividend yield accrued on the synthetic index leg.
    Dividend,
    /// Transfer between the ring-fenced accounts (the two rows sum to zero).
    Transfer,
    /// Mid value of positions closed by forced liquidation.
    Liquidation,
}

impl LedgerKind {
    /// Every kind, in column order.
    pub const ALL: [LedgerKind; 10] = [
        LedgerKind::Premium,
        LedgerKind::IndexTrade,
        LedgerKind::Commission,
        LedgerKind::Slippage,
        LedgerKind::Settlement,
        LedgerKind::VariationMargin,
        LedgerKind::Interest,
        LedgerKind::Dividend,
        LedgerKind::Transfer,
        LedgerKind::Liquidation,
    ];

    /// snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            LedgerKind::Premium => "premium",
            LedgerKind::IndexTrade => "index_trade",
            LedgerKind::Commission => "commission",
            LedgerKind::Slippage => "slippage",
            LedgerKind::Settlement => "settlement",
            LedgerKind::VariationMargin => "variation_margin",
            LedgerKind::Interest => "interest",
            LedgerKind::Dividend => "dividend",
            LedgerKind::Transfer => "transfer",
            LedgerKind::Liquidation => "liquidation",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One cash movement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerRow {
    /// Trading date.
    pub date: NaiveDate,
    /// Account name (`core`, `hedge` or `main`).
    pub account: &'static str,
    /// Sleeve the movement is attributed to; `None` for account-level interest netting.
    pub sleeve: Option<Sleeve>,
    /// Kind.
    pub kind: LedgerKind,
    /// Instrument (`SPX 2020-04-17 P 2500`), or `cash` for interest and transfers.
    pub instrument: String,
    /// Amount, USD; positive = cash in.
    pub amount_usd: f64,
}

/// Sums of the ledger by kind, USD (positive = cash in).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct LedgerTotals {
    /// Option premium at mid.
    pub premium: f64,
    /// Synthetic index trades.
    pub index_trade: f64,
    /// Commissions and fees.
    pub commission: f64,
    /// Slippage.
    pub slippage: f64,
    /// Option settlements.
    pub settlement: f64,
    /// VX variation margin.
    pub variation_margin: f64,
    /// Interest.
    pub interest: f64,
    /// Dividends on the index leg.
    pub dividend: f64,
    /// Transfers (sum zero over both accounts).
    pub transfer: f64,
    /// Forced-liquidation proceeds at mid.
    pub liquidation: f64,
}

impl LedgerTotals {
    /// Sum over every kind, USD.
    pub fn total(&self) -> f64 {
        self.premium
            + self.index_trade
            + self.commission
            + self.slippage
            + self.settlement
            + self.variation_margin
            + self.interest
            + self.dividend
            + self.transfer
            + self.liquidation
    }

    fn from_array(a: &[f64; 10]) -> LedgerTotals {
        LedgerTotals {
            premium: a[0],
            index_trade: a[1],
            commission: a[2],
            slippage: a[3],
            settlement: a[4],
            variation_margin: a[5],
            interest: a[6],
            dividend: a[7],
            transfer: a[8],
            liquidation: a[9],
        }
    }
}

/// Running totals by account, sleeve and kind, plus optional rows.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// `[account][kind]` sums.
    by_account: [[f64; 10]; 2],
    /// `[sleeve][kind]` sums (sleeve attribution; account-level netting excluded).
    by_sleeve: [[f64; 10]; 2],
    /// Hedge-sleeve cost and payoff by calendar year.
    hedge_years: Vec<HedgeYear>,
    rows: Vec<LedgerRow>,
    record: bool,
}

/// Hedge-sleeve cash flows of one calendar year, USD (both positive numbers).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HedgeYear {
    /// Calendar year.
    pub year: i32,
    /// Premium, commissions, slippage and variation margin paid on hedge positions.
    pub cost_usd: f64,
    /// Proceeds of hedge sales, settlements, liquidations and variation margin received.
    pub payoff_usd: f64,
}

impl Ledger {
    /// An empty ledger; rows are kept when `record`.
    pub fn new(record: bool) -> Ledger {
        Ledger {
            by_account: [[0.0; 10]; 2],
            by_sleeve: [[0.0; 10]; 2],
            hedge_years: Vec::with_capacity(64),
            rows: Vec::new(),
            record,
        }
    }

    /// Record one movement (the caller moves the cash itself).
    #[allow(clippy::too_many_arguments)]
    #[inline]
    pub fn post(
        &mut self,
        date: NaiveDate,
        account: usize,
        account_name: &'static str,
        sleeve: Option<Sleeve>,
        kind: LedgerKind,
        instrument: Option<&Instrument>,
        amount_usd: f64,
    ) {
        self.by_account[account][kind.index()] += amount_usd;
        if let Some(s) = sleeve {
            self.by_sleeve[s.index()][kind.index()] += amount_usd;
            if s == Sleeve::Hedge && !matches!(kind, LedgerKind::Interest | LedgerKind::Transfer) {
                let year = chrono::Datelike::year(&date);
                if self.hedge_years.last().is_none_or(|h| h.year != year) {
                    self.hedge_years.push(HedgeYear {
                        year,
                        cost_usd: 0.0,
                        payoff_usd: 0.0,
                    });
                }
                if let Some(h) = self.hedge_years.last_mut() {
                    if amount_usd < 0.0 {
                        h.cost_usd -= amount_usd;
                    } else {
                        h.payoff_usd += amount_usd;
                    }
                }
            }
        }
        if self.record {
            self.rows.push(LedgerRow {
                date,
                account: account_name,
                sleeve,
                kind,
                instrument: instrument.map_or_else(|| "cash".to_owned(), ToString::to_string),
                amount_usd,
            });
        }
    }

    /// Totals over both accounts.
    pub fn totals(&self) -> LedgerTotals {
        let mut a = [0.0; 10];
        for acc in &self.by_account {
            for (k, v) in acc.iter().enumerate() {
                a[k] += v;
            }
        }
        LedgerTotals::from_array(&a)
    }

    /// Totals of one account.
    pub fn account_totals(&self, account: usize) -> LedgerTotals {
        LedgerTotals::from_array(&self.by_account[account])
    }

    /// Totals attributed to one sleeve.
    pub fn sleeve_totals(&self, sleeve: Sleeve) -> LedgerTotals {
        LedgerTotals::from_array(&self.by_sleeve[sleeve.index()])
    }

    /// Sum of every movement, USD.
    pub fn sum(&self) -> f64 {
        self.totals().total()
    }

    /// The recorded rows (empty unless recording).
    pub fn rows(&self) -> &[LedgerRow] {
        &self.rows
    }

    /// Hedge-sleeve cost and payoff by calendar year (years with hedge cash flows only).
    pub fn hedge_years(&self) -> &[HedgeYear] {
        &self.hedge_years
    }

    /// Take the recorded rows.
    pub fn take_rows(&mut self) -> Vec<LedgerRow> {
        std::mem::take(&mut self.rows)
    }
}
