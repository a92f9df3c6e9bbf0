//! Throughput of PDF extraction (MB/s of PDF bytes) over every fixture in corpus/pdf/, one
//! criterion benchmark per fixture. Each iteration checks that text came out, so a regression
//! to empty output cannot look fast.

use std::path::PathBuf;

use accord::config::Limits;
use accord::extract::pdf::extract;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf");
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .filter_map(|p| {
                    let name = p.file_stem()?.to_str()?.to_string();
                    Some((name, std::fs::read(&p).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn bench(c: &mut Criterion) {
    let limits = Limits::default();
    let mut group = c.benchmark_group("pdf_extract");
    for (name, bytes) in fixtures() {
        let scanned = name.contains("image-only");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(&name, |b| {
            b.iter(|| {
                let x = extract(&bytes, &limits).expect("fixture extracts");
                assert!(scanned || !x.text.is_empty(), "{name}: no text");
                x
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
