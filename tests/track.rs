//! Follow-up tracking end to end through the `accord` binary: commitments at an as-of date, status
//! changes with their history, follow-up suggestions and decisions, working groups, the report,
//! the calendar, export/import and party merges; plus the crash rule for events.
//!
//! Expected numbers come from the gold files (`corpus/gold/`) and the documents' dates, never from
//! the program's output. The documents used, with the gold deadlines that matter here:
//! - `news-customs-ecommerce-kcs-korea-post-six-months.html` (2025-02-27): link the mail system with
//!   UNI-PASS by 2025-03-31; a help desk by 2025-07-31; the rest later or undated.
//! - `mou-thailand-vietnam-ecommerce-lane-numbered-clauses.txt` (2025-03-14): a Joint Steering
//!   Committee by 2025-04-13; inward delivery rates by 2025-06-30; the rest later or undated.
//! - `news-ministry-science-ict-vietnam-drone-mou.txt` (2024-11-20): drone trial by 2025-06-30.
//! - `news-kahala-ceo-meeting-ems-guarantee.txt` (2025-06-19): resume the EMS guarantee by
//!   2025-12-31; its follow-up `followup-kahala-ems-guarantee-resumed.txt` (2026-01-06) reports it
//!   resumed; `followup-lookalike-australia-post-express-guarantee.html` must not be linked.
//! - `followup-thailand-vietnam-lane-delayed.html` (2025-09-22): its dated commitments fall after
//!   2025-07-01; it mentions the Joint Steering Committee meeting next month.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::{corpus, TestEnv};

const KCS: &str = "news-customs-ecommerce-kcs-korea-post-six-months.html";
const MOU: &str = "mou-thailand-vietnam-ecommerce-lane-numbered-clauses.txt";
const DRONE: &str = "news-ministry-science-ict-vietnam-drone-mou.txt";
const KAHALA: &str = "news-kahala-ceo-meeting-ems-guarantee.txt";
const KAHALA_FOLLOWUP: &str = "followup-kahala-ems-guarantee-resumed.txt";
const LOOKALIKE: &str = "followup-lookalike-australia-post-express-guarantee.html";
const LANE_DELAYED: &str = "followup-thailand-vietnam-lane-delayed.html";

const DOCS: &[&str] = &[
    KCS,
    MOU,
    DRONE,
    KAHALA,
    KAHALA_FOLLOWUP,
    LOOKALIKE,
    LANE_DELAYED,
];

fn path(name: &str) -> String {
    corpus().join(name).display().to_string()
}

/// A data directory with the documents above ingested.
fn ingested() -> TestEnv {
    let env = TestEnv::new();
    let mut args = vec!["ingest".to_string(), "--json".to_string()];
    args.extend(DOCS.iter().map(|d| path(d)));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let lines = env.run(&args).expect_code(0).ndjson();
    assert_eq!(lines.len(), DOCS.len());
    env
}

fn run_json(env: &TestEnv, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    env.run(&a).expect_code(0).json()
}

/// The commitment whose action starts with `action` (the gold action's first words).
fn find<'a>(list: &'a Value, action: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["action"].as_str().unwrap().starts_with(action))
        .unwrap_or_else(|| panic!("no commitment {action:?} in {list:#}"))
}

fn id_of(env: &TestEnv, action: &str) -> String {
    let all = run_json(
        env,
        &["commitments", "--as-of", "2025-06-30", "--limit", "0"],
    );
    find(&all, action)["id"].as_str().unwrap().to_string()
}

fn doc_id(name: &str) -> String {
    accord::DocId::of(&std::fs::read(corpus().join(name)).unwrap()).0
}

const LINK: &str = "link Korea Post's international mail system";
const JSC: &str = "establish a Joint Steering Committee";
const RATES: &str = "agree on the inward delivery rates";
const TRIAL: &str = "run a joint trial of drone delivery";
const EMS: &str = "resume the EMS delivery guarantee service";

#[test]
fn overdue_and_due_soon_at_as_of_dates_match_the_gold() {
    let env = ingested();
    // (id, arguments, want (action, days late or days left) in display order)
    type Case = (&'static str, Vec<&'static str>, Vec<(&'static str, i64)>);
    let cases: Vec<Case> = vec![
        (
            "overdue at 2025-06-30: due 03-31 and 04-13; those due 06-30 are due today",
            vec!["--overdue", "--as-of", "2025-06-30"],
            vec![(LINK, 91), (JSC, 78)],
        ),
        (
            "overdue a day later: the two due 06-30 join, one day late",
            vec!["--overdue", "--as-of", "2025-07-01"],
            vec![(LINK, 92), (JSC, 79), (RATES, 1), (TRIAL, 1)],
        ),
        (
            "due within 30 days of 2025-06-30: due today (the help desk, 07-31, is 31 days out)",
            vec!["--due-within", "30d", "--as-of", "2025-06-30"],
            vec![(RATES, 0), (TRIAL, 0)],
        ),
        (
            "party filter: only the KCS link is by the customs service and overdue",
            vec![
                "--overdue",
                "--as-of",
                "2025-06-30",
                "--party",
                "korea customs",
            ],
            vec![(LINK, 91)],
        ),
        (
            "before any deadline nothing is overdue",
            vec!["--overdue", "--as-of", "2025-03-01"],
            vec![],
        ),
    ];
    for (name, extra, want) in cases {
        let mut args = vec!["commitments"];
        args.extend(extra);
        let got = run_json(&env, &args);
        let got = got.as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{name}: {got:#?}");
        // Days in display order; ties are ordered by id, so actions are matched per day.
        let days = |c: &Value| {
            if c["days_late"].is_null() {
                c["days_left"].as_i64()
            } else {
                c["days_late"].as_i64()
            }
        };
        let got_days: Vec<Option<i64>> = got.iter().map(days).collect();
        let want_days: Vec<Option<i64>> = want.iter().map(|(_, d)| Some(*d)).collect();
        assert_eq!(got_days, want_days, "{name}: {got:#?}");
        for (action, d) in &want {
            let n = got
                .iter()
                .filter(|c| {
                    days(c) == Some(*d) && c["action"].as_str().unwrap().starts_with(action)
                })
                .count();
            assert_eq!(n, 1, "{name}: {action:?} {d} days: {got:#?}");
        }
    }
    let text = env
        .run(&["commitments", "--overdue", "--as-of", "2025-06-30"])
        .expect_code(0)
        .stdout();
    assert!(text.contains("91 days late"), "{text}");
    assert!(text.contains("2 commitments, 2 overdue"), "{text}");
    env.run(&["commitments", "--due-within", "soon"])
        .expect_code(2);
}

#[test]
fn status_changes_are_recorded_with_history_and_invalid_ones_exit_2() {
    let env = ingested();
    let link = id_of(&env, LINK);
    let short = link.trim_start_matches("C-")[..5].to_string();
    env.run(&[
        "commitment",
        &short,
        "status",
        "in_progress",
        "--note",
        "test clearance started",
        "--by",
        "kim",
    ])
    .expect_code(0);
    let d = run_json(&env, &["commitment", &link, "--as-of", "2025-06-30"]);
    assert_eq!(d["status"], "in_progress");
    assert_eq!(d["days_late"], 91, "in progress is still overdue");
    let history = d["history"].as_array().unwrap();
    let kinds: Vec<&str> = history
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"extracted"), "{kinds:?}");
    let change = history.last().unwrap();
    assert_eq!(change["type"], "status_changed");
    assert_eq!(change["to"], "in_progress");
    assert_eq!(change["note"], "test clearance started");
    assert_eq!(change["actor"]["user"], "kim");

    // (id, args, want exit code, fragment of stderr)
    let jsc = id_of(&env, JSC);
    let cases: Vec<(&str, Vec<&str>, i32, &str)> = vec![
        (
            "dropped without a note",
            vec!["commitment", &jsc, "status", "dropped"],
            2,
            "needs a note",
        ),
        (
            "waived with a blank note",
            vec!["commitment", &jsc, "status", "waived", "--note", "  "],
            2,
            "needs a note",
        ),
        (
            "to the same status",
            vec!["commitment", &link, "status", "in_progress"],
            2,
            "already in_progress",
        ),
        (
            "unknown status",
            vec!["commitment", &link, "status", "finished"],
            2,
            "",
        ),
        (
            "unknown id",
            vec!["commitment", "C-ffffffff", "status", "done"],
            1,
            "no commitment",
        ),
        ("not an id", vec!["commitment", "xyz"], 2, "not an id"),
    ];
    for (name, args, code, frag) in cases {
        let r = env.run(&args);
        assert_eq!(r.code(), code, "{name}: {}", r.stderr());
        assert!(r.stderr().contains(frag), "{name}: {}", r.stderr());
    }
    // Closed, then a closed-to-closed move is refused until reopened with a note.
    env.run(&["commitment", &link, "status", "done"])
        .expect_code(0);
    let r = env.run(&["commitment", &link, "status", "waived", "--note", "x"]);
    assert_eq!(r.code(), 2);
    assert!(r.stderr().contains("reopen it first"), "{}", r.stderr());
    env.run(&[
        "commitment",
        &jsc,
        "status",
        "dropped",
        "--note",
        "superseded by the JSC of 2026",
    ])
    .expect_code(0);
    // The refused attempts left no trace.
    let d = run_json(&env, &["commitment", &jsc]);
    let kinds: Vec<&str> = d["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "status_changed").count(), 1);
    assert_eq!(d["status"], "dropped");
    assert_eq!(d["status_note"], "superseded by the JSC of 2026");

    // After the command returned, the event is on disk: read it with a fresh store handle.
    let store = accord::store::Store::open(&env.data()).expect("reopen");
    let evs = store.events_of(&jsc).unwrap();
    let last = evs.last().unwrap();
    assert!(
        matches!(
            &last.kind,
            accord::track::EventKind::StatusChanged {
                to: accord::track::Status::Dropped,
                ..
            }
        ),
        "{last:?}"
    );
}

const CRASH_CHILD: &str = "ACCORD_TEST_CRASH_CHILD_DIR";

/// Run as a child by the test below: records a status change, says so, then aborts (no
/// destructors, so nothing is flushed on the way out).
#[test]
fn crash_child_records_then_aborts() {
    let Some(dir) = std::env::var_os(CRASH_CHILD) else {
        return;
    };
    let lib = accord::Library::open(accord::Config::new(dir)).expect("open");
    let id = std::env::var("ACCORD_TEST_CRASH_ID").expect("id");
    // Two events: the first id a process generates makes sled flush on its own, the second not.
    for text in ["first of two", "written just before a crash"] {
        lib.record(
            &id,
            accord::track::Actor::User("crash".into()),
            chrono::Utc::now(),
            accord::track::EventKind::NoteAdded { text: text.into() },
        )
        .expect("record");
    }
    println!("RECORDED");
    std::process::abort();
}

#[test]
fn an_acknowledged_event_survives_a_crash() {
    let env = ingested();
    let id = id_of(&env, EMS);
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "track::crash_child_records_then_aborts",
            "--exact",
            "--nocapture",
        ])
        .env(CRASH_CHILD, env.data())
        .env("ACCORD_TEST_CRASH_ID", &id)
        .output()
        .expect("run child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("RECORDED"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "the child aborted");
    let d = run_json(&env, &["commitment", &id]);
    let last = d["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["type"], "note_added", "{last:#}");
    assert_eq!(last["text"], "written just before a crash");
}

#[test]
fn the_kahala_follow_up_is_suggested_and_accepting_it_closes_the_commitment() {
    let env = ingested();
    let ems = id_of(&env, EMS);
    let pending = run_json(&env, &["followups"]);
    let pending = pending.as_array().unwrap();
    let followup_doc = doc_id(KAHALA_FOLLOWUP);
    let lookalike_doc = doc_id(LOOKALIKE);
    let f = pending
        .iter()
        .find(|f| {
            f["target"]["id"] == ems.as_str() && f["evidence"]["doc"] == followup_doc.as_str()
        })
        .unwrap_or_else(|| panic!("no follow-up for {ems} from the resumed report: {pending:#?}"));
    assert_eq!(f["target"]["kind"], "commitment");
    assert_eq!(f["status"], "suggested");
    assert_eq!(f["suggests"], "done");
    assert!(f["score"].as_f64().unwrap() >= 0.55, "{f:#}");
    assert!(
        f["evidence"]["sentence"]
            .as_str()
            .unwrap()
            .contains("resumed"),
        "{f:#}"
    );
    // The look-alike (another party, another guarantee) is linked to nothing.
    assert!(
        !pending
            .iter()
            .any(|f| f["evidence"]["doc"] == lookalike_doc.as_str()),
        "{pending:#?}"
    );

    // Linking again finds nothing new: one suggestion per commitment and document.
    let rescanned = run_json(&env, &["followups", "--rescan"]);
    assert_eq!(rescanned.as_array().unwrap().len(), pending.len());

    let fid = f["id"].as_str().unwrap().to_string();
    env.run(&[
        "followup",
        "accept",
        &fid,
        "--note",
        "checked with Korea Post",
        "--by",
        "lee",
    ])
    .expect_code(0);
    let d = run_json(&env, &["commitment", &ems]);
    assert_eq!(d["status"], "done");
    assert_eq!(d["evidence"], 1);
    let ev = &d["state"]["evidence"][0];
    assert_eq!(ev["doc"], followup_doc.as_str());
    let kinds: Vec<&str> = d["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds[kinds.len() - 2..],
        ["evidence_linked", "status_changed"],
        "{kinds:?}"
    );
    // No longer waiting; listed as accepted with --all; accepting twice is refused.
    let pending = run_json(&env, &["followups"]);
    assert!(!pending
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == fid.as_str()));
    let all = run_json(&env, &["followups", "--all"]);
    let mine = all
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == fid.as_str())
        .unwrap();
    assert_eq!(mine["status"], "accepted");
    env.run(&["followup", "accept", &fid]).expect_code(2);
    // A rescan suggests nothing already decided.
    let again = run_json(&env, &["followups", "--rescan"]);
    assert!(!again
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == fid.as_str()));
    // Done is no longer overdue at any date.
    let late = run_json(&env, &["commitments", "--overdue", "--as-of", "2026-06-30"]);
    assert!(!late
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == ems.as_str()));
}

#[test]
fn rejecting_a_follow_up_keeps_the_status_and_it_is_not_suggested_again() {
    let env = ingested();
    let pending = run_json(&env, &["followups"]);
    let f = pending
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["target"]["kind"] == "commitment")
        .expect("some commitment follow-up")
        .clone();
    let target = f["target"]["id"].as_str().unwrap().to_string();
    let before = run_json(&env, &["commitment", &target])["status"].clone();
    let fid = f["id"].as_str().unwrap();
    env.run(&["followup", "reject", &fid[2..], "--note", "another service"])
        .expect_code(0);
    let d = run_json(&env, &["commitment", &target]);
    assert_eq!(d["status"], before);
    assert_eq!(d["state"]["rejected"].as_array().unwrap().len(), 1);
    let again = run_json(&env, &["followups", "--rescan"]);
    assert!(!again.as_array().unwrap().iter().any(|x| x["id"] == fid));
    env.run(&["followup", "reject", "F-ffffffff"])
        .expect_code(1);
}

#[test]
fn user_edits_survive_reingest_and_reindex() {
    let env = ingested();
    let trial = id_of(&env, TRIAL);
    for args in [
        vec![
            "commitment",
            trial.as_str(),
            "owner",
            "person:Nguyen Van An",
        ],
        vec![
            "commitment",
            trial.as_str(),
            "due",
            "2025-09-30",
            "--note",
            "permits late",
        ],
        vec!["commitment", trial.as_str(), "status", "in_progress"],
        vec![
            "commitment",
            trial.as_str(),
            "note",
            "weather window in August",
        ],
    ] {
        env.run(&args).expect_code(0);
    }
    let check = |when: &str| {
        let d = run_json(&env, &["commitment", &trial, "--as-of", "2025-07-01"]);
        assert_eq!(d["status"], "in_progress", "{when}");
        assert_eq!(d["due"], "2025-09-30", "{when}");
        assert_eq!(d["owner"]["person"], "Nguyen Van An", "{when}");
        assert!(
            d["days_late"].is_null(),
            "{when}: the new deadline is ahead"
        );
        assert_eq!(
            d["state"]["base"]["due"], "2025-06-30",
            "{when}: extraction kept below"
        );
        let notes: Vec<&str> = d["state"]["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            notes,
            ["permits late", "weather window in August"],
            "{when}"
        );
    };
    check("after the edits");
    let again = env
        .run(&["ingest", "--json", &path(DRONE), &path(KCS)])
        .expect_code(0)
        .ndjson();
    assert!(again.iter().all(|l| l["status"] == "unchanged"));
    check("after re-ingest");
    env.run(&["reindex"]).expect_code(0);
    check("after reindex");
    std::fs::remove_dir_all(env.data().join("search")).unwrap();
    check("after losing the index");
    let events = accord::store::Store::open(&env.data())
        .unwrap()
        .events_of(&trial)
        .unwrap();
    let extracted = events
        .iter()
        .filter(|e| e.kind.name() == "extracted")
        .count();
    assert_eq!(extracted, 1, "re-ingesting the same bytes appends nothing");
}

#[test]
fn commitment_add_records_one_no_document_states() {
    let env = ingested();
    let d = run_json(
        &env,
        &[
            "commitment",
            "add",
            "--by",
            "Korea Post",
            "--by",
            "Vietnam Post Corporation",
            "--action",
            "hold a video call on the drone permits",
            "--due",
            "2025-07-15",
            "--owner",
            "person:Kim",
            "--actor",
            "lee",
        ],
    );
    let id = d["id"].as_str().unwrap();
    assert!(id.starts_with("C-") && id.len() == 14, "{id}");
    assert_eq!(d["owner"]["person"], "Kim");
    assert!(d["source"].is_null());
    assert_eq!(d["history"][0]["type"], "added");
    assert_eq!(d["history"][0]["actor"]["user"], "lee");
    let soon = run_json(
        &env,
        &[
            "commitments",
            "--due-within",
            "30d",
            "--as-of",
            "2025-06-30",
        ],
    );
    assert_eq!(
        soon.as_array().unwrap().len(),
        3,
        "the two due 06-30 and the new one"
    );
    env.run(&["commitment", "add", "--by", "Korea Post", "--action", " "])
        .expect_code(2);
}

#[test]
fn working_groups_have_records_sightings_and_activity() {
    let env = ingested();
    let groups = run_json(&env, &["groups", "--as-of", "2025-12-01"]);
    let jsc = groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "Joint Steering Committee")
        .unwrap_or_else(|| panic!("{groups:#}"))
        .clone();
    let gid = jsc["id"].as_str().unwrap().to_string();
    assert_eq!(jsc["founding_doc"], doc_id(MOU).as_str());
    assert_eq!(jsc["founding_published"], "2025-03-14");
    // Founded in March, not seen since: dormant after six months, active after twelve.
    assert_eq!(jsc["activity"]["activity"], "dormant", "{jsc:#}");
    let g = run_json(
        &env,
        &[
            "group",
            &gid,
            "--as-of",
            "2025-12-01",
            "--dormant-after",
            "12m",
        ],
    );
    assert_eq!(g["activity"]["activity"], "active");

    // The delayed-lane report says the committee will meet: a suggested sighting.
    let f = run_json(&env, &["followups"])
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["target"]["id"] == gid.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("no sighting suggested for {gid}"));
    assert_eq!(f["evidence"]["doc"], doc_id(LANE_DELAYED).as_str());
    env.run(&[
        "followup",
        "accept",
        f["id"].as_str().unwrap(),
        "--note",
        "minutes received",
    ])
    .expect_code(0);
    let log: Vec<accord::track::GroupEvent> = accord::store::Store::open(&env.data())
        .unwrap()
        .records_of(accord::store::events::Log::Groups, &gid)
        .unwrap();
    let kinds: Vec<String> = log
        .iter()
        .map(|e| serde_json::to_value(&e.kind).unwrap()["type"].to_string())
        .collect();
    assert_eq!(
        kinds,
        ["\"founded\"", "\"sighted\"", "\"edited\""],
        "{log:#?}"
    );
    assert!(format!("{:?}", log[2].kind).contains("minutes received"));
    let g = run_json(&env, &["group", &gid[2..6], "--as-of", "2025-12-01"]);
    assert_eq!(g["sightings"].as_array().unwrap().len(), 1, "{g:#}");
    assert_eq!(g["activity"]["activity"], "active", "{g:#}");
    assert_eq!(g["activity"]["last_seen"], "2025-09-22");
    env.run(&["group", "G-ffffffff"]).expect_code(1);
    env.run(&["groups", "--dormant-after", "sometimes"])
        .expect_code(2);

    // A person's correction of the record wins over re-ingest and re-analysis.
    env.run(&[
        "group",
        &gid,
        "edit",
        "--mandate",
        "oversee the lane",
        "--established",
        "2025-04-10",
    ])
    .expect_code(0);
    env.run(&["group", &gid, "edit"]).expect_code(2);
    env.run(&["ingest", &path(MOU)]).expect_code(0);
    run_json(&env, &["reanalyze"]);
    let g = run_json(&env, &["group", &gid]);
    assert_eq!(g["mandate"], "oversee the lane");
    assert_eq!(g["established"], "2025-04-10");
    assert_eq!(g["founding_doc"], doc_id(MOU).as_str());
}

#[test]
fn report_in_every_format() {
    let env = ingested();
    fn args(f: &str) -> Vec<&str> {
        vec!["report", "--as-of", "2025-06-30", "--format", f]
    }
    let json = run_json(&env, &["report", "--as-of", "2025-06-30"]);
    assert_eq!(json["totals"]["overdue"], 2);
    let overdue = json["overdue"].as_array().unwrap();
    assert_eq!(overdue.len(), 2);
    assert_eq!(overdue[0]["days"], 91);
    assert!(overdue[0]["action"].as_str().unwrap().starts_with(LINK));
    assert_eq!(overdue[1]["days"], 78);
    let soon: Vec<&str> = json["due_soon"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["action"].as_str().unwrap())
        .collect();
    assert_eq!(soon.len(), 2, "{soon:?}");
    assert!(soon.iter().any(|a| a.starts_with(RATES)) && soon.iter().any(|a| a.starts_with(TRIAL)));
    let same = env.run(&args("json")).expect_code(0).json();
    assert_eq!(same, json);

    let md = env.run(&args("md")).expect_code(0).stdout();
    assert!(
        md.starts_with("# Follow-up report as of 2025-06-30"),
        "{md}"
    );
    assert!(
        md.contains("## Overdue (2)") && md.contains("| 91 |"),
        "{md}"
    );

    let html = env.run(&args("html")).expect_code(0).stdout();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    let lower = html.to_lowercase();
    for attr in [
        "src=", "href=", "url(", "@import", "<script", "<link", "<img", "<iframe",
    ] {
        assert!(!lower.contains(attr), "self-contained: found {attr}");
    }

    let csv = env.run(&args("csv")).expect_code(0).stdout();
    let rows: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(rows[0].starts_with("section,"), "{}", rows[0]);
    let overdue_rows: Vec<&&str> = rows.iter().filter(|r| r.starts_with("overdue,")).collect();
    assert_eq!(overdue_rows.len(), 2, "{csv}");
    assert!(overdue_rows[0].contains(",91,"), "{}", overdue_rows[0]);

    let kcs_only = run_json(
        &env,
        &[
            "report",
            "--as-of",
            "2025-06-30",
            "--party",
            "Korea Customs",
        ],
    );
    assert_eq!(kcs_only["totals"]["overdue"], 1);
    env.run(&["report", "--format", "pdf"]).expect_code(2);
}

/// Checks the iCalendar rules a calendar application relies on; returns the VEVENTs' lines.
fn parse_ics(ics: &str) -> Vec<Vec<String>> {
    assert!(ics.ends_with("\r\n"), "CRLF line ends");
    let physical: Vec<&str> = ics.trim_end_matches("\r\n").split("\r\n").collect();
    for l in &physical {
        assert!(l.len() <= 75, "line over 75 octets: {l:?}");
        assert!(!l.contains('\n') && !l.contains('\r'));
    }
    // Unfold continuation lines.
    let mut lines: Vec<String> = Vec::new();
    for l in physical {
        match l.strip_prefix(' ') {
            Some(rest) => lines
                .last_mut()
                .expect("no continuation first")
                .push_str(rest),
            None => lines.push(l.to_string()),
        }
    }
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(lines.contains(&"VERSION:2.0".to_string()));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let mut stack: Vec<String> = Vec::new();
    let mut events = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for l in &lines {
        assert!(
            l.contains(':'),
            "every content line has a name and a value: {l:?}"
        );
        if let Some(name) = l.strip_prefix("BEGIN:") {
            stack.push(name.to_string());
            if name == "VEVENT" {
                current.clear();
            }
        } else if let Some(name) = l.strip_prefix("END:") {
            assert_eq!(stack.pop().as_deref(), Some(name), "balanced BEGIN/END");
            if name == "VEVENT" {
                events.push(current.clone());
            }
        } else if stack.iter().any(|c| c == "VEVENT") {
            current.push(l.clone());
        }
    }
    assert!(stack.is_empty());
    for e in &events {
        for prop in ["UID:", "DTSTAMP:", "DTSTART;VALUE=DATE:", "SUMMARY:"] {
            assert!(
                e.iter().any(|l| l.starts_with(prop)),
                "{prop} missing in {e:?}"
            );
        }
    }
    events
}

#[test]
fn calendar_is_valid_ics_with_the_deadlines() {
    let env = ingested();
    let ics = env
        .run(&["calendar", "--as-of", "2025-06-30", "--reminder-days", "3"])
        .expect_code(0)
        .stdout();
    let events = parse_ics(&ics);
    let active_dated = run_json(
        &env,
        &["commitments", "--as-of", "2025-06-30", "--limit", "0"],
    )
    .as_array()
    .unwrap()
    .iter()
    .filter(|c| {
        !c["due"].is_null() && ["open", "in_progress"].contains(&c["status"].as_str().unwrap())
    })
    .count();
    assert_eq!(events.len(), active_dated);
    let listed = run_json(&env, &["calendar", "--as-of", "2025-06-30"]);
    assert_eq!(listed.as_array().unwrap().len(), active_dated);
    let link = id_of(&env, LINK);
    let ev = events
        .iter()
        .find(|e| e.contains(&format!("UID:{link}@accord")))
        .expect("the KCS link has an event");
    assert!(
        ev.contains(&"DTSTART;VALUE=DATE:20250331".to_string()),
        "{ev:?}"
    );
    assert!(
        ev.contains(&"DTEND;VALUE=DATE:20250401".to_string()),
        "{ev:?}"
    );
    assert!(ev.contains(&"TRIGGER:-P3D".to_string()), "{ev:?}");
    assert!(
        ev.iter()
            .any(|l| l.starts_with("DESCRIPTION:") && l.contains("overdue by 91 days")),
        "{ev:?}"
    );
    // A done commitment leaves the calendar.
    env.run(&["commitment", &link, "status", "done"])
        .expect_code(0);
    let ics = env
        .run(&["calendar", "--as-of", "2025-06-30"])
        .expect_code(0)
        .stdout();
    assert_eq!(parse_ics(&ics).len(), active_dated - 1);
    assert!(!ics.contains(&format!("UID:{link}@accord")));
}

#[test]
fn export_then_import_into_an_empty_directory_round_trips_exactly() {
    let env = ingested();
    let trial = id_of(&env, TRIAL);
    env.run(&[
        "commitment",
        &trial,
        "status",
        "dropped",
        "--note",
        "no flight permits",
    ])
    .expect_code(0);
    env.run(&["parties", "merge", "Korea Post", "Korea Customs Service"])
        .expect_code(0);
    let f = run_json(&env, &["followups"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.run(&["followup", "reject", &f]).expect_code(0);

    let first = env.run(&["export"]).expect_code(0).stdout();
    let lines: Vec<Value> = first
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for l in &lines {
        *by_type
            .entry(l["type"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(by_type["header"], 1);
    assert_eq!(by_type["document"], DOCS.len());
    assert_eq!(by_type["merge"], 1);
    assert!(by_type["event"] > DOCS.len());
    let backup = env.write("backup.ndjson", first.as_bytes());

    let fresh = TestEnv::new();
    let s = fresh
        .run(&["import", backup.to_str().unwrap(), "--json"])
        .expect_code(0)
        .json();
    assert_eq!(s["documents"], DOCS.len());
    assert_eq!(s["indexed"], DOCS.len());
    let second = fresh.run(&["export"]).expect_code(0).stdout();
    assert!(first == second, "export after import differs");

    // The index was rebuilt: search works; the tracked state came along.
    let hits = run_json(&fresh, &["search", "\"delivery guarantee\""]);
    assert!(hits
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["id"] == doc_id(KAHALA).as_str()));
    let d = run_json(&fresh, &["commitment", &trial]);
    assert_eq!(d["status"], "dropped");
    let parties = run_json(&fresh, &["parties"]);
    assert!(parties.as_array().unwrap().iter().any(|p| p["merged"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == "Korea Customs Service")));

    // Only into an empty directory; a broken file writes nothing.
    fresh
        .run(&["import", backup.to_str().unwrap()])
        .expect_code(2);
    let other = TestEnv::new();
    let bad = other.write(
        "bad.ndjson",
        b"{\"type\":\"header\",\"format\":\"accord-export\",\"version\":1}\nnot json\n",
    );
    other.run(&["import", bad.to_str().unwrap()]).expect_code(2);
    let newer = other.write(
        "newer.ndjson",
        b"{\"type\":\"header\",\"format\":\"accord-export\",\"version\":99}\n",
    );
    let r = other
        .run(&["import", newer.to_str().unwrap()])
        .expect_code(2);
    assert!(
        r.stderr().contains("not an accord export"),
        "{}",
        r.stderr()
    );
    let headless = other.write("headless.ndjson", first.lines().nth(1).unwrap().as_bytes());
    other
        .run(&["import", headless.to_str().unwrap()])
        .expect_code(2);
    let empty = run_json(&other, &["commitments"]);
    assert!(empty.as_array().unwrap().is_empty());
}

#[test]
fn a_party_merge_is_remembered_across_ingests() {
    let env = ingested();
    let merged = run_json(
        &env,
        &[
            "parties",
            "merge",
            "Korea Post",
            "KCS",
            "--note",
            "one government",
        ],
    );
    assert_eq!(merged["name"], "Korea Post");
    assert!(merged["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "Korea Customs Service"));
    let kcs_later = "followup-kcs-uni-pass-link-delayed.docx";
    env.run(&["ingest", &path(KCS), &path(kcs_later)])
        .expect_code(0);
    let parties = run_json(&env, &["parties"]);
    let list = parties.as_array().unwrap();
    let korea = list
        .iter()
        .find(|p| p["name"] == "Korea Post")
        .expect("Korea Post listed");
    assert_eq!(korea["merged"][0], "Korea Customs Service");
    assert!(korea["documents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d == doc_id(kcs_later).as_str()));
    assert!(
        !list.iter().any(|p| p["name"] == "Korea Customs Service"),
        "no separate entry any more"
    );
    let text = env.run(&["parties"]).expect_code(0).stdout();
    assert!(text.contains("merged: Korea Customs Service"), "{text}");
    // (id, args, want code)
    for (name, args, code) in [
        (
            "unknown party",
            vec!["parties", "merge", "Korea Post", "Atlantis Post"],
            1,
        ),
        (
            "already one",
            vec!["parties", "merge", "Korea Post", "Korea Customs Service"],
            2,
        ),
    ] {
        assert_eq!(env.run(&args).code(), code, "{name}");
    }
}

#[test]
fn reanalysis_replaces_what_extraction_said_but_not_what_people_set() {
    let env = ingested();
    let link = id_of(&env, LINK);
    let jsc = id_of(&env, JSC);
    // Pretend an older extractor read the KCS link with another deadline and wording: its
    // latest `extracted` event says so.
    {
        let store = accord::store::Store::open(&env.data()).unwrap();
        let first = store.events_of(&link).unwrap().remove(0);
        let accord::track::EventKind::Extracted {
            doc,
            published,
            mut record,
        } = first.kind
        else {
            panic!("the log starts with extracted: {first:?}")
        };
        record.due = "2025-05-31".parse().ok();
        record.action = "link the mail system with UNI-PASS".into();
        let old = accord::track::Event::extracted(
            &doc,
            published,
            &record,
            "2025-03-01T00:00:00Z".parse().unwrap(),
            "extractor 0.0.1",
        );
        store.append_event(&old).unwrap();
    }
    let d = run_json(&env, &["commitment", &link, "--as-of", "2025-06-30"]);
    assert_eq!(d["due"], "2025-05-31");
    // People's edits: an owner and a status on the link, a deadline on the committee.
    env.run(&["commitment", &link, "owner", "person:Park"])
        .expect_code(0);
    env.run(&["commitment", &link, "status", "in_progress"])
        .expect_code(0);
    env.run(&[
        "commitment",
        &jsc,
        "due",
        "2025-05-15",
        "--note",
        "agreed by letter",
    ])
    .expect_code(0);

    let s = run_json(&env, &["reanalyze"]);
    assert_eq!(s["documents"], DOCS.len());
    assert_eq!(s["extracted"], 1, "only the link's finding differs: {s:#}");
    assert_eq!(
        s["changed"], 0,
        "the facts were already the current analysis"
    );

    let d = run_json(&env, &["commitment", &link, "--as-of", "2025-06-30"]);
    assert_eq!(
        d["state"]["base"]["due"], "2025-03-31",
        "extraction's layer is current again"
    );
    assert_eq!(d["due"], "2025-03-31");
    assert!(d["action"].as_str().unwrap().starts_with(LINK));
    assert_eq!(d["status"], "in_progress", "the person's status stays");
    assert_eq!(d["owner"]["person"], "Park", "the person's owner stays");
    let j = run_json(&env, &["commitment", &jsc, "--as-of", "2025-06-30"]);
    assert_eq!(j["due"], "2025-05-15", "the person's deadline stays");
    assert_eq!(j["state"]["base"]["due"], "2025-04-13");
    assert_eq!(j["days_late"], 46);

    // Again: nothing left to re-extract, no follow-up offered twice.
    let again = run_json(&env, &["reanalyze"]);
    assert_eq!(again["extracted"], 0);
    assert_eq!(again["followups"], 0);
    // Search still works after the index was rebuilt or kept.
    let hits = run_json(&env, &["search", "UNI-PASS"]);
    assert!(!hits.as_array().unwrap().is_empty());
}

#[test]
fn the_order_of_ingest_does_not_matter_for_follow_ups() {
    // The report first, the meeting that made the commitment later (and in another run).
    let env = TestEnv::new();
    env.run(&["ingest", &path(KAHALA_FOLLOWUP), &path(LOOKALIKE)])
        .expect_code(0);
    env.run(&["ingest", &path(KAHALA)]).expect_code(0);
    let ems = id_of(&env, EMS);
    let pending = run_json(&env, &["followups"]);
    let found: Vec<&Value> = pending
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["target"]["id"] == ems.as_str())
        .collect();
    assert_eq!(found.len(), 1, "{pending:#}");
    assert_eq!(
        found[0]["evidence"]["doc"],
        doc_id(KAHALA_FOLLOWUP).as_str()
    );
    assert_eq!(found[0]["suggests"], "done");
}

#[test]
fn a_duplicate_commitment_merged_into_another_leaves_the_lists() {
    let env = ingested();
    let ems = id_of(&env, EMS);
    let dup = run_json(
        &env,
        &[
            "commitment",
            "add",
            "--by",
            "Korea Post",
            "--action",
            "restore the EMS guarantee",
            "--due",
            "2025-12-31",
        ],
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    let listed = |all: bool| -> Vec<String> {
        let mut args = vec!["commitments", "--as-of", "2026-01-01", "--overdue"];
        if all {
            args.push("--all");
        }
        run_json(&env, &args)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(listed(false).contains(&dup));
    env.run(&["commitment", &dup, "merge", &ems[2..7]])
        .expect_code(0);
    let d = run_json(&env, &["commitment", &dup]);
    assert_eq!(d["merged_into"], ems.as_str());
    assert!(
        !listed(false).contains(&dup),
        "merged: not overdue, not listed"
    );
    assert!(listed(false).contains(&ems));
    assert!(!listed(true).contains(&dup), "never overdue once merged");
    let all = run_json(&env, &["commitments", "--all", "--limit", "0"]);
    assert!(all
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == dup.as_str()));
    env.run(&["commitment", &ems, "merge", &ems]).expect_code(2);
    env.run(&["commitment", &dup, "merge", "none"])
        .expect_code(0);
    assert!(listed(false).contains(&dup), "unmerged: back in the list");
}
