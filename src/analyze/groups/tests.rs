//! Tests of working-group extraction: set up, tasked, passive and named groups, dates, seed.

use super::*;
use crate::analyze::commitments::tests_support::mention;
use crate::analyze::parties::find_parties;
use crate::analyze::segment::sentences;

fn run(text: &str, dates: &[(&str, &str)]) -> Vec<WorkingGroup> {
    let s = sentences(text);
    let p = find_parties(text, &s);
    let d: Vec<DateMention> = dates.iter().map(|(w, v)| mention(text, w, v)).collect();
    find_groups(text, &s, &p, &d)
}

type Want<'a> = (&'a str, &'a [&'a str], Option<&'a str>);

#[test]
fn groups_set_up_tasked_or_meeting() {
    let cases: &[(&str, &str, &[Want])] = &[
        (
            "agreed_to_establish_with_purpose",
            "Korea Post and Japan Post agreed to establish a joint working group to implement the consensus.",
            &[("joint working group", &["Korea Post", "Japan Post"], Some("implement the consensus"))],
        ),
        (
            "set_up_task_force_on_topic",
            "Korea Post and Thailand Post decided to set up a task force on customs clearance.",
            &[(
                "task force on customs clearance",
                &["Korea Post", "Thailand Post"],
                Some("customs clearance"),
            )],
        ),
        (
            "tasked_committee",
            "Korea Post and Japan Post met. The two sides tasked the Joint Committee with reviewing terminal dues.",
            &[("Joint Committee", &["Korea Post", "Japan Post"], Some("reviewing terminal dues"))],
        ),
        (
            "named_group_meets",
            "The Joint Working Group on Cross-border E-commerce met in Seoul with Korea Post and China Post.",
            &[(
                "Joint Working Group on Cross-border E-commerce",
                &["Korea Post", "China Post"],
                Some("Cross-border E-commerce"),
            )],
        ),
        (
            "members_stated_in_a_sentence_of_their_own",
            "The Posts agreed to establish the Pacific Parcel Working Group.\n\n3. Membership. The Working Group is composed of one representative of each of Fiji Post, Samoa Post and Tonga Post. The Asian-Pacific Postal Union may attend as an observer.",
            &[(
                "Pacific Parcel Working Group",
                &["Fiji Post", "Samoa Post", "Tonga Post"],
                None,
            )],
        ),
        (
            "an_observer_is_not_a_member",
            "The Council decided to establish a Working Group on Disaster Risk, composed of Jamaica Post and the Barbados Postal Service, with the Caribbean Disaster Emergency Management Agency participating as an observer.",
            &[(
                "Working Group on Disaster Risk",
                &["Jamaica Post", "Barbados Postal Service"],
                Some("Disaster Risk"),
            )],
        ),
        (
            "a_capitalised_verb_does_not_start_a_name",
            "The Task Force on Addressing, composed of Jamaica Post and the Barbados Postal Service, met in May.\n2. Instructs the Task Force on Addressing to complete its survey.",
            &[(
                "Task Force on Addressing",
                &["Jamaica Post", "Barbados Postal Service"],
                Some("Addressing"),
            )],
        ),
        (
            "establishment_of",
            "Korea Post and Japan Post welcomed the establishment of a steering committee for the project.",
            &[("steering committee", &["Korea Post", "Japan Post"], Some("the project"))],
        ),
        (
            "passive_establishment",
            "Korea Post and Japan Post met. A joint committee will be established to monitor service quality.",
            &[("joint committee", &["Korea Post", "Japan Post"], Some("monitor service quality"))],
        ),
        ("board_is_not_a_working_group", "The Korea Post Board has approved the budget.", &[]),
        (
            "council_is_not_a_working_group",
            "The Postal Operations Council met in Bern with Korea Post.",
            &[],
        ),
        ("alliance_is_not_a_working_group", "The Kahala Posts Group is an international alliance of posts.", &[]),
        ("parties_are_not_a_working_party", "The parties agreed to form a partnership.", &[]),
        ("business_group_is_not_set_up", "Korea Post met a business group from Japan.", &[]),
    ];
    for (id, text, want) in cases {
        let got: Vec<(String, Vec<String>, Option<String>)> = run(text, &[])
            .into_iter()
            .map(|g| (g.name, g.members, g.mandate))
            .collect();
        let want: Vec<(String, Vec<String>, Option<String>)> = want
            .iter()
            .map(|(n, m, d)| {
                (
                    n.to_string(),
                    m.iter().map(|s| s.to_string()).collect(),
                    d.map(str::to_string),
                )
            })
            .collect();
        assert_eq!(got, want, "{id}");
    }
}

#[test]
fn established_date_from_sentence_or_meeting_day() {
    let own = "Korea Post and Japan Post set up a task force on 3 May 2024.";
    let g = run(own, &[("3 May 2024", "2024-05-03")]);
    assert_eq!(
        g[0].established.map(|d| d.to_string()).as_deref(),
        Some("2024-05-03")
    );

    let meeting = "On November 28, the meeting was held in Hangzhou. Korea Post and Japan Post agreed to establish a joint working group.";
    let g = run(meeting, &[("November 28", "2023-11-28")]);
    assert_eq!(
        g[0].established.map(|d| d.to_string()).as_deref(),
        Some("2023-11-28")
    );

    let none = "Korea Post and Japan Post agreed to establish a joint working group.";
    assert_eq!(run(none, &[])[0].established, None);
}

#[test]
fn seed_000_working_group() {
    let text =
        std::fs::read_to_string("/work/shared/seeds/000_e9bc35649db03677.txt").expect("seed");
    let g = run(&text, &[("November 28", "2023-11-28")]);
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].name, "joint working group");
    assert_eq!(
        g[0].members,
        [
            "China Post Group Corporation Limited",
            "Japan Post",
            "Korea Post"
        ]
    );
    assert_eq!(
        g[0].mandate.as_deref(),
        Some("implement the consensus reached during the meeting")
    );
    assert_eq!(
        g[0].established.map(|d| d.to_string()).as_deref(),
        Some("2023-11-28")
    );
    assert_eq!(g[0].span.slice(&text), "joint working group");
}

#[test]
fn groups_named_wherever_they_appear() {
    // (id, text, names with members)
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a [&'a str])]);
    let cases: &[Case] = &[
        (
            "sub_group_set_up",
            "Jordan Post and Egypt Post decided to create a Sub-Group on Postal Remittances to prepare a proposal.",
            &[("Sub-Group on Postal Remittances", &["Jordan Post", "Egypt Post"])],
        ),
        (
            "standing_commissions_are_not_groups",
            "Korea Post and Japan Post met. The European Commission will present its evaluation, and the Technology Commission of the union met in May. A joint secretariat will support them.",
            &[],
        ),
        (
            "joint_commission_is_a_group",
            "Korea Post and Japan Post met. The Korea-Japan Joint Commission on Postal Affairs met in May.",
            &[("Korea-Japan Joint Commission on Postal Affairs", &["Korea Post", "Japan Post"])],
        ),
        (
            "named_group_reports",
            "Korea Post and Japan Post met. The Task Force on Advance Data submitted its report to the Council.",
            &[("Task Force on Advance Data", &["Korea Post", "Japan Post"])],
        ),
        (
            "lower_case_group_with_topic",
            "Korea Post and Japan Post met. The joint working group on overland mail submitted its report.",
            &[("joint working group on overland mail", &["Korea Post", "Japan Post"])],
        ),
        (
            "heading_over_minutes",
            "Joint Working Group on Cross-border Parcels: minutes of the second meeting\n\nKorea Post and Japan Post attended.\n",
            &[("Joint Working Group on Cross-border Parcels", &[])],
        ),
        (
            "members_made_up_of",
            "The Board set up a Regional Committee made up of Fiji Post and Samoa Post.",
            &[("Regional Committee", &["Fiji Post", "Samoa Post"])],
        ),
        (
            "members_chaired_by_and_from",
            "Korea Post decided to set up a Task Force on Labels, chaired by Canada Post, with members from Japan Post and China Post.",
            &[("Task Force on Labels", &["Canada Post", "Japan Post", "China Post"])],
        ),
        (
            "short_mention_joins_the_full_name",
            "Korea Post and Japan Post set up a Joint Working Group on Postal Logistics. The Joint Working Group will meet twice a year.",
            &[("Joint Working Group on Postal Logistics", &["Korea Post", "Japan Post"])],
        ),
        (
            "joint_name_stands_for_both",
            "The World Customs Organization (WCO) and the Universal Postal Union (UPU) met. The guide was approved by the WCO-UPU Contact Committee.",
            &[(
                "WCO-UPU Contact Committee",
                &["World Customs Organization", "Universal Postal Union"],
            )],
        ),
        (
            "co_chaired_by_each_party",
            "BETWEEN\n\nFIJI POST LIMITED, a company of Fiji (hereinafter referred to as \"Fiji Post\");\n\nAND\n\nTONGA POST LIMITED, a company of Tonga (hereinafter referred to as \"Tonga Post\");\n\n(each a \"Party\" and collectively \"the Parties\").\n\n1. The Parties hereby agree to establish a Joint Committee, co-chaired by a senior executive of each Party, to monitor this Memorandum.\n",
            &[("Joint Committee", &["Fiji Post Limited", "Tonga Post Limited"])],
        ),
        (
            "all_parties_as_members",
            "Kazpost, Korea Post and Japan Post, hereinafter \"the Parties\", met in Almaty.\n\n4. A Joint Rail Working Group is hereby established, led by Korea Post, with all Parties as members.\n",
            &[("Joint Rail Working Group", &["Kazpost", "Korea Post", "Japan Post"])],
        ),
        (
            "directors_of_the_four_parties",
            "Kazpost, Korea Post, Japan Post and China Post, hereinafter \"the Parties\", met.\n\nA Corridor Operations Group is hereby established, composed of the operations directors of the four Parties.\n",
            &[("Corridor Operations Group", &["Kazpost", "Korea Post", "Japan Post", "China Post"])],
        ),
        (
            "a_unit_of_a_member_is_no_member",
            "The Ministry of Transport (MOT) and the Fiji Ports Authority (FPA) set up a Joint Working Group on Ports, co-chaired by the head of MOT's Maritime Bureau and by a director of the FPA.",
            &[(
                "Joint Working Group on Ports",
                &["Ministry of Transport", "Fiji Ports Authority"],
            )],
        ),
        (
            "composition_of_a_group_with_a_topic_and_a_chair",
            "A Working Group on Mediterranean Returns is hereby established. The Working Group shall be chaired by MaltaPost and shall be composed of Cyprus Post and LibanPost.",
            &[(
                "Working Group on Mediterranean Returns",
                &["MaltaPost", "Cyprus Post", "LibanPost"],
            )],
        ),
        (
            "it_comprises_after_the_setting_up",
            "A Task Force on Addressing is hereby established. It shall be chaired by Gabon Poste and shall comprise Gabon Poste, Cameroon Postal Services and Chad Post.",
            &[(
                "Task Force on Addressing",
                &["Gabon Poste", "Cameroon Postal Services", "Chad Post"],
            )],
        ),
        (
            "one_official_from_each_administration",
            "India Post, Nepal Post and the Bangladesh Post Office (hereinafter \"the Parties\") signed the MoU. It established a Joint Monitoring Committee, composed of one senior official from each administration, to monitor implementation.",
            &[(
                "Joint Monitoring Committee",
                &["India Post", "Nepal Post", "Bangladesh Post Office"],
            )],
        ),
        ("standing_organ_without_marker", "The Postal Operations Council of the UPU met in Bern.", &[]),
        ("lower_case_without_marker", "Korea Post met the sales team of Japan Post.", &[]),
    ];
    for (id, text, want) in cases {
        let got: Vec<(String, Vec<String>)> = run(text, &[])
            .into_iter()
            .map(|g| (g.name, g.members))
            .collect();
        let want: Vec<(String, Vec<String>)> = want
            .iter()
            .map(|(n, m)| (n.to_string(), m.iter().map(|s| s.to_string()).collect()))
            .collect();
        assert_eq!(got, want, "{id}");
    }
}
