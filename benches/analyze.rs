//! Throughput of analysis (MB/s of text, one core) over the corpus's text documents: the whole
//! pipeline of `analyze::analyze` (sentences, dates, parties, groups, agreements, commitments),
//! and alone the stages that dominated it: sentence splitting, the dateline, date finding (each
//! given the sentences, as `analyze` does). Each iteration checks that something was found, so a
//! regression to empty output cannot look fast.

use std::path::PathBuf;

use accord::analyze::{analyze, dates, published, segment};
use accord::Hints;
use criterion::{criterion_group, Criterion, Throughput};

/// The corpus's plain-text documents (news-sized and longer memoranda).
fn texts() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut v: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
                .filter_map(|p| {
                    Some((
                        p.file_stem()?.to_str()?.to_string(),
                        std::fs::read_to_string(&p).ok()?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The largest news-sized (~3 KB) document of the corpus.
fn news_document(docs: &[(String, String)]) -> (&str, &str) {
    docs.iter()
        .filter(|(_, t)| (2_000..4_000).contains(&t.len()))
        .max_by_key(|(_, t)| t.len())
        .map(|(name, t)| (name.as_str(), t.as_str()))
        .expect("a news-sized document")
}

fn bench(c: &mut Criterion) {
    let docs = texts();
    assert!(!docs.is_empty(), "no corpus texts found");
    let hints = Hints::default();

    // One news-sized document (~3 KB): the per-document latency the issue asks about.
    let (name, news) = news_document(&docs);
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(news.len() as u64));
    group.bench_function(format!("news_{}B_{name}", news.len()), |b| {
        b.iter(|| {
            let a = analyze(news, &hints);
            assert!(!a.organizations.is_empty());
            a
        })
    });

    // The stages alone on the same document.
    let sentences = segment::sentences(news);
    group.bench_function("news_segment", |b| {
        b.iter(|| {
            let s = segment::sentences(news);
            assert!(!s.is_empty());
            s
        })
    });
    group.bench_function("news_published", |b| {
        b.iter(|| published::dateline(news, &sentences))
    });
    group.bench_function("news_dates", |b| {
        b.iter(|| {
            let d = dates::find_dates(news, &sentences, None);
            assert!(!d.is_empty());
            d
        })
    });

    // The whole text corpus, for MB/s over varied documents.
    let total: usize = docs.iter().map(|(_, t)| t.len()).sum();
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function(format!("corpus_{}_docs", docs.len()), |b| {
        b.iter(|| {
            let found: usize = docs
                .iter()
                .map(|(_, t)| analyze(t, &hints).dates.len())
                .sum();
            assert!(found > 0);
            found
        })
    });
    let all: Vec<_> = docs
        .iter()
        .map(|(_, t)| (t.as_str(), segment::sentences(t)))
        .collect();
    group.bench_function("corpus_segment", |b| {
        b.iter(|| {
            let n: usize = docs.iter().map(|(_, t)| segment::sentences(t).len()).sum();
            assert!(n > 0);
            n
        })
    });
    group.bench_function("corpus_published", |b| {
        b.iter(|| {
            all.iter()
                .filter(|(t, s)| published::dateline(t, s).is_some())
                .count()
        })
    });
    group.bench_function("corpus_dates", |b| {
        b.iter(|| {
            let n: usize = all
                .iter()
                .map(|(t, s)| dates::find_dates(t, s, None).len())
                .sum();
            assert!(n > 0);
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench);

/// `ANALYZE_ITERS=N` runs `analyze` N times on the news document and exits, without criterion:
/// a fixed number of calls for instruction counts (`valgrind --tool=callgrind`, where criterion's
/// timed loops run too few iterations to amortise the first call's regex compilation).
fn main() {
    if let Some(n) = std::env::var("ANALYZE_ITERS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let docs = texts();
        let (_, news) = news_document(&docs);
        let hints = Hints::default();
        for _ in 0..n {
            let a = analyze(news, &hints);
            assert!(!a.organizations.is_empty());
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
