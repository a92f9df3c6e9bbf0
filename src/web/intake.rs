//! Ingesting one file's bytes that did not come from a walk: uploads (web and API) and files
//! dropped into a watched inbox. Built on the library's public pipeline pieces
//! ([`ingest::read_file`]'s limits, [`ingest::prepare`], [`Library::put`], [`Library::commit`],
//! [`Library::link`]) so the outcome is the same [`FileOutcome`] `accord ingest --json` prints.
//!
//! Uploaded bytes are kept in `DATA_DIR/uploads/ID.EXT` (the store keeps only text), named by
//! their SHA-256 and an extension from a fixed list: a client's filename never becomes a path.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, ExtractError, FailureKind, Result};
use crate::ingest::{self, FileOutcome, Status};
use crate::library::Library;
use crate::model::DocId;

/// The folder in the data directory where uploaded originals are kept.
pub const UPLOADS_DIR: &str = "uploads";

/// Ingests `bytes` as if read from `source` (recorded as the document's source path, and used
/// for the extension when the content does not tell the format). Durable when it returns
/// `Ingested`; follow-up suggestions for the new document are recorded too.
pub fn ingest_bytes(lib: &Library, bytes: &[u8], source: &Path) -> Result<FileOutcome> {
    let limits = lib.config().limits.clone();
    if bytes.len() as u64 > limits.max_file_bytes {
        let e = ExtractError::new(
            FailureKind::TooLarge,
            format!(
                "file is {}, over the {} limit",
                ingest::human_bytes(bytes.len() as u64),
                ingest::human_bytes(limits.max_file_bytes)
            ),
        );
        return Ok(failed(source, e));
    }
    let id = DocId::of(bytes);
    if lib.contains(&id)? {
        return Ok(outcome(source, Status::Unchanged, Some(id)));
    }
    let p = match ingest::prepare(bytes, source, &limits, None) {
        Ok(p) => p,
        Err(e) => return Ok(failed(source, e)),
    };
    lib.put(&p.document, &p.analysis)?;
    lib.commit()?;
    lib.link(std::slice::from_ref(&p.document.id), chrono::Utc::now())?;
    let a = &p.analysis;
    Ok(FileOutcome {
        format: Some(p.document.format),
        title: p.document.title.clone(),
        warnings: p.document.warnings.clone(),
        organizations: a.organizations.len(),
        people: a.people.len(),
        commitments: a.commitments.len(),
        working_groups: a.working_groups.len(),
        ..outcome(source, Status::Ingested, Some(p.document.id.clone()))
    })
}

/// Keeps an uploaded file under `DATA_DIR/uploads/` and ingests it. The outcome's `path` is the
/// client's file name (cleaned), for display; the stored source is the kept copy.
pub fn ingest_upload(lib: &Library, bytes: &[u8], filename: &str) -> Result<FileOutcome> {
    let shown = display_name(filename);
    let id = DocId::of(bytes);
    if lib.contains(&id)? {
        let mut o = outcome(Path::new(&shown), Status::Unchanged, Some(id));
        o.path = shown;
        return Ok(o);
    }
    let dir = lib.config().data_dir.join(UPLOADS_DIR);
    fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    let path = kept_path(&dir, &id, filename);
    let existed = path.exists();
    if !existed {
        write_atomically(&path, bytes)?;
    }
    let mut o = ingest_bytes(lib, bytes, &path)?;
    if o.status == Status::Failed && !existed {
        let _ = fs::remove_file(&path);
    }
    o.path = shown;
    Ok(o)
}

/// `uploads/ID.ext`, the extension only when it is one accord reads.
fn kept_path(dir: &Path, id: &DocId, filename: &str) -> PathBuf {
    let ext = Path::new(filename)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .filter(|e| ingest::DOCUMENT_EXTENSIONS.contains(&e.as_str()));
    match ext {
        Some(e) => dir.join(format!("{}.{e}", id.as_str())),
        None => dir.join(id.as_str()),
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("part");
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    fs::write(&tmp, bytes).map_err(io)?;
    fs::rename(&tmp, path).map_err(io)
}

/// A client's file name made safe to show: the last path component, no control characters, at
/// most 200 characters.
pub fn display_name(filename: &str) -> String {
    let last = filename.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let clean = clean.trim().to_string();
    if clean.is_empty() || clean == "." || clean == ".." {
        "upload".to_string()
    } else {
        clean
    }
}

fn outcome(path: &Path, status: Status, id: Option<DocId>) -> FileOutcome {
    FileOutcome {
        path: path.display().to_string(),
        status,
        id,
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

fn failed(path: &Path, e: ExtractError) -> FileOutcome {
    FileOutcome {
        kind: Some(e.kind),
        reason: Some(e.reason),
        ..outcome(path, Status::Failed, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_are_last_components_without_controls() {
        // (id, given, shown)
        let cases = [
            ("plain", "memo.pdf", "memo.pdf"),
            ("traversal", "../../etc/passwd", "passwd"),
            ("windows", "C:\\x\\memo.docx", "memo.docx"),
            ("controls", "me\nmo\r.txt", "memo.txt"),
            ("dots", "..", "upload"),
            ("empty", "", "upload"),
            ("unicode kept", "통신.txt", "통신.txt"),
        ];
        for (id, given, shown) in cases {
            assert_eq!(display_name(given), shown, "{id}");
        }
    }

    #[test]
    fn kept_paths_use_the_id_and_a_known_extension_only() {
        let dir = Path::new("/d/uploads");
        let id = DocId::of(b"x");
        // (id, filename, file name kept)
        let cases = [
            ("pdf", "Memo.PDF", format!("{}.pdf", id.as_str())),
            ("traversal", "../../x.txt", format!("{}.txt", id.as_str())),
            ("unknown ext", "x.exe", id.as_str().to_string()),
            ("none", "memo", id.as_str().to_string()),
        ];
        for (case, filename, want) in cases {
            assert_eq!(kept_path(dir, &id, filename), dir.join(want), "{case}");
        }
    }

    #[test]
    fn ingesting_bytes_stores_once_then_reports_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(crate::Config::new(dir.path().join("data"))).unwrap();
        let text = b"Seoul, 10 July 2024 - Korea Post and Mongol Post agreed to open a dispatch \
                     route by the end of this year.";
        let first = ingest_upload(&lib, text, "memo.txt").unwrap();
        assert_eq!(first.status, Status::Ingested, "{first:?}");
        assert_eq!(first.path, "memo.txt");
        let id = first.id.clone().unwrap();
        let kept = dir.path().join("data/uploads").join(format!("{id}.txt"));
        assert_eq!(fs::read(&kept).unwrap(), text);
        let doc = lib.store().document(&id).unwrap().unwrap();
        assert_eq!(doc.source, kept.display().to_string());
        let again = ingest_upload(&lib, text, "other-name.txt").unwrap();
        assert_eq!(again.status, Status::Unchanged);
        assert_eq!(again.id, Some(id));
    }

    #[test]
    fn a_failed_upload_leaves_no_file_and_no_document() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(crate::Config::new(dir.path().join("data"))).unwrap();
        let o = ingest_upload(&lib, b"%PDF-1.4\n garbage that is no pdf", "bad.pdf").unwrap();
        assert_eq!(o.status, Status::Failed, "{o:?}");
        assert!(o.reason.is_some());
        let uploads = dir.path().join("data/uploads");
        assert_eq!(fs::read_dir(&uploads).unwrap().count(), 0);
        assert!(lib.store().is_empty());
    }
}
