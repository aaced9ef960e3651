//! Integration tests of ringfence-report: fake run directories written in the runner's format,
//! the charts and the HTML page they give, bad input, and a headless-browser check.

mod browser;
mod fixture;
mod input;
mod pixels;
mod report;
mod sweep;
