//! Bytes to text, one file per format. Knows nothing of parties, storage or the index.
//!
//! [`extract`] detects the format (content first, file extension second) and hands the bytes to
//! that format's extractor. Every extractor honours [`Limits`] and returns an [`ExtractError`]
//! with a one-line reason instead of panicking.

pub mod docx;
pub mod html;
pub mod pdf;
pub mod text;

use std::path::Path;

use crate::config::Limits;
use crate::error::ExtractError;
use crate::model::{Extracted, Format};

/// Detects the format of `bytes`, using `name`'s extension only when the content is not decisive.
/// `None` means accord does not read this kind of file.
pub fn detect(bytes: &[u8], name: &Path) -> Option<Format> {
    let _ = (bytes, name);
    None
}

/// Extracts the text and metadata of one file.
pub fn extract(
    bytes: &[u8],
    name: &Path,
    limits: &Limits,
) -> Result<(Format, Extracted), ExtractError> {
    let _ = (bytes, name, limits);
    Err(ExtractError::new(
        crate::error::FailureKind::Unsupported,
        "not implemented yet",
    ))
}
