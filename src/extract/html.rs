//! html extraction (to be written).

use crate::config::Limits;
use crate::error::{ExtractError, FailureKind};
use crate::model::Extracted;

/// Extracts the text and metadata of a html file.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    let _ = (bytes, limits);
    Err(ExtractError::new(
        FailureKind::Unsupported,
        "html extraction not implemented yet",
    ))
}
