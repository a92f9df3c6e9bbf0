//! The open data directory: the store (source of truth) and the search index (derived) together.
//!
//! Opening it re-indexes whatever the store holds and the index lacks (a crash between the sled
//! flush and the tantivy commit, or a schema change), so the index always catches up with the
//! store. The CLI and the web layer both go through this type.

use std::collections::BTreeSet;
use std::fs;
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{Analysis, DocId, Document, Facts};
use crate::search::{Hit, IndexDoc, SearchIndex, SearchQuery};
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
    index: Mutex<SearchIndex>,
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
}

impl CheckReport {
    /// Whether store and index agree.
    pub fn consistent(&self) -> bool {
        self.missing_from_index.is_empty() && self.missing_from_store.is_empty()
    }
}

impl Library {
    /// Opens (creating if needed) the data directory and brings the index up to date with the store.
    pub fn open(config: Config) -> Result<Library> {
        fs::create_dir_all(&config.data_dir).map_err(|source| Error::Io {
            path: config.data_dir.clone(),
            source,
        })?;
        let store = Store::open(&config.data_dir)?;
        let (index, fresh) = SearchIndex::open(&config.data_dir)?;
        let lib = Library {
            config,
            store,
            index: Mutex::new(index),
        };
        if fresh {
            if !lib.store.is_empty() {
                lib.reindex()?;
            }
        } else {
            let report = lib.check()?;
            if !report.missing_from_index.is_empty() {
                lib.index_ids(&report.missing_from_index)?;
            }
        }
        Ok(lib)
    }

    /// The configuration this library was opened with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The store, for read access to documents and facts.
    pub fn store(&self) -> &Store {
        &self.store
    }

    fn index(&self) -> MutexGuard<'_, SearchIndex> {
        // A panic while holding the lock cannot leave the index half-written: tantivy only
        // exposes committed state, so a poisoned lock is safe to reuse.
        self.index.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether a document with these bytes' id is stored.
    pub fn contains(&self, id: &DocId) -> Result<bool> {
        self.store.contains(id)
    }

    /// Stores a new document with its facts, one `extracted` event per commitment and one
    /// `founded` event per working group (all in one transaction, stamped with the document's
    /// ingest time), and adds it to the index; durable after [`Library::commit`].
    pub fn put(&self, doc: &Document, analysis: &Analysis) -> Result<()> {
        let at = chrono::DateTime::parse_from_rfc3339(&doc.ingested_at)
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default();
        let events = tracking::extracted_events(doc, analysis, at);
        let founded = tracking::founded_events(doc, analysis, at);
        self.store
            .put_with_events(doc, analysis, &events, &founded)?;
        self.index().add(&index_doc(doc, analysis))
    }

    /// Makes everything put so far durable: sled first (the source of truth), then tantivy.
    pub fn commit(&self) -> Result<()> {
        self.store.flush()?;
        self.index().commit()
    }

    /// Runs a search; snippets are made from the stored text.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<Hit>> {
        let text_of = |id: &DocId| self.store.document(id).ok().flatten().map(|d| d.text);
        self.index().search(query, &text_of)
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
        index.commit()?;
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
        index.commit()
    }

    /// Compares the ids in the store and in the index.
    pub fn check(&self) -> Result<CheckReport> {
        let stored: BTreeSet<DocId> = self.store.ids()?.into_iter().collect();
        let indexed = self.index().ids()?;
        Ok(CheckReport {
            stored: stored.len(),
            indexed: indexed.len(),
            missing_from_index: stored.difference(&indexed).cloned().collect(),
            missing_from_store: indexed.difference(&stored).cloned().collect(),
        })
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
