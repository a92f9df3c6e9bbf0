//! Tests of commitment extraction: splitting, subjects, negatives, strength, deadlines, seeds.

use super::*;
use crate::analyze::groups::find_groups;
use crate::analyze::parties::find_parties;
use crate::analyze::segment::sentences;
use crate::model::DateValue;

/// A date mention over the first occurrence of `words`, as the dates stage would give it.
pub(crate) fn mention(text: &str, words: &str, value: &str) -> DateMention {
    let start = text.find(words).expect("words in text");
    DateMention {
        text: words.to_string(),
        value: Some(value.parse::<DateValue>().expect("valid value")),
        until: None,
        trace: String::new(),
        rule: "test".to_string(),
        span: Span(start, start + words.len()),
    }
}

fn run(text: &str, dates: &[(&str, &str)]) -> Vec<Commitment> {
    let s = sentences(text);
    let p = find_parties(text, &s);
    let d: Vec<DateMention> = dates.iter().map(|(w, v)| mention(text, w, v)).collect();
    let g = find_groups(text, &s, &p, &d);
    find_commitments(text, &s, &p, &d, &g)
}

fn actions(c: &[Commitment]) -> Vec<&str> {
    c.iter().map(|c| c.action.as_str()).collect()
}

#[test]
fn actions_are_split_per_verb_phrase() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "agreed_to_and_to",
            "China Post and Japan Post agreed to expand e-commerce cooperation and to hold annual meetings.",
            &["expand e-commerce cooperation", "hold annual meetings"],
        ),
        (
            "prefixed_verb_starts_an_action",
            "Korea Post and Japan Post will launch a parcel service and co-issue a set of stamps.",
            &["launch a parcel service", "co-issue a set of stamps"],
        ),
        (
            "attribution_after_the_action",
            "Korea Post and Japan Post will cut the fee to 3 percent, Korea Post President Kim Min-jun told reporters.",
            &["cut the fee to 3 percent"],
        ),
        (
            "inserted_partner_between_verb_and_object",
            "Korea Post will study, together with Incheon Airport, the transfer of screening.",
            &["study the transfer of screening"],
        ),
        (
            "object_list_not_split",
            "Korea Post and Japan Post agreed to promote postcards, stamps and philatelic products.",
            &["promote postcards, stamps and philatelic products"],
        ),
        (
            "oxford_comma_four_actions",
            "Korea Post and Japan Post agreed to further explore drone delivery, step up staff training, work together to advance research and development, and promote talent exchanges.",
            &[
                "further explore drone delivery",
                "step up staff training",
                "work together to advance research and development",
                "promote talent exchanges",
            ],
        ),
        (
            "adverb_kept_with_verb",
            "Korea Post and Japan Post agreed to share data and jointly develop a tracking system.",
            &["share data", "jointly develop a tracking system"],
        ),
        (
            "also_is_not_part_of_the_action",
            "Korea Post will also explore green delivery, said its president.",
            &["explore green delivery"],
        ),
        (
            "as_well_as",
            "Korea Post will upgrade its sorting centres as well as train new staff.",
            &["upgrade its sorting centres", "train new staff"],
        ),
        (
            "noun_after_and_is_not_a_verb",
            "Korea Post will improve research and development in logistics.",
            &["improve research and development in logistics"],
        ),
    ];
    for (id, text, want) in cases {
        let got = run(text, &[]);
        assert_eq!(actions(&got), *want, "{id}");
    }
}

#[test]
fn who_committed() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "named_subjects",
            "China Post and Japan Post agreed to share air transport capacity.",
            &["China Post", "Japan Post"],
        ),
        (
            "reported_speech",
            "President Cho Hae-keun of Korea Post spoke. Cho said Korea Post will launch a new parcel service.",
            &["Korea Post"],
        ),
        (
            "person_subject_to_affiliation",
            "President Cho Hae-keun of Korea Post attended. Cho pledged to cut delivery times.",
            &["Korea Post"],
        ),
        (
            "both_sides",
            "Vice Minister Park Min-soo of the Ministry of Science and ICT met President Tanaka Hiroshi of Japan Post. Both sides agreed to exchange postal experts.",
            &["Ministry of Science and ICT", "Japan Post"],
        ),
        (
            "they_after_named_subject",
            "Thailand Post and Vietnam Post met in Hanoi. They agreed to link their tracking systems.",
            &["Thailand Post", "Vietnam Post"],
        ),
        (
            "the_three_posts_picks_three",
            "President Zhang Wei of China Post met Executive Vice President Sato Ken of Japan Post and Director General Kim Min-ho of Korea Post under the UPU framework. The three Posts agreed to share best practices.",
            &["China Post", "Japan Post", "Korea Post"],
        ),
        (
            "it_refers_to_sentence_subject",
            "Korea Post announced that it will open ten new offices.",
            &["Korea Post"],
        ),
        (
            "verb_coordinated_after_object",
            "The three parties met in Seoul. Korea Post, Japan Post and China Post signed the Memorandum of Cooperation for the Tenth Postal Meeting and agreed to establish a joint working group.",
            &["Korea Post", "Japan Post", "China Post"],
        ),
        (
            "counted_bodies_of_a_field",
            "The protocol was signed by the National Tax and Customs Administration and the Customs Administration of Serbia in March. The two customs services will clear the wagons on the train.",
            &["National Tax and Customs Administration", "Customs Administration of Serbia"],
        ),
        (
            "we_named_in_the_preamble",
            "We, the heads of the postal operators of Cyprus and Malta, members of the Postal Union for the Mediterranean (PUMed), namely Cyprus Post and MaltaPost, meeting in Valletta, have adopted this Statement.\n\n1. We agree to exchange electronic advance data.",
            &["Cyprus Post", "MaltaPost"],
        ),
    ];
    for (id, text, want) in cases {
        let got = run(text, &[]);
        assert_eq!(got.len(), 1, "{id}: {got:?}");
        assert_eq!(got[0].by, *want, "{id}");
    }
}

#[test]
fn subjects_in_the_genre() {
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "quote_speaker",
            "Minister Lee Jong-ho of the Ministry of Science and ICT met the UPU. \"We will share our experience with developing countries,\" Lee said.",
            &["share our experience with developing countries"],
            &["Ministry of Science and ICT"],
        ),
        (
            "reported_would",
            "Mongolia Post CEO Battulga Ganbold said the company would introduce a tracking system next year.",
            &["introduce a tracking system next year"],
            &["Mongolia Post"],
        ),
        (
            "each_party",
            "Korea Post and Thai Post signed the MoU. Each Party shall bear its own costs.",
            &["bear its own costs"],
            &["Korea Post", "Thai Post"],
        ),
        (
            "list_after_colon",
            "Korea Post and Thai Post signed the MoU. The Parties shall cooperate in the following areas: (a) e-commerce; (b) logistics.",
            &["cooperate in the following areas: (a) e-commerce; (b) logistics"],
            &["Korea Post", "Thai Post"],
        ),
        (
            "dateline_before_subject",
            "SEOUL, 12 March 2024 - Korea Post and Vietnam Post agreed to expand parcel exchange.",
            &["expand parcel exchange"],
            &["Korea Post", "Vietnam Post"],
        ),
        (
            "the_ministry_back_reference",
            "The Ministry of Science and ICT hosted the UPU. The UPU and the ministry agreed to host a workshop.",
            &["host a workshop"],
            &["Universal Postal Union", "Ministry of Science and ICT"],
        ),
        (
            "countries_by_name",
            "The United States and Japan agreed to hold annual consultations.",
            &["hold annual consultations"],
            &["United States", "Japan"],
        ),
        (
            "congress_decides",
            "Korea Post and Japan Post attended the Congress. The Congress decided to review terminal dues.",
            &["review terminal dues"],
            &["Korea Post", "Japan Post"],
        ),
    ];
    for (id, text, want_actions, want_by) in cases {
        let text = text.replace(
            "the UPU. The UPU",
            "the Universal Postal Union (UPU). The UPU",
        );
        let got = run(&text, &[]);
        assert_eq!(actions(&got), *want_actions, "{id}");
        assert_eq!(got[0].by, *want_by, "{id}");
    }
}

#[test]
fn agreed_on_a_noun_of_action() {
    let text = "Korea Post and Japan Post agreed on the establishment of a postal hotline.";
    let got = run(text, &[]);
    assert_eq!(actions(&got), ["establish a postal hotline"]);
    assert_eq!(got[0].rule, "commit.agreed_on");
    assert!(run("Korea Post and Japan Post agreed on closer ties.", &[]).is_empty());
}

#[test]
fn not_commitments() {
    let cases: &[(&str, &str)] = &[
        ("negation", "Japan Post did not agree to raise its rates."),
        ("neither_party", "Korea Post and Japan Post met. Neither Party shall disclose the tariffs to third parties."),
        ("declined", "China Post declined to comment on the rates."),
        ("welcome_and_look_forward", "The ministers of Korea Post and Japan Post welcomed the progress and looked forward to the next meeting."),
        ("hoped_that", "Korea Post and Japan Post met. Korea Post hoped that the two sides will expand cooperation."),
        ("passive_event", "Korea Post met Japan Post. A workshop will be held in Seoul next year."),
        ("event_without_actor", "Korea Post met Japan Post. The next meeting will take place in Tokyo in 2025."),
        ("past_reported", "Korea Post and Japan Post had agreed in 2019 to share data."),
        ("had_agreed_to", "Korea Post and Japan Post had agreed to share data."),
        ("question", "Will Korea Post expand its network?"),
        ("non_party_subject", "Korea Post met Japan Post. The service will resume next year."),
        ("relative_clause", "Korea Post launched a platform, which will connect sellers abroad."),
        ("document_as_subject", "Korea Post signed the MoU. The MoU aims to strengthen cooperation."),
        ("shall_not", "Korea Post and Japan Post signed. The Parties shall not disclose confidential information."),
        ("past_facts", "Korea Post and Japan Post discussed rates, signed the memorandum and visited a sorting centre."),
        ("quoted_general_intention", "\"We will continue cooperating with Japan Post to grow,\" said President Cho Hae-keun of Korea Post."),
    ];
    for (id, text) in cases {
        let got = run(text, &[]);
        assert!(got.is_empty(), "{id}: {:?}", actions(&got));
    }
}

#[test]
fn strength_from_verb() {
    let cases: &[(&str, &str, Strength)] = &[
        (
            "firm_agreed",
            "Korea Post and Japan Post agreed to share data.",
            Strength::Firm,
        ),
        (
            "firm_shall",
            "Korea Post and Japan Post signed. The Parties shall exchange data.",
            Strength::Firm,
        ),
        (
            "exploratory_study",
            "Korea Post and Japan Post agreed to study the feasibility of a joint parcel service.",
            Strength::Exploratory,
        ),
        (
            "exploratory_consider",
            "Korea Post and Japan Post will consider a joint stamp issue.",
            Strength::Exploratory,
        ),
        (
            "intent_plan",
            "Japan Post plans to open new logistics centres.",
            Strength::Intent,
        ),
        (
            "intent_expected",
            "Korea Post and Japan Post are expected to sign the agreement.",
            Strength::Intent,
        ),
        (
            "intent_aim",
            "Korea Post aims to double parcel volume.",
            Strength::Intent,
        ),
        (
            "firm_is_to",
            "Korea Post is to launch a drone delivery pilot.",
            Strength::Firm,
        ),
        (
            "firm_decided",
            "Korea Post decided to adopt electric vehicles.",
            Strength::Firm,
        ),
        (
            "firm_committed_gerund",
            "Korea Post is committed to reducing emissions.",
            Strength::Firm,
        ),
    ];
    for (id, text, want) in cases {
        let got = run(text, &[]);
        assert_eq!(got.len(), 1, "{id}: {got:?}");
        assert_eq!(got[0].strength, *want, "{id}");
    }
}

#[test]
fn deadlines_from_date_mentions() {
    // (id, text, date mention words, value, want action, want due, want due_text)
    let cases: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
        (
            "in_the_course_of_a_year",
            "Korea Post and Japan Post intend to pilot electric vans in Seoul in the course of 2027.",
            "2027",
            "2027",
            "pilot electric vans in Seoul",
            "2027-12-31",
            "in the course of 2027",
        ),
        (
            "by_end_of_year",
            "The CEOs of Korea Post and Japan Post agreed to resume the service by the end of this year.",
            "the end of this year",
            "2024-12-31",
            "resume the service",
            "2024-12-31",
            "by the end of this year",
        ),
        (
            "before_a_day_is_the_day_before",
            "Korea Post will notify the agreement to the UPU before 1 July 2025.",
            "1 July 2025",
            "2025-07-01",
            "notify the agreement to the UPU",
            "2025-06-30",
            "before 1 July 2025",
        ),
        (
            "by_month",
            "Korea Post will launch a new EMS service by March 2025.",
            "March 2025",
            "2025-03",
            "launch a new EMS service",
            "2025-03-31",
            "by March 2025",
        ),
        (
            "in_year",
            "Japan Post plans to open new centres in 2025.",
            "2025",
            "2025",
            "open new centres",
            "2025-12-31",
            "in 2025",
        ),
        (
            "within_months",
            "Korea Post and Thai Post signed. The Parties shall exchange contact points within six months.",
            "six months",
            "2024-11-05",
            "exchange contact points",
            "2024-11-05",
            "within six months",
        ),
        (
            "no_later_than",
            "Korea Post will submit the report no later than 30 June 2025.",
            "30 June 2025",
            "2025-06-30",
            "submit the report",
            "2025-06-30",
            "no later than 30 June 2025",
        ),
    ];
    for (id, text, words, value, action, due, due_text) in cases {
        let got = run(text, &[(words, value)]);
        assert_eq!(got.len(), 1, "{id}: {got:?}");
        assert_eq!(got[0].action, *action, "{id}");
        assert_eq!(
            got[0].due.map(|d| d.to_string()).as_deref(),
            Some(*due),
            "{id}"
        );
        assert_eq!(got[0].due_text.as_deref(), Some(*due_text), "{id}");
    }
}

#[test]
fn since_is_not_a_deadline() {
    let text = "Korea Post will keep the service suspended since 2020 for review.";
    let got = run(text, &[("2020", "2020")]);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].due, None);
}

#[test]
fn deadline_only_for_its_own_action() {
    let text = "Korea Post and Japan Post agreed to share data and to open a joint office by 2026.";
    let got = run(text, &[("2026", "2026")]);
    assert_eq!(actions(&got), ["share data", "open a joint office"]);
    assert_eq!(got[0].due, None);
    assert_eq!(
        got[1].due.map(|d| d.to_string()).as_deref(),
        Some("2026-12-31")
    );
}

#[test]
fn two_subjects_in_one_sentence() {
    let text =
        "China Post will provide the aircraft, while Japan Post will handle customs clearance.";
    let got = run(text, &[]);
    let pairs: Vec<(&str, Vec<String>)> = got
        .iter()
        .map(|c| (c.action.as_str(), c.by.clone()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("provide the aircraft", vec!["China Post".to_string()]),
            ("handle customs clearance", vec!["Japan Post".to_string()]),
        ]
    );
}

#[test]
fn working_group_tasks_name_the_group() {
    let text = "Korea Post and Japan Post agreed to establish a joint working group. The joint working group will draft an action plan.";
    let got = run(text, &[]);
    assert_eq!(
        actions(&got),
        ["establish a joint working group", "draft an action plan"]
    );
    assert_eq!(got[0].group, None);
    assert_eq!(got[1].group.as_deref(), Some("joint working group"));
    assert_eq!(got[1].by, ["Korea Post", "Japan Post"]);
    assert_eq!(got[1].rule, "commit.group_task");
}

#[test]
fn spans_and_sentences_point_into_the_text() {
    let text = "Korea Post and Japan Post met in Seoul. They agreed to share data, connect networks and sign a pact.";
    for c in run(text, &[]) {
        assert_eq!(c.span.slice(text), c.action, "span of {}", c.action);
        assert!(c.sentence.contains(&c.action));
        assert!(c.id.is_empty());
    }
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!("/work/shared/seeds/{name}")).expect("seed readable")
}

#[test]
fn seed_000_commitments() {
    let text = seed("000_e9bc35649db03677.txt");
    let got = run(&text, &[]);
    let three = [
        "China Post Group Corporation Limited",
        "Japan Post",
        "Korea Post",
    ];
    let want_starts: &[(&str, Strength)] = &[
        ("share air transportation resources", Strength::Firm),
        ("connect their domestic networks", Strength::Firm),
        ("link their information networks", Strength::Firm),
        (
            "jointly explore mail presorting solutions",
            Strength::Exploratory,
        ),
        ("sign pair project", Strength::Firm),
        ("share their best practices", Strength::Firm),
        ("intensify cultural exchanges", Strength::Firm),
        (
            "further explore postal digital transformation",
            Strength::Exploratory,
        ),
        ("step up experience sharing", Strength::Firm),
        (
            "work together to advance research and development",
            Strength::Firm,
        ),
        ("promote talent exchanges", Strength::Firm),
        (
            "establish a joint working group to implement the consensus",
            Strength::Firm,
        ),
    ];
    assert_eq!(got.len(), want_starts.len(), "{:?}", actions(&got));
    for (c, (start, strength)) in got.iter().zip(want_starts) {
        assert!(c.action.starts_with(start), "{} vs {start}", c.action);
        assert_eq!(c.strength, *strength, "{}", c.action);
        assert_eq!(c.by, three, "{}", c.action);
    }
}

#[test]
fn seed_004_commitment() {
    let text = seed("004_c81f2e9b14abcc74.txt");
    let got = run(&text, &[("the end of this year", "2024-12-31")]);
    assert_eq!(got.len(), 1, "{:?}", actions(&got));
    let c = &got[0];
    assert_eq!(
        c.action,
        "resume the EMS delivery guarantee service among Kahala member countries"
    );
    assert!(c.by.contains(&"Korea Post".to_string()));
    assert!(c.by.contains(&"Kahala Posts Group".to_string()));
    assert_eq!(c.due.map(|d| d.to_string()).as_deref(), Some("2024-12-31"));
    assert_eq!(c.due_text.as_deref(), Some("by the end of this year"));
    assert_eq!(c.strength, Strength::Firm);
}

#[test]
fn no_panics_on_cut_or_odd_texts() {
    let mut texts: Vec<String> = [
        "",
        "\"",
        "will",
        "agreed to",
        "They agreed to and",
        "Korea Post will (",
        "signed the",
        "Signed in",
        "the three Posts agreed to share (a; b: c",
        "“We will continue,” said",
        "agreed on the establishment of",
        "中国邮政 will 共享 resources, and 日本郵便 agreed to 探索.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for name in ["000_e9bc35649db03677.txt", "004_c81f2e9b14abcc74.txt"] {
        let full = seed(name);
        let cuts: Vec<usize> = full.char_indices().map(|(i, _)| i).step_by(37).collect();
        for c in cuts {
            texts.push(full[..c].to_string());
            texts.push(full[c..].to_string());
        }
    }
    for t in &texts {
        let _ = run(t, &[]);
    }
}

#[test]
fn parties_from_other_sentences_are_resolved_afresh() {
    let text = "Korea Post and Japan Post met in Seoul. They agreed to share data.";
    let whole = [Sentence {
        span: Span(0, text.len()),
        prose: true,
    }];
    let p = find_parties(text, &whole);
    let s = sentences(text);
    let got = find_commitments(text, &s, &p, &[], &[]);
    assert_eq!(actions(&got), ["share data"]);
    assert_eq!(got[0].by, ["Korea Post", "Japan Post"]);
}

#[test]
fn passive_group_establishment_is_a_commitment() {
    let text = "Korea Post and Japan Post met in Seoul. A joint committee will be established to monitor service quality.";
    let got = run(text, &[]);
    assert_eq!(
        actions(&got),
        ["establish a joint committee to monitor service quality"]
    );
    assert_eq!(got[0].by, ["Korea Post", "Japan Post"]);
    assert_eq!(got[0].rule, "commit.group_passive");
    // A memorandum that sets the group up itself.
    let hereby = "Korea Post and Japan Post signed this Memorandum.\n\n4.1 A Joint Technical Committee is hereby established, composed of three representatives of each Party.";
    let got = run(hereby, &[]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].rule, "commit.group_passive");
    assert!(got[0]
        .action
        .starts_with("establish a Joint Technical Committee"));
    // The make-up between the name and the verb, and the purpose after a later make-up.
    for text in [
        "Korea Post and Japan Post signed this Memorandum.\n\n4.1 A Joint Technical Committee composed of three representatives of each Party is hereby established to monitor service quality.",
        "Korea Post and Japan Post signed this Memorandum.\n\n4.1 A Joint Technical Committee is hereby established, composed of three representatives of each Party, to monitor service quality.",
    ] {
        let got = run(text, &[]);
        assert_eq!(
            actions(&got),
            ["establish a Joint Technical Committee to monitor service quality"],
            "{text}"
        );
    }
    // Already set up: a fact, not a commitment.
    let past = "Korea Post and Japan Post met in Seoul. A joint committee was established in 2019.";
    assert!(run(past, &[]).is_empty());
}

#[test]
fn deadline_at_the_front_of_the_sentence() {
    let text = "Korea Post and Thai Post signed the MoU. By 2025, the Parties shall open a joint office and train staff.";
    let got = run(text, &[("2025", "2025")]);
    assert_eq!(actions(&got), ["open a joint office", "train staff"]);
    for c in &got {
        assert_eq!(c.due.map(|d| d.to_string()).as_deref(), Some("2025-12-31"));
        assert_eq!(c.due_text.as_deref(), Some("By 2025"));
    }
    // A meeting date at the front is not a deadline.
    let text = "Korea Post met Thai Post. On November 28, the two sides agreed to share data.";
    let got = run(text, &[("November 28", "2023-11-28")]);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].due, None);
}

#[test]
fn every_finding_names_a_declared_rule() {
    use crate::analyze::{agreements, groups, parties};
    let declared: Vec<&str> = [
        parties::RULES,
        groups::RULES,
        agreements::RULES,
        super::RULES,
    ]
    .concat()
    .iter()
    .map(|r| r.id)
    .collect();
    let mut unique = declared.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), declared.len(), "rule ids are unique");
    for name in ["000_e9bc35649db03677.txt", "004_c81f2e9b14abcc74.txt"] {
        let text = seed(name);
        let s = sentences(&text);
        let p = find_parties(&text, &s);
        let g = find_groups(&text, &s, &p, &[]);
        let a = agreements::find_agreements(&text, &s, &p, &[]);
        let c = find_commitments(&text, &s, &p, &[], &g);
        let used = p
            .organizations
            .iter()
            .map(|x| x.rule.as_str())
            .chain(p.people.iter().map(|x| x.rule.as_str()))
            .chain(p.places.iter().map(|x| x.rule.as_str()))
            .chain(g.iter().map(|x| x.rule.as_str()))
            .chain(a.iter().map(|x| x.rule.as_str()))
            .chain(c.iter().map(|x| x.rule.as_str()));
        for rule in used {
            assert!(declared.contains(&rule), "{name}: undeclared rule {rule}");
        }
    }
}

/// A text without full stops is one long sentence: each commitment keeps only a window of it
/// as context, so memory stays linear in the text.
#[test]
fn one_endless_sentence_keeps_context_bounded() {
    let unit = "Korea Post and Japan Post agreed to open a parcel route and to share data ; \"We will do it,\" he said ; the committee is to report to the Board ; ";
    let text = unit.repeat(400);
    let s = sentences(&text);
    let p = find_parties(&text, &s);
    let g = find_groups(&text, &s, &p, &[]);
    let got = find_commitments(&text, &s, &p, &[], &g);
    assert!(!got.is_empty());
    for c in &got {
        assert!(c.sentence.len() <= MAX_CONTEXT + 8, "{}", c.sentence.len());
    }
}

/// Timing of the analysers on one long sentence and on many sentences, at three sizes: run by
/// hand (`--ignored --nocapture`) to check that doubling the text about doubles the time.
#[test]
#[ignore]
fn timing_grows_linearly() {
    use std::time::Instant;
    let unit = "Korea Post and Japan Post agreed to open a parcel route, to share data on customs, and to set up a joint working group on parcel post by the end of 2025, with members from both sides. The task force is to report to the Board, which signed the memorandum of understanding that both sides signed in March. \"We will do it,\" he said, adding that the committee \"will meet\" soon, an issue on which they agreed. ";
    for n in [50usize, 100, 200] {
        for text in [unit.repeat(n), unit.repeat(n).replace(". ", " ; ")] {
            let s = sentences(&text);
            let p = find_parties(&text, &s);
            let t = Instant::now();
            let g = find_groups(&text, &s, &p, &[]);
            let a = crate::analyze::agreements::find_agreements(&text, &s, &p, &[]);
            let c = find_commitments(&text, &s, &p, &[], &g);
            println!(
                "{} bytes, {} sentences: {:?} ({} groups, {} agreements, {} commitments)",
                text.len(),
                s.len(),
                t.elapsed(),
                g.len(),
                a.len(),
                c.len()
            );
        }
    }
}

/// Time per call on a real news report of about 3 KB, by hand (`--ignored --nocapture`).
#[test]
#[ignore]
fn timing_of_a_news_report() {
    use std::time::Instant;
    let Ok(text) = std::fs::read_to_string("corpus/news-kahala-ceo-meeting-ems-guarantee.txt")
    else {
        return;
    };
    let s = sentences(&text);
    let p = find_parties(&text, &s);
    let d = crate::analyze::dates::find_dates(&text, &s, None);
    let n = 200;
    let t = Instant::now();
    for _ in 0..n {
        let _ = find_groups(&text, &s, &p, &d);
    }
    let tg = t.elapsed() / n;
    let g = find_groups(&text, &s, &p, &d);
    let t = Instant::now();
    for _ in 0..n {
        let _ = crate::analyze::agreements::find_agreements(&text, &s, &p, &d);
    }
    let ta = t.elapsed() / n;
    let t = Instant::now();
    for _ in 0..n {
        let _ = find_commitments(&text, &s, &p, &d, &g);
    }
    let tc = t.elapsed() / n;
    println!(
        "{} bytes, per document: groups {tg:?} agreements {ta:?} commitments {tc:?}",
        text.len()
    );
}

#[test]
fn adjunct_tails_are_cut() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "participial_clause",
            "Korea Post will operate three weekly flights with freighters, carrying mainly small parcels.",
            &["operate three weekly flights with freighters"],
        ),
        (
            "apposition_without_a_list",
            "Korea Post and Japan Post agreed to explore a common approach to lithium batteries, an issue on which airlines have tightened their rules.",
            &["explore a common approach to lithium batteries"],
        ),
        (
            "chaired_by_with_members",
            "Korea Post decided to set up a task force on parcels, chaired by Japan Post, with members from Thailand Post.",
            &["set up a task force on parcels"],
        ),
        (
            "prepositional_tail",
            "Korea Post will open a sea route between Busan and Fukuoka, at a lower price than airmail.",
            &["open a sea route between Busan and Fukuoka"],
        ),
        (
            "result_clause_after_comma",
            "Korea Post will link its mail system with the customs platform, so that declarations are filed automatically.",
            &["link its mail system with the customs platform"],
        ),
        (
            "adverb_tail",
            "Korea Post and Japan Post will meet twice a year, alternately in Seoul and in Tokyo.",
            &["meet twice a year"],
        ),
        (
            "noun_list_is_kept",
            "Korea Post will exchange experts on e-commerce, customs and postal security.",
            &["exchange experts on e-commerce, customs and postal security"],
        ),
        (
            "list_with_articles_is_kept",
            "Korea Post will share the tariff, the timetable and the contact list.",
            &["share the tariff, the timetable and the contact list"],
        ),
        (
            "tail_keeps_its_own_and",
            "The secretariats of Korea Post and Japan Post will seek contributions in kind, for example the hosting of meetings and study visits.",
            &["seek contributions in kind"],
        ),
        (
            "verbs_sharing_an_object",
            "Korea Post and Japan Post agreed to establish a committee to coordinate and monitor the plan.",
            &["establish a committee to coordinate and monitor the plan"],
        ),
        (
            "and_to_after_a_noun_that_is_also_a_verb",
            "Korea Post agreed to publish reports for the returns pilot and to consider a common tariff.",
            &["publish reports for the returns pilot", "consider a common tariff"],
        ),
        ("pronoun_object_only", "Korea Post will now test it.", &[]),
        (
            "cataphoric_object",
            "Korea Post and Japan Post will carry out the following actions.",
            &[],
        ),
        (
            "people_served_are_not_a_party",
            "Korea Post met Japan Post. Customers will pay a fixed fee per return.",
            &[],
        ),
        (
            "carrying_on_in_a_quote",
            "Korea Post won an award. \"We will keep listening to our customers,\" said its president.",
            &[],
        ),
        (
            "purpose_after_a_parenthetical_tail",
            "Korea Post and Japan Post agreed to establish a joint working group, with two members from each side, to prepare the timetable.",
            &["establish a joint working group"],
        ),
        (
            "membership_is_not_an_action",
            "Korea Post said the task force will include Japan Post and Thailand Post.",
            &[],
        ),
    ];
    for (id, text, want) in cases {
        let got = run(text, &[]);
        assert_eq!(actions(&got), *want, "{id}");
    }
}

#[test]
fn deadlines_and_time_phrases() {
    // (id, text, dates, actions, dues)
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [(&'a str, &'a str)],
        &'a [&'a str],
        &'a [Option<&'a str>],
    );
    let cases: &[Case] = &[
        (
            "time_phrase_closes_the_action",
            "Korea Post and Japan Post agreed to open a sea route between Busan and Fukuoka from April next year for items that are not urgent.",
            &[("April next year", "2026-04")],
            &["open a sea route between Busan and Fukuoka"],
            &[Some("2026-04-30")],
        ),
        (
            "start_date_is_the_date",
            "Korea Post will run a limited trial with 200 sellers from 14 April.",
            &[("14 April", "2025-04-14")],
            &["run a limited trial with 200 sellers"],
            &[Some("2025-04-14")],
        ),
        (
            "year_after_for_is_not_a_deadline",
            "Korea Post will draw up a work plan for 2026 by 31 October 2025.",
            &[("2026", "2026"), ("31 October 2025", "2025-10-31")],
            &["draw up a work plan for 2026"],
            &[Some("2025-10-31")],
        ),
        (
            "preposition_a_few_words_back",
            "Korea Post will propose label rules by the Council's October session.",
            &[("October", "2025-10")],
            &["propose label rules"],
            &[Some("2025-10-31")],
        ),
        (
            "sentence_final_deadline_holds_for_both_clauses",
            "Korea Post will align its data model with the customs message, and Japan Post will update its declaration system, before the end of March 2026.",
            &[("March 2026", "2026-03")],
            &[
                "align its data model with the customs message",
                "update its declaration system",
            ],
            &[Some("2026-03-31"), Some("2026-03-31")],
        ),
        (
            "parenthetical_after_the_modal",
            "Korea Post and Japan Post shall, within sixty days of signature, agree on a schedule of dispatches.",
            &[("sixty days", "2025-07-07")],
            &["agree on a schedule of dispatches"],
            &[Some("2025-07-07")],
        ),
        (
            "parenthetical_after_the_verb",
            "Korea Post and Japan Post shall share, within ten days of a request, any information needed for an investigation.",
            &[("ten days", "2025-01-11")],
            &["share any information needed for an investigation"],
            &[Some("2025-01-11")],
        ),
        (
            "meeting_is_the_means",
            "Korea Post and Japan Post will meet in Bangkok next month to fix a new timetable for the launch.",
            &[("next month", "2025-10")],
            &["fix a new timetable for the launch"],
            &[None],
        ),
        (
            "since_is_not_a_deadline",
            "Korea Post will keep the guarantee it has offered since 2020.",
            &[("2020", "2020")],
            &["keep the guarantee it has offered since 2020"],
            &[None],
        ),
    ];
    for (id, text, dates, want, dues) in cases {
        let got = run(text, dates);
        assert_eq!(actions(&got), *want, "{id}");
        let got_dues: Vec<Option<String>> =
            got.iter().map(|c| c.due.map(|d| d.to_string())).collect();
        let want_dues: Vec<Option<String>> = dues.iter().map(|d| d.map(str::to_string)).collect();
        assert_eq!(got_dues, want_dues, "{id}");
    }
}

#[test]
fn a_period_is_not_a_deadline() {
    let text = "Korea Post and Japan Post agreed to explore joint charters during the peak season from November to January.";
    let mut d = mention(text, "November to January", "2025-11");
    d.until = Some("2026-01".parse().expect("valid"));
    let s = sentences(text);
    let p = find_parties(text, &s);
    let got = find_commitments(text, &s, &p, &[d], &[]);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].due, None);
}

#[test]
fn groups_and_bodies_as_subjects() {
    // (id, text, action, by, group)
    type Case<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], Option<&'a str>);
    let cases: &[Case] = &[
        (
            "the_task_force_refers_back",
            "Korea Post and Japan Post decided to set up a Task Force on Parcel Labels. The task force is to propose common label rules.",
            "propose common label rules",
            &["Korea Post", "Japan Post"],
            Some("Task Force on Parcel Labels"),
        ),
        (
            "which_is_to_after_the_group",
            "Korea Post set up a Regional Committee made up of Fiji Post and Samoa Post, which is to present a draft at the next meeting.",
            "present a draft at the next meeting",
            &["Fiji Post", "Samoa Post"],
            Some("Regional Committee"),
        ),
        (
            "it_after_a_group_subject",
            "Korea Post and Japan Post met in Seoul. The joint working group on parcel post was set up by both. It is to prepare the launch of the new service.",
            "prepare the launch of the new service",
            &["Korea Post", "Japan Post"],
            Some("joint working group on parcel post"),
        ),
        (
            "body_noun_subject",
            "Korea Post and Japan Post met in Seoul. The secretariats will review progress every six months.",
            "review progress every six months",
            &["Korea Post", "Japan Post"],
            None,
        ),
        (
            "numbered_clause_and_a_name_part_read_as_chrome",
            "The World Customs Organization (WCO) and the Universal Postal Union (UPU) met at the WCO-UPU Contact Committee.\n\n5. The Contact Committee will review the joint guide at each of its meetings.",
            "review the joint guide at each of its meetings",
            &["World Customs Organization", "Universal Postal Union"],
            Some("WCO-UPU Contact Committee"),
        ),
        (
            "adverb_between_agreed_and_to",
            "Korea Post and Japan Post dropped the drone trial. The two operators agreed instead to study electric boats.",
            "study electric boats",
            &["Korea Post", "Japan Post"],
            None,
        ),
    ];
    for (id, text, action, by, group) in cases {
        let got = run(text, &[]);
        let c = got
            .iter()
            .find(|c| c.action == *action)
            .unwrap_or_else(|| panic!("{id}: {:?}", actions(&got)));
        assert_eq!(c.by, *by, "{id}");
        assert_eq!(c.group.as_deref(), *group, "{id}");
    }
    // A thing, not a body, scheduled without an actor.
    assert!(run(
        "Korea Post met Japan Post. The service will start in June.",
        &[]
    )
    .is_empty());
}

#[test]
fn action_tables() {
    // (id, text, dates, (action, by, due) rows)
    type Row<'a> = (&'a str, &'a [&'a str], Option<&'a str>);
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a [Row<'a>]);
    let cases: &[Case] = &[
        (
            "markdown_table",
            "Korea Post and Japan Post adopted this plan.\n\n| No. | Action | Lead | Deadline |\n|---|---|---|---|\n| 1 | Publish a joint guide on customs data | Both | Q2 2026 |\n| 2 | Map the returns offers and publish the results | Japan Post | end-2026 |\n",
            &[("Q2 2026", "2026-06"), ("end-2026", "2026")],
            &[
                ("publish a joint guide on customs data", &["Korea Post", "Japan Post"], Some("2026-06-30")),
                ("map the returns offers", &["Japan Post"], Some("2026-12-31")),
                ("publish the results", &["Japan Post"], Some("2026-12-31")),
            ],
        ),
        (
            "tab_separated_minutes",
            "Korea Post and Japan Post met in Seoul.\n\nNo.\tAction\tOwner\tDeadline\n1\tShare the warehouse tariff\tKorea Post\t21 November 2025\n",
            &[("21 November 2025", "2025-11-21")],
            &[("share the warehouse tariff", &["Korea Post"], Some("2025-11-21"))],
        ),
        (
            "a_table_of_people_is_not_an_action_table",
            "Korea Post and Japan Post met in Seoul.\n\n| Name | Role |\n|---|---|\n| Kim Min-jun | President |\n",
            &[],
            &[],
        ),
    ];
    for (id, text, dates, want) in cases {
        let got: Vec<(String, Vec<String>, Option<String>)> = run(text, dates)
            .into_iter()
            .filter(|c| c.rule == "commit.table_row")
            .map(|c| (c.action, c.by, c.due.map(|d| d.to_string())))
            .collect();
        let want: Vec<(String, Vec<String>, Option<String>)> = want
            .iter()
            .map(|(a, b, d)| {
                (
                    a.to_string(),
                    b.iter().map(|s| s.to_string()).collect(),
                    d.map(str::to_string),
                )
            })
            .collect();
        assert_eq!(got, want, "{id}");
    }
}

#[test]
fn tasks_and_second_predicates() {
    // (id, text, actions with their groups)
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, Option<&'a str>)]);
    let cases: &[Case] = &[
        (
            "is_tasked_with_gerund",
            "Korea Post and Japan Post agreed to set up a joint working group on parcel post. The joint working group will include staff from both sides and is tasked with preparing the launch of the new service.",
            &[
                ("set up a joint working group on parcel post", None),
                ("prepare the launch of the new service", Some("joint working group on parcel post")),
            ],
        ),
        (
            "tasked_the_group_with",
            "Korea Post and Japan Post set up a joint working group. They tasked the joint working group with drafting a common timetable.",
            &[("draft a common timetable", Some("joint working group"))],
        ),
        (
            "second_modal_after_and",
            "The two Ministries of Korea Post and Japan Post met. 5. The two Ministries will exchange information on rural delivery, including delivery frequency, and will hold a joint seminar in Seoul.",
            &[
                ("exchange information on rural delivery", None),
                ("hold a joint seminar in Seoul", None),
            ],
        ),
        (
            "intent_after_and",
            "Korea Post and Mongol Post met. 2.5 The Participants will consider the joint purchase of sorting equipment, and intend to sign a separate agreement on the matter.",
            &[
                ("consider the joint purchase of sorting equipment", None),
                ("sign a separate agreement on the matter", None),
            ],
        ),
        (
            "time_phrase_between_agreed_and_to",
            "Korea Post and Japan Post agreed on Monday to open a parcel lane.",
            &[("open a parcel lane", None)],
        ),
    ];
    for (id, text, want) in cases {
        let got: Vec<(String, Option<String>)> = run(text, &[])
            .into_iter()
            .map(|c| (c.action, c.group))
            .collect();
        let want: Vec<(String, Option<String>)> = want
            .iter()
            .map(|(a, g)| (a.to_string(), g.map(str::to_string)))
            .collect();
        assert_eq!(got, want, "{id}");
    }
    let gerunds = [
        ("preparing", "prepare"),
        ("drafting", "draft"),
        ("running", "run"),
        ("reviewing", "review"),
        ("compiling", "compile"),
        ("mapping", "map"),
    ];
    for (g, base) in gerunds {
        assert_eq!(base_of_gerund(g), base, "{g}");
    }
}

#[test]
fn lists_under_an_opener() {
    // (id, text, dates, (action, by, due))
    type Item<'a> = (&'a str, &'a [&'a str], Option<&'a str>);
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a [Item<'a>]);
    let cases: &[Case] = &[
        (
            "bullets_after_agreed_to",
            "Korea Post and Japan Post met in Seoul.\n\nThe two sides agreed to:\n- launch a tracked packet service by the end of March;\n- exchange staff and study electric vans.\n",
            &[("March", "2025-03")],
            &[
                ("launch a tracked packet service", &["Korea Post", "Japan Post"], Some("2025-03-31")),
                ("exchange staff", &["Korea Post", "Japan Post"], None),
                ("study electric vans", &["Korea Post", "Japan Post"], None),
            ],
        ),
        (
            "lettered_items_after_will",
            "Korea Post will:\n(a) open a parcel lane to Hanoi;\n(b) Train ten counter staff.\n",
            &[],
            &[
                ("open a parcel lane to Hanoi", &["Korea Post"], None),
                ("train ten counter staff", &["Korea Post"], None),
            ],
        ),
        (
            "wrapped_items_and_a_paragraph_that_ends_the_list",
            "Korea Post and Japan Post met in Seoul.\n\nThe two sides agreed to:\n(a) consolidate parcels to Europe through\nJapan Post's hub in Tokyo;\n(b) publish a customer guide.\n5. Korea Post thanked its host.\n6. Review. These terms will be reviewed in 2028.\n",
            &[],
            &[
                ("consolidate parcels to Europe through Japan Post's hub in Tokyo", &["Korea Post", "Japan Post"], None),
                ("publish a customer guide", &["Korea Post", "Japan Post"], None),
            ],
        ),
        (
            "a_group_as_the_opener",
            "Fiji Post and Tonga Post set up a Joint Parcel Working Group, composed of Fiji Post and Tonga Post.\n\nThe Working Group shall:\n(a) map the parcel flows;\n(b) propose a tariff.\n",
            &[],
            &[
                ("map the parcel flows", &["Fiji Post", "Tonga Post"], None),
                ("propose a tariff", &["Fiji Post", "Tonga Post"], None),
            ],
        ),
        (
            "a_page_break_after_the_opener",
            "Korea Post shall jointly:\u{c}(a) open a parcel lane to Hanoi; and\n(b) train ten counter staff;\nand\n\n(c) print a guide.\n",
            &[],
            &[
                ("open a parcel lane to Hanoi", &["Korea Post"], None),
                ("train ten counter staff", &["Korea Post"], None),
                ("print a guide", &["Korea Post"], None),
            ],
        ),
        (
            "list_without_an_opener",
            "Korea Post met Japan Post.\n\nHighlights:\n- record volumes in March\n- new lockers\n",
            &[],
            &[],
        ),
        (
            "opener_followed_by_prose",
            "Korea Post will:\nMore details follow next week.\n",
            &[],
            &[],
        ),
    ];
    for (id, text, dates, want) in cases {
        let got: Vec<(String, Vec<String>, Option<String>)> = run(text, dates)
            .into_iter()
            .filter(|c| c.rule == "commit.list_item")
            .map(|c| (c.action, c.by, c.due.map(|d| d.to_string())))
            .collect();
        let want: Vec<(String, Vec<String>, Option<String>)> = want
            .iter()
            .map(|(a, b, d)| {
                (
                    a.to_string(),
                    b.iter().map(|s| s.to_string()).collect(),
                    d.map(str::to_string),
                )
            })
            .collect();
        assert_eq!(got, want, "{id}");
    }
}

#[test]
fn the_headline_restates_the_body() {
    let text = "Korea Post and Japan Post agree to bring back the EMS guarantee\n\nSeoul, 19 June 2025 - Korea Post and Japan Post agreed to restore the EMS guarantee on items between their networks.\n";
    let got = run(text, &[]);
    assert_eq!(
        actions(&got),
        ["restore the EMS guarantee on items between their networks"]
    );
}

#[test]
fn a_table_row_replaces_the_prose_it_restates() {
    let text = "Korea Post and Japan Post met in Seoul.\n\nThe two sides agreed to share the warehouse tariff by 21 November 2025 and to open a joint desk.\n\nNo.\tAction\tOwner\tDeadline\n1\tShare the warehouse tariff for parcels\tKorea Post\t\n";
    let got = run(text, &[("21 November 2025", "2025-11-21")]);
    let rows: Vec<(String, &str, Vec<String>, Option<String>)> = got
        .iter()
        .map(|c| {
            (
                c.action.clone(),
                c.rule.as_str(),
                c.by.clone(),
                c.due.map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "open a joint desk".to_string(),
                "commit.agreed_to",
                vec!["Korea Post".to_string(), "Japan Post".to_string()],
                None
            ),
            (
                "share the warehouse tariff for parcels".to_string(),
                "commit.table_row",
                vec!["Korea Post".to_string()],
                Some("2025-11-21".to_string())
            ),
        ]
    );
}

#[test]
fn marks_find_quotes_and_line_breaks_at_their_byte_offsets() {
    for (id, text) in [
        ("ascii", "He said \"yes\".\nThen \"no\"."),
        ("curly", "“Both” sides — ‘agreed’ ”\n"),
        (
            "other_e2_chars",
            "a – b — c … “d” \u{2019}\u{201a}\n\u{201e}",
        ),
        ("empty", ""),
    ] {
        let low = text.to_ascii_lowercase();
        let m = Marks::new(&Doc::new(text, &low));
        let quotes: Vec<usize> = text
            .char_indices()
            .filter(|(_, c)| matches!(c, '"' | '“' | '”'))
            .map(|(i, _)| i)
            .collect();
        let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
        assert_eq!(m.quotes, quotes, "{id}");
        assert_eq!(m.newlines, newlines, "{id}");
    }
}

#[test]
fn resolutions_and_directives() {
    // (id, text, (action, by, group))
    type Item<'a> = (&'a str, &'a [&'a str], Option<&'a str>);
    let cases: &[(&str, &str, &[Item])] = &[
        (
            "operative_clauses_speak_for_the_preamble_body",
            "The Executive Council of the Andean Postal Union (APU) met in Quito.\n\nResolution 3/2 - Addressing\n\nThe Executive Council,\nnoting the report of the Secretariat,\n1. Decides to establish a Working Group on Addressing, composed of Correos del Ecuador and Serpost;\n2. Instructs the Secretary General to circulate the report to all members;\n3. Invites the Universal Postal Union to support the work.\n",
            &[
                ("establish a Working Group on Addressing", &["Andean Postal Union"], None),
                ("circulate the report to all members", &["Andean Postal Union"], None),
            ],
        ),
        (
            "crlf_lines_and_accents_before_the_clause",
            "The Executive Council of the Andean Postal Union (APU) met in Bogotá.\r\n\r\nRésolution 3/2 – Adressage\r\n\r\nThe Executive Council,\r\nnoting the report of the Secretariat,\r\n1. Decides to open a regional hub in Bogotá;\r\n",
            &[("open a regional hub in Bogotá", &["Andean Postal Union"], None)],
        ),
        (
            "a_directed_group_commits_through_its_members",
            "Korea Post and Japan Post set up a Joint Working Group on Returns, composed of Korea Post and Japan Post. The meeting instructed the Joint Working Group on Returns to map the returns flows.",
            &[(
                "map the returns flows",
                &["Korea Post", "Japan Post"],
                Some("Joint Working Group on Returns"),
            )],
        ),
        (
            "directed_an_organisation",
            "Ministers responsible for posts in Southern Africa met in Gaborone with the Southern Africa Postal Operators Association (SAPOA). The Ministers did not agree to set up a fund. They directed SAPOA to present a costed proposal at their next meeting.",
            &[(
                "present a costed proposal at their next meeting",
                &["Southern Africa Postal Operators Association"],
                None,
            )],
        ),
        (
            "listed_tasks_of_a_directed_group",
            "The Council of the Andean Postal Union (APU) set up a Task Force on Data, composed of Correos del Ecuador and Correos de Bolivia.\n2. Requests the Task Force to:\n(a) prepare a data model;\n(b) compile an inventory of systems.\n",
            &[
                ("prepare a data model", &["Correos del Ecuador", "Correos de Bolivia"], Some("Task Force on Data")),
                ("compile an inventory of systems", &["Correos del Ecuador", "Correos de Bolivia"], Some("Task Force on Data")),
            ],
        ),
        (
            "its_secretariat_is_the_group_s",
            "Korea Post and Japan Post set up a Joint Monitoring Committee (JMC), composed of Korea Post and Japan Post.\n\n5.3 The JMC instructed its Secretariat to prepare the third progress report.\n",
            &[(
                "prepare the third progress report",
                &["Korea Post", "Japan Post"],
                None,
            )],
        ),
        (
            "a_paragraph_number_before_the_subject",
            "Korea Post and Enterprise des Postes Lao (Lao Post) met in Vientiane.\n\n3.2 Korea Post confirmed that it will extend the pilot to Hue.\n",
            &[("extend the pilot to Hue", &["Korea Post"], None)],
        ),
        (
            "asked_is_a_plea_unless_it_names_a_group",
            "The agreement between Korea Post and Japan Post asked the two operators to turn its provisions into a programme.",
            &[],
        ),
    ];
    for (id, text, want) in cases {
        let got: Vec<(String, Vec<String>, Option<String>)> = run(text, &[])
            .into_iter()
            .map(|c| (c.action, c.by, c.group))
            .collect();
        let want: Vec<(String, Vec<String>, Option<String>)> = want
            .iter()
            .map(|(a, b, g)| {
                (
                    a.to_string(),
                    b.iter().map(|s| s.to_string()).collect(),
                    g.map(str::to_string),
                )
            })
            .collect();
        assert_eq!(got, want, "{id}");
    }
}

#[test]
fn a_body_s_make_up_is_left_out_and_its_purpose_kept() {
    let cases = [
        (
            "composed_then_purpose",
            "Ghana Post and Korea Post agreed to set up a Working Group on Addressing, composed of the two operators and chaired by Ghana Post, to draft a national postcode plan.",
            "set up a Working Group on Addressing to draft a national postcode plan",
        ),
        (
            "composed_then_mandate",
            "Ghana Post and Korea Post agreed to set up a Working Group on Addressing, composed of experts from both operators, with a mandate to draft a national postcode plan.",
            "set up a Working Group on Addressing to draft a national postcode plan",
        ),
        (
            "listed_decision_composed_then_purpose",
            "Ghana Post and Togo Post agreed to:\n(a) establish a Task Force on Transit, composed of experts from both operators, to map the border procedures.\n",
            "establish a Task Force on Transit to map the border procedures",
        ),
        (
            "composed_no_purpose",
            "Ghana Post and Korea Post agreed to set up a Working Group on Addressing, chaired by Ghana Post.",
            "set up a Working Group on Addressing",
        ),
        (
            "purpose_after_deadline",
            "Korea Post will send a team of consultants to Ulaanbaatar next month to review the layout of the sorting centre.",
            "send a team of consultants to Ulaanbaatar to review the layout of the sorting centre",
        ),
        (
            "no_purpose_after_deadline",
            "Korea Post will send a team of consultants to Ulaanbaatar next month, its first such mission.",
            "send a team of consultants to Ulaanbaatar",
        ),
    ];
    for (id, text, want) in cases {
        let dates: &[(&str, &str)] = if text.contains("next month") {
            &[("next month", "2026-12")]
        } else {
            &[]
        };
        let got = run(text, dates);
        assert_eq!(actions(&got), [want], "{id}");
    }
}

#[test]
fn a_row_about_a_body_does_not_replace_the_prose_that_sets_it_up() {
    let text = "The Committee met in Helsinki.\n\nThe Committee decided to set up a Working Party on VAT Data, consisting of Posti and PostNord.\n\nNo.\tAction\tOwner\tDeadline\n1\tConvene the first meeting of the Working Party on VAT Data\tPostNord\t\n";
    let got = run(text, &[]);
    assert_eq!(
        actions(&got),
        [
            "set up a Working Party on VAT Data",
            "convene the first meeting of the Working Party on VAT Data"
        ]
    );
}
