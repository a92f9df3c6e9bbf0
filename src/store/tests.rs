//! Store tests: round trips, durability across reopen, locking, prefixes, format versions.

use super::*;
use crate::model::*;
use chrono::NaiveDate;

/// The store's sled database opened directly, once the store just dropped has let go of its
/// lock (sled's flusher thread ends a moment after the last handle).
fn raw_db(data_dir: &std::path::Path) -> sled::Db {
    let started = std::time::Instant::now();
    loop {
        match sled::open(data_dir.join("store")) {
            Err(_) if started.elapsed() < std::time::Duration::from_secs(5) => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            r => return r.unwrap(),
        }
    }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// A document with every field filled, its id derived from `seed`.
fn document(seed: &str) -> Document {
    Document {
        id: DocId::of(seed.as_bytes()),
        source: format!("corpus/{seed}.pdf"),
        format: Format::Pdf,
        title: Some(format!("Memorandum {seed}")),
        published: Some(date("2024-07-10")),
        text: format!("The parties agreed ({seed}) to set up a joint working group. 中国郵政"),
        warnings: vec!["page 3: no text layer".to_string()],
        size: 12_345,
        ingested_at: "2026-11-21T06:00:00Z".to_string(),
    }
}

/// An analysis with every field and every nested field filled.
fn analysis() -> Analysis {
    Analysis {
        title: Some("Memorandum of Understanding".to_string()),
        published: Some(date("2024-07-10")),
        organizations: vec![Organization {
            name: "Universal Postal Union".to_string(),
            aliases: vec!["UPU".to_string(), "the Union".to_string()],
            rule: "org.full-name".to_string(),
            span: Span(4, 26),
        }],
        people: vec![Person {
            name: "Jane Doe".to_string(),
            role: Some("Director General".to_string()),
            affiliation: Some("Universal Postal Union".to_string()),
            rule: "person.titled".to_string(),
            span: Span(30, 38),
        }],
        places: vec![Place {
            name: "Bern".to_string(),
            rule: "place.in".to_string(),
            span: Span(40, 44),
        }],
        dates: vec![DateMention {
            text: "by the end of this year".to_string(),
            value: Some(DateValue::Year(2024)),
            until: Some(DateValue::Month(2025, 3)),
            trace: "anchor 2024-07-10 + end of year".to_string(),
            rule: "date.end-of-year".to_string(),
            span: Span(50, 73),
        }],
        agreements: vec![Agreement {
            title: "Memorandum of Understanding on Postal Cooperation".to_string(),
            kind: AgreementKind::MemorandumOfUnderstanding,
            date: Some(DateValue::Day(date("2024-07-10"))),
            parties: vec![
                "Universal Postal Union".to_string(),
                "China Post".to_string(),
            ],
            rule: "agreement.signed".to_string(),
            span: Span(80, 120),
        }],
        commitments: vec![Commitment {
            id: "C-0a1b2c3d".to_string(),
            by: vec!["China Post".to_string()],
            action: "share air transportation resources".to_string(),
            due: Some(date("2024-12-31")),
            due_text: Some("by the end of this year".to_string()),
            strength: Strength::Exploratory,
            group: Some("Joint Working Group".to_string()),
            sentence: "The parties agreed to explore sharing air transportation resources."
                .to_string(),
            rule: "commitment.agreed-to".to_string(),
            span: Span(130, 165),
        }],
        working_groups: vec![WorkingGroup {
            name: "Joint Working Group".to_string(),
            members: vec![
                "Universal Postal Union".to_string(),
                "China Post".to_string(),
            ],
            mandate: Some("implement the consensus reached".to_string()),
            established: Some(DateValue::Month(2024, 7)),
            rule: "group.established".to_string(),
            span: Span(170, 189),
        }],
        warnings: vec!["no English prose in section 2".to_string()],
    }
}

#[test]
fn round_trips_a_document_and_its_analysis_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (doc, facts) = (document("a"), analysis());
    assert!(!store.contains(&doc.id).unwrap());
    store.put(&doc, &facts).unwrap();
    assert!(store.contains(&doc.id).unwrap());
    assert_eq!(store.document(&doc.id).unwrap(), Some(doc.clone()));
    assert_eq!(store.analysis(&doc.id).unwrap(), Some(facts.clone()));
    let all: Vec<_> = store.documents().collect::<Result<_>>().unwrap();
    assert_eq!(all, vec![(doc, facts)]);
    assert_eq!(store.len(), 1);
    assert!(!store.is_empty());
}

#[test]
fn missing_ids_give_none() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let id = DocId::of(b"never stored");
    assert_eq!(store.document(&id).unwrap(), None);
    assert_eq!(store.analysis(&id).unwrap(), None);
    assert!(store.is_empty());
}

#[test]
fn put_replaces_both_trees_together() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut doc = document("a");
    store.put(&doc, &analysis()).unwrap();
    doc.title = Some("Revised".to_string());
    let revised = Analysis {
        title: Some("Revised".to_string()),
        ..Analysis::default()
    };
    store.put(&doc, &revised).unwrap();
    assert_eq!(store.len(), 1);
    assert_eq!(store.document(&doc.id).unwrap(), Some(doc.clone()));
    assert_eq!(store.analysis(&doc.id).unwrap(), Some(revised));
}

#[test]
fn reopen_after_flush_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<Document> = ["a", "b", "c"].iter().map(|s| document(s)).collect();
    {
        let store = Store::open(dir.path()).unwrap();
        for d in &docs {
            store.put(d, &analysis()).unwrap();
        }
        store.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.len(), 3);
    let mut want: Vec<DocId> = docs.iter().map(|d| d.id.clone()).collect();
    want.sort();
    assert_eq!(store.ids().unwrap(), want);
    for d in &docs {
        assert_eq!(store.document(&d.id).unwrap().as_ref(), Some(d));
    }
    // `documents()` walks in id order too.
    let walked: Vec<DocId> = store.documents().map(|r| r.unwrap().0.id).collect();
    assert_eq!(walked, want);
}

#[test]
fn a_second_open_of_the_same_dir_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Store::open(dir.path()).unwrap();
    match Store::open(dir.path()) {
        Err(e @ Error::Locked { .. }) => {
            assert_eq!(
                e.to_string(),
                format!(
                    "{} is in use by another accord process",
                    dir.path().display()
                )
            );
        }
        Err(e) => panic!("expected Locked, got {e}"),
        Ok(_) => panic!("expected Locked, the second open succeeded"),
    }
}

#[test]
fn the_lock_is_released_when_the_store_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    assert!(Store::open(dir.path()).is_ok());
}

#[test]
fn resolves_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // Ids chosen so that two share a first digit; the test reads them instead of guessing hashes.
    let ids = [
        DocId("ab12".repeat(16)),
        DocId("ab34".repeat(16)),
        DocId("cd56".repeat(16)),
    ];
    for id in &ids {
        let mut d = document(id.as_str());
        d.id = id.clone();
        store.put(&d, &Analysis::default()).unwrap();
    }
    let cases: &[(&str, &str, Vec<&DocId>)] = &[
        ("shared-first-digits", "ab", vec![&ids[0], &ids[1]]),
        ("unique-prefix", "ab3", vec![&ids[1]]),
        ("uppercase-is-accepted", "AB3", vec![&ids[1]]),
        ("surrounding-space-is-ignored", " cd5 ", vec![&ids[2]]),
        ("whole-id", ids[2].as_str(), vec![&ids[2]]),
        ("no-match", "ef", vec![]),
        ("empty-matches-nothing", "", vec![]),
        ("not-hex-matches-nothing", "ab-", vec![]),
    ];
    for (name, prefix, want) in cases {
        let got = store.resolve_prefix(prefix).unwrap();
        let want: Vec<DocId> = want.iter().map(|&id| id.clone()).collect();
        assert_eq!(got, want, "case {name}");
    }
}

#[test]
fn a_new_store_is_stamped_with_the_current_format_version() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let db = raw_db(dir.path());
    let meta = db.open_tree("meta").unwrap();
    let raw = meta.get(FORMAT_VERSION_KEY).unwrap().unwrap();
    assert_eq!(&raw[..], FORMAT_VERSION.to_string().as_bytes());
}

#[test]
fn refuses_other_format_versions() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "newer",
            b"999",
            "written by a newer accord (store format 999",
        ),
        ("older", b"0", "written in store format 0"),
        ("garbage", b"v1", "unreadable format version"),
    ];
    for (name, stamp, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        {
            let db = raw_db(dir.path());
            db.open_tree("meta")
                .unwrap()
                .insert(FORMAT_VERSION_KEY, *stamp)
                .unwrap();
            db.flush().unwrap();
        }
        match Store::open(dir.path()) {
            Err(e @ Error::Store { .. }) => {
                let text = e.to_string();
                assert!(text.contains(want), "case {name}: {text}");
            }
            Err(e) => panic!("case {name}: expected Error::Store, got {e}"),
            Ok(_) => panic!("case {name}: a store in another format was opened"),
        }
    }
}

#[test]
fn a_corrupt_record_is_an_error_for_that_record_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (good, bad) = (document("good"), document("bad"));
    store.put(&good, &analysis()).unwrap();
    store.put(&bad, &analysis()).unwrap();
    store
        .documents
        .insert(bad.id.as_str().as_bytes(), &b"{not json"[..])
        .unwrap();
    assert!(store.document(&bad.id).is_err());
    let results: Vec<_> = store.documents().collect();
    assert_eq!(results.len(), 2);
    let ok: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0].0, good);
}

#[test]
fn remove_deletes_both_records() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (a, b) = (document("a"), document("b"));
    store.put(&a, &analysis()).unwrap();
    store.put(&b, &analysis()).unwrap();
    assert!(store.remove(&a.id).unwrap());
    assert!(!store.remove(&a.id).unwrap(), "already gone");
    assert_eq!(store.document(&a.id).unwrap(), None);
    assert_eq!(store.analysis(&a.id).unwrap(), None);
    assert_eq!(store.ids().unwrap(), vec![b.id.clone()]);
    store.flush().unwrap();
    drop(store);
    assert_eq!(Store::open(dir.path()).unwrap().ids().unwrap(), vec![b.id]);
}

/// Env var naming the data directory the child half of the cross-process test holds.
const LOCK_CHILD_DIR: &str = "ACCORD_TEST_LOCK_CHILD_DIR";

/// The child half of `another_process_is_locked_out`: opens the store, says so, and holds it
/// until the parent closes stdin. Run alone it does nothing.
#[test]
#[ignore = "run by another_process_is_locked_out in a child process"]
fn lock_holder_child() {
    let Some(dir) = std::env::var_os(LOCK_CHILD_DIR) else {
        return;
    };
    let _store = Store::open(std::path::Path::new(&dir)).unwrap();
    println!("holding the store");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

#[test]
fn another_process_is_locked_out() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "store::tests::lock_holder_child",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env(LOCK_CHILD_DIR, dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let holding = lines
        .by_ref()
        .map_while(|l| l.ok())
        .any(|l| l.contains("holding the store"));
    assert!(holding, "the child process did not open the store");

    let result = Store::open(dir.path());
    drop(child.stdin.take());
    // Drain the child's report so it never writes into a closed pipe.
    lines.for_each(drop);
    let status = child.wait().unwrap();
    match result {
        Err(e @ Error::Locked { .. }) => assert_eq!(
            e.to_string(),
            format!(
                "{} is in use by another accord process",
                dir.path().display()
            )
        ),
        Err(e) => panic!("expected Locked, got {e}"),
        Ok(_) => panic!("two processes opened one store"),
    }
    assert!(status.success());
    assert!(
        Store::open(dir.path()).is_ok(),
        "free once the other process ended"
    );
}

#[test]
fn ids_are_backfilled_for_a_store_without_the_ids_tree() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (document("a"), document("b"));
    {
        let store = Store::open(dir.path()).unwrap();
        store.put(&a, &analysis()).unwrap();
        store.put(&b, &analysis()).unwrap();
        store.ids.clear().unwrap();
        store.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let mut want = vec![a.id.clone(), b.id.clone()];
    want.sort();
    assert_eq!(store.ids().unwrap(), want);
    assert_eq!(store.len(), 2);
    assert!(store.contains(&a.id).unwrap());
}

/// Records written in format 1, committed as files: if a model change makes them unreadable,
/// stored data would be too, and FORMAT_VERSION must change (with a migration or a re-ingest).
#[test]
fn format_1_records_still_decode() {
    let doc: Document = codec::decode(include_bytes!("fixtures/document-v1.json")).unwrap();
    assert_eq!(doc, document("a"));
    let facts: Analysis = codec::decode(include_bytes!("fixtures/analysis-v1.json")).unwrap();
    assert_eq!(facts, analysis());
}

/// A format-1 store (plain JSON, the text inside the document, no listing) opens as format 2:
/// its records read as before, it is restamped, and new records are written compressed.
#[test]
fn a_format_1_store_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let old = document("a");
    {
        let db = raw_db(dir.path());
        let key = old.id.as_str().as_bytes();
        let put = |tree: &str, v: &[u8]| db.open_tree(tree).unwrap().insert(key, v).unwrap();
        put("documents", include_bytes!("fixtures/document-v1.json"));
        put("facts", include_bytes!("fixtures/analysis-v1.json"));
        put("ids", b"");
        db.open_tree("meta")
            .unwrap()
            .insert(FORMAT_VERSION_KEY, b"1")
            .unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.document(&old.id).unwrap(), Some(old.clone()));
    assert_eq!(store.text(&old.id).unwrap(), Some(old.text.clone()));
    assert_eq!(store.analysis(&old.id).unwrap(), Some(analysis()));
    let new = document("b");
    store.put(&new, &analysis()).unwrap();
    let stored = store
        .documents
        .get(new.id.as_str().as_bytes())
        .unwrap()
        .unwrap();
    assert_eq!(stored.first(), Some(&1u8), "new records are compressed");
    let all: Vec<Document> = store.documents().map(|r| r.unwrap().0).collect();
    assert_eq!(all.len(), 2);
    assert!(all.contains(&old) && all.contains(&new));
    drop(store);
    let db = raw_db(dir.path());
    let stamp = db
        .open_tree("meta")
        .unwrap()
        .get(FORMAT_VERSION_KEY)
        .unwrap();
    assert_eq!(
        stamp.as_deref(),
        Some(FORMAT_VERSION.to_string().as_bytes())
    );
}
