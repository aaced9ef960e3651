//! The book of one layout: its accounts, ledger, events and counters, and the operations
//! that move cash (trades, settlements, variation margin, interest, transfers). Every cash
//! movement goes through [`Book::post`], which updates the account's cash bucket and the
//! ledger together, so `initial capital + sum(ledger) = sum of account cash` holds by
//! construction.

use chrono::NaiveDate;

use crate::accounts::account::Account;
use crate::accounts::event::{Event, EventKind};
use crate::accounts::layout::Layout;
use crate::accounts::ledger::{Ledger, LedgerKind};
use crate::accounts::trade::Trade;
use crate::instrument::{Instrument, Product};
use crate::params::{CostModel, SizingBasis, StrategyParams};
use crate::position::{Position, Sleeve};
use crate::sleeves::budget::RollingBudget;

/// Counts and sums kept while a layout runs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counters {
    /// Margin calls opened.
    pub margin_calls: u32,
    /// Positions closed (fully or partly) by forced liquidation.
    pub forced_liquidations: u32,
    /// Commissions and slippage paid in forced liquidations, USD (positive).
    pub liquidation_cost_usd: f64,
    /// Entries refused for lack of excess.
    pub refused_entries: u32,
    /// Positions opened.
    pub entries: u32,
    /// Entries skipped because no plan could be built (no expiry, no quote), by day.
    pub skipped_entries: u32,
    /// Hedge openings skipped because the spend bought less than one unit.
    pub hedge_below_one_unit: u32,
    /// Condor entries skipped because the sizing gave less than one contract.
    pub condor_below_one_unit: u32,
    /// Marks that fell back to the previous mark (the model could not price the leg).
    pub mark_fallbacks: u32,
    /// Settlements that used the last mark because the model had no settlement value.
    pub settlement_fallbacks: u32,
    /// Hedge premium charged to the budget, USD.
    pub hedge_charged_usd: f64,
    /// Hedge premium, commissions and slippage paid on openings, USD (positive).
    pub hedge_gross_cost_usd: f64,
    /// Hedge openings cut to what the account's excess pays for.
    pub hedge_spend_cuts: u32,
    /// Hedge spend not made for want of excess, USD (positive).
    pub hedge_spend_cut_usd: f64,
    /// Condor entries whose size differs from what the sleeve's attributed equity gives
    /// (account sizing basis only).
    pub sizing_differs: u32,
    /// Positions closed (fully or partly) by a real-time liquidation at a corner of the day.
    pub intraday_liquidations: u32,
    /// Days a real-time check used the close because the day's bar had no range.
    pub intraday_fallbacks: u32,
    /// Hedge positions sold at the close to meet a negative excess.
    pub hedge_sales_for_calls: u32,
    /// Transfers that arrived (ring-fenced).
    pub transfers: u32,
    /// Days the stress add-ons raised the close's requirements.
    pub stress_addon_days: u32,
}

/// A transfer decided but not yet arrived.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PendingTransfer {
    /// Trading-day index on which it arrives.
    pub arrives: usize,
    /// Sending account.
    pub from: usize,
    /// Receiving account.
    pub to: usize,
    /// Amount requested, USD (capped at the sender's excess on arrival).
    pub amount: f64,
}

/// Accounts, ledger, events and counters of one layout.
#[derive(Debug)]
pub struct Book {
    /// The layout.
    pub layout: Layout,
    /// Accounts (`n_accounts` used).
    pub accounts: [Account; 2],
    /// Accounts used.
    pub n_accounts: usize,
    /// The ledger.
    pub ledger: Ledger,
    /// Events (when recording).
    pub events: Vec<Event>,
    record_events: bool,
    /// Option legs traded (when recording trades).
    pub trades: Vec<Trade>,
    record_trades: bool,
    next_id: u32,
    /// Counters.
    pub c: Counters,
    /// Starting cash of each sleeve, USD.
    pub initial_sleeve: [f64; 2],
    /// Net transfers into each sleeve, USD.
    pub transfers_in: [f64; 2],
    /// The hedge sleeve's rolling budget.
    pub budget: RollingBudget,
    /// Transfers in flight.
    pub pending: [Option<PendingTransfer>; 4],
    /// Hedge budget charges (when recording events).
    pub charges: Vec<(NaiveDate, f64)>,
    /// A reused account for valuations at other prices (real-time margin).
    pub scratch: Account,
    costs: CostModel,
}

impl Book {
    /// A book with the starting capital split between the sleeves.
    pub fn new(
        layout: Layout,
        p: &StrategyParams,
        record_ledger: bool,
        record_events: bool,
    ) -> Book {
        let total = p.capital.total_usd;
        let hedge = total * p.capital.hedge_fraction;
        let condor = total - hedge;
        let names = layout.accounts();
        let (accounts, n) = if layout == Layout::RingFenced {
            (
                [
                    Account::new(names[0], [condor, 0.0]),
                    Account::new(names[1], [0.0, hedge]),
                ],
                2,
            )
        } else {
            (
                [
                    Account::new(names[0], [condor, hedge]),
                    Account::new("unused", [0.0, 0.0]),
                ],
                1,
            )
        };
        Book {
            layout,
            accounts,
            n_accounts: n,
            ledger: Ledger::new(record_ledger),
            events: Vec::with_capacity(if record_events { 1024 } else { 0 }),
            record_events,
            trades: Vec::new(),
            record_trades: false,
            next_id: 1,
            c: Counters::default(),
            initial_sleeve: [condor, hedge],
            transfers_in: [0.0; 2],
            budget: RollingBudget::default(),
            pending: [None; 4],
            charges: Vec::new(),
            scratch: Account::new("scratch", [0.0, 0.0]),
            costs: p.costs,
        }
    }

    /// Keep (`on`) or stop keeping every option leg traded in [`Book::trades`] from now on.
    #[inline]
    pub fn record_trades(&mut self, on: bool) {
        self.record_trades = on;
    }

    /// The accounts in use.
    pub fn accounts(&self) -> &[Account] {
        &self.accounts[..self.n_accounts]
    }

    /// Total cash of all accounts, USD.
    pub fn total_cash(&self) -> f64 {
        self.accounts().iter().map(Account::cash).sum()
    }

    /// Marked value of each sleeve's positions over all accounts, USD.
    pub fn sleeve_values(&self) -> [f64; 2] {
        let mut mv = [0.0; 2];
        for a in self.accounts() {
            for p in &a.positions {
                mv[p.sleeve.index()] += p.market_value();
            }
        }
        mv
    }

    /// Attributed equity of a sleeve: its cash plus its positions' marked value, USD.
    pub fn sleeve_equity(&self, s: Sleeve) -> f64 {
        self.sleeve_equity_with(s, &self.sleeve_values())
    }

    fn sleeve_equity_with(&self, s: Sleeve, mv: &[f64; 2]) -> f64 {
        let mut cash = 0.0;
        for a in self.accounts() {
            cash += a.sleeve_cash[s.index()];
        }
        cash + mv[s.index()]
    }

    /// P&L of a sleeve so far: its attributed equity less its starting cash and the net
    /// transfers into it, USD.
    pub fn sleeve_pnl(&self, s: Sleeve) -> f64 {
        self.sleeve_equity(s) - self.initial_sleeve[s.index()] - self.transfers_in[s.index()]
    }

    /// Marked value of a sleeve's positions, summed account by account, USD.
    pub fn sleeve_market_value(&self, s: Sleeve) -> f64 {
        self.accounts()
            .iter()
            .map(|a| a.sleeve_market_value(s))
            .sum()
    }

    /// What `sleeve` sizes on under `basis`, USD: its attributed equity (`sleeve`), or the
    /// net liquidation value of the account it trades in times its share of the starting
    /// capital when both sleeves' capital sits in that account (`account`).
    pub fn sizing_equity(&self, sleeve: Sleeve, basis: SizingBasis) -> f64 {
        match basis {
            SizingBasis::Sleeve => self.sleeve_equity(sleeve),
            SizingBasis::Account | SizingBasis::AccountExHedge => {
                let acc = self.layout.account_of(sleeve);
                let mut nlv = self.accounts[acc].equity();
                if basis == SizingBasis::AccountExHedge {
                    let other = match sleeve {
                        Sleeve::Condor => Sleeve::Hedge,
                        Sleeve::Hedge => Sleeve::Condor,
                    };
                    nlv -= self.accounts[acc].sleeve_market_value(other);
                }
                if self.n_accounts == 1 {
                    let total: f64 = self.initial_sleeve.iter().sum();
                    if total > 0.0 {
                        nlv * self.initial_sleeve[sleeve.index()] / total
                    } else {
                        0.0
                    }
                } else {
                    nlv
                }
            }
        }
    }

    /// Total equity, summed by sleeve bucket in a fixed order (so layouts that did the same
    /// thing agree to the bit), USD.
    pub fn total_equity(&self) -> f64 {
        let mv = self.sleeve_values();
        let mut t = 0.0;
        for s in Sleeve::ALL {
            t += self.sleeve_equity_with(s, &mv);
        }
        for a in self.accounts() {
            t += a.unattributed_cash;
        }
        t
    }

    /// Move `amount` USD into account `acc` (sleeve bucket or unattributed) and record it.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    pub fn post(
        &mut self,
        date: NaiveDate,
        acc: usize,
        sleeve: Option<Sleeve>,
        kind: LedgerKind,
        inst: Option<&Instrument>,
        amount: f64,
    ) {
        if amount == 0.0 {
            return;
        }
        let a = &mut self.accounts[acc];
        match sleeve {
            Some(s) => a.sleeve_cash[s.index()] += amount,
            None => a.unattributed_cash += amount,
        }
        self.ledger
            .post(date, acc, a.name, sleeve, kind, inst, amount);
    }

    /// Charge the hedge budget.
    pub fn charge_budget(&mut self, date: NaiveDate, amount: f64) {
        self.budget.charge(date, amount);
        self.c.hedge_charged_usd += amount;
        if self.record_events {
            self.charges.push((date, amount));
        }
    }

    /// Record an event; `detail` is only formatted when events are recorded.
    pub fn event(
        &mut self,
        date: NaiveDate,
        acc: usize,
        kind: EventKind,
        sleeve: Option<Sleeve>,
        amount_usd: f64,
        detail: impl FnOnce() -> String,
    ) {
        if self.record_events {
            self.events.push(Event {
                date,
                account: self.accounts[acc].name,
                kind,
                sleeve,
                detail: detail(),
                amount_usd,
            });
        }
    }

    /// Cash flows of trading `units` of every live leg of `pos` in direction `dir` (+1 to
    /// open, -1 to close), on `date` at the legs' marks, with the costs of VIX `vix`; the
    /// option legs go to the trade log (when recording) as `kind`.
    /// Returns (mid cash, costs), USD.
    #[allow(clippy::too_many_arguments)]
    fn trade_legs(
        &mut self,
        (date, vix): (NaiveDate, f64),
        acc: usize,
        pos: &Position,
        units: f64,
        dir: f64,
        forced: bool,
        trade_kind: EventKind,
    ) -> (f64, f64) {
        let (mut mid_total, mut cost_total) = (0.0, 0.0);
        let sleeve = Some(pos.sleeve);
        self.ledger.begin_trade();
        for leg in pos.legs().iter().filter(|l| l.live) {
            let contracts = dir * leg.ratio * units; // + buys, - sells
            let inst = leg.instrument;
            let mid = match inst.product() {
                Product::VxFuture => 0.0,
                _ => -contracts * leg.mark * inst.multiplier(),
            };
            let ledger_kind = match (inst.product(), forced) {
                (_, true) => LedgerKind::Liquidation,
                (Product::SpxIndex, false) => LedgerKind::IndexTrade,
                _ => LedgerKind::Premium,
            };
            self.post(date, acc, sleeve, ledger_kind, Some(&inst), mid);
            if self.record_trades && inst.is_option() {
                self.trades.push(Trade {
                    date,
                    account: self.accounts[acc].name,
                    instrument: inst,
                    contracts,
                    price: leg.mark,
                    quoted: leg.half_spread.is_some(),
                    kind: trade_kind,
                });
            }
            let cost = self
                .costs
                .leg_cost(inst.product(), contracts.abs(), leg.quote(vix), forced);
            let (commission, slippage) = (cost.commission_usd, cost.slippage_usd);
            self.post(
                date,
                acc,
                sleeve,
                LedgerKind::Commission,
                Some(&inst),
                -commission,
            );
            self.post(
                date,
                acc,
                sleeve,
                LedgerKind::Slippage,
                Some(&inst),
                -slippage,
            );
            mid_total += mid;
            cost_total += commission + slippage;
        }
        self.ledger.end_trade();
        (mid_total, cost_total)
    }

    /// Open `pos` (quantity set, legs priced) in account `acc` on `date` at VIX `vix` (the
    /// level the costs are priced at): pay for it and hold it. Returns the position id.
    pub fn open(&mut self, (date, vix): (NaiveDate, f64), acc: usize, mut pos: Position) -> u32 {
        pos.id = self.next_id;
        self.next_id += 1;
        let units = pos.quantity;
        let (mid, costs) =
            self.trade_legs((date, vix), acc, &pos, units, 1.0, false, EventKind::Entry);
        pos.entry_cost_usd = if units > 0.0 {
            (-mid + costs) / units
        } else {
            0.0
        };
        if pos.sleeve == Sleeve::Hedge {
            self.c.hedge_gross_cost_usd += (-mid).max(0.0) + costs;
        }
        self.c.entries += 1;
        let id = pos.id;
        let sleeve = pos.sleeve;
        let detail = |pos: &Position| {
            format!(
                "{} #{} x{} {}",
                pos.structure.name(),
                pos.id,
                pos.quantity,
                pos.legs()
                    .iter()
                    .map(|l| format!("{:+}:{}@{:.2}", l.ratio, l.instrument, l.mark))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        };
        self.event(date, acc, EventKind::Entry, Some(sleeve), mid, || {
            detail(&pos)
        });
        self.accounts[acc].positions.push(pos);
        id
    }

    /// Close `units` of position `idx` of account `acc` on `date` at its marks, with the
    /// costs of VIX `vix` (`forced`: stressed slippage, liquidation ledger kind). Removes the
    /// position when nothing is left. Returns (mid cash, costs), USD.
    #[allow(clippy::too_many_arguments)]
    pub fn close(
        &mut self,
        (date, vix): (NaiveDate, f64),
        acc: usize,
        idx: usize,
        units: f64,
        forced: bool,
        kind: EventKind,
        reason: &'static str,
    ) -> (f64, f64) {
        let pos = self.accounts[acc].positions[idx].clone();
        let units = units.clamp(0.0, pos.quantity);
        let (mid, costs) = self.trade_legs((date, vix), acc, &pos, units, -1.0, forced, kind);
        if forced {
            self.c.forced_liquidations += 1;
            self.c.liquidation_cost_usd += costs;
        }
        self.event(date, acc, kind, Some(pos.sleeve), mid, || {
            format!(
                "{} #{} closed x{} of {} ({reason})",
                pos.structure.name(),
                pos.id,
                units,
                pos.quantity
            )
        });
        let left = pos.quantity - units;
        let p = &mut self.accounts[acc].positions[idx];
        if left <= 1e-9 {
            self.accounts[acc].positions.remove(idx);
        } else {
            let f = left / p.quantity;
            p.quantity = left;
            p.budget_charge_usd *= f;
            p.variation_usd *= f;
            p.settled_usd *= f;
        }
        (mid, costs)
    }

    /// Move `amount` USD from account `from` to account `to` (ring-fenced transfers; the
    /// sending account's sleeve cash to the receiving account's sleeve).
    pub fn transfer(&mut self, date: NaiveDate, from: usize, to: usize, amount: f64) {
        if amount <= 0.0 {
            return;
        }
        self.c.transfers += 1;
        let s_from = if from == 0 {
            Sleeve::Condor
        } else {
            Sleeve::Hedge
        };
        let s_to = if to == 0 {
            Sleeve::Condor
        } else {
            Sleeve::Hedge
        };
        self.post(
            date,
            from,
            Some(s_from),
            LedgerKind::Transfer,
            None,
            -amount,
        );
        self.post(date, to, Some(s_to), LedgerKind::Transfer, None, amount);
        self.transfers_in[s_from.index()] -= amount;
        self.transfers_in[s_to.index()] += amount;
        let name = self.accounts[from].name;
        self.event(date, to, EventKind::Transfer, Some(s_to), amount, || {
            format!("from {name}")
        });
    }
}
