//! The open data directory: the store (source of truth) and the search index (derived) together.
//!
//! Opening it re-indexes whatever the store holds and the index lacks (a crash between the sled
//! flush and the tantivy commit, or a schema change), so the index always catches up with the
//! store. That check is cheap when nothing is behind: every tantivy commit records the store's
//! document generation (raised by each put and remove, in the same sled transaction) as its
//! payload, and only when the two numbers differ are the ids of both compared. The CLI and the
//! web layer both go through this type.
//!
//! The index sits behind a read-write lock: searches (and their snippets, read from the store)
//! share it, so concurrent web searches run in parallel; adds and commits take it alone.

use std::collections::BTreeSet;
use std::fs;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use serde::Serialize;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{Analysis, DocId, Document, Facts};
use crate::search::{Hit, IndexDoc, SearchIndex, SearchQuery};
use crate::store::events::NewDocument;
use crate::store::Store;

pub mod export;
pub mod reanalyze;
pub mod tracking;

pub use tracking::{
    CommitmentDetail, CommitmentList, CommitmentRow, FollowUp, FollowUpStatus, GroupSuggestion,
    GroupView, NewCommitment, COMMITMENTS_PAGE, EXTRACTOR, LINKER,
};

/// The store and the index of one data directory.
pub struct Library {
    config: Config,
    store: Store,
    index: RwLock<SearchIndex>,
    /// Documents found stored but not indexed when this library was opened (and indexed then).
    caught_up: usize,
}

/// What `accord check` found: the ids the store and the index disagree on.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CheckReport {
    pub stored: usize,
    pub indexed: usize,
    /// In the store but not searchable.
    pub missing_from_index: Vec<DocId>,
    /// Searchable but not stored (an index entry with no document behind it).
    pub missing_from_store: Vec<DocId>,
    /// Commitments whose listing row disagrees with their event log (missing, stale or left
    /// over).
    pub listing_mismatches: Vec<String>,
    /// Stored but unindexed documents that opening the library indexed (a run killed between
    /// the sled flush and the tantivy commit leaves those).
    pub indexed_at_open: usize,
    /// Whether `--repair` fixed what was found.
    pub repaired: bool,
}

impl CheckReport {
    /// Whether store, index and listing agree.
    pub fn consistent(&self) -> bool {
        self.missing_from_index.is_empty()
            && self.missing_from_store.is_empty()
            && self.listing_mismatches.is_empty()
    }
}

impl Library {
    /// Opens (creating if needed) the data directory and brings the index up to date with the store.
    pub fn open(config: Config) -> Result<Library> {
        fs::create_dir_all(&config.data_dir).map_err(|source| Error::Io {
            path: config.data_dir.clone(),
            source,
        })?;
        let store = Store::open_with_cache(&config.data_dir, config.memory.store_cache_bytes)?;
        let (mut index, fresh) = SearchIndex::open(&config.data_dir)?;
        index.set_writer_budget(config.memory.index_writer_bytes);
        let mut lib = Library {
            config,
            store,
            index: RwLock::new(index),
            caught_up: 0,
        };
        if fresh {
            if !lib.store.is_empty() {
                lib.reindex()?;
            }
        } else if lib.index_read().mark()? != Some(lib.mark()?) {
            let (stored, indexed) = lib.ids()?;
            let missing: Vec<DocId> = stored.difference(&indexed).cloned().collect();
            // Commits even when nothing is missing, so the mark is recorded and the next
            // open is quick.
            lib.index_ids(&missing)?;
            lib.caught_up = missing.len();
        }
        Ok(lib)
    }

    /// The store's generation, as recorded in the index's commit payload.
    fn mark(&self) -> Result<String> {
        Ok(format!("generation {}", self.store.generation()?))
    }

    /// The configuration this library was opened with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The store, for read access to documents and facts.
    pub fn store(&self) -> &Store {
        &self.store
    }

    fn index(&self) -> RwLockWriteGuard<'_, SearchIndex> {
        // A panic while holding the lock cannot leave the index half-written: tantivy only
        // exposes committed state, so a poisoned lock is safe to reuse.
        self.index.write().unwrap_or_else(|p| p.into_inner())
    }

    fn index_read(&self) -> RwLockReadGuard<'_, SearchIndex> {
        self.index.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether a document with these bytes' id is stored.
    pub fn contains(&self, id: &DocId) -> Result<bool> {
        self.store.contains(id)
    }

    /// Stores a new document with its facts, one `extracted` event per commitment and one
    /// `founded` event per working group (all in one transaction, stamped with the document's
    /// ingest time), and adds it to the index; durable after [`Library::commit`].
    pub fn put(&self, doc: &Document, analysis: &Analysis) -> Result<()> {
        let new = self.encode_new(doc, analysis)?;
        self.store.put_new(&[&new])?;
        self.index().add(&index_doc(doc, analysis))
    }

    /// Encodes a new document for [`Library::put_new`]: its records, its `extracted` and
    /// `founded` events (stamped with its ingest time) and listing rows. Reads nothing, so
    /// ingest runs it on worker threads.
    pub fn encode_new(&self, doc: &Document, analysis: &Analysis) -> Result<NewDocument> {
        let at = chrono::DateTime::parse_from_rfc3339(&doc.ingested_at)
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default();
        let events = tracking::extracted_events(doc, analysis, at);
        let founded = tracking::founded_events(doc, analysis, at);
        self.store.encode_new(doc, analysis, &events, &founded)
    }

    /// Stores a batch of new documents in one transaction and adds them to the index; durable
    /// after [`Library::commit`]. `docs` pairs each encoded document with what it was encoded
    /// from.
    pub fn put_new(&self, docs: &[(&Document, &Analysis, &NewDocument)]) -> Result<()> {
        let encoded: Vec<&NewDocument> = docs.iter().map(|(_, _, n)| *n).collect();
        self.store.put_new(&encoded)?;
        let mut index = self.index();
        for (doc, analysis, _) in docs {
            index.add(&index_doc(doc, analysis))?;
        }
        Ok(())
    }

    /// Makes everything put so far durable: sled first (the source of truth), then tantivy,
    /// whose commit records the store generation it holds.
    pub fn commit(&self) -> Result<()> {
        self.store.flush()?;
        let mark = self.mark()?;
        self.index().commit_with_mark(&mark)
    }

    /// Lets the index's background merges finish and releases its writer: call after a run of
    /// commits (an ingest), so searches do not face many small segments.
    pub fn finish_writes(&self) -> Result<()> {
        self.index().finish_writes()
    }

    /// Runs a search; snippets are made from the stored text. Takes the index only for reading,
    /// so searches run side by side.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<Hit>> {
        let text_of = |id: &DocId| self.store.text(id).ok().flatten();
        self.index_read().search(query, &text_of)
    }

    /// Resolves a full id or a unique prefix of at least 4 hex digits to a stored document id.
    pub fn resolve(&self, id_or_prefix: &str) -> Result<DocId> {
        let p = id_or_prefix.trim().to_lowercase();
        if p.len() < 4 || !p.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::Invalid(format!(
                "{id_or_prefix:?} is not a document id (at least 4 hex digits)"
            )));
        }
        let mut ids = self.store.resolve_prefix(&p)?;
        match ids.len() {
            0 => Err(Error::NotFound(format!(
                "no document with id {id_or_prefix}"
            ))),
            1 => Ok(ids.remove(0)),
            n => Err(Error::Invalid(format!(
                "{n} documents start with {id_or_prefix}: give more digits"
            ))),
        }
    }

    /// One document with its facts.
    pub fn facts(&self, id: &DocId) -> Result<Facts> {
        let doc = self.store.document(id)?;
        let analysis = self.store.analysis(id)?;
        match (doc, analysis) {
            (Some(d), Some(a)) => Ok(Facts::new(&d, &a)),
            _ => Err(Error::NotFound(format!("no document with id {id}"))),
        }
    }

    /// Rebuilds the search index from the store. Returns how many documents were indexed.
    pub fn reindex(&self) -> Result<usize> {
        let mut index = self.index();
        index.clear()?;
        let mut n = 0;
        for item in self.store.documents() {
            let (doc, analysis) = item?;
            index.add(&index_doc(&doc, &analysis))?;
            n += 1;
        }
        index.commit_with_mark(&self.mark()?)?;
        Ok(n)
    }

    fn index_ids(&self, ids: &[DocId]) -> Result<()> {
        let mut index = self.index();
        for id in ids {
            if let (Some(doc), Some(analysis)) =
                (self.store.document(id)?, self.store.analysis(id)?)
            {
                index.add(&index_doc(&doc, &analysis))?;
            }
        }
        index.commit_with_mark(&self.mark()?)
    }

    fn ids(&self) -> Result<(BTreeSet<DocId>, BTreeSet<DocId>)> {
        let stored: BTreeSet<DocId> = self.store.ids()?.into_iter().collect();
        let indexed = self.index_read().ids()?;
        Ok((stored, indexed))
    }

    /// `accord check`: compares the ids in the store and in the index, and the commitment
    /// listing with the event log. With `repair`, fixes what it found: indexes what is stored
    /// but not searchable, deletes index entries with no stored document, rebuilds the listing;
    /// the report then says what was found and `repaired` is set.
    pub fn check(&self, repair: bool) -> Result<CheckReport> {
        let (stored, indexed) = self.ids()?;
        let mut report = CheckReport {
            stored: stored.len(),
            indexed: indexed.len(),
            missing_from_index: stored.difference(&indexed).cloned().collect(),
            missing_from_store: indexed.difference(&stored).cloned().collect(),
            listing_mismatches: self.store.listing_mismatches()?,
            indexed_at_open: self.caught_up,
            repaired: false,
        };
        if repair && !report.consistent() {
            {
                let mut index = self.index();
                for id in &report.missing_from_store {
                    index.remove(id)?;
                }
            }
            // Adds the missing ones and commits the removals with them.
            self.index_ids(&report.missing_from_index)?;
            if !report.listing_mismatches.is_empty() {
                self.store.rebuild_listing()?;
            }
            report.repaired = true;
        }
        Ok(report)
    }
}

/// What the index needs of a stored document.
fn index_doc<'a>(doc: &'a Document, analysis: &Analysis) -> IndexDoc<'a> {
    let mut parties: Vec<String> = Vec::new();
    for org in &analysis.organizations {
        parties.push(org.name.clone());
        parties.extend(org.aliases.iter().cloned());
    }
    parties.extend(analysis.people.iter().map(|p| p.name.clone()));
    IndexDoc {
        id: &doc.id,
        title: doc.title.as_deref(),
        text: &doc.text,
        source: &doc.source,
        format: doc.format,
        published: doc.published,
        parties,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;

    fn doc(n: u32) -> (Document, Analysis) {
        let text = format!("Korea Post and Japan Post met on day {n} and agreed to meet again.");
        let d = Document {
            id: DocId::of(text.as_bytes()),
            source: format!("memo-{n}.txt"),
            format: Format::Text,
            title: None,
            published: None,
            text,
            warnings: Vec::new(),
            size: 0,
            ingested_at: "2025-01-01T00:00:00Z".into(),
        };
        (d, Analysis::default())
    }

    /// What a kill can leave half-done, made by hand: a document flushed to sled but never
    /// committed to tantivy, and an index entry whose document is not stored.
    #[test]
    fn open_catches_up_and_check_repair_fixes_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let config = || Config::new(dir.path());
        let (a, b, c) = (doc(1), doc(2), doc(3));
        {
            let lib = Library::open(config()).unwrap();
            lib.put(&a.0, &a.1).unwrap();
            lib.commit().unwrap();
            assert_eq!(
                lib.index_read().mark().unwrap(),
                Some(lib.mark().unwrap()),
                "a commit records the store generation"
            );
            // Stored and flushed, never indexed: as a kill between the two commits.
            lib.store.put(&b.0, &b.1).unwrap();
            lib.store.flush().unwrap();
        }
        {
            let lib = Library::open(config()).unwrap();
            let r = lib.check(false).unwrap();
            assert!(r.consistent(), "{r:?}");
            assert_eq!((r.stored, r.indexed, r.indexed_at_open), (2, 2, 1));
            // Indexed, never stored.
            {
                let mut index = lib.index();
                index.add(&index_doc(&c.0, &c.1)).unwrap();
                index.commit().unwrap();
            }
            let r = lib.check(false).unwrap();
            assert_eq!(r.missing_from_store, vec![c.0.id.clone()]);
            assert!(!r.consistent() && !r.repaired);
            let r = lib.check(true).unwrap();
            assert!(r.repaired, "{r:?}");
            let r = lib.check(false).unwrap();
            assert!(r.consistent(), "{r:?}");
            assert_eq!((r.stored, r.indexed), (2, 2));
        }
        let lib = Library::open(config()).unwrap();
        assert_eq!(lib.check(false).unwrap().indexed_at_open, 0);
        let hits = lib
            .search(&SearchQuery {
                text: "meet".into(),
                ..SearchQuery::default()
            })
            .unwrap();
        assert_eq!(hits.len(), 2);
    }

    /// Searches share the index: threads searching at once all get the full answer, snippets
    /// included, while one of them would have waited for the others under a mutex.
    #[test]
    fn searches_run_side_by_side() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(Config::new(dir.path())).unwrap();
        for n in 0..20 {
            let (d, a) = doc(n);
            lib.put(&d, &a).unwrap();
        }
        lib.commit().unwrap();
        let query = SearchQuery {
            text: "\"agreed to meet\"".into(),
            limit: 50,
            ..SearchQuery::default()
        };
        let want = lib.search(&query).unwrap();
        assert_eq!(want.len(), 20);
        assert!(want.iter().all(|h| h.snippet.contains("<b>")), "{want:?}");
        // Hold one read guard the whole time: the other threads must not wait for it.
        let held = lib.index_read();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..10 {
                        assert_eq!(lib.search(&query).unwrap(), want);
                    }
                });
            }
        });
        drop(held);
    }
}
