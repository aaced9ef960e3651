//! Strategy parameters of one scenario: one serde struct tree with documented defaults.
//!
//! Every struct is `#[serde(deny_unknown_fields, default)]`, so a TOML table may give any
//! subset of keys and a misspelt key is an error. The tables map 1:1 onto the run config:
//! `[capital]`, `[condor]` (with `[condor.ladder]`), `[hedge]` with `[[hedge.layers]]`,
//! `[signals]`, `[margin]`, `[costs]` and `[transfers]`. Values that switch a rule off use
//! `0` (documented per field), because TOML has no null.
//!
//! [`StrategyParams::validate`] (in [`crate::validate`]) lists every invalid value with its
//! dotted key and accepted range before anything is simulated.

use serde::{Deserialize, Serialize};

pub use ringfence_pricing::costs::CostModel;

/// All strategy parameters of one scenario.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StrategyParams {
    /// Capital and cash interest.
    pub capital: CapitalParams,
    /// The condor (income) sleeve.
    pub condor: CondorParams,
    /// The hedge sleeve (adaptive layered VIX hedge).
    pub hedge: HedgeParams,
    /// Signals scaling the hedge spend.
    pub signals: SignalParams,
    /// Margin rules, margin calls and forced liquidation.
    pub margin: MarginParams,
    /// Commissions, fees and slippage (the pricing crate's cost model).
    pub costs: CostModel,
    /// Ring-fenced rebalancing transfers between the core and the hedge account.
    pub transfers: TransferParams,
}

/// One invalid parameter: its dotted key and what is wrong, with the accepted range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParamError {
    /// Dotted key (`condor.short_delta`, `hedge.layers[1].target_dte`).
    pub key: String,
    /// The value received and the accepted range.
    pub message: String,
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

/// Capital and the interest paid on cash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CapitalParams {
    /// Total starting capital of every layout, USD. Default 1,000,000.
    pub total_usd: f64,
    /// Fraction of the total attributed to the hedge sleeve (ring-fenced: the hedge account's
    /// funding; other layouts: the hedge sleeve's sub-ledger). Default 0.05.
    pub hedge_fraction: f64,
    /// Subtracted from the T-bill rate on positive cash balances, annual fraction. Default 0.
    pub credit_spread: f64,
    /// Added to the T-bill rate on negative cash balances (debit interest), annual fraction.
    /// Default 0.01.
    pub debit_spread: f64,
}

impl Default for CapitalParams {
    fn default() -> Self {
        Self {
            total_usd: 1_000_000.0,
            hedge_fraction: 0.05,
            credit_spread: 0.0,
            debit_spread: 0.01,
        }
    }
}

/// Which sides of the condor are sold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sides {
    /// Put side and call side (iron condor, iron butterfly, strangle).
    Both,
    /// Put side only (put write, put credit spread).
    Put,
    /// Call side only (covered call with `long_index`, call credit spread).
    Call,
}

/// How the short strikes are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShortStrike {
    /// Strike whose absolute model delta is `short_delta` (0.5 is at the money).
    Delta,
    /// Listed strike nearest to the SPX close (both sides at the same strike: straddle).
    Atm,
    /// First listed strike at or above the SPX close for calls, at or below for puts
    /// (the BXM rule).
    AtOrBeyondSpot,
    /// `short_pct_otm` out of the money: puts at `S (1 - p)`, calls at `S (1 + p)`, snapped.
    PctOtm,
}

/// How the long wings are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Wing {
    /// `wing_width_points` beyond each short strike.
    Width,
    /// Strike whose absolute delta is `wing_delta`.
    Delta,
    /// `wing_pct_otm` out of the money from the SPX close.
    PctOtm,
    /// No wings: naked short options (put write, strangle, covered call).
    None,
}

/// How many units (condors) an entry trades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sizing {
    /// `floor(margin_target x sleeve equity / Reg-T requirement of one unit)`.
    MarginTarget,
    /// `sleeve equity / (collateral_multiple x collateral of one unit)`, the collateral being
    /// the notional, the maximum loss or the wing width (`collateral_basis`): Cboe index
    /// methodologies.
    Collateral,
}

/// What one unit's collateral is in [`Sizing::Collateral`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollateralBasis {
    /// Notional: the highest short put strike (put write) or the SPX close (long index,
    /// calls only), x 100 (PUT, BXM).
    Notional,
    /// Maximum loss at expiry of one unit net of the credit, x 100 (CNDR).
    MaxLoss,
    /// The wider wing's width x 100: the largest settlement payment of one unit, gross of
    /// the credit (which stays in the T-bill account, as PUT's premium does), so BFLY's
    /// "T-bills cover ten times the maximum loss" is `collateral_multiple = 10` on this.
    Width,
}

/// Weekday for laddered entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryWeekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
}

impl EntryWeekday {
    /// The chrono weekday.
    pub fn weekday(self) -> chrono::Weekday {
        match self {
            EntryWeekday::Mon => chrono::Weekday::Mon,
            EntryWeekday::Tue => chrono::Weekday::Tue,
            EntryWeekday::Wed => chrono::Weekday::Wed,
            EntryWeekday::Thu => chrono::Weekday::Thu,
            EntryWeekday::Fri => chrono::Weekday::Fri,
        }
    }
}

/// Laddered entries: a new condor on a fixed weekday while fewer than `max_open` are open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LadderParams {
    /// Off by default: one condor at a time, entered when none is open.
    pub enabled: bool,
    /// Entry weekday (the first trading day on or after it in a week with a holiday is not
    /// substituted: the week is skipped). Default `mon`.
    pub weekday: EntryWeekday,
    /// Maximum open condors; each rung is sized to `margin_target / max_open`. Default 4.
    pub max_open: u32,
}

impl Default for LadderParams {
    fn default() -> Self {
        Self {
            enabled: false,
            weekday: EntryWeekday::Mon,
            max_open: 4,
        }
    }
}

/// The condor (income) sleeve. See DESIGN §4; defaults in brackets there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CondorParams {
    /// Trade the sleeve at all. Default true.
    pub enabled: bool,
    /// Target calendar days to expiry at entry. Default 45.
    pub target_dte: u32,
    /// Minimum calendar days to expiry accepted at entry. Default 30.
    pub min_dte: u32,
    /// Maximum calendar days to expiry accepted at entry. Default 60.
    pub max_dte: u32,
    /// Only monthly (third-Friday, AM-settled) expiries. Default true (weeklies were listed
    /// only from 2005 and for short tenors; monthlies give one rule over the whole history).
    pub monthly_only: bool,
    /// Sides sold. Default `both`.
    pub sides: Sides,
    /// Short strike rule. Default `delta`.
    pub short_strike: ShortStrike,
    /// Absolute delta of the short strikes for `short_strike = "delta"`, in (0, 0.5]
    /// (0.5 = at the money). Default 0.16.
    pub short_delta: f64,
    /// Out-of-the-money fraction for `short_strike = "pct_otm"`, in [0, 0.5). Default 0.
    pub short_pct_otm: f64,
    /// Wing rule. Default `width`.
    pub wing: Wing,
    /// Wing width in index points for `wing = "width"`; a positive multiple of 5 (the SPX
    /// strike step). Default 50.
    pub wing_width_points: f64,
    /// Absolute delta of the wings for `wing = "delta"`, below `short_delta`. Default 0.05.
    pub wing_delta: f64,
    /// Out-of-the-money fraction of the wings for `wing = "pct_otm"`. Default 0.05.
    pub wing_pct_otm: f64,
    /// Add a long synthetic SPX index leg of 100 x units (marked at the index, earning the
    /// model dividend yield): with `sides = "call"` and `wing = "none"` this is the BXM
    /// covered call. Default false.
    pub long_index: bool,
    /// Sizing rule. Default `margin_target`.
    pub sizing: Sizing,
    /// Fraction of sleeve equity committed as Reg-T margin per entry, in (0, 1]. Default 0.10.
    pub margin_target: f64,
    /// Collateral of one unit for `sizing = "collateral"`. Default `max_loss`.
    pub collateral_basis: CollateralBasis,
    /// Collateral held per unit of collateral basis (BFLY: 10). Default 1.
    pub collateral_multiple: f64,
    /// Trade fractional units (index methodologies); otherwise units are floored to whole
    /// contracts. Default false.
    pub fractional_contracts: bool,
    /// Close when the cost to close falls to `(1 - profit_take)` x the entry credit
    /// (fraction of the credit captured), in [0, 1]; 0 = off. Default 0.5.
    pub profit_take: f64,
    /// Close when the loss reaches `stop_loss` x the entry credit (cost to close >=
    /// (1 + stop_loss) x credit); 0 = off. Default 2.0.
    pub stop_loss: f64,
    /// Close when calendar days to expiry fall to this; 0 = hold to settlement. Default 21.
    pub exit_dte: u32,
    /// Skip entries when the VIX close is above this (VIX points); 0 = off. Default 0.
    pub max_vix: f64,
    /// Laddered entries.
    pub ladder: LadderParams,
}

impl Default for CondorParams {
    fn default() -> Self {
        Self {
            enabled: true,
            target_dte: 45,
            min_dte: 30,
            max_dte: 60,
            monthly_only: true,
            sides: Sides::Both,
            short_strike: ShortStrike::Delta,
            short_delta: 0.16,
            short_pct_otm: 0.0,
            wing: Wing::Width,
            wing_width_points: 50.0,
            wing_delta: 0.05,
            wing_pct_otm: 0.05,
            long_index: false,
            sizing: Sizing::MarginTarget,
            margin_target: 0.10,
            collateral_basis: CollateralBasis::MaxLoss,
            collateral_multiple: 1.0,
            fractional_contracts: false,
            profit_take: 0.5,
            stop_loss: 2.0,
            exit_dte: 21,
            max_vix: 0.0,
            ladder: LadderParams::default(),
        }
    }
}

/// Hedge instrument of the ALVH sleeve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HedgeInstrument {
    /// Long VIX calls at `long_strike`.
    VixCall,
    /// Long VIX call at `long_strike`, short VIX call at `short_strike`, same expiry.
    VixCallSpread,
    /// Long VIX call at the layer expiry (`long_strike`), short VIX call at the nearest VIX
    /// expiry at least `diagonal_short_min_dte` days out (`short_strike`).
    VixCallDiagonal,
    /// Long VX futures of the layer expiry.
    VxFuture,
    /// Long SPX puts (`long_strike` by delta or % out of the money).
    SpxPut,
}

/// How a hedge strike is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrikeKind {
    /// VIX options: `value` x the same-expiry VX future (1.3 = 30% above the future).
    PctOfFuture,
    /// VIX options: the VX future plus `value` VIX points.
    PointsAboveFuture,
    /// Absolute model delta `value` (VIX calls: Black-76 delta; SPX puts: BSM delta).
    Delta,
    /// SPX puts: `value` out of the money (0.10 = strike 10% below the close).
    PctOtm,
}

/// One strike rule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StrikeRule {
    /// Rule kind.
    pub kind: StrikeKind,
    /// Rule value (see [`StrikeKind`]).
    pub value: f64,
}

impl Default for StrikeRule {
    fn default() -> Self {
        Self {
            kind: StrikeKind::PctOfFuture,
            value: 1.3,
        }
    }
}

/// What the annual hedge budget is a fraction of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetReference {
    /// The scenario's total starting capital (same hedge in every layout, including
    /// `hedge_only`: the attribution baseline). Default.
    InitialCapital,
    /// Sum of both sleeves' attributed equity on the roll day.
    SleeveEquity,
}

/// One hedge layer: its own expiry target and roll rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LayerParams {
    /// Target calendar days to expiry when the layer is (re)opened.
    pub target_dte: u32,
    /// Roll (close and reopen) when calendar days to expiry fall to this; absent = the
    /// sleeve's `roll_dte`.
    pub roll_dte: Option<u32>,
    /// Share of the annual budget; absent = equal shares of what explicit shares leave.
    pub budget_share: Option<f64>,
}

impl Default for LayerParams {
    fn default() -> Self {
        Self {
            target_dte: 30,
            roll_dte: None,
            budget_share: None,
        }
    }
}

/// The hedge sleeve (ALVH). See DESIGN §4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HedgeParams {
    /// Trade the sleeve at all. Default true.
    pub enabled: bool,
    /// Instrument. Default `vix_call_spread`.
    pub instrument: HedgeInstrument,
    /// Strike of the long leg. Default 1.3 x the VX future.
    pub long_strike: StrikeRule,
    /// Strike of the short leg (spreads, diagonals). Default 2.0 x the VX future.
    pub short_strike: StrikeRule,
    /// Minimum calendar days to expiry of a diagonal's short (near) leg. Default 7.
    pub diagonal_short_min_dte: u32,
    /// Layers on staggered expiries. Default three: 30, 60 and 90 days.
    pub layers: Vec<LayerParams>,
    /// Gross premium allowed per rolling 12 months, fraction of the reference. Default 0.015.
    pub budget_annual: f64,
    /// Budget reference. Default `initial_capital`.
    pub budget_reference: BudgetReference,
    /// Largest signal scale of a roll's spend. Default 2.0.
    pub max_scale: f64,
    /// Default roll point, calendar days to expiry. Default 15.
    pub roll_dte: u32,
    /// Monetise a layer when its value reaches this multiple of its cost; 0 = off.
    /// Default 3.0.
    pub monetise_multiple: f64,
    /// VIX spike rule: monetise every layer in profit when the VIX close is up at least this
    /// fraction over `spike_days` trading days; 0 = off. Default 0.5.
    pub spike_rise: f64,
    /// Look-back of the spike rule, trading days. Default 5.
    pub spike_days: u32,
    /// Also monetise layers in profit when the VIX close is at or above this level; 0 = off.
    /// Default 0.
    pub spike_level: f64,
    /// VX futures: the budget is charged the carry `max(F - VIX, vx_min_carry_points)` x
    /// $1,000 per contract (the expected cost of holding to expiry). Default 1.0 VIX point.
    pub vx_min_carry_points: f64,
    /// Listed VIX option strike step, VIX points. Default 1.0.
    pub vix_strike_step: f64,
    /// Trade fractional contracts. Default false.
    pub fractional_contracts: bool,
    /// Only trade VIX products once they were listed (VX futures from 2004-03-26, VIX
    /// options from 2006-02-24); before that, openings are skipped and counted. Default true.
    pub listed_only: bool,
}

impl Default for HedgeParams {
    fn default() -> Self {
        Self {
            enabled: true,
            instrument: HedgeInstrument::VixCallSpread,
            long_strike: StrikeRule {
                kind: StrikeKind::PctOfFuture,
                value: 1.3,
            },
            short_strike: StrikeRule {
                kind: StrikeKind::PctOfFuture,
                value: 2.0,
            },
            diagonal_short_min_dte: 7,
            layers: [30, 60, 90]
                .into_iter()
                .map(|d| LayerParams {
                    target_dte: d,
                    roll_dte: None,
                    budget_share: None,
                })
                .collect(),
            budget_annual: 0.015,
            budget_reference: BudgetReference::InitialCapital,
            max_scale: 2.0,
            roll_dte: 15,
            monetise_multiple: 3.0,
            spike_rise: 0.5,
            spike_days: 5,
            spike_level: 0.0,
            vx_min_carry_points: 1.0,
            vix_strike_step: 1.0,
            fractional_contracts: false,
            listed_only: true,
        }
    }
}

/// Signals scaling the hedge spend: `scale = clamp(base + sum(weight_i x s_i), 0,
/// hedge.max_scale)`, each `s_i` in [-1, 1] (see [`crate::sleeves::signals`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SignalParams {
    /// Scale when every signal is neutral. Default 1.0.
    pub base: f64,
    /// VIX percentile look-back, trading days. Default 252.
    pub vix_percentile_lookback: u32,
    /// Weight of `1 - 2 p` (p = percentile of today's VIX close among the look-back):
    /// cheap vol buys more. Default 0.5.
    pub vix_percentile_weight: f64,
    /// Weight of the term-structure signal `clamp((pivot - VIX/VIX3M) / width, -1, 1)`:
    /// contango buys more, backwardation less. Default 0.25.
    pub term_structure_weight: f64,
    /// VIX/VIX3M ratio where the term-structure signal is neutral. Default 0.9.
    pub term_structure_pivot: f64,
    /// Ratio distance from the pivot giving a full signal. Default 0.1.
    pub term_structure_width: f64,
    /// RSI period (Wilder), trading days. Default 14.
    pub rsi_period: u32,
    /// Weight of `(RSI - 50) / 50`: an overbought market buys more. Default 0.25.
    pub rsi_weight: f64,
    /// MACD fast EMA period. Default 12.
    pub macd_fast: u32,
    /// MACD slow EMA period. Default 26.
    pub macd_slow: u32,
    /// MACD signal EMA period. Default 9.
    pub macd_signal: u32,
    /// Weight of the MACD signal: +1 while MACD is below its signal line (after a bearish
    /// crossing), -1 while above. Default 0.25.
    pub macd_weight: f64,
}

impl Default for SignalParams {
    fn default() -> Self {
        Self {
            base: 1.0,
            vix_percentile_lookback: 252,
            vix_percentile_weight: 0.5,
            term_structure_weight: 0.25,
            term_structure_pivot: 0.9,
            term_structure_width: 0.1,
            rsi_period: 14,
            rsi_weight: 0.25,
            macd_fast: 12,
            macd_slow: 26,
            macd_signal: 9,
            macd_weight: 0.25,
        }
    }
}

/// Margin regime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarginMode {
    /// Strategy-based Reg-T customer margin (DESIGN §5).
    RegT,
    /// Portfolio margin: scenario-based worst loss per class group.
    Portfolio,
}

/// Order of positions in a forced liquidation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiquidationOrder {
    /// Positions with the largest requirement first (DESIGN default).
    LargestRequirement,
    /// Hedge-sleeve positions first (they free loan value), then largest requirement.
    HedgeFirst,
    /// Oldest positions first.
    Oldest,
}

/// Margin rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarginParams {
    /// Regime. Default `reg_t`.
    pub mode: MarginMode,
    /// Trading days a margin call may stay open before forced liquidation. Default 0
    /// (liquidate the day the call opens).
    pub grace_days: u32,
    /// Forced liquidation order. Default `largest_requirement`.
    pub liquidation_order: LiquidationOrder,
    /// Naked short SPX option: fraction of the underlying. Default 0.15.
    pub spx_naked_pct: f64,
    /// Naked short VIX option: fraction of the underlying (the same-expiry VX future).
    /// Default 0.20.
    pub vix_naked_pct: f64,
    /// Minimum naked requirement: fraction of the underlying (calls) or strike (puts).
    /// Default 0.10.
    pub naked_min_pct: f64,
    /// VX initial margin floor per contract, USD. Default 6,000.
    pub vx_initial_floor_usd: f64,
    /// VX initial margin as a fraction of the contract value (price x $1,000). Default 0.45.
    pub vx_initial_pct: f64,
    /// VX maintenance = initial / this. Default 1.1.
    pub vx_maintenance_divisor: f64,
    /// Portfolio margin: largest SPX down move, fraction. Default 0.08.
    pub pm_down: f64,
    /// Portfolio margin: largest SPX up move, fraction. Default 0.06.
    pub pm_up: f64,
    /// Portfolio margin: equal intervals between the largest down and up move. Default 10.
    pub pm_steps: u32,
    /// Portfolio margin: implied-vol shock (annual vol as a fraction, 0.05 = 5 vol points)
    /// also applied up and down at every price point; 0 = vol held. Default 0.
    pub pm_vol_shock: f64,
    /// Portfolio margin: minimum per option contract, USD. Default 37.50.
    pub pm_floor_per_contract_usd: f64,
    /// Portfolio margin, VIX class: largest down move of the VX futures, fraction.
    /// Default 0.30 (assumption, see README).
    pub pm_vix_down: f64,
    /// Portfolio margin, VIX class: largest up move of the VX futures, fraction.
    /// Default 0.60 (assumption, see README).
    pub pm_vix_up: f64,
}

impl Default for MarginParams {
    fn default() -> Self {
        Self {
            mode: MarginMode::RegT,
            grace_days: 0,
            liquidation_order: LiquidationOrder::LargestRequirement,
            spx_naked_pct: 0.15,
            vix_naked_pct: 0.20,
            naked_min_pct: 0.10,
            vx_initial_floor_usd: 6_000.0,
            vx_initial_pct: 0.45,
            vx_maintenance_divisor: 1.1,
            pm_down: 0.08,
            pm_up: 0.06,
            pm_steps: 10,
            pm_vol_shock: 0.0,
            pm_floor_per_contract_usd: 37.5,
            pm_vix_down: 0.30,
            pm_vix_up: 0.60,
        }
    }
}

/// Ring-fenced rebalancing: threshold-driven transfers between the two accounts, executed
/// `lag_days` trading days after the decision. Off by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TransferParams {
    /// Default false.
    pub enabled: bool,
    /// Trading days between the decision and the cash arriving. Default 1.
    pub lag_days: u32,
    /// Top up the core account when its excess falls below this fraction of its
    /// requirement. Default 0.10.
    pub core_trigger: f64,
    /// The top-up aims at an excess of this fraction of the core requirement, limited by
    /// the hedge account's excess. Default 0.25.
    pub core_target: f64,
    /// Refill the hedge account from the core's excess when the hedge account's equity
    /// falls below this fraction of its `hedge_fraction` share of total equity (back up to
    /// the full share); 0 = off. Default 0.5.
    pub hedge_refill_trigger: f64,
    /// Sweep the hedge account's surplus to the core when the hedge account's equity
    /// exceeds this multiple of its `hedge_fraction` share of total equity (down to the
    /// share); 0 = off. Default 0.
    pub hedge_sweep_multiple: f64,
}

impl Default for TransferParams {
    fn default() -> Self {
        Self {
            enabled: false,
            lag_days: 1,
            core_trigger: 0.10,
            core_target: 0.25,
            hedge_refill_trigger: 0.5,
            hedge_sweep_multiple: 0.0,
        }
    }
}
