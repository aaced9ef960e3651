//! Integration tests of ringfence-strategy: hand-computed margin and P&L cases, layout logic,
//! invariants (proptest) and the real-history checks.

mod support;

mod closed_form;
mod invariants;
mod layouts;
mod mechanisms;
mod params;
mod pnl;
mod real;
mod regt;
