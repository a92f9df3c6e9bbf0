//! The web layer driven through `accord::web::app` with `oneshot` (no socket): every route, the
//! API's error codes, uploads and their limits, auth with a token, escaping of hostile documents,
//! status changes from the page, downloads, and concurrent requests.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use accord::web::{app, AppState};
use accord::{Config, Library};
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use tower::ServiceExt;

use crate::util::corpus;

/// The day the tests judge overdue at (the corpus's deadlines fall around 2024-2025).
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

/// One library over the whole corpus, shared by the read-only tests (ingesting it is the slow
/// part).
fn corpus_lib() -> Arc<Library> {
    static LIB: OnceLock<(tempfile::TempDir, Arc<Library>)> = OnceLock::new();
    LIB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(Config::new(dir.path().join("data"))).unwrap();
        let inputs = accord::ingest::walk(&[corpus()]);
        let summary = accord::ingest::ingest(&lib, inputs, |_| {}).unwrap();
        assert!(summary.ingested >= 40, "{summary:?}");
        // As `accord ingest` then `accord serve`: the server opens what the CLI wrote.
        drop(lib);
        let lib = Library::open(Config::new(dir.path().join("data"))).unwrap();
        (dir, Arc::new(lib))
    })
    .1
    .clone()
}

fn corpus_app() -> Router {
    app(AppState::new(corpus_lib(), None).with_today(today()))
}

/// A fresh, empty data directory and its app (for tests that write).
fn fresh(token: Option<&str>) -> (tempfile::TempDir, Arc<Library>, Router) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Arc::new(Library::open(Config::new(dir.path().join("data"))).unwrap());
    let state = AppState::new(lib.clone(), token.map(str::to_string)).with_today(today());
    (dir, lib, app(state))
}

struct Resp {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Resp {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    fn header(&self, name: header::HeaderName) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }
}

async fn send(app: &Router, req: Request<Body>) -> Resp {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Resp {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, uri: &str) -> Resp {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// A multipart body with one field per (field name, file name, bytes).
fn multipart(parts: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "XaccordTestBoundaryX";
    let mut body = Vec::new();
    for (field, filename, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        body.extend_from_slice(
            format!(
                "Content-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn upload_req(parts: &[(&str, &str, &[u8])], auth: Option<&str>) -> Request<Body> {
    let (ct, body) = multipart(parts);
    let mut b = Request::post("/api/documents").header(header::CONTENT_TYPE, ct);
    if let Some(a) = auth {
        b = b.header(header::AUTHORIZATION, a);
    }
    b.body(Body::from(body)).unwrap()
}

const MEMO: &[u8] = b"Seoul, 10 July 2024 - Korea Post and Mongol Post agreed to open a direct \
    dispatch route by the end of this year, and will exchange EMS data from March 2025.";

/// A text document full of markup, event handlers and script links.
const HOSTILE: &[u8] = b"Seoul, 10 July 2024 - Korea Post <script>alert('xss')</script> and \
    Mongol Post agreed to open <img src=x onerror=alert(1)> a dispatch route by the end of this \
    year. See <a href=\"javascript:alert(2)\">the annex</a> and \"quoted\" 'single' & more.\n";

/// The elements accord's pages use; anything else in a page came from a document.
const ALLOWED_TAGS: &[&str] = &[
    "!DOCTYPE",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "a",
    "header",
    "div",
    "nav",
    "main",
    "footer",
    "h1",
    "h2",
    "h3",
    "p",
    "form",
    "label",
    "input",
    "button",
    "section",
    "aside",
    "ul",
    "ol",
    "li",
    "span",
    "article",
    "mark",
    "dl",
    "dt",
    "dd",
    "code",
    "strong",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "details",
    "summary",
    "select",
    "option",
    "blockquote",
    "script",
    "b",
];

struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// The opening tags of a page with their attributes (values unescaped only for `&quot;`-free
/// reading: accord writes every attribute value in double quotes).
fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with('/') {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let inner = &rest[..end];
        rest = &rest[end..];
        if inner.starts_with("!DOCTYPE") {
            out.push(Tag {
                name: "!DOCTYPE".into(),
                attrs: Vec::new(),
            });
            continue;
        }
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let name = inner[..name_end].trim_end_matches('/').to_string();
        let mut attrs = Vec::new();
        let mut a = inner[name_end..].trim();
        while !a.is_empty() {
            let key_end = a.find(['=', ' ']).unwrap_or(a.len());
            let key = a[..key_end].to_string();
            a = a[key_end..].trim_start();
            let mut value = String::new();
            if let Some(v) = a.strip_prefix('=') {
                let v = v.trim_start();
                if let Some(q) = v.strip_prefix('"') {
                    let close = q.find('"').unwrap_or(q.len());
                    value = q[..close].to_string();
                    a = q.get(close + 1..).unwrap_or("").trim_start();
                } else {
                    let close = v.find(' ').unwrap_or(v.len());
                    value = v[..close].to_string();
                    a = v[close..].trim_start();
                }
            }
            attrs.push((key, value));
        }
        out.push(Tag { name, attrs });
    }
    out
}

fn corpus_doc_id(name: &str) -> String {
    let path = corpus().join(name);
    accord::DocId::of(&std::fs::read(path).unwrap()).to_string()
}

#[tokio::test]
async fn every_read_route_answers_on_the_corpus() {
    let app = corpus_app();
    let doc = corpus_doc_id("news-trilateral-meeting-jwg.txt");
    let rows = get(&app, "/api/commitments").await.json();
    let commitment = rows[0]["id"].as_str().unwrap().to_string();
    let groups = get(&app, "/api/groups").await.json();
    let group = groups[0]["id"].as_str().unwrap().to_string();
    let short = &doc[..8];
    // (route, status, content type starts with, body contains)
    let cases: Vec<(String, u16, &str, &str)> = vec![
        ("/".into(), 200, "text/html", "Search the documents"),
        ("/?q=%22working+group%22".into(), 200, "text/html", "<mark>"),
        (
            "/?q=EMS&year=2024&page=1".into(),
            200,
            "text/html",
            "Year: 2024",
        ),
        (
            format!("/documents/{doc}"),
            200,
            "text/html",
            "m-commitment",
        ),
        (
            format!("/documents/{short}"),
            200,
            "text/html",
            "Commitments (",
        ),
        (format!("/documents/{doc}/download"), 200, "text/plain", ""),
        (
            "/commitments".into(),
            200,
            "text/html",
            "Suggested follow-ups",
        ),
        (
            "/commitments?status=open&overdue=1".into(),
            200,
            "text/html",
            "Overdue",
        ),
        (
            format!("/commitments/{commitment}"),
            200,
            "text/html",
            "Change the status",
        ),
        ("/groups".into(), 200, "text/html", "Working groups"),
        (format!("/groups/{group}"), 200, "text/html", "Timeline"),
        ("/parties".into(), 200, "text/html", "Korea Post"),
        (
            "/parties/Korea%20Post".into(),
            200,
            "text/html",
            "Korea Post",
        ),
        ("/upload".into(), 200, "text/html", "Drop files here"),
        ("/report".into(), 200, "text/html", "Follow-up report"),
        ("/report?format=html".into(), 200, "text/html", "<html"),
        ("/login".into(), 200, "text/html", "without a token"),
        (
            "/static/upload.js".into(),
            200,
            "text/javascript",
            "textContent",
        ),
        ("/healthz".into(), 200, "application/json", "\"ok\""),
        (
            format!("/api/documents/{doc}"),
            200,
            "application/json",
            "\"commitments\"",
        ),
        (
            "/api/search?q=EMS&limit=3".into(),
            200,
            "application/json",
            "\"snippet\"",
        ),
        (
            "/api/commitments?status=open".into(),
            200,
            "application/json",
            "\"status\"",
        ),
        (
            format!("/api/commitments/{commitment}"),
            200,
            "application/json",
            "\"history\"",
        ),
        ("/api/groups".into(), 200, "application/json", "\"members\""),
        (
            format!("/api/groups/{group}"),
            200,
            "application/json",
            "\"activity\"",
        ),
        (
            "/api/report?as_of=2025-06-30".into(),
            200,
            "application/json",
            "\"totals\"",
        ),
        (
            "/api/calendar.ics".into(),
            200,
            "text/calendar",
            "BEGIN:VCALENDAR",
        ),
    ];
    for (uri, status, ct, contains) in cases {
        let r = get(&app, &uri).await;
        assert_eq!(r.status.as_u16(), status, "{uri}: {}", r.text());
        assert!(
            r.header(header::CONTENT_TYPE).starts_with(ct),
            "{uri}: content type {}",
            r.header(header::CONTENT_TYPE)
        );
        assert!(r.text().contains(contains), "{uri}: no {contains:?}");
        assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{uri}");
        assert!(
            r.header(header::CONTENT_SECURITY_POLICY)
                .contains("default-src 'none'"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn errors_are_json_with_the_right_status() {
    let app = corpus_app();
    // (route, status, error contains)
    let cases = [
        ("/api/documents/ffffffffffff", 404, "no document"),
        ("/api/documents/zz", 400, "not a document id"),
        ("/api/search?q=%22unclosed", 400, "bad query"),
        ("/api/search?q=x&from=yesterday", 400, "not a date"),
        ("/api/search?limit=ten", 400, "bad query string"),
        ("/api/commitments?status=finished", 400, "unknown status"),
        ("/api/commitments?due_within=soon", 400, "not a duration"),
        ("/api/commitments/C-ffffffff", 404, "no commitment"),
        ("/api/groups/G-ffffffff", 404, "no working group"),
        ("/api/report?as_of=2025-13-01", 400, "not a date"),
        ("/api/nothing", 404, "no such page"),
    ];
    for (uri, status, contains) in cases {
        let r = get(&app, uri).await;
        assert_eq!(r.status.as_u16(), status, "{uri}: {}", r.text());
        let j = r.json();
        assert_eq!(j["status"], status, "{uri}");
        let msg = j["error"].as_str().unwrap_or_default();
        assert!(msg.contains(contains), "{uri}: {msg}");
    }
    // Pages answer errors as pages.
    let r = get(&app, "/documents/ffffffffffff").await;
    assert_eq!(r.status, 404);
    assert!(r.header(header::CONTENT_TYPE).starts_with("text/html"));
    assert!(r.text().contains("no document"), "{}", r.text());
    let r = get(&app, "/?q=%22unclosed").await;
    assert_eq!(r.status, 400);
    assert!(r.text().contains("could not be read"), "{}", r.text());
}

#[tokio::test]
async fn search_page_filters_by_facets_and_pages() {
    let app = corpus_app();
    let all = get(&app, "/").await.text();
    let n_all = count_hits(&all);
    assert_eq!(n_all, 10, "the first page is full");
    assert!(all.contains("Page 1 of"), "paging shown");
    let page2 = get(&app, "/?page=2").await.text();
    assert!(page2.contains("Page 2 of"));
    assert_ne!(first_hit(&all), first_hit(&page2));
    // A party facet narrows to documents naming that party.
    let korea = get(&app, "/?party=Korea+Post").await.text();
    assert!(korea.contains("Party: Korea Post"), "chip shown");
    let api = get(&app, "/api/search?party=Korea+Post&limit=100")
        .await
        .json();
    let total = total_of(&korea);
    assert!(
        total > 0 && total <= api.as_array().unwrap().len(),
        "{total}"
    );
    // A date range excludes what lies outside it.
    let r = get(&app, "/api/search?from=2030-01-01").await.json();
    assert_eq!(r.as_array().unwrap().len(), 0);
}

fn count_hits(html: &str) -> usize {
    html.matches("<article class=\"hit\">").count()
}

fn first_hit(html: &str) -> String {
    let i = html.find("<article class=\"hit\">").unwrap_or(0);
    html[i..].chars().take(300).collect()
}

fn total_of(html: &str) -> usize {
    // "<p class=\"muted small\" aria-live=\"polite\">N document"
    let i = html.find("aria-live=\"polite\">").unwrap() + "aria-live=\"polite\">".len();
    html[i..].split(' ').next().unwrap().trim().parse().unwrap()
}

#[tokio::test]
async fn uploads_are_ingested_once_and_malformed_ones_change_nothing() {
    let (_dir, lib, app) = fresh(None);
    let r = send(&app, upload_req(&[("file", "memo.txt", MEMO)], None)).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let j = r.json();
    assert_eq!(j["status"], "ingested");
    assert_eq!(j["path"], "memo.txt");
    let id = j["id"].as_str().unwrap().to_string();
    assert_eq!(r.header(header::LOCATION), format!("/api/documents/{id}"));
    assert!(j["commitments"].as_u64().unwrap() >= 1, "{j}");

    // The same bytes again: 200, unchanged.
    let again = send(&app, upload_req(&[("file", "copy.txt", MEMO)], None)).await;
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.json()["status"], "unchanged");
    assert_eq!(lib.store().len(), 1);

    // A raw body named by ?filename=.
    let raw = send(
        &app,
        Request::post("/api/documents?filename=second.txt")
            .body(Body::from(
                &b"Tokyo, 2 May 2024 - Japan Post will launch a returns service."[..],
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(raw.status, 201, "{}", raw.text());
    assert_eq!(lib.store().len(), 2);

    // Malformed and incomplete uploads: 400, nothing stored.
    let bad_multipart = Request::post("/api/documents")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=zzz")
        .body(Body::from(
            "--zzz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc",
        ))
        .unwrap();
    let no_boundary = Request::post("/api/documents")
        .header(header::CONTENT_TYPE, "multipart/form-data")
        .body(Body::from("x"))
        .unwrap();
    let (ct, body) = multipart(&[("other", "x.txt", MEMO)]);
    let wrong_field = Request::post("/api/documents")
        .header(header::CONTENT_TYPE, ct)
        .body(Body::from(body))
        .unwrap();
    let raw_unnamed = Request::post("/api/documents")
        .body(Body::from("text"))
        .unwrap();
    let two_files = upload_req(
        &[("file", "a.txt", b"one two"), ("file", "b.txt", b"three")],
        None,
    );
    // (id, request, status, error contains)
    let cases = [
        (
            "truncated multipart",
            bad_multipart,
            400,
            "malformed upload",
        ),
        ("no boundary", no_boundary, 400, "malformed upload"),
        ("no file field", wrong_field, 400, "field named `file`"),
        ("raw without a name", raw_unnamed, 400, "filename"),
        ("two files", two_files, 400, "one file per request"),
    ];
    for (id, req, status, contains) in cases {
        let r = send(&app, req).await;
        assert_eq!(r.status.as_u16(), status, "{id}: {}", r.text());
        assert!(
            r.json()["error"].as_str().unwrap().contains(contains),
            "{id}: {}",
            r.text()
        );
    }
    // A file accord cannot read: 422 with the outcome, nothing stored, no file kept.
    let r = send(
        &app,
        upload_req(&[("file", "broken.pdf", b"%PDF-1.4 broken")], None),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.json()["outcome"]["status"], "failed");
    assert_eq!(lib.store().len(), 2);
    let kept = std::fs::read_dir(lib.config().data_dir.join("uploads"))
        .unwrap()
        .count();
    assert_eq!(kept, 2, "only the two stored uploads are kept");
}

#[tokio::test]
async fn uploads_over_the_limit_are_413() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Arc::new(Library::open(Config::new(dir.path().join("data"))).unwrap());
    let app = app(AppState::new(lib.clone(), None).with_upload_limit(100));
    let big = vec![b'a'; 200];
    let r = send(&app, upload_req(&[("file", "big.txt", &big)], None)).await;
    assert_eq!(r.status, 413, "{}", r.text());
    let r = send(
        &app,
        Request::post("/api/documents?filename=big.txt")
            .body(Body::from(vec![b'a'; 100 * 1024]))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("limit"));
    assert!(lib.store().is_empty());
}

#[tokio::test]
async fn with_a_token_every_write_needs_it_and_reads_do_not() {
    let (_dir, lib, app) = fresh(Some("s3cret-token"));
    // (id, authorization, cookie, status)
    let cases = [
        ("none", None, None, 401),
        ("wrong", Some("Bearer nope"), None, 401),
        ("not bearer", Some("Basic czNjcmV0LXRva2Vu"), None, 401),
        ("bearer", Some("Bearer s3cret-token"), None, 201),
        ("cookie", None, Some("accord_token=s3cret-token"), 200),
    ];
    for (id, auth, cookie, status) in cases {
        let mut req = upload_req(&[("file", "memo.txt", MEMO)], auth);
        if let Some(c) = cookie {
            req.headers_mut().insert(header::COOKIE, c.parse().unwrap());
        }
        let r = send(&app, req).await;
        assert_eq!(r.status.as_u16(), status, "{id}: {}", r.text());
    }
    assert_eq!(lib.store().len(), 1);
    // Reads need nothing.
    assert_eq!(get(&app, "/api/search?q=dispatch").await.status, 200);
    // Status changes too: refused without the token, recorded with it.
    let id = get(&app, "/api/commitments").await.json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let event = |auth: Option<&str>| {
        let mut b = Request::post(format!("/api/commitments/{id}/events"))
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(a) = auth {
            b = b.header(header::AUTHORIZATION, a);
        }
        b.body(Body::from(
            r#"{"type":"status_changed","to":"in_progress","note":"started"}"#,
        ))
        .unwrap()
    };
    assert_eq!(send(&app, event(None)).await.status, 401);
    assert_eq!(
        send(&app, event(Some("Bearer s3cret-token"))).await.status,
        201
    );
    // The page's form is refused without the cookie.
    let form = Request::post(format!("/commitments/{id}/status"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("to=done"))
        .unwrap();
    let r = send(&app, form).await;
    assert_eq!(r.status, 401);
    assert!(r.header(header::CONTENT_TYPE).starts_with("text/html"));
    // Signing in sets the cookie only for the right token.
    let login = |token: &str| {
        Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("token={token}")))
            .unwrap()
    };
    let r = send(&app, login("wrong")).await;
    assert_eq!(r.status, 401);
    assert!(r.header(header::SET_COOKIE).is_empty());
    let r = send(&app, login("s3cret-token")).await;
    assert_eq!(r.status, 303);
    let cookie = r.header(header::SET_COOKIE);
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
}

#[tokio::test]
async fn cross_site_form_posts_are_refused() {
    let (_dir, lib, app) = fresh(None);
    let mut req = upload_req(&[("file", "memo.txt", MEMO)], None);
    let h = req.headers_mut();
    h.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    h.insert(header::HOST, "127.0.0.1:7878".parse().unwrap());
    assert_eq!(send(&app, req).await.status, 403);
    let mut req = upload_req(&[("file", "memo.txt", MEMO)], None);
    let h = req.headers_mut();
    h.insert(header::ORIGIN, "http://127.0.0.1:7878".parse().unwrap());
    h.insert(header::HOST, "127.0.0.1:7878".parse().unwrap());
    assert_eq!(send(&app, req).await.status, 201);
    assert_eq!(lib.store().len(), 1);
}

#[tokio::test]
async fn status_changes_are_validated_and_recorded() {
    let (_dir, _lib, app) = fresh(None);
    assert_eq!(
        send(&app, upload_req(&[("file", "memo.txt", MEMO)], None))
            .await
            .status,
        201
    );
    let id = get(&app, "/api/commitments").await.json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let post = |body: &str| {
        Request::post(format!("/api/commitments/{id}/events"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    // (id, body, status)
    let cases = [
        (
            "drop without note",
            r#"{"type":"status_changed","to":"dropped"}"#,
            409,
        ),
        ("to itself", r#"{"type":"status_changed","to":"open"}"#, 409),
        (
            "unknown status",
            r#"{"type":"status_changed","to":"finished"}"#,
            400,
        ),
        ("unknown kind", r#"{"type":"merged_twice"}"#, 400),
        (
            "accord's own kind",
            r#"{"type":"added","by":["X"],"action":"a","due":null,"strength":"firm","group":null,"note":null}"#,
            400,
        ),
        ("not json", "status=done", 400),
        (
            "start",
            r#"{"type":"status_changed","to":"in_progress","by":"kim"}"#,
            201,
        ),
        (
            "note",
            r#"{"type":"note_added","text":"called the ministry"}"#,
            201,
        ),
        (
            "deadline",
            r#"{"type":"due_changed","due":"2025-03-31","note":"agreed delay"}"#,
            201,
        ),
        (
            "done",
            r#"{"type":"status_changed","to":"done","note":"route opened"}"#,
            201,
        ),
        (
            "closed to closed",
            r#"{"type":"status_changed","to":"waived","note":"x"}"#,
            409,
        ),
    ];
    for (case, body, status) in cases {
        let r = send(&app, post(body)).await;
        assert_eq!(r.status.as_u16(), status, "{case}: {}", r.text());
    }
    let d = get(&app, &format!("/api/commitments/{id}")).await.json();
    assert_eq!(d["status"], "done");
    assert_eq!(d["status_note"], "route opened");
    assert_eq!(d["due"], "2025-03-31");
    let kinds: Vec<&str> = d["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "extracted",
            "status_changed",
            "note_added",
            "due_changed",
            "status_changed"
        ]
    );
    assert_eq!(d["history"][1]["actor"]["user"], "kim");
    // A kind without its fields, and an unknown commitment.
    let r = send(&app, post(r#"{"type":"note_added"}"#)).await;
    assert_eq!(r.status, 400, "missing field: {}", r.text());
    let r = send(
        &app,
        Request::post("/api/commitments/C-ffffffff/events")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"type":"note_added","text":"x"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn the_dashboard_changes_a_status_with_a_note_and_shows_it() {
    let (_dir, _lib, app) = fresh(None);
    assert_eq!(
        send(&app, upload_req(&[("file", "memo.txt", MEMO)], None))
            .await
            .status,
        201
    );
    let id = get(&app, "/api/commitments").await.json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let form = |body: &str| {
        Request::post(format!("/commitments/{id}/status"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    // Refused (dropping needs a note): back to the page with the reason, nothing recorded.
    let r = send(&app, form("to=dropped&note=&back=%2Fcommitments")).await;
    assert_eq!(r.status, 303);
    let loc = r.header(header::LOCATION);
    assert!(loc.starts_with("/commitments?error="), "{loc}");
    let page = get(&app, &loc).await.text();
    assert!(page.contains("needs a note"), "{page}");
    // Accepted: redirected back, the page shows the new status and the note.
    let r = send(
        &app,
        form("to=in_progress&note=test+clearance+%3Cb%3Estarted%3C%2Fb%3E&by=kim"),
    )
    .await;
    assert_eq!(r.status, 303);
    let loc = r.header(header::LOCATION);
    assert!(
        loc.starts_with(&format!("/commitments/{id}?saved=")),
        "{loc}"
    );
    let page = get(&app, &loc).await.text();
    assert!(page.contains("In progress"), "status shown in words");
    assert!(
        page.contains("test clearance &lt;b&gt;started&lt;/b&gt;"),
        "note shown, escaped"
    );
    let dash = get(&app, "/commitments").await.text();
    assert!(dash.contains("In progress") && dash.contains("test clearance"));
    // Redirects never leave the site.
    let r = send(&app, form("to=open&back=https%3A%2F%2Fevil.example%2F")).await;
    assert!(r
        .header(header::LOCATION)
        .starts_with(&format!("/commitments/{id}")));
}

#[tokio::test]
async fn hostile_documents_are_escaped_everywhere() {
    let (_dir, _lib, app) = fresh(None);
    let name = "evil\"name<script>.txt";
    let r = send(&app, upload_req(&[("file", name, HOSTILE)], None)).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_string();
    let pages = [
        format!("/documents/{id}"),
        "/?q=dispatch".to_string(),
        "/?q=alert".to_string(),
        "/commitments".to_string(),
        "/parties".to_string(),
        "/report".to_string(),
    ];
    for uri in &pages {
        let r = get(&app, uri).await;
        assert_eq!(r.status, 200, "{uri}");
        let html = r.text();
        assert!(!html.contains("<script>alert"), "{uri}: script tag");
        for tag in tags(&html) {
            assert!(
                ALLOWED_TAGS.contains(&tag.name.as_str()),
                "{uri}: <{}>",
                tag.name
            );
            for (name, value) in &tag.attrs {
                assert!(!name.starts_with("on"), "{uri}: event handler {name}");
                assert!(
                    !value
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:"),
                    "{uri}: script link {value}"
                );
            }
            if tag.name == "script" {
                assert!(tag
                    .attrs
                    .iter()
                    .any(|(n, v)| n == "src" && v == "/static/upload.js"));
            }
        }
    }
    let page = get(&app, &format!("/documents/{id}")).await.text();
    assert!(
        page.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;")
            || page.contains("&lt;script&gt;alert('xss')&lt;/script&gt;"),
        "text shown escaped"
    );
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(
        page.contains("javascript:alert(2)"),
        "the words are shown, as text"
    );
    let search = get(&app, "/?q=alert").await.text();
    assert!(
        search.contains("&lt;script&gt;") || search.contains("&lt;img"),
        "snippet escaped"
    );
    // No document content in a header: the download's file name is plain ASCII.
    let r = get(&app, &format!("/documents/{id}/download")).await;
    let cd = r.header(header::CONTENT_DISPOSITION);
    assert!(cd.starts_with("attachment; filename=\""), "{cd}");
    let filename = cd
        .trim_start_matches("attachment; filename=\"")
        .trim_end_matches('"');
    assert!(
        filename
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)),
        "{cd}"
    );
}

#[tokio::test]
async fn downloads_give_the_original_while_it_is_unchanged_else_the_text() {
    let (_dir, lib, app) = fresh(None);
    let r = send(&app, upload_req(&[("file", "memo.txt", MEMO)], None)).await;
    let id = r.json()["id"].as_str().unwrap().to_string();
    let r = get(&app, &format!("/documents/{id}/download")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-accord-download".parse().unwrap()), "original");
    assert_eq!(r.body, MEMO);
    let page = get(&app, &format!("/documents/{id}")).await.text();
    assert!(page.contains("Download the original file"));
    // The kept original changes: the text is offered instead, and the page says so.
    let doc = lib
        .store()
        .document(&accord::DocId(id.clone()))
        .unwrap()
        .unwrap();
    std::fs::write(Path::new(&doc.source), b"changed").unwrap();
    let r = get(&app, &format!("/documents/{id}/download")).await;
    assert_eq!(r.header("x-accord-download".parse().unwrap()), "text");
    assert!(r.header(header::CONTENT_DISPOSITION).ends_with(".txt\""));
    assert_eq!(r.text(), doc.text);
    let page = get(&app, &format!("/documents/{id}")).await.text();
    assert!(page.contains("Download the extracted text (.txt)"));
    assert!(page.contains("no longer at its source path, or has changed"));
}

#[tokio::test]
async fn html_originals_are_never_served_as_pages() {
    let app = corpus_app();
    let id = corpus_doc_id("news-award-no-commitments.html");
    let r = get(&app, &format!("/documents/{id}/download")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-accord-download".parse().unwrap()), "original");
    assert_eq!(r.header(header::CONTENT_TYPE), "application/octet-stream");
    assert!(r
        .header(header::CONTENT_DISPOSITION)
        .starts_with("attachment"));
}

#[tokio::test]
async fn concurrent_searches_and_uploads_are_safe() {
    let (_dir, lib, app) = fresh(None);
    let mut tasks = Vec::new();
    for i in 0..6 {
        let app1 = app.clone();
        tasks.push(tokio::spawn(async move {
            let app = app1;
            let text = format!(
                "Bangkok, {} March 2024 - Thailand Post and Vietnam Post agreed to open lane {i} \
                 by the end of this year.",
                i + 1
            );
            let req = upload_req(&[("file", &format!("m{i}.txt"), text.as_bytes())], None);
            send(&app, req).await.status.as_u16()
        }));
        // The same bytes from two clients at once: stored once.
        let app2 = app.clone();
        tasks.push(tokio::spawn(async move {
            send(&app2, upload_req(&[("file", "same.txt", MEMO)], None))
                .await
                .status
                .as_u16()
        }));
    }
    for _ in 0..20 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            get(&app, "/api/search?q=lane").await.status.as_u16()
        }));
    }
    for t in tasks {
        let s = t.await.unwrap();
        assert!(s == 200 || s == 201, "{s}");
    }
    assert_eq!(lib.store().len(), 7);
    let hits = get(&app, "/api/search?q=lane&limit=50").await.json();
    assert_eq!(hits.as_array().unwrap().len(), 6);
}

#[test]
fn serving_beyond_loopback_needs_a_token() {
    if std::env::var("ACCORD_TOKEN").is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let opts = accord::web::ServeOptions {
        addr: "0.0.0.0:0".parse().unwrap(),
        ..Default::default()
    };
    let e = accord::web::serve(Config::new(dir.path().join("data")), opts).unwrap_err();
    assert!(e.to_string().contains("without a token"), "{e}");
    // It refused before opening anything.
    assert!(!dir.path().join("data").exists());
}

#[test]
fn while_serving_the_url_is_written_and_the_directory_is_held() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("memo.txt"), MEMO).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let opts = accord::web::ServeOptions {
        addr: "127.0.0.1:0".parse().unwrap(),
        watch: Some(inbox.clone()),
        ..Default::default()
    };
    let config = Config::new(&data);
    let server = std::thread::spawn(move || {
        accord::web::serve_until(config, opts, async {
            let _ = stopped.await;
        })
    });
    let url_file = data.join(accord::web::SERVER_URL_FILE);
    let start = std::time::Instant::now();
    while !url_file.exists() {
        assert!(start.elapsed().as_secs() < 20, "server.url never written");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let url = std::fs::read_to_string(&url_file).unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let hint = accord::web::server_hint(&data).unwrap();
    assert!(hint.contains(url.trim()), "{hint}");
    // Another process (here: another open) cannot have the directory meanwhile.
    assert!(matches!(
        Library::open(Config::new(&data)),
        Err(accord::Error::Locked { .. })
    ));
    // The watched inbox is ingested while serving.
    let start = std::time::Instant::now();
    while !inbox.join("done/memo.txt").exists() {
        assert!(start.elapsed().as_secs() < 30, "inbox file never ingested");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // A plain HTTP request to the real socket.
    let addr = url
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    use std::io::{Read, Write};
    s.write_all(
        format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    assert!(out.contains("\"documents\":1"), "{out}");
    stop.send(()).unwrap();
    server.join().unwrap().unwrap();
    assert!(!url_file.exists(), "server.url removed on shutdown");
    assert_eq!(accord::web::server_hint(&data), None);
}

#[tokio::test]
async fn followups_are_accepted_or_rejected_from_the_page() {
    let (_dir, _lib, app) = fresh(None);
    // A commitment, then a later report on it (the corpus's pair).
    for name in [
        "news-kahala-ceo-meeting-ems-guarantee.txt",
        "followup-kahala-ems-guarantee-resumed.txt",
    ] {
        let bytes = std::fs::read(corpus().join(name)).unwrap();
        let r = send(&app, upload_req(&[("file", name, &bytes)], None)).await;
        assert_eq!(r.status, 201, "{name}: {}", r.text());
    }
    let rows = get(&app, "/api/commitments").await.json();
    let target = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["pending"].as_u64().unwrap_or(0) > 0)
        .expect("a commitment with a suggested follow-up")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let detail = get(&app, &format!("/api/commitments/{target}"))
        .await
        .json();
    let fid = detail["followups"][0]["id"].as_str().unwrap().to_string();
    let dash = get(&app, "/commitments").await.text();
    assert!(
        dash.contains(&format!("/followups/{fid}/accept")),
        "offered on the dashboard"
    );
    let form = |decision: &str| {
        Request::post(format!("/followups/{fid}/{decision}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("back=%2Fcommitments%23followups&by=kim"))
            .unwrap()
    };
    // (id, decision, status, redirect contains, evidence linked afterwards)
    let cases = [
        ("unknown decision", "approve", 404, "", 0),
        ("accept", "accept", 303, "saved=", 1),
        ("accept twice", "accept", 303, "error=", 1),
        ("reject after accepting", "reject", 303, "saved=", 0),
    ];
    for (id, decision, status, location, evidence) in cases {
        let r = send(&app, form(decision)).await;
        assert_eq!(r.status.as_u16(), status, "{id}: {}", r.text());
        let loc = r.header(header::LOCATION);
        assert!(loc.contains(location), "{id}: {loc}");
        if status == 303 {
            assert!(
                loc.starts_with("/commitments?") && loc.ends_with("#followups"),
                "{loc}"
            );
        }
        let d = get(&app, &format!("/api/commitments/{target}"))
            .await
            .json();
        assert_eq!(d["evidence"], evidence, "{id}: {d}");
    }
}

#[tokio::test]
async fn the_upload_page_ingests_several_files_and_reports_each() {
    let (_dir, lib, app) = fresh(None);
    let (ct, body) = multipart(&[
        ("file", "memo.txt", MEMO),
        ("file", "broken.pdf", b"%PDF-1.4 broken"),
        ("file", "again.txt", MEMO),
    ]);
    let r = send(
        &app,
        Request::post("/upload")
            .header(header::CONTENT_TYPE, ct)
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let html = r.text();
    // (id, text on the page)
    let cases = [
        ("ingested", "Ingested</span> <a href=\"/documents/"),
        ("failed", "Failed</span> broken.pdf"),
        ("unchanged", "Unchanged</span>"),
        ("script", "<script src=\"/static/upload.js\" defer>"),
    ];
    for (id, text) in cases {
        assert!(html.contains(text), "{id}: {html}");
    }
    assert_eq!(lib.store().len(), 1);
    // Without the token the page refuses, as the API does.
    let (_dir2, _lib2, locked) = fresh(Some("t0ken"));
    let (ct, body) = multipart(&[("file", "memo.txt", MEMO)]);
    let r = send(
        &locked,
        Request::post("/upload")
            .header(header::CONTENT_TYPE, ct)
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 401);
    let login = get(&locked, "/login").await.text();
    assert!(login.contains("type=\"password\""), "sign-in form shown");
}

#[tokio::test]
async fn without_a_token_only_loopback_host_names_are_served() {
    let (_dir, _lib, open) = fresh(None);
    let (_dir2, _lib2, locked) = fresh(Some("t0ken"));
    let req = |host: &str| {
        Request::get("/api/search?q=x")
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap()
    };
    // (id, app, host, status)
    let cases = [
        ("loopback", &open, "127.0.0.1:7878", 200),
        ("localhost", &open, "localhost:7878", 200),
        ("rebound name", &open, "evil.example:7878", 403),
        ("with a token any name", &locked, "accord.example.org", 200),
    ];
    for (id, app, host, status) in cases {
        assert_eq!(send(app, req(host)).await.status.as_u16(), status, "{id}");
    }
}
