//! The model at the corners of a day's range (real-time margin), on real days.

use ringfence_pricing::expiry::next_vix_expirations;
use ringfence_pricing::model::Corner;
use ringfence_pricing::{MarketModel, ModelParams, OptionRight};

use crate::model::real_history;

fn day_of(h: &ringfence_data::MarketHistory, date: &str) -> usize {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    h.dates.binary_search(&d).unwrap()
}

#[test]
fn the_low_corner_of_2020_03_16_is_the_spx_low_with_the_vix_high() {
    let Some(h) = real_history() else { return };
    let m = MarketModel::new(h, &ModelParams::default()).unwrap();
    let day = day_of(h, "2020-03-16");
    // Cboe: VIX closed at 82.69 with a high of 83.56; SPX traded down to 2,380.94.
    assert!((h.vix.close[day] - 82.69).abs() < 1e-9);
    let low = m.intraday(day, Corner::Low);
    assert!(low.observed);
    assert!((low.spot - 2380.94).abs() < 0.01, "{}", low.spot);
    assert!((low.vix - 83.56).abs() < 1e-9);
    assert!((low.vol_scale - 83.56 / 82.69).abs() < 1e-12);
    let high = m.intraday(day, Corner::High);
    // The VIX low of the day was its open, 57.83; SPX's high 2,562.98.
    assert!((high.spot - 2562.98).abs() < 0.01, "{}", high.spot);
    assert!((high.vol_scale - 57.83 / 82.69).abs() < 1e-12);
}

#[test]
fn a_put_is_worth_more_at_the_low_corner_and_a_vix_call_less_at_the_high_one() {
    let Some(h) = real_history() else { return };
    let m = MarketModel::new(h, &ModelParams::default()).unwrap();
    // 2018-02-05: SPX fell from 2,763.39 to 2,638.17 intraday, VIX rose from 16.80 to 38.80.
    let day = day_of(h, "2018-02-05");
    let close = m.spx_surface(day);
    let low = m.intraday(day, Corner::Low);
    let high = m.intraday(day, Corner::High);
    let k = 2500.0;
    let t = 30.0 / 365.0;
    let p_close = close.price(OptionRight::Put, k, t).unwrap();
    let p_low = low.surface.price(OptionRight::Put, k, t).unwrap();
    let p_high = high.surface.price(OptionRight::Put, k, t).unwrap();
    assert!(
        p_low > p_close && p_close > p_high,
        "{p_low} {p_close} {p_high}"
    );
    // The VX future moves with the VIX family, in proportion to the model's fair value.
    let expiry = next_vix_expirations(h.dates[day], 2).last().unwrap();
    let (f, _) = m.vx_future(day, expiry).unwrap();
    let f_low = m.vx_future_intraday(day, expiry, low.vol_scale).unwrap();
    let f_high = m.vx_future_intraday(day, expiry, high.vol_scale).unwrap();
    assert!(f_low > f && f > f_high, "{f_low} {f} {f_high}");
    assert_eq!(m.vx_future_intraday(day, expiry, 1.0).unwrap(), f);
}

#[test]
fn a_close_only_bar_puts_both_corners_at_the_close() {
    let Some(h) = real_history() else { return };
    let m = MarketModel::new(h, &ModelParams::default()).unwrap();
    // 1990-1991 VIX rows are close-only (O = H = L = C) in the Cboe file.
    let day = day_of(h, "1990-06-01");
    for c in Corner::BOTH {
        let s = m.intraday(day, c);
        assert!(!s.observed);
        assert_eq!(s.spot, h.spx.close[day]);
        assert_eq!(s.vol_scale, 1.0);
    }
}

#[test]
fn the_midday_state_is_half_way_from_the_previous_close_to_the_close() {
    let Some(h) = real_history() else { return };
    let m = MarketModel::new(h, &ModelParams::default()).unwrap();
    // 2008-09-19, the short-sale-ban roll: SPX closed at 1,206.51 on the 18th and 1,255.08
    // on the 19th (S&P); VIX at 33.10 and 32.07 (Cboe).
    let day = day_of(h, "2008-09-19");
    assert!((h.spx.close[day - 1] - 1206.51).abs() < 0.01);
    assert!((h.spx.close[day] - 1255.08).abs() < 0.01);
    assert!((h.vix.close[day - 1] - 33.10).abs() < 1e-9);
    assert!((h.vix.close[day] - 32.07).abs() < 1e-9);
    let mid = m.intraday(day, Corner::Midday);
    assert!(mid.observed);
    assert!((mid.spot - 1230.795).abs() < 0.01, "{}", mid.spot);
    assert!((mid.vix - 32.585).abs() < 1e-9, "{}", mid.vix);
    assert!((mid.vol_scale - 32.585 / 32.07).abs() < 1e-12);
    // The surface is the close's, moved to the midday levels: a put struck at the money is
    // worth more than at the close (spot lower, vol higher).
    let t = 28.0 / 365.0;
    let close = m
        .spx_surface(day)
        .price(OptionRight::Put, 1230.0, t)
        .unwrap();
    let noon = mid.surface.price(OptionRight::Put, 1230.0, t).unwrap();
    assert!(noon > close, "{noon} {close}");
    // The first day of the history has no previous close: the close, flagged.
    let first = m.intraday(0, Corner::Midday);
    assert!(!first.observed);
    assert_eq!(first.spot, h.spx.close[0]);
    assert_eq!(first.vol_scale, 1.0);
}

#[test]
fn a_surface_moved_nowhere_is_the_close_and_one_moved_to_a_corner_is_the_corner() {
    let Some(h) = real_history() else { return };
    let m = MarketModel::new(h, &ModelParams::default()).unwrap();
    let day = day_of(h, "2019-05-01");
    let (close, moved) = (
        m.spx_surface(day),
        m.spx_surface_moved(day, h.spx.close[day], 1.0),
    );
    for k in [2700.0, 2850.0, 2925.0, 3000.0] {
        for r in [OptionRight::Put, OptionRight::Call] {
            let t = 16.0 / 365.0;
            assert_eq!(close.price(r, k, t).unwrap(), moved.price(r, k, t).unwrap());
        }
    }
    let low = m.intraday(day, Corner::Low);
    let at_low = m.spx_surface_moved(day, low.spot, low.vol_scale);
    assert_eq!(
        at_low.price(OptionRight::Put, 2850.0, 0.05).unwrap(),
        low.surface.price(OptionRight::Put, 2850.0, 0.05).unwrap()
    );
}

#[test]
fn the_vix_moves_about_five_times_spx_against_it_between_the_open_and_the_close() {
    use ringfence_pricing::calibrate::spot_vol::spot_vol_beta;
    let Some(h) = real_history() else { return };
    // Every day with a real SPX opening print (from 2017) and a VIX open that is not its
    // close.
    let b = spot_vol_beta(h).unwrap();
    assert!(b.days > 2300, "{b:?}");
    assert!((-5.8..-4.8).contains(&b.beta), "{b:?}");
    // Before 2017 no SPX Open is an opening level: nothing to fit.
    let early = h.slice(
        0..h.dates
            .partition_point(|d| d.to_string().as_str() < "2017-01-01"),
    );
    assert!(spot_vol_beta(&early).is_none());
}

#[test]
fn spx_opens_before_2017_are_first_prints_and_from_2017_hold_a_third_of_the_move() {
    use chrono::Datelike;
    use ringfence_data::opens::{open_gaps_by_year, open_gaps_from};
    use ringfence_data::{LoadOptions, load::DEFAULT_SPX_REAL_OPENS_FROM, load_dir};
    let Some(dir) = ringfence_test_support::shared_data::shared_data_dir() else {
        return;
    };
    // Every Open that is not a copy of the previous close, whatever its date.
    let opts = LoadOptions {
        spx_real_opens_from: chrono::NaiveDate::MIN,
        ..LoadOptions::default()
    };
    let h = load_dir(&dir, &opts).unwrap();
    for (year, g) in open_gaps_by_year(&h) {
        let (slope, share) = (g.slope.unwrap(), g.gap_variance_share.unwrap());
        if (2006..=2016).contains(&year) {
            // 144-252 such Opens a year, holding almost none of the day's move.
            assert!(g.real > 140, "{year}: {g:?}");
            assert!(slope < 0.15 && share < 0.06, "{year}: {g:?}");
        } else if year >= 2017 {
            assert!(slope > 0.17 && share > 0.12, "{year}: {g:?}");
        }
    }
    assert_eq!(DEFAULT_SPX_REAL_OPENS_FROM.year(), 2017);
    // The opening levels from 2017 hold a third of the day's move.
    let pooled = open_gaps_from(&h, DEFAULT_SPX_REAL_OPENS_FROM);
    assert!(pooled.real > 2300, "{pooled:?}");
    assert!((pooled.slope.unwrap() - 0.319).abs() < 0.0005, "{pooled:?}");
}

/// The shipped `stale_open_share` is where the real settlement values sit in the day's move
/// on the days it serves: the 225 SETs before the first real opening prints.
#[test]
fn the_shipped_share_is_the_real_settlements_before_2017() {
    use ringfence_data::{LoadOptions, load::DEFAULT_SPX_REAL_OPENS_FROM, load_dir};
    let Some(dir) = ringfence_test_support::shared_data::shared_data_dir() else {
        return;
    };
    let set = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../configs/data/spx_set_cboe_1998_2023.csv");
    let opts = LoadOptions {
        spx_set: Some(set),
        ..LoadOptions::default()
    };
    let h = load_dir(&dir, &opts).unwrap();
    let (n, share) = ringfence_data::opens::set_share_before(&h, DEFAULT_SPX_REAL_OPENS_FROM);
    let shipped = ringfence_pricing::model::ModelParams::default().stale_open_share;
    assert_eq!(n, 225);
    assert!((share.unwrap() - shipped).abs() < 0.005, "{share:?}");
}
