//! Follow-up linking: given a newly ingested document, find the sentences that report on open
//! commitments (and sightings of working groups), each as a scored suggestion a coordinator
//! accepts or rejects. The score is transparent: every part of it is kept in [`Score`].
//!
//! A sentence reports on a commitment when the document is a later, different document, the
//! committing parties appear in it (and no other party is the sentence's actor), and the
//! sentence shares the action's words: its verb (any form: resume / resumed) and its object.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::event::{check_transition, Actor, Event, EventKind, EvidenceRef, Status};
use super::groups::{GroupRecord, Sighting};
use super::state::CommitmentState;
use crate::error::Result;
use crate::model::{DocId, Span};

/// An organisation as the new document names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgNames {
    pub name: String,
    pub aliases: Vec<String>,
}

/// What linking needs from a newly ingested document; the caller fills it from the stored
/// document and its analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocInput {
    pub id: DocId,
    pub published: Option<NaiveDate>,
    pub orgs: Vec<OrgNames>,
    /// The document's sentences with their spans.
    pub sentences: Vec<(Span, String)>,
    /// Day-precision dates found in the text (for dating sightings): span and value.
    pub dates: Vec<(Span, NaiveDate)>,
}

/// What a suggestion points at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Target {
    /// A commitment id.
    Commitment(String),
    /// A working group id.
    Group(String),
}

/// The parts of a suggestion's score, so "why was this suggested?" has an answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Share of the committing parties (or group members) named in the document, 0..=1.
    pub parties: f64,
    /// Whether the action's verb appears in any form (for groups: whether the name appears).
    pub verb: bool,
    /// Share of the action's object words found in the sentence, 0..=1 (groups: 0).
    pub object: f64,
    /// The stems that matched, for display.
    pub matched: Vec<String>,
    /// The weighted sum compared with [`THRESHOLD`].
    pub total: f64,
}

/// Weights of the score parts; the object dominates because the verb and parties alone match
/// look-alikes ("Korea Post resumed its parcel service").
pub const W_PARTIES: f64 = 0.25;
/// Weight of the verb.
pub const W_VERB: f64 = 0.15;
/// Weight of the object.
pub const W_OBJECT: f64 = 0.6;
/// A suggestion needs at least this total.
pub const THRESHOLD: f64 = 0.55;

/// A suggested evidence link, waiting for a coordinator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub target: Target,
    pub evidence: EvidenceRef,
    pub score: Score,
    /// The status the sentence suggests, when it is a valid move from the current one.
    pub suggests: Option<Status>,
    /// The word that suggested it ("resumed", "postponed").
    pub cue: Option<String>,
    /// A note to go with the status change ("reported postponed").
    pub note: Option<String>,
    /// For group sightings: the day it was seen.
    pub date: Option<NaiveDate>,
}

impl Suggestion {
    /// The `evidence_suggested` event recording this suggestion on a commitment (`None` for
    /// group sightings, which are not in the commitment log).
    pub fn event(&self, at: DateTime<Utc>, linker: &str) -> Option<Event> {
        match &self.target {
            Target::Commitment(id) => Some(Event::new(
                id.clone(),
                at,
                Actor::System(linker.to_string()),
                EventKind::EvidenceSuggested {
                    evidence: self.evidence.clone(),
                    score: self.score.total,
                    suggests: self.suggests,
                    note: self.note.clone(),
                },
            )),
            Target::Group(_) => None,
        }
    }

    /// The sighting to add to the group when a coordinator accepts a group suggestion.
    pub fn sighting(&self) -> Option<Sighting> {
        matches!(self.target, Target::Group(_)).then(|| Sighting {
            evidence: self.evidence.clone(),
            date: self.date,
        })
    }
}

/// The events for accepting `evidence` on `st`: `evidence_linked`, then the status change it
/// suggests if `move_to` is given. Validated against the current state; nothing is partial.
pub fn accept(
    st: &CommitmentState,
    evidence: &EvidenceRef,
    move_to: Option<(Status, Option<String>)>,
    actor: &Actor,
    at: DateTime<Utc>,
) -> Result<Vec<Event>> {
    let mut check = st.clone();
    let mut out = vec![Event::new(
        st.id.clone(),
        at,
        actor.clone(),
        EventKind::EvidenceLinked {
            evidence: evidence.clone(),
            note: None,
        },
    )];
    if let Some((to, note)) = move_to {
        out.push(Event::new(
            st.id.clone(),
            at,
            actor.clone(),
            EventKind::StatusChanged { to, note },
        ));
    }
    for e in &out {
        check.apply(e)?;
    }
    Ok(out)
}

/// The event for rejecting `evidence` on `st` (it will not be suggested again).
pub fn reject(
    st: &CommitmentState,
    evidence: &EvidenceRef,
    note: Option<String>,
    actor: &Actor,
    at: DateTime<Utc>,
) -> Result<Event> {
    let ev = Event::new(
        st.id.clone(),
        at,
        actor.clone(),
        EventKind::EvidenceRejected {
            evidence: evidence.clone(),
            note,
        },
    );
    let mut check = st.clone();
    check.apply(&ev)?;
    Ok(ev)
}

const STOP: &[&str] = &[
    "a", "an", "the", "of", "to", "and", "or", "in", "on", "at", "for", "with", "by", "from",
    "among", "between", "their", "its", "his", "her", "our", "your", "this", "that", "these",
    "those", "be", "is", "are", "was", "were", "been", "as", "into", "through", "under", "over",
    "all", "each", "other", "both", "further", "jointly", "together", "also", "new", "more", "it",
    "they", "them", "we", "has", "have", "had", "which", "who", "than", "such", "s",
];

/// Adverbs that can come before an action's verb ("jointly explore", "further explore").
const LEAD_ADVERBS: &[&str] = &["jointly", "further", "also", "together", "continue", "to"];

/// Words saying the action happened.
const DONE_CUES: &[&str] = &[
    "completed",
    "complete",
    "launched",
    "signed",
    "resumed",
    "opened",
    "established",
    "implemented",
    "finished",
    "concluded",
    "introduced",
    "achieved",
    "inaugurated",
];
/// Words saying it is late.
const DELAY_CUES: &[&str] = &["postponed", "delayed", "deferred", "rescheduled", "pushed"];
/// Words saying it is under way.
const PROGRESS_CUES: &[&str] = &[
    "began",
    "begun",
    "started",
    "underway",
    "preparing",
    "piloting",
    "progress",
];
/// Words saying it has not happened (a done cue after these is not done).
const NEGATIONS: &[&str] = &["not", "no", "never", "yet", "failed", "cannot", "unable"];
/// Words saying it is still ahead (a restatement, not a report).
const FUTURE: &[&str] = &[
    "will", "shall", "plan", "plans", "planned", "intend", "intends", "aim", "aims", "agreed",
    "expected", "would", "to",
];

/// Irregular past forms of verbs that commitments use, mapped to their base.
const IRREGULAR: &[(&str, &str)] = &[
    ("held", "hold"),
    ("built", "build"),
    ("made", "make"),
    ("began", "begin"),
    ("begun", "begin"),
    ("sent", "send"),
    ("met", "meet"),
    ("undertook", "undertake"),
    ("undertaken", "undertake"),
    ("set", "set"),
    ("drew", "draw"),
    ("drawn", "draw"),
    ("took", "take"),
    ("taken", "take"),
    ("ran", "run"),
    ("led", "lead"),
];

/// Lower-case word tokens (letters and digits) of `text`, in order.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A light stemmer, enough to make "resume", "resumed", "resumes" and "resuming" meet, and
/// "services" meet "service". Not linguistics: both sides go through the same function.
pub fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    if let Some((_, base)) = IRREGULAR.iter().find(|(past, _)| *past == w) {
        return stem_regular(base);
    }
    stem_regular(&w)
}

fn stem_regular(w: &str) -> String {
    let n = w.chars().count();
    let cut = |suffix: &str, min: usize, add: &str| -> Option<String> {
        (n >= min && w.ends_with(suffix)).then(|| format!("{}{add}", &w[..w.len() - suffix.len()]))
    };
    let s = cut("ies", 5, "y")
        .or_else(|| cut("ied", 5, "y"))
        .or_else(|| cut("ing", 6, ""))
        .or_else(|| cut("ed", 5, ""))
        .or_else(|| cut("es", 5, ""))
        .or_else(|| (!w.ends_with("ss")).then(|| cut("s", 4, "")).flatten())
        .unwrap_or_else(|| w.to_string());
    // Doubled final consonant from -ed/-ing ("planned", "shipping").
    let mut tail = s.chars().rev();
    let (last, before) = (tail.next(), tail.next());
    let doubled = last.is_some_and(|c| c.is_ascii_alphabetic() && !matches!(c, 'l' | 's' | 'e'))
        && last == before;
    let s = if doubled && s.len() > 3 && s.len() < w.len() {
        // The doubled letter is ASCII, so dropping one byte stays on a char boundary.
        s[..s.len() - 1].to_string()
    } else {
        s
    };
    match s.strip_suffix('e') {
        Some(t) if t.chars().count() >= 3 => t.to_string(),
        _ => s,
    }
}

/// Whether `word` is a past form (regular -ed or a known irregular).
fn is_past(word: &str) -> bool {
    word.ends_with("ed") || IRREGULAR.iter().any(|(p, _)| *p == word)
}

/// A name as words, without a leading "the" ("the Union" and "Union" are one name).
fn name_tokens(s: &str) -> Vec<String> {
    let mut w = words(s);
    let lead = w.iter().take_while(|t| *t == "the").count();
    w.drain(..lead);
    w
}

/// Whether the name (as [`name_tokens`]) occurs in `text_words` as whole words.
fn mentions(text_words: &[String], name: &[String]) -> bool {
    !name.is_empty()
        && text_words
            .windows(name.len())
            .any(|win| win.iter().zip(name).all(|(a, b)| a == b))
}

/// Whether the name occurs in `text_words` other than as the container of its members ("among
/// the members of the Kahala Posts Group" names the members, not somebody else).
fn mentions_as_actor(text_words: &[String], name: &[String]) -> bool {
    if name.is_empty() || text_words.len() < name.len() {
        return false;
    }
    (0..=text_words.len() - name.len()).any(|i| {
        let hit = text_words[i..i + name.len()]
            .iter()
            .zip(name)
            .all(|(a, b)| a == b);
        let mut before = text_words[..i].iter().rev().map(String::as_str);
        let mut prev = before.next();
        if prev == Some("the") {
            prev = before.next();
        }
        let container = prev == Some("of") && matches!(before.next(), Some("member" | "members"));
        hit && !container
    })
}

/// An action's verb stem and object stems.
type Terms = (Option<String>, Vec<String>);

/// The action's verb stem and object stems. The object stops at a purpose clause ("... to raise
/// the delivery speed"), which later reports rarely repeat.
fn action_terms(action: &str) -> Terms {
    let ws = words(action);
    let mut it = ws.iter().skip_while(|w| LEAD_ADVERBS.contains(&w.as_str()));
    let verb = it.next().map(|v| stem(v));
    let mut seen = BTreeSet::new();
    let object = it
        .take_while(|w| w.as_str() != "to")
        .filter(|w| !STOP.contains(&w.as_str()))
        .map(|w| stem(w))
        .filter(|s| seen.insert(s.clone()))
        .collect();
    (verb, object)
}

/// A party name as the new document holds it: which of its organisations it is, and where.
struct PartyInfo {
    /// Index into `DocInput::orgs` of the organisation with this name or alias.
    org: Option<usize>,
    /// Per sentence: whether one of its names occurs there.
    mentioned: Vec<bool>,
}

/// One document prepared once for matching against many commitments: words, stems, which
/// organisations each sentence names, and where each party name of interest occurs.
struct DocParties {
    all_words: Vec<Vec<String>>,
    /// The stem of each word of each sentence.
    all_stems: Vec<Vec<String>>,
    /// Per sentence: the ids (in the run's stem table) of its stems, sorted, without repeats.
    stem_ids: Vec<Vec<u32>>,
    /// Every stem id of the document to the sentences holding it (ascending), so that a
    /// commitment is only scored on the sentences that hold enough of its object words.
    stem_sentences: Vec<(u32, Vec<usize>)>,
    /// Per sentence: indices of the organisations it names.
    sentence_orgs: Vec<Vec<usize>>,
    /// Party name (its index in the run's name table) to where the document holds it.
    parties: HashMap<u32, PartyInfo>,
}

impl DocParties {
    /// Prepares `doc` (whose sentences' words are `all_words`) for the party names `names`
    /// (index in the run's name table, and the name as words). A name left out is treated as
    /// absent, so only the names the document holds need be given. `stems` is the run's stem
    /// table: the stems of every action.
    fn new<'n>(
        doc: &DocInput,
        all_words: Vec<Vec<String>>,
        names: impl IntoIterator<Item = (u32, &'n Vec<String>)>,
        stems: &HashMap<String, u32>,
    ) -> Self {
        let all_stems: Vec<Vec<String>> = all_words
            .iter()
            .map(|ws| ws.iter().map(|w| stem(w)).collect())
            .collect();
        let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
        let stem_ids: Vec<Vec<u32>> = all_stems
            .iter()
            .enumerate()
            .map(|(i, st)| {
                let mut ids: Vec<u32> = st.iter().filter_map(|s| stems.get(s).copied()).collect();
                ids.sort_unstable();
                ids.dedup();
                for &id in &ids {
                    postings.entry(id).or_default().push(i);
                }
                ids
            })
            .collect();
        // Sorted by stem id: looked up by binary search for every candidate commitment.
        let mut stem_sentences: Vec<(u32, Vec<usize>)> = postings.into_iter().collect();
        stem_sentences.sort_unstable_by_key(|(id, _)| *id);
        let org_names: Vec<Vec<Vec<String>>> = doc
            .orgs
            .iter()
            .map(|o| {
                std::iter::once(&o.name)
                    .chain(&o.aliases)
                    .map(|n| name_tokens(n))
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .collect();
        let sentence_orgs = all_words
            .iter()
            .map(|ws| {
                (0..org_names.len())
                    .filter(|&o| org_names[o].iter().any(|n| mentions_as_actor(ws, n)))
                    .collect()
            })
            .collect();
        let mut infos = HashMap::new();
        for (key, own) in names {
            if infos.contains_key(&key) {
                continue;
            }
            let org = org_names.iter().position(|names| names.contains(own));
            let names: Vec<&Vec<String>> = match org {
                Some(o) => org_names[o].iter().collect(),
                None if own.is_empty() => Vec::new(),
                None => vec![own],
            };
            let mentioned = all_words
                .iter()
                .map(|ws| names.iter().any(|n| mentions(ws, n)))
                .collect();
            infos.insert(key, PartyInfo { org, mentioned });
        }
        DocParties {
            all_words,
            all_stems,
            stem_ids,
            stem_sentences,
            sentence_orgs,
            parties: infos,
        }
    }

    /// The sentences holding the stem with this id, ascending.
    fn sentences_with(&self, stem: u32) -> Option<&Vec<usize>> {
        let at = self
            .stem_sentences
            .binary_search_by_key(&stem, |(id, _)| *id)
            .ok()?;
        Some(&self.stem_sentences[at].1)
    }

    /// Whether the party name `key` is among the document's organisations or in its text.
    fn present(&self, key: u32) -> bool {
        self.parties
            .get(&key)
            .is_some_and(|i| i.org.is_some() || i.mentioned.contains(&true))
    }

    /// Whether sentence `i` names organisations and none of them is one of `parties` (name
    /// keys): then it is about somebody else ("Japan Post resumed ..." says nothing about Korea
    /// Post's commitment).
    fn about_someone_else(&self, i: usize, parties: &[u32]) -> bool {
        let named = &self.sentence_orgs[i];
        if named.is_empty() {
            return false;
        }
        !parties.iter().any(|p| {
            self.parties.get(p).is_some_and(|info| {
                info.mentioned.get(i).copied().unwrap_or(false)
                    || info.org.is_some_and(|o| named.contains(&o))
            })
        })
    }
}

/// How far (in words) a cue may be from the action's words to count: a cue elsewhere in a long
/// sentence ("Established in 2002, the group ... agreed to resume ...") is about something else.
const CUE_REACH: usize = 8;

/// The status a sentence suggests, the cue word, and a note. `stems` are the stems of the words
/// `ws`; `verb` is the action's verb stem; `hits` are the positions in `ws` of the action's
/// matched words.
fn status_cue(
    ws: &[String],
    stems: &[String],
    verb: Option<&str>,
    hits: &[usize],
) -> (Option<Status>, Option<String>, Option<String>) {
    let near = |i: usize| hits.iter().any(|&h| h.abs_diff(i) <= CUE_REACH);
    let at = |list: &[&str]| {
        ws.iter()
            .enumerate()
            .position(|(i, w)| list.contains(&w.as_str()) && near(i))
    };
    let is_verb = |i: usize| verb.is_some_and(|v| stems.get(i).is_some_and(|s| s == v));
    let verb_past = ws
        .iter()
        .enumerate()
        .position(|(i, w)| is_past(w) && is_verb(i));
    let done = match (at(DONE_CUES), verb_past) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let window_before = |i: usize, list: &[&str]| {
        ws[i.saturating_sub(4)..i]
            .iter()
            .any(|w| list.contains(&w.as_str()))
    };
    // "will resume" / "to resume": the sentence restates the commitment, whatever else it says
    // ("Korea Post, which launched an app, will resume the service").
    let restated = ws
        .iter()
        .enumerate()
        .any(|(i, w)| !is_past(w) && is_verb(i) && window_before(i, FUTURE));
    if let Some(i) = at(DELAY_CUES) {
        return (
            Some(Status::InProgress),
            Some(ws[i].clone()),
            Some(format!("reported {}", ws[i])),
        );
    }
    if let Some(i) = done {
        if window_before(i, NEGATIONS) {
            return (
                None,
                Some(ws[i].clone()),
                Some("reported not yet done".into()),
            );
        }
        if restated || window_before(i, FUTURE) {
            return (None, Some(ws[i].clone()), None);
        }
        return (Some(Status::Done), Some(ws[i].clone()), None);
    }
    if let Some(i) = at(PROGRESS_CUES) {
        if !restated && !window_before(i, NEGATIONS) {
            return (Some(Status::InProgress), Some(ws[i].clone()), None);
        }
    }
    (None, None, None)
}

/// Open commitments and working groups that the new document reports on, best first.
///
/// Never suggests: closed or merged commitments; the document that stated the commitment (or
/// founded the group); a document published before it; a sentence whose named actors are all
/// other parties; a sentence already linked, rejected or pending. One suggestion per target:
/// its best sentence.
pub fn suggest(
    open: &[CommitmentState],
    groups: &[GroupRecord],
    doc: &DocInput,
) -> Vec<Suggestion> {
    Candidates::new(open, groups).suggest(doc)
}

/// How many commitments of each party name a document is checked against: the most recent
/// ones stated on or before its publication. A follow-up reports on what its parties promised
/// lately; without a bound, a party that recurs in every document of an archive makes linking
/// quadratic in the archive (every document checked against all of that party's commitments).
pub const RECENT_PER_NAME: usize = 256;

/// What linking reads of an active commitment, from a listing row or a folded state.
#[derive(Clone, Debug)]
pub struct OpenCommitment<'s> {
    pub id: &'s str,
    pub status: Status,
    pub by: &'s [String],
    pub action: &'s str,
    /// The stating document and its publication date.
    pub source: Option<&'s DocId>,
    pub published: Option<NaiveDate>,
    /// The sentences already linked, rejected or pending (never suggested again).
    pub known: Vec<&'s EvidenceRef>,
}

impl<'s> From<&'s CommitmentState> for OpenCommitment<'s> {
    fn from(st: &'s CommitmentState) -> Self {
        OpenCommitment {
            id: &st.id,
            status: st.status,
            by: &st.by,
            action: &st.action,
            source: st.source().map(|s| &s.doc),
            published: st.source().and_then(|s| s.published),
            known: st
                .evidence
                .iter()
                .chain(&st.rejected)
                .chain(st.pending.iter().map(|p| &p.evidence))
                .collect(),
        }
    }
}

/// An active commitment prepared for a linking run: only what linking reads, packed (its id,
/// stems and parties live in the run's arenas, documents and names are indices), so that the
/// open set of a 100,000-document archive (millions of commitments) fits in little memory.
struct Open {
    status: Status,
    /// Whether a new document of this run stated it (see [`Scope::Brought`]).
    brought: bool,
    published: Option<NaiveDate>,
    /// The stating document, as its index in `Candidates::docs`.
    source: Option<u32>,
    /// The action's verb stem, as an id in `Candidates::stem_names`.
    verb_id: Option<u32>,
    /// Where its id is in `Candidates::id_bytes`.
    id: (u32, u8),
    /// Where its object stem ids are in `Candidates::object_ids`, then its committing parties
    /// (indices in the name table, one per `by`) in `Candidates::by_names`.
    objects: (u32, u8),
    by: (u32, u8),
}

/// One party name of a [`Candidates`] index.
struct NameEntry {
    tokens: Vec<String>,
    /// The commitments (indices in `Candidates::open`) that name it, by publication date once
    /// indexed (see [`Candidates::index`]), and the groups.
    commitments: Vec<u32>,
    groups: Vec<usize>,
}

/// The open commitments and groups of one linking run, prepared once for many documents: the
/// action terms of each commitment, and an index from each party name (as words) to the
/// commitments and groups that name it. A suggestion needs one of its parties present in the
/// document, so a document is only checked against the commitments and groups of the names it
/// holds (as one of its organisations or in its text), not against the whole open set.
pub struct Candidates<'a> {
    open: Vec<Open>,
    /// How many commitments and groups the run's new documents brought.
    brought: usize,
    /// Per group: whether a new document of this run founded it.
    group_brought: Vec<bool>,
    /// The arenas of the open commitments' ids, object stems and parties.
    id_bytes: Vec<u8>,
    object_ids: Vec<u32>,
    by_names: Vec<u32>,
    /// The sentences already linked, rejected or pending per commitment that has any:
    /// document index and span.
    known: HashMap<u32, Vec<(u32, Span)>>,
    groups: Vec<&'a GroupRecord>,
    /// Per group: its members as indices in the name table, one per `members`.
    group_members: Vec<Vec<u32>>,
    /// Party name as words (see [`name_tokens`]) to its index in `names`.
    keys: HashMap<Vec<String>, u32>,
    /// First word of a name to the names starting with it, for scanning sentences.
    by_first: HashMap<String, Vec<u32>>,
    names: Vec<NameEntry>,
    /// Every action stem to a small id, so that scoring compares numbers; and back.
    stems: HashMap<String, u32>,
    stem_names: Vec<String>,
    /// The documents the open commitments come from or have evidence in, to an index.
    docs: HashMap<DocId, u32>,
}

/// The best sentence of a document for one commitment, before the suggestion is built.
struct Best {
    sentence: usize,
    parties: f64,
    verb: bool,
    total: f64,
}

/// Which of a run's commitments and groups a document is checked against: a new document
/// against all of them, an older one only against those the new documents brought (it was
/// checked against the rest when it was new). One set serves both, so a big first ingest does
/// not hold its open commitments twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Brought,
}

/// A target the document reports on, in the order it was checked, until sorted: a commitment's
/// best sentence, or a suggestion already built with whether the caller keeps it.
enum Found {
    Commitment(u32, Best),
    Built(Suggestion, bool),
}

impl<'a> Candidates<'a> {
    /// Prepares the active commitments of `open` and the groups.
    pub fn new(
        open: impl IntoIterator<Item = &'a CommitmentState>,
        groups: impl IntoIterator<Item = &'a GroupRecord>,
    ) -> Self {
        let mut c = Candidates::of_groups(groups.into_iter().map(|g| (g, false)));
        for st in open.into_iter().filter(|st| st.is_active()) {
            c.push(&OpenCommitment::from(st), false);
        }
        c.index();
        c
    }

    /// Prepares the groups, each with whether a new document of this run founded it, with no
    /// commitment yet (see [`Candidates::push`]).
    pub fn of_groups(groups: impl IntoIterator<Item = (&'a GroupRecord, bool)>) -> Self {
        let (groups, group_brought): (Vec<&GroupRecord>, Vec<bool>) = groups.into_iter().unzip();
        let mut c = Candidates {
            open: Vec::new(),
            brought: group_brought.iter().filter(|b| **b).count(),
            group_brought,
            id_bytes: Vec::new(),
            object_ids: Vec::new(),
            by_names: Vec::new(),
            known: HashMap::new(),
            groups,
            group_members: Vec::new(),
            keys: HashMap::new(),
            by_first: HashMap::new(),
            names: Vec::new(),
            stems: HashMap::new(),
            stem_names: Vec::new(),
            docs: HashMap::new(),
        };
        for i in 0..c.groups.len() {
            let g = c.groups[i];
            let members: Vec<u32> = g.members.iter().map(|m| c.key(m)).collect();
            for &k in &members {
                let entry = &mut c.names[k as usize];
                if entry.groups.last() != Some(&i) {
                    entry.groups.push(i);
                }
            }
            c.group_members.push(members);
        }
        c
    }

    /// Adds an active commitment (the caller checks that it is: a linking run reads listing
    /// rows, or folds the log one commitment at a time, and keeps only this); `brought` when a
    /// new document of this run stated it. Call [`Candidates::index`] after the last one.
    pub fn push(&mut self, c: &OpenCommitment, brought: bool) {
        let (Ok(i), Ok(id_at), Ok(objects_at), Ok(by_at)) = (
            u32::try_from(self.open.len()),
            u32::try_from(self.id_bytes.len()),
            u32::try_from(self.object_ids.len()),
            u32::try_from(self.by_names.len()),
        ) else {
            // Past 4 billion of anything, the arenas are full: later commitments are not
            // candidates (far beyond any memory this runs in).
            return;
        };
        let id = truncated(c.id, 255);
        self.id_bytes.extend_from_slice(id.as_bytes());
        let mut by = 0u8;
        for p in c.by.iter().take(255) {
            let k = self.key(p);
            self.by_names.push(k);
            by += 1;
            let list = &mut self.names[k as usize].commitments;
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
        let (verb, object) = action_terms(c.action);
        let verb_id = verb.as_ref().map(|v| self.stem_id(v));
        let mut objects = 0u8;
        for o in object.iter().take(255) {
            let id = self.stem_id(o);
            self.object_ids.push(id);
            objects += 1;
        }
        let source = c.source.map(|d| self.doc_index(d));
        let known: Vec<(u32, Span)> = c
            .known
            .iter()
            .map(|e| (self.doc_index(&e.doc), e.span))
            .collect();
        if !known.is_empty() {
            self.known.insert(i, known);
        }
        self.brought += usize::from(brought);
        self.open.push(Open {
            status: c.status,
            brought,
            published: c.published,
            source,
            verb_id,
            id: (id_at, id.len() as u8),
            objects: (objects_at, objects),
            by: (by_at, by),
        });
    }

    /// Sorts each name's commitments by publication date (undated first), so that a document
    /// finds the most recent ones stated before it (see [`RECENT_PER_NAME`]).
    pub fn index(&mut self) {
        for v in [&mut self.object_ids, &mut self.by_names] {
            v.shrink_to_fit();
        }
        self.id_bytes.shrink_to_fit();
        self.open.shrink_to_fit();
        let open = &self.open;
        for n in &mut self.names {
            n.commitments.sort_by_key(|&i| {
                (
                    open[i as usize].published.is_some(),
                    open[i as usize].published,
                    i,
                )
            });
        }
    }

    /// How many active commitments were added.
    pub fn commitments(&self) -> usize {
        self.open.len()
    }

    /// How many commitments and groups the run's new documents brought.
    pub fn brought(&self) -> usize {
        self.brought
    }

    fn id(&self, c: &Open) -> &str {
        let (at, len) = (c.id.0 as usize, usize::from(c.id.1));
        self.id_bytes
            .get(at..at + len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }

    fn objects(&self, c: &Open) -> &[u32] {
        let (at, len) = (c.objects.0 as usize, usize::from(c.objects.1));
        self.object_ids.get(at..at + len).unwrap_or_default()
    }

    fn by(&self, c: &Open) -> &[u32] {
        let (at, len) = (c.by.0 as usize, usize::from(c.by.1));
        self.by_names.get(at..at + len).unwrap_or_default()
    }

    /// The index of a document, added if new.
    fn doc_index(&mut self, doc: &DocId) -> u32 {
        let n = u32::try_from(self.docs.len()).unwrap_or(u32::MAX);
        *self.docs.entry(doc.clone()).or_insert(n)
    }

    /// The index of `party`'s name, added if new.
    fn key(&mut self, party: &str) -> u32 {
        let tokens = name_tokens(party);
        if let Some(&k) = self.keys.get(&tokens) {
            return k;
        }
        let k = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        if let Some(first) = tokens.first() {
            self.by_first.entry(first.clone()).or_default().push(k);
        }
        self.keys.insert(tokens.clone(), k);
        self.names.push(NameEntry {
            tokens,
            commitments: Vec::new(),
            groups: Vec::new(),
        });
        k
    }

    /// The id of an action stem, added if new.
    fn stem_id(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.stems.get(stem) {
            return id;
        }
        let id = u32::try_from(self.stem_names.len()).unwrap_or(u32::MAX);
        self.stems.insert(stem.to_string(), id);
        self.stem_names.push(stem.to_string());
        id
    }

    /// Whether there is nothing to check a document against.
    pub fn is_empty(&self) -> bool {
        self.open.is_empty() && self.groups.is_empty()
    }

    /// The names present in a document (`all_words` are its sentences' words): one of its
    /// organisations' names or aliases, or words of a sentence (what [`DocParties::present`]
    /// accepts; a name without words is never present).
    fn present_names(&self, doc: &DocInput, all_words: &[Vec<String>]) -> Vec<u32> {
        let mut found: Vec<u32> = doc
            .orgs
            .iter()
            .flat_map(|o| std::iter::once(&o.name).chain(&o.aliases))
            .filter_map(|n| self.keys.get(&name_tokens(n)).copied())
            .collect();
        for ws in all_words {
            for (i, w) in ws.iter().enumerate() {
                for &k in self.by_first.get(w).into_iter().flatten() {
                    if ws[i..].starts_with(&self.names[k as usize].tokens) {
                        found.push(k);
                    }
                }
            }
        }
        found.retain(|&k| !self.names[k as usize].tokens.is_empty());
        found.sort_unstable();
        found.dedup();
        found
    }

    /// What `doc` reports on, best first (see [`suggest`]).
    pub fn suggest(&self, doc: &DocInput) -> Vec<Suggestion> {
        self.suggest_top(doc, usize::MAX, |_| true)
    }

    /// The first `limit` suggestions of [`Candidates::suggest`] that `keep` accepts, in the
    /// same order; only those are built (a document of a big archive may match thousands of
    /// commitments, of which a few are offered).
    pub fn suggest_top(
        &self,
        doc: &DocInput,
        limit: usize,
        keep: impl FnMut(&Suggestion) -> bool,
    ) -> Vec<Suggestion> {
        self.top(doc, Scope::All, limit, false, keep)
    }

    /// What a linking run offers from `doc`: the first `limit` suggestions of
    /// [`Candidates::suggest`] that `keep` accepts, leaving out every commitment that already
    /// has a sentence of this document linked, rejected or pending (one suggestion per target
    /// and document, ever).
    pub fn offer(
        &self,
        doc: &DocInput,
        scope: Scope,
        limit: usize,
        keep: impl FnMut(&Suggestion) -> bool,
    ) -> Vec<Suggestion> {
        self.top(doc, scope, limit, true, keep)
    }

    fn top(
        &self,
        doc: &DocInput,
        scope: Scope,
        limit: usize,
        skip_heard: bool,
        mut keep: impl FnMut(&Suggestion) -> bool,
    ) -> Vec<Suggestion> {
        let all_words: Vec<Vec<String>> = doc.sentences.iter().map(|(_, s)| words(s)).collect();
        let present = self.present_names(doc, &all_words);
        if present.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut groups: Vec<usize> = present
            .iter()
            .flat_map(|&k| &self.names[k as usize].groups)
            .copied()
            .filter(|&g| scope == Scope::All || self.group_brought[g])
            .collect();
        groups.sort_unstable();
        groups.dedup();
        let names = present.iter().map(|&k| (k, &self.names[k as usize].tokens));
        let dp = DocParties::new(doc, all_words, names, &self.stems);
        let this_doc = self.docs.get(&doc.id).copied();
        let heard = |i: u32| {
            skip_heard
                && self
                    .known
                    .get(&i)
                    .is_some_and(|k| k.iter().any(|(d, _)| Some(*d) == this_doc))
        };
        // The best total a suggestion can have: once `limit` kept suggestions reach it, no
        // later commitment or group can rank before them.
        let perfect = W_PARTIES + W_VERB + W_OBJECT;
        let mut kept_perfect = 0;
        let mut found: Vec<(f64, Found)> = Vec::new();
        let mut scratch = Vec::new();
        for i in self.recent(&present, doc.published, this_doc, scope) {
            let c = &self.open[i as usize];
            let known = self.known.get(&i).map_or(&[][..], Vec::as_slice);
            let Some(b) = best_sentence(self, c, known, doc, this_doc, &dp, &mut scratch) else {
                continue;
            };
            if b.total < perfect {
                found.push((b.total, Found::Commitment(i, b)));
                continue;
            }
            let s = self.suggestion(c, doc, &dp, &b);
            let kept = !heard(i) && keep(&s);
            found.push((b.total, Found::Built(s, kept)));
            if kept {
                kept_perfect += 1;
                if kept_perfect == limit {
                    groups.clear();
                    break;
                }
            }
        }
        for i in groups {
            let g = self.groups[i];
            if g.founding_doc.as_ref() == Some(&doc.id)
                || before(doc.published, g.founding_published)
            {
                continue;
            }
            if let Some(s) = sighting_of(g, &self.group_members[i], doc, &dp) {
                let kept = keep(&s);
                found.push((s.score.total, Found::Built(s, kept)));
            }
        }
        // Stable: equal totals keep the order they were checked in (most recent first).
        found.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out = Vec::new();
        for (_, f) in found {
            let (s, kept) = match f {
                Found::Commitment(i, b) => {
                    let c = &self.open[i as usize];
                    let s = self.suggestion(c, doc, &dp, &b);
                    let kept = !heard(i) && keep(&s);
                    (s, kept)
                }
                Found::Built(s, kept) => (s, kept),
            };
            if kept {
                out.push(s);
                if out.len() == limit {
                    break;
                }
            }
        }
        out
    }
}

impl Candidates<'_> {
    /// The commitments a document published on `published` is checked against: for each
    /// present name, the [`RECENT_PER_NAME`] most recent in `scope` stated on or before that
    /// day (any day when undated), leaving out the document's own; most recent first, without
    /// repeats.
    fn recent(
        &self,
        present: &[u32],
        published: Option<NaiveDate>,
        this_doc: Option<u32>,
        scope: Scope,
    ) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for &k in present {
            let list = &self.names[k as usize].commitments;
            // Undated commitments sort first, so they are in every document's prefix.
            let end = match published {
                Some(d) => list
                    .partition_point(|&i| self.open[i as usize].published.is_none_or(|s| s <= d)),
                None => list.len(),
            };
            out.extend(
                list[..end]
                    .iter()
                    .rev()
                    .filter(|&&i| {
                        let c = &self.open[i as usize];
                        (this_doc.is_none() || c.source != this_doc)
                            && (scope == Scope::All || c.brought)
                    })
                    .take(RECENT_PER_NAME),
            );
        }
        let order = |i: u32| {
            let p = self.open[i as usize].published;
            (p.is_some(), p, i)
        };
        out.sort_unstable_by_key(|&i| Reverse(order(i)));
        out.dedup();
        out
    }

    /// The suggestion for `c` from its best sentence: the score's parts and the status the sentence
    /// suggests, when it is a valid move.
    fn suggestion(&self, c: &Open, doc: &DocInput, dp: &DocParties, b: &Best) -> Suggestion {
        let name = |id: &u32| self.stem_names.get(*id as usize).map_or("", String::as_str);
        let verb: Option<String> = c.verb_id.as_ref().map(|v| name(v).to_string());
        let object: Vec<&str> = self.objects(c).iter().map(name).collect();
        let i = b.sentence;
        let (span, sentence) = &doc.sentences[i];
        let (ws, wstems) = (&dp.all_words[i], &dp.all_stems[i]);
        let hits: Vec<usize> = wstems
            .iter()
            .enumerate()
            .filter(|(_, s)| object.contains(&s.as_str()) || verb.as_ref() == Some(s))
            .map(|(i, _)| i)
            .collect();
        let (mut suggests, cue, note) = status_cue(ws, wstems, verb.as_deref(), &hits);
        if let Some(to) = suggests {
            let note_for_check = note.clone().or(Some("follow-up".into()));
            if check_transition(c.status, to, note_for_check.as_deref()).is_err() {
                suggests = None;
            }
        }
        let mut matched: Vec<String> = object
            .iter()
            .filter(|o| wstems.iter().any(|w| w == *o))
            .map(|o| o.to_string())
            .collect();
        let obj = matched.len() as f64 / object.len() as f64;
        if b.verb {
            matched.insert(0, verb.clone().unwrap_or_default());
        }
        Suggestion {
            target: Target::Commitment(self.id(c).to_string()),
            evidence: evidence(doc, *span, sentence),
            score: Score {
                parties: b.parties,
                verb: b.verb,
                object: obj,
                matched,
                total: b.total,
            },
            suggests,
            cue,
            note,
            date: None,
        }
    }
}

/// `s` cut to at most `max` bytes, on a character boundary.
fn truncated(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Whether `doc` is known to be published before `source`.
fn before(doc: Option<NaiveDate>, source: Option<NaiveDate>) -> bool {
    matches!((doc, source), (Some(d), Some(s)) if d < s)
}

fn evidence(doc: &DocInput, span: Span, sentence: &str) -> EvidenceRef {
    EvidenceRef {
        doc: doc.id.clone(),
        span,
        sentence: sentence.to_string(),
        published: doc.published,
    }
}

/// The sentence of `doc` that best reports on `c`, if any reaches [`THRESHOLD`]: the first of
/// the highest total, skipping sentences already known. `scratch` is reused between calls.
fn best_sentence(
    candidates: &Candidates,
    c: &Open,
    known: &[(u32, Span)],
    doc: &DocInput,
    this_doc: Option<u32>,
    dp: &DocParties,
    scratch: &mut Vec<usize>,
) -> Option<Best> {
    let (by, object_ids) = (candidates.by(c), candidates.objects(c));
    if by.is_empty() {
        return None;
    }
    let present = by.iter().filter(|&&k| dp.present(k)).count();
    let parties = present as f64 / by.len() as f64;
    if present == 0 || object_ids.is_empty() {
        return None;
    }
    // Objects of one or two words must match fully; longer ones at least two words. So only
    // the sentences holding that many object words are scored.
    let needed = object_ids.len().min(2);
    scratch.clear();
    scratch.extend(
        object_ids
            .iter()
            .filter_map(|o| dp.sentences_with(*o))
            .flatten()
            .copied(),
    );
    scratch.sort_unstable();
    let mut best: Option<Best> = None;
    for run in scratch.chunk_by(|a, b| a == b) {
        let i = run[0];
        if run.len() < needed || dp.about_someone_else(i, by) {
            continue;
        }
        let ids = &dp.stem_ids[i];
        let verb_hit = c.verb_id.is_some_and(|v| ids.binary_search(&v).is_ok());
        let obj = run.len() as f64 / object_ids.len() as f64;
        let total = W_PARTIES * parties + W_VERB * f64::from(u8::from(verb_hit)) + W_OBJECT * obj;
        if total < THRESHOLD || best.as_ref().is_some_and(|b| b.total >= total) {
            continue;
        }
        // Already linked, rejected or pending (what `CommitmentState::knows` says).
        let span = doc.sentences[i].0;
        if known
            .iter()
            .any(|&(d, sp)| Some(d) == this_doc && sp == span)
        {
            continue;
        }
        best = Some(Best {
            sentence: i,
            parties,
            verb: verb_hit,
            total,
        });
    }
    best
}

fn sighting_of(
    g: &GroupRecord,
    members: &[u32],
    doc: &DocInput,
    dp: &DocParties,
) -> Option<Suggestion> {
    let present = members.iter().filter(|&&m| dp.present(m)).count();
    if present == 0 || g.name.trim().is_empty() {
        return None;
    }
    let parties = present as f64 / g.members.len() as f64;
    let total = 0.5 + 0.5 * parties;
    let name = name_tokens(&g.name);
    for (i, (span, sentence)) in doc.sentences.iter().enumerate() {
        if !mentions(&dp.all_words[i], &name) || dp.about_someone_else(i, members) {
            continue;
        }
        let ev = evidence(doc, *span, sentence);
        if g.knows(&ev) {
            continue;
        }
        let date = doc
            .dates
            .iter()
            .find(|(s, _)| span.contains(*s))
            .map(|(_, d)| *d)
            .or(doc.published);
        return Some(Suggestion {
            target: Target::Group(g.id.clone()),
            evidence: ev,
            score: Score {
                parties,
                verb: true,
                object: 0.0,
                matched: vec![g.name.clone()],
                total,
            },
            suggests: None,
            cue: None,
            note: None,
            date,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WorkingGroup;
    use crate::track::state::fold;
    use crate::track::state::tests::{commitment, day, ts, user};

    const KAHALA: &str = "/work/shared/seeds/004_c81f2e9b14abcc74.txt";

    fn doc_id(tag: &str) -> DocId {
        DocId(format!("{tag:x>64}"))
    }

    /// A commitment stated in document `src_tag`, published `src_on`.
    fn stated(id: &str, by: &[&str], action: &str, src_tag: &str, src_on: &str) -> CommitmentState {
        let c = commitment(id, by, action, Some("2024-12-31"));
        fold(&[Event::extracted(
            &doc_id(src_tag),
            Some(day(src_on)),
            &c,
            ts(src_on),
            "x",
        )])
        .unwrap()
    }

    fn ems() -> CommitmentState {
        stated(
            "C-0000e115",
            &["Korea Post"],
            "resume the EMS delivery guarantee service among Kahala member countries",
            "kahala",
            "2024-07-10",
        )
    }

    fn air() -> CommitmentState {
        stated(
            "C-000000a1",
            &["China Post", "Japan Post", "Korea Post"],
            "share air transportation resources",
            "hangzhou",
            "2023-12-01",
        )
    }

    fn jwg_commitment() -> CommitmentState {
        stated(
            "C-000000e5",
            &["China Post", "Japan Post", "Korea Post"],
            "establish a joint working group to implement the consensus reached during the meeting",
            "hangzhou",
            "2023-12-01",
        )
    }

    fn jwg() -> GroupRecord {
        GroupRecord::from_extracted(
            &doc_id("hangzhou"),
            Some(day("2023-12-01")),
            &WorkingGroup {
                name: "joint working group".into(),
                members: vec![
                    "China Post".into(),
                    "Japan Post".into(),
                    "Korea Post".into(),
                ],
                mandate: Some("implement the consensus reached during the meeting".into()),
                established: Some("2023-11-28".parse().unwrap()),
                rule: "group.establish".into(),
                span: Span(0, 1),
            },
        )
    }

    fn org(name: &str, aliases: &[&str]) -> OrgNames {
        OrgNames {
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    /// A document of sentences; spans are made up but distinct.
    fn doc(tag: &str, on: &str, orgs: Vec<OrgNames>, sentences: &[&str]) -> DocInput {
        let mut at = 0;
        let sentences = sentences
            .iter()
            .map(|s| {
                let span = Span(at, at + s.len());
                at += s.len() + 1;
                (span, s.to_string())
            })
            .collect();
        DocInput {
            id: doc_id(tag),
            published: Some(day(on)),
            orgs,
            sentences,
            dates: Vec::new(),
        }
    }

    fn korea() -> Vec<OrgNames> {
        vec![
            org("Korea Post", &[]),
            org("Japan Post", &["JP"]),
            org("China Post Group Corporation Limited", &["China Post"]),
        ]
    }

    #[test]
    fn stems_meet_across_forms() {
        let same = [
            ("resume", "resumed"),
            ("resume", "resumes"),
            ("resume", "resuming"),
            ("establish", "established"),
            ("launch", "launched"),
            ("sign", "signed"),
            ("open", "opened"),
            ("service", "services"),
            ("delivery", "deliveries"),
            ("plan", "planned"),
            ("hold", "held"),
            ("share", "shared"),
            ("network", "networks"),
        ];
        for (a, b) in same {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        for (a, b) in [
            ("service", "parcel"),
            ("resume", "result"),
            ("ems", "em"),
            ("access", "acce"),
        ] {
            assert_ne!(stem(a), stem(b), "{a} / {b}");
        }
        assert_eq!(stem("ÉTÉS"), stem("étés"), "non-ASCII does not panic");
        // U+2082 is E2 82 82 in UTF-8: equal trailing bytes that are not a doubled letter.
        assert_eq!(stem("x\u{2082}\u{2082}ed"), "x\u{2082}\u{2082}");
        assert_eq!(stem("ab\u{2082}ed"), "ab\u{2082}");
    }

    #[test]
    fn an_older_document_meets_only_what_the_new_documents_brought() {
        let (old, new) = (ems(), air());
        let mut candidates = Candidates::of_groups([]);
        candidates.push(&OpenCommitment::from(&old), false);
        candidates.push(&OpenCommitment::from(&new), true);
        candidates.index();
        assert_eq!(candidates.brought(), 1);
        let report = doc(
            "report",
            "2025-06-01",
            korea(),
            &[
                "Korea Post resumed the EMS delivery guarantee service in January.",
                "Korea Post began sharing air transportation resources on the Shanghai route.",
            ],
        );
        let targets = |scope| -> Vec<Target> {
            candidates
                .offer(&report, scope, 10, |_| true)
                .into_iter()
                .map(|s| s.target)
                .collect()
        };
        let mut all = targets(Scope::All);
        all.sort_by_key(|t| format!("{t:?}"));
        let mut want = vec![
            Target::Commitment(old.id.clone()),
            Target::Commitment(new.id.clone()),
        ];
        want.sort_by_key(|t| format!("{t:?}"));
        assert_eq!(all, want);
        assert_eq!(
            targets(Scope::Brought),
            [Target::Commitment(new.id.clone())]
        );
    }

    #[test]
    fn a_document_meets_the_most_recent_commitments_of_its_parties() {
        // One party stating the same action every day for 300 days.
        let first = day("2020-01-01");
        let open: Vec<CommitmentState> = (0..300)
            .map(|n| {
                let on = (first + chrono::Days::new(n)).to_string();
                let id = format!("C-{:08x}", 0x1000 + n);
                stated(
                    &id,
                    &["Korea Post"],
                    "resume the EMS delivery guarantee service",
                    &format!("src{n}"),
                    &on,
                )
            })
            .collect();
        let candidates = Candidates::new(&open, &[]);
        let sentence = ["Korea Post resumed the EMS delivery guarantee service."];
        let ids = |on: &str| -> Vec<String> {
            candidates
                .suggest(&doc("report", on, korea(), &sentence))
                .into_iter()
                .map(|s| match s.target {
                    Target::Commitment(id) => id,
                    Target::Group(g) => g,
                })
                .collect()
        };
        let want = |days: std::ops::Range<u64>| -> Vec<String> {
            days.rev()
                .map(|n| format!("C-{:08x}", 0x1000 + n))
                .collect()
        };
        // (id, published, want: most recent first)
        let cases = [
            (
                "after all: the most recent only",
                "2021-06-01",
                want(300 - RECENT_PER_NAME as u64..300),
            ),
            ("the same day counts", "2020-03-01", want(0..61)),
            ("before all", "2019-12-31", vec![]),
        ];
        for (id, on, want) in cases {
            assert_eq!(ids(on), want, "{id}");
        }
    }

    #[test]
    fn top_suggestions_are_the_kept_prefix_of_all() {
        let mut open = Vec::new();
        for n in 0..12 {
            let id = format!("C-{:08x}", 0x100 + n * 7919 % 97);
            let (by, action) = match n % 3 {
                0 => (
                    vec!["Korea Post"],
                    "resume the EMS delivery guarantee service",
                ),
                1 => (
                    vec!["Korea Post", "Japan Post"],
                    "share air transportation resources on the Shanghai route",
                ),
                _ => (vec!["Korea Post"], "open a parcel lane to Busan and Osaka"),
            };
            open.push(stated(&id, &by, action, &format!("src{n}"), "2024-01-01"));
        }
        let report = doc(
            "later",
            "2025-01-02",
            korea(),
            &[
                "Korea Post resumed the EMS delivery guarantee service in January.",
                "Korea Post began sharing air transportation resources.",
                "The parcel lane to Busan opened in March.",
            ],
        );
        let candidates = Candidates::new(&open, &[]);
        let all = candidates.suggest(&report);
        assert!(all.len() >= 8, "{} suggestions", all.len());
        assert!(all.iter().filter(|s| s.score.total == 1.0).count() >= 4);
        let targets = |v: &[Suggestion]| -> Vec<String> {
            v.iter().map(|s| format!("{:?}", s.target)).collect()
        };
        // About half of them, by the last digit of the id.
        let every_other = |s: &Suggestion| match &s.target {
            Target::Commitment(id) => id.bytes().last().is_some_and(|b| b % 2 == 0),
            Target::Group(_) => true,
        };
        assert!(all.iter().any(every_other) && !all.iter().all(every_other));
        for limit in [0, 1, 2, 3, 5, 100] {
            let want: Vec<Suggestion> = all.iter().take(limit).cloned().collect();
            let got = candidates.suggest_top(&report, limit, |_| true);
            assert_eq!(targets(&got), targets(&want), "limit {limit}");
            assert_eq!(got, want, "limit {limit}");
            let want: Vec<Suggestion> = all
                .iter()
                .filter(|s| every_other(s))
                .take(limit)
                .cloned()
                .collect();
            let got = candidates.suggest_top(&report, limit, every_other);
            assert_eq!(got, want, "limit {limit}, filtered");
        }
    }

    #[test]
    fn positive_pairs() {
        let open = vec![ems(), air(), jwg_commitment()];
        // (id, doc, want target, want status, want cue)
        type Case = (
            &'static str,
            DocInput,
            &'static str,
            Option<Status>,
            Option<&'static str>,
        );
        let cases: Vec<Case> = vec![
            (
                "resumed -> done",
                doc("news1", "2025-01-02", korea(), &[
                    "Korea Post held a press briefing in Seoul.",
                    "It said the EMS delivery guarantee service resumed on 1 January 2025 among Kahala member countries.",
                ]),
                "C-0000e115",
                Some(Status::Done),
                Some("resumed"),
            ),
            (
                "postponed -> in progress",
                doc("news2", "2024-12-20", korea(), &[
                    "Korea Post postponed the resumption of the EMS delivery guarantee service to next year.",
                ]),
                "C-0000e115",
                Some(Status::InProgress),
                Some("postponed"),
            ),
            (
                "began -> in progress",
                doc("news3", "2024-05-01", korea(), &[
                    "China Post, Japan Post and Korea Post began sharing air transportation resources on the Shanghai route.",
                ]),
                "C-000000a1",
                Some(Status::InProgress),
                Some("began"),
            ),
            (
                "verb's own past form -> done",
                doc("news4", "2024-09-01", korea(), &[
                    "The three Posts have shared their air transportation resources since June.",
                ]),
                "C-000000a1",
                Some(Status::Done),
                Some("shared"),
            ),
            (
                "established -> done",
                doc("news5", "2024-02-01", korea(), &[
                    "China Post and Japan Post established the joint working group in January.",
                ]),
                "C-000000e5",
                Some(Status::Done),
                Some("established"),
            ),
            (
                "future restatement: evidence, no status",
                doc("news6", "2024-11-01", korea(), &[
                    "Korea Post will resume the EMS delivery guarantee service among Kahala member countries next month.",
                ]),
                "C-0000e115",
                None,
                None,
            ),
            (
                "restated beside an unrelated done cue: no status",
                doc(
                    "news8",
                    "2024-11-01",
                    korea(),
                    &["Korea Post, which launched a parcel app, will resume the EMS delivery guarantee service next month."],
                ),
                "C-0000e115",
                None,
                Some("launched"),
            ),
            (
                "negated: evidence, no status",
                doc("news7", "2025-02-01", korea(), &[
                    "Korea Post has not yet resumed the EMS delivery guarantee service.",
                ]),
                "C-0000e115",
                None,
                Some("resumed"),
            ),
        ];
        for (name, d, target, status, cue) in cases {
            let got = suggest(&open, &[], &d);
            let s = got
                .iter()
                .find(|s| s.target == Target::Commitment(target.into()))
                .unwrap_or_else(|| panic!("{name}: no suggestion for {target} in {got:#?}"));
            assert!(s.score.total >= THRESHOLD, "{name}: {:?}", s.score);
            assert_eq!(s.suggests, status, "{name}: {s:#?}");
            assert_eq!(s.cue.as_deref(), cue, "{name}");
            assert_eq!(s.evidence.doc, d.id, "{name}");
            assert!(s.score.parties > 0.0 && s.score.object > 0.0, "{name}");
        }
    }

    #[test]
    fn look_alikes_are_not_suggested() {
        let mut done = ems();
        done.apply(&user(
            "C-0000e115",
            "2025-01-02",
            EventKind::StatusChanged {
                to: Status::Done,
                note: None,
            },
        ))
        .unwrap();
        let resumed =
            "Korea Post resumed the EMS delivery guarantee service among Kahala member countries.";
        let mut rejected = ems();
        let d_rej = doc("rej", "2025-01-02", korea(), &[resumed]);
        let ev = evidence(&d_rej, d_rej.sentences[0].0, resumed);
        rejected
            .apply(&user(
                "C-0000e115",
                "2025-01-03",
                EventKind::EvidenceRejected {
                    evidence: ev,
                    note: None,
                },
            ))
            .unwrap();
        // (id, open commitments, doc)
        let cases: Vec<(&str, Vec<CommitmentState>, DocInput)> = vec![
            (
                "different party, different service",
                vec![ems()],
                doc("l1", "2025-01-05", korea(), &["Japan Post resumed its parcel service to Brazil.", "Korea Post issued new stamps."]),
            ),
            (
                "different party, same service",
                vec![ems()],
                doc("l2", "2025-01-05", korea(), &[
                    "Japan Post resumed the EMS delivery guarantee service among Kahala member countries.",
                    "Korea Post issued new stamps.",
                ]),
            ),
            (
                "same party, different service",
                vec![ems()],
                doc("l3", "2025-01-05", korea(), &["Korea Post resumed its international parcel service."]),
            ),
            (
                "party absent from the document",
                vec![ems()],
                doc("l4", "2025-01-05", vec![org("Thailand Post", &[])], &[
                    "The EMS delivery guarantee service resumed among Kahala member countries.",
                ]),
            ),
            ("the stating document itself", vec![ems()], doc("kahala", "2024-07-10", korea(), &[resumed])),
            ("published before the commitment", vec![ems()], doc("l6", "2024-06-01", korea(), &[resumed])),
            ("already done", vec![done], doc("l7", "2025-01-05", korea(), &[resumed])),
            ("rejected before", vec![rejected], d_rej),
        ];
        for (name, open, d) in cases {
            let got = suggest(&open, &[], &d);
            assert!(got.is_empty(), "{name}: {got:#?}");
        }
        // The control: the same sentence in a fresh later document is suggested.
        assert_eq!(
            suggest(&[ems()], &[], &doc("ok", "2025-01-05", korea(), &[resumed])).len(),
            1
        );
    }

    #[test]
    fn the_seed_does_not_follow_up_itself_but_a_later_copy_restates_it() {
        let text = std::fs::read_to_string(KAHALA).expect("seed document present");
        let id = DocId::of(text.as_bytes());
        let c = commitment(
            "C-0000e116",
            &["Korea Post"],
            "resume the EMS delivery guarantee service among Kahala member countries",
            Some("2024-12-31"),
        );
        let st = fold(&[Event::extracted(
            &id,
            Some(day("2024-07-10")),
            &c,
            ts("2024-07-10"),
            "x",
        )])
        .unwrap();
        // A clean sentence split, and a poor one that runs paragraphs together (an unrelated
        // "Established in 2002" then comes first and must not read as "done").
        let clean: Vec<&str> = text.lines().flat_map(|l| l.split(". ")).collect();
        let poor: Vec<&str> = text.split(". ").collect();
        for (split, pieces) in [("clean", clean), ("poor", poor)] {
            let sentence = pieces
                .iter()
                .find(|s| s.contains("agreed to resume"))
                .expect("the seed states the EMS commitment")
                .trim()
                .to_string();
            let start = text.find(&sentence).unwrap_or(0);
            let mut d = DocInput {
                id: id.clone(),
                published: Some(day("2024-07-10")),
                orgs: vec![org("Korea Post", &[]), org("Kahala Posts Group", &[])],
                sentences: vec![(Span(start, start + sentence.len()), sentence)],
                dates: Vec::new(),
            };
            let own = suggest(std::slice::from_ref(&st), &[], &d);
            assert!(own.is_empty(), "{split}: {own:#?}");
            d.id = doc_id("repost");
            d.published = Some(day("2024-07-12"));
            let got = suggest(std::slice::from_ref(&st), &[], &d);
            assert_eq!(got.len(), 1, "{split}: {got:#?}");
            assert_eq!(
                got[0].suggests, None,
                "{split}: \"agreed to resume\" is not a report of resuming: {got:#?}"
            );
        }
    }

    #[test]
    fn group_sightings() {
        let g = jwg();
        let met = "The joint working group of China Post, Japan Post and Korea Post met in Seoul on 12 March.";
        let mut d = doc(
            "seoul",
            "2024-03-15",
            korea(),
            &["Postal news in brief.", met],
        );
        let s = d.sentences[1].0;
        d.dates = vec![(Span(s.1 - 9, s.1 - 1), day("2024-03-12"))];
        let got = suggest(&[], std::slice::from_ref(&g), &d);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(got[0].target, Target::Group(g.id.clone()));
        assert_eq!(got[0].date, Some(day("2024-03-12")));
        assert_eq!(got[0].evidence.sentence, met);
        let sighting = got[0]
            .sighting()
            .expect("a group suggestion gives a sighting");
        assert!(got[0].event(ts("2024-03-15"), "linker").is_none());

        let mut rejected = g.clone();
        rejected.rejected.push(sighting.evidence.clone());
        let mut seen = g.clone();
        seen.add_sighting(sighting);
        // (id, group, doc)
        let cases = vec![
            ("already recorded", seen, d.clone()),
            ("rejected before", rejected, d.clone()),
            (
                "founding document",
                g.clone(),
                DocInput {
                    id: doc_id("hangzhou"),
                    ..d.clone()
                },
            ),
            (
                "before founding",
                g.clone(),
                DocInput {
                    published: Some(day("2023-06-01")),
                    ..d.clone()
                },
            ),
            (
                "same name, other members",
                g.clone(),
                doc(
                    "upu",
                    "2024-03-15",
                    vec![org("Universal Postal Union", &["UPU"])],
                    &["The UPU joint working group met in Bern."],
                ),
            ),
        ];
        for (name, g, d) in cases {
            let got = suggest(&[], &[g], &d);
            assert!(got.is_empty(), "{name}: {got:#?}");
        }
    }

    #[test]
    fn accept_and_reject_make_valid_events() {
        let st = ems();
        let d = doc(
            "news1",
            "2025-01-02",
            korea(),
            &["Korea Post resumed the EMS delivery guarantee service."],
        );
        let s = suggest(std::slice::from_ref(&st), &[], &d)
            .pop()
            .expect("suggested");
        let kim = Actor::User("kim".into());
        let evs = accept(
            &st,
            &s.evidence,
            s.suggests.map(|to| (to, None)),
            &kim,
            ts("2025-01-03"),
        )
        .unwrap();
        let names: Vec<&str> = evs.iter().map(|e| e.kind.name()).collect();
        assert_eq!(names, ["evidence_linked", "status_changed"]);
        let mut after = st.clone();
        for e in &evs {
            after.apply(e).unwrap();
        }
        assert_eq!(after.status, Status::Done);
        assert_eq!(after.evidence.len(), 1);
        // Accepting with a move that needs a note fails as a whole.
        let err = accept(
            &st,
            &s.evidence,
            Some((Status::Waived, None)),
            &kim,
            ts("2025-01-03"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("needs a note"), "{err}");
        let rej = reject(
            &after,
            &s.evidence,
            Some("wrong service".into()),
            &kim,
            ts("2025-01-04"),
        )
        .unwrap();
        after.apply(&rej).unwrap();
        assert!(after.evidence.is_empty() && after.rejected.len() == 1);
        let recorded = s
            .event(ts("2025-01-02"), "linker 0.1")
            .expect("commitment suggestion");
        assert!(matches!(recorded.kind, EventKind::EvidenceSuggested { .. }));
    }

    #[test]
    fn a_recorded_suggestion_is_accepted_later_from_the_log() {
        let st = ems();
        let d = doc("news2", "2024-12-20", korea(), &[
            "Korea Post postponed the resumption of the EMS delivery guarantee service to next year.",
        ]);
        let s = suggest(std::slice::from_ref(&st), &[], &d)
            .pop()
            .expect("suggested");
        let recorded = s
            .event(ts("2024-12-20"), "linker 0.1")
            .expect("commitment suggestion");
        // The store keeps JSON; an older event without `note` still reads.
        let json = serde_json::to_string(&recorded).unwrap();
        let back: Event = serde_json::from_str(&json).unwrap();
        let old_json = json.replace(",\"note\":\"reported postponed\"", "");
        assert_ne!(old_json, json);
        let old: Event = serde_json::from_str(&old_json).unwrap();
        assert!(matches!(
            old.kind,
            EventKind::EvidenceSuggested { note: None, .. }
        ));

        let mut st = st;
        st.apply(&back).unwrap();
        assert_eq!(st.pending.len(), 1);
        let kim = Actor::User("kim".into());
        let evs = st.pending[0]
            .accept(&st, true, &kim, ts("2024-12-21"))
            .unwrap();
        for e in &evs {
            st.apply(e).unwrap();
        }
        assert_eq!(st.status, Status::InProgress);
        assert_eq!(st.status_note.as_deref(), Some("reported postponed"));
        assert!(st.pending.is_empty() && st.evidence.len() == 1);
        // The same document ingested again suggests nothing new.
        assert!(suggest(std::slice::from_ref(&st), &[], &d).is_empty());
    }

    #[test]
    fn a_container_of_members_is_not_somebody_else() {
        let name = |s: &str| name_tokens(s);
        let cases = [
            (
                "among the members of the Kahala Posts Group it resumed",
                true,
                false,
            ),
            ("the Kahala Posts Group resumed the service", true, true),
            ("members of Kahala Posts Group resumed it", true, false),
            ("it resumed with the help of Kahala Posts Group", true, true),
        ];
        for (text, named, as_actor) in cases {
            let ws = words(text);
            assert_eq!(mentions(&ws, &name("Kahala Posts Group")), named, "{text}");
            assert_eq!(
                mentions_as_actor(&ws, &name("Kahala Posts Group")),
                as_actor,
                "{text}"
            );
        }
    }
}
