//! What the engine asks of the market model, as a trait.
//!
//! [`Market`] is implemented for `ringfence_pricing::model::MarketModel` (see
//! [`crate::market::model`]); [`crate::simulate`] takes the model, [`crate::simulate_with`]
//! any implementation (tests use small hand-built markets with known prices). The engine is
//! generic over it, so the trait costs nothing at run time. [`chain::ChainMarket`] is the
//! second implementation: real chain quotes where a chain has the contract, the model
//! elsewhere.
//!
//! Errors are the model's typed [`PricingError`]s: the engine never stops on them; it
//! applies the documented fallback (keep the last mark, skip the entry, settle at the last close) and counts it in
//! [`crate::DataGaps`].

pub mod chain;
pub mod corner;
pub mod day;
pub mod model;
#[cfg(test)]
mod test_history;

use chrono::NaiveDate;
use ringfence_data::MarketHistory;
pub use ringfence_pricing::surface::Quote;
use ringfence_pricing::{OptionRight, PricingError};

use ringfence_pricing::expiry::Expiry;
pub use ringfence_pricing::model::Corner;

/// Direction in which a computed strike is moved onto the listed grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snap {
    /// Nearest listed strike.
    Nearest,
    /// First listed strike at or above.
    Up,
    /// First listed strike at or below.
    Down,
}

/// A settlement value and where it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settled {
    /// Settlement value, points.
    pub value: f64,
    /// Which price was used (`spx_set`, `spx_open`, `spx_prev_close_bridge`, `spx_close`,
    /// `vx_final_settle`, `vix_open`, `vix_close_fallback`, ...).
    pub source: &'static str,
}

/// The market at one corner of a day's range (real-time margin; see
/// [`ringfence_pricing::model::Intraday`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CornerState<S> {
    /// Which corner.
    pub corner: Corner,
    /// Snapshot to price SPX options at the corner.
    pub snap: S,
    /// SPX at the corner, index points.
    pub spot: f64,
    /// VIX at the corner over the VIX close.
    pub vol_scale: f64,
    /// The day's bars had a range (otherwise the corner is the close).
    pub observed: bool,
}

/// The market as the engine needs it. All prices are model mids in points per unit of
/// underlying; times in calendar days / 365.
pub trait Market {
    /// Per-day state computed once (the SPX surface), passed back to the pricing calls.
    type Snapshot: Copy;

    /// The history the model was built on.
    fn history(&self) -> &MarketHistory;

    /// Snapshot of trading day `day` (O(1), no allocation).
    fn snapshot(&self, day: usize) -> Self::Snapshot;

    /// SPX close of the snapshot's day, index points.
    fn spot(&self, snap: &Self::Snapshot) -> f64;

    /// Risk-free rate of the snapshot's day, continuously compounded annual fraction.
    fn rate(&self, snap: &Self::Snapshot) -> f64;

    /// Dividend yield of the snapshot's day, continuously compounded annual fraction.
    fn div_yield(&self, snap: &Self::Snapshot) -> f64;

    /// Years to expiry from the close of `date` (calendar days / 365, less the model's
    /// documented fraction of a day for AM-settled expiries); may be <= 0 on expiry day.
    fn spx_t_years(&self, date: NaiveDate, expiry: Expiry) -> f64;

    /// Years to a VIX expiration from the close of `date` (VIX options and VX futures settle
    /// at the morning's VRO); may be <= 0 on expiration day.
    fn vix_t_years(&self, date: NaiveDate, expiry: NaiveDate) -> f64;

    /// Model quote of an SPX option; `t_years` > 0.
    ///
    /// # Errors
    /// The model's error when it cannot price.
    fn spx_quote(
        &self,
        snap: &Self::Snapshot,
        right: OptionRight,
        strike: f64,
        t_years: f64,
    ) -> Result<Quote, PricingError>;

    /// The tenor-only part of the day's SPX surface for one expiry (what every strike of
    /// that expiry shares), computed once per expiry and day by the marking path.
    type SpxTenor: Copy;

    /// The [`Market::SpxTenor`] of `t_years` (calendar days / 365) on the snapshot's day.
    ///
    /// # Errors
    /// The model's error when the tenor is out of range.
    fn spx_tenor(
        &self,
        snap: &Self::Snapshot,
        t_years: f64,
    ) -> Result<Self::SpxTenor, PricingError>;

    /// Model mid price and implied vol of an SPX option of `tenor`'s expiry (the marking
    /// path: no greeks); equal to [`Market::spx_quote`]'s price and vol.
    ///
    /// # Errors
    /// The model's error when it cannot price.
    fn spx_price_iv(
        &self,
        snap: &Self::Snapshot,
        tenor: &Self::SpxTenor,
        right: OptionRight,
        strike: f64,
    ) -> Result<(f64, f64), PricingError>;

    /// Half the quoted bid-ask spread of the SPX option [`Market::spx_quote`] prices, where
    /// the market has a real quote, points; NaN where the price is the model's (the cost
    /// model then charges its calibrated half-spread).
    #[inline]
    fn spx_half_spread(
        &self,
        _snap: &Self::Snapshot,
        _right: OptionRight,
        _strike: f64,
        _t_years: f64,
    ) -> f64 {
        f64::NAN
    }

    /// [`Market::spx_half_spread`] on the marking path.
    #[inline]
    fn spx_mark_half_spread(
        &self,
        _snap: &Self::Snapshot,
        _tenor: &Self::SpxTenor,
        _right: OptionRight,
        _strike: f64,
    ) -> f64 {
        f64::NAN
    }

    /// Listed strike whose absolute model delta is nearest `delta`.
    ///
    /// # Errors
    /// The model's error when no strike can be found.
    fn spx_strike_for_delta(
        &self,
        snap: &Self::Snapshot,
        right: OptionRight,
        delta: f64,
        t_years: f64,
        date: NaiveDate,
    ) -> Result<f64, PricingError>;

    /// Move `strike` onto the listed SPX strike grid of `date` around `spot`.
    fn spx_snap(&self, date: NaiveDate, spot: f64, strike: f64, snap: Snap) -> f64;

    /// Listed SPX expiry nearest `target_dte` calendar days after `date` with
    /// `min_dte <= dte <= max_dte`; monthlies only when `monthly_only`.
    fn spx_expiry(
        &self,
        date: NaiveDate,
        target_dte: u32,
        min_dte: u32,
        max_dte: u32,
        monthly_only: bool,
    ) -> Option<Expiry>;

    /// VIX expiration nearest `target_dte` calendar days after `date` among those at least
    /// `min_dte` days out.
    fn vix_expiry(&self, date: NaiveDate, target_dte: u32, min_dte: u32) -> Option<NaiveDate>;

    /// VX future of `expiry` on `day`, VIX points (real settle when the data have it).
    ///
    /// # Errors
    /// The model's message.
    fn vx_future(&self, day: usize, expiry: NaiveDate) -> Result<f64, PricingError>;

    /// Model quote of a VIX option (Black-76 on the same-expiry VX future).
    ///
    /// # Errors
    /// The model's message.
    fn vix_quote(
        &self,
        day: usize,
        expiry: NaiveDate,
        strike: f64,
        right: OptionRight,
    ) -> Result<Quote, PricingError>;

    /// Half the quoted bid-ask spread of the VIX option [`Market::vix_quote`] prices, where
    /// the market has a real quote, points; NaN where the price is the model's.
    #[inline]
    fn vix_half_spread(
        &self,
        _day: usize,
        _expiry: NaiveDate,
        _strike: f64,
        _right: OptionRight,
    ) -> f64 {
        f64::NAN
    }

    /// The strike-independent part of the VIX options of one expiry on one day.
    type VixTenor: Copy;

    /// The [`Market::VixTenor`] of `expiry` on `day`, given its VX future `forward` (VIX
    /// points), the years to expiry of the option and the day's rate.
    ///
    /// # Errors
    /// The model's message.
    fn vix_tenor(
        &self,
        day: usize,
        expiry: NaiveDate,
        forward: f64,
        t_years: f64,
        rate: f64,
    ) -> Result<Self::VixTenor, PricingError>;

    /// [`Market::vix_tenor`] priced by the model alone, whatever quotes the market holds
    /// that day: the midday fill's tenor (a chain's quotes are the close's).
    ///
    /// # Errors
    /// The model's message.
    #[inline]
    fn vix_model_tenor(
        &self,
        day: usize,
        expiry: NaiveDate,
        forward: f64,
        t_years: f64,
        rate: f64,
    ) -> Result<Self::VixTenor, PricingError> {
        self.vix_tenor(day, expiry, forward, t_years, rate)
    }

    /// Model mid price and vol of a VIX option of `tenor`'s expiry (the marking path: no
    /// greeks); equal to [`Market::vix_quote`]'s price and vol.
    ///
    /// # Errors
    /// The model's message.
    fn vix_price_iv(
        &self,
        tenor: &Self::VixTenor,
        right: OptionRight,
        strike: f64,
    ) -> Result<(f64, f64), PricingError>;

    /// [`Market::vix_half_spread`] on the marking path.
    #[inline]
    fn vix_mark_half_spread(
        &self,
        _tenor: &Self::VixTenor,
        _right: OptionRight,
        _strike: f64,
    ) -> f64 {
        f64::NAN
    }

    /// Settlement value of an SPX expiry (SET approximated by the Open for AM, the close for
    /// PM).
    ///
    /// # Errors
    /// The model's message (e.g. the expiry is outside the history).
    fn spx_settlement(&self, expiry: Expiry) -> Result<Settled, PricingError>;

    /// Settlement value of VIX options and VX futures expiring on `expiry` (the VRO: the VX
    /// contract's final settle where the data hold it, else the VIX Open, the close when the
    /// Open is missing).
    ///
    /// # Errors
    /// The model's message.
    fn vix_settlement(&self, expiry: NaiveDate) -> Result<Settled, PricingError>;

    /// The market at `corner` of `day`'s range (data of `day` only).
    fn corner(&self, day: usize, corner: Corner) -> CornerState<Self::Snapshot>;

    /// VX future expiring on `expiry` on `day` with the VIX family scaled by `vol_scale`
    /// (a [`CornerState::vol_scale`]).
    ///
    /// # Errors
    /// The model's error when it cannot price the contract.
    fn vx_future_at(
        &self,
        day: usize,
        expiry: NaiveDate,
        vol_scale: f64,
    ) -> Result<f64, PricingError>;
}
