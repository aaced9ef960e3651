//! [`ChainMarket`] on a synthetic history: the model's prices bit for bit where the book has
//! no chain, the chain's mid and spread where it has the contract, and every fill counted.

use super::*;
use ringfence_data::chains::ChainRow;
use ringfence_pricing::expiry::{Expiry, ExpiryKind, Settlement};
use ringfence_pricing::model::ModelParams;

fn history() -> MarketHistory {
    crate::market::test_history::history(|i| 90.0 + i as f64)
}

/// 2021-03-19, the March SPX monthly (AM-settled).
fn march() -> Expiry {
    Expiry {
        date: NaiveDate::from_ymd_opt(2021, 3, 19).unwrap(),
        kind: ExpiryKind::Monthly,
        settlement: Settlement::AmOpen,
    }
}

/// 2021-03-17, the March VIX expiration.
fn vix_march() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 3, 17).unwrap()
}

fn row(
    date: NaiveDate,
    root: &str,
    expiry: NaiveDate,
    right: Right,
    k: f64,
    bid: f64,
    ask: f64,
) -> ChainRow {
    ChainRow {
        quote_date: date,
        expiry,
        root: root.into(),
        underlying: Underlying::of_root(root).unwrap(),
        known_root: true,
        symbol_matches: true,
        right,
        strike: k,
        bid,
        ask,
        underlying_price: 3710.0,
        delta: f64::NAN,
        iv: f64::NAN,
    }
}

/// A book of one day (history day 10): SPX March puts at 3500 and 3600, a VIX March call
/// at 25.
fn book(h: &MarketHistory) -> ChainBook {
    let d = h.dates[10];
    ChainBook::new(vec![ChainDay::from_rows(
        d,
        vec![
            row(d, "SPX", march().date, Right::Put, 3500.0, 20.0, 21.0),
            row(d, "SPX", march().date, Right::Put, 3600.0, 35.0, 37.0),
            row(d, "VIX", vix_march(), Right::Call, 25.0, 1.10, 1.30),
        ],
    )])
}

#[test]
fn days_without_chain_price_as_the_model_bit_for_bit_and_are_counted() {
    let h = history();
    let m = MarketModel::new(&h, &ModelParams::default()).unwrap();
    let b = book(&h);
    let index = ChainIndex::new(&h, &b);
    assert_eq!(index.chain_days(), 1);
    let cm = ChainMarket::new(&m, &b, &index);
    let day = 5;
    let (snap, surface) = (cm.snapshot(day), Market::snapshot(&m, day));
    let t = Market::spx_t_years(&m, h.dates[day], march());
    let q = cm.spx_quote(&snap, OptionRight::Put, 3500.0, t).unwrap();
    assert_eq!(
        q,
        Market::spx_quote(&m, &surface, OptionRight::Put, 3500.0, t).unwrap()
    );
    assert!(
        cm.spx_half_spread(&snap, OptionRight::Put, 3500.0, t)
            .is_nan()
    );
    let tenor = cm.spx_tenor(&snap, t).unwrap();
    let model_tenor = Market::spx_tenor(&m, &surface, t).unwrap();
    assert_eq!(
        cm.spx_price_iv(&snap, &tenor, OptionRight::Put, 3600.0)
            .unwrap(),
        m.spx_price_iv(&surface, &model_tenor, OptionRight::Put, 3600.0)
            .unwrap()
    );
    let vq = cm
        .vix_quote(day, vix_march(), 25.0, OptionRight::Call)
        .unwrap();
    assert_eq!(
        vq,
        Market::vix_quote(&m, day, vix_march(), 25.0, OptionRight::Call).unwrap()
    );
    let f = Market::vx_future(&m, day, vix_march()).unwrap();
    let vt = Market::vix_t_years(&m, h.dates[day], vix_march());
    let tenor = cm.vix_tenor(day, vix_march(), f, vt, 0.01).unwrap();
    assert!(
        cm.vix_mark_half_spread(&tenor, OptionRight::Call, 25.0)
            .is_nan()
    );
    let f = cm.fills();
    assert_eq!(
        (f.entries_model_day, f.marks_model_day, f.entries_chain),
        (2, 1, 0)
    );
}

#[test]
fn a_chain_day_prices_listed_contracts_at_their_mids_and_fills_the_rest() {
    let h = history();
    let m = MarketModel::new(&h, &ModelParams::default()).unwrap();
    let b = book(&h);
    let index = ChainIndex::new(&h, &b);
    let cm = ChainMarket::new(&m, &b, &index);
    let day = 10;
    let snap = cm.snapshot(day);
    let t = Market::spx_t_years(&m, h.dates[day], march());
    let q = cm.spx_quote(&snap, OptionRight::Put, 3600.0, t).unwrap();
    assert_eq!(q.price, 36.0);
    assert_eq!(cm.spx_half_spread(&snap, OptionRight::Put, 3600.0, t), 1.0);
    // The 3550 put is not in the chain: the model's price.
    let surface = Market::snapshot(&m, day);
    let model = Market::spx_quote(&m, &surface, OptionRight::Put, 3550.0, t).unwrap();
    assert_eq!(
        cm.spx_quote(&snap, OptionRight::Put, 3550.0, t).unwrap(),
        model
    );
    let tenor = cm.spx_tenor(&snap, t).unwrap();
    assert_eq!(
        cm.spx_price_iv(&snap, &tenor, OptionRight::Put, 3500.0)
            .unwrap()
            .0,
        20.5
    );
    assert_eq!(
        cm.spx_mark_half_spread(&snap, &tenor, OptionRight::Put, 3500.0),
        0.5
    );
    // A strike by delta is one of the two listed.
    let k = cm
        .spx_strike_for_delta(&snap, OptionRight::Put, 0.2, t, h.dates[day])
        .unwrap();
    assert!(k == 3500.0 || k == 3600.0, "{k}");

    // VIX: the chain's mid and half-spread at the close's forward; another forward (a
    // corner of the day) is the model's.
    let vq = cm
        .vix_quote(day, vix_march(), 25.0, OptionRight::Call)
        .unwrap();
    assert!((vq.price - 1.20).abs() < 1e-12);
    assert!((cm.vix_half_spread(day, vix_march(), 25.0, OptionRight::Call) - 0.10).abs() < 1e-12);
    let f = Market::vx_future(&m, day, vix_march()).unwrap();
    let vt = Market::vix_t_years(&m, h.dates[day], vix_march());
    let close = cm.vix_tenor(day, vix_march(), f, vt, 0.01).unwrap();
    assert!((cm.vix_price_iv(&close, OptionRight::Call, 25.0).unwrap().0 - 1.20).abs() < 1e-12);
    let corner = cm.vix_tenor(day, vix_march(), f * 1.1, vt, 0.01).unwrap();
    let model_corner = Market::vix_tenor(&m, day, vix_march(), f * 1.1, vt, 0.01).unwrap();
    assert_eq!(
        cm.vix_price_iv(&corner, OptionRight::Call, 25.0).unwrap(),
        Market::vix_price_iv(&m, &model_corner, OptionRight::Call, 25.0).unwrap()
    );

    let fills = cm.fills();
    assert_eq!(
        (
            fills.entries_chain,
            fills.entries_model_contract,
            fills.strikes_chain
        ),
        (2, 1, 1)
    );
    assert_eq!((fills.marks_chain, fills.marks_model_day), (2, 1));

    // The comparison of a trade: the model beside the chain's quote.
    let inst = Instrument::SpxOption {
        expiry: march(),
        right: OptionRight::Put,
        strike: crate::instrument::Strike::from_points(3600.0).unwrap(),
    };
    let c = cm.price_check(day, &inst).unwrap();
    assert_eq!(c.chain.map(|q| q.mid()), Some(36.0));
    assert_eq!(
        c.model,
        Market::spx_quote(&m, &surface, OptionRight::Put, 3600.0, t)
            .unwrap()
            .price
    );
    assert_eq!(cm.price_check(day - 1, &inst).unwrap().chain, None);
}
