//! Joint working groups established or named: name, members, mandate, date.
//!
//! Three patterns: a group set up ("agreed to establish a joint working group to ..."), a group
//! tasked ("tasked the working group with ..."), and a named group that meets ("the Joint Working
//! Group on Cross-border E-commerce met in Seoul"). Members come from the sentence's subject
//! (collectives resolved as for commitments), the mandate from the purpose clause or the topic.

use regex::Regex;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

use super::parties::actors::Resolver;
use super::parties::tokens::{is_cap, squash, Doc, Low, Tok};
use super::parties::Parties;
use super::rules::{Rule, RuleKind};
use super::segment::Sentence;
use crate::model::{DateMention, DateValue, Span, WorkingGroup};

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[Rule] = &[
    Rule {
        id: "group.establish",
        kind: RuleKind::WorkingGroup,
        doc: "establish / set up / create / launch / form a working group, committee or task force",
    },
    Rule {
        id: "group.establish_passive",
        kind: RuleKind::WorkingGroup,
        doc: "a working group, committee or task force will be / was established (set up, created)",
    },
    Rule {
        id: "group.tasked",
        kind: RuleKind::WorkingGroup,
        doc: "tasked / instructed / mandated the working group with / to ...",
    },
    Rule {
        id: "group.named",
        kind: RuleKind::WorkingGroup,
        doc: "a named group with a working marker (Task Force on X, joint working group on Y) in prose or over its minutes",
    },
    Rule {
        id: "group.named_meeting",
        kind: RuleKind::WorkingGroup,
        doc: "a named working group or committee that meets (met, convened, meeting of the ...)",
    },
];

const ESTABLISH: &[&str] = &[
    "establish",
    "established",
    "establishes",
    "establishing",
    "create",
    "created",
    "creates",
    "creating",
    "form",
    "formed",
    "forms",
    "forming",
    "launch",
    "launched",
    "launches",
    "launching",
    "constitute",
    "constituted",
    "establishment",
    "creation",
    "formation",
    "set",
    "sets",
    "setting",
    "convene",
    "convened",
    "organize",
    "organise",
];

const TASK: &[&str] = &[
    "tasked",
    "instructed",
    "mandated",
    "charged",
    "entrusted",
    "directed",
];

const MEET: &[&str] = &[
    "met",
    "meets",
    "meet",
    "convened",
    "convenes",
    "gathered",
    "held",
    "holds",
    "will",
    "discussed",
    "reviewed",
    "agreed",
    "adopted",
    "approved",
    "decided",
    "endorsed",
    "reported",
    "shall",
];

/// Words that make a named body a working group rather than a standing organ or company.
const WORKING_MARKERS: &[&str] = &[
    "working",
    "task",
    "joint",
    "steering",
    "expert",
    "experts",
    "study",
    "technical",
    "advisory",
    "coordination",
    "contact",
    "project",
    "ad",
    "committee",
    "subcommittee",
    "sub-committee",
    "subgroup",
    "sub-group",
    "commission",
    "taskforce",
];

/// Words that end a lower-case topic after a group's head ("... on overland mail, which met",
/// "... on parcel post to prepare the launch").
const TOPIC_STOPS: &[&str] = &[
    "to", "with", "that", "which", "who", "whose", "will", "shall", "would", "is", "are", "was",
    "were", "has", "have", "had", "in", "at", "by", "from", "under", "set", "made", "met", "a",
    "an", "its", "their", "this", "during", "since", "until", "as", "be", "also",
];

/// Lower-case words that mark a group noun phrase as a working body ("the joint working group",
/// "a technical working party", "the task force").
const STRONG_MARKERS: &[&str] = &[
    "joint",
    "working",
    "task",
    "expert",
    "technical",
    "steering",
];

/// Words after a group that introduce its members ("made up of A, B and C", "chaired by A, with
/// members from B and C").
const MEMBER_CUES: &[&str] = &[
    "made up of",
    "composed of",
    "consisting of",
    "consist of",
    "comprising",
    "comprise",
    "members from",
    "chaired by",
    "co-chaired by",
    "led by",
    "will include",
    "includes",
];

/// The organisations listed as a group's members after its name, in the rest of the sentence.
fn listed_members(text: &Doc, res: &Resolver, after: usize, end: usize) -> Vec<String> {
    let rest = Span(after, end).slice(text);
    let low = rest.to_lowercase();
    let Some(at) = MEMBER_CUES.iter().filter_map(|c| low.find(c)).min() else {
        return Vec::new();
    };
    // The list ends at a relative clause or a new sentence part.
    let tail = &low[at..];
    let stop = [", which", ";", ". ", " to "]
        .iter()
        .filter_map(|p| tail.find(p))
        .min()
        .unwrap_or(tail.len());
    // "..., with the CDEMA participating as an observer": an observer is not a member.
    let stop = match tail[..stop].find("observer") {
        Some(o) => [", with ", " with ", ", and "]
            .iter()
            .filter_map(|p| tail[..o].rfind(p))
            .max()
            .unwrap_or(stop),
        None => stop,
    };
    // "co-chaired by a senior executive of each Party", "with all Parties as members",
    // "composed of the operations directors of the four Parties": every party is a member.
    let each = [
        "all parties",
        "the parties",
        "the two parties",
        "the three parties",
        "the four parties",
        "the five parties",
        "all participants",
        "each party",
        "both parties",
        "each participant",
        "both participants",
        "each side",
    ];
    // "one senior official from each administration": every party is represented.
    let each_of = tail[..stop].split("each ").skip(1).any(|rest| {
        let noun = rest
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        matches!(
            noun,
            "administration"
                | "operator"
                | "post"
                | "member"
                | "country"
                | "signatory"
                | "ministry"
        )
    });
    if each_of || each.iter().any(|e| tail[..stop].contains(e)) {
        return res.participants(None, after);
    }
    res.orgs_in(Span(after + at, after + at + stop))
}

/// "the Director-General of MLIT's Ports and Harbours Bureau": a unit written with another
/// member's possessive (in the group's sentence) is part of that member, not a member of its
/// own.
fn drop_units(text: &str, parties: &Parties, members: &mut Vec<String>) {
    let forms = |name: &str| -> Vec<String> {
        parties
            .organizations
            .iter()
            .filter(|o| o.name == name)
            .flat_map(|o| std::iter::once(o.name.clone()).chain(o.aliases.iter().cloned()))
            .collect()
    };
    let owned: Vec<String> = members
        .iter()
        .filter(|m| {
            members.iter().any(|o| {
                o != *m
                    && forms(o).iter().any(|f| {
                        text.contains(&format!("{f}'s {m}")) || text.contains(&format!("{f}’s {m}"))
                    })
            })
        })
        .cloned()
        .collect();
    members.retain(|m| !owned.contains(m));
}

/// "WCO-UPU" as a member stands for both the WCO and the UPU, when each part is a name or an
/// alias of an organisation in the text.
fn expand_joint_names(parties: &Parties, members: Vec<String>) -> Vec<String> {
    let canonical = |part: &str| {
        parties
            .organizations
            .iter()
            .find(|o| o.name == part || o.aliases.iter().any(|a| a == part))
            .map(|o| o.name.clone())
    };
    let mut out: Vec<String> = Vec::new();
    for m in members {
        let parts: Vec<&str> = m.split('-').collect();
        let names: Option<Vec<String>> = if parts.len() >= 2 {
            parts.iter().map(|p| canonical(p)).collect()
        } else {
            None
        };
        for n in names.unwrap_or_else(|| vec![m]) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// Group nouns, lowercased; the last word of a group's name.
pub(crate) const GROUP_HEADS: &[&str] = &[
    "group",
    "force",
    "taskforce",
    "party",
    "committee",
    "subcommittee",
    "sub-committee",
    "subgroup",
    "sub-group",
    "commission",
    "council",
    "team",
    "panel",
    "board",
    "secretariat",
    "forum",
];

/// Heads that name a group only with a telling modifier ("working party", not "the parties").
fn head_ok(words: &[String]) -> bool {
    let Some(last) = words.last() else {
        return false;
    };
    let prev = if words.len() >= 2 {
        words[words.len() - 2].as_str()
    } else {
        ""
    };
    match last.as_str() {
        "force" => prev == "task",
        "party" => prev == "working",
        "group" | "team" | "panel" | "board" | "forum" | "council" => {
            words.len() >= 2
                && !matches!(
                    prev,
                    "the" | "a" | "an" | "business" | "postal" | "posts" | "media" | "focus"
                )
        }
        // A commission is most often a standing body of a state or a union ("the European
        // Commission", "the Technology Commission"); a joint one is set up between parties.
        "commission" => matches!(prev, "joint" | "bilateral" | "mixed" | "intergovernmental"),
        "committee" | "subcommittee" | "sub-committee" | "subgroup" | "sub-group" | "taskforce" => {
            true
        }
        _ => false,
    }
}

/// Words without which a sentence cannot name a group (a cheap filter before tokenizing).
const GROUP_NEEDLES: &[&str] = &[
    "group",
    "sub-group",
    "subgroup",
    "sub-committee",
    "subcommittee",
    "taskforce",
    "force",
    "party",
    "committee",
    "commission",
    "council",
    "team",
    "panel",
    "board",
    "secretariat",
    "forum",
];

fn lw<'a>(text: &Doc<'a>, toks: &[Tok], k: usize) -> Low<'a> {
    toks.get(k).map_or(Low::Text(""), |t| t.low(text))
}

/// Words that say a meeting, visit or signing took place, as one regex of literals: one pass
/// over a sentence's lower-case form finds whether it holds any of them.
static EVENT: LazyLock<Regex> = LazyLock::new(|| {
    const WORDS: &[&str] = &[
        "held",
        "took place",
        "met",
        "convened",
        "meeting",
        "summit",
        "conference",
        "signed",
        "visited",
        "gathered",
        "hosted",
        "ceremony",
        "forum",
    ];
    Regex::new(&WORDS.join("|")).expect("literal words")
});

/// The date of the meeting the document reports: the first day named in a sentence that says a
/// meeting, visit or signing took place. Agreements and groups made "during the meeting" take it.
pub fn event_date(text: &str, sentences: &[Sentence], dates: &[DateMention]) -> Option<DateValue> {
    let low = text.to_ascii_lowercase();
    event_date_in(&Doc::new(text, &low), sentences, dates)
}

/// [`event_date`] with the document's lower-case copy at hand.
pub(crate) fn event_date_in(
    text: &Doc,
    sentences: &[Sentence],
    dates: &[DateMention],
) -> Option<DateValue> {
    for s in sentences.iter().filter(|s| s.prose) {
        if !dates.iter().any(|d| s.span.contains(d.span)) || !EVENT.is_match(s.span.slice(text.low))
        {
            continue;
        }
        if let Some(v) = dates
            .iter()
            .filter(|d| s.span.contains(d.span))
            .find_map(|d| match d.value {
                Some(v @ DateValue::Day(_)) => Some(v),
                _ => None,
            })
        {
            return Some(v);
        }
    }
    None
}

/// The first resolved day inside `span`.
fn day_in(span: Span, dates: &[DateMention]) -> Option<DateValue> {
    dates
        .iter()
        .filter(|d| span.contains(d.span))
        .find_map(|d| match d.value {
            Some(v @ DateValue::Day(_)) => Some(v),
            _ => None,
        })
}

/// A group noun phrase starting at token `k`: returns (name start, name end) token indices.
fn group_np(text: &Doc, toks: &[Tok], k: usize) -> Option<(usize, usize)> {
    let mut s = k;
    while matches!(
        &*lw(text, toks, s),
        "a" | "an" | "the" | "new" | "their" | "its" | "two" | "three" | "special"
    ) {
        s += 1;
    }
    let mut words = Vec::new();
    for e in s..(s + 6).min(toks.len()) {
        if !toks[e].is_word() {
            return None;
        }
        let w = lw(text, toks, e);
        if matches!(
            &*w,
            "to" | "of" | "for" | "on" | "with" | "and" | "that" | "which"
        ) {
            return None;
        }
        words.push(w.to_string());
        if GROUP_HEADS.contains(&(&*w)) && head_ok(&words) {
            let mut end = e + 1;
            // "Joint Working Group on Cross-border E-commerce": a capitalised topic is part of
            // the name.
            if is_cap(toks[e].text(text)) && matches!(&*lw(text, toks, end), "on" | "for" | "of") {
                let mut q = end + 1;
                while q < toks.len()
                    && toks[q].is_word()
                    && (is_cap(toks[q].text(text))
                        || (matches!(&*lw(text, toks, q), "and" | "of" | "the")
                            && toks.get(q + 1).is_some_and(|t| is_cap(t.text(text)))))
                {
                    q += 1;
                }
                if q > end + 1 {
                    end = q;
                }
            } else if matches!(&*lw(text, toks, end), "on" | "of") {
                // "joint working group on overland mail", "technical working party of customs
                // and postal experts": a lower-case topic of nouns is part of the name too.
                let mut q = end + 1;
                while q < toks.len() && q < end + 8 && toks[q].is_word() {
                    let w = lw(text, toks, q);
                    let verbish =
                        w.chars().count() > 4 && (w.ends_with("ed") || w.ends_with("ing"));
                    if verbish || TOPIC_STOPS.contains(&&*w) {
                        break;
                    }
                    q += 1;
                }
                while q > end + 1 && matches!(&*lw(text, toks, q - 1), "and" | "of" | "the" | "or")
                {
                    q -= 1;
                }
                if q > end + 1 {
                    end = q;
                }
            }
            return Some((s, end));
        }
    }
    None
}

/// The group named before a passive "will be established": the words back from the auxiliaries
/// to the article, ending in a group noun.
fn passive_subject(text: &Doc, toks: &[Tok], verb: usize) -> Option<(usize, usize)> {
    let mut end = verb;
    let mut aux = false;
    while end > 0
        && matches!(
            &*lw(text, toks, end - 1),
            "be" | "been"
                | "was"
                | "were"
                | "is"
                | "are"
                | "will"
                | "shall"
                | "would"
                | "should"
                | "to"
                | "soon"
                | "also"
                | "being"
                | "has"
                | "have"
                | "had"
                | "newly"
                | "hereby"
        )
    {
        aux |= matches!(
            &*lw(text, toks, end - 1),
            "be" | "been" | "was" | "were" | "is" | "are" | "being"
        );
        end -= 1;
    }
    if !aux || end == 0 {
        return None;
    }
    // "A Joint Committee composed of two representatives of each Party is hereby established":
    // the name ends before its make-up.
    if let Some(q) = (end.saturating_sub(25).max(1)..end).find(|&q| make_up(text, toks, q)) {
        end = if toks[q - 1].text(text) == "," {
            q - 1
        } else {
            q
        };
    }
    let mut a = end;
    while a > 0 && end - a < 6 && toks[a - 1].is_word() {
        let w = lw(text, toks, a - 1);
        if matches!(
            &*w,
            "a" | "an" | "the" | "that" | "which" | "and" | "to" | "of"
        ) {
            break;
        }
        a -= 1;
    }
    let words: Vec<String> = (a..end).map(|q| lw(text, toks, q).into_owned()).collect();
    let last = words.last()?;
    (GROUP_HEADS.contains(&last.as_str()) && head_ok(&words)).then_some((a, end))
}

/// Words that open a body's make-up ("composed of", "chaired by", "made up of").
pub(super) const COMPOSITION: &[&str] = &[
    "composed",
    "comprising",
    "consisting",
    "chaired",
    "co-chaired",
    "led",
    "co-led",
    "headed",
    "made",
];

/// Whether the words from `k` give a body's make-up: "composed of", "chaired by", "to be chaired
/// by", "made up of".
pub(super) fn make_up(text: &Doc, toks: &[Tok], k: usize) -> bool {
    let k = if lw(text, toks, k) == "to" && lw(text, toks, k + 1) == "be" {
        k + 2
    } else {
        k
    };
    let (w, next) = (lw(text, toks, k), lw(text, toks, k + 1));
    COMPOSITION.contains(&&*w)
        && match &*w {
            "made" => next == "up",
            "comprising" => true,
            _ => matches!(&*next, "of" | "by" | "jointly"),
        }
}

/// What a group is for: a "to ..." purpose clause, an "on X" topic, or "with/to" after a task.
fn mandate(text: &Doc, toks: &[Tok], e: usize) -> Option<String> {
    let mut k = e;
    let w = lw(text, toks, k);
    let start = match &*w {
        "to" => k + 1,
        // ", composed of A and B, to draft ...": the purpose comes after the make-up.
        "," | "composed" | "comprising" | "consisting" | "chaired" | "co-chaired" | "led"
        | "headed" | "made"
            if make_up(text, toks, if w == "," { k + 1 } else { k }) =>
        {
            let p = (k + 2..toks.len())
                .take_while(|&p| !matches!(toks[p].text(text), ";" | "." | ":"))
                .find(|&p| lw(text, toks, p) == "to" && lower_verb(text, toks, p + 1))?;
            p + 1
        }
        "on" | "for" | "with" | "regarding" | "concerning" => k + 1,
        "that" | "which" if matches!(&*lw(text, toks, k + 1), "will" | "shall" | "would") => k + 2,
        "responsible" | "charged" | "tasked"
            if matches!(&*lw(text, toks, k + 1), "for" | "with") =>
        {
            k + 2
        }
        _ => return None,
    };
    k = start;
    while k < toks.len() {
        let t = toks[k].text(text);
        if matches!(t, ";" | "." | ":" | "\"" | "“" | "”") {
            break;
        }
        if t == ","
            && matches!(
                &*lw(text, toks, k + 1),
                "which" | "and" | "while" | "said" | "who" | "as"
            )
        {
            break;
        }
        if t == "and"
            && matches!(
                &*lw(text, toks, k + 1),
                "agreed" | "will" | "signed" | "decided" | "to"
            )
        {
            break;
        }
        k += 1;
    }
    // "a group on remuneration to review terminal dues": the purpose is the mandate.
    let mut start = start;
    if matches!(&*w, "on" | "for") {
        if let Some(p) =
            (start..k).find(|&p| lw(text, toks, p) == "to" && lower_verb(text, toks, p + 1))
        {
            start = p + 1;
        }
    }
    (k > start).then(|| squash(Span(toks[start].start, toks[k - 1].end).slice(text)))
}

/// Whether token `k` can open a purpose after "to": a lower-case word, not an article or "be".
fn lower_verb(text: &Doc, toks: &[Tok], k: usize) -> bool {
    toks.get(k).is_some_and(|t| {
        t.is_word() && !is_cap(t.text(text)) && !matches!(&*t.low(text), "the" | "a" | "an" | "be")
    })
}

/// Finds working groups, committees and task forces set up or named in the text.
pub fn find_groups(
    raw: &str,
    sentences: &[Sentence],
    parties: &Parties,
    dates: &[DateMention],
) -> Vec<WorkingGroup> {
    let low = parties.lower_copy(raw);
    let doc = Doc::new(raw, &low);
    let text = &doc;
    let res = Resolver::new(text, sentences, parties);
    let event = event_date_in(text, sentences, dates);
    let mut out: Vec<WorkingGroup> = Vec::new();
    let mut by_name: FxHashMap<String, usize> = FxHashMap::default();
    for (i, s) in sentences.iter().enumerate() {
        let toks = res.tokens(i);
        // Headings count when they head minutes or a meeting report ("Joint Working Group on
        // X: minutes of the second meeting").
        let heading_of_meeting = !s.prose
            && toks
                .iter()
                .any(|t| matches!(&*t.low(text), "minutes" | "meeting" | "session" | "agenda"));
        if !(s.prose || heading_of_meeting)
            || !toks.iter().any(|t| GROUP_NEEDLES.contains(&&*t.low(text)))
        {
            continue;
        }
        if toks.is_empty() {
            continue;
        }
        let (prev, main_actors) = res.context(i);
        let (prev, main_actors) = (prev.to_vec(), main_actors.to_vec());
        let members = || -> Vec<String> {
            if !main_actors.is_empty() {
                return main_actors.clone();
            }
            let orgs = res.orgs_in(s.span);
            if !orgs.is_empty() {
                return orgs;
            }
            prev.clone()
        };
        let mut found: Vec<WorkingGroup> = Vec::new();
        let mut k = 0;
        while k < toks.len() {
            let w = lw(text, toks, k);
            let mut hit = None;
            if ESTABLISH.contains(&(&*w)) {
                let mut q = k + 1;
                if matches!(&*w, "set" | "sets" | "setting") {
                    if lw(text, toks, q) != "up" {
                        k += 1;
                        continue;
                    }
                    q += 1;
                }
                if matches!(&*w, "establishment" | "creation" | "formation") {
                    if lw(text, toks, q) != "of" {
                        k += 1;
                        continue;
                    }
                    q += 1;
                }
                if let Some((a, b)) = group_np(text, toks, q) {
                    hit = Some((a, b, "group.establish", b));
                } else if let Some((a, b)) = passive_subject(text, toks, k) {
                    // "a joint committee will be established to ...".
                    hit = Some((a, b, "group.establish_passive", q));
                }
            } else if TASK.contains(&(&*w)) {
                if let Some((a, b)) = group_np(text, toks, k + 1) {
                    hit = Some((a, b, "group.tasked", b));
                }
            } else if k + 1 < toks.len()
                && is_cap(toks[k].text(text))
                // "Instructs the Task Force to ...": a capitalised verb before an article
                // does not start a group's name.
                && lw(text, toks, k + 1) != "the"
            {
                // A named group followed by a meeting verb, or after "meeting of the".
                if let Some((a, b)) = group_np(text, toks, k) {
                    let named = (a..b).all(|i| {
                        is_cap(toks[i].text(text))
                            || matches!(&*lw(text, toks, i), "on" | "for" | "of" | "and" | "the")
                    });
                    let after = lw(text, toks, b);
                    let before_meeting = k >= 2
                        && matches!(&*lw(text, toks, k - 1), "the" | "of")
                        && (k.saturating_sub(3)..k)
                            .any(|i| matches!(&*lw(text, toks, i), "meeting" | "session"));
                    let working = (a..b).any(|i| WORKING_MARKERS.contains(&&*lw(text, toks, i)));
                    if named && working {
                        // Named with a working marker, a group is a group wherever it appears:
                        // meeting, reporting, approving, or as a heading over its minutes.
                        let rule = if MEET.contains(&(&*after)) || before_meeting {
                            "group.named_meeting"
                        } else {
                            "group.named"
                        };
                        hit = Some((a, b, rule, b));
                    }
                }
            } else if STRONG_MARKERS.contains(&&*w)
                && (k == 0
                    || !toks[k - 1].is_word()
                    || matches!(
                        &*lw(text, toks, k - 1),
                        "the" | "a" | "an" | "its" | "their"
                    ))
            {
                // "The joint working group on overland mail submitted ...": a lower-case group
                // with a telling marker.
                if let Some((a, b)) = group_np(text, toks, k) {
                    if b - a >= 2 {
                        hit = Some((a, b, "group.named", b));
                    }
                }
            }
            let Some((a, b, rule, from)) = hit else {
                k += 1;
                continue;
            };
            let name = squash(Span(toks[a].start, toks[b - 1].end).slice(text));
            let span = Span(toks[a].start, toks[b - 1].end);
            let mandate = match rule {
                "group.tasked" => {
                    let m = lw(text, toks, b);
                    if matches!(&*m, "with" | "to") {
                        mandate(text, toks, b)
                    } else {
                        None
                    }
                }
                _ => mandate(text, toks, from).or_else(|| {
                    // "the Joint Working Group on X": the topic is the mandate too.
                    let on = (a..b).position(|i| lw(text, toks, i) == "on")?;
                    Some(squash(
                        Span(toks[a + on + 1].start, toks[b - 1].end).slice(text),
                    ))
                }),
            };
            let established = match rule {
                "group.establish" | "group.establish_passive" => day_in(s.span, dates).or(event),
                _ => None,
            };
            // The members follow within a few dozen words; bounded so a sentence without end
            // stays linear.
            let list_end = toks
                .get((b + 60).min(toks.len() - 1))
                .map_or(s.span.1, |t| t.end.min(s.span.1));
            let listed = listed_members(text, &res, span.1, list_end.max(span.1));
            // A group is not its own member ("approved by the WCO-UPU Contact Committee", which
            // the parties stage also lists as an organisation).
            let own = name.to_lowercase();
            // A group over minutes or in an "Adopted at the meeting of ..." line: its members
            // are the meeting's participants, named in the text below.
            let mut members = if !listed.is_empty() {
                listed
            } else if !s.prose {
                res.participants(None, text.len())
            } else {
                members()
            };
            members = expand_joint_names(parties, members);
            drop_units(s.span.slice(text), parties, &mut members);
            members.retain(|m| {
                let m = m.to_lowercase();
                let body = m
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| GROUP_HEADS.contains(&w));
                !(body && (own.contains(&m) || m.contains(&own)))
            });
            // "a Joint Implementation Team (JIT)": its acronym is not a member.
            members.retain(|m| *m != super::commitments::credit::acronym(&name));
            found.push(WorkingGroup {
                name,
                members,
                mandate,
                established,
                rule: rule.to_string(),
                span,
            });
            k = b.max(k + 1);
        }
        for g in found {
            let mut key = g.name.to_lowercase();
            // "the task force" after "Task Force on X", "Contact Committee" after "WCO-UPU
            // Contact Committee": one group, under its fullest name.
            if let Some(other) = by_name
                .keys()
                .find(|o| *o != &key && (o.contains(&key) || key.contains(o.as_str())))
                .cloned()
            {
                if other.len() >= key.len() {
                    key = other;
                } else if let Some(i) = by_name.remove(&other) {
                    out[i].name = g.name.clone();
                    out[i].span = g.span;
                    by_name.insert(key.clone(), i);
                }
            }
            match by_name.get(&key) {
                Some(&i) => {
                    let old = &mut out[i];
                    // A group first seen by name and then set up in the same text: the setting
                    // up is what it is known by.
                    let named = |r: &str| r.starts_with("group.named");
                    if named(&old.rule) && !named(&g.rule) {
                        old.rule = g.rule.clone();
                        old.span = g.span;
                        if g.established.is_some() {
                            old.established = g.established;
                        }
                        if !g.members.is_empty() {
                            old.members = g.members.clone();
                        }
                    }
                    if old.members.is_empty() {
                        old.members = g.members;
                    }
                    if old.mandate.is_none() {
                        old.mandate = g.mandate;
                    }
                    if old.established.is_none() {
                        old.established = g.established;
                    }
                }
                None => {
                    by_name.insert(key, out.len());
                    out.push(g);
                }
            }
        }
    }
    composition(text, sentences, &res, &mut out);
    out
}

/// Words that state who a group is made of, after its name: "The Working Group is composed
/// of one representative of each of NZ Post, Post Fiji and Tonga Post."
const COMPOSITION_CUES: &[&str] = &[
    " composed of ",
    " made up of ",
    " comprised of ",
    " consists of ",
    " consist of ",
    " comprises ",
    " comprise ",
];

/// How a text goes on to name a group, in lower case: the last two words before its topic
/// ("working group" for "working group on e-commerce returns", "task force" for "coptac task
/// force on addressing"); `None` for a one-word name.
pub(crate) fn short_head(name: &str) -> Option<String> {
    let head = [" on ", " for ", " of "]
        .iter()
        .filter_map(|p| name.find(p))
        .min()
        .map_or(name, |at| &name[..at]);
    let words: Vec<&str> = head.split_whitespace().collect();
    (words.len() >= 2).then(|| words[words.len() - 2..].join(" "))
}

/// Members stated in a sentence of their own ("The Working Group is composed of ..."), often in
/// terms of reference: they replace the members guessed from the setting-up sentence. The
/// subject names the group, or repeats its head ("the Working Group", "the Task Force").
fn composition(text: &Doc, sentences: &[Sentence], res: &Resolver, out: &mut [WorkingGroup]) {
    if out.is_empty() {
        return;
    }
    for s in sentences.iter().filter(|s| s.prose) {
        // The cues are ASCII: looked for in the document's ASCII-lowered copy, which keeps
        // byte offsets, so only a sentence that has one is lower-cased in full.
        let ascii = s.span.slice(text.low);
        let Some(cue) = COMPOSITION_CUES.iter().filter_map(|c| ascii.find(c)).min() else {
            continue;
        };
        // The subject starts after any earlier sentence the splitter left joined to it.
        let from = ascii[..cue].rfind(". ").map_or(0, |p| p + 2);
        let subject = Span(s.span.0 + from, s.span.0 + cue)
            .slice(text)
            .to_lowercase();
        let subject = subject.as_str();
        // The group the subject names: its full name, else "the" and the last two words of it
        // before its topic ("the Working Group" for "Working Group on E-commerce Returns").
        let names = |g: &WorkingGroup| -> bool {
            let name = g.name.to_lowercase();
            let head = short_head(&name);
            subject.contains(&name) || head.is_some_and(|h| subject.contains(&format!("the {h}")))
        };
        let mut hits: Vec<usize> = (0..out.len()).filter(|&i| names(&out[i])).collect();
        // "A Task Force on X is hereby established. It shall comprise A, B and C.": "it" is
        // the group named just before.
        if hits.is_empty() && subject.starts_with("it ") {
            hits.extend(
                (0..out.len())
                    .filter(|&i| {
                        out[i].span.1 <= s.span.0 + from && s.span.0 + from - out[i].span.1 < 300
                    })
                    .max_by_key(|&i| out[i].span.0),
            );
        }
        let [i] = hits.as_slice() else {
            continue;
        };
        // The subject is short: the group and its verb, not a clause about something else.
        if subject.split_whitespace().count() > 12 {
            continue;
        }
        let mut members = listed_members(text, res, s.span.0 + cue, s.span.1);
        // "The Working Group shall be chaired by A and shall be composed of B and C": the
        // chair is a member too.
        if let Some(by) = [" chaired by ", " led by "]
            .iter()
            .find_map(|c| ascii[from..cue].find(c).map(|at| from + at + c.len()))
        {
            let chair = res.orgs_in(Span(s.span.0 + by, s.span.0 + cue));
            for (q, c) in chair.into_iter().enumerate() {
                if !members.contains(&c) {
                    members.insert(q, c);
                }
            }
        }
        // A group is not its own member (the parties stage may list it as an organisation).
        members.retain(|m| !m.eq_ignore_ascii_case(&out[*i].name));
        if members.len() >= 2 {
            out[*i].members = members;
        }
    }
}

#[cfg(test)]
mod tests;
