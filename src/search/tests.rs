//! Search tests over a small corpus of our own sentences in the style of memoranda and news.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// One test document: a short name (its id is derived from it), title, text, date, parties.
struct Doc {
    name: &'static str,
    title: Option<&'static str>,
    text: &'static str,
    published: Option<&'static str>,
    parties: &'static [&'static str],
}

const CORPUS: &[Doc] = &[
    Doc {
        name: "upu-mou",
        title: Some("Memorandum of Understanding on Postal Cooperation"),
        text:
            "The Universal Postal Union and China Post agreed to establish a joint working group \
               to share air transportation resources by the end of this year.",
        published: Some("2024-07-10"),
        parties: &["Universal Postal Union", "UPU", "China Post"],
    },
    Doc {
        name: "trade-news",
        title: Some("Ministers meet on trade"),
        text: "The working of the joint committee was reviewed; a new group will report on \
               customs procedures. Postal matters were not discussed.",
        published: Some("2023-03-01"),
        parties: &["Ministry of Trade"],
    },
    Doc {
        name: "rail-statement",
        title: Some("Joint Statement on Rail Freight"),
        text: "Both railways committed to harmonise freight documents and to study a common \
               tariff, with a first report due in March. The communiqué was issued in Vienna.",
        published: Some("2025-01-15"),
        parties: &["Railway Authority", "Freight Union"],
    },
    Doc {
        name: "china-post-zh",
        title: Some("合作备忘录"),
        text: "万国邮政联盟与中国郵政集团签署合作备忘录。",
        published: Some("2024-08-01"),
        parties: &["China Post"],
    },
    Doc {
        name: "japan-post-ja",
        title: None,
        text: "日本郵便株式会社は、国際郵便の協力について合意した。",
        published: Some("2024-09-01"),
        parties: &["Japan Post"],
    },
    Doc {
        name: "korea-post-ko",
        title: Some("협력 각서"),
        text: "한국 우정사업본부는 만국우편연합과 협력하기로 합의했다.",
        published: None,
        parties: &["Korea Post"],
    },
    Doc {
        name: "unsafe-html",
        title: Some("A <b>bold</b> claim"),
        text: "Before the match: <script>alert('x')</script> then the word cooperation & more.",
        published: Some("2022-05-05"),
        parties: &[],
    },
];

fn id(name: &str) -> DocId {
    DocId::of(name.as_bytes())
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn add(index: &mut SearchIndex, d: &Doc) {
    let doc_id = id(d.name);
    index
        .add(&IndexDoc {
            id: &doc_id,
            title: d.title,
            text: d.text,
            source: &format!("corpus/{}.txt", d.name),
            format: Format::Text,
            published: d.published.map(date),
            parties: d.parties.iter().map(|p| p.to_string()).collect(),
        })
        .unwrap();
}

/// An index holding the whole corpus, committed, and a map from id back to name and text.
fn corpus_index() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, rebuilt) = SearchIndex::open(dir.path()).unwrap();
    assert!(rebuilt, "a fresh index asks to be filled");
    for d in CORPUS {
        add(&mut index, d);
    }
    index.commit().unwrap();
    (dir, index)
}

fn text_of(id: &DocId) -> Option<String> {
    CORPUS
        .iter()
        .find(|d| self::id(d.name) == *id)
        .map(|d| d.text.to_string())
}

fn names() -> BTreeMap<DocId, &'static str> {
    CORPUS.iter().map(|d| (id(d.name), d.name)).collect()
}

/// Names of the documents a query finds, sorted (ranking is tested separately).
fn found(index: &SearchIndex, query: &SearchQuery) -> Vec<&'static str> {
    let names = names();
    let mut got: Vec<&str> = index
        .search(query, &text_of)
        .unwrap_or_else(|e| panic!("query {:?}: {e}", query.text))
        .iter()
        .map(|h| names[&h.id])
        .collect();
    got.sort();
    got
}

fn text(q: &str) -> SearchQuery {
    SearchQuery {
        text: q.to_string(),
        ..SearchQuery::default()
    }
}

fn check(index: &SearchIndex, cases: &[(&str, SearchQuery, &[&str])]) {
    for (name, query, want) in cases {
        let mut want = want.to_vec();
        want.sort();
        assert_eq!(found(index, query), want, "case {name}");
    }
}

#[test]
fn query_syntax() {
    let (_dir, index) = corpus_index();
    check(
        &index,
        &[
            ("single-term", text("freight"), &["rail-statement"]),
            ("stemmed-plural", text("documents"), &["rail-statement"]),
            ("stemmed-inflection", text("agree"), &["upu-mou"]),
            (
                "case-insensitive",
                text("POSTAL"),
                &["upu-mou", "trade-news"],
            ),
            (
                "terms-mean-all-of-them",
                text("joint working group"),
                &["upu-mou", "trade-news"],
            ),
            (
                "phrase-needs-adjacency",
                text("\"joint working group\""),
                &["upu-mou"],
            ),
            ("and", text("postal AND customs"), &["trade-news"]),
            (
                "or",
                text("customs OR railways"),
                &["trade-news", "rail-statement"],
            ),
            ("not", text("postal NOT customs"), &["upu-mou"]),
            ("minus", text("postal -customs"), &["upu-mou"]),
            ("title-field", text("title:postal"), &["upu-mou"]),
            (
                "title-field-phrase",
                text("title:\"joint statement\""),
                &["rail-statement"],
            ),
            ("no-match", text("submarine"), &[]),
            ("ascii-folding", text("communique"), &["rail-statement"]),
            (
                "party-field-any-case",
                text("party:\"CHINA POST\""),
                &["upu-mou", "china-post-zh"],
            ),
            (
                "format-field",
                text("format:text AND freight"),
                &["rail-statement"],
            ),
            (
                "published-range-syntax",
                text("published:[2024-08-01T00:00:00Z TO 2024-12-31T00:00:00Z]"),
                &["china-post-zh", "japan-post-ja"],
            ),
        ],
    );
}

#[test]
fn cjk_queries_match_inside_runs() {
    let (_dir, index) = corpus_index();
    check(
        &index,
        &[
            ("zh-word-inside-run", text("郵政"), &["china-post-zh"]),
            ("zh-long-query", text("中国郵政集团"), &["china-post-zh"]),
            ("zh-title", text("备忘录"), &["china-post-zh"]),
            ("ja-kanji-word", text("郵便"), &["japan-post-ja"]),
            ("ja-kanji-kana", text("合意した"), &["japan-post-ja"]),
            (
                "ko-word-with-particle",
                text("우정사업본부"),
                &["korea-post-ko"],
            ),
            ("ko-two-syllables", text("협력"), &["korea-post-ko"]),
            ("bigrams-must-be-adjacent", text("郵集"), &[]),
            (
                "cjk-and-latin",
                text("郵政 OR freight"),
                &["china-post-zh", "rail-statement"],
            ),
            ("cjk-title-field", text("title:备忘录"), &["china-post-zh"]),
        ],
    );
}

#[test]
fn party_and_date_filters() {
    let (_dir, index) = corpus_index();
    let q = |text: &str, party: Option<&str>, from: Option<&str>, to: Option<&str>| SearchQuery {
        text: text.to_string(),
        party: party.map(str::to_string),
        from: from.map(date),
        to: to.map(date),
        limit: 0,
    };
    check(
        &index,
        &[
            (
                "party-exact",
                q("postal", Some("Universal Postal Union"), None, None),
                &["upu-mou"],
            ),
            ("party-alias", q("", Some("upu"), None, None), &["upu-mou"]),
            (
                "party-any-case",
                q("", Some("CHINA post"), None, None),
                &["upu-mou", "china-post-zh"],
            ),
            (
                "party-blank-is-no-filter",
                q("freight", Some("  "), None, None),
                &["rail-statement"],
            ),
            (
                "party-is-a-whole-name",
                q("", Some("China"), None, None),
                &[],
            ),
            (
                "party-other",
                q("postal", Some("Ministry of Trade"), None, None),
                &["trade-news"],
            ),
            (
                "from-inclusive",
                q("", None, Some("2024-09-01"), None),
                &["japan-post-ja", "rail-statement"],
            ),
            (
                "to-inclusive",
                q("", None, None, Some("2023-03-01")),
                &["trade-news", "unsafe-html"],
            ),
            (
                "between",
                q("", None, Some("2024-07-10"), Some("2024-08-01")),
                &["upu-mou", "china-post-zh"],
            ),
            (
                "text-and-dates",
                q("postal", None, Some("2024-01-01"), None),
                &["upu-mou"],
            ),
            (
                "party-and-dates",
                q("", Some("china post"), Some("2024-07-11"), None),
                &["china-post-zh"],
            ),
            (
                "empty-range",
                q("", None, Some("2030-01-01"), Some("2031-01-01")),
                &[],
            ),
        ],
    );
}

#[test]
fn filters_do_not_change_ranking_scores() {
    let (_dir, index) = corpus_index();
    let plain = index.search(&text("postal"), &text_of).unwrap();
    let filtered = index
        .search(
            &SearchQuery {
                text: "postal".to_string(),
                party: Some("upu".to_string()),
                ..SearchQuery::default()
            },
            &text_of,
        )
        .unwrap();
    let upu = plain.iter().find(|h| h.id == id("upu-mou")).unwrap();
    assert_eq!(filtered.len(), 1);
    assert_eq!(filtered[0].score, upu.score);
}

#[test]
fn title_matches_rank_above_body_matches() {
    let (_dir, index) = corpus_index();
    let hits = index.search(&text("postal"), &text_of).unwrap();
    let order: Vec<DocId> = hits.iter().map(|h| h.id.clone()).collect();
    assert_eq!(order, vec![id("upu-mou"), id("trade-news")]);
    assert!(hits[0].score > hits[1].score);
}

#[test]
fn hits_carry_stored_fields() {
    let (_dir, index) = corpus_index();
    let hits = index.search(&text("freight"), &text_of).unwrap();
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit.id, id("rail-statement"));
    assert_eq!(
        hit.title.as_deref(),
        Some("Joint Statement on Rail Freight")
    );
    assert_eq!(hit.published, Some(date("2025-01-15")));
    assert_eq!(hit.source, "corpus/rail-statement.txt");
    let untitled = index.search(&text("郵便"), &text_of).unwrap();
    assert_eq!(untitled[0].title, None);
    let undated = index.search(&text("우정사업본부"), &text_of).unwrap();
    assert_eq!(undated[0].published, None);
}

#[test]
fn limit_zero_means_ten() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = SearchIndex::open(dir.path()).unwrap();
    let ids: Vec<DocId> = (0..15).map(|i| id(&format!("doc{i}"))).collect();
    for doc_id in &ids {
        index
            .add(&IndexDoc {
                id: doc_id,
                title: None,
                text: "every memorandum mentions cooperation",
                source: "x",
                format: Format::Html,
                published: None,
                parties: vec![],
            })
            .unwrap();
    }
    index.commit().unwrap();
    let count = |limit| {
        let q = SearchQuery {
            text: "cooperation".to_string(),
            limit,
            ..SearchQuery::default()
        };
        index.search(&q, &|_| None).unwrap().len()
    };
    assert_eq!(count(0), 10);
    assert_eq!(count(3), 3);
    assert_eq!(count(100), 15);
    assert_eq!(
        count(usize::MAX),
        15,
        "a huge limit is not a huge allocation"
    );
}

#[test]
fn snippets_highlight_matches_and_escape_html() {
    let (_dir, index) = corpus_index();
    let snippet = |q: &str| {
        let hits = index.search(&text(q), &text_of).unwrap();
        assert_eq!(hits.len(), 1, "query {q}");
        hits[0].snippet.clone()
    };
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "latin-term-escaped-script",
            "cooperation AND match",
            &[
                "<b>cooperation</b>",
                "<b>match</b>",
                "&lt;script&gt;",
                "&amp; more",
            ],
            &["<script>"],
        ),
        ("stemmed-match", "freight", &["<b>freight</b>"], &[]),
        (
            "phrase",
            "\"air transportation\"",
            &["<b>air</b> <b>transportation</b>"],
            &[],
        ),
        ("chinese", "郵政", &["中国<b>郵政</b>集团"], &[]),
        (
            "korean-overlapping-bigrams",
            "우정사업본부",
            &["한국 <b>우정사업본부</b>는"],
            &[],
        ),
        ("japanese", "郵便", &["日本<b>郵便</b>株式会社"], &[]),
    ];
    for (name, q, has, has_not) in cases {
        let s = snippet(q);
        for want in *has {
            assert!(s.contains(want), "case {name}: {want:?} not in {s:?}");
        }
        for bad in *has_not {
            assert!(!s.contains(bad), "case {name}: {bad:?} in {s:?}");
        }
    }
}

#[test]
fn snippet_falls_back_to_the_escaped_start_for_title_only_matches() {
    let (_dir, index) = corpus_index();
    let hits = index.search(&text("title:bold"), &text_of).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0]
        .snippet
        .starts_with("Before the match: &lt;script&gt;"));
    assert!(!hits[0].snippet.contains("<b>"));
}

#[test]
fn long_snippets_are_cut_near_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = SearchIndex::open(dir.path()).unwrap();
    let long = format!(
        "{} the agreement was signed {}",
        "filler words ".repeat(100),
        "more filler ".repeat(100)
    );
    let doc_id = id("long");
    index
        .add(&IndexDoc {
            id: &doc_id,
            title: None,
            text: &long,
            source: "x",
            format: Format::Text,
            published: None,
            parties: vec![],
        })
        .unwrap();
    index.commit().unwrap();
    let hits = index
        .search(&text("signed"), &|_| Some(long.clone()))
        .unwrap();
    let s = &hits[0].snippet;
    assert!(s.contains("<b>signed</b>"), "{s}");
    assert!(s.len() <= SNIPPET_MAX + 10, "{} bytes: {s}", s.len());
    let fallback = index
        .search(&text("signed"), &|_| Some("是".repeat(150)))
        .unwrap();
    assert_eq!(fallback[0].snippet, "是".repeat(SNIPPET_MAX / 3));
}

#[test]
fn adding_an_id_again_replaces_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = SearchIndex::open(dir.path()).unwrap();
    add(&mut index, &CORPUS[0]);
    index.commit().unwrap();
    let revised = Doc {
        name: CORPUS[0].name,
        title: Some("Revised memorandum"),
        text: "The parties now agreed on maritime transport.",
        ..CORPUS[0]
    };
    add(&mut index, &revised);
    add(&mut index, &revised);
    index.commit().unwrap();
    assert_eq!(index.ids().unwrap(), BTreeSet::from([id("upu-mou")]));
    let hits = |q: &str| index.search(&text(q), &|_| None).unwrap().len();
    assert_eq!(hits("maritime"), 1);
    assert_eq!(hits("air"), 0);
    assert_eq!(hits("revised"), 1);
}

#[test]
fn adds_are_visible_only_after_commit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = SearchIndex::open(dir.path()).unwrap();
    add(&mut index, &CORPUS[2]);
    assert!(index.search(&text("freight"), &text_of).unwrap().is_empty());
    assert!(index.ids().unwrap().is_empty());
    index.commit().unwrap();
    assert_eq!(index.search(&text("freight"), &text_of).unwrap().len(), 1);
}

#[test]
fn ids_lists_live_documents_and_clear_removes_them() {
    let (dir, mut index) = corpus_index();
    let all: BTreeSet<DocId> = CORPUS.iter().map(|d| id(d.name)).collect();
    assert_eq!(index.ids().unwrap(), all);
    index.clear().unwrap();
    index.commit().unwrap();
    assert!(index.ids().unwrap().is_empty());
    assert!(index.search(&text("postal"), &text_of).unwrap().is_empty());
    add(&mut index, &CORPUS[1]);
    index.commit().unwrap();
    drop(index);
    let (index, rebuilt) = SearchIndex::open(dir.path()).unwrap();
    assert!(!rebuilt, "same schema version: kept");
    assert_eq!(index.ids().unwrap(), BTreeSet::from([id("trade-news")]));
}

#[test]
fn schema_version_change_rebuilds() {
    let cases: &[(&str, Option<&str>)] = &[
        ("older-version", Some("0\n")),
        ("newer-version", Some("999")),
        ("garbage", Some("v1")),
        ("missing", None),
    ];
    for (name, sentinel) in cases {
        let (dir, index) = corpus_index();
        drop(index);
        let file = dir.path().join("search").join(SENTINEL);
        match sentinel {
            Some(s) => std::fs::write(&file, s).unwrap(),
            None => std::fs::remove_file(&file).unwrap(),
        }
        let (index, rebuilt) = SearchIndex::open(dir.path()).unwrap();
        assert!(rebuilt, "case {name}");
        assert!(index.ids().unwrap().is_empty(), "case {name}");
        assert_eq!(
            read_sentinel(&index.path),
            Some(SCHEMA_VERSION),
            "case {name}"
        );
        drop(index);
        let (_, rebuilt) = SearchIndex::open(dir.path()).unwrap();
        assert!(!rebuilt, "case {name}: the rebuilt index is current");
    }
}

#[test]
fn bad_queries_are_query_errors() {
    let (_dir, index) = corpus_index();
    for q in [
        "nosuchfield:postal",
        "title:(postal",
        "\"unclosed phrase",
        "published:[2024 TO",
    ] {
        match index.search(&text(q), &text_of) {
            Err(Error::Query(message)) => assert!(!message.is_empty()),
            Err(e) => panic!("{q:?}: expected Error::Query, got {e}"),
            Ok(hits) => panic!("{q:?}: expected Error::Query, got {} hits", hits.len()),
        }
    }
}

#[test]
fn a_second_writer_is_locked_but_readers_work() {
    let (dir, mut first) = corpus_index();
    add(&mut first, &CORPUS[0]);
    let (mut second, rebuilt) = SearchIndex::open(dir.path()).unwrap();
    assert!(!rebuilt);
    assert_eq!(second.search(&text("freight"), &text_of).unwrap().len(), 1);
    match second.commit() {
        Err(e @ Error::Locked { .. }) => assert_eq!(
            e.to_string(),
            format!(
                "{} is in use by another accord process",
                dir.path().display()
            )
        ),
        Err(e) => panic!("expected Locked, got {e}"),
        Ok(()) => panic!("two writers on one index"),
    }
    drop(first);
    assert!(
        second.commit().is_ok(),
        "the lock goes with the first writer"
    );
}

#[test]
fn filter_only_searches_list_newest_first_and_undated_last() {
    let (_dir, index) = corpus_index();
    let names = names();
    let hits = index.search(&text("  "), &text_of).unwrap();
    let order: Vec<&str> = hits.iter().map(|h| names[&h.id]).collect();
    assert_eq!(
        order,
        vec![
            "rail-statement",
            "japan-post-ja",
            "china-post-zh",
            "upu-mou",
            "trade-news",
            "unsafe-html",
            "korea-post-ko",
        ]
    );
}

#[test]
fn negative_only_queries_exclude_from_everything() {
    let (_dir, index) = corpus_index();
    let q = SearchQuery {
        text: "-freight".to_string(),
        from: Some(date("2024-09-01")),
        ..SearchQuery::default()
    };
    assert_eq!(found(&index, &q), vec!["japan-post-ja"]);
}

#[test]
fn remove_deletes_one_document() {
    let (_dir, mut index) = corpus_index();
    index.remove(&id("trade-news")).unwrap();
    index.remove(&id("never-indexed")).unwrap();
    index.commit().unwrap();
    assert_eq!(index.ids().unwrap().len(), CORPUS.len() - 1);
    assert!(!index.ids().unwrap().contains(&id("trade-news")));
    assert_eq!(found(&index, &text("postal")), vec!["upu-mou"]);
}

#[test]
fn a_commit_mark_is_kept_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.mark().unwrap(), None);
    add(&mut index, &CORPUS[0]);
    index.commit_with_mark("store:1").unwrap();
    assert_eq!(index.mark().unwrap().as_deref(), Some("store:1"));
    drop(index);
    let (mut index, _) = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.mark().unwrap().as_deref(), Some("store:1"));
    add(&mut index, &CORPUS[1]);
    index.commit().unwrap();
    assert_eq!(index.mark().unwrap(), None);
}

#[test]
fn snippets_of_long_documents_find_matches_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = SearchIndex::open(dir.path()).unwrap();
    let filler = "lorem ipsum consectetur ".repeat(4000);
    // (case, words placed deep inside, query, highlight expected)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "prefix-probe",
            "the accord was signed",
            "signed",
            "<b>signed</b>",
        ),
        (
            "stem-not-a-prefix",
            "the dying tree",
            "dying",
            "<b>dying</b>",
        ),
        (
            "folded-non-ascii",
            "talks in ZÜRICH today",
            "zurich",
            "<b>ZÜRICH</b>",
        ),
        ("cjk-deep", "中国郵政集团", "郵政", "国<b>郵政</b>集"),
        (
            "false-candidates-first",
            &format!("{} signed", "signal ".repeat(200)),
            "signed",
            "<b>signed</b>",
        ),
    ];
    let texts: Vec<String> = cases
        .iter()
        .map(|(_, words, _, _)| format!("{filler} {words} {filler}"))
        .collect();
    for ((name, ..), text) in cases.iter().zip(&texts) {
        let doc_id = id(name);
        index
            .add(&IndexDoc {
                id: &doc_id,
                title: None,
                text,
                source: "x",
                format: Format::Text,
                published: None,
                parties: vec![],
            })
            .unwrap();
    }
    index.commit().unwrap();
    for ((name, _, query, want), text) in cases.iter().zip(&texts) {
        let hits = index
            .search(&self::text(query), &|_| Some(text.clone()))
            .unwrap();
        let hit = hits.iter().find(|h| h.id == id(name)).expect(name);
        assert!(hit.snippet.contains(want), "case {name}: {}", hit.snippet);
        assert!(
            hit.snippet.len() <= SNIPPET_MAX + 40,
            "case {name}: {}",
            hit.snippet
        );
    }
}

#[test]
fn windows_cut_at_whitespace_and_char_boundaries() {
    let text = "alpha beta gamma delta 中国郵政集团 epsilon";
    let cases: &[(&str, usize, usize, &str)] = &[
        ("whole-text", 0, 1000, text),
        (
            "cut-at-spaces",
            text.find("gamma").unwrap(),
            8,
            " beta gamma",
        ),
        ("inside-cjk-run", text.find("郵").unwrap(), 4, "中国郵政"),
    ];
    for (name, at, radius, want) in cases {
        let (from, to) = window(text, *at, *radius);
        assert_eq!(&text[from..to], *want, "case {name}");
    }
}

#[test]
fn oversized_queries_are_refused_not_crashed_on() {
    let (_dir, index) = corpus_index();
    let cases: &[(&str, String)] = &[
        (
            "deep-parentheses",
            format!("{}x{}", "(".repeat(5000), ")".repeat(5000)),
        ),
        ("long-not-chain", format!("{}x", "NOT ".repeat(5000))),
        ("deep-negated-groups", format!("{}x", "-(".repeat(5000))),
        ("too-long", "postal ".repeat(1000)),
    ];
    for (name, q) in cases {
        match index.search(&text(q), &text_of) {
            Err(Error::Query(message)) => assert!(message.len() < 200, "case {name}: {message}"),
            Err(e) => panic!("case {name}: expected Error::Query, got {e}"),
            Ok(_) => panic!("case {name}: accepted"),
        }
    }
    let nested = format!("{}postal{}", "(".repeat(30), ")".repeat(30));
    assert_eq!(found(&index, &text(&nested)), vec!["trade-news", "upu-mou"]);
}

#[test]
fn the_index_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<SearchIndex>();
    shared::<crate::store::Store>();
}

#[test]
fn finishing_writes_merges_segments_and_frees_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = SearchIndex::open(dir.path()).unwrap();
    let ids: Vec<DocId> = (0..24).map(|i| id(&format!("small{i}"))).collect();
    for doc_id in &ids {
        index
            .add(&IndexDoc {
                id: doc_id,
                title: None,
                text: "one small memorandum per commit",
                source: "x",
                format: Format::Text,
                published: None,
                parties: vec![],
            })
            .unwrap();
        index.commit().unwrap();
    }
    index.finish_writes().unwrap();
    // 24 one-document commits, merged (eight at a time) rather than left as 24 segments.
    let segments = index.reader.searcher().segment_readers().len();
    assert!(segments <= 8, "{segments} segments");
    assert_eq!(index.ids().unwrap().len(), ids.len());
    let (mut other, _) = SearchIndex::open(dir.path()).unwrap();
    other.commit().unwrap();
    drop(other);
    index.finish_writes().unwrap();
    add(&mut index, &CORPUS[0]);
    index.commit().unwrap();
    assert_eq!(index.ids().unwrap().len(), ids.len() + 1);
}

#[test]
fn seed_documents_are_found_by_what_they_say() {
    let seeds = std::path::Path::new("/work/shared/seeds");
    let Ok(entries) = std::fs::read_dir(seeds) else {
        eprintln!("no seeds at {}: skipped", seeds.display());
        return;
    };
    let mut files: Vec<(String, String)> = entries
        .filter_map(|e| e.ok())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    files.sort();
    let dir = tempfile::tempdir().unwrap();
    let (mut index, _) = SearchIndex::open(dir.path()).unwrap();
    for (name, text) in &files {
        let doc_id = id(name);
        index
            .add(&IndexDoc {
                id: &doc_id,
                title: None,
                text,
                source: name,
                format: Format::Text,
                published: None,
                parties: vec![],
            })
            .unwrap();
    }
    index.commit().unwrap();
    let text_of = |doc: &DocId| {
        files
            .iter()
            .find(|(name, _)| id(name) == *doc)
            .map(|(_, t)| t.clone())
    };
    let cases: &[(&str, &str, &str)] = &[
        ("phrase", "\"high-level postal meeting\"", "000_"),
        ("terms", "Kahala Bangkok", "004_"),
        (
            "commitment-words",
            "\"air transportation resources\"",
            "000_",
        ),
        ("stemmed", "guarantees", "004_"),
    ];
    for (name, query, source) in cases {
        let hits = index.search(&text(query), &text_of).unwrap();
        assert_eq!(hits.len(), 1, "case {name}");
        assert!(hits[0].source.starts_with(source), "case {name}");
        assert!(
            hits[0].snippet.contains("<b>"),
            "case {name}: {}",
            hits[0].snippet
        );
    }
}

#[test]
fn random_queries_never_panic() {
    let (_dir, index) = corpus_index();
    let pieces = [
        "postal",
        "郵政",
        "우정",
        " ",
        " ",
        "\"",
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "-",
        "+",
        ":",
        "title:",
        "body:",
        "party:",
        "published:",
        "[",
        "]",
        "{",
        "}",
        "TO",
        "*",
        "^2",
        "~1",
        "\\",
        "'",
        "/",
        "!",
        "IN",
        "é",
        "😀",
        "\u{301}",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..1500 {
        let n = (state % 9) as usize;
        let q: String = (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                pieces[(state % pieces.len() as u64) as usize]
            })
            .collect();
        match index.search(&text(&q), &text_of) {
            Ok(_) | Err(Error::Query(_)) => {}
            Err(e) => panic!("{q:?}: {e}"),
        }
    }
}

#[test]
fn an_index_that_does_not_match_or_open_is_rebuilt() {
    // (case, how the search directory is spoiled after a normal build)
    type Spoil = fn(&std::path::Path);
    let cases: &[(&str, Spoil)] = &[
        ("other-schema-same-sentinel", |dir| {
            std::fs::remove_dir_all(dir).unwrap();
            std::fs::create_dir_all(dir).unwrap();
            let mut b = Schema::builder();
            b.add_text_field("id", STRING | STORED);
            Index::create_in_dir(dir, b.build()).unwrap();
            write_sentinel(dir).unwrap();
        }),
        ("garbage-meta", |dir| {
            std::fs::write(dir.join("meta.json"), "{ not json").unwrap()
        }),
        ("meta-missing", |dir| {
            std::fs::remove_file(dir.join("meta.json")).unwrap()
        }),
    ];
    for (name, spoil) in cases {
        let (dir, index) = corpus_index();
        drop(index);
        spoil(&dir.path().join("search"));
        let (mut index, rebuilt) = SearchIndex::open(dir.path()).unwrap();
        assert!(rebuilt, "case {name}");
        assert!(index.ids().unwrap().is_empty(), "case {name}");
        add(&mut index, &CORPUS[2]);
        index.commit().unwrap();
        assert_eq!(
            found(&index, &text("freight")),
            vec!["rail-statement"],
            "case {name}"
        );
    }
}

#[test]
fn an_index_being_written_is_never_wiped() {
    let (dir, mut writing) = corpus_index();
    add(&mut writing, &CORPUS[0]);
    std::fs::write(dir.path().join("search").join(SENTINEL), "0").unwrap();
    match SearchIndex::open(dir.path()) {
        Err(Error::Locked { path, .. }) => assert_eq!(path, dir.path()),
        Err(e) => panic!("expected Locked, got {e}"),
        Ok(_) => panic!("wiped an index another writer holds"),
    }
    writing.commit().unwrap();
    assert_eq!(writing.ids().unwrap().len(), CORPUS.len());
}
