//! Commitments listed under an opener: "The Council decided to:" / "Both sides agreed to:" /
//! "Korea Post will:" followed by bullet or numbered lines, each a verb phrase ("- launch a
//! tracked service by March;"). Each item is one or more actions of the opener's subject.

use super::{
    due_prefix, lower_first, split_actions, trim, AGREE, BASE_VERBS, EXPLORATORY, ORGANS, TASKED,
};
use crate::analyze::parties::actors::Resolver;
use crate::analyze::parties::tokens::{squash, tokenize, Doc};
use crate::model::{Commitment, DateMention, Span, Strength, WorkingGroup};

/// Whom a directive opener gives the listed tasks ("2. Requests the Working Group to:",
/// "The Council instructed the Secretariat to:"): the words between the verb and "to", as a
/// byte range of the line.
fn directed(line: &str) -> Option<(usize, usize)> {
    let body = line.trim_end().strip_suffix(':')?;
    let to = body.strip_suffix(" to")?;
    let mut pos = 0;
    for w in to.split(' ') {
        pos += w.len() + 1;
        if TASKED.contains(&w.to_lowercase().as_str()) {
            return (pos < to.len()).then_some((pos, to.len()));
        }
    }
    None
}

/// The opener's committing words at the end of a line, before its colon.
fn opener(line: &str) -> bool {
    let Some(body) = line.trim_end().strip_suffix(':') else {
        return false;
    };
    let words: Vec<String> = body
        .split_whitespace()
        .rev()
        .take(3)
        .map(|w| w.to_lowercase())
        .collect();
    match words.as_slice() {
        [last, ..] if matches!(last.as_str(), "will" | "shall") => true,
        // "The Parties shall jointly:", "Korea Post will also:".
        [adverb, modal, ..] if matches!(modal.as_str(), "will" | "shall") => {
            matches!(
                adverb.as_str(),
                "jointly" | "also" | "together" | "each" | "further"
            )
        }
        [to, verb, ..] if to == "to" => AGREE.contains(&verb.as_str()),
        _ => false,
    }
}

/// The text of a list item after its marker ("-", "•", "(a)", "1.", "ii)"), or `None`.
fn item(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    let rest = if let Some(r) = t.strip_prefix(['-', '•', '*', '–', '·']) {
        r
    } else {
        let marker_end = t.find(['.', ')'])?;
        let marker = t[..marker_end].trim_start_matches('(');
        let roman = marker.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
        let short = marker.chars().count() <= 3;
        if marker.is_empty()
            || !short
            || !(marker.chars().all(|c| c.is_ascii_digit())
                || roman
                || (marker.chars().count() == 1 && marker.chars().all(|c| c.is_ascii_lowercase())))
        {
            return None;
        }
        &t[marker_end + 1..]
    };
    let body = rest.trim_start();
    let body = body.strip_prefix("to ").unwrap_or(body);
    let start = line.len() - body.len();
    (!body.is_empty()).then_some((start, body))
}

/// An item without the "and" / "or" that joins it to the last one: "(a) open a lane; and".
fn without_joiner(item: &str) -> &str {
    let t = item.trim_end();
    for joiner in ["and", "or"] {
        if let Some(rest) = t.strip_suffix(joiner) {
            let rest = rest.trim_end();
            if rest.len() < t.len() - joiner.len() && rest.ends_with([';', ',']) {
                return rest;
            }
        }
    }
    t
}

/// The text's non-blank lines, with a list item's wrapped continuation joined to it: a line
/// that is neither an item nor blank, after an item that has not ended (no closing `;`, `.`
/// or `:`), continues it ("(b) consolidate parcels through / NZ Post's centre from March;").
fn logical_lines(text: &Doc) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut open_item = false;
    let mut pos = 0;
    // A page break (form feed) ends a line as a line break does.
    for line in text.split_inclusive(['\n', '\u{c}']) {
        let span = Span(
            pos,
            pos + line.trim_end_matches(['\n', '\r', '\u{c}']).len(),
        );
        pos += line.len();
        let l = span.slice(text).trim();
        if l.is_empty() {
            open_item = false;
            continue;
        }
        let is_item = item(l).is_some();
        if matches!(l, "and" | "or") {
            // "(a) designate ...;" / "and" / "(b) pilot ...": the joiner wrapped onto a line
            // of its own belongs to the item before.
            if let Some(last) = out.last_mut() {
                last.1 = span.1;
            }
            continue;
        }
        match out.last_mut() {
            Some(last) if open_item && !is_item => last.1 = span.1,
            _ => out.push(span),
        }
        if is_item {
            open_item = true;
        }
        if without_joiner(l).ends_with([';', '.', ':']) {
            open_item = false;
        }
    }
    out
}

/// Commitments listed under openers.
pub(super) fn list_commitments(
    text: &Doc,
    res: &Resolver,
    groups: &[WorkingGroup],
    dates: &[&DateMention],
) -> Vec<Commitment> {
    let mut out = Vec::new();
    let mut by: Option<Vec<String>> = None;
    let mut group: Option<String> = None;
    for span in logical_lines(text) {
        let l = span.slice(text);
        if let Some((a, b)) = directed(l) {
            // The group named, or an organ of the body ("the Secretariat", credited to the
            // body later), or the organisations named.
            let np = &l[a..b];
            let low = np.to_lowercase();
            let bare = low
                .trim_start_matches("the ")
                .trim_start_matches("its ")
                .trim();
            group = groups
                .iter()
                .find(|g| {
                    let name = g.name.to_lowercase();
                    low.contains(&name) || (bare.len() > 4 && name.starts_with(bare))
                })
                .map(|g| g.name.clone());
            by = if let Some(g) = &group {
                Some(vec![g.clone()])
            } else if ORGANS.contains(&bare) {
                Some(vec!["Secretariat".to_string()])
            } else {
                let named = res.orgs_in(Span(span.0 + a, span.0 + b));
                (!named.is_empty()).then_some(named)
            };
            continue;
        }
        if opener(l) {
            // "The Working Group shall:": the group's tasks, credited to its members later.
            let low = l.to_lowercase();
            group = groups
                .iter()
                .find(|g| {
                    let name = g.name.to_lowercase();
                    low.contains(&name)
                        || super::super::groups::short_head(&name)
                            .is_some_and(|h| low.contains(&format!("the {h} ")))
                })
                .map(|g| g.name.clone());
            if let Some(g) = &group {
                by = Some(vec![g.clone()]);
                continue;
            }
            // "The Ministry will:": the opener's subject as the resolver reads it, else the
            // organisations it names.
            let toks = tokenize(text, span);
            let subject = res
                .main_subject(&toks)
                .map(|(a, b)| res.resolve(&toks, a, b, &[]))
                .unwrap_or_default();
            let named = if subject.is_empty() {
                res.orgs_in(span)
            } else {
                subject
            };
            by = Some(if named.is_empty() {
                res.participants(None, span.0)
            } else {
                named
            });
            continue;
        }
        let Some(who) = by.as_ref() else {
            continue;
        };
        let Some((at, _)) = item(l) else {
            by = None;
            group = None;
            continue;
        };
        let ispan = Span(span.0 + at, span.1);
        let toks = tokenize(text, ispan);
        let Some(first) = toks.first() else {
            continue;
        };
        // "5. NZ Post undertook to ...", "6. Review. These terms ...": a numbered paragraph
        // that is not a verb phrase ends the list.
        let heading = toks.get(1).is_some_and(|t| t.text(text) == ".");
        if heading || !BASE_VERBS.contains(&*first.low(text)) {
            by = None;
            group = None;
            continue;
        }
        if who.is_empty() {
            continue;
        }
        for (a, b) in split_actions(text, &toks, 0, toks.len()) {
            let (mut end, _, mut holes) = trim::core_end(text, &toks, a, b);
            let aspan = Span(toks[a].start, toks[end.max(a + 1) - 1].end);
            // The deadline of the item, and the action without it.
            let d = dates.iter().find(|d| aspan.contains(d.span));
            if let Some(d) = d {
                let (ps, _) = due_prefix(text, aspan.0, d.span.0);
                if let Some(q) = (a + 2..end).find(|&q| toks[q].start >= ps) {
                    end = q;
                }
            }
            if end <= a + 1 {
                continue;
            }
            let aspan = Span(toks[a].start, toks[end - 1].end);
            let body = trim::stitch(text, &toks, a, end, &mut holes);
            let mut action = squash(without_joiner(&body));
            while action.ends_with([',', '.', ';']) {
                action.pop();
            }
            let verb = toks[a].low(text);
            out.push(Commitment {
                id: String::new(),
                by: who.clone(),
                action: lower_first(action),
                due: d.and_then(|d| d.until.or(d.value)).map(|v| v.last_day()),
                due_text: d.map(|d| squash(&d.text)),
                strength: if EXPLORATORY.contains(&&*verb) {
                    Strength::Exploratory
                } else {
                    Strength::Firm
                },
                group: group.clone(),
                sentence: squash(l),
                rule: "commit.list_item".to_string(),
                span: aspan,
            });
        }
    }
    out
}
