//! Commitment lifecycle from an append-only event log, overdue at an as-of date, follow-up
//! linking, working groups, reports and a calendar. Pure functions of events and dates: no I/O,
//! no clock, no sled or tantivy. The caller passes the as-of date and every timestamp.
//!
//! # The model
//! - An [`Event`] is `{commitment, at, actor, type, ...}` in JSON; [`EventKind`] lists the types:
//!   `extracted`, `added`, `status_changed`, `due_changed`, `owner_changed`, `note_added`,
//!   `evidence_suggested`, `evidence_linked`, `evidence_rejected`, `merged`. [`Actor`] is a
//!   person (`{"user": "kim"}`) or accord itself (`{"system": "extractor 0.1.0"}`).
//! - A [`CommitmentState`] is a fold of one commitment's events ([`fold`]); nothing is stored
//!   but events. The log must start with `extracted` or `added`.
//! - [`Status`]: open -> in_progress -> done | dropped | waived. [`check_transition`] is the one
//!   rule: moves between open and in_progress and on to done are free; dropped and waived need a
//!   note; reopening a closed one (to open or in_progress) is allowed with a note; closed to
//!   closed is refused (reopen first); a status to itself is refused.
//! - **User edits win**: the state keeps the extracted [`Base`] (replaced by each re-extraction)
//!   and the [`Overrides`] people set (due, owner); [`effective`] is the rule, the person's
//!   value first whatever the order of events. Status and merges come only from people's events,
//!   so re-ingesting cannot undo them. When a new extractor shifts spans (and so ids),
//!   [`reconcile()`] maps the new findings onto the existing ids first.
//! - **Time** is never stored: [`CommitmentState::days_late`], [`CommitmentState::due_soon`]
//!   and [`CommitmentState::timing`] take the as-of date; [`fold_all_as_of`] folds the log as it
//!   stood on a past date.
//!
//! # Wiring the store (`events` tree, append-only)
//! - Ingest: for each document, `reconcile(&states, &doc_id, &analysis.commitments)`, then
//!   append `Event::extracted(&doc_id, published, &c, now, "extractor <version>")` for each of
//!   `commitments`. Working groups have their own append-only log (a `group_events` tree):
//!   append [`GroupEvent::founded`] for each group found; [`fold_groups`] gives the
//!   [`GroupRecord`]s (ids from [`group_id`]).
//! - Linking, after storing a document: build a [`DocInput`] (id, published, organisations with
//!   aliases, sentences with spans, day-precision dates with spans) and call
//!   `suggest(&states, &groups, &doc)` (or [`Candidates`], prepared once for many documents).
//!   For a commitment target, append
//!   `suggestion.event(now, "linker <version>")` (an `evidence_suggested` event; duplicates and
//!   already-decided sentences are ignored by the fold). For a group target, append a
//!   `sighted` [`GroupEvent`] with `suggestion.sighting()` when a coordinator accepts it (or
//!   straight away: a name match plus members present is strong), `sighting_rejected` if not.
//! - Before appending a person's event: fold that commitment's log, call
//!   [`CommitmentState::apply`] with the new event; on `Err` show the message (it names the
//!   commitment and the rule) and append nothing. Events whose JSON does not parse should be
//!   reported, not dropped silently; events that parse but are invalid where they stand are
//!   skipped by the fold and listed in [`CommitmentState::warnings`].
//!
//! # Wiring the CLI
//! - `accord commitments [--status S] [--overdue] [--due-within 30d] [--party P] [--group G]
//!   [--owner O] [--as-of D]`: a [`Filter`] (`Status::from_str`, [`Period::parse`]) and
//!   [`Filter::apply`] over `fold_all(&events).0`, already sorted ([`display_order`]: overdue by
//!   days late, then by due date, undated last). Show [`CommitmentState::timing`].
//! - `accord commitment <id>`: the state, its notes, evidence, pending suggestions and the raw
//!   events; `commitment add|status|due|owner|note|merge`: build the [`EventKind`], validate
//!   with `apply`, append; `commitment add` takes its id from [`added_id`] and starts the log
//!   with an `added` event.
//! - `accord followups`: every state's [`CommitmentState::pending`] (score, suggested status,
//!   sentence); `followup accept <id> [n] [--no-status]`: [`PendingEvidence::accept`];
//!   `followup reject`: [`reject`].
//! - `accord report [--format md|csv|json|html]`: [`report()`] with [`ReportOptions`], then
//!   [`Report::to_markdown`], [`Report::to_csv`], [`Report::to_json`] or [`Report::to_html`].
//! - `accord calendar [--remind 7]`: [`calendar`]`(&states, as_of, days, now)`.

pub mod event;
pub mod filter;
pub mod group_log;
pub mod groups;
pub mod ics;
pub mod link;
pub mod reconcile;
pub mod report;
pub mod state;

#[cfg(test)]
mod model_test;

pub use event::{added_id, check_transition, Actor, Event, EventKind, EvidenceRef, Owner, Status};
pub use filter::{display_order, Filter, Period, Subject};
pub use group_log::{fold_group, fold_groups, GroupEvent, GroupEventKind};
pub use groups::{group_id, Activity, GroupRecord, Sighting};
pub use ics::calendar;
pub use link::{
    accept, reject, suggest, Candidates, DocInput, OpenCommitment, OrgNames, Scope, Score,
    Suggestion, Target, RECENT_PER_NAME, THRESHOLD,
};
pub use reconcile::{reconcile, Reconciled};
pub use report::{report, Counts, Item, Report, ReportOptions};
pub use state::{
    effective, fold, fold_all, fold_all_as_of, Base, CommitmentState, Note, Overrides,
    PendingEvidence, Source, Timing,
};
