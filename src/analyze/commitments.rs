//! Commitments: what parties agreed, decided, pledged, will or shall do, one entry per action.
//!
//! For each prose sentence: find the committing verb groups ("agreed to", "will", "shall", "are
//! to", "plan to", ...), drop negated, past-reported, hoped-for and actor-less ones, resolve the
//! subject to organisations (collectives like "the three Posts" included), cut the complement
//! into one action per coordinated verb phrase, and attach a deadline from a date mention inside
//! the action.

mod verbs;

use std::collections::HashSet;

use self::verbs::{ACTION_ADVERBS, BASE_VERBS, EXPLORATORY};
use super::parties::actors::{Np, Resolver};
use super::parties::tokens::{squash, tokenize, Kind, Tok};
use super::parties::Parties;
use super::rules::{Rule, RuleKind};
use super::segment::Sentence;
use crate::model::{Commitment, DateMention, Span, Strength, WorkingGroup};

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[Rule] = &[
    Rule {
        id: "commit.agreed_to",
        kind: RuleKind::Commitment,
        doc: "agreed / decided / pledged / resolved / vowed / undertook / committed to <verb>",
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
    "wish",
    "wishes",
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
    "become", "remain", "need", "likely", "probably",
];

#[derive(Clone, Copy, Debug)]
struct Trigger {
    /// The token the subject ends before (the verb or its auxiliary).
    anchor: usize,
    /// The first token of the complement.
    comp: usize,
    intent: bool,
    rule: &'static str,
}

fn lw(text: &str, toks: &[Tok], k: usize) -> String {
    toks.get(k)
        .map(|t| t.text(text).to_lowercase())
        .unwrap_or_default()
}

/// Skips adverbs from `k`; the index of the first other token.
fn skip_adverbs(text: &str, toks: &[Tok], mut k: usize) -> usize {
    while k < toks.len() && ACTION_ADVERBS.contains(lw(text, toks, k).as_str()) {
        k += 1;
    }
    k
}

fn looks_like_verb(text: &str, toks: &[Tok], k: usize, loose: bool) -> bool {
    let Some(t) = toks.get(k) else { return false };
    if !t.is_word() {
        return false;
    }
    let w = t.text(text);
    if w.chars().next().is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    let l = w.to_lowercase();
    if BASE_VERBS.contains(l.as_str()) {
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

fn negated(text: &str, toks: &[Tok], k: usize) -> bool {
    let lo = k.saturating_sub(3);
    (lo..k).any(|i| {
        let w = lw(text, toks, i);
        matches!(
            w.as_str(),
            "not"
                | "never"
                | "no"
                | "declined"
                | "refused"
                | "failed"
                | "unable"
                | "cannot"
                | "nor"
        ) || w.ends_with("n't")
    })
}

fn past_reported(text: &str, toks: &[Tok], k: usize) -> bool {
    let lo = k.saturating_sub(2);
    (lo..k).any(|i| {
        matches!(
            lw(text, toks, i).as_str(),
            "had" | "previously" | "already" | "earlier" | "once"
        )
    })
}

fn find_triggers(text: &str, toks: &[Tok]) -> Vec<Trigger> {
    let n = toks.len();
    let mut out = Vec::new();
    let mut agreed_seen = false;
    for k in 0..n {
        let w = lw(text, toks, k);
        if !toks[k].is_word() {
            continue;
        }
        if REPORTING.contains(&w.as_str()) {
            // "X said the company would ...": reported future.
            agreed_seen = true;
        }
        let trig = if AGREE.contains(&w.as_str()) {
            let mut next = k + 1;
            if matches!(
                lw(text, toks, next).as_str(),
                "themselves" | "itself" | "ourselves"
            ) {
                next += 1;
            }
            if lw(text, toks, next) == "that" {
                agreed_seen = true;
            }
            if REPORTING.contains(&w.as_str()) {
                agreed_seen = true;
            }
            if lw(text, toks, next) != "to" {
                None
            } else {
                let c = next + 1;
                let v = skip_adverbs(text, toks, c);
                let gerund = w.starts_with("commit") && lw(text, toks, v).ends_with("ing");
                let mut anchor = k;
                while anchor > 0
                    && matches!(
                        lw(text, toks, anchor - 1).as_str(),
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
                })
            }
        } else if matches!(w.as_str(), "will" | "shall")
            || (matches!(w.as_str(), "would" | "should") && agreed_seen)
        {
            let v = skip_adverbs(text, toks, k + 1);
            let vw = lw(text, toks, v);
            let ok = !NOT_ACTIONS.contains(&vw.as_str())
                && !vw.ends_with("n't")
                && looks_like_verb(text, toks, v, true);
            ok.then_some(Trigger {
                anchor: k,
                comp: k + 1,
                intent: false,
                rule: "commit.modal",
            })
        } else if matches!(w.as_str(), "is" | "are") && lw(text, toks, k + 1) == "to" {
            let v = skip_adverbs(text, toks, k + 2);
            (lw(text, toks, v) != "be" && looks_like_verb(text, toks, v, false)).then_some(
                Trigger {
                    anchor: k,
                    comp: k + 2,
                    intent: false,
                    rule: "commit.is_to",
                },
            )
        } else if INTENT.contains(&w.as_str()) && lw(text, toks, k + 1) == "to" {
            let v = skip_adverbs(text, toks, k + 2);
            let aux = matches!(
                lw(text, toks, k.wrapping_sub(1)).as_str(),
                "is" | "are" | "was" | "were" | "be" | "been"
            );
            let needs_aux = matches!(
                w.as_str(),
                "expected" | "set" | "scheduled" | "prepared" | "ready"
            );
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
fn complement_end(text: &str, toks: &[Tok], from: usize, limit: usize) -> usize {
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
                if CLAUSE_CUTS.contains(&next.as_str()) {
                    return k;
                }
            }
            _ => {
                let l = w.to_lowercase();
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
fn split_actions(text: &str, toks: &[Tok], c0: usize, c1: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
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
        let l = w.to_lowercase();
        let coord = depth <= 0
            && (w == "," || l == "and" || (l == "as" && lw(text, toks, k + 1) == "well"));
        if !coord {
            k += 1;
            continue;
        }
        let mut q = k + 1;
        if l == "as" {
            q = k + 3; // "as well as"
        }
        while q < c1 && matches!(lw(text, toks, q).as_str(), "and" | "to") {
            q += 1;
        }
        let lead = q;
        let v = skip_adverbs(text, toks, q);
        let vl = lw(text, toks, v);
        let next = lw(text, toks, v + 1);
        let verb_here = v < c1
            && BASE_VERBS.contains(vl.as_str())
            && toks[v]
                .text(text)
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase())
            && v + 1 < c1
            && !matches!(
                next.as_str(),
                "of" | "," | "." | ")" | "and" | "or" | "'s" | "’s" | "for"
            )
            && toks[v + 1].kind != Kind::Poss;
        if verb_here {
            out.push((start, k));
            // Keep adverbs like "jointly" with their verb, but not "also" / "then".
            let mut s = lead;
            while s < v && matches!(lw(text, toks, s).as_str(), "also" | "then" | "additionally") {
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

/// The words before a mention that belong to its deadline phrase: returns the phrase start and
/// whether the mention can be a deadline at all ("since 2020" cannot).
fn due_prefix(text: &str, lo: usize, mention_start: usize) -> (usize, bool) {
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
                let ok = !matches!(
                    *p,
                    "from" | "since" | "after" | "as of" | "starting" | "beginning"
                );
                return (lo + cut, ok);
            }
        }
    }
    (mention_start, true)
}

/// Finds the commitments in the text, split per coordinated action, with who and by when.
pub fn find_commitments(
    text: &str,
    sentences: &[Sentence],
    parties: &Parties,
    dates: &[DateMention],
    groups: &[WorkingGroup],
) -> Vec<Commitment> {
    let res = Resolver::new(text, sentences, parties);
    let mut out = Vec::new();
    let mut seen: HashSet<(String, Vec<String>)> = HashSet::new();
    let mut prev: Vec<String> = Vec::new();
    let mut sorted_dates: Vec<&DateMention> = dates.iter().collect();
    sorted_dates.sort_by_key(|d| d.span.0);
    for s in sentences.iter().filter(|s| s.prose) {
        let toks = tokenize(text, s.span);
        if toks.is_empty() {
            continue;
        }
        let raw = s.span.slice(text);
        let main = res.main_subject(&toks);
        let main_actors = main
            .map(|(a, b)| res.resolve(&toks, a, b, &prev))
            .unwrap_or_default();
        if !raw.trim_end().ends_with('?') {
            let ctx = SentenceCtx {
                text,
                toks: &toks,
                res: &res,
                prev: &prev,
                main,
                main_actors: &main_actors,
                groups,
                dates: &sorted_dates,
                sentence: squash(raw),
            };
            for c in ctx.commitments() {
                if seen.insert((c.action.to_lowercase(), c.by.clone())) {
                    out.push(c);
                }
            }
        }
        if !main_actors.is_empty() {
            prev = main_actors;
        }
    }
    out
}

struct SentenceCtx<'a> {
    text: &'a str,
    toks: &'a [Tok],
    res: &'a Resolver<'a>,
    prev: &'a [String],
    main: Option<(usize, usize)>,
    main_actors: &'a [String],
    groups: &'a [WorkingGroup],
    dates: &'a [&'a DateMention],
    sentence: String,
}

impl SentenceCtx<'_> {
    fn lw(&self, k: usize) -> String {
        lw(self.text, self.toks, k)
    }

    /// Who the subject before `t.anchor` is, and the working group it names, if any.
    fn actors(&self, t: &Trigger) -> Option<(Vec<String>, Option<String>, usize)> {
        // "The joint working group will draft ...": the group itself is the subject.
        let before = Span(self.toks[0].start, self.toks[t.anchor].start)
            .slice(self.text)
            .trim_end()
            .to_lowercase();
        for g in self.groups {
            let name = g.name.to_lowercase();
            if !name.is_empty() && before.ends_with(&name) {
                let at = self.toks[t.anchor].start;
                let members = if g.members.is_empty() {
                    self.res.participants(None, at)
                } else {
                    g.members.clone()
                };
                return Some((members, Some(g.name.clone()), t.anchor));
            }
        }
        let (a, b) = match self.res.np_before(self.toks, t.anchor) {
            Np::Span(a, b) => (a, b),
            Np::Coordinated => {
                let cs = self.res.clause_start(self.toks, t.anchor);
                self.res.np_forward(self.toks, cs)?
            }
            Np::Unknown => return None,
        };
        // "hoped that the two sides will ...": a wish, not a commitment.
        let frame = |k: usize| FRAMES.contains(&self.lw(k).as_str());
        if (a >= 1 && frame(a - 1)) || (a >= 2 && self.lw(a - 1) == "that" && frame(a - 2)) {
            return None;
        }
        // "We will ...," said Cho: the speaker's organisation.
        let first_person = (a..b).all(|k| matches!(self.lw(k).as_str(), "we" | "i"));
        if first_person && self.in_quote(a) {
            if let Some(q) = (t.anchor..self.toks.len()).find(|&k| {
                matches!(self.toks[k].text(self.text), "\"" | "”" | "“") && !self.in_quote(k + 1)
            }) {
                let by = self.res.resolve(self.toks, q + 1, self.toks.len(), &[]);
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
        let by = self.res.resolve(self.toks, a, b, prev);
        (!by.is_empty()).then_some((by, None, a))
    }

    /// Whether token `k` is inside a quotation, counting quote marks from the start of its line
    /// (a quotation often spans several sentences).
    fn in_quote(&self, k: usize) -> bool {
        let at = match self.toks.get(k) {
            Some(t) => t.start,
            None => self.toks.last().map_or(0, |t| t.end),
        };
        let line = self
            .text
            .get(..at)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |p| p + 1);
        let before = self.text.get(line..at).unwrap_or("");
        let n = before
            .chars()
            .filter(|c| matches!(c, '"' | '“' | '”'))
            .count();
        n % 2 == 1
    }

    fn commitments(&self) -> Vec<Commitment> {
        let triggers = find_triggers(self.text, self.toks);
        let mut out = Vec::new();
        for (i, t) in triggers.iter().enumerate() {
            let Some((by, group, subj_start)) = self.actors(t) else {
                continue;
            };
            let _ = subj_start;
            // The complement ends where the next trigger's clause begins.
            let mut limit = self.toks.len();
            if let Some(next) = triggers.get(i + 1) {
                let cut = match self.res.np_before(self.toks, next.anchor) {
                    Np::Span(a, _) => a,
                    _ => {
                        let mut j = next.anchor;
                        while j > t.comp
                            && (ACTION_ADVERBS.contains(self.lw(j - 1).as_str())
                                || matches!(self.lw(j - 1).as_str(), "and" | ","))
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
            for (a, b) in split_actions(self.text, self.toks, t.comp, c1) {
                if let Some(c) = self.action(t, &by, group.as_deref(), a, b, quoted) {
                    out.push(c);
                }
            }
        }
        out
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
        while b > a && matches!(self.toks[b - 1].text(self.text), "." | "," | ";" | "and") {
            b -= 1;
        }
        if b <= a {
            return None;
        }
        let v = skip_adverbs(self.text, self.toks, a);
        let verb = self.lw(v);
        if NOT_ACTIONS.contains(&verb.as_str()) || v >= b {
            return None;
        }
        // "We will continue cooperating ..." in a quote: a general intention, no concrete action.
        if quoted && matches!(verb.as_str(), "continue" | "do" | "strive" | "try" | "make") {
            return None;
        }
        let full = Span(self.toks[a].start, self.toks[b - 1].end);
        let mut span = full;
        let (mut due, mut due_text) = (None, None);
        for d in self.dates.iter() {
            if d.span.0 < full.0 || d.span.1 > full.1 {
                continue;
            }
            let (ps, ok) = due_prefix(self.text, full.0, d.span.0);
            if !ok {
                continue;
            }
            let value = d.until.or(d.value);
            due = value.map(|v| v.last_day());
            due_text = Some(squash(Span(ps, d.span.1).slice(self.text)));
            // The deadline at the end of the action is not part of it.
            let tail = Span(d.span.1, full.1).slice(self.text);
            if tail.chars().all(|c| !c.is_alphanumeric()) && ps > full.0 {
                span = Span(full.0, ps);
            }
            break;
        }
        let mut action = squash(span.slice(self.text));
        while action.ends_with([',', '.', ';']) {
            action.pop();
        }
        let action = action.trim().to_string();
        if action.split_whitespace().count() < 2 {
            return None;
        }
        let strength = if t.intent {
            Strength::Intent
        } else if EXPLORATORY.contains(&verb.as_str()) {
            Strength::Exploratory
        } else {
            Strength::Firm
        };
        let rule = if group.is_some() {
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
            sentence: self.sentence.clone(),
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
