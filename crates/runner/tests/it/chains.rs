//! Real option chains: the importer on the shipped chain files and on mutated copies (every
//! defect), resume and failure without partial output, the store read back, and runs priced
//! from chains (entry prices equal the file's mids at the strikes its deltas choose, gaps
//! filled by the model and counted, the ledger invariant, determinism).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ringfence_data::chains::{ChainFormat, Defect};
use ringfence_pricing::bsm::{self, BsmInputs};
use ringfence_pricing::calibrate::spot_vol::spot_vol_beta;
use ringfence_pricing::expiry::Expiry;
use ringfence_pricing::implied_vol::bsm_implied_vol;
use ringfence_pricing::model::time_to_expiry;
use ringfence_pricing::{MarketModel, ModelParams, OptionRight, SpxSurface};
use ringfence_runner::chains::{NoProgress, import, load_book, store};
use ringfence_runner::{Config, Overrides, Plan, RunOptions, Shard, Silent, execute, merge};
use ringfence_test_support::{shared_chains_dir, shared_data_dir};

use crate::support::{assert_same_files, read_csv};

const TSV: &str = "spx_otm_2019-04-25_2019-05-31.tsv";
const RAW_0501: &str = "SPX_20190501_raw.csv";
const DATASHOP: &str = "vix_options_2016-06-01_datashop.csv";

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The first `n` lines (header included) of a shipped chain file.
fn head(file: &Path, n: usize) -> Vec<String> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .take(n)
        .map(String::from)
        .collect()
}

fn write_lines(path: &Path, lines: &[String]) -> PathBuf {
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
    path.to_path_buf()
}

/// The shipped OTM file with its header and the data lines `keep` keeps, written to
/// `path`.
fn tsv_kept(dir: &Path, path: &Path, keep: impl Fn(&str) -> bool) -> PathBuf {
    let text = std::fs::read_to_string(dir.join(TSV)).unwrap();
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || keep(l))
        .map(|(_, l)| l.to_string())
        .collect();
    write_lines(path, &lines)
}

/// Replace field `i` of a delimited line.
fn set(line: &str, sep: char, i: usize, v: &str) -> String {
    let mut f: Vec<&str> = line.split(sep).collect();
    f[i] = v;
    f.join(&sep.to_string())
}

#[test]
fn importer_counts_the_defects_of_the_shipped_files() {
    let Some(dir) = shared_chains_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("store");
    let srcs: Vec<PathBuf> = [RAW_0501, TSV, DATASHOP]
        .iter()
        .map(|f| dir.join(f))
        .collect();
    let r = import(&srcs, None, &out, &NoProgress).unwrap();
    // 24 dates of the OTM file (its 2019-05-27 holiday file dropped; 2019-05-01 also in the
    // raw chain) and the DataShop VIX chain's 2016-06-01, each held once.
    assert_eq!(r.store_days, 25);
    assert!(r.render().ends_with("the store holds 25 quote dates\n"));
    let formats: Vec<ChainFormat> = r.sources.iter().map(|s| s.1).collect();
    assert_eq!(
        formats,
        [
            ChainFormat::Vendor,
            ChainFormat::OtmTsv,
            ChainFormat::Datashop
        ]
    );
    let raw = &r.sources[0].2;
    assert_eq!((raw.rows, raw.kept, raw.days), (13356, 12468, 1));
    assert_eq!(raw.count(Defect::ZeroBid), 888);
    let tsv = &r.sources[1].2;
    // 2019-05-27 (Memorial Day) is in the file: every row of it is dropped.
    assert_eq!(tsv.count(Defect::HolidayQuoteDate), 3307);
    assert_eq!((tsv.rows, tsv.kept, tsv.days), (82072, 78765, 25));
    let ds = &r.sources[2].2;
    assert_eq!(
        (ds.rows, ds.kept, ds.count(Defect::ZeroBid)),
        (882, 527, 355)
    );
    // 24 TSV trading days (05-01 holds two sources) and the DataShop day.
    let dates = store::dates(&out).unwrap();
    assert_eq!(dates.len(), 25);
    assert!(!dates.contains(&date("2019-05-27")));
    assert_eq!(dates[0], date("2016-06-01"));
}

#[test]
fn every_defect_is_counted_on_mutated_copies_of_each_layout() {
    let Some(dir) = shared_chains_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // Vendor layout: rows 1..40 of the 2019-05-01 file, one mutation each on rows 2..10.
    let mut l = head(&dir.join(RAW_0501), 41);
    // Columns: underlying,underlying_last,exchange,optionroot,type,expiration,quotedate,
    // strike,last,net,bid,ask,...
    let dup = l[1].clone();
    l[2] = set(&l[2], ',', 10, "99999"); // crossed: bid above ask
    l[3] = set(&l[3], ',', 10, "-1"); // negative bid
    l[4] = set(&l[4], ',', 10, "0"); // zero bid
    l[5] = set(&l[5], ',', 5, "04/30/2019"); // expiry before the quote date
    l[6] = set(&l[6], ',', 7, "1802.5"); // strike off the 5-point grid
    l[7] = set(&l[7], ',', 0, "VIX"); // underlying symbol of another index
    l[8] = set(&l[8], ',', 1, "3500"); // underlying level far from the day's
    l.push(dup); // duplicate of row 1
    l.push(set(&l[9], ',', 6, "05/27/2019")); // Memorial Day
    let vendor = write_lines(&tmp.path().join("vendor.csv"), &l);
    // OTM TSV: a crossed and a duplicate row.
    let mut t = head(&dir.join(TSV), 21);
    let dup = t[1].clone();
    t[2] = set(&t[2], '\t', 5, "99");
    t.push(dup);
    let tsv = write_lines(&tmp.path().join("otm.tsv"), &t);
    // DataShop: an unknown root and a crossed quote among quoted rows.
    let d = head(&dir.join(DATASHOP), 883);
    let mut quoted: Vec<String> = std::iter::once(d[0].clone())
        .chain(
            d[1..]
                .iter()
                .filter(|r| r.contains(",VIX,") && r.split(',').nth(18) != Some("0.0000"))
                .take(10)
                .cloned(),
        )
        .collect();
    quoted[1] = set(&quoted[1], ',', 2, "BVZ");
    quoted[2] = set(&quoted[2], ',', 18, "99.0000");
    let ds = write_lines(&tmp.path().join("ds.csv"), &quoted);

    let out = tmp.path().join("store");
    let r = import(&[vendor, tsv, ds], None, &out, &NoProgress).unwrap();
    let v = &r.sources[0].2;
    for d in [
        Defect::CrossedQuote,
        Defect::NegativeQuote,
        Defect::ZeroBid,
        Defect::ExpiryBeforeQuoteDate,
        Defect::OffGridStrike,
        Defect::UnderlyingMismatch,
        Defect::UnderlyingPriceMismatch,
        Defect::Duplicate,
        Defect::HolidayQuoteDate,
    ] {
        assert_eq!(v.count(d), 1, "{}: {}", d.name(), v.render());
    }
    // 42 rows: 8 dropped, the price mismatch kept.
    assert_eq!((v.rows, v.kept), (42, 34), "{}", v.render());
    let t = &r.sources[1].2;
    assert_eq!(
        (t.count(Defect::CrossedQuote), t.count(Defect::Duplicate)),
        (1, 1)
    );
    let s = &r.sources[2].2;
    assert_eq!(
        (s.count(Defect::UnknownRoot), s.count(Defect::CrossedQuote)),
        (1, 1)
    );
    assert_eq!(s.kept, 8);
}

#[test]
fn a_file_it_cannot_read_is_a_clear_error_and_leaves_nothing_behind() {
    let Some(dir) = shared_chains_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("store");
    let mut l = head(&dir.join(TSV), 4000);
    l[3500] = set(&l[3500], '\t', 6, "n/a");
    let bad = write_lines(&tmp.path().join("bad.tsv"), &l);
    let e = import(std::slice::from_ref(&bad), None, &out, &NoProgress)
        .unwrap_err()
        .to_string();
    assert!(e.contains("bad.tsv:3501") && e.contains("`ask`"), "{e}");
    // The days before the bad line were staged, not published, and the store this
    // import created is gone.
    assert!(!out.exists());

    let not_chain = write_lines(&tmp.path().join("x.csv"), &["Date,Close".into()]);
    let e = import(&[not_chain], None, &out, &NoProgress).unwrap_err();
    assert!(e.to_string().contains("not a chain layout"), "{e}");
    let missing = tmp.path().join("missing.csv");
    let e = import(&[missing], None, &out, &NoProgress).unwrap_err();
    assert!(e.to_string().contains("missing.csv"), "{e}");
    let e = import(
        &[dir.join(TSV)],
        Some(ChainFormat::Vendor),
        &out,
        &NoProgress,
    )
    .unwrap_err();
    assert!(e.to_string().contains("otm-tsv layout"), "{e}");
}

#[test]
fn a_second_import_skips_the_sources_already_imported() {
    let Some(dir) = shared_chains_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("store");
    let first = import(&[dir.join(RAW_0501)], None, &out, &NoProgress).unwrap();
    assert!(!first.sources[0].3);
    let before = std::fs::read(out.join("manifest.json")).unwrap();
    let again = import(
        &[dir.join(RAW_0501), dir.join(DATASHOP)],
        None,
        &out,
        &NoProgress,
    )
    .unwrap();
    assert!(again.sources[0].3, "already imported: skipped");
    assert!(!again.sources[1].3);
    assert_eq!(again.sources[0].2, first.sources[0].2);
    assert_ne!(before, std::fs::read(out.join("manifest.json")).unwrap());
    assert_eq!(store::dates(&out).unwrap().len(), 2);
}

/// The TSV's rows by (date, expiry, root, right, strike): (bid, ask, delta).
type Tsv = HashMap<(NaiveDate, NaiveDate, String, String, u64), (f64, f64, f64)>;

fn read_tsv(path: &Path) -> Tsv {
    let text = std::fs::read_to_string(path).unwrap();
    let mut m = HashMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let k = f[4].parse::<f64>().unwrap();
        m.insert(
            (
                date(f[0]),
                date(f[1]),
                f[2].to_string(),
                f[3].to_string(),
                k.to_bits(),
            ),
            (
                f[5].parse().unwrap(),
                f[6].parse().unwrap(),
                f[8].parse().unwrap(),
            ),
        );
    }
    m
}

#[test]
fn the_store_reads_back_what_the_file_holds() {
    let Some(dir) = shared_chains_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("store");
    import(&[dir.join(TSV)], None, &out, &NoProgress).unwrap();
    let book = load_book(&out, date("2019-05-02"), date("2019-05-03"), i64::MAX).unwrap();
    assert_eq!(book.days().len(), 2);
    let tsv = read_tsv(&dir.join(TSV));
    let mut checked = 0;
    for day in book.days() {
        for g in 0..day.groups.len() {
            let grp = &day.groups[g];
            let root = if grp.am { "SPX" } else { "SPXW" };
            for (right, letter) in [
                (ringfence_data::chains::Right::Put, "P"),
                (ringfence_data::chains::Right::Call, "C"),
            ] {
                for q in day.side(g, right) {
                    let k = (
                        day.date,
                        grp.expiry,
                        root.to_string(),
                        letter.to_string(),
                        q.strike.to_bits(),
                    );
                    let (b, a, d) = tsv[&k];
                    assert_eq!((q.bid, q.ask, q.delta), (b, a, d));
                    checked += 1;
                }
            }
        }
    }
    let in_file = tsv
        .keys()
        .filter(|k| k.0 == date("2019-05-02") || k.0 == date("2019-05-03"))
        .count();
    assert_eq!(checked, in_file);
}

/// A condor-only config over `start..end` with chains from `store`, on the real data.
fn chain_plan(store: &Path, out: &Path, start: &str, end: &str) -> Option<Plan> {
    let config = chain_config(store, out, start, end)?;
    let history = ringfence_runner::load_history(&config).unwrap();
    Some(Plan::new(config, history).unwrap())
}

/// [`chain_plan`]'s config.
fn chain_config(store: &Path, out: &Path, start: &str, end: &str) -> Option<Config> {
    let data = shared_data_dir()?;
    let text = format!(
        r#"
layouts = ["ring_fenced", "commingled"]
[run]
name = "chains"
seed = 3
[data]
chains = "{}"
[windows]
select = ["may_2019"]
[windows.custom]
may_2019 = {{ start = {start}, end = {end} }}
[condor]
short_strike = "delta"
short_delta = 0.16
wing = "width"
wing_width_points = 50
[sweep]
"condor.target_dte" = [30, 45]
[output]
daily = "all"
events = "all"
ledger = true
"#,
        store.display()
    );
    let overrides = Overrides {
        data_dir: Some(data),
        out_dir: Some(out.to_path_buf()),
    };
    Some(Config::parse(Path::new("chains.toml"), &text, &overrides).unwrap())
}

/// The SPX level each quote date of the OTM file was quoted at (one per date).
fn tsv_underlying(path: &Path) -> HashMap<NaiveDate, f64> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (date(f[0]), f[7].parse().unwrap())
        })
        .collect()
}

/// A chain `mid` of `root` quoted at SPX `quoted` on `d`, moved to the close: its BSM vol
/// at the quoted level keeps its difference from the model's vol at the quote's state (SPX
/// there, the VIX family moved by the history's spot-vol elasticity), and the price is BSM
/// at the close at the model's close vol plus that difference.
#[allow(clippy::too_many_arguments)]
fn moved_to_close(
    model: &MarketModel<'_>,
    d: NaiveDate,
    expiry: NaiveDate,
    root: &str,
    right: &str,
    strike: f64,
    quoted: f64,
    mid: f64,
) -> f64 {
    let h = model.history();
    let day = h.dates.binary_search(&d).unwrap();
    let close = h.spx.close[day];
    if quoted == close {
        return mid;
    }
    let s = model.spx_surface(day);
    let t = time_to_expiry(d, &Expiry::from_settlement(expiry, root == "SPX"));
    let right = if right == "P" {
        OptionRight::Put
    } else {
        OptionRight::Call
    };
    let at = |spot: f64, vol: f64| BsmInputs {
        right,
        spot,
        strike,
        t_years: t,
        rate: s.rate(),
        div_yield: s.div_yield(),
        vol,
    };
    let scale = spot_vol_beta(h).map_or(1.0, |b| (quoted / close).powf(b.beta));
    let q = model.spx_surface_moved(day, quoted, scale);
    let model_vol = |x: &SpxSurface| x.price_iv(&x.tenor(t).unwrap(), right, strike).unwrap().1;
    let chain_vol = bsm_implied_vol(&at(quoted, 0.2), mid).unwrap();
    let iv = model_vol(&s) + chain_vol - model_vol(&q);
    bsm::price(&at(close, iv)).unwrap()
}

fn col(h: &[String], name: &str) -> usize {
    h.iter().position(|c| c == name).unwrap()
}

#[test]
fn entries_trade_at_the_chain_mids_of_the_strikes_its_deltas_choose() {
    let Some(dir) = shared_chains_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    import(&[dir.join(TSV)], None, &store, &NoProgress).unwrap();
    let out = tmp.path().join("run");
    let Some(config) = chain_config(&store, &out, "2019-04-25", "2019-05-31") else {
        return;
    };
    let history = ringfence_runner::load_history(&config).unwrap();
    let plan = Plan::new(config, history.clone()).unwrap();
    let mm = MarketModel::new(&history, &ModelParams::default()).unwrap();
    let r = execute(&plan, &RunOptions::default(), &Silent).unwrap();
    assert_eq!(r.failures, 0);
    let tsv = read_tsv(&dir.join(TSV));
    let quoted = tsv_underlying(&dir.join(TSV));
    // The vendor quoted most days off the close (2019-05-01: 2946.73 against 2923.73).
    let off_close = quoted
        .iter()
        .filter(|(d, u)| {
            history
                .dates
                .binary_search(d)
                .is_ok_and(|i| (history.spx.close[i] - **u).abs() > 5.0)
        })
        .count();
    assert!(off_close >= 10, "{off_close} days quoted off the close");

    // Every condor opening premium, per contract, is the file's mid of that contract moved
    // to the close (`moved_to_close`).
    let (h, rows) = read_csv(&out.join("ledger.csv"));
    let (c_date, c_kind, c_inst, c_amt, c_sleeve, c_scen) = (
        col(&h, "date"),
        col(&h, "kind"),
        col(&h, "instrument"),
        col(&h, "amount_usd"),
        col(&h, "sleeve"),
        col(&h, "scenario"),
    );
    let mut commissions: HashMap<(String, String, String), f64> = HashMap::new();
    for r in rows.iter().filter(|r| r[c_kind] == "commission") {
        let k = (r[c_scen].clone(), r[c_date].clone(), r[c_inst].clone());
        *commissions.entry(k).or_default() += -r[c_amt].parse::<f64>().unwrap();
    }
    let mut entries = 0;
    let mut shorts = 0;
    // The first premium row of each (scenario, instrument) is its opening.
    let mut opened = std::collections::HashSet::new();
    for r in rows
        .iter()
        .filter(|r| r[c_kind] == "premium" && r[c_sleeve] == "condor")
    {
        if !opened.insert((r[c_scen].clone(), r[c_inst].clone())) {
            continue;
        }
        let inst: Vec<&str> = r[c_inst].split(' ').collect();
        let (root, expiry, right) = (inst[0], date(inst[1]), inst[2]);
        let strike: f64 = inst[3].parse().unwrap();
        let d = date(&r[c_date]);
        let key = (
            d,
            expiry,
            root.to_string(),
            right.to_string(),
            strike.to_bits(),
        );
        let Some(&(bid, ask, _)) = tsv.get(&key) else {
            panic!("opened {} on {d}: not in the chain file", r[c_inst]);
        };
        let contracts =
            commissions[&(r[c_scen].clone(), r[c_date].clone(), r[c_inst].clone())] / 1.10;
        let amount: f64 = r[c_amt].parse().unwrap();
        let per_contract = amount.abs() / (100.0 * contracts);
        let mid = 0.5 * (bid + ask);
        let expected = moved_to_close(&mm, d, expiry, root, right, strike, quoted[&d], mid);
        assert!(
            (per_contract - expected).abs() < 1e-6,
            "{} on {d}: {per_contract} vs mid {mid} moved to the close {expected}",
            r[c_inst]
        );
        entries += 1;
        if amount > 0.0 {
            // A short leg: the listed strike of that expiry and right whose file delta is
            // nearest 0.16.
            let best = tsv
                .iter()
                .filter(|(k, _)| k.0 == d && k.1 == expiry && k.2 == root && k.3 == right)
                .min_by(|a, b| {
                    let da = (a.1.2.abs() - 0.16).abs();
                    let db = (b.1.2.abs() - 0.16).abs();
                    da.total_cmp(&db).then(a.0.4.cmp(&b.0.4))
                })
                .map(|(k, _)| f64::from_bits(k.4))
                .unwrap();
            assert_eq!(strike, best, "short {} on {d}", r[c_inst]);
            shorts += 1;
        }
    }
    assert!(
        entries >= 8 && shorts >= 4,
        "{entries} entries, {shorts} shorts"
    );

    // fills.csv: every option leg traded on a chain day, entries and exits, at the
    // file's mid with the model beside it.
    let (h, fills) = read_csv(&out.join("fills.csv"));
    let c = |name: &str| col(&h, name);
    let mut kinds = std::collections::BTreeMap::new();
    for f in &fills {
        if f[c("product")] == "VIX" {
            // The hedge's VIX calls: this store holds no VIX chain.
            assert_eq!(f[c("source")], "model", "{f:?}");
            continue;
        }
        let d = date(&f[c("date")]);
        let k = |root: &str| {
            (
                d,
                date(&f[c("expiry")]),
                root.to_string(),
                f[c("right")].clone(),
                f[c("strike")].parse::<f64>().unwrap().to_bits(),
            )
        };
        let in_file = ["SPX", "SPXW"].iter().find_map(|r| tsv.get(&k(r))).copied();
        let price: f64 = f[c("price")].parse().unwrap();
        let model: f64 = f[c("model")].parse().unwrap();
        match f[c("source")].as_str() {
            "chain" => {
                let (bid, ask, _) = in_file.expect("a chain fill is in the file");
                let mid: f64 = f[c("mid")].parse().unwrap();
                assert_eq!(
                    (f[c("bid")].parse().unwrap(), f[c("ask")].parse().unwrap()),
                    (bid, ask)
                );
                assert!((mid - 0.5 * (bid + ask)).abs() < 1e-9);
                let at_close: f64 = f[c("chain_at_close")].parse().unwrap();
                assert!(
                    (price - at_close).abs() < 1e-9,
                    "{f:?}: traded at the chain's mid moved to the close"
                );
                let u: f64 = f[c("quoted_underlying")].parse().unwrap();
                assert_eq!(u, quoted[&d]);
                let root = if in_file == tsv.get(&k("SPX")).copied() {
                    "SPX"
                } else {
                    "SPXW"
                };
                let expiry = date(&f[c("expiry")]);
                let strike: f64 = f[c("strike")].parse().unwrap();
                let right = f[c("right")].clone();
                let expected = moved_to_close(&mm, d, expiry, root, &right, strike, u, mid);
                assert!((at_close - expected).abs() < 1e-6, "{f:?}: {expected}");
                let diff: f64 = f[c("model_minus_mid")].parse().unwrap();
                assert!((model - mid - diff).abs() < 1e-9);
                let diff: f64 = f[c("model_minus_chain_at_close")].parse().unwrap();
                assert!((model - at_close - diff).abs() < 1e-9);
            }
            "model" => {
                assert!(in_file.is_none(), "{f:?}: the file has it");
                assert_eq!(f[c("bid")], "");
            }
            other => panic!("source {other}"),
        }
        *kinds.entry(f[c("trade")].clone()).or_insert(0) += 1;
    }
    assert!(kinds.get("entry").is_some_and(|n| *n >= 8), "{kinds:?}");
    assert!(
        kinds.keys().any(|k| k != "entry"),
        "exits are listed beside entries: {kinds:?}"
    );

    // Fills counted per scenario: chain prices; on the two trading days the file lacks
    // (2019-05-10 and 2019-05-17) the SPX legs carry their last chain vol basis and the
    // hedge's VIX calls (no VIX chain here) are the model's.
    let (h, counts) = read_csv(&out.join("chain_fills.csv"));
    assert_eq!(counts.len(), 2);
    for c in &counts {
        let n = |name: &str| c[col(&h, name)].parse::<u64>().unwrap();
        assert!(n("entries_chain") > 0 && n("marks_chain") > 0, "{c:?}");
        assert!(n("strikes_chain") > 0, "{c:?}");
        assert!(n("marks_model_day") > 0, "{c:?}");
        assert!(n("marks_carried") > 0, "{c:?}");
    }
}

#[test]
fn days_and_contracts_missing_from_the_chain_are_filled_by_the_model_and_counted() {
    let Some(dir) = shared_chains_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    // The file without its rows of 2019-05-02 (a day missing) and without every 2850 put
    // (a contract missing).
    let cut = tsv_kept(&dir, &tmp.path().join("cut.tsv"), |l| {
        !l.starts_with("2019-05-02") && !l.contains("\tP\t2850.0\t")
    });
    import(&[cut], None, &store, &NoProgress).unwrap();
    let out = tmp.path().join("run");
    // From 2019-04-01: three weeks before the chain starts.
    let Some(plan) = chain_plan(&store, &out, "2019-04-01", "2019-05-31") else {
        return;
    };
    let r = execute(&plan, &RunOptions::default(), &Silent).unwrap();
    assert_eq!(r.failures, 0);
    let (h, counts) = read_csv(&out.join("chain_fills.csv"));
    for c in &counts {
        let n = |name: &str| c[col(&h, name)].parse::<u64>().unwrap();
        assert!(n("marks_model_day") > 0, "days before the chain: {c:?}");
        assert!(
            n("entries_model_day") > 0,
            "entries before the chain: {c:?}"
        );
        assert!(
            n("marks_model_contract") > 0,
            "contracts the file lacks: {c:?}"
        );
        assert!(n("marks_chain") > 0 && n("entries_chain") > 0, "{c:?}");
    }
}

#[test]
fn runs_with_chains_keep_the_ledger_invariant_and_are_deterministic() {
    let Some(dir) = shared_chains_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    import(&[dir.join(TSV)], None, &store, &NoProgress).unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for (out, threads) in [(&a, 1), (&b, 2)] {
        let Some(plan) = chain_plan(&store, out, "2019-04-25", "2019-05-31") else {
            return;
        };
        let o = RunOptions {
            threads: Some(threads),
            ..RunOptions::default()
        };
        execute(&plan, &o, &Silent).unwrap();
    }
    assert_same_files(&a, &b);

    // initial capital + sum(ledger up to day d) = sum of account cash at d, every day.
    let (h, ledger) = read_csv(&a.join("ledger.csv"));
    let daily_dir = a.join("daily");
    let mut checked = 0;
    for e in std::fs::read_dir(&daily_dir).unwrap() {
        let p = e.unwrap().path();
        let key = p.file_stem().unwrap().to_string_lossy().into_owned();
        let (dh, days) = read_csv(&p);
        let cash: Vec<usize> = dh
            .iter()
            .enumerate()
            .filter(|(_, c)| c.ends_with("_cash"))
            .map(|(i, _)| i)
            .collect();
        for d in &days {
            let total: f64 = cash.iter().map(|&i| d[i].parse::<f64>().unwrap()).sum();
            let flows: f64 = ledger
                .iter()
                .filter(|r| r[col(&h, "scenario")] == key && r[col(&h, "date")] <= d[0])
                .map(|r| r[col(&h, "amount_usd")].parse::<f64>().unwrap())
                .sum();
            assert!(
                (1_000_000.0 + flows - total).abs() < 1e-4,
                "{key} {}: {total} vs {}",
                d[0],
                1_000_000.0 + flows
            );
            checked += 1;
        }
    }
    assert!(checked > 40);
}

#[test]
fn a_resumed_or_sharded_run_with_chains_writes_the_same_chain_files() {
    let Some(dir) = shared_chains_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    import(&[dir.join(TSV)], None, &store, &NoProgress).unwrap();
    let run = |out: &Path, o: &RunOptions| {
        let plan = chain_plan(&store, out, "2019-04-25", "2019-05-31").unwrap();
        execute(&plan, o, &Silent).unwrap()
    };
    let whole = tmp.path().join("whole");
    if shared_data_dir().is_none() {
        return;
    }
    run(&whole, &RunOptions::default());
    let (_, fills) = read_csv(&whole.join("fills.csv"));
    let ids: std::collections::BTreeSet<&str> = fills.iter().map(|f| f[0].as_str()).collect();
    assert_eq!(ids.len(), 2, "both scenarios have fills: {ids:?}");

    // Killed after chunk 0 (of 2): chunk 1, its chain rows and every table gone.
    let cut = tmp.path().join("cut");
    run(&cut, &RunOptions::default());
    std::fs::remove_dir_all(cut.join("chunks/c00001")).unwrap();
    for f in ["chains/000001.fills.csv", "chains/000001.counts.csv"] {
        std::fs::remove_file(cut.join(f)).unwrap();
    }
    for f in ["summary.csv", "fills.csv", "chain_fills.csv", "ledger.csv"] {
        std::fs::remove_file(cut.join(f)).unwrap();
    }
    let r = run(
        &cut,
        &RunOptions {
            resume: true,
            ..RunOptions::default()
        },
    );
    assert_eq!((r.executed, r.resumed), (1, 1));
    assert_same_files(&whole, &cut);

    // Two shards merged: the chain files of the unsharded run, byte for byte.
    let mut dirs = Vec::new();
    for i in [2, 1] {
        let d = tmp.path().join(format!("shard{i}"));
        let o = RunOptions {
            shard: Some(Shard { index: i, count: 2 }),
            ..RunOptions::default()
        };
        run(&d, &o);
        assert!(!d.join("fills.csv").exists(), "a shard writes no tables");
        dirs.push(d);
    }
    let merged = tmp.path().join("merged");
    merge(&dirs, &merged, false).unwrap();
    for f in ["fills.csv", "chain_fills.csv", "summary.csv", "ledger.csv"] {
        assert_eq!(
            std::fs::read(whole.join(f)).unwrap(),
            std::fs::read(merged.join(f)).unwrap(),
            "{f}"
        );
    }
}

/// The DataShop file's end-of-day (bid, ask) of VIX options on 2016-06-01, by (expiry,
/// right, strike).
fn datashop_vix(path: &Path) -> HashMap<(NaiveDate, String, u64), (f64, f64)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let h: Vec<&str> = lines.next().unwrap().split(',').collect();
    let c = |name: &str| h.iter().position(|x| *x == name).unwrap();
    let (root, exp, k, right, bid, ask) = (
        c("root"),
        c("expiration"),
        c("strike"),
        c("option_type"),
        c("bid_eod"),
        c("ask_eod"),
    );
    let mut m = HashMap::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if f[root] != "VIX" {
            continue;
        }
        let strike: f64 = f[k].parse().unwrap();
        m.insert(
            (date(f[exp]), f[right].to_string(), strike.to_bits()),
            (f[bid].parse().unwrap(), f[ask].parse().unwrap()),
        );
    }
    m
}

#[test]
fn the_hedge_buys_vix_calls_at_the_datashop_quotes_of_the_day() {
    let Some(dir) = shared_chains_dir() else {
        return;
    };
    let Some(data) = shared_data_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    import(&[dir.join(DATASHOP)], None, &store, &NoProgress).unwrap();
    let quotes = datashop_vix(&dir.join(DATASHOP));
    // A two-day window whose first day is the file's: one VIX call per layer opened at
    // its quote. normal_spread_fraction 1 pays the ask; 0 the mid.
    for fraction in [1.0, 0.0] {
        let out = tmp.path().join(format!("run{fraction}"));
        let text = format!(
            r#"
layouts = ["ring_fenced"]
[data]
chains = "{}"
[windows]
select = ["d"]
[windows.custom]
d = {{ start = 2016-06-01, end = 2016-06-02 }}
[condor]
enabled = false
[hedge]
instrument = "vix_call"
[costs]
normal_spread_fraction = {fraction}
[output]
ledger = true
"#,
            store.display()
        );
        let overrides = Overrides {
            data_dir: Some(data.clone()),
            out_dir: Some(out.clone()),
        };
        let config = Config::parse(Path::new("vix.toml"), &text, &overrides).unwrap();
        let history = ringfence_runner::load_history(&config).unwrap();
        let plan = Plan::new(config, history).unwrap();
        execute(&plan, &RunOptions::default(), &Silent).unwrap();

        let (h, ledger) = read_csv(&out.join("ledger.csv"));
        let (c_kind, c_inst, c_amt) = (
            col(&h, "kind"),
            col(&h, "instrument"),
            col(&h, "amount_usd"),
        );
        let mut by_inst: HashMap<String, [f64; 3]> = HashMap::new();
        // The chain's day (the window's second day has none).
        for r in ledger.iter().filter(|r| r[col(&h, "date")] == "2016-06-01") {
            let i = match r[c_kind].as_str() {
                "premium" => 0,
                "slippage" => 1,
                "commission" => 2,
                _ => continue,
            };
            by_inst.entry(r[c_inst].clone()).or_default()[i] += r[c_amt].parse::<f64>().unwrap();
        }
        let mut checked = 0;
        for (inst, [premium, slippage, commission]) in &by_inst {
            let f: Vec<&str> = inst.split(' ').collect();
            assert_eq!(f[0], "VIX", "{inst}: only the hedge trades");
            let key = (
                date(f[1]),
                f[2].to_string(),
                f[3].parse::<f64>().unwrap().to_bits(),
            );
            let (bid, ask) = quotes[&key];
            let contracts = -commission / 0.9;
            assert!(contracts > 0.0, "{inst}");
            let paid = -(premium + slippage) / (100.0 * contracts);
            let want = if fraction == 1.0 {
                ask
            } else {
                0.5 * (bid + ask)
            };
            assert!(
                (paid - want).abs() < 1e-9,
                "{inst}: paid {paid}, file {bid}/{ask}"
            );
            checked += 1;
        }
        assert!(checked >= 2, "a call per layer opened: {by_inst:?}");
        // fills.csv: each leg (a layer each, two may buy the same call) at the file's mid.
        let (h, fills) = read_csv(&out.join("fills.csv"));
        let mut listed = std::collections::BTreeSet::new();
        for f in &fills {
            let c = |n: &str| f[col(&h, n)].clone();
            assert_eq!((c("product"), c("source")), ("VIX".into(), "chain".into()));
            let key = (
                date(&c("expiry")),
                c("right"),
                c("strike").parse::<f64>().unwrap().to_bits(),
            );
            let (bid, ask) = quotes[&key];
            assert_eq!(c("price").parse::<f64>().unwrap(), 0.5 * (bid + ask));
            listed.insert(key);
        }
        assert_eq!(listed.len(), checked, "the calls of the chain's day");
    }
}

/// The default strategy over the whole real history, with chains from `store` when given.
fn full_history_plan(store: Option<&Path>, out: &Path) -> Option<Plan> {
    let data = shared_data_dir()?;
    let chains = store.map_or(String::new(), |s| {
        format!("[data]\nchains = \"{}\"\n", s.display())
    });
    let text = format!(
        r#"
layouts = ["ring_fenced", "commingled"]
[run]
name = "full"
seed = 3
{chains}
[windows]
select = ["full"]
[output]
daily = "all"
"#
    );
    let overrides = Overrides {
        data_dir: Some(data),
        out_dir: Some(out.to_path_buf()),
    };
    let config = Config::parse(Path::new("full.toml"), &text, &overrides).unwrap();
    let history = ringfence_runner::load_history(&config).unwrap();
    Some(Plan::new(config, history).unwrap())
}

#[test]
fn a_full_history_with_one_chain_day_is_the_model_run_before_it() {
    let Some(dir) = shared_chains_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    // The file's rows of 2019-05-01 only: one chain day in 1990-2026.
    let one_day = tsv_kept(&dir, &tmp.path().join("one_day.tsv"), |l| {
        l.starts_with("2019-05-01")
    });
    import(&[one_day], None, &store, &NoProgress).unwrap();
    let (model, chains) = (tmp.path().join("model"), tmp.path().join("chains"));
    for (out, store) in [(&model, None), (&chains, Some(store.as_path()))] {
        let Some(plan) = full_history_plan(store, out) else {
            return;
        };
        let r = execute(&plan, &RunOptions::default(), &Silent).unwrap();
        assert_eq!(r.failures, 0);
    }
    let chain_day = "2019-05-01";
    for layout in ["ring_fenced", "commingled"] {
        let file = format!("daily/s000000_{layout}.csv");
        let (h, m) = read_csv(&model.join(&file));
        let (h2, c) = read_csv(&chains.join(&file));
        assert_eq!((&h, m.len()), (&h2, c.len()));
        let d = col(&h, "date");
        let before = m.iter().take_while(|r| r[d].as_str() < chain_day).count();
        assert!(before > 7000, "{before} days before the chain day");
        // Every day before the chain day: the model run's row, every column to the digit.
        assert_eq!(m[..before], c[..before], "{layout}");
        // The chain day marks the condor held at the chain's mids.
        assert_eq!(c[before][d], chain_day);
        assert_ne!(m[before..], c[before..], "{layout}");
    }
    let (h, counts) = read_csv(&chains.join("chain_fills.csv"));
    let n = |name: &str| counts[0][col(&h, name)].parse::<u64>().unwrap();
    assert!(n("marks_chain") > 0, "{counts:?}");
    // Every other day is the model's: its marks, entries and strikes are counted as such.
    assert!(
        n("marks_model_day") > 100 * n("marks_chain")
            && n("entries_model_day") > 0
            && n("strikes_model") > 0,
        "{counts:?}"
    );
}
