//! A commitment's current state, derived by folding its event log, and the time-dependent views
//! of it (overdue, due soon) computed at an as-of date and never stored.
//!
//! The fold keeps two layers: the *base* from the latest `extracted`/`added` event, and the
//! *overrides* a person set (status, due, owner, merge). [`effective`] combines them; a person's
//! override always wins, whatever order extraction and edits arrived in.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::event::{check_transition, Actor, Event, EventKind, EvidenceRef, Owner, Status};
use crate::error::{Error, Result};
use crate::model::{DocId, Span, Strength};

/// Where an extracted commitment was stated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub doc: DocId,
    pub published: Option<NaiveDate>,
    /// The action's span in the document text.
    pub span: Span,
    /// The whole sentence that states it.
    pub sentence: String,
    /// The id of the analysis rule that found it.
    pub rule: String,
}

/// What the latest extraction (or `added` event) said: the layer re-ingesting may replace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Base {
    /// `None` for a commitment a person added.
    pub source: Option<Source>,
    pub by: Vec<String>,
    pub action: String,
    pub due: Option<NaiveDate>,
    pub due_text: Option<String>,
    pub strength: Strength,
    pub group: Option<String>,
}

impl Base {
    /// The owner extraction implies: the working group if the text names one, else the parties.
    pub fn owner(&self) -> Owner {
        match &self.group {
            Some(g) => Owner::Group(g.clone()),
            None => Owner::Parties(self.by.clone()),
        }
    }
}

/// What people set on top of the base; each field `None` until someone sets it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overrides {
    /// `Some(None)` means a person cleared the deadline.
    pub due: Option<Option<NaiveDate>>,
    pub owner: Option<Owner>,
}

/// The rule "user edits win": a person's value, when there is one, else the extracted one.
/// Order does not matter: a later re-extraction changes `base`, never `person`.
pub fn effective<T: Clone>(base: &T, person: Option<&T>) -> T {
    person.cloned().unwrap_or_else(|| base.clone())
}

/// A note in the log, with who wrote it and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    /// The event kind the note came with (`note_added`, `status_changed`...).
    pub kind: String,
    pub text: String,
}

/// A suggested evidence link still waiting for a coordinator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingEvidence {
    pub evidence: EvidenceRef,
    pub score: f64,
    pub suggests: Option<Status>,
    /// The note to go with that status if accepted.
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

impl PendingEvidence {
    /// The events that accept this suggestion, moving the status as suggested when `move_status`
    /// (see [`super::link::accept`]).
    pub fn accept(
        &self,
        st: &CommitmentState,
        move_status: bool,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Vec<Event>> {
        let to = self
            .suggests
            .filter(|_| move_status)
            .map(|s| (s, self.note.clone()));
        super::link::accept(st, &self.evidence, to, actor, at)
    }
}

/// The current state of one commitment: a fold of its events. Never stored, always recomputed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommitmentState {
    pub id: String,
    /// The extracted (or added) layer.
    pub base: Base,
    /// What people set on top of it.
    pub overrides: Overrides,
    // The effective values, kept in step with base and overrides by `refresh`.
    pub by: Vec<String>,
    pub action: String,
    pub due: Option<NaiveDate>,
    pub strength: Strength,
    pub owner: Owner,
    pub group: Option<String>,
    pub status: Status,
    /// The note of the latest status change.
    pub status_note: Option<String>,
    /// When the status last changed (creation time if never).
    pub status_since: DateTime<Utc>,
    /// The commitment this one duplicates, when a person merged it.
    pub merged_into: Option<String>,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub notes: Vec<Note>,
    /// Accepted evidence, oldest first.
    pub evidence: Vec<EvidenceRef>,
    /// Rejected suggestions (never suggested again).
    pub rejected: Vec<EvidenceRef>,
    /// Suggestions not yet accepted or rejected.
    pub pending: Vec<PendingEvidence>,
    /// How many events were folded (including skipped ones).
    pub events: usize,
    /// Events the fold skipped because they were invalid at their point in the log.
    pub warnings: Vec<String>,
}

impl CommitmentState {
    /// The state right after a creating event (`extracted` or `added`); an error for other kinds.
    pub fn create(event: &Event) -> Result<CommitmentState> {
        let base = base_of(&event.kind).ok_or_else(|| {
            Error::Invalid(format!(
                "{}: the log must start with `extracted` or `added`, not `{}`",
                event.commitment,
                event.kind.name()
            ))
        })?;
        let mut st = CommitmentState {
            id: event.commitment.clone(),
            owner: base.owner(),
            by: base.by.clone(),
            action: base.action.clone(),
            due: base.due,
            strength: base.strength,
            group: base.group.clone(),
            base,
            overrides: Overrides::default(),
            status: Status::Open,
            status_note: None,
            status_since: event.at,
            merged_into: None,
            created: event.at,
            updated: event.at,
            notes: Vec::new(),
            evidence: Vec::new(),
            rejected: Vec::new(),
            pending: Vec::new(),
            events: 1,
            warnings: Vec::new(),
        };
        if let EventKind::Added {
            note: Some(text), ..
        } = &event.kind
        {
            st.push_note(event, text);
        }
        Ok(st)
    }

    /// Applies one event, or refuses it with a clear message and leaves the state unchanged.
    /// Call this to validate a new event before appending it to the store.
    pub fn apply(&mut self, event: &Event) -> Result<()> {
        if event.commitment != self.id {
            return Err(Error::Invalid(format!(
                "event for {} applied to {}",
                event.commitment, self.id
            )));
        }
        match &event.kind {
            EventKind::Extracted { .. } | EventKind::Added { .. } => {
                // A re-extraction replaces the base only; overrides and status stay.
                if let Some(base) = base_of(&event.kind) {
                    self.base = base;
                }
                if let EventKind::Added {
                    note: Some(text), ..
                } = &event.kind
                {
                    self.push_note(event, text);
                }
            }
            EventKind::StatusChanged { to, note } => {
                check_transition(self.status, *to, note.as_deref())
                    .map_err(|e| Error::Invalid(format!("{}: {e}", self.id)))?;
                self.status = *to;
                self.status_note = note.clone().filter(|n| !n.trim().is_empty());
                self.status_since = event.at;
                if let Some(n) = note {
                    self.push_note(event, n);
                }
            }
            EventKind::DueChanged { due, note } => {
                self.overrides.due = Some(*due);
                if let Some(n) = note {
                    self.push_note(event, n);
                }
            }
            EventKind::OwnerChanged { owner, note } => {
                self.overrides.owner = Some(owner.clone());
                if let Some(n) = note {
                    self.push_note(event, n);
                }
            }
            EventKind::NoteAdded { text } => {
                if text.trim().is_empty() {
                    return Err(Error::Invalid(format!("{}: empty note", self.id)));
                }
                self.push_note(event, text);
            }
            EventKind::EvidenceSuggested {
                evidence,
                score,
                suggests,
                note,
            } => {
                // Already decided or already pending: nothing new to record.
                if !self.knows(evidence) {
                    self.pending.push(PendingEvidence {
                        evidence: evidence.clone(),
                        score: *score,
                        suggests: *suggests,
                        note: note.clone(),
                        at: event.at,
                    });
                }
            }
            EventKind::EvidenceLinked { evidence, note } => {
                if self.evidence.iter().any(|e| e.same_place(evidence)) {
                    return Err(Error::Invalid(format!(
                        "{}: that sentence is already linked as evidence",
                        self.id
                    )));
                }
                self.pending.retain(|p| !p.evidence.same_place(evidence));
                self.rejected.retain(|r| !r.same_place(evidence));
                self.evidence.push(evidence.clone());
                if let Some(n) = note {
                    self.push_note(event, n);
                }
            }
            EventKind::EvidenceRejected { evidence, note } => {
                self.pending.retain(|p| !p.evidence.same_place(evidence));
                // Rejecting accepted evidence unlinks it: the coordinator changed their mind.
                self.evidence.retain(|e| !e.same_place(evidence));
                if !self.rejected.iter().any(|r| r.same_place(evidence)) {
                    self.rejected.push(evidence.clone());
                }
                if let Some(n) = note {
                    self.push_note(event, n);
                }
            }
            EventKind::Merged { into } => {
                if into.as_deref() == Some(self.id.as_str()) {
                    return Err(Error::Invalid(format!(
                        "{}: cannot merge a commitment into itself",
                        self.id
                    )));
                }
                self.merged_into = into.clone();
            }
        }
        self.refresh();
        self.updated = event.at;
        self.events += 1;
        Ok(())
    }

    /// Whether this sentence is already linked, rejected or pending for this commitment.
    pub fn knows(&self, evidence: &EvidenceRef) -> bool {
        self.evidence.iter().any(|e| e.same_place(evidence))
            || self.rejected.iter().any(|e| e.same_place(evidence))
            || self.pending.iter().any(|p| p.evidence.same_place(evidence))
    }

    /// Whether it still needs work: active status and not merged into another commitment.
    pub fn is_active(&self) -> bool {
        self.status.is_active() && self.merged_into.is_none()
    }

    /// Days past the deadline at `as_of` (at least 1), if active and overdue.
    pub fn days_late(&self, as_of: NaiveDate) -> Option<i64> {
        let due = self.due?;
        (self.is_active() && due < as_of).then(|| (as_of - due).num_days())
    }

    /// Days left until the deadline (0 = due today), if active, not overdue and due within
    /// `within_days` of `as_of`.
    pub fn due_soon(&self, as_of: NaiveDate, within_days: i64) -> Option<i64> {
        let due = self.due?;
        let left = (due - as_of).num_days();
        (self.is_active() && (0..=within_days).contains(&left)).then_some(left)
    }

    /// Where it stands in time at `as_of`, for rendering and sorting.
    pub fn timing(&self, as_of: NaiveDate) -> Timing {
        if !self.is_active() {
            return Timing::Closed;
        }
        match self.due {
            None => Timing::Undated,
            Some(due) if due < as_of => Timing::Overdue {
                days_late: (as_of - due).num_days(),
            },
            Some(due) => Timing::Upcoming {
                days_left: (due - as_of).num_days(),
            },
        }
    }

    /// The date it was last closed as done, if its status is done.
    pub fn done_on(&self) -> Option<NaiveDate> {
        (self.status == Status::Done).then(|| self.status_since.date_naive())
    }

    /// The document that stated it, if extracted.
    pub fn source(&self) -> Option<&Source> {
        self.base.source.as_ref()
    }

    /// Records a note; blank ones are not worth a line.
    fn push_note(&mut self, event: &Event, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.notes.push(Note {
            at: event.at,
            actor: event.actor.clone(),
            kind: event.kind.name().to_string(),
            text: text.to_string(),
        });
    }

    /// Recomputes the effective fields from base and overrides.
    fn refresh(&mut self) {
        self.by = self.base.by.clone();
        self.action = self.base.action.clone();
        self.strength = self.base.strength;
        self.group = self.base.group.clone();
        self.due = effective(&self.base.due, self.overrides.due.as_ref());
        self.owner = effective(&self.base.owner(), self.overrides.owner.as_ref());
    }
}

/// A commitment's position in time at an as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "timing", rename_all = "snake_case")]
pub enum Timing {
    /// Active and past its deadline.
    Overdue { days_late: i64 },
    /// Active, deadline today or later.
    Upcoming { days_left: i64 },
    /// Active, no deadline.
    Undated,
    /// Done, dropped, waived or merged.
    Closed,
}

fn base_of(kind: &EventKind) -> Option<Base> {
    match kind {
        EventKind::Extracted {
            doc,
            published,
            record: c,
        } => Some(Base {
            source: Some(Source {
                doc: doc.clone(),
                published: *published,
                span: c.span,
                sentence: c.sentence.clone(),
                rule: c.rule.clone(),
            }),
            by: c.by.clone(),
            action: c.action.clone(),
            due: c.due,
            due_text: c.due_text.clone(),
            strength: c.strength,
            group: c.group.clone(),
        }),
        EventKind::Added {
            by,
            action,
            due,
            strength,
            group,
            ..
        } => Some(Base {
            source: None,
            by: by.clone(),
            action: action.clone(),
            due: *due,
            due_text: None,
            strength: *strength,
            group: group.clone(),
        }),
        _ => None,
    }
}

/// Folds one commitment's events, in log order, into its state.
///
/// The log is immutable, so an event that is invalid where it stands (an invalid transition, say,
/// from an import) is skipped and recorded in `warnings` rather than making the commitment
/// unreadable. Errors only when no event creates the commitment. Events before the first
/// creating event are skipped the same way.
pub fn fold(events: &[Event]) -> Result<CommitmentState> {
    let first = events
        .iter()
        .position(|e| e.kind.creates())
        .ok_or_else(|| {
            let id = events.first().map(|e| e.commitment.as_str()).unwrap_or("?");
            Error::Invalid(format!(
                "{id}: no `extracted` or `added` event, so there is no commitment"
            ))
        })?;
    let mut st = CommitmentState::create(&events[first])?;
    for (i, e) in events[..first].iter().enumerate() {
        st.warnings.push(format!(
            "event {i} ({}) before the commitment existed: skipped",
            e.kind.name()
        ));
    }
    st.events += first;
    for (i, e) in events.iter().enumerate().skip(first + 1) {
        if let Err(err) = st.apply(e) {
            st.warnings
                .push(format!("event {i} ({}) skipped: {err}", e.kind.name()));
            st.events += 1;
        }
    }
    Ok(st)
}

/// Folds a whole log (many commitments, interleaved, in log order) into one state per
/// commitment, ordered by id, plus the errors of logs that could not be folded at all.
pub fn fold_all(events: &[Event]) -> (Vec<CommitmentState>, Vec<String>) {
    let mut by_id: BTreeMap<&str, Vec<Event>> = BTreeMap::new();
    for e in events {
        by_id
            .entry(e.commitment.as_str())
            .or_default()
            .push(e.clone());
    }
    let mut states = Vec::with_capacity(by_id.len());
    let mut errors = Vec::new();
    for evs in by_id.values() {
        match fold(evs) {
            Ok(st) => states.push(st),
            Err(e) => errors.push(e.to_string()),
        }
    }
    (states, errors)
}

/// Like [`fold_all`], over only the events recorded on or before `as_of` (UTC dates): the log as
/// it stood then, for a report "as of" a past date.
pub fn fold_all_as_of(events: &[Event], as_of: NaiveDate) -> (Vec<CommitmentState>, Vec<String>) {
    let until: Vec<Event> = events
        .iter()
        .filter(|e| e.at.date_naive() <= as_of)
        .cloned()
        .collect();
    fold_all(&until)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Commitment;

    pub fn ts(s: &str) -> DateTime<Utc> {
        format!("{s}T12:00:00Z").parse().expect("test timestamp")
    }

    pub fn day(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    pub fn commitment(id: &str, by: &[&str], action: &str, due: Option<&str>) -> Commitment {
        Commitment {
            id: id.to_string(),
            by: by.iter().map(|s| s.to_string()).collect(),
            action: action.to_string(),
            due: due.map(day),
            due_text: due.map(|_| "by the end of this year".to_string()),
            strength: Strength::Firm,
            group: None,
            sentence: format!("They agreed to {action}."),
            rule: "commit.agreed_to".to_string(),
            span: Span(10, 10 + action.len()),
        }
    }

    pub fn extracted(c: &Commitment, on: &str) -> Event {
        Event::extracted(
            &DocId("d1".repeat(32)),
            Some(day("2024-07-10")),
            c,
            ts(on),
            "extractor 0.1.0",
        )
    }

    pub fn user(id: &str, on: &str, kind: EventKind) -> Event {
        Event::new(id, ts(on), Actor::User("kim".into()), kind)
    }

    fn status(id: &str, on: &str, to: Status, note: Option<&str>) -> Event {
        user(
            id,
            on,
            EventKind::StatusChanged {
                to,
                note: note.map(String::from),
            },
        )
    }

    #[test]
    fn fold_follows_the_lifecycle_and_keeps_notes() {
        let c = commitment(
            "C-00000001",
            &["Korea Post"],
            "resume the EMS service",
            Some("2024-12-31"),
        );
        let log = vec![
            extracted(&c, "2024-07-10"),
            status("C-00000001", "2024-08-01", Status::InProgress, None),
            status(
                "C-00000001",
                "2025-01-02",
                Status::Done,
                Some("resumed on 1 January"),
            ),
        ];
        let st = fold(&log).unwrap();
        assert_eq!(st.status, Status::Done);
        assert_eq!(st.status_note.as_deref(), Some("resumed on 1 January"));
        assert_eq!(st.done_on(), Some(day("2025-01-02")));
        assert_eq!(st.notes.len(), 1);
        assert_eq!(st.events, 3);
        assert!(st.warnings.is_empty());
        assert_eq!(st.owner, Owner::Parties(vec!["Korea Post".into()]));
    }

    #[test]
    fn invalid_events_are_refused_by_apply_and_skipped_by_fold() {
        let c = commitment("C-00000002", &["Japan Post"], "share air transport", None);
        let mut st = fold(&[extracted(&c, "2024-01-01")]).unwrap();
        let bad = status("C-00000002", "2024-02-01", Status::Dropped, None);
        let before = st.clone();
        let err = st.apply(&bad).unwrap_err().to_string();
        assert!(
            err.contains("C-00000002") && err.contains("needs a note"),
            "{err}"
        );
        assert_eq!(st, before, "a refused event changes nothing");

        let st = fold(&[extracted(&c, "2024-01-01"), bad]).unwrap();
        assert_eq!(st.status, Status::Open);
        assert_eq!(st.warnings.len(), 1, "{:?}", st.warnings);
        assert!(st.warnings[0].contains("event 1 (status_changed)"));
    }

    #[test]
    fn a_log_without_a_creating_event_is_an_error() {
        let err = fold(&[status("C-00000003", "2024-01-01", Status::Done, None)])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("C-00000003") && err.contains("no `extracted`"),
            "{err}"
        );
        assert!(fold(&[]).is_err());
    }

    #[test]
    fn user_edits_win_over_re_extraction() {
        // (id, log after the first extraction, want due, want owner, want status)
        let id = "C-00000004";
        let first = commitment(
            id,
            &["Korea Post"],
            "resume the EMS service",
            Some("2024-12-31"),
        );
        let mut later = first.clone();
        later.due = Some(day("2025-06-30"));
        later.group = Some("joint working group".into());
        let person_due = || {
            user(
                id,
                "2024-09-01",
                EventKind::DueChanged {
                    due: Some(day("2025-03-31")),
                    note: Some("agreed by phone".into()),
                },
            )
        };
        let person_owner = || {
            user(
                id,
                "2024-09-02",
                EventKind::OwnerChanged {
                    owner: Owner::Person("Kim Hong-jae".into()),
                    note: None,
                },
            )
        };
        let cases: Vec<(&str, Vec<Event>, &str, Owner, Status)> = vec![
            (
                "re-extraction alone updates the base",
                vec![extracted(&later, "2025-01-01")],
                "2025-06-30",
                Owner::Group("joint working group".into()),
                Status::Open,
            ),
            (
                "person's due survives a later re-extraction",
                vec![person_due(), extracted(&later, "2025-01-01")],
                "2025-03-31",
                Owner::Group("joint working group".into()),
                Status::Open,
            ),
            (
                "person's owner and status survive",
                vec![
                    person_owner(),
                    status(id, "2024-09-03", Status::InProgress, None),
                    extracted(&later, "2025-01-01"),
                ],
                "2025-06-30",
                Owner::Person("Kim Hong-jae".into()),
                Status::InProgress,
            ),
            (
                "re-extraction before the edit: the edit still wins",
                vec![extracted(&later, "2024-08-01"), person_due()],
                "2025-03-31",
                Owner::Group("joint working group".into()),
                Status::Open,
            ),
        ];
        for (name, tail, due, owner, status) in cases {
            let mut log = vec![extracted(&first, "2024-07-10")];
            log.extend(tail);
            let st = fold(&log).unwrap();
            assert_eq!(st.due, Some(day(due)), "{name}");
            assert_eq!(st.owner, owner, "{name}");
            assert_eq!(st.status, status, "{name}");
        }

        // A person who cleared the deadline ("no date agreed") is not overruled either.
        let cleared = user(
            id,
            "2024-09-01",
            EventKind::DueChanged {
                due: None,
                note: None,
            },
        );
        let st = fold(&[
            extracted(&first, "2024-07-10"),
            cleared,
            extracted(&later, "2025-01-01"),
        ])
        .unwrap();
        assert_eq!(st.due, None);
        assert_eq!(
            st.base.due,
            Some(day("2025-06-30")),
            "the base still records what was found"
        );
    }

    #[test]
    fn added_commitments_have_no_source_and_take_extraction_later() {
        let id = super::super::event::added_id("hold a workshop on e-commerce", ts("2025-01-02"));
        let added = user(
            &id,
            "2025-01-02",
            EventKind::Added {
                by: vec!["Korea Post".into()],
                action: "hold a workshop on e-commerce".into(),
                due: Some(day("2025-06-30")),
                strength: Strength::Intent,
                group: None,
                note: Some("agreed by phone".into()),
            },
        );
        let st = fold(std::slice::from_ref(&added)).unwrap();
        assert!(st.source().is_none());
        assert_eq!(st.notes.len(), 1);
        assert_eq!(
            (st.status, st.due, st.strength),
            (Status::Open, Some(day("2025-06-30")), Strength::Intent)
        );
        assert_eq!(st.owner, Owner::Parties(vec!["Korea Post".into()]));
        let back: Event = serde_json::from_str(&serde_json::to_string(&added).unwrap()).unwrap();
        assert_eq!(back, added);
    }

    #[test]
    fn merge_survives_re_extraction_and_closes_the_item() {
        let id = "C-00000005";
        let c = commitment(
            id,
            &["China Post"],
            "share air transport",
            Some("2024-01-31"),
        );
        let log = vec![
            extracted(&c, "2023-12-01"),
            user(
                id,
                "2023-12-02",
                EventKind::Merged {
                    into: Some("C-0000aaaa".into()),
                },
            ),
            extracted(&c, "2024-02-01"),
        ];
        let st = fold(&log).unwrap();
        assert_eq!(st.merged_into.as_deref(), Some("C-0000aaaa"));
        assert!(!st.is_active());
        assert_eq!(st.days_late(day("2024-03-01")), None);
        let self_merge = user(
            id,
            "2023-12-03",
            EventKind::Merged {
                into: Some(id.into()),
            },
        );
        assert!(fold(&log).unwrap().apply(&self_merge).is_err());
    }

    #[test]
    fn overdue_and_due_soon_at_as_of_dates() {
        let id = "C-00000006";
        let c = commitment(
            id,
            &["Korea Post"],
            "resume the EMS service",
            Some("2024-12-31"),
        );
        let open = fold(&[extracted(&c, "2024-07-10")]).unwrap();
        let done = fold(&[
            extracted(&c, "2024-07-10"),
            status(id, "2025-01-05", Status::Done, None),
        ])
        .unwrap();
        // (id, state, as_of, want days late, want days left within 30)
        let cases = [
            ("long before", &open, "2024-07-10", None, None),
            ("31 days before", &open, "2024-11-30", None, None),
            ("30 days before", &open, "2024-12-01", None, Some(30)),
            ("due today", &open, "2024-12-31", None, Some(0)),
            ("one day late", &open, "2025-01-01", Some(1), None),
            ("leap year span", &open, "2025-03-01", Some(60), None),
            ("done is never late", &done, "2025-03-01", None, None),
            ("done is never due", &done, "2024-12-20", None, None),
        ];
        for (name, st, as_of, late, soon) in cases {
            assert_eq!(st.days_late(day(as_of)), late, "{name}: late");
            assert_eq!(st.due_soon(day(as_of), 30), soon, "{name}: soon");
        }
        assert_eq!(
            open.timing(day("2025-01-03")),
            Timing::Overdue { days_late: 3 }
        );
        assert_eq!(done.timing(day("2025-01-03")), Timing::Closed);
    }

    #[test]
    fn evidence_pending_linked_rejected() {
        let id = "C-00000007";
        let c = commitment(id, &["Korea Post"], "resume the EMS service", None);
        let ev = |n: usize| EvidenceRef {
            doc: DocId("e".repeat(64)),
            span: Span(n, n + 10),
            sentence: "The service resumed.".into(),
            published: Some(day("2025-01-02")),
        };
        let sys = |kind| Event::new(id, ts("2025-01-02"), Actor::System("linker".into()), kind);
        let log = vec![
            extracted(&c, "2024-07-10"),
            sys(EventKind::EvidenceSuggested {
                evidence: ev(1),
                score: 0.8,
                suggests: Some(Status::Done),
                note: None,
            }),
            sys(EventKind::EvidenceSuggested {
                evidence: ev(2),
                score: 0.6,
                suggests: None,
                note: None,
            }),
            sys(EventKind::EvidenceSuggested {
                evidence: ev(1),
                score: 0.8,
                suggests: Some(Status::Done),
                note: None,
            }),
            user(
                id,
                "2025-01-03",
                EventKind::EvidenceLinked {
                    evidence: ev(1),
                    note: None,
                },
            ),
            user(
                id,
                "2025-01-03",
                EventKind::EvidenceRejected {
                    evidence: ev(2),
                    note: Some("other service".into()),
                },
            ),
            sys(EventKind::EvidenceSuggested {
                evidence: ev(2),
                score: 0.6,
                suggests: None,
                note: None,
            }),
        ];
        let st = fold(&log).unwrap();
        assert_eq!(st.evidence, vec![ev(1)]);
        assert_eq!(st.rejected, vec![ev(2)]);
        assert!(st.pending.is_empty(), "{:?}", st.pending);
        let mut again = st.clone();
        let dup = user(
            id,
            "2025-01-04",
            EventKind::EvidenceLinked {
                evidence: ev(1),
                note: None,
            },
        );
        assert!(again.apply(&dup).is_err());
    }

    #[test]
    fn fold_all_groups_interleaved_logs() {
        let a = commitment(
            "C-0000000a",
            &["Korea Post"],
            "resume the EMS service",
            None,
        );
        let b = commitment("C-0000000b", &["Japan Post"], "share air transport", None);
        let log = vec![
            extracted(&b, "2024-01-01"),
            extracted(&a, "2024-01-01"),
            status("C-0000000a", "2024-02-01", Status::Done, None),
            status("C-0000000z", "2024-02-01", Status::Done, None),
        ];
        let (states, errors) = fold_all(&log);
        let ids: Vec<_> = states.iter().map(|s| (s.id.as_str(), s.status)).collect();
        assert_eq!(
            ids,
            vec![("C-0000000a", Status::Done), ("C-0000000b", Status::Open)]
        );
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("C-0000000z"));

        let (then, _) = fold_all_as_of(&log, day("2024-01-31"));
        let then: Vec<_> = then.iter().map(|s| (s.id.as_str(), s.status)).collect();
        assert_eq!(
            then,
            vec![("C-0000000a", Status::Open), ("C-0000000b", Status::Open)]
        );
        assert!(fold_all_as_of(&log, day("2023-12-31")).0.is_empty());
    }
}
