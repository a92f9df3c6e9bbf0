//! Agreements signed or adopted: memoranda, agreements, joint statements, action plans.
//!
//! A past-tense signing verb ("signed", "concluded", "adopted", "inked", "exchanged", "issued")
//! followed by a title that names an agreement ("Memorandum of Understanding (MoU) on X", "Joint
//! Statement", "Action Plan 2025-2027", "Seoul Declaration"), or the passive form ("the MoU was
//! signed by A and B"). Planned signings ("will sign an MoU") are commitments, not agreements.

use std::collections::HashMap;

use super::groups::event_date;
use super::parties::actors::{Np, Resolver};
use super::parties::tokens::{is_allcaps, is_cap, squash, tokenize, Kind, Tok};
use super::parties::Parties;
use super::rules::{Rule, RuleKind};
use super::segment::Sentence;
use crate::model::{Agreement, AgreementKind, DateMention, Span};

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[Rule] = &[
    Rule {
        id: "agreement.signed",
        kind: RuleKind::Agreement,
        doc: "<parties> signed / concluded / adopted / inked / exchanged / issued the <Title>",
    },
    Rule {
        id: "agreement.passive",
        kind: RuleKind::Agreement,
        doc: "the <Title> was signed / adopted (by <parties>)",
    },
];

const SIGN: &[&str] = &[
    "signed",
    "concluded",
    "adopted",
    "inked",
    "exchanged",
    "endorsed",
    "renewed",
    "issued",
    "released",
    "sealed",
    "approved",
    "unveiled",
    "entered",
    "finalized",
    "finalised",
];

/// Words that make a noun phrase an agreement's title.
const TITLE_HEADS: &[&str] = &[
    "memorandum",
    "memoranda",
    "mou",
    "mous",
    "moc",
    "agreement",
    "agreements",
    "statement",
    "declaration",
    "plan",
    "accord",
    "protocol",
    "charter",
    "treaty",
    "contract",
    "communique",
    "communiqué",
    "arrangement",
    "pact",
    "convention",
    "loi",
    "roadmap",
    "framework",
];

const CONNECTORS: &[&str] = &[
    "of",
    "on",
    "for",
    "the",
    "and",
    "&",
    "between",
    "in",
    "to",
    "concerning",
    "regarding",
];

/// Month and weekday names: "on May 5", "on Wednesday" end a title.
const MONTHS_DAYS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn lw(text: &str, toks: &[Tok], k: usize) -> String {
    toks.get(k)
        .map(|t| t.text(text).to_lowercase())
        .unwrap_or_default()
}

/// The kind of an agreement, from its title.
pub fn kind_of(title: &str) -> AgreementKind {
    let l = title.to_lowercase();
    let has = |w: &str| l.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    if l.contains("memorandum of cooperation") || has("moc") {
        AgreementKind::MemorandumOfCooperation
    } else if l.contains("memorandum") || has("mou") || has("mous") {
        AgreementKind::MemorandumOfUnderstanding
    } else if l.contains("joint statement")
        || l.contains("communiqu")
        || l.contains("joint press statement")
    {
        AgreementKind::JointStatement
    } else if l.contains("action plan")
        || l.contains("plan of action")
        || l.contains("work plan")
        || l.contains("roadmap")
    {
        AgreementKind::ActionPlan
    } else if has("declaration") {
        AgreementKind::Declaration
    } else if [
        "agreement",
        "agreements",
        "accord",
        "treaty",
        "contract",
        "protocol",
        "arrangement",
        "pact",
        "convention",
    ]
    .iter()
    .any(|w| has(w))
    {
        AgreementKind::Agreement
    } else {
        AgreementKind::Other
    }
}

/// The title after a signing verb, as token range `[a, b)`.
fn title_after(text: &str, toks: &[Tok], k: usize) -> Option<(usize, usize)> {
    let mut s = k;
    while matches!(
        lw(text, toks, s).as_str(),
        "the"
            | "a"
            | "an"
            | "their"
            | "its"
            | "two"
            | "three"
            | "four"
            | "new"
            | "into"
            | "this"
            | "these"
    ) {
        s += 1;
    }
    title_from(text, toks, s)
}

fn title_from(text: &str, toks: &[Tok], s: usize) -> Option<(usize, usize)> {
    let n = toks.len();
    if s >= n {
        return None;
    }
    let mut capital = is_cap(toks[s].text(text));
    let mut e = s;
    let mut head_seen = false;
    while e < n && e < s + 24 {
        let t = &toks[e];
        let raw = t.text(text);
        let l = raw.to_lowercase();
        if TITLE_HEADS.contains(&l.as_str()) {
            head_seen = true;
        }
        // "on 5 May 2024", "in Seoul": a date or place after the title is not part of it.
        if matches!(l.as_str(), "on" | "in" | "dated" | "at") && e > s {
            let next = toks.get(e + 1);
            let nl = next
                .map(|t| t.text(text).to_lowercase())
                .unwrap_or_default();
            let date_or_place = next.is_some_and(|t| t.kind == Kind::Num)
                || MONTHS_DAYS.contains(&nl.as_str())
                || (l == "in" && next.is_some_and(|t| is_cap(t.text(text))) && !capital);
            if date_or_place {
                break;
            }
        }
        let ok = if t.kind == Kind::Num {
            true
        } else if !t.is_word() {
            // "(MoU)" after the title, "2025-2027" joined by a dash.
            if raw == "(" {
                let close = (e + 1..(e + 4).min(n)).find(|&q| toks[q].text(text) == ")");
                if let Some(c) = close {
                    if (e + 1..c).all(|q| {
                        is_allcaps(toks[q].text(text))
                            || toks[q].text(text).eq_ignore_ascii_case("mou")
                            || toks[q].text(text).eq_ignore_ascii_case("moc")
                    }) {
                        e = c + 1;
                        continue;
                    }
                }
                false
            } else {
                matches!(raw, "-" | "–") && toks.get(e + 1).is_some_and(|t| t.kind == Kind::Num)
            }
        } else if capital {
            let next_lower = toks
                .get(e + 1)
                .is_some_and(|t| t.is_word() && !is_cap(t.text(text)) && t.text(text) != "the");
            if head_seen
                && next_lower
                && matches!(l.as_str(), "on" | "for" | "regarding" | "concerning")
            {
                // "Memorandum of Understanding on e-commerce cooperation": a lower-case topic.
                capital = false;
                true
            } else {
                is_cap(raw)
                    || (CONNECTORS.contains(&l.as_str())
                        && l != "between"
                        && l != "to"
                        && toks.get(e + 1).is_some_and(|t| {
                            let w = t.text(text);
                            is_cap(w)
                                || t.kind == Kind::Num
                                || (l != "the"
                                    && w == "the"
                                    && toks.get(e + 2).is_some_and(|t2| {
                                        is_cap(t2.text(text)) || t2.kind == Kind::Num
                                    }))
                        }))
            }
        } else {
            // Lower-case titles: "a memorandum of understanding on postal cooperation".
            !matches!(
                l.as_str(),
                "with"
                    | "between"
                    | "at"
                    | "during"
                    | "to"
                    | "which"
                    | "that"
                    | "and"
                    | "by"
                    | "while"
                    | "as"
                    | "after"
                    | "before"
                    | "under"
                    | "last"
                    | "this"
                    | "next"
                    | "yesterday"
                    | "today"
                    | "earlier"
                    | "recently"
                    | "here"
                    | "there"
            ) && (head_seen || e < s + 4)
        };
        if !ok {
            break;
        }
        e += 1;
    }
    // Lower-case titles end at the head noun's complement: trim trailing connectors.
    while e > s && CONNECTORS.contains(&lw(text, toks, e - 1).as_str()) {
        e -= 1;
    }
    let head = (s..e).any(|q| TITLE_HEADS.contains(&lw(text, toks, q).as_str()));
    (head && e > s).then_some((s, e))
}

/// Parties named after "between" / "with" / "by" in `[from, to)`.
fn named_after(
    res: &Resolver,
    text: &str,
    toks: &[Tok],
    from: usize,
    to: usize,
    words: &[&str],
) -> Vec<String> {
    let Some(k) = (from..to).find(|&q| words.contains(&lw(text, toks, q).as_str())) else {
        return Vec::new();
    };
    let mut e = k + 1;
    while e < to
        && !matches!(toks[e].text(text), "." | ";")
        && !matches!(
            lw(text, toks, e).as_str(),
            "to" | "on" | "in" | "at" | "during" | "which" | "that"
        )
    {
        e += 1;
    }
    if e <= k + 1 {
        return Vec::new();
    }
    res.orgs_in(Span(toks[k + 1].start, toks[e - 1].end))
}

/// Finds agreements signed or adopted in the text.
pub fn find_agreements(
    text: &str,
    sentences: &[Sentence],
    parties: &Parties,
    dates: &[DateMention],
) -> Vec<Agreement> {
    let res = Resolver::new(text, sentences, parties);
    let event = event_date(text, sentences, dates);
    let mut out: Vec<Agreement> = Vec::new();
    let mut by_title: HashMap<String, usize> = HashMap::new();
    let mut prev: Vec<String> = Vec::new();
    for s in sentences.iter().filter(|s| s.prose) {
        let toks = tokenize(text, s.span);
        if toks.is_empty() {
            continue;
        }
        let main = res.main_subject(&toks);
        let main_actors = main
            .map(|(a, b)| res.resolve(&toks, a, b, &prev))
            .unwrap_or_default();
        for k in 0..toks.len() {
            let w = lw(text, &toks, k);
            if !SIGN.contains(&w.as_str()) {
                continue;
            }
            // Planned, not done: "will sign", "to be signed", "plan to sign".
            let before: Vec<String> = (k.saturating_sub(3)..k)
                .map(|q| lw(text, &toks, q))
                .collect();
            if before.iter().any(|b| {
                matches!(
                    b.as_str(),
                    "will"
                        | "to"
                        | "would"
                        | "shall"
                        | "should"
                        | "may"
                        | "could"
                        | "not"
                        | "yet"
                        | "be"
                )
            }) {
                continue;
            }
            let passive = before
                .last()
                .is_some_and(|b| matches!(b.as_str(), "was" | "were" | "been" | "is" | "are"));
            let (title, rule, parties_found) = if passive {
                // Back over the title before "was signed".
                let aux = k - 1;
                let mut a = aux;
                while a > 0 && {
                    let t = &toks[a - 1];
                    let l = lw(text, &toks, a - 1);
                    t.is_word() && !matches!(l.as_str(), "the" | "a" | "an")
                        || t.kind == Kind::Num
                        || matches!(t.text(text), "(" | ")" | "-")
                } {
                    a -= 1;
                }
                let Some((ta, tb)) = title_from(text, &toks[..aux], a) else {
                    continue;
                };
                if tb > aux {
                    continue;
                }
                let by = named_after(&res, text, &toks, k + 1, toks.len(), &["by", "between"]);
                ((ta, tb), "agreement.passive", by)
            } else {
                let q = if w == "entered" && lw(text, &toks, k + 1) == "into" {
                    k + 2
                } else {
                    k + 1
                };
                let Some((ta, tb)) = title_after(text, &toks, q) else {
                    continue;
                };
                let mut by = match res.np_before(&toks, k) {
                    Np::Span(a, b) => res.resolve(&toks, a, b, &prev),
                    Np::Coordinated => main
                        .map(|(a, b)| res.resolve(&toks, a, b, &prev))
                        .unwrap_or_default(),
                    Np::Unknown => Vec::new(),
                };
                for o in named_after(&res, text, &toks, tb, toks.len(), &["between", "with"]) {
                    if !by.contains(&o) {
                        by.push(o);
                    }
                }
                if by.is_empty() {
                    by = main_actors.clone();
                }
                ((ta, tb), "agreement.signed", by)
            };
            let (ta, tb) = title;
            let tspan = Span(toks[ta].start, toks[tb - 1].end);
            let mut name = squash(tspan.slice(text));
            if name.split_whitespace().count() == 1 && !is_cap(&name) {
                continue; // "signed an agreement": too vague to track
            }
            if let Some(stripped) = name.strip_suffix(',') {
                name = stripped.to_string();
            }
            let date = dates
                .iter()
                .filter(|d| s.span.contains(d.span) && !tspan.contains(d.span))
                .find_map(|d| d.value)
                .or(event);
            let ag = Agreement {
                kind: kind_of(&name),
                title: name,
                date,
                parties: parties_found,
                rule: rule.to_string(),
                span: tspan,
            };
            let key = ag.title.to_lowercase();
            match by_title.get(&key) {
                Some(&i) => {
                    if out[i].parties.is_empty() {
                        out[i].parties = ag.parties;
                    }
                }
                None => {
                    by_title.insert(key, out.len());
                    out.push(ag);
                }
            }
        }
        if !main_actors.is_empty() {
            prev = main_actors;
        }
    }
    out
}

#[cfg(test)]
mod tests;
