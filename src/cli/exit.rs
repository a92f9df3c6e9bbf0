//! Exit codes, in one place: scripts depend on them, so they are part of the interface.

use std::process::ExitCode;

use accord::Error;

/// Everything asked for was done.
pub const SUCCESS: u8 = 0;
/// Done in part: some files failed, store and index disagree, or an id was not found.
pub const PARTIAL: u8 = 1;
/// The command line or a query was wrong; nothing was done.
pub const USAGE: u8 = 2;
/// The data directory is held by another accord process.
pub const IN_USE: u8 = 3;
/// The store or the index failed.
pub const FAILURE: u8 = 4;

/// The exit code for an error that ended a command.
pub fn for_error(err: &Error) -> ExitCode {
    ExitCode::from(match err {
        Error::Locked { .. } => IN_USE,
        Error::Query(_) | Error::Invalid(_) => USAGE,
        Error::NotFound(_) | Error::Extract { .. } => PARTIAL,
        Error::Io { .. } | Error::Store { .. } | Error::Search { .. } => FAILURE,
    })
}
