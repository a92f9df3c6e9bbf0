//! Agreements signed or adopted: memoranda, agreements, joint statements, action plans.

use super::parties::Parties;
use super::segment::Sentence;
use crate::model::{Agreement, DateMention};

/// Finds agreements signed or adopted in the text.
pub fn find_agreements(
    text: &str,
    sentences: &[Sentence],
    parties: &Parties,
    dates: &[DateMention],
) -> Vec<Agreement> {
    let _ = (text, sentences, parties, dates);
    Vec::new()
}

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[super::rules::Rule] = &[];
