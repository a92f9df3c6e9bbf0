//! Tests of agreement extraction: titles, kinds, parties, dates, planned signings, seed.

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
            "article_before_a_capitalised_topic",
            "Emirates Post signed a Memorandum of Understanding on a Gulf E-commerce Corridor with Oman Post.",
            &[(
                "Memorandum of Understanding on a Gulf E-commerce Corridor",
                MemorandumOfUnderstanding,
                &["Emirates Post", "Oman Post"],
            )],
        ),
        (
            "quoted_title_with_a_plural_possessive",
            "Japan Post and Korea Post signed the \"Joint Statement of the Chief Executives' Forum on Batteries\" in Singapore.",
            &[(
                "Joint Statement of the Chief Executives' Forum on Batteries",
                JointStatement,
                &["Japan Post", "Korea Post"],
            )],
        ),
        (
            "definition_between_title_and_passive_signing",
            "The Memorandum of Understanding on Sub-Regional Postal Cooperation (the \"Kathmandu MoU\") was signed in Kathmandu by Nepal Post and the Bangladesh Post Office.",
            &[(
                "Memorandum of Understanding on Sub-Regional Postal Cooperation",
                MemorandumOfUnderstanding,
                &["Nepal Post", "Bangladesh Post Office"],
            )],
        ),
        (
            "lower_case_mou_with_partner",
            "Korea Post signed an MoU with Thailand Post on parcel exchange.",
            &[("MoU", MemorandumOfUnderstanding, &["Korea Post", "Thailand Post"])],
        ),
        (
            "referred_title_ends_in_capitals",
            "The parties recalled the Memorandum of Understanding on Express Mail Exchange signed by Korea Post and Japan Post in Seoul on 2 February 2025.",
            &[(
                "Memorandum of Understanding on Express Mail Exchange",
                MemorandumOfUnderstanding,
                &["Korea Post", "Japan Post"],
            )],
        ),
        (
            "place_of_signing_after_capitalised_title",
            "Korea Post and Japan Post signed an Agreement on Cooperation in Logistics and Parcels in Tokyo on 4 November.",
            &[(
                "Agreement on Cooperation in Logistics and Parcels",
                Agreement,
                &["Korea Post", "Japan Post"],
            )],
        ),
        (
            "letter_of_intent",
            "Korea Post and Japan Post signed a Letter of Intent on Returns Logistics.",
            &[(
                "Letter of Intent on Returns Logistics",
                Other,
                &["Korea Post", "Japan Post"],
            )],
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
        (
            "renewed_mou_mentioned_again",
            "The UPU and the WCO renewed their Memorandum of Understanding. Under the renewed MoU, both will act. The MoU was signed in Bern.",
            &[("Memorandum of Understanding", MemorandumOfUnderstanding, &["UPU", "WCO"])],
        ),
        (
            "signing_of_between",
            "The signing of the Memorandum of Understanding between Korea Post and Japan Post took place in Seoul.",
            &[("Memorandum of Understanding", MemorandumOfUnderstanding, &["Korea Post", "Japan Post"])],
        ),
        (
            "deal_inked",
            "Korea Post and Japan Post inked a logistics deal.",
            &[("logistics deal", Agreement, &["Korea Post", "Japan Post"])],
        ),
        ("future_signing_of", "Korea Post will attend the signing of the Bern Declaration.", &[]),
        ("planned_is_not_signed", "Korea Post will sign an MoU with Thailand Post next month.", &[]),
        ("to_be_signed", "An MoU is to be signed by Korea Post and Japan Post.", &[]),
        ("agreed_to_sign", "Korea Post and Japan Post agreed to sign a memorandum.", &[]),
        ("exchanged_opinions", "Korea Post and Japan Post exchanged opinions on rates.", &[]),
        ("signed_without_title", "Korea Post and Japan Post signed up new customers.", &[]),
        (
            "prepositions_inside_a_title_before_that_signed",
            "The visit followed up on the Memorandum of Understanding on Cooperation in the Field of Postal Services that Korea Post and Japan Post signed in Seoul.",
            &[(
                "Memorandum of Understanding on Cooperation in the Field of Postal Services",
                MemorandumOfUnderstanding,
                &["Korea Post", "Japan Post"],
            )],
        ),
        (
            "comma_then_signed_by",
            "This report covers the Memorandum of Understanding on the Carriage of Mail by Rail, signed by Zambia Post and Tanzania Post in Lusaka.",
            &[(
                "Memorandum of Understanding on the Carriage of Mail by Rail",
                MemorandumOfUnderstanding,
                &["Zambia Post", "Tanzania Post"],
            )],
        ),
        (
            "co_signers_between_commas",
            "Canada Post signed, together with Correos de México, the Trilateral Memorandum on Returns.",
            &[(
                "Trilateral Memorandum on Returns",
                MemorandumOfUnderstanding,
                &["Canada Post", "Correos de México"],
            )],
        ),
        (
            "entered_into_force_is_no_signing",
            "Korea Post recalled the Common Market Protocol, which entered into force in 2010.",
            &[],
        ),
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

#[test]
fn closing_formula_signs_the_document_itself() {
    let text = "MEMORANDUM OF UNDERSTANDING\nbetween Japan Post Co., Ltd. and Thailand Post Company Limited\n\nThe Parties shall exchange staff.\n\nSigned in Bangkok on 1 April 2024 in two originals.\n";
    let a = run(text, &[("1 April 2024", "2024-04-01")]);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(
        a[0].title,
        "Memorandum of Understanding between Japan Post Co., Ltd. and Thailand Post Company Limited"
    );
    assert_eq!(a[0].kind, AgreementKind::MemorandumOfUnderstanding);
    assert_eq!(
        a[0].date.map(|d| d.to_string()).as_deref(),
        Some("2024-04-01")
    );
    assert_eq!(
        a[0].parties,
        ["Japan Post Co., Ltd.", "Thailand Post Company Limited"]
    );
    assert_eq!(a[0].rule, "agreement.closing_formula");
}

#[test]
fn the_document_itself_by_its_heading() {
    // (id, text, dates, want (title, kind, date) or none)
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [(&'a str, &'a str)],
        Option<(&'a str, AgreementKind, &'a str)>,
    );
    let cases: &[Case] = &[
        (
            "capitals_over_several_lines",
            "MEMORANDUM OF UNDERSTANDING\nBETWEEN\nKOREA POST\nAND\nLAOS POST\nON PARCEL EXCHANGE\n\nThe Parties shall exchange parcels.\n\nDone at Vientiane on 3 June 2025.\n",
            &[("3 June 2025", "2025-06-03")],
            Some((
                "Memorandum of Understanding between Korea Post and Laos Post on Parcel Exchange",
                AgreementKind::MemorandumOfUnderstanding,
                "2025-06-03",
            )),
        ),
        (
            "legal_forms_and_mixed_case_lines_in_the_heading",
            "MEMORANDUM OF COOPERATION\nbetween\nHRVATSKA POŠTA d.d.\nand\nTHE POST OF MONTENEGRO\non Parcel Exchange and Philately\n\nThe Parties shall exchange parcels.\n\nSigned at Zagreb on 24 September 2026.\n",
            &[("24 September 2026", "2026-09-24")],
            Some((
                "Memorandum of Cooperation between Hrvatska Pošta d.d. and the Post of Montenegro on Parcel Exchange and Philately",
                AgreementKind::MemorandumOfCooperation,
                "2026-09-24",
            )),
        ),
        (
            "a_bare_kind_goes_on_with_the_line_under_it",
            "JOINT COMMUNIQUÉ\n\nMinisterial Meeting on the Lomé Postal Corridor\n\nThe Ministers agreed to restore the link.\n\nAdopted in Lomé on 17 July 2026.\n",
            &[("17 July 2026", "2026-07-17")],
            Some((
                "Joint Communiqué Ministerial Meeting on the Lomé Postal Corridor",
                AgreementKind::JointStatement,
                "2026-07-17",
            )),
        ),
        (
            "adopted_line_under_the_heading",
            "Joint Action Plan 2025-2026 of Korea Post and Japan Post\n\n*Adopted in Seoul on 2 May 2025*\n\nKorea Post and Japan Post adopted this Joint Action Plan and will carry it out.\n",
            &[("2 May 2025", "2025-05-02")],
            Some((
                "Joint Action Plan 2025-2026 of Korea Post and Japan Post",
                AgreementKind::ActionPlan,
                "2025-05-02",
            )),
        ),
        (
            "blank_signature_block_is_not_signed",
            "MEMORANDUM OF UNDERSTANDING\nBETWEEN KOREA POST AND LAOS POST\n\nThe Parties shall exchange parcels.\nThis Memorandum is signed in two originals.\n",
            &[],
            None,
        ),
        (
            "headline_with_a_verb_is_not_a_title",
            "Customs declaration link slips to June\n\nUnder the business agreement signed in Daejeon on 26 February, Korea Post was to file declarations.\n",
            &[("26 February", "2025-02-26")],
            Some(("business agreement", AgreementKind::Agreement, "2025-02-26")),
        ),
    ];
    for (id, text, dates, want) in cases {
        let got = run(text, dates);
        match want {
            None => assert!(got.is_empty(), "{id}: {got:?}"),
            Some((title, kind, date)) => {
                assert_eq!(got.len(), 1, "{id}: {got:?}");
                assert_eq!(got[0].title, *title, "{id}");
                assert_eq!(got[0].kind, *kind, "{id}");
                assert_eq!(
                    got[0].date.map(|d| d.to_string()).as_deref(),
                    Some(*date),
                    "{id}"
                );
            }
        }
    }
}

#[test]
fn agreements_told_about_later() {
    use AgreementKind::*;
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, AgreementKind)]);
    let cases: &[Case] = &[
        (
            "recalled_in_a_preamble_with_the_inside_the_title",
            "RECALLING the Multilateral Agreement on the Transit of Mail concluded between the Parties on 5 June 2012;",
            &[("Multilateral Agreement on the Transit of Mail", Agreement)],
        ),
        (
            "a_generic_mention_and_its_title_are_one",
            "The two Posts will move parcels under an agreement signed in Montevideo on Monday. They signed a three-year Agreement on Maritime Parcel Transport with the ferry company.",
            &[("Agreement on Maritime Parcel Transport", Agreement)],
        ),
        (
            "relative_clause_with_that",
            "The trial was part of the postal technology memorandum that Korea Post and Vietnam Post signed in Hanoi.",
            &[("postal technology memorandum", MemorandumOfUnderstanding)],
        ),
        (
            "relative_clause_without_that",
            "The lane opened later than set in the memorandum of understanding Korea Post and Vietnam Post signed in March.",
            &[("memorandum of understanding", MemorandumOfUnderstanding)],
        ),
        (
            "participle",
            "Under the business agreement signed in Daejeon, the link was due in March.",
            &[("business agreement", Agreement)],
        ),
        (
            "one_word_title_takes_its_purpose",
            "Korea Post signed an agreement with Laos Post on Tuesday to open a parcel route between Seoul and Vientiane.",
            &[(
                "agreement to open a parcel route between Seoul and Vientiane",
                Agreement,
            )],
        ),
        (
            "an_earlier_one_stays_apart",
            "MEMORANDUM OF UNDERSTANDING\nBETWEEN KOREA POST AND LAOS POST\n\nThe Parties cooperated under a memorandum signed in 2017.\n\nDone at Vientiane on 3 June 2025.\n",
            &[
                ("Memorandum of Understanding between Korea Post and Laos Post", MemorandumOfUnderstanding),
                ("memorandum", MemorandumOfUnderstanding),
            ],
        ),
        (
            "source_of_a_commitment",
            "The lane opened on time, delivering on the commitment that Korea Post and Laos Post made in the Vientiane Declaration in August.",
            &[("Vientiane Declaration", Declaration)],
        ),
        (
            "target_set_in_their_statement",
            "The guide was published, meeting the target set in their joint statement of February.",
            &[("joint statement", JointStatement)],
        ),
        ("set_in_a_plan_is_not_enough", "The price was set in the plan.", &[]),
        ("planned_relative", "The memorandum that Korea Post will sign next month covers parcels.", &[]),
        ("signed_for_customers", "Korea Post signed up new customers in Hanoi.", &[]),
    ];
    for (id, text, want) in cases {
        let dates: &[(&str, &str)] = if text.contains("3 June 2025") {
            &[("3 June 2025", "2025-06-03"), ("2017", "2017")]
        } else if text.contains("in August") {
            &[("August", "2025-08")]
        } else if text.contains("of February") {
            &[("February", "2025-02")]
        } else {
            &[]
        };
        let got: Vec<(String, AgreementKind)> = run(text, dates)
            .into_iter()
            .map(|a| (a.title, a.kind))
            .collect();
        let want: Vec<(String, AgreementKind)> =
            want.iter().map(|(t, k)| (t.to_string(), *k)).collect();
        assert_eq!(got, want, "{id}");
    }
}

#[test]
fn titles_in_chinese_japanese_korean() {
    use AgreementKind::*;
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, AgreementKind)]);
    let cases: &[Case] = &[
        (
            "chinese_brackets_over_headline",
            "中国邮政与泰国邮政签署跨境包裹合作备忘录\n\n5月3日，中国邮政与泰国邮政在北京签署《跨境包裹物流合作备忘录》。",
            &[("跨境包裹物流合作备忘录", MemorandumOfCooperation)],
        ),
        (
            "japanese_treaty_before_its_signing",
            "本切手は、1965 年の日韓基本条約の署名から 60 年を記念するものです。",
            &[("日韓基本条約", Agreement)],
        ),
        (
            "korean_title_before_conclusion",
            "우정사업본부는 5월 14일 태국우정공사와 국제 소포 협력에 관한 업무협약(MOU)을 체결했다고 밝혔다.",
            &[("국제 소포 협력에 관한 업무협약", MemorandumOfUnderstanding)],
        ),
        (
            "bilingual_notice_is_one_agreement",
            "5月3日，中国邮政与泰国邮政在北京签署《跨境包裹物流合作备忘录》。\n\nChina Post and Thailand Post signed a memorandum of cooperation on cross-border parcels in Beijing.",
            &[("跨境包裹物流合作备忘录", MemorandumOfCooperation)],
        ),
        ("no_signing_verb", "双方讨论了合作备忘录的内容。", &[]),
        ("stamp_title_is_not_an_agreement", "特殊切手「日韓国交正常化 60 周年」を発行しました。", &[]),
    ];
    for (id, text, want) in cases {
        let got: Vec<(String, AgreementKind)> = run(text, &[])
            .into_iter()
            .map(|a| (a.title, a.kind))
            .collect();
        let want: Vec<(String, AgreementKind)> =
            want.iter().map(|(t, k)| (t.to_string(), *k)).collect();
        assert_eq!(got, want, "{id}");
    }
}
