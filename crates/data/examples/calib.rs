//! TEMPORARY calibration harness (not shipped).
use chrono::NaiveDate;
use ringfence_data::stats::{Comparison, MarketStats, Tolerances, to_markdown_single};
use ringfence_data::synth::{SynthParams, generate};
use ringfence_data::{MarketHistory, Ohlc};
use std::collections::BTreeMap;

fn read(path: &str, date_col: usize, close_col: usize, us: bool) -> BTreeMap<NaiveDate, f64> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut m = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let d = if us { NaiveDate::parse_from_str(f[date_col], "%m/%d/%Y") } else { NaiveDate::parse_from_str(f[date_col], "%Y-%m-%d") };
        if let (Ok(d), Ok(v)) = (d, f[close_col].trim().parse::<f64>()) { m.insert(d, v); }
    }
    m
}

fn real() -> MarketHistory {
    let dir = "/work/shared/data/";
    let spx = read(&format!("{dir}spx_yfinance_1927_2026.csv"), 0, 4, false);
    let vix = read(&format!("{dir}vix_cboe_history.csv"), 0, 4, true);
    let vix3m = read(&format!("{dir}vix3m_cboe_history.csv"), 0, 4, true);
    let from = NaiveDate::from_ymd_opt(1990, 1, 2).unwrap();
    let dates: Vec<NaiveDate> = spx.range(from..).map(|(d, _)| *d).collect();
    let mut close = vec![]; let mut vc = vec![]; let mut v3 = vec![];
    let mut last_vix = f64::NAN;
    for d in &dates {
        close.push(spx[d]);
        if let Some(v) = vix.get(d) { last_vix = *v; }
        vc.push(last_vix);
        v3.push(vix3m.get(d).copied().unwrap_or(f64::NAN));
    }
    let n = dates.len();
    MarketHistory { dates, spx: Ohlc { open: close.clone(), high: close.clone(), low: close.clone(), close }, spx_open_is_real: vec![false; n],
        vix: Ohlc { open: vc.clone(), high: vc.clone(), low: vc.clone(), close: vc }, vix9d: vec![f64::NAN; n], vix3m: v3, vix6m: vec![f64::NAN; n], vvix: vec![f64::NAN; n], rate: vec![0.0; n], vx: Default::default(), alignment: Default::default(), sources: vec![] }
}

fn diag(h: &MarketHistory) -> String {
    let v = &h.vix.close;
    let d: Vec<f64> = v.windows(2).map(|w| (w[1]/w[0]).ln()).collect();
    let m = d.iter().sum::<f64>()/d.len() as f64;
    let sd = (d.iter().map(|x| (x-m)*(x-m)).sum::<f64>()/d.len() as f64).sqrt();
    let mut ratios: Vec<f64> = v.iter().zip(&h.vix3m).filter(|(_, b)| b.is_finite()).map(|(a,b)| b/a).collect();
    ratios.sort_by(f64::total_cmp);
    let min = v.iter().cloned().fold(f64::MAX, f64::min);
    let big = |x: &[f64], th: f64| x.windows(2).filter(|w| w[0].is_finite() && w[1].is_finite() && (w[1]/w[0]).ln().abs() > th).count();
    let jumps = format!("jumps spx {} vix {} 9d {} 3m {} 6m {}", big(&h.spx.close, 0.1), big(v, 0.5), big(&h.vix9d, 0.5), big(&h.vix3m, 0.5), big(&h.vix6m, 0.5));
    format!("sd dlnVIX {sd:.4} median VIX3M/VIX {:.3} min VIX {min:.2} {jumps}", ratios[ratios.len()/2])
}

fn main() {
    if std::env::var("STRESS").is_ok() { stress_diag(); return; }
    let from = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let r = MarketStats::measure(&real(), from, to).unwrap();
    let seeds: Vec<u64> = std::env::args().skip(1).map(|s| s.parse().unwrap()).collect();
    let seeds = if seeds.is_empty() { vec![1] } else { seeds };
    if seeds.len() == 1 { println!("{}", to_markdown_single(&r)); }
    println!("real {}", diag(&real()));
    let mut acc = vec![0.0f64; 11];
    let ns = seeds.len() as f64;
    for seed in seeds.clone() {
        let p = SynthParams { seed, ..Default::default() };
        let t0 = std::time::Instant::now();
        let h = generate(&p).unwrap();
        let el = t0.elapsed();
        let s = MarketStats::measure(&h.to_market_history(), from, to).unwrap();
        println!("synth {}", diag(&h.to_market_history()));
        let c = Comparison::new(&r, &s, &Tolerances::default());
        let fails: Vec<String> = c.rows.iter().filter(|x| !x.pass).map(|x| format!("{}: {} vs {}", x.statistic, x.real, x.synthetic)).collect();
        let crisis = h.regimes.iter().filter(|r| **r == ringfence_data::synth::Regime::Crisis).count() as f64 / h.regimes.len() as f64;
        let vv: f64 = h.vvix.iter().sum::<f64>() / h.vvix.len() as f64;
        let rt: f64 = h.dtb3_pct.iter().sum::<f64>() / h.dtb3_pct.len() as f64;
        let vxn: usize = h.vx.iter().map(|c| c.settles.len()).sum();
        println!("seed {seed}: {:?} crisis share {:.3} vvix mean {vv:.1} rate mean {rt:.2} min {:.2} max {:.2} vx rows {vxn} ret {:.2} vol {:.2} mean {:.2} med {:.2} p5 {:.2} p95 {:.2} max {:.1} corr {:.3} cont {:.3} hl {:.1} crises {} FAILS {:?}", el, crisis,
            h.dtb3_pct.iter().cloned().fold(f64::MAX, f64::min), h.dtb3_pct.iter().cloned().fold(0.0, f64::max),
            s.spx_return_annual*100.0, s.spx_vol_annual*100.0, s.vix_mean, s.vix_median, s.vix_p5, s.vix_p95, s.vix_max, s.corr_spx_vix, s.contango_share.unwrap_or(0.0), s.vix_half_life_days, s.crises.len(), fails);
        for (a, v) in acc.iter_mut().zip([s.spx_return_annual*100.0, s.spx_vol_annual*100.0, s.vix_mean, s.vix_median, s.vix_p5, s.vix_p95, s.vix_max, s.corr_spx_vix, s.contango_share.unwrap_or(0.0), s.vix_half_life_days, s.crises.len() as f64]) { *a += v / ns; }
        if std::env::args().len() <= 2 { println!("{}", c.to_markdown("real", "synthetic")); println!("{}", to_markdown_single(&s)); }
    }
    println!("AVG ret vol mean med p5 p95 max corr cont hl crises: {:?}", acc.iter().map(|x| (x*1000.0).round()/1000.0).collect::<Vec<_>>());
}

#[allow(dead_code)]
fn stress_diag() {
    let h = generate(&SynthParams::default()).unwrap();
    let mut by = [[0usize; 2]; 3];
    for t in 0..h.dates.len() {
        if h.vix.close[t] > 40.0 {
            let r = h.regimes[t] as usize;
            by[r][usize::from(h.vix.close[t] > h.vix3m.close[t])] += 1;
            if h.vix.close[t] <= h.vix3m.close[t] && t % 3 == 0 { println!("{} {:?} vix9d {} vix {} vix3m {} vix6m {}", h.dates[t], h.regimes[t], h.vix9d.close[t], h.vix.close[t], h.vix3m.close[t], h.vix6m.close[t]); }
        }
    }
    println!("[not inverted, inverted] by regime: {by:?}");
}
