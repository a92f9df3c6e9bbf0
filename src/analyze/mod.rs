//! Text to facts: sentences, dates, parties, working groups, agreements, commitments.
//!
//! Pure functions: no I/O, no clock. The reference date for relative dates is the publication
//! date, passed in through [`Hints`] or found in the text, never today. Every finding records the
//! id of the rule that made it and its span, so "why did accord think this?" has an answer.

pub mod agreements;
pub mod commitments;
pub mod dates;
pub mod groups;
pub mod parties;
pub mod published;
pub mod rules;
pub mod segment;

use crate::model::{Analysis, Hints};

/// Analyses one document's text.
pub fn analyze(text: &str, hints: &Hints) -> Analysis {
    let sentences = segment::sentences(text);
    let published = hints
        .published
        .or_else(|| published::publication_date(text, &sentences))
        .or(hints.created);
    let dates = dates::find_dates(text, &sentences, published);
    let parties = parties::find_parties(text, &sentences);
    let working_groups = groups::find_groups(text, &sentences, &parties, &dates);
    let agreements = agreements::find_agreements(text, &sentences, &parties, &dates);
    let commitments =
        commitments::find_commitments(text, &sentences, &parties, &dates, &working_groups);
    Analysis {
        title: hints.title.clone(),
        published,
        organizations: parties.organizations,
        people: parties.people,
        places: parties.places,
        dates,
        agreements,
        commitments,
        working_groups,
        warnings: Vec::new(),
    }
}
