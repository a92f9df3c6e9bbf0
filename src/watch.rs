//! The watched inbox (`accord watch DIR`, `accord serve --watch DIR`): files dropped into DIR are
//! ingested once they stop growing, then moved to `DIR/done/`, or to `DIR/failed/` beside a
//! `NAME.error.txt` that says why.
//!
//! Crash safety comes from the order: a file is moved only after its document is durable (sled
//! flushed, tantivy committed), so a file still in DIR after a stop is simply tried again on the
//! next start; if it had been stored already it is found unchanged and moved to `done/`.
//!
//! Change notifications (`notify`) only wake the loop early; the loop also rescans DIR on a
//! timer, which is the fallback on network filesystems where notifications do not arrive. With
//! [`WatchOptions::poll`] (or when the native watcher cannot start) `notify`'s polling watcher is
//! used instead.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use notify::Watcher;

use crate::error::{Error, Result};
use crate::ingest::{FileOutcome, Status};
use crate::library::Library;
use crate::web::intake;

/// Where ingested files go, inside the inbox.
pub const DONE_DIR: &str = "done";
/// Where files that failed go, inside the inbox, each with `NAME.error.txt`.
pub const FAILED_DIR: &str = "failed";

/// How the inbox is watched.
#[derive(Clone, Debug)]
pub struct WatchOptions {
    /// A file is taken once its size and modification time have not changed for this long.
    pub settle: Duration,
    /// How often the inbox is rescanned even without a notification.
    pub rescan: Duration,
    /// Use the polling watcher (network filesystems) instead of the native one.
    pub poll: bool,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            settle: Duration::from_secs(2),
            rescan: Duration::from_secs(5),
            poll: false,
        }
    }
}

/// What happened to one inbox file: the ingest outcome and where the file went.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct InboxOutcome {
    #[serde(flatten)]
    pub outcome: FileOutcome,
    /// The file's new path (in `done/` or `failed/`), or `None` if it could not be moved.
    pub moved_to: Option<PathBuf>,
}

/// A one-line description of an outcome, for logs.
pub fn describe(o: &InboxOutcome) -> String {
    let status = match o.outcome.status {
        Status::Ingested => "ingested".to_string(),
        Status::Unchanged => "unchanged".to_string(),
        Status::Failed => format!(
            "failed: {}",
            o.outcome.reason.clone().unwrap_or_else(|| "unknown".into())
        ),
    };
    let to = o
        .moved_to
        .as_ref()
        .map(|p| format!(" -> {}", p.display()))
        .unwrap_or_default();
    format!("{}: {status}{to}", o.outcome.path)
}

/// `accord watch DIR`: opens the data directory and watches DIR until Ctrl-C or SIGTERM,
/// printing one line per file. Blocking.
pub fn run(config: crate::Config, dir: &Path, opts: &WatchOptions) -> Result<()> {
    let lib = Library::open(config)?;
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    // A small runtime only to receive the signals; the watch loop itself is plain threads.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    std::thread::spawn(move || {
        rt.block_on(async {
            let ctrl_c = tokio::signal::ctrl_c();
            #[cfg(unix)]
            {
                let mut term =
                    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
                tokio::select! {
                    _ = ctrl_c => {},
                    _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending::<()>().await } } => {},
                }
            }
            #[cfg(not(unix))]
            {
                let _ = ctrl_c.await;
            }
        });
        flag.store(true, Ordering::SeqCst);
    });
    eprintln!("accord: watching {} (Ctrl-C to stop)", dir.display());
    watch(&lib, dir, opts, &stop, |o| println!("{}", describe(o)))
}

/// Watches `dir` until `stop` is set, ingesting each file once it has settled and calling
/// `report` after it has been moved. Creates `done/` and `failed/`.
pub fn watch(
    lib: &Library,
    dir: &Path,
    opts: &WatchOptions,
    stop: &AtomicBool,
    mut report: impl FnMut(&InboxOutcome),
) -> Result<()> {
    prepare_dirs(dir)?;
    let (tx, rx) = mpsc::channel::<()>();
    let _watcher = start_watcher(dir, opts, tx);
    let mut seen: HashMap<PathBuf, Seen> = HashMap::new();
    let tick = Duration::from_millis(200).min(opts.settle);
    let mut last_scan = Instant::now() - opts.rescan;
    let mut dirty = true;
    while !stop.load(Ordering::SeqCst) {
        if dirty || last_scan.elapsed() >= opts.rescan || !seen.is_empty() {
            for path in settled(dir, &mut seen, opts.settle)? {
                report(&process(lib, dir, &path)?);
            }
            last_scan = Instant::now();
            dirty = false;
        }
        match rx.recv_timeout(tick) {
            Ok(()) => {
                while rx.try_recv().is_ok() {}
                dirty = true;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {}
        }
    }
    Ok(())
}

/// Ingests every file in `dir` now, without waiting for it to settle, and moves each: what a
/// restart does with files left behind, and what tests use.
pub fn process_all(lib: &Library, dir: &Path) -> Result<Vec<InboxOutcome>> {
    prepare_dirs(dir)?;
    let mut out = Vec::new();
    for path in candidates(dir)? {
        out.push(process(lib, dir, &path)?);
    }
    Ok(out)
}

fn prepare_dirs(dir: &Path) -> Result<()> {
    for sub in [DONE_DIR, FAILED_DIR] {
        let p = dir.join(sub);
        fs::create_dir_all(&p).map_err(|source| Error::Io { path: p, source })?;
    }
    Ok(())
}

/// The native watcher, or the polling one; `None` when neither starts (the rescan timer still
/// runs).
fn start_watcher(
    dir: &Path,
    opts: &WatchOptions,
    tx: mpsc::Sender<()>,
) -> Option<Box<dyn Watcher + Send>> {
    let handler = move |_res: notify::Result<notify::Event>| {
        let _ = tx.send(());
    };
    if !opts.poll {
        let tx_handler = handler.clone();
        if let Ok(mut w) = notify::recommended_watcher(tx_handler) {
            if w.watch(dir, notify::RecursiveMode::NonRecursive).is_ok() {
                return Some(Box::new(w));
            }
        }
    }
    let config = notify::Config::default().with_poll_interval(opts.rescan);
    let mut w = notify::PollWatcher::new(handler, config).ok()?;
    w.watch(dir, notify::RecursiveMode::NonRecursive).ok()?;
    Some(Box::new(w))
}

/// Size and modification time at the last look, and since when they have been so.
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    since: Instant,
}

/// Regular files directly in `dir`, sorted; hidden files and partial downloads are skipped.
fn candidates(dir: &Path) -> Result<Vec<PathBuf>> {
    let rd = fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut out: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            !name.starts_with('.')
                && !name.ends_with(".part")
                && !name.ends_with(".tmp")
                && !name.ends_with(".crdownload")
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The files whose size and modification time have not changed for `settle`.
fn settled(
    dir: &Path,
    seen: &mut HashMap<PathBuf, Seen>,
    settle: Duration,
) -> Result<Vec<PathBuf>> {
    let now = Instant::now();
    let files = candidates(dir)?;
    seen.retain(|p, _| files.contains(p));
    let mut ready = Vec::new();
    for path in files {
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        let (len, modified) = (meta.len(), meta.modified().ok());
        match seen.get_mut(&path) {
            Some(s) if s.len == len && s.modified == modified => {
                if now.duration_since(s.since) >= settle {
                    seen.remove(&path);
                    ready.push(path);
                }
            }
            Some(s) => {
                s.len = len;
                s.modified = modified;
                s.since = now;
            }
            None => {
                seen.insert(
                    path,
                    Seen {
                        len,
                        modified,
                        since: now,
                    },
                );
            }
        }
    }
    Ok(ready)
}

/// Ingests one inbox file and moves it: to `done/` when stored (or already stored), else to
/// `failed/` with the reason beside it. The document's source is its path in `done/`, so the
/// original stays downloadable after the move.
fn process(lib: &Library, dir: &Path, path: &Path) -> Result<InboxOutcome> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let done = free_name(&dir.join(DONE_DIR), &name);
    let limits = lib.config().limits.clone();
    let mut outcome = match crate::ingest::read_file(path, &limits) {
        Ok(bytes) => intake::ingest_bytes(lib, &bytes, &done)?,
        Err(e) => FileOutcome {
            path: path.display().to_string(),
            status: Status::Failed,
            id: None,
            format: None,
            title: None,
            kind: Some(e.kind),
            reason: Some(e.reason),
            warnings: Vec::new(),
            organizations: 0,
            people: 0,
            commitments: 0,
            working_groups: 0,
        },
    };
    outcome.path = path.display().to_string();
    let moved_to = match outcome.status {
        Status::Ingested | Status::Unchanged => fs::rename(path, &done).ok().map(|_| done),
        Status::Failed => {
            let failed = free_name(&dir.join(FAILED_DIR), &name);
            let why = format!(
                "{name}: {}\n{}\n",
                outcome.kind.map(|k| k.as_str()).unwrap_or("failed"),
                outcome.reason.clone().unwrap_or_default()
            );
            let note = failed.with_file_name(format!(
                "{}.error.txt",
                failed
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ));
            let _ = fs::write(&note, why);
            fs::rename(path, &failed).ok().map(|_| failed)
        }
    };
    Ok(InboxOutcome { outcome, moved_to })
}

/// `dir/name`, or `dir/stem-2.ext`, `dir/stem-3.ext`... when taken.
fn free_name(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let p = Path::new(name);
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string());
    let ext = p
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..)
        .map(|i| dir.join(format!("{stem}-{i}{ext}")))
        .find(|c| !c.exists())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    const MEMO: &[u8] = b"Seoul, 10 July 2024 - Korea Post and Mongol Post agreed to open a \
        dispatch route by the end of this year.";

    fn setup() -> (tempfile::TempDir, Library, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let lib = Library::open(crate::Config::new(t.path().join("data"))).unwrap();
        let inbox = t.path().join("inbox");
        fs::create_dir_all(&inbox).unwrap();
        (t, lib, inbox)
    }

    #[test]
    fn files_go_to_done_or_failed_with_a_reason() {
        let (_t, lib, inbox) = setup();
        fs::write(inbox.join("memo.txt"), MEMO).unwrap();
        fs::write(inbox.join("broken.pdf"), b"%PDF-1.4 not really").unwrap();
        fs::write(inbox.join(".hidden.txt"), MEMO).unwrap();
        let out = process_all(&lib, &inbox).unwrap();
        let by_name: HashMap<String, &InboxOutcome> = out
            .iter()
            .map(|o| {
                let n = Path::new(&o.outcome.path).file_name().unwrap();
                (n.to_string_lossy().into_owned(), o)
            })
            .collect();
        assert_eq!(by_name.len(), 2, "{out:?}");
        assert_eq!(by_name["memo.txt"].outcome.status, Status::Ingested);
        assert_eq!(by_name["broken.pdf"].outcome.status, Status::Failed);
        assert!(inbox.join("done/memo.txt").exists());
        assert!(inbox.join("failed/broken.pdf").exists());
        let why = fs::read_to_string(inbox.join("failed/broken.pdf.error.txt")).unwrap();
        assert!(why.contains("broken.pdf"), "{why}");
        assert!(inbox.join(".hidden.txt").exists());
        // The stored source is the file's place in done/, so it can still be downloaded.
        let id = by_name["memo.txt"].outcome.id.clone().unwrap();
        let doc = lib.store().document(&id).unwrap().unwrap();
        assert_eq!(
            Path::new(&doc.source),
            inbox.join("done/memo.txt").as_path()
        );
    }

    #[test]
    fn a_file_left_behind_after_a_crash_is_retried_and_found_unchanged() {
        let (_t, lib, inbox) = setup();
        // As if the process stopped after storing but before moving the file.
        intake::ingest_bytes(&lib, MEMO, &inbox.join("done/memo.txt")).unwrap();
        fs::write(inbox.join("memo.txt"), MEMO).unwrap();
        let out = process_all(&lib, &inbox).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].outcome.status, Status::Unchanged);
        assert!(inbox.join("done/memo.txt").exists());
        assert!(!inbox.join("memo.txt").exists());
    }

    #[test]
    fn taken_names_get_a_number() {
        let t = tempfile::tempdir().unwrap();
        fs::write(t.path().join("a.txt"), b"x").unwrap();
        fs::write(t.path().join("a-2.txt"), b"x").unwrap();
        assert_eq!(free_name(t.path(), "a.txt"), t.path().join("a-3.txt"));
        assert_eq!(free_name(t.path(), "b.txt"), t.path().join("b.txt"));
    }

    #[test]
    fn the_watcher_takes_a_file_once_it_has_settled() {
        let (_t, lib, inbox) = setup();
        let stop = Arc::new(AtomicBool::new(false));
        let opts = WatchOptions {
            settle: Duration::from_millis(300),
            rescan: Duration::from_millis(200),
            poll: false,
        };
        let (tx, rx) = mpsc::channel();
        let lib = Arc::new(lib);
        let handle = {
            let (lib, stop, inbox) = (lib.clone(), stop.clone(), inbox.clone());
            std::thread::spawn(move || {
                watch(&lib, &inbox, &opts, &stop, |o| {
                    tx.send(o.clone()).unwrap();
                })
            })
        };
        // Written in two parts, as a slow copy would.
        let path = inbox.join("memo.txt");
        fs::write(&path, &MEMO[..20]).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        fs::write(&path, MEMO).unwrap();
        let got = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("an outcome");
        stop.store(true, Ordering::SeqCst);
        handle.join().unwrap().unwrap();
        assert_eq!(got.outcome.status, Status::Ingested, "{got:?}");
        let id = got.outcome.id.unwrap();
        assert_eq!(
            lib.store().document(&id).unwrap().unwrap().size,
            MEMO.len() as u64
        );
        assert!(inbox.join("done/memo.txt").exists());
    }
}
