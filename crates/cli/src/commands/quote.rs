//! `ringfence quote`: model IVs, prices and greeks of SPX options on a date and expiry (by
//! delta or strike), of VIX options on a VIX expiration (by delta or strike, with the VX
//! future they are priced on), and the VX futures curve (real and model) on the date.
//!
//! Units: prices in index points per unit of index (VIX options: VIX points); `iv` an annualised fraction; `delta` per
//! 1.00 of spot; `gamma` per point squared; `vega` per 1.00 of vol (divide by 100 for one vol
//! point); `theta` per calendar day (the table's `theta/day`, the CSV's `theta_per_day`).

use std::path::PathBuf;

use chrono::{Datelike, Days, NaiveDate};
use clap::Args;
use ringfence_data::Series;
use ringfence_data::load::{LoadOptions, load_dir};
use ringfence_pricing::OptionRight;
use ringfence_pricing::expiry::{
    Expiry, ExpiryKind, Settlement, expiry_on, listed_spx_expiries, vix_expiration,
};
use ringfence_pricing::model::{MarketModel, PriceSource, time_to_expiry};
use ringfence_pricing::quote::{
    OptionQuoteRow, VixOptionQuoteRow, quote_by_delta, quote_by_strike, vix_quote_by_delta,
    vix_quote_by_strike, vx_curve,
};

use crate::exit::{self, Outcome, usage};

/// Arguments of `ringfence quote`.
#[derive(Debug, Args)]
pub struct QuoteArgs {
    /// Trade date (YYYY-MM-DD), a trading day of the data; quotes use that day's close.
    #[arg(long)]
    date: NaiveDate,
    /// Listed SPX expiry (YYYY-MM-DD) after --date.
    #[arg(long)]
    expiry: Option<NaiveDate>,
    /// Target absolute deltas, comma-separated (e.g. 0.25,0.10); strikes snapped to the grid.
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true)]
    delta: Vec<f64>,
    /// Strikes in index points, comma-separated (e.g. 2000,2200).
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true)]
    strike: Vec<f64>,
    /// Quote puts (default: puts and calls when neither --put nor --call is given).
    #[arg(long)]
    put: bool,
    /// Quote calls.
    #[arg(long)]
    call: bool,
    /// VIX expiration (YYYY-MM-DD) after --date: quote VIX options at --vix-strike and/or
    /// --vix-delta (Black-76 on the same-expiry VX future: the real settle when the data have
    /// it, else the model curve).
    #[arg(long)]
    vix_expiry: Option<NaiveDate>,
    /// VIX option strikes in VIX points, comma-separated (e.g. 20,25,30).
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true)]
    vix_strike: Vec<f64>,
    /// VIX option target absolute deltas, comma-separated (e.g. 0.30,0.10); strikes on the
    /// half-point grid.
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true)]
    vix_delta: Vec<f64>,
    /// Print the VX futures curve on --date (real settles and model).
    #[arg(long)]
    vix_futures: bool,
    /// CSV instead of tables: one row per option (date, expiry, type, target_delta, strike,
    /// forward, iv, price, delta, gamma, vega, theta_per_day); each section asked for (SPX
    /// options, VIX options, the VX curve) is one CSV table with its header, the sections
    /// separated by a blank line.
    #[arg(long)]
    csv: bool,
    /// Data directory (default: the shipped synthetic set in `data/`).
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Price with this run config's `[model]` table (e.g. an opt-in smile) instead of the
    /// shipped defaults.
    #[arg(long)]
    config: Option<PathBuf>,
}

/// Run `ringfence quote`.
pub fn run(args: QuoteArgs) -> anyhow::Result<Outcome> {
    for d in &args.delta {
        if !(d.is_finite() && *d > 0.0 && *d < 1.0) {
            return Err(usage(format!(
                "--delta {d}: expected absolute deltas in (0, 1), e.g. --delta 0.25,0.10"
            )));
        }
    }
    for k in &args.strike {
        if !(k.is_finite() && *k > 0.0) {
            return Err(usage(format!(
                "--strike {k}: expected strikes in index points > 0, e.g. --strike 2000,2200"
            )));
        }
    }
    for d in &args.vix_delta {
        if !(d.is_finite() && *d > 0.0 && *d < 1.0) {
            return Err(usage(format!(
                "--vix-delta {d}: expected absolute deltas in (0, 1), e.g. --vix-delta 0.30,0.10"
            )));
        }
    }
    for k in &args.vix_strike {
        if !(k.is_finite() && *k > 0.0) {
            return Err(usage(format!(
                "--vix-strike {k}: expected strikes in VIX points > 0, e.g. --vix-strike 20,25"
            )));
        }
    }
    let wants_options = !args.delta.is_empty() || !args.strike.is_empty();
    let wants_vix = !args.vix_delta.is_empty() || !args.vix_strike.is_empty();
    if !wants_options && !wants_vix && !args.vix_futures {
        return Err(usage(
            "nothing to quote: give --delta and/or --strike (with --expiry), --vix-delta and/or --vix-strike (with --vix-expiry), or --vix-futures"
                .into(),
        ));
    }
    if wants_vix && args.vix_expiry.is_none() {
        return Err(usage(
            "--vix-expiry is required with --vix-delta or --vix-strike".into(),
        ));
    }
    if let Some(e) = args.vix_expiry {
        if e <= args.date {
            return Err(usage(format!(
                "--vix-expiry {e}: must be after --date {}",
                args.date
            )));
        }
        check_vix_expiry(e)?;
    }
    if wants_options && args.expiry.is_none() {
        return Err(usage(
            "--expiry is required with --delta or --strike".into(),
        ));
    }
    let history = load_dir(&args.data, &LoadOptions::default()).map_err(|e| {
        exit::coded(
            exit::DATA,
            anyhow::anyhow!("--data {}: cannot load the data: {e}", args.data.display()),
        )
    })?;
    let (first, last) = match (history.dates.first(), history.dates.last()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => {
            return Err(usage(format!(
                "--data {}: no trading days",
                args.data.display()
            )));
        }
    };
    let day = match history.index_of(args.date) {
        Some(d) => d,
        None if args.date < first || args.date > last => {
            return Err(usage(format!(
                "--date {}: outside the data ({first} to {last} in {})",
                args.date,
                args.data.display()
            )));
        }
        None => {
            let next = history
                .index_on_or_after(args.date)
                .map(|i| history.dates[i].to_string())
                .unwrap_or_default();
            return Err(usage(format!(
                "--date {}: not a trading day in the data (next trading day: {next})",
                args.date
            )));
        }
    };
    let params = super::model_of(args.config.as_deref())?;
    let model = MarketModel::new(&history, &params).map_err(|e| exit::coded(exit::DATA, e))?;
    let expiry = match args.expiry {
        Some(e) => Some(resolve_expiry(args.date, e)?),
        None => None,
    };
    let rights: Vec<OptionRight> = match (args.put, args.call) {
        (true, false) => vec![OptionRight::Put],
        (false, true) => vec![OptionRight::Call],
        _ => vec![OptionRight::Put, OptionRight::Call],
    };
    let mut rows: Vec<OptionQuoteRow> = Vec::new();
    if let Some(exp) = &expiry {
        for &right in &rights {
            for &d in &args.delta {
                rows.push(quote_by_delta(&model, day, exp, right, d)?);
            }
            for &k in &args.strike {
                rows.push(quote_by_strike(&model, day, exp, right, k)?);
            }
        }
    }
    // Every quote before the first line is printed: an error prints no partial output.
    let vix = match args.vix_expiry.filter(|_| wants_vix) {
        Some(vix_expiry) => {
            let mut vix_rows: Vec<VixOptionQuoteRow> = Vec::new();
            for &right in &rights {
                for &d in &args.vix_delta {
                    vix_rows.push(vix_quote_by_delta(&model, day, vix_expiry, right, d)?);
                }
                for &k in &args.vix_strike {
                    vix_rows.push(vix_quote_by_strike(&model, day, vix_expiry, right, k)?);
                }
            }
            Some((vix_expiry, vix_rows))
        }
        None => None,
    };
    let curve = if args.vix_futures {
        Some(vx_curve(&model, day, 8)?)
    } else {
        None
    };
    // CSV sections already printed: the next one starts after a blank line.
    let mut sections = 0;
    if args.csv && expiry.is_some() {
        sections += 1;
        println!(
            "date,expiry,type,target_delta,strike,forward,iv,price,delta,gamma,vega,theta_per_day"
        );
        for r in &rows {
            let q = &r.quote;
            println!(
                "{},{},{},{},{},{:.4},{:.6},{:.4},{:.6},{:.8},{:.4},{:.6}",
                r.date,
                r.expiry,
                r.right,
                r.target_delta.map(|d| d.to_string()).unwrap_or_default(),
                r.strike,
                r.forward,
                q.iv,
                q.price,
                q.delta,
                q.gamma,
                q.vega,
                q.theta / 365.0
            );
        }
    } else if !args.csv {
        print_header(&model, day);
        if let Some(exp) = &expiry {
            let t = time_to_expiry(args.date, exp);
            let surf = model.spx_surface(day);
            println!(
                "expiry {} ({}, {}), {} calendar days, t = {:.5} y, forward {:.2}, ATM vol {:.2}%",
                exp.date,
                match exp.kind {
                    ExpiryKind::Monthly => "monthly",
                    ExpiryKind::Weekly => "weekly",
                },
                match exp.settlement {
                    Settlement::AmOpen => "AM-settled at the open",
                    Settlement::PmClose => "PM-settled at the close",
                },
                (exp.date - args.date).num_days(),
                t,
                surf.forward(t),
                100.0 * surf.atm_vol(t)
            );
            println!();
            println!(
                "{:<5} {:>7} {:>9} {:>9} {:>7} {:>9} {:>8} {:>10} {:>9} {:>10}",
                "type",
                "target",
                "strike",
                "forward",
                "iv %",
                "price",
                "delta",
                "gamma",
                "vega",
                "theta/day"
            );
            for r in &rows {
                let q = &r.quote;
                println!(
                    "{:<5} {:>7} {:>9.2} {:>9.2} {:>7.2} {:>9.3} {:>8.4} {:>10.6} {:>9.3} {:>10.4}",
                    r.right.as_str(),
                    r.target_delta
                        .map(|d| format!("{d:.2}"))
                        .unwrap_or_else(|| "-".into()),
                    r.strike,
                    r.forward,
                    100.0 * q.iv,
                    q.price,
                    q.delta,
                    q.gamma,
                    q.vega,
                    q.theta / 365.0
                );
            }
            println!();
            println!("price in index points; vega per 1.00 of vol; theta per calendar day");
        }
    }
    if let Some((vix_expiry, vix_rows)) = &vix {
        if args.csv {
            if sections > 0 {
                println!();
            }
            sections += 1;
        }
        print_vix_options(&model, day, *vix_expiry, vix_rows, args.csv);
    }
    if let Some(curve) = &curve {
        if args.csv {
            if sections > 0 {
                println!();
            }
            println!("date,vx_expiry,days,real,model");
            for c in curve {
                println!(
                    "{},{},{},{},{:.4}",
                    args.date,
                    c.expiry,
                    c.days,
                    c.real.map(|v| format!("{v:.4}")).unwrap_or_default(),
                    c.model
                );
            }
        } else {
            println!();
            println!(
                "VX futures curve on {} (VIX close {:.2})",
                args.date, history.vix.close[day]
            );
            println!(
                "{:<12} {:>5} {:>9} {:>9} {:>9}",
                "expiry", "days", "real", "model", "model-real"
            );
            for c in curve {
                println!(
                    "{:<12} {:>5} {:>9} {:>9.3} {:>9}",
                    c.expiry.to_string(),
                    c.days,
                    c.real
                        .map(|v| format!("{v:.3}"))
                        .unwrap_or_else(|| "-".into()),
                    c.model,
                    c.real
                        .map(|v| format!("{:+.3}", c.model - v))
                        .unwrap_or_else(|| "-".into())
                );
            }
        }
    }
    Ok(Outcome::Success)
}

fn print_vix_options(
    model: &MarketModel<'_>,
    day: usize,
    expiry: NaiveDate,
    rows: &[VixOptionQuoteRow],
    csv: bool,
) {
    let source = |s: PriceSource| match s {
        PriceSource::Real => "real_settle",
        PriceSource::Model => "model",
    };
    if csv {
        println!(
            "date,vix_expiry,type,target_delta,strike,vx_future,vx_source,iv,price,delta,gamma,vega,theta_per_day"
        );
        for r in rows {
            let q = &r.quote;
            println!(
                "{},{},{},{},{},{:.4},{},{:.6},{:.4},{:.6},{:.6},{:.4},{:.6}",
                r.date,
                r.expiry,
                r.right,
                r.target_delta.map(|d| d.to_string()).unwrap_or_default(),
                r.strike,
                r.forward,
                source(r.forward_source),
                q.iv,
                q.price,
                q.delta,
                q.gamma,
                q.vega,
                q.theta / 365.0
            );
        }
        return;
    }
    let h = model.history();
    let date = h.dates[day];
    println!();
    println!(
        "VIX options expiring {expiry} (monthly VIX expiration), {} calendar days; VIX {:.2}, \
         vol-of-vol {:.2}",
        (expiry - date).num_days(),
        h.vix.close[day],
        model.vol_of_vol(day),
    );
    if let Some(r) = rows.first() {
        println!(
            "VX future {:.3} ({}), t = {:.5} y, ATM vol {:.2}%",
            r.forward,
            match r.forward_source {
                PriceSource::Real => "the day's real settle",
                PriceSource::Model => "model curve: no real settle of this expiry in the data",
            },
            r.t_years,
            100.0
                * model
                    .vix_option_vol(day, expiry, r.forward)
                    .unwrap_or(f64::NAN)
        );
    }
    println!();
    println!(
        "{:<5} {:>7} {:>8} {:>9} {:>7} {:>8} {:>8} {:>9} {:>8} {:>10}",
        "type",
        "target",
        "strike",
        "VX fut",
        "iv %",
        "price",
        "delta",
        "gamma",
        "vega",
        "theta/day"
    );
    for r in rows {
        let q = &r.quote;
        println!(
            "{:<5} {:>7} {:>8.2} {:>9.3} {:>7.2} {:>8.3} {:>8.4} {:>9.5} {:>8.4} {:>10.4}",
            r.right.as_str(),
            r.target_delta
                .map(|d| format!("{d:.2}"))
                .unwrap_or_else(|| "-".into()),
            r.strike,
            r.forward,
            100.0 * q.iv,
            q.price,
            q.delta,
            q.gamma,
            q.vega,
            q.theta / 365.0
        );
    }
    println!();
    println!(
        "price in VIX points (x $100 per contract); delta per 1.00 of the VX future; vega per 1.00 of vol; theta per calendar day"
    );
}

fn print_header(model: &MarketModel<'_>, day: usize) {
    let h = model.history();
    let surf = model.spx_surface(day);
    let lvl = |s: Series| {
        h.get(s, day)
            .map(|v| format!("{v:.2}"))
            .unwrap_or_else(|| "missing".into())
    };
    println!(
        "date {}  SPX {:.2}  rate {:.3}%  div yield {:.2}%",
        h.dates[day],
        surf.spot(),
        100.0 * surf.rate(),
        100.0 * surf.div_yield()
    );
    println!(
        "VIX9D {}  VIX {:.2}  VIX3M {}  VIX6M {}  VVIX {}  (term structure: {})",
        lvl(Series::Vix9d),
        h.vix.close[day],
        lvl(Series::Vix3m),
        lvl(Series::Vix6m),
        lvl(Series::Vvix),
        surf.term_source().as_str()
    );
}

/// `expiry` is a monthly VIX expiration (the only ones the model prices); the error names
/// `--vix-expiry` and the expirations of its month and the next.
fn check_vix_expiry(expiry: NaiveDate) -> anyhow::Result<()> {
    let of = |d: NaiveDate| vix_expiration(d.year(), d.month()).ok();
    if of(expiry) == Some(expiry) {
        return Ok(());
    }
    let next = expiry
        .checked_add_months(chrono::Months::new(1))
        .and_then(of);
    let near: Vec<String> = [of(expiry), next]
        .into_iter()
        .flatten()
        .map(|d| d.to_string())
        .collect();
    Err(usage(format!(
        "--vix-expiry {expiry}: not a monthly VIX expiration (the Wednesday 30 days before \
         the next month's third Friday, a day earlier when that is a holiday); near it: {}",
        near.join(", ")
    )))
}

/// The listed expiry on `expiry`, after `date`; errors name `--expiry`.
fn resolve_expiry(date: NaiveDate, expiry: NaiveDate) -> anyhow::Result<Expiry> {
    if expiry <= date {
        return Err(usage(format!(
            "--expiry {expiry}: must be after --date {date}"
        )));
    }
    if let Some(e) = expiry_on(expiry) {
        return Ok(e);
    }
    let lo = expiry.checked_sub_days(Days::new(10)).unwrap_or(expiry);
    let hi = expiry.checked_add_days(Days::new(10)).unwrap_or(expiry);
    let near: Vec<String> = listed_spx_expiries(lo.max(date), hi)
        .map(|e| e.date.to_string())
        .collect();
    Err(usage(format!(
        "--expiry {expiry}: not a listed SPX expiry (listed within 10 days: {})",
        if near.is_empty() {
            "none".to_string()
        } else {
            near.join(", ")
        }
    )))
}
