//! Organisations (long and short forms merged), people with roles, and places.

use super::segment::Sentence;
use crate::model::{Organization, Person, Place};

/// The parties of one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parties {
    pub organizations: Vec<Organization>,
    pub people: Vec<Person>,
    pub places: Vec<Place>,
}

/// Finds the organisations, people and places named in prose.
pub fn find_parties(text: &str, sentences: &[Sentence]) -> Parties {
    let _ = (text, sentences);
    Parties::default()
}

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[super::rules::Rule] = &[];
