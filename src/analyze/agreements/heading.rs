//! A document that is itself an agreement: its heading names it ("Memorandum of Understanding /
//! between / A / and / B / on X", often over several short lines and in capitals) and its text
//! records the signing or adoption ("Signed at ...", "Done in ...", "IN WITNESS WHEREOF",
//! "adopted this Joint Statement", "*Adopted in Bangkok on ...*").

use std::borrow::Cow;

use crate::analyze::parties::tokens::{squash, Doc};
use crate::model::Span;

/// Words that may open an agreement's heading, before its head noun ("Joint Action Plan",
/// "Vientiane Declaration", "Framework Agreement").
const HEAD_WORDS: &[&str] = &[
    "memorandum",
    "memoranda",
    "agreement",
    "statement",
    "declaration",
    "plan",
    "communique",
    "communiqué",
    "charter",
    "protocol",
    "treaty",
    "accord",
    "roadmap",
    "arrangement",
];

/// Lines that only join the parts of a heading ("between", "and").
const JOINERS: &[&str] = &["between", "and", "among", "by", "of", "&"];

/// Words that open a heading line continuing the title ("on International Money Transfer").
const CONTINUERS: &[&str] = &[
    "between",
    "and",
    "among",
    "on",
    "of",
    "for",
    "concerning",
    "regarding",
    "relating",
];

/// Phrases (lower case) by which a text records its own signing or adoption.
const SELF_FORMULAS: &[&str] = &[
    "in witness whereof",
    "signed at ",
    "signed in ",
    "signed on ",
    "signed for and on behalf",
    "done at ",
    "done in ",
    "adopted at ",
    "adopted in ",
    "adopted on ",
    "adopted this ",
    "have adopted the following",
    "has adopted the following",
    "is made at ",
    "is made on ",
];

/// Connectors kept in lower case when a capitalised heading is put in title case.
const SMALL: &[&str] = &[
    "of", "on", "and", "between", "in", "for", "the", "to", "at", "by", "among", "a", "an",
];

fn words_lower(line: &str) -> Vec<String> {
    line.split(|c: char| !c.is_alphanumeric() && c != 'é')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// "MEMORANDUM OF UNDERSTANDING ON CROSS-BORDER E-COMMERCE" -> "Memorandum of Understanding on
/// Cross-Border E-Commerce"; two-letter words ("PT", "UK") stay as they are.
fn title_case(s: &str) -> String {
    let mut out = Vec::new();
    for (i, w) in s.split_whitespace().enumerate() {
        let core: String = w.chars().filter(|c| c.is_alphabetic()).collect();
        let low = core.to_lowercase();
        if i > 0 && SMALL.contains(&low.as_str()) {
            out.push(w.to_lowercase());
        } else if core.chars().count() <= 2 {
            out.push(w.to_string());
        } else {
            let mut piece = String::new();
            let mut start = true;
            for c in w.chars() {
                if c.is_alphabetic() {
                    if start {
                        piece.extend(c.to_uppercase());
                    } else {
                        piece.extend(c.to_lowercase());
                    }
                    start = false;
                } else {
                    piece.push(c);
                    start = c == '-' || c == '(' || c == '/';
                }
            }
            out.push(piece);
        }
    }
    out.join(" ")
}

/// The document's heading when it names an agreement: the joined title and the span of its
/// first line.
pub(super) fn own_heading(text: &str) -> Option<(String, Span)> {
    let mut lines = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let t = line.trim().trim_matches(|c| c == '*' || c == '#').trim();
        if !t.is_empty() {
            // `t` starts the line when nothing was trimmed at the front (most lines), and then
            // that is where `find` would find it.
            let lead = if line.starts_with(t) {
                0
            } else {
                line.find(t).unwrap_or(0)
            };
            lines.push((t, Span(start + lead, start + lead + t.len())));
        }
        if lines.len() >= 12 {
            break;
        }
    }
    // The heading line: within the first lines, a short line whose first four words hold a head.
    let first = lines.iter().take(4).position(|(t, _)| {
        t.len() <= 160
            && !t.ends_with('.')
            && title_like(t)
            && words_lower(t)
                .iter()
                .take(4)
                .any(|w| HEAD_WORDS.contains(&w.as_str()))
    })?;
    let (head, span) = lines[first];
    let mut title = vec![head];
    // "JOINT COMMUNIQUÉ / Ministerial Meeting on the ... Corridor": a heading that is only the
    // kind of document goes on with the title-like line under it.
    let bare = words_lower(head)
        .iter()
        .all(|w| HEAD_WORDS.contains(&w.as_str()) || matches!(w.as_str(), "joint" | "final"));
    let mut prev_joiner = bare;
    for &(t, _) in &lines[first + 1..] {
        let words = words_lower(t);
        let Some(w0) = words.first() else {
            break;
        };
        // "HRVATSKA POŠTA d.d.": a legal form's full stop does not end a sentence.
        let last = t.split_whitespace().last().unwrap_or("");
        let stop = t.ends_with('.') && last.matches('.').count() < 2;
        let short = t.len() <= 100 && !stop && !t.ends_with(':');
        let under_bare =
            bare && title.len() == 1 && title_like(t) && !t.chars().any(|c| c.is_ascii_digit());
        if !short || !(prev_joiner && (!bare || under_bare) || CONTINUERS.contains(&w0.as_str())) {
            break;
        }
        title.push(t);
        prev_joiner = words.len() == 1 && JOINERS.contains(&w0.as_str());
    }
    while title
        .last()
        .is_some_and(|t| JOINERS.contains(&t.to_lowercase().as_str()))
    {
        title.pop();
    }
    // Lines in capitals are put in title case one by one: a heading may mix them with lines
    // in ordinary case ("HRVATSKA POŠTA d.d. / ... / on Cross-Border Parcel Exchange").
    let lines: Vec<String> = title
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
            let caps = letters.iter().filter(|c| c.is_uppercase()).count();
            if caps * 10 >= letters.len() * 8 && letters.len() > 2 {
                let line = title_case(t);
                // "THE POSTAL CORPORATION" inside the title: "the Postal Corporation".
                let (w, rest) = line.split_once(' ').unwrap_or((&line, ""));
                if i > 0 && SMALL.contains(&w.to_lowercase().as_str()) {
                    format!("{} {rest}", w.to_lowercase())
                        .trim_end()
                        .to_string()
                } else {
                    line
                }
            } else {
                (*t).to_string()
            }
        })
        .collect();
    Some((squash(&lines.join(" ")), span))
}

/// Where the text records its own signing or adoption: the byte positions of its formulas, in
/// order. A formula counts only with a date near it (a blank signature block records none).
pub(super) fn self_formulas(text: &Doc) -> Vec<usize> {
    // An ASCII text's lower case is the document's lower-case copy, made once.
    let low = if text.is_ascii() {
        Cow::Borrowed(text.low)
    } else {
        Cow::Owned(text.to_lowercase())
    };
    // One pass over the text, trying the formulas that start with each letter. No formula
    // overlaps itself (see the test), so this finds what a search per formula finds.
    let bytes = low.as_bytes();
    // For each byte value, the formulas (bit i for SELF_FORMULAS[i]) with that first byte, and
    // those with that second byte: a position is tried only against formulas matching both.
    let (mut first, mut second) = ([0u32; 256], [0u32; 256]);
    for (i, f) in SELF_FORMULAS.iter().enumerate() {
        let f = f.as_bytes();
        first[usize::from(f[0])] |= 1 << i;
        second[usize::from(f[1])] |= 1 << i;
    }
    let mut at = Vec::new();
    for (i, pair) in bytes.windows(2).enumerate() {
        let mut cands = first[usize::from(pair[0])] & second[usize::from(pair[1])];
        while cands != 0 {
            let k = cands.trailing_zeros() as usize;
            cands &= cands - 1;
            if bytes[i..].starts_with(SELF_FORMULAS[k].as_bytes()) {
                at.push(i);
            }
        }
    }
    at
}

/// Whether a heading line reads as a title: every word capitalised, a connector, a number or a
/// bracketed acronym ("Joint Action Plan 2026-2027 of PostEurop and the APPU"), unlike a
/// headline with a verb ("Postal export declaration link slips to June").
fn title_like(line: &str) -> bool {
    line.split_whitespace().all(|w| {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        core.is_empty()
            || core.chars().next().is_some_and(|c| !c.is_lowercase())
            || SMALL.contains(&core.to_lowercase().as_str())
            || CONTINUERS.contains(&core.to_lowercase().as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_scan_finds_what_a_search_per_formula_finds() {
        // The one-pass scan relies on these facts about the formulas.
        assert!(SELF_FORMULAS.len() <= 32, "one bit each in a u32");
        for f in SELF_FORMULAS {
            assert!(f.len() >= 2, "{f}");
            assert!(
                (1..f.len()).all(|k| !f.ends_with(&f[..k])),
                "{f} overlaps itself"
            );
        }
        let cases = [
            ("none", "The two Posts met on Monday."),
            (
                "several",
                "Signed at Colombo on 1 May. DONE IN two copies. signed in witness whereof",
            ),
            ("adjacent", "adopted this adopted this adopted on"),
            ("non_ascii", "Ünterzeichnet. İstanbul: signed at Ankara"),
        ];
        for (id, text) in cases {
            let low = text.to_lowercase();
            let mut want: Vec<usize> = SELF_FORMULAS
                .iter()
                .flat_map(|f| low.match_indices(f).map(|(i, _)| i))
                .collect();
            want.sort_unstable();
            let ascii_low = text.to_ascii_lowercase();
            assert_eq!(self_formulas(&Doc::new(text, &ascii_low)), want, "{id}");
        }
    }
}
