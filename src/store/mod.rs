//! sled: the source of truth for documents and their facts.
//!
//! Trees: `documents` (DocId -> Document), `facts` (DocId -> Analysis), `meta` (format version).
//! Multi-tree writes go through one transaction; nothing is reported saved before `flush()`.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::model::{Analysis, DocId, Document};

/// The store format version; a store written by another version is refused with a clear error.
pub const FORMAT_VERSION: u32 = 1;

/// An open sled store.
pub struct Store {
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir/store`; another process holding it gives
    /// `Error::Locked` naming `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Store> {
        Ok(Store {
            path: data_dir.join("store"),
        })
    }

    /// The directory of this store.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a document with this id is stored.
    pub fn contains(&self, id: &DocId) -> Result<bool> {
        let _ = id;
        Ok(false)
    }

    /// Stores a document and its analysis atomically (both or neither). Not durable until `flush`.
    pub fn put(&self, doc: &Document, analysis: &Analysis) -> Result<()> {
        let _ = (doc, analysis);
        Ok(())
    }

    /// The stored document with this id.
    pub fn document(&self, id: &DocId) -> Result<Option<Document>> {
        let _ = id;
        Ok(None)
    }

    /// The stored analysis of the document with this id.
    pub fn analysis(&self, id: &DocId) -> Result<Option<Analysis>> {
        let _ = id;
        Ok(None)
    }

    /// Every stored document id, in order.
    pub fn ids(&self) -> Result<Vec<DocId>> {
        Ok(Vec::new())
    }

    /// Ids that start with `prefix` (what people type: the first hex digits).
    pub fn resolve_prefix(&self, prefix: &str) -> Result<Vec<DocId>> {
        let _ = prefix;
        Ok(Vec::new())
    }

    /// Every stored document with its analysis, in id order.
    pub fn documents(&self) -> impl Iterator<Item = Result<(Document, Analysis)>> + '_ {
        std::iter::empty()
    }

    /// How many documents are stored.
    pub fn len(&self) -> usize {
        0
    }

    /// Whether the store holds no document.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Makes every write so far durable.
    pub fn flush(&self) -> Result<()> {
        Ok(())
    }
}
