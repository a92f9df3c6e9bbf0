//! accord's integration tests: one binary, one module per concern, a small harness in `util`.

mod browser;
mod cli;
mod gold;
mod pdf;
mod seeds;
mod track;
mod util;
mod web;
