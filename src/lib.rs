//! accord: track what organisations agree to.
//!
//! Documents flow one way: file bytes -> [`extract`] -> text -> [`analyze`] -> facts -> [`store`]
//! (sled, the source of truth) -> [`search`] (tantivy, derived). Queries come back from the index
//! and the store.

pub mod analyze;
pub mod catalog;
pub mod config;
pub mod error;
pub mod extract;
pub mod ingest;
pub mod library;
pub mod model;
pub mod search;
pub mod store;
pub mod track;
pub mod watch;
pub mod web;

pub use config::{Config, Limits};
pub use error::{Error, ExtractError, FailureKind, Result};
pub use library::Library;
pub use model::{
    Agreement, AgreementKind, Analysis, Commitment, DateMention, DateValue, DocId, Document,
    Extracted, Facts, Format, Hints, Organization, Person, Place, Span, Strength, WorkingGroup,
};
