//! Integration tests of ringfence-strategy.
