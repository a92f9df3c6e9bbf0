//! Throughput of analysis (MB/s of text, one core) over the corpus's text documents: the whole
//! pipeline of `analyze::analyze` (sentences, dates, parties, groups, agreements, commitments).
//! Each iteration checks that something was found, so a regression to empty output cannot look
//! fast.

use std::path::PathBuf;

use accord::analyze::analyze;
use accord::Hints;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

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

fn bench(c: &mut Criterion) {
    let docs = texts();
    assert!(!docs.is_empty(), "no corpus texts found");
    let hints = Hints::default();

    // One news-sized document (~3 KB): the per-document latency the issue asks about.
    let (name, news) = docs
        .iter()
        .filter(|(_, t)| (2_000..4_000).contains(&t.len()))
        .max_by_key(|(_, t)| t.len())
        .expect("a news-sized document");
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(news.len() as u64));
    group.bench_function(format!("news_{}B_{name}", news.len()), |b| {
        b.iter(|| {
            let a = analyze(news, &hints);
            assert!(!a.organizations.is_empty());
            a
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
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
