//! The `accord` binary end to end on a temporary data directory: ingest, search, show, lists,
//! extract, reindex, check, exit codes and the errors a user sees.

use crate::util::{corpus, TestEnv};

fn corpus_str() -> String {
    corpus().display().to_string()
}

#[test]
fn ingest_corpus_then_search_and_reingest_is_unchanged() {
    let env = TestEnv::new();
    let run = env.run(&["ingest", &corpus_str(), "--json"]).expect_code(0);
    let lines = run.ndjson();
    assert!(lines.len() >= 20, "{} files ingested", lines.len());
    assert!(
        lines.iter().all(|l| l["status"] == "ingested"),
        "{}",
        run.stdout()
    );
    let summary: serde_json::Value =
        serde_json::from_str(run.stderr().lines().last().unwrap()).unwrap();
    assert_eq!(summary["ingested"], lines.len());
    assert!(summary["commitments"].as_u64().unwrap() > 20, "{summary}");

    // Every ingested document is searchable by a phrase of its own text.
    let hits = env
        .run(&["search", "\"working group\"", "--json", "--limit", "100"])
        .expect_code(0)
        .json();
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h["snippet"].as_str().unwrap().contains("<b>")),
        "{hits:?}"
    );

    // The same bytes again change nothing.
    let again = env
        .run(&["ingest", &corpus_str(), "--json"])
        .expect_code(0)
        .ndjson();
    assert_eq!(again.len(), lines.len());
    assert!(again.iter().all(|l| l["status"] == "unchanged"));

    let check = env.run(&["check", "--json"]).expect_code(0).json();
    assert_eq!(check["stored"], lines.len());
    assert_eq!(check["indexed"], lines.len());
}

#[test]
fn bad_files_fail_with_reasons_while_the_rest_is_ingested() {
    let env = TestEnv::new();
    let good = env.write(
        "in/memo.txt",
        b"date 2024-03-05\n\nKorea Post and Japan Post agreed to open a joint parcel route by the end of this year.\n",
    );
    env.write(
        "in/broken.pdf",
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<<",
    );
    let mut garbage = vec![0u8; 4096];
    for (i, b) in garbage.iter_mut().enumerate() {
        *b = (i * 7919 % 251) as u8;
    }
    env.write("in/binary.txt", &garbage);
    let run = env
        .run(&["ingest", env.path("in").to_str().unwrap()])
        .expect_code(1);
    let out = run.stdout();
    assert!(
        out.contains("failed") && out.contains("broken.pdf"),
        "{out}"
    );
    assert!(out.contains("binary.txt"), "{out}");
    assert!(
        out.contains("ingested   ") && out.contains("memo.txt"),
        "{out}"
    );
    assert!(run.stderr().contains("broken.pdf"), "{}", run.stderr());
    assert!(out.contains("1 ingested, 0 unchanged, 2 failed"), "{out}");

    // The good document is stored and searchable.
    let hits = env
        .run(&["search", "parcel", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert!(hits[0]["source"].as_str().unwrap().ends_with("memo.txt"));
    let _ = good;
}

#[test]
fn a_second_process_gets_a_clear_in_use_error() {
    let env = TestEnv::new();
    env.run(&["check"]).expect_code(0);
    let _held = accord::Library::open(accord::Config::new(env.data())).expect("open");
    let run = env.run(&["search", "anything"]).expect_code(3);
    assert!(
        run.stderr().contains("is in use by another accord process"),
        "{}",
        run.stderr()
    );
}

#[test]
fn reindex_rebuilds_the_index_from_the_store() {
    let env = TestEnv::new();
    env.write("in/a.txt", b"The two sides agreed to exchange staff.\n");
    env.write(
        "in/b.txt",
        b"The ministers agreed to review the plan in 2026.\n",
    );
    env.run(&["ingest", env.path("in").to_str().unwrap()])
        .expect_code(0);
    std::fs::remove_dir_all(env.data().join("search")).unwrap();
    // Opening catches up on its own; reindex does it on demand.
    let r = env.run(&["reindex", "--json"]).expect_code(0).json();
    assert_eq!(r["indexed"], 2);
    let hits = env
        .run(&["search", "ministers", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    env.run(&["check"]).expect_code(0);
}

/// An index entry with no stored document (as a store restored from an older copy beside a
/// newer index leaves): `check` reports it and exits 1, `check --repair` drops it and exits 0.
#[test]
fn check_repair_fixes_an_index_ahead_of_the_store() {
    let env = TestEnv::new();
    env.write("in/a.txt", b"The two sides agreed to exchange staff.\n");
    env.write(
        "more/b.txt",
        b"The ministers agreed to review the plan in 2026.\n",
    );
    let ahead = TestEnv::new();
    env.run(&["ingest", env.path("in").to_str().unwrap()])
        .expect_code(0);
    for dir in ["in", "more"] {
        ahead
            .run(&["ingest", env.path(dir).to_str().unwrap()])
            .expect_code(0);
    }
    std::fs::remove_dir_all(env.data().join("search")).unwrap();
    let copy = std::process::Command::new("cp")
        .arg("-r")
        .arg(ahead.data().join("search"))
        .arg(env.data().join("search"))
        .status()
        .unwrap();
    assert!(copy.success());
    let r = env.run(&["check", "--json"]).expect_code(1).json();
    assert_eq!(
        (r["stored"].as_u64(), r["indexed"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(r["missing_from_store"].as_array().unwrap().len(), 1);
    let text = env.run(&["check"]).expect_code(1).stdout();
    assert!(
        text.contains("indexed but not stored") && text.contains("--repair"),
        "{text}"
    );
    let r = env
        .run(&["check", "--repair", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(r["repaired"], true);
    let r = env.run(&["check", "--json"]).expect_code(0).json();
    assert_eq!(
        (r["stored"].as_u64(), r["indexed"].as_u64()),
        (Some(1), Some(1))
    );
    let hits = env
        .run(&["search", "ministers", "--json"])
        .expect_code(0)
        .json();
    assert_eq!(hits.as_array().unwrap().len(), 0);
}

#[test]
fn usage_errors_exit_2() {
    let env = TestEnv::new();
    env.run(&["search"]).expect_code(2);
    env.run(&["search", "x", "--from", "not-a-date"])
        .expect_code(2);
    env.run(&["nonsense"]).expect_code(2);
    let run = env.run(&["search", "title:(unclosed"]).expect_code(2);
    assert!(run.stderr().contains("bad query"), "{}", run.stderr());
}

#[test]
fn extract_prints_the_facts_json_contract() {
    let env = TestEnv::new();
    let f = env.write(
        "memo.txt",
        b"date 2024-07-10\n\nThe CEOs agreed to resume the guaranteed delivery service by the end of this year.\n",
    );
    let facts = env
        .run(&["extract", f.to_str().unwrap(), "--json"])
        .expect_code(0)
        .json();
    for key in [
        "id",
        "source",
        "format",
        "title",
        "published",
        "text",
        "warnings",
        "organizations",
        "people",
        "places",
        "dates",
        "agreements",
        "commitments",
        "working_groups",
    ] {
        assert!(facts.get(key).is_some(), "missing {key} in {facts}");
    }
    assert_eq!(facts["format"], "text");
    assert_eq!(facts["id"].as_str().unwrap().len(), 64);
    let text = env
        .run(&["extract", f.to_str().unwrap(), "--text"])
        .expect_code(0)
        .stdout();
    assert!(text.contains("guaranteed delivery service"));
    // Nothing was stored.
    assert!(!env.data().join("store").exists());
    let missing = env.run(&["extract", "no/such/file.txt"]).expect_code(1);
    assert!(
        missing.stderr().contains("no/such/file.txt"),
        "{}",
        missing.stderr()
    );
}

#[test]
fn show_resolves_id_prefixes() {
    let env = TestEnv::new();
    env.write(
        "in/a.txt",
        b"The two sides agreed to exchange staff in 2025.\n",
    );
    let o = env
        .run(&["ingest", env.path("in").to_str().unwrap(), "--json"])
        .expect_code(0)
        .ndjson();
    let id = o[0]["id"].as_str().unwrap().to_string();
    let shown = env.run(&["show", &id[..8], "--json"]).expect_code(0).json();
    assert_eq!(shown["id"], id.as_str());
    env.run(&["show", "ffffffffffff"]).expect_code(1);
    env.run(&["show", "zz"]).expect_code(2);
}

#[test]
fn folders_with_symlink_loops_fifos_and_non_documents_are_walked_safely() {
    let env = TestEnv::new();
    env.write(
        "in/a/memo.txt",
        b"The two sides agreed to exchange staff in 2025.\n",
    );
    env.write("in/a/notes.json", b"{\"not\": \"a document\"}");
    env.write("in/a/.hidden.txt", b"hidden files are skipped\n");
    std::os::unix::fs::symlink(env.path("in"), env.path("in/a/loop")).unwrap();
    let fifo = env.path("in/a/pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    let run = env.run(&["ingest", env.path("in").to_str().unwrap(), "--json"]);
    let lines = run.ndjson();
    let status = |suffix: &str| {
        lines
            .iter()
            .find(|l| l["path"].as_str().unwrap().ends_with(suffix))
            .map(|l| l["status"].as_str().unwrap().to_string())
    };
    assert_eq!(
        status("memo.txt").as_deref(),
        Some("ingested"),
        "{}",
        run.stdout()
    );
    assert_eq!(status("notes.json"), None);
    assert_eq!(status(".hidden.txt"), None);
    let looped = lines
        .iter()
        .find(|l| l["reason"].as_str().is_some_and(|r| r.contains("loop")));
    assert!(
        looped.is_some(),
        "the symlink loop is reported: {}",
        run.stdout()
    );
    if made {
        assert_eq!(
            status("pipe.txt").as_deref(),
            Some("failed"),
            "{}",
            run.stdout()
        );
    }
    assert_eq!(run.code(), 1);
}

#[test]
fn cjk_words_are_found_inside_longer_runs() {
    let env = TestEnv::new();
    env.write(
        "in/ja.txt",
        "日本郵便と韓国の郵政事業本部は、国際郵便の交換について協議した。\n".as_bytes(),
    );
    env.write(
        "in/ko.txt",
        "한국 우정사업본부는 일본 우편과 국제우편 교환을 논의했다.\n".as_bytes(),
    );
    env.write("in/en.txt", b"Korea Post met Japan Post in Tokyo.\n");
    env.run(&["ingest", env.path("in").to_str().unwrap()])
        .expect_code(0);
    for (query, file) in [
        ("郵政", "ja.txt"),
        ("우정사업본부", "ko.txt"),
        ("国際郵便", "ja.txt"),
    ] {
        let hits = env.run(&["search", query, "--json"]).expect_code(0).json();
        let hits = hits.as_array().unwrap();
        assert_eq!(hits.len(), 1, "{query}: {hits:?}");
        assert!(
            hits[0]["source"].as_str().unwrap().ends_with(file),
            "{query}: {hits:?}"
        );
    }
}

#[test]
fn limits_are_flags_and_files_over_them_fail_with_the_reason() {
    let env = TestEnv::new();
    let big = "The parties agreed to meet again. ".repeat(40_000);
    env.write("in/big.txt", big.as_bytes());
    env.write(
        "in/small.txt",
        b"The parties agreed to meet again in 2026.\n",
    );
    let run = env
        .run(&[
            "ingest",
            env.path("in").to_str().unwrap(),
            "--max-file-mb",
            "1",
            "--json",
        ])
        .expect_code(1);
    let lines = run.ndjson();
    let big = lines
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("big.txt"))
        .unwrap();
    assert_eq!(big["status"], "failed");
    assert_eq!(big["kind"], "too_large");
    assert!(
        big["reason"]
            .as_str()
            .unwrap()
            .contains("over the 1.0 MB limit"),
        "{big}"
    );
    let small = lines
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("small.txt"))
        .unwrap();
    assert_eq!(small["status"], "ingested");
}
