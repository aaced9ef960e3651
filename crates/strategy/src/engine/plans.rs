//! The day's entry plans (the condor's strikes, each hedge layer's structure), computed on
//! first request and shared by every layout: plans depend on the market and the
//! parameters only, never on an account.

use crate::market::Market;
use crate::market::day::MarketDay;
use crate::params::{CostModel, HedgeParams, StrategyParams};
use crate::sleeves::condor::{self, CondorPlan};
use crate::sleeves::hedge::{self, HedgePlan, Layer, MAX_LAYERS};

/// Outcome of a plan request, memoised for the day.
#[derive(Debug, Clone, Default)]
enum Planned<T> {
    /// Not computed yet today.
    #[default]
    Unknown,
    /// No trade possible today, with the reason.
    Skip(&'static str),
    /// The plan.
    Ready(T),
}

impl<T> Planned<T> {
    /// The memoised plan, building it with `build` on the first request of the day.
    fn get_or(
        &mut self,
        build: impl FnOnce() -> Result<T, &'static str>,
    ) -> Result<&T, &'static str> {
        if matches!(self, Planned::Unknown) {
            *self = match build() {
                Ok(plan) => Planned::Ready(plan),
                Err(e) => Planned::Skip(e),
            };
        }
        match self {
            Planned::Ready(plan) => Ok(plan),
            Planned::Skip(e) => Err(e),
            Planned::Unknown => unreachable!("a plan is built before it is read"),
        }
    }
}

/// Today's entry plans.
#[derive(Debug, Default)]
pub struct EntryPlans {
    condor: Planned<CondorPlan>,
    hedge: [Planned<HedgePlan>; MAX_LAYERS],
}

impl EntryPlans {
    /// Forget yesterday's plans.
    pub fn reset(&mut self) {
        self.condor = Planned::Unknown;
        for h in self.hedge.iter_mut() {
            if !matches!(h, Planned::Unknown) {
                *h = Planned::Unknown;
            }
        }
    }

    /// Today's condor plan.
    ///
    /// # Errors
    /// Why no condor can be opened today (no expiry in range, no quote).
    pub fn condor<M: Market>(
        &mut self,
        m: &M,
        md: &MarketDay<M>,
        p: &StrategyParams,
    ) -> Result<&CondorPlan, &'static str> {
        self.condor
            .get_or(|| condor::build(m, md, &p.condor, &p.margin, &p.costs))
    }

    /// Today's plan for hedge layer `k`.
    ///
    /// # Errors
    /// Why layer `k` cannot be opened today (instrument not listed, no expiry, no quote).
    pub fn hedge<M: Market>(
        &mut self,
        m: &M,
        md: &MarketDay<M>,
        hp: &HedgeParams,
        costs: &CostModel,
        k: usize,
        layer: &Layer,
    ) -> Result<&HedgePlan, &'static str> {
        self.hedge[k].get_or(|| hedge::build(m, md, hp, costs, layer, None))
    }
}
