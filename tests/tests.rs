//! accord's integration tests: one binary, one module per concern, a small harness in `util`.

mod pdf;
