//! Ingest end to end (documents/s): ~200 generated news-sized documents in the default format
//! mix, walked, read, extracted, analysed, stored in sled and indexed in tantivy through
//! `accord::ingest::ingest` into a fresh data directory each iteration. Each iteration checks
//! that every document was ingested, so a regression to failures cannot look fast.

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use accord::{ingest, Config, Library};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

const DOCS: u64 = 200;

fn bench(c: &mut Criterion) {
    let src = tempfile::tempdir().expect("temp dir");
    let written = gen_corpus::write_corpus(src.path(), DOCS, 11, &gen_corpus::Mix::default())
        .expect("write corpus");
    assert_eq!(written.docs, DOCS);

    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.throughput(Throughput::Elements(DOCS));
    group.bench_function(format!("end_to_end_{DOCS}_docs"), |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |data| {
                let lib = Library::open(Config::new(data.path().join("data"))).expect("open");
                let inputs = ingest::walk(&[src.path().to_path_buf()]);
                let summary = ingest::ingest(&lib, inputs, |_| {}).expect("ingest");
                assert_eq!(summary.ingested as u64, DOCS, "{summary:?}");
                // Returned so that closing the store and deleting the folder are not timed.
                (lib, data)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
