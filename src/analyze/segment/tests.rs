use super::*;

/// (text, prose) of each sentence.
fn split(text: &str) -> Vec<(&str, bool)> {
    let out = sentences(text);
    for pair in out.windows(2) {
        assert!(pair[0].span.1 <= pair[1].span.0, "sentences in order");
    }
    out.iter().map(|s| (s.span.slice(text), s.prose)).collect()
}

fn texts(text: &str) -> Vec<&str> {
    split(text).into_iter().map(|(t, _)| t).collect()
}

#[test]
fn splits_at_sentence_ends_but_not_after_abbreviations() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "plain",
            "The Posts met. They agreed to act! Did they? Yes.",
            &["The Posts met.", "They agreed to act!", "Did they?", "Yes."],
        ),
        (
            "title_abbrev",
            "Mr. Kim met Dr. Lee in Seoul. They signed.",
            &["Mr. Kim met Dr. Lee in Seoul.", "They signed."],
        ),
        (
            "month_abbrev",
            "It opened on Nov. 28 in Seoul. It closed on Jan. 5 in Tokyo.",
            &[
                "It opened on Nov. 28 in Seoul.",
                "It closed on Jan. 5 in Tokyo.",
            ],
        ),
        (
            "company_abbrev",
            "Samsung Co. Ltd. and Acme Inc. signed with Beta Corp. today.",
            &["Samsung Co. Ltd. and Acme Inc. signed with Beta Corp. today."],
        ),
        (
            "us_and_eg",
            "The U.S. Postal Service agreed, e.g. on rates. It also met i.e. Japan Post.",
            &[
                "The U.S. Postal Service agreed, e.g. on rates.",
                "It also met i.e. Japan Post.",
            ],
        ),
        (
            "initials",
            "The report by J. Smith was adopted. It was long.",
            &["The report by J. Smith was adopted.", "It was long."],
        ),
        (
            "number_abbrev",
            "It was recorded as No. 5 in the list. Sept. 3 was chosen.",
            &[
                "It was recorded as No. 5 in the list.",
                "Sept. 3 was chosen.",
            ],
        ),
        (
            "decimals",
            "Volumes fell to 17.20 million items. Clause 3.1 applies.",
            &[
                "Volumes fell to 17.20 million items.",
                "Clause 3.1 applies.",
            ],
        ),
        (
            "quote_then_lowercase",
            "\"We will cooperate.\" said Cho. He left.",
            &["\"We will cooperate.\" said Cho.", "He left."],
        ),
        (
            "quote_then_capital",
            "He said: \"We agreed.\" The talks ended.",
            &["He said: \"We agreed.\"", "The talks ended."],
        ),
        (
            "vs_no_split",
            "The case of Korea Post vs. Japan Post was closed.",
            &["The case of Korea Post vs. Japan Post was closed."],
        ),
        (
            "digit_start",
            "It was held in Bangkok. 10 members joined.",
            &["It was held in Bangkok.", "10 members joined."],
        ),
        (
            "cjk",
            "会议在杭州举行。三方签署了备忘录。",
            &["会议在杭州举行。", "三方签署了备忘录。"],
        ),
    ];
    for (id, text, want) in cases {
        assert_eq!(texts(text), *want, "case {id}");
    }
}

#[test]
fn blocks_break_at_paragraphs_lists_and_headings_and_join_wrapped_lines() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("paragraph_break", "The Posts met in Seoul\n\nThey agreed.", &["The Posts met in Seoul", "They agreed."]),
        (
            "wrapped_pdf_lines",
            "The three parties agreed to share air transportation resources and to connect\n\
             their domestic networks to raise the delivery speed across the region, and the\n\
             Universal Postal Union welcomed the decision taken by the three postal operators.\n\
             The meeting ended.",
            &[
                "The three parties agreed to share air transportation resources and to connect\n\
                 their domestic networks to raise the delivery speed across the region, and the\n\
                 Universal Postal Union welcomed the decision taken by the three postal operators.",
                "The meeting ended.",
            ],
        ),
        (
            "wrapped_before_capital",
            "During the meeting in Bangkok the chief executives of the member posts agreed with\n\
             Korea Post to resume the guaranteed delivery service before the end of the year.\n\
             It was a short meeting of the whole group held behind closed doors in the city.",
            &[
                "During the meeting in Bangkok the chief executives of the member posts agreed with\n\
                 Korea Post to resume the guaranteed delivery service before the end of the year.",
                "It was a short meeting of the whole group held behind closed doors in the city.",
            ],
        ),
        (
            "heading_then_text",
            "Joint Statement On Postal Cooperation\nThe ministers of the three countries met in Tokyo to discuss cooperation.",
            &["Joint Statement On Postal Cooperation", "The ministers of the three countries met in Tokyo to discuss cooperation."],
        ),
        (
            "list_items",
            "The parties agreed to:\n1. share resources;\n2. link networks.\n- exchange staff\n• promote stamps",
            &["The parties agreed to:", "1. share resources;", "2. link networks.", "- exchange staff", "• promote stamps"],
        ),
        (
            "numbered_clauses",
            "3.1 The Parties shall cooperate.\n3.2 The Parties shall report annually.",
            &["3.1 The Parties shall cooperate.", "3.2 The Parties shall report annually."],
        ),
        ("abbreviation_at_wrap", "The talks were led by Mr.\nKim of Korea Post.", &["The talks were led by Mr.\nKim of Korea Post."]),
        ("lowercase_continuation", "The parties\nagreed to meet.", &["The parties\nagreed to meet."]),
        (
            "wrapped_numbered_paragraph",
            "2. The Ministers decided to launch a joint e-commerce corridor by the end of February\n\
             2026 and to review it in the second half of 2026, and to report back to the council.\n\
             3. The Ministers noted the progress.",
            &[
                "2. The Ministers decided to launch a joint e-commerce corridor by the end of February\n\
                 2026 and to review it in the second half of 2026, and to report back to the council.",
                "3. The Ministers noted the progress.",
            ],
        ),
        ("numbered_heading", "1. Background\nThe delegation visited Seoul.", &["1. Background", "The delegation visited Seoul."]),
        (
            "open_bracket_and_hereinafter_go_on",
            "The Chief Executives of Samoa Post Limited (Samoa\nPost) and Tonga Post Limited, hereinafter\n\"the Posts\", met in Suva.",
            &["The Chief Executives of Samoa Post Limited (Samoa\nPost) and Tonga Post Limited, hereinafter\n\"the Posts\", met in Suva."],
        ),
        ("crlf_wrapped_lines", "The parties\r\nagreed to meet.\r\n\r\nNext paragraph.", &["The parties\r\nagreed to meet.", "Next paragraph."]),
        ("form_feed_page_break", "End of page one.\u{c}Start of page two.", &["End of page one.", "Start of page two."]),
        (
            "numbered_line_of_names_goes_on",
            "1. The Conference of Ministers of the Conference of Posts and Telecommunications of Central\n\
             Africa (COPTAC) held its ordinary session in Libreville, Gabonese Republic, on 24 March.\n\
             2. The session was attended by the ministers of the four member countries of COPTAC.",
            &[
                "1. The Conference of Ministers of the Conference of Posts and Telecommunications of Central\n\
                 Africa (COPTAC) held its ordinary session in Libreville, Gabonese Republic, on 24 March.",
                "2. The session was attended by the ministers of the four member countries of COPTAC.",
            ],
        ),
    ];
    for (id, text, want) in cases {
        assert_eq!(texts(text), *want, "case {id}");
    }
}

#[test]
fn chrome_is_not_prose() {
    let cases: &[(&str, &str, bool)] = &[
        ("menu_item", "• Postman Story", false),
        ("menu_year_item", "• 2024 Stamps", false),
        ("phone_line", "Postal Business: 8610 11185", false),
        (
            "phone_line_long_number",
            "China Post Life: 8610 4008909999",
            false,
        ),
        (
            "registration_footer",
            "Register number: 京ICP备15035540号",
            false,
        ),
        (
            "powered_by",
            "Powered by CHINA POST | About Us | Sitemap | Contact Us |",
            false,
        ),
        (
            "copyright",
            "Copyright © 2024 Korea Post. All rights reserved.",
            false,
        ),
        (
            "digits_and_punctuation",
            "2023-12-01 | 10:25 | 1,024",
            false,
        ),
        ("pipe_menu", "Home | News | Contact", false),
        ("caption_credit", "(Korea Post)", false),
        ("link_list", "More from the Newsroom\nResults for the half year ended 30 September 2025\nSingPost appoints new Group Chief Financial Officer", false),
        ("latest_list", "Latest\nKahala CEOs to meet in Seoul\nAir freight rates ease in May", false),
        (
            "headline_with_verb",
            "China-Japan-Korea High-level Postal Meeting held in Hangzhou",
            true,
        ),
        ("sentence", "The three parties signed the memorandum.", true),
        ("short_sentence", "It was held in Bangkok.", true),
        (
            "cjk_prose",
            "中国邮政集团公司与日本邮政签署了合作备忘录。",
            true,
        ),
    ];
    for (id, text, want) in cases {
        let got = split(text);
        assert!(got.iter().all(|&(_, p)| p == *want), "case {id}: {got:?}");
    }
}

#[test]
fn prose_resumes_after_a_link_list() {
    let text = "Related news\nKorea Post launches drone delivery\n\nThe ministers of the three \
                countries met in Tokyo on Monday to discuss postal cooperation and trade.";
    let got = split(text);
    assert_eq!(
        got.iter().map(|(_, p)| *p).collect::<Vec<_>>(),
        vec![false, false, true]
    );
}

#[test]
fn spans_stay_on_char_boundaries() {
    let text = "会议。 Ünïcödé text — “quoted.” Next 한국 우정사업본부. Done";
    for s in sentences(text) {
        assert!(text.is_char_boundary(s.span.0) && text.is_char_boundary(s.span.1));
    }
}

fn seed(prefix: &str) -> Option<String> {
    let dir = std::fs::read_dir("/work/shared/seeds").ok()?;
    let path = dir.flatten().map(|e| e.path()).find(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
    })?;
    std::fs::read_to_string(path).ok()
}

#[test]
fn seed_menus_and_footers_are_chrome_and_the_story_is_prose() {
    for prefix in ["000_", "004_"] {
        let Some(text) = seed(prefix) else {
            return; // the seeds live beside the project, not in it
        };
        let got = split(&text);
        for (s, prose) in &got {
            let chrome_like = s.starts_with('•')
                || s.contains("8610")
                || s.contains("Register number")
                || s.contains("Powered by")
                || s.starts_with('|')
                || *s == "(Korea Post)";
            assert_eq!(*prose, !chrome_like, "seed {prefix}: {s:?}");
        }
        let prose = got.iter().filter(|(_, p)| *p).count();
        assert!(
            prose >= 10,
            "seed {prefix}: the story is split into sentences"
        );
    }
}

#[test]
fn seed_000_footer_lines_stay_apart() {
    let Some(text) = seed("000_") else { return };
    let got = texts(&text);
    assert!(got
        .iter()
        .any(|s| s.starts_with("Register number") && !s.contains("Powered")));
    assert!(got.iter().any(|s| s.starts_with("Powered by")));
}
