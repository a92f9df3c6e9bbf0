//! The publication date when metadata gives none: datelines such as `|China Post News|2023-12-01`.

use chrono::NaiveDate;

use super::segment::Sentence;

/// Finds the publication date in the text itself.
pub fn publication_date(text: &str, sentences: &[Sentence]) -> Option<NaiveDate> {
    let _ = (text, sentences);
    None
}

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[super::rules::Rule] = &[];
