//! Who a clause's subject is: named organisations, people (through their affiliation), and
//! collective subjects ("the three Posts", "both sides", "they", "the CEOs") resolved to the
//! organisations that took part in the meeting. Shared by the group, agreement and commitment
//! analysers so they agree on who did what.

use rustc_hash::FxHashMap;

use super::lexicon::{number_word, COLLECTIVES, NOT_ORG_ACRONYMS, OPENERS, ROLE_WORDS};
use super::tokens::{is_cap, squash, tokenize, Doc, Kind, Low, Tok};
use super::{Parties, Who};
use crate::analyze::segment::Sentence;
use crate::model::Span;

/// A subject noun phrase before a verb, as found by [`Resolver::np_before`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Np {
    /// Tokens `[a, b)` of the sentence.
    Span(usize, usize),
    /// The verb is coordinated with an earlier one ("X signed ... and agreed"): the subject is
    /// the clause's first noun phrase.
    Coordinated,
    /// Something that is not a party ("the service will resume").
    Unknown,
}

/// Words between a subject and its verb that are not part of the subject.
const ADVERBS: &[&str] = &[
    "also",
    "further",
    "jointly",
    "have",
    "has",
    "unanimously",
    "then",
    "hereby",
    "formally",
    "mutually",
    "together",
    "officially",
    "finally",
    "subsequently",
    "additionally",
    "each",
    "now",
    "today",
    "therefore",
    "thus",
    "separately",
    "respectively",
    "similarly",
    "reportedly",
    "likewise",
    "collectively",
    "both",
    "all",
    "furthermore",
];

/// Determiners and pronoun-like words that may open or sit inside a subject.
const DETERMINERS: &[&str] = &[
    "the",
    "both",
    "all",
    "each",
    "other",
    "their",
    "its",
    "our",
    "respective",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "participating",
    "member",
    "postal",
    "designated",
    "partner",
    "signatory",
    "relevant",
    "contracting",
    "national",
    "top",
    "senior",
    "visiting",
    "host",
    "attending",
    "concerned",
    "several",
    "these",
    "those",
];

const PRONOUNS: &[&str] = &["they", "we", "it", "he", "she", "both", "i"];

/// Singular nouns that refer back to the last organisation subject ("the company will ...").
const BACK_REFS: &[&str] = &[
    "company",
    "corporation",
    "operator",
    "organization",
    "organisation",
    "group",
    "union",
    "ministry",
    "post",
    "agency",
    "administration",
    "alliance",
    "unit",
    "firm",
    "bureau",
    "department",
];

/// Head nouns of a body whose meeting a report can be about: its members, delegates and
/// organs act as the body ("Members agreed ...", "the Council decided ...").
const BODY_HEADS: &[&str] = &[
    "council",
    "board",
    "committee",
    "commission",
    "assembly",
    "congress",
    "union",
    "cooperative",
    "alliance",
    "association",
    "federation",
    "conference",
];

/// Plural nouns for the people or members of a body: "the chief executives of X met".
const MEMBER_NOUNS: &[&str] = &[
    "members",
    "delegations",
    "delegates",
    "representatives",
    "executives",
    "heads",
    "ceos",
    "chiefs",
    "presidents",
    "ministers",
    "leaders",
    "officials",
    "operators",
    "posts",
    "participants",
    "directors",
];

/// Legal forms after a name's head noun: "Kahala Posts Group Ltd." is headed by "group".
const SHORT_LEGAL: &[&str] = &[
    "co", "ltd", "limited", "inc", "plc", "llc", "jsc", "bhd", "berhad", "pte", "pty", "ag", "sa",
];

/// Organ and group nouns that, when no organisation is named with them, stand for the body
/// that met or for the participants, not for the last subject: "the Council decided", "the
/// group agreed".
const ORGAN_REFS: &[&str] = &[
    "council",
    "board",
    "committee",
    "commission",
    "assembly",
    "congress",
    "group",
    "team",
];

/// Capitalised nouns that name things, not actors: "The MoU aims to ...".
const THINGS: &[&str] = &[
    "mou",
    "moc",
    "memorandum",
    "agreement",
    "declaration",
    "statement",
    "plan",
    "strategy",
    "meeting",
    "service",
    "services",
    "system",
    "project",
    "programme",
    "program",
    "platform",
    "initiative",
    "framework",
    "fund",
    "event",
    "conference",
    "summit",
    "forum",
    "report",
    "network",
    "center",
    "centre",
    "hub",
    "app",
    "website",
    "policy",
    "roadmap",
    "scheme",
    "charter",
    "protocol",
    "treaty",
    "accord",
    "convention",
    "award",
    "prize",
    "day",
    "week",
    "year",
    "edition",
    "series",
    "campaign",
    "exhibition",
    "festival",
    "stamp",
    "stamps",
];

/// Openers of an introductory phrase before a comma: "During the meeting, ...".
const INTRO: &[&str] = &[
    "during",
    "on",
    "in",
    "at",
    "after",
    "following",
    "furthermore",
    "moreover",
    "also",
    "additionally",
    "according",
    "meanwhile",
    "under",
    "with",
    "as",
    "through",
    "for",
    "since",
    "last",
    "this",
    "earlier",
    "later",
    "today",
    "yesterday",
    "separately",
    "besides",
    "then",
    "subsequently",
    "prior",
    "before",
    "speaking",
    "by",
    "to",
    "from",
    "within",
    "over",
    "first",
    "second",
    "third",
    "finally",
    "lastly",
    "in addition",
    "notably",
    "specifically",
    "however",
    "similarly",
    "likewise",
    "accordingly",
    "therefore",
    "thus",
    "overall",
    "next",
    "once",
    "when",
    "while",
    "after",
    "upon",
    "building",
    "based",
    "recognizing",
    "recognising",
    "noting",
    "acknowledging",
    "considering",
    "given",
    "against",
    "amid",
];

/// Resolves subjects against the parties of one document.
pub(crate) struct Resolver<'a> {
    text: &'a str,
    /// The text's lower-case copy ([`Doc`]), when the party analyser left one for this text.
    low: Option<&'a str>,
    parties: &'a Parties,
    /// How central each organisation is to the meeting: people, subjects, delegations.
    score: Vec<u32>,
    /// Byte offset of each organisation's first mention.
    first: Vec<usize>,
    /// One-word parts of people's names that point to exactly one person.
    person_part: FxHashMap<String, usize>,
    /// The subject chain when [`Parties`] has none for these sentences.
    cache: Cache,
    roles: Roles,
}

/// Computed once by the party analyser and reused by the later stages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cache {
    /// The sentences it was computed for.
    spans: Vec<Span>,
    /// Involvement of each organisation in the meeting.
    score: Vec<u32>,
    /// Per sentence: the sentence whose main subject is the last resolved one before it (an
    /// index into `main`, so the subject is not copied for every sentence it carries over).
    prev: Vec<Option<usize>>,
    /// Per sentence: its own main subject, resolved.
    main: Vec<Vec<String>>,
    /// Per sentence: its tokens (none for chrome).
    tokens: Vec<Vec<Tok>>,
    /// Who the document's roles are: signatories, the body that met, containers.
    roles: Roles,
    /// The text's ASCII-lower-cased copy, made once by the party analyser for every stage.
    pub(crate) low: String,
}

/// The principal parties of a document, found once.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Roles {
    /// The signatories an agreement defines ('A ("X") and B ("Y"), together "the Parties"',
    /// or "between A and B" in an agreement that speaks of its Parties), in text order.
    signatories: Vec<usize>,
    /// The one body whose meeting a report is about ("The Postal Operations Council (POC) of
    /// the UPU met ..."): its members and organs act as it.
    body: Option<usize>,
    /// Organisations whose members are meant, not themselves ("the chief executives of the
    /// Kahala Posts Group met"), or which only observed.
    outside: Vec<bool>,
    /// Meetings the text reports, in order: where each is introduced (a byte offset) and the
    /// organisations that met or signed ("Japan Post and Vietnam Post signed ...", a heading
    /// "China Post and Pos Malaysia").
    meets: Vec<(usize, Vec<usize>)>,
    /// Who "we" are in a statement whose preamble names them ("We, the heads of ..., namely
    /// A, B and C, ...").
    speakers: Vec<usize>,
}

impl<'a> Resolver<'a> {
    fn build(
        text: &'a str,
        low: Option<&'a str>,
        sentences: &[Sentence],
        parties: &'a Parties,
        tokens: Option<Vec<Vec<Tok>>>,
        records: &[Vec<Tok>],
    ) -> Self {
        let mut part_count: FxHashMap<String, (usize, usize)> = FxHashMap::default();
        for (i, p) in parties.people.iter().enumerate() {
            for w in p.name.split(' ') {
                let e = part_count.entry(w.to_string()).or_insert((i, 0));
                e.1 += 1;
            }
        }
        let person_part = part_count
            .into_iter()
            .filter(|(_, (_, c))| *c == 1)
            .map(|(w, (i, _))| (w, i))
            .collect();
        let n = parties.organizations.len();
        let mut first = vec![usize::MAX; n];
        for m in &parties.mentions {
            if let Who::Org(i) = m.who {
                first[i] = first[i].min(m.span.0);
            }
        }
        let mut r = Resolver {
            text,
            low,
            parties,
            score: vec![0; n],
            first,
            person_part,
            cache: Cache::default(),
            roles: Roles::default(),
        };
        let cached = parties.cache.score.len() == n
            && parties.cache.spans.len() == sentences.len()
            && parties
                .cache
                .spans
                .iter()
                .zip(sentences)
                .all(|(a, b)| *a == b.span);
        if cached {
            r.score = parties.cache.score.clone();
            r.roles = parties.cache.roles.clone();
        } else {
            let toks = match tokens {
                Some(t) if t.len() == sentences.len() => t,
                _ => sentences
                    .iter()
                    .map(|s| {
                        if s.prose {
                            tokenize(text, s.span)
                        } else {
                            Vec::new()
                        }
                    })
                    .collect(),
            };
            // Each prose sentence's main subject, found once for the three passes below.
            let subjects: Vec<Option<(usize, usize)>> = sentences
                .iter()
                .zip(&toks)
                .map(|(s, t)| if s.prose { r.main_subject(t) } else { None })
                .collect();
            r.roles = r.find_roles(sentences, &toks, records, &subjects);
            r.score = r.involvement(sentences, &toks, &subjects);
            r.cache = r.chain(sentences, &toks, &subjects);
            r.cache.tokens = toks;
            r.cache.roles = r.roles.clone();
        }
        r
    }

    /// Prepares resolution for one document: ranks its organisations by how much they take part.
    pub fn new(text: &'a str, sentences: &[Sentence], parties: &'a Parties) -> Self {
        let low = &parties.cache.low;
        let low = (low.len() == text.len()).then_some(low.as_str());
        Self::build(text, low, sentences, parties, None, &[])
    }

    /// What [`Parties`] keeps for the later stages: tokens, involvement scores and subject
    /// chains, from the sentence tokens the party analyser already made.
    pub fn cache(
        text: &Doc<'a>,
        sentences: &[Sentence],
        parties: &'a Parties,
        tokens: Vec<Vec<Tok>>,
        records: &[Vec<Tok>],
    ) -> Cache {
        let mut r = Resolver::build(
            text.raw,
            Some(text.low),
            sentences,
            parties,
            Some(tokens),
            records,
        );
        let mut c = std::mem::take(&mut r.cache);
        c.score = r.score;
        c
    }

    /// `t` in lower case, as [`Tok::low`] gives it.
    fn low(&self, t: &Tok) -> Low<'a> {
        match self.low {
            Some(low) => t.low(&Doc::new(self.text, low)),
            None => t.low_in(self.text),
        }
    }

    /// `t` as `str::to_lowercase` gives it, as [`Tok::lowercase`] does.
    fn lowercase(&self, t: &Tok) -> Low<'a> {
        match self.low {
            Some(low) => t.lowercase(&Doc::new(self.text, low)),
            None => t.lowercase_in(self.text),
        }
    }

    fn active(&self) -> &Cache {
        if self.cache.spans.is_empty() {
            &self.parties.cache
        } else {
            &self.cache
        }
    }

    /// The tokens of sentence `i` (empty for chrome).
    pub fn tokens(&self, i: usize) -> &[Tok] {
        self.active()
            .tokens
            .get(i)
            .map_or(&[][..], |v| v.as_slice())
    }

    /// For sentence `i`: the last resolved subject before it, and its own main subject.
    pub fn context(&self, i: usize) -> (&[String], &[String]) {
        let c = self.active();
        (
            c.prev
                .get(i)
                .copied()
                .flatten()
                .and_then(|j| c.main.get(j))
                .map_or(&[][..], |v| v.as_slice()),
            c.main.get(i).map_or(&[][..], |v| v.as_slice()),
        )
    }

    /// The organisations a sentence names as parties: not those owning another ("an agency
    /// of the Ministry of ...", "under the Acts of the Universal Postal Union").
    fn principal_orgs(&self, toks: &[Tok]) -> Vec<usize> {
        let mut out = Vec::new();
        if toks.is_empty() {
            return out;
        }
        let mut k = 0;
        for m in self
            .parties
            .mentions_in(Span(toks[0].start, toks[toks.len() - 1].end))
        {
            let Who::Org(i) = m.who else { continue };
            while k < toks.len() && toks[k].start < m.span.0 {
                k += 1;
            }
            let mut q = k;
            if q > 0 && self.w(toks, q - 1) == "the" {
                q -= 1;
            }
            let owned = q > 0 && matches!(&*self.w(toks, q - 1), "of" | "under" | "by");
            if !owned && !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    /// Whether a line holds nothing but organisation names, glosses in parentheses and
    /// "and" / "&" / ",".
    fn only_names(&self, toks: &[Tok]) -> bool {
        let mut depth = 0;
        toks.iter().all(|t| {
            let w = t.text(self.text);
            match w {
                "(" => depth += 1,
                ")" => depth -= 1,
                _ => {}
            }
            depth > 0 || matches!(w, "(" | ")" | "," | "&" | "and") || self.in_mention(t)
        })
    }

    /// The organisations mentioned in tokens `[a, b)` of a sentence, in order, once each.
    fn orgs_of(&self, toks: &[Tok], a: usize, b: usize) -> Vec<usize> {
        let mut out = Vec::new();
        if a >= b || b > toks.len() {
            return out;
        }
        for m in self
            .parties
            .mentions_in(Span(toks[a].start, toks[b - 1].end))
        {
            if let Who::Org(i) = m.who {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        out
    }

    /// Finds the signatories, the body that met, and the organisations that are only
    /// containers or observers.
    fn find_roles(
        &self,
        sentences: &[Sentence],
        tokens: &[Vec<Tok>],
        records: &[Vec<Tok>],
        subjects: &[Option<(usize, usize)>],
    ) -> Roles {
        let n = self.parties.organizations.len();
        let mut roles = Roles {
            outside: vec![false; n],
            ..Roles::default()
        };
        let mut defined: Option<Vec<usize>> = None;
        let mut between: Option<Vec<usize>> = None;
        let mut speaks_of_parties = false;
        // The principal organisations of the last few prose sentences: a definition of "the
        // Parties" may close a preamble that named them one per sentence.
        let mut recent: Vec<Vec<usize>> = Vec::new();
        for (i, (s, toks)) in sentences.iter().zip(tokens).enumerate() {
            if !s.prose || toks.is_empty() {
                // A heading that only names the parties: "China Post (...) and Pos Malaysia".
                if let Some(r) = records.get(i).filter(|r| !r.is_empty()) {
                    let v = self.orgs_of(r, 0, r.len());
                    if v.len() >= 2 && self.only_names(r) {
                        roles.meets.push((s.span.0, v));
                    }
                }
                continue;
            }
            let here = self.orgs_of(toks, 0, toks.len());
            let principal = self.principal_orgs(toks);
            // The first meeting verb, noted in the same pass over the words.
            let mut meeting_verb = None;
            for (k, t) in toks.iter().enumerate() {
                let raw = t.text(self.text);
                let w = self.w(toks, k);
                if meeting_verb.is_none()
                    && matches!(
                        &*w,
                        "met"
                            | "signed"
                            | "concluded"
                            | "convened"
                            | "inked"
                            | "adopted"
                            | "co-chaired"
                            | "co-hosted"
                    )
                {
                    meeting_verb = Some(k);
                }
                let party_word = matches!(
                    &*w,
                    "parties" | "party" | "participants" | "participant" | "signatories"
                ) && is_cap(raw);
                if party_word {
                    speaks_of_parties = true;
                    // '"the Parties"', '(each a "Party" ...)': the definition.
                    let quoted = (k.saturating_sub(2)..k)
                        .any(|q| matches!(toks[q].text(self.text), "\"" | "“" | "”" | "'" | "‘"));
                    if quoted && defined.is_none() {
                        let mut v = principal.clone();
                        if v.len() < 2 {
                            for r in recent.iter().rev() {
                                for i in r.iter().rev() {
                                    if !v.contains(i) {
                                        v.insert(0, *i);
                                    }
                                }
                                if v.len() >= 2 {
                                    break;
                                }
                            }
                        }
                        if v.len() >= 2 {
                            defined = Some(v);
                        }
                    }
                }
                // "We, the heads of the operators of ..., namely A, B and C, meeting in ...":
                // the preamble of a statement lists who speaks.
                if w == "namely" && roles.speakers.is_empty() && self.w(toks, 0) == "we" {
                    let end = (k + 1..toks.len())
                        .find(|&q| toks[q].text(self.text) == ";")
                        .unwrap_or(toks.len());
                    let v = self.orgs_of(toks, k + 1, end);
                    if v.len() >= 2 {
                        roles.speakers = v;
                    }
                }
                if w == "between" && between.is_none() {
                    let end = (k + 24).min(toks.len());
                    let v = self.orgs_of(toks, k + 1, end);
                    let joined = (k + 1..end).any(|q| matches!(&*self.w(toks, q), "and" | "&"));
                    if v.len() >= 2 && joined {
                        between = Some(v);
                    }
                }
                // "Representatives of the APPU attended as observers".
                if matches!(&*w, "observer" | "observers") {
                    for i in &here {
                        roles.outside[*i] = true;
                    }
                }
            }
            if let Some((a, b)) = subjects.get(i).copied().flatten() {
                // "The chief executives of the Kahala Posts Group met": the group is where
                // the actors come from.
                let lead = (a..b).find(|&q| toks[q].is_word() && self.in_mention(&toks[q]));
                if let Some(l) = lead {
                    let before: Vec<String> =
                        (a..l).map(|q| self.w(toks, q).into_owned()).collect();
                    // "The Conference of Ministers of the X met": a session of X's own organ,
                    // so X is the body that met.
                    let organ = before.get(1).is_some_and(|w| {
                        matches!(
                            w.as_str(),
                            "conference" | "council" | "meeting" | "assembly" | "summit"
                        )
                    });
                    let members = !organ
                        && before.iter().any(|w| MEMBER_NOUNS.contains(&w.as_str()))
                        && before.last().is_some_and(|w| w == "of" || w == "the");
                    let met = (b..toks.len().min(b + 25)).any(|q| {
                        matches!(
                            &*self.w(toks, q),
                            "met" | "convened" | "gathered" | "held" | "meets" | "opened"
                        )
                    });
                    if members {
                        for i in self.orgs_of(toks, l, b) {
                            roles.outside[i] = true;
                        }
                    } else if met && roles.body.is_none() {
                        // "The Postal Operations Council (POC) of the UPU met": the first
                        // organisation named is the body that met.
                        if let Some(&i) = self.orgs_of(toks, a, b).first() {
                            let name = self.parties.organizations[i].name.to_lowercase();
                            if name.split_whitespace().any(|w| BODY_HEADS.contains(&w)) {
                                roles.body = Some(i);
                            }
                        }
                    }
                }
            }
            // "Two days later, A and B signed a memorandum": the parties of a new meeting.
            if let Some(v) = meeting_verb
                .map(|k| {
                    let mut v: Vec<usize> = self
                        .orgs_of(toks, 0, k)
                        .into_iter()
                        .filter(|i| principal.contains(i) && !roles.outside[*i])
                        .collect();
                    for i in self.signed_with(toks, k) {
                        if !v.contains(&i) && !roles.outside[i] {
                            v.push(i);
                        }
                    }
                    v
                })
                .filter(|v| v.len() >= 2)
            {
                roles.meets.push((s.span.0, v));
            }
            recent.push(principal);
            if recent.len() > 4 {
                recent.remove(0);
            }
        }
        // "SOUTHERN AFRICAN DEVELOPMENT COMMUNITY" over a communiqué: the regional body that
        // issues it is the body whose organs and members act.
        if roles.body.is_none() {
            roles.body = self.letterhead_org().filter(|&i| {
                let name = self.parties.organizations[i].name.to_lowercase();
                name.split_whitespace()
                    .any(|w| matches!(w, "community" | "union" | "association"))
            });
        }
        if let Some(v) = defined.or(between.filter(|_| speaks_of_parties)) {
            roles.signatories = v;
        }
        roles
    }

    /// How much each organisation takes part: people (3), a subject or a delegation (2),
    /// named more than once (1).
    fn involvement(
        &self,
        sentences: &[Sentence],
        tokens: &[Vec<Tok>],
        subjects: &[Option<(usize, usize)>],
    ) -> Vec<u32> {
        let parties = self.parties;
        let n = parties.organizations.len();
        let org_index: FxHashMap<&str, usize> = parties
            .organizations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.name.as_str(), i))
            .collect();
        let mut score = vec![0u32; n];
        let mut count = vec![0u32; n];
        for m in &parties.mentions {
            if let Who::Org(i) = m.who {
                count[i] += 1;
            }
        }
        for p in &parties.people {
            if let Some(&i) = p.affiliation.as_deref().and_then(|a| org_index.get(a)) {
                score[i] = score[i].max(3);
            }
        }
        for (i, c) in count.iter().enumerate() {
            if *c >= 2 {
                score[i] += 1;
            }
        }
        let mut bonus = vec![false; n];
        for ((s, toks), subject) in sentences.iter().zip(tokens).zip(subjects) {
            if !s.prose || toks.is_empty() {
                continue;
            }
            if let Some((a, b)) = *subject {
                for m in parties.mentions_in(Span(toks[a].start, toks[b - 1].end)) {
                    if let Who::Org(i) = m.who {
                        bonus[i] = true;
                    }
                }
            }
            for (k, t) in toks.iter().enumerate() {
                let cue = self.low(t);
                if matches!(
                    &*cue,
                    "delegation" | "delegations" | "between" | "met" | "hosted" | "signed"
                ) {
                    // "between A and B" lists whole names, legal forms included ("Japan Post
                    // Co., Ltd. and Thailand Post Company Limited"), so it looks further.
                    let reach = if cue == "between" { 24 } else { 8 };
                    let end = toks[(k + reach).min(toks.len() - 1)].end;
                    for m in parties.mentions_in(Span(t.end, end)) {
                        if let Who::Org(i) = m.who {
                            bonus[i] = true;
                        }
                    }
                }
            }
        }
        for (i, b) in bonus.iter().enumerate() {
            if *b {
                score[i] += 2;
            }
        }
        for (i, out) in self.roles.outside.iter().enumerate() {
            if *out {
                score[i] = score[i].min(1);
            }
        }
        score
    }

    /// Each sentence's main subject resolved in order, pronouns through the previous one.
    fn chain(
        &self,
        sentences: &[Sentence],
        tokens: &[Vec<Tok>],
        subjects: &[Option<(usize, usize)>],
    ) -> Cache {
        let mut c = Cache::default();
        let mut prev: Option<usize> = None;
        for (i, ((s, toks), subject)) in sentences.iter().zip(tokens).zip(subjects).enumerate() {
            c.spans.push(s.span);
            let main = if s.prose {
                let before = prev.map_or(&[][..], |j| c.main[j].as_slice());
                subject
                    .map(|(a, b)| self.resolve(toks, a, b, before))
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            c.prev.push(prev);
            if !main.is_empty() {
                prev = Some(i);
            }
            c.main.push(main);
        }
        c
    }

    fn w(&self, toks: &[Tok], k: usize) -> Low<'a> {
        toks.get(k).map_or(Low::Text(""), |t| self.low(t))
    }

    fn in_mention(&self, t: &Tok) -> bool {
        !self.parties.mentions_in(Span(t.start, t.end)).is_empty() || {
            let lo = self
                .parties
                .mentions
                .partition_point(|m| m.span.1 <= t.start);
            self.parties
                .mentions
                .get(lo)
                .is_some_and(|m| m.span.0 <= t.start && t.end <= m.span.1)
        }
    }

    /// Whether token `k` can be part of a subject noun phrase.
    fn np_tok(&self, toks: &[Tok], k: usize) -> bool {
        let Some(t) = toks.get(k) else { return false };
        let raw = t.text(self.text);
        let w = self.lowercase(t);
        if t.kind == Kind::Poss {
            return true;
        }
        if t.kind == Kind::Num {
            return false;
        }
        if !t.is_word() {
            return matches!(raw, "," | "&" | "(" | ")");
        }
        if self.in_mention(t) {
            return true;
        }
        if matches!(w.as_str(), "and" | "of" | "from") {
            return true;
        }
        if DETERMINERS.contains(&w.as_str())
            || PRONOUNS.contains(&w.as_str())
            || COLLECTIVES.contains(w.as_str())
            || BACK_REFS.contains(&w.as_str())
            || ROLE_WORDS.contains(w.as_str())
            || matches!(
                w.as_str(),
                "delegation"
                    | "delegations"
                    | "head"
                    | "heads"
                    | "other"
                    // "The two customs services will ...".
                    | "customs"
                    | "services"
                    | "bodies"
                    | "authorities"
                    | "agencies"
            )
        {
            return true;
        }
        is_cap(raw) && !OPENERS.contains(w.as_str())
    }

    /// The subject noun phrase ending just before token `t` (the committing verb).
    pub fn np_before(&self, toks: &[Tok], t: usize) -> Np {
        let mut j = t;
        while j > 0 && ADVERBS.contains(&(&*self.w(toks, j - 1))) {
            j -= 1;
        }
        // "Both agreed", "all agreed": the adverb was the subject.
        if j == 0 && t > 0 {
            return Np::Span(0, t);
        }
        if j > 0 && matches!(&*self.w(toks, j - 1), "and" | ",") {
            let k = j - 1;
            if k == 0 || !self.np_tok(toks, k - 1) || self.w(toks, k - 1) == "," {
                return Np::Coordinated;
            }
            // "... signed the Memorandum ... Meeting and agreed": a capitalised object before
            // "and" is not a subject unless it names a party.
            let prev = &toks[k - 1];
            if !self.in_mention(prev)
                && !COLLECTIVES.contains(&*self.w(toks, k - 1))
                && !PRONOUNS.contains(&(&*self.w(toks, k - 1)))
            {
                return Np::Coordinated;
            }
        }
        let mut a = j;
        while a > 0 && self.np_tok(toks, a - 1) {
            a -= 1;
        }
        // Trim leading connectors.
        while a < j && matches!(&*self.w(toks, a), "," | "and" | "of" | "from" | ")") {
            a += 1;
        }
        if a >= j {
            return if j > 0 && !toks[j - 1].is_word() && toks[j - 1].text(self.text) == "," {
                Np::Coordinated
            } else {
                Np::Unknown
            };
        }
        Np::Span(a, j)
    }

    /// The first token of the main clause: after introductory phrases closed by a comma.
    pub fn clause_start(&self, toks: &[Tok], limit: usize) -> usize {
        let mut s = 0;
        // A paragraph number: "3.2 Lao Post confirmed ...", "(b) Korea Post will ...".
        if toks.len() > 3 && toks[0].text(self.text) == "(" && toks[2].text(self.text) == ")" {
            s = 3;
        }
        while s < limit.min(toks.len())
            && (toks[s].kind == Kind::Num || matches!(toks[s].text(self.text), "." | ")"))
        {
            s += 1;
        }
        // A dateline: "SEOUL, 12 March 2024 — Korea Post ...".
        if let Some(d) = (1..toks.len().min(12)).find(|&k| {
            matches!(toks[k].text(self.text), "—" | "–" | "-" | "|")
                && toks[k - 1].kind == Kind::Num
        }) {
            if d < limit {
                s = d + 1;
            }
        }
        for _ in 0..3 {
            let w = self.w(toks, s);
            if !INTRO.contains(&(&*w)) {
                break;
            }
            let Some(c) = (s..limit.min(toks.len())).find(|&k| toks[k].text(self.text) == ",")
            else {
                break;
            };
            s = c + 1;
        }
        s
    }

    /// The noun phrase starting at token `from`.
    pub fn np_forward(&self, toks: &[Tok], from: usize) -> Option<(usize, usize)> {
        let mut b = from;
        while b < toks.len() && self.np_tok(toks, b) {
            b += 1;
        }
        while b > from && matches!(&*self.w(toks, b - 1), "," | "and" | "of" | "from" | "(") {
            b -= 1;
        }
        (b > from).then_some((from, b))
    }

    /// The subject of a sentence's main clause.
    pub fn main_subject(&self, toks: &[Tok]) -> Option<(usize, usize)> {
        let s = self.clause_start(toks, toks.len());
        self.np_forward(toks, s)
    }

    /// The organisations a noun phrase stands for. `prev` is the last resolved subject, for
    /// pronouns; an empty result means the phrase names no party.
    pub fn resolve(&self, toks: &[Tok], a: usize, b: usize, prev: &[String]) -> Vec<String> {
        if a >= b || b > toks.len() {
            return Vec::new();
        }
        let span = Span(toks[a].start, toks[b - 1].end);
        let mut out: Vec<String> = Vec::new();
        let push = |out: &mut Vec<String>, s: &str| {
            if !out.iter().any(|x| x == s) {
                out.push(s.to_string());
            }
        };
        // "The International Bureau (IB), the Union's secretariat, will ...": a possessive
        // names an owner, not an actor, when the phrase names someone else too.
        let ms = self.parties.mentions_in(span);
        let owner = |m: &super::Mention| {
            let k = toks.partition_point(|t| t.start < m.span.1);
            toks.get(k).is_some_and(|t| t.kind == Kind::Poss)
        };
        let actors = ms.iter().filter(|m| !owner(m)).count();
        // "The EMS Unit of the UPU International Bureau will ...": after a named head, "of
        // [the]" introduces its owner. ("The chief executives of the X Group" names no one
        // first.)
        let before = |m: &super::Mention| {
            let mut k = toks.partition_point(|t| t.start < m.span.0);
            if k > 0 && self.w(toks, k - 1) == "the" {
                k -= 1;
            }
            if k > a {
                self.w(toks, k - 1)
            } else {
                Low::Text("")
            }
        };
        let mut last_owned = false;
        for (q, m) in ms.iter().enumerate() {
            if actors > 0 && owner(m) {
                continue;
            }
            // "... of the Pacific Postal Union (PPU)": the short form goes with its name.
            let w = before(m);
            if q > 0 && (w == "of" || (w == "(" && last_owned)) {
                last_owned = true;
                continue;
            }
            last_owned = false;
            // "the Union" in a union's own communiqué is the issuer, whichever union the
            // short form was last given to.
            let short = m.span.slice(self.text);
            let issuer = short
                .strip_prefix("the ")
                .filter(|h| !h.contains(' '))
                .and_then(|h| self.issuer_with(&h.to_lowercase()));
            if let Some(o) = issuer.or_else(|| self.parties.org_of(m.who)) {
                push(&mut out, o);
            } else if let Who::Person(i) = m.who {
                push(&mut out, &self.parties.people[i].name);
            }
        }
        let words: Vec<String> = (a..b).map(|k| self.w(toks, k).into_owned()).collect();
        // "the ministry": the last organisation named with that noun.
        for (q, w) in words.iter().enumerate() {
            let possessive = toks.get(a + q + 1).is_some_and(|t| t.kind == Kind::Poss);
            if q > 0
                && words[q - 1] == "the"
                && BACK_REFS.contains(&w.as_str())
                && !(possessive && actors > 0)
            {
                let head_only = ORGAN_REFS.contains(&w.as_str());
                // "The Ministry will ..." in a ministry's own letter: the issuer.
                let issuer = toks
                    .get(a + q)
                    .filter(|t| is_cap(t.text(self.text)))
                    .and_then(|_| self.issuer_with(w));
                if let Some(o) = issuer.or_else(|| self.last_org_with(w, span.0, head_only)) {
                    push(&mut out, o);
                }
            }
            // "Lysenko, chief executive of X, said his company and Y ...": the speaker's
            // ("his" may stand just before the phrase the subject finder kept).
            let det = match q {
                0 if a > 0 => self.w(toks, a - 1).into_owned(),
                0 => String::new(),
                _ => words[q - 1].clone(),
            };
            if matches!(det.as_str(), "his" | "her") && BACK_REFS.contains(&w.as_str()) {
                let at = if q == 0 { a - 1 } else { a + q - 1 };
                if let Some(o) = self.speaker_org(toks, at) {
                    push(&mut out, o);
                }
            }
        }
        if !out.is_empty() {
            return out;
        }
        // "The Council decided", "the group agreed" with no body of that name: the body that
        // met, or the participants.
        let organ = words.len() <= 3
            && words
                .iter()
                .enumerate()
                .any(|(q, w)| q > 0 && words[q - 1] == "the" && ORGAN_REFS.contains(&w.as_str()));
        if organ {
            let count = words.iter().find_map(|w| number_word(w));
            return self.participants(count, span.1);
        }
        for t in &toks[a..b] {
            if let Some(&pi) = self.person_part.get(t.text(self.text)) {
                let p = &self.parties.people[pi];
                push(&mut out, p.affiliation.as_deref().unwrap_or(&p.name));
            }
        }
        if !out.is_empty() {
            return out;
        }
        let count = words.iter().find_map(|w| number_word(w));
        // "the two customs services": the field says which bodies, when exactly that many
        // names carry it.
        let field = words
            .len()
            .checked_sub(2)
            .map(|q| words[q].as_str())
            .filter(|w| matches!(*w, "customs" | "tax" | "railway" | "rail"));
        if let (Some(n), Some(f)) = (count.filter(|&n| n >= 2), field) {
            if let Some(v) = self.named_with(f, n, span.1) {
                return v;
            }
        }
        let collective = words
            .iter()
            .any(|w| COLLECTIVES.contains(w.as_str()) && w != "both" && w != "all");
        if collective {
            if words.iter().any(|w| w == "their" || w == "its") && !prev.is_empty() {
                return prev.to_vec();
            }
            // "A, B, C and D will each run a hub. The four operators agreed to ...": a count
            // that matches the last subject's parties refers back to them, unless as many
            // signed or met.
            if count.is_some_and(|n| n >= 2 && n == prev.len() && !self.met_as_many(n, span.1)) {
                return prev.to_vec();
            }
            let found = self.participants(count, span.1);
            if let (Some(n), Some(kind)) = (count, words.last()) {
                return self.of_kind(kind, n, span.1).unwrap_or(found);
            }
            return found;
        }
        let pronoun = words.iter().any(|w| PRONOUNS.contains(&w.as_str()));
        if words.iter().any(|w| w == "we") && !self.roles.speakers.is_empty() {
            return self
                .roles
                .speakers
                .iter()
                .map(|&i| self.parties.organizations[i].name.clone())
                .collect();
        }
        let back = words.len() <= 3 && words.iter().any(|w| BACK_REFS.contains(&w.as_str()));
        if pronoun || back {
            if !prev.is_empty() {
                return prev.to_vec();
            }
            if pronoun
                && words
                    .iter()
                    .any(|w| w == "they" || w == "both" || w == "we")
            {
                return self.participants(count, span.1);
            }
        }
        out
    }

    /// Proper names making up a subject that names no known organisation: "The United States
    /// and Japan" -> ["United States", "Japan"]. Empty unless every part is a capitalised name.
    pub fn proper_names(&self, toks: &[Tok], a: usize, b: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut k = a;
        while k < b {
            let mut e = k;
            while e < b && !matches!(toks[e].text(self.text), "," | "and" | "&") {
                e += 1;
            }
            let mut s = k;
            if s < e && self.w(toks, s) == "the" {
                s += 1;
            }
            let ok = s < e
                && (s..e).all(|q| {
                    let raw = toks[q].text(self.text);
                    let w = self.w(toks, q);
                    toks[q].is_word()
                        && is_cap(raw)
                        && !OPENERS.contains(&*w)
                        && !COLLECTIVES.contains(&*w)
                        && !ROLE_WORDS.contains(&*w)
                        && !NOT_ORG_ACRONYMS.contains(raw.to_uppercase().as_str())
                        && !THINGS.contains(&&*w)
                });
            if !ok {
                return Vec::new();
            }
            out.push(squash(
                Span(toks[s].start, toks[e - 1].end).slice(self.text),
            ));
            k = e + 1;
            while k < b && matches!(toks[k].text(self.text), "," | "and" | "&") {
                k += 1;
            }
        }
        out
    }

    /// The organisation mentioned last before `pos` whose name contains `noun`.
    /// With `head_only`, the noun must be the name's head (its last word before a short legal
    /// form): "the group" is not "China Post Group Corporation Limited".
    fn last_org_with(&self, noun: &str, pos: usize, head_only: bool) -> Option<&'a str> {
        let hi = self.parties.mentions.partition_point(|m| m.span.0 < pos);
        self.parties.mentions[..hi]
            .iter()
            .rev()
            .take(64)
            .find_map(|m| match m.who {
                Who::Org(i) => {
                    let name = self.parties.organizations[i].name.as_str();
                    let low = name.to_lowercase();
                    let found = if head_only {
                        low.split_whitespace()
                            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                            .rfind(|w| !SHORT_LEGAL.contains(w))
                            == Some(noun)
                    } else {
                        low.split_whitespace().any(|w| w == noun)
                    };
                    found.then_some(name)
                }
                Who::Person(_) => None,
            })
    }

    /// The organisations taking part in the meeting, as known at byte `pos`: the `n` most
    /// involved (people, subjects, delegations), or all that are clearly involved.
    pub fn participants(&self, n: Option<usize>, pos: usize) -> Vec<String> {
        let names = |v: &[usize]| -> Vec<String> {
            v.iter()
                .filter_map(|&i| self.parties.organizations.get(i))
                .map(|o| o.name.clone())
                .collect()
        };
        let sig = &self.roles.signatories;
        if !sig.is_empty() && n.is_none_or(|n| n == sig.len()) {
            return names(sig);
        }
        if let Some(b) = self.roles.body {
            if n.is_none_or(|n| n == 1) {
                return names(&[b]);
            }
        }
        // The parties of the last meeting reported before `pos`.
        if let Some((_, v)) = self.roles.meets.iter().rev().find(|(at, _)| *at <= pos) {
            if n.is_none_or(|n| n == v.len()) {
                return names(v);
            }
        }
        let mut known: Vec<usize> = (0..self.score.len())
            .filter(|&i| self.first[i] <= pos)
            .collect();
        known.sort_by_key(|&i| (std::cmp::Reverse(self.score[i]), self.first[i]));
        let mut chosen: Vec<usize> = match n {
            Some(n) => known.into_iter().take(n).collect(),
            None => {
                let strong: Vec<usize> = known
                    .iter()
                    .copied()
                    .filter(|&i| self.score[i] >= 2)
                    .collect();
                if strong.is_empty() {
                    known
                } else {
                    strong
                }
            }
        };
        chosen.sort_by_key(|&i| self.first[i]);
        chosen
            .into_iter()
            .map(|i| self.parties.organizations[i].name.clone())
            .collect()
    }

    /// "The two ministries": the `n` organisations known at `pos` whose names say what the
    /// plural noun says, when exactly `n` do.
    fn of_kind(&self, plural: &str, n: usize, pos: usize) -> Option<Vec<String>> {
        let singular = match plural.strip_suffix("ies") {
            Some(stem) => format!("{stem}y"),
            None => plural.strip_suffix('s')?.to_string(),
        };
        if !matches!(
            singular.as_str(),
            "ministry" | "agency" | "authority" | "regulator" | "department" | "bank" | "service"
        ) {
            return None;
        }
        let v: Vec<String> = (0..self.parties.organizations.len())
            .filter(|&i| self.first[i] <= pos)
            .map(|i| &self.parties.organizations[i].name)
            .filter(|name| {
                name.to_lowercase()
                    .split_whitespace()
                    .any(|w| w == singular)
            })
            .cloned()
            .collect();
        (v.len() == n).then_some(v)
    }

    /// The `n` organisations known at `pos` whose names hold `word` ("customs"), when exactly
    /// `n` do.
    fn named_with(&self, word: &str, n: usize, pos: usize) -> Option<Vec<String>> {
        let v: Vec<String> = (0..self.parties.organizations.len())
            .filter(|&i| self.first[i] <= pos)
            .map(|i| &self.parties.organizations[i].name)
            .filter(|name| name.to_lowercase().split_whitespace().any(|w| w == word))
            .cloned()
            .collect();
        (v.len() == n).then_some(v)
    }

    /// The organisation of the last person named in the sentence before token `k`.
    fn speaker_org(&self, toks: &[Tok], k: usize) -> Option<&'a str> {
        let parties: &'a Parties = self.parties;
        let from = toks.first()?.start;
        let to = toks.get(k)?.start;
        parties
            .mentions_in(Span(from, to))
            .iter()
            .rev()
            .find_map(|m| match m.who {
                Who::Person(i) => parties.people.get(i)?.affiliation.as_deref(),
                Who::Org(_) => None,
            })
    }

    /// The organisation named in the document's letterhead.
    fn letterhead_org(&self) -> Option<usize> {
        let line = super::letterhead(self.text)?;
        self.parties
            .mentions_in(line.span)
            .iter()
            .find_map(|m| match m.who {
                Who::Org(i) => Some(i),
                Who::Person(_) => None,
            })
    }

    /// The body named in the document's letterhead, when its name opens or ends with `noun`.
    fn issuer_with(&self, noun: &str) -> Option<&'a str> {
        let parties: &'a Parties = self.parties;
        let o = parties.organizations.get(self.letterhead_org()?)?;
        let low = o.name.to_lowercase();
        (low.split_whitespace().next() == Some(noun) || low.split_whitespace().last() == Some(noun))
            .then_some(o.name.as_str())
    }

    /// The parties this resolver resolves against.
    pub fn parties(&self) -> &'a Parties {
        self.parties
    }

    /// "A signed an agreement with B and C", "co-chaired by B and C": the organisations
    /// listed right after the "with" that follows the verb at `k` (a few words on), or the
    /// "by" right after it, up to the first word that is not part of the list.
    fn signed_with(&self, toks: &[Tok], k: usize) -> Vec<usize> {
        let w = match &*self.w(toks, k) {
            "signed" | "concluded" | "inked" => {
                (k + 1..(k + 12).min(toks.len())).find(|&q| self.w(toks, q) == "with")
            }
            "co-chaired" | "co-hosted" => Some(k + 1).filter(|&q| self.w(toks, q) == "by"),
            _ => None,
        };
        let Some(w) = w else {
            return Vec::new();
        };
        let mut depth = 0i32;
        let mut end = w + 1;
        while end < toks.len() {
            let t = &toks[end];
            match t.text(self.text) {
                "(" => depth += 1,
                ")" => depth -= 1,
                _ => {}
            }
            let listed = depth > 0
                || matches!(t.text(self.text), "(" | ")" | "," | "&" | ".")
                || matches!(&*self.w(toks, end), "and" | "the" | "of")
                || is_cap(t.text(self.text))
                || self.in_mention(t);
            if !listed {
                break;
            }
            end += 1;
        }
        self.orgs_of(toks, w + 1, end)
    }

    /// Whether `n` organisations are the defined signatories or the parties of the last
    /// meeting reported before `pos`.
    fn met_as_many(&self, n: usize, pos: usize) -> bool {
        self.roles.signatories.len() == n
            || self
                .roles
                .meets
                .iter()
                .rev()
                .find(|(at, _)| *at <= pos)
                .is_some_and(|(_, v)| v.len() == n)
    }

    /// The one body whose meeting the document reports, if it names one.
    pub fn body_name(&self) -> Option<&'a str> {
        let parties: &'a Parties = self.parties;
        self.roles
            .body
            .and_then(|i| parties.organizations.get(i))
            .map(|o| o.name.as_str())
    }

    /// How strongly organisation `i` acts in the document: whether it signed or met (a
    /// defined signatory or a party to a reported meeting), then its involvement score.
    pub fn acting(&self, i: usize) -> (bool, u32) {
        let met = self.roles.signatories.contains(&i)
            || self.roles.meets.iter().any(|(_, v)| v.contains(&i));
        (met, self.score.get(i).copied().unwrap_or(0))
    }

    /// Canonical names of the organisations mentioned inside `span` (people count through
    /// their affiliation).
    pub fn orgs_in(&self, span: Span) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.parties.mentions_in(span) {
            if let Some(o) = self.parties.org_of(m.who) {
                if !out.iter().any(|x| x == o) {
                    out.push(o.to_string());
                }
            }
        }
        out
    }
}
