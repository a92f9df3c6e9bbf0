//! Where an action's core ends: the verb and its object, without the adjuncts English hangs after
//! a comma (participial and relative clauses, appositions, prepositional and adverbial tails) or
//! after "so that". Those tails make an otherwise right action too long to recognise.

use super::lw;
use crate::analyze::parties::tokens::{Doc, Tok};
use crate::model::Span;

/// How an action's tail was cut; a clause cut also ends where a deadline may be looked for
/// ("..., which was signed in 2017": 2017 is not this action's deadline).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cut {
    /// Nothing cut.
    None,
    /// A phrase cut (participle, preposition, apposition): a later deadline still belongs.
    Phrase,
    /// A clause cut (subordinate or relative clause, a new subject): nothing after belongs.
    Clause,
}

/// Prepositions that open an adjunct after a comma (", with members from ...", ", at a lower
/// price", ", in addition to ...", ", to the extent permitted ...").
const PREPOSITIONS: &[&str] = &[
    "with",
    "at",
    "in",
    "on",
    "for",
    "from",
    "by",
    "under",
    "through",
    "without",
    "within",
    "to",
    "after",
    "before",
    "during",
    "via",
    "including",
    "excluding",
    "except",
    "such",
    "subject",
    "notably",
    "especially",
    "particularly",
    "alongside",
    "besides",
    "like",
    "unlike",
    "among",
    "beyond",
    "across",
    "against",
    "toward",
    "towards",
    "following",
    "per",
    "as",
    "or",
];

/// Subordinators and relative words: a new clause begins.
const CLAUSE_OPENERS: &[&str] = &[
    "because",
    "once",
    "when",
    "whenever",
    "where",
    "while",
    "whereas",
    "so",
    "since",
    "although",
    "though",
    "unless",
    "if",
    "which",
    "who",
    "whom",
    "whose",
    "according",
    "whereby",
    "thus",
    "thereby",
    "but",
    "yet",
    "we",
    "they",
    "it",
    "he",
    "she",
    "i",
    "this",
    "these",
];

/// Finite verbs that, after "and", start a new predicate rather than a coordinated object.
const FINITE: &[&str] = &[
    "is", "are", "was", "were", "will", "shall", "has", "have", "had", "did", "does", "would",
    "can", "may",
];

/// Past participles that do not end in "-ed".
const IRREGULAR_PARTICIPLES: &[&str] = &[
    "broken", "made", "held", "led", "chosen", "given", "known", "taken", "done", "drawn",
    "written", "run", "built", "set", "sent", "paid", "kept", "bought", "brought", "seen", "shown",
    "spent", "won", "begun",
];

/// Words ending in "-ing" or "-ed" that are nouns or adjectives, not verb forms.
const NOT_VERB_FORMS: &[&str] = &[
    "training",
    "meeting",
    "funding",
    "building",
    "planning",
    "marketing",
    "shipping",
    "tracking",
    "sorting",
    "processing",
    "handling",
    "pricing",
    "packaging",
    "labelling",
    "labeling",
    "banking",
    "printing",
    "clearing",
    "screening",
    "ticketing",
    "warehousing",
    "outsourcing",
    "networking",
    "consulting",
    "reporting",
    "monitoring",
    "accounting",
    "financing",
    "something",
    "everything",
    "nothing",
    "anything",
    "spring",
    "morning",
    "evening",
    "during",
    "bring",
    "thing",
    "king",
    "ring",
    "sing",
    "wing",
    "string",
    "ceiling",
    "red",
    "bed",
    "need",
    "seed",
    "speed",
    "feed",
    "hundred",
    "advanced",
    "based",
    "dedicated",
    "detailed",
    "integrated",
    "automated",
    "registered",
    "united",
    "limited",
    "related",
    "combined",
    "revised",
    "proposed",
    "improved",
    "shared",
    "expanded",
    "extended",
    "enhanced",
    "selected",
    "interested",
    "designated",
    "qualified",
    "skilled",
    "specialised",
    "specialized",
    "tailored",
    "unified",
    "simplified",
    "standardised",
    "standardized",
    "harmonised",
    "harmonized",
    "certified",
    "coordinated",
    "planned",
    "scheduled",
    "tracked",
    "prepaid",
    "bonded",
];

/// Whether `w` is a verb form that opens a participial clause (", carrying ...", ", chaired by").
fn participle(w: &str) -> bool {
    if NOT_VERB_FORMS.contains(&w) || w.chars().count() < 5 {
        return IRREGULAR_PARTICIPLES.contains(&w);
    }
    w.ends_with("ing") || w.ends_with("ed") || IRREGULAR_PARTICIPLES.contains(&w)
}

/// The last coordinator ("and", "or") outside brackets in `[from, to)`, found once per range:
/// a comma before an article with a coordinator after it is a list ("share A, the B and C"),
/// without one an apposition ("..., an issue on which ...").
pub(super) fn last_coordinator(text: &Doc, toks: &[Tok], from: usize, to: usize) -> Option<usize> {
    let mut depth = 0i32;
    let mut last = None;
    for k in from..to {
        match toks[k].text(text) {
            "(" => depth += 1,
            ")" => depth -= 1,
            _ => {}
        }
        if depth <= 0 && matches!(&*lw(text, toks, k), "and" | "or") {
            last = Some(k);
        }
    }
    last
}

/// Verbs that attribute reported speech after a comma.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "noted",
    "stated",
    "explained",
    "announced",
    "confirmed",
];

/// What the comma at token `k` opens, when it opens a tail rather than a list item.
pub(super) fn comma_cut(
    text: &Doc,
    toks: &[Tok],
    k: usize,
    last_coord: Option<usize>,
) -> Option<Cut> {
    let next = lw(text, toks, k + 1);
    let after = lw(text, toks, k + 2);
    // ", Korea Post President Kim Min-jun told reporters": the attribution of reported speech.
    let attribution = toks
        .get(k + 1)
        .is_some_and(|t| t.text(text).starts_with(|c: char| c.is_uppercase()))
        && (k + 2..(k + 12).min(toks.len()))
            .take_while(|&q| !matches!(toks[q].text(text), "," | "." | ";"))
            .any(|q| SPEECH_VERBS.contains(&&*lw(text, toks, q)));
    if attribution
        || CLAUSE_OPENERS.contains(&&*next)
        || (matches!(&*next, "and" | "or")
            && (FINITE.contains(&&*after) || CLAUSE_OPENERS.contains(&&*after)))
    {
        Some(Cut::Clause)
    } else if PREPOSITIONS.contains(&&*next)
        // ", together with Lima Airport Partners, the transfer of ...": an inserted partner.
        || (matches!(&*next, "together" | "along" | "jointly") && after == "with")
        || participle(&next)
        || (next.ends_with("ly") && next.chars().count() > 4)
        || (matches!(
            &*next,
            "one" | "each" | "both" | "all" | "some" | "none" | "most"
        ) && after == "of")
        || (matches!(&*next, "a" | "an" | "the") && last_coord.is_none_or(|c| c <= k))
    {
        Some(Cut::Phrase)
    } else {
        None
    }
}

/// Whether the words from `k` are a purpose clause: "to" and a verb.
fn purpose(text: &Doc, toks: &[Tok], k: usize) -> bool {
    lw(text, toks, k) == "to" && super::verbs::is_base_verb(&lw(text, toks, k + 1))
}

/// How many words from `k` lead into a purpose clause: none before "to draft", three in "with a
/// mandate to draft"; `None` when no purpose starts at `k`.
fn purpose_lead(text: &Doc, toks: &[Tok], k: usize) -> Option<usize> {
    if purpose(text, toks, k) {
        return Some(0);
    }
    (lw(text, toks, k) == "with"
        && matches!(&*lw(text, toks, k + 1), "a" | "the")
        && matches!(&*lw(text, toks, k + 2), "mandate" | "remit" | "task")
        && purpose(text, toks, k + 3))
    .then_some(3)
}

/// The words of `[a, end)` without the holes inside it, joined by spaces.
pub(super) fn stitch(
    text: &Doc,
    toks: &[Tok],
    a: usize,
    end: usize,
    holes: &mut Vec<(usize, usize)>,
) -> String {
    holes.retain(|&(h0, h1)| h0 > a && h1 < end);
    holes.sort_unstable();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut from = a;
    for &(h0, h1) in holes.iter() {
        if h0 >= from {
            pieces.push((from, h0));
            from = h1;
        }
    }
    pieces.push((from, end));
    pieces
        .iter()
        .filter(|(x, y)| y > x)
        .map(|&(x, y)| Span(toks[x].start, toks[y - 1].end).slice(text))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The end (exclusive) of the action's core in `[a, b)`, the kind of cut, and the ranges to
/// leave out: a parenthetical right after the verb (", within ten days of a request,") and a
/// body's make-up before its purpose (", chaired by X,").
pub(super) fn core_end(
    text: &Doc,
    toks: &[Tok],
    a: usize,
    b: usize,
) -> (usize, Cut, Vec<(usize, usize)>) {
    let mut depth = 0i32;
    let mut holes: Vec<(usize, usize)> = Vec::new();
    let mut k = a + 1;
    let last_coord = last_coordinator(text, toks, a, b);
    while k < b {
        let raw = toks[k].text(text);
        match raw {
            "(" => depth += 1,
            ")" => depth -= 1,
            _ => {}
        }
        if depth > 0 {
            k += 1;
            continue;
        }
        let next = lw(text, toks, k + 1);
        let low = lw(text, toks, k);
        // "... and is tasked with ...": a second predicate about the subject.
        if low == "and" && FINITE.contains(&&*next) {
            return (k, Cut::Clause, holes);
        }
        if raw != "," {
            k += 1;
            continue;
        }
        let cut = comma_cut(text, toks, k, last_coord);
        let Some(cut) = cut else {
            k += 1;
            continue;
        };
        // ", composed of A, B and C and chaired by A, to draft ...": a body's make-up is kept in
        // its members, not in the action; the purpose after it is what the body is for.
        if cut == Cut::Phrase && super::super::groups::make_up(text, toks, k + 1) {
            let mut d = 0i32;
            let purpose_at = (k + 1..b).find(|&q| {
                match toks[q].text(text) {
                    "(" => d += 1,
                    ")" => d -= 1,
                    _ => {}
                }
                d <= 0 && toks[q].text(text) == "," && purpose_lead(text, toks, q + 1).is_some()
            });
            if let Some(q) = purpose_at {
                let to = q + 1 + purpose_lead(text, toks, q + 1).unwrap_or(0);
                holes.push((k, to));
                k = to;
                continue;
            }
        }
        // A comma right after the verb opens a parenthetical: skip it and keep the object.
        if k == a + 1 && holes.is_empty() && cut == Cut::Phrase {
            if let Some(close) = (k + 1..b).find(|&q| toks[q].text(text) == ",") {
                holes.push((k, close + 1));
                k = close + 1;
                continue;
            }
        }
        return (k, cut, holes);
    }
    (b, Cut::None, holes)
}
