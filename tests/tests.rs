//! accord's integration tests: one binary, one module per concern, a small harness in `util`.

mod browser;
mod cli;
mod crash;
#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;
mod gold;
mod hostile;
mod pdf;
mod seeds;
mod track;
mod util;
mod web;
