//! The append-only logs beside the documents: commitment events (`events`), working-group events
//! (`group_events`) and party merges (`merges`), all in the same sled db.
//!
//! A key is the subject's id bytes, a 0 byte, then a big-endian `u64` from `db.generate_id()`
//! (monotonic, also across restarts), so one subject's entries are a prefix scan and key order is
//! append order within a subject. Values are JSON through [`super::codec`]. Nothing here ever
//! overwrites or removes an entry, and every append is flushed before it returns: an
//! acknowledged event is never lost.

use serde::de::DeserializeOwned;
use serde::Serialize;
use sled::transaction::TransactionError;
use sled::Transactional;

use super::{codec, listing, Store};
use crate::error::Result;
use crate::model::{Analysis, DocId, Document};
use crate::track::{Event, EventKind, GroupEvent};

/// One of the append-only logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Log {
    /// Commitment events ([`Event`]), keyed by commitment id.
    Commitments,
    /// Working-group events (`track::GroupEvent`: founded, sighted, ...), keyed by group id.
    Groups,
    /// Sightings the linker suggested for working groups, keyed by group id.
    GroupSuggestions,
    /// Party merges, keyed by the absorbing party's name.
    Merges,
}

impl Log {
    fn tree_name(self) -> &'static str {
        match self {
            Log::Commitments => "events",
            Log::Groups => "group_events",
            Log::GroupSuggestions => "group_suggestions",
            Log::Merges => "merges",
        }
    }
}

/// The key of one entry: subject id, a 0 byte, then the big-endian sequence number.
fn key(id: &str, seq: u64) -> Vec<u8> {
    let mut k = Vec::with_capacity(id.len() + 9);
    k.extend_from_slice(id.as_bytes());
    k.push(0);
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

/// The subject id of a key (everything before the 0 byte).
fn subject(key: &[u8]) -> &[u8] {
    let end = key.len().saturating_sub(9);
    &key[..end]
}

/// How many new documents one transaction writes: enough to spread its fixed cost, few enough
/// that sled's in-memory copy of the writes stays small.
const DOCS_PER_TRANSACTION: usize = 32;

/// The abort message of a batch in which a commitment already had a listing row.
const ROW_EXISTS: &str = "a commitment of this batch is already listed";

fn abort(m: String) -> TransactionError<String> {
    TransactionError::Abort(m)
}

/// A new document encoded for the store by [`Store::encode_new`]: its records, its first
/// events and the listing rows they give.
pub struct NewDocument {
    id: DocId,
    source: String,
    records: super::Encoded,
    /// Kept for the slow path of [`Store::put_new`].
    events: Vec<Event>,
    event_bytes: Vec<(String, Vec<u8>)>,
    group_bytes: Vec<(String, Vec<u8>)>,
    rows: Vec<listing::Update>,
}

impl Store {
    fn log(&self, log: Log) -> Result<sled::Tree> {
        self.db.open_tree(log.tree_name()).map_err(|e| self.err(e))
    }

    /// Appends one commitment event and flushes: durable when this returns.
    pub fn append_event(&self, event: &Event) -> Result<()> {
        self.append_events(std::slice::from_ref(event))
    }

    /// Appends commitment events in order, with the listing rows of the commitments they touch
    /// in the same transaction, then flushes once.
    pub fn append_events(&self, events: &[Event]) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        let updates = self.listing_updates(events, None)?;
        self.write_events(events, &updates)
    }

    /// Appends the linker's suggestions. Each adds a sentence its commitment does not know yet
    /// (the linker leaves out known ones), so its listing row only counts one more pending
    /// follow-up, and the log need not be folded again: linking suggests hundreds of thousands
    /// over a big archive. Events of any other kind go through [`Store::append_events`].
    pub fn append_suggestions(&self, events: &[Event]) -> Result<()> {
        let all_suggested = events
            .iter()
            .all(|e| matches!(e.kind, EventKind::EvidenceSuggested { .. }));
        if !all_suggested {
            return self.append_events(events);
        }
        let updates = self.suggestion_updates(events)?;
        self.write_events(events, &updates)
    }

    /// Writes events and the listing rows they change in one transaction, then flushes.
    fn write_events(&self, events: &[Event], updates: &[listing::Update]) -> Result<()> {
        let event_bytes = events
            .iter()
            .map(|e| codec::encode(e).map(|b| (e.commitment.as_str(), b)))
            .collect::<std::result::Result<Vec<_>, String>>()
            .map_err(|m| self.message(m))?;
        let events_tree = self.log(Log::Commitments)?;
        let (rows, keys) = self.listing_trees()?;
        (&events_tree, &rows, &keys)
            .transaction(|(evs, rows, keys)| {
                for (id, bytes) in &event_bytes {
                    let seq = evs.generate_id()?;
                    evs.insert(key(id, seq), bytes.as_slice())?;
                }
                listing::write_updates(rows, keys, updates)
            })
            .map_err(|e| match e {
                TransactionError::Abort(m) => self.message(m),
                TransactionError::Storage(e) => self.err(e),
            })?;
        self.flush()
    }

    /// Appends records to a log in order, each under its subject id, then flushes once.
    /// Commitment events go through [`Store::append_events`], which keeps the listing.
    pub fn append_all<'a, T: Serialize + 'a>(
        &self,
        log: Log,
        items: impl IntoIterator<Item = (&'a String, &'a T)>,
    ) -> Result<()> {
        if log == Log::Commitments {
            return Err(self.message(
                "commitment events are appended with append_events (it keeps the listing)".into(),
            ));
        }
        let tree = self.log(log)?;
        for (id, value) in items {
            let seq = self.db.generate_id().map_err(|e| self.err(e))?;
            let bytes = codec::encode(value).map_err(|m| self.message(m))?;
            tree.insert(key(id, seq), bytes).map_err(|e| self.err(e))?;
        }
        self.flush()
    }

    /// One commitment's events, in append order.
    pub fn events_of(&self, id: &str) -> Result<Vec<Event>> {
        self.records_of(Log::Commitments, id)
    }

    /// Every commitment event, grouped by commitment id (ascending), each group in append order.
    pub fn all_events(&self) -> Result<Vec<Event>> {
        self.records(Log::Commitments)
    }

    /// Every commitment event as [`Store::all_events`] gives them, decoded one at a time, so a
    /// caller folding them holds one commitment's events at once, not the whole log.
    pub fn events_iter(&self) -> Result<impl Iterator<Item = Result<Event>> + '_> {
        Ok(self.log(Log::Commitments)?.iter().map(move |entry| {
            let (k, v) = entry.map_err(|e| self.err(e))?;
            codec::decode(&v).map_err(|m| self.bad_record(&k, m))
        }))
    }

    /// One subject's records of a log, in append order.
    pub fn records_of<T: DeserializeOwned>(&self, log: Log, id: &str) -> Result<Vec<T>> {
        let mut prefix = id.as_bytes().to_vec();
        prefix.push(0);
        self.decode_all(self.log(log)?.scan_prefix(prefix))
    }

    /// Every record of a log, by subject id, each subject's in append order.
    pub fn records<T: DeserializeOwned>(&self, log: Log) -> Result<Vec<T>> {
        self.decode_all(self.log(log)?.iter())
    }

    /// The distinct subject ids of a log that start with `prefix`, in order.
    pub fn subjects_with_prefix(&self, log: Log, prefix: &str) -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for k in self.log(log)?.scan_prefix(prefix.as_bytes()).keys() {
            let k = k.map_err(|e| self.err(e))?;
            let id = String::from_utf8_lossy(subject(&k)).into_owned();
            if out.last() != Some(&id) {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Whether a log holds no entry.
    pub fn log_is_empty(&self, log: Log) -> Result<bool> {
        Ok(self.log(log)?.is_empty())
    }

    /// Stores one new document with its facts, events and listing rows in one transaction (as
    /// [`Store::put_new`] does for a batch). Not durable until `flush`.
    pub fn put_with_events(
        &self,
        doc: &Document,
        analysis: &Analysis,
        events: &[Event],
        group_events: &[GroupEvent],
    ) -> Result<()> {
        let new = self.encode_new(doc, analysis, events, group_events)?;
        self.put_new(&[&new])
    }

    /// Encodes a new document's records, events and listing rows. Pure apart from reading
    /// nothing: ingest runs it on its worker threads so the single writer only writes. The rows
    /// are folded from `events` alone, which is right for commitments nobody has seen (their ids
    /// derive from the new document's hash); [`Store::put_new`] checks that.
    pub fn encode_new(
        &self,
        doc: &Document,
        analysis: &Analysis,
        events: &[Event],
        group_events: &[GroupEvent],
    ) -> Result<NewDocument> {
        let records = self.encode_document(doc, analysis)?;
        let encode_all = |items: Vec<(String, std::result::Result<Vec<u8>, String>)>| {
            items
                .into_iter()
                .map(|(id, b)| b.map(|b| (id, b)))
                .collect::<std::result::Result<Vec<_>, String>>()
                .map_err(|m| self.message(m))
        };
        let event_bytes = encode_all(
            events
                .iter()
                .map(|e| (e.commitment.clone(), codec::encode(e)))
                .collect(),
        )?;
        let group_bytes = encode_all(
            group_events
                .iter()
                .map(|e| (e.group.clone(), codec::encode(e)))
                .collect(),
        )?;
        let rows =
            listing::fresh_rows(events, &doc.id, &doc.source).map_err(|m| self.message(m))?;
        Ok(NewDocument {
            id: doc.id.clone(),
            source: doc.source.clone(),
            records,
            events: events.to_vec(),
            event_bytes,
            group_bytes,
            rows,
        })
    }

    /// Writes new documents, encoded by [`Store::encode_new`], in transactions of
    /// [`DOCS_PER_TRANSACTION`]: each all or none. Should one of their commitments already have a row (an id collision, or events
    /// left behind by a document stored before), that batch is written again one document at a
    /// time, each row folded from the stored events as well. Not durable until `flush`.
    pub fn put_new(&self, docs: &[&NewDocument]) -> Result<()> {
        for chunk in docs.chunks(DOCS_PER_TRANSACTION) {
            self.put_new_together(chunk)?;
        }
        Ok(())
    }

    fn put_new_together(&self, docs: &[&NewDocument]) -> Result<()> {
        match self.write_new(docs, None) {
            Err(TransactionError::Abort(m)) if m == ROW_EXISTS => {
                for d in docs {
                    let rows = self.listing_updates(&d.events, Some((&d.id, &d.source)))?;
                    self.write_new(&[d], Some(&rows))
                        .map_err(|e| self.transaction_error(e))?;
                }
                Ok(())
            }
            other => other.map_err(|e| self.transaction_error(e)),
        }
    }

    /// One transaction for `docs`; `rows` replaces the fresh rows of a single document.
    fn write_new(
        &self,
        docs: &[&NewDocument],
        rows_override: Option<&[listing::Update]>,
    ) -> std::result::Result<(), TransactionError<String>> {
        let events_tree = self
            .log(Log::Commitments)
            .map_err(|e| abort(e.to_string()))?;
        let groups_tree = self.log(Log::Groups).map_err(|e| abort(e.to_string()))?;
        let (rows, keys) = self.listing_trees().map_err(|e| abort(e.to_string()))?;
        (
            &self.documents,
            &self.texts,
            &self.facts,
            &self.ids,
            &events_tree,
            &groups_tree,
            &rows,
            &keys,
            &self.meta,
        )
            .transaction(
                |(documents, texts, facts, ids, evs, groups, rows, keys, meta)| {
                    for d in docs {
                        let key_doc = d.id.as_str().as_bytes();
                        documents.insert(key_doc, d.records.document.as_slice())?;
                        texts.insert(key_doc, d.records.text.as_slice())?;
                        facts.insert(key_doc, d.records.facts.as_slice())?;
                        ids.insert(key_doc, &[])?;
                        for (id, bytes) in &d.event_bytes {
                            let seq = evs.generate_id()?;
                            evs.insert(key(id, seq), bytes.as_slice())?;
                        }
                        for (id, bytes) in &d.group_bytes {
                            let seq = groups.generate_id()?;
                            groups.insert(key(id, seq), bytes.as_slice())?;
                        }
                        match rows_override {
                            Some(updates) => listing::write_updates(rows, keys, updates)?,
                            None => listing::write_fresh(rows, keys, &d.rows, ROW_EXISTS)?,
                        }
                    }
                    super::bump_generation(meta)
                },
            )
    }

    fn transaction_error(&self, e: TransactionError<String>) -> crate::Error {
        match e {
            TransactionError::Abort(m) => self.message(m),
            TransactionError::Storage(e) => self.err(e),
        }
    }

    fn decode_all<T: DeserializeOwned>(&self, iter: sled::Iter) -> Result<Vec<T>> {
        iter.map(|entry| {
            let (k, v) = entry.map_err(|e| self.err(e))?;
            codec::decode(&v).map_err(|m| self.bad_record(&k, m))
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Commitment, DocId, Span, Strength};
    use crate::track::{Actor, EventKind, Status};

    fn ev(id: &str, n: u32) -> Event {
        Event::new(
            id,
            format!("2025-01-{:02}T00:00:00Z", n % 28 + 1)
                .parse()
                .expect("timestamp"),
            Actor::User("kim".into()),
            EventKind::NoteAdded {
                text: format!("note {n}"),
            },
        )
    }

    #[test]
    fn events_are_grouped_by_commitment_in_append_order_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            // Interleaved appends; ids that are prefixes of each other must not mix.
            let order = [("C-b", 1), ("C-a", 2), ("C-b", 3), ("C-a1", 4), ("C-a", 5)];
            for (id, n) in order {
                store.append_event(&ev(id, n)).unwrap();
            }
            let notes = |evs: Vec<Event>| -> Vec<String> {
                evs.into_iter()
                    .map(|e| match e.kind {
                        EventKind::NoteAdded { text } => format!("{}:{text}", e.commitment),
                        _ => String::new(),
                    })
                    .collect()
            };
            assert_eq!(
                notes(store.events_of("C-a").unwrap()),
                ["C-a:note 2", "C-a:note 5"]
            );
            assert_eq!(
                notes(store.all_events().unwrap()),
                [
                    "C-a:note 2",
                    "C-a:note 5",
                    "C-a1:note 4",
                    "C-b:note 1",
                    "C-b:note 3"
                ]
            );
            assert_eq!(
                store.subjects_with_prefix(Log::Commitments, "C-a").unwrap(),
                ["C-a", "C-a1"]
            );
        }
        // No flush call here: append_event already made it durable.
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.events_of("C-b").unwrap().len(), 2);
        store.append_event(&ev("C-b", 6)).unwrap();
        let last = store.events_of("C-b").unwrap().pop().unwrap();
        assert_eq!(
            last,
            ev("C-b", 6),
            "new ids sort after those of the last session"
        );
    }

    #[test]
    fn a_document_and_its_events_are_stored_together() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let doc = Document {
            id: DocId("ab".repeat(32)),
            source: "memo.txt".into(),
            format: crate::model::Format::Text,
            title: None,
            published: None,
            text: "They agreed to meet.".into(),
            warnings: Vec::new(),
            size: 20,
            ingested_at: "2025-01-01T00:00:00Z".into(),
        };
        let c = Commitment {
            id: "C-12345678".into(),
            by: vec!["Korea Post".into()],
            action: "meet".into(),
            due: None,
            due_text: None,
            strength: Strength::Firm,
            group: None,
            sentence: "They agreed to meet.".into(),
            rule: "r".into(),
            span: Span(15, 19),
        };
        let e = Event::extracted(
            &doc.id,
            None,
            &c,
            "2025-01-01T00:00:00Z".parse().unwrap(),
            "x",
        );
        store
            .put_with_events(&doc, &Analysis::default(), std::slice::from_ref(&e), &[])
            .unwrap();
        assert!(store.contains(&doc.id).unwrap());
        assert_eq!(store.events_of("C-12345678").unwrap(), vec![e]);
        let _ = Status::Open;
    }

    fn doc_with(n: u8, commitment: &str) -> (Document, Event) {
        let doc = Document {
            id: DocId(format!("{n:02x}").repeat(32)),
            source: format!("memo-{n}.txt"),
            format: crate::model::Format::Text,
            title: None,
            published: None,
            text: "They agreed to meet.".into(),
            warnings: Vec::new(),
            size: 20,
            ingested_at: "2025-01-01T00:00:00Z".into(),
        };
        let c = Commitment {
            id: commitment.into(),
            by: vec!["Korea Post".into()],
            action: format!("meet {n}"),
            due: None,
            due_text: None,
            strength: Strength::Firm,
            group: None,
            sentence: "They agreed to meet.".into(),
            rule: "r".into(),
            span: Span(15, 19),
        };
        let at = "2025-01-01T00:00:00Z".parse().unwrap();
        let e = Event::extracted(&doc.id, None, &c, at, "x");
        (doc, e)
    }

    #[test]
    fn a_batch_of_new_documents_is_written_with_its_listing_rows() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let docs: Vec<_> = (1..=3)
            .map(|n| doc_with(n, &format!("C-0000000{n}")))
            .collect();
        let encoded: Vec<NewDocument> = docs
            .iter()
            .map(|(d, e)| {
                store
                    .encode_new(d, &Analysis::default(), std::slice::from_ref(e), &[])
                    .unwrap()
            })
            .collect();
        store.put_new(&encoded.iter().collect::<Vec<_>>()).unwrap();
        for (n, (d, e)) in (1..=3).zip(&docs) {
            assert!(store.contains(&d.id).unwrap());
            let id = format!("C-0000000{n}");
            assert_eq!(store.events_of(&id).unwrap(), vec![e.clone()]);
            let row = store.listed(&id).unwrap().expect("listed");
            assert_eq!(row.action, format!("meet {n}"));
            assert_eq!(row.source.as_deref(), Some(d.source.as_str()));
        }
        assert!(store.listing_mismatches().unwrap().is_empty());
    }

    #[test]
    fn a_commitment_id_seen_before_is_folded_with_its_stored_events() {
        // Two documents whose commitments share an id (a hash collision): the second must not
        // overwrite the row as if the first had never been, and a status a person set stays.
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (first, e1) = doc_with(1, "C-0a0a0a0a");
        store
            .put_with_events(&first, &Analysis::default(), std::slice::from_ref(&e1), &[])
            .unwrap();
        let done = Event::new(
            "C-0a0a0a0a",
            "2025-01-02T00:00:00Z".parse().unwrap(),
            Actor::User("kim".into()),
            EventKind::StatusChanged {
                to: Status::Done,
                note: None,
            },
        );
        store.append_event(&done).unwrap();
        let (fresh, e_fresh) = doc_with(2, "C-0000000f");
        let (second, e2) = doc_with(3, "C-0a0a0a0a");
        let encoded = [
            store
                .encode_new(
                    &fresh,
                    &Analysis::default(),
                    std::slice::from_ref(&e_fresh),
                    &[],
                )
                .unwrap(),
            store
                .encode_new(
                    &second,
                    &Analysis::default(),
                    std::slice::from_ref(&e2),
                    &[],
                )
                .unwrap(),
        ];
        store.put_new(&encoded.iter().collect::<Vec<_>>()).unwrap();
        assert!(store.contains(&fresh.id).unwrap() && store.contains(&second.id).unwrap());
        assert_eq!(store.events_of("C-0a0a0a0a").unwrap(), vec![e1, done, e2]);
        let row = store.listed("C-0a0a0a0a").unwrap().expect("listed");
        assert_eq!(row.status, Status::Done, "the person's status stays");
        assert_eq!(row.action, "meet 3", "the newest extraction is the base");
        assert!(store.listed("C-0000000f").unwrap().is_some());
        assert!(store.listing_mismatches().unwrap().is_empty());
    }

    #[test]
    fn suggestions_count_as_pending_without_folding_and_match_a_fold() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        for (n, id) in [(1, "C-0000000a"), (2, "C-0000000b")] {
            let (d, e) = doc_with(n, id);
            store
                .put_with_events(&d, &Analysis::default(), std::slice::from_ref(&e), &[])
                .unwrap();
        }
        let suggested = |id: &str, from: u8| {
            Event::new(
                id,
                "2025-02-01T00:00:00Z".parse().unwrap(),
                Actor::System("linker".into()),
                EventKind::EvidenceSuggested {
                    evidence: crate::track::EvidenceRef {
                        doc: DocId(format!("{from:02x}").repeat(32)),
                        span: Span(0, 10),
                        sentence: "They met.".into(),
                        published: None,
                    },
                    score: 0.9,
                    suggests: None,
                    note: None,
                },
            )
        };
        // Two for one commitment, one for the other, and one for an id with no row (its
        // log does not fold, so it gets none, as with `append_events`).
        let events = [
            suggested("C-0000000a", 7),
            suggested("C-0000000b", 7),
            suggested("C-0000000a", 8),
            suggested("C-0000000c", 8),
        ];
        store.append_suggestions(&events).unwrap();
        let pending = |id: &str| store.listed(id).unwrap().map(|r| r.pending);
        assert_eq!(pending("C-0000000a"), Some(2));
        assert_eq!(pending("C-0000000b"), Some(1));
        assert_eq!(pending("C-0000000c"), None);
        assert_eq!(store.events_of("C-0000000a").unwrap().len(), 3);
        assert!(store.listing_mismatches().unwrap().is_empty());
    }
}
