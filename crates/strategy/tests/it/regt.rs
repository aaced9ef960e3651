//! Hand-computed margin requirements: Reg-T for every structure the engine
//! trades, VX futures initial and maintenance, and portfolio margin on two-leg positions.

use chrono::NaiveDate;
use ringfence_pricing::OptionRight;
use ringfence_pricing::OptionRight::{Call, Put};
use ringfence_pricing::expiry::{Expiry, ExpiryKind, Settlement};
use ringfence_strategy::Sleeve;
use ringfence_strategy::instrument::{Instrument, Strike};
use ringfence_strategy::margin::portfolio::{self, PmContext};
use ringfence_strategy::margin::regt;
use ringfence_strategy::params::{MarginMode, MarginParams};
use ringfence_strategy::position::{Leg, Position, Structure};

use crate::support::d;

const SPOT: f64 = 4100.0;

fn monthly(date: NaiveDate) -> Expiry {
    Expiry {
        date,
        kind: ExpiryKind::Monthly,
        settlement: Settlement::AmOpen,
    }
}

fn near() -> NaiveDate {
    d(2023, 3, 17)
}

fn far() -> NaiveDate {
    d(2023, 4, 21)
}

/// An SPX option leg: `ratio` contracts per unit at `mark` points, underlying [`SPOT`].
fn spx(right: OptionRight, strike: f64, expiry: NaiveDate, ratio: f64, mark: f64) -> Leg {
    let mut l = Leg::new(
        Instrument::SpxOption {
            expiry: monthly(expiry),
            right,
            strike: Strike::from_points(strike).unwrap(),
        },
        ratio,
        mark,
    );
    l.underlying = SPOT;
    l
}

/// A VIX option leg on a VX future at `forward`.
fn vix(
    right: OptionRight,
    strike: f64,
    expiry: NaiveDate,
    ratio: f64,
    mark: f64,
    forward: f64,
) -> Leg {
    let mut l = Leg::new(
        Instrument::VixOption {
            expiry,
            right,
            strike: Strike::from_points(strike).unwrap(),
        },
        ratio,
        mark,
    );
    l.underlying = forward;
    l
}

fn position(legs: &[Leg], quantity: f64) -> Position {
    let mut p = Position::new(Sleeve::Condor, Structure::Custom, 0, near());
    for l in legs {
        assert!(p.push_leg(*l));
    }
    p.quantity = quantity;
    p
}

fn req(legs: &[Leg], quantity: f64) -> f64 {
    regt::requirement(&position(legs, quantity), &MarginParams::default(), false)
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6, "{a} != {b}");
}

#[test]
fn iron_condor_requires_the_wider_wing_times_100() {
    // Put wing 50, call wing 75: only one side can lose at expiry.
    let legs = [
        spx(Put, 3900.0, near(), -1.0, 20.0),
        spx(Put, 3850.0, near(), 1.0, 12.0),
        spx(Call, 4300.0, near(), -1.0, 15.0),
        spx(Call, 4375.0, near(), 1.0, 8.0),
    ];
    close(req(&legs, 3.0), 75.0 * 100.0 * 3.0);
}

#[test]
fn short_put_spread_requires_its_width() {
    close(
        req(
            &[
                spx(Put, 3900.0, near(), -1.0, 20.0),
                spx(Put, 3850.0, near(), 1.0, 12.0),
            ],
            1.0,
        ),
        5_000.0,
    );
}

#[test]
fn short_call_spread_requires_its_width() {
    close(
        req(
            &[
                spx(Call, 4300.0, near(), -1.0, 15.0),
                spx(Call, 4375.0, near(), 1.0, 8.0),
            ],
            2.0,
        ),
        15_000.0,
    );
}

#[test]
fn debit_put_spread_requires_nothing_beyond_the_debit() {
    close(
        req(
            &[
                spx(Put, 3900.0, near(), 1.0, 20.0),
                spx(Put, 3850.0, near(), -1.0, 12.0),
            ],
            5.0,
        ),
        0.0,
    );
}

#[test]
fn debit_call_spread_requires_nothing_beyond_the_debit() {
    close(
        req(
            &[
                spx(Call, 4300.0, near(), 1.0, 15.0),
                spx(Call, 4375.0, near(), -1.0, 8.0),
            ],
            5.0,
        ),
        0.0,
    );
}

#[test]
fn long_option_is_paid_in_full_with_no_further_requirement() {
    close(req(&[spx(Put, 3800.0, near(), 1.0, 9.0)], 10.0), 0.0);
}

#[test]
fn call_diagonal_with_higher_long_strike_requires_the_strike_difference() {
    // Long far 4300, short near 4250: 50 points at risk.
    let legs = [
        spx(Call, 4300.0, far(), 1.0, 30.0),
        spx(Call, 4250.0, near(), -1.0, 20.0),
    ];
    close(req(&legs, 1.0), 5_000.0);
}

#[test]
fn call_diagonal_with_lower_long_strike_requires_nothing() {
    let legs = [
        spx(Call, 4250.0, far(), 1.0, 45.0),
        spx(Call, 4300.0, near(), -1.0, 15.0),
    ];
    close(req(&legs, 1.0), 0.0);
}

#[test]
fn put_diagonal_with_lower_long_strike_requires_the_strike_difference() {
    // Puts: max(0, K_short - K_long) = 3900 - 3850.
    let legs = [
        spx(Put, 3850.0, far(), 1.0, 40.0),
        spx(Put, 3900.0, near(), -1.0, 20.0),
    ];
    close(req(&legs, 1.0), 5_000.0);
}

#[test]
fn long_leg_expiring_before_the_short_leaves_it_naked() {
    // A "calendar" whose long expires first is no spread: the short put is naked.
    let legs = [
        spx(Put, 3900.0, near(), 1.0, 20.0),
        spx(Put, 3900.0, far(), -1.0, 35.0),
    ];
    // 15% x 4100 - 200 OTM = 415 > 10% x 3900 = 390; plus the 35 premium.
    close(req(&legs, 1.0), (415.0 + 35.0) * 100.0);
}

#[test]
fn naked_spx_put_is_premium_plus_15pct_less_otm() {
    // 15% x 4100 = 615, less 200 out of the money = 415 (above the 390 minimum), + 20.
    close(
        req(&[spx(Put, 3900.0, near(), -1.0, 20.0)], 2.0),
        2.0 * 43_500.0,
    );
}

#[test]
fn naked_spx_call_far_out_pays_the_10pct_minimum() {
    // 615 - 500 OTM = 115 < 10% x 4100 = 410: the minimum applies; + 2 premium.
    close(req(&[spx(Call, 4600.0, near(), -1.0, 2.0)], 1.0), 41_200.0);
}

#[test]
fn naked_vix_call_uses_20pct_of_the_future_with_the_minimum() {
    // 20% x 22 = 4.4 - 8 OTM < 0; minimum 10% x 22 = 2.2; + 1.5 premium.
    let l = vix(Call, 30.0, near(), -1.0, 1.5, 22.0);
    close(req(&[l], 1.0), 370.0);
}

#[test]
fn naked_vix_put_uses_10pct_of_the_strike_as_minimum() {
    // 4.4 - 4 OTM = 0.4 < 10% x 18 = 1.8; + 0.8 premium.
    let l = vix(Put, 18.0, near(), -1.0, 0.8, 22.0);
    close(req(&[l], 1.0), 260.0);
}

#[test]
fn short_strangle_is_the_larger_naked_side_plus_the_other_premium() {
    let legs = [
        spx(Put, 3900.0, near(), -1.0, 20.0),
        spx(Call, 4300.0, near(), -1.0, 15.0),
    ];
    // Put: 43,500; call: 615 - 200 = 415 + 15 -> 43,000; larger + call premium 1,500.
    close(req(&legs, 1.0), 45_000.0);
}

#[test]
fn covered_call_requires_nothing() {
    let mut index = Leg::new(Instrument::SpxIndex, 1.0, SPOT);
    index.underlying = SPOT;
    close(
        req(&[spx(Call, 4150.0, near(), -1.0, 60.0), index], 4.0),
        0.0,
    );
}

#[test]
fn vix_call_diagonal_requires_the_strike_difference() {
    let legs = [
        vix(Call, 25.0, far(), 1.0, 2.0, 23.0),
        vix(Call, 20.0, near(), -1.0, 2.5, 21.0),
    ];
    close(req(&legs, 3.0), 3.0 * 500.0);
}

#[test]
fn vx_initial_is_45pct_of_value_above_the_6000_floor_and_maintenance_is_initial_over_1_1() {
    let p = MarginParams::default();
    close(regt::vx_initial(20.0, &p), 9_000.0);
    close(regt::vx_maintenance(20.0, &p), 9_000.0 / 1.1);
    close(regt::vx_initial(12.0, &p), 6_000.0);
    close(regt::vx_maintenance(12.0, &p), 6_000.0 / 1.1);
    let mut f = Leg::new(Instrument::VxFuture { expiry: near() }, 1.0, 20.0);
    f.underlying = 20.0;
    let pos = position(&[f], 2.0);
    close(regt::requirement(&pos, &p, true), 18_000.0);
    close(regt::requirement(&pos, &p, false), 2.0 * 9_000.0 / 1.1);
}

fn pm(legs: &[Leg], quantity: f64) -> f64 {
    let p = MarginParams {
        mode: MarginMode::Portfolio,
        ..MarginParams::default()
    };
    let ctx = PmContext {
        spot: SPOT,
        rate: 0.04,
        div_yield: 0.015,
    };
    portfolio::requirement(std::iter::once(&position(legs, quantity)), &ctx, &p)
}

#[test]
fn portfolio_margin_of_a_risk_reversal_is_the_loss_at_minus_8pct() {
    // At expiry (t = 0) legs are worth intrinsic: at -8% SPX is 3772, the short 4000 put
    // loses 228 points and the long 4200 call is worthless: 22,800 per unit.
    let mut put = spx(Put, 4000.0, near(), -1.0, 0.0);
    let mut call = spx(Call, 4200.0, near(), 1.0, 0.0);
    put.t_years = 0.0;
    call.t_years = 0.0;
    close(pm(&[put, call], 1.0), 22_800.0);
    // Reg-T would ask for the naked put: 15% x 4100 - 100 OTM = 515 points.
    close(req(&[put], 1.0), 51_500.0);
}

#[test]
fn portfolio_margin_of_a_far_put_spread_is_the_floor_per_contract() {
    // 3700/3650 puts at t = 0 stay out of the money down to -8% (3772): no scenario loss,
    // so the $37.50 floor x 2 contracts x 3 units applies.
    let mut short = spx(Put, 3700.0, near(), -1.0, 0.0);
    let mut long = spx(Put, 3650.0, near(), 1.0, 0.0);
    short.t_years = 0.0;
    long.t_years = 0.0;
    close(pm(&[short, long], 3.0), 225.0);
}

#[test]
fn portfolio_margin_rescans_a_leg_whose_state_changed_and_reuses_an_unchanged_one() {
    // A naked 3900 put with 30 days left: its scan is remembered per thread under the
    // exact inputs. A different vol, time or quantity must give the requirement a fresh
    // thread computes (the memo is empty there), and the first state its first value.
    let leg = |iv: f64, t: f64| {
        let mut l = spx(Put, 3900.0, near(), -1.0, 20.0);
        l.iv = iv;
        l.t_years = t;
        l
    };
    let states = [
        (0.20, 30.0 / 365.0, 1.0),
        (0.35, 30.0 / 365.0, 1.0),
        (0.20, 29.0 / 365.0, 1.0),
        (0.20, 30.0 / 365.0, 4.0),
    ];
    let here: Vec<f64> = states
        .iter()
        .map(|&(iv, t, q)| pm(&[leg(iv, t)], q))
        .collect();
    for (k, &(iv, t, q)) in states.iter().enumerate() {
        let fresh = std::thread::spawn(move || pm(&[leg(iv, t)], q))
            .join()
            .unwrap();
        assert_eq!(here[k].to_bits(), fresh.to_bits(), "state {k}");
    }
    assert_eq!(
        pm(&[leg(0.20, 30.0 / 365.0)], 1.0).to_bits(),
        here[0].to_bits()
    );
    // The states differ: more vol, less time and more contracts each move the requirement.
    assert!(here[1] > here[0] && here[2] < here[0]);
    assert!((here[3] - 4.0 * here[0]).abs() < 1e-6 * here[3]);
}

/// Ten naked short puts at 3900 (mark 20, SPX 4100): `20 + max(15% x 4100 - 200,
/// 10% x 3900) = 435` points, $43,500 a contract, $435,000 in all.
fn naked_puts(expiry: NaiveDate) -> Position {
    position(&[spx(Put, 3900.0, expiry, -1.0, 20.0)], 10.0)
}

/// `quantity` long puts at `strike` expiring `expiry`, in a hedge position.
fn hedge_puts(strike: f64, expiry: NaiveDate, quantity: f64) -> Position {
    let mut p = position(&[spx(Put, strike, expiry, 1.0, 8.0)], quantity);
    p.sleeve = Sleeve::Hedge;
    p
}

fn account(positions: &[Position], pair: bool) -> f64 {
    let p = MarginParams {
        pair_across_positions: pair,
        ..MarginParams::default()
    };
    regt::account_requirement(positions, &p)
}

#[test]
fn hedge_puts_in_the_same_account_turn_naked_puts_into_spreads() {
    // 4 of the 10 shorts pair with the 3700 hedge puts: 4 x (3900 - 3700) x 100 = 80,000;
    // 6 stay naked: 6 x 43,500 = 261,000; the long puts are paid for.
    let positions = [naked_puts(near()), hedge_puts(3700.0, far(), 4.0)];
    close(account(&positions, true), 341_000.0);
    // Each position on its own (a ring-fenced core, or the switch off).
    close(account(&positions, false), 435_000.0);
    close(account(&positions[..1], true), 435_000.0);
}

#[test]
fn the_closest_cover_pairs_first() {
    // 2 contracts at 3800 (100 points at risk) then 4 at 3700 (200): 2 x 10,000 +
    // 4 x 20,000 + 4 naked x 43,500 = 274,000.
    let positions = [
        naked_puts(near()),
        hedge_puts(3700.0, far(), 4.0),
        hedge_puts(3800.0, far(), 2.0),
    ];
    close(account(&positions, true), 274_000.0);
}

#[test]
fn covers_that_expire_first_are_of_the_other_right_or_cost_more_than_naked_do_not_pair() {
    // A long put expiring before the short does not cover it.
    let early = [naked_puts(far()), hedge_puts(3700.0, near(), 4.0)];
    close(account(&early, true), 435_000.0);
    // 600 points at risk ($60,000) is more than the naked $43,500: left naked.
    let deep = [naked_puts(near()), hedge_puts(3300.0, far(), 4.0)];
    close(account(&deep, true), 435_000.0);
    // Long calls do not cover short puts.
    let calls = position(&[spx(Call, 4300.0, far(), 1.0, 8.0)], 4.0);
    close(account(&[naked_puts(near()), calls], true), 435_000.0);
}

#[test]
fn a_cover_is_used_once_across_naked_positions() {
    // Two naked positions of 10 puts share 4 hedge puts: the first opened takes them all.
    let positions = [
        naked_puts(near()),
        naked_puts(near()),
        hedge_puts(3700.0, far(), 4.0),
    ];
    close(account(&positions, true), 341_000.0 + 435_000.0);
}

#[test]
fn the_stress_add_on_at_vix_40_doubles_the_naked_percentage() {
    // VIX 40 over the reference 20: SPX naked 30%, so 20 + max(30% x 4100 - 200, 390) =
    // 1,050 points: $105,000 a contract. A spread is untouched.
    let p = MarginParams {
        stress: ringfence_strategy::params::StressAddons::VixScaled,
        ..MarginParams::default()
    };
    let (raised, factor) = ringfence_strategy::margin::stress::raise(&p, 40.0);
    close(factor, 2.0);
    close(
        regt::requirement(&naked_puts(near()), &raised, false),
        1_050_000.0,
    );
    let spread = position(
        &[
            spx(Put, 3900.0, near(), -1.0, 20.0),
            spx(Put, 3850.0, near(), 1.0, 14.0),
        ],
        10.0,
    );
    close(regt::requirement(&spread, &raised, false), 50_000.0);
}
