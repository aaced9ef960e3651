//! Invariants of the pricing functions over wide input domains (proptest).

use proptest::prelude::*;
use ringfence_pricing::OptionRight;
use ringfence_pricing::black76::{self, Black76Inputs};
use ringfence_pricing::bsm::{self, BsmInputs};
use ringfence_pricing::implied_vol::{black76_implied_vol, bsm_implied_vol};

fn right() -> impl Strategy<Value = OptionRight> {
    prop_oneof![Just(OptionRight::Call), Just(OptionRight::Put)]
}

/// Spot 1000, strike by log-moneyness, one day to five years, rates and yields around today's.
fn bsm_inputs() -> impl Strategy<Value = BsmInputs> {
    (
        right(),
        -1.0f64..1.0,
        1.0f64..1826.0,
        -0.01f64..0.08,
        0.0f64..0.05,
        0.01f64..2.5,
    )
        .prop_map(|(right, m, days, rate, q, vol)| BsmInputs {
            right,
            spot: 1000.0,
            strike: 1000.0 * m.exp(),
            t_years: days / 365.0,
            rate,
            div_yield: q,
            vol,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn bsm_put_call_parity_holds(i in bsm_inputs()) {
        let call = bsm::price(&BsmInputs { right: OptionRight::Call, ..i }).unwrap();
        let put = bsm::price(&BsmInputs { right: OptionRight::Put, ..i }).unwrap();
        let parity = i.spot * (-i.div_yield * i.t_years).exp()
            - i.strike * (-i.rate * i.t_years).exp();
        prop_assert!((call - put - parity).abs() <= 1e-10 * (i.spot + i.strike));
    }

    #[test]
    fn prepared_market_gives_the_same_numbers(i in bsm_inputs()) {
        let m = bsm::BsmMarket::new(i.spot, i.t_years, i.rate, i.div_yield).unwrap();
        prop_assert_eq!(m.greeks(i.right, i.strike, i.vol).unwrap(), bsm::greeks(&i).unwrap());
        prop_assert_eq!(
            m.price_delta(i.right, i.strike, i.vol).unwrap(),
            bsm::price_delta(&i).unwrap()
        );
    }

    #[test]
    fn bsm_price_rises_with_vol(i in bsm_inputs(), bump in 1e-4f64..0.5) {
        let lo = bsm::price(&i).unwrap();
        let hi = bsm::price(&BsmInputs { vol: i.vol + bump, ..i }).unwrap();
        prop_assert!(hi >= lo - 1e-12 * i.spot, "{lo} -> {hi}");
    }

    #[test]
    fn calls_fall_and_puts_rise_with_strike(i in bsm_inputs(), bump in 0.01f64..200.0) {
        let lo = bsm::price(&i).unwrap();
        let hi = bsm::price(&BsmInputs { strike: i.strike + bump, ..i }).unwrap();
        match i.right {
            OptionRight::Call => prop_assert!(hi <= lo + 1e-12 * i.spot),
            OptionRight::Put => prop_assert!(hi >= lo - 1e-12 * i.spot),
        }
    }

    #[test]
    fn delta_stays_inside_its_bounds(i in bsm_inputs()) {
        let g = bsm::greeks(&i).unwrap();
        // e^{-qT}, up to last-bit rounding.
        let cap = (-i.div_yield * i.t_years).exp() * (1.0 + 4.0 * f64::EPSILON);
        match i.right {
            OptionRight::Call => prop_assert!((0.0..=cap).contains(&g.delta)),
            OptionRight::Put => prop_assert!((-cap..=0.0).contains(&g.delta)),
        }
        prop_assert!(g.gamma >= 0.0 && g.vega >= 0.0);
        prop_assert!(g.price.is_finite() && g.theta.is_finite() && g.rho.is_finite());
    }

    #[test]
    fn bsm_implied_vol_recovers_vol(i in bsm_inputs()) {
        let p = bsm::price(&i).unwrap();
        let intrinsic = i.right.intrinsic(
            i.spot * (-i.div_yield * i.t_years).exp(),
            i.strike * (-i.rate * i.t_years).exp(),
        );
        // Skip prices whose time value is lost in rounding (deep in the money) or that
        // underflow to zero: no volatility can be read from them.
        prop_assume!(p - intrinsic > 1e-7 * p && p > 1e-300);
        let iv = bsm_implied_vol(&i, p).unwrap();
        prop_assert!((iv - i.vol).abs() <= 1e-8 * i.vol, "vol {} iv {iv} price {p}", i.vol);
    }

    #[test]
    fn black76_implied_vol_recovers_vol(
        right in right(),
        m in -1.5f64..1.5,
        days in 1.0f64..730.0,
        rate in -0.01f64..0.08,
        vol in 0.05f64..4.0,
    ) {
        let i = Black76Inputs { right, forward: 20.0, strike: 20.0 * m.exp(), t_years: days / 365.0, rate, vol };
        let p = black76::price(&i).unwrap();
        let df = (-rate * i.t_years).exp();
        let intrinsic = df * right.intrinsic(i.forward, i.strike);
        prop_assume!(p - intrinsic > 1e-7 * p && p > 1e-300);
        let iv = black76_implied_vol(&i, p).unwrap();
        prop_assert!((iv - vol).abs() <= 1e-8 * vol, "vol {vol} iv {iv} price {p}");
    }

    #[test]
    fn black76_put_call_parity_holds(
        m in -1.5f64..1.5, days in 0.0f64..730.0, rate in -0.01f64..0.08, vol in 0.0f64..4.0,
    ) {
        let i = Black76Inputs { right: OptionRight::Call, forward: 20.0, strike: 20.0 * m.exp(), t_years: days / 365.0, rate, vol };
        let call = black76::price(&i).unwrap();
        let put = black76::price(&Black76Inputs { right: OptionRight::Put, ..i }).unwrap();
        let parity = (-rate * i.t_years).exp() * (i.forward - i.strike);
        prop_assert!((call - put - parity).abs() <= 1e-12 * 40.0);
    }
}

#[test]
fn invalid_inputs_are_typed_errors_not_nan() {
    let ok = BsmInputs {
        right: OptionRight::Call,
        spot: 100.0,
        strike: 100.0,
        t_years: 0.5,
        rate: 0.02,
        div_yield: 0.01,
        vol: 0.2,
    };
    for bad in [
        BsmInputs {
            spot: f64::NAN,
            ..ok
        },
        BsmInputs { spot: -1.0, ..ok },
        BsmInputs { strike: 0.0, ..ok },
        BsmInputs {
            t_years: -0.1,
            ..ok
        },
        BsmInputs {
            vol: f64::INFINITY,
            ..ok
        },
        BsmInputs { vol: -0.2, ..ok },
        BsmInputs {
            rate: f64::NAN,
            ..ok
        },
    ] {
        assert!(bsm::price(&bad).is_err(), "{bad:?}");
        assert!(bsm::greeks(&bad).is_err(), "{bad:?}");
    }
}

#[test]
fn expiry_day_and_zero_vol_prices_are_intrinsic() {
    let i = BsmInputs {
        right: OptionRight::Put,
        spot: 2900.0,
        strike: 3000.0,
        t_years: 0.0,
        rate: 0.02,
        div_yield: 0.018,
        vol: 0.3,
    };
    let g = bsm::greeks(&i).unwrap();
    assert_eq!(g.price, 100.0);
    assert_eq!(g.delta, -1.0);
    assert_eq!((g.gamma, g.vega), (0.0, 0.0));
    // Zero vol, one year: discounted forward intrinsic 3000 e^{-0.02} - 2900 e^{-0.018}.
    let g = bsm::greeks(&BsmInputs {
        t_years: 1.0,
        vol: 0.0,
        ..i
    })
    .unwrap();
    let want = 3000.0 * (-0.02f64).exp() - 2900.0 * (-0.018f64).exp();
    assert!((g.price - want).abs() < 1e-9);
    // At the money forward, zero vol: half the step delta.
    let atm = BsmInputs {
        right: OptionRight::Call,
        spot: 100.0,
        strike: 100.0,
        t_years: 1.0,
        rate: 0.0,
        div_yield: 0.0,
        vol: 0.0,
    };
    assert_eq!(bsm::delta(&atm).unwrap(), 0.5);
}

#[test]
fn implied_vol_rejects_prices_outside_the_bounds() {
    use ringfence_pricing::PricingError;
    let i = BsmInputs {
        right: OptionRight::Call,
        spot: 100.0,
        strike: 90.0,
        t_years: 0.25,
        rate: 0.0,
        div_yield: 0.0,
        vol: 0.0,
    };
    // Below intrinsic (10) and at/above the spot (100).
    for p in [9.5, 100.0, 150.0] {
        let e = bsm_implied_vol(&i, p).unwrap_err();
        assert!(
            matches!(e, PricingError::PriceOutsideBounds { .. }),
            "{p}: {e}"
        );
    }
    assert!(matches!(
        bsm_implied_vol(&i, f64::NAN).unwrap_err(),
        PricingError::InvalidInput { name: "price", .. }
    ));
    assert_eq!(bsm_implied_vol(&i, 10.0).unwrap(), 0.0);
}
