use super::*;
use crate::analyze::commitments::tests_support::mention;
use crate::analyze::parties::find_parties;
use crate::analyze::segment::sentences;

fn run(text: &str, dates: &[(&str, &str)]) -> Vec<Agreement> {
    let s = sentences(text);
    let p = find_parties(text, &s);
    let d: Vec<DateMention> = dates.iter().map(|(w, v)| mention(text, w, v)).collect();
    find_agreements(text, &s, &p, &d)
}

type Want<'a> = (&'a str, AgreementKind, &'a [&'a str]);

#[test]
fn agreements_signed_or_adopted() {
    use AgreementKind::*;
    let cases: &[(&str, &str, &[Want])] = &[
        (
            "mou_with_acronym_and_topic",
            "Korea Post and Vietnam Post signed a Memorandum of Understanding (MoU) on e-commerce cooperation.",
            &[(
                "Memorandum of Understanding (MoU) on e-commerce cooperation",
                MemorandumOfUnderstanding,
                &["Korea Post", "Vietnam Post"],
            )],
        ),
        (
            "lower_case_mou_with_partner",
            "Korea Post signed an MoU with Thailand Post on parcel exchange.",
            &[("MoU", MemorandumOfUnderstanding, &["Korea Post", "Thailand Post"])],
        ),
        (
            "declaration_adopted",
            "Korea Post and Japan Post met. The ministers adopted the Seoul Declaration.",
            &[("Seoul Declaration", Declaration, &["Korea Post", "Japan Post"])],
        ),
        (
            "joint_statement_issued",
            "Korea Post and Japan Post issued a Joint Statement after the talks.",
            &[("Joint Statement", JointStatement, &["Korea Post", "Japan Post"])],
        ),
        (
            "action_plan_with_years",
            "Korea Post and Japan Post adopted the Action Plan 2025-2027.",
            &[("Action Plan 2025-2027", ActionPlan, &["Korea Post", "Japan Post"])],
        ),
        (
            "agreement_between",
            "An Agreement on Postal Cooperation was signed between Korea Post and Japan Post.",
            &[("Agreement on Postal Cooperation", Agreement, &["Korea Post", "Japan Post"])],
        ),
        (
            "passive_by",
            "The memorandum of understanding on postal cooperation was signed by Korea Post and Japan Post.",
            &[(
                "memorandum of understanding on postal cooperation",
                MemorandumOfUnderstanding,
                &["Korea Post", "Japan Post"],
            )],
        ),
        ("planned_is_not_signed", "Korea Post will sign an MoU with Thailand Post next month.", &[]),
        ("to_be_signed", "An MoU is to be signed by Korea Post and Japan Post.", &[]),
        ("agreed_to_sign", "Korea Post and Japan Post agreed to sign a memorandum.", &[]),
        ("exchanged_opinions", "Korea Post and Japan Post exchanged opinions on rates.", &[]),
        ("signed_without_title", "Korea Post and Japan Post signed up new customers.", &[]),
    ];
    for (id, text, want) in cases {
        let got: Vec<(String, AgreementKind, Vec<String>)> = run(text, &[])
            .into_iter()
            .map(|a| (a.title, a.kind, a.parties))
            .collect();
        let want: Vec<(String, AgreementKind, Vec<String>)> = want
            .iter()
            .map(|(t, k, p)| (t.to_string(), *k, p.iter().map(|s| s.to_string()).collect()))
            .collect();
        assert_eq!(got, want, "{id}");
    }
}

#[test]
fn kind_from_title() {
    use AgreementKind::*;
    let cases: &[(&str, AgreementKind)] = &[
        (
            "Memorandum of Cooperation for the 21st Meeting",
            MemorandumOfCooperation,
        ),
        ("MoC on logistics", MemorandumOfCooperation),
        ("Memorandum of Understanding", MemorandumOfUnderstanding),
        ("MOU", MemorandumOfUnderstanding),
        ("Joint Communiqué", JointStatement),
        ("Plan of Action", ActionPlan),
        ("Bangkok Declaration", Declaration),
        ("Framework Agreement", Agreement),
        ("Letter of Intent", Other),
    ];
    for (title, want) in cases {
        assert_eq!(kind_of(title), *want, "{title}");
    }
}

#[test]
fn date_from_sentence_else_meeting_day() {
    let own = "Korea Post and Japan Post signed a Memorandum of Understanding on 5 May 2024.";
    let a = run(own, &[("5 May 2024", "2024-05-05")]);
    assert_eq!(
        a[0].date.map(|d| d.to_string()).as_deref(),
        Some("2024-05-05")
    );
    assert_eq!(a[0].title, "Memorandum of Understanding");

    let plan = "Korea Post and Japan Post adopted the Action Plan 2025-2027.";
    let a = run(plan, &[("2025-2027", "2025")]);
    assert_eq!(
        a[0].date, None,
        "a year inside the title is not the signing date"
    );
}

#[test]
fn seed_000_agreement() {
    let text =
        std::fs::read_to_string("/work/shared/seeds/000_e9bc35649db03677.txt").expect("seed");
    let a = run(&text, &[("November 28", "2023-11-28")]);
    assert_eq!(a.len(), 1);
    assert_eq!(
        a[0].title,
        "Memorandum of Cooperation for the 21st China-Japan-Korea High-level Postal Meeting"
    );
    assert_eq!(a[0].kind, AgreementKind::MemorandumOfCooperation);
    assert_eq!(
        a[0].parties,
        [
            "China Post Group Corporation Limited",
            "Japan Post",
            "Korea Post"
        ]
    );
    assert_eq!(
        a[0].date.map(|d| d.to_string()).as_deref(),
        Some("2023-11-28")
    );
}
