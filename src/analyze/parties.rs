//! Organisations (long and short forms merged), people with roles and affiliations, and places.
//!
//! Works on prose sentences only, in three linear passes over cached tokens: organisation
//! candidates (capitalised names with an organisation head noun, acronyms, "X (Y)" aliases),
//! merged by maps into one [`Organization`] per body; then people (a role title before or after a
//! name); then places (after "held in", "visited", ...). Every mention is kept in
//! [`Parties::mentions`] so later stages can tell who a sentence's subject is.

pub(crate) mod actors;
mod cjk;
pub(crate) mod lexicon;
mod records;
pub(crate) mod tokens;
mod vet;

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

use self::lexicon::{
    may_start_role, not_name, COLLECTIVES, DEPARTMENT_WORDS, GROUP_NAME_MARKERS,
    KNOWN_ACRONYM_ORGS, KNOWN_NAMES, LEGAL_FORMS, NOT_ORG_ACRONYMS, OPENERS, ORG_HEADS, ROLES,
    ROLE_INDEX, ROLE_PREFIXES, WEAK_HEADS,
};
use self::tokens::{is_allcaps, is_cap, squash, tokenize, Doc, Kind, Low, Tok};
use super::rules::{Rule, RuleKind};
use super::segment::Sentence;
use crate::model::{Organization, Person, Place, Span};

/// The parties of one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parties {
    pub organizations: Vec<Organization>,
    pub people: Vec<Person>,
    pub places: Vec<Place>,
    /// Every mention of an organisation or a person, in text order: what the later stages match
    /// a sentence's subject against.
    pub mentions: Vec<Mention>,
    /// Involvement scores and subject chains, computed once for the later stages.
    pub(crate) cache: actors::Cache,
}

/// Who a mention refers to: an index into [`Parties::organizations`] or [`Parties::people`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Org(usize),
    Person(usize),
}

/// One mention of a party in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    pub who: Who,
}

impl Parties {
    /// The mentions that lie inside `span`, in text order.
    pub fn mentions_in(&self, span: Span) -> &[Mention] {
        let lo = self.mentions.partition_point(|m| m.span.0 < span.0);
        let hi = self.mentions.partition_point(|m| m.span.0 < span.1);
        let slice = &self.mentions[lo..hi.max(lo)];
        let end = slice
            .iter()
            .position(|m| m.span.1 > span.1)
            .unwrap_or(slice.len());
        &slice[..end]
    }

    /// The lower-case copy of `text` ([`Doc`]) the party analyser made, or a new one when these
    /// parties were not found in a text of that length.
    pub(crate) fn lower_copy(&self, text: &str) -> std::borrow::Cow<'_, str> {
        if self.cache.low.len() == text.len() {
            std::borrow::Cow::Borrowed(&self.cache.low)
        } else {
            std::borrow::Cow::Owned(text.to_ascii_lowercase())
        }
    }

    /// The canonical organisation names a person belongs to, or the organisation's own name.
    pub fn org_of(&self, who: Who) -> Option<&str> {
        match who {
            Who::Org(i) => self.organizations.get(i).map(|o| o.name.as_str()),
            Who::Person(i) => self.people.get(i).and_then(|p| p.affiliation.as_deref()),
        }
    }
}

/// The rules of this analyser, for `accord rules`.
pub const RULES: &[Rule] = &[
    Rule {
        id: "org.head_noun",
        kind: RuleKind::Organization,
        doc: "capitalised name ending in an organisation noun (Post, Group, Ministry, Union, Co., Ltd.)",
    },
    Rule {
        id: "org.of_complement",
        kind: RuleKind::Organization,
        doc: "organisation noun with an of/for complement (Ministry of Science and ICT)",
    },
    Rule {
        id: "org.acronym_paren",
        kind: RuleKind::Organization,
        doc: "short form in parentheses after a name: Universal Postal Union (UPU)",
    },
    Rule {
        id: "org.trade_name",
        kind: RuleKind::Organization,
        doc: "the name a body trades or is better known under: X, better known as Correo Argentino",
    },
    Rule {
        id: "org.acronym",
        kind: RuleKind::Organization,
        doc: "all-caps acronym of 2-6 letters used as a name (not EMS, CEO, ICT, COVID ...)",
    },
    Rule {
        id: "org.acronym_prefix",
        kind: RuleKind::Organization,
        doc: "acronym opening a longer organisation name (UPU in UPU EMS Cooperative)",
    },
    Rule {
        id: "org.head_first",
        kind: RuleKind::Organization,
        doc: "head noun first, with particles: Bank Negara Malaysia, Enterprise des Postes Lao, Correios do Brasil",
    },
    Rule {
        id: "org.letterhead",
        kind: RuleKind::Organization,
        doc: "the issuing body in an all-capitals letterhead line: MINISTRY OF POSTS AND TELECOMMUNICATIONS",
    },
    Rule {
        id: "org.legal_suffix",
        kind: RuleKind::Organization,
        doc: "a name and a national legal form in lower case: Íslandspóstur ohf.",
    },
    Rule {
        id: "org.national_post",
        kind: RuleKind::Organization,
        doc: "a capitalised word and the national word for post in lower case: Česká pošta, Slovenská pošta, a.s.",
    },
    Rule {
        id: "org.lower_brand",
        kind: RuleKind::Organization,
        doc: "a brand written in lower case before a legal form in capitals: bpost NV/SA",
    },
    Rule {
        id: "org.legal_prefix",
        kind: RuleKind::Organization,
        doc: "a national legal form, a name and its short form: AS Eesti Post (Omniva), VAS Latvijas Pasts (Latvijas Pasts)",
    },
    Rule {
        id: "org.camel_case",
        kind: RuleKind::Organization,
        doc: "one camel-case word ending in an organisation noun (SingPost, VNPost)",
    },
    Rule {
        id: "org.known_name",
        kind: RuleKind::Organization,
        doc: "a postal operator or carrier known by a brand name without an organisation noun (Royal Mail, PostNord)",
    },
    Rule {
        id: "org.the_head",
        kind: RuleKind::Organization,
        doc: "'the Union' after a named Union: an alias of the last organisation with that noun",
    },
    Rule {
        id: "org.organ_of",
        kind: RuleKind::Organization,
        doc: "a deciding organ named with its body (Executive Council of the X Union) stands for the body",
    },
    Rule {
        id: "person.role_before",
        kind: RuleKind::Person,
        doc: "role title before a name: President Zheng Guoyu of China Post, Korea Post President Cho Hae-keun",
    },
    Rule {
        id: "person.role_after",
        kind: RuleKind::Person,
        doc: "name followed by a role: Cho Hae-keun, President of Korea Post",
    },
    Rule {
        id: "person.honorific",
        kind: RuleKind::Person,
        doc: "honorific before a name: Mr./Ms./Dr., Shri/Smt., Tan Sri/Datuk Seri, Sheikh, Eng.",
    },
    Rule {
        id: "person.attendance",
        kind: RuleKind::Person,
        doc: "a line of an attendance list: Name, Organisation (or Name (Organisation))",
    },
    Rule {
        id: "person.cue",
        kind: RuleKind::Person,
        doc: "name marked as a person by its sentence: said Name (of Org), chaired by Name, according to Name, Name said, Name, who; a byline By Name",
    },
    Rule {
        id: "person.signature",
        kind: RuleKind::Person,
        doc: "name on its own line of a signature block (For Org / Name / Title), or Org Name Role in one signature cell",
    },
    Rule {
        id: "person.table_row",
        kind: RuleKind::Person,
        doc: "row of an attendance table: Name (note) | Role | Organisation in tab-separated cells",
    },
    Rule {
        id: "person.label",
        kind: RuleKind::Person,
        doc: "labelled field in a signature block: Name: <name>",
    },
    Rule {
        id: "person.cjk_title",
        kind: RuleKind::Person,
        doc: "Chinese or Japanese title followed by a short name: 副总经理王建国, デザイナーの中村美咲が",
    },
    Rule {
        id: "person.gloss",
        kind: RuleKind::Person,
        doc: "Latin form of a name in parentheses after the name in another script",
    },
    Rule {
        id: "place.event_in",
        kind: RuleKind::Place,
        doc: "place after held/met/signed/took place/convened in",
    },
    Rule {
        id: "place.visited",
        kind: RuleKind::Place,
        doc: "place after visited / visit to / trip to",
    },
    Rule {
        id: "place.in_on_date",
        kind: RuleKind::Place,
        doc: "in <Place> on <day or date>",
    },
];

/// Finds the organisations, people and places named in prose.
pub fn find_parties(raw: &str, sentences: &[Sentence]) -> Parties {
    let low = raw.to_ascii_lowercase();
    let doc = Doc::new(raw, &low);
    let text = &doc;
    let toks: Vec<Vec<Tok>> = sentences
        .iter()
        .map(|s| {
            if s.prose {
                tokenize(text, s.span)
            } else {
                Vec::new()
            }
        })
        .collect();

    // Lines that are not prose (tables, signature blocks, attendance lists) are read for
    // people, and for organisations when they name a role: "| Korea Post | Park Ji-hoon,
    // Deputy Director |", "For Korea Post Kim Min-jun Commissioner".
    let records: Vec<Vec<Tok>> = sentences
        .iter()
        .map(|s| {
            if !s.prose && s.span.1 - s.span.0 <= records::MAX_LINE {
                tokenize(text, s.span)
            } else {
                Vec::new()
            }
        })
        .collect();

    let mut doc = vet::DocUse::default();
    for t in &toks {
        doc.words(text, t);
    }
    let mut cands = Vec::new();
    for (t, r) in toks.iter().zip(&records) {
        let t = if r.is_empty() {
            t
        } else if records::record_line(text, r) {
            r
        } else {
            continue;
        };
        let before = cands.len();
        org_candidates(text, t, &mut cands);
        doc.sentence(text, t, &cands[before..]);
    }
    let mut cands = vet::vet(text, cands, &doc);
    if let Some(c) = letterhead(text) {
        cands.insert(0, c);
    }
    fold_known_prefixes(&mut cands);
    let (mut organizations, mut org_mentions) = merge_orgs(cands);
    legal_stem_aliases(raw, &mut organizations);
    for o in organizations.iter_mut() {
        // Still in the letterhead's capitals (some words may have been recased already).
        let shouted = o
            .name
            .split(' ')
            .any(|w| matches!(w, "OF" | "AND" | "THE" | "FOR") || is_allcaps(w) && w.len() > 4);
        if o.rule == "org.letterhead" && shouted {
            o.name = title_case(&o.name);
        }
    }
    known_forms(text, [&toks, &records], &organizations, &mut org_mentions);
    let org_names: FxHashMap<&str, usize> = organizations
        .iter()
        .enumerate()
        .flat_map(|(i, o)| {
            std::iter::once((o.name.as_str(), i))
                .chain(o.aliases.iter().map(move |a| (a.as_str(), i)))
        })
        .collect();

    let mut people = PeopleBuilder::default();
    let mut places = Vec::new();
    let mut place_seen = FxHashMap::default();
    let mut om = 0; // cursor into org_mentions, which are in text order
    let mut lines: Vec<records::Line> = Vec::with_capacity(toks.len());
    // Which organisation each token of the sentence names, each token's lower-case form and the
    // role title starting at it: one buffer each for all sentences.
    let mut org_at: Vec<Option<usize>> = Vec::new();
    let mut low_buf: Vec<Low> = Vec::new();
    let mut roles: Vec<Option<usize>> = Vec::new();
    for (t, r) in toks.iter().zip(&records) {
        let strict = t.is_empty();
        let t = if strict { r } else { t };
        if t.is_empty() {
            lines.push(records::Line::default());
            continue;
        }
        let (s0, s1) = (t[0].start, t[t.len() - 1].end);
        while om < org_mentions.len() && org_mentions[om].0 .0 < s0 {
            om += 1;
        }
        org_at.clear();
        org_at.resize(t.len(), None);
        let mut k = om;
        while k < org_mentions.len() && org_mentions[k].0 .1 <= s1 {
            let (sp, oi) = org_mentions[k];
            for (ti, tok) in t.iter().enumerate() {
                if tok.start >= sp.0 && tok.end <= sp.1 {
                    org_at[ti] = Some(oi);
                }
            }
            k += 1;
        }
        // Each token's lower-case form, once: the people and place rules look at most tokens
        // several times.
        low_buf.clear();
        low_buf.extend(t.iter().map(|tok| tok.low(text)));
        let lows: Vec<&str> = low_buf.iter().map(|l| l.as_str()).collect();
        // The role title starting at each token, once: the rules ask for most tokens twice.
        roles.clear();
        roles.extend((0..t.len()).map(|k| match_role(text, t, k)));
        let ctx = Ctx {
            text,
            toks: t,
            lows: &lows,
            roles: &roles,
            org_at: &org_at,
            orgs: &organizations,
            org_names: &org_names,
            strict,
        };
        find_people(&ctx, &mut people);
        if !strict {
            cjk::people(&ctx, &mut people);
            find_places(&ctx, &people, &mut places, &mut place_seen);
        }
        lines.push(records::Line::of(&ctx));
    }
    records::signature_blocks(text, &lines, &mut people);
    let (people, person_mentions) = people.finish();

    let mut mentions: Vec<Mention> = org_mentions
        .iter()
        .map(|&(span, i)| Mention {
            span,
            who: Who::Org(i),
        })
        .chain(person_mentions.iter().map(|&(span, i)| Mention {
            span,
            who: Who::Person(i),
        }))
        .collect();
    mentions.sort_by_key(|m| (m.span.0, m.span.1));
    mentions.dedup_by_key(|m| m.span);
    let mut parties = Parties {
        organizations,
        people,
        places,
        mentions,
        cache: actors::Cache::default(),
    };
    parties.cache = actors::Resolver::cache(text, sentences, &parties, toks, &records);
    parties.cache.low = low;
    parties
}

// ---------------------------------------------------------------------------------------------
// Organisations

/// First words of a letterhead line that name the issuing body ("MINISTRY OF POSTS AND
/// TELECOMMUNICATIONS"), and last words that do ("SOUTHERN AFRICAN DEVELOPMENT COMMUNITY").
const LETTERHEAD_FIRST: &[&str] = &[
    "ministry",
    "department",
    "directorate",
    "agency",
    "authority",
];
const LETTERHEAD_LAST: &[&str] = &[
    "community",
    "union",
    "commission",
    "authority",
    "agency",
    "organisation",
    "organization",
    "association",
];

/// The body that issues a document, from its letterhead: the first all-capitals line among
/// the first few that names a ministry, agency or regional body. Such a line is no prose, so
/// the other rules never see it, yet the text calls that body "the Ministry".
fn letterhead(text: &str) -> Option<OrgCand> {
    let mut pos = 0;
    for line in text.split_inclusive('\n').take(8) {
        let start = pos;
        pos += line.len();
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        // "POSTAL UNION OF THE AMERICAS, SPAIN AND PORTUGAL (UPAEP)": the name before its
        // short form.
        let t = match t.rfind(" (") {
            Some(p) if t.ends_with(')') => t[..p].trim_end(),
            _ => t,
        };
        // Prose lines are turned away at their first lower-case letter, before being split.
        let shouted = !t.chars().any(|c| c.is_lowercase() || c.is_ascii_digit())
            && t.chars().any(char::is_alphabetic);
        if !shouted {
            continue;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        if words.len() < 2 || words.len() > 12 {
            continue;
        }
        let low = |w: &str| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        };
        let first = low(words[0]);
        let last = low(words[words.len() - 1]);
        let second = low(words[1]);
        if !LETTERHEAD_FIRST.contains(&first.as_str())
            && !LETTERHEAD_LAST.contains(&last.as_str())
            && !matches!(second.as_str(), "union" | "community")
        {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let span = Span(start + lead, start + lead + t.len());
        return Some(OrgCand {
            span,
            name: squash(t),
            rule: "org.letterhead",
            alias_of: None,
        });
    }
    None
}

/// "MINISTRY OF THE INTERIOR" -> "Ministry of the Interior".
fn title_case(name: &str) -> String {
    name.split(' ')
        .enumerate()
        .map(|(i, w)| {
            let l = w.to_lowercase();
            if i > 0
                && matches!(
                    l.as_str(),
                    "of" | "and" | "the" | "for" | "on" | "in" | "de" | "du" | "des"
                )
            {
                return l;
            }
            let mut c = l.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Posten" (a brand) and "Posten Bring AS" (a full name with its legal form) in one text:
/// the brand is the short form of the one full name that extends it.
fn fold_known_prefixes(cands: &mut [OrgCand]) {
    let full: Vec<String> = cands
        .iter()
        .filter(|c| c.alias_of.is_none())
        .filter(|c| {
            c.name.rsplit(' ').next().is_some_and(|w| {
                LEGAL_FORMS.contains(w.trim_end_matches('.').to_lowercase().as_str())
            })
        })
        .map(|c| c.name.clone())
        .collect();
    for c in cands.iter_mut() {
        if c.rule != "org.known_name" || c.alias_of.is_some() {
            continue;
        }
        let prefix = format!("{} ", c.name);
        let mut longer: Vec<&String> = full.iter().filter(|n| n.starts_with(&prefix)).collect();
        longer.dedup();
        if let [one] = longer[..] {
            c.alias_of = Some(one.clone());
        }
    }
    fold_initial_prefixes(cands);
}

/// "U.S. Department of State" and "the Department of State" in one text: a name of two or
/// more words that another name repeats after leading initials is its short form.
fn fold_initial_prefixes(cands: &mut [OrgCand]) {
    let initials = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| *c != '.').collect();
        (1..=4).contains(&letters.len()) && letters.iter().all(|c| c.is_ascii_uppercase())
    };
    let longer: FxHashMap<String, String> = cands
        .iter()
        .filter(|c| c.alias_of.is_none())
        .filter_map(|c| {
            let (first, rest) = c.name.split_once(' ')?;
            (initials(first) && rest.contains(' ')).then(|| (rest.to_string(), c.name.clone()))
        })
        .collect();
    for c in cands.iter_mut() {
        if c.alias_of.is_none() {
            if let Some(full) = longer.get(&c.name) {
                c.alias_of = Some(full.clone());
            }
        }
    }
}

/// One organisation candidate before merging.
#[derive(Clone, Debug)]
struct OrgCand {
    span: Span,
    name: String,
    rule: &'static str,
    /// The name this one is declared to be a short form of ("X (Y)", "the Union").
    alias_of: Option<String>,
}

fn low<'a>(text: &'a Doc, t: &Tok) -> Low<'a> {
    t.low(text)
}

/// A capitalised word token (title case or all caps).
fn capword(text: &Doc, t: &Tok) -> bool {
    t.is_word() && is_cap(t.text(text))
}

fn is_head(text: &Doc, t: &Tok) -> bool {
    let w = t.text(text);
    if !t.is_word() || !is_cap(w) {
        return false;
    }
    let l = t.lowercase(text);
    // "CHINA POST" in a footer is shouting, not a name; short legal forms ("CO", "LLC") are fine.
    if is_allcaps(w) && !LEGAL_FORMS.contains(l.as_str()) {
        return false;
    }
    ORG_HEADS.contains(l.as_str())
}

/// "Service" heads an organisation only after a public-body word ("Korea Customs Service",
/// "U.S. Postal Service"), not after a product ("Express Mail Service").
fn service_ok(text: &Doc, toks: &[Tok], a: usize, h: usize) -> bool {
    if !matches!(&*low(text, &toks[h]), "service" | "services") {
        return true;
    }
    h > a
        && matches!(
            &*low(text, &toks[h - 1]),
            "postal"
                | "customs"
                | "revenue"
                | "public"
                | "civil"
                | "health"
                | "security"
                | "diplomatic"
                | "foreign"
                | "intelligence"
                | "statistical"
                | "meteorological"
                | "immigration"
                | "fire"
                | "emergency"
                | "forest"
                | "park"
                | "parks"
                | "marshals"
                | "news"
                | "broadcasting"
                | "information"
                | "postal-logistics"
        )
}

fn is_legal(text: &Doc, t: &Tok) -> bool {
    t.is_word() && LEGAL_FORMS.contains(&*low(text, t))
}

/// The longest role title starting at token `p`, as its end token index. Prefixes such as
/// "Executive" or "Acting" before a known title belong to it.
pub(crate) fn match_role(text: &Doc, toks: &[Tok], p: usize) -> Option<usize> {
    // Most tokens start neither a role nor a prefix: turned away by their shape alone.
    if !toks
        .get(p)
        .is_some_and(|t| t.is_word() && may_start_role(t.text(text)))
    {
        return None;
    }
    let mut q = p;
    while q < toks.len()
        && q < p + 2
        && toks[q].is_word()
        && ROLE_PREFIXES.contains(&*toks[q].lowercase(text))
    {
        q += 1;
    }
    for start in [p, q] {
        if let Some(e) = role_at(text, toks, start) {
            return Some(e);
        }
        if start == q {
            break;
        }
    }
    None
}

fn role_at(text: &Doc, toks: &[Tok], p: usize) -> Option<usize> {
    let t = toks.get(p)?;
    if !t.is_word() {
        return None;
    }
    let first = t.lowercase(text);
    let cands = ROLE_INDEX.get(&*first)?;
    let mut best = None;
    for words in cands {
        let mut q = p;
        let ok = words.iter().all(|w| {
            let hit =
                q < toks.len() && toks[q].is_word() && toks[q].text(text).eq_ignore_ascii_case(w);
            q += 1;
            hit
        });
        if ok && best.is_none_or(|b| q > b) {
            best = Some(q);
        }
    }
    best
}

fn acronym_ok(w: &str) -> bool {
    if KNOWN_ACRONYM_ORGS.contains(w) {
        return true;
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    is_allcaps(w)
        && (2..=6).contains(&letters)
        && !w.chars().any(|c| c.is_ascii_digit())
        && !NOT_ORG_ACRONYMS.contains(w.to_uppercase().as_str())
}

/// Whether `toks` are a legal form written in initials: "S.A.", "S.p.A.", "N.V.".
fn legal_initials(text: &Doc, toks: &[Tok]) -> bool {
    let letters: String = toks
        .iter()
        .map(|t| t.text(text))
        .filter(|w| *w != ".")
        .collect::<String>()
        .to_lowercase();
    toks.len() >= 3
        && toks
            .iter()
            .all(|t| t.text(text) == "." || one_letter(text, t))
        && LEGAL_FORMS.contains(letters.as_str())
}

/// A token of one ASCII letter, an initial.
fn one_letter(text: &Doc, t: &Tok) -> bool {
    let w = t.text(text);
    w.len() == 1 && w.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Whether a tab, the border of two table cells, comes right before token `k`.
/// Whether token `k` follows the one before it after one space or line break at most: a
/// wider gap ("For La Poste  Ibrahima Fall" in a signature cell) separates two things.
fn close_to_previous(toks: &[Tok], k: usize) -> bool {
    k > 0 && toks[k].start - toks[k - 1].end <= 1
}

/// Whether the tokens before `i` are a role title and "of": "Director General of [Pošta
/// Srbije] Milan Petrović", where a name may follow the organisation.
fn after_role_of(text: &Doc, toks: &[Tok], i: usize) -> bool {
    i >= 2
        && low(text, &toks[i - 1]) == "of"
        && (i.saturating_sub(6)..i - 1).any(|p| match_role(text, toks, p) == Some(i - 1))
}

fn tab_before(text: &Doc, toks: &[Tok], k: usize) -> bool {
    k > 0 && k < toks.len() && text[toks[k - 1].end..toks[k].start].contains('\t')
}

/// The end of a capitalised run starting at `i` ("Japan Post Co., Ltd." is one run).
fn chunk_end(text: &Doc, toks: &[Tok], i: usize) -> usize {
    let mut j = i;
    while j < toks.len() {
        let t = &toks[j];
        // A tab separates the cells of a table row ("ADB\tCambodia Post"): no name spans it.
        if j > i && tab_before(text, toks, j) {
            break;
        }
        // "For the Postal Corporation of Kenya For the Tanzania Posts Corporation": a
        // capitalised "For" or "And" inside a run starts the next cell of a signature row.
        if j > i && matches!(t.text(text), "For" | "And") {
            break;
        }
        if capword(text, t) {
            j += 1;
            continue;
        }
        let w = t.text(text);
        if j > i && w == "." && is_legal(text, &toks[j - 1]) && toks[j - 1].end == t.start {
            j += 1;
            continue;
        }
        // "Hellenic Post S.A.", "PostePay S.p.A.": a legal form in initials ends the name with
        // its last dot; a later initial may be in lower case.
        if j > i + 1 && w == "." && toks[j - 1].end == t.start && one_letter(text, &toks[j - 1]) {
            let lower_next = toks.get(j + 1).is_some_and(|n| {
                n.start == t.end
                    && one_letter(text, n)
                    && toks
                        .get(j + 2)
                        .is_some_and(|d| d.text(text) == "." && d.start == n.end)
            });
            if lower_next && !capword(text, &toks[j + 1]) {
                j += 2;
                continue;
            }
            // Only after a word: "U.S." opens "U.S. Department of State".
            let closes = toks[j - 2].text(text) == "."
                && toks.get(j + 1).is_none_or(|n| n.start > t.end)
                && toks[i..j].iter().any(|p| p.text(text).chars().count() > 1);
            if closes {
                j += 1;
                break;
            }
        }
        // "U.S. Postal Service": one-letter initials with their dots.
        if j > i
            && w == "."
            && toks[j - 1].end == t.start
            && toks[j - 1].text(text).chars().count() == 1
            && toks.get(j + 1).is_some_and(|n| {
                n.start == t.end && n.text(text).chars().count() == 1 && capword(text, n)
                    || n.start > t.end && capword(text, n)
            })
        {
            j += 1;
            continue;
        }
        if j > i
            && (w == "," || w == "&")
            && j + 1 < toks.len()
            && (if w == "," {
                is_legal(text, &toks[j + 1])
                    && (is_legal(text, &toks[j - 1])
                        || (j >= 2
                            && toks[j - 1].text(text) == "."
                            && is_legal(text, &toks[j - 2])))
            } else {
                capword(text, &toks[j + 1])
            })
        {
            j += 1;
            continue;
        }
        break;
    }
    j
}

/// Extends a head noun over an "of"/"for" complement: "Ministry of Science and ICT",
/// "Bureau of International Organization Affairs". Returns the new end, or `None`.
fn complement_end(text: &Doc, toks: &[Tok], j: usize) -> Option<usize> {
    let mut e = j;
    let mut extended = false;
    // "Ministry of Trade, Co-operatives, Small and Medium Enterprises and Communications": a
    // portfolio list may run to several items.
    for _ in 0..6 {
        let Some(t) = toks.get(e) else { break };
        let w = low(text, t);
        let start = if w == "of" || w == "for" || (extended && (w == "and" || w == "&" || w == ","))
        {
            e + 1
        } else {
            break;
        };
        let mut s = start;
        // "Ministry of Information, Communications and the Digital Economy": an article may
        // open the last item too; a second organisation after "and the" is caught below by
        // its head noun.
        if toks.get(s).is_some_and(|t| low(text, t) == "the") && w != "," {
            s += 1;
        }
        if !toks.get(s).is_some_and(|t| capword(text, t)) {
            break;
        }
        let mut ce = chunk_end(text, toks, s);
        // "... of Poczta Polska, Petr Dvořáček, Director General of ...": after a comma, a
        // title, or a name followed by a title, is a person, not a portfolio of the list.
        if w == ","
            && (match_role(text, toks, s).is_some()
                || (toks.get(ce).is_some_and(|t| t.text(text) == ",")
                    && match_role(text, toks, ce + 1).is_some()))
        {
            break;
        }
        // A role title ends the complement: "Ministry of Science and ICT Minister Lee".
        if let Some(r) = (s..ce).find(|&k| match_role(text, toks, k).is_some() && k > s) {
            ce = r;
        }
        let has_head = (s..ce).any(|k| is_head(text, &toks[k]));
        // "... for Electronic Communications and Postal Services", "Ministry of Digital Economy
        // and Society": a portfolio whose head is a generic noun, not a second organisation.
        let portfolio = (s..ce).all(|k| {
            let l = low(text, &toks[k]);
            DEPARTMENT_WORDS.contains(&*l) || matches!(&*l, "services" | "service" | "society")
        });
        if extended && w != "of" && has_head && !portfolio {
            break; // "... and Korea Post" is a second organisation
        }
        // "International Business Bureau of Korea Post": the complement is an organisation of
        // its own (a company name), so the bureau is a unit of it, not "X of Y" as one name.
        let last = low(text, &toks[ce - 1]);
        if ce - s >= 2 && STRONG_HEADS.contains(&(&*last)) {
            break;
        }
        // "Executive Council of the Asian-Pacific Postal Union", "EMS Unit of the UPU
        // International Bureau": "of the" before a named body makes the head a part of it.
        if w == "of" && s > start && ce - s >= 2 && is_head(text, &toks[ce - 1]) {
            break;
        }
        // "the Ministry of Science and ICT and Vietnam's Ministry ...": a possessive opens a
        // second name.
        if w != "of" && w != "for" && toks.get(ce).is_some_and(|t| t.kind == Kind::Poss) {
            break;
        }
        e = ce;
        extended = true;
    }
    // "Embassy of the Philippines in Japan", "American Chamber of Commerce in Korea",
    // "Delegation of the European Union to Korea": the host country is part of the name.
    let head = low(text, &toks[j - 1]);
    if extended
        && HOSTED_HEADS.contains(&&*head)
        && toks
            .get(e)
            .is_some_and(|t| matches!(&*low(text, t), "in" | "to"))
    {
        let mut q = e + 1;
        while q < toks.len() && q < e + 3 && capword(text, &toks[q]) && !is_head(text, &toks[q]) {
            q += 1;
        }
        if q > e + 1 {
            e = q;
        }
    }
    extended.then_some(e)
}

/// Countries and territories whose name holds "and" (the words either side of it).
const AND_COUNTRIES: &[(&str, &str)] = &[
    ("trinidad", "tobago"),
    ("antigua", "barbuda"),
    ("bosnia", "herzegovina"),
    ("kitts", "nevis"),
    ("vincent", "grenadines"),
    ("tome", "principe"),
    ("tomé", "príncipe"),
    ("turks", "caicos"),
    ("pierre", "miquelon"),
    ("wallis", "futuna"),
];

/// National legal forms written before a name: "PT Pos Indonesia", "AS Eesti Post", "VAS
/// Latvijas Pasts", "AB Lietuvos paštas".
const LEGAL_PREFIXES: &[&str] = &["pt", "as", "ab", "vas", "sia", "uab", "jsc", "ao", "pjsc"];

/// Legal forms written in lower case after a name ("Íslandspóstur ohf.", "Posti Oyj" in
/// lower case), none of them an English word.
const LOWER_LEGAL_SUFFIXES: &[&str] = &[
    "ohf", "hf", "ehf", "oyj", "oy", "asa", "aps", "gmbh", "bv", "nv", "srl", "tbk",
];

/// "Íslandspóstur ohf.": one to three capitalised words and a national legal form in lower
/// case make an organisation whatever its head noun; the words alone are its short form.
/// Returns where to resume.
fn legal_suffix_name(text: &Doc, toks: &[Tok], i: usize, out: &mut Vec<OrgCand>) -> Option<usize> {
    if i > 0 && capword(text, &toks[i - 1]) {
        return None;
    }
    let j = chunk_end(text, toks, i);
    let form = toks.get(j)?;
    let raw = form.text(text);
    if j > i + 3 || !raw.chars().all(|c| c.is_lowercase()) || !LOWER_LEGAL_SUFFIXES.contains(&raw) {
        return None;
    }
    if (i..j)
        .any(|k| OPENERS.contains(&*low(text, &toks[k])) || match_role(text, toks, k).is_some())
    {
        return None;
    }
    let end = match toks.get(j + 1) {
        Some(t) if t.text(text) == "." && t.start == form.end => j + 2,
        _ => j + 1,
    };
    push_named(
        out,
        text,
        span_of(toks, i, end),
        Some(span_of(toks, i, j)),
        "org.legal_suffix",
    );
    Some(end)
}

/// Pushes a name found by `rule` and, when given, its short form (the name without its legal
/// form) as an alias of it.
fn push_named(
    out: &mut Vec<OrgCand>,
    text: &Doc,
    span: Span,
    short: Option<Span>,
    rule: &'static str,
) {
    let name = name_of(text, span);
    out.push(OrgCand {
        span,
        name: name.clone(),
        rule,
        alias_of: None,
    });
    if let Some(short) = short {
        out.push(OrgCand {
            span: short,
            name: name_of(text, short),
            rule: "org.acronym_paren",
            alias_of: Some(name),
        });
    }
}

/// The national words for "post" that Central European and Baltic languages write in lower
/// case after a capitalised adjective ("Česká pošta", "Poczta Polska" aside).
const NATIONAL_POST_WORDS: &[&str] = &[
    "pošta", "posta", "poczta", "pasts", "pastas", "paštas", "pošte", "poşta", "pošty",
    // Uzbek and Kyrgyz: "Uzbekiston pochtasi", "Kyrgyz pochtasy".
    "pochtasi", "pochtasy",
];

/// A lower-case legal form written with dots after a comma (", a.s.", ", s.p.", ", s.r.o."):
/// the index after it, when one starts at `k`.
fn dotted_form_end(text: &Doc, toks: &[Tok], k: usize) -> Option<usize> {
    let mut q = k;
    let mut letters = 0;
    while q + 1 < toks.len()
        && letters < 4
        && toks[q].is_word()
        && toks[q].text(text).chars().count() <= 3
        && toks[q].text(text).chars().all(char::is_lowercase)
        && toks[q + 1].text(text) == "."
        && toks[q + 1].start == toks[q].end
    {
        letters += 1;
        q += 2;
    }
    (letters >= 2).then_some(q)
}

/// "Česká pošta", "Slovenská pošta, a.s.": a capitalised word and the national word for post
/// in lower case name the national operator; a dotted legal form after a comma belongs to
/// the name, and the name without it is its short form. Returns where to resume.
fn national_post_name(text: &Doc, toks: &[Tok], i: usize, out: &mut Vec<OrgCand>) -> Option<usize> {
    let post = toks.get(i + 1)?;
    if is_allcaps(toks[i].text(text))
        || post.start != toks[i].end + 1
        || !NATIONAL_POST_WORDS.contains(&post.text(text))
        || (i > 0 && capword(text, &toks[i - 1]))
    {
        return None;
    }
    let short = span_of(toks, i, i + 2);
    // ", a.s." after a comma, or a legal form in capitals right after ("Uzbekiston pochtasi
    // JSC").
    let form = toks
        .get(i + 2)
        .filter(|t| t.text(text) == ",")
        .and_then(|_| dotted_form_end(text, toks, i + 3))
        // "Hrvatska pošta d.d.": without the comma too.
        .or_else(|| dotted_form_end(text, toks, i + 2))
        .or_else(|| {
            toks.get(i + 2)
                .filter(|t| is_allcaps(t.text(text)) && is_legal(text, t))
                .map(|_| i + 3)
        });
    let end = form.unwrap_or(i + 2);
    let span = span_of(toks, i, end);
    push_named(out, text, span, form.map(|_| short), "org.national_post");
    Some(paren_alias_of(text, toks, end, &name_of(text, span), out).max(end))
}

/// Legal forms in capitals that follow a brand written in lower case ("bpost NV/SA").
const BRAND_FORMS: &[&str] = &["NV", "AG", "GmbH", "Oyj", "ASA", "BV", "plc"];

/// "bpost NV/SA": a word in lower case right before a legal form in capitals (with its
/// bilingual pair after a slash) is a brand, and the brand alone is its short form. Returns
/// where to resume.
fn lower_brand_name(text: &Doc, toks: &[Tok], i: usize, out: &mut Vec<OrgCand>) -> Option<usize> {
    let brand = &toks[i];
    let w = brand.text(text);
    let form = toks.get(i + 1)?;
    if !brand.is_word()
        || w.chars().count() < 4
        || !w.chars().all(|c| c.is_lowercase())
        || form.start != brand.end + 1
        || !BRAND_FORMS.contains(&form.text(text))
        || (i > 0 && matches!(&*low(text, &toks[i - 1]), "the" | "a" | "an"))
    {
        return None;
    }
    let mut end = i + 2;
    if toks
        .get(end)
        .is_some_and(|t| t.text(text) == "/" && t.start == form.end)
        && toks
            .get(end + 1)
            .is_some_and(|t| is_allcaps(t.text(text)) && t.text(text).len() <= 3)
    {
        end += 2;
    }
    let brand = Some(span_of(toks, i, i + 1));
    push_named(out, text, span_of(toks, i, end), brand, "org.lower_brand");
    Some(end)
}

/// "AS Eesti Post (Omniva)", "AB Lietuvos pastas (Lithuania Post)": a national legal form in
/// capitals, one to three words of a name (the national word for "post" may be in lower
/// case), and the short form the text uses in parentheses. The form and the parenthesis
/// together mark an organisation whatever its head noun. Returns where to resume.
fn legal_prefix_name(text: &Doc, toks: &[Tok], i: usize, out: &mut Vec<OrgCand>) -> Option<usize> {
    let first = toks[i].text(text);
    if !is_allcaps(first) || !LEGAL_PREFIXES.contains(&&*low(text, &toks[i])) {
        return None;
    }
    let open = (i + 2..(i + 5).min(toks.len())).find(|&k| toks[k].text(text) == "(")?;
    let name_ok = (i + 1..open).all(|k| {
        let t = &toks[k];
        t.is_word()
            && !matches!(&*low(text, t), "and" | "or" | "the" | "of" | "in" | "to")
            && (k == i + 1 || !is_allcaps(t.text(text)))
    }) && capword(text, &toks[i + 1]);
    let close = (open + 1..(open + 5).min(toks.len())).find(|&k| toks[k].text(text) == ")")?;
    let alias_ok = close > open + 1
        && (open + 1..close).all(|k| capword(text, &toks[k]) && !is_legal(text, &toks[k]));
    if !name_ok || !alias_ok {
        return None;
    }
    let span = span_of(toks, i, open);
    let name = name_of(text, span);
    let alias = span_of(toks, open + 1, close);
    out.push(OrgCand {
        span,
        name: name.clone(),
        rule: "org.legal_prefix",
        alias_of: None,
    });
    out.push(OrgCand {
        span: alias,
        name: name_of(text, alias),
        rule: "org.acronym_paren",
        alias_of: Some(name),
    });
    Some(close + 1)
}

/// Heads whose name goes on with the country they sit in.
const HOSTED_HEADS: &[&str] = &[
    "embassy",
    "consulate",
    "chamber",
    "delegation",
    "mission",
    "representation",
];

/// Heads that make a name a company or postal operator on its own.
const STRONG_HEADS: &[&str] = &[
    "post",
    "posts",
    "group",
    "corporation",
    "corp",
    "company",
    "co",
    "ltd",
    "limited",
    "inc",
    "holdings",
    "plc",
    "llc",
    "airlines",
    "logistics",
];

fn span_of(toks: &[Tok], a: usize, b: usize) -> Span {
    Span(toks[a].start, toks[b - 1].end)
}

fn name_of(text: &str, span: Span) -> String {
    squash(span.slice(text))
}

fn has_group_marker(name: &str) -> bool {
    let l = name.to_lowercase();
    GROUP_NAME_MARKERS.iter().any(|m| l.contains(m))
}

/// Collects the organisation candidates of one sentence.
fn org_candidates(text: &Doc, toks: &[Tok], out: &mut Vec<OrgCand>) {
    let first = out.len();
    org_runs(text, toks, out);
    hereinafter_aliases(text, toks, first, out);
    trade_name_aliases(text, toks, first, out);
}

/// The capitalised runs of one sentence and what they name.
fn org_runs(text: &Doc, toks: &[Tok], out: &mut Vec<OrgCand>) {
    let n = toks.len();
    let words = toks.iter().filter(|t| t.is_word()).count();
    let shouting = toks
        .iter()
        .filter(|t| t.is_word() && is_allcaps(t.text(text)))
        .count()
        * 2
        > words.max(1);
    let mut i = 0;
    while i < n {
        if !capword(text, &toks[i]) {
            i = lower_brand_name(text, toks, i, out).unwrap_or(i + 1);
            continue;
        }
        if let Some(next) = national_post_name(text, toks, i, out) {
            i = next;
            continue;
        }
        if let Some(next) = legal_prefix_name(text, toks, i, out) {
            i = next;
            continue;
        }
        if let Some(next) = legal_suffix_name(text, toks, i, out) {
            i = next;
            continue;
        }
        // "The Empresa Brasileira ...": the article is not part of a head-first name.
        if toks[i].low(text) == "the"
            && toks
                .get(i + 1)
                .is_some_and(|t| HEADS_FIRST.contains(&&*t.low(text)))
        {
            i += 1;
            continue;
        }
        // "Enterprise des Postes Lao (EPL)", "Bank Negara Malaysia": the head noun first.
        if let Some((h, e)) = head_first(text, toks, i) {
            let span = span_of(toks, i, e);
            // "State Enterprise Kyrgyz Pochtasy": the words after the kind of body are the
            // name it goes by.
            let short = (h > i && toks[h].low(text) == "enterprise" && e > h + 1)
                .then(|| span_of(toks, h + 1, e))
                .or_else(|| legal_tail(text, toks, h, e).map(|f| span_of(toks, i, f)));
            push_named(out, text, span, short, "org.head_first");
            i = paren_alias_of(text, toks, e, &name_of(text, span), out).max(e);
            continue;
        }
        let j = chunk_end(text, toks, i);
        // "the Management Board of Poczta Polska": a company's board is an organ of the
        // company, not an organisation of its own.
        if j == i + 2
            && matches!(
                &*low(text, &toks[i]),
                "management" | "supervisory" | "executive"
            )
            && low(text, &toks[i + 1]) == "board"
            && toks.get(j).is_some_and(|t| low(text, t) == "of")
            && toks.get(j + 1).is_some_and(|t| capword(text, t))
        {
            i = j;
            continue;
        }
        // "the Union" after "Universal Postal Union".
        let h = if low(text, &toks[i]) == "the" {
            i + 1
        } else {
            i
        };
        let of_follows = matches!(
            toks.get(j).map(|t| low(text, t)).as_deref(),
            Some("of" | "for")
        );
        if j == h + 1
            && h > 0
            && !of_follows
            && toks[h - 1].text(text).eq_ignore_ascii_case("the")
            && is_head(text, &toks[h])
            && !LEGAL_FORMS.contains(&*low(text, &toks[h]))
        {
            let head = low(text, &toks[h]);
            if let Some(prev) = out
                .iter()
                .rev()
                .find(|c| c.alias_of.is_none() && c.name.to_lowercase().ends_with(&*head))
            {
                let target = prev.name.clone();
                out.push(OrgCand {
                    span: span_of(toks, h - 1, j),
                    name: format!("the {}", toks[h].text(text)),
                    rule: "org.the_head",
                    alias_of: Some(target),
                });
            }
            i = j;
            continue;
        }
        known_names(text, toks, i, j, out);
        // "Vietnam Posts and Telecommunications Group": one name across "and".
        let mut j = j;
        if matches!(&*low(text, &toks[j - 1]), "post" | "posts")
            && toks
                .get(j)
                .is_some_and(|t| matches!(t.text(text), "and" | "&"))
            && toks.get(j + 1).is_some_and(|t| {
                matches!(
                    &*t.low(text),
                    "telecommunications"
                        | "telecommunication"
                        | "telecom"
                        | "telegraph"
                        | "telegraphs"
                        | "logistics"
                        | "savings"
                        | "communications"
                        | "finance"
                        | "insurance"
                        | "banking"
                )
            })
        {
            j = chunk_end(text, toks, j + 1);
        }
        // "Trinidad and Tobago Postal Corporation": a country whose name holds "and".
        if let Some(after) = toks
            .get(j)
            .filter(|t| t.text(text) == "and")
            .and_then(|_| {
                let k = if toks.get(j + 1).is_some_and(|t| t.text(text) == "the") {
                    j + 2
                } else {
                    j + 1
                };
                toks.get(k).map(|t| (k, t))
            })
            .filter(|(_, t)| {
                let pair = (&*low(text, &toks[j - 1]), &*low(text, t));
                AND_COUNTRIES.contains(&pair)
            })
            .map(|(k, _)| k)
        {
            j = chunk_end(text, toks, after);
        }
        // "Ports and Harbours Bureau", "Malaysian Communications and Multimedia Commission": a
        // portfolio word, "and", then a name with a head noun: one name.
        if toks[i..j].iter().all(|t| !is_head(text, t))
            && DEPARTMENT_WORDS.contains(&*low(text, &toks[j - 1]))
            && toks
                .get(j)
                .is_some_and(|t| matches!(t.text(text), "and" | "&"))
            && toks.get(j + 1).is_some_and(|t| capword(text, t))
        {
            let j2 = chunk_end(text, toks, j + 1);
            if j2 > j + 1 && is_head(text, &toks[j2 - 1]) {
                j = j2;
            }
        }
        let last = j - 1;
        // "Postal Corporation of Kenya": a legal form that is also the head takes the
        // country it serves.
        let legal_head = matches!(&*low(text, &toks[last]), "corporation" | "company");
        let ext = if is_head(text, &toks[last]) && (!is_legal(text, &toks[last]) || legal_head) {
            complement_end(text, toks, j)
        } else {
            None
        };
        let before = out.len();
        let next = process_chunk(text, toks, i, j, ext, shouting, out);
        // "the UPU's Quality of Service Fund": a name with "of" before its head noun.
        if let Some(c0) = of_prefix(text, toks, i) {
            if let Some(c) = out[before..]
                .iter_mut()
                .find(|c| c.span.0 == toks[i].start && c.alias_of.is_none())
            {
                c.span = Span(toks[c0].start, c.span.1);
                c.name = name_of(text, c.span);
            }
        }
        i = next.max(i + 1);
    }
}

/// Heads that open a name in French, Portuguese, Spanish, Malay or Indonesian usage: "Bank
/// Indonesia", "Enterprise des Postes Lao", "Correios do Brasil".
const HEADS_FIRST: &[&str] = &[
    "bank",
    "banco",
    "banque",
    "enterprise",
    "entreprise",
    "société",
    "societe",
    "sociedade",
    "sociedad",
    "correios",
    "correos",
    "correo",
    "pošta",
    "paositra",
    "poste",
    "posta",
    "caisse",
    "empresa",
    "servicios",
    "serviços",
    "administración",
    "administração",
    "servicos",
    "instituto",
    "agencia",
    "agência",
    "superintendencia",
    "ministerio",
    "ministério",
    "dirección",
    "direccion",
    "autoridad",
    "comisión",
    "organismo",
    "compañía",
    "companhia",
];

/// Words naming the kind of state body before a head-first name: "State Enterprise",
/// "State Unitary Enterprise", "Federal State Unitary Enterprise".
const STATE_FORMS: &[&str] = &["state", "unitary", "federal", "public", "municipal"];

/// Words that name an agreement, never part of an organisation's name after it: "Paositra
/// Malagasy Memorandum of Understanding".
const AGREEMENT_WORDS: &[&str] = &[
    "memorandum",
    "agreement",
    "mou",
    "moc",
    "accord",
    "protocol",
];

/// Particles inside such a name: "des", "do", "de la".
const NAME_PARTICLES: &[&str] = &[
    "des", "de", "du", "do", "da", "dos", "das", "di", "del", "della", "la", "le", "los", "las",
    // "Correios e Telégrafos", "Correos y Telégrafos", "des Postes et de l'Épargne": "and"
    // inside the name.
    "e", "y", "et",
];

/// A French word after an elided article or preposition: "l'Épargne", "d'Ivoire".
fn elided_cap(w: &str) -> bool {
    ["l'", "d'", "l’", "d’"].iter().any(|p| {
        w.strip_prefix(p)
            .is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase))
    })
}

/// The head and the end of a head-first name starting at token `i`, when at least one proper
/// word follows the head.
fn head_first(text: &Doc, toks: &[Tok], i: usize) -> Option<(usize, usize)> {
    // "La Poste du Sénégal": an article may open the name before its head, when a particle
    // follows the head ("La Poste Groupe" is the group's own head-last name).
    let h = match toks.get(i + 1) {
        Some(t)
            if matches!(
                &*low(text, &toks[i]),
                "la" | "le" | "les" | "el" | "los" | "las"
            ) && HEADS_FIRST.contains(&&*low(text, t))
                && toks
                    .get(i + 2)
                    .is_some_and(|p| NAME_PARTICLES.contains(&&*low(text, p))) =>
        {
            i + 1
        }
        // "State Unitary Enterprise Pochtai Tojik": the kind of state body before the head.
        _ => {
            let mut k = i;
            while k < i + 3
                && toks
                    .get(k)
                    .is_some_and(|t| STATE_FORMS.contains(&&*low(text, t)))
            {
                k += 1;
            }
            if k > i
                && toks
                    .get(k)
                    .is_some_and(|t| HEADS_FIRST.contains(&&*low(text, t)))
            {
                k
            } else {
                i
            }
        }
    };
    if !HEADS_FIRST.contains(&&*low(text, &toks[h])) || is_allcaps(toks[h].text(text)) {
        return None;
    }
    if i > 0
        && capword(text, &toks[i - 1])
        && !OPENERS.contains(&*low(text, &toks[i - 1]))
        && !tab_before(text, toks, i)
    {
        return None;
    }
    let plain = |k: usize| {
        toks.get(k).is_some_and(|t| {
            !tab_before(text, toks, k)
                && close_to_previous(toks, k)
                && (capword(text, t) || elided_cap(t.text(text)))
                && !AGREEMENT_WORDS.contains(&&*low(text, t))
                && !OPENERS.contains(&*t.low(text))
                && match_role(text, toks, k).is_none()
        })
    };
    let mut j = h + 1;
    while j < toks.len() && j < h + 8 {
        // "S.A.", "S.A.C.": a legal form in initials ends the name.
        let initial = |k: usize| {
            toks.get(k).is_some_and(|t| {
                let w = t.text(text);
                w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase())
            }) && toks.get(k + 1).is_some_and(|t| t.text(text) == ".")
        };
        // "..., S.A.": after a comma too.
        let comma_initial = toks.get(j).is_some_and(|t| t.text(text) == ",") && initial(j + 1);
        if j > h + 1 && (initial(j) || comma_initial) {
            if comma_initial {
                j += 1;
            }
            // "S.p.A.": later initials may be in lower case.
            let letter = |k: usize| {
                toks.get(k).is_some_and(|t| {
                    t.text(text).len() == 1 && t.text(text).chars().all(|c| c.is_ascii_alphabetic())
                }) && toks.get(k + 1).is_some_and(|t| t.text(text) == ".")
            };
            j += 2;
            while letter(j) {
                j += 2;
            }
            break;
        }
        // "Pošta Slovenije d.o.o.": a dotted legal form in lower case ends the name.
        if j > h + 1 {
            if let Some(q) = dotted_form_end(text, toks, j) {
                j = q;
                break;
            }
        }
        // "de la República", "de los Andes": two particles before a word.
        let particle = |k: usize| {
            toks.get(k)
                .is_some_and(|t| NAME_PARTICLES.contains(&&*low(text, t)))
        };
        if plain(j) {
            j += 1;
        } else if particle(j) && plain(j + 1) {
            j += 2;
        } else if particle(j) && particle(j + 1) && plain(j + 2) {
            j += 3;
        } else {
            break;
        }
    }
    // "Director General of Pošta Srbije Milan Petrović-Jovanović said": after a title, the
    // last two of three or more plain words are the holder's name.
    if j >= h + 4 && after_role_of(text, toks, i) && (h + 1..j).all(|k| capword(text, &toks[k])) {
        j -= 2;
    }
    (j > h + 1).then_some((h, j))
}

/// Where the legal form at the end of a head-first name `[h, e)` starts ("Correos del Ecuador
/// CDE E.P.", "Pošta Crne Gore AD", "Pošta Slovenije d.o.o."): initials, short words in
/// capitals and dotted forms, after at least one word of the name proper.
fn legal_tail(text: &Doc, toks: &[Tok], h: usize, e: usize) -> Option<usize> {
    let formal = |t: &Tok| {
        let w = t.text(text);
        w == "."
            || (t.is_word() && w.chars().count() == 1)
            || (is_allcaps(w) && (2..=4).contains(&w.chars().count()))
            || is_legal(text, t)
    };
    let mut f = e;
    while f > h + 2 && formal(&toks[f - 1]) {
        f -= 1;
    }
    // A comma before the form (", S.A.") is not part of the short name.
    let mut s = f;
    if s > h + 2 && toks[s - 1].text(text) == "," {
        s -= 1;
    }
    (f < e && s > h + 1).then_some(s)
}

/// The start of "Quality of" before a name starting at token `i`, when that short capitalised
/// phrase follows "the" or a possessive and is not a role, a name or an organisation itself.
fn of_prefix(text: &Doc, toks: &[Tok], i: usize) -> Option<usize> {
    if i < 2 || low(text, &toks[i - 1]) != "of" || !capword(text, &toks[i - 2]) {
        return None;
    }
    let mut c0 = i - 2;
    while c0 > 0 && i - 1 - c0 < 2 && capword(text, &toks[c0 - 1]) {
        c0 -= 1;
    }
    let opened = c0 > 0 && (toks[c0 - 1].kind == Kind::Poss || low(text, &toks[c0 - 1]) == "the");
    let plain = (c0..i - 1).all(|k| {
        let l = low(text, &toks[k]);
        !OPENERS.contains(&*l)
            && !ORG_HEADS.contains(&*l)
            && match_role(text, toks, k).is_none()
            && !is_allcaps(toks[k].text(text))
    });
    (opened && plain && !(c0 > 0 && capword(text, &toks[c0 - 1]))).then_some(c0)
}

/// Known brand names inside a capitalised run ("Royal Mail", "PostNord"), matched word by word.
fn known_names(text: &Doc, toks: &[Tok], i: usize, j: usize, out: &mut Vec<OrgCand>) {
    for s in i..j {
        let Some(cands) = KNOWN_INDEX.get(toks[s].text(text)) else {
            continue;
        };
        for words in cands {
            let mut e = s + words.len();
            if e <= j
                && words
                    .iter()
                    .enumerate()
                    .all(|(q, w)| toks[s + q].text(text) == *w)
            {
                // "La Poste Tunisienne", "La Poste de Djibouti": a known name that goes on is
                // the start of another body's name.
                let name_word = |k: usize| {
                    toks.get(k).is_some_and(|t| {
                        t.is_word()
                            && capword(text, t)
                            && close_to_previous(toks, k)
                            // "PostNL N.V.": the legal form's initials.
                            && !(t.text(text).chars().count() == 1
                                && toks.get(k + 1).is_some_and(|d| d.text(text) == "."))
                            && !AGREEMENT_WORDS.contains(&&*low(text, t))
                            && !OPENERS.contains(&*low(text, t))
                            && match_role(text, toks, k).is_none()
                            // "the Kahala Posts Group CEOs": people, not more of the name.
                            && !ROLES.contains(&low(text, t).trim_end_matches('s'))
                            && !KNOWN_INDEX.contains_key(t.text(text))
                    })
                };
                // A head or legal form later in the run names the body by other rules, and
                // the known name is its short form ("Posten Norge AS").
                let headed = (e..j).any(|k| {
                    let l = low(text, &toks[k]);
                    ORG_HEADS.contains(&*l) || LEGAL_FORMS.contains(&*l)
                });
                if headed || after_role_of(text, toks, s) {
                } else if e < j && name_word(e) {
                    e += if e + 1 < j && name_word(e + 1) { 2 } else { 1 };
                } else if matches!(toks.get(e).map(|t| t.text(text)), Some("de" | "du" | "del"))
                    && name_word(e + 1)
                {
                    e += 2;
                }
                let span = span_of(toks, s, e);
                out.push(OrgCand {
                    span,
                    name: name_of(text, span),
                    rule: "org.known_name",
                    alias_of: None,
                });
                break;
            }
        }
    }
}

/// Known names by their first word.
static KNOWN_INDEX: LazyLock<FxHashMap<&'static str, Vec<Vec<&'static str>>>> =
    LazyLock::new(|| {
        let mut m: FxHashMap<&'static str, Vec<Vec<&'static str>>> = FxHashMap::default();
        for n in KNOWN_NAMES {
            let words: Vec<&'static str> = n.split(' ').collect();
            m.entry(words[0]).or_default().push(words);
        }
        for v in m.values_mut() {
            v.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        m
    });

/// Splits one capitalised run at role titles and records the organisations in it; returns where
/// scanning continues.
fn process_chunk(
    text: &Doc,
    toks: &[Tok],
    i: usize,
    j: usize,
    ext: Option<usize>,
    shouting: bool,
    out: &mut Vec<OrgCand>,
) -> usize {
    let mut k = i;
    while k < j && OPENERS.contains(&*low(text, &toks[k])) {
        k += 1;
    }
    // Segments between role titles and honorifics.
    let mut segs = Vec::new();
    let mut a = k;
    let mut p = k;
    while p < j {
        let l = low(text, &toks[p]);
        let stop = if matches!(&*l, "mr" | "ms" | "mrs" | "dr" | "prof") || (l == "for" && p > a) {
            // "For India Post For Sri Lanka Post": a capitalised "For" separates two names.
            Some(p + 1)
        } else {
            // "Kahala Posts Group CEO": a head noun after a name is the name's, not a role's.
            let head_here = p > a && is_head(text, &toks[p]);
            match_role(text, toks, p).filter(|&e| e <= j && !head_here)
        };
        if let Some(e) = stop {
            if a < p {
                segs.push((a, p));
            }
            a = e;
            p = e;
        } else {
            p += 1;
        }
    }
    if a < j {
        segs.push((a, j));
    }
    let mut resume = j;
    for (mut a, b) in segs {
        // "Commissioner For Mongol Post JSC": an opener after a role title.
        while a + 1 < b && OPENERS.contains(&*low(text, &toks[a])) {
            a += 1;
        }
        let head = (a..b)
            .rev()
            .find(|&h| is_head(text, &toks[h]) && service_ok(text, toks, a, h));
        let with_ext = ext.filter(|_| b == j);
        let mut short = None;
        let (end, rule) = match head {
            Some(h) if h + 1 == b && with_ext.is_some() => {
                (with_ext.unwrap_or(b), "org.of_complement")
            }
            Some(h) if h > a => {
                let l = low(text, &toks[h]);
                // "the West African Postal Conference (WAPCO)": a weak head is a body when the
                // text gives the name a short form of its initials.
                let defined = h + 1 == b
                    && toks.get(b).is_some_and(|t| t.text(text) == "(")
                    && toks.get(b + 2).is_some_and(|t| t.text(text) == ")")
                    && toks.get(b + 1).is_some_and(|t| {
                        let short = t.text(text);
                        acronym_ok(short)
                            && initials(&name_of(text, span_of(toks, a, b)), false)
                                .starts_with(&short[..1])
                    });
                if WEAK_HEADS.contains(&*l) && !defined {
                    continue;
                }
                // "Ltd." keeps its dot.
                let dot = h + 1 < b
                    && toks[h + 1].text(text) == "."
                    && matches!(&*l, "co" | "ltd" | "inc" | "corp");
                // "Hellenic Post S.A.", "Poste Italiane S.p.A.": a legal form in initials.
                if legal_initials(text, &toks[h + 1..b]) {
                    short = Some(span_of(toks, a, h + 1));
                    (b, "org.head_noun")
                } else if l == "poste" && h + 2 == b {
                    // "La Poste Tunisienne": in French the adjective follows the head.
                    (b, "org.head_noun")
                } else {
                    (h + 1 + usize::from(dot), "org.head_noun")
                }
            }
            // "PostePay S.p.A.": a brand and a legal form in initials.
            _ if b > a + 2 && capword(text, &toks[a]) && legal_initials(text, &toks[a + 1..b]) => {
                short = Some(span_of(toks, a, a + 1));
                (b, "org.legal_suffix")
            }
            _ => {
                let w = toks[a].text(text);
                // "SEOUL, 12 March 2024 -": a dateline city, not an acronym.
                let dateline = a == 0
                    && toks
                        .get(1)
                        .is_some_and(|t| matches!(t.text(text), "," | "(" | "—" | "–" | "-"));
                let rule = if b != a + 1 || shouting || dateline {
                    None
                } else if acronym_ok(w) {
                    Some("org.acronym")
                } else if camel_org(w) {
                    Some("org.camel_case")
                } else {
                    None
                };
                if let Some(rule) = rule {
                    let span = span_of(toks, a, b);
                    out.push(OrgCand {
                        span,
                        name: name_of(text, span),
                        rule,
                        alias_of: None,
                    });
                    let end = paren_alias(text, toks, b, out);
                    if b == j {
                        resume = resume.max(end);
                    }
                }
                continue;
            }
        };
        let span = span_of(toks, a, end);
        let name = name_of(text, span);
        if has_group_marker(&name) {
            continue;
        }
        // "UPU EMS Cooperative": the acronym is an organisation of its own too.
        let first = toks[a].text(text);
        let shouted_name = is_allcaps(toks[end - 1].text(text));
        if end - a >= 3 && !shouting && !shouted_name && is_allcaps(first) && acronym_ok(first) {
            let fs = span_of(toks, a, a + 1);
            out.push(OrgCand {
                span: fs,
                name: first.to_string(),
                rule: "org.acronym_prefix",
                alias_of: None,
            });
        }
        push_named(out, text, span, short, rule);
        if end >= j {
            let after = paren_alias_of(text, toks, end, &name, out);
            resume = resume.max(after);
        }
    }
    resume
}

/// "Name (N)": records N as a short form of the candidate just pushed; returns where to resume.
fn paren_alias(text: &Doc, toks: &[Tok], e: usize, out: &mut Vec<OrgCand>) -> usize {
    let Some(owner) = out.last().map(|c| c.name.clone()) else {
        return e;
    };
    paren_alias_of(text, toks, e, &owner, out)
}

/// The short forms in the parenthesis opening at token `e`, recorded as forms of `owner`:
/// "(UPU)", "(hereinafter \"Pos Indonesia\")", "(\"Vietnam Post\", also known as VNPost)".
/// Returns where to resume, or `e` when the parenthesis holds no short form.
/// Whether `short` is made of the starts of consecutive words of `owner`, two or more:
/// "Serpost" from "Servicios Postales del Peru", "Posindo" from "Pos Indonesia".
fn contraction_of(short: &str, owner: &str) -> bool {
    fn rest(short: &str, words: &[String], pieces: usize) -> bool {
        if short.is_empty() {
            return pieces >= 2;
        }
        let Some((w, tail)) = words.split_first() else {
            return false;
        };
        // This word contributes a prefix of two or more letters, or is skipped ("del").
        let skip = pieces > 0 && w.chars().count() <= 3 && rest(short, tail, pieces);
        skip || (2..=w.len().min(short.len()))
            .filter(|&n| w.is_char_boundary(n) && short.is_char_boundary(n))
            .any(|n| short[..n] == w[..n] && rest(&short[n..], tail, pieces + 1))
    }
    let words: Vec<String> = owner.split_whitespace().map(str::to_lowercase).collect();
    let short = short.to_lowercase();
    (0..words.len()).any(|i| rest(&short, &words[i..], 0))
}

fn paren_alias_of(
    text: &Doc,
    toks: &[Tok],
    e: usize,
    owner: &str,
    out: &mut Vec<OrgCand>,
) -> usize {
    if toks.get(e).is_none_or(|t| t.text(text) != "(") {
        return e;
    }
    let Some(close) = (e + 1..toks.len().min(e + 14)).find(|&k| toks[k].text(text) == ")") else {
        return e;
    };
    // Inside: the short forms, perhaps quoted and after "hereinafter (referred to as) the",
    // separated by commas, "or", "also known as".
    let filler = |k: usize| {
        let w = toks[k].text(text);
        matches!(w, "\"" | "“" | "”" | "'" | "‘" | "’" | "," | ";")
            || matches!(
                w.to_lowercase().as_str(),
                "hereinafter"
                    | "hereafter"
                    | "referred"
                    | "to"
                    | "as"
                    | "the"
                    | "or"
                    | "called"
                    | "also"
                    | "known"
                    | "aka"
            )
    };
    let inner: Vec<usize> = (e + 1..close).filter(|&k| !filler(k)).collect();
    // "(Correios do Brasil)": a particle may stand between capitalised words.
    let particle = |q: usize| {
        (NAME_PARTICLES.contains(&&*toks[inner[q]].low(text)) || &*toks[inner[q]].low(text) == "of")
            && q > 0
            && q + 1 < inner.len()
            && capword(text, &toks[inner[q + 1]])
    };
    if inner.is_empty() || !(0..inner.len()).all(|q| capword(text, &toks[inner[q]]) || particle(q))
    {
        return e;
    }
    // "Korea Post (President Park Jong-seok)": a person, not a short form; "(hereinafter "the
    // Parties")" after a list names all of them, not the last one.
    if match_role(text, toks, inner[0]).is_some()
        || inner
            .iter()
            .any(|&k| COLLECTIVES.contains(&*toks[k].low(text)))
    {
        return e;
    }
    // Groups of consecutive words, one short form each.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &k in &inner {
        match groups.last_mut() {
            Some(g) if g.1 == k => g.1 = k + 1,
            _ => groups.push((k, k + 1)),
        }
    }
    let mut found = Vec::new();
    for (first, end) in groups {
        let span = span_of(toks, first, end);
        let name = name_of(text, span);
        let single = end - first == 1;
        let uppers = name.chars().filter(|c| c.is_uppercase()).count();
        // "(Korea Post)" after something else is a source credit, not a short form; a word
        // the text goes on to use ("... Digital Affairs (Komdigi) ... Komdigi will") is one.
        if single
            && !acronym_ok(&name)
            && !is_allcaps(&name)
            && uppers < 2
            && !owner.starts_with(&name)
            && !contraction_of(&name, owner)
            && (is_head(text, &toks[first]) || !text[toks[close].end..].contains(name.as_str()))
        {
            return e;
        }
        found.push(OrgCand {
            span,
            name,
            rule: "org.acronym_paren",
            alias_of: Some(owner.to_string()),
        });
    }
    out.extend(found);
    close + 1
}

/// "X, a company of Fiji (hereinafter \"Fiji Post\")": a short form declared away from its name
/// belongs to the first organisation of the sentence.
fn hereinafter_aliases(text: &Doc, toks: &[Tok], first: usize, out: &mut Vec<OrgCand>) {
    for k in 0..toks.len() {
        if toks[k].text(text) != "("
            || !toks
                .get(k + 1)
                .is_some_and(|t| matches!(&*t.low(text), "hereinafter" | "hereafter"))
        {
            continue;
        }
        let at = toks[k].start;
        if out[first..]
            .iter()
            .any(|c| c.alias_of.is_some() && c.span.0 > at && c.span.0 < at + 200)
        {
            continue;
        }
        // "A, B, C and D (hereinafter "the Parties")": a name for all of them, not for one.
        let plural = toks[k + 2..]
            .iter()
            .take_while(|t| t.text(text) != ")")
            .take(8)
            .any(|t| COLLECTIVES.contains(&*t.low(text)));
        if plural {
            continue;
        }
        let Some(owner) = out[first..]
            .iter()
            .filter(|c| c.alias_of.is_none() && c.span.1 <= at)
            .min_by_key(|c| (c.span.0, std::cmp::Reverse(c.span.1)))
            .map(|c| c.name.clone())
        else {
            continue;
        };
        paren_alias_of(text, toks, k, &owner, out);
    }
}

/// "Correo Oficial de la República Argentina S.A., better known as Correo Argentino", "the
/// Administración Nacional de Correos (ANC), which trades as Correo Uruguayo": the name a body
/// trades or is known under is its short form.
fn trade_name_aliases(text: &Doc, toks: &[Tok], first: usize, out: &mut Vec<OrgCand>) {
    for k in 1..toks.len() {
        let cue = match &*toks[k].low(text) {
            "known" => matches!(
                &*toks[k - 1].low(text),
                "better" | "also" | "commonly" | ","
            ),
            "trades" | "trading" => true,
            _ => false,
        };
        if !cue || toks.get(k + 1).is_none_or(|t| &*t.low(text) != "as") {
            continue;
        }
        // The cue follows its name after a comma or an opening bracket, perhaps with "which".
        let mut c = k - 1;
        while c > 0
            && matches!(
                &*toks[c].low(text),
                "better" | "also" | "commonly" | "which"
            )
        {
            c -= 1;
        }
        if !matches!(toks[c].text(text), "," | "(") {
            continue;
        }
        let at = toks[c].start;
        let Some(owner) = out[first..]
            .iter()
            .filter(|o| o.span.1 <= at && at - o.span.1 <= 2)
            .max_by_key(|o| o.span.1)
            .map(|o| o.alias_of.clone().unwrap_or_else(|| o.name.clone()))
        else {
            continue;
        };
        let a = k + 2;
        let mut e = a;
        while e < toks.len()
            && (capword(text, &toks[e])
                || (e > a
                    && NAME_PARTICLES.contains(&&*toks[e].low(text))
                    && toks.get(e + 1).is_some_and(|t| capword(text, t))))
        {
            e += 1;
        }
        if e == a || e - a > 5 {
            continue;
        }
        let span = span_of(toks, a, e);
        out.push(OrgCand {
            span,
            name: name_of(text, span),
            rule: "org.trade_name",
            alias_of: Some(owner),
        });
    }
}

/// A one-word name in camel case ending in an organisation noun: "SingPost", "VNPost".
fn camel_org(w: &str) -> bool {
    let uppers: Vec<usize> = w
        .char_indices()
        .filter(|(_, c)| c.is_uppercase())
        .map(|(i, _)| i)
        .collect();
    if uppers.len() < 2 || uppers[0] != 0 || !w.chars().all(|c| c.is_alphanumeric()) {
        return false;
    }
    let tail = &w[uppers[uppers.len() - 1]..];
    tail.len() > 1 && ORG_HEADS.contains(tail.to_lowercase().as_str())
}

/// Initials of the capitalised words of a name: "Universal Postal Union" -> "UPU".
fn initials(name: &str, with_small: bool) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .filter(|w| with_small || is_cap(w))
        .filter_map(|w| w.chars().next())
        .flat_map(|c| c.to_uppercase())
        .collect()
}

/// A name without trailing legal forms: "China Post Group Corporation Limited" -> "China Post".
/// A name with "of" and a country after it ("Department of Customs of Nepal"), without the
/// country. A body hosted somewhere keeps its place ("Embassy of the Philippines in Japan").
fn without_place(name: &str) -> Option<&str> {
    [" of the Republic of ", " of ", " in "]
        .iter()
        .find_map(|sep| {
            let (short, _) = name.rsplit_once(sep)?;
            // "Department of Customs of Nepal", "PTT Corporation of Türkiye": the short name
            // still says what the body is; "Postal Corporation of Kenya" would not.
            let distinct = short.contains(" of ")
                || short
                    .split(' ')
                    .next()
                    .is_some_and(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()));
            (distinct && qualifies(short, name)).then_some(short)
        })
}

/// Whether `long` is `short` with a country after it ("Department of Customs of Nepal", "... of
/// the Republic of Indonesia"): the body's name is the short one.
fn qualifies(short: &str, long: &str) -> bool {
    let Some(rest) = long.strip_prefix(short) else {
        return false;
    };
    let rest = rest
        .strip_prefix(" of the Republic of ")
        .or_else(|| rest.strip_prefix(" of "));
    // "Conference of Posts and Telecommunications of Central Africa": a region is part of a
    // regional body's name, not a country qualifier.
    let region = rest.is_some_and(|r| {
        r.split_whitespace()
            .any(|w| REGIONS.contains(&w.to_lowercase().as_str()))
            && !r.eq_ignore_ascii_case("South Africa")
    });
    short.contains(' ')
        && !region
        && rest.is_some_and(|r| {
            let words: Vec<&str> = r.split_whitespace().collect();
            (1..=3).contains(&words.len())
                && words.iter().all(|w| {
                    w.starts_with(|c: char| c.is_uppercase()) || matches!(*w, "the" | "of")
                })
                && !words
                    .iter()
                    .any(|w| ORG_HEADS.contains(w.to_lowercase().as_str()))
        })
}

/// "Azerpost LLC" and later "Azerpost will publish ...": a name without its legal form, used on
/// its own elsewhere in the text, is a short form of the body. Two bodies with one such stem
/// ("Japan Post Holdings Co., Ltd." and "Japan Post Co., Ltd.") give it to neither.
fn legal_stem_aliases(raw: &str, orgs: &mut [Organization]) {
    let taken: FxHashSet<String> = orgs
        .iter()
        .flat_map(|o| std::iter::once(&o.name).chain(&o.aliases))
        .map(|n| n.to_lowercase())
        .collect();
    let stems: Vec<String> = orgs.iter().map(|o| core(&o.name)).collect();
    for (i, o) in orgs.iter_mut().enumerate() {
        let stem = &stems[i];
        let shared = stems
            .iter()
            .filter(|s| s.eq_ignore_ascii_case(stem))
            .count()
            > 1;
        // At least one whole word dropped: "S.A." losing its dot is no short form.
        let dropped = stem.split_whitespace().count() < o.name.split_whitespace().count();
        if shared
            || !dropped
            || stem.len() < 4
            || !stem.starts_with(char::is_uppercase)
            || taken.contains(&stem.to_lowercase())
            || !used_alone(raw, stem)
        {
            continue;
        }
        o.aliases.push(stem.clone());
    }
}

/// Whether `name` occurs in `text` as a whole name: not inside a word, and not followed by
/// another capitalised word that would make it part of a longer name ("Azerpost LLC").
fn used_alone(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let rest = &text[at + name.len()..];
        let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
        if glued(text[..at].chars().next_back()) || glued(rest.chars().next()) {
            return false;
        }
        let next = rest.strip_prefix(' ').and_then(|r| r.chars().next());
        !next.is_some_and(char::is_uppercase)
    })
}

/// Regions of the world, which name a regional body rather than qualify a national one.
const REGIONS: &[&str] = &[
    "africa",
    "asia",
    "europe",
    "americas",
    "america",
    "caribbean",
    "pacific",
    "mediterranean",
    "balkans",
    "gulf",
];

fn core(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    // "PT Pos Indonesia (Persero)": legal forms before the name too.
    while words.len() > 2
        && matches!(
            words[0].to_lowercase().as_str(),
            "pt" | "cv" | "pjsc" | "ojsc"
        )
    {
        words.remove(0);
    }
    while words.len() > 1 {
        let w = words[words.len() - 1]
            .trim_matches(|c: char| c == '.' || c == ',' || c == '(' || c == ')')
            .to_lowercase();
        if LEGAL_FORMS.contains(w.as_str()) || w.is_empty() {
            words.pop();
        } else {
            break;
        }
    }
    let mut s = words.join(" ");
    while s.ends_with(',') || s.ends_with('.') {
        s.pop();
    }
    s
}

/// An all-caps name in ordinary case: each word as another form of the name writes it
/// ("FIJI POST LIMITED" with "Fiji Post" -> "Fiji Post Limited"), else capitalised; words of
/// up to three letters stay in capitals ("PT", "JSC").
fn recase(name: &str, forms: &[&str]) -> String {
    let known: FxHashMap<String, &str> = forms
        .iter()
        .filter(|f| !is_allcaps(f))
        .flat_map(|f| f.split_whitespace())
        .map(|w| (w.to_lowercase(), w))
        .collect();
    name.split_whitespace()
        .map(|w| {
            if let Some(k) = known.get(&w.to_lowercase()) {
                return (*k).to_string();
            }
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            if letters <= 3 {
                return w.to_string();
            }
            let mut out = String::new();
            let mut first = true;
            for c in w.chars() {
                if c.is_alphabetic() {
                    if first {
                        out.extend(c.to_uppercase());
                    } else {
                        out.extend(c.to_lowercase());
                    }
                    first = false;
                } else {
                    out.push(c);
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut r = x;
    while parent[r] != r {
        r = parent[r];
    }
    let mut y = x;
    while parent[y] != r {
        let next = parent[y];
        parent[y] = r;
        y = next;
    }
    r
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[rb.max(ra)] = rb.min(ra);
    }
}

/// Adds the later mentions of names already found ("VNPost will ..." after "Vietnam Post
/// Corporation (VNPost)"): every form of every organisation, matched token by token, in the
/// prose sentences and then in the other lines.
fn known_forms(
    text: &Doc,
    token_sets: [&[Vec<Tok>]; 2],
    orgs: &[Organization],
    mentions: &mut Vec<(Span, usize)>,
) {
    let mut forms: FxHashMap<String, Vec<(Vec<String>, usize)>> = FxHashMap::default();
    for (i, o) in orgs.iter().enumerate() {
        for f in std::iter::once(&o.name).chain(o.aliases.iter()) {
            if f.starts_with("the ") {
                continue;
            }
            let words: Vec<String> = tokenize(f, Span(0, f.len()))
                .iter()
                .map(|t| t.text(f).to_string())
                .collect();
            if let Some(first) = words.first() {
                forms.entry(first.clone()).or_default().push((words, i));
            }
        }
    }
    // Prose first, then the other lines, each seeing the mentions the one before added.
    for toks in token_sets {
        known_forms_in(text, toks, &forms, mentions);
    }
}

/// [`known_forms`] over one set of sentences, given the forms by their first word.
fn known_forms_in(
    text: &Doc,
    toks: &[Vec<Tok>],
    forms: &FxHashMap<String, Vec<(Vec<String>, usize)>>,
    mentions: &mut Vec<(Span, usize)>,
) {
    let mut covered: Vec<Span> = mentions.iter().map(|m| m.0).collect();
    covered.sort_unstable();
    let is_covered = |sp: Span| {
        let k = covered.partition_point(|c| c.1 <= sp.0);
        covered.get(k).is_some_and(|c| c.0 < sp.1)
    };
    let mut added = Vec::new();
    for t in toks {
        let mut k = 0;
        while k < t.len() {
            let Some(cands) = forms.get(t[k].text(text)) else {
                k += 1;
                continue;
            };
            let best = cands
                .iter()
                .filter(|(words, _)| {
                    k + words.len() <= t.len()
                        && words.iter().enumerate().all(|(q, w)| t[k + q].text(text) == w)
                        // The match must end at a word boundary ("Korea Posts" is not "Korea Post").
                        && t.get(k + words.len()).is_none_or(|n| n.start > t[k + words.len() - 1].end || !n.is_word())
                })
                .max_by_key(|(words, _)| words.len());
            if let Some((words, i)) = best {
                let sp = Span(t[k].start, t[k + words.len() - 1].end);
                if !is_covered(sp) {
                    added.push((sp, *i));
                }
                k += words.len();
            } else {
                k += 1;
            }
        }
    }
    mentions.extend(added);
    mentions.sort_by_key(|m| (m.0 .0, m.0 .1));
}

/// Merges candidates into organisations; returns them and every mention as (span, org index).
fn merge_orgs(cands: Vec<OrgCand>) -> (Vec<Organization>, Vec<(Span, usize)>) {
    // Distinct names in order of first mention.
    // "POS MALAYSIA BERHAD" in a heading and "Pos Malaysia Berhad" in prose are one name,
    // written in the prose form.
    let mut ids: FxHashMap<String, usize> = FxHashMap::default();
    let mut names: Vec<(String, Span, &'static str)> = Vec::new();
    for c in &cands {
        let key = c.name.to_lowercase();
        match ids.get(&key) {
            Some(&i) => {
                if is_allcaps(&names[i].0) && !is_allcaps(&c.name) {
                    names[i].0 = c.name.clone();
                }
            }
            None => {
                ids.insert(key, names.len());
                names.push((c.name.clone(), c.span, c.rule));
            }
        }
    }
    let mut parent: Vec<usize> = (0..names.len()).collect();
    // "the Union" refers to the union it was first tied to; a later "the Union" after another
    // union's name ("open the Union to ..." after "the Universal Postal Union") must not make
    // the two one body.
    let mut the_head: FxHashMap<usize, usize> = FxHashMap::default();
    for c in &cands {
        if let (Some(target), Some(&a)) = (c.alias_of.as_ref(), ids.get(&c.name.to_lowercase())) {
            if let Some(&b) = ids.get(&target.to_lowercase()) {
                if c.rule == "org.the_head" && *the_head.entry(a).or_insert(b) != b {
                    continue;
                }
                union(&mut parent, a, b);
            }
        }
    }
    // Same core name: short and long forms of one body.
    let mut by_core: FxHashMap<String, usize> = FxHashMap::default();
    for (i, (name, _, _)) in names.iter().enumerate() {
        if is_allcaps(name) && !name.contains(' ') {
            continue;
        }
        let c = core(name);
        match by_core.get(&c) {
            Some(&j) => union(&mut parent, i, j),
            None => {
                by_core.insert(c, i);
            }
        }
    }
    // "Department of Customs" and "Department of Customs of Nepal", or a name cut at a line
    // end ("Ministry of Digital Economy and Digital"): a name with "of" that another name
    // starts with, word for word, is that body.
    let mut sorted: Vec<(String, usize)> = names
        .iter()
        .enumerate()
        .map(|(i, (n, _, _))| (n.to_lowercase(), i))
        .collect();
    sorted.sort_unstable();
    for w in 0..sorted.len() {
        let (short, i) = &sorted[w];
        let longer: Vec<usize> = sorted[w + 1..]
            .iter()
            .take_while(|(long, _)| long.starts_with(short.as_str()))
            .filter(|(long, _)| long.as_bytes().get(short.len()) == Some(&b' '))
            .map(|&(_, j)| j)
            .collect();
        // "PTT Corporation" and "PTT Corporation of Türkiye": the name the place leaves behind.
        let placed = |j: &usize| {
            without_place(&names[*j].0).is_some_and(|s| s.eq_ignore_ascii_case(&names[*i].0))
        };
        if !short.contains(" of ") && !longer.iter().any(placed) {
            continue;
        }
        // "Department of Posts of India" and "... of Sri Lanka": two bodies, neither the short.
        if let [j] = longer[..] {
            union(&mut parent, *i, j);
        }
    }
    // Acronyms matching the initials of exactly one longer name.
    let mut by_initials: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, (name, _, _)) in names.iter().enumerate() {
        if name.contains(' ') {
            let a = initials(name, false);
            let b = initials(name, true);
            by_initials.entry(a.clone()).or_default().push(i);
            if b != a {
                by_initials.entry(b).or_default().push(i);
            }
        }
    }
    for (i, (name, _, _)) in names.iter().enumerate() {
        if !name.contains(' ') && is_allcaps(name) {
            if let Some(v) = by_initials.get(&name.to_uppercase()) {
                let roots: Vec<usize> = {
                    let mut r: Vec<usize> = v.iter().map(|&x| find(&mut parent, x)).collect();
                    r.sort_unstable();
                    r.dedup();
                    r
                };
                if roots.len() == 1 {
                    union(&mut parent, i, roots[0]);
                }
            }
        }
    }
    // Camel-case short forms: "SingPost" of "Singapore Post".
    let mut by_last: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, (name, _, _)) in names.iter().enumerate() {
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.len() >= 2 {
            let c = core(name);
            if let Some(last) = c.split_whitespace().last() {
                by_last.entry(last.to_lowercase()).or_default().push(i);
            }
        }
    }
    for (i, (name, _, _)) in names.iter().enumerate() {
        if name.contains(' ') || !camel_org(name) {
            continue;
        }
        let cut = name
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_uppercase())
            .map_or(0, |(k, _)| k);
        let (prefix, tail) = name.split_at(cut);
        let Some(v) = by_last.get(&tail.to_lowercase()) else {
            continue;
        };
        let mut roots: Vec<usize> = v
            .iter()
            .copied()
            .filter(|&j| {
                let first = names[j].0.split_whitespace().next().unwrap_or("");
                prefix.len() >= 2 && first.to_lowercase().starts_with(&prefix.to_lowercase())
            })
            .map(|j| find(&mut parent, j))
            .collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.len() == 1 {
            union(&mut parent, i, roots[0]);
        }
    }
    // One organisation per set: canonical = the fullest form.
    let mut members: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    let mut order = Vec::new();
    for i in 0..names.len() {
        let r = find(&mut parent, i);
        members.entry(r).or_insert_with(|| {
            order.push(r);
            Vec::new()
        });
        if let Some(m) = members.get_mut(&r) {
            m.push(i);
        }
    }
    let mut orgs = Vec::new();
    let mut index_of_name: Vec<usize> = vec![0; names.len()];
    for r in order {
        let ms = members.get(&r).cloned().unwrap_or_default();
        let canon = ms
            .iter()
            .copied()
            .filter(|&i| !names[i].0.starts_with("the "))
            .filter(|&i| !ms.iter().any(|&j| qualifies(&names[j].0, &names[i].0)))
            .max_by_key(|&i| (names[i].0.len(), std::cmp::Reverse(i)))
            .unwrap_or(ms[0]);
        let first = ms
            .iter()
            .copied()
            .min_by_key(|&i| names[i].1 .0)
            .unwrap_or(canon);
        let idx = orgs.len();
        for &i in &ms {
            index_of_name[i] = idx;
        }
        let mut name = names[canon].0.clone();
        let mut placed = false;
        // "Department of Customs of Nepal" alone: the body is named without its country, unless
        // another body goes by the same name with another country.
        if let Some(short) = without_place(&name) {
            let twin = names.iter().any(|(n, _, _)| {
                n != &name && without_place(n).is_some_and(|s| s.eq_ignore_ascii_case(short))
            });
            if !twin {
                name = short.to_string();
                placed = true;
            }
        }
        if is_allcaps(&name) && name.contains(' ') {
            let forms: Vec<&str> = ms.iter().map(|&i| names[i].0.as_str()).collect();
            name = recase(&name, &forms);
        }
        let aliases = ms
            .iter()
            .filter(|&&i| i != canon || placed)
            .map(|&i| names[i].0.clone())
            .collect();
        orgs.push(Organization {
            name,
            aliases,
            rule: names[canon].2.to_string(),
            span: names[first].1,
        });
    }
    let mentions = cands
        .iter()
        .filter_map(|c| {
            ids.get(&c.name.to_lowercase())
                .map(|&i| (c.span, index_of_name[i]))
        })
        .collect();
    (orgs, mentions)
}

// ---------------------------------------------------------------------------------------------
// People

struct Ctx<'a> {
    text: &'a Doc<'a>,
    toks: &'a [Tok],
    /// `toks[k].low(text)` for each token.
    lows: &'a [&'a str],
    /// `match_role(text, toks, k)` for each token.
    roles: &'a [Option<usize>],
    org_at: &'a [Option<usize>],
    orgs: &'a [Organization],
    org_names: &'a FxHashMap<&'a str, usize>,
    /// A line that is not prose: only names of two words or more count.
    strict: bool,
}

impl Ctx<'_> {
    /// Past a gloss in another script after a name: "Zhao Ming (赵明)", "Park Ji-hoon (박지훈)".
    fn after_gloss(&self, e: usize) -> usize {
        if self.w(e) != "(" {
            return e;
        }
        let Some(close) = (e + 1..self.toks.len().min(e + 6)).find(|&k| self.w(k) == ")") else {
            return e;
        };
        let foreign = close > e + 1
            && (e + 1..close)
                .all(|k| !self.w(k).is_ascii() || self.w(k) == "·" || self.w(k) == "-");
        if foreign {
            close + 1
        } else {
            e
        }
    }

    /// A role title starting at `q`: one from the list, or a short phrase ending in a role
    /// noun ("Programme Officer", "Hub Operations Manager", "IT architect"). Returns its end.
    fn role_phrase(&self, q: usize) -> Option<usize> {
        if let Some(r) = self.role(q) {
            return Some(r);
        }
        let mut k = q;
        while k < self.toks.len() && k < q + 5 {
            let t = &self.toks[k];
            if !t.is_word() || self.org(k).is_some() {
                return None;
            }
            if ROLE_NOUNS.contains(&self.l(k)) {
                return Some(k + 1);
            }
            k += 1;
        }
        None
    }

    /// Whether a tab separates token `k` from the one before: a new cell of a table.
    fn cell_start(&self, k: usize) -> bool {
        k > 0
            && self
                .text
                .get(self.toks[k - 1].end..self.toks[k].start)
                .is_some_and(|g| g.contains('\t'))
    }

    fn w(&self, k: usize) -> &str {
        self.toks.get(k).map(|t| t.text(self.text)).unwrap_or("")
    }
    /// [`match_role`] at token `k` of this sentence.
    fn role(&self, k: usize) -> Option<usize> {
        self.roles.get(k).copied().flatten()
    }
    fn l(&self, k: usize) -> &str {
        self.lows.get(k).copied().unwrap_or("")
    }
    fn org(&self, k: usize) -> Option<usize> {
        self.org_at.get(k).copied().flatten()
    }
    /// A token that can be part of a person's name: title case, not a known non-name word.
    fn name_tok(&self, k: usize) -> bool {
        let Some(t) = self.toks.get(k) else {
            return false;
        };
        let w = t.text(self.text);
        // The look-ups in tables before the word lists' hash sets.
        t.is_word()
            && is_cap(w)
            && !is_allcaps(w)
            && w.chars().any(|c| c.is_lowercase())
            && self.org(k).is_none()
            && self.role(k).is_none()
            && !not_name(&t.lowercase(self.text))
    }
    /// A surname written in capitals before or after the given name, as Japanese and some
    /// European documents do ("Mr. KANEDA Hiroyuki", "Hiroyuki KANEDA"): all capitals, not an
    /// organisation or a known non-organisation acronym, next to a name word.
    fn caps_surname(&self, k: usize) -> bool {
        let Some(t) = self.toks.get(k) else {
            return false;
        };
        let w = t.text(self.text);
        let capitals = if w.is_ascii() {
            w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase())
        } else {
            w.chars().count() >= 2 && w.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
        };
        t.is_word()
            && capitals
            && self.org(k).is_none()
            && !NOT_ORG_ACRONYMS.contains(w)
            && !KNOWN_ACRONYM_ORGS.contains(w)
            && !not_name(&w.to_lowercase())
            && (self.name_tok(k + 1) || (k > 0 && self.name_tok(k - 1)))
    }

    /// Initials then a surname from token `k`: "S. K. Mishra", "J. Smith".
    fn initials_then_name(&self, k: usize) -> bool {
        let mut q = k;
        while q + 1 < self.toks.len()
            && self.w(q).len() == 1
            && self.w(q).chars().all(|c| c.is_ascii_uppercase())
            && self.w(q + 1) == "."
        {
            q += 2;
        }
        q > k && self.name_tok(q)
    }

    /// Whether a person's name can start at token `k`.
    fn name_start(&self, k: usize) -> bool {
        self.name_tok(k) || (self.caps_surname(k) && self.name_tok(k + 1))
    }

    /// The organisation named from token `k`; for a unit of an organisation ("the International
    /// Bureau of Korea Post") the organisation it belongs to.
    fn org_chain(&self, k: usize) -> Option<usize> {
        let (mut oi, mut e) = match self.org_from(k) {
            Some(x) => x,
            None => {
                // "the International Business Bureau of Korea Post": a unit that is not an
                // organisation of its own, then the one it belongs to.
                let mut q = if self.l(k) == "the" { k + 1 } else { k };
                let s = q;
                while q < self.toks.len() && q < s + 6 && capword(self.text, &self.toks[q]) {
                    q += 1;
                }
                if q == s || !matches!(self.l(q), "of" | "at") {
                    return None;
                }
                self.org_from(q + 1)?
            }
        };
        while matches!(self.l(e), "of" | "at") {
            match self.org_from(e + 1) {
                Some((o2, e2)) => {
                    oi = o2;
                    e = e2;
                }
                None => break,
            }
        }
        Some(oi)
    }

    /// The end of a person's name starting at token `s`: up to `max` name words, with initials
    /// ("John F. Smith") and particles ("Abdul Rahman bin Ali") inside.
    fn name_end(&self, s: usize, max: usize) -> usize {
        let mut e = s;
        let mut words = 0;
        while e < self.toks.len() && words < max {
            let caps = if words == 0 {
                self.name_start(e)
            } else {
                self.name_tok(e) || (self.caps_surname(e) && !self.name_tok(e + 1))
            };
            if caps {
                e += 1;
                words += 1;
                continue;
            }
            let w = self.w(e);
            // "John F. Smith", and after an honorific "Dr. S. K. Mishra".
            let initial = (words > 0 || self.initials_then_name(e))
                && w.len() == 1
                && w.chars().all(|c| c.is_ascii_uppercase())
                && self.w(e + 1) == "."
                && (self.name_tok(e + 2) || self.initials_then_name(e + 2));
            if initial {
                e += 2;
                continue;
            }
            // Particles, one or two ("bin", "de la", "van der"), then a name word.
            let particles = if words > 0 {
                (0..2)
                    .take_while(|&q| NAME_LINKS.contains(&self.w(e + q)))
                    .count()
            } else {
                0
            };
            if particles > 0 && self.name_tok(e + particles) {
                e += particles;
                continue;
            }
            // "al-Ashram", "el-Sayed": an Arabic article joined to the surname.
            if words > 0 && arabic_article_name(w) {
                e += 1;
                words += 1;
                continue;
            }
            break;
        }
        e
    }

    /// The end of the org mention starting at `k` (after an optional "the").
    fn org_from(&self, k: usize) -> Option<(usize, usize)> {
        let k = if self.l(k) == "the" { k + 1 } else { k };
        // "President Director of PT Pos Indonesia (Persero)": a national legal form before
        // the name the organisation is known by.
        let k = if self.org(k).is_none()
            && LEGAL_PREFIXES.contains(&self.l(k))
            && self
                .toks
                .get(k)
                .is_some_and(|t| is_allcaps(t.text(self.text)))
        {
            k + 1
        } else {
            k
        };
        let oi = self.org(k)?;
        let mut e = k;
        while self.org(e) == Some(oi) {
            e += 1;
        }
        Some((oi, e))
    }
}

#[derive(Default)]
struct PeopleBuilder {
    people: Vec<Person>,
    by_name: FxHashMap<String, usize>,
    mentions: Vec<(Span, usize)>,
}

impl PeopleBuilder {
    fn add(
        &mut self,
        name: String,
        role: Option<String>,
        aff: Option<String>,
        rule: &str,
        span: Span,
    ) {
        let i = match self.by_name.get(&name) {
            Some(&i) => {
                let p = &mut self.people[i];
                if p.role.is_none() {
                    p.role = role;
                }
                if p.affiliation.is_none() {
                    p.affiliation = aff;
                }
                i
            }
            None => {
                self.by_name.insert(name.clone(), self.people.len());
                self.people.push(Person {
                    name,
                    role,
                    affiliation: aff,
                    rule: rule.to_string(),
                    span,
                });
                self.people.len() - 1
            }
        };
        self.mentions.push((span, i));
    }

    /// Folds one-word names into the one full name containing that word ("Cho" into "Cho Hae-keun").
    fn finish(self) -> (Vec<Person>, Vec<(Span, usize)>) {
        // By lower-cased word: "Minister Ishikawa" is "ISHIKAWA Reiko".
        let mut part_of: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, p) in self.people.iter().enumerate() {
            if p.name.contains(' ') {
                for w in p.name.split(' ') {
                    let v = part_of.entry(w.to_lowercase()).or_default();
                    if v.last() != Some(&i) {
                        v.push(i);
                    }
                }
            }
        }
        let mut target: Vec<Option<usize>> = vec![None; self.people.len()];
        // "Ahmad Fauzi" later in a text that named "Ahmad Fauzi bin Hassan": the one longer
        // name that starts with the same words.
        for (i, p) in self.people.iter().enumerate() {
            if p.name.contains(' ') {
                let prefix = format!("{} ", p.name.to_lowercase());
                let mut longer = self
                    .people
                    .iter()
                    .enumerate()
                    .filter(|(j, q)| *j != i && q.name.to_lowercase().starts_with(&prefix));
                if let (Some((j, _)), None) = (longer.next(), longer.next()) {
                    target[i] = Some(j);
                }
            }
        }
        for (i, p) in self.people.iter().enumerate() {
            if !p.name.contains(' ') {
                if let Some(v) = part_of.get(&p.name.to_lowercase()) {
                    if v.len() == 1 {
                        target[i] = Some(v[0]);
                    }
                }
            }
        }
        // Follow chains ("Ahmad" into "Ahmad Fauzi" into "Ahmad Fauzi bin Hassan") to the end.
        for i in 0..target.len() {
            let mut t = target[i];
            for _ in 0..target.len() {
                match t.and_then(|j| target[j]) {
                    Some(next) if Some(next) != t && next != i => t = Some(next),
                    _ => break,
                }
            }
            target[i] = t;
        }
        let mut people = self.people.clone();
        for (i, t) in target.iter().enumerate() {
            if let Some(t) = *t {
                let (role, aff) = (
                    self.people[i].role.clone(),
                    self.people[i].affiliation.clone(),
                );
                if people[t].role.is_none() {
                    people[t].role = role;
                }
                if people[t].affiliation.is_none() {
                    people[t].affiliation = aff;
                }
            }
        }
        let mut new_index = vec![0; people.len()];
        let mut out = Vec::new();
        for (i, p) in people.into_iter().enumerate() {
            if target[i].is_none() {
                new_index[i] = out.len();
                out.push(p);
            }
        }
        for (i, t) in target.iter().enumerate() {
            if let Some(t) = *t {
                new_index[i] = new_index[t];
            }
        }
        let mentions = self
            .mentions
            .iter()
            .map(|&(s, i)| (s, new_index[i]))
            .collect();
        (out, mentions)
    }
}

fn find_people(c: &Ctx, out: &mut PeopleBuilder) {
    let n = c.toks.len();
    let mut k = 0;
    while k < n {
        // Honorific: "Mr. Kim Hong-jae", "Tan Sri Ahmad Faizal bin Hashim", perhaps followed
        // by ", Director General of ...".
        if let Some(s) = honorifics_end(c, k) {
            let e = c.name_end(s, 4);
            if e > s + usize::from(c.strict) {
                let span = span_of(c.toks, s, e);
                let (role, aff, next) = role_after(c, e).unwrap_or_else(|| {
                    // "Dr. R. K. Iyer of Korea Post"
                    let of_org = matches!(c.l(e), "of" | "from")
                        .then(|| c.org_chain(e + 1))
                        .flatten();
                    (None, of_org.map(|i| c.orgs[i].name.clone()), e)
                });
                out.add(name_of(c.text, span), role, aff, "person.honorific", span);
                k = next;
                continue;
            }
        }
        if let Some(r) = c.role(k) {
            if let Some(next) = role_before_name(c, k, r, out) {
                k = next;
                continue;
            }
        }
        // "Aino Virtanen, Posti Group Oyj" or "Jóhann Þórsson (Íslandspóstur)": a line of an
        // attendance list, perhaps after its label ("Apologies: ...").
        let line_start = k == 0 || (k == 2 && c.w(1) == ":");
        if c.strict && line_start && c.name_start(k) {
            let e = c.name_end(k, 4);
            if e - k >= 2 && matches!(c.w(e), "," | "(") {
                if let Some((oi, oe)) = c.org_from(e + 1) {
                    if oe == n || matches!(c.w(oe), ")" | "(" | "," | ".") {
                        let span = span_of(c.toks, k, e);
                        let aff = Some(c.orgs[oi].name.clone());
                        out.add(name_of(c.text, span), None, aff, "person.attendance", span);
                        k = oe;
                        continue;
                    }
                }
            }
        }
        // "Cho Hae-keun, President of Korea Post"
        let after_org = k > 0 && c.org(k - 1).is_some();
        // "By Choi Yu-na": a capitalised opener before the name (looked up only where a name
        // starts).
        let after_opener = || k > 0 && OPENERS.contains(c.l(k - 1));
        if c.name_start(k)
            && (k == 0
                || !capword(c.text, &c.toks[k - 1])
                || c.cell_start(k)
                || after_org
                || after_opener())
        {
            let e = c.name_end(k, 4);
            // "For Korea Post Kim Min-jun Commissioner": organisation, name, role, nothing more.
            if after_org && e - k >= 2 {
                if let Some(r) = c.role(e) {
                    if r == n || !c.toks[r].is_word() || c.l(r) == "for" {
                        let span = span_of(c.toks, k, e);
                        let role = name_of(c.text, span_of(c.toks, e, r));
                        let aff = c.org(k - 1).map(|i| c.orgs[i].name.clone());
                        out.add(
                            name_of(c.text, span),
                            Some(role),
                            aff,
                            "person.signature",
                            span,
                        );
                        k = r;
                        continue;
                    }
                }
            }
            if after_org && capword(c.text, &c.toks[k - 1]) && !c.cell_start(k) {
                k += 1;
                continue;
            }
            if e - k >= 2 {
                if let Some((role, aff, next)) = role_after(c, e) {
                    let span = span_of(c.toks, k, e);
                    // A table row: "| Fiji Post | Ana Lomani, Programme Officer |".
                    let aff = aff.or_else(|| {
                        c.strict
                            .then(|| (0..k).rev().find_map(|q| c.org(q)))
                            .flatten()
                            .map(|i| c.orgs[i].name.clone())
                    });
                    out.add(name_of(c.text, span), role, aff, "person.role_after", span);
                    k = next;
                    continue;
                }
                if let Some((aff, next)) = cued_name(c, k, e) {
                    let span = span_of(c.toks, k, e);
                    out.add(name_of(c.text, span), None, aff, "person.cue", span);
                    k = next;
                    continue;
                }
            }
        }
        k += 1;
    }
}

/// Particles inside a person's name: "Abdul Rahman bin Ali", "Maria de la Cruz", "Pieter van
/// der Linden".
const NAME_LINKS: &[&str] = &[
    "de", "da", "van", "von", "bin", "binti", "bint", "ibn", "al", "el", "la", "le", "di", "du",
    "der", "den", "dos", "das", "del", "los", "las", "y", "ter", "ten", "della", "dello", "dei",
    // Irish: "Donal Ó Súilleabháin".
    "Ó",
];

/// "al-Ashram", "el-Sayed", "bin-Rashid" written as one word: an Arabic article or link, a
/// hyphen, then a capitalised name.
fn arabic_article_name(w: &str) -> bool {
    w.split_once('-').is_some_and(|(a, b)| {
        matches!(
            a,
            "al" | "el" | "ad" | "ar" | "as" | "ash" | "at" | "az" | "an" | "bin"
        ) && b.chars().next().is_some_and(char::is_uppercase)
            && b.chars()
                .skip(1)
                .all(|c| c.is_alphabetic() && !c.is_uppercase())
    })
}

/// Single-word honorifics before a person's name (lower-cased, without a full stop).
const HONORIFICS: &[&str] = &[
    "mr", "ms", "mrs", "mx", "dr", "prof", "sir", "dame", "datuk", "dato", "datin", "tun",
    "sheikh", "shaikh", "haji", "hajah", "hajjah", "pehin", "tuan", "encik", "cik", "puan", "shri",
    "smt", "shrimati", "kumari", "mme", "mlle", "ato", "weizero", "sra", "srta",
];

/// Abbreviated honorifics that count only with their full stop ("Eng." before a Gulf engineer's
/// name, "Hon." before a minister's): without it they can be names.
const DOTTED_HONORIFICS: &[&str] = &["eng", "hon", "amb", "rev", "ing", "lic"];

/// Two-word honorifics whose words alone can be names ("Tan", "Sri"): "Tan Sri", "Datuk Seri".
const HONORIFIC_PAIRS: &[(&str, &str)] = &[
    ("tan", "sri"),
    ("puan", "sri"),
    ("toh", "puan"),
    ("datuk", "seri"),
    ("dato", "sri"),
    ("dato", "seri"),
];

/// Where the name starts after the honorifics at token `k` ("Mr.", "Tan Sri Dato' Dr."), if
/// any: each capitalised, perhaps with a full stop or an apostrophe ("Dato'").
fn honorifics_end(c: &Ctx, k: usize) -> Option<usize> {
    let mut s = k;
    loop {
        if !is_cap(c.w(s)) {
            break;
        }
        let pair = HONORIFIC_PAIRS
            .iter()
            .any(|&(a, b)| c.l(s) == a && is_cap(c.w(s + 1)) && c.l(s + 1) == b);
        let step = if pair {
            2
        } else if HONORIFICS.contains(&c.l(s))
            || (DOTTED_HONORIFICS.contains(&c.l(s)) && c.w(s + 1) == ".")
        {
            1
        } else {
            break;
        };
        s += step;
        if matches!(c.w(s), "." | "'" | "’") {
            s += 1;
        }
    }
    (s > k).then_some(s)
}

/// A name of two or more words (tokens `[k, e)`) that the sentence marks as a person without a
/// role: "said Akiko Morita of Japan Post", "chaired by Laura Bianchi of Poste Italiane",
/// "according to Kim Min-jun", "Cho Hae-keun said", "Cho Hae-keun, who ...", a byline "By Choi
/// Yu-na, staff reporter". The name must end at a boundary (punctuation, "of/from Org", a
/// speaker verb), so "hosted by Ho Chi Minh City" is not a person. Returns the affiliation and
/// where to continue.
fn cued_name(c: &Ctx, k: usize, e: usize) -> Option<(Option<String>, usize)> {
    let before = if k > 0 { c.l(k - 1) } else { "" };
    // "By Mariela Solís Quesada and Tomás Herrera-Vega": a byline of two reporters.
    let byline = c.l(0) == "by" && (k == 1 || (k > 3 && matches!(before, "and" | ",")));
    let cue_before = NAME_CUES.contains(&before)
        || (before == "to" && k >= 2 && c.l(k - 2) == "according")
        || byline
        // "Reporter: Rina Wulandari | Editor: Agus Salim"
        || (before == ":" && k >= 2 && BYLINE_LABELS.contains(&c.l(k - 2)));
    let e2 = c.after_gloss(e);
    let after = c.l(e2);
    let mut aff = None;
    let mut next = e2;
    let boundary = if matches!(after, "of" | "from") {
        match c.org_chain(e2 + 1) {
            Some(oi) => {
                aff = Some(c.orgs[oi].name.clone());
                next = e2 + 1;
                true
            }
            None => false,
        }
    } else {
        e2 >= c.toks.len()
            || (byline && after == "and")
            || SPEAKER_VERBS.contains(&after)
            || matches!(c.w(e2), "," | "." | ";" | ":" | "·" | "|" | "—" | "–" | ")")
    };
    if !boundary {
        return None;
    }
    let speaker_after = SPEAKER_VERBS.contains(&after);
    let who_after = c.w(e2) == "," && c.l(e2 + 1) == "who";
    (cue_before || speaker_after || who_after).then_some((aff, next))
}

/// ", [the] [Org] Role [of|at|from Org]" after a name ending at token `e`: the role, the
/// affiliation and where to continue.
fn role_after(c: &Ctx, e: usize) -> Option<(Option<String>, Option<String>, usize)> {
    let e = c.after_gloss(e);
    if c.w(e) != "," {
        return None;
    }
    let mut q = e + 1;
    if matches!(c.l(q), "the" | "a" | "an") {
        q += 1;
    }
    let mut aff = None;
    if let Some((oi, oe)) = c.org_from(q) {
        let oe = if c.toks.get(oe).is_some_and(|t| t.kind == Kind::Poss) {
            oe + 1
        } else {
            oe
        };
        if c.role(oe).is_some() {
            aff = Some(oi);
            q = oe;
        }
    }
    let r = c.role_phrase(q)?;
    if matches!(c.l(r), "of" | "at" | "from") {
        if let Some(oi) = c.org_chain(r + 1) {
            aff = Some(oi);
        }
    }
    // "Nor Aini Ismail, Chief Operating Officer, Pos Malaysia": the organisation after the
    // role (perhaps after a unit: "Director of Courier Business, Pos Indonesia").
    if aff.is_none() {
        let mut q2 = r;
        if matches!(c.l(q2), "of" | "for") {
            q2 += 1;
            while q2 < c.toks.len() && q2 < r + 8 && c.toks[q2].is_word() {
                q2 += 1;
            }
        }
        if c.w(q2) == "," {
            if let Some((oi, oe)) = c.org_from(q2 + 1) {
                if oe >= c.toks.len() || !c.toks[oe].is_word() {
                    aff = Some(oi);
                }
            }
        }
    }
    let role = name_of(c.text, span_of(c.toks, q, r));
    Some((Some(role), aff.map(|i| c.orgs[i].name.clone()), r))
}

/// "President Zheng Guoyu of China Post", "Korea Post President Cho Hae-keun", "Minister of
/// Science and ICT Lee Jong-ho". Returns where to continue, or `None` if no name follows.
fn role_before_name(c: &Ctx, p: usize, r: usize, out: &mut PeopleBuilder) -> Option<usize> {
    let n = c.toks.len();
    let role_cap = is_cap(c.w(p));
    // "Universal Postal Union (UPU) Director General ...": look past the parenthesis.
    let mut pb = p;
    if pb > 0 && c.w(pb - 1) == ")" {
        if let Some(open) = (pb.saturating_sub(6)..pb - 1)
            .rev()
            .find(|&q| c.w(q) == "(")
        {
            pb = open;
        }
    }
    let before_org = if pb > 0 && c.org(pb - 1).is_some() {
        c.org(pb - 1)
    } else if pb > 1 && (c.w(pb - 1) == "(" || c.toks[pb - 1].kind == Kind::Poss) {
        // "Korea Post (President ...", "Korea Post's President ..."
        c.org(pb - 2)
    } else {
        None
    };
    // A lower-case role needs an organisation before it, or "of Org, Name" after it.
    let weak = !role_cap && before_org.is_none();
    let mut aff = before_org;
    let mut s = r;
    let mut inst: Option<String> = None;
    if matches!(c.l(r), "of" | "for") && c.org_from(r + 1).is_none() {
        // A complement naming the institution, the name at its end.
        let mut e = r + 1;
        if c.l(e) == "the" {
            e += 1;
        }
        let run_start = e;
        let mut last_run = e;
        while e < n {
            // "... ICT Kang Do-hyun and Vietnamese Minister of ...": a second role ends it.
            if e > run_start + 1 && is_cap(c.w(e)) && c.role(e).is_some() {
                // Back to the "and" before the second role and its modifiers.
                if let Some(a) = (e.saturating_sub(3).max(run_start)..e)
                    .rev()
                    .find(|&q| matches!(c.l(q), "and" | "&" | ","))
                {
                    e = a;
                    last_run = (run_start..e)
                        .rev()
                        .find(|&q| !capword(c.text, &c.toks[q]))
                        .map_or(run_start, |q| q + 1);
                }
                break;
            }
            if capword(c.text, &c.toks[e]) {
                if e == 0 || !capword(c.text, &c.toks[e - 1]) {
                    last_run = e;
                }
                e += 1;
            } else if matches!(c.l(e), "and" | "&" | "," | "of" | "for" | "to")
                && e + 1 < n
                && (capword(c.text, &c.toks[e + 1])
                    // "... of the Republic of Moldova, Victoria Ciobanu-Rusu".
                    || (matches!(c.l(e), "of" | "to")
                        && c.l(e + 1) == "the"
                        && e + 2 < n
                        && capword(c.text, &c.toks[e + 2])))
            {
                // "Ambassador of Pakistan to Türkiye": "to" only before a place.
                if c.l(e) == "to" && e + 1 < n && c.role(e + 1).is_some() {
                    break;
                }
                // "Minister of the Interior Petr Vondráček and Ľubomír Kováčik, ...": a full
                // name already ends the run, so "and" joins a second person, not the portfolio.
                let name_tail = (last_run..e).rev().take_while(|&q| c.name_tok(q)).count();
                if name_tail >= 2 && matches!(c.l(e), "and" | "&" | ",") {
                    break;
                }
                // "Deputy Minister of Communications, Tuan Haji Rosli ...": an honorific
                // after the comma opens the name.
                if c.w(e) == "," && honorifics_end(c, e + 1).is_some() {
                    break;
                }
                e += if c.l(e + 1) == "the" { 2 } else { 1 };
            } else {
                break;
            }
        }
        // The name is the longest run of name tokens at the end of the last capitalised run.
        let mut ns = e;
        while ns > last_run && e - ns < 4 && c.name_tok(ns - 1) {
            ns -= 1;
        }
        // "vice minister for connectivity, Camilo Rueda": a portfolio in lower case, then the
        // name after a comma.
        if e == run_start && !role_cap {
            if let Some(comma) = (e..(e + 5).min(n))
                .take_while(|&q| c.toks[q].is_word() && !is_cap(c.w(q)) || c.w(q) == ",")
                .find(|&q| c.w(q) == ",")
            {
                let ns = comma + 1;
                if comma > e && c.name_end(ns, 4) >= ns + 2 {
                    e = comma;
                    s = ns;
                    let ne = c.name_end(ns, 4);
                    let role = name_of(c.text, span_of(c.toks, p, e));
                    let span = span_of(c.toks, s, ne);
                    out.add(
                        name_of(c.text, span),
                        Some(role),
                        aff.map(|i| c.orgs[i].name.clone()),
                        "person.role_before",
                        span,
                    );
                    return Some(ne);
                }
            }
        }
        if ns == e || ns <= run_start {
            // "Chairman of the Management Board, Yerlan Abenov": the name after a comma.
            // "..., Tuan Haji Rosli bin Abdul Rahman": past the honorifics.
            let ns = honorifics_end(c, e + 1).unwrap_or(e + 1);
            if e > run_start && c.w(e) == "," && c.name_end(ns, 4) >= ns + 2 {
                inst = Some(name_of(c.text, span_of(c.toks, run_start, e)));
                s = ns;
            } else {
                return None;
            }
        } else {
            inst = Some(name_of(c.text, span_of(c.toks, run_start, ns)));
            s = ns;
        }
    }
    let mut e = c.name_end(s, 4);
    if weak && e > s {
        return None;
    }
    if e == s {
        // "the head of Korea Post, Cho Hae-keun", "Korea Post's president, Cho Hae-keun".
        let mut q = s;
        if matches!(c.l(q), "of" | "at") {
            let (oi, oe) = c.org_from(q + 1)?;
            aff = Some(oi);
            q = oe;
            // "the Chairman of the Malta Communications Authority (MCA), Mark Spiteri Grech".
            if c.w(q) == "(" && c.w(q + 2) == ")" {
                q += 3;
            }
        } else if aff.is_none() {
            // "Pos Malaysia was represented by its Group Chief Executive Officer, Hafiz
            // Rahman": the possessive points back to the organisation named before.
            if p > 0 && matches!(c.l(p - 1), "its" | "their") {
                aff = (0..p).rev().find_map(|q| c.org(q));
            } else if !(p > 0 && c.toks[p - 1].kind == Kind::Poss) {
                // "Ecuador's ambassador in Bogotá, María Cevallos": a country's official.
                return None;
            }
        }
        // "ambassador in Bogotá, ...": the post's place before the comma.
        if c.l(q) == "in" && is_cap(c.w(q + 1)) {
            q += 1;
            while q < n && capword(c.text, &c.toks[q]) {
                q += 1;
            }
        }
        if c.w(q) != "," {
            return None;
        }
        let ns = honorifics_end(c, q + 1).unwrap_or(q + 1);
        let ne = c.name_end(ns, 4);
        if ne - ns < 2 {
            return None;
        }
        s = ns;
        e = ne;
    }
    // A lone surname after a lower-case role is too weak ("the president Cho" is fine with two).
    if (!role_cap || c.strict) && e - s < 2 {
        return None;
    }
    if matches!(c.l(e), "of" | "at" | "from") {
        if let Some(oi) = c.org_chain(e + 1) {
            aff = Some(oi);
        }
    }
    let mut affiliation = aff.map(|i| c.orgs[i].name.clone());
    if affiliation.is_none() {
        if let Some(inst) = inst {
            // "Minister of Science and ICT": the affiliation only if the ministry is named.
            let role_low = c.l(p);
            let body = match role_low {
                "minister" | "vice" | "deputy" | "prime" => "Ministry",
                _ => "",
            };
            let want = format!("{body} of {inst}");
            affiliation = c
                .org_names
                .iter()
                .find(|(name, _)| !body.is_empty() && name.ends_with(&want))
                .map(|(_, &i)| c.orgs[i].name.clone());
        }
    }
    // "Japan Post was represented by Senior Executive Officer Hiroshi Tanabe, China Post by
    // Vice President Liu Aili", "hosted by Korea Post, whose President ...", "Australia Post
    // by its General Manager, ...": the organisation just before.
    if affiliation.is_none() && p > 0 {
        let mut q = p - 1;
        if matches!(c.l(q), "its" | "their") && q > 0 {
            q -= 1;
        }
        if matches!(c.l(q), "by" | "whose" | "its" | "their") {
            affiliation = (q.saturating_sub(8)..q)
                .rev()
                .take_while(|&k| !matches!(c.w(k), ";" | ":"))
                .find_map(|k| c.org(k))
                .map(|i| c.orgs[i].name.clone());
        }
    }
    let role = name_of(c.text, span_of(c.toks, p, r));
    let span = span_of(c.toks, s, e);
    out.add(
        name_of(c.text, span),
        Some(role),
        affiliation,
        "person.role_before",
        span,
    );
    Some(e)
}

/// Nouns that end a role title of any wording: "Hub Operations Manager", "Programme Officer".
const ROLE_NOUNS: &[&str] = &[
    "manager",
    "officer",
    "director",
    "head",
    "chief",
    "architect",
    "engineer",
    "specialist",
    "coordinator",
    "designer",
    "reporter",
    "editor",
    "correspondent",
    "analyst",
    "consultant",
    "expert",
    "adviser",
    "advisor",
    "secretary",
    "representative",
    "chairman",
    "chairwoman",
    "chairperson",
    "president",
    "minister",
    "commissioner",
    "counsellor",
    "administrator",
    "spokesperson",
    "lead",
    "leader",
    "researcher",
    "economist",
    "photographer",
    "writer",
    "illustrator",
    "artist",
];

/// Words before a name that introduce a speaker or an agent: "said Cho Hae-keun", "chaired by
/// Laura Bianchi of Poste Italiane", "according to Kim Min-jun".
const NAME_CUES: &[&str] = &["said", "says", "by", "told", "added", "explained", "noted"];

/// Labels of a byline or a contact line before a colon and a person's name.
const BYLINE_LABELS: &[&str] = &[
    "reporter",
    "reporters",
    "editor",
    "author",
    "writer",
    "by",
    "correspondent",
    "photographer",
    "contact",
    "text",
    "interpreter",
    "moderator",
];

/// Words after a name that make it a speaker: "Cho Hae-keun said".
const SPEAKER_VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "explained",
    "noted",
    "stressed",
    "emphasised",
    "emphasized",
    "stated",
    "told",
    "remarked",
    "commented",
];

// ---------------------------------------------------------------------------------------------
// Places

const PLACE_VERBS: &[&str] = &[
    "held",
    "met",
    "signed",
    "convened",
    "hosted",
    "gathered",
    "meeting",
    "ceremony",
    "arrived",
    "summit",
    "conference",
    "forum",
    "opened",
    "inaugurated",
    "place",
    "headquarters",
    "talks",
    "session",
    "congress",
    "event",
    "seminar",
    "workshop",
    "meetings",
    "gathering",
    "visit",
    "council",
];

fn find_places(
    c: &Ctx,
    people: &PeopleBuilder,
    out: &mut Vec<Place>,
    seen: &mut FxHashMap<String, usize>,
) {
    let n = c.toks.len();
    for k in 0..n {
        let l = c.l(k);
        let (start, rule) = match l {
            "in" if k > 0 && PLACE_VERBS.contains(&(c.l(k - 1))) => (k + 1, "place.event_in"),
            "visited" => (k + 1, "place.visited"),
            "to" if k > 0 && matches!(c.l(k - 1), "visit" | "trip") => (k + 1, "place.visited"),
            "in" => (k + 1, "place.in_on_date"),
            _ => continue,
        };
        // "will hold the next meeting in X", "to visit X": planned, not a place where
        // something took place.
        let planned = (k.saturating_sub(6)..k).any(|q| {
            matches!(
                c.l(q),
                "will" | "shall" | "next" | "plans" | "plan" | "planned" | "upcoming"
            ) || (c.l(q) == "to"
                && matches!(
                    c.l(q + 1),
                    "hold"
                        | "host"
                        | "visit"
                        | "meet"
                        | "convene"
                        | "organize"
                        | "organise"
                        | "travel"
                ))
        });
        if planned {
            continue;
        }
        let mut e = start;
        while e < n && e < start + 3 && c.name_tok_place(e) {
            e += 1;
        }
        if e == start {
            continue;
        }
        let after = c.l(e);
        let ok = match rule {
            "place.in_on_date" => {
                after == "on"
                    && c.toks.get(e + 1).is_some_and(|t| {
                        t.kind == Kind::Num || {
                            let w = t.lowercase(c.text);
                            OPENERS.contains(&*w) && is_cap(t.text(c.text))
                        }
                    })
            }
            "place.visited" => {
                e >= n
                    || !c.toks[e].is_word()
                    || matches!(
                        after,
                        "on" | "in"
                            | "and"
                            | "to"
                            | "for"
                            | "last"
                            | "this"
                            | "earlier"
                            | "from"
                            | "with"
                            | "where"
                            | "during"
                            | "at"
                    )
            }
            _ => true,
        };
        if !ok {
            continue;
        }
        let span = span_of(c.toks, start, e);
        let name = name_of(c.text, span);
        if people.by_name.contains_key(&name) || c.org_names.contains_key(name.as_str()) {
            continue;
        }
        if !seen.contains_key(&name) {
            seen.insert(name.clone(), out.len());
            out.push(Place {
                name,
                rule: rule.to_string(),
                span,
            });
        }
    }
}

impl Ctx<'_> {
    /// A token that can be part of a place name.
    fn name_tok_place(&self, k: usize) -> bool {
        let Some(t) = self.toks.get(k) else {
            return false;
        };
        let w = t.text(self.text);
        t.is_word()
            && is_cap(w)
            && self.org(k).is_none()
            && !OPENERS.contains(&*t.lowercase(self.text))
            && !ORG_HEADS.contains(&*t.lowercase(self.text))
            && self.role(k).is_none()
    }
}

#[cfg(test)]
mod tests;
