//! Search latency over an index of ~2,000 generated documents, through `Library::search` with
//! snippets: a term, a phrase, and a boolean query with a party filter and a date range. Each
//! iteration checks that hits came back with a marked snippet.
//!
//! With `ACCORD_SCALE_DATA=DIR ACCORD_SCALE_QUERIES=FILE` (as `benches/scale.sh` runs it) it
//! instead opens that data directory once, runs every query of the file (one per line: the
//! query, then tab-separated `--party P`, `--from D`, `--to D`) twice, and prints p50/p99 of
//! the second, warm, pass: search latency inside one process, which the CLI cannot show.

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use accord::search::SearchQuery;
use accord::{ingest, Config, Library};
use chrono::NaiveDate;
use criterion::{criterion_group, Criterion};
use std::time::{Duration, Instant};

const DOCS: u64 = 2_000;

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.to_string(),
        party: None,
        from: None,
        to: None,
        limit: 10,
    }
}

fn bench(c: &mut Criterion) {
    let src = tempfile::tempdir().expect("temp dir");
    gen_corpus::write_corpus(src.path(), DOCS, 12, &gen_corpus::Mix::default())
        .expect("write corpus");
    let data = tempfile::tempdir().expect("temp dir");
    let lib = Library::open(Config::new(data.path().join("data"))).expect("open");
    let summary =
        ingest::ingest(&lib, ingest::walk(&[src.path().to_path_buf()]), |_| {}).expect("ingest");
    assert_eq!(summary.ingested as u64, DOCS, "{summary:?}");

    let cases = [
        ("term", query("drone")),
        ("phrase", query("\"joint working group\"")),
        (
            "boolean_party_dates",
            SearchQuery {
                party: Some("Korea Post".into()),
                from: NaiveDate::from_ymd_opt(2021, 1, 1),
                to: NaiveDate::from_ymd_opt(2024, 12, 31),
                ..query("(EMS OR parcel) AND agreed -stamp")
            },
        ),
    ];
    let mut group = c.benchmark_group("search");
    for (name, q) in &cases {
        group.bench_function(*name, |b| {
            b.iter(|| {
                let hits = lib.search(q).expect("search");
                assert!(!hits.is_empty(), "{name}: no hits");
                assert!(
                    hits[0].snippet.contains("<b>"),
                    "{name}: {}",
                    hits[0].snippet
                );
                hits
            })
        });
    }
    group.finish();
}

/// One line of scale.sh's query file as a query.
fn parse_line(line: &str) -> Option<SearchQuery> {
    let mut parts = line.split('\t');
    let mut q = query(parts.next()?);
    while let (Some(flag), Some(value)) = (parts.next(), parts.next()) {
        match flag {
            "--party" => q.party = Some(value.to_string()),
            "--from" => q.from = value.parse().ok(),
            "--to" => q.to = value.parse().ok(),
            _ => return None,
        }
    }
    Some(q)
}

fn scale_queries(data: &std::path::Path, file: &std::path::Path) {
    let started = Instant::now();
    let lib = Library::open(Config::new(data)).expect("open the scale data directory");
    let opened = started.elapsed();
    let text = std::fs::read_to_string(file).expect("read the query file");
    let queries: Vec<SearchQuery> = text.lines().filter_map(parse_line).collect();
    assert!(!queries.is_empty(), "no queries in {}", file.display());
    let mut times: Vec<Duration> = Vec::with_capacity(queries.len());
    let mut with_hits = 0;
    for pass in 0..2 {
        for q in &queries {
            let t = Instant::now();
            let hits = lib.search(q).expect("search");
            if pass == 1 {
                times.push(t.elapsed());
                with_hits += usize::from(!hits.is_empty());
            }
        }
    }
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "warm search in one process (open took {:.0} ms): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms over {} queries ({with_hits} with hits)",
        opened.as_secs_f64() * 1e3,
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    );
}

criterion_group!(benches, bench);

fn main() {
    if let (Some(data), Some(file)) = (
        std::env::var_os("ACCORD_SCALE_DATA"),
        std::env::var_os("ACCORD_SCALE_QUERIES"),
    ) {
        scale_queries(data.as_ref(), file.as_ref());
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
