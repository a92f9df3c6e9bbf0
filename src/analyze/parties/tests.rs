//! Tests of the party analyser: organisations and their short forms, people, places, seeds.

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
            "central_asian_operators",
            "The heads of Uzbekiston pochtasi JSC (Uzbekistan Post), State Enterprise Kyrgyz Pochtasy and State Unitary Enterprise Pochtai Tojik met. Kyrgyz Pochtasy will install lockers.",
            &[
                ("Uzbekiston pochtasi JSC", &["Uzbekiston pochtasi", "Uzbekistan Post"]),
                ("State Enterprise Kyrgyz Pochtasy", &["Kyrgyz Pochtasy"]),
                ("State Unitary Enterprise Pochtai Tojik", &["Pochtai Tojik"]),
            ],
        ),
        (
            "legal_forms_after_head_first_and_national_names",
            "Hrvatska pošta d.d. (hereinafter “Croatian Post”) and Pošta Crne Gore AD (hereinafter “Post of Montenegro”) met Correos del Ecuador CDE E.P. and Pošta Slovenije d.o.o. in Quito. Correos del Ecuador will host them.",
            &[
                ("Hrvatska pošta d.d.", &["Hrvatska pošta", "Croatian Post"]),
                ("Pošta Crne Gore AD", &["Pošta Crne Gore", "Post of Montenegro"]),
                ("Correos del Ecuador CDE E.P.", &["Correos del Ecuador"]),
                ("Pošta Slovenije d.o.o.", &["Pošta Slovenije"]),
            ],
        ),
        (
            "names_a_body_trades_or_is_known_under",
            "Correo Oficial de la República Argentina S.A., better known as Correo Argentino, and Uruguay's Administración Nacional de Correos (ANC), which trades as Correo Uruguayo, signed an agreement.",
            &[
                (
                    "Correo Oficial de la República Argentina S.A.",
                    &["Correo Oficial de la República Argentina", "Correo Argentino"],
                ),
                ("Administración Nacional de Correos", &["ANC", "Correo Uruguayo"]),
            ],
        ),
        (
            "a_place_after_a_name_with_of",
            "The Department of Customs of Nepal met the Embassy of Ghana and the PTT Corporation of Türkiye. The Postal Corporation of Kenya joined. The Ministry of Digital Economy and Digital Transformation thanked the Ministry of Digital Economy and Digital staff.",
            &[
                ("Department of Customs", &["Department of Customs of Nepal"]),
                ("Embassy of Ghana", &[]),
                ("PTT Corporation", &["PTT Corporation of Türkiye"]),
                ("Postal Corporation of Kenya", &[]),
                ("Ministry of Digital Economy and Digital Transformation", &["Ministry of Digital Economy and Digital"]),
            ],
        ),
        (
            "the_same_body_in_two_countries",
            "The Department of Posts of India and the Department of Posts of Sri Lanka signed it.",
            &[
                ("Department of Posts of India", &[]),
                ("Department of Posts of Sri Lanka", &[]),
            ],
        ),
        (
            "single_word_short_form_used_later",
            "The Ministry of Communication and Digital Affairs (Komdigi) met the press. Komdigi will train regulators.",
            &[("Ministry of Communication and Digital Affairs", &["Komdigi"])],
        ),
        (
            "romance_and_inside_a_name",
            "The Empresa Brasileira de Correios e Telégrafos (Correios do Brasil) and the Sociedad Estatal Correos y Telégrafos, S.A. met.",
            &[
                ("Empresa Brasileira de Correios e Telégrafos", &["Correios do Brasil"]),
                (
                    "Sociedad Estatal Correos y Telégrafos, S.A.",
                    &["Sociedad Estatal Correos y Telégrafos"],
                ),
            ],
        ),
        (
            "italian_legal_form_in_initials",
            "Poste Italiane S.p.A. and Hellenic Post S.A. (ELTA) signed a deal. PostePay S.p.A. will train staff. Hellenic Post thanked them.",
            &[
                ("Poste Italiane S.p.A.", &["Poste Italiane"]),
                ("Hellenic Post S.A.", &["Hellenic Post", "ELTA"]),
                ("PostePay S.p.A.", &["PostePay"]),
            ],
        ),
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
            "product_services_are_not_organisations",
            "The Express Mail Service grew while the Korea Customs Service checked parcels.",
            &[("Korea Customs Service", &[])],
        ),
        (
            "service_acronyms_are_not_organisations",
            "The EMS and ICT teams met the CEO.",
            &[],
        ),
        (
            "of_inside_a_name",
            "Korea Post paid into the Quality of Service Fund.",
            &[("Korea Post", &[]), ("Quality of Service Fund", &[])],
        ),
        (
            "dateline_city_is_not_an_acronym",
            "SEOUL, March 12 - Korea Post said so.",
            &[("Korea Post", &[])],
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
        (
            "corporation_of_a_country",
            "The Postal Corporation of Malawi (Posta Malawi) and Egypt Post will open hubs.",
            &[
                ("Postal Corporation of Malawi", &["Posta Malawi"]),
                ("Egypt Post", &[]),
            ],
        ),
        (
            "article_head_particle_country",
            "The session was chaired by the head of La Poste du Mali and by Egypt Post.",
            &[("La Poste du Mali", &[]), ("Egypt Post", &[])],
        ),
        (
            "national_legal_form_before_a_name_with_its_short_form",
            "AS Eesti Post (Omniva), VAS Latvijas Pasts (Latvijas Pasts) and AB Lietuvos pastas (Lithuania Post) adopted a plan.",
            &[
                ("AS Eesti Post", &["Omniva"]),
                ("VAS Latvijas Pasts", &["Latvijas Pasts"]),
                ("AB Lietuvos pastas", &["Lithuania Post"]),
            ],
        ),
        (
            "national_word_for_post_in_lower_case",
            "The agreement was signed by Česká pošta, s.p. and Slovenská pošta. Česká pošta will open ten contact points.",
            &[
                ("Česká pošta, s.p.", &["Česká pošta"]),
                ("Slovenská pošta", &[]),
            ],
        ),
        (
            "lower_case_brand_before_a_legal_form",
            "PostNL and bpost NV/SA agreed to run a pilot. PostNL and bpost will publish the results.",
            &[("PostNL", &[]), ("bpost NV/SA", &["bpost"])],
        ),
        (
            "a_tab_separates_table_cells",
            "Action items:\n1\tSubmit a request to the Asian Development Bank\tCambodia Post\t30 June 2026\n",
            &[("Asian Development Bank", &[]), ("Cambodia Post", &[])],
        ),
        (
            "a_company_board_is_not_an_organisation",
            "Anna Nowak, President of the Management Board of Poczta Polska, signed for the Polish side.",
            &[("Poczta Polska", &[])],
        ),
        (
            "the_union_keeps_its_first_referent",
            "The Council of the Caribbean Postal Union (CPU) met. Most of the Union's members attended. It invited the Universal Postal Union to help, and declined to open the Union to private firms.",
            &[
                ("Caribbean Postal Union", &["CPU", "the Union"]),
                ("Universal Postal Union", &[]),
            ],
        ),
        (
            "lower_case_legal_form_after_a_name",
            "Apologies were received from Íslandspóstur ohf. and Posti Group Oyj. Íslandspóstur will report back.",
            &[
                ("Íslandspóstur ohf.", &["Íslandspóstur"]),
                ("Posti Group Oyj", &["Posti"]),
            ],
        ),
        (
            "a_brand_is_the_short_form_of_its_full_name",
            "Posten Bring AS and PostNord AB attended. Posten Bring will phase out paper forms.",
            &[("Posten Bring AS", &["Posten", "Posten Bring"]), ("PostNord AB", &["PostNord"])],
        ),
        (
            "a_known_name_that_goes_on_names_another_body",
            "La Poste Tunisienne and Algérie Poste met La Poste de Djibouti in Tunis.",
            &[("La Poste Tunisienne", &[]), ("Algérie Poste", &[]), ("La Poste de Djibouti", &[])],
        ),
        (
            "a_name_repeated_after_initials_is_a_short_form",
            "The delegation was led by the U.S. Department of State. The Department of State will host the next round.",
            &[("U.S. Department of State", &["Department of State"])],
        ),
        (
            "legal_form_in_parentheses_is_no_short_form",
            "Korea Post met PT Pos Indonesia (Persero) in Seoul.",
            &[("Korea Post", &[]), ("Pos Indonesia", &[])],
        ),
        (
            "article_head_without_particle_is_not_head_first",
            "Canada Post and La Poste Groupe met in Paris.",
            &[("Canada Post", &[]), ("La Poste Groupe", &[])],
        ),
        (
            "a_name_without_its_legal_form_used_alone",
            "Azerpost LLC and Georgian Post JSC met in Baku. Azerpost will publish a guide.",
            &[("Azerpost LLC", &["Azerpost"]), ("Georgian Post JSC", &[])],
        ),
        (
            "a_collective_in_parentheses_is_no_short_form",
            "Azerpost LLC and PTT Corporation of Türkiye (hereinafter \"the Parties\") met. The Parties shall meet again.",
            &[("Azerpost LLC", &[]), ("PTT Corporation", &["PTT Corporation of Türkiye"])],
        ),
        (
            "known_name_whose_words_are_common",
            "An Post shall introduce an interim target for an improved service.",
            &[("An Post", &[])],
        ),
        (
            "known_names_stop_before_legal_initials_and_agreements",
            "PostNL N.V. signed the Paositra Malagasy Memorandum of Understanding.",
            &[("PostNL N.V.", &["PostNL"]), ("Paositra Malagasy", &[])],
        ),
        (
            "portfolio_of_society",
            "The Ministry of Digital Economy and Society of Thailand hosted the visit.",
            &[(
                "Ministry of Digital Economy and Society",
                &["Ministry of Digital Economy and Society of Thailand"],
            )],
        ),
        (
            "a_field_of_work_is_no_body",
            "They signed the Memorandum on Cooperation in the Field of Postal Services.",
            &[],
        ),
        (
            "holder_after_a_head_first_name",
            "Director General of Pošta Srbije Milan Petrović-Jovanović said so.",
            &[("Pošta Srbije", &[])],
        ),
        (
            "a_wide_gap_ends_a_name",
            "Société Nationale La Poste (La Poste) met them.\n\nFor Société Nationale La Poste  Ibrahima Fall Deputy Director General",
            &[("Société Nationale La Poste", &["La Poste"])],
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
            "lower_case_portfolio_then_name_in_commas",
            "The Ministry of Information and Communications Technologies (MinTIC) hosted it. MinTIC's vice minister for connectivity, Camilo Andrés Rueda, welcomed the agreement.",
            &[(
                "Camilo Andrés Rueda",
                Some("vice minister for connectivity"),
                Some("Ministry of Information and Communications Technologies"),
            )],
        ),
        (
            "a_country_s_official_posted_somewhere",
            "Ecuador's ambassador in Bogotá, María Fernanda Cevallos, attended the signing.",
            &[("María Fernanda Cevallos", Some("ambassador"), None)],
        ),
        (
            "envoy_of_a_country_to_another",
            "The minister was joined by the Ambassador of the Republic of Fiji to Tonga, Sione Vea.",
            &[("Sione Vea", Some("Ambassador"), None)],
        ),
        (
            "long_portfolio_of_the_republic",
            "The minister received the Deputy Prime Minister and Minister of Trade and Digitalization of the Republic of Fiji, Ana Lomani-Vea, for talks.",
            &[("Ana Lomani-Vea", Some("Minister"), None)],
        ),
        (
            "plural_possessive_then_role",
            "Pacific Posts' executive director, Ana Lomani, said the link would open soon.",
            &[("Ana Lomani", Some("executive director"), Some("Pacific Posts"))],
        ),
        (
            "role_of_body_with_acronym_then_name",
            "The meeting heard the Chairman of the Fiji Communications Authority (FCA),\nSione Vea, at the opening.",
            &[("Sione Vea", Some("Chairman"), Some("Fiji Communications Authority"))],
        ),
        (
            "french_and_amharic_honorifics",
            "The meeting was co-chaired by Ato Dawit Bekele of Ethiopian Post and Mme Hodan Robleh of Djibouti Post.",
            &[
                ("Dawit Bekele", None, Some("Ethiopian Post")),
                ("Hodan Robleh", None, Some("Djibouti Post")),
            ],
        ),
        (
            "dotted_engineer_honorific",
            "The meeting was co-chaired by Eng. Rami Al-Khasawneh and Dr. Sherif Abdel-Moneim.",
            &[("Rami Al-Khasawneh", None, None), ("Sherif Abdel-Moneim", None, None)],
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
            "role_with_long_complement",
            "Assistant Secretary of State for International Organization Affairs Michele Sison spoke.",
            &[("Michele Sison", Some("Assistant Secretary"), None)],
        ),
        (
            "role_of_org_then_name",
            "According to the head of Korea Post, Cho Hae-keun, volumes fell.",
            &[("Cho Hae-keun", Some("head"), Some("Korea Post"))],
        ),
        (
            "possessive_role_then_name",
            "Korea Post's president, Cho Hae-keun, spoke.",
            &[("Cho Hae-keun", Some("president"), Some("Korea Post"))],
        ),
        (
            "no_name_after_role",
            "The President of Korea Post said the Director was absent.",
            &[],
        ),
        (
            "capitalised_surname_first",
            "The text was signed by Mr. SATO Kenta, Director General of Japan Post.",
            &[("SATO Kenta", Some("Director General"), Some("Japan Post"))],
        ),
        (
            "capitalised_surname_last_and_later_mention",
            "Yuki MORI, President of Japan Post, opened the talks. President Mori thanked them.",
            &[("Yuki MORI", Some("President"), Some("Japan Post"))],
        ),
        (
            "malay_honorifics_and_bin",
            "Datuk Seri Rahim bin Osman, Chairman of Pos Malaysia Berhad, said the talks went well.",
            &[(
                "Rahim bin Osman",
                Some("Chairman"),
                Some("Pos Malaysia Berhad"),
            )],
        ),
        (
            "portfolio_words_before_the_name",
            "Also present was Secretary for Housing and Public Works Chan Tai-man.",
            &[("Chan Tai-man", Some("Secretary"), None)],
        ),
        (
            "indian_honorific_and_initials",
            "The delegation was led by Shri Anil Kumar Rao, Secretary of Korea Post. Dr. R. K. Iyer of Korea Post spoke.",
            &[
                ("Anil Kumar Rao", Some("Secretary"), Some("Korea Post")),
                ("R. K. Iyer", None, Some("Korea Post")),
            ],
        ),
        (
            "a_second_person_after_a_portfolio_and_name",
            "Minister of the Interior Petr Dvorak and Eva Horvath, Minister of Transport, signed.",
            &[
                ("Petr Dvorak", Some("Minister"), None),
                ("Eva Horvath", Some("Minister"), None),
            ],
        ),
        (
            "honorifics_after_a_role_and_comma",
            "It was witnessed by the Deputy Minister of Communications, Tuan Haji Rosli bin Abdul Rahman, and others.",
            &[("Rosli bin Abdul Rahman", Some("Deputy Minister"), None)],
        ),
        (
            "an_acronym_after_a_name_is_not_a_surname",
            "Ana Lomani, Chief Executive of Fiji Post, joined the EMS talks.",
            &[("Ana Lomani", Some("Chief Executive"), Some("Fiji Post"))],
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
fn short_forms_and_later_mentions() {
    let cases: &[OrgCase] = &[
        (
            "camel_case_short_form",
            "Singapore Post hosted the talks. SingPost will expand.",
            &[("Singapore Post", &["SingPost"])],
        ),
        (
            "quoted_short_form_in_parentheses",
            "This MoU is between Japan Post Co., Ltd. (\"JP\") and Thailand Post Company Limited (hereinafter \"THP\").",
            &[("Japan Post Co., Ltd.", &["JP"]), ("Thailand Post Company Limited", &["THP"])],
        ),
        (
            "posts_and_telecommunications",
            "Vietnam Posts and Telecommunications Group (VNPT) joined.",
            &[("Vietnam Posts and Telecommunications Group", &["VNPT"])],
        ),
        (
            "brand_names",
            "Royal Mail and PostNord met Pos Malaysia Berhad.",
            &[("Royal Mail", &[]), ("PostNord", &[]), ("Pos Malaysia Berhad", &["Pos Malaysia"])],
        ),
        (
            "person_in_parentheses_is_not_a_short_form",
            "Korea Post (President Park Jong-seok) signed the MoU.",
            &[("Korea Post", &[])],
        ),
        (
            "unit_of_a_company_is_not_an_organisation",
            "Ms. Lee, Director General of the International Business Bureau of Korea Post, spoke.",
            &[("Korea Post", &[])],
        ),
    ];
    for (id, text, want) in cases {
        let got = org_table(&parties_one(text));
        let want: Vec<(String, Vec<String>)> = want
            .iter()
            .map(|(n, a)| (n.to_string(), a.iter().map(|s| s.to_string()).collect()))
            .collect();
        assert_eq!(got, want, "{id}");
    }
}

#[test]
fn later_mentions_of_a_short_form_are_mentions() {
    let text = "Vietnam Post Corporation (VNPost) met Korea Post. VNPost will send experts.";
    let p = parties(text);
    let at = text.rfind("VNPost").expect("second mention");
    assert!(p
        .mentions
        .iter()
        .any(|m| m.span == Span(at, at + "VNPost".len()) && m.who == Who::Org(0)));
}

#[test]
fn affiliations_through_parentheses_and_units() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "person_in_parentheses",
            "Korea Post (President Park Jong-seok) signed the MoU.",
            "Park Jong-seok",
            "Korea Post",
        ),
        (
            "role_after_acronym_in_parentheses",
            "Universal Postal Union (UPU) Director General Masahiko Metoki spoke.",
            "Masahiko Metoki",
            "Universal Postal Union",
        ),
        (
            "unit_gives_the_company",
            "Mr. Lee Min-ho, Director General of the International Business Bureau of Korea Post, spoke.",
            "Lee Min-ho",
            "Korea Post",
        ),
        (
            "prefixed_role",
            "Australia Post Executive General Manager Gary Starr said so.",
            "Gary Starr",
            "Australia Post",
        ),
        (
            "legal_form_before_the_organisation",
            "It was signed by Dewi Lestari, President Director of PT Pos Indonesia (Persero), in Jakarta.",
            "Dewi Lestari",
            "Pos Indonesia",
        ),
    ];
    for (id, text, name, aff) in cases {
        let p = parties_one(text);
        let person = p.people.iter().find(|x| x.name == *name);
        assert_eq!(
            person.and_then(|x| x.affiliation.as_deref()),
            Some(*aff),
            "{id}: {:?}",
            p.people
        );
    }
}

#[test]
fn initials_and_particles_inside_names() {
    let cases: &[(&str, &str, &str, Option<&str>)] = &[
        (
            "initial",
            "Ambassador John F. Smith of the Department of State spoke.",
            "John F. Smith",
            Some("Department of State"),
        ),
        (
            "particle",
            "Minister Abdul Rahman bin Ali attended.",
            "Abdul Rahman bin Ali",
            None,
        ),
        (
            "irish_particle",
            "An Post was represented by its Chief Executive, Donal Ó Súilleabháin.",
            "Donal Ó Súilleabháin",
            Some("An Post"),
        ),
    ];
    for (id, text, name, aff) in cases {
        let p = parties_one(text);
        assert_eq!(p.people.len(), 1, "{id}: {:?}", p.people);
        assert_eq!(p.people[0].name, *name, "{id}");
        assert_eq!(p.people[0].affiliation.as_deref(), *aff, "{id}");
    }
}

#[test]
fn attendance_lists_name_people_and_their_organisations() {
    let text = "Minutes of the meeting\n\nPresent:\nAnna Berg, Posten Bring AS (Chair)\nMikko Laine, Posti Group Oyj\nApologies: Ola Nordmann (Posten Bring AS)\n\nThe Chair opened the meeting. Posti Group Oyj reported on transit times.";
    let p = parties(text);
    let got: Vec<(&str, Option<&str>)> = p
        .people
        .iter()
        .map(|x| (x.name.as_str(), x.affiliation.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("Anna Berg", Some("Posten Bring AS")),
            ("Mikko Laine", Some("Posti Group Oyj")),
            ("Ola Nordmann", Some("Posten Bring AS")),
        ]
    );
}

#[test]
fn bylines_name_people() {
    let p = parties(
        "Postal news\n\nReporter: Dewi Lestari | Editor: Budi Santoso\n\nThe Post opened a depot.",
    );
    let names: Vec<&str> = p.people.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["Dewi Lestari", "Budi Santoso"]);
}

#[test]
fn a_portfolio_and_a_named_body_are_one_name() {
    let cases: &[OrgCase] = &[
        (
            "ports_and_harbours",
            "The Ports and Harbours Bureau will draft the plan.",
            &[("Ports and Harbours Bureau", &[])],
        ),
        (
            "communications_and_multimedia",
            "The Malaysian Communications and Multimedia Commission (MCMC) met the press.",
            &[(
                "Malaysian Communications and Multimedia Commission",
                &["MCMC"],
            )],
        ),
        (
            "hosted_body_keeps_its_country",
            "The Embassy of the Philippines in Japan and the American Chamber of Commerce in Korea (AMCHAM) attended.",
            &[
                ("Embassy of the Philippines in Japan", &[]),
                ("American Chamber of Commerce in Korea", &["AMCHAM"]),
            ],
        ),
        (
            "romance_head_first_with_initials_and_a_contraction",
            "The Ministry signed with Servicios Postales del Peru S.A. (Serpost) on Monday.",
            &[("Servicios Postales del Peru S.A.", &["Servicios Postales del Peru", "Serpost"])],
        ),
        (
            "portfolio_after_and_is_not_a_second_body",
            "The Regulatory Authority for Electronic Communications and Postal Services (RU) met.",
            &[(
                "Regulatory Authority for Electronic Communications and Postal Services",
                &["RU"],
            )],
        ),
        (
            "country_with_and_in_its_name",
            "The Trinidad and Tobago Postal Corporation (TTPost) hosted the meeting.",
            &[("Trinidad and Tobago Postal Corporation", &["TTPost"])],
        ),
        (
            "two_posts_stay_two",
            "Japan Post and Korea Post signed a deal.",
            &[("Japan Post", &[]), ("Korea Post", &[])],
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
fn contractions_of_a_name() {
    for (short, owner, want) in [
        ("Serpost", "Servicios Postales del Peru S.A.", true),
        ("Posindo", "PT Pos Indonesia", true),
        ("Posta", "Postal Corporation of Kenya", false),
        ("Kenya", "Postal Corporation of Kenya", false),
        ("Corpost", "Postal Corporation of Kenya", false),
    ] {
        assert_eq!(contraction_of(short, owner), want, "{short} / {owner}");
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
            "to_before_a_past_meeting",
            "Korea Post sent a delegation to the meeting in Seoul on Monday.",
            &["Seoul"],
        ),
        (
            "future_meeting_is_not_a_place",
            "They agreed to hold the next meeting in Tokyo in 2026.",
            &[],
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

#[test]
fn candidates_are_vetted_by_how_the_text_uses_them() {
    let cases: &[OrgCase] = &[
        (
            "ministers_of_a_named_body_are_the_body",
            "The Conference of Ministers of the Conference of Posts and Telecommunications of Central Africa (COPTAC) met in Libreville.",
            &[("Conference of Posts and Telecommunications of Central Africa", &["COPTAC"])],
        ),
        (
            "weak_head_with_a_short_form_of_its_initials",
            "The West African Postal Conference (WAPCO) attended as an observer.",
            &[("West African Postal Conference", &["WAPCO"])],
        ),
        (
            "heads_of_posts_of_an_unnamed_body_are_no_body",
            "The Heads of Posts of the Trans-Caspian Postal Corridor met in Baku.",
            &[],
        ),
        (
            "a_council_of_ministers_is_a_cabinet",
            "The plan was approved by the Council of Ministers last year.",
            &[("Council of Ministers", &[])],
        ),
        (
            "french_name_with_et_and_an_elided_article",
            "The Société Tchadienne des Postes et de l'Épargne (STPE) attended.",
            &[("Société Tchadienne des Postes et de l'Épargne", &["STPE"])],
        ),
        (
            "currency_before_amount",
            "The fee is KZT 500 per item.",
            &[],
        ),
        (
            "acronym_defined_as_lower_case_thing",
            "Members send electronic customs data (ECD) to customs. ECD helps.",
            &[],
        ),
        (
            "acronym_defined_as_capitalised_thing",
            "Operators use the Global Tracking System (GTS) daily.",
            &[],
        ),
        (
            "acronym_used_as_actor",
            "The AFPU will publish a guide. Delegates thanked the AFPU.",
            &[("AFPU", &[])],
        ),
        (
            "acronym_as_modifier_only",
            "Each parcel carries an XMTT message.",
            &[],
        ),
        (
            "proper_name_defines_acronym",
            "Banks follow the Financial Action Task Force (FATF) rules.",
            &[("FATF", &[])],
        ),
        (
            "sub_unit_with_generic_words",
            "Officials of the International Trade Department met Korea Post.",
            &[("Korea Post", &[])],
        ),
        (
            "unit_with_a_proper_name_is_kept",
            "The Thai Customs Department checked the parcels.",
            &[("Thai Customs Department", &[])],
        ),
        (
            "capitals_formula_before_a_legal_form",
            "Posten Norge AS and Korea Post have agreed as follows. HAVE AGREED AS FOLLOWS:",
            &[("Posten Norge AS", &["Posten"]), ("Korea Post", &[])],
        ),
        (
            "signature_row_cells",
            "Korea Post and Japan Post signed.\nFor the Korea Post For the Japan Post\n",
            &[("Korea Post", &[]), ("Japan Post", &[])],
        ),
        (
            "facility_named_only_as_a_location",
            "Ghana Post opened a centre at Kotoka International Airport. Trainees work at the Central Sorting Office.",
            &[("Ghana Post", &[])],
        ),
        (
            "facility_that_acts_is_an_organisation",
            "Korea Post signed a lease with Liege Airport. Liege Airport will provide space at Liege Airport.",
            &[("Korea Post", &[]), ("Liege Airport", &[])],
        ),
        (
            "operator_named_post_office_is_kept",
            "Staff at the Bangladesh Post Office met the Bangladesh Post Office managers.",
            &[("Bangladesh Post Office", &[])],
        ),
        (
            "product_named_like_an_operator",
            "Australia Post relaunched Express Post envelopes.",
            &[("Australia Post", &[])],
        ),
        (
            "organ_of_a_named_body",
            "The Executive Council of the Pacific Postal Union met in Suva.",
            &[("Pacific Postal Union", &[])],
        ),
        (
            "organ_defined_with_a_short_form",
            "The Postal Operations Council (POC) met. The POC agreed.",
            &[("Postal Operations Council", &["POC"])],
        ),
        (
            "generic_organ_without_short_form",
            "The proposal goes to the Management Board next week.",
            &[],
        ),
        (
            "executive_organ_that_acts",
            "The International Bureau published the study.",
            &[("International Bureau", &[])],
        ),
        (
            "executive_organ_only_named",
            "He thanked the Director General of the International Bureau.",
            &[],
        ),
        (
            "contact_line",
            "For details contact the ASPU Secretariat, tel. +66 2 000 0000.",
            &[],
        ),
        (
            "head_first_names",
            "Bank Negara Malaysia and the Enterprise des Postes Lao (EPL) met Correios do Brasil.",
            &[
                ("Bank Negara Malaysia", &[]),
                ("Enterprise des Postes Lao", &["EPL"]),
                ("Correios do Brasil", &[]),
            ],
        ),
        (
            "several_short_forms_in_one_parenthesis",
            "Vietnam Post Corporation (\"Vietnam Post\", also known as VNPost) met.",
            &[("Vietnam Post Corporation", &["Vietnam Post", "VNPost"])],
        ),
        (
            "hereinafter_for_all_of_them",
            "The meeting brought together Kazpost JSC, Azerpost LLC and PTT Corporation of Türkiye (hereinafter \"the Parties\").",
            &[("Kazpost JSC", &["Kazpost"]), ("Azerpost LLC", &[]), ("PTT Corporation", &["PTT Corporation of Türkiye"])],
        ),
        (
            "hereinafter_away_from_the_name",
            "FIJI POST LIMITED, a company of Fiji (hereinafter \"Fiji Post\"), agrees.",
            &[("Fiji Post Limited", &["Fiji Post"])],
        ),
        (
            "leading_legal_form",
            "PT Fiji Post Limited signed. Later Fiji Post said so.",
            &[("PT Fiji Post Limited", &["Fiji Post"])],
        ),
        (
            "name_inside_a_title",
            "The Nordic Mail Alliance Bulletin appeared.",
            &[],
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
fn people_in_record_lines() {
    type Want<'a> = &'a [(&'a str, Option<&'a str>)];
    let cases: &[(&str, &str, Want)] = &[
        (
            "signature_name_then_role",
            "Both sides signed the text.\n\nFor Fiji Post Limited\nAna Lomani\nChief Executive Officer\n",
            &[("Ana Lomani", Some("Fiji Post Limited"))],
        ),
        (
            "two_columns_flattened",
            "Both sides signed the text.\n\nFor Fiji Post For Tonga Post\n\nAna Lomani Sione Vea\nChief Executive Chief Executive\n",
            &[("Ana Lomani", None), ("Sione Vea", None)],
        ),
        (
            "labelled_fields",
            "Signed for and on behalf of FIJI POST LIMITED\nName: Ana Lomani\nTitle: Chief Executive\n",
            &[("Ana Lomani", Some("Fiji Post Limited"))],
        ),
        (
            "organisation_name_role_inline",
            "For Fiji Post Ana Lomani Chief Executive\tFor Tonga Post Sione Vea Director\n",
            &[("Ana Lomani", Some("Fiji Post")), ("Sione Vea", Some("Tonga Post"))],
        ),
        (
            "table_row",
            "| Member | Representative |\n|---|---|\n| Fiji Post | Ana Lomani, Programme Officer |\n",
            &[("Ana Lomani", Some("Fiji Post"))],
        ),
        (
            "gloss_and_generic_role",
            "Members attended.\n\nWu Jing (吴静), IT architect\tAna Lomani, Hub Operations Manager, Suva\n",
            &[("Wu Jing", None), ("Ana Lomani", None)],
        ),
        (
            "attendance_table_cells",
            "Present:\nName\tTitle\tOrganisation\nAna Lomani (Chair)\tChief Executive Officer\tFiji Post Limited\nSione Vea\tSenior Customs Officer\tTonga Post\n",
            &[("Ana Lomani", Some("Fiji Post Limited")), ("Sione Vea", Some("Tonga Post"))],
        ),
        (
            "signature_title_line_with_words",
            "Both sides signed the text.\n\nFor Fiji Post Limited\nAna Lomani\nDirector of International Business\n",
            &[("Ana Lomani", Some("Fiji Post Limited"))],
        ),
        (
            "heading_is_not_a_person",
            "Next Meeting\n\nThe group will meet again.\n",
            &[],
        ),
        (
            "menu_role_word_is_not_a_person",
            "Home | President Message | Contact\n\nKorea Post opened an office.\n",
            &[],
        ),
    ];
    for (id, text, want) in cases {
        let p = parties(text);
        let got: Vec<(String, Option<String>)> = p
            .people
            .iter()
            .map(|x| (x.name.clone(), x.affiliation.clone()))
            .collect();
        let want: Vec<(String, Option<String>)> = want
            .iter()
            .map(|(n, a)| (n.to_string(), a.map(str::to_string)))
            .collect();
        assert_eq!(got, want, "{id}");
    }
}

#[test]
fn people_introduced_by_cues() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("said_name_of_org", "\"It works,\" said Ana Lomani of Fiji Post.", &["Ana Lomani"]),
        ("chaired_by", "The session was chaired by Ana Lomani of Fiji Post.", &["Ana Lomani"]),
        ("according_to", "According to Ana Lomani, volumes rose.", &["Ana Lomani"]),
        ("name_said", "Ana Lomani said volumes rose.", &["Ana Lomani"]),
        ("name_who", "Ana Lomani, who leads the unit, spoke.", &["Ana Lomani"]),
        ("byline", "By Ana Lomani, staff reporter\n\nFiji Post opened an office.", &["Ana Lomani"]),
        ("byline_of_two", "By Ana Lomani and Sione Vea-Taufa\n\nFiji Post opened an office.", &["Ana Lomani", "Sione Vea-Taufa"]),
        ("and_without_byline", "Fiji Post met Tonga Post and Ana Lomani said volumes rose.", &["Ana Lomani"]),
        ("gloss_then_role", "It was signed by Zhao Lei (赵磊), Chairman of Fiji Post.", &["Zhao Lei"]),
        ("place_after_by", "The event was hosted by Ho Chi Minh City authorities.", &[]),
        ("surname_folds_into_full_name", "Zhao Lei (赵磊), Chairman of Fiji Post, spoke. Mr Zhao left.", &["Zhao Lei"]),
        (
            "second_role_ends_the_first_complement",
            "Minister of Trade and ICT Kim Da-eun and Fijian Minister of Communications Ana Lomani met.",
            &["Kim Da-eun", "Ana Lomani"],
        ),
        ("possessive_role_comma_name", "Fiji Post was represented by its Chief Operating Officer, Ana Lomani.", &["Ana Lomani"]),
    ];
    for (id, text, want) in cases {
        let got: Vec<String> = parties(text)
            .people
            .iter()
            .map(|x| x.name.clone())
            .collect();
        assert_eq!(got, *want, "{id}");
    }
}

/// The organisations the main subject of the last sentence stands for.
fn last_subject(text: &str) -> Vec<String> {
    let sents = sentences(text);
    let p = find_parties(text, &sents);
    let res = actors::Resolver::new(text, &sents, &p);
    let i = sents.len() - 1;
    let toks = res.tokens(i).to_vec();
    let (prev, _) = res.context(i);
    let prev = prev.to_vec();
    match res.main_subject(&toks) {
        Some((a, b)) => res.resolve(&toks, a, b, &prev),
        None => Vec::new(),
    }
}

#[test]
fn collective_subjects_resolve_to_the_named_parties() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "defined_signatories_not_the_parent_ministry",
            "Fiji Post, an agency of the Ministry of Communications, and Tonga Post Limited (each a \"Party\" and together \"the Parties\") agree as follows. The Parties cooperate with the Universal Postal Union. The Parties shall open a lane.",
            &["Fiji Post", "Tonga Post Limited"],
        ),
        (
            "signatories_defined_over_several_sentences",
            "FIJI POST LIMITED, a company of Fiji (hereinafter \"Fiji Post\"); and\n\nTonga Post Limited, a company of Tonga (hereinafter \"Tonga Post\");\n\n(each a \"Party\" and collectively \"the Parties\").\n\nThe Parties are members of the Universal Postal Union. Each Party shall name a contact point.",
            &["Fiji Post Limited", "Tonga Post Limited"],
        ),
        (
            "body_that_met",
            "The Executive Board of the Pacific Postal Union (PPU) met in Suva on 3 May. Board members from Fiji Post and Tonga Post attended. The Board agreed to adopt a strategy.",
            &["Pacific Postal Union"],
        ),
        (
            "members_of_the_body_that_met",
            "The Postal Operations Council (POC) of the Universal Postal Union (UPU) met in Berne on 3 May. It was chaired by Ana Lomani of Fiji Post. Members agreed to launch a pilot.",
            &["Postal Operations Council"],
        ),
        (
            "counted_posts_skip_observers",
            "Chairman Ana Lomani of Fiji Post, Sione Vea, Director of Tonga Post, and Kim Da-eun of Samoa Post led their delegations. Representatives of the Pacific Postal Union (PPU) attended as observers. The three Posts agreed to run a truck.",
            &["Fiji Post", "Tonga Post", "Samoa Post"],
        ),
        (
            "members_not_their_alliance",
            "The chief executives of the Nordic Mail Group met in Oslo on 3 May. The meeting was hosted by Fiji Post, whose President Ana Lomani chaired it. Tonga Post was represented by Director Sione Vea. The CEOs agreed to resume the guarantee.",
            &["Fiji Post", "Tonga Post"],
        ),
        (
            "the_group_is_not_a_company_named_group",
            "Minutes of the joint working group of China Post Group Corporation Limited and Fiji Post.\n\nLi Wei, Manager, China Post Group Corporation Limited\nAna Lomani, Director, Fiji Post\n\nThe group agreed to study a sea route.",
            &["China Post Group Corporation Limited", "Fiji Post"],
        ),
        (
            "counted_operators_are_the_last_subject",
            "Korea Post and Japan Post signed a memorandum. Under the plan, Egypt Post, Samoa Post, Kenya Post and Chile Post will each run a hub. The four operators agreed to publish transit times.",
            &["Egypt Post", "Samoa Post", "Kenya Post", "Chile Post"],
        ),
        (
            "the_parties_that_adopted_a_plan",
            "Fiji Post, Tonga Post and Samoa Post adopted the Suva Action Plan on Parcel Logistics. Ana Lomani of Fiji Post and Kim Min of Korea Post presented proposals. Korea Post hosted the talks. The three posts plan to buy electric vans.",
            &["Fiji Post", "Tonga Post", "Samoa Post"],
        ),
        (
            "signed_with_names_every_party",
            "PRESS OFFICE OF THE MINISTRY\nOffice of Communication and Image\n\nThe Ministry of Transport (MOT) signed on Monday an agreement with Fiji Post (FP) and the National Customs Authority (NCA) to speed up parcels. Ana Lomani of Fiji Post spoke. The parties agreed to study a new terminal.",
            &["Ministry of Transport", "Fiji Post", "National Customs Authority"],
        ),
        (
            "co_chairs_are_the_two_sides",
            "Ana Lomani of the Fiji Customs Service (FCS) led the visit. The dialogue is co-chaired by the Department of Trade and the Ministry of Industry (MOI). Officials of Fiji Post and Tonga Post joined. Kim Min of the Fiji Customs Service spoke. The two sides agreed to launch a joint review.",
            &["Department of Trade", "Ministry of Industry"],
        ),
        (
            "the_department_is_the_last_named_department",
            "The Department of Posts (DoP) and Fiji Post met in Delhi. The Department intends to open two export centres.",
            &["Department of Posts"],
        ),
    ];
    for (id, text, want) in cases {
        assert_eq!(last_subject(text), *want, "{id}");
    }
}

#[test]
fn subjects_in_reports_of_several_meetings_and_appositions() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "parties_of_the_latest_meeting",
            "Fiji Post and Tonga Post met in Suva on Monday. Two days later, Samoa Post and Post PNG Limited signed a memorandum. The two companies will hold an exhibition.",
            &["Samoa Post", "Post PNG Limited"],
        ),
        (
            "heading_names_the_parties",
            "Minutes of the second meeting\n\nFiji Post Limited and Tonga Post Limited\n\nThe meeting reviewed the lane. Both sides agreed to share data.",
            &["Fiji Post Limited", "Tonga Post Limited"],
        ),
        (
            "possessive_owner_in_apposition",
            "The Pacific Postal Union (PPU) met in Suva on 3 May. The International Bureau (IB), the Union's secretariat, will prepare a study.",
            &["International Bureau"],
        ),
    ];
    for (id, text, want) in cases {
        assert_eq!(last_subject(text), *want, "{id}");
    }
}

#[test]
fn people_in_chinese_japanese_and_glossed_names() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "chinese_title_before_name",
            "9月3日，某某邮政集团有限公司副总经理李明、某国邮政董事会主席阿列克·别洛夫出席签约仪式。",
            &["李明", "阿列克·别洛夫"],
        ),
        (
            "japanese_title_no_name_particle",
            "デザインは切手デザイナーの田中花子が担当しました。",
            &["田中花子"],
        ),
        (
            "latin_gloss_after_hangul",
            "이날 협약식에는 응우옌 반 빈(Nguyen Van Binh) 사장이 참석했다.",
            &["Nguyen Van Binh"],
        ),
        (
            "organisation_gloss_is_not_a_person",
            "우정사업본부(Korea Post)는 협약을 체결했다.",
            &[],
        ),
    ];
    for (id, text, want) in cases {
        let got: Vec<String> = parties(text)
            .people
            .iter()
            .map(|x| x.name.clone())
            .collect();
        assert_eq!(got, *want, "{id}");
    }
}

#[test]
fn owners_after_of_are_not_actors() {
    let text = "The EMS Unit of the Pacific Postal Union (PPU) will prepare a study.";
    assert_eq!(last_subject(text), ["EMS Unit"]);
}

#[test]
fn contact_lines_after_a_sentence_end() {
    let text = "The Board met in Suva.\n\nPacific Postal Union Secretariat, GPO Building, Suva. Tel +679 330 2022.";
    let names: Vec<String> = parties(text)
        .organizations
        .iter()
        .map(|o| o.name.clone())
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

/// The shape filter in front of `match_role` never turns away a word that starts a role, in
/// any case, and does turn away ordinary words.
#[test]
fn role_shape_filter_keeps_every_role_start() {
    use super::lexicon::{ROLE_INDEX, ROLE_PREFIXES};
    for w in ROLE_INDEX.keys().chain(ROLE_PREFIXES.iter()) {
        let title: String = w
            .char_indices()
            .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
            .collect();
        for form in [w.to_string(), title, w.to_uppercase()] {
            assert!(may_start_role(&form), "{form} was turned away");
        }
    }
    for (id, w, may) in [
        ("role", "President", true),
        ("prefix", "ACTING", true),
        ("non_ascii_is_kept", "Président", true),
        ("empty", "", false),
        ("digits", "2025", false),
        ("common_word", "the", false),
        ("preposition", "of", false),
    ] {
        assert_eq!(may_start_role(w), may, "{id}");
    }
}
