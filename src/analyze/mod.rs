//! Text to facts: sentences, dates, parties, working groups, agreements, commitments.
//!
//! Pure functions: no I/O, no clock. The reference date for relative dates is the publication
//! date, passed in through [`Hints`] or found in the text, never today. Every finding records the
//! id of the rule that made it and its span, so "why did accord think this?" has an answer.

pub mod agreements;
pub mod commitments;
pub mod dates;
pub mod groups;
pub mod parties;
pub mod published;
pub mod rules;
pub mod segment;

use crate::model::{Analysis, Hints};

/// Below this share of Latin letters among all letters, a text is not English prose.
const MIN_LATIN_SHARE: f64 = 0.5;

/// Analyses one document's text.
pub fn analyze(text: &str, hints: &Hints) -> Analysis {
    let sentences = segment::sentences(text);
    let mut warnings = Vec::new();
    let english = latin_share(text) >= MIN_LATIN_SHARE;
    if !english {
        warnings
            .push("little English prose: commitments and working groups not analysed".to_string());
    }
    // The dateline is both a publication date and a date mention: found once for both, with
    // the date words of the text, scanned once for both.
    let date_words = dates::Scan::new(text);
    let dateline = published::dateline_in(&date_words);
    let published = hints
        .published
        .or(dateline.map(|d| d.date))
        .or(hints.created);
    let dates =
        dates::find_dates_with(&date_words, &sentences, published, dateline.map(|d| d.span));
    let parties = parties::find_parties(text, &sentences);
    // Agreement titles are found in any script (quoted CJK titles next to a signing verb);
    // groups and commitments need English clause structure.
    let agreements = agreements::find_agreements(text, &sentences, &parties, &dates);
    let (working_groups, commitments) = if english {
        let groups = groups::find_groups(text, &sentences, &parties, &dates);
        let commitments =
            commitments::find_commitments(text, &sentences, &parties, &dates, &groups);
        (groups, commitments)
    } else {
        Default::default()
    };
    // A working group is reported as a group, not also as an organisation; a "Commission" may
    // be either, so only names that say group, committee, task force or team.
    let mut organizations = parties.organizations;
    // "the Joint Implementation Team (JIT)": the acronym names the team, not an organisation.
    organizations.retain(|o| !commitments::credit::is_group_acronym(&working_groups, &o.name));
    organizations.retain(|o| {
        !working_groups.iter().any(|g| {
            let name = g.name.to_lowercase();
            name == o.name.to_lowercase()
                && [
                    "group",
                    "committee",
                    "task force",
                    "taskforce",
                    "team",
                    "working party",
                ]
                .iter()
                .any(|m| name.contains(m))
        })
    });
    Analysis {
        title: hints.title.clone().or_else(|| title_from_text(text)),
        published,
        organizations,
        people: parties.people,
        places: parties.places,
        dates,
        agreements,
        commitments,
        working_groups,
        warnings,
    }
}

/// The share of Latin letters among all letters: English rules only make sense on Latin text.
fn latin_share(text: &str) -> f64 {
    // Every ASCII letter is Latin: the share is whole, without reading the chars one by one.
    if text.is_ascii() {
        return 1.0;
    }
    let (mut latin, mut all) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        all += 1;
        if c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c) {
            latin += 1;
        }
    }
    if all == 0 {
        1.0
    } else {
        latin as f64 / all as f64
    }
}

/// A title when metadata gives none: the first heading-like line near the top (three or more
/// words, mostly letters, no closing full stop), else the start of the first sentence.
fn title_from_text(text: &str) -> Option<String> {
    let heading = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(12)
        .find(|l| {
            let words = l
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic));
            let letters = l.chars().filter(|c| c.is_alphabetic()).count();
            let digits = l.chars().filter(|c| c.is_ascii_digit()).count();
            words.count() >= 3
                && l.chars().count() <= 150
                && digits * 5 <= letters
                && !l.ends_with('.')
                && !l.starts_with(['•', '|', '-', '*'])
        });
    let title = heading.or_else(|| {
        text.lines()
            .map(str::trim)
            .find(|l| l.split_whitespace().count() >= 3)
    })?;
    let mut out = String::new();
    for w in title.split_whitespace() {
        if out.chars().count() + w.chars().count() > 100 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_from_text_skips_menus_phone_lines_and_datelines() {
        let text = "• Postman Story\n• 2024 Stamps\nPostal Business: 8610 11185\n\
                    Three Posts meet in Hangzhou to plan joint work\n|News|2023-12-01\n\nOn Monday the three Posts met.";
        assert_eq!(
            title_from_text(text).as_deref(),
            Some("Three Posts meet in Hangzhou to plan joint work")
        );
        let long = "date 2024-07-10 Korea Post said on Wednesday that the alliance agreed to resume a service that had been suspended since the pandemic began.";
        let t = title_from_text(long).unwrap();
        assert!(t.ends_with('…') && t.chars().count() <= 101, "{t}");
    }

    #[test]
    fn non_english_text_gets_a_warning_and_no_commitments() {
        let ko = "한국 우정사업본부는 일본 우편과 협력하기로 합의했다. 양측은 내년까지 새로운 서비스를 시작할 것이다.";
        let a = analyze(ko, &Hints::default());
        assert!(a.commitments.is_empty());
        assert_eq!(a.warnings.len(), 1);
        let en = analyze(
            "Korea Post and Japan Post agreed to open a new parcel route.",
            &Hints::default(),
        );
        assert!(en.warnings.is_empty());
    }
}
