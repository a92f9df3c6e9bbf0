//! PDF extraction quality and robustness over the committed fixtures.
//!
//! For every `corpus/pdf/NAME.pdf`, accord's text is compared with `NAME.expected` (written
//! from the source text) by normalised Levenshtein similarity over whitespace-normalised text,
//! and, where `pdftotext` is installed, with pdftotext's similarity on the same file. Bad files
//! in `tests/fixtures/pdf-bad/` must fail with a clear error, and mutated fixtures must never
//! panic.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use accord::config::Limits;
use accord::error::FailureKind;
use accord::extract::pdf::extract;

/// Every normal fixture must reach this similarity to its expected text.
const MIN_SIMILARITY: f64 = 0.97;
/// accord may trail pdftotext by at most this much on a fixture: one or two characters of a
/// short document, for differences such as where a stray space falls.
const PDFTOTEXT_TOLERANCE: f64 = 0.005;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("corpus/pdf"))
        .expect("corpus/pdf exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

fn expected_of(pdf: &Path) -> String {
    let stem = pdf.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    std::fs::read_to_string(pdf.with_file_name(format!("{stem}.expected")))
        .unwrap_or_else(|e| panic!("{stem}.expected: {e}"))
}

fn normalise(s: &str) -> Vec<char> {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect()
}

/// Levenshtein distance with two rows, after stripping the common prefix and suffix.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[pre..], &b[pre..]);
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suf], &b[..b.len() - suf]);
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len());
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// 1 - distance / longer length, over whitespace-normalised text; 1 for two empty texts.
fn similarity(got: &str, want: &str) -> f64 {
    let (g, w) = (normalise(got), normalise(want));
    let longest = g.len().max(w.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - levenshtein(&g, &w) as f64 / longest as f64
}

fn pdftotext(pdf: &Path) -> Option<String> {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn similarity_helper_cases() {
    let cases = [
        ("identical", "a b", "a b", 1.0),
        ("whitespace-only-difference", "a\n\nb\u{c}", "a b", 1.0),
        ("one-substitution", "abcd", "abce", 0.75),
        ("both-empty", "", " \n", 1.0),
        ("one-empty", "", "abcd", 0.0),
    ];
    for (id, a, b, want) in cases {
        assert!((similarity(a, b) - want).abs() < 1e-9, "{id}");
    }
}

#[test]
fn fixtures_match_expected_text_at_least_as_well_as_pdftotext() {
    let limits = Limits::default();
    let files = fixtures();
    assert!(
        files.len() >= 12,
        "corpus/pdf holds {} fixtures",
        files.len()
    );
    let mut failures = Vec::new();
    println!("{:<38} {:>8} {:>10}", "fixture", "accord", "pdftotext");
    for pdf in &files {
        let name = pdf.file_name().and_then(|s| s.to_str()).unwrap_or_default();
        let bytes = std::fs::read(pdf).expect("fixture readable");
        let want = expected_of(pdf);
        let ours = match extract(&bytes, &limits) {
            Ok(x) => similarity(&x.text, &want),
            Err(e) => {
                failures.push(format!("{name}: extraction failed: {e}"));
                continue;
            }
        };
        let theirs = pdftotext(pdf).map(|t| similarity(&t, &want));
        let shown = theirs.map_or("-".to_string(), |t| format!("{t:.4}"));
        println!("{name:<38} {ours:>8.4} {shown:>10}");
        if ours < MIN_SIMILARITY {
            failures.push(format!("{name}: similarity {ours:.4} < {MIN_SIMILARITY}"));
        }
        if let Some(t) = theirs {
            if ours < t - PDFTOTEXT_TOLERANCE {
                failures.push(format!("{name}: accord {ours:.4} < pdftotext {t:.4}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bad_fixtures_fail_with_clear_errors() {
    let cases = [
        ("truncated", "truncated.pdf", None),
        ("password", "password.pdf", Some(FailureKind::Encrypted)),
        ("garbage", "garbage.pdf", Some(FailureKind::Corrupt)),
    ];
    let dir = root().join("tests/fixtures/pdf-bad");
    for (id, file, kind) in cases {
        let bytes = std::fs::read(dir.join(file)).expect("bad fixture readable");
        match extract(&bytes, &Limits::default()) {
            Ok(x) => {
                // A truncated file may be recovered in part; then it must say what went wrong.
                assert!(kind.is_none(), "{id}: expected an error, got text");
                assert!(
                    !x.warnings.is_empty() || !x.text.is_empty(),
                    "{id}: neither text nor a warning"
                );
            }
            Err(e) => {
                if let Some(k) = kind {
                    assert_eq!(e.kind, k, "{id}: {e}");
                }
                assert!(!e.reason.is_empty(), "{id}");
            }
        }
    }
    let pw = std::fs::read(dir.join("password.pdf")).expect("readable");
    let e = extract(&pw, &Limits::default()).expect_err("password.pdf needs a password");
    assert_eq!(e.reason, "encrypted PDF: a password is required");
    let not_pdf = extract(b"hello, this is text", &Limits::default()).expect_err("not a pdf");
    assert_eq!(not_pdf.kind, FailureKind::Corrupt);
}

#[test]
fn scanned_page_has_no_text_and_says_so() {
    let bytes = std::fs::read(root().join("corpus/pdf/gs-image-only.pdf")).expect("readable");
    let x = extract(&bytes, &Limits::default()).expect("image-only PDF extracts");
    assert!(x.text.trim().is_empty(), "text: {:?}", x.text);
    assert!(
        x.warnings
            .iter()
            .any(|w| w == "no text layer (scanned document?)"),
        "{:?}",
        x.warnings
    );
}

#[test]
fn metadata_gives_title_and_date() {
    let cases = [
        (
            "writer-dc-title",
            "lo-memorandum.pdf",
            "Memorandum of Cooperation between the Northern Postal Administration and Harbour Post",
        ),
        (
            "chromium-html-title",
            "chromium-news.pdf",
            "Regional Posts Agree to Restore Express Guarantee by Year End",
        ),
    ];
    for (id, file, title) in cases {
        let bytes = std::fs::read(root().join("corpus/pdf").join(file)).expect("readable");
        let x = extract(&bytes, &Limits::default()).expect("extracts");
        assert_eq!(x.title.as_deref(), Some(title), "{id}");
        assert!(x.created.is_some(), "{id}: no creation date");
    }
}

#[test]
fn pages_are_separated_by_form_feeds_without_running_furniture() {
    let bytes = std::fs::read(root().join("corpus/pdf/lo-running-headers.pdf")).expect("readable");
    let x = extract(&bytes, &Limits::default()).expect("extracts");
    assert_eq!(x.text.matches('\u{c}').count(), 2, "three pages");
    assert!(!x.text.contains("Page 2 of 3"));
    assert_eq!(x.text.matches("Ministry of Communications —").count(), 0);
}

/// A tiny deterministic generator, so failures replay from the printed seed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut XorShift, src: &[u8]) -> Vec<u8> {
    let mut b = src.to_vec();
    match rng.below(4) {
        0 => b.truncate(rng.below(b.len())),
        1 => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
        }
        2 => {
            let len = 1 + rng.below(256);
            let (i, j) = (rng.below(b.len()), rng.below(b.len()));
            let (i, j) = (i.min(j), i.max(j));
            if j + len <= b.len() && i + len <= j {
                let (left, right) = b.split_at_mut(j);
                left[i..i + len].swap_with_slice(&mut right[..len]);
            }
        }
        _ => {
            let i = rng.below(b.len());
            let n = rng.below(64);
            b.drain(i..(i + n).min(b.len()));
        }
    }
    b
}

/// Mutated fixtures (truncations, bit flips, swapped and deleted ranges) never panic and stay
/// fast. `ACCORD_PDF_MUTATIONS` sets the count (default 150; thousands for a soak run).
#[test]
fn mutated_fixtures_never_panic() {
    let count: usize = std::env::var("ACCORD_PDF_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let seed: u64 = std::env::var("ACCORD_PDF_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_1234_abcd_0001);
    let sources: Vec<Vec<u8>> = fixtures()
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    let limits = Limits {
        max_decompressed_bytes: 64 * 1024 * 1024,
        ..Limits::default()
    };
    let mut rng = XorShift(seed);
    let mut slowest = Duration::ZERO;
    let mut slowest_at = 0;
    for k in 0..count {
        let src = &sources[k % sources.len()];
        let bytes = mutate(&mut rng, src);
        let t = Instant::now();
        let r = std::panic::catch_unwind(|| extract(&bytes, &limits));
        let took = t.elapsed();
        if took > slowest {
            slowest = took;
            slowest_at = k;
            // To replay the slowest case outside the test.
            if let Ok(dir) = std::env::var("ACCORD_PDF_DUMP_DIR") {
                let _ = std::fs::write(Path::new(&dir).join("slowest-mutation.pdf"), &bytes);
            }
        }
        // A panic caught inside the extractor becomes an "internal error" warning: still a bug.
        match r {
            Ok(Ok(x)) => assert!(
                !x.warnings.iter().any(|w| w.contains("internal error")),
                "mutation {k} (seed {seed}): {:?}",
                x.warnings
            ),
            Ok(Err(_)) => {}
            Err(_) => panic!("mutation {k} (seed {seed}) panicked"),
        }
        assert!(took < Duration::from_secs(10), "mutation {k} took {took:?}");
    }
    println!("{count} mutations, slowest {slowest:?} (mutation {slowest_at}, seed {seed})");
}
