//! Commitments: what parties agreed, decided, pledged, will or shall do, one entry per action.
//!
//! For each prose sentence: find the committing verb groups ("agreed to", "will", "shall", "are
//! to", "plan to", ...), drop negated, past-reported, hoped-for and actor-less ones, resolve the
//! subject to organisations (collectives like "the three Posts" included), cut the complement
//! into one action per coordinated verb phrase, and attach a deadline from a date mention inside
//! the action.

pub(crate) mod credit;
mod list;
mod table;
mod trim;
mod verbs;

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

use self::verbs::{ACTION_ADVERBS, BASE_VERBS, EXPLORATORY};
use super::groups::GROUP_HEADS;
use super::parties::actors::{Np, Resolver};
use super::parties::tokens::{lowercase, squash, Doc, Kind, Low, Shapes, Tok};
use super::parties::Parties;
use super::rules::{Rule, RuleKind};
use super::segment::Sentence;
use crate::model::{Commitment, DateMention, Span, Strength, WorkingGroup};

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[Rule] = &[
    Rule {
        id: "commit.agreed_to",
        kind: RuleKind::Commitment,
        doc: "agreed / decided / pledged / resolved / vowed / undertook / committed to <verb>; '2. Decides to <verb>' in a resolution: the body its preamble names",
    },
    Rule {
        id: "commit.agreed_on",
        kind: RuleKind::Commitment,
        doc: "agreed on the establishment / launch / expansion of X: the noun read as its verb",
    },
    Rule {
        id: "commit.modal",
        kind: RuleKind::Commitment,
        doc: "<party> will / shall <verb> (would / should after 'agreed that')",
    },
    Rule {
        id: "commit.is_to",
        kind: RuleKind::Commitment,
        doc: "<party> is / are to <verb>",
    },
    Rule {
        id: "commit.intent",
        kind: RuleKind::Commitment,
        doc: "<party> plans / intends / aims / hopes / seeks / is expected to <verb> (strength intent)",
    },
    Rule {
        id: "commit.group_passive",
        kind: RuleKind::Commitment,
        doc: "a working group that will be established: its establishment is the commitment",
    },
    Rule {
        id: "commit.tasked",
        kind: RuleKind::Commitment,
        doc: "<group> is tasked with <V-ing> / was asked to <verb>; tasked <group> with <V-ing>; directed / instructed / requested <party> to <verb>, 'Instructs the Secretary General to': the party's, the group's or the served body's action",
    },
    Rule {
        id: "commit.list_item",
        kind: RuleKind::Commitment,
        doc: "an item (- / • / (a) / 1.) under 'X decided to:', 'X will:', 'The Working Group shall:' or 'Requests <party or group> to:': the opener's party's action",
    },
    Rule {
        id: "commit.table_row",
        kind: RuleKind::Commitment,
        doc: "a row of an action table (Action | Lead | Deadline): one commitment per verb phrase",
    },
    Rule {
        id: "commit.group_task",
        kind: RuleKind::Commitment,
        doc: "a working group found in the text as the subject: the action is assigned to it",
    },
];

const AGREE: &[&str] = &[
    "agreed",
    "agree",
    "agrees",
    "decided",
    "decide",
    "decides",
    "pledged",
    "pledge",
    "pledges",
    "resolved",
    "resolve",
    "resolves",
    "vowed",
    "vow",
    "vows",
    "undertook",
    "undertake",
    "undertakes",
    "promised",
    "promise",
    "promises",
    "consented",
    "committed",
    "commit",
    "commits",
    "reaffirmed",
];

/// Reporting verbs after which "would" reports a future action.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "announced",
    "stated",
    "added",
    "noted",
    "told",
    "explained",
    "revealed",
    "confirmed",
    "agreed",
    "decided",
    "pledged",
    "promised",
];

const INTENT: &[&str] = &[
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "intending",
    "aim",
    "aims",
    "aiming",
    "hope",
    "hopes",
    "hoping",
    "seek",
    "seeks",
    "seeking",
    "expect",
    "expects",
    "expected",
    "set",
    "scheduled",
    "prepared",
    "ready",
];

/// Words before a "that"-clause that make its "will" a hope or belief, not a commitment.
const FRAMES: &[&str] = &[
    "hope",
    "hoped",
    "hopes",
    "hoping",
    "believe",
    "believes",
    "believed",
    "wish",
    "wished",
    "wishes",
    "expect",
    "expects",
    "expected",
    "trust",
    "trusts",
    "welcomed",
    "welcome",
    "welcomes",
    "anticipate",
    "anticipates",
    "predicted",
    "predicts",
    "forecast",
    "estimated",
    "feared",
    "warned",
    "if",
    "unless",
    "whether",
    "when",
    "once",
];

/// Openers of a reported or subordinate clause after the complement: the action ends there.
const CLAUSE_CUTS: &[&str] = &[
    "said",
    "says",
    "according",
    "adding",
    "noting",
    "while",
    "whereas",
    "but",
    "which",
    "who",
    "stressing",
    "saying",
    "emphasizing",
    "emphasising",
    "explaining",
    "stating",
    "although",
    "though",
    "officials",
    "he",
    "she",
];

/// Aspect and passive words after a modal: no actor-driven action follows.
const NOT_ACTIONS: &[&str] = &[
    "be", "been", "being", "have", "not", "never", "no", "n't", "take", "happen", "occur", "come",
    "become", "remain", "need", "likely", "probably", "include", "includes", "comprise", "consist",
];

/// Every word that can start a trigger, for a quick test per token.
static TRIGGER_WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    AGREE
        .iter()
        .chain(INTENT)
        .chain(REPORTING)
        .chain(TASKED)
        .chain(&["will", "shall", "would", "should", "is", "are"])
        .copied()
        .collect()
});

/// The shapes of [`TRIGGER_WORDS`]: most words are turned away by these before the look-up.
static TRIGGER_SHAPES: LazyLock<Shapes> =
    LazyLock::new(|| Shapes::of(TRIGGER_WORDS.iter().copied()));

#[derive(Clone, Copy, Debug)]
struct Trigger {
    /// The token the subject ends before (the verb or its auxiliary).
    anchor: usize,
    /// The first token of the complement.
    comp: usize,
    intent: bool,
    rule: &'static str,
    /// For "agreed on the establishment of X": the verb that stands for the noun.
    verb: Option<&'static str>,
}

/// Head nouns of subjects that name a body of people or organisations ("the Board", "Members",
/// "the secretariats"): an unresolved one still has an actor.
const BODY_NOUNS: &[&str] = &[
    "board",
    "council",
    "committee",
    "secretariat",
    "secretariats",
    "bureau",
    "members",
    "parties",
    "participants",
    "sides",
    "delegations",
    "delegates",
    "organisations",
    "organizations",
    "operators",
    "ministries",
    "ministers",
    "assembly",
    "congress",
    "union",
    "alliance",
    "cooperative",
    "commission",
    "governments",
    "administrations",
    "posts",
];

/// Longest sentence kept whole as a commitment's context, in bytes.
const MAX_CONTEXT: usize = 2000;

/// Head nouns of subjects that are people served or things, never a committing party.
const NOT_PARTIES: &[&str] = &[
    "customers",
    "customer",
    "consumers",
    "users",
    "sellers",
    "buyers",
    "shoppers",
    "senders",
    "recipients",
    "residents",
    "citizens",
    "visitors",
    "passengers",
    "people",
    "items",
    "parcels",
    "prices",
    "volumes",
    "service",
    "services",
    "route",
    "flights",
];

/// Verbs of meeting: "will meet ... to <verb>" commits to the purpose.
const MEET_VERBS: &[&str] = &["meet", "convene", "gather", "reconvene"];

/// Nouns of action after "agreed on the ... of", and their verbs.
const NOMINALS: &[(&str, &str)] = &[
    ("establishment", "establish"),
    ("creation", "create"),
    ("launch", "launch"),
    ("expansion", "expand"),
    ("development", "develop"),
    ("introduction", "introduce"),
    ("exchange", "exchange"),
    ("promotion", "promote"),
    ("strengthening", "strengthen"),
    ("holding", "hold"),
    ("signing", "sign"),
    ("implementation", "implement"),
    ("setting", "set"),
    ("resumption", "resume"),
    ("formation", "form"),
    ("organization", "organize"),
    ("organisation", "organise"),
    ("opening", "open"),
    ("construction", "construct"),
    ("adoption", "adopt"),
];

fn lw<'a>(text: &Doc<'a>, toks: &[Tok], k: usize) -> Low<'a> {
    toks.get(k).map_or(Low::Text(""), |t| t.low(text))
}

/// Skips adverbs from `k`; the index of the first other token.
fn skip_adverbs(text: &Doc, toks: &[Tok], mut k: usize) -> usize {
    while k < toks.len() && ACTION_ADVERBS.contains(&*lw(text, toks, k)) {
        k += 1;
    }
    k
}

fn looks_like_verb(text: &Doc, toks: &[Tok], k: usize, loose: bool) -> bool {
    let Some(t) = toks.get(k) else { return false };
    if !t.is_word() {
        return false;
    }
    let w = t.text(text);
    if w.chars().next().is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    let l = lowercase(w);
    if verbs::is_base_verb(&l) {
        return true;
    }
    // After "to" or a modal almost anything lowercase is a verb; reject obvious non-verbs.
    loose
        && !NOT_ACTIONS.contains(&l.as_str())
        && !matches!(
            l.as_str(),
            "the"
                | "a"
                | "an"
                | "this"
                | "that"
                | "their"
                | "its"
                | "our"
                | "all"
                | "further"
                | "more"
        )
        && !l.ends_with("ed")
}

fn negated(text: &Doc, toks: &[Tok], k: usize) -> bool {
    let lo = k.saturating_sub(3);
    (lo..k).any(|i| {
        let w = lw(text, toks, i);
        matches!(
            &*w,
            "not"
                | "never"
                | "no"
                | "declined"
                | "refused"
                | "failed"
                | "unable"
                | "cannot"
                | "nor"
                | "neither"
        ) || w.ends_with("n't")
    })
}

fn past_reported(text: &Doc, toks: &[Tok], k: usize) -> bool {
    let lo = k.saturating_sub(2);
    (lo..k).any(|i| {
        matches!(
            &*lw(text, toks, i),
            "had" | "previously" | "already" | "earlier" | "once"
        )
    })
}

/// Verbs that give a task: "the group is tasked with preparing X", "tasked the group with X",
/// "the task force was mandated to draft X".
pub(super) const TASKED: &[&str] = &[
    "tasked",
    "charged",
    "entrusted",
    "mandated",
    "instructed",
    "requested",
    "asked",
    "directed",
    // A resolution's operative clauses: "2. Instructs the Secretary General to circulate ...".
    "instructs",
    "requests",
    "directs",
    "mandates",
    "tasks",
];

/// The organs of a union or an alliance that act for it when a resolution or a meeting gives
/// them a task ("Instructs the Secretary General to ...", "directed the Secretariat to ...").
pub(super) const ORGANS: &[&str] = &[
    "secretariat",
    "secretary general",
    "secretary-general",
    "executive secretary",
    "executive secretariat",
    "international bureau",
    "international office",
    "bureau",
];

/// A task given: passive ("is tasked with preparing", "was asked to draft") with the subject
/// before the auxiliary, or active ("tasked the working group with preparing") with the group
/// named between the verb and "with" / "to".
fn tasked_trigger(text: &Doc, toks: &[Tok], k: usize) -> Option<Trigger> {
    let aux = k.checked_sub(1).filter(|&a| {
        matches!(
            &*lw(text, toks, a),
            "is" | "are" | "was" | "were" | "been" | "be"
        )
    });
    let task_at = |q: usize| -> Option<usize> {
        match &*lw(text, toks, q) {
            "with" if lw(text, toks, q + 1).ends_with("ing") => Some(q + 1),
            "to" if looks_like_verb(text, toks, q + 1, true) => Some(q + 1),
            _ => None,
        }
    };
    if let Some(a) = aux {
        let comp = task_at(k + 1)?;
        let anchor = if lw(text, toks, a) == "been" && a > 0 {
            a - 1
        } else {
            a
        };
        return Some(Trigger {
            anchor,
            comp,
            intent: false,
            rule: "commit.tasked",
            verb: None,
        });
    }
    let q = (k + 2..(k + 12).min(toks.len()))
        .take_while(|&q| toks[q].is_word() || toks[q].kind == Kind::Num)
        .find(|&q| matches!(&*lw(text, toks, q), "with" | "to"))?;
    let comp = task_at(q)?;
    Some(Trigger {
        anchor: k,
        comp,
        intent: false,
        rule: "commit.tasked",
        verb: None,
    })
}

/// The base form of a gerund: "preparing" -> "prepare", "running" -> "run", "drafting" ->
/// "draft"; known verbs first, then the spelling rules.
fn base_of_gerund(w: &str) -> String {
    let Some(stem) = w.strip_suffix("ing") else {
        return w.to_string();
    };
    let with_e = format!("{stem}e");
    let undoubled = {
        let mut c = stem.chars().rev();
        match (c.next(), c.next()) {
            (Some(x), Some(y)) if x == y => Some(stem[..stem.len() - x.len_utf8()].to_string()),
            _ => None,
        }
    };
    for cand in [
        Some(stem.to_string()),
        Some(with_e.clone()),
        undoubled.clone(),
    ]
    .into_iter()
    .flatten()
    {
        if BASE_VERBS.contains(cand.as_str()) {
            return cand;
        }
    }
    if let Some(u) = undoubled {
        return u;
    }
    // "prepar" + e: a stem ending in vowel + single consonant (other than w, x, y) takes an e.
    let mut c = stem.chars().rev();
    match (c.next(), c.next()) {
        (Some(last), Some(prev))
            if !"aeiouwxy".contains(last) && "aeiou".contains(prev) && stem.chars().count() > 3 =>
        {
            with_e
        }
        _ => stem.to_string(),
    }
}

/// After a modal, a comma-enclosed phrase before the verb: the token after its closing comma.
fn parenthetical_end(text: &Doc, toks: &[Tok], k: usize) -> Option<usize> {
    if toks.get(k)?.text(text) != "," {
        return None;
    }
    (k + 1..(k + 16).min(toks.len()))
        .find(|&q| toks[q].text(text) == ",")
        .map(|q| q + 1)
}

fn find_triggers(text: &Doc, toks: &[Tok]) -> Vec<Trigger> {
    let n = toks.len();
    let mut out = Vec::new();
    let mut agreed_seen = false;
    for k in 0..n {
        if !toks[k].is_word() || !TRIGGER_SHAPES.may_hold(toks[k].text(text)) {
            continue;
        }
        let w = lw(text, toks, k);
        if !TRIGGER_WORDS.contains(&*w) {
            continue;
        }
        if REPORTING.contains(&(&*w)) {
            // "X said the company would ...": reported future.
            agreed_seen = true;
        }
        let trig = if AGREE.contains(&(&*w)) {
            let mut next = k + 1;
            if matches!(
                &*lw(text, toks, next),
                "themselves" | "itself" | "ourselves"
            ) {
                next += 1;
            }
            // "agreed instead to ...", "decided unanimously to ...".
            while next < k + 3 && {
                let a = lw(text, toks, next);
                lw(text, toks, next + 1) == "to"
                    && (matches!(&*a, "instead" | "also" | "further" | "today" | "then")
                        || (a.ends_with("ly") && a.len() > 4))
            } {
                next += 1;
            }
            // "agreed on Monday to set up ...": a short time or place phrase before "to".
            if matches!(
                &*lw(text, toks, next),
                "on" | "in" | "at" | "during" | "last" | "this" | "earlier" | "yesterday"
            ) {
                if let Some(j) = (next + 1..(next + 6).min(toks.len()))
                    .take_while(|&j| toks[j].is_word() || toks[j].kind == Kind::Num)
                    .find(|&j| lw(text, toks, j) == "to")
                {
                    next = j;
                }
            }
            if lw(text, toks, next) == "that" {
                agreed_seen = true;
            }
            if REPORTING.contains(&(&*w)) {
                agreed_seen = true;
            }
            let nominal = if matches!(&*lw(text, toks, next), "on" | "upon") {
                let q = if lw(text, toks, next + 1) == "the" {
                    next + 2
                } else {
                    next + 1
                };
                let noun = lw(text, toks, q);
                NOMINALS
                    .iter()
                    .find(|(n, _)| *n == &*noun)
                    .filter(|_| lw(text, toks, q + 1) == "of")
                    .map(|&(_, v)| (q, v))
            } else {
                None
            };
            if let Some((q, v)) = nominal {
                Some(Trigger {
                    anchor: k,
                    comp: q,
                    intent: false,
                    rule: "commit.agreed_on",
                    verb: Some(v),
                })
            } else if lw(text, toks, next) != "to" {
                None
            } else {
                let c = next + 1;
                let v = skip_adverbs(text, toks, c);
                let gerund = w.starts_with("commit") && lw(text, toks, v).ends_with("ing");
                let mut anchor = k;
                while anchor > 0
                    && matches!(
                        &*lw(text, toks, anchor - 1),
                        "are"
                            | "is"
                            | "was"
                            | "were"
                            | "remain"
                            | "remains"
                            | "been"
                            | "fully"
                            | "firmly"
                            | "strongly"
                            | "deeply"
                    )
                {
                    anchor -= 1;
                }
                (gerund || looks_like_verb(text, toks, v, true)).then_some(Trigger {
                    anchor,
                    comp: c,
                    intent: false,
                    rule: "commit.agreed_to",
                    verb: None,
                })
            }
        } else if matches!(&*w, "will" | "shall")
            || (matches!(&*w, "would" | "should") && agreed_seen)
        {
            // "shall, within sixty days of the Effective Date, agree on ...": the
            // parenthetical is the deadline, the verb comes after it.
            let comp = parenthetical_end(text, toks, k + 1).unwrap_or(k + 1);
            let v = skip_adverbs(text, toks, comp);
            let vw = lw(text, toks, v);
            let ok = !NOT_ACTIONS.contains(&(&*vw))
                && !vw.ends_with("n't")
                && looks_like_verb(text, toks, v, true);
            ok.then_some(Trigger {
                anchor: k,
                comp,
                intent: false,
                rule: "commit.modal",
                verb: None,
            })
        } else if matches!(&*w, "is" | "are") && lw(text, toks, k + 1) == "to" {
            let v = skip_adverbs(text, toks, k + 2);
            (lw(text, toks, v) != "be" && looks_like_verb(text, toks, v, true)).then_some(Trigger {
                anchor: k,
                comp: k + 2,
                intent: false,
                rule: "commit.is_to",
                verb: None,
            })
        } else if TASKED.contains(&&*w) {
            tasked_trigger(text, toks, k)
        } else if INTENT.contains(&(&*w)) && lw(text, toks, k + 1) == "to" {
            let v = skip_adverbs(text, toks, k + 2);
            let aux = matches!(
                &*lw(text, toks, k.wrapping_sub(1)),
                "is" | "are" | "was" | "were" | "be" | "been"
            );
            let needs_aux = matches!(&*w, "expected" | "set" | "scheduled" | "prepared" | "ready");
            let vw = lw(text, toks, v);
            let ok = (aux || !needs_aux)
                && vw != "be"
                && looks_like_verb(text, toks, v, true)
                && (w != "hoped" || aux);
            let anchor = if aux { k - 1 } else { k };
            ok.then_some(Trigger {
                anchor,
                comp: k + 2,
                intent: true,
                rule: "commit.intent",
                verb: None,
            })
        } else {
            None
        };
        if let Some(t) = trig {
            if negated(text, toks, t.anchor.min(k)) || past_reported(text, toks, t.anchor.min(k)) {
                continue;
            }
            out.push(t);
        }
    }
    out
}

/// Where the complement of a trigger ends (exclusive token index).
fn complement_end(text: &Doc, toks: &[Tok], from: usize, limit: usize) -> usize {
    let mut depth = 0i32;
    let mut list = false;
    let mut k = from;
    while k < limit {
        let w = toks[k].text(text);
        match w {
            "(" => depth += 1,
            ")" => depth -= 1,
            "\"" | "“" | "”" | "—" => return k,
            // "shall cooperate in the following areas: (a) ...; (b) ...": the list is the object.
            ":" => list = true,
            ";" if !list => return k,
            "," if depth <= 0 => {
                let next = lw(text, toks, k + 1);
                if CLAUSE_CUTS.contains(&(&*next)) {
                    return k;
                }
            }
            _ => {
                let l = lowercase(w);
                if depth <= 0 && matches!(l.as_str(), "while" | "whereas" | "but") && k > from {
                    return k;
                }
            }
        }
        k += 1;
    }
    limit
}

/// One action's token range `[a, b)` inside a complement.
fn split_actions(text: &Doc, toks: &[Tok], c0: usize, c1: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut tail_open = false;
    let last_coord = trim::last_coordinator(text, toks, c0, c1);
    let mut start = c0;
    let mut depth = 0i32;
    let mut k = c0 + 1;
    while k < c1 {
        let w = toks[k].text(text);
        if w == "(" {
            depth += 1;
        } else if w == ")" {
            depth -= 1;
        }
        let l = lowercase(w);
        let coord = depth <= 0
            && (w == "," || l == "and" || (l == "as" && lw(text, toks, k + 1) == "well"));
        if !coord {
            k += 1;
            continue;
        }
        // ", for example the hosting of meetings and study visits": inside a tail, "and" joins
        // the tail's words; only "and to <verb>" still starts a new action.
        // After a parenthetical tail (", with two members from each operator, to prepare X")
        // a bare "to <verb>" is the main action's purpose; only "and to" adds an action.
        if tail_open
            && !(l == "and" && lw(text, toks, k + 1) == "to")
            && !(w == "," && lw(text, toks, k + 1) == "and" && lw(text, toks, k + 2) == "to")
        {
            k += 1;
            continue;
        }
        if w == "," && depth <= 0 && trim::comma_cut(text, toks, k, last_coord).is_some() {
            // Decided below whether this comma splits; if not, a tail opens here.
            let mut q = k + 1;
            while q < c1 && matches!(&*lw(text, toks, q), "and" | "to") {
                q += 1;
            }
            let v = skip_adverbs(text, toks, q);
            if !verbs::is_base_verb(&lw(text, toks, v)) {
                tail_open = true;
                k += 1;
                continue;
            }
        }
        let mut q = k + 1;
        if l == "as" {
            q = k + 3; // "as well as"
        }
        while q < c1 && matches!(&*lw(text, toks, q), "and" | "to") {
            q += 1;
        }
        let lead = q;
        let v = skip_adverbs(text, toks, q);
        let vl = lw(text, toks, v);
        let next = lw(text, toks, v + 1);
        // "to coordinate and monitor the implementation": verbs sharing one object.
        let shared_object = l == "and"
            && k > c0
            && BASE_VERBS.contains(&*lw(text, toks, k - 1))
            && (k - 1 == start || lw(text, toks, k - 2) == "to")
            && lw(text, toks, k + 1) != "to";
        let verb_here = v < c1
            && !shared_object
            && verbs::is_base_verb(&vl)
            && toks[v]
                .text(text)
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase())
            && v + 1 < c1
            && !matches!(
                &*next,
                "of" | "," | "." | ")" | "and" | "or" | "'s" | "’s" | "for"
            )
            && toks[v + 1].kind != Kind::Poss;
        if verb_here {
            tail_open = false;
            out.push((start, k));
            // Keep adverbs like "jointly" with their verb, but not "also" / "then".
            let mut s = lead;
            while s < v && matches!(&*lw(text, toks, s), "also" | "then" | "additionally") {
                s += 1;
            }
            start = s;
            k = v + 1;
            continue;
        }
        k += 1;
    }
    out.push((start, c1));
    out
}

/// The document's first line when it reads as a headline: short, no closing full stop, and
/// followed by more text.
fn headline(text: &Doc) -> Option<Span> {
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let end = rest.find('\n')?;
    let line = rest[..end].trim_end();
    let more = rest[end..].trim().len() > line.len();
    (!line.is_empty() && line.len() <= 160 && !line.ends_with(['.', ':', ';']) && more)
        .then_some(Span(lead, lead + line.len()))
}

/// Lower-cases the first letter of an action copied from a table cell or list item ("Launch a
/// service" -> "launch a service"), leaving acronyms ("EMS ...") alone.
fn lower_first(s: String) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), Some(d)) if c.is_uppercase() && d.is_lowercase() => {
            c.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s,
    }
}

/// Prepositions that turn a date inside an action into its deadline, longest first.
const DUE_PREFIXES: &[&str] = &[
    "no later than",
    "not later than",
    "on or before",
    "by the end of",
    "before the end of",
    "until the end of",
    "at the end of",
    "by the middle of",
    "by the beginning of",
    "by the start of",
    "in the first half of",
    "in the second half of",
    // "pilot electric vans in the course of 2027": some time in that year.
    "in the course of",
    "over the course of",
    "during the course of",
    "within",
    "until",
    "till",
    "before",
    "by",
    "in",
    "on",
    "during",
    "from",
    "since",
    "after",
    "as of",
    "starting",
    "beginning",
];

/// Deadline words that carry over from the front of a sentence to its actions ("On November 28"
/// does not: that is when the meeting was, not a deadline).
const LEADING_DUE: &[&str] = &[
    "no later than",
    "not later than",
    "on or before",
    "by the end of",
    "before the end of",
    "until the end of",
    "by the middle of",
    "by the beginning of",
    "by the start of",
    "within",
    "until",
    "till",
    "before",
    "by",
];

/// Words that may stand between a deadline preposition and its date ("by the POC's October
/// session", "before its next meeting in March").
fn due_filler(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "the" | "its" | "their" | "next" | "this" | "that" | "his" | "her" | "our"
    ) || w.ends_with("'s")
        || w.ends_with("’s")
        || w.chars().next().is_some_and(char::is_uppercase)
}

/// The deadline a date sets after its preposition: the last day it covers ("by March"), or
/// the day before a period that starts then ("before 1 July" is 30 June, "before 2027" is 31
/// December); "before 31 March" reads as the end of March, as writers mean it.
fn deadline(prefix: &str, v: crate::model::DateValue) -> chrono::NaiveDate {
    use chrono::Datelike;
    let first = v.first_day();
    let starts_a_month = match v {
        crate::model::DateValue::Day(d) => d.day() == 1,
        _ => true,
    };
    if prefix.trim().eq_ignore_ascii_case("before") && starts_a_month {
        first.pred_opt().unwrap_or(first)
    } else {
        v.last_day()
    }
}

/// Prepositions before a date that make it something other than a deadline ("a work plan for
/// 2026", "more than in 2024", "since 2020").
const NOT_DUE_BEFORE: &[&str] = &[
    "for", "of", "than", "since", "after", "between", "to", "per", "about", "around", "over",
    "under", "with", "among", "and", "or", "versus", "compared",
];

/// The words before a mention that belong to its deadline phrase: returns the phrase start and
/// whether the mention can be a deadline at all ("since 2020" cannot).
fn due_prefix(text: &Doc, lo: usize, mention_start: usize) -> (usize, bool) {
    let before = text.get(lo..mention_start).unwrap_or("");
    let trimmed = before.trim_end();
    let low = trimmed.to_lowercase();
    for p in DUE_PREFIXES {
        if low.ends_with(p) {
            let cut = trimmed.len() - p.len();
            let boundary = cut == 0
                || trimmed[..cut]
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_alphanumeric());
            if boundary {
                // "from 1 June" starts the action and is read as its date; "since" and "after"
                // look back or leave it open.
                let ok = !matches!(*p, "since" | "after");
                return (lo + cut, ok);
            }
        }
    }
    // "by the POC's October session": a deadline preposition a few words back.
    let words: Vec<(usize, &str)> = trimmed
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - trimmed.as_ptr() as usize, w))
        .collect();
    for (i, &(at, w)) in words.iter().rev().enumerate().take(4) {
        if matches!(
            w.to_lowercase().as_str(),
            "by" | "before" | "until" | "till" | "within"
        ) {
            return (lo + at, i > 0);
        }
        if !due_filler(w) {
            break;
        }
    }
    let prev = words
        .last()
        .map(|(_, w)| w.to_lowercase())
        .unwrap_or_default();
    let prev = prev.trim_matches(|c: char| !c.is_alphanumeric());
    (mention_start, !NOT_DUE_BEFORE.contains(&prev))
}

/// The content words of an action: words of three letters or more that are not function words.
fn content_words(action: &str) -> FxHashSet<String> {
    const FUNCTION: &[&str] = &[
        "the", "and", "for", "with", "its", "their", "all", "from", "into", "per", "this", "that",
        "these", "those", "other", "each", "both", "between", "within", "under", "our", "any",
    ];
    action
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !FUNCTION.contains(&w.as_str()))
        .collect()
}

/// An action's first word, its verb, lower-cased.
fn verb_of(action: &str) -> String {
    action
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// Whether a table row's action restates a prose action, given their verbs and content words:
/// most content words of the shorter one (at least three, and three in five) are in the other.
/// Setting a body up is only restated by a row that sets it up too: "convene the first meeting
/// of the Working Party" is a second action, not the row for "set up a Working Party".
fn restates(r: &(String, FxHashSet<String>), p: &(String, FxHashSet<String>)) -> bool {
    let ((rv, r), (pv, p)) = (r, p);
    if rv != pv && matches!(pv.as_str(), "establish" | "set" | "create" | "form") {
        return false;
    }
    let shared = r.intersection(p).count();
    let shorter = r.len().min(p.len());
    shared >= 3 && shared * 5 >= shorter * 3
}

/// Finds the commitments in the text, split per coordinated action, with who and by when.
pub fn find_commitments(
    raw: &str,
    sentences: &[Sentence],
    parties: &Parties,
    dates: &[DateMention],
    groups: &[WorkingGroup],
) -> Vec<Commitment> {
    let low = parties.lower_copy(raw);
    let doc = Doc::new(raw, &low);
    let text = &doc;
    let res = Resolver::new(text, sentences, parties);
    let mut out = Vec::new();
    let mut seen: FxHashSet<(String, Vec<String>)> = FxHashSet::default();
    let mut sorted_dates: Vec<&DateMention> = dates.iter().collect();
    sorted_dates.sort_by_key(|d| d.span.0);
    let marks = Marks::new(text);
    let headline = headline(text);
    for (i, s) in sentences.iter().enumerate() {
        // The headline restates the report's main commitment in other words ("CEOs agree to
        // bring back EMS guarantee"): the body's sentence is the one to follow up.
        if !s.prose || headline.is_some_and(|h| h.contains(s.span)) {
            continue;
        }
        let raw = s.span.slice(text);
        if raw.trim_end().ends_with('?') {
            continue;
        }
        let toks = res.tokens(i);
        // "A joint committee will be established ...": setting up a group, said in the passive.
        for g in groups {
            if g.rule != "group.establish_passive" || !s.span.contains(g.span) {
                continue;
            }
            let before = Span(s.span.0, g.span.0).slice(text).to_lowercase();
            let after = Span(g.span.1, s.span.1).slice(text).to_lowercase();
            // "A Joint Committee composed of two representatives of each Party is hereby
            // established": the auxiliaries follow the make-up.
            let after = match after
                .trim_start()
                .trim_start_matches(',')
                .split_whitespace()
                .next()
            {
                Some(w) if super::groups::COMPOSITION.contains(&w) => {
                    [" will ", " shall ", " is ", " are ", " would "]
                        .iter()
                        .filter_map(|a| after.find(a))
                        .min()
                        .map_or(after.as_str(), |p| &after[p..])
                }
                _ => after.as_str(),
            };
            let planned = after.trim_start().starts_with("will")
                || after.trim_start().starts_with("shall")
                || after.trim_start().starts_with("is to")
                // "A Joint Technical Committee is hereby established": the text sets it up.
                || after.trim_start().starts_with("is hereby")
                || after.trim_start().starts_with("are hereby")
                || after.trim_start().starts_with("would")
                || before.contains("agreed")
                || before.contains("decided");
            if !planned {
                continue;
            }
            let by = if g.members.is_empty() {
                res.participants(None, g.span.0)
            } else {
                g.members.clone()
            };
            let action = match &g.mandate {
                Some(m) => format!("establish a {} to {m}", g.name),
                None => format!("establish a {}", g.name),
            };
            if by.is_empty() || !seen.insert((action.to_lowercase(), by.clone())) {
                continue;
            }
            out.push(Commitment {
                id: String::new(),
                by,
                action,
                due: None,
                due_text: None,
                strength: Strength::Firm,
                group: None,
                sentence: squash(raw),
                rule: "commit.group_passive".to_string(),
                span: g.span,
            });
        }
        let triggers = find_triggers(text, toks);
        if triggers.is_empty() {
            continue;
        }
        let (prev, main_actors) = res.context(i);
        let ctx = SentenceCtx {
            text,
            toks,
            res: &res,
            prev,
            main: res.main_subject(toks),
            main_actors,
            groups,
            dates: &sorted_dates,
            marks: &marks,
            parties,
            prev_span: sentences[..i]
                .iter()
                .rev()
                .find(|s| s.prose)
                .map(|s| s.span),
            sentence: squash(raw),
        };
        for c in ctx.commitments(&triggers) {
            if seen.insert((c.action.to_lowercase(), c.by.clone())) {
                out.push(c);
            }
        }
    }
    let listed = list::list_commitments(text, &res, groups, &sorted_dates);
    let mut rows = table::table_commitments(text, &res, &sorted_dates);
    // An action table restates what the prose said was agreed, usually with an owner and a
    // deadline: the row is the one to follow up, and the prose copy goes, lending the row a
    // deadline it lacks.
    let row_words: Vec<(String, FxHashSet<String>)> = rows
        .iter()
        .map(|r| (verb_of(&r.action), content_words(&r.action)))
        .collect();
    out.retain(|p| {
        if rows.is_empty() {
            return true;
        }
        let words = (verb_of(&p.action), content_words(&p.action));
        let Some(i) = row_words.iter().position(|r| restates(r, &words)) else {
            return true;
        };
        let row = &mut rows[i];
        if row.due.is_none() && p.due.is_some() {
            row.due = p.due;
            row.due_text = p.due_text.clone();
        }
        false
    });
    for c in rows.into_iter().chain(listed) {
        if seen.insert((c.action.to_lowercase(), c.by.clone())) {
            out.push(c);
        }
    }
    credit::credit(text, parties, &res, groups, &mut out);
    let mut seen: FxHashSet<(String, Vec<String>)> = FxHashSet::default();
    out.retain(|c| seen.insert((c.action.to_lowercase(), c.by.clone())));
    out
}

struct SentenceCtx<'a> {
    text: &'a Doc<'a>,
    toks: &'a [Tok],
    res: &'a Resolver<'a>,
    prev: &'a [String],
    main: Option<(usize, usize)>,
    main_actors: &'a [String],
    groups: &'a [WorkingGroup],
    dates: &'a [&'a DateMention],
    marks: &'a Marks,
    parties: &'a Parties,
    /// The previous prose sentence, for "it" that refers to a group named as its subject.
    prev_span: Option<Span>,
    sentence: String,
}

/// Byte positions of quotation marks and line breaks in the whole text, found in one pass.
struct Marks {
    quotes: Vec<usize>,
    newlines: Vec<usize>,
}

impl Marks {
    fn new(text: &Doc) -> Marks {
        let mut m = Marks {
            quotes: Vec::new(),
            newlines: Vec::new(),
        };
        m.newlines = text.match_indices('\n').map(|(i, _)| i).collect();
        if text.is_ascii() {
            m.quotes = text.match_indices('"').map(|(i, _)| i).collect();
            return m;
        }
        // On the bytes: '"' is one byte, and '“' and '”' are the only chars whose UTF-8 starts
        // E2 80 9C and E2 80 9D (a lead byte never occurs inside a char).
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'"' => m.quotes.push(i),
                0xe2 if matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x9c | 0x9d])) => {
                    m.quotes.push(i)
                }
                _ => {}
            }
        }
        m
    }
}

impl SentenceCtx<'_> {
    fn lw(&self, k: usize) -> Low<'_> {
        lw(self.text, self.toks, k)
    }

    /// Who the subject before `t.anchor` is, and the working group it names, if any.
    fn actors(
        &self,
        t: &Trigger,
        last: Option<&(Vec<String>, Option<String>)>,
    ) -> Option<(Vec<String>, Option<String>, usize)> {
        // "The joint working group will draft ...": the group itself is the subject.
        // The words just before the verb: enough for any group's name, and bounded so that a
        // sentence without end stays linear.
        let from = t.anchor.saturating_sub(16);
        let before = Span(self.toks[from].start, self.toks[t.anchor].start)
            .slice(self.text)
            .trim_end()
            .to_lowercase();
        let at = self.toks[t.anchor].start;
        // "tasked the working group with ...": the group named after the verb is the actor.
        if t.rule == "commit.tasked" && TASKED.contains(&&*self.lw(t.anchor)) {
            let (a, b) = (t.anchor + 1, t.comp - 1);
            let between = Span(self.toks[a].start, self.toks[b - 1].end)
                .slice(self.text)
                .to_lowercase();
            let g = self
                .groups
                .iter()
                .find(|g| between.contains(&g.name.to_lowercase()))
                .or_else(|| self.group_anaphor(a, b));
            let Some(g) = g else {
                // "asked" is a plea as often as a mandate: only a group it names is tasked.
                if self.lw(t.anchor) == "asked" {
                    return None;
                }
                return self
                    .directed(a, b, at, t.anchor)
                    .map(|by| (by, None, t.anchor));
            };
            let members = if g.members.is_empty() {
                self.res.participants(None, at)
            } else {
                g.members.clone()
            };
            return Some((members, Some(g.name.clone()), t.anchor));
        }
        let as_group = |g: &WorkingGroup| {
            let members = if g.members.is_empty() {
                self.res.participants(None, at)
            } else {
                g.members.clone()
            };
            Some((members, Some(g.name.clone()), t.anchor))
        };
        for g in self.groups {
            let name = g.name.to_lowercase();
            if !name.is_empty() && before.ends_with(&name) {
                return as_group(g);
            }
        }
        // "..., which is to present a draft": the relative pronoun stands for the group just
        // named in the same sentence.
        let mut j = t.anchor;
        while j > 0 && ACTION_ADVERBS.contains(&*self.lw(j - 1)) {
            j -= 1;
        }
        if j > 0 && matches!(&*self.lw(j - 1), "which" | "who" | "that") {
            let rel = self.toks[j - 1].start;
            let s0 = self.toks[0].start;
            if let Some(g) = self
                .groups
                .iter()
                .filter(|g| g.span.0 >= s0 && g.span.1 <= rel)
                .max_by_key(|g| g.span.0)
            {
                return as_group(g);
            }
        }
        // "... from both sides and is tasked with ...": "and" right before the verb joins a
        // second predicate to the clause's subject, whatever noun precedes it.
        let np = if j > 0 && self.lw(j - 1) == "and" {
            Np::Coordinated
        } else {
            self.res.np_before(self.toks, t.anchor)
        };
        let (a, b) = match np {
            Np::Span(a, b) => (a, b),
            Np::Coordinated => {
                // "X will do A, and will do B": the second verb shares the first one's subject.
                if let Some((by, group)) = last {
                    return Some((by.clone(), group.clone(), t.anchor));
                }
                let mut cs = self.res.clause_start(self.toks, t.anchor);
                // "2.5 The Participants ...": a clause number is not part of the subject.
                while cs < t.anchor
                    && (self.toks[cs].kind == Kind::Num
                        || matches!(self.toks[cs].text(self.text), "." | ")" | "-" | "•" | "*"))
                {
                    cs += 1;
                }
                // "The joint working group will ... and is tasked with ...": a lower-case
                // subject headed by a group noun.
                let head = (cs..(cs + 6).min(t.anchor)).find(|&q| {
                    let w = self.lw(q);
                    GROUP_HEADS.contains(&&*w) || BODY_NOUNS.contains(&&*w)
                });
                match head {
                    Some(h) if self.lw(cs) == "the" => (cs, h + 1),
                    _ => self.res.np_forward(self.toks, cs)?,
                }
            }
            Np::Unknown => match self.common_np(j) {
                Some(np) => np,
                // "1. Decides to establish ...": a resolution's operative clause, whose subject
                // heads the resolution.
                None => {
                    return self
                        .resolution_subject(t.anchor)
                        .map(|by| (by, None, t.anchor))
                }
            },
        };
        // "The task force is to ...", "the Committee will ...": a definite noun phrase that
        // repeats the head of a group named earlier refers back to it.
        if let Some(g) = self.group_anaphor(a, b) {
            return as_group(g);
        }
        // "It is to survey ...": "it" after a sentence whose subject was a group.
        if b == a + 1 && self.lw(a) == "it" {
            if let Some(p) = self.prev_span {
                if let Some(g) = self
                    .groups
                    .iter()
                    .find(|g| p.contains(g.span) && g.span.0 <= p.0 + 40)
                {
                    return as_group(g);
                }
            }
        }
        // "hoped that the two sides will ...": a wish, not a commitment.
        let frame = |k: usize| FRAMES.contains(&&*self.lw(k));
        if (a >= 1 && frame(a - 1)) || (a >= 2 && self.lw(a - 1) == "that" && frame(a - 2)) {
            return None;
        }
        // "We will ...," said Cho: the speaker's organisation.
        let first_person = (a..b).all(|k| matches!(&*self.lw(k), "we" | "i"));
        if first_person && self.in_quote(a) {
            if let Some(q) = (t.anchor..self.toks.len()).find(|&k| {
                matches!(self.toks[k].text(self.text), "\"" | "”" | "“") && !self.in_quote(k + 1)
            }) {
                // The attribution ("," said Cho of Korea Post) follows within a few words.
                let end = (q + 16).min(self.toks.len());
                let by = self.res.resolve(self.toks, q + 1, end, &[]);
                if !by.is_empty() {
                    return Some((by, None, a));
                }
            }
        }
        // A pronoun in a later clause refers to this sentence's own subject first.
        let prev: &[String] = match self.main {
            Some((ma, _)) if ma < a && !self.main_actors.is_empty() => self.main_actors,
            _ => self.prev,
        };
        // "Customers will pay ...": people served, not a party that commits.
        // ("The two customs services will ..." counts bodies, not a service.)
        let counted = (a..b)
            .any(|k| super::parties::lexicon::number_word(&self.lw(k)).is_some_and(|n| n >= 2));
        if b > a
            && NOT_PARTIES.contains(&&*self.lw(b - 1))
            && !(counted && self.lw(b - 1) == "services")
        {
            return None;
        }
        let mut by = self.res.resolve(self.toks, a, b, prev);
        if by.is_empty() {
            // "The United States and Japan agreed to ...": countries and unknown bodies by name.
            by = self.res.proper_names(self.toks, a, b);
        }
        if by.is_empty() {
            by = self.body_subject(a, b, at);
        }
        if by.is_empty() && matches!(&*self.lw(b - 1), "chair" | "chairperson" | "chairman") {
            by = credit::role_holder_org(self.text, self.parties, "chair")
                .into_iter()
                .collect();
        }
        (!by.is_empty()).then_some((by, None, a))
    }

    /// Who was given a task in "instructed X to ...", "Requests X to ..." (`[a, b)` is X) when
    /// X is not a working group: the organisations it names, else the body an organ ("the
    /// Secretariat", "the Secretary General") serves, else a body noun's referent.
    fn directed(&self, a: usize, b: usize, at: usize, verb: usize) -> Option<Vec<String>> {
        // "asked it to report": a pronoun stands for something named before, not a party.
        if b <= a || (b == a + 1 && matches!(&*self.lw(a), "it" | "them" | "him" | "her")) {
            return None;
        }
        let by = self.res.resolve(self.toks, a, b, self.prev);
        if !by.is_empty() {
            return Some(by);
        }
        let phrase: Vec<String> = (a..b)
            .map(|k| self.lw(k).into_owned())
            .filter(|w| !matches!(w.as_str(), "the" | "its" | "their" | "our"))
            .collect();
        let phrase = phrase.join(" ");
        if ORGANS.contains(&phrase.as_str()) {
            // "The JMC instructed its Secretariat to ...": the organ of the group or body
            // that gives the task, which commits through its members.
            if matches!(&*self.lw(a), "its" | "their") {
                if let Np::Span(sa, sb) = self.res.np_before(self.toks, verb) {
                    let text = Span(self.toks[sa].start, self.toks[sb - 1].end).slice(self.text);
                    let group = self.group_anaphor(sa, sb).or_else(|| {
                        self.groups.iter().find(|g| {
                            text.contains(g.name.as_str())
                                || credit::is_group_acronym(
                                    std::slice::from_ref(g),
                                    text.trim_start_matches("The ").trim(),
                                )
                        })
                    });
                    if let Some(g) = group {
                        return Some(vec![g.name.clone()]);
                    }
                    let by = self.res.resolve(self.toks, sa, sb, self.prev);
                    if !by.is_empty() {
                        return Some(by);
                    }
                }
            }
            return Some(vec!["Secretariat".to_string()]);
        }
        let by = self.body_subject(a, b, at);
        (!by.is_empty()).then_some(by)
    }

    /// The subject of a resolution's operative clause ("2. Decides to ..."): the clause opens
    /// its line with a capitalised verb in the third person, and the resolution's preamble
    /// names the body that speaks ("The Executive Council," on a line of its own). That body
    /// as the resolver reads it, else the body whose meeting the document reports.
    fn resolution_subject(&self, anchor: usize) -> Option<Vec<String>> {
        let verb = self.toks[anchor].text(self.text);
        if !verb.starts_with(|c: char| c.is_uppercase()) || !verb.ends_with('s') {
            return None;
        }
        let line_start = self.text[..self.toks[anchor].start]
            .rfind('\n')
            .map_or(0, |p| p + 1);
        let marker = &self.text[line_start..self.toks[anchor].start];
        if !marker
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '(' | ')' | ' ' | '\t'))
            || marker.chars().filter(char::is_ascii_alphabetic).count() > 3
        {
            return None;
        }
        if let Some(by) = self.preamble_body(line_start) {
            return Some(by);
        }
        self.res.body_name().map(|b| vec![b.to_string()])
    }

    /// The body named by the nearest preamble line before `line_start` ("The Executive
    /// Council," / "The Congress,"), resolved to the organisations it stands for.
    fn preamble_body(&self, line_start: usize) -> Option<Vec<String>> {
        // A resolution's preamble is a few lines above its first operative clause.
        let mut end = line_start;
        for _ in 0..12 {
            // `end` is just past the previous line's break; that line runs back to the break
            // before it (byte offsets of '\n', so any line ending and any text are safe).
            let Some(stop) = end.checked_sub(1) else {
                break;
            };
            let start = self.text[..stop].rfind('\n').map_or(0, |p| p + 1);
            let line = &self.text[start..stop];
            end = start;
            let Some(name) = line.trim().strip_suffix(',') else {
                continue;
            };
            if !name.starts_with("The ") || name.split_whitespace().count() > 6 {
                continue;
            }
            let span = Span(start, stop);
            let toks = crate::analyze::parties::tokens::tokenize(self.text, span);
            // The tokens of the name, without the comma that closes the line.
            let n = toks
                .iter()
                .rposition(|t| t.text(self.text) == ",")
                .unwrap_or(toks.len());
            let by = self.res.resolve(&toks, 0, n, &[]);
            if !by.is_empty() {
                return Some(by);
            }
            return self.res.body_name().map(|b| vec![b.to_string()]);
        }
        None
    }

    /// A lower-case subject ending before token `j` whose head names a group or a body ("the
    /// task force", "the secretariats", "all task force members").
    fn common_np(&self, j: usize) -> Option<(usize, usize)> {
        let head = self.lw(j.checked_sub(1)?);
        if !GROUP_HEADS.contains(&&*head) && !BODY_NOUNS.contains(&&*head) {
            return None;
        }
        let mut a = j - 1;
        while a > 0 && j - a < 5 && self.toks[a - 1].is_word() {
            let w = self.lw(a - 1);
            if matches!(
                &*w,
                "the" | "a" | "an" | "this" | "all" | "both" | "each" | "its" | "their" | "our"
            ) {
                a -= 1;
                break;
            }
            if matches!(
                &*w,
                "and"
                    | "or"
                    | "but"
                    | "that"
                    | "which"
                    | "who"
                    | "to"
                    | "of"
                    | "in"
                    | "on"
                    | "at"
                    | "for"
                    | "with"
                    | "by"
                    | "from"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
            ) || w.ends_with("ed")
            {
                break;
            }
            a -= 1;
        }
        Some((a, j))
    }

    /// The group a definite noun phrase `[a, b)` refers back to: the phrase (without its article)
    /// ends the head of the group's name ("the task force" -> "Task Force on X", "the Committee"
    /// -> "Joint Steering Committee"). The group named last before the phrase wins.
    fn group_anaphor(&self, a: usize, b: usize) -> Option<&WorkingGroup> {
        // "5. The Contact Committee": a clause number before the phrase.
        let mut a = a;
        while a + 1 < b && !self.toks[a].is_word() {
            a += 1;
        }
        // The subject found may stop short of its article ("Contact" reads as website chrome
        // to the name finder): extend it back over a few words to "the".
        let mut back = a;
        while back > 0 && a - back < 4 && self.toks[back - 1].is_word() {
            back -= 1;
            if matches!(&*self.lw(back), "the" | "this") {
                a = back;
                break;
            }
        }
        let words: Vec<String> = (a..b)
            .map(|k| self.lw(k).into_owned())
            .filter(|w| !matches!(w.as_str(), "the" | "this" | "that" | "its" | "their"))
            .collect();
        let last = words.last()?;
        if !GROUP_HEADS.contains(&last.as_str()) || self.lw(a) != "the" && self.lw(a) != "this" {
            return None;
        }
        let phrase = words.join(" ");
        let pos = self.toks[a].start;
        self.groups
            .iter()
            .filter(|g| {
                let name = g.name.to_lowercase();
                let head: Vec<&str> = name
                    .split_whitespace()
                    .take_while(|w| !matches!(*w, "on" | "for" | "of"))
                    .collect();
                let head = head.join(" ");
                head == phrase || head.ends_with(&format!(" {phrase}"))
            })
            .min_by_key(|g| (g.span.0 > pos, pos.abs_diff(g.span.0)))
    }

    /// Who an unresolved subject like "The Board" or "Members" stands for: the one organisation
    /// whose name has that head noun, else the meeting's participants. Only for nouns that name
    /// bodies, so "the service will start" finds no actor.
    fn body_subject(&self, a: usize, b: usize, at: usize) -> Vec<String> {
        let head = self.lw(b - 1).into_owned();
        if !BODY_NOUNS.contains(&head.as_str()) {
            return Vec::new();
        }
        let named: Vec<String> = self
            .parties
            .organizations
            .iter()
            .filter(|o| {
                o.span.0 < at
                    && o.name
                        .to_lowercase()
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == head)
            })
            .map(|o| o.name.clone())
            .collect();
        if named.len() == 1 && b - a <= 2 {
            return named;
        }
        self.res.participants(None, at)
    }

    /// The sentence for context; around the action only when the sentence is very long (a text
    /// without full stops), so each commitment does not carry a copy of all of it.
    fn context(&self, span: Span) -> String {
        if self.sentence.len() <= MAX_CONTEXT {
            return self.sentence.clone();
        }
        let s0 = self.toks.first().map_or(0, |t| t.start);
        let s1 = self.toks.last().map_or(0, |t| t.end);
        let mut a = span.0.saturating_sub(MAX_CONTEXT / 2).max(s0);
        while !self.text.is_char_boundary(a) {
            a += 1;
        }
        let mut b = (span.1 + MAX_CONTEXT / 2).min(s1);
        while !self.text.is_char_boundary(b) {
            b -= 1;
        }
        squash(Span(a, b.max(a)).slice(self.text))
    }

    /// Whether token `k` is inside a quotation, counting quote marks from the start of its line
    /// (a quotation often spans several sentences). Two binary searches over positions found
    /// once per text, so a long line without breaks stays linear.
    fn in_quote(&self, k: usize) -> bool {
        let at = match self.toks.get(k) {
            Some(t) => t.start,
            None => self.toks.last().map_or(0, |t| t.end),
        };
        let line = self.marks.newlines.partition_point(|&p| p < at);
        let line_start = if line == 0 {
            0
        } else {
            self.marks.newlines[line - 1] + 1
        };
        let n = self.marks.quotes.partition_point(|&p| p < at)
            - self.marks.quotes.partition_point(|&p| p < line_start);
        n % 2 == 1
    }

    /// A deadline that closes a sentence after a comma ("X will do A, and Y will do B, before
    /// the end of March."): it holds for every action of the sentence.
    fn trailing_deadline(&self) -> Option<(Option<chrono::NaiveDate>, String)> {
        let start = self.toks.first()?.start;
        let end = self.toks.last()?.end;
        let last = self.dates.partition_point(|d| d.span.0 < end);
        let d = self.dates[..last]
            .iter()
            .rev()
            .find(|d| d.span.1 <= end)
            .filter(|d| d.span.0 >= start)?;
        if Span(d.span.1, end)
            .slice(self.text)
            .chars()
            .any(char::is_alphanumeric)
        {
            return None;
        }
        let (ps, ok) = due_prefix(self.text, start, d.span.0);
        let prefix = Span(ps, d.span.0).slice(self.text).trim().to_lowercase();
        let strict = ok && ps < d.span.0 && LEADING_DUE.contains(&prefix.as_str());
        let after_comma = Span(start, ps).slice(self.text).trim_end().ends_with(',');
        (strict && after_comma).then(|| {
            (
                d.until.or(d.value).map(|v| deadline(&prefix, v)),
                squash(Span(ps, d.span.1).slice(self.text)),
            )
        })
    }

    fn commitments(&self, triggers: &[Trigger]) -> Vec<Commitment> {
        let mut out = Vec::new();
        // Where the previous trigger's complement ended: a leading deadline of this clause lies
        // after it ("A will do X by March, and B will do Y": March is not B's).
        let mut clause_from = self.toks.first().map_or(0, |t| t.start);
        let trailing = self.trailing_deadline();
        let mut last: Option<(Vec<String>, Option<String>)> = None;
        for (i, t) in triggers.iter().enumerate() {
            let Some((by, group, subj_start)) = self.actors(t, last.as_ref()) else {
                continue;
            };
            last = Some((by.clone(), group.clone()));
            let _ = subj_start;
            // The complement ends where the next trigger's clause begins.
            let mut limit = self.toks.len();
            if let Some(next) = triggers.get(i + 1) {
                let cut = match self.res.np_before(self.toks, next.anchor) {
                    Np::Span(a, _) => a,
                    _ => {
                        let mut j = next.anchor;
                        while j > t.comp
                            && (ACTION_ADVERBS.contains(&*self.lw(j - 1))
                                || matches!(&*self.lw(j - 1), "and" | ","))
                        {
                            j -= 1;
                        }
                        j
                    }
                };
                limit = cut.max(t.comp);
            }
            let c1 = complement_end(self.text, self.toks, t.comp, limit);
            let mut c1 = c1;
            while c1 > t.comp
                && matches!(
                    self.toks[c1 - 1].text(self.text),
                    "." | "," | "and" | "!" | "("
                )
            {
                c1 -= 1;
            }
            if c1 <= t.comp {
                continue;
            }
            let quoted = self.in_quote(t.comp);
            let lead = self
                .leading_deadline(
                    clause_from,
                    self.toks[t.comp.min(self.toks.len() - 1)].start,
                )
                .or_else(|| trailing.clone());
            clause_from = self.toks[c1 - 1].end;
            for (a, b) in split_actions(self.text, self.toks, t.comp, c1) {
                if let Some(mut c) = self.action(t, &by, group.as_deref(), a, b, quoted) {
                    // "Within six months, the Parties shall ...": the deadline opens the clause.
                    if c.due_text.is_none() {
                        if let Some((due, text)) = &lead {
                            c.due = *due;
                            c.due_text = Some(text.clone());
                        }
                    }
                    out.push(c);
                }
            }
        }
        out
    }

    /// A deadline phrase ("By 2025, ...", "Within six months of signature, ...") between the
    /// sentence start and `before`.
    fn leading_deadline(
        &self,
        start: usize,
        before: usize,
    ) -> Option<(Option<chrono::NaiveDate>, String)> {
        let first = self.dates.partition_point(|d| d.span.0 < start);
        self.dates[first..]
            .iter()
            .take_while(|d| d.span.0 < before)
            .find_map(|d| {
                if d.span.1 > before {
                    return None;
                }
                let (ps, ok) = due_prefix(self.text, start, d.span.0);
                let prefix = Span(ps, d.span.0).slice(self.text).trim().to_lowercase();
                let strict = ok
                    && (LEADING_DUE.contains(&prefix.as_str())
                        || (ps == d.span.0
                            && LEADING_DUE
                                .iter()
                                .any(|p| d.text.to_lowercase().starts_with(&format!("{p} ")))));
                strict.then(|| {
                    (
                        d.until.or(d.value).map(|v| deadline(&prefix, v)),
                        squash(Span(ps, d.span.1).slice(self.text)),
                    )
                })
            })
    }

    fn action(
        &self,
        t: &Trigger,
        by: &[String],
        group: Option<&str>,
        a: usize,
        b: usize,
        quoted: bool,
    ) -> Option<Commitment> {
        let mut b = b;
        // "would also explore": "also" belongs to the clause, not the action.
        let mut a = a;
        while a + 1 < b
            && matches!(
                &*self.lw(a),
                "also" | "then" | "additionally" | "now" | "thereafter" | "subsequently"
            )
        {
            a += 1;
        }
        while b > a && matches!(self.toks[b - 1].text(self.text), "." | "," | ";" | "and") {
            b -= 1;
        }
        if b <= a {
            return None;
        }
        let v = skip_adverbs(self.text, self.toks, a);
        let nominal = t.verb.filter(|_| a == t.comp && a + 2 < b);
        let verb = match nominal {
            Some(vb) => Low::Text(vb),
            None => self.lw(v),
        };
        if NOT_ACTIONS.contains(&(&*verb)) || v >= b {
            return None;
        }
        // "will meet in Bangkok next month to fix a new timetable": the meeting is the means,
        // its purpose is what was committed to.
        if nominal.is_none() && MEET_VERBS.contains(&&*verb) {
            if let Some(q) = (v + 1..b.saturating_sub(1))
                .find(|&q| self.lw(q) == "to" && looks_like_verb(self.text, self.toks, q + 1, true))
            {
                return self.action(t, by, group, q + 1, b, quoted);
            }
        }
        // "We will continue cooperating ..." in a quote: a general intention, no concrete action.
        if quoted && matches!(&*verb, "continue" | "do" | "strive" | "try" | "make") {
            return None;
        }
        // "We will keep listening to our customers": carrying on, not a new action.
        if quoted && verb == "keep" && self.lw(v + 1).ends_with("ing") {
            return None;
        }
        let (core, cut, mut holes) = trim::core_end(self.text, self.toks, a, b);
        // Deadlines may sit after a phrase tail (", broken down by reason, by 10 June"), not
        // inside a clause that follows (", which was signed in 2017").
        let search_end = if cut == trim::Cut::Clause { core } else { b };
        let full = Span(self.toks[a].start, self.toks[search_end - 1].end);
        let mut end = core;
        let (mut due, mut due_text) = (None, None);
        let first = self.dates.partition_point(|d| d.span.0 < full.0);
        for d in self.dates[first..].iter() {
            if d.span.0 > full.1 {
                break;
            }
            if d.span.1 > full.1 {
                continue;
            }
            let (ps, ok) = due_prefix(self.text, full.0, d.span.0);
            // "from November to January" is a period the action recurs in, not a deadline.
            let from = Span(ps, d.span.0)
                .slice(self.text)
                .trim()
                .eq_ignore_ascii_case("from");
            if !ok || (from && d.until.is_some()) {
                continue;
            }
            let value = d.until.or(d.value);
            let prefix = Span(ps, d.span.0).slice(self.text);
            due = value.map(|v| deadline(prefix, v));
            due_text = Some(squash(Span(ps, d.span.1).slice(self.text)));
            // A time phrase closes the verb phrase: what follows it is an adjunct (purpose,
            // manner, condition), and the deadline itself is not part of the action.
            let in_hole = holes.iter().any(|&(h0, h1)| {
                self.toks[h0].start <= ps && ps < self.toks[h1.min(self.toks.len()) - 1].end
            });
            if !in_hole {
                if let Some(q) = (a + 2..end).find(|&q| self.toks[q].start >= ps) {
                    // "send a team to Ulaanbaatar next month to review the layout": the purpose
                    // after the deadline still belongs to the action; anything else ends it.
                    let after = (q..end).find(|&r| self.toks[r].start >= d.span.1);
                    match after {
                        Some(r)
                            if r + 1 < end
                                && self.lw(r) == "to"
                                && looks_like_verb(self.text, self.toks, r + 1, true) =>
                        {
                            holes.push((q, r));
                        }
                        _ => end = q,
                    }
                }
            }
            break;
        }
        // An action never ends in a conjunction, relative word or preposition ("the areas in
        // which ..." cut before "which").
        while end > a + 1
            && matches!(
                &*self.lw(end - 1),
                "," | "and"
                    | "or"
                    | "where"
                    | "which"
                    | "who"
                    | "that"
                    | "whom"
                    | "in"
                    | "on"
                    | "at"
                    | "of"
                    | "for"
                    | "with"
                    | "by"
                    | "to"
                    | "from"
                    | "between"
            )
        {
            end -= 1;
        }
        let span = Span(self.toks[a].start, self.toks[end - 1].end);
        let body = trim::stitch(self.text, self.toks, a, end, &mut holes);
        let mut action = match nominal {
            // "the establishment of a hotline" -> "establish a hotline"
            Some(vb) if end > a + 2 => format!(
                "{vb} {}",
                squash(Span(self.toks[a + 2].start, span.1).slice(self.text))
            ),
            Some(_) => return None,
            None => squash(&body),
        };
        while action.ends_with([',', '.', ';']) {
            action.pop();
        }
        // "tasked with preparing the launch" -> "prepare the launch".
        if t.rule == "commit.tasked" {
            if let Some((first, rest)) = action.split_once(' ') {
                if first.ends_with("ing") {
                    action = format!("{} {rest}", base_of_gerund(first));
                }
            }
        }
        let action = action.trim().to_string();
        let words: Vec<&str> = action.split_whitespace().collect();
        // "carry out the following actions": the actions are listed after it.
        let low = action.to_lowercase();
        if let Some(i) = low.find("the following") {
            let rest = &low[i + "the following".len()..];
            if !rest.contains(':') && rest.split_whitespace().count() <= 2 {
                return None;
            }
        }
        // "open it", "now test": no object that can be followed up.
        if words.len() < 2
            || (words.len() == 2
                && matches!(
                    words[1].to_lowercase().as_str(),
                    "it" | "them" | "this" | "that" | "these" | "those" | "so"
                ))
        {
            return None;
        }
        let strength = if t.intent {
            Strength::Intent
        } else if EXPLORATORY.contains(&(&*verb)) {
            Strength::Exploratory
        } else {
            Strength::Firm
        };
        let rule = if group.is_some() && t.rule != "commit.tasked" {
            "commit.group_task"
        } else {
            t.rule
        };
        Some(Commitment {
            id: String::new(),
            by: by.to_vec(),
            action,
            due,
            due_text,
            strength,
            group: group.map(str::to_string),
            sentence: self.context(span),
            rule: rule.to_string(),
            span: Span(
                span.0,
                span.0
                    + span
                        .slice(self.text)
                        .trim_end_matches([',', '.', ';', ' '])
                        .len(),
            ),
        })
    }
}

#[cfg(test)]
mod tests;

/// Helpers the other analysers' tests share.
#[cfg(test)]
pub(crate) mod tests_support {
    pub(crate) use super::tests::mention;
}
