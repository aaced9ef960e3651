//! The `MarketModel` facade on the real history: VX real vs model, fallbacks, settlements,
//! and `quote` end to end through the library.

use chrono::NaiveDate;
use ringfence_pricing::expiry::monthly_expiry;
use ringfence_pricing::model::{AM_SETTLEMENT_DAY_FRACTION, time_to_expiry};
use ringfence_pricing::quote::{quote_by_delta, quote_by_strike, vx_curve};
use ringfence_pricing::term::TermSource;
use ringfence_pricing::{MarketModel, ModelParams, OptionRight, PriceSource, SettlementSource};

pub use ringfence_test_support::shared_history as real_history;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn market_model_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<MarketModel<'static>>();
}

#[test]
fn vx_future_uses_the_real_settle_when_the_data_have_it() {
    let Some(h) = real_history() else { return };
    let m = MarketModel::new(h, &ModelParams::default()).unwrap();
    let day = h.index_of(ymd(2020, 3, 16)).unwrap();
    assert_eq!(h.vix.close[day], 82.69);
    let (px, src) = m.vx_future(day, ymd(2020, 4, 15)).unwrap();
    assert_eq!(src, PriceSource::Real);
    assert!((px - 59.15).abs() < 1e-9, "{px}");
    // The model for the same contract is within a few points on that extreme day.
    let model = m.vx_model(day, ymd(2020, 4, 15));
    assert!((model - 59.15).abs() < 4.0, "{model}");
    // An expired contract is an error, not a price.
    assert!(m.vx_future(day, ymd(2020, 2, 19)).is_err());
    // The curve helper lists the next eight expirations with real settles.
    let curve = vx_curve(&m, day, 8).unwrap();
    assert_eq!(curve.len(), 8);
    assert_eq!(curve[0].expiry, ymd(2020, 3, 18));
    assert!(curve.iter().all(|c| c.real.is_some() && c.model > 10.0));
}

#[test]
fn vx_prices_do_not_depend_on_the_order_of_requests() {
    // The model memoises VX prices per day and listed expiration: a second model asked in
    // the reverse order, each price twice, must give the same bits; so must an unlisted date
    // (not memoised) against the model curve.
    let Some(h) = real_history() else { return };
    let forward = MarketModel::new(h, &ModelParams::default()).unwrap();
    let backward = MarketModel::new(h, &ModelParams::default()).unwrap();
    let asks = |day: usize| -> Vec<NaiveDate> {
        ringfence_pricing::expiry::next_vix_expirations(h.dates[day], 10).collect()
    };
    let days: Vec<usize> = (0..h.len()).step_by(7).collect();
    let first: Vec<_> = days
        .iter()
        .flat_map(|&d| asks(d).into_iter().map(move |e| (d, e)))
        .map(|(d, e)| forward.vx_future(d, e).unwrap())
        .collect();
    let mut second: Vec<_> = days
        .iter()
        .rev()
        .flat_map(|&d| asks(d).into_iter().rev().map(move |e| (d, e)))
        .map(|(d, e)| {
            let a = backward.vx_future(d, e).unwrap();
            assert_eq!(a, backward.vx_future(d, e).unwrap());
            a
        })
        .collect();
    second.reverse();
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!((a.0.to_bits(), a.1), (b.0.to_bits(), b.1));
    }
    let day = h.index_of(ymd(1995, 6, 1)).unwrap();
    let unlisted = ymd(1995, 7, 20);
    let (px, src) = forward.vx_future(day, unlisted).unwrap();
    assert_eq!(
        (px, src),
        (forward.vx_model(day, unlisted), PriceSource::Model)
    );
}

#[test]
fn days_before_the_vix_family_fall_back_to_vix_only_and_are_counted() {
    let Some(h) = real_history() else { return };
    let m = MarketModel::new(h, &ModelParams::default()).unwrap();
    let day = h.index_of(ymd(1995, 6, 1)).unwrap();
    let s = m.spx_surface(day);
    assert_eq!(s.term_source(), TermSource::VixOnly);
    let atm = s.atm_vol(30.0 / 365.0);
    assert!(atm > 0.5 * h.vix.close[day] / 100.0 && atm < h.vix.close[day] / 100.0);
    // No VX data in 1995: the model curve.
    let (px, src) = m.vx_future(day, ymd(1995, 7, 19)).unwrap();
    assert_eq!(src, PriceSource::Model);
    assert!(px > 5.0 && px < 40.0);
    let counts = m.term_source_counts();
    // 1990-2007 (about 4,500 trading days) have VIX alone.
    assert!(
        counts[2].0 == TermSource::VixOnly && counts[2].1 > 4400,
        "{counts:?}"
    );
    assert!(counts[0].1 > 3500, "{counts:?}");
    // VVIX before 2007 (missing or unreliable) uses the VIX fallback.
    assert!(m.vvix_fallback_days() > 4000);
    let v = m.vix_option_vol(day, ymd(1995, 7, 19), 20.0).unwrap();
    assert!(v > 0.3 && v < 3.0, "{v}");
}

/// Five SPX settlement values (SET) (`tests/fixtures/spx_set_quoted.csv`), first found quoted
/// in public sources, as Cboe's settlement-value pages print them (the full 1998-2023 list is
/// `configs/data/spx_set_cboe_1998_2023.csv`; three of the quotes were 2-3 cents off it).
#[test]
fn an_spx_settlement_file_settles_am_expiries_at_its_values() {
    let Some(dir) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let fixture = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/spx_set_quoted.csv");
    let opts = ringfence_data::LoadOptions {
        spx_set: Some(fixture),
        ..ringfence_data::LoadOptions::default()
    };
    let h = ringfence_data::load_dir(&dir, &opts).unwrap();
    let m = MarketModel::new(&h, &ModelParams::default()).unwrap();
    let at = |y, mo| m.spx_settlement(&monthly_expiry(y, mo).unwrap()).unwrap();
    // 2008-09-19: the SOQ, 1279.31, above the day's high, where the bridge puts 1230.31.
    let sep08 = at(2008, 9);
    assert_eq!(
        (sep08.source, sep08.value),
        (SettlementSource::SpxSet, 1279.31)
    );
    let d = h.index_of(ymd(2008, 9, 19)).unwrap();
    assert!(sep08.value > h.spx.high[d], "{}", h.spx.high[d]);
    assert_eq!(at(2005, 6).value, 1222.68);
    assert_eq!(at(2015, 12).value, 2029.72);
    // The month after has no value in the file: the bridge, as without it.
    let oct08 = at(2008, 10);
    assert_eq!(oct08.source, SettlementSource::SpxPrevCloseBridge);
    let default = MarketModel::new(real_history().unwrap(), &ModelParams::default()).unwrap();
    assert_eq!(
        oct08.value,
        default
            .spx_settlement(&monthly_expiry(2008, 10).unwrap())
            .unwrap()
            .value
    );
    // A PM-settled expiry on a SET day still settles at the close.
    let pm = ringfence_pricing::expiry::Expiry::from_settlement(ymd(2008, 9, 19), false);
    let close = m.spx_settlement(&pm).unwrap();
    assert_eq!(
        (close.source, close.value),
        (SettlementSource::SpxClose, h.spx.close[d])
    );
    // Five values, each on a trading day of the history; none carried to the next day.
    assert_eq!(h.spx_set.iter().filter(|v| v.is_finite()).count(), 5);
    assert!(h.spx_set[d + 1].is_nan());
}

#[test]
fn settlements_record_which_price_they_used() {
    let Some(h) = real_history() else { return };
    let m = MarketModel::new(h, &ModelParams::default()).unwrap();
    let e = monthly_expiry(2020, 4).unwrap();
    assert_eq!(e.date, ymd(2020, 4, 17));
    let s = m.spx_settlement(&e).unwrap();
    let day = h.index_of(e.date).unwrap();
    assert_eq!(s.source, SettlementSource::SpxOpen);
    assert_eq!(s.value, h.spx.open[day]);
    // 1995: most Opens are copies of the previous close, and every Open before 2017 counts
    // as not real (the loader's `spx_real_opens_from`): such a day settles at the previous
    // close moved 0.49 of the way to the close.
    let mut fallbacks = 0;
    for month in 1..=12 {
        let e95 = monthly_expiry(1995, month).unwrap();
        let s95 = m.spx_settlement(&e95).unwrap();
        let d95 = h.index_of(e95.date).unwrap();
        if h.spx_open_is_real[d95] {
            assert_eq!(s95.source, SettlementSource::SpxOpen);
            assert_eq!(s95.value, h.spx.open[d95]);
        } else {
            fallbacks += 1;
            assert_eq!(s95.source, SettlementSource::SpxPrevCloseBridge);
            let (prev, close) = (h.spx.close[d95 - 1], h.spx.close[d95]);
            assert_eq!(s95.value, prev + 0.49 * (close - prev));
        }
    }
    assert_eq!(fallbacks, 12);
    // 1995-01-20: SPX closed at 466.95 on the 19th and 464.78 (S&P) on the expiry day, with
    // no real opening print: SET is put at 466.95 + 0.49 x (464.78 - 466.95) = 465.8867.
    let jan = m.spx_settlement(&monthly_expiry(1995, 1).unwrap()).unwrap();
    assert_eq!(jan.source, SettlementSource::SpxPrevCloseBridge);
    assert!((jan.value - 465.8867).abs() < 0.01, "{}", jan.value);
    // 2008-09-19: the file's Open, 1213.11, is the index's first print (it is the day's
    // low; SPX closed at 1206.51 the day before and 1255.08 that day, and the quoted SOQ was
    // 1279.31): SET is put at 1206.51 + 0.49 x 48.57 = 1230.3093.
    let sep08 = m.spx_settlement(&monthly_expiry(2008, 9).unwrap()).unwrap();
    assert_eq!(sep08.source, SettlementSource::SpxPrevCloseBridge);
    assert!((sep08.value - 1230.3093).abs() < 0.01, "{}", sep08.value);
    // Settling at the previous close, as before this estimate: stale_open_share = 0.
    let at_prev = MarketModel::new(
        h,
        &ModelParams {
            stale_open_share: 0.0,
            ..ModelParams::default()
        },
    )
    .unwrap();
    let s0 = at_prev
        .spx_settlement(&monthly_expiry(1995, 1).unwrap())
        .unwrap();
    assert!((s0.value - 466.95).abs() < 0.01, "{}", s0.value);
    // VIX expirations settle at the VRO, the VX contract's final settle where the data hold
    // it: 69.76 on 2020-03-18 against a VIX open of 69.37, 21.87 on 2018-02-14 against 23.48.
    let v = m.vix_settlement(ymd(2020, 3, 18)).unwrap();
    assert_eq!(v.source, SettlementSource::VxFinalSettle);
    assert_eq!(v.value, 69.76);
    let feb18 = m.vix_settlement(ymd(2018, 2, 14)).unwrap();
    assert_eq!(
        (feb18.source, feb18.value),
        (SettlementSource::VxFinalSettle, 21.87)
    );
    let d18 = h.index_of(ymd(2018, 2, 14)).unwrap();
    assert_eq!(h.vix.open[d18], 23.48);
    // Without the final settle (the contract's rows stop before its expiration), the VIX
    // open stands in.
    let mut cut = h.clone();
    for c in &mut cut.vx.contracts {
        if c.expiry == Some(ymd(2018, 2, 14)) {
            c.settles.truncate(d18 - c.first_day);
        }
    }
    let no_vro = MarketModel::new(&cut, &ModelParams::default()).unwrap();
    let feb18 = no_vro.vix_settlement(ymd(2018, 2, 14)).unwrap();
    assert_eq!(
        (feb18.source, feb18.value),
        (SettlementSource::VixOpen, 23.48)
    );
    // 1990 VIX rows are close-only.
    let v90 = m.vix_settlement(ymd(1990, 6, 20)).unwrap();
    assert_eq!(v90.source, SettlementSource::VixCloseFallback);
    assert!(m.vix_settlement(ymd(2020, 3, 15)).is_err());
}

#[test]
fn quote_by_delta_on_2020_03_16_returns_listed_strikes_near_the_target_delta() {
    let Some(h) = real_history() else { return };
    let m = MarketModel::new(h, &ModelParams::default()).unwrap();
    let day = h.index_of(ymd(2020, 3, 16)).unwrap();
    let e = monthly_expiry(2020, 4).unwrap();
    let t = time_to_expiry(ymd(2020, 3, 16), &e);
    assert!((t - (32.0 - AM_SETTLEMENT_DAY_FRACTION) / 365.0).abs() < 1e-12);
    for right in [OptionRight::Put, OptionRight::Call] {
        for delta in [0.25, 0.10] {
            let row = quote_by_delta(&m, day, &e, right, delta).unwrap();
            assert_eq!(row.strike % 5.0, 0.0);
            assert!((row.quote.delta.abs() - delta).abs() < 0.01, "{row:?}");
            assert!(row.quote.price > 0.0 && row.quote.iv > 0.4 && row.quote.iv < 1.5);
        }
    }
    let put = quote_by_strike(&m, day, &e, OptionRight::Put, 2000.0).unwrap();
    let put_lo = quote_by_strike(&m, day, &e, OptionRight::Put, 1800.0).unwrap();
    // Put skew: the lower strike carries the higher vol.
    assert!(put_lo.quote.iv > put.quote.iv);
    // An expiry on or before the date is refused.
    let past = monthly_expiry(2020, 2).unwrap();
    assert!(quote_by_strike(&m, day, &past, OptionRight::Put, 2000.0).is_err());
}

#[test]
fn vix_tenor_pricing_matches_black76_at_the_skewed_vol() {
    use ringfence_pricing::black76::{self, Black76Inputs};
    use ringfence_pricing::vix_options::VixOptionParams;
    let p = VixOptionParams::default();
    for (vvix, tau, forward) in [(85.0, 0.02, 14.0), (120.0, 0.1, 31.0), (200.0, 0.4, 60.0)] {
        let t = tau - 0.5 / 365.0;
        let tenor = p.tenor(vvix, tau, forward, t, 0.02).expect("valid tenor");
        for k in [10.0, 15.0, 20.0, 30.0, 50.0, 80.0] {
            for right in [OptionRight::Call, OptionRight::Put] {
                let vol = p.skewed_vol(p.atm_vol(vvix, tau), forward, k, tau);
                let want = black76::price(&Black76Inputs {
                    right,
                    forward,
                    strike: k,
                    t_years: t,
                    rate: 0.02,
                    vol,
                })
                .unwrap();
                let (price, iv) = p.price_iv(&tenor, right, k).expect("price");
                assert_eq!(iv, vol);
                assert!(
                    (price - want).abs() <= 1e-12 * want.max(1.0),
                    "{price} vs {want}"
                );
            }
        }
    }
    assert!(p.tenor(100.0, 0.1, 0.0, 0.1, 0.02).is_err());
    assert!(p.tenor(100.0, 0.1, 20.0, -0.1, 0.02).is_err());
}

#[test]
fn the_models_vix_tenor_is_the_parameters_tenor_at_the_days_vol_of_vol() {
    // The model reads the tenor scaling from a table by whole days to expiry (beyond it,
    // the power): both must be exactly the parameters' own tenor.
    let Some(h) = real_history() else { return };
    let m = MarketModel::new(h, &ModelParams::default()).unwrap();
    let p = &m.params().vix_options;
    for date in [ymd(1995, 6, 1), ymd(2008, 10, 10), ymd(2020, 3, 16)] {
        let day = h.index_of(date).unwrap();
        for days in [0i64, 1, 17, 45, 200, 1099, 1100, 2000] {
            let expiry = date + chrono::Duration::days(days);
            let tau = days as f64 / 365.0;
            let t = (tau - 0.5 / 365.0).max(0.0);
            let want = p.tenor(m.vol_of_vol(day), tau, 20.0, t, 0.02).unwrap();
            let got = m.vix_tenor(day, expiry, 20.0, t, 0.02).unwrap();
            assert_eq!(got, want, "{date} + {days} days");
        }
    }
    assert!(
        m.vix_tenor(h.len(), ymd(2030, 1, 1), 20.0, 0.1, 0.02)
            .is_err()
    );
}

#[test]
fn days_without_skew_are_counted_and_priced_at_the_reference_skew() {
    let Some(h) = real_history() else { return };
    let missing = h.skew.iter().filter(|v| !v.is_finite()).count();
    let p = ModelParams {
        smile: ringfence_pricing::smile::SmileParams {
            ratio_s: -0.4,
            ..Default::default()
        },
        ..ModelParams::default()
    };
    let m = MarketModel::new(h, &p).unwrap();
    assert!(missing > 0);
    assert_eq!(m.skew_fallback_days(), missing);
    let day = h.skew.iter().position(|v| !v.is_finite()).unwrap();
    let s = m.spx_surface(day).smile_params().ratio0;
    assert_eq!(s, p.smile.ratio0);
}

#[test]
fn the_vro_differs_from_the_vix_open_without_bias() {
    use ringfence_pricing::calibrate::vro::{vro_days, vro_report};
    let Some(h) = real_history() else { return };
    let days = vro_days(h);
    // Every VIX expiration from May 2004 whose contract's rows reach it.
    assert!(days.len() > 250, "{}", days.len());
    assert_eq!(days[0].date, ymd(2004, 5, 19));
    let feb18 = days.iter().find(|d| d.date == ymd(2018, 2, 14)).unwrap();
    assert_eq!((feb18.vro, feb18.open), (21.87, 23.48));
    let r = vro_report(&days);
    assert!(r.contains("| 0.36 | +0.015 |"), "{r}");
    assert!(
        r.contains("| 2020-04-15 | 42.51 | 39.40 | 39.34 - 43.23 |"),
        "{r}"
    );
}

#[test]
fn a_days_dividend_yield_from_the_history_sets_its_forward() {
    use ringfence_pricing::model::Corner;
    let Some(real) = real_history() else { return };
    let mut h = real.clone();
    let d = h.index_of(ymd(2020, 3, 16)).unwrap();
    h.spx_div_yield[d] = 0.03f64.ln_1p();
    let m = MarketModel::new(&h, &ModelParams::default()).unwrap();
    let s = m.spx_surface(d);
    assert_eq!(s.div_yield(), 0.03f64.ln_1p());
    // Midday and the range's corners carry the same day's yield.
    assert_eq!(
        m.intraday(d, Corner::Midday).surface.div_yield(),
        s.div_yield()
    );
    assert_eq!(
        m.intraday(d, Corner::Low).surface.div_yield(),
        s.div_yield()
    );
    // Other days keep [model] div_yield.
    assert_eq!(
        m.spx_surface(d + 1).div_yield(),
        ModelParams::default().div_yield
    );
    // The forward carries it: F = S exp((r - q) T).
    let t = 30.0 / 365.0;
    let want = s.spot() * ((s.rate() - 0.03f64.ln_1p()) * t).exp();
    assert!(
        (s.forward(t) - want).abs() < 1e-9,
        "{} {want}",
        s.forward(t)
    );
    let plain = MarketModel::new(real, &ModelParams::default()).unwrap();
    let k = (s.spot() / 5.0).round() * 5.0;
    let expiry = monthly_expiry(2020, 4).unwrap();
    let put = |m: &MarketModel| {
        quote_by_strike(m, d, &expiry, OptionRight::Put, k)
            .unwrap()
            .quote
            .price
    };
    assert!(put(&m) > put(&plain), "{} {}", put(&m), put(&plain));
}
