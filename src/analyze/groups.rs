//! Joint working groups established or named: name, members, mandate, date.

use super::parties::Parties;
use super::segment::Sentence;
use crate::model::{DateMention, WorkingGroup};

/// Finds working groups, committees and task forces set up or named in the text.
pub fn find_groups(
    text: &str,
    sentences: &[Sentence],
    parties: &Parties,
    dates: &[DateMention],
) -> Vec<WorkingGroup> {
    let _ = (text, sentences, parties, dates);
    Vec::new()
}

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[super::rules::Rule] = &[];
