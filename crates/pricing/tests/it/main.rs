//! Integration tests of ringfence-pricing (one binary, one module per concern).

mod costs;
mod expiry;
mod properties;
mod reference;
mod strike;
mod vix_expiration;
