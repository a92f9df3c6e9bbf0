//! Agreements signed or adopted: memoranda, agreements, joint statements, action plans.
//!
//! A past-tense signing verb ("signed", "concluded", "adopted", "inked", "exchanged", "issued")
//! followed by a title that names an agreement ("Memorandum of Understanding (MoU) on X", "Joint
//! Statement", "Action Plan 2025-2027", "Seoul Declaration"), or the passive form ("the MoU was
//! signed by A and B"). Planned signings ("will sign an MoU") are commitments, not agreements.

use rustc_hash::{FxHashMap, FxHashSet};

mod cjk;
mod heading;

use super::groups::event_date_in;
use super::parties::actors::{Np, Resolver};
use super::parties::tokens::{is_allcaps, is_cap, squash, Doc, Kind, Low, Tok};
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
        id: "agreement.closing_formula",
        kind: RuleKind::Agreement,
        doc: "'Signed in X on <date>' closing a document whose heading names an agreement",
    },
    Rule {
        id: "agreement.own_heading",
        kind: RuleKind::Agreement,
        doc:
            "the document's heading names an agreement and its text records the signing or adoption",
    },
    Rule {
        id: "agreement.referred",
        kind: RuleKind::Agreement,
        doc:
            "an earlier agreement: the <Title> (that) <parties> signed / the <Title> signed in ...",
    },
    Rule {
        id: "agreement.reference",
        kind: RuleKind::Agreement,
        doc: "the <Title> as the source of a commitment: made / set / agreed / foreseen in the <Title>",
    },
    Rule {
        id: "agreement.cjk",
        kind: RuleKind::Agreement,
        doc: "a Chinese, Japanese or Korean title (in 《》「」 or next to 签署 / 締結 / 체결), kept as written",
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
    "signing",
];

/// Words that make a noun phrase an agreement's title.
const TITLE_HEADS: &[&str] = &[
    "deal",
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
    // "Letter of Intent on E-commerce Returns Logistics"
    "intent",
    "roadmap",
    "framework",
    "strategy",
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

/// Titles that only name the kind of document: a later mention of one already found.
const GENERIC_TITLES: &[&str] = &[
    "mou",
    "mous",
    "moc",
    "memorandum",
    "memorandum of understanding",
    "memorandum of understanding (mou)",
    "memorandum of cooperation",
    "agreement",
    "deal",
    "joint statement",
    "declaration",
    "action plan",
];

/// Words without which a sentence cannot report a signing (a cheap filter before tokenizing).
const SIGN_NEEDLES: &[&str] = &[
    "signing",
    "done",
    "executed",
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

fn lw<'a>(text: &Doc<'a>, toks: &[Tok], k: usize) -> Low<'a> {
    toks.get(k).map_or(Low::Text(""), |t| t.low(text))
}

/// The kind of an agreement, from its title.
pub fn kind_of(title: &str) -> AgreementKind {
    if let Some(k) = cjk_kind(title) {
        return k;
    }
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
        "deal",
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

/// The kind of a title written in Chinese, Japanese or Korean.
fn cjk_kind(title: &str) -> Option<AgreementKind> {
    let has = |ws: &[&str]| ws.iter().any(|w| title.contains(w));
    let kind = if has(&["合作备忘录", "协作备忘录", "協力覚書", "협력각서"]) {
        AgreementKind::MemorandumOfCooperation
    } else if has(&["备忘录", "覚書", "覚え書き", "양해각서", "업무협약"]) {
        AgreementKind::MemorandumOfUnderstanding
    } else if has(&["联合声明", "共同声明", "공동성명"]) {
        AgreementKind::JointStatement
    } else if has(&["行动计划", "行動計画", "행동계획"]) {
        AgreementKind::ActionPlan
    } else if has(&["宣言", "선언"]) {
        AgreementKind::Declaration
    } else if has(&[
        "协议",
        "协定",
        "協定",
        "条约",
        "条約",
        "條約",
        "合意書",
        "議定書",
        "협정",
        "협약",
        "합의서",
    ]) {
        AgreementKind::Agreement
    } else {
        return None;
    };
    Some(kind)
}

/// The title after a signing verb, as token range `[a, b)`.
fn title_after(
    text: &Doc,
    toks: &[Tok],
    k: usize,
    date_starts: &FxHashSet<usize>,
) -> Option<(usize, usize)> {
    let mut s = k;
    while matches!(
        &*lw(text, toks, s),
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
            | "following"
    ) || modifier_before_title(text, toks, s)
    {
        s += 1;
    }
    // signed the "Joint Statement on ...": the title in quotation marks.
    if toks
        .get(s)
        .is_some_and(|t| matches!(t.text(text), "\"" | "“" | "‘"))
    {
        s += 1;
    }
    title_from(text, toks, s, date_starts)
}

/// "signed a three-year Agreement on ...", "recalling the bilateral Agreement on ...": a
/// lower-case modifier before a capitalised title is not part of it.
fn modifier_before_title(text: &Doc, toks: &[Tok], s: usize) -> bool {
    let w = lw(text, toks, s);
    let modifier = matches!(
        &*w,
        "bilateral" | "trilateral" | "multilateral" | "landmark" | "historic" | "revised"
    ) || ["-year", "-month", "-party"].iter().any(|x| w.ends_with(x));
    // "the Multilateral Agreement on ...": a capitalised modifier is part of the title.
    modifier
        && toks
            .get(s)
            .is_some_and(|t| !is_cap(t.text(text)) || w.ends_with("-year"))
        && toks
            .get(s + 1)
            .is_some_and(|t| is_cap(t.text(text)) && TITLE_HEADS.contains(&&*lw(text, toks, s + 1)))
}

fn title_from(
    text: &Doc,
    toks: &[Tok],
    s: usize,
    date_starts: &FxHashSet<usize>,
) -> Option<(usize, usize)> {
    let n = toks.len();
    if s >= n {
        return None;
    }
    let mut capital = is_cap(toks[s].text(text));
    let mut e = s;
    let mut head_seen = false;
    while e < n && e < s + 24 {
        let t = toks[e];
        let raw = t.text(text);
        let l = raw.to_lowercase();
        if TITLE_HEADS.contains(&l.as_str()) {
            head_seen = true;
        }
        // "joint statement of February": a month or day named after the title ends it.
        if e > s && t.is_word() && date_starts.contains(&t.start) {
            break;
        }
        // "on 5 May 2024", "in Seoul": a date or place after the title is not part of it.
        if matches!(l.as_str(), "on" | "in" | "dated" | "at") && e > s {
            let next = toks.get(e + 1);
            let date_or_place = next
                .is_some_and(|t| t.kind == Kind::Num || date_starts.contains(&t.start))
                || (l == "in" && next.is_some_and(|t| is_cap(t.text(text))) && !capital)
                || (l == "in" && capital && place_then_date(text, toks, e + 1, date_starts));
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
            } else if capital
                && matches!(raw, "'" | "’")
                && e > s
                && toks[e - 1].end == t.start
                && toks.get(e + 1).is_some_and(|n| is_cap(n.text(text)))
            {
                // "Pacific Postal Chief Executives' Forum": a plural possessive inside a name.
                true
            } else {
                matches!(raw, "-" | "–") && toks.get(e + 1).is_some_and(|t| t.kind == Kind::Num)
            }
        } else if capital {
            let next_lower = toks.get(e + 1).is_some_and(|t| {
                let w = t.text(text);
                t.is_word()
                    && !is_cap(w)
                    && w != "the"
                    // "on a Gulf Cross-Border Corridor": an article before a capitalised topic.
                    && !(matches!(w, "a" | "an")
                        && toks.get(e + 2).is_some_and(|n| is_cap(n.text(text))))
            });
            if head_seen
                && next_lower
                && matches!(l.as_str(), "on" | "for" | "regarding" | "concerning")
            {
                // "Memorandum of Understanding on e-commerce cooperation": a lower-case topic.
                capital = false;
                true
            } else {
                is_cap(raw)
                    // "Memorandum of Understanding on a Gulf Cross-Border E-commerce Corridor".
                    || (matches!(l.as_str(), "a" | "an")
                        && e > s
                        && matches!(&*lw(text, toks, e - 1), "on" | "for" | "of")
                        && toks.get(e + 1).is_some_and(|t| is_cap(t.text(text))))
                    || (CONNECTORS.contains(&l.as_str())
                        && l != "between"
                        && l != "to"
                        && toks.get(e + 1).is_some_and(|t| {
                            let w = t.text(text);
                            is_cap(w)
                                || t.kind == Kind::Num
                                || (l != "the"
                                    && matches!(w, "the" | "a" | "an")
                                    && toks.get(e + 2).is_some_and(|t2| {
                                        is_cap(t2.text(text)) || t2.kind == Kind::Num
                                    }))
                        }))
            }
        } else {
            // Lower-case titles: "a memorandum of understanding on postal cooperation". A
            // capitalised word after the head without a connector starts the next phrase
            // ("the memorandum of understanding Korea Post and ... signed").
            let name_after_head = head_seen
                && e > s
                && !CONNECTORS.contains(&&*lw(text, toks, e - 1))
                && (is_cap(raw)
                    || SIGN.contains(&l.as_str())
                    || matches!(l.as_str(), "the" | "a" | "an" | "their" | "its" | "both"));
            !name_after_head
                && !matches!(
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
                )
                && (head_seen || e < s + 4)
        };
        if !ok {
            break;
        }
        e += 1;
    }
    // Lower-case titles end at the head noun's complement: trim trailing connectors.
    while e > s && CONNECTORS.contains(&&*lw(text, toks, e - 1)) {
        e -= 1;
    }
    let head = (s..e).any(|q| TITLE_HEADS.contains(&&*lw(text, toks, q)));
    (head && e > s).then_some((s, e))
}

/// Whether one to three capitalised words from `k` are followed by a date ("... Digitalisation
/// in Tokyo on 4 November", "in Muscat, 2 February"): a place of signing after a capitalised
/// title, where "in Logistics and Transport" would be part of it.
fn place_then_date(text: &Doc, toks: &[Tok], k: usize, date_starts: &FxHashSet<usize>) -> bool {
    let mut e = k;
    while e < toks.len() && e < k + 3 && toks[e].is_word() && is_cap(toks[e].text(text)) {
        e += 1;
    }
    if e == k {
        return false;
    }
    let at_date = |q: usize| {
        toks.get(q)
            .is_some_and(|t| t.kind == Kind::Num || date_starts.contains(&t.start))
    };
    at_date(e) || (matches!(&*lw(text, toks, e), "on" | ",") && at_date(e + 1))
}

/// Parties named after "between" / "with" / "by" in `[from, to)`.
fn named_after(
    res: &Resolver,
    text: &Doc,
    toks: &[Tok],
    from: usize,
    to: usize,
    words: &[&str],
) -> Vec<String> {
    let Some(k) = (from..to).find(|&q| words.contains(&&*lw(text, toks, q))) else {
        return Vec::new();
    };
    let mut e = k + 1;
    while e < to
        && !matches!(toks[e].text(text), "." | ";")
        && !matches!(
            &*lw(text, toks, e),
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

/// The agreement the document itself is: its heading's title, dated by the date next to its
/// signing or adoption formula, signed by the meeting's participants.
fn own_agreement(text: &Doc, res: &Resolver, dates: &[DateMention]) -> Option<Agreement> {
    let (title, span) = heading::own_heading(text)?;
    // The first formula with a date after it: "Signed at Colombo on 15 January 2025", "is
    // made at Jakarta on 8 May 2025", "*Adopted in Bangkok on 2 December 2025*".
    let (at, date) = heading::self_formulas(text).into_iter().find_map(|at| {
        dates
            .iter()
            .filter(|d| d.span.0 >= at && d.span.0 < at + 160)
            .find_map(|d| d.until.or(d.value))
            .map(|v| (at, Some(v)))
    })?;
    let closing = text
        .get(at..)
        .is_some_and(|t| t.len() >= 4 && matches!(&t[..4].to_lowercase()[..], "sign" | "done"));
    Some(Agreement {
        kind: kind_of(&title),
        title,
        date,
        parties: res.participants(None, text.len()),
        rule: if closing {
            "agreement.closing_formula"
        } else {
            "agreement.own_heading"
        }
        .to_string(),
        span,
    })
}

/// A title ending just before token `end`, read backwards to its article: "the postal
/// technology memorandum| that ...", "the business agreement| signed in ...".
fn title_before(text: &Doc, toks: &[Tok], end: usize) -> Option<(usize, usize)> {
    // "the Memorandum on ..., signed by": the comma closes the title.
    let end = if end > 0 && toks[end - 1].text(text) == "," {
        end - 1
    } else {
        end
    };
    let mut a = end;
    while a > 0 && end - a < 20 {
        let t = toks[a - 1];
        let l = lw(text, toks, a - 1);
        // "Agreement on the Transit of Mail", "Cooperation in the Field of Postal Services":
        // "the" after a connector inside a title.
        if l == "the"
            && a >= 3
            && matches!(
                &*lw(text, toks, a - 2),
                "on" | "of" | "for" | "concerning" | "in" | "by"
            )
            && is_cap(toks[a - 3].text(text))
        {
            a -= 1;
            continue;
        }
        // "Carriage of Mail and Parcels by Rail", "Cooperation in the Field": a preposition
        // between two capitalised words of the title.
        let next_cap = |q: usize| {
            toks.get(q).is_some_and(|t| is_cap(t.text(text)))
                || (lw(text, toks, q) == "the"
                    && toks.get(q + 1).is_some_and(|t| is_cap(t.text(text))))
        };
        if matches!(&*l, "in" | "by")
            && a >= 2
            && a < end
            && next_cap(a)
            && is_cap(toks[a - 2].text(text))
            && toks[a - 2].is_word()
        {
            a -= 1;
            continue;
        }
        let inner = t.is_word() || t.kind == Kind::Num || matches!(t.text(text), "-" | "(" | ")");
        if !inner
            || matches!(
                &*l,
                "the"
                    | "a"
                    | "an"
                    | "their"
                    | "its"
                    | "this"
                    | "that"
                    | "which"
                    | "under"
                    | "in"
                    | "by"
                    | "with"
                    | "to"
                    | "from"
                    | "as"
                    | "our"
                    | "his"
                    | "her"
            )
        {
            break;
        }
        a -= 1;
    }
    while a < end && CONNECTORS.contains(&&*lw(text, toks, a)) {
        a += 1;
    }
    let head = (a..end).any(|q| TITLE_HEADS.contains(&&*lw(text, toks, q)));
    (head && a < end).then_some((a, end))
}

/// "an agreement ... to open a freighter route between A and B": a one-word title takes the
/// purpose that follows it in the clause. Returns the end token of that purpose.
fn purpose_after(text: &Doc, toks: &[Tok], from: usize) -> Option<(usize, usize)> {
    let n = toks.len();
    let mut k = from;
    while k < n && k < from + 14 {
        let raw = toks[k].text(text);
        if matches!(raw, "." | ";" | ":") {
            return None;
        }
        if lw(text, toks, k) == "to"
            && toks.get(k + 1).is_some_and(|t| {
                t.is_word()
                    && !is_cap(t.text(text))
                    && !matches!(&*t.low(text), "the" | "a" | "an" | "be" | "their" | "its")
            })
        {
            // Bounded: a title is a phrase, and a text without punctuation stays linear.
            let mut e = k + 1;
            while e < n && e < k + 30 && !matches!(toks[e].text(text), "," | "." | ";" | ":") {
                e += 1;
            }
            return (e > k + 2).then_some((k, e));
        }
        k += 1;
    }
    None
}

/// An earlier agreement the sentence tells about at the signing verb `k`: a relative clause
/// ("the memorandum (that) A and B signed") or a participle ("the agreement signed in Daejeon").
/// Returns the title's token range and who signed, when the clause names them.
#[allow(clippy::type_complexity)]
fn referred(
    res: &Resolver,
    text: &Doc,
    toks: &[Tok],
    k: usize,
    prev: &[String],
) -> Option<((usize, usize), Vec<String>)> {
    // Relative clause with its subject before the verb.
    if let Np::Span(na, nb) = res.np_before(toks, k) {
        // "the Memorandum of Understanding on Express Mail Exchange signed by ...": after a
        // connector the capitalised words end the title; they are not who signed.
        let ends_title = na > 0 && CONNECTORS.contains(&&*lw(text, toks, na - 1));
        if nb == k && na > 0 && !ends_title {
            let mut p = na;
            if matches!(&*lw(text, toks, p - 1), "that" | "which") {
                p -= 1;
            }
            if let Some(t) = title_before(text, toks, p) {
                let mut by = res.resolve(toks, na, nb, prev);
                if by.is_empty() {
                    by = res.proper_names(toks, na, nb);
                }
                return Some((t, by));
            }
        }
    }
    // "that the Ministry of X and Vietnam's Ministry of Y signed": a long subject.
    if let Some(q) = (k.saturating_sub(16)..k)
        .rev()
        .find(|&q| matches!(&*lw(text, toks, q), "that" | "which"))
    {
        if let Some(t) = title_before(text, toks, q) {
            let by = res.orgs_in(Span(toks[q].start, toks[k].start));
            return Some((t, by));
        }
    }
    // Participle right after the title, followed by where, when or by whom.
    let next = lw(text, toks, k + 1);
    let adjunct = matches!(
        &*next,
        "in" | "on"
            | "at"
            | "by"
            | "between"
            | "last"
            | "earlier"
            | "yesterday"
            | "with"
            | "during"
            | ","
            | "."
            | "this"
            | "today"
    );
    if adjunct {
        if let Some(t) = title_before(text, toks, k) {
            let by = named_after(res, text, toks, k + 1, toks.len(), &["by", "between"]);
            return Some((t, by));
        }
    }
    None
}

/// Adds an agreement unless it is one already found: "this Joint Statement" is the document
/// itself, "the MoU" after "the Memorandum of Understanding" is the same one, while "a
/// memorandum signed in 2017" is another.
fn add(
    out: &mut Vec<Agreement>,
    by_title: &mut FxHashMap<String, usize>,
    ag: Agreement,
    det: &str,
    own_first: bool,
) {
    let mut key = ag.title.to_lowercase();
    // A bilingual notice names its agreement in both languages: an English title of the same
    // kind and date as one written in CJK is the same document.
    if let Some(o) = out.iter().find(|o| {
        o.rule == "agreement.cjk"
            && o.kind == ag.kind
            && (o.date == ag.date || o.date.is_none() || ag.date.is_none())
    }) {
        key = o.title.to_lowercase();
    }
    if matches!(det, "this" | "following" | "present") {
        if let Some(o) = out.first().filter(|o| o.kind == ag.kind && own_first) {
            key = o.title.to_lowercase();
        }
    }
    if GENERIC_TITLES.contains(&key.as_str()) && !matches!(det, "a" | "an") {
        if let Some(same) = out.iter().find(|o| o.kind == ag.kind) {
            key = same.title.to_lowercase();
        }
    }
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

/// Participles that point back to an agreement as the source of something: "the commitment made
/// in the Vientiane Declaration", "the target set in their joint statement of February".
const REF_VERBS: &[&str] = &[
    "made",
    "set",
    "agreed",
    "adopted",
    "foreseen",
    "laid",
    "given",
    "undertaken",
    "contained",
    "outlined",
    "envisaged",
    "specified",
    "provided",
    "fixed",
    "stated",
];

/// An agreement referred to as the source of a commitment or target, at the participle `k`.
fn reference(
    text: &Doc,
    toks: &[Tok],
    k: usize,
    date_starts: &FxHashSet<usize>,
) -> Option<(usize, usize)> {
    let mut q = k + 1;
    if matches!(&*lw(text, toks, q), "out" | "down" | "forth") {
        q += 1;
    }
    if !matches!(&*lw(text, toks, q), "in" | "under" | "by") {
        return None;
    }
    if !matches!(&*lw(text, toks, q + 1), "the" | "their" | "its" | "this") {
        return None;
    }
    let (ta, tb) = title_after(text, toks, q + 1, date_starts)?;
    // A lone lower-case word refers only if it names an agreement outright.
    let one = tb == ta + 1 && !is_cap(toks[ta].text(text));
    let strong = matches!(
        &*lw(text, toks, tb - 1),
        "memorandum" | "mou" | "moc" | "agreement" | "declaration" | "statement" | "communiqué"
    );
    (!one || strong).then_some((ta, tb))
}

/// Finds agreements signed or adopted in the text.
pub fn find_agreements(
    raw: &str,
    sentences: &[Sentence],
    parties: &Parties,
    dates: &[DateMention],
) -> Vec<Agreement> {
    let low = parties.lower_copy(raw);
    let doc = Doc::new(raw, &low);
    let text = &doc;
    let res = Resolver::new(text, sentences, parties);
    let event = event_date_in(text, sentences, dates);
    let mut out: Vec<Agreement> = Vec::new();
    let mut by_title: FxHashMap<String, usize> = FxHashMap::default();
    // The document itself, when its heading names an agreement and its text records the signing
    // or adoption: first, so that "this Memorandum" and "the following Joint Statement" join it.
    let own = own_agreement(text, &res, dates);
    let own_first = own.is_some();
    if let Some(ag) = own {
        by_title.insert(ag.title.to_lowercase(), 0);
        out.push(ag);
    }
    let date_starts: FxHashSet<usize> = dates.iter().map(|d| d.span.0).collect();
    // Titles in Chinese, Japanese or Korean, kept as written.
    for ag in cjk::cjk_agreements(text, &res, dates) {
        by_title.insert(ag.title.to_lowercase(), out.len());
        out.push(ag);
    }
    for (i, s) in sentences.iter().enumerate() {
        let toks = res.tokens(i);
        if !s.prose
            || !toks.iter().any(|t| {
                let l = t.low(text);
                SIGN_NEEDLES.contains(&&*l) || REF_VERBS.contains(&&*l)
            })
        {
            continue;
        }
        if toks.is_empty() {
            continue;
        }
        let main = res.main_subject(toks);
        let (prev, main_actors) = res.context(i);
        let (prev, main_actors) = (prev.to_vec(), main_actors.to_vec());
        for k in 0..toks.len() {
            let w = lw(text, toks, k);
            if REF_VERBS.contains(&&*w) {
                if let Some((ta, tb)) = reference(text, toks, k, &date_starts) {
                    let tspan = Span(toks[ta].start, toks[tb - 1].end);
                    let title = squash(tspan.slice(text));
                    let mut by = (k.saturating_sub(16)..k)
                        .rev()
                        .find(|&q| matches!(&*lw(text, toks, q), "that" | "which"))
                        .map(|q| res.orgs_in(Span(toks[q].start, toks[k].start)))
                        .unwrap_or_default();
                    if by.is_empty() {
                        by = main_actors.clone();
                    }
                    let date = dates
                        .iter()
                        .filter(|d| s.span.contains(d.span) && d.span.0 > toks[k].start)
                        .find_map(|d| d.value);
                    let det = lw(text, toks, ta - 1).into_owned();
                    let ag = Agreement {
                        kind: kind_of(&title),
                        title,
                        date,
                        parties: by,
                        rule: "agreement.reference".to_string(),
                        span: tspan,
                    };
                    add(&mut out, &mut by_title, ag, &det, own_first);
                }
                if !SIGN.contains(&(&*w)) {
                    continue;
                }
            }
            if !SIGN.contains(&(&*w)) {
                continue;
            }
            // "which entered into force in 2010": in force, not signed by anyone here.
            if w == "entered" && lw(text, toks, k + 2) == "force" {
                continue;
            }
            // "the signing of the MoU" reports a signing; "signing" alone does not.
            let noun_signing = w == "signing";
            if noun_signing && lw(text, toks, k + 1) != "of" {
                continue;
            }
            // Planned, not done: "will sign", "to be signed", "plan to sign".
            let before: Vec<String> = (k.saturating_sub(3)..k)
                .map(|q| lw(text, toks, q).into_owned())
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
            // "the renewed MoU", "the signed agreement": a participle naming a known document.
            if !noun_signing
                && before.last().is_some_and(|b| {
                    matches!(
                        b.as_str(),
                        "the"
                            | "a"
                            | "an"
                            | "this"
                            | "that"
                            | "their"
                            | "its"
                            | "newly"
                            | "recently"
                    )
                })
            {
                continue;
            }
            // "This Memorandum is signed in two originals": a provision about signing, not a
            // record of it.
            if before
                .last()
                .is_some_and(|b| matches!(b.as_str(), "is" | "are"))
            {
                continue;
            }
            let passive = before
                .last()
                .is_some_and(|b| matches!(b.as_str(), "was" | "were" | "been"));
            let (title, rule, parties_found) = if passive {
                // Back over the title before "was signed", and over a definition between them
                // ("The Memorandum of ... (the \"Kathmandu MoU\") was signed").
                let mut aux = k - 1;
                if aux > 0 && toks[aux - 1].text(text) == ")" {
                    if let Some(open) = (aux.saturating_sub(10)..aux - 1)
                        .rev()
                        .find(|&q| toks[q].text(text) == "(")
                    {
                        aux = open;
                    }
                }
                let mut a = aux;
                while a > 0 && {
                    let t = toks[a - 1];
                    let l = lw(text, toks, a - 1);
                    t.is_word() && !matches!(&*l, "the" | "a" | "an" | "this" | "these" | "that")
                        || t.kind == Kind::Num
                        || matches!(t.text(text), "(" | ")" | "-")
                } {
                    a -= 1;
                }
                let Some((ta, tb)) = title_from(text, &toks[..aux], a, &date_starts) else {
                    continue;
                };
                if tb > aux {
                    continue;
                }
                let by = named_after(&res, text, toks, k + 1, toks.len(), &["by", "between"]);
                ((ta, tb), "agreement.passive", by)
            } else if let Some((title, by)) = referred(&res, text, toks, k, &prev) {
                // "the memorandum (that) the two operators signed in March", "the business
                // agreement signed in Daejeon": a signing told about an earlier document.
                let by = if by.is_empty() {
                    main_actors.clone()
                } else {
                    by
                };
                (title, "agreement.referred", by)
            } else {
                let mut q = if (w == "entered" && lw(text, toks, k + 1) == "into") || noun_signing {
                    k + 2
                } else {
                    k + 1
                };
                // "we signed, together with A and B, the Trilateral Memorandum ...": the
                // co-signers between commas, then the title.
                let mut co_signers = Vec::new();
                if lw(text, toks, q) == ","
                    && matches!(&*lw(text, toks, q + 1), "together" | "along" | "jointly")
                    && lw(text, toks, q + 2) == "with"
                {
                    if let Some(close) =
                        (q + 3..toks.len().min(q + 30)).find(|&c| toks[c].text(text) == ",")
                    {
                        co_signers = res.orgs_in(Span(toks[q + 3].start, toks[close].start));
                        q = close + 1;
                    }
                }
                let Some((ta, tb)) = title_after(text, toks, q, &date_starts) else {
                    continue;
                };
                let mut by = match res.np_before(toks, k) {
                    Np::Span(a, b) => {
                        let by = res.resolve(toks, a, b, &prev);
                        if by.is_empty() {
                            res.proper_names(toks, a, b)
                        } else {
                            by
                        }
                    }
                    Np::Coordinated => main
                        .map(|(a, b)| res.resolve(toks, a, b, &prev))
                        .unwrap_or_default(),
                    Np::Unknown => Vec::new(),
                };
                for o in co_signers.into_iter().chain(named_after(
                    &res,
                    text,
                    toks,
                    tb,
                    toks.len(),
                    &["between", "with"],
                )) {
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
            let mut tspan = Span(toks[ta].start, toks[tb - 1].end);
            let mut name = squash(tspan.slice(text));
            // "signed an agreement with X on Tuesday to open a freighter route between A and B":
            // the purpose names the agreement.
            if tb == ta + 1 && rule == "agreement.signed" && !is_cap(&name) {
                if let Some((p0, p1)) = purpose_after(text, toks, tb) {
                    name = format!(
                        "{name} {}",
                        squash(Span(toks[p0].start, toks[p1 - 1].end).slice(text))
                    );
                    tspan = Span(tspan.0, toks[p1 - 1].end);
                }
            }
            if let Some(stripped) = name.strip_suffix(',') {
                name = stripped.to_string();
            }
            let det = if ta > 0 {
                lw(text, toks, ta - 1).into_owned()
            } else {
                String::new()
            };
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
            add(&mut out, &mut by_title, ag, &det, own_first);
        }
    }
    fold_generic(&mut out);
    out
}

/// "under an agreement signed in Montevideo on Monday ... signed a three-year Agreement on
/// Maritime Parcel Transport": a generic mention and a titled agreement of the same kind, on
/// the same day or undated, are one document, known by its title.
fn fold_generic(out: &mut Vec<Agreement>) {
    let generic = |a: &Agreement| GENERIC_TITLES.contains(&a.title.to_lowercase().as_str());
    let mut k = 0;
    while k < out.len() {
        let g = &out[k];
        let same = generic(g)
            .then(|| {
                out.iter().position(|t| {
                    !generic(t)
                        && t.kind == g.kind
                        && (t.date == g.date || t.date.is_none() || g.date.is_none())
                })
            })
            .flatten();
        match same {
            Some(t) => {
                let g = out.remove(k);
                let t = if t > k { t - 1 } else { t };
                if out[t].date.is_none() {
                    out[t].date = g.date;
                }
                if out[t].parties.is_empty() {
                    out[t].parties = g.parties;
                }
            }
            None => k += 1,
        }
    }
}

#[cfg(test)]
mod tests;
