//! `ringfence trace`: the hedge sleeve of one scenario and layout day by day over a date
//! range, with the market it traded in (VIX, the front and second VX futures), each hedge
//! position's strikes, marks and intrinsic value at the VX future of its expiry, the
//! sleeve's value and P&L, the condor's P&L, and what was opened, rolled, monetised or sold
//! that day and why.
//!
//! The scenario is simulated from its window's first day (so the hedge held going into the
//! range is what the strategy would really have held) to the range's last day: a decision on
//! a day reads nothing after it, so stopping there changes nothing before it. Rows are kept
//! from the range's first day on (the engine's `SimOptions::trace_hedge_from`).

use std::io::Write;

use chrono::{Datelike, NaiveDate};
use ringfence_strategy::accounts::event::Event;
use ringfence_strategy::market::chain::{ChainMarket, simulate_on_chains};
use ringfence_strategy::position::{Position, Sleeve};
use ringfence_strategy::results::trace::HedgeDay;
use ringfence_strategy::{DayRange, Layout, Market, SimOptions, simulate_with};

use crate::error::{Result, RunnerError};
use crate::plan::{Plan, Slot};
use crate::scenario::{Markets, num};

/// What to trace.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceRequest {
    /// Scenario id (`s000012`); `None` = the first window scenario whose window holds the
    /// whole range.
    pub scenario: Option<String>,
    /// Layout name (`ring_fenced`); `None` = `commingled` when the config runs it, else the
    /// first layout that trades the hedge.
    pub layout: Option<String>,
    /// First day of the range (inclusive).
    pub from: NaiveDate,
    /// Last day of the range (inclusive).
    pub to: NaiveDate,
}

/// The front or second VX future on a day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VxPoint {
    /// VIX expiration of the contract.
    pub expiry: NaiveDate,
    /// The price the engine used (the real settle where the data have it), VIX points.
    pub price: f64,
    /// The real settle in the data, when there is one.
    pub real: Option<f64>,
}

/// One hedge position at one close.
#[derive(Debug, Clone, PartialEq)]
pub struct TracePosition {
    /// Position id (as in `events.csv`: `#id`).
    pub id: u32,
    /// Layer index (0-based).
    pub layer: u8,
    /// Structure name (`vix_call_spread`).
    pub structure: &'static str,
    /// Entry date.
    pub opened: NaiveDate,
    /// Last live expiry.
    pub expiry: Option<NaiveDate>,
    /// Calendar days to that expiry.
    pub dte: Option<i64>,
    /// Units held.
    pub quantity: f64,
    /// Strike of the first long leg (points).
    pub long_strike: Option<f64>,
    /// Strike of the first short leg (points).
    pub short_strike: Option<f64>,
    /// Underlying of the long leg at the mark (VIX options: the same-expiry VX future).
    pub underlying: f64,
    /// Model mark of the long leg, points.
    pub long_mark: Option<f64>,
    /// Model mark of the short leg, points.
    pub short_mark: Option<f64>,
    /// Net mark of one unit (sum of ratio x mark over live option legs), points.
    pub unit_mark: f64,
    /// Net intrinsic value of one unit at each leg's underlying, points.
    pub unit_intrinsic: f64,
    /// Marked value of the position, USD.
    pub value_usd: f64,
    /// What the position cost (cash paid at entry incl. costs), USD.
    pub cost_usd: f64,
    /// What today's exit step did to it (`monetise (VIX spike)`), empty when it was held.
    pub action: String,
}

/// One day of the trace.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceDay {
    /// Trading date.
    pub date: NaiveDate,
    /// VIX close.
    pub vix: f64,
    /// Front VX future (nearest VIX expiration on or after the date).
    pub vx1: Option<VxPoint>,
    /// Second VX future.
    pub vx2: Option<VxPoint>,
    /// Hedge positions held into the day, at its close marks.
    pub positions: Vec<TracePosition>,
    /// Marked value of the hedge after the day's trades, USD.
    pub hedge_value_usd: f64,
    /// Cumulative hedge trading P&L since the scenario's start, USD: premiums, costs,
    /// settlements and marks, without the interest on the sleeve's cash that
    /// `summary.csv`'s `hedge_pnl_usd` and the daily `hedge_pnl` include.
    pub hedge_trading_pnl_usd: f64,
    /// Hedge trading P&L of the day, USD.
    pub hedge_day_trading_pnl_usd: f64,
    /// Cumulative condor P&L since the scenario's start (interest on its cash included, as
    /// in `summary.csv`), USD.
    pub condor_pnl_usd: f64,
    /// Condor P&L of the day, USD.
    pub condor_day_pnl_usd: f64,
    /// The day's hedge events (`entry: vix_call_spread #904 x2 ... (-240.62)`).
    pub events: Vec<String>,
}

/// A finished trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// Scenario id.
    pub scenario: String,
    /// Scenario label.
    pub label: String,
    /// Layout traced.
    pub layout: Layout,
    /// The days of the range.
    pub days: Vec<TraceDay>,
}

/// CSV header of [`Trace::write_csv`].
pub const CSV_HEADER: &str = "date,vix,vx1_expiry,vx1,vx1_real,vx2_expiry,vx2,vx2_real,\
hedge_value_usd,hedge_trading_pnl_usd,hedge_day_trading_pnl_usd,condor_pnl_usd,condor_day_pnl_usd,\
position,layer,structure,opened,expiry,dte,quantity,long_strike,short_strike,underlying,\
long_mark,short_mark,unit_mark,unit_intrinsic,value_usd,cost_usd,value_multiple,action,events";

fn usage(message: String) -> RunnerError {
    RunnerError::Usage {
        option: "trace".into(),
        message,
    }
}

/// Trace `req` on `plan`.
///
/// # Errors
/// [`RunnerError::Usage`] for a range outside the scenario's window, an unknown or
/// bootstrap scenario, or a layout the config does not run or that holds no hedge;
/// [`RunnerError::Model`] when the market model cannot be built.
pub fn trace(plan: &Plan, req: &TraceRequest) -> Result<Trace> {
    if req.from > req.to {
        return Err(usage(format!(
            "--from {} is after --to {}",
            req.from, req.to
        )));
    }
    let index = pick_scenario(plan, req)?;
    let s = plan.scenario(index);
    let window = plan.window(s.slot);
    let want = req
        .layout
        .as_deref()
        .map(str::parse::<Layout>)
        .transpose()
        .map_err(|e| usage(format!("--layout: {e}")))?;
    let layout = pick_layout(plan, want)?;
    let variant = plan.config.variant(s.variant)?;
    let h = &plan.history;
    let last = req.to.min(window.end);
    let range = DayRange::from_dates(h, window.start, last).map_err(|_| {
        usage(format!(
            "no trading day between {} and {last} in the data",
            window.start
        ))
    })?;
    let from_day = h.dates.partition_point(|d| *d < req.from.max(window.start));
    if from_day >= range.end {
        return Err(usage(format!(
            "no trading day between {} and {} in the data",
            req.from, req.to
        )));
    }
    // The day before the first traced one, where the run has it, gives the first day's
    // changes.
    let opts = SimOptions {
        record_daily: false,
        record_ledger: false,
        record_events: true,
        record_trades: false,
        trace_hedge_from: Some(from_day.saturating_sub(1).max(range.start)),
    };
    let first = h.dates[from_day];
    let markets = Markets::new(plan)?;
    let model = markets
        .model(variant.model)
        .map_err(|m| usage(format!("scenario {}: {m}", plan.id(index))))?;
    let layouts = [layout];
    let days = match markets.chain_parts() {
        Some((book, idx)) => {
            let cm = ChainMarket::new(model, book, idx);
            let sim = simulate_on_chains(&cm, &variant.strategy, range, &layouts, &opts)
                .map_err(|e| usage(format!("scenario {}: {e}", plan.id(index))))?;
            assemble(
                &cm,
                &sim.layouts[0].hedge_trace,
                &sim.layouts[0].events,
                first,
            )
        }
        None => {
            let sim = simulate_with(model, &variant.strategy, range, &layouts, &opts)
                .map_err(|e| usage(format!("scenario {}: {e}", plan.id(index))))?;
            assemble(
                model,
                &sim.layouts[0].hedge_trace,
                &sim.layouts[0].events,
                first,
            )
        }
    };
    Ok(Trace {
        scenario: plan.id(index),
        label: plan.label(&s),
        layout,
        days,
    })
}

fn pick_scenario(plan: &Plan, req: &TraceRequest) -> Result<usize> {
    if let Some(id) = &req.scenario {
        let i = plan.index_of(id).ok_or_else(|| {
            usage(format!(
                "--scenario {id}: the config has no such scenario (`ringfence run CONFIG --list` prints them)"
            ))
        })?;
        let s = plan.scenario(i);
        if let Slot::Path(_) = s.slot {
            return Err(usage(format!(
                "--scenario {id} is a bootstrap path: trace runs on the real history only"
            )));
        }
        let w = plan.window(s.slot);
        if req.to < w.start || req.from > w.end {
            return Err(usage(format!(
                "--from {} --to {} lies outside scenario {id}'s window {} ({} to {})",
                req.from, req.to, w.name, w.start, w.end
            )));
        }
        return Ok(i);
    }
    (0..plan.slots())
        .find(|&i| match plan.scenario(i).slot {
            Slot::Window(k) => {
                let w = &plan.selection.windows[k];
                w.start <= req.from && w.end >= req.to
            }
            Slot::Path(_) => false,
        })
        .ok_or_else(|| {
            usage(format!(
                "no window of the config holds {} to {}: select `full` in [windows] or pass --scenario",
                req.from, req.to
            ))
        })
}

fn pick_layout(plan: &Plan, want: Option<Layout>) -> Result<Layout> {
    let run = &plan.config.layouts;
    let layout = match want {
        Some(l) if run.contains(&l) => l,
        Some(l) => {
            return Err(usage(format!(
                "--layout {l}: the config does not run it (layouts: {})",
                run.iter().map(|l| l.name()).collect::<Vec<_>>().join(", ")
            )));
        }
        None if run.contains(&Layout::Commingled) => Layout::Commingled,
        None => run
            .iter()
            .copied()
            .find(|l| l.trades(Sleeve::Hedge))
            .ok_or_else(|| usage("the config runs no layout that holds the hedge".into()))?,
    };
    if !layout.trades(Sleeve::Hedge) {
        return Err(usage(format!(
            "--layout {layout} holds no hedge: the trace follows the hedge sleeve; give a layout \
             that holds it (ring_fenced, commingled or hedge_only)"
        )));
    }
    Ok(layout)
}

/// The front and second VX futures on trading day `day`.
fn vx_points<M: Market>(m: &M, day: usize) -> (Option<VxPoint>, Option<VxPoint>) {
    let h = m.history();
    let date = h.dates[day];
    let point = |min_dte: u32| {
        let expiry = m.vix_expiry(date, 0, min_dte)?;
        let price = m.vx_future(day, expiry).ok()?;
        let real =
            h.vx.contract((expiry.year(), expiry.month()))
                .and_then(|c| c.settle_at(day));
        Some(VxPoint {
            expiry,
            price,
            real,
        })
    };
    let front = point(0);
    let second = front.and_then(|f| {
        let dte = u32::try_from((f.expiry - date).num_days()).ok()?;
        point(dte + 1)
    });
    (front, second)
}

fn position_row(p: &Position, date: NaiveDate, events: &[&Event]) -> TracePosition {
    let live = || p.legs().iter().filter(|l| l.live);
    let long = live().find(|l| l.ratio > 0.0);
    let short = live().find(|l| l.ratio < 0.0);
    let options = || live().filter(|l| l.instrument.is_option());
    let unit_intrinsic = options()
        .map(|l| match (l.instrument.right(), l.instrument.strike()) {
            (Some(r), Some(k)) => l.ratio * r.intrinsic(l.underlying, k),
            _ => 0.0,
        })
        .sum();
    let tag = format!("#{} ", p.id);
    let action = events
        .iter()
        .filter(|e| e.detail.contains(&tag) && e.kind.name() != "entry")
        .map(|e| {
            let why = e
                .detail
                .rsplit_once('(')
                .map(|(_, w)| w.trim_end_matches(')'))
                .unwrap_or("");
            format!("{} ({why})", e.kind.name())
        })
        .collect::<Vec<_>>()
        .join("; ");
    let expiry = live().filter_map(|l| l.instrument.expiry_date()).max();
    TracePosition {
        id: p.id,
        layer: p.layer,
        structure: p.structure.name(),
        opened: p.entry_date,
        expiry,
        dte: expiry.map(|e| (e - date).num_days()),
        quantity: p.quantity,
        long_strike: long.and_then(|l| l.instrument.strike()),
        short_strike: short.and_then(|l| l.instrument.strike()),
        underlying: long.or(short).map_or(f64::NAN, |l| l.underlying),
        long_mark: long.map(|l| l.mark),
        short_mark: short.map(|l| l.mark),
        unit_mark: options().map(|l| l.ratio * l.mark).sum(),
        unit_intrinsic,
        value_usd: p.market_value(),
        cost_usd: p.entry_cost_usd * p.quantity,
        action,
    }
}

/// The trace's days from `first` on; a recorded day before it (the run's day before
/// `first`) only gives the first day's changes, which on the run's own first day are from
/// zero.
fn assemble<M: Market>(
    m: &M,
    trace: &[HedgeDay],
    events: &[Event],
    first: NaiveDate,
) -> Vec<TraceDay> {
    let h = m.history();
    let mut out: Vec<TraceDay> = Vec::with_capacity(trace.len());
    let mut prev = (0.0, 0.0);
    for d in trace {
        if d.date < first {
            prev = (d.trading_pnl_usd, d.condor_pnl_usd);
            continue;
        }
        let day = h.dates.partition_point(|x| *x < d.date);
        let todays: Vec<&Event> = events
            .iter()
            .filter(|e| e.date == d.date && e.sleeve == Some(Sleeve::Hedge))
            .collect();
        let (vx1, vx2) = vx_points(m, day);
        let (hp, cp) = prev;
        out.push(TraceDay {
            date: d.date,
            vix: h.vix.close[day],
            vx1,
            vx2,
            positions: d
                .held
                .iter()
                .map(|p| position_row(p, d.date, &todays))
                .collect(),
            hedge_value_usd: d.value_usd,
            hedge_trading_pnl_usd: d.trading_pnl_usd,
            hedge_day_trading_pnl_usd: d.trading_pnl_usd - hp,
            condor_pnl_usd: d.condor_pnl_usd,
            condor_day_pnl_usd: d.condor_pnl_usd - cp,
            events: todays
                .iter()
                .map(|e| format!("{}: {} ({:.2})", e.kind.name(), e.detail, e.amount_usd))
                .collect(),
        });
        prev = (d.trading_pnl_usd, d.condor_pnl_usd);
    }
    out
}

fn opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

impl Trace {
    /// Write the trace as CSV ([`CSV_HEADER`]): one row per position held on a day (the
    /// day's columns repeated), one row with empty position columns on a day without one.
    ///
    /// # Errors
    /// The writer's I/O error.
    pub fn write_csv<W: Write>(&self, out: W) -> std::io::Result<()> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        w.write_record(CSV_HEADER.split(','))?;
        for d in &self.days {
            let vx = |p: Option<VxPoint>| {
                [
                    p.map(|p| p.expiry.to_string()).unwrap_or_default(),
                    opt(p.map(|p| p.price)),
                    opt(p.and_then(|p| p.real)),
                ]
            };
            let mut day: Vec<String> = vec![d.date.to_string(), num(d.vix)];
            day.extend(vx(d.vx1));
            day.extend(vx(d.vx2));
            day.extend(
                [
                    d.hedge_value_usd,
                    d.hedge_trading_pnl_usd,
                    d.hedge_day_trading_pnl_usd,
                    d.condor_pnl_usd,
                    d.condor_day_pnl_usd,
                ]
                .map(num),
            );
            let events = d.events.join(" | ");
            if d.positions.is_empty() {
                let mut row = day.clone();
                row.extend(std::iter::repeat_n(String::new(), 18));
                row.push(events.clone());
                w.write_record(&row)?;
            }
            for p in &d.positions {
                let mut row = day.clone();
                let multiple = (p.cost_usd > 0.0).then(|| p.value_usd / p.cost_usd);
                row.extend([
                    p.id.to_string(),
                    p.layer.to_string(),
                    p.structure.to_string(),
                    p.opened.to_string(),
                    p.expiry.map(|e| e.to_string()).unwrap_or_default(),
                    p.dte.map(|d| d.to_string()).unwrap_or_default(),
                    num(p.quantity),
                    opt(p.long_strike),
                    opt(p.short_strike),
                    num(p.underlying),
                    opt(p.long_mark),
                    opt(p.short_mark),
                    num(p.unit_mark),
                    num(p.unit_intrinsic),
                    num(p.value_usd),
                    num(p.cost_usd),
                    opt(multiple),
                    p.action.clone(),
                    events.clone(),
                ]);
                w.write_record(&row)?;
            }
        }
        w.flush()
    }

    /// The trace as text for a terminal: per day one line of market and P&L, one line per
    /// position held, one line per hedge event.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "trace {} ({}), layout {}: hedge held into each close at its marks; P&L in USD",
            self.scenario, self.label, self.layout
        )];
        let vx = |p: Option<VxPoint>| {
            p.map_or("-".to_string(), |p| {
                let real = if p.real.is_some() { "" } else { " model" };
                format!("{} {:.2}{real}", p.expiry.format("%b"), p.price)
            })
        };
        for d in &self.days {
            out.push(format!(
                "{}  VIX {:6.2}  VX {} / {}  hedge value {:>9.0} trading pnl {:>+8.0} (day {:>+7.0})  condor pnl {:>+9.0} (day {:>+7.0})",
                d.date,
                d.vix,
                vx(d.vx1),
                vx(d.vx2),
                // Never "-0" for an empty sleeve.
                d.hedge_value_usd + 0.0,
                d.hedge_trading_pnl_usd,
                d.hedge_day_trading_pnl_usd,
                d.condor_pnl_usd,
                d.condor_day_pnl_usd
            ));
            for p in &d.positions {
                let k = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v}"));
                out.push(format!(
                    "    L{} #{} {} {} ({}d) x{} {}/{} F {:.2}  mark {:.2} intrinsic {:.2}  value {:.0} cost {:.0}{}",
                    p.layer,
                    p.id,
                    p.structure,
                    p.expiry.map(|e| e.to_string()).unwrap_or_default(),
                    p.dte.unwrap_or(0),
                    p.quantity,
                    k(p.long_strike),
                    k(p.short_strike),
                    p.underlying,
                    p.unit_mark,
                    p.unit_intrinsic,
                    p.value_usd,
                    p.cost_usd,
                    if p.action.is_empty() {
                        String::new()
                    } else {
                        format!("  -> {}", p.action)
                    }
                ));
            }
            for e in d
                .events
                .iter()
                .filter(|e| e.starts_with("entry") || !e.contains('#'))
            {
                out.push(format!("    + {e}"));
            }
        }
        out
    }
}
