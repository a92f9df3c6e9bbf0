//! tantivy: the full-text index, derived from the store and rebuildable from it at any time.
//!
//! Fed plain model values; never touches sled. Snippets are made from text the caller passes in,
//! so the body is indexed but not stored. The index lives in `data_dir/search` beside a
//! `schema_version` file; when that file is missing or names another version the directory is
//! wiped and recreated, and `open` says so, so the caller refills it from the store.
//!
//! Query semantics: tantivy's query syntax (terms, "phrases", AND/OR/NOT, +/-, `title:`,
//! `party:"..."`, `published:[.. TO ..]`), with several terms meaning all of them (AND): adding
//! a word narrows the results, as people expect from a search box. Each term is
//! looked up in `title` (boosted 2x), `body`, and their CJK bigram twins, so 郵政 finds 中国郵政集团.
//! `title` and `body` use English stemming and ASCII folding: "agreements" finds "agreement",
//! "communique" finds "communiqué".

mod cjk;

use std::collections::BTreeSet;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::directory::error::LockError;
use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, QueryParserError,
    RangeQuery, TermQuery,
};
use tantivy::query_grammar::{self, UserInputAst, UserInputLeaf};
use tantivy::schema::{
    DateOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED,
    STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer,
};
use tantivy::Order;
use tantivy::{
    DateTime, DocAddress, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument,
    TantivyError, Term, TERMINATED,
};

use crate::error::{Error, Result};
use crate::model::{DocId, Format};

/// The schema version; an index built with another version is rebuilt from the store.
/// Bump it whenever the schema or a tokenizer changes.
pub const SCHEMA_VERSION: u32 = 1;

/// The file beside the index that records the schema version it was built with.
const SENTINEL: &str = "schema_version";
/// Tokenizer of `title` and `body`.
const TEXT_TOKENIZER: &str = "accord_text";
/// Tokenizer of `party`: the whole name, lowercased.
const PARTY_TOKENIZER: &str = "party_name";
/// Name of the publication date field, also used to sort filter-only searches.
const FIELD_PUBLISHED: &str = "published";
/// The least indexing buffer tantivy accepts per indexing thread.
const WRITER_MIN_PER_THREAD: usize = 15_000_000;
/// Longest snippet, in bytes of text (tantivy counts bytes).
const SNIPPET_MAX: usize = 200;
/// Longest query text accepted.
const MAX_QUERY_BYTES: usize = 4096;
/// Most parentheses and NOTs in one query (each costs parser stack).
const MAX_QUERY_NESTING: usize = 64;
/// Results when the query does not say.
const DEFAULT_LIMIT: usize = 10;

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

/// The fields of the schema, resolved once.
#[derive(Clone, Copy, Debug)]
struct Fields {
    id: Field,
    title: Field,
    body: Field,
    title_cjk: Field,
    body_cjk: Field,
    source: Field,
    format: Field,
    published: Field,
    party: Field,
}

/// An open search index.
pub struct SearchIndex {
    path: PathBuf,
    data_dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    parser: QueryParser,
    /// Taken on the first write, so read-only commands never hold the writer lock.
    writer: Option<IndexWriter<TantivyDocument>>,
    /// The writer's indexing buffer, in bytes (see [`SearchIndex::set_writer_budget`]).
    writer_bytes: usize,
}

impl SearchIndex {
    /// Opens (creating if needed) the index in `data_dir/search`. Returns `true` beside it when the
    /// index was (re)created empty, e.g. because its schema version changed, so the caller refills
    /// it from the store. The writer (and its lock) is taken only on the first write.
    pub fn open(data_dir: &Path) -> Result<(SearchIndex, bool)> {
        let path = data_dir.join("search");
        std::fs::create_dir_all(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let (schema, fields) = build_schema();
        let current = read_sentinel(&path) == Some(SCHEMA_VERSION);
        let existing = if current && path.join("meta.json").exists() {
            // A sentinel that matches but a schema that does not (a bump was forgotten) or an
            // index that does not open is rebuilt too: the index is only ever derived data.
            Index::open_in_dir(&path)
                .ok()
                .filter(|index| index.schema() == schema)
        } else {
            None
        };
        let (index, rebuilt) = match existing {
            Some(index) => (index, false),
            None => (recreate(data_dir, &path, schema)?, true),
        };
        register_tokenizers(&index);
        let err = |e: TantivyError| search_error(&path, e);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(err)?;
        let mut parser = QueryParser::for_index(
            &index,
            vec![fields.title, fields.body, fields.title_cjk, fields.body_cjk],
        );
        parser.set_conjunction_by_default();
        parser.set_field_boost(fields.title, 2.0);
        parser.set_field_boost(fields.title_cjk, 2.0);
        Ok((
            SearchIndex {
                path,
                data_dir: data_dir.to_path_buf(),
                index,
                fields,
                reader,
                parser,
                writer: None,
                writer_bytes: crate::config::Memory::default().index_writer_bytes,
            },
            rebuilt,
        ))
    }

    /// The directory of this index.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Adds a document, replacing any earlier version with the same id. Visible after `commit`.
    pub fn add(&mut self, doc: &IndexDoc) -> Result<()> {
        let f = self.fields;
        let mut d = TantivyDocument::new();
        d.add_text(f.id, doc.id.as_str());
        if let Some(title) = doc.title {
            d.add_text(f.title, title);
            d.add_text(f.title_cjk, title);
        }
        d.add_text(f.body, doc.text);
        d.add_text(f.body_cjk, doc.text);
        d.add_text(f.source, doc.source);
        d.add_text(f.format, doc.format.as_str());
        if let Some(date) = doc.published {
            d.add_date(f.published, to_datetime(date));
        }
        for party in &doc.parties {
            d.add_text(f.party, party.trim());
        }
        let path = self.path.clone();
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_text(f.id, doc.id.as_str()));
        writer
            .add_document(d)
            .map(|_| ())
            .map_err(|e| search_error(&path, e))
    }

    /// Removes every document.
    pub fn clear(&mut self) -> Result<()> {
        let path = self.path.clone();
        self.writer()?
            .delete_all_documents()
            .map(|_| ())
            .map_err(|e| search_error(&path, e))
    }

    /// Removes the document with this id, if indexed. Visible after `commit`.
    pub fn remove(&mut self, id: &DocId) -> Result<()> {
        let field = self.fields.id;
        self.writer()?
            .delete_term(Term::from_field_text(field, id.as_str()));
        Ok(())
    }

    /// Makes every add so far durable and visible to searches.
    pub fn commit(&mut self) -> Result<()> {
        self.commit_marked(None)
    }

    /// Like `commit`, and records `mark` atomically with it (e.g. how far the store had been
    /// indexed), so after a crash [`SearchIndex::mark`] tells exactly what the index holds.
    pub fn commit_with_mark(&mut self, mark: &str) -> Result<()> {
        self.commit_marked(Some(mark))
    }

    /// The mark recorded by the last `commit_with_mark` (a plain `commit` clears it).
    pub fn mark(&self) -> Result<Option<String>> {
        self.index
            .load_metas()
            .map(|metas| metas.payload)
            .map_err(|e| self.err(e))
    }

    fn commit_marked(&mut self, mark: Option<&str>) -> Result<()> {
        let path = self.path.clone();
        let mut prepared = self
            .writer()?
            .prepare_commit()
            .map_err(|e| search_error(&path, e))?;
        if let Some(mark) = mark {
            prepared.set_payload(mark);
        }
        prepared.commit().map_err(|e| search_error(&path, e))?;
        self.reader.reload().map_err(|e| search_error(&path, e))
    }

    /// Lets background merges finish, then releases the writer and its lock (the next write
    /// takes it again). Call at the end of a batch: merges still running when the writer is
    /// dropped are abandoned, and small segments left behind slow every search down.
    pub fn finish_writes(&mut self) -> Result<()> {
        let Some(writer) = self.writer.take() else {
            return Ok(());
        };
        writer.wait_merging_threads().map_err(|e| self.err(e))?;
        self.reader.reload().map_err(|e| self.err(e))
    }

    /// Every indexed document id, as of the last commit. Reads the id field's terms, keeping
    /// those with a live document, so replaced and cleared documents are not listed.
    pub fn ids(&self) -> Result<BTreeSet<DocId>> {
        let searcher = self.reader.searcher();
        let mut ids = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment
                .inverted_index(self.fields.id)
                .map_err(|e| self.err(e))?;
            let mut terms = inverted.terms().stream().map_err(|e| self.io_err(e))?;
            while terms.advance() {
                let mut postings = inverted
                    .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                    .map_err(|e| self.io_err(e))?;
                let mut doc = postings.doc();
                while doc != TERMINATED && segment.is_deleted(doc) {
                    doc = postings.advance();
                }
                if doc != TERMINATED {
                    let id = std::str::from_utf8(terms.key()).map_err(|_| Error::Search {
                        path: self.path.clone(),
                        message: "an indexed id is not UTF-8".to_string(),
                    })?;
                    ids.insert(DocId(id.to_string()));
                }
            }
        }
        Ok(ids)
    }

    /// Runs a query, best first, at most `query.limit` hits (0 means 10). `text_of` gives a hit's
    /// text for its snippet (only hits are asked). An empty query text with filters lists the
    /// matching documents newest first, with score 0. A query that does not parse, or is too long
    /// or too nested, is `Error::Query`.
    pub fn search(
        &self,
        query: &SearchQuery,
        text_of: &dyn Fn(&DocId) -> Option<String>,
    ) -> Result<Vec<Hit>> {
        let f = self.fields;
        let text_query: Box<dyn Query> = if query.text.trim().is_empty() {
            Box::new(AllQuery)
        } else {
            parse(&self.parser, &query.text)?
        };
        // Filters only narrow: they score nothing, so ranking stays that of the text query.
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        if let Some(party) = query
            .party
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let term = Term::from_field_text(f.party, &party.to_lowercase());
            filters.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        if query.from.is_some() || query.to.is_some() {
            let bound = |d: Option<NaiveDate>| match d {
                Some(d) => Bound::Included(Term::from_field_date_for_search(
                    f.published,
                    to_datetime(d),
                )),
                None => Bound::Unbounded,
            };
            filters.push(Box::new(RangeQuery::new(
                bound(query.from),
                bound(query.to),
            )));
        }
        let full: Box<dyn Query> = if filters.is_empty() {
            text_query
        } else {
            let mut clauses = vec![(Occur::Must, text_query)];
            for filter in filters {
                clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
            }
            Box::new(BooleanQuery::new(clauses))
        };

        let searcher = self.reader.searcher();
        // tantivy allocates room for twice the limit up front: never ask for more than there is.
        let limit = match query.limit {
            0 => DEFAULT_LIMIT,
            n => n,
        }
        .min(usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX))
        .max(1);
        let top: Vec<(f32, DocAddress)> = if query.text.trim().is_empty() {
            // Nothing to rank by: newest first, undated last; the score says nothing.
            let collector = TopDocs::with_limit(limit)
                .order_by_fast_field::<DateTime>(FIELD_PUBLISHED, Order::Desc);
            let top = searcher
                .search(&full, &collector)
                .map_err(|e| self.err(e))?;
            top.into_iter().map(|(_, address)| (0.0, address)).collect()
        } else {
            searcher
                .search(&full, &TopDocs::with_limit(limit).order_by_score())
                .map_err(|e| self.err(e))?
        };
        if top.is_empty() {
            return Ok(Vec::new());
        }

        let snippets = Snippets::new(&searcher, &*full, f, &self.path)?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.err(e))?;
            let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str());
            let id = DocId(text(f.id).unwrap_or_default().to_string());
            let published = doc
                .get_first(f.published)
                .and_then(|v| v.as_datetime())
                .and_then(from_datetime);
            let snippet = text_of(&id)
                .map(|body| snippets.make(&body))
                .unwrap_or_default();
            hits.push(Hit {
                score,
                title: text(f.title).map(str::to_string),
                published,
                source: text(f.source).unwrap_or_default().to_string(),
                snippet,
                id,
            });
        }
        Ok(hits)
    }

    /// Bounds the indexing buffer of the writer taken from now on (tantivy needs at least
    /// 15 MB per indexing thread; a lower budget is raised to that).
    pub fn set_writer_budget(&mut self, bytes: usize) {
        self.writer_bytes = bytes;
    }

    /// The writer, taken now if this is the first write.
    fn writer(&mut self) -> Result<&mut IndexWriter<TantivyDocument>> {
        let writer = match self.writer.take() {
            Some(writer) => writer,
            None => {
                let threads = std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
                    .clamp(1, 2);
                self.index
                    .writer_with_num_threads(
                        threads,
                        self.writer_bytes.max(WRITER_MIN_PER_THREAD * threads),
                    )
                    .map_err(|e| match e {
                        TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked {
                            path: self.data_dir.clone(),
                            hint: None,
                        },
                        e => search_error(&self.path, e),
                    })?
            }
        };
        Ok(self.writer.insert(writer))
    }

    fn err(&self, e: TantivyError) -> Error {
        search_error(&self.path, e)
    }

    fn io_err(&self, e: std::io::Error) -> Error {
        Error::Search {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }
}

/// Snippet makers for one query: the body's, then the CJK body's for matches only it sees.
///
/// Tokenising a whole long document per hit would dominate search time, so the generators first
/// run on small windows around cheap textual candidates ("probes" of the query terms) and fall
/// back to a bounded full scan only when no window holds a real match.
struct Snippets {
    body: SnippetGenerator,
    cjk: SnippetGenerator,
    /// ASCII-lowercase strings that occur where a query term of the body fields occurs.
    probes: Vec<String>,
}

/// How far a window reaches on each side of a candidate, in bytes.
const WINDOW_RADIUS: usize = 2 * SNIPPET_MAX;
/// Most candidate windows tried per document.
const MAX_WINDOWS: usize = 8;
/// Most text scanned when no window matched (a huge document pays only this much).
const MAX_SCAN: usize = 256 * 1024;

impl Snippets {
    fn new(
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        f: Fields,
        path: &Path,
    ) -> Result<Snippets> {
        let make = |field: Field| {
            SnippetGenerator::create(searcher, query, field)
                .map(|mut g| {
                    g.set_max_num_chars(SNIPPET_MAX);
                    g
                })
                .map_err(|e| search_error(path, e))
        };
        let mut probes = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == f.body || term.field() == f.body_cjk {
                if let Some(text) = term.value().as_str() {
                    probes.insert(probe_of(text));
                }
            }
        });
        Ok(Snippets {
            body: make(f.body)?,
            cjk: make(f.body_cjk)?,
            probes: probes.into_iter().filter(|p| !p.is_empty()).collect(),
        })
    }

    /// The best highlighted fragment of `text`, or its escaped start when no term is in it
    /// (a match in the title only).
    fn make(&self, text: &str) -> String {
        // ASCII lowercasing keeps every byte offset, so positions found here index `text`.
        let lowered = text.to_ascii_lowercase();
        let mut candidates: Vec<usize> = self
            .probes
            .iter()
            .flat_map(|p| lowered.match_indices(p.as_str()).take(MAX_WINDOWS))
            .map(|(at, _)| at)
            .collect();
        candidates.sort_unstable();
        let mut covered = 0;
        let mut tried = 0;
        for at in candidates {
            if at < covered || tried == MAX_WINDOWS {
                continue;
            }
            tried += 1;
            let (from, to) = window(text, at, WINDOW_RADIUS);
            covered = to;
            if let Some(html) = self.highlight(&text[from..to]) {
                return html;
            }
        }
        let scanned = &text[..floor_boundary(text, MAX_SCAN)];
        if let Some(html) = self.highlight(scanned) {
            return html;
        }
        escape_html(text[..floor_boundary(text, SNIPPET_MAX)].trim())
    }

    fn highlight(&self, text: &str) -> Option<String> {
        [&self.body, &self.cjk]
            .into_iter()
            .map(|g| g.snippet(text))
            .find(|s| !s.is_empty())
            .map(|s| s.to_html())
    }
}

/// What to look for in the raw text to find a term. Stemming only changes a word's end
/// (agreed -> agre, policy -> polici), so a stem without its last character is a prefix of the
/// word as written; CJK bigrams are found as they are.
fn probe_of(term: &str) -> String {
    let n = term.chars().count();
    if term.is_ascii() && n >= 3 {
        term[..n - 1].to_string()
    } else {
        term.to_string()
    }
}

/// Byte range of the text around `at`, `radius` bytes each way, cut at whitespace where there is
/// some, so that no word is cut (a cut word could stem into a false match).
fn window(text: &str, at: usize, radius: usize) -> (usize, usize) {
    let mut from = floor_boundary(text, at.saturating_sub(radius));
    if from > 0 {
        if let Some(i) = text[from..at].find(char::is_whitespace) {
            from += i;
        }
    }
    let mut to = ceil_boundary(text, at.saturating_add(radius));
    if to < text.len() {
        if let Some(i) = text[at..to].rfind(char::is_whitespace) {
            to = at + i;
        }
    }
    (from, to)
}

/// The largest char boundary at or below `i` (clamped to the text).
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary at or above `i` (clamped to the text).
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The schema and its fields. Changing anything here means bumping [`SCHEMA_VERSION`].
fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions)
    };
    let indexed = |tokenizer: &str| TextOptions::default().set_indexing_options(text(tokenizer));
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", indexed(TEXT_TOKENIZER).set_stored()),
        body: b.add_text_field("body", indexed(TEXT_TOKENIZER)),
        title_cjk: b.add_text_field("title_cjk", indexed(cjk::NAME)),
        body_cjk: b.add_text_field("body_cjk", indexed(cjk::NAME)),
        source: b.add_text_field("source", STORED),
        format: b.add_text_field("format", STRING | STORED),
        published: b.add_date_field(
            FIELD_PUBLISHED,
            DateOptions::default().set_indexed().set_fast().set_stored(),
        ),
        party: b.add_text_field(
            "party",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(PARTY_TOKENIZER)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        ),
    };
    (b.build(), fields)
}

/// Tokenizers live in memory only: they are registered on every open.
fn register_tokenizers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(
        TEXT_TOKENIZER,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build(),
    );
    manager.register(cjk::NAME, TextAnalyzer::from(cjk::CjkBigramTokenizer));
    manager.register(
        PARTY_TOKENIZER,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

/// Wipes `path` and creates an empty index there, then records the schema version. Holds the
/// writer lock meanwhile, so an index another process is writing is never wiped under it.
fn recreate(data_dir: &Path, path: &Path, schema: Schema) -> Result<Index> {
    let dir = MmapDirectory::open(path).map_err(|e| Error::Search {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let _lock = dir.acquire_lock(&INDEX_WRITER_LOCK).map_err(|e| match e {
        LockError::LockBusy => Error::Locked {
            path: data_dir.to_path_buf(),
            hint: None,
        },
        e => Error::Search {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    })?;
    let io = |p: &Path, source| Error::Io {
        path: p.to_path_buf(),
        source,
    };
    let entries = std::fs::read_dir(path).map_err(|e| io(path, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io(path, e))?;
        let p = entry.path();
        let name = entry.file_name();
        if name
            .to_str()
            .is_some_and(|n| n.starts_with(".tantivy-") && n.ends_with(".lock"))
        {
            continue;
        }
        let removed = if entry.file_type().map_err(|e| io(&p, e))?.is_dir() {
            std::fs::remove_dir_all(&p)
        } else {
            std::fs::remove_file(&p)
        };
        removed.map_err(|e| io(&p, e))?;
    }
    let index = Index::create_in_dir(path, schema).map_err(|e| search_error(path, e))?;
    write_sentinel(path)?;
    Ok(index)
}

fn read_sentinel(path: &Path) -> Option<u32> {
    std::fs::read_to_string(path.join(SENTINEL))
        .ok()
        .and_then(|s| s.trim().parse().ok())
}

/// Writes the sentinel atomically (temp file, then rename), after the index it describes.
fn write_sentinel(path: &Path) -> Result<()> {
    let tmp = path.join(format!("{SENTINEL}.tmp"));
    let target = path.join(SENTINEL);
    std::fs::write(&tmp, format!("{SCHEMA_VERSION}\n"))
        .and_then(|_| std::fs::rename(&tmp, &target))
        .map_err(|source| Error::Io {
            path: target,
            source,
        })
}

fn to_datetime(date: NaiveDate) -> DateTime {
    DateTime::from_timestamp_secs(date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp())
}

fn from_datetime(dt: DateTime) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(dt.into_timestamp_secs(), 0).map(|d| d.date_naive())
}

/// Parses user query text. Same as `QueryParser::parse_query`, except that a CJK term aimed at
/// `title:` or `body:` is looked up in the field's CJK twin too, as unfielded terms are, and
/// that a query of exclusions only matches everything else instead of failing.
fn parse(parser: &QueryParser, text: &str) -> Result<Box<dyn Query>> {
    // tantivy's grammar recurses per group and per NOT: bound them, as a stack overflow would
    // abort the process (a web server included).
    if text.len() > MAX_QUERY_BYTES {
        return Err(Error::Query(format!(
            "query too long ({} bytes, at most {MAX_QUERY_BYTES})",
            text.len()
        )));
    }
    let nesting =
        text.matches('(').count() + text.split_whitespace().filter(|w| *w == "NOT").count();
    if nesting > MAX_QUERY_NESTING {
        return Err(Error::Query(format!(
            "query too complex ({nesting} groups and NOTs, at most {MAX_QUERY_NESTING})"
        )));
    }
    let ast = query_grammar::parse_query(text)
        .map_err(|_| query_error(QueryParserError::SyntaxError(text.to_string())))?;
    let (query, errors) = parser.build_query_from_user_input_ast_lenient(with_cjk_twins(ast));
    // Only exclusions ("-customs") mean everything but those, which the lenient build gives.
    match errors
        .into_iter()
        .find(|e| !matches!(e, QueryParserError::AllButQueryForbidden))
    {
        Some(e) => Err(query_error(e)),
        None => Ok(query),
    }
}

fn with_cjk_twins(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, ast)| (occur, with_cjk_twins(ast)))
                .collect(),
        ),
        UserInputAst::Boost(ast, boost) => {
            UserInputAst::Boost(Box::new(with_cjk_twins(*ast)), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) => {
                let twin = match literal.field_name.as_deref() {
                    Some("title") => "title_cjk",
                    Some("body") => "body_cjk",
                    _ => "",
                };
                if twin.is_empty() || !literal.phrase.chars().any(cjk::is_cjk) {
                    return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
                }
                let mut cjk = literal.clone();
                cjk.field_name = Some(twin.to_string());
                let leaf = |l| UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(l)));
                UserInputAst::Clause(vec![
                    (Some(Occur::Should), leaf(literal)),
                    (Some(Occur::Should), leaf(cjk)),
                ])
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

fn query_error(e: QueryParserError) -> Error {
    match e {
        QueryParserError::SyntaxError(text) => {
            let shown: String = text.chars().take(60).collect();
            let more = if shown.len() < text.len() { "..." } else { "" };
            Error::Query(format!(
                "syntax error in {shown:?}{more} (put text with special characters in \"quotes\")"
            ))
        }
        QueryParserError::FieldDoesNotExist(field) => Error::Query(format!(
            "no field {field:?} (fields: title, body, party, format, id, published; quote text containing a colon)"
        )),
        e => Error::Query(e.to_string()),
    }
}

fn search_error(path: &Path, e: TantivyError) -> Error {
    Error::Search {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Escapes text for HTML the way snippets are escaped.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
