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

/// A book of SPX March puts: 3600 on history days 10 and 12, 3500 on day 10 only; day 11
/// is not in the book.
fn gapped_book(h: &MarketHistory) -> ChainBook {
    let (d10, d12) = (h.dates[10], h.dates[12]);
    let mut on12 = row(d12, "SPX", march().date, Right::Put, 3600.0, 30.0, 32.0);
    on12.underlying_price = h.spx.close[12];
    ChainBook::new(vec![
        ChainDay::from_rows(
            d10,
            vec![
                row(d10, "SPX", march().date, Right::Put, 3500.0, 20.0, 21.0),
                row(d10, "SPX", march().date, Right::Put, 3600.0, 35.0, 37.0),
            ],
        ),
        ChainDay::from_rows(d12, vec![on12]),
    ])
}

#[test]
fn a_contract_the_chain_lacks_carries_its_last_vol_basis_and_no_further_than_carry_days() {
    let h = history();
    let m = MarketModel::new(&h, &ModelParams::default()).unwrap();
    let b = gapped_book(&h);
    let index = ChainIndex::new(&h, &b);
    let cm = ChainMarket::new(&m, &b, &index);
    let put = OptionRight::Put;
    // The basis of the 3500 put on day 10: the chain's vol minus the model's.
    let s10 = Market::snapshot(&m, 10);
    let t10 = Market::spx_t_years(&m, h.dates[10], march());
    let chain_iv = s10.implied_vol(put, 3500.0, t10, 20.5).unwrap();
    let model_iv = |s: &SpxSurface, t: f64| s.price_iv(&s.tenor(t).unwrap(), put, 3500.0).unwrap();
    let basis = chain_iv - model_iv(&s10, t10).1;
    assert!(basis.abs() > 0.005, "a basis to carry: {basis}");
    // Day 11 (no chain) and day 12 (a chain without the 3500): the model's vol plus the
    // basis, priced at the day's close.
    for day in [11, 12] {
        let snap = cm.snapshot(day);
        let s = Market::snapshot(&m, day);
        let t = Market::spx_t_years(&m, h.dates[day], march());
        let iv = model_iv(&s, t).1 + basis;
        let price = BsmMarket::new(s.spot(), t, s.rate(), s.div_yield())
            .unwrap()
            .price(put, 3500.0, iv)
            .unwrap();
        let tenor = cm.spx_tenor(&snap, t).unwrap();
        let (p, v) = cm.spx_price_iv(&snap, &tenor, put, 3500.0).unwrap();
        assert!(
            (v - iv).abs() < 1e-12 && (p - price).abs() < 1e-9,
            "day {day}: {p} {price}"
        );
        let q = cm.spx_quote(&snap, put, 3500.0, t).unwrap();
        assert!((q.price - price).abs() < 1e-9);
        // Different from the model's own price: the carry moves it.
        assert!((p - model_iv(&s, t).0).abs() > 0.05);
    }
    // A day before any chain and a contract never quoted: the model's.
    let snap = cm.snapshot(11);
    let t = Market::spx_t_years(&m, h.dates[11], march());
    let s = Market::snapshot(&m, 11);
    assert_eq!(
        cm.spx_quote(&snap, put, 3550.0, t).unwrap(),
        Market::spx_quote(&m, &s, put, 3550.0, t).unwrap()
    );
    let snap = cm.snapshot(9);
    let t = Market::spx_t_years(&m, h.dates[9], march());
    assert_eq!(
        cm.spx_quote(&snap, put, 3500.0, t).unwrap(),
        Market::spx_quote(&m, &Market::snapshot(&m, 9), put, 3500.0, t).unwrap()
    );
    // More than CARRY_DAYS after day 12: out of reach, the model's.
    let far = h
        .dates
        .iter()
        .position(|d| (*d - h.dates[12]).num_days() > CARRY_DAYS)
        .unwrap();
    assert!(!cm.in_reach(far) && cm.in_reach(far - 1));
    let f = cm.fills();
    assert_eq!((f.marks_carried, f.entries_carried), (2, 2));
}

#[test]
fn a_chain_quoted_off_the_close_keeps_its_vol_basis_to_the_model_at_the_close() {
    let h = history();
    let m = MarketModel::new(&h, &ModelParams::default()).unwrap();
    let d = h.dates[10];
    // Quoted 20 points above the close (3710). The history's VIX opens equal its closes,
    // so no spot-vol elasticity is measured: the VIX family is held at its close.
    let mut r = row(d, "SPX", march().date, Right::Put, 3600.0, 35.0, 37.0);
    r.underlying_price = 3730.0;
    let b = ChainBook::new(vec![ChainDay::from_rows(d, vec![r])]);
    let index = ChainIndex::new(&h, &b);
    let cm = ChainMarket::new(&m, &b, &index);
    let snap = cm.snapshot(10);
    let t = Market::spx_t_years(&m, d, march());
    let put = OptionRight::Put;
    let vol = |s: &SpxSurface| s.price_iv(&s.tenor(t).unwrap(), put, 3600.0).unwrap().1;
    let at_quote = m.spx_surface_moved(10, 3730.0, 1.0);
    let basis = at_quote.implied_vol(put, 3600.0, t, 36.0).unwrap() - vol(&at_quote);
    let iv = vol(&snap.surface) + basis;
    let s = &snap.surface;
    let price = BsmMarket::new(s.spot(), t, s.rate(), s.div_yield())
        .unwrap()
        .price(put, 3600.0, iv)
        .unwrap();
    let q = cm.spx_quote(&snap, put, 3600.0, t).unwrap();
    assert!((q.iv - iv).abs() < 1e-12 && (q.price - price).abs() < 1e-9);
    // 20 points lower at the close: the put is dearer than its quoted mid by about its
    // delta x 20.
    assert!(q.price > 36.0 + 0.15 * 20.0, "{}", q.price);
    let c = cm
        .price_check(
            10,
            &Instrument::SpxOption {
                expiry: march(),
                right: put,
                strike: crate::instrument::Strike::from_points(3600.0).unwrap(),
            },
        )
        .unwrap();
    assert_eq!(
        (c.quoted_underlying, c.chain.unwrap().mid()),
        (3730.0, 36.0)
    );
    assert!((c.chain_at_close - price).abs() < 1e-9);
    // The half-spread stays the quote's.
    assert_eq!(cm.spx_half_spread(&snap, put, 3600.0, t), 1.0);
}
