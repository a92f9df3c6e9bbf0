//! Prints the text `accord::extract::pdf::extract` finds in each PDF named on the command line,
//! with its warnings on stderr: the stand-in timed against pdftotext by
//! `benches/pdf_vs_pdftotext.sh` until `accord extract FILE --text` exists.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let limits = accord::config::Limits::default();
    let mut status = ExitCode::SUCCESS;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                status = ExitCode::FAILURE;
                continue;
            }
        };
        match accord::extract::pdf::extract(&bytes, &limits) {
            Ok(x) => {
                for w in &x.warnings {
                    eprintln!("{path}: warning: {w}");
                }
                let _ = writeln!(out, "{}", x.text);
            }
            Err(e) => {
                eprintln!("{path}: {e}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
