//! The simulation: every requested layout advances day by day in lockstep over the same
//! range. Market-level work (surface snapshot, signals, entry plans, marks) is done once per
//! day and shared; each layout then runs the daily order of [`crate::engine::steps`] on its own
//! book. Nothing is allocated per simulated day when ledger rows and events are not recorded
//! (series are preallocated, positions live in reused `Vec`s with fixed-size leg arrays).

pub mod plans;
pub mod steps;

use chrono::NaiveDate;
use ringfence_data::MarketHistory;
use ringfence_pricing::model::MarketModel;
use serde::{Deserialize, Serialize};

use crate::accounts::book::Book;
use crate::accounts::layout::Layout;
use crate::accounts::transfers;
use crate::error::{Result, StrategyError};
use crate::margin::{self, MarginRule};
use crate::market::Market;
use crate::market::day::MarketDay;
use crate::market::day::PrevDay;
use crate::params::{Enforcement, StrategyParams};
use crate::position::Sleeve;
use crate::results::metrics::{self, MetricInputs};
use crate::results::series::{AccountSeries, DailySeries};
use crate::results::trace::HedgeDay;
use crate::results::{DataGaps, LayoutResult, SimResult};
use crate::sleeves::hedge::{self, Layers};
use crate::sleeves::signals::SignalSeries;
use plans::EntryPlans;
use steps::Ctx;

/// Trading-day index range `[start, end)` into the model's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRange {
    /// First day simulated (inclusive).
    pub start: usize,
    /// One past the last day simulated.
    pub end: usize,
}

impl DayRange {
    /// Every day of `h`.
    pub fn all(h: &MarketHistory) -> DayRange {
        DayRange {
            start: 0,
            end: h.len(),
        }
    }

    /// The trading days of `h` between `first` and `last` (inclusive dates).
    ///
    /// # Errors
    /// [`StrategyError::InvalidRange`] when no trading day of `h` lies in between.
    pub fn from_dates(h: &MarketHistory, first: NaiveDate, last: NaiveDate) -> Result<DayRange> {
        let start = h.dates.partition_point(|d| *d < first);
        let end = h.dates.partition_point(|d| *d <= last);
        if start >= end {
            return Err(StrategyError::InvalidRange {
                start,
                end,
                len: h.len(),
            });
        }
        Ok(DayRange { start, end })
    }

    /// Number of days.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What to record besides the metrics (which are always computed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimOptions {
    /// Keep the daily series.
    pub record_daily: bool,
    /// Keep every ledger row (large); totals are always kept.
    pub record_ledger: bool,
    /// Keep the event log.
    pub record_events: bool,
    /// Record the hedge sleeve's positions and values every day from this trading-day index
    /// on ([`crate::results::trace::HedgeDay`]); `None` (the default) records nothing.
    pub trace_hedge_from: Option<usize>,
    /// Keep the trade log (every option leg traded: [`LayoutResult::trades`]; on a chain
    /// market only the legs traded on days with a chain, the days `fills.csv` lists).
    #[serde(default)]
    pub record_trades: bool,
}

impl SimOptions {
    /// Record everything.
    pub fn all() -> SimOptions {
        SimOptions {
            record_daily: true,
            record_ledger: true,
            record_events: true,
            trace_hedge_from: None,
            record_trades: true,
        }
    }
}

/// Simulate `layouts` over `range` on the pricing crate's market model.
///
/// Pure: no I/O, no clock, no globals; the same inputs give the same output.
///
/// # Errors
/// [`StrategyError::InvalidParams`] (every invalid value), [`StrategyError::InvalidRange`],
/// [`StrategyError::NoLayouts`]; all before the first day is simulated. Layouts are
/// simulated in the order given (the runner rejects a layout listed twice in a config).
pub fn simulate(
    model: &MarketModel<'_>,
    params: &StrategyParams,
    range: DayRange,
    layouts: &[Layout],
    opts: &SimOptions,
) -> Result<SimResult> {
    simulate_with(model, params, range, layouts, opts)
}

/// [`simulate`] on any [`Market`] (tests use small hand-built markets).
///
/// # Errors
/// As [`simulate`].
pub fn simulate_with<M: Market>(
    m: &M,
    params: &StrategyParams,
    range: DayRange,
    layouts: &[Layout],
    opts: &SimOptions,
) -> Result<SimResult> {
    let mut md = None;
    simulate_days(
        m.history(),
        params,
        range,
        layouts,
        opts,
        |inputs, day, runs| {
            let md = md.get_or_insert_with(|| MarketDay::new(m, day));
            runs.step(&inputs.ctx(m), md, day);
        },
    )
}

/// What every day of a simulation reads besides the market: [`Ctx`] without it.
#[derive(Debug)]
pub(crate) struct Inputs<'a> {
    p: &'a StrategyParams,
    layers: &'a Layers,
    signals: &'a SignalSeries,
}

impl Inputs<'_> {
    /// The steps' context on market `m`.
    #[inline]
    pub(crate) fn ctx<'a, M>(&'a self, m: &'a M) -> Ctx<'a, M> {
        Ctx {
            m,
            p: self.p,
            layers: self.layers,
            signals: self.signals,
        }
    }
}

/// The simulation's state between days, none of it typed by the market: every layout's
/// run (books, series, counters), the day's entry plans (reset each day) and the previous
/// close. Any market can step the next day ([`Runs::step`]).
pub(crate) struct Runs {
    runs: Vec<Run>,
    plans: EntryPlans,
    /// The previous simulated day, for today's accruals.
    prev: Option<PrevDay>,
    hedging: bool,
    /// [`SimOptions::record_trades`].
    record_trades: bool,
}

impl Runs {
    /// Log the option legs traded from now on only when `on` (and the options ask for the
    /// trade log): the chain dispatch logs the days a chain exists.
    #[inline]
    pub(crate) fn log_trades(&mut self, on: bool) {
        let on = on && self.record_trades;
        for run in self.runs.iter_mut() {
            run.book.record_trades(on);
        }
    }

    /// Simulate `day` on market `cx.m` for every layout, `md` being that market's reused
    /// day (any day of it before, or fresh).
    #[inline]
    pub(crate) fn step<M: Market>(&mut self, cx: &Ctx<'_, M>, md: &mut MarketDay<M>, day: usize) {
        // Capital is deposited at the first close: nothing accrues before it.
        md.reset(cx.m, day, self.prev);
        self.plans.reset();
        self.prev = Some(md.as_prev());
        if self.hedging {
            md.spike = hedge::spike_fires(cx.m.history(), day, &cx.p.hedge);
        }
        for run in self.runs.iter_mut() {
            run.step(cx, md, &mut self.plans);
        }
    }
}

/// The simulation loop over `range` of `h`, whatever market steps each day: `step_day`
/// simulates day `d` ([`Runs::step`] on the market of its choice). One market every day
/// for [`simulate_with`]; per day the model or the chain market for
/// [`crate::market::chain::simulate_on_chains`].
///
/// # Errors
/// As [`simulate`].
pub(crate) fn simulate_days(
    h: &MarketHistory,
    params: &StrategyParams,
    range: DayRange,
    layouts: &[Layout],
    opts: &SimOptions,
    mut step_day: impl FnMut(&Inputs<'_>, usize, &mut Runs),
) -> Result<SimResult> {
    let errors = params.validate();
    if !errors.is_empty() {
        return Err(StrategyError::InvalidParams(errors));
    }
    if range.start >= range.end || range.end > h.len() {
        return Err(StrategyError::InvalidRange {
            start: range.start,
            end: range.end,
            len: h.len(),
        });
    }
    if layouts.is_empty() {
        return Err(StrategyError::NoLayouts);
    }
    let layers = Layers::resolve(&params.hedge);
    let hedging = params.hedge.enabled && layouts.iter().any(|l| l.trades(Sleeve::Hedge));
    let signals = if hedging {
        SignalSeries::compute(h, &params.signals, params.hedge.max_scale, range.end)
    } else {
        SignalSeries::default()
    };
    let n = range.len();
    let mut runs = Runs {
        runs: layouts
            .iter()
            .map(|l| Run::new(*l, params, opts, n))
            .collect(),
        plans: EntryPlans::default(),
        prev: None,
        hedging,
        record_trades: opts.record_trades,
    };
    let inputs = Inputs {
        p: params,
        layers: &layers,
        signals: &signals,
    };
    for day in range.start..range.end {
        step_day(&inputs, day, &mut runs);
    }
    let counts = if hedging {
        signals.counts(&params.signals, range.start..range.end)
    } else {
        Default::default()
    };
    let dates = &h.dates[range.start..range.end];
    Ok(SimResult {
        layouts: runs
            .runs
            .into_iter()
            .map(|r| r.finish(params, dates, counts))
            .collect(),
    })
}

/// One layout's run.
struct Run {
    book: Book,
    equity: Vec<f64>,
    rf: Vec<f64>,
    requirement: Vec<f64>,
    margin_use: (f64, u32),
    days_above_80: u32,
    daily: Option<DailySeries>,
    /// First day of the hedge trace and the days recorded so far (`None`: not tracing).
    trace: Option<(usize, Vec<HedgeDay>)>,
}

impl Run {
    fn new(layout: Layout, p: &StrategyParams, opts: &SimOptions, n: usize) -> Run {
        let mut book = Book::new(layout, p, opts.record_ledger, opts.record_events);
        book.record_trades(opts.record_trades);
        let daily = opts.record_daily.then(|| DailySeries {
            dates: Vec::with_capacity(n),
            total_equity: Vec::with_capacity(n),
            accounts: book
                .accounts()
                .iter()
                .map(|a| AccountSeries {
                    name: a.name,
                    cash: Vec::with_capacity(n),
                    equity: Vec::with_capacity(n),
                    requirement: Vec::with_capacity(n),
                    excess: Vec::with_capacity(n),
                })
                .collect(),
            condor_pnl: Vec::with_capacity(n),
            hedge_pnl: Vec::with_capacity(n),
            hedge_value: Vec::with_capacity(n),
        });
        Run {
            book,
            equity: Vec::with_capacity(n),
            rf: Vec::with_capacity(n),
            requirement: Vec::with_capacity(n),
            margin_use: (0.0, 0),
            days_above_80: 0,
            daily,
            trace: opts.trace_hedge_from.map(|from| (from, Vec::new())),
        }
    }

    fn step<M: Market>(&mut self, cx: &Ctx<'_, M>, md: &mut MarketDay<M>, plans: &mut EntryPlans) {
        let p = cx.p;
        if p.margin.enforcement == Enforcement::RealTime {
            margin::realtime::check_corners(cx.m, p, &mut self.book, md);
        }
        steps::mark_and_settle(cx, &mut self.book, md);
        self.trace_held(md);
        let book = &mut self.book;
        steps::accrue(cx, book, md);
        transfers::arrive(p, book, md);
        if p.margin.trader_first {
            steps::exits(cx, book, md);
            if p.margin.meet_calls_with_hedge {
                margin::call::sell_hedge_for_calls(p, book, md);
            }
            margin::call::check_margin(p, book, md);
        } else {
            margin::call::check_margin(p, book, md);
            steps::exits(cx, book, md);
        }
        steps::entries(cx, book, md, plans);
        transfers::decide(p, book, md);
        self.trace_values();
        self.record(cx, md);
    }

    /// Hedge trace: the hedge positions held into the day, at its close marks.
    fn trace_held<M: Market>(&mut self, md: &MarketDay<M>) {
        let Some((from, days)) = self.trace.as_mut() else {
            return;
        };
        if md.day < *from {
            return;
        }
        days.push(HedgeDay {
            date: md.date,
            held: self
                .book
                .accounts()
                .iter()
                .flat_map(|a| a.positions.iter())
                .filter(|x| x.sleeve == Sleeve::Hedge)
                .cloned()
                .collect(),
            value_usd: 0.0,
            trading_pnl_usd: 0.0,
            condor_pnl_usd: 0.0,
        });
    }

    /// Hedge trace: the day's values after its trades.
    fn trace_values(&mut self) {
        let Some(day) = self.trace.as_mut().and_then(|(_, days)| days.last_mut()) else {
            return;
        };
        let book = &self.book;
        let t = book.ledger.sleeve_totals(Sleeve::Hedge);
        day.value_usd = book.sleeve_market_value(Sleeve::Hedge);
        day.trading_pnl_usd = t.trading() + day.value_usd;
        day.condor_pnl_usd = book.sleeve_pnl(Sleeve::Condor);
    }

    fn record<M: Market>(&mut self, cx: &Ctx<'_, M>, md: &MarketDay<M>) {
        let rule = MarginRule::for_day(&cx.p.margin, md);
        let book = &mut self.book;
        let mut req_total = 0.0;
        let mut above = false;
        for a in book.accounts[..book.n_accounts].iter_mut() {
            rule.update(a);
            req_total += a.requirement;
            if a.requirement > 0.0 {
                let u = a.margin_use();
                self.margin_use.0 += u;
                self.margin_use.1 += 1;
                above |= u > 0.8;
            }
        }
        self.days_above_80 += u32::from(above);
        let total = book.total_equity();
        self.equity.push(total);
        self.requirement.push(req_total);
        self.rf.push(md.prev.map_or(0.0, |p| p.rate) * md.dt_years);
        if let Some(d) = self.daily.as_mut() {
            d.dates.push(md.date);
            d.total_equity.push(total);
            for (s, a) in d.accounts.iter_mut().zip(book.accounts()) {
                s.cash.push(a.cash());
                s.equity.push(a.equity());
                s.requirement.push(a.requirement);
                s.excess.push(a.excess);
            }
            d.condor_pnl.push(book.sleeve_pnl(Sleeve::Condor));
            d.hedge_pnl.push(book.sleeve_pnl(Sleeve::Hedge));
            d.hedge_value.push(book.sleeve_market_value(Sleeve::Hedge));
        }
    }

    fn finish(
        mut self,
        p: &StrategyParams,
        dates: &[NaiveDate],
        signals: crate::sleeves::signals::SignalCounts,
    ) -> LayoutResult {
        let initial = p.capital.total_usd;
        let mut scratch = Vec::with_capacity(dates.len());
        let mut m = metrics::compute(
            &MetricInputs {
                dates,
                equity: &self.equity,
                rf: &self.rf,
                requirement: &self.requirement,
                margin_use: self.margin_use,
                initial,
            },
            &mut scratch,
        );
        let book = &self.book;
        let c = book.c;
        m.margin_calls = c.margin_calls;
        m.forced_liquidations = c.forced_liquidations;
        m.liquidation_cost_usd = c.liquidation_cost_usd;
        m.refused_entries = c.refused_entries;
        m.entries = c.entries;
        m.days_above_80pct_margin = self.days_above_80;
        m.intraday_liquidations = c.intraday_liquidations;
        m.hedge_sales_for_calls = c.hedge_sales_for_calls;
        m.hedge_spend_cuts = c.hedge_spend_cuts;
        m.hedge_spend_cut_usd = c.hedge_spend_cut_usd;
        m.transfers = c.transfers;
        m.sizing_differs = c.sizing_differs;
        m.stress_addon_days = c.stress_addon_days;
        m.condor_pnl_usd = book.sleeve_pnl(Sleeve::Condor);
        m.hedge_pnl_usd = book.sleeve_pnl(Sleeve::Hedge);
        let years = metrics::years_of(dates);
        if years > 0.0 && initial > 0.0 {
            let t = book.ledger.sleeve_totals(Sleeve::Hedge);
            let trading_pnl = t.trading() + book.sleeve_market_value(Sleeve::Hedge);
            m.hedge_cost_pct_per_year = c.hedge_gross_cost_usd / initial / years;
            let listed_years = metrics::years_since(dates, hedge::listed_from(&p.hedge));
            if listed_years > 0.0 {
                m.hedge_cost_pct_per_listed_year = c.hedge_gross_cost_usd / initial / listed_years;
            }
            // `0.0 - x`, not `-x`: no hedge trading reads 0, not -0.
            m.hedge_net_drag_pct_per_year = (0.0 - trading_pnl) / initial / years;
            let mean_equity = self.equity.iter().sum::<f64>() / self.equity.len() as f64;
            if mean_equity > 0.0 {
                m.hedge_cost_pct_of_avg_equity = c.hedge_gross_cost_usd / mean_equity / years;
                m.hedge_net_drag_pct_of_avg_equity = (0.0 - trading_pnl) / mean_equity / years;
            }
        }
        let annual_returns = metrics::annual_returns(initial, dates, &self.equity);
        LayoutResult {
            layout: book.layout,
            metrics: m,
            annual_returns,
            annual_hedge: book.ledger.hedge_years().to_vec(),
            daily: self.daily.take(),
            events: std::mem::take(&mut self.book.events),
            trades: std::mem::take(&mut self.book.trades),
            ledger_totals: self.book.ledger.totals(),
            ledger: self.book.ledger.take_rows(),
            budget_charges: std::mem::take(&mut self.book.charges),
            hedge_trace: self.trace.take().map(|(_, days)| days).unwrap_or_default(),
            open_positions: self
                .book
                .accounts()
                .iter()
                .flat_map(|a| a.positions.iter().map(move |p| (a.name, p.clone())))
                .collect(),
            gaps: DataGaps {
                signals,
                mark_fallbacks: c.mark_fallbacks,
                settlement_fallbacks: c.settlement_fallbacks,
                skipped_entries: c.skipped_entries,
                hedge_below_one_unit: c.hedge_below_one_unit,
                condor_below_one_unit: c.condor_below_one_unit,
                intraday_fallbacks: c.intraday_fallbacks,
            },
        }
    }
}
