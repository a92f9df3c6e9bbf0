//! Vetting of organisation candidates before they are merged: acronyms that are not used as
//! organisations (currencies, data standards, event codes), sub-units named by generic words
//! ("International Business Department"), products named like operators ("Express Post"),
//! organs of a body ("Executive Council of the ... Union", "APPU Executive Council") folded into
//! that body, and names seen only on contact lines ("Secretariat, tel. ...").
//!
//! Everything is decided from the document itself: how a word is used there, never which word
//! it is. Work is linear in the tokens and candidates.

use rustc_hash::{FxHashMap, FxHashSet};

use super::lexicon::{KNOWN_ACRONYM_ORGS, LEGAL_FORMS, ORG_HEADS};
use super::tokens::{is_allcaps, Doc, Kind, Tok};
use super::OrgCand;
use crate::model::Span;

/// What the document says about its acronyms and words, gathered sentence by sentence.
#[derive(Default)]
pub(super) struct DocUse<'a> {
    /// Words that occur in lower case somewhere: common words, not proper names.
    lower: FxHashSet<&'a str>,
    /// Acronyms used as an actor at least once ("the UPU will", "KCS's", "by the WCO.").
    used: FxHashSet<String>,
    /// Acronyms defined as a thing: "electronic advance data (EAD)", "Global Monitoring
    /// System (GMS)", or standing before an amount ("INR 50,000").
    things: FxHashSet<String>,
    /// Names of several words used as the subject of a verb at least once.
    actors: FxHashSet<String>,
    /// Names seen only before a capitalised thing noun ("... Postal Customs Guide", "... Mail &
    /// Logistics Bulletin"): a modifier of the thing's title. The flag is true once a name is
    /// seen anywhere else.
    modifier: FxHashMap<String, bool>,
    /// Candidate spans on contact lines (telephone, fax, e-mail, address).
    contact: Vec<Span>,
}

/// Verbs and auxiliaries after a subject: an acronym before one is an actor.
const ACTOR_VERBS: &[&str] = &[
    "will",
    "shall",
    "would",
    "should",
    "can",
    "could",
    "may",
    "must",
    "is",
    "was",
    "are",
    "were",
    "has",
    "have",
    "had",
    "said",
    "says",
    "agreed",
    "agrees",
    "announced",
    "announces",
    "signed",
    "signs",
    "launched",
    "launches",
    "decided",
    "decides",
    "adopted",
    "adopts",
    "approved",
    "approves",
    "hosted",
    "hosts",
    "welcomed",
    "welcomes",
    "noted",
    "notes",
    "published",
    "publishes",
    "released",
    "releases",
    "reported",
    "reports",
    "plans",
    "planned",
    "aims",
    "intends",
    "also",
    "jointly",
    "chaired",
    "chairs",
    "invited",
    "organised",
    "organized",
    "received",
    "sent",
    "set",
    "established",
    "expects",
    "stated",
    "confirmed",
    "urged",
    "called",
    "pledged",
    "committed",
    "undertook",
    "explained",
    "added",
];

/// Words before an acronym that make it a party when nothing follows it: "by the WCO.".
const ACTOR_BEFORE: &[&str] = &["the", "by", "with", "between", "and", "from", "of"];

/// Last words of a capitalised expansion that name a thing, not a body: "Global Monitoring
/// System (GMS)", "International Financial System (IFS)".
const THING_HEADS: &[&str] = &[
    "system",
    "systems",
    "message",
    "messages",
    "standard",
    "standards",
    "model",
    "data",
    "platform",
    "application",
    "index",
    "code",
    "codes",
    "format",
    "protocol",
    "network",
    "programme",
    "program",
    "project",
    "scheme",
    "initiative",
    "declaration",
    "agreement",
    "memorandum",
    "plan",
    "strategy",
    "guide",
    "guidelines",
    "framework",
    "database",
    "interface",
    "tool",
    "product",
    "service",
    "services",
    "solution",
    "number",
    "fund",
];

/// Capitalised nouns that end the title of a thing: an organisation name before one is part
/// of the title ("WCO-UPU Postal Customs Guide").
const TITLE_THINGS: &[&str] = &[
    "guide",
    "bulletin",
    "newsletter",
    "magazine",
    "journal",
    "review",
    "report",
    "award",
    "awards",
    "prize",
    "interoperability",
    "building",
    "station",
    "stations",
    "declaration",
    "system",
    "model",
    "standard",
    "standards",
    "index",
    "app",
    "website",
    "platform",
    "portal",
    "card",
    "stamp",
    "stamps",
];

/// Words that mark a line as contact details rather than prose.
const CONTACT_WORDS: &[&str] = &[
    "tel",
    "telephone",
    "phone",
    "fax",
    "e-mail",
    "email",
    "hotline",
    "hotlines",
    "contact",
    "address",
];

/// Heads of a sub-unit: with only generic words before them ("International Business
/// Department", "Postal Department") they name a part of an organisation, not one.
const UNIT_HEADS: &[&str] = &[
    "department",
    "division",
    "unit",
    "section",
    "office",
    "team",
    "desk",
    "centre",
    "center",
];

/// Organs that decide for the body they belong to: "Executive Council", "Management Board".
/// Named with only generic words they are an organisation only when the text defines a short
/// form for them ("Postal Operations Council (POC)"); named with their body ("APPU Executive
/// Council", "Executive Council of the ... Union") they stand for that body.
const ORGAN_HEADS: &[&str] = &[
    "council",
    "board",
    "committee",
    "commission",
    "assembly",
    "congress",
    "bureau",
    "secretariat",
];

/// Organs that only deliberate: named with their body, they are that body.
const DELIBERATIVE: &[&str] = &[
    "council",
    "board",
    "committee",
    "commission",
    "assembly",
    "congress",
];

/// Heads that name an operator only after a proper name ("Korea Post", "Japan Customs",
/// "Liège Airport"), not after generic words ("Express Post", "Postal Logistics").
const GENERIC_HEADS: &[&str] = &[
    "post",
    "posts",
    "logistics",
    "service",
    "services",
    "customs",
    "airport",
    "museum",
    "airlines",
    "group",
];

/// Words that are generic in any document of the genre, whatever their case there.
const GENERIC: &[&str] = &[
    "international",
    "national",
    "regional",
    "global",
    "general",
    "central",
    "executive",
    "management",
    "business",
    "cooperation",
    "co-operation",
    "planning",
    "mail",
    "postal",
    "post",
    "parcel",
    "parcels",
    "express",
    "registered",
    "letter",
    "logistics",
    "operations",
    "affairs",
    "customs",
    "compliance",
    "policy",
    "strategy",
    "technical",
    "e-commerce",
    "cross-border",
    "marketing",
    "sales",
    "finance",
    "financial",
    "legal",
    "administrative",
    "administration",
    "human",
    "resources",
    "public",
    "relations",
    "information",
    "technology",
    "digital",
    "services",
    "service",
    "development",
    "research",
    "quality",
    "standing",
    "advisory",
    "steering",
    "consultative",
    "permanent",
    "joint",
    "main",
    "head",
    "local",
    "domestic",
    "priority",
    "contact",
    "trade",
    "commerce",
    "operation",
    "product",
    "products",
    "network",
];

fn is_word_acronym(w: &str) -> bool {
    is_allcaps(w)
        && w.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '&')
}

impl<'a> DocUse<'a> {
    /// Records the lower-case words of one sentence.
    pub fn words(&mut self, text: &'a Doc, toks: &[Tok]) {
        for t in toks {
            let w = t.text(text);
            if t.is_word() && w.chars().next().is_some_and(char::is_lowercase) {
                self.lower.insert(w);
            }
        }
    }

    /// Records how the acronyms of one sentence are used, and which of its candidates
    /// (`cands`, the ones this sentence added) sit on a contact line.
    pub fn sentence(&mut self, text: &Doc, toks: &[Tok], cands: &[OrgCand]) {
        let n = toks.len();
        let low = |k: usize| toks.get(k).map(|t| t.low(text)).unwrap_or_default();
        for k in 0..n {
            let w = toks[k].text(text);
            if !toks[k].is_word() || !is_word_acronym(w) {
                continue;
            }
            let next = toks.get(k + 1);
            let prev = k.checked_sub(1).map(|p| &toks[p]);
            // "INR 50,000", "AUD 1.1 billion": a currency.
            if next.is_some_and(|t| t.kind == Kind::Num) {
                self.things.insert(w.to_string());
                continue;
            }
            // "(EAD)" after its expansion: the expansion says what it is.
            if prev.is_some_and(|t| t.text(text) == "(")
                && next.is_some_and(|t| t.text(text) == ")")
                && k >= 2
            {
                let before = &toks[k - 2];
                let bw = before.text(text);
                let org_end = cands
                    .iter()
                    .any(|c| c.alias_of.is_none() && c.span.1 == before.end);
                let thing = before.is_word()
                    && !org_end
                    && (bw.chars().next().is_some_and(char::is_lowercase)
                        || THING_HEADS.contains(&&*before.low(text)));
                if thing {
                    self.things.insert(w.to_string());
                } else if before.is_word() && !org_end {
                    // "Financial Action Task Force (FATF)": a proper name given a short form.
                    self.used.insert(w.to_string());
                }
                continue;
            }
            let next_low = low(k + 1);
            let after_the = prev.is_some_and(|t| t.low(text) == "the");
            let ends = next.is_none_or(|t| {
                matches!(t.text(text), "," | "." | ";" | ":" | ")" | "!" | "?")
                    || (after_the && matches!(&*t.low(text), "and" | "or"))
            });
            let used = next.is_some_and(|t| t.kind == Kind::Poss)
                || (next.is_some_and(|t| t.is_word()) && ACTOR_VERBS.contains(&&*next_low))
                || (ends && prev.is_some_and(|t| ACTOR_BEFORE.contains(&&*t.low(text))))
                || (ends && k == 0 && n > 2);
            if used {
                self.used.insert(w.to_string());
            }
        }
        if cands.is_empty() {
            return;
        }
        for c in cands {
            let after = toks.partition_point(|t| t.start < c.span.1);
            let titled = toks.get(after).is_some_and(|t| {
                let w = t.text(text);
                t.is_word()
                    && w.chars().next().is_some_and(char::is_uppercase)
                    && TITLE_THINGS.contains(&&*t.low(text))
            });
            let free = self.modifier.entry(c.name.clone()).or_insert(false);
            *free |= !titled;
            if toks.get(after).is_some_and(|t| {
                let w = t.text(text);
                t.is_word() && (ACTOR_VERBS.contains(&w) || (w.ends_with("ed") && w.len() > 4))
            }) {
                self.actors.insert(c.name.clone());
            }
        }
        let contact =
            (0..toks.len()).any(|k| contact_at(text, toks, k)) || contact_line(text, toks);
        if contact {
            self.contact.extend(cands.iter().map(|c| c.span));
        }
    }
}

impl DocUse<'_> {
    /// Whether every mention of `name` is a modifier in a title.
    fn modifier_only(&self, name: &str) -> bool {
        self.modifier.get(name).is_some_and(|free| !free)
    }
}

/// Whether the rest of the line after a sentence opens with contact details: "Pacific Postal
/// Union Secretariat, GPO Building, Suva. Tel +679 ...". Looks at most 40 bytes ahead.
fn contact_line(text: &Doc, toks: &[Tok]) -> bool {
    let Some(last) = toks.last() else {
        return false;
    };
    let mut end = (last.end + 40).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let rest = text.get(last.end..end).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    // The line's lower-case copy is the same bytes of the document's.
    let low = text.low.get(last.end..last.end + line.len()).unwrap_or("");
    let line = Doc::new(line, low);
    let mut tt = super::tokens::tokenize(&line, Span(0, line.len()));
    tt.truncate(3);
    contact_at(&line, &tt, 0)
}

/// Contact details at token `k`: "Tel +679 ...", "E-mail: ...", "Fax. ...", "+66 2 ...".
fn contact_at(text: &Doc, toks: &[Tok], k: usize) -> bool {
    let Some(t) = toks.get(k) else {
        return false;
    };
    let next = toks.get(k + 1);
    if t.text(text) == "+" {
        return next.is_some_and(|n| n.kind == Kind::Num);
    }
    t.is_word()
        && CONTACT_WORDS.contains(&&*t.low(text))
        && next.is_some_and(|n| n.kind == Kind::Num || matches!(n.text(text), ":" | "." | "+"))
}

/// What vetting decided for one candidate name.
enum Verdict {
    Keep,
    Drop,
    /// An organ standing for its body: the body's name.
    Body(String),
}

/// Drops candidates that are not organisations and folds organs into their bodies.
pub(super) fn vet(text: &Doc, cands: Vec<OrgCand>, doc: &DocUse) -> Vec<OrgCand> {
    // Names given a short form in parentheses, and names declared to be short forms.
    let defined: FxHashSet<&str> = cands
        .iter()
        .filter(|c| c.rule == "org.acronym_paren")
        .filter_map(|c| c.alias_of.as_deref())
        .collect();
    let aliases: FxHashSet<&str> = cands
        .iter()
        .filter(|c| c.alias_of.is_some())
        .map(|c| c.name.as_str())
        .collect();

    let contact: FxHashSet<Span> = doc.contact.iter().copied().collect();
    let mut on_prose: FxHashSet<&str> = FxHashSet::default();
    for c in &cands {
        if !contact.contains(&c.span) {
            on_prose.insert(c.name.as_str());
        }
    }
    let generic = |w: &str| {
        let l = w.to_lowercase();
        GENERIC.contains(&l.as_str()) || doc.lower.contains(l.as_str())
    };
    // Facilities named only where something happens ("at Kotoka International Airport", "at
    // the Foreign Post Office") are places; one that acts or is dealt with is an organisation.
    let mut placed: FxHashMap<&str, bool> = FxHashMap::default();
    for c in cands
        .iter()
        .filter(|c| c.alias_of.is_none() && is_facility(&c.name))
    {
        let at = located_at(text, c.span.0);
        *placed.entry(c.name.as_str()).or_insert(at) &= at;
    }
    let mut verdicts: FxHashMap<String, Verdict> = FxHashMap::default();
    for (name, only_at) in &placed {
        if *only_at && !defined.contains(name) {
            verdicts.insert((*name).to_string(), Verdict::Drop);
        }
    }
    // Names of several words first: an acronym may stand for one of those that stay.
    for c in &cands {
        if verdicts.contains_key(&c.name) || c.alias_of.is_some() || !c.name.contains(' ') {
            continue;
        }
        let name = c.name.as_str();
        let words: Vec<&str> = name.split_whitespace().collect();
        let verdict =
            if (!on_prose.contains(name) || doc.modifier_only(name)) && !defined.contains(name) {
                Verdict::Drop
            } else {
                judge_words(
                    text,
                    c,
                    &words,
                    &defined,
                    doc.actors.contains(name),
                    &generic,
                )
            };
        verdicts.insert(c.name.clone(), verdict);
    }
    let initials: FxHashSet<String> = verdicts
        .iter()
        .filter(|(_, v)| matches!(v, Verdict::Keep))
        .flat_map(|(n, _)| [super::initials(n, false), super::initials(n, true)])
        .collect();
    for c in &cands {
        if verdicts.contains_key(&c.name) || c.alias_of.is_some() {
            continue;
        }
        let name = c.name.as_str();
        let verdict = if !on_prose.contains(name) && !defined.contains(name) {
            Verdict::Drop
        } else if is_word_acronym(name) {
            let keep = KNOWN_ACRONYM_ORGS.contains(name)
                || aliases.contains(name)
                || initials.contains(name)
                || (doc.used.contains(name) && !doc.things.contains(name));
            if keep {
                Verdict::Keep
            } else {
                Verdict::Drop
            }
        } else {
            Verdict::Keep
        };
        verdicts.insert(c.name.clone(), verdict);
    }
    let mut out = Vec::with_capacity(cands.len());
    for mut c in cands {
        if let Some(target) = c.alias_of.clone() {
            match verdicts.get(&target) {
                Some(Verdict::Drop) => continue,
                Some(Verdict::Body(b)) => c.alias_of = Some(b.clone()),
                _ => {}
            }
            out.push(c);
            continue;
        }
        match verdicts.get(&c.name) {
            Some(Verdict::Drop) => {}
            Some(Verdict::Body(b)) => {
                // "Executive Council of the X Union": the mention becomes one of X (which may
                // run across a line break).
                if let Some((at, end)) = find_spaced(c.span.slice(text), b) {
                    c.span = Span(c.span.0 + at, c.span.0 + end);
                    c.name = b.clone();
                    c.rule = "org.organ_of";
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Last words of a facility's name: an airport, a post office, a sorting centre, a border post.
const FACILITY_HEADS: &[&str] = &[
    "airport",
    "office",
    "centre",
    "center",
    "terminal",
    "hub",
    "port",
    "depot",
    "warehouse",
];

/// Whether a name of several words ends like a facility ("Central Sorting Office", "Integrated
/// Check Post").
fn is_facility(name: &str) -> bool {
    let l = name.to_lowercase();
    let mut words = l.split_whitespace().rev();
    match (words.next(), words.next()) {
        (Some(head), Some(prev)) => {
            FACILITY_HEADS.contains(&head) || (prev == "check" && head == "post")
        }
        _ => false,
    }
}

/// Whether the mention starting at `start` follows the locative "at" ("at Lima Airport", "at
/// the Foreign Post Office", "at its Tokyo ... Office").
fn located_at(text: &Doc, start: usize) -> bool {
    let before = text.low.get(..start).unwrap_or("").trim_end();
    let before = ["the", "its", "their", "our", "a"]
        .iter()
        .find_map(|d| {
            before
                .strip_suffix(d)
                .filter(|b| b.ends_with(|c: char| c.is_whitespace()))
        })
        .map_or(before, str::trim_end);
    before
        .strip_suffix("at")
        .is_some_and(|b| b.is_empty() || b.ends_with(|c: char| !c.is_alphanumeric()))
}

/// The verdict on a name of several words, from its head noun and the words before it.
/// Who meets in a gathering of a body's members: "Conference of Ministers", "Heads of Posts".
const MEMBER_PLURALS: &[&str] = &[
    "ministers",
    "heads",
    "posts",
    "chiefs",
    "governors",
    "members",
    "operators",
    "executives",
    "state",
];

/// "Conference of Ministers of the Conference of Posts and Telecommunications of Central
/// Africa", "Heads of Posts of the Trans-Caspian Postal Corridor": a meeting of a body's
/// members is that body when it names one, and no organisation when it names none.
fn gathering(words: &[&str], lw: &[String]) -> Option<Verdict> {
    if lw.len() < 3 || lw[1] != "of" {
        return None;
    }
    // "the Conference of Ministers" alone: an organ whose body is named elsewhere (a "Council
    // of Ministers" is a government's cabinet).
    if lw.len() == 3
        && MEMBER_PLURALS.contains(&lw[2].as_str())
        && matches!(lw[0].as_str(), "conference" | "meeting")
    {
        return Some(Verdict::Drop);
    }
    if lw.len() < 4 {
        return None;
    }
    // "Conference of Ministers of the ...", or what is left after a title: "[Heads of] Posts
    // of the ...".
    let members_first = MEMBER_PLURALS.contains(&lw[0].as_str()) && lw[2] == "the";
    let opens = MEMBER_PLURALS.contains(&lw[2].as_str())
        && (ORGAN_HEADS.contains(&lw[0].as_str())
            || MEMBER_PLURALS.contains(&lw[0].as_str())
            || matches!(lw[0].as_str(), "conference" | "meeting" | "summit"));
    if !opens && !members_first {
        return None;
    }
    let of = (1..lw.len()).find(|&q| lw[q] == "of" && lw.get(q + 1).is_some_and(|w| w == "the"))?;
    let body = &words[of + 2..];
    let named = lw[of + 2..].iter().any(|w| ORG_HEADS.contains(&w.as_str()));
    Some(if named && !body.is_empty() {
        Verdict::Body(body.join(" "))
    } else {
        Verdict::Drop
    })
}

fn judge_words(
    text: &Doc,
    c: &OrgCand,
    words: &[&str],
    defined: &FxHashSet<&str>,
    actor: bool,
    generic: &dyn Fn(&str) -> bool,
) -> Verdict {
    let _ = text;
    // "An Post": a known operator's name, whatever its words look like elsewhere.
    if super::lexicon::KNOWN_NAMES.contains(&c.name.as_str()) {
        return Verdict::Keep;
    }
    let lw: Vec<String> = words
        .iter()
        .map(|w| w.trim_end_matches(['.', ',']).to_lowercase())
        .collect();
    // "Cooperation in the Field of Postal Services": a field of work, not a body.
    if matches!(
        lw[0].as_str(),
        "field" | "fields" | "area" | "areas" | "sphere"
    ) {
        return Verdict::Drop;
    }
    if let Some(verdict) = gathering(words, &lw) {
        return verdict;
    }
    // "Executive Council of the Asian-Pacific Postal Union": an organ of a named body.
    if let Some(of) = lw.iter().position(|w| w == "of") {
        let organ = of > 0 && ORGAN_HEADS.contains(&lw[of - 1].as_str());
        let mut b = of + 1;
        if lw.get(b).is_some_and(|w| w == "the") {
            b += 1;
        }
        let body_is_org = b < lw.len()
            && lw[b..].iter().any(|w| ORG_HEADS.contains(&w.as_str()))
            && lw[b..].iter().all(|w| w != "of");
        let all_generic = words[..of - usize::from(of > 0)].iter().all(|w| generic(w));
        if organ
            && body_is_org
            && all_generic
            && DELIBERATIVE.contains(&lw[of - 1].as_str())
            && !defined.contains(c.name.as_str())
        {
            return Verdict::Body(words[b..].join(" "));
        }
        return Verdict::Keep;
    }
    let Some(head) = lw.last() else {
        return Verdict::Keep;
    };
    let mods = &words[..words.len() - 1];
    let all_generic = !mods.is_empty() && mods.iter().all(|w| generic(w));
    // "HAVE AGREED AS FOLLOWS": common words before a legal form ("AS") in capitals are a
    // formula, not a company.
    if LEGAL_FORMS.contains(head.as_str()) && all_generic {
        return Verdict::Drop;
    }
    // "Express Post", "Parcel Post", "Postal Logistics": a product, service or field of
    // work, not an operator.
    if GENERIC_HEADS.contains(&head.as_str()) && all_generic {
        return Verdict::Drop;
    }
    if UNIT_HEADS.contains(&head.as_str()) && (mods.is_empty() || all_generic) {
        return Verdict::Drop;
    }
    if ORGAN_HEADS.contains(&head.as_str()) && !defined.contains(c.name.as_str()) {
        if mods.iter().all(|w| generic(w)) {
            // "Executive Council" with no short form of its own decides for its body; an
            // executive organ ("the International Bureau presented ...") counts when it acts.
            return if DELIBERATIVE.contains(&head.as_str()) || !actor {
                Verdict::Drop
            } else {
                Verdict::Keep
            };
        }
        // "APPU Executive Council": the body names itself first; the organ decides for it.
        let first = words[0];
        if DELIBERATIVE.contains(&head.as_str())
            && is_word_acronym(first)
            && mods[1..].iter().all(|w| generic(w))
        {
            return Verdict::Drop;
        }
    }
    Verdict::Keep
}

/// Where `needle` (words joined by single spaces) last occurs in `hay` with any whitespace
/// between its words: the byte range in `hay`.
fn find_spaced(hay: &str, needle: &str) -> Option<(usize, usize)> {
    let words: Vec<&str> = needle.split(' ').collect();
    let first = words.first()?;
    hay.rmatch_indices(first).find_map(|(at, _)| {
        let mut end = at;
        for (q, w) in words.iter().enumerate() {
            if q > 0 {
                let gap = hay[end..].len() - hay[end..].trim_start().len();
                if gap == 0 {
                    return None;
                }
                end += gap;
            }
            if !hay[end..].starts_with(w) {
                return None;
            }
            end += w.len();
        }
        Some((at, end))
    })
}
