//! End to end in a real browser: headless Chromium driven over WebDriver (chromedriver) against
//! the server on an ephemeral loopback port with the corpus. Searches, opens a document, changes a
//! commitment's status with a note and checks the page shows it; saves a screenshot of each page
//! (desktop and phone widths) under `target/screenshots/`.
//!
//! Skips with a note when `chromium` or `chromedriver` is not installed (Debian: `apt-get install
//! -y chromium chromium-driver`). The WebDriver client is a few blocking HTTP/1.1 calls over a
//! `TcpStream`: no extra crate.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use accord::web::{app, AppState};
use accord::{Config, Library};
use serde_json::{json, Value};

use crate::util::{corpus, repo};

/// The Chromium flags the brief asks for, plus a window size.
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
];

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// One blocking HTTP/1.1 request; returns the status and the body.
fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: */*\r\n");
    if body.is_some() {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            payload.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(&payload);
    s.write_all(req.as_bytes()).unwrap();
    // chromedriver may keep the connection open: read the head, then exactly the body.
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let split = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = s.read(&mut buf).expect("response");
        assert!(n > 0, "connection closed before the response head");
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let mut body = raw[split + 4..].to_vec();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let length = head.lines().find_map(|l| {
        l.strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    });
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let done = match length {
            Some(n) => body.len() >= n,
            None if chunked => body.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => body.extend_from_slice(&buf[..n]),
            Err(e) => panic!("{method} {path}: {e}"),
        }
    }
    if chunked {
        body = dechunk(&body);
    }
    (status, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&b[..eol])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&b[start..(start + size).min(b.len())]);
        b = &b[(start + size + 2).min(b.len())..];
    }
    out
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// A WebDriver session.
struct Driver {
    addr: SocketAddr,
    session: String,
    child: Child,
    shots: PathBuf,
}

impl Driver {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let full = format!("/session/{}{path}", self.session);
        let (status, bytes) = http(self.addr, method, &full, body.as_ref());
        let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        assert!(status < 300, "{method} {path}: {status} {v}");
        v["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT].as_str().expect("element id").to_string()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/clear"), Some(json!({})));
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn source(&self) -> String {
        self.call("GET", "/source", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn url(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until the page source contains `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.source();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "page never showed {text:?}; at {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn window(&self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    fn screenshot(&self, name: &str) {
        let b64 = self.call("GET", "/screenshot", None);
        let png = base64_decode(b64.as_str().unwrap_or_default());
        assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        println!("screenshot: {}", path.display());
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = std::panic::catch_unwind(|| http(self.addr, "DELETE", &path, None));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start_driver(chromedriver: &Path, chromium: &Path, profile: &Path, shots: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let start = Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut args: Vec<String> = FLAGS.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.push("--window-size=1280,1000".to_string());
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {"binary": chromium.display().to_string(), "args": args}
    }}});
    // Owned first, so chromedriver is stopped whatever happens next.
    let mut driver = Driver {
        addr,
        session: String::new(),
        child,
        shots: shots.to_path_buf(),
    };
    let (status, body) = http(addr, "POST", "/session", Some(&caps));
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    assert_eq!(status, 200, "new session: {v}");
    driver.session = v["value"]["sessionId"]
        .as_str()
        .expect("session id")
        .to_string();
    driver
}

/// Serves `state` on an ephemeral loopback port in a background thread; returns its address.
fn start_server(state: AppState) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, app(state)).await.unwrap();
        });
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("server started")
}

fn screenshots_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn search_open_change_status_in_chromium() {
    let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
    let chromedriver = find_program(&["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        println!(
            "note: browser test skipped: chromium and chromedriver are not installed \
             (apt-get install -y chromium chromium-driver)"
        );
        return;
    };

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let lib = Library::open(Config::new(&data)).unwrap();
        let summary =
            accord::ingest::ingest(&lib, accord::ingest::walk(&[corpus()]), |_| {}).unwrap();
        assert!(summary.ingested >= 40);
    }
    let lib = Arc::new(Library::open(Config::new(&data)).unwrap());
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    let server = start_server(AppState::new(lib, None).with_today(today));
    let base = format!("http://{server}");

    let shots = screenshots_dir();
    let d = start_driver(
        &chromedriver,
        &chromium,
        &dir.path().join("profile"),
        &shots,
    );

    // Search from the box.
    d.goto(&format!("{base}/"));
    d.wait_for("Search the documents");
    d.type_into("#q", "\"working group\"");
    d.click("form[role=search] button[type=submit]");
    let page = d.wait_for("best match first");
    assert!(page.contains("<mark>"), "matches are highlighted");
    assert!(
        d.url().contains("q=%22working+group%22") || d.url().contains("q=%22working%20group%22")
    );
    d.screenshot("search");

    // Open the first hit: the document with its facts marked.
    d.click("article.hit h3 a");
    let page = d.wait_for("Extracted facts");
    assert!(d.url().contains("/documents/"));
    assert!(
        page.contains("class=\"m-party\""),
        "parties marked in the text"
    );
    d.screenshot("document");

    // A commitment: change its status with a note, from its page.
    let (_, body) = http(server, "GET", "/api/commitments?status=open", None);
    let rows: Value = serde_json::from_slice(&body).unwrap();
    let id = rows[0]["id"]
        .as_str()
        .expect("an open commitment")
        .to_string();
    d.goto(&format!("{base}/commitments"));
    d.wait_for("Suggested follow-ups");
    d.screenshot("commitments");
    d.goto(&format!("{base}/commitments/{id}"));
    d.wait_for("Change the status");
    d.click(&format!("#to-{id} option[value=in_progress]"));
    d.type_into(&format!("#note-{id}"), "customs test clearance started");
    d.type_into(&format!("#by-{id}"), "kim");
    d.click("section[aria-labelledby=change] button[type=submit]");
    let page = d.wait_for("is now In progress");
    assert!(
        page.contains("customs test clearance started"),
        "the note is shown"
    );
    assert!(page.contains("badge s-in_progress"), "the status is shown");
    d.screenshot("commitment");
    // The change is stored: the API says so too.
    let (_, body) = http(server, "GET", &format!("/api/commitments/{id}"), None);
    let detail: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(detail["status"], "in_progress");
    assert_eq!(detail["status_note"], "customs test clearance started");

    // The other pages, for the screenshots.
    let (_, body) = http(server, "GET", "/api/groups", None);
    let groups: Value = serde_json::from_slice(&body).unwrap();
    let group = groups
        .as_array()
        .and_then(|g| {
            g.iter()
                .max_by_key(|g| g["commitments"].as_array().map_or(0, |c| c.len()))
        })
        .and_then(|g| g["id"].as_str())
        .expect("a group")
        .to_string();
    for (path, name, expect) in [
        (format!("/groups/{group}"), "group", "Timeline"),
        ("/parties/Korea%20Post".to_string(), "party", "Korea Post"),
        ("/upload".to_string(), "upload", "Drop files here"),
        ("/report".to_string(), "report", "Follow-up report"),
    ] {
        d.goto(&format!("{base}{path}"));
        d.wait_for(expect);
        d.screenshot(name);
    }

    // Phone width.
    d.window(390, 844);
    d.goto(&format!("{base}/?q=EMS"));
    d.wait_for("best match first");
    d.screenshot("phone-search");
    d.goto(&format!("{base}/commitments/{id}"));
    d.wait_for("Change the status");
    d.screenshot("phone-commitment");
}
