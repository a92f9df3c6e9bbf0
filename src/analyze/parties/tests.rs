use super::*;
use crate::analyze::segment::sentences;

fn parties(text: &str) -> Parties {
    find_parties(text, &sentences(text))
}

/// The whole text as one prose sentence (for abbreviations the naive splitter would cut).
fn parties_one(text: &str) -> Parties {
    let s = [Sentence {
        span: Span(0, text.len()),
        prose: true,
    }];
    find_parties(text, &s)
}

fn org_table(p: &Parties) -> Vec<(String, Vec<String>)> {
    p.organizations
        .iter()
        .map(|o| (o.name.clone(), o.aliases.clone()))
        .collect()
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!("/work/shared/seeds/{name}")).expect("seed readable")
}

type OrgCase<'a> = (&'a str, &'a str, &'a [(&'a str, &'a [&'a str])]);

#[test]
fn organisations_are_found_and_merged() {
    let cases: &[OrgCase] = &[
        (
            "paren_acronym_and_the_union",
            "Delegates of the Universal Postal Union (UPU) met in Bern. The Union will review its rates.",
            &[("Universal Postal Union", &["UPU", "the Union"])],
        ),
        (
            "acronym_by_initials",
            "The Universal Postal Union held a forum. Later the UPU published a report.",
            &[("Universal Postal Union", &["UPU"])],
        ),
        (
            "legal_form_short_form",
            "Japan Post Co., Ltd. hosted the talks, and Japan Post thanked its guests.",
            &[("Japan Post Co., Ltd.", &["Japan Post"])],
        ),
        (
            "possessive_and_sentence_initial_article",
            "The Korea Post announced results. China Post's president spoke.",
            &[("Korea Post", &[]), ("China Post", &[])],
        ),
        (
            "and_joins_two_organisations",
            "Japan Post and Korea Post signed a deal.",
            &[("Japan Post", &[]), ("Korea Post", &[])],
        ),
        (
            "of_complement_with_and",
            "The Ministry of Science and ICT and Korea Post met.",
            &[("Ministry of Science and ICT", &[]), ("Korea Post", &[])],
        ),
        (
            "of_complement_containing_a_head",
            "Officials from the Bureau of International Organization Affairs attended.",
            &[("Bureau of International Organization Affairs", &[])],
        ),
        (
            "countries_are_not_organisations",
            "The postal operators of China, Japan and Korea met during the COVID pandemic.",
            &[],
        ),
        (
            "service_acronyms_are_not_organisations",
            "The EMS and ICT teams met the CEO.",
            &[],
        ),
        (
            "headings_and_openers_without_heads",
            "During the meeting, Furthermore the High-level Postal Meeting was held.",
            &[],
        ),
        (
            "working_groups_are_not_organisations",
            "The Joint Working Group on E-commerce met with Thailand Post.",
            &[("Thailand Post", &[])],
        ),
    ];
    for (id, text, want) in cases {
        let got = org_table(&parties(text));
        let want: Vec<(String, Vec<String>)> = want
            .iter()
            .map(|(n, a)| (n.to_string(), a.iter().map(|s| s.to_string()).collect()))
            .collect();
        assert_eq!(got, want, "{id}");
    }
}

#[test]
fn people_have_roles_and_affiliations() {
    type Want<'a> = &'a [(&'a str, Option<&'a str>, Option<&'a str>)];
    let cases: &[(&str, &str, Want)] = &[
        (
            "role_before_with_of",
            "President Zheng Guoyu of China Post met the guests.",
            &[("Zheng Guoyu", Some("President"), Some("China Post"))],
        ),
        (
            "org_before_role",
            "Korea Post President Cho Hae-keun attended.",
            &[("Cho Hae-keun", Some("President"), Some("Korea Post"))],
        ),
        (
            "role_after_name",
            "Cho Hae-keun, President of Korea Post, spoke.",
            &[("Cho Hae-keun", Some("President"), Some("Korea Post"))],
        ),
        (
            "lower_case_role_after_name",
            "Kim Hong-jae, director general at Korea Post, said so.",
            &[("Kim Hong-jae", Some("director general"), Some("Korea Post"))],
        ),
        (
            "minister_with_named_ministry",
            "The Ministry of Science and ICT hosted. Minister of Science and ICT Lee Jong-ho spoke.",
            &[("Lee Jong-ho", Some("Minister"), Some("Ministry of Science and ICT"))],
        ),
        (
            "minister_without_named_ministry",
            "Minister of Science and ICT Lee Jong-ho spoke.",
            &[("Lee Jong-ho", Some("Minister"), None)],
        ),
        (
            "short_form_merged",
            "President Cho Hae-keun of Korea Post spoke. Later President Cho left.",
            &[("Cho Hae-keun", Some("President"), Some("Korea Post"))],
        ),
        (
            "multi_word_role",
            "Executive Vice President Yoshito Minami of Japan Post attended.",
            &[("Yoshito Minami", Some("Executive Vice President"), Some("Japan Post"))],
        ),
        (
            "no_name_after_role",
            "The President of Korea Post said the Director was absent.",
            &[],
        ),
    ];
    for (id, text, want) in cases {
        let p = parties(text);
        let got: Vec<(String, Option<String>, Option<String>)> = p
            .people
            .iter()
            .map(|x| (x.name.clone(), x.role.clone(), x.affiliation.clone()))
            .collect();
        let want: Vec<(String, Option<String>, Option<String>)> = want
            .iter()
            .map(|(n, r, a)| (n.to_string(), r.map(str::to_string), a.map(str::to_string)))
            .collect();
        assert_eq!(got, want, "{id}");
        for person in &p.people {
            assert!(
                !p.organizations.iter().any(|o| o.name == person.name),
                "{id}: {} is both a person and an organisation",
                person.name
            );
        }
    }
}

#[test]
fn honorific_names() {
    let p = parties_one("Mr. Park Min-soo of Korea Post welcomed Ms. Tanaka.");
    let names: Vec<&str> = p.people.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["Park Min-soo", "Tanaka"]);
}

#[test]
fn places_of_meetings_and_visits() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "held_in_city_country",
            "The meeting was held in Bangkok, Thailand.",
            &["Bangkok"],
        ),
        (
            "in_city_on_day",
            "CEOs met in Seoul on Wednesday.",
            &["Seoul"],
        ),
        (
            "in_city_on_date",
            "Talks in Tokyo on 5 May ended.",
            &["Tokyo"],
        ),
        (
            "visited_facility_is_not_a_place",
            "Delegates visited Hangzhou Dajiangdong mail processing center.",
            &[],
        ),
        (
            "visited_city",
            "The delegation visited Busan and Ulsan.",
            &["Busan"],
        ),
        (
            "deduplicated",
            "It was held in Hangzhou. The MoU was signed in Hangzhou.",
            &["Hangzhou"],
        ),
        (
            "organisation_is_not_a_place",
            "The event was hosted in Korea Post headquarters.",
            &[],
        ),
    ];
    for (id, text, want) in cases {
        let got: Vec<String> = parties(text)
            .places
            .iter()
            .map(|p| p.name.clone())
            .collect();
        assert_eq!(got, *want, "{id}");
    }
}

#[test]
fn seed_000_parties() {
    let text = seed("000_e9bc35649db03677.txt");
    let p = parties(&text);
    let names: Vec<&str> = p.organizations.iter().map(|o| o.name.as_str()).collect();
    assert!(
        names.contains(&"China Post Group Corporation Limited"),
        "{names:?}"
    );
    assert!(names.contains(&"Japan Post"), "{names:?}");
    assert!(names.contains(&"Korea Post"), "{names:?}");
    assert!(names.contains(&"UPU"), "{names:?}");
    let cp = p
        .organizations
        .iter()
        .find(|o| o.name == "China Post Group Corporation Limited")
        .expect("China Post");
    assert_eq!(cp.aliases, ["China Post"]);
    let people: Vec<(&str, Option<&str>, Option<&str>)> = p
        .people
        .iter()
        .map(|x| (x.name.as_str(), x.role.as_deref(), x.affiliation.as_deref()))
        .collect();
    let cpn = Some("China Post Group Corporation Limited");
    assert_eq!(
        people,
        [
            ("Zheng Guoyu", Some("President"), cpn),
            ("Wen Shaoqi", Some("Vice President"), cpn),
            (
                "Yoshito Minami",
                Some("Executive Vice President"),
                Some("Japan Post")
            ),
            ("Kim Hong-jae", Some("Director General"), Some("Korea Post")),
        ]
    );
    let places: Vec<&str> = p.places.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(places, ["Hangzhou"]);
}

#[test]
fn seed_004_parties() {
    let text = seed("004_c81f2e9b14abcc74.txt");
    let p = parties(&text);
    let names: Vec<&str> = p.organizations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Korea Post", "Kahala Posts Group"]);
    assert_eq!(p.people.len(), 1);
    assert_eq!(p.people[0].name, "Cho Hae-keun");
    assert_eq!(p.people[0].role.as_deref(), Some("President"));
    assert_eq!(p.people[0].affiliation.as_deref(), Some("Korea Post"));
    let places: Vec<&str> = p.places.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(places, ["Bangkok"]);
}

#[test]
fn mentions_are_sorted_and_inside_the_text() {
    let text = seed("000_e9bc35649db03677.txt");
    let p = parties(&text);
    assert!(p.mentions.windows(2).all(|w| w[0].span.0 <= w[1].span.0));
    for m in &p.mentions {
        assert!(!m.span.slice(&text).is_empty());
    }
    // Every organisation is reachable from some mention.
    for i in 0..p.organizations.len() {
        assert!(p.mentions.iter().any(|m| m.who == Who::Org(i)));
    }
}

#[test]
fn odd_inputs_do_not_panic() {
    for text in [
        "",
        "(",
        "Post",
        "’s",
        "President",
        "Korea Post (",
        "Ministry of",
        "Mr.",
        "in Seoul on",
        "China Post Group Corporation Limited (China Post",
        "é Ü 中国邮政 President 李 of Korea Post",
    ] {
        let _ = parties(text);
        let _ = parties_one(text);
    }
}
