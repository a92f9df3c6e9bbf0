//! The ingest pipeline, in order: walk -> read -> hash -> dedup -> detect -> extract -> analyse
//! -> store -> index -> report.
//!
//! Reading, extraction and analysis run on worker threads (they are pure and CPU-bound); storing
//! and indexing happen on the calling thread, one writer each. Outcomes are reported in input
//! order, and a file is reported `ingested` only after its batch is flushed in sled and committed
//! in tantivy. One bad file never stops the batch. When the run stored new documents, follow-up
//! linking runs last over the new documents (see [`Library::link`]).

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use serde::Serialize;

use crate::analyze;
use crate::config::Limits;
use crate::error::{ExtractError, FailureKind, Result};
use crate::extract;
use crate::library::Library;
use crate::model::{commitment_id, Analysis, DocId, Document, Facts, Format, Hints};
use crate::store::events::NewDocument;

/// File extensions accord picks up when walking a folder. Files named explicitly are always tried.
pub const DOCUMENT_EXTENSIONS: &[&str] =
    &["txt", "md", "text", "html", "htm", "xhtml", "pdf", "docx"];

/// How many documents are stored and indexed between two durable commits.
const BATCH: usize = 256;
/// The text bytes at which a batch is written even if it holds fewer documents.
const BATCH_BYTES: usize = 32 << 20;

/// What happened to one input file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// New: stored and indexed.
    Ingested,
    /// The same bytes were already stored: nothing changed.
    Unchanged,
    /// Not ingested; `reason` says why.
    Failed,
}

/// The outcome for one file: one line of `accord ingest`, one NDJSON object with `--json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileOutcome {
    pub path: String,
    pub status: Status,
    pub id: Option<DocId>,
    pub format: Option<Format>,
    pub title: Option<String>,
    /// Failure category, when failed.
    pub kind: Option<FailureKind>,
    /// One-line reason, when failed.
    pub reason: Option<String>,
    pub warnings: Vec<String>,
    pub organizations: usize,
    pub people: usize,
    pub commitments: usize,
    pub working_groups: usize,
}

impl FileOutcome {
    fn failed(path: &Path, err: ExtractError) -> Self {
        FileOutcome {
            path: path.display().to_string(),
            status: Status::Failed,
            id: None,
            format: None,
            title: None,
            kind: Some(err.kind),
            reason: Some(err.reason),
            warnings: Vec::new(),
            organizations: 0,
            people: 0,
            commitments: 0,
            working_groups: 0,
        }
    }
}

/// Totals over one ingest run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    pub ingested: usize,
    pub unchanged: usize,
    pub failed: usize,
    /// Failures by category.
    pub failures: BTreeMap<String, usize>,
    pub organizations: usize,
    pub people: usize,
    pub commitments: usize,
    pub working_groups: usize,
    /// Follow-ups suggested: sentences of the new documents that report on open commitments or
    /// working groups (and older documents that report on the new ones).
    pub followups: usize,
    pub seconds: f64,
    /// Of `seconds`, the time follow-up linking took (after every file was stored).
    pub linking_seconds: f64,
}

impl Summary {
    fn add(&mut self, o: &FileOutcome) {
        match o.status {
            Status::Ingested => self.ingested += 1,
            Status::Unchanged => self.unchanged += 1,
            Status::Failed => {
                self.failed += 1;
                let kind = o.kind.map(FailureKind::as_str).unwrap_or("other");
                *self.failures.entry(kind.to_string()).or_default() += 1;
            }
        }
        self.organizations += o.organizations;
        self.people += o.people;
        self.commitments += o.commitments;
        self.working_groups += o.working_groups;
    }
}

/// One input found by the walk: a file to read, or a path that could not be walked.
#[derive(Debug)]
pub enum Input {
    File(PathBuf),
    Bad(PathBuf, ExtractError),
}

/// Expands files and folders into the inputs to ingest: folders recursively, sorted by name,
/// symlinks followed with loops detected; only document extensions, no hidden entries and no
/// READMEs inside folders (they describe a folder, they are not documents).
pub fn walk(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for root in paths {
        match fs::metadata(root) {
            Err(e) => out.push(Input::Bad(root.clone(), io_failure(&e))),
            Ok(m) if !m.is_dir() => out.push(Input::File(root.clone())),
            Ok(_) => {
                let walker = walkdir::WalkDir::new(root)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| {
                        e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                    });
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_dir() => {}
                        Ok(e) if is_document_name(e.path()) => out.push(Input::File(e.into_path())),
                        Ok(_) => {}
                        Err(e) => {
                            let path = e
                                .path()
                                .map(Path::to_path_buf)
                                .unwrap_or_else(|| root.clone());
                            let reason = if e.loop_ancestor().is_some() {
                                "symbolic link loop".to_string()
                            } else {
                                e.io_error()
                                    .map(|io| io.to_string())
                                    .unwrap_or_else(|| e.to_string())
                            };
                            out.push(Input::Bad(
                                path,
                                ExtractError::new(FailureKind::Unreadable, reason),
                            ));
                        }
                    }
                }
            }
        }
    }
    out
}

fn is_document_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.starts_with("readme") {
        return false;
    }
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.as_str()))
}

fn io_failure(e: &std::io::Error) -> ExtractError {
    ExtractError::new(FailureKind::Unreadable, e.to_string())
}

/// Reads a file, refusing non-regular files and files over the size limit before reading them.
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, ExtractError> {
    let meta = fs::metadata(path).map_err(|e| io_failure(&e))?;
    if !meta.is_file() {
        return Err(ExtractError::new(
            FailureKind::Unreadable,
            "not a regular file",
        ));
    }
    if meta.len() > limits.max_file_bytes {
        return Err(too_large(meta.len(), limits.max_file_bytes));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)
        .and_then(|f| f.take(limits.max_file_bytes + 1).read_to_end(&mut bytes))
        .map_err(|e| io_failure(&e))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_large(bytes.len() as u64, limits.max_file_bytes));
    }
    Ok(bytes)
}

fn too_large(size: u64, limit: u64) -> ExtractError {
    ExtractError::new(
        FailureKind::TooLarge,
        format!(
            "file is {}, over the {} limit",
            human_bytes(size),
            human_bytes(limit)
        ),
    )
}

/// `12.3 MB` style sizes for messages.
pub fn human_bytes(n: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if n as f64 >= MB {
        format!("{:.1} MB", n as f64 / MB)
    } else {
        format!("{:.1} KB", n as f64 / 1024.0)
    }
}

/// A document read, extracted and analysed, ready to store.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub document: Document,
    pub analysis: Analysis,
}

/// Extracts and analyses one file's bytes. Pure apart from the timestamp: no store, no index.
pub fn prepare(
    bytes: &[u8],
    path: &Path,
    limits: &Limits,
    published: Option<chrono::NaiveDate>,
) -> Result<Prepared, ExtractError> {
    let id = DocId::of(bytes);
    let (format, extracted) = extract::extract(bytes, path, limits)?;
    let hints = Hints {
        title: extracted.title.clone(),
        published: published.or(extracted.published),
        created: extracted.created,
    };
    let mut analysis = analyze::analyze(&extracted.text, &hints);
    assign_commitment_ids(&id, &mut analysis);
    let mut warnings = extracted.warnings;
    warnings.extend(analysis.warnings.iter().cloned());
    let document = Document {
        id,
        source: path.display().to_string(),
        format,
        title: analysis.title.clone(),
        published: analysis.published,
        text: extracted.text,
        warnings,
        size: bytes.len() as u64,
        ingested_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    Ok(Prepared { document, analysis })
}

/// Gives every commitment its stable id, derived from the document id and the action's span.
pub fn assign_commitment_ids(doc: &DocId, analysis: &mut Analysis) {
    for c in &mut analysis.commitments {
        c.id = commitment_id(doc, c.span);
    }
}

/// Extracts and analyses one file without storing it: `accord extract`.
pub fn extract_file(
    path: &Path,
    limits: &Limits,
    published: Option<chrono::NaiveDate>,
) -> crate::Result<Facts> {
    let attach = |source| crate::Error::Extract {
        path: path.to_path_buf(),
        source,
    };
    let bytes = read_file(path, limits).map_err(attach)?;
    let p = prepare(&bytes, path, limits, published).map_err(attach)?;
    Ok(Facts::new(&p.document, &p.analysis))
}

enum Work {
    /// Already stored (or seen earlier in this run).
    Unchanged(DocId),
    /// Prepared and encoded for the store, ready to write.
    Ready(Box<(Prepared, NewDocument)>),
    Failed(ExtractError),
}

/// Ingests `inputs` into `lib`, calling `report` once per file in input order, each only after
/// the file is durable. Returns the totals.
pub fn ingest(
    lib: &Library,
    inputs: Vec<Input>,
    mut report: impl FnMut(&FileOutcome),
) -> Result<Summary> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut new_ids: Vec<DocId> = Vec::new();
    let limits = lib.config().limits.clone();
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::sync_channel::<(usize, PathBuf, Work)>(workers * 4);

    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, inputs, limits) = (&next, &inputs, &limits);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { break };
                let (path, work) = match input {
                    Input::Bad(p, e) => (p.clone(), Work::Failed(e.clone())),
                    Input::File(p) => (p.clone(), work_on(lib, p, limits)),
                };
                if tx.send((i, path, work)).is_err() {
                    break;
                }
            });
        }
        drop(tx);

        // Reorder buffer: results arrive out of order; outcomes go out in input order.
        let mut arrived: BTreeMap<usize, (PathBuf, Work)> = BTreeMap::new();
        let mut next_out = 0usize;
        let mut pending: Vec<FileOutcome> = Vec::new();
        let mut seen: HashSet<DocId> = HashSet::new();
        let mut batch = Batch::default();
        for (i, path, work) in rx {
            arrived.insert(i, (path, work));
            while let Some((path, work)) = arrived.remove(&next_out) {
                next_out += 1;
                let outcome = match work {
                    Work::Failed(e) => FileOutcome::failed(&path, e),
                    Work::Unchanged(id) => unchanged(&path, id),
                    Work::Ready(ready) if seen.contains(&ready.0.document.id) => {
                        unchanged(&path, ready.0.document.id.clone())
                    }
                    Work::Ready(ready) => {
                        let outcome = ingested(&path, &ready.0);
                        seen.insert(ready.0.document.id.clone());
                        new_ids.push(ready.0.document.id.clone());
                        batch.push(*ready);
                        outcome
                    }
                };
                pending.push(outcome);
                if batch.is_full() {
                    batch.write(lib)?;
                }
                if batch.is_empty() {
                    for o in pending.drain(..) {
                        summary.add(&o);
                        report(&o);
                    }
                }
            }
        }
        if !batch.is_empty() {
            batch.write(lib)?;
        }
        if !new_ids.is_empty() {
            lib.finish_writes()?;
        }
        for o in pending.drain(..) {
            summary.add(&o);
            report(&o);
        }
        Ok(())
    })?;
    if !new_ids.is_empty() {
        let linking = Instant::now();
        summary.followups = lib.link(&new_ids, chrono::Utc::now())?;
        summary.linking_seconds = linking.elapsed().as_secs_f64();
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn work_on(lib: &Library, path: &Path, limits: &Limits) -> Work {
    let bytes = match read_file(path, limits) {
        Ok(b) => b,
        Err(e) => return Work::Failed(e),
    };
    let id = DocId::of(&bytes);
    match lib.contains(&id) {
        Ok(true) => return Work::Unchanged(id),
        Ok(false) => {}
        Err(e) => return Work::Failed(ExtractError::new(FailureKind::Unreadable, e.to_string())),
    }
    let prepared = match prepare_within_time(bytes, path, limits) {
        Ok(p) => p,
        Err(e) => return Work::Failed(e),
    };
    match lib.encode_new(&prepared.document, &prepared.analysis) {
        Ok(new) => Work::Ready(Box::new((prepared, new))),
        Err(e) => Work::Failed(ExtractError::new(FailureKind::Unreadable, e.to_string())),
    }
}

/// New documents waiting to be written: one store transaction and one durable commit per
/// batch, so a kill loses at most the batch, none of which was reported ingested.
#[derive(Default)]
struct Batch {
    docs: Vec<(Prepared, NewDocument)>,
    text_bytes: usize,
}

impl Batch {
    fn push(&mut self, ready: (Prepared, NewDocument)) {
        self.text_bytes += ready.0.document.text.len();
        self.docs.push(ready);
    }

    fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Full at [`BATCH`] documents, or earlier when their texts reach [`BATCH_BYTES`] (a few
    /// large files must not hold hundreds of megabytes).
    fn is_full(&self) -> bool {
        self.docs.len() >= BATCH || self.text_bytes >= BATCH_BYTES
    }

    /// Stores and indexes the batch, then commits both.
    fn write(&mut self, lib: &Library) -> Result<()> {
        let docs: Vec<_> = self
            .docs
            .iter()
            .map(|(p, new)| (&p.document, &p.analysis, new))
            .collect();
        lib.put_new(&docs)?;
        lib.commit()?;
        self.docs.clear();
        self.text_bytes = 0;
        Ok(())
    }
}

/// Runs [`prepare`] on its own thread and gives up after `limits.per_file_timeout`: the file
/// fails with "timed out" and the batch goes on. A thread that overruns cannot be stopped from
/// outside; it is left to finish (or to end with the process) and its result is dropped. A
/// panic in an extractor (a bug) also fails only this file.
fn prepare_within_time(
    bytes: Vec<u8>,
    path: &Path,
    limits: &Limits,
) -> Result<Prepared, ExtractError> {
    let (tx, rx) = mpsc::channel();
    let (owned_path, owned_limits) = (path.to_path_buf(), limits.clone());
    let spawned = std::thread::Builder::new()
        .name("accord-prepare".into())
        .spawn(move || {
            let _ = tx.send(prepare(&bytes, &owned_path, &owned_limits, None));
        });
    if let Err(e) = spawned {
        return Err(ExtractError::new(
            FailureKind::Unreadable,
            format!("could not start a worker: {e}"),
        ));
    }
    match rx.recv_timeout(limits.per_file_timeout) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(ExtractError::new(
            FailureKind::TimedOut,
            format!(
                "timed out after {} s",
                limits.per_file_timeout.as_secs_f64()
            ),
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(ExtractError::new(
            FailureKind::Corrupt,
            "internal error while reading this file (a bug in accord: please report it)",
        )),
    }
}

fn unchanged(path: &Path, id: DocId) -> FileOutcome {
    FileOutcome {
        path: path.display().to_string(),
        status: Status::Unchanged,
        id: Some(id),
        format: None,
        title: None,
        kind: None,
        reason: None,
        warnings: Vec::new(),
        organizations: 0,
        people: 0,
        commitments: 0,
        working_groups: 0,
    }
}

fn ingested(path: &Path, p: &Prepared) -> FileOutcome {
    FileOutcome {
        path: path.display().to_string(),
        status: Status::Ingested,
        id: Some(p.document.id.clone()),
        format: Some(p.document.format),
        title: p.document.title.clone(),
        kind: None,
        reason: None,
        warnings: p.document.warnings.clone(),
        organizations: p.analysis.organizations.len(),
        people: p.analysis.people.len(),
        commitments: p.analysis.commitments.len(),
        working_groups: p.analysis.working_groups.len(),
    }
}
