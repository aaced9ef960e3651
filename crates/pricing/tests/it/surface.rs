//! The SPX surface built from the VIX family: shape and sanity over a wide grid.

use ringfence_pricing::OptionRight;
use ringfence_pricing::smile::SmileParams;
use ringfence_pricing::strike::StrikeGrid;
use ringfence_pricing::surface::SpxSurface;
use ringfence_pricing::term::{TermFallbackParams, TermSource, VixFamily, VixTermStructure};

fn surface(vix9d: f64, vix: f64, vix3m: f64, vix6m: f64) -> SpxSurface {
    let term = VixTermStructure::new(
        VixFamily {
            vix9d: Some(vix9d / 100.0),
            vix: vix / 100.0,
            vix3m: Some(vix3m / 100.0),
            vix6m: Some(vix6m / 100.0),
        },
        &TermFallbackParams::default(),
    );
    SpxSurface::new(4000.0, 0.03, 0.018, term, SmileParams::default()).expect("valid surface")
}

const T30: f64 = 30.0 / 365.0;

#[test]
fn atm_vol_is_about_0_8_of_vix_at_30_days() {
    let s = surface(18.0, 20.0, 21.0, 22.0);
    let ratio = s.atm_vol(T30) / 0.20;
    assert!((0.78..=0.86).contains(&ratio), "ratio {ratio}");
}

#[test]
fn put_wing_is_rich_and_call_wing_below_atm_at_30_days() {
    for vix in [12.0, 20.0, 35.0, 60.0] {
        let s = surface(vix * 0.95, vix, vix * 1.05, vix * 1.08);
        let atm = s.atm_vol(T30);
        let k25p = s
            .strike_for_delta_unsnapped(OptionRight::Put, 0.25, T30)
            .unwrap();
        let k10p = s
            .strike_for_delta_unsnapped(OptionRight::Put, 0.10, T30)
            .unwrap();
        let k25c = s
            .strike_for_delta_unsnapped(OptionRight::Call, 0.25, T30)
            .unwrap();
        let k10c = s
            .strike_for_delta_unsnapped(OptionRight::Call, 0.10, T30)
            .unwrap();
        let (p25, p10) = (s.iv(k25p, T30) - atm, s.iv(k10p, T30) - atm);
        let (c25, c10) = (s.iv(k25c, T30) - atm, s.iv(k10c, T30) - atm);
        // Published rules of thumb for 30-day SPX skew, in vol points, growing with VIX.
        assert!(p25 > 0.0 && p10 > p25, "VIX {vix}: p25 {p25} p10 {p10}");
        assert!(c25 < 0.0 && c10 < 0.0, "VIX {vix}: c25 {c25} c10 {c10}");
        if vix == 20.0 {
            assert!((0.02..=0.08).contains(&p25), "25d put skew {p25}");
            assert!((0.05..=0.15).contains(&p10), "10d put skew {p10}");
            assert!((0.005..=0.05).contains(&-c25), "25d call {c25}");
        }
    }
    // The put wing, in vol points, grows with the VIX level.
    let wing = |vix: f64| {
        let s = surface(vix, vix, vix, vix);
        let k = s
            .strike_for_delta_unsnapped(OptionRight::Put, 0.10, T30)
            .unwrap();
        s.iv(k, T30) - s.atm_vol(T30)
    };
    assert!(wing(12.0) < wing(20.0) && wing(20.0) < wing(40.0));
}

#[test]
fn iv_is_positive_and_finite_over_a_wide_grid() {
    for &(a, b, c, d) in &[
        (9.0, 10.0, 12.0, 14.0),
        (25.0, 20.0, 19.0, 18.0),
        (110.0, 82.7, 67.7, 55.4),
        (150.0, 150.0, 150.0, 150.0),
    ] {
        let s = surface(a, b, c, d);
        for ki in 0..=200 {
            let strike = 4000.0 * (0.02 + 0.05 * f64::from(ki));
            for &days in &[0.0, 0.01, 1.0, 7.0, 30.0, 45.0, 90.0, 365.0, 3650.0] {
                let v = s.iv(strike, days / 365.0);
                assert!(v.is_finite() && v > 0.0 && v <= 4.0, "{strike} {days}: {v}");
            }
        }
        for bad in [f64::NAN, -1.0, 0.0, f64::INFINITY] {
            assert!(s.iv(bad, T30).is_finite());
            assert!(s.iv(4000.0, bad).is_finite());
        }
    }
}

#[test]
fn atm_total_variance_never_decreases_with_tenor() {
    for &(a, b, c, d) in &[
        (9.0, 10.0, 12.0, 14.0),
        (110.0, 82.7, 67.7, 55.4),
        (40.0, 20.0, 18.0, 17.0),
    ] {
        let s = surface(a, b, c, d);
        let mut last = 0.0;
        for day in 1..=730 {
            let t = f64::from(day) / 365.0;
            let w = s.atm_vol(t).powi(2) * t;
            assert!(w >= last - 1e-12, "day {day}: {w} < {last}");
            last = w;
        }
    }
}

#[test]
fn strike_for_delta_hits_the_target_delta_at_the_smile_vol() {
    let s = surface(22.0, 25.0, 26.0, 26.5);
    let t = 45.0 / 365.0;
    for right in [OptionRight::Put, OptionRight::Call] {
        for delta in [0.05, 0.10, 0.16, 0.25, 0.50] {
            let k = s.strike_for_delta_unsnapped(right, delta, t).unwrap();
            let q = s.quote(right, k, t).unwrap();
            assert!(
                (q.delta.abs() - delta).abs() < 1e-9,
                "{right} {delta}: {}",
                q.delta
            );
        }
    }
    let snapped = s
        .strike_for_delta(
            OptionRight::Put,
            0.16,
            t,
            &StrikeGrid::default(),
            chrono::NaiveDate::from_ymd_opt(2020, 1, 2).unwrap(),
        )
        .unwrap();
    assert_eq!(snapped % 5.0, 0.0);
    assert!(
        s.strike_for_delta_unsnapped(OptionRight::Put, 1.5, t)
            .is_err()
    );
    assert!(
        s.strike_for_delta_unsnapped(OptionRight::Put, f64::NAN, t)
            .is_err()
    );
}

#[test]
fn missing_indices_fall_back_to_vix_with_a_flag() {
    let only = VixTermStructure::new(
        VixFamily {
            vix9d: None,
            vix: 0.15,
            vix3m: None,
            vix6m: None,
        },
        &TermFallbackParams::default(),
    );
    assert_eq!(only.source(), TermSource::VixOnly);
    assert!((only.level(30.0 / 365.0) - 0.15).abs() < 1e-12);
    // Calm VIX: the fallback curve is in contango toward the long-run level.
    assert!(only.node_level(3) > only.node_level(2) && only.node_level(2) > 0.15);
    let partial = VixTermStructure::new(
        VixFamily {
            vix9d: None,
            vix: 0.20,
            vix3m: None,
            vix6m: Some(0.24),
        },
        &TermFallbackParams::default(),
    );
    assert_eq!(partial.source(), TermSource::Partial);
    assert!((partial.node_level(3) - 0.24).abs() < 1e-12);
    // VIX3M interpolated in total variance between the real VIX and VIX6M.
    let w = partial.w;
    let t = ringfence_pricing::term::NODE_TENORS;
    let expect = w[1] + (w[3] - w[1]) * (t[2] - t[1]) / (t[3] - t[1]);
    assert!((w[2] - expect).abs() < 1e-15);
}

#[test]
fn tenor_pricing_matches_the_full_quote_for_every_strike_and_tenor() {
    let s = surface(35.0, 40.0, 33.0, 30.0);
    for days in [0.2, 1.0, 7.0, 30.0, 45.0, 120.0, 400.0] {
        let t = days / 365.0;
        let tenor = s.tenor(t).expect("valid tenor");
        for k in [
            1500.0, 3000.0, 3600.0, 3950.0, 4000.0, 4100.0, 4600.0, 6000.0,
        ] {
            for right in [OptionRight::Put, OptionRight::Call] {
                let q = s.quote(right, k, t).expect("quote");
                let (price, iv) = s.price_iv(&tenor, right, k).expect("price");
                assert_eq!(iv, q.iv, "iv at K {k}, {days} days");
                let tol = 1e-12 * q.price.max(1.0);
                assert!(
                    (price - q.price).abs() <= tol,
                    "{right:?} K {k}, {days} days: {price} vs {}",
                    q.price
                );
            }
        }
    }
    assert!(s.tenor(-1.0).is_err());
    let tenor = s.tenor(T30).expect("valid tenor");
    assert!(s.price_iv(&tenor, OptionRight::Put, f64::NAN).is_err());
    assert!(s.price_iv(&tenor, OptionRight::Put, 0.0).is_err());
}
