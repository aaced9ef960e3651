//! `ringfence calibrate smile`, `ringfence calibrate vx`, `ringfence calibrate
//! vix-options` and `ringfence calibrate opens`: fit the market model on the real data and print the fit tables (the library does the work, see
//! `ringfence_pricing::calibrate`).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;
use ringfence_data::MarketHistory;
use ringfence_data::load::{LoadOptions, load_dir};
use ringfence_pricing::calibrate::atm_by_year::atm_by_year;
use ringfence_pricing::calibrate::condor_check::{CondorShape, CondorShapeError, CondorWing};
use ringfence_pricing::calibrate::smile_cv::{FoldScheme, cross_validate, date_folds};
use ringfence_pricing::calibrate::smile_fit::{
    SkewTerms, SmileFitOptions, errors_by_vix, evaluate_smile, fit_smile, read_smile_file,
    smile_contexts, split_by_years,
};
use ringfence_pricing::calibrate::vx_fit::calibrate_vx;
use ringfence_pricing::model::ModelParams;
use ringfence_pricing::smile::SmileParams;
use ringfence_pricing::term::TermFallbackParams;
use ringfence_pricing::vx_curve::VxCurveParams;

use crate::exit::{self, Outcome};

/// Name of the smile file inside the real data directory.
const SMILE_FILE: &str = "spx_smile_calibration_2005_2022.tsv";

/// The day-by-day SPX OTM chains, relative to the real data directory.
const SPX_OTM_FILE: &str = "../chains/spx_otm_2019-04-25_2019-05-31.tsv";

/// The real VIX option chain, relative to the real data directory.
const VIX_CHAIN_FILE: &str = "../chains/vix_options_2016-06-01_datashop.csv";

/// Calibration subcommands.
#[derive(Debug, Subcommand)]
pub enum CalibrateCommand {
    /// Fit the SPX smile (ATM ratio, skew, wings) on the real smile points and print the
    /// error per smile point and of the 16-delta / 50-point iron condor.
    Smile {
        /// Smile file (default: `<data>/spx_smile_calibration_2005_2022.tsv`).
        #[arg(long)]
        file: Option<PathBuf>,
        /// Real data directory for VIX9D / VIX3M / VIX6M and the rate of each date
        /// (default: `$RINGFENCE_SHARED_DATA`, else `../shared/data`).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Only evaluate the shipped default parameters (no fit).
        #[arg(long, conflicts_with_all = ["skew", "no_call_turn", "condor_weight", "cv_folds"])]
        evaluate_only: bool,
        /// The SKEW slopes fitted with the ten body parameters: `ratio` (the ATM ratio's,
        /// `ratio_s`: the shipped fit), `all` (also the wing level's and the skew's, `b_s`,
        /// `rho_s`) or `none` (every SKEW slope 0: the smile shipped before the fourteenth
        /// session, `configs/smile-plain.toml`).
        #[arg(long, value_enum, default_value_t = SkewArg::Ratio)]
        skew: SkewArg,
        /// Leave the call-wing turn (`call_turn`, `call_turn_v`) at 0. Without it the fit
        /// has a second stage that fits the turn with the body held, moving only strikes
        /// above the forward (the shipped fit).
        #[arg(long)]
        no_call_turn: bool,
        /// Fit on the rows quoted in these years only (`FROM-TO`, e.g. `2016-2022`) and print
        /// the fit's errors on them (in sample) and on the other rows (out of sample).
        #[arg(long, value_name = "FROM-TO", value_parser = super::parse_years)]
        fit_years: Option<(i32, i32)>,
        /// Add W x |condor mid error, %| of each row's 16-delta / 50-point condor to the
        /// objective (the sum of absolute vol-point errors): W trades the smile points for
        /// the condor the strategy sells (0, the shipped fit, leaves the condor out;
        /// CALIBRATION.md section 7 measures 0.1, 0.3 and 1).
        #[arg(long, value_name = "W", default_value_t = 0.0, value_parser = parse_weight)]
        condor_weight: f64,
        /// Also cross-validate the fit: deal the quote dates to K folds in turn, fit with
        /// each fold held out and print the errors of every row under the fit that did not
        /// see its date (CALIBRATION.md section 7).
        #[arg(long, value_name = "K", conflicts_with = "fit_years")]
        cv_folds: Option<usize>,
        /// With `--cv-folds`: cut the dates into K contiguous blocks of time instead of
        /// dealing them in turn.
        #[arg(long, requires = "cv_folds")]
        cv_contiguous: bool,
    },
    /// Fit the VX futures curve model on the real VX settles and print the error by contract
    /// rank, by VIX-family source and by year, with the slope sign errors.
    Vx {
        /// Real data directory with `vix_futures/` (default: `$RINGFENCE_SHARED_DATA`, else
        /// `../shared/data`).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Only evaluate the shipped default parameters (no fit).
        #[arg(long)]
        evaluate_only: bool,
    },
    /// Check the model's iron condor mid (by default 16-delta / 50-point) against real
    /// day-by-day SPX chains, by VIX regime, days to expiry and quote date (no fit).
    Condors {
        /// SPX chain file in any layout `data import-chains` reads: the OTM extract, the
        /// vendor's raw chains, Cboe DataShop end of day (default:
        /// `<data>/../chains/spx_otm_2019-04-25_2019-05-31.tsv`).
        #[arg(long)]
        file: Option<PathBuf>,
        /// Real data directory (default: `$RINGFENCE_SHARED_DATA`, else `../shared/data`).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Shortest days to expiry.
        #[arg(long, default_value_t = 14)]
        min_days: i64,
        /// Longest days to expiry.
        #[arg(long, default_value_t = 100)]
        max_days: i64,
        /// Price with this run config's `[model]` table (e.g. an opt-in smile) instead of the
        /// shipped defaults.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Absolute delta of the short put and call, in (0, 0.5).
        #[arg(long, default_value_t = 0.16, allow_negative_numbers = true)]
        short_delta: f64,
        /// Long wings this many SPX points beyond the short strikes.
        #[arg(
            long,
            default_value_t = 50.0,
            conflicts_with = "wing_delta",
            allow_negative_numbers = true
        )]
        wing_width: f64,
        /// Long wings at this absolute delta instead of a width, in (0, --short-delta); e.g.
        /// `--short-delta 0.20 --wing-delta 0.05` is Cboe CNDR's condor. A chain whose
        /// quotes do not reach within 30% of it is skipped.
        #[arg(long, allow_negative_numbers = true)]
        wing_delta: Option<f64>,
        /// The short call at its own absolute delta, in (0, 0.5), for an asymmetric condor
        /// (`--short-delta` is then the short put's).
        #[arg(long, allow_negative_numbers = true)]
        short_call_delta: Option<f64>,
        /// The long call at its own absolute delta, in (0, the short call's), with
        /// `--wing-delta` (then the long put's).
        #[arg(long, requires = "wing_delta", allow_negative_numbers = true)]
        wing_call_delta: Option<f64>,
    },
    /// Fit the VIX option vol model (ATM level and tenor decay, call and put skew) on a real
    /// VIX option chain priced against the day's VX settles, and print the fit and residuals
    /// by expiry and moneyness.
    VixOptions {
        /// Cboe DataShop end-of-day chain (default:
        /// `<data>/../chains/vix_options_2016-06-01_datashop.csv`).
        #[arg(long)]
        file: Option<PathBuf>,
        /// Real data directory for the VX settles, VIX, VVIX and the rate of the quote date
        /// (default: `$RINGFENCE_SHARED_DATA`, else `../shared/data`).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Only evaluate the shipped default parameters (no fit).
        #[arg(long)]
        evaluate_only: bool,
    },
    /// The SPX Open year by year: the share of the day's move its gap holds (near 0 for an
    /// index's first print, which sits on the previous closes of stocks not yet open), the
    /// share pooled from the first date of real opening prints, and the same share measured
    /// on real settlement values (SET) before that date: the model's `stale_open_share`, the
    /// expected SET given both closes on the days without an opening level.
    Opens {
        /// Real data directory (default: `$RINGFENCE_SHARED_DATA`, else `../shared/data`).
        #[arg(long)]
        data: Option<PathBuf>,
        /// SPX settlement values, `DATE,SET` (default: such a file in the data directory,
        /// else `configs/data/spx_set_cboe_1998_2023.csv` under the current directory).
        #[arg(long, value_name = "FILE")]
        set: Option<PathBuf>,
        /// First date of real opening prints (default: `[data] spx_real_opens_from`,
        /// 2017-01-01).
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<NaiveDate>,
    },
    /// Fit the bid-ask half-spread model, `ln h = a + b ln(mid) + c ln(VIX/20) + d
    /// ln(DTE/30)`, on the real SPX and VIX option chains by least squares and print the
    /// coefficients next to the shipped ones, with the errors in and out of sample.
    Spreads {
        /// Real data directory for the VIX close of each quote date (default:
        /// `$RINGFENCE_SHARED_DATA`, else `../shared/data`).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Directory of the chains: `spx_otm_2019-04-25_2019-05-31.tsv`, the raw
        /// `SPX_20190501_raw.csv` and `SPX_20190513_raw.csv`, and
        /// `vix_options_2016-06-01_datashop.csv` (default: `<data>/../chains`).
        #[arg(long, value_name = "DIR")]
        chains: Option<PathBuf>,
    },
}

/// The raw SPX chains whose short tenors check the spread model out of sample.
const RAW_SPX_CHAINS: [&str; 2] = ["SPX_20190501_raw.csv", "SPX_20190513_raw.csv"];

/// Days-to-expiry range of the ATM-by-year table: the one-month options of the Cboe indices.
const ATM_MIN_DTE: u32 = 20;
/// See [`ATM_MIN_DTE`].
const ATM_MAX_DTE: u32 = 45;

fn parse_weight(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(w) if w.is_finite() && w >= 0.0 => Ok(w),
        _ => Err(format!("`{s}`: expected a finite number >= 0")),
    }
}

/// `calibrate smile --skew`: which SKEW slopes the fit frees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SkewArg {
    /// No SKEW slope.
    None,
    /// The ATM ratio's slope (the shipped fit).
    Ratio,
    /// The ATM ratio's, the wing level's and the skew's.
    All,
}

impl From<SkewArg> for SkewTerms {
    fn from(a: SkewArg) -> Self {
        match a {
            SkewArg::None => SkewTerms::None,
            SkewArg::Ratio => SkewTerms::Ratio,
            SkewArg::All => SkewTerms::All,
        }
    }
}

/// The real data directory of a calibration and what named it, for messages.
struct DataDir {
    path: PathBuf,
    /// `--data`, `$RINGFENCE_SHARED_DATA` or the default.
    named_by: &'static str,
}

impl DataDir {
    /// `--data` if given, else `$RINGFENCE_SHARED_DATA` if set and not empty, else
    /// `../shared/data`.
    fn resolve(flag: Option<PathBuf>) -> Self {
        if let Some(path) = flag {
            return Self {
                path,
                named_by: "--data",
            };
        }
        match std::env::var_os("RINGFENCE_SHARED_DATA").filter(|v| !v.is_empty()) {
            Some(v) => Self {
                path: PathBuf::from(v),
                named_by: "$RINGFENCE_SHARED_DATA",
            },
            None => Self {
                path: PathBuf::from("../shared/data"),
                named_by: "the default data directory (no --data, no $RINGFENCE_SHARED_DATA)",
            },
        }
    }
}

fn load(dir: &DataDir) -> anyhow::Result<MarketHistory> {
    load_with(dir, &LoadOptions::default())
}

fn load_with(dir: &DataDir, opts: &LoadOptions) -> anyhow::Result<MarketHistory> {
    load_dir(&dir.path, opts).map_err(|e| {
        exit::coded(
            exit::DATA,
            anyhow::anyhow!(
                "{} {}: cannot load the data: {e}",
                dir.named_by,
                dir.path.display()
            ),
        )
    })
}

/// Run a calibration subcommand.
pub fn run(cmd: CalibrateCommand) -> anyhow::Result<Outcome> {
    match cmd {
        CalibrateCommand::Smile {
            file,
            data,
            evaluate_only,
            skew,
            no_call_turn,
            fit_years,
            condor_weight,
            cv_folds,
            cv_contiguous,
        } => {
            let scheme = if cv_contiguous {
                FoldScheme::Contiguous
            } else {
                FoldScheme::Interleaved
            };
            let opts = SmileFitOptions {
                terms: skew.into(),
                condor_weight,
                call_turn: !no_call_turn,
            };
            let data = DataDir::resolve(data);
            let file = file.unwrap_or_else(|| data.path.join(SMILE_FILE));
            let obs = read_smile_file(&file).map_err(|e| exit::coded(exit::DATA, e))?;
            if let Some((from, to)) = fit_years {
                smile_years_present(&obs, from, to)?;
            }
            // Dealt before anything prints, so a bad --cv-folds prints only its error.
            let folds = cv_folds
                .map(|k| date_folds(&obs, k, scheme))
                .transpose()
                .map_err(|e| exit::usage(format!("--cv-folds: {e}")))?;
            // A directory the user named, or one that is there, must load; only a missing
            // default falls back to the file's own VIX close.
            let history = match load(&data) {
                Ok(h) => Some(h),
                Err(e) if data.named_by == "--data" || data.path.exists() => return Err(e),
                Err(e) => {
                    eprintln!("warning: {e}; using the file's VIX close alone (VIX-only fallback)");
                    None
                }
            };
            let defaults = ModelParams::default();
            let ctx = smile_contexts(&obs, history.as_ref(), &defaults.term_fallback);
            let q = defaults.div_yield;
            println!("# Smile calibration on {}", file.display());
            println!();
            if !evaluate_only {
                let start = SmileParams::calibration_start();
                println!("## Start (uncalibrated)\n");
                println!("{}", evaluate_smile(&obs, &ctx, &start, q));
                let fit = |o: &[_], c: &[_]| fit_smile(o, c, &start, q, opts);
                let objective = if condor_weight > 0.0 {
                    format!("L1 in vol points + {condor_weight} x condor error in %")
                } else {
                    "L1 in vol points".to_string()
                };
                let fitted = match fit_years {
                    None => {
                        let fitted = fit(&obs, &ctx);
                        println!("## Fitted (deterministic Nelder-Mead, {objective})\n");
                        println!("{}", evaluate_smile(&obs, &ctx, &fitted, q));
                        fitted
                    }
                    Some((from, to)) => {
                        let ((fo, fc), (to_o, to_c)) = split_by_years(&obs, &ctx, from, to);
                        let fitted = fit(&fo, &fc);
                        println!("## Fitted on {from}-{to} (in sample)\n");
                        println!("{}", evaluate_smile(&fo, &fc, &fitted, q));
                        println!("## The same fit on the other years (out of sample)\n");
                        println!("{}", evaluate_smile(&to_o, &to_c, &fitted, q));
                        println!(
                            "{}",
                            atm_by_year(&obs, &ctx, &fitted, q, ATM_MIN_DTE, ATM_MAX_DTE)
                        );
                        fitted
                    }
                };
                if fit_years.is_none() {
                    println!("{}", errors_by_vix(&obs, &ctx, &fitted, q));
                    println!(
                        "{}",
                        atm_by_year(&obs, &ctx, &fitted, q, ATM_MIN_DTE, ATM_MAX_DTE)
                    );
                }
                println!("TOML ([model.smile]):\n");
                println!("{}", toml_of(&fitted));
                held_out_condors(history.as_ref(), &data.path, &fitted)?;
                if let Some(folds) = &folds {
                    println!("{}", cross_validate(&obs, &ctx, q, folds, &fit));
                }
            }
            println!("## Shipped defaults\n");
            println!("{}", evaluate_smile(&obs, &ctx, &defaults.smile, q));
            println!("{}", errors_by_vix(&obs, &ctx, &defaults.smile, q));
            if let Some((from, to)) = fit_years {
                let ((fo, fc), (oo, oc)) = split_by_years(&obs, &ctx, from, to);
                println!("## Shipped defaults on {from}-{to}\n");
                println!("{}", evaluate_smile(&fo, &fc, &defaults.smile, q));
                println!("## Shipped defaults on the other years\n");
                println!("{}", evaluate_smile(&oo, &oc, &defaults.smile, q));
            }
            println!(
                "{}",
                atm_by_year(&obs, &ctx, &defaults.smile, q, ATM_MIN_DTE, ATM_MAX_DTE)
            );
            Ok(Outcome::Success)
        }
        CalibrateCommand::Vx {
            data,
            evaluate_only,
        } => {
            let data = DataDir::resolve(data);
            let history = load(&data)?;
            if history.vx.is_empty() {
                return Err(exit::coded(
                    exit::DATA,
                    anyhow::anyhow!(
                        "{} {}: no VX futures files found",
                        data.named_by,
                        data.path.display()
                    ),
                ));
            }
            let defaults = ModelParams::default();
            println!("# VX curve calibration on {}", data.path.display());
            println!();
            if !evaluate_only {
                let report = calibrate_vx(
                    &history,
                    &TermFallbackParams::calibration_start(),
                    &VxCurveParams::calibration_start(),
                );
                println!("## Fitted\n");
                println!("{report}");
            }
            let obs = ringfence_pricing::calibrate::vx_fit::vx_observations(&history);
            println!("## Shipped defaults\n");
            println!(
                "{}",
                ringfence_pricing::calibrate::vx_fit::evaluate_vx(
                    &history,
                    &obs,
                    &defaults.term_fallback,
                    &defaults.vx_curve
                )
            );
            use ringfence_pricing::calibrate::vro::{vro_days, vro_report};
            println!("{}", vro_report(&vro_days(&history)));
            Ok(Outcome::Success)
        }
        CalibrateCommand::VixOptions {
            file,
            data,
            evaluate_only,
        } => vix_options(file, data, evaluate_only),
        CalibrateCommand::Condors {
            file,
            data,
            min_days,
            max_days,
            config,
            short_delta,
            wing_width,
            wing_delta,
            short_call_delta,
            wing_call_delta,
        } => {
            if min_days > max_days {
                return Err(exit::usage(format!(
                    "--min-days {min_days} is above --max-days {max_days}"
                )));
            }
            let wing = wing_delta.map_or(CondorWing::Width(wing_width), CondorWing::Delta);
            let shape = CondorShape::new(short_delta, wing)
                .and_then(|s| s.with_call_side(short_call_delta, wing_call_delta))
                .map_err(|e| {
                    let flag = match e {
                        CondorShapeError::ShortDelta(_) => "--short-delta",
                        CondorShapeError::WingWidth(_) => "--wing-width",
                        CondorShapeError::WingDelta { .. } => "--wing-delta",
                        CondorShapeError::ShortCallDelta(_) => "--short-call-delta",
                        CondorShapeError::CallWingDelta { .. }
                        | CondorShapeError::CallWingWithoutDeltaWings(_) => "--wing-call-delta",
                    };
                    exit::usage(format!("{flag}: {e}"))
                })?;
            let data = DataDir::resolve(data);
            let file = file.unwrap_or_else(|| data.path.join(SPX_OTM_FILE));
            let params = super::model_of(config.as_deref())?;
            let history = load(&data)?;
            let model = ringfence_pricing::MarketModel::new(&history, &params)
                .map_err(|e| exit::coded(exit::DATA, e))?;
            print_condor_check(
                &format!("# {shape} condor mid, model vs {}", file.display()),
                &file,
                &model,
                shape,
                (min_days, max_days),
            )?;
            Ok(Outcome::Success)
        }
        CalibrateCommand::Opens { data, set, from } => opens(data, set, from),
        CalibrateCommand::Spreads { data, chains } => spreads(data, chains),
    }
}

/// `calibrate spreads`: the half-spread fit of each product on the chains of `chains`.
fn spreads(data: Option<PathBuf>, chains: Option<PathBuf>) -> anyhow::Result<Outcome> {
    use ringfence_pricing::calibrate::spread_fit::{
        read_datashop_chain, read_otm_chain, read_raw_chain,
    };
    use ringfence_pricing::calibrate::spread_report::{short_tenor_quotes, spx_fit, vix_fit};
    let data = DataDir::resolve(data);
    let chains = chains.unwrap_or_else(|| data.path.join("../chains"));
    let history = load(&data)?;
    let vix_close = |d: NaiveDate| {
        let i = history.index_of(d)?;
        Some(history.vix.close[i]).filter(|v| v.is_finite())
    };
    let read = |name: &str, r: &dyn Fn(&Path) -> ringfence_pricing::Result<_>| {
        let path = chains.join(name);
        r(&path).map_err(|e| exit::coded(exit::DATA, anyhow::anyhow!("{e}")))
    };
    // The chain files by name (the constants give them relative to the data directory).
    let name_of = |rel: &'static str| {
        Path::new(rel)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(rel)
    };
    let otm_name = name_of(SPX_OTM_FILE);
    let spx = read(otm_name, &|p| read_otm_chain(p, vix_close))?;
    let mut raw = Vec::new();
    for name in RAW_SPX_CHAINS {
        let obs: Vec<_> = read(name, &|p| read_raw_chain(p, vix_close))?;
        raw.push((format!("raw chain {name}"), short_tenor_quotes(&obs)));
    }
    let vix_name = name_of(VIX_CHAIN_FILE);
    let vix = read(vix_name, &|p| read_datashop_chain(p, vix_close))?;
    println!(
        "# Bid-ask half-spread calibration on {}\n",
        chains.display()
    );
    println!(
        "Least squares on ln(half-spread) of every two-sided quote; errors in ln h (0.19 is \
         about 21%). The shipped coefficients are ringfence_pricing::spread::SPX_OPTION and \
         VIX_OPTION (CALIBRATION.md section 6).\n"
    );
    println!(
        "{}",
        spx_fit(&format!("SPX options, {otm_name}"), &spx, &raw)
    );
    println!("{}", vix_fit(&format!("VIX options, {vix_name}"), &vix));
    Ok(Outcome::Success)
}

/// The SET file `calibrate opens` reads: `--set`, else none when the data directory holds
/// one (the loader discovers it), else the settlement values the Cboe configs ship with.
fn shipped_set_file(data: &Path, set: Option<PathBuf>) -> Option<PathBuf> {
    // Relative paths are the user's, from the current directory (the loader would take them
    // from the data directory).
    let absolute = |p: PathBuf| std::path::absolute(&p).unwrap_or(p);
    if let Some(p) = set {
        return Some(absolute(p));
    }
    // The loader's own choice of files, so a SET file it would pick is never overridden.
    let in_data = ringfence_data::scan::scan_dir(data)
        .and_then(|files| ringfence_data::load::select(data, &files, &LoadOptions::default()))
        .is_ok_and(|sel| sel.path(ringfence_data::scan::Role::SpxSet).is_some());
    let shipped = Path::new(SHIPPED_SET_FILE);
    (!in_data && shipped.is_file()).then(|| absolute(shipped.to_path_buf()))
}

/// The SPX settlement values shipped beside the Cboe configs (configs/data/README.md).
const SHIPPED_SET_FILE: &str = "configs/data/spx_set_cboe_1998_2023.csv";

fn opens(
    data: Option<PathBuf>,
    set: Option<PathBuf>,
    from: Option<NaiveDate>,
) -> anyhow::Result<Outcome> {
    use ringfence_data::load::DEFAULT_SPX_REAL_OPENS_FROM;
    use ringfence_data::opens::{
        OpenGaps, open_gaps_by_year, open_gaps_from, set_share, set_share_before,
    };
    let data = DataDir::resolve(data);
    if let Some(p) = set.as_deref().filter(|p| !p.is_file()) {
        return Err(exit::usage(format!(
            "--set {}: not a file (a DATE,SET csv of SPX settlement values)",
            p.display()
        )));
    }
    let from = from.unwrap_or(DEFAULT_SPX_REAL_OPENS_FROM);
    // Every Open that is not a copy of the previous close, whatever its date.
    let all_opens = LoadOptions {
        spx_real_opens_from: NaiveDate::MIN,
        spx_set: shipped_set_file(&data.path, set),
        ..LoadOptions::default()
    };
    let history = load_with(&data, &all_opens)?;
    // A value that rounds to zero at 3 decimals prints without a sign (not `-0.000`).
    let num = |v: Option<f64>| {
        v.map_or_else(
            || "-".to_owned(),
            |x| {
                let x = if x.abs() < 0.0005 { 0.0 } else { x };
                format!("{x:.3}")
            },
        )
    };
    let row = |label: &str, g: &OpenGaps| {
        format!(
            "| {label} | {} | {} | {} | {} |",
            g.days,
            g.real,
            num(g.slope),
            num(g.gap_variance_share)
        )
    };
    println!("# SPX opens in {}\n", data.path.display());
    println!(
        "Over the days whose Open is not a copy of the previous close: the least-squares slope (through 0) of the gap ln(open / previous close) on the day's move ln(close / previous close), and the gap's share of the close-to-close variance. An index's first print, computed mostly on the previous closes of stocks not yet open, has a slope near 0; an opening level, about the share of the day's variance realised by the open.\n"
    );
    println!("| year | days | Opens not copies | slope | gap variance share |");
    println!("|---|---:|---:|---:|---:|");
    for (year, g) in open_gaps_by_year(&history) {
        println!("{}", row(&year.to_string(), &g));
    }
    let pooled = open_gaps_from(&history, from);
    println!("{}\n", row(&format!("from {from}"), &pooled));
    println!(
        "The opening levels' slope from {from}: {} (where AM settlements use the Open itself).",
        num(pooled.slope)
    );
    let shipped = ModelParams::default().stale_open_share;
    if let Some(p) = &all_opens.spx_set {
        println!("\nSPX settlement values: {}", p.display());
    }
    match (set_share(&history), set_share_before(&history, from)) {
        ((0, _), _) => println!(
            "\nNo SPX settlement values (--set, or a DATE,SET file in the data directory): stale_open_share cannot be measured (shipped: {shipped})."
        ),
        ((n, all), (n_before, before)) => {
            println!(
                "\nThe same slope for the real settlement values, ln(SET / previous close) on the day's move, over the {n} days of the SET file: {}",
                num(all)
            );
            println!(
                "stale_open_share (the slope over the {n_before} settlement values before {from}, the days whose SET the model estimates from both closes): {} (shipped: {shipped})",
                num(before)
            );
        }
    }
    Ok(Outcome::Success)
}

fn vix_options(
    file: Option<PathBuf>,
    data: Option<PathBuf>,
    evaluate_only: bool,
) -> anyhow::Result<Outcome> {
    use ringfence_pricing::calibrate::vix_option_fit::{
        calibrate_vix_options, evaluate_vix_options, read_vix_option_chain, toml_of, vix_iv_points,
    };
    let data = DataDir::resolve(data);
    let file = file.unwrap_or_else(|| data.path.join(VIX_CHAIN_FILE));
    let history = load(&data)?;
    // Read, price and fit the chain before the first line, so a bad file prints only its
    // error; the fit reads and prices it itself.
    let data_err = |e| exit::coded(exit::DATA, e);
    let (quotes, points, fitted) = if evaluate_only {
        let quotes = read_vix_option_chain(&file).map_err(data_err)?;
        let points = vix_iv_points(&quotes, &history).map_err(data_err)?;
        (quotes, points, None)
    } else {
        let (quotes, points, fitted) = calibrate_vix_options(&file, &history).map_err(data_err)?;
        (quotes, points, Some(fitted))
    };
    println!("# VIX option calibration on {}", file.display());
    println!();
    if let Some(fitted) = fitted {
        println!("## Fitted (deterministic Nelder-Mead, L1 in vol points, quotes on VX settles)\n");
        println!("{}", evaluate_vix_options(&fitted, &points, &quotes, true));
        println!("TOML ([model.vix_options]):\n");
        println!("{}", toml_of(&fitted));
    }
    println!("## Shipped defaults\n");
    println!(
        "{}",
        evaluate_vix_options(&ModelParams::default().vix_options, &points, &quotes, false)
    );
    Ok(Outcome::Success)
}

/// A usage error unless the smile file holds rows quoted in `from..=to`: a fit on no rows
/// would print the start values as fitted.
fn smile_years_present(
    obs: &[ringfence_pricing::calibrate::smile_fit::SmileObservation],
    from: i32,
    to: i32,
) -> anyhow::Result<()> {
    use chrono::Datelike;
    if obs.iter().any(|o| (from..=to).contains(&o.date.year())) {
        return Ok(());
    }
    let years: std::collections::BTreeSet<i32> = obs.iter().map(|o| o.date.year()).collect();
    let held: Vec<String> = years.iter().map(i32::to_string).collect();
    Err(exit::usage(format!(
        "--fit-years {from}-{to}: the smile file has no rows quoted in those years (it holds {})",
        held.join(", ")
    )))
}

/// The condor check of the day-by-day 2019 chains (held out of the smile fit) with `smile`,
/// when the data and the chain file are there.
fn held_out_condors(
    history: Option<&MarketHistory>,
    data: &Path,
    smile: &SmileParams,
) -> anyhow::Result<()> {
    let file = data.join(SPX_OTM_FILE);
    let Some(h) = history.filter(|_| file.exists()) else {
        println!(
            "(No held-out condor check: it needs the data and the chain file {}.)\n",
            file.display()
        );
        return Ok(());
    };
    let params = ModelParams {
        smile: *smile,
        ..ModelParams::default()
    };
    let model =
        ringfence_pricing::MarketModel::new(h, &params).map_err(|e| exit::coded(exit::DATA, e))?;
    print_condor_check(
        &format!(
            "## Held out: condors of {} with the fitted parameters",
            file.display()
        ),
        &file,
        &model,
        CondorShape::CHECKED,
        (14, 100),
    )
}

/// Print `heading`, the state the model is priced in at each chain's quote, and the check of
/// `shape` in `file` on `model` within `days` (shortest, longest) to expiry.
fn print_condor_check(
    heading: &str,
    file: &Path,
    model: &ringfence_pricing::MarketModel<'_>,
    shape: CondorShape,
    (min_days, max_days): (i64, i64),
) -> anyhow::Result<()> {
    use ringfence_pricing::calibrate::condor_check::{condor_checks, condor_report};
    use ringfence_pricing::calibrate::spot_vol::spot_vol_beta;
    let beta = spot_vol_beta(model.history());
    let checks = condor_checks(file, model, beta, shape, min_days, max_days)
        .map_err(|e| exit::coded(exit::DATA, e))?;
    println!("{heading}\n");
    match beta {
        Some(b) => println!(
            "The model is priced at each chain's quote: SPX at the chain's underlying, the VIX family moved from its close by (underlying / close)^{:.2} (the VIX's elasticity to SPX between the open and the close, {} days with a real SPX open).",
            b.beta, b.days
        ),
        None => println!(
            "The model is priced at each chain's underlying with the VIX family at its close (the history has too few real SPX opens to measure the VIX's elasticity to SPX)."
        ),
    }
    println!();
    println!("{}", condor_report(&checks, (min_days, max_days)));
    Ok(())
}

/// TOML of the fitted fields (`[model.smile]`).
fn toml_of(p: &SmileParams) -> String {
    p.fitted()
        .iter()
        .map(|(k, v)| format!("{k} = {v:.6}\n"))
        .collect()
}
