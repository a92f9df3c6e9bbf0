//! Follow-up tracking on top of the store's event logs and the pure `track` core: commitment
//! states (one pass over the log), person edits validated before they are appended, follow-up
//! suggestions recorded at ingest and decided by a coordinator, and working groups with their
//! sightings.
//!
//! Nothing here reads the clock: event timestamps and as-of dates come from the caller.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Library;
use crate::analyze::segment;
use crate::catalog::{self, PartyEntry, PartyMerge};
use crate::error::{Error, Result};
use crate::model::{Analysis, DateValue, DocId, Document, Strength};
use crate::store::events::Log;
use crate::store::listing::{From as ListFrom, Listed};
use crate::track::{
    self, fold, Activity, Actor, CommitmentState, DocInput, Event, EventKind, EvidenceRef, Filter,
    GroupEvent, GroupEventKind, GroupRecord, OrgNames, Owner, Period, Sighting, Status, Target,
    Timing,
};

/// The actor name of accord's extractor in the event log.
pub const EXTRACTOR: &str = concat!("extractor ", env!("CARGO_PKG_VERSION"));
/// The actor name of accord's follow-up linker in the event log.
pub const LINKER: &str = concat!("linker ", env!("CARGO_PKG_VERSION"));

/// A sentence the linker found that shows a working group at work, waiting for a coordinator.
/// Kept in its own append-only log (`group_suggestions`); accepting appends a `sighted` event
/// to the group's own log (`track::GroupEvent`), rejecting a `sighting_rejected` one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupSuggestion {
    /// The group id (`G-` and 8 hex digits).
    pub group: String,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub evidence: EvidenceRef,
    pub score: f64,
    /// The day the sentence says it was seen, else the document's publication date.
    pub date: Option<NaiveDate>,
}

/// Where a suggested follow-up stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpStatus {
    Suggested,
    Accepted,
    Rejected,
}

/// A suggested evidence link: a sentence of a later document that reports on a commitment or
/// shows a working group at work.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FollowUp {
    /// `F-` and 8 hex digits of the target and the sentence's place: stable across runs.
    pub id: String,
    pub target: Target,
    /// The commitment's action or the group's name, for display.
    pub label: String,
    pub evidence: EvidenceRef,
    /// The reporting document's source path.
    pub source: Option<String>,
    pub score: f64,
    /// The status the sentence suggests for the commitment (accepting moves it there).
    pub suggests: Option<Status>,
    /// The note that goes with that status change ("reported postponed").
    pub note: Option<String>,
    /// For group sightings: the day it was seen.
    pub date: Option<NaiveDate>,
    pub status: FollowUpStatus,
    /// When it was suggested.
    pub at: DateTime<Utc>,
}

/// One commitment as listed by `accord commitments`: the effective values at an as-of date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommitmentRow {
    pub id: String,
    pub status: Status,
    pub by: Vec<String>,
    pub action: String,
    pub due: Option<NaiveDate>,
    pub due_text: Option<String>,
    /// Days past the deadline at the as-of date (active commitments only).
    pub days_late: Option<i64>,
    /// Days left until the deadline at the as-of date (active, not overdue).
    pub days_left: Option<i64>,
    pub strength: Strength,
    pub owner: Owner,
    pub group: Option<String>,
    pub status_note: Option<String>,
    /// The stating document, if extracted.
    pub document: Option<DocId>,
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
    pub evidence: usize,
    /// Suggested follow-ups waiting for a decision.
    pub pending: usize,
    pub merged_into: Option<String>,
}

/// A page of `accord commitments`: the rows, and whether more matched than the limit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommitmentList {
    pub rows: Vec<CommitmentRow>,
    /// More commitments match than were listed (raise `--limit`, or 0 for all).
    pub more: bool,
}

/// The most follow-ups one linking run suggests from one document (its best-scoring ones).
pub const SUGGESTIONS_PER_DOCUMENT: usize = 10;

/// How many suggestion events a linking run gathers before writing them in one transaction.
const EVENTS_PER_WRITE: usize = 2_000;

/// How many commitments `accord commitments` and the web listing show unless told otherwise.
pub const COMMITMENTS_PAGE: usize = 100;

/// One commitment in full: its state, where it stands in time, and its whole history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommitmentDetail {
    #[serde(flatten)]
    pub row: CommitmentRow,
    pub as_of: NaiveDate,
    pub timing: Timing,
    pub sentence: Option<String>,
    pub rule: Option<String>,
    pub span: Option<crate::model::Span>,
    pub state: CommitmentState,
    /// The follow-ups suggested for it (any status).
    pub followups: Vec<FollowUp>,
    /// Every event, oldest first.
    pub history: Vec<Event>,
}

/// A working group at an as-of date: the record, its activity and the commitments it carries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupView {
    #[serde(flatten)]
    pub record: GroupRecord,
    pub founding_source: Option<String>,
    pub as_of: NaiveDate,
    pub activity: Activity,
    pub commitments: Vec<CommitmentRow>,
    /// Sightings suggested and not yet decided.
    pub pending: Vec<FollowUp>,
}

/// A new commitment that no document states (`accord commitment add`).
#[derive(Clone, Debug, PartialEq)]
pub struct NewCommitment {
    pub by: Vec<String>,
    pub action: String,
    pub due: Option<NaiveDate>,
    pub owner: Option<String>,
    pub group: Option<String>,
    pub note: Option<String>,
}

/// 8 hex digits of a SHA-256 over `parts`, separated by 0 bytes.
fn short_hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
        h.update([0u8]);
    }
    let d = h.finalize();
    format!("{:02x}{:02x}{:02x}{:02x}", d[0], d[1], d[2], d[3])
}

fn target_id(t: &Target) -> &str {
    match t {
        Target::Commitment(id) | Target::Group(id) => id,
    }
}

/// The stable id of a follow-up: its target and the sentence's place.
pub fn followup_id(target: &Target, evidence: &EvidenceRef) -> String {
    format!(
        "F-{}",
        short_hash(&[
            target_id(target).as_bytes(),
            evidence.doc.as_str().as_bytes(),
            &evidence.span.0.to_be_bytes(),
            &evidence.span.1.to_be_bytes(),
        ])
    )
}

/// Normalises what people type for an id: optional prefix letter and dash, any case.
fn id_prefix(input: &str, letter: char) -> Result<String> {
    let t = input.trim();
    let upper = letter.to_ascii_uppercase();
    let hex = t
        .strip_prefix(&format!("{upper}-"))
        .or_else(|| t.strip_prefix(&format!("{}-", letter.to_ascii_lowercase())))
        .unwrap_or(t)
        .to_ascii_lowercase();
    if hex.is_empty() || hex.len() > 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::Invalid(format!(
            "{input:?} is not an id (want {upper}- and up to 12 hex digits, or a prefix of them)"
        )));
    }
    Ok(format!("{upper}-{hex}"))
}

/// Picks the one id among `candidates` that starts with `prefix`.
fn unique(kind: &str, input: &str, prefix: &str, candidates: Vec<String>) -> Result<String> {
    let mut m: Vec<String> = candidates
        .into_iter()
        .filter(|c| c.starts_with(prefix))
        .collect();
    m.dedup();
    match m.len() {
        0 => Err(Error::NotFound(format!("no {kind} with id {input}"))),
        1 => Ok(m.remove(0)),
        n => Err(Error::Invalid(format!(
            "{n} {kind}s start with {input}: give more digits"
        ))),
    }
}

/// Folds a log grouped by commitment (as `all_events` returns it) in one pass, each commitment's
/// run of events at a time. Logs that cannot be folded are reported, not fatal.
pub fn fold_grouped(events: &[Event]) -> (Vec<CommitmentState>, Vec<String>) {
    let mut states = Vec::new();
    let mut errors = Vec::new();
    let mut start = 0;
    for i in 1..=events.len() {
        if i == events.len() || events[i].commitment != events[start].commitment {
            match fold(&events[start..i]) {
                Ok(st) => states.push(st),
                Err(e) => errors.push(e.to_string()),
            }
            start = i;
        }
    }
    (states, errors)
}

/// What linking needs of a stored document.
pub fn doc_input(doc: &Document, analysis: &Analysis) -> DocInput {
    DocInput {
        id: doc.id.clone(),
        published: doc.published,
        orgs: analysis
            .organizations
            .iter()
            .map(|o| OrgNames {
                name: o.name.clone(),
                aliases: o.aliases.clone(),
            })
            .collect(),
        sentences: segment::sentences(&doc.text)
            .into_iter()
            .filter(|s| s.prose)
            .map(|s| (s.span, s.span.slice(&doc.text).to_string()))
            .collect(),
        dates: analysis
            .dates
            .iter()
            .filter_map(|d| match d.value {
                Some(DateValue::Day(day)) => Some((d.span, day)),
                _ => None,
            })
            .collect(),
    }
}

/// The `extracted` events for a newly stored document's commitments.
pub fn extracted_events(doc: &Document, analysis: &Analysis, at: DateTime<Utc>) -> Vec<Event> {
    analysis
        .commitments
        .iter()
        .map(|c| Event::extracted(&doc.id, doc.published, c, at, EXTRACTOR))
        .collect()
}

/// The working groups folded from their log, with the linker's suggestions and what became of
/// them.
struct GroupLog {
    records: Vec<GroupRecord>,
    /// (group id, document) pairs with a sentence suggested, accepted or rejected.
    known: HashSet<(String, DocId)>,
    followups: Vec<FollowUp>,
}

fn group_log(events: &[GroupEvent], suggestions: &[GroupSuggestion]) -> GroupLog {
    let (mut records, _) = track::fold_groups(events);
    records.sort_by(|a, b| {
        (a.founding_published, &a.name, &a.id).cmp(&(b.founding_published, &b.name, &b.id))
    });
    let by_id: HashMap<&str, &GroupRecord> = records.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut known: HashSet<(String, DocId)> = HashSet::new();
    for r in &records {
        for e in r.sightings.iter().map(|s| &s.evidence).chain(&r.rejected) {
            known.insert((r.id.clone(), e.doc.clone()));
        }
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut followups = Vec::new();
    for g in suggestions {
        known.insert((g.group.clone(), g.evidence.doc.clone()));
        let target = Target::Group(g.group.clone());
        let id = followup_id(&target, &g.evidence);
        if !seen.insert(id.clone()) {
            continue;
        }
        let record = by_id.get(g.group.as_str());
        let status = match record {
            Some(r)
                if r.sightings
                    .iter()
                    .any(|s| s.evidence.same_place(&g.evidence)) =>
            {
                FollowUpStatus::Accepted
            }
            Some(r) if r.rejected.iter().any(|e| e.same_place(&g.evidence)) => {
                FollowUpStatus::Rejected
            }
            _ => FollowUpStatus::Suggested,
        };
        followups.push(FollowUp {
            id,
            target,
            label: record.map(|r| r.name.clone()).unwrap_or_default(),
            evidence: g.evidence.clone(),
            source: None,
            score: g.score,
            suggests: None,
            note: None,
            date: g.date,
            status,
            at: g.at,
        });
    }
    GroupLog {
        records,
        known,
        followups,
    }
}

/// The `founded` events for a newly stored document's working groups.
pub fn founded_events(doc: &Document, analysis: &Analysis, at: DateTime<Utc>) -> Vec<GroupEvent> {
    analysis
        .working_groups
        .iter()
        .map(|g| GroupEvent::founded(&doc.id, doc.published, g, at, EXTRACTOR))
        .collect()
}

/// Commitment follow-ups from the log: each `evidence_suggested`, with its latest decision.
fn commitment_followups(events: &[Event]) -> Vec<FollowUp> {
    let mut out: Vec<FollowUp> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for e in events {
        let target = Target::Commitment(e.commitment.clone());
        match &e.kind {
            EventKind::EvidenceSuggested {
                evidence,
                score,
                suggests,
                note,
            } => {
                let id = followup_id(&target, evidence);
                if !index.contains_key(&id) {
                    index.insert(id.clone(), out.len());
                    out.push(FollowUp {
                        id,
                        target,
                        label: String::new(),
                        evidence: evidence.clone(),
                        source: None,
                        score: *score,
                        suggests: *suggests,
                        note: note.clone(),
                        date: None,
                        status: FollowUpStatus::Suggested,
                        at: e.at,
                    });
                }
            }
            EventKind::EvidenceLinked { evidence, .. }
            | EventKind::EvidenceRejected { evidence, .. } => {
                let id = followup_id(&target, evidence);
                if let Some(&i) = index.get(&id) {
                    out[i].status = if matches!(e.kind, EventKind::EvidenceLinked { .. }) {
                        FollowUpStatus::Accepted
                    } else {
                        FollowUpStatus::Rejected
                    };
                }
            }
            _ => {}
        }
    }
    out
}

impl Library {
    /// The party merges people made, oldest first.
    pub fn merges(&self) -> Result<Vec<PartyMerge>> {
        let mut m: Vec<PartyMerge> = self.store.records(Log::Merges)?;
        m.sort_by_key(|x| x.at);
        Ok(m)
    }

    /// Every party across the documents, with the merges people made applied.
    pub fn parties(&self) -> Result<Vec<PartyEntry>> {
        let docs = self.store.documents().collect::<Result<Vec<_>>>()?;
        Ok(catalog::parties(
            docs.iter().map(|(d, a)| (d, a)),
            &self.merges()?,
        ))
    }

    /// Records that party `into` absorbs party `absorbed` (both by any of their names); durable
    /// on return. Returns the merged party.
    pub fn merge_parties(
        &self,
        into: &str,
        absorbed: &str,
        note: Option<String>,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> Result<PartyEntry> {
        let mut list = self.parties()?;
        for name in [into, absorbed] {
            if !list.iter().any(|p| p.answers_to(name)) {
                return Err(Error::NotFound(format!("no party named {name:?}")));
            }
        }
        let m = PartyMerge {
            into: into.trim().to_string(),
            absorbed: absorbed.trim().to_string(),
            at,
            actor,
            note,
        };
        if !catalog::apply_merge(&mut list, &m) {
            return Err(Error::Invalid(format!(
                "{into:?} and {absorbed:?} are already one party"
            )));
        }
        let key = m.into.to_lowercase();
        self.store.append_all(Log::Merges, [(&key, &m)])?;
        list.into_iter()
            .find(|p| p.answers_to(into))
            .ok_or_else(|| Error::NotFound(format!("no party named {into:?}")))
    }

    /// Every commitment's current state (one pass over the whole log), plus the logs that could
    /// not be folded.
    pub fn states(&self) -> Result<(Vec<CommitmentState>, Vec<String>)> {
        let events = self.store.all_events()?;
        Ok(fold_grouped(&events))
    }

    /// Resolves a full commitment id or a unique prefix (`C-` optional) to a stored id.
    pub fn resolve_commitment(&self, input: &str) -> Result<String> {
        let prefix = id_prefix(input, 'c')?;
        let ids = self.store.subjects_with_prefix(Log::Commitments, &prefix)?;
        unique("commitment", input, &prefix, ids)
    }

    /// One commitment's state and events.
    pub fn commitment_log(&self, id: &str) -> Result<(CommitmentState, Vec<Event>)> {
        let events = self.store.events_of(id)?;
        if events.is_empty() {
            return Err(Error::NotFound(format!("no commitment with id {id}")));
        }
        Ok((fold(&events)?, events))
    }

    /// Validates a person's event against the commitment's current state, then appends it
    /// (durable on return). Returns the new state; an invalid change is refused and not stored.
    pub fn record(
        &self,
        id: &str,
        actor: Actor,
        at: DateTime<Utc>,
        kind: EventKind,
    ) -> Result<CommitmentState> {
        let (mut st, _) = self.commitment_log(id)?;
        let event = Event::new(id, at, actor, kind);
        st.apply(&event)?;
        self.store.append_event(&event)?;
        Ok(st)
    }

    /// Records a commitment that no document states; returns its new id.
    pub fn add_commitment(
        &self,
        new: &NewCommitment,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> Result<String> {
        let action = new.action.trim();
        if action.is_empty() {
            return Err(Error::Invalid(
                "a commitment needs an action (--action)".into(),
            ));
        }
        let by: Vec<String> = new
            .by
            .iter()
            .map(|b| b.trim().to_string())
            .filter(|b| !b.is_empty())
            .collect();
        if by.is_empty() {
            return Err(Error::Invalid("a commitment needs a party (--by)".into()));
        }
        let id = track::added_id(action, at);
        if !self.store.events_of(&id)?.is_empty() {
            return Err(Error::Invalid(format!("{id} exists already: try again")));
        }
        let mut events = vec![Event::new(
            id.clone(),
            at,
            actor.clone(),
            EventKind::Added {
                by,
                action: action.to_string(),
                due: new.due,
                strength: Strength::Firm,
                group: new.group.clone(),
                note: new.note.clone(),
            },
        )];
        if let Some(owner) = &new.owner {
            events.push(Event::new(
                id.clone(),
                at,
                actor,
                EventKind::OwnerChanged {
                    owner: self.parse_owner(owner)?,
                    note: None,
                },
            ));
        }
        // Validate the whole log before anything is written.
        fold(&events).and_then(|st| {
            if st.warnings.is_empty() {
                Ok(st)
            } else {
                Err(Error::Invalid(st.warnings.join("; ")))
            }
        })?;
        self.store.append_events(&events)?;
        Ok(id)
    }

    /// An owner as typed: `group:NAME`, `party:NAME` or `person:NAME`; a bare name is a working
    /// group or a party when one is known by that name, else a person.
    pub fn parse_owner(&self, input: &str) -> Result<Owner> {
        let t = input.trim();
        if t.is_empty() {
            return Err(Error::Invalid("empty owner".into()));
        }
        if let Some((kind, name)) = t.split_once(':') {
            let name = name.trim().to_string();
            match kind.trim().to_ascii_lowercase().as_str() {
                "group" => return Ok(Owner::Group(name)),
                "party" => return Ok(Owner::Party(name)),
                "person" => return Ok(Owner::Person(name)),
                _ => {}
            }
        }
        let same = |n: &str| n.trim().eq_ignore_ascii_case(t);
        if self.group_records()?.iter().any(|g| same(&g.name)) {
            return Ok(Owner::Group(t.to_string()));
        }
        let docs = self.store.documents().collect::<Result<Vec<_>>>()?;
        let known_party = docs.iter().any(|(_, a)| {
            a.organizations
                .iter()
                .any(|o| same(&o.name) || o.aliases.iter().any(|x| same(x)))
        });
        Ok(if known_party {
            Owner::Party(t.to_string())
        } else {
            Owner::Person(t.to_string())
        })
    }

    /// The listing rows for states, in the order given; source paths looked up once per document.
    pub fn rows(
        &self,
        states: &[&CommitmentState],
        as_of: NaiveDate,
    ) -> Result<Vec<CommitmentRow>> {
        let mut paths: HashMap<DocId, Option<String>> = HashMap::new();
        let mut out = Vec::with_capacity(states.len());
        for st in states {
            let source = match st.source() {
                Some(src) => match paths.get(&src.doc) {
                    Some(p) => p.clone(),
                    None => {
                        let p = self.store.source_of(&src.doc)?;
                        paths.insert(src.doc.clone(), p.clone());
                        p
                    }
                },
                None => None,
            };
            out.push(row(st, as_of, source));
        }
        Ok(out)
    }

    /// The states that pass `filter` at `as_of`, in display order (overdue first). A party
    /// filter also matches the names of the parties merged into a matching party.
    pub fn select(&self, filter: &Filter, as_of: NaiveDate) -> Result<Vec<CommitmentState>> {
        let (states, _) = self.states()?;
        let Some(p) = &filter.party else {
            return Ok(filter.apply(&states, as_of).into_iter().cloned().collect());
        };
        let (needle, names) = self.party_names(p)?;
        let wider = Filter {
            party: None,
            ..filter.clone()
        };
        Ok(wider
            .apply(&states, as_of)
            .into_iter()
            .filter(|st| {
                st.by.iter().any(|b| {
                    let b = b.to_lowercase();
                    b.contains(&needle) || names.contains(&b)
                })
            })
            .cloned()
            .collect())
    }

    /// `accord commitments`: the commitments that pass `filter` at `as_of`, overdue first, at
    /// most `limit` of them (`None`: all). Reads the listing rows the store keeps in due-date
    /// order (no event log is folded, no document decoded) and stops once the page is full, so
    /// an unfiltered page costs the same whatever the size of the archive; a filter that
    /// matches little reads further.
    pub fn list_commitments(
        &self,
        filter: &Filter,
        as_of: NaiveDate,
        limit: Option<usize>,
    ) -> Result<CommitmentList> {
        // A party filter also matches the names of the parties merged into a matching party,
        // as in `select`.
        let party = match &filter.party {
            Some(p) => Some(self.party_names(p)?),
            None => None,
        };
        let wider = Filter {
            party: None,
            ..filter.clone()
        };
        let pass = |l: &Listed| {
            wider.matches_subject(&l.subject(), as_of)
                && party.as_ref().is_none_or(|(needle, names)| {
                    l.by.iter().any(|b| {
                        let b = b.to_lowercase();
                        b.contains(needle.as_str()) || names.contains(&b)
                    })
                })
        };
        // What the header byte of a row can rule out without decoding it.
        let keep = |active_only: bool| {
            move |status: Status, merged: bool| {
                (!merged || filter.include_merged)
                    && (filter.status.is_empty() || filter.status.contains(&status))
                    && (!active_only || (status.is_active() && !merged))
            }
        };
        let mut out: Vec<CommitmentRow> = Vec::new();
        let full = |out: &Vec<CommitmentRow>| limit.is_some_and(|n| out.len() > n);
        // Display order is three runs of the due-date order: the overdue (active, due before
        // the as-of date), then every other dated one, then the undated ones.
        // (An overdue commitment is never due within a period: that filter skips the first run.)
        let could_be_overdue = filter.due_within.is_none()
            && (filter.status.is_empty() || filter.status.iter().any(|s| s.is_active()));
        if could_be_overdue {
            for l in self.store.listing(ListFrom::Dated(None), keep(true))? {
                let l = l?;
                if l.due.is_none_or(|d| d >= as_of) {
                    break;
                }
                if l.subject().days_late(as_of).is_some() && pass(&l) {
                    out.push(CommitmentRow::at(l, as_of));
                    if full(&out) {
                        break;
                    }
                }
            }
        }
        if !filter.overdue && !full(&out) {
            let (start, end) = match filter.due_within {
                Some(p) => (Some(as_of), Some(p.end(as_of))),
                None => (None, None),
            };
            for l in self
                .store
                .listing(ListFrom::Dated(start), keep(filter.due_within.is_some()))?
            {
                let l = l?;
                if end.is_some_and(|end| l.due.is_none_or(|d| d > end)) {
                    break;
                }
                if l.subject().days_late(as_of).is_none() && pass(&l) {
                    out.push(CommitmentRow::at(l, as_of));
                    if full(&out) {
                        break;
                    }
                }
            }
            if filter.due_within.is_none() && !full(&out) {
                for l in self.store.listing(ListFrom::Undated, keep(false))? {
                    let l = l?;
                    if pass(&l) {
                        out.push(CommitmentRow::at(l, as_of));
                        if full(&out) {
                            break;
                        }
                    }
                }
            }
        }
        let more = full(&out);
        if let Some(n) = limit {
            out.truncate(n);
        }
        Ok(CommitmentList { rows: out, more })
    }

    /// A party filter as typed, lowercased, and the lowercased names of every party one of
    /// whose names contains it (merges applied).
    fn party_names(&self, typed: &str) -> Result<(String, Vec<String>)> {
        let needle = typed.trim().to_lowercase();
        let names = self
            .parties()?
            .into_iter()
            .filter(|e| e.names().any(|n| n.to_lowercase().contains(&needle)))
            .flat_map(|e| e.names().map(str::to_lowercase).collect::<Vec<_>>())
            .collect();
        Ok((needle, names))
    }

    /// `accord report`: the follow-up report at `as_of` over the commitments `opts.filter`
    /// selects (a party filter widened by merges, as in [`Library::select`]).
    pub fn report(&self, as_of: NaiveDate, opts: &track::ReportOptions) -> Result<track::Report> {
        let chosen = self.select(&opts.filter, as_of)?;
        let groups = self.group_records()?;
        let opts = track::ReportOptions {
            filter: Filter {
                party: None,
                ..opts.filter.clone()
            },
            ..opts.clone()
        };
        Ok(track::report(&chosen, &groups, as_of, &opts))
    }

    /// `accord calendar`: the deadlines of active commitments as iCalendar text. DTSTAMP is the
    /// as-of date at midnight UTC, so the same data and date give the same bytes.
    pub fn calendar(&self, as_of: NaiveDate, reminder_days: u32) -> Result<String> {
        let (states, _) = self.states()?;
        let stamp = as_of.and_time(chrono::NaiveTime::MIN).and_utc();
        Ok(track::calendar(&states, as_of, reminder_days, stamp))
    }

    /// `accord commitment ID`: state, timing, follow-ups and full history.
    pub fn commitment_detail(&self, id: &str, as_of: NaiveDate) -> Result<CommitmentDetail> {
        let (st, history) = self.commitment_log(id)?;
        let row = self
            .rows(&[&st], as_of)?
            .pop()
            .ok_or_else(|| Error::NotFound(id.to_string()))?;
        let mut followups = commitment_followups(&history);
        for f in &mut followups {
            f.label = st.action.clone();
            f.source = self.store.source_of(&f.evidence.doc)?;
        }
        Ok(CommitmentDetail {
            row,
            as_of,
            timing: st.timing(as_of),
            sentence: st.source().map(|s| s.sentence.clone()),
            rule: st.source().map(|s| s.rule.clone()),
            span: st.source().map(|s| s.span),
            state: st,
            followups,
            history,
        })
    }

    fn group_log(&self) -> Result<GroupLog> {
        Ok(group_log(
            &self.store.records(Log::Groups)?,
            &self.store.records(Log::GroupSuggestions)?,
        ))
    }

    /// Working groups as records, folded from their log: founded in a document, with the
    /// sightings people accepted and the corrections they made.
    pub fn group_records(&self) -> Result<Vec<GroupRecord>> {
        Ok(self.group_log()?.records)
    }

    /// Records a person's correction of a working group (an `edited` event; it wins over any
    /// later extraction). Refused when it sets nothing.
    pub fn edit_group(
        &self,
        id: &str,
        kind: GroupEventKind,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> Result<()> {
        if let GroupEventKind::Edited {
            name,
            members,
            mandate,
            established,
            note,
        } = &kind
        {
            let blank = |s: &Option<String>| s.as_ref().is_none_or(|s| s.trim().is_empty());
            if blank(name)
                && members.is_none()
                && blank(mandate)
                && established.is_none()
                && blank(note)
            {
                return Err(Error::Invalid(
                    "nothing to change: give --name, --member, --mandate, --established or --note"
                        .into(),
                ));
            }
        }
        if !self.group_records()?.iter().any(|g| g.id == id) {
            return Err(Error::NotFound(format!("no working group with id {id}")));
        }
        let event = GroupEvent {
            group: id.to_string(),
            at,
            actor,
            kind,
        };
        self.store.append_all(Log::Groups, [(&event.group, &event)])
    }

    /// Resolves a group id or unique prefix (`G-` optional).
    pub fn resolve_group(&self, input: &str) -> Result<String> {
        let prefix = id_prefix(input, 'g')?;
        let ids = self.group_records()?.into_iter().map(|g| g.id).collect();
        unique("working group", input, &prefix, ids)
    }

    /// Every working group at `as_of` with its activity and commitments.
    pub fn group_views(&self, as_of: NaiveDate, dormant_after: Period) -> Result<Vec<GroupView>> {
        let docs = self.store.documents().collect::<Result<Vec<_>>>()?;
        let log = self.group_log()?;
        let records = log.records.clone();
        let (states, _) = self.states()?;
        let source_of: HashMap<&DocId, &str> = docs
            .iter()
            .map(|(d, _)| (&d.id, d.source.as_str()))
            .collect();
        let mut out = Vec::new();
        for record in records {
            let mut carried = record.commitments(&states);
            carried.sort_by(|a, b| track::display_order(a, b, as_of));
            let commitments = carried
                .iter()
                .map(|st| {
                    let src = st
                        .source()
                        .and_then(|s| source_of.get(&s.doc))
                        .map(|s| s.to_string());
                    row(st, as_of, src)
                })
                .collect();
            let pending = log
                .followups
                .iter()
                .filter(|f| {
                    f.status == FollowUpStatus::Suggested
                        && f.target == Target::Group(record.id.clone())
                })
                .cloned()
                .map(|mut f| {
                    f.label = record.name.clone();
                    f.source = source_of.get(&f.evidence.doc).map(|s| s.to_string());
                    f
                })
                .collect();
            out.push(GroupView {
                founding_source: record
                    .founding_doc
                    .as_ref()
                    .and_then(|d| source_of.get(d))
                    .map(|s| s.to_string()),
                as_of,
                activity: record.activity(as_of, dormant_after),
                commitments,
                pending,
                record,
            });
        }
        Ok(out)
    }

    /// Every follow-up (pending only unless `all`), best score first.
    pub fn followups(&self, all: bool) -> Result<Vec<FollowUp>> {
        let events = self.store.all_events()?;
        let (states, _) = fold_grouped(&events);
        let action: HashMap<&str, &str> = states
            .iter()
            .map(|s| (s.id.as_str(), s.action.as_str()))
            .collect();
        let mut out = commitment_followups(&events);
        let log = self.group_log()?;
        let names: HashMap<String, String> = log
            .records
            .iter()
            .map(|g| (g.id.clone(), g.name.clone()))
            .collect();
        out.extend(log.followups);
        out.retain(|f| all || f.status == FollowUpStatus::Suggested);
        let mut paths: HashMap<DocId, Option<String>> = HashMap::new();
        for f in &mut out {
            f.label = match &f.target {
                Target::Commitment(id) => action.get(id.as_str()).map(|s| s.to_string()),
                Target::Group(id) => names.get(id).cloned(),
            }
            .unwrap_or_default();
            if !paths.contains_key(&f.evidence.doc) {
                let p = self.store.source_of(&f.evidence.doc)?;
                paths.insert(f.evidence.doc.clone(), p);
            }
            f.source = paths.get(&f.evidence.doc).cloned().flatten();
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        Ok(out)
    }

    /// Resolves a follow-up id or unique prefix (`F-` optional) to the follow-up.
    pub fn resolve_followup(&self, input: &str) -> Result<FollowUp> {
        let prefix = id_prefix(input, 'f')?;
        let all = self.followups(true)?;
        let id = unique(
            "follow-up",
            input,
            &prefix,
            all.iter().map(|f| f.id.clone()).collect(),
        )?;
        all.into_iter()
            .find(|f| f.id == id)
            .ok_or_else(|| Error::NotFound(format!("no follow-up with id {input}")))
    }

    /// Accepts a follow-up: links the evidence and, unless `move_to` says otherwise, moves the
    /// commitment to the status the sentence suggests. `move_to`: `None` follows the suggestion,
    /// `Some(None)` keeps the status, `Some(Some(s))` moves to `s`. Everything is validated first.
    pub fn accept_followup(
        &self,
        f: &FollowUp,
        move_to: Option<Option<Status>>,
        note: Option<String>,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> Result<()> {
        if f.status == FollowUpStatus::Accepted {
            return Err(Error::Invalid(format!("{} is already accepted", f.id)));
        }
        match &f.target {
            Target::Commitment(id) => {
                let (st, _) = self.commitment_log(id)?;
                let to = move_to.unwrap_or(f.suggests).filter(|to| *to != st.status);
                let status_note = note.clone().or_else(|| f.note.clone());
                let mut events =
                    track::accept(&st, &f.evidence, to.map(|to| (to, status_note)), &actor, at)?;
                if to.is_none() {
                    if let Some(EventKind::EvidenceLinked { note: n, .. }) =
                        events.first_mut().map(|e| &mut e.kind)
                    {
                        *n = note;
                    }
                }
                self.store.append_events(&events)
            }
            Target::Group(id) => {
                let mut events = vec![GroupEvent {
                    group: id.clone(),
                    at,
                    actor: actor.clone(),
                    kind: GroupEventKind::Sighted {
                        sighting: Sighting {
                            evidence: f.evidence.clone(),
                            date: f.date,
                        },
                    },
                }];
                // `sighted` has no note of its own: an edit that changes nothing carries it.
                if let Some(note) = note.filter(|n| !n.trim().is_empty()) {
                    events.push(GroupEvent {
                        group: id.clone(),
                        at,
                        actor,
                        kind: GroupEventKind::Edited {
                            name: None,
                            members: None,
                            mandate: None,
                            established: None,
                            note: Some(note),
                        },
                    });
                }
                self.store
                    .append_all(Log::Groups, events.iter().map(|e| (&e.group, e)))
            }
        }
    }

    /// Rejects a follow-up: it is not suggested again (an accepted one is unlinked).
    pub fn reject_followup(
        &self,
        f: &FollowUp,
        note: Option<String>,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> Result<()> {
        if f.status == FollowUpStatus::Rejected {
            return Err(Error::Invalid(format!("{} is already rejected", f.id)));
        }
        match &f.target {
            Target::Commitment(id) => {
                let (st, _) = self.commitment_log(id)?;
                let ev = track::reject(&st, &f.evidence, note, &actor, at)?;
                self.store.append_event(&ev)
            }
            Target::Group(id) => {
                let event = GroupEvent {
                    group: id.clone(),
                    at,
                    actor,
                    kind: GroupEventKind::SightingRejected {
                        evidence: f.evidence.clone(),
                        note,
                    },
                };
                self.store.append_all(Log::Groups, [(id, &event)])
            }
        }
    }

    /// Finds follow-ups for documents: `new` documents are checked against every open commitment
    /// and group, older ones against the commitments and groups the new documents brought (so
    /// the order of ingest does not matter). With `new` empty, every document is checked against
    /// everything (`accord followups --rescan`), after giving every stored commitment without
    /// events its `extracted` event. Records the suggestions; returns how many.
    pub fn link(&self, new: &[DocId], at: DateTime<Utc>) -> Result<usize> {
        let rescan = new.is_empty();
        if rescan {
            self.backfill()?;
        }
        let log = self.group_log()?;
        let new: HashSet<&DocId> = new.iter().collect();
        let from_new = |doc: Option<&DocId>| doc.is_some_and(|d| new.contains(d));
        let new_groups: Vec<&GroupRecord> = log
            .records
            .iter()
            .filter(|g| from_new(g.founding_doc.as_ref()))
            .collect();
        // Every document is checked against all active commitments and groups (a new one) or
        // against those the new documents brought (an older one), from one set prepared once
        // per run. It is read from the listing rows (the log is folded only for commitments
        // that already have evidence, a pending or a rejected sentence), packed, and only what
        // linking reads of each is kept.
        let mut candidates = track::Candidates::of_groups(
            log.records
                .iter()
                .map(|g| (g, from_new(g.founding_doc.as_ref()))),
        );
        // An older document published before every new commitment and group cannot report on
        // them (`track::suggest` skips it), so it is not even read; one undated says nothing.
        let mut earliest_new: Option<NaiveDate> = None;
        let mut undated_new = false;
        let mut note_new = |d: Option<NaiveDate>| match d {
            Some(d) => earliest_new = Some(earliest_new.map_or(d, |m| m.min(d))),
            None => undated_new = true,
        };
        for g in &new_groups {
            note_new(g.founding_published);
        }
        let active = || |status: Status, merged: bool| status.is_active() && !merged;
        let rows = self
            .store
            .listing(ListFrom::Dated(None), active())?
            .chain(self.store.listing(ListFrom::Undated, active())?);
        for row in rows {
            let row = row?;
            let state: CommitmentState;
            let open = if row.evidence + row.pending + row.rejected == 0 {
                track::OpenCommitment {
                    id: &row.id,
                    status: row.status,
                    by: &row.by,
                    action: &row.action,
                    source: row.document.as_ref(),
                    published: row.published,
                    known: Vec::new(),
                }
            } else {
                // A log that does not fold is left out, as `accord commitments` leaves it.
                let Ok(st) = fold(&self.store.events_of(&row.id)?) else {
                    continue;
                };
                state = st;
                track::OpenCommitment::from(&state)
            };
            let brought = from_new(open.source);
            if brought {
                note_new(open.published);
            }
            candidates.push(&open, brought);
        }
        candidates.index();
        let earliest_new = if undated_new { None } else { earliest_new };
        // The documents to check: every one on a rescan; else the new ones, and the older ones
        // (only when the new ones brought something).
        let mut work: Vec<DocId> = Vec::new();
        if rescan {
            work = self.store.ids()?;
        } else {
            work.extend(new.iter().map(|d| (*d).clone()));
            if candidates.brought() > 0 {
                for id in self.store.ids()? {
                    if new.contains(&id) {
                        continue;
                    }
                    let Some(meta) = self.store.document_meta(&id)? else {
                        continue;
                    };
                    let too_old =
                        matches!((meta.published, earliest_new), (Some(d), Some(e)) if d < e);
                    if !too_old {
                        work.push(id);
                    }
                }
            }
        }
        let mut events: Vec<Event> = Vec::new();
        let mut group_events: Vec<GroupSuggestion> = Vec::new();
        let mut recorded = 0;
        for id in &work {
            let scope = if rescan || new.contains(id) {
                track::Scope::All
            } else {
                track::Scope::Brought
            };
            if candidates.is_empty() {
                continue;
            }
            // One document at a time: a rescan of a big archive never holds every text.
            let (Some(doc), Some(analysis)) = (self.store.document(id)?, self.store.analysis(id)?)
            else {
                continue;
            };
            // Best first, at most a few per document: past the cap, a document is matching
            // everything (a digest, or a corpus where every text names the same parties) and
            // more would only bury the coordinator's queue and grow the log. One suggestion per
            // target and document: once a sentence of this document was suggested (or decided)
            // for it, the next best one is not offered again.
            let input = doc_input(&doc, &analysis);
            let offered = candidates.offer(&input, scope, SUGGESTIONS_PER_DOCUMENT, |s| {
                match &s.target {
                    Target::Commitment(_) => true,
                    Target::Group(gid) => {
                        !log.known.contains(&(gid.clone(), s.evidence.doc.clone()))
                    }
                }
            });
            for s in offered {
                match &s.target {
                    Target::Commitment(_) => events.extend(s.event(at, LINKER)),
                    Target::Group(gid) => group_events.push(GroupSuggestion {
                        group: gid.clone(),
                        at,
                        actor: Actor::System(LINKER.to_string()),
                        evidence: s.evidence.clone(),
                        score: s.score.total,
                        date: s.date,
                    }),
                }
            }
            // Written as they accumulate: one transaction holds all its writes in memory, and a
            // run over a big archive suggests hundreds of thousands. A run stopped half-way
            // keeps what it wrote; `accord followups --rescan` finds the rest.
            if events.len() >= EVENTS_PER_WRITE {
                self.store.append_suggestions(&events)?;
                recorded += events.len();
                events.clear();
            }
        }
        let n = recorded + events.len() + group_events.len();
        if !events.is_empty() {
            self.store.append_suggestions(&events)?;
        }
        if !group_events.is_empty() {
            self.store.append_all(
                Log::GroupSuggestions,
                group_events.iter().map(|g| (&g.group, g)),
            )?;
        }
        Ok(n)
    }
}

impl Library {
    /// Appends the `extracted` events of stored commitments, and the `founded` events of working
    /// groups, that have none (a store written before tracking existed); stamped with their
    /// document's ingest time. Returns how many.
    fn backfill(&self) -> Result<usize> {
        let known: HashSet<String> = self
            .store
            .subjects_with_prefix(Log::Commitments, "")?
            .into_iter()
            .collect();
        let known_groups: HashSet<String> = self
            .store
            .subjects_with_prefix(Log::Groups, "")?
            .into_iter()
            .collect();
        let mut events = Vec::new();
        let mut founded = Vec::new();
        for item in self.store.documents() {
            let (doc, analysis) = item?;
            let (doc, analysis) = (&doc, &analysis);
            let at = DateTime::parse_from_rfc3339(&doc.ingested_at)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default();
            events.extend(
                extracted_events(doc, analysis, at)
                    .into_iter()
                    .filter(|e| !known.contains(&e.commitment)),
            );
            founded.extend(
                founded_events(doc, analysis, at)
                    .into_iter()
                    .filter(|e| !known_groups.contains(&e.group)),
            );
        }
        if !events.is_empty() {
            self.store.append_events(&events)?;
        }
        if !founded.is_empty() {
            self.store
                .append_all(Log::Groups, founded.iter().map(|g| (&g.group, g)))?;
        }
        Ok(events.len() + founded.len())
    }
}

/// The listing row of one state at `as_of`.
fn row(st: &CommitmentState, as_of: NaiveDate, source: Option<String>) -> CommitmentRow {
    CommitmentRow::at(Listed::of(st, source), as_of)
}

impl CommitmentRow {
    /// A stored listing row at `as_of` (the days late or left are computed here).
    fn at(l: Listed, as_of: NaiveDate) -> CommitmentRow {
        let active = l.subject().is_active();
        let (days_late, days_left) = match l.due {
            Some(due) if active && due < as_of => (Some((as_of - due).num_days()), None),
            Some(due) if active => (None, Some((due - as_of).num_days())),
            _ => (None, None),
        };
        CommitmentRow {
            id: l.id,
            status: l.status,
            by: l.by,
            action: l.action,
            due: l.due,
            due_text: l.due_text,
            days_late,
            days_left,
            strength: l.strength,
            owner: l.owner,
            group: l.group,
            status_note: l.status_note,
            document: l.document,
            source: l.source,
            published: l.published,
            evidence: l.evidence,
            pending: l.pending,
            merged_into: l.merged_into,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_as_typed() {
        // (id, input, letter, want)
        let cases = [
            ("full", "C-0a1b2c3d", 'c', Ok("C-0a1b2c3d")),
            ("no prefix", "0A1B", 'c', Ok("C-0a1b")),
            ("lower prefix", "f-12", 'f', Ok("F-12")),
            ("not hex", "C-xyz", 'c', Err(())),
            ("too long", "C-0123456789abc", 'c', Err(())),
            ("empty", "C-", 'c', Err(())),
        ];
        for (name, input, letter, want) in cases {
            let got = id_prefix(input, letter).map_err(|_| ());
            assert_eq!(got.as_deref(), want.as_deref(), "{name}");
        }
    }

    #[test]
    fn a_rescan_gives_commitments_stored_without_events_their_extracted_event() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(crate::Config::new(dir.path())).unwrap();
        let text = "date 2025-01-10\n\nKorea Post and Japan Post agreed to open a parcel route by the end of March.\n";
        let doc = Document {
            id: DocId::of(text.as_bytes()),
            source: "memo.txt".into(),
            format: crate::model::Format::Text,
            title: None,
            published: "2025-01-10".parse().ok(),
            text: text.into(),
            warnings: Vec::new(),
            size: text.len() as u64,
            ingested_at: "2025-01-11T08:00:00Z".into(),
        };
        let mut analysis = crate::analyze::analyze(text, &crate::model::Hints::default());
        crate::ingest::assign_commitment_ids(&doc.id, &mut analysis);
        assert!(!analysis.commitments.is_empty(), "{analysis:#?}");
        // As a store from before tracking: the document without its events.
        lib.store.put(&doc, &analysis).unwrap();
        assert!(lib.states().unwrap().0.is_empty());
        lib.link(&[], "2025-02-01T00:00:00Z".parse().unwrap())
            .unwrap();
        let (states, errors) = lib.states().unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(states.len(), analysis.commitments.len());
        assert_eq!(states[0].created.to_rfc3339(), "2025-01-11T08:00:00+00:00");
        // A second rescan adds nothing.
        lib.link(&[], "2025-02-02T00:00:00Z".parse().unwrap())
            .unwrap();
        assert_eq!(
            lib.store.all_events().unwrap().len(),
            analysis.commitments.len()
        );
    }

    /// The listing read from the stored rows must be the fold-based selection, page by page,
    /// before and after people change statuses and deadlines.
    #[test]
    fn listing_pages_match_the_folded_selection() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(crate::Config::new(dir.path())).unwrap();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        crate::ingest::ingest(&lib, crate::ingest::walk(&[corpus]), |_| {}).unwrap();
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let check = |when: &str| {
            // (id, filter, as-of)
            let cases: Vec<(&str, Filter, &str)> = vec![
                ("everything", Filter::default(), "2025-06-30"),
                (
                    "overdue",
                    Filter {
                        overdue: true,
                        ..Filter::default()
                    },
                    "2025-07-01",
                ),
                (
                    "due within 30 days",
                    Filter {
                        due_within: Some(Period::Days(30)),
                        ..Filter::default()
                    },
                    "2025-06-30",
                ),
                (
                    "closed ones",
                    Filter {
                        status: vec![Status::Done, Status::Dropped],
                        ..Filter::default()
                    },
                    "2025-06-30",
                ),
                (
                    "a party",
                    Filter {
                        party: Some("korea".into()),
                        ..Filter::default()
                    },
                    "2025-06-30",
                ),
                (
                    "merged too",
                    Filter {
                        include_merged: true,
                        ..Filter::default()
                    },
                    "2026-01-01",
                ),
            ];
            for (id, filter, as_of) in cases {
                let as_of = day(as_of);
                let picked = lib.select(&filter, as_of).unwrap();
                let refs: Vec<&CommitmentState> = picked.iter().collect();
                let want = lib.rows(&refs, as_of).unwrap();
                let all = lib.list_commitments(&filter, as_of, None).unwrap();
                assert_eq!(all.rows, want, "{when}: {id}");
                assert!(!all.more, "{when}: {id}");
                for n in [1, 3, 100] {
                    let page = lib.list_commitments(&filter, as_of, Some(n)).unwrap();
                    assert_eq!(page.rows, want[..n.min(want.len())], "{when}: {id}, {n}");
                    assert_eq!(page.more, want.len() > n, "{when}: {id}, {n}");
                }
            }
            assert_eq!(
                lib.store.listing_mismatches().unwrap(),
                Vec::<String>::new(),
                "{when}"
            );
        };
        check("as ingested");
        let rows = lib
            .list_commitments(&Filter::default(), day("2025-06-30"), None)
            .unwrap()
            .rows;
        assert!(rows.len() > 20, "{}", rows.len());
        let at: DateTime<Utc> = "2025-07-01T00:00:00Z".parse().unwrap();
        let kim = || Actor::User("kim".into());
        let done = EventKind::StatusChanged {
            to: Status::Done,
            note: None,
        };
        lib.record(&rows[0].id, kim(), at, done).unwrap();
        let later = EventKind::DueChanged {
            due: Some(day("2027-01-01")),
            note: None,
        };
        lib.record(&rows[1].id, kim(), at, later).unwrap();
        let undated = EventKind::DueChanged {
            due: None,
            note: None,
        };
        lib.record(&rows[2].id, kim(), at, undated).unwrap();
        check("after changes");
        lib.store.rebuild_listing().unwrap();
        check("after a rebuild");
    }

    #[test]
    fn unique_prefix_or_a_clear_error() {
        let ids = || vec!["C-0a11".to_string(), "C-0a22".to_string()];
        assert_eq!(
            unique("commitment", "0a1", "C-0a1", ids()).unwrap(),
            "C-0a11"
        );
        let e = unique("commitment", "0a", "C-0a", ids()).unwrap_err();
        assert!(e.to_string().contains("2 commitments"), "{e}");
        assert!(matches!(
            unique("commitment", "ff", "C-ff", ids()),
            Err(Error::NotFound(_))
        ));
    }
}
