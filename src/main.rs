//! The `accord` binary: parse options, run, map errors to exit codes.

fn main() {}
