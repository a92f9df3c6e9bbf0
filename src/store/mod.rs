//! sled: the source of truth for documents and their facts.
//!
//! Trees: `documents` (DocId -> Document without its text), `texts` (DocId -> the text), `facts`
//! (DocId -> Analysis), `ids` (DocId -> nothing), `meta` (format version, document generation,
//! listing flag), and the logs and listing of [`events`] and [`listing`]. Keys are the id's
//! lowercase hex bytes, so key order is id order and a typed prefix is a range scan. Texts live
//! apart so that what needs a document's source or date never reads its text; `ids` exists
//! because sled reads values while iterating keys: listing, counting and membership go through
//! it. Values go through [`codec`] (zstd-compressed JSON), the one place that knows the
//! encoding. Multi-tree writes go through one transaction; nothing is reported saved before
//! `flush()`.
//!
//! Format 2 (this one) added the compression and the `texts` tree; format-1 values are plain
//! JSON with the text inside the document, and both still decode, so a format-1 store is
//! upgraded in place by restamping it (old records stay as they are, new ones are written in
//! format 2).

mod codec;
pub mod events;
pub mod listing;

use std::path::{Path, PathBuf};

use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use crate::error::{Error, Result};
use crate::model::{Analysis, DocId, Document};

/// The store format version; a store written by a newer version is refused with a clear error,
/// one from an older version is upgraded (see the module docs).
pub const FORMAT_VERSION: u32 = 2;

/// Key of the format version in the `meta` tree; its value is the version in decimal ASCII.
const FORMAT_VERSION_KEY: &[u8] = b"format_version";

/// Key of the document generation in the `meta` tree: a big-endian `u64` raised by every put
/// and remove of a document, in the same transaction. The search index records the generation
/// it was committed at, so opening compares two numbers instead of every id.
const GENERATION_KEY: &[u8] = b"generation";

/// A document's records, encoded for a put.
struct Encoded {
    document: Vec<u8>,
    text: Vec<u8>,
    facts: Vec<u8>,
}

/// An open sled store.
pub struct Store {
    path: PathBuf,
    db: sled::Db,
    documents: sled::Tree,
    texts: sled::Tree,
    facts: sled::Tree,
    ids: sled::Tree,
    meta: sled::Tree,
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir/store`; another process holding it gives
    /// `Error::Locked` naming `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Store> {
        Store::open_with_cache(data_dir, crate::config::Memory::default().store_cache_bytes)
    }

    /// [`Store::open`] with sled's page cache bounded to `cache_bytes` (see
    /// [`crate::config::Memory`]).
    pub fn open_with_cache(data_dir: &Path, cache_bytes: u64) -> Result<Store> {
        let path = data_dir.join("store");
        std::fs::create_dir_all(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let config = sled::Config::new().path(&path).cache_capacity(cache_bytes);
        // sled releases its file lock when its background flusher thread ends, which can be a
        // moment after the last handle is dropped; a store just closed by this process (or by
        // one that just exited) is retried briefly before it is reported as in use.
        let started = std::time::Instant::now();
        let db = loop {
            match config.open() {
                Err(e) if is_lock_error(&e) && started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                r => break r.map_err(|e| open_error(data_dir, &path, e))?,
            }
        };
        let tree = |name: &str| db.open_tree(name).map_err(|e| store_error(&path, e));
        let documents = tree("documents")?;
        let texts = tree("texts")?;
        let facts = tree("facts")?;
        let ids = tree("ids")?;
        let meta = tree("meta")?;
        check_format_version(&path, &meta, &documents)?;
        let store = Store {
            path,
            db,
            documents,
            texts,
            facts,
            ids,
            meta,
        };
        store.backfill_ids()?;
        if !store.listing_built()? {
            store.rebuild_listing()?;
        }
        Ok(store)
    }

    /// The directory of this store.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a document with this id is stored.
    pub fn contains(&self, id: &DocId) -> Result<bool> {
        self.ids
            .contains_key(id.as_str().as_bytes())
            .map_err(|e| self.err(e))
    }

    /// Stores a document and its analysis atomically (both or neither). Not durable until `flush`.
    pub fn put(&self, doc: &Document, analysis: &Analysis) -> Result<()> {
        let key = doc.id.as_str().as_bytes();
        let rec = self.encode_document(doc, analysis)?;
        (
            &self.documents,
            &self.texts,
            &self.facts,
            &self.ids,
            &self.meta,
        )
            .transaction(|(documents, texts, facts, ids, meta)| {
                documents.insert(key, rec.document.as_slice())?;
                texts.insert(key, rec.text.as_slice())?;
                facts.insert(key, rec.facts.as_slice())?;
                ids.insert(key, &[])?;
                bump_generation(meta)
            })
            .map_err(|e| match e {
                TransactionError::Abort(m) => self.message(m),
                TransactionError::Storage(e) => self.err(e),
            })
    }

    /// Removes a document and its analysis together; returns whether it was stored. Not durable
    /// until `flush`.
    pub fn remove(&self, id: &DocId) -> Result<bool> {
        let key = id.as_str().as_bytes();
        (
            &self.documents,
            &self.texts,
            &self.facts,
            &self.ids,
            &self.meta,
        )
            .transaction(|(documents, texts, facts, ids, meta)| {
                let was = documents.remove(key)?.is_some();
                texts.remove(key)?;
                facts.remove(key)?;
                ids.remove(key)?;
                bump_generation(meta)?;
                Ok::<bool, ConflictableTransactionError<String>>(was)
            })
            .map_err(|e| match e {
                TransactionError::Abort(m) => self.message(m),
                TransactionError::Storage(e) => self.err(e),
            })
    }

    /// The stored document with this id.
    pub fn document(&self, id: &DocId) -> Result<Option<Document>> {
        match self.document_meta(id)? {
            Some(doc) => self.with_text(id.as_str().as_bytes(), doc).map(Some),
            None => Ok(None),
        }
    }

    /// The stored document with this id, without its text (empty): for what needs only its
    /// source, title or dates.
    pub fn document_meta(&self, id: &DocId) -> Result<Option<Document>> {
        self.get(&self.documents, id)
    }

    /// The stored text of the document with this id.
    pub fn text(&self, id: &DocId) -> Result<Option<String>> {
        let key = id.as_str().as_bytes();
        match self.texts.get(key).map_err(|e| self.err(e))? {
            Some(raw) => codec::decode_text(&raw)
                .map(Some)
                .map_err(|m| self.bad_record(key, m)),
            // A format-1 record keeps its text inside the document.
            None => Ok(self.document_meta(id)?.map(|d| d.text)),
        }
    }

    /// Fills in a document's text from `texts` (a format-1 document has it already).
    fn with_text(&self, key: &[u8], mut doc: Document) -> Result<Document> {
        if let Some(raw) = self.texts.get(key).map_err(|e| self.err(e))? {
            doc.text = codec::decode_text(&raw).map_err(|m| self.bad_record(key, m))?;
        }
        Ok(doc)
    }

    /// A document's three records, encoded: the document without its text, the text, the facts.
    fn encode_document(&self, doc: &Document, analysis: &Analysis) -> Result<Encoded> {
        let text = codec::encode_text(&doc.text).map_err(|m| self.message(m))?;
        let meta = Document {
            text: String::new(),
            ..doc.clone()
        };
        Ok(Encoded {
            document: codec::encode(&meta).map_err(|m| self.message(m))?,
            text,
            facts: codec::encode(analysis).map_err(|m| self.message(m))?,
        })
    }

    /// The source path of the stored document with this id.
    pub fn source_of(&self, id: &DocId) -> Result<Option<String>> {
        Ok(self.document_meta(id)?.map(|d| d.source))
    }

    /// The stored analysis of the document with this id.
    pub fn analysis(&self, id: &DocId) -> Result<Option<Analysis>> {
        self.get(&self.facts, id)
    }

    /// Every stored document id, in order.
    pub fn ids(&self) -> Result<Vec<DocId>> {
        self.ids
            .iter()
            .keys()
            .map(|k| k.map_err(|e| self.err(e)).and_then(|k| self.id_of(&k)))
            .collect()
    }

    /// Ids that start with `prefix` (what people type: the first hex digits, any case).
    pub fn resolve_prefix(&self, prefix: &str) -> Result<Vec<DocId>> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Vec::new());
        }
        self.ids
            .scan_prefix(prefix.as_bytes())
            .keys()
            .map(|k| k.map_err(|e| self.err(e)).and_then(|k| self.id_of(&k)))
            .collect()
    }

    /// Every stored document with its analysis, in id order. A document whose analysis is missing
    /// or unreadable yields an error for that item only, so one bad record never stops a walk.
    pub fn documents(&self) -> impl Iterator<Item = Result<(Document, Analysis)>> + '_ {
        self.documents.iter().map(move |entry| {
            let (key, value) = entry.map_err(|e| self.err(e))?;
            let doc: Document = codec::decode(&value).map_err(|m| self.bad_record(&key, m))?;
            let doc = self.with_text(&key, doc)?;
            let analysis = self
                .facts
                .get(&key)
                .map_err(|e| self.err(e))?
                .ok_or_else(|| self.bad_record(&key, "no analysis stored".to_string()))?;
            let analysis = codec::decode(&analysis).map_err(|m| self.bad_record(&key, m))?;
            Ok((doc, analysis))
        })
    }

    /// How many documents are stored. Counts the keys (sled keeps no count), so it is O(n),
    /// but over small values only.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the store holds no document.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The document generation: raised by every put and remove (see `GENERATION_KEY`). Equal
    /// generations mean the same set of documents, as far as this store's writes go.
    pub fn generation(&self) -> Result<u64> {
        let raw = self.meta.get(GENERATION_KEY).map_err(|e| self.err(e))?;
        Ok(raw.as_deref().map_or(0, decode_generation))
    }

    /// Makes every write so far durable.
    pub fn flush(&self) -> Result<()> {
        self.db.flush().map(|_| ()).map_err(|e| self.err(e))
    }

    /// Lists in `ids` any document missing there (a store written before `ids` existed).
    fn backfill_ids(&self) -> Result<()> {
        if !self.ids.is_empty() || self.documents.is_empty() {
            return Ok(());
        }
        for key in self.documents.iter().keys() {
            let key = key.map_err(|e| self.err(e))?;
            self.ids.insert(key, &[]).map_err(|e| self.err(e))?;
        }
        self.flush()
    }

    fn get<T: serde::de::DeserializeOwned>(
        &self,
        tree: &sled::Tree,
        id: &DocId,
    ) -> Result<Option<T>> {
        match tree.get(id.as_str().as_bytes()).map_err(|e| self.err(e))? {
            Some(bytes) => codec::decode(&bytes)
                .map(Some)
                .map_err(|m| self.bad_record(id.as_str().as_bytes(), m)),
            None => Ok(None),
        }
    }

    fn id_of(&self, key: &[u8]) -> Result<DocId> {
        std::str::from_utf8(key)
            .map(|s| DocId(s.to_string()))
            .map_err(|_| self.bad_record(key, "key is not UTF-8".to_string()))
    }

    fn err(&self, e: sled::Error) -> Error {
        store_error(&self.path, e)
    }

    fn message(&self, message: String) -> Error {
        Error::Store {
            path: self.path.clone(),
            message,
        }
    }

    fn bad_record(&self, key: &[u8], message: String) -> Error {
        self.message(format!(
            "record {}: {message}",
            String::from_utf8_lossy(key)
        ))
    }
}

/// Raises the generation inside a transaction.
pub(crate) fn bump_generation(
    meta: &sled::transaction::TransactionalTree,
) -> std::result::Result<(), ConflictableTransactionError<String>> {
    let now = meta
        .get(GENERATION_KEY)?
        .as_deref()
        .map_or(0, decode_generation);
    meta.insert(GENERATION_KEY, &(now + 1).to_be_bytes())?;
    Ok(())
}

fn decode_generation(raw: &[u8]) -> u64 {
    <[u8; 8]>::try_from(raw).map_or(0, u64::from_be_bytes)
}

/// Refuses a store written in another format; stamps a new (empty) one with the current version.
fn check_format_version(path: &Path, meta: &sled::Tree, documents: &sled::Tree) -> Result<()> {
    let refuse = |message: String| Error::Store {
        path: path.to_path_buf(),
        message,
    };
    match meta
        .get(FORMAT_VERSION_KEY)
        .map_err(|e| store_error(path, e))?
    {
        Some(raw) => {
            let found = std::str::from_utf8(&raw)
                .ok()
                .and_then(|s| s.trim().parse::<u32>().ok())
                .ok_or_else(|| {
                    refuse(format!(
                        "unreadable format version {:?}",
                        String::from_utf8_lossy(&raw)
                    ))
                })?;
            if found > FORMAT_VERSION {
                Err(refuse(format!(
                    "written by a newer accord (store format {found}, this accord reads {FORMAT_VERSION}); upgrade accord or use another data directory"
                )))
            } else if found == 0 {
                Err(refuse(format!(
                    "written in store format {found}, this accord reads 1 to {FORMAT_VERSION}; re-ingest into a new data directory"
                )))
            } else if found < FORMAT_VERSION {
                // Format 1 reads as it is (see the module docs): restamp it.
                meta.insert(FORMAT_VERSION_KEY, FORMAT_VERSION.to_string().as_bytes())
                    .map_err(|e| store_error(path, e))?;
                meta.flush().map_err(|e| store_error(path, e))?;
                Ok(())
            } else {
                Ok(())
            }
        }
        None if documents.is_empty() => {
            meta.insert(FORMAT_VERSION_KEY, FORMAT_VERSION.to_string().as_bytes())
                .map_err(|e| store_error(path, e))?;
            meta.flush().map_err(|e| store_error(path, e))?;
            Ok(())
        }
        None => Err(refuse(
            "holds documents but no format version; it was not written by accord".to_string(),
        )),
    }
}

/// How long opening waits for a lock that is being released before saying "in use".
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Whether sled failed to open because another handle holds the directory's file lock.
fn is_lock_error(e: &sled::Error) -> bool {
    match e {
        sled::Error::Io(io) => {
            let text = io.to_string();
            text.contains("could not acquire lock") || io.kind() == std::io::ErrorKind::WouldBlock
        }
        _ => false,
    }
}

/// Maps an open failure: sled's lock failure means another process has the data directory.
fn open_error(data_dir: &Path, path: &Path, e: sled::Error) -> Error {
    if is_lock_error(&e) {
        Error::Locked {
            path: data_dir.to_path_buf(),
            hint: None,
        }
    } else {
        store_error(path, e)
    }
}

fn store_error(path: &Path, e: sled::Error) -> Error {
    Error::Store {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests;
