//! `accord serve`: the web pages for secretariat staff and the JSON API for scripts, over one open
//! data directory shared by every request.
//!
//! [`app`] builds the axum router from an [`AppState`] (one `Arc<Library>`, the token, the upload
//! limit); it is what tests drive with `oneshot`, no socket needed. [`serve`] is the blocking entry
//! point of the CLI: it opens the library, refuses a non-loopback address without a token, writes
//! `DATA_DIR/server.url` while it runs (so other accord commands can say where the server is, see
//! [`server_hint`]), optionally watches an inbox ([`crate::watch`]), and stops on Ctrl-C or SIGTERM.
//!
//! Every sled or tantivy call runs on tokio's blocking pool ([`AppState::read`] and
//! [`AppState::write`]); writes are serialised by one permit so two uploads never race, and a
//! request that cannot get its permit in time is answered 503 rather than queued forever.

mod api;
mod error;
mod facets;
pub mod intake;
mod pages;
mod view;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use tokio::sync::Semaphore;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::library::Library;
use crate::model::DocId;

pub use error::ApiError;

/// Where the server listens unless told otherwise: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7878";
/// Largest upload accepted unless configured otherwise (50 MB).
pub const DEFAULT_MAX_UPLOAD: usize = 50 * 1024 * 1024;
/// The file in the data directory that holds the running server's URL.
pub const SERVER_URL_FILE: &str = "server.url";
/// The cookie that carries the token for the web pages' forms (browsers cannot add headers to a
/// form post).
pub const TOKEN_COOKIE: &str = "accord_token";

/// How long a request waits for the store before it is answered 503 busy.
const WRITE_WAIT: Duration = Duration::from_secs(30);
const READ_WAIT: Duration = Duration::from_secs(15);
/// Blocking read calls in flight at once; more wait (the blocking pool has its own bound too).
const MAX_READS: usize = 64;

/// How `accord serve` runs.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Address to bind (default `127.0.0.1:7878`; port 0 picks a free one).
    pub addr: SocketAddr,
    /// An inbox folder to watch and ingest from while serving.
    pub watch: Option<PathBuf>,
    /// A file whose first line is the token; `ACCORD_TOKEN` wins over it.
    pub token_file: Option<PathBuf>,
    /// Largest upload in bytes (default 50 MB).
    pub max_upload_bytes: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            addr: DEFAULT_ADDR.parse().expect("valid default address"),
            watch: None,
            token_file: None,
            max_upload_bytes: DEFAULT_MAX_UPLOAD,
        }
    }
}

/// What every handler shares: the open library and the server's settings. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    lib: Arc<Library>,
    token: Option<String>,
    max_upload: usize,
    /// Pins "today" (tests, screenshots); `None` reads the local date per request.
    today: Option<NaiveDate>,
    writes: Semaphore,
    reads: Semaphore,
    /// How long a write waits for the one before it ([`WRITE_WAIT`]).
    write_wait: Duration,
    /// Facet values per document (parties, groups, year, kind), filled lazily; documents are
    /// immutable once stored, so entries never go stale.
    facets: RwLock<HashMap<DocId, Arc<facets::DocFacets>>>,
}

impl AppState {
    /// State over an open library. With a token, every write needs it.
    pub fn new(lib: Arc<Library>, token: Option<String>) -> AppState {
        AppState::build(lib, token, DEFAULT_MAX_UPLOAD, None)
    }

    fn build(
        lib: Arc<Library>,
        token: Option<String>,
        max_upload: usize,
        today: Option<NaiveDate>,
    ) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                lib,
                token: token.filter(|t| !t.trim().is_empty()),
                max_upload,
                today,
                writes: Semaphore::new(1),
                reads: Semaphore::new(MAX_READS),
                write_wait: WRITE_WAIT,
                facets: RwLock::new(HashMap::new()),
            }),
        }
    }

    /// The same state with another upload limit in bytes.
    pub fn with_upload_limit(self, bytes: usize) -> AppState {
        let i = &self.inner;
        AppState::build(i.lib.clone(), i.token.clone(), bytes, i.today)
    }

    /// The same state with "today" fixed (for tests and reproducible pages).
    pub fn with_today(self, today: NaiveDate) -> AppState {
        let i = &self.inner;
        AppState::build(i.lib.clone(), i.token.clone(), i.max_upload, Some(today))
    }

    /// The library every request shares.
    pub fn library(&self) -> &Arc<Library> {
        &self.inner.lib
    }

    fn today(&self) -> NaiveDate {
        self.inner
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    fn token_required(&self) -> bool {
        self.inner.token.is_some()
    }

    /// Checks a write's credentials: `Authorization: Bearer T`, or the token cookie for the web
    /// pages' forms. Without a configured token every write is allowed (loopback only, see
    /// [`serve`]). Also refuses cross-site form posts (an `Origin` that is not this host), so a
    /// web page elsewhere cannot make a browser on this machine write.
    fn authorize(&self, headers: &HeaderMap) -> std::result::Result<(), ApiError> {
        if let (Some(origin), Some(host)) = (
            headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
            headers.get(header::HOST).and_then(|v| v.to_str().ok()),
        ) {
            let origin_host = origin.split_once("://").map_or(origin, |(_, h)| h);
            if origin != "null" && !origin_host.eq_ignore_ascii_case(host) {
                return Err(ApiError::forbidden("cross-site request refused"));
            }
        }
        let Some(token) = &self.inner.token else {
            return Ok(());
        };
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let cookie = cookie_value(headers, TOKEN_COOKIE);
        let ok = [bearer, cookie.as_deref()]
            .into_iter()
            .flatten()
            .any(|given| same_secret(given, token));
        if ok {
            Ok(())
        } else {
            Err(ApiError::unauthorized())
        }
    }

    /// Runs a read on the blocking pool, waiting at most [`READ_WAIT`] for a slot.
    async fn read<T, F>(&self, f: F) -> std::result::Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Library) -> Result<T> + Send + 'static,
    {
        let _permit = tokio::time::timeout(READ_WAIT, self.inner.reads.acquire())
            .await
            .map_err(|_| ApiError::busy())?
            .map_err(|_| ApiError::busy())?;
        let lib = self.inner.lib.clone();
        tokio::task::spawn_blocking(move || f(&lib))
            .await
            .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
            .map_err(ApiError::from)
    }

    /// Runs a write on the blocking pool, one at a time, waiting at most [`WRITE_WAIT`].
    async fn write<T, F>(&self, f: F) -> std::result::Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Library) -> Result<T> + Send + 'static,
    {
        let _permit = tokio::time::timeout(self.inner.write_wait, self.inner.writes.acquire())
            .await
            .map_err(|_| ApiError::busy())?
            .map_err(|_| ApiError::busy())?;
        let lib = self.inner.lib.clone();
        tokio::task::spawn_blocking(move || f(&lib))
            .await
            .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
            .map_err(ApiError::from)
    }
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(given: &str, want: &str) -> bool {
    let (a, b) = (given.as_bytes(), want.as_bytes());
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        diff |= usize::from(x ^ b.get(i % b.len().max(1)).copied().unwrap_or(0));
    }
    diff == 0
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// The router: web pages, the JSON API and `/healthz`, over `state`.
pub fn app(state: AppState) -> Router {
    let upload_limit = state.inner.max_upload;
    // Multipart framing adds a little to the file itself.
    let body_limit = DefaultBodyLimit::max(upload_limit.saturating_add(64 * 1024));
    Router::new()
        .route("/", get(pages::search))
        .route("/documents/{id}", get(pages::document))
        .route("/documents/{id}/download", get(pages::download))
        .route("/commitments", get(pages::commitments))
        .route("/commitments/{id}", get(pages::commitment))
        .route("/commitments/{id}/status", post(pages::change_status))
        .route("/followups/{id}/{decision}", post(pages::decide_followup))
        .route("/groups", get(pages::groups))
        .route("/groups/{id}", get(pages::group))
        .route("/parties", get(pages::parties))
        .route("/parties/{id}", get(pages::party))
        .route("/upload", get(pages::upload_form).post(pages::upload))
        .route("/report", get(pages::report))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/static/upload.js", get(pages::upload_js))
        .route("/healthz", get(api::healthz))
        .route("/api/documents", post(api::post_document))
        .route("/api/documents/{id}", get(api::get_document))
        .route("/api/search", get(api::search))
        .route("/api/commitments", get(api::commitments))
        .route("/api/commitments/{id}", get(api::commitment))
        .route("/api/commitments/{id}/events", post(api::post_event))
        .route("/api/groups", get(api::groups))
        .route("/api/groups/{id}", get(api::group))
        .route("/api/report", get(api::report))
        .route("/api/calendar.ics", get(api::calendar))
        .fallback(api::not_found)
        .layer(body_limit)
        .layer(axum::middleware::map_response(security_headers))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            loopback_host_only,
        ))
        .with_state(state)
}

/// The content security policy of every response: nothing from elsewhere, scripts only from this
/// site (the upload page's), inline styles (the stylesheet), forms only to this site. A document's
/// text that slipped through escaping still could not run script.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; \
                   img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
                   frame-ancestors 'none'";

/// Without a token the server is for this machine only, and a page elsewhere could still reach it
/// through DNS rebinding (a name that resolves to 127.0.0.1). Its requests carry that name as the
/// Host, so only loopback host names are served then.
async fn loopback_host_only(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if !state.token_required() {
        if let Some(host) = req.headers().get(header::HOST) {
            let host = host.to_str().unwrap_or("");
            if !is_loopback_host(host) {
                return ApiError::forbidden(format!(
                    "this server answers only to 127.0.0.1 or localhost, not {host:?} \
                     (configure a token to serve other names)"
                ))
                .into_response();
            }
        }
    }
    next.run(req).await
}

/// Whether a Host header names this machine: `localhost`, `127.x.x.x` or `[::1]`, any port.
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

async fn security_headers(mut resp: axum::response::Response) -> axum::response::Response {
    let h = resp.headers_mut();
    let set = |h: &mut HeaderMap, k: header::HeaderName, v: &'static str| {
        h.entry(k)
            .or_insert(axum::http::HeaderValue::from_static(v));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::CACHE_CONTROL, "no-store");
    resp
}

/// Reads the token: `ACCORD_TOKEN`, else the first line of `token_file`. An unreadable or empty
/// token file is an error (a server meant to be protected must not start open).
pub fn resolve_token(token_file: Option<&Path>) -> Result<Option<String>> {
    if let Ok(t) = std::env::var("ACCORD_TOKEN") {
        if !t.trim().is_empty() {
            return Ok(Some(t.trim().to_string()));
        }
    }
    let Some(path) = token_file else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    match text.lines().next().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Ok(Some(t.to_string())),
        None => Err(Error::Invalid(format!(
            "{}: the token file is empty",
            path.display()
        ))),
    }
}

/// Refuses to expose the data beyond this machine without a token.
pub fn check_exposure(addr: &SocketAddr, token: Option<&str>) -> Result<()> {
    if addr.ip().is_loopback() || token.is_some() {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "refusing to listen on {addr} without a token: set ACCORD_TOKEN or pass --token-file \
         (or listen on 127.0.0.1)"
    )))
}

/// What a CLI command that found the data directory locked should add to its message: the URL
/// of the server that holds it, if one is running (from `DATA_DIR/server.url`).
pub fn server_hint(data_dir: &Path) -> Option<String> {
    let url = std::fs::read_to_string(data_dir.join(SERVER_URL_FILE)).ok()?;
    let url = url.lines().next()?.trim();
    if url.is_empty() {
        return None;
    }
    Some(format!(
        "an accord server is serving it at {url}: use its pages or API, or stop it first"
    ))
}

/// Removes `server.url` when the server stops, however it stops.
struct UrlFile(PathBuf);

impl Drop for UrlFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `accord serve`: opens the data directory, serves pages and API on `opts.addr` until Ctrl-C
/// or SIGTERM, and watches `opts.watch` if given. Blocking: builds its own tokio runtime.
pub fn serve(config: Config, opts: ServeOptions) -> Result<()> {
    serve_until(config, opts, shutdown_signal())
}

/// [`serve`], stopping when `shutdown` resolves instead of on a signal (tests, embedding).
pub fn serve_until(
    config: Config,
    opts: ServeOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let token = resolve_token(opts.token_file.as_deref())?;
    check_exposure(&opts.addr, token.as_deref())?;
    let data_dir = config.data_dir.clone();
    let lib = Arc::new(Library::open(config)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| Error::Io {
            path: data_dir.clone(),
            source,
        })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(opts.addr)
            .await
            .map_err(|source| Error::Io {
                path: PathBuf::from(opts.addr.to_string()),
                source,
            })?;
        let local = listener.local_addr().map_err(|source| Error::Io {
            path: PathBuf::from(opts.addr.to_string()),
            source,
        })?;
        let url = format!("http://{local}/");
        let url_path = data_dir.join(SERVER_URL_FILE);
        std::fs::write(&url_path, format!("{url}\n")).map_err(|source| Error::Io {
            path: url_path.clone(),
            source,
        })?;
        let _url_file = UrlFile(url_path);
        eprintln!("accord: serving {} at {url}", data_dir.display());

        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let watcher = opts.watch.clone().map(|dir| {
            let (lib, stop) = (lib.clone(), stop.clone());
            eprintln!("accord: watching {}", dir.display());
            std::thread::spawn(move || {
                let opts = crate::watch::WatchOptions::default();
                let r = crate::watch::watch(&lib, &dir, &opts, &stop, |o| {
                    eprintln!("accord: inbox: {}", crate::watch::describe(o))
                });
                if let Err(e) = &r {
                    eprintln!("accord: the inbox watcher stopped: {e}");
                }
                r
            })
        });

        let state = AppState::build(lib, token, opts.max_upload_bytes, None);
        let served = axum::serve(listener, app(state))
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|source| Error::Io {
                path: PathBuf::from(local.to_string()),
                source,
            });
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(w) = watcher {
            match w.join() {
                Ok(r) => r?,
                Err(_) => return Err(Error::Invalid("the inbox watcher panicked".into())),
            }
        }
        eprintln!("accord: server stopped");
        served
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        // (id, given, want, equal)
        let cases = [
            ("same", "s3cret", "s3cret", true),
            ("prefix", "s3c", "s3cret", false),
            ("longer", "s3cretX", "s3cret", false),
            ("empty", "", "s3cret", false),
            ("one char off", "s3creT", "s3cret", false),
        ];
        for (id, given, want, equal) in cases {
            assert_eq!(same_secret(given, want), equal, "{id}");
        }
    }

    #[test]
    fn exposure_needs_a_token_off_loopback() {
        // (id, addr, token, allowed)
        let cases = [
            ("loopback v4", "127.0.0.1:7878", None, true),
            ("loopback v6", "[::1]:7878", None, true),
            ("any, no token", "0.0.0.0:7878", None, false),
            ("lan, no token", "192.168.1.5:80", None, false),
            ("any, token", "0.0.0.0:7878", Some("t"), true),
        ];
        for (id, addr, token, allowed) in cases {
            let addr: SocketAddr = addr.parse().unwrap();
            assert_eq!(check_exposure(&addr, token).is_ok(), allowed, "{id}");
        }
    }

    #[test]
    fn loopback_host_names() {
        // (host header, loopback)
        let cases = [
            ("127.0.0.1:7878", true),
            ("localhost:7878", true),
            ("LOCALHOST", true),
            ("[::1]:7878", true),
            ("127.0.0.2", true),
            ("evil.example:7878", false),
            ("192.168.1.5:7878", false),
            ("", false),
        ];
        for (host, want) in cases {
            assert_eq!(is_loopback_host(host), want, "{host}");
        }
    }

    #[test]
    fn server_hint_names_the_url() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(server_hint(dir.path()), None);
        std::fs::write(dir.path().join(SERVER_URL_FILE), "http://127.0.0.1:7878/\n").unwrap();
        let hint = server_hint(dir.path()).unwrap();
        assert!(hint.contains("http://127.0.0.1:7878/"), "{hint}");
    }

    #[test]
    fn a_write_that_waits_too_long_is_503_busy() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Arc::new(Library::open(Config::new(dir.path().join("data"))).unwrap());
        let state = AppState::new(lib, None);
        let mut inner = Arc::try_unwrap(state.inner).ok().unwrap();
        inner.write_wait = Duration::from_millis(50);
        let state = AppState {
            inner: Arc::new(inner),
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let held = state.inner.writes.acquire().await.unwrap();
            let e = state.write(|_| Ok(())).await.unwrap_err();
            assert_eq!(e.status, 503);
            drop(held);
            assert!(state.write(|_| Ok(())).await.is_ok());
        });
    }

    #[test]
    fn cookies_are_found_by_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; accord_token=xyz; b=2".parse().unwrap(),
        );
        assert_eq!(cookie_value(&h, TOKEN_COOKIE).as_deref(), Some("xyz"));
        assert_eq!(cookie_value(&h, "c"), None);
    }
}
