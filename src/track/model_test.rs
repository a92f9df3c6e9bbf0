//! Model-based random test: random event logs are folded by the real code and by a deliberately
//! simple independent model (an explicit list of allowed moves, last-writer fields), and the two
//! must agree. A tiny deterministic PRNG keeps failures reproducible without a crate.

use chrono::{Duration, NaiveDate};

use super::event::{Actor, Event, EventKind, EvidenceRef, Owner, Status};
use super::state::fold;
use super::state::tests::{commitment, day, ts};
use crate::model::{DocId, Span};

/// splitmix64: small, deterministic, good enough to pick test cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Every allowed move, written out by hand (independently of `check_transition`):
/// (from, to, note required).
const ALLOWED: &[(Status, Status, bool)] = {
    use Status::*;
    &[
        (Open, InProgress, false),
        (Open, Done, false),
        (Open, Dropped, true),
        (Open, Waived, true),
        (InProgress, Open, false),
        (InProgress, Done, false),
        (InProgress, Dropped, true),
        (InProgress, Waived, true),
        (Done, Open, true),
        (Done, InProgress, true),
        (Dropped, Open, true),
        (Dropped, InProgress, true),
        (Waived, Open, true),
        (Waived, InProgress, true),
    ]
};

#[derive(Debug)]
struct Model {
    status: Status,
    extracted_due: Option<NaiveDate>,
    extracted_group: Option<String>,
    by: Vec<String>,
    person_due: Option<Option<NaiveDate>>,
    person_owner: Option<Owner>,
    merged: Option<String>,
    notes: usize,
    linked: Vec<usize>,
    rejected: Vec<usize>,
    pending: Vec<usize>,
    skipped: usize,
}

impl Model {
    fn owner(&self) -> Owner {
        if let Some(o) = &self.person_owner {
            return o.clone();
        }
        match &self.extracted_group {
            Some(g) => Owner::Group(g.clone()),
            None => Owner::Parties(self.by.clone()),
        }
    }

    fn due(&self) -> Option<NaiveDate> {
        match self.person_due {
            Some(d) => d,
            None => self.extracted_due,
        }
    }
}

const ID: &str = "C-0badf00d";

fn evidence(n: usize) -> EvidenceRef {
    EvidenceRef {
        doc: DocId(format!("{n:064x}")),
        span: Span(n, n + 5),
        sentence: format!("sentence {n}"),
        published: None,
    }
}

fn some_note(rng: &mut Rng) -> Option<String> {
    rng.pick(&[None, Some(""), Some("  "), Some("a reason")])
        .map(String::from)
}

/// One random event, and its effect on the model.
fn step(rng: &mut Rng, m: &mut Model, at: chrono::DateTime<chrono::Utc>) -> Event {
    let dues = [
        None,
        Some("2024-12-31"),
        Some("2025-06-30"),
        Some("2023-01-31"),
    ];
    let parties: [&[&str]; 3] = [&["Korea Post"], &["China Post", "Japan Post"], &[]];
    let owners = [
        Owner::Person("Kim".into()),
        Owner::Group("joint working group".into()),
        Owner::Party("UPU".into()),
    ];
    let actor = Actor::User("tester".into());
    let kind = match rng.below(9) {
        0 => {
            let due = rng.pick(&dues).map(day);
            let by: Vec<&str> = rng.pick(&parties).to_vec();
            let mut c = commitment(ID, &by, "resume the service", None);
            c.due = due;
            c.group = rng.pick(&[None, Some("task force")]).map(String::from);
            m.extracted_due = due;
            m.extracted_group = c.group.clone();
            m.by = c.by.clone();
            return Event::extracted(&DocId("a".repeat(64)), None, &c, at, "extractor");
        }
        1..=3 => {
            let to = *rng.pick(&Status::ALL);
            let note = some_note(rng);
            let has_note = note.as_deref().is_some_and(|n| !n.trim().is_empty());
            let ok = ALLOWED
                .iter()
                .any(|&(f, t, need)| f == m.status && t == to && (!need || has_note));
            if ok {
                m.status = to;
                if has_note {
                    m.notes += 1;
                }
            } else {
                m.skipped += 1;
            }
            EventKind::StatusChanged { to, note }
        }
        4 => {
            let due = rng.pick(&dues).map(day);
            m.person_due = Some(due);
            EventKind::DueChanged { due, note: None }
        }
        5 => {
            let owner = rng.pick(&owners).clone();
            m.person_owner = Some(owner.clone());
            m.notes += 1;
            EventKind::OwnerChanged {
                owner,
                note: Some("handed over".into()),
            }
        }
        6 => {
            let into = rng
                .pick(&[None, Some("C-00000001"), Some(ID)])
                .map(String::from);
            if into.as_deref() == Some(ID) {
                m.skipped += 1;
            } else {
                m.merged = into.clone();
            }
            EventKind::Merged { into }
        }
        7 => {
            let text = rng.pick(&["", "called them", " "]).to_string();
            if text.trim().is_empty() {
                m.skipped += 1;
            } else {
                m.notes += 1;
            }
            EventKind::NoteAdded { text }
        }
        _ => {
            let n = rng.below(3);
            let ev = evidence(n);
            match rng.below(3) {
                0 => {
                    if !m.linked.contains(&n) && !m.rejected.contains(&n) && !m.pending.contains(&n)
                    {
                        m.pending.push(n);
                    }
                    EventKind::EvidenceSuggested {
                        evidence: ev,
                        score: 0.5,
                        suggests: None,
                        note: None,
                    }
                }
                1 => {
                    if m.linked.contains(&n) {
                        m.skipped += 1;
                    } else {
                        m.pending.retain(|&p| p != n);
                        m.rejected.retain(|&p| p != n);
                        m.linked.push(n);
                    }
                    EventKind::EvidenceLinked {
                        evidence: ev,
                        note: None,
                    }
                }
                _ => {
                    m.pending.retain(|&p| p != n);
                    m.linked.retain(|&p| p != n);
                    if !m.rejected.contains(&n) {
                        m.rejected.push(n);
                    }
                    EventKind::EvidenceRejected {
                        evidence: ev,
                        note: None,
                    }
                }
            }
        }
    };
    Event::new(ID, at, actor, kind)
}

#[test]
fn fold_agrees_with_a_simple_model_on_random_logs() {
    let mut rng = Rng(0x5eed_acc0);
    for case in 0..500 {
        let first = commitment(
            ID,
            &["Korea Post"],
            "resume the service",
            Some("2024-12-31"),
        );
        let mut m = Model {
            status: Status::Open,
            extracted_due: first.due,
            extracted_group: None,
            by: first.by.clone(),
            person_due: None,
            person_owner: None,
            merged: None,
            notes: 0,
            linked: Vec::new(),
            rejected: Vec::new(),
            pending: Vec::new(),
            skipped: 0,
        };
        let start = ts("2024-07-10");
        let mut log = vec![Event::extracted(
            &DocId("a".repeat(64)),
            None,
            &first,
            start,
            "extractor",
        )];
        let len = rng.below(40);
        for i in 0..len {
            let at = start + Duration::hours(i as i64 + 1);
            log.push(step(&mut rng, &mut m, at));
        }
        // The store keeps JSON: fold what comes back from it.
        let json: Vec<String> = log
            .iter()
            .map(|e| serde_json::to_string(e).expect("events serialise"))
            .collect();
        let back: Vec<Event> = json
            .iter()
            .map(|j| serde_json::from_str(j).expect("events deserialise"))
            .collect();
        assert_eq!(back, log, "case {case}: JSON round trip");

        let st = fold(&back).expect("log starts with extracted");
        let ctx = format!("case {case}, model {m:?}, log {json:#?}");
        assert_eq!(st.status, m.status, "{ctx}");
        assert_eq!(st.due, m.due(), "{ctx}");
        assert_eq!(st.owner, m.owner(), "{ctx}");
        assert_eq!(st.merged_into, m.merged, "{ctx}");
        assert_eq!(st.notes.len(), m.notes, "{ctx}");
        assert_eq!(st.warnings.len(), m.skipped, "{ctx}");
        assert_eq!(st.events, log.len(), "{ctx}");
        let idx = |evs: &[EvidenceRef]| -> Vec<usize> { evs.iter().map(|e| e.span.0).collect() };
        assert_eq!(idx(&st.evidence), m.linked, "{ctx}");
        assert_eq!(idx(&st.rejected), m.rejected, "{ctx}");
        let pending: Vec<EvidenceRef> = st.pending.iter().map(|p| p.evidence.clone()).collect();
        assert_eq!(idx(&pending), m.pending, "{ctx}");
        assert_eq!(
            st.is_active(),
            m.status.is_active() && m.merged.is_none(),
            "{ctx}"
        );
    }
}

/// A random string of pieces that stress text handling: multi-byte letters, combining marks,
/// control characters, separators that formats escape, and real words.
fn nasty_text(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "resume",
        "resumed",
        "the",
        "EMS",
        "service",
        "Korea Post",
        "not",
        "will",
        "postponed",
        " ",
        ", ",
        "; ",
        "\\",
        "\"",
        "|",
        "<",
        "&",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "\u{7}",
        "\u{0}",
        "우정",
        "中国邮政",
        "é",
        "e\u{301}",
        "\u{2082}\u{2082}",
        "ss",
        "ies",
        "ed",
        "ing",
        "🙂",
        "\u{200b}",
        "a",
        "ll",
        "ee",
    ];
    let n = rng.below(30);
    (0..n).map(|_| *rng.pick(PIECES)).collect()
}

#[test]
fn text_functions_do_not_panic_on_random_input() {
    use super::ics::{calendar, escape_text, fold_line};
    use super::link::{stem, suggest, DocInput, OrgNames};
    use super::report::{report, ReportOptions};

    let mut rng = Rng(0xdead_beef);
    for case in 0..300 {
        let action = nasty_text(&mut rng);
        let party = nasty_text(&mut rng);
        let mut c = commitment(ID, &[party.as_str()], &action, Some("2024-12-31"));
        c.sentence = nasty_text(&mut rng);
        c.group = Some(nasty_text(&mut rng));
        let st = fold(&[Event::extracted(
            &DocId("a".repeat(64)),
            Some(day("2024-01-01")),
            &c,
            ts("2024-01-01"),
            "x",
        )])
        .expect("extracted starts a log");
        let sentences: Vec<(Span, String)> = (0..rng.below(4))
            .map(|i| (Span(i * 10, i * 10 + 5), nasty_text(&mut rng)))
            .collect();
        let doc = DocInput {
            id: DocId("b".repeat(64)),
            published: Some(day("2025-01-01")),
            orgs: vec![OrgNames {
                name: party.clone(),
                aliases: vec![nasty_text(&mut rng)],
            }],
            sentences,
            dates: Vec::new(),
        };
        let _ = suggest(std::slice::from_ref(&st), &[], &doc);
        for w in action.split(' ') {
            let _ = stem(w);
        }
        let line = format!("SUMMARY:{}", escape_text(&action));
        let folded = fold_line(&line);
        assert!(folded.split("\r\n").all(|p| p.len() <= 75), "case {case}");
        let ics = calendar(
            std::slice::from_ref(&st),
            day("2025-01-01"),
            3,
            ts("2025-01-01"),
        );
        assert!(
            !ics.replace("\r\n", "").contains(['\n', '\r']),
            "case {case}: bare line break"
        );
        let r = report(
            std::slice::from_ref(&st),
            &[],
            day("2025-01-01"),
            &ReportOptions::default(),
        );
        let html = r.to_html();
        // The item is overdue, so its action is listed: escaped, never raw.
        assert!(html.contains(&super::report::esc(&action)), "case {case}");
        // Document text adds no markup: as many '<' and '>' as with harmless text.
        let mut plain = st.clone();
        plain.action = "x".into();
        plain.by = vec!["p".into()];
        plain.owner = super::event::Owner::Party("p".into());
        let base = report(&[plain], &[], day("2025-01-01"), &ReportOptions::default()).to_html();
        for ch in ['<', '>', '"'] {
            assert_eq!(
                html.matches(ch).count(),
                base.matches(ch).count(),
                "case {case}: {ch}"
            );
        }
        let _ = (r.to_csv(), r.to_markdown(), r.to_json());
    }
}
