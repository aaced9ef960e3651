//! Integration tests of ringfence-pricing (one binary, one module per concern).

mod calibration;
mod condors;
mod costs;
mod expiry;
mod intraday;
mod model;
mod properties;
mod reference;
mod spread;
mod strike;
mod surface;
mod vix_expiration;
mod vix_options;
