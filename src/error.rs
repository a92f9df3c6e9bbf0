//! The one error type of the library, with the path attached wherever it is known.

use std::path::PathBuf;

use serde::Serialize;

/// Why one file could not be ingested: the category counted in the ingest report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// The file could not be read (permissions, not a regular file, vanished).
    Unreadable,
    /// Over a configured limit (file size, decompressed size, pages).
    TooLarge,
    /// Not a format accord reads (binary data, images, archives).
    Unsupported,
    /// The format is recognised but the bytes are broken.
    Corrupt,
    /// An encrypted PDF that needs a password.
    Encrypted,
    /// Processing took longer than the per-file limit.
    TimedOut,
}

impl FailureKind {
    /// The snake_case name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Unreadable => "unreadable",
            FailureKind::TooLarge => "too_large",
            FailureKind::Unsupported => "unsupported",
            FailureKind::Corrupt => "corrupt",
            FailureKind::Encrypted => "encrypted",
            FailureKind::TimedOut => "timed_out",
        }
    }
}

/// An extraction failure, before the path is attached: what kind and a one-line reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct ExtractError {
    pub kind: FailureKind,
    pub reason: String,
}

impl ExtractError {
    /// A failure of `kind` with a one-line reason.
    pub fn new(kind: FailureKind, reason: impl Into<String>) -> Self {
        ExtractError {
            kind,
            reason: reason.into(),
        }
    }
}

/// Every error the library returns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// One file could not be extracted.
    #[error("{}: {source}", path.display())]
    Extract { path: PathBuf, source: ExtractError },
    /// Another process holds the data directory.
    #[error("{} is in use by another accord process{}", path.display(), hint.as_deref().map(|h| format!(" ({h})")).unwrap_or_default())]
    Locked { path: PathBuf, hint: Option<String> },
    /// The sled store failed.
    #[error("store {}: {message}", path.display())]
    Store { path: PathBuf, message: String },
    /// The tantivy index failed.
    #[error("search index {}: {message}", path.display())]
    Search { path: PathBuf, message: String },
    /// A query that does not parse.
    #[error("bad query: {0}")]
    Query(String),
    /// Something the user asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// A request that cannot be carried out as asked (ambiguous id, invalid transition...).
    #[error("{0}")]
    Invalid(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
