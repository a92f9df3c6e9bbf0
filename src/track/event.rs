//! The append-only event log of a commitment: statuses, owners, actors, event kinds, and the table
//! of valid status transitions. Events are the only thing stored; every state is a fold of them.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{commitment_id, Commitment, DocId, Span, Strength};

/// Where a commitment stands. `Done`, `Dropped` and `Waived` are closed; the others are active.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    InProgress,
    Done,
    Dropped,
    Waived,
}

impl Status {
    /// Every status, in lifecycle order (the order of report columns).
    pub const ALL: [Status; 5] = [
        Status::Open,
        Status::InProgress,
        Status::Done,
        Status::Dropped,
        Status::Waived,
    ];

    /// The snake_case name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Dropped => "dropped",
            Status::Waived => "waived",
        }
    }

    /// Whether work on it is still expected: open or in progress. Only these can be overdue.
    pub fn is_active(self) -> bool {
        matches!(self, Status::Open | Status::InProgress)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = Error;

    /// Accepts the snake_case names plus `in-progress` and `inprogress`, in any case.
    fn from_str(s: &str) -> Result<Status> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        match norm.as_str() {
            "open" => Ok(Status::Open),
            "in_progress" | "inprogress" => Ok(Status::InProgress),
            "done" => Ok(Status::Done),
            "dropped" => Ok(Status::Dropped),
            "waived" => Ok(Status::Waived),
            _ => Err(Error::Invalid(format!(
                "unknown status {s:?} (want open, in_progress, done, dropped or waived)"
            ))),
        }
    }
}

/// Checks a status change against the lifecycle, returning why it is refused.
///
/// The rules, decided here once:
/// - open -> in_progress | done; in_progress -> open | done: free (work starts, pauses, finishes);
/// - open | in_progress -> dropped | waived: a note is required, saying why it will not be done;
/// - done | dropped | waived -> open | in_progress (reopening): a note is required, saying why;
/// - closed -> another closed status (done -> waived...): refused, reopen first so the log says why;
/// - a status to itself: refused, it would record nothing.
pub fn check_transition(from: Status, to: Status, note: Option<&str>) -> Result<()> {
    let has_note = note.is_some_and(|n| !n.trim().is_empty());
    if from == to {
        return Err(Error::Invalid(format!("the commitment is already {from}")));
    }
    let needs_note = match (from.is_active(), to.is_active()) {
        (true, true) => false,
        (true, false) => matches!(to, Status::Dropped | Status::Waived),
        (false, true) => true,
        (false, false) => {
            return Err(Error::Invalid(format!(
                "cannot go from {from} to {to}: reopen it first (to open, with a note)"
            )))
        }
    };
    if needs_note && !has_note {
        let why = if from.is_active() {
            format!("marking a commitment {to} needs a note saying why")
        } else {
            format!("reopening a {from} commitment (to {to}) needs a note saying why")
        };
        return Err(Error::Invalid(why));
    }
    Ok(())
}

/// Who is responsible for carrying a commitment out.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    /// The committing parties jointly (the default for an extracted commitment with no group).
    Parties(Vec<String>),
    /// One party (organisation), by canonical name.
    Party(String),
    /// A working group, by name.
    Group(String),
    /// A person, by name.
    Person(String),
}

impl Owner {
    /// The names this owner answers to, for filtering (`--owner`).
    pub fn names(&self) -> Vec<&str> {
        match self {
            Owner::Parties(ps) => ps.iter().map(String::as_str).collect(),
            Owner::Party(n) | Owner::Group(n) | Owner::Person(n) => vec![n.as_str()],
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Parties(ps) if ps.is_empty() => f.write_str("(unassigned)"),
            Owner::Parties(ps) => f.write_str(&ps.join(", ")),
            Owner::Party(n) => f.write_str(n),
            Owner::Group(n) => write!(f, "group: {n}"),
            Owner::Person(n) => write!(f, "person: {n}"),
        }
    }
}

/// Who wrote an event: a person (a coordinator) or accord itself (extractor, linker, with version).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// A person, by name or login.
    User(String),
    /// accord's own machinery, e.g. `"extractor 0.1.0"` or `"linker 0.1.0"`.
    System(String),
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::User(n) => f.write_str(n),
            Actor::System(n) => write!(f, "accord ({n})"),
        }
    }
}

/// A sentence in a document that reports on a commitment: the evidence of a follow-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRef {
    pub doc: DocId,
    /// The sentence's span in that document's text.
    pub span: Span,
    /// The sentence, so the log explains itself without the document at hand.
    pub sentence: String,
    /// The reporting document's publication date, when known.
    pub published: Option<NaiveDate>,
}

impl EvidenceRef {
    /// Whether both point at the same sentence of the same document.
    pub fn same_place(&self, other: &EvidenceRef) -> bool {
        self.doc == other.doc && self.span == other.span
    }
}

/// What happened to a commitment. Serialised with a `type` tag in snake_case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// Analysis found the commitment in a document. Repeated on re-ingest or with a new extractor;
    /// a repeat updates the extracted base only, never what a person set.
    Extracted {
        doc: DocId,
        /// The document's publication date (follow-ups must come after it).
        published: Option<NaiveDate>,
        record: Commitment,
    },
    /// A person recorded a commitment that no document states (`accord commitment add`).
    Added {
        by: Vec<String>,
        action: String,
        due: Option<NaiveDate>,
        strength: Strength,
        group: Option<String>,
        note: Option<String>,
    },
    /// The status moved; see [`check_transition`] for which moves are valid.
    StatusChanged { to: Status, note: Option<String> },
    /// A person set (or cleared) the deadline; this wins over any extracted deadline.
    DueChanged {
        due: Option<NaiveDate>,
        note: Option<String>,
    },
    /// A person set the owner; this wins over the owner derived from extraction.
    OwnerChanged { owner: Owner, note: Option<String> },
    /// A free-text note.
    NoteAdded { text: String },
    /// The linker proposed a sentence as evidence; a coordinator accepts or rejects it later.
    EvidenceSuggested {
        evidence: EvidenceRef,
        score: f64,
        /// The status the sentence suggests ("resumed" suggests done).
        suggests: Option<Status>,
        /// A note to go with that status ("reported postponed").
        #[serde(default)]
        note: Option<String>,
    },
    /// A coordinator accepted a sentence as evidence (a status change, if any, is its own event).
    EvidenceLinked {
        evidence: EvidenceRef,
        note: Option<String>,
    },
    /// A coordinator rejected a suggested sentence; it is not suggested again.
    EvidenceRejected {
        evidence: EvidenceRef,
        note: Option<String>,
    },
    /// A person marked this commitment a duplicate of another (`into`), or undid that (`None`).
    Merged { into: Option<String> },
}

impl EventKind {
    /// The snake_case name of the kind, as in the JSON `type` tag.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Extracted { .. } => "extracted",
            EventKind::Added { .. } => "added",
            EventKind::StatusChanged { .. } => "status_changed",
            EventKind::DueChanged { .. } => "due_changed",
            EventKind::OwnerChanged { .. } => "owner_changed",
            EventKind::NoteAdded { .. } => "note_added",
            EventKind::EvidenceSuggested { .. } => "evidence_suggested",
            EventKind::EvidenceLinked { .. } => "evidence_linked",
            EventKind::EvidenceRejected { .. } => "evidence_rejected",
            EventKind::Merged { .. } => "merged",
        }
    }

    /// Whether this kind creates the commitment (only these may come first in a log).
    pub fn creates(&self) -> bool {
        matches!(self, EventKind::Extracted { .. } | EventKind::Added { .. })
    }
}

/// One entry of the append-only log: which commitment, when, who, and what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The commitment id (`C-` and 12 hex digits; 8 in stores from before session 4).
    pub commitment: String,
    /// When it was recorded (passed in by the caller; never read from the clock here).
    pub at: DateTime<Utc>,
    pub actor: Actor,
    #[serde(flatten)]
    pub kind: EventKind,
}

impl Event {
    /// An event for `commitment` at `at` by `actor`.
    pub fn new(
        commitment: impl Into<String>,
        at: DateTime<Utc>,
        actor: Actor,
        kind: EventKind,
    ) -> Event {
        Event {
            commitment: commitment.into(),
            at,
            actor,
            kind,
        }
    }

    /// The `extracted` event for a commitment found in document `doc`.
    pub fn extracted(
        doc: &DocId,
        published: Option<NaiveDate>,
        commitment: &Commitment,
        at: DateTime<Utc>,
        extractor: &str,
    ) -> Event {
        Event::new(
            commitment.id.clone(),
            at,
            Actor::System(extractor.to_string()),
            EventKind::Extracted {
                doc: doc.clone(),
                published,
                record: commitment.clone(),
            },
        )
    }
}

/// The id of a commitment a person adds (`accord commitment add`): the same `C-` and 12 hex
/// digits shape as extracted ones, from the action and the time it was added, so two people
/// adding the same words at different times get two commitments.
pub fn added_id(action: &str, at: DateTime<Utc>) -> String {
    let seed = format!("added\u{0}{}\u{0}{}", action.trim(), at.to_rfc3339());
    commitment_id(&DocId::of(seed.as_bytes()), Span(0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_ids_are_stable_and_distinct() {
        let at: DateTime<Utc> = "2025-01-02T10:00:00Z".parse().unwrap();
        let later: DateTime<Utc> = "2025-01-02T10:00:01Z".parse().unwrap();
        let id = added_id("hold a workshop", at);
        assert!(id.starts_with("C-") && id.len() == 14, "{id}");
        assert_eq!(id, added_id(" hold a workshop ", at));
        assert_ne!(id, added_id("hold a workshop", later));
        assert_ne!(id, added_id("hold a seminar", at));
    }

    use Status::*;

    #[test]
    fn transition_table() {
        // (id, from, to, note, Ok or a fragment of the error message)
        type Case = (
            &'static str,
            Status,
            Status,
            Option<&'static str>,
            std::result::Result<(), &'static str>,
        );
        let cases: &[Case] = &[
            ("start", Open, InProgress, None, Ok(())),
            ("finish-from-open", Open, Done, None, Ok(())),
            ("finish", InProgress, Done, None, Ok(())),
            ("pause", InProgress, Open, None, Ok(())),
            ("drop-with-note", Open, Dropped, Some("superseded"), Ok(())),
            (
                "waive-with-note",
                InProgress,
                Waived,
                Some("no longer needed"),
                Ok(()),
            ),
            (
                "drop-without-note",
                Open,
                Dropped,
                None,
                Err("needs a note"),
            ),
            (
                "waive-blank-note",
                InProgress,
                Waived,
                Some("  "),
                Err("needs a note"),
            ),
            (
                "reopen-done-with-note",
                Done,
                Open,
                Some("service suspended again"),
                Ok(()),
            ),
            (
                "reopen-done-to-progress",
                Done,
                InProgress,
                Some("partial only"),
                Ok(()),
            ),
            (
                "reopen-dropped-with-note",
                Dropped,
                Open,
                Some("back on the agenda"),
                Ok(()),
            ),
            (
                "reopen-waived-with-note",
                Waived,
                Open,
                Some("waiver withdrawn"),
                Ok(()),
            ),
            (
                "reopen-without-note",
                Done,
                Open,
                None,
                Err("reopening a done"),
            ),
            (
                "reopen-waived-without-note",
                Waived,
                InProgress,
                None,
                Err("needs a note"),
            ),
            (
                "done-to-waived",
                Done,
                Waived,
                Some("x"),
                Err("reopen it first"),
            ),
            (
                "dropped-to-done",
                Dropped,
                Done,
                Some("x"),
                Err("reopen it first"),
            ),
            ("same-open", Open, Open, None, Err("already open")),
            ("same-done", Done, Done, Some("x"), Err("already done")),
        ];
        for (id, from, to, note, want) in cases {
            let got = check_transition(*from, *to, *note);
            match (want, got) {
                (Ok(()), Ok(())) => {}
                (Err(frag), Err(e)) => {
                    assert!(
                        e.to_string().contains(frag),
                        "{id}: message {e:?} lacks {frag:?}"
                    )
                }
                (want, got) => panic!("{id}: want {want:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn status_parses_cli_spellings() {
        for (s, want) in [
            ("open", Open),
            ("In-Progress", InProgress),
            ("in_progress", InProgress),
            ("DONE", Done),
            ("waived", Waived),
        ] {
            assert_eq!(s.parse::<Status>().unwrap(), want, "{s}");
        }
        let e = "closed".parse::<Status>().unwrap_err().to_string();
        assert!(e.contains("closed") && e.contains("in_progress"), "{e}");
    }

    #[test]
    fn event_json_is_flat_and_round_trips() {
        let at = "2024-07-11T09:00:00Z".parse().unwrap();
        let ev = Event::new(
            "C-0000abcd",
            at,
            Actor::User("kim".into()),
            EventKind::StatusChanged {
                to: Waived,
                note: Some("covered by the UPU plan".into()),
            },
        );
        let json = serde_json::to_string(&ev).unwrap();
        assert!(json.contains(r#""type":"status_changed""#), "{json}");
        assert!(json.contains(r#""to":"waived""#), "{json}");
        assert!(json.contains(r#""actor":{"user":"kim"}"#), "{json}");
        let back: Event = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ev);
    }
}
