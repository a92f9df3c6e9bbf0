//! The commitment listing (`accord commitments`, `/api/commitments`) over ~2,000 generated
//! documents (~35,000 commitments), through `Library::list_commitments`: the default page
//! unfiltered and with each kind of filter, and the whole list. Each iteration checks the page
//! it got.
//!
//! With `ACCORD_SCALE_DATA=DIR` (as `benches/scale.sh` runs it) it instead opens that data
//! directory once and prints the time of each case there, in one process.

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use accord::library::COMMITMENTS_PAGE;
use accord::track::{Filter, Period, Status};
use accord::{ingest, Config, Library};
use chrono::NaiveDate;
use criterion::{criterion_group, Criterion};
use std::time::Instant;

const DOCS: u64 = 2_000;

/// (name, filter, page size; `None` for all)
fn cases() -> Vec<(&'static str, Filter, Option<usize>)> {
    let page = Some(COMMITMENTS_PAGE);
    vec![
        ("page", Filter::default(), page),
        (
            "overdue",
            Filter {
                overdue: true,
                ..Filter::default()
            },
            page,
        ),
        (
            "due_within_30d",
            Filter {
                due_within: Some(Period::Days(30)),
                ..Filter::default()
            },
            page,
        ),
        (
            "status_done",
            Filter {
                status: vec![Status::Done],
                ..Filter::default()
            },
            page,
        ),
        (
            "party",
            Filter {
                party: Some("Korea Post".into()),
                ..Filter::default()
            },
            page,
        ),
        ("all", Filter::default(), None),
    ]
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 30).expect("date")
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
    let mut group = c.benchmark_group("commitments");
    for (name, filter, limit) in cases() {
        group.bench_function(name, |b| {
            b.iter(|| {
                let list = lib.list_commitments(&filter, as_of(), limit).expect("list");
                if let Some(n) = limit {
                    assert!(list.rows.len() <= n, "{name}");
                }
                if name != "status_done" {
                    assert!(!list.rows.is_empty(), "{name}: nothing listed");
                }
                list
            })
        });
    }
    group.finish();
}

fn scale(data: &std::path::Path) {
    let started = Instant::now();
    let lib = Library::open(Config::new(data)).expect("open the scale data directory");
    println!(
        "listing in one process (open took {:.0} ms):",
        started.elapsed().as_secs_f64() * 1e3
    );
    for (name, filter, limit) in cases() {
        let mut best = f64::MAX;
        let mut rows = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let list = lib.list_commitments(&filter, as_of(), limit).expect("list");
            best = best.min(t.elapsed().as_secs_f64() * 1e3);
            rows = list.rows.len();
        }
        println!("  {name}: {best:.2} ms, {rows} rows");
    }
}

criterion_group!(benches, bench);

fn main() {
    if let Some(data) = std::env::var_os("ACCORD_SCALE_DATA") {
        scale(data.as_ref());
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
