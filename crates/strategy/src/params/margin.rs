//! `[margin]`: the margin regime, margin calls and forced liquidation, and the Reg-T and
//! portfolio-margin parameters.

use super::Bound::{Excl, Incl};
use super::Range;

crate::param_enum! {
    /// Margin regime.
    pub enum MarginMode {
        /// Strategy-based Reg-T customer margin.
        RegT = "reg_t",
        /// Portfolio margin: scenario-based worst loss per class group.
        Portfolio = "portfolio",
    }
}

crate::param_enum! {
    /// Order of positions in a forced liquidation.
    pub enum LiquidationOrder {
        /// Positions with the largest requirement first.
        LargestRequirement = "largest_requirement",
        /// Hedge-sleeve positions first (they free loan value), then largest requirement.
        HedgeFirst = "hedge_first",
        /// Oldest positions first.
        Oldest = "oldest",
    }
}

crate::param_enum! {
    /// When the broker enforces the requirement (layout mechanisms 3 and 6).
    pub enum Enforcement {
        /// In real time: each account is valued at the corners of the day's range (SPX low
        /// with VIX high, SPX high with VIX low) and liquidated there, at stressed prices,
        /// as soon as its excess is negative, before the trader acts at the close (the
        /// automated liquidation of Interactive Brokers' margin accounts). A deficit left at
        /// the close is also met there.
        RealTime = "real_time",
        /// Once a day, on the close: a negative excess opens a call, met by forced
        /// liquidation after `grace_days` (a traditional broker's end-of-day call).
        EndOfDay = "end_of_day",
    }
}

crate::param_enum! {
    /// Requirements that rise with volatility (step 8 of the mechanism ladder).
    pub enum StressAddons {
        /// Requirements as configured, whatever the VIX.
        Off = "off",
        /// Naked-option percentages, VX futures margin and portfolio-margin scan ranges
        /// multiplied by `clamp(VIX / stress_vix_reference, 1, stress_cap)`: the form of
        /// volatility-scaled exchange scan ranges; the figures are assumptions (no published
        /// broker schedule was found; the README says so).
        VixScaled = "vix_scaled",
    }
}

/// Accepted fractions of the underlying.
const FRACTION: Range = Range::new("a fraction", Incl(0.0), Incl(1.0));

crate::param_table! {
    /// Margin rules.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct MarginParams {
        /// Regime.
        pub mode: MarginMode = MarginMode::RegT;
        /// When the requirement is enforced (step 4 of the mechanism ladder).
        pub enforcement: Enforcement = Enforcement::RealTime;
        /// At the close, the trader's exits, hedge monetisation and call-meeting sales come
        /// before the broker's check (`false`: the broker checks first, the order before the
        /// layout mechanisms existed; step 5 of the mechanism ladder).
        pub trader_first: bool = true;
        /// An account with a negative excess at the close sells its hedge positions (largest
        /// value first, normal costs) before the broker liquidates anything: a commingled
        /// hedge meets the condor's call (step 6 of the mechanism ladder).
        pub meet_calls_with_hedge: bool = true;
        /// Reg-T: a naked short option is paired with an unused long option of another
        /// position in the same account (same product and right, expiring on or after it)
        /// and margined as a spread; in a commingled account SPX put hedges cover the
        /// condor's naked puts (`false`: each position on its own; step 7 of the mechanism
        /// ladder).
        pub pair_across_positions: bool = true;
        /// Requirements that rise with the VIX (step 8 of the mechanism ladder; `off` unless
        /// chosen: the figures are unsourced assumptions).
        pub stress: StressAddons = StressAddons::Off;
        /// VIX level above which `stress = "vix_scaled"` raises requirements.
        pub stress_vix_reference: f64 = 20.0,
            range: Range::new("a VIX level", Excl(0.0), Incl(200.0));
        /// Largest stress multiplier of `stress = "vix_scaled"`.
        pub stress_cap: f64 = 3.0,
            range: Range::new("a multiplier", Incl(1.0), Incl(10.0));
        /// Trading days a margin call may stay open before forced liquidation (0: liquidate
        /// the day the call opens).
        pub grace_days: u32 = 0,
            range: Range::new("trading days", Incl(0.0), Incl(60.0));
        /// Forced liquidation order.
        pub liquidation_order: LiquidationOrder = LiquidationOrder::LargestRequirement;
        /// Naked short SPX option: fraction of the underlying.
        pub spx_naked_pct: f64 = 0.15,
            range: Range::new("a fraction", Excl(0.0), Incl(1.0));
        /// Naked short VIX option: fraction of the underlying (the same-expiry VX future).
        pub vix_naked_pct: f64 = 0.20,
            range: Range::new("a fraction", Excl(0.0), Incl(1.0));
        /// Minimum naked requirement: fraction of the underlying (calls) or strike (puts).
        pub naked_min_pct: f64 = 0.10,
            range: FRACTION;
        /// VX initial margin floor per contract, USD.
        pub vx_initial_floor_usd: f64 = 6_000.0,
            range: Range::new("USD", Incl(0.0), Incl(1e6));
        /// VX initial margin as a fraction of the contract value (price x $1,000).
        pub vx_initial_pct: f64 = 0.45,
            range: FRACTION;
        /// VX maintenance = initial / this.
        pub vx_maintenance_divisor: f64 = 1.1,
            range: Range::new("a divisor", Incl(1.0), Incl(10.0));
        /// Portfolio margin: largest SPX down move, fraction.
        pub pm_down: f64 = 0.08,
            range: Range::new("a fraction", Excl(0.0), Excl(1.0));
        /// Portfolio margin: largest SPX up move, fraction.
        pub pm_up: f64 = 0.06,
            range: Range::new("a fraction", Excl(0.0), Incl(10.0));
        /// Portfolio margin: equal intervals between the largest down and up move.
        pub pm_steps: u32 = 10,
            range: Range::new("an integer", Incl(1.0), Incl(63.0));
        /// Portfolio margin: implied-vol shock (annual vol as a fraction, 0.05 = 5 vol
        /// points) also applied up and down at every price point; 0 = vol held.
        pub pm_vol_shock: f64 = 0.0,
            range: Range::new("an annual vol", Incl(0.0), Incl(1.0));
        /// Portfolio margin: minimum per option contract, USD.
        pub pm_floor_per_contract_usd: f64 = 37.5,
            range: Range::new("USD", Incl(0.0), Incl(1e5));
        /// Portfolio margin, VIX class: largest down move of the VX futures, fraction (an
        /// assumption: no published TIMS range for VIX products was at hand).
        pub pm_vix_down: f64 = 0.30,
            range: Range::new("a fraction", Excl(0.0), Excl(1.0));
        /// Portfolio margin, VIX class: largest up move of the VX futures, fraction (an
        /// assumption, as `pm_vix_down`).
        pub pm_vix_up: f64 = 0.60,
            range: Range::new("a fraction", Excl(0.0), Incl(10.0));
    }
}
