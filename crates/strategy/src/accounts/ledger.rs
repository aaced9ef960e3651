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

    /// Sum over every kind but interest and transfers, USD: what a sleeve's trading moved
    /// (with its positions' marked value, its trading P&L).
    pub fn trading(&self) -> f64 {
        self.total() - self.interest - self.transfer
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
    /// Inside a trade ([`Ledger::begin_trade`]): its hedge cash flows so far, netted, and
    /// their year (`None` until the trade posts one).
    trade: Option<Option<(i32, f64)>>,
    rows: Vec<LedgerRow>,
    record: bool,
}

/// Hedge-sleeve cash flows of one calendar year, USD (both positive numbers). Each trade
/// (an opening, a sale or a liquidation of one position, with its costs) and each
/// position's settlement counts once, net of its legs: a call spread bought for a 1.20 debit
/// costs 1.20, not the long leg's premium with the short leg's as a payoff.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HedgeYear {
    /// Calendar year.
    pub year: i32,
    /// Net debits of hedge trades and settlements (premium, commissions, slippage,
    /// variation margin paid), and other hedge cash paid.
    pub cost_usd: f64,
    /// Net credits of hedge trades and settlements (sales, settlements, liquidations,
    /// variation margin received), and other hedge cash received.
    pub payoff_usd: f64,
}

impl Ledger {
    /// Start a trade: the hedge cash flows posted until [`Ledger::end_trade`] count as one
    /// cost or payoff of their year, net.
    pub fn begin_trade(&mut self) {
        self.trade = Some(None);
    }

    /// End the trade [`Ledger::begin_trade`] started and book its net hedge cash flow.
    pub fn end_trade(&mut self) {
        if let Some(Some((year, net))) = self.trade.take() {
            self.hedge_flow(year, net);
        }
    }

    /// One hedge cash flow of `year`: a cost when negative, a payoff when positive.
    fn hedge_flow(&mut self, year: i32, amount_usd: f64) {
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

    /// An empty ledger; rows are kept when `record`.
    pub fn new(record: bool) -> Ledger {
        Ledger {
            by_account: [[0.0; 10]; 2],
            by_sleeve: [[0.0; 10]; 2],
            hedge_years: Vec::with_capacity(64),
            trade: None,
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
                match self.trade.as_mut() {
                    Some(pending) => {
                        let net = pending.map_or(0.0, |(_, n)| n);
                        *pending = Some((year, net + amount_usd));
                    }
                    None => self.hedge_flow(year, amount_usd),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn post(l: &mut Ledger, date: NaiveDate, kind: LedgerKind, amount: f64) {
        l.post(date, 1, "hedge", Some(Sleeve::Hedge), kind, None, amount);
    }

    #[test]
    fn a_hedge_trade_counts_once_net_of_its_legs_in_the_years_cost_and_payoff() {
        let d = |m, day| NaiveDate::from_ymd_opt(2020, m, day).unwrap();
        let mut l = Ledger::new(false);
        // A call spread bought: long leg -$300, short leg +$120, $2 commission: costs $182.
        l.begin_trade();
        post(&mut l, d(2, 3), LedgerKind::Premium, -300.0);
        post(&mut l, d(2, 3), LedgerKind::Premium, 120.0);
        post(&mut l, d(2, 3), LedgerKind::Commission, -2.0);
        l.end_trade();
        // Settled in the money: long leg +$500, short leg -$200: pays $300.
        l.begin_trade();
        post(&mut l, d(3, 18), LedgerKind::Settlement, 500.0);
        post(&mut l, d(3, 18), LedgerKind::Settlement, -200.0);
        l.end_trade();
        // A trade without hedge flows books nothing; interest is never a hedge flow.
        l.begin_trade();
        l.end_trade();
        post(&mut l, d(3, 19), LedgerKind::Interest, 7.0);
        let y = l.hedge_years();
        assert_eq!(y.len(), 1);
        assert_eq!(
            (y[0].year, y[0].cost_usd, y[0].payoff_usd),
            (2020, 182.0, 300.0)
        );
        // Their net is the hedge sleeve's trading cash, as the ledger totals have it.
        let t = l.sleeve_totals(Sleeve::Hedge);
        assert_eq!(y[0].payoff_usd - y[0].cost_usd, t.trading());
    }
}
