//! Commitment lifecycle from an append-only event log, overdue at an as-of date, follow-up
//! linking and reports. Pure functions of events and dates; no I/O, no clock.
//!
//! # How the store and CLI use it
//! - **Store**: an append-only `events` tree of [`Event`] values as JSON (serde). Ingest appends
//!   one [`Event::extracted`] per commitment found (again on re-ingest; that is harmless, see
//!   below). Nothing is ever overwritten.
//! - **State**: [`fold`] one commitment's events (or [`fold_all`] the whole log) into a
//!   [`CommitmentState`]. Before appending a person's event, fold the log and call
//!   [`CommitmentState::apply`]: it refuses invalid transitions with a clear message
//!   ([`check_transition`] holds the lifecycle rules) and leaves the state unchanged.
//! - **User edits win**: the state keeps the extracted [`Base`] (replaced by each re-extraction)
//!   and the [`Overrides`] people set; [`effective`] combines them, the person's value first.
//!   Status and merges only ever come from people, so re-ingesting cannot undo them.
//! - **Time**: overdue and due-soon are methods taking the as-of date
//!   ([`CommitmentState::days_late`], [`CommitmentState::due_soon`], [`CommitmentState::timing`]);
//!   nothing time-dependent is stored. Event timestamps are passed in by the caller.
//! - **`accord commitments`**: build a [`Filter`] (durations via [`Period::parse`]) and call
//!   [`Filter::apply`], which also sorts with [`display_order`].

pub mod event;
pub mod filter;
pub mod groups;
pub mod link;
pub mod state;

#[cfg(test)]
mod model_test;

pub use event::{check_transition, Actor, Event, EventKind, EvidenceRef, Owner, Status};
pub use filter::{display_order, Filter, Period};
pub use groups::{group_id, Activity, GroupRecord, Sighting};
pub use link::{accept, reject, suggest, DocInput, OrgNames, Score, Suggestion, Target, THRESHOLD};
pub use state::{effective, fold, fold_all, Base, CommitmentState, Overrides, Source, Timing};
