//! The `accord` binary: parse options, run the command, exit with its code.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::run(cli::Opts::parse())
}
