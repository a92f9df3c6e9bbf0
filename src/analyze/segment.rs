//! Splits text into sentences and tells prose from website chrome (menus, phone lists, footers).
//!
//! Works in two passes over the lines: first lines are grouped into blocks (a paragraph, a list
//! item, a heading, a menu line), joining the lines of a wrapped paragraph as PDF text has them;
//! then each block is split at sentence ends, except after abbreviations and initials. Every
//! sentence is then judged prose or chrome, so later stages can ignore "2024 Stamps" in a menu.
//! Spans are byte offsets on char boundaries.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::parties::tokens::lowercase;
use crate::model::Span;

/// One sentence (or one line of non-prose), by span into the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// False for chrome: menu items, phone lists, footers, headings without a verb.
    pub prose: bool,
}

/// Splits `text` into sentences, in order, covering every non-blank line.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let lines = lines(text);
    let width = wrap_width(text, &lines);
    // Footer phrases are found in one pass over the text, not once per sentence.
    let footers: Vec<usize> = FOOTER_ANYWHERE.find_iter(text).map(|m| m.start()).collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let Some(first) = lines[i] else {
            i += 1;
            continue;
        };
        let mut last = first;
        let mut j = i + 1;
        while j < lines.len() {
            match lines[j] {
                Some(next) if joins(text, last, next, width) => {
                    last = next;
                    j += 1;
                }
                _ => break,
            }
        }
        split_block(text, Span(first.0, last.1), &footers, &mut out);
        i = j;
    }
    mark_link_lists(text, &mut out);
    out
}

static LINK_LIST_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r"(?i)^(?:related(?:\s+(?:news|articles|stories|links|content|posts))?|more\s+(?:news|stories|from\b.*)|most\s+(?:read|viewed|popular|shared)|latest(?:\s+(?:news|stories|articles))?|see\s+also|read\s+(?:more|also|next)|recommended(?:\s+for\s+you)?|popular(?:\s+(?:news|stories))?|top\s+stories|trending(?:\s+now)?|you\s+may\s+also\s+like|other\s+news|previous\s+news|相关新闻|相关阅读|热点新闻|관련\s*기사|많이\s*본\s*기사|関連記事)\s*[:：]?$",
    )
});

/// After a "Related news" / "Most read" / "More from the Newsroom" heading, the lines that follow
/// are links to other stories, whose dates are not this document's: they are chrome until running
/// prose (a long sentence) resumes.
fn mark_link_lists(text: &str, out: &mut [Sentence]) {
    let mut in_list = false;
    for s in out.iter_mut() {
        let t = s.span.slice(text);
        if t.len() <= 60 && LINK_LIST_HEADING.is_match(t) {
            in_list = true;
            s.prose = false;
            continue;
        }
        if in_list {
            if ends_sentence(t) && t.split_whitespace().count() >= 12 {
                in_list = false;
            } else {
                s.prose = false;
            }
        }
    }
}

/// Whether `text` (one sentence) reads as prose rather than chrome. Public so other analysers can
/// judge a fragment the same way.
pub fn is_prose(text: &str) -> bool {
    judge(text, false, FOOTER_ANYWHERE.is_match(text))
}

/// Compiles a pattern with ASCII word boundaries and word characters, which the fast regex
/// engines handle on any text (Unicode `\b` sends non-ASCII text, CJK above all, to a slow
/// engine). Patterns are constants checked by the tests, so a bad one is a programming error.
pub(super) fn ascii_regex(pattern: &str) -> Regex {
    let pattern = pattern
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\w", "[A-Za-z0-9_]");
    Regex::new(&pattern).expect("valid built-in pattern")
}

/// Each line's trimmed span, or `None` for a blank line (a paragraph break). Lines end at `\n`,
/// `\r\n`, a lone `\r` or a form feed (page break).
fn lines(text: &str) -> Vec<Option<Span>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    if !bytes.contains(&b'\r') && !bytes.contains(&0x0c) {
        // Most texts break lines at "\n" only: found with memchr.
        for (i, _) in text.match_indices('\n') {
            out.push(trimmed(text, start, i));
            start = i + 1;
        }
        out.push(trimmed(text, start, text.len()));
        return out;
    }
    for (i, &b) in bytes.iter().enumerate() {
        // "\r\n" is one break: its "\r" is left to the trimming of the line.
        let lone_cr = b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
        if b == b'\n' || lone_cr || b == 0x0c {
            out.push(trimmed(text, start, i));
            start = i + 1;
        }
    }
    out.push(trimmed(text, start, text.len()));
    out
}

fn trimmed(text: &str, start: usize, end: usize) -> Option<Span> {
    let s = &text[start..end];
    let t = s.trim_start();
    let a = start + (s.len() - t.len());
    let t = t.trim_end();
    if t.is_empty() {
        None
    } else {
        Some(Span(a, a + t.len()))
    }
}

/// The typical length (in chars) of a full line: the upper quartile of lines of 25 chars or more.
/// Lines of a wrapped paragraph come close to it; a heading or the last line of a paragraph falls
/// short, and in text with one paragraph per line it is so long that nothing is joined.
fn wrap_width(text: &str, lines: &[Option<Span>]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .flatten()
        .map(|s| s.slice(text).chars().count())
        .filter(|&n| n >= 25)
        .collect();
    if lens.is_empty() {
        return 0;
    }
    lens.sort_unstable();
    lens[lens.len() * 3 / 4]
}

static LIST_START: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r"^(?:[•·▪◦●○■□►▶‣⁃→✓]|[-*+–—]\s|\(?\d{1,3}[.)]\s|\d{1,3}(?:\.\d{1,3})+\.?\s|\(?[a-z]\)\s|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)\s|(?:Article|Section|Clause|Chapter|ARTICLE|SECTION)\s+\d|\|)",
    )
});

/// Words that cannot end a line of a finished heading: the line must go on.
const OPEN_ENDINGS: &[&str] = &[
    "and",
    "or",
    "of",
    "the",
    "a",
    "an",
    "to",
    "in",
    "for",
    "with",
    "by",
    "on",
    "at",
    "from",
    "that",
    "which",
    "as",
    "its",
    "their",
    "his",
    "her",
    "is",
    "are",
    "was",
    "were",
    "will",
    "has",
    "have",
    "had",
    "between",
    "among",
    "under",
    "into",
    "this",
    "these",
    "who",
    "be",
    "been",
    "hereinafter",
];

/// Whether line `next` continues the block whose last line is `prev`.
fn joins(text: &str, prev: Span, next: Span, width: usize) -> bool {
    let p = prev.slice(text);
    let n = next.slice(text);
    if LIST_START.is_match(n) {
        return false;
    }
    let Some(last) = p.chars().last() else {
        return false;
    };
    let first = n.chars().next().unwrap_or(' ');
    if ends_sentence(p) {
        // A wrap right after an abbreviation ("Mr.\nKim") is still the same sentence.
        return last == '.' && is_abbreviation(p, p.len() - 1);
    }
    if first.is_lowercase() {
        return true;
    }
    if matches!(last, ',' | ';' | '-' | '–' | '(' | '/' | '&') {
        return true;
    }
    // "Post Fiji Pte Limited (Post" / "Fiji), ...": a bracket left open goes on.
    if p.matches('(').count() > p.matches(')').count() {
        return true;
    }
    let last_word = lowercase(
        p.rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or(""),
    );
    if OPEN_ENDINGS.contains(&last_word.as_str()) {
        return true;
    }
    if last == ':' {
        return false;
    }
    let chars = p.chars().count();
    let full = width >= 40 && chars >= 30 && chars * 4 >= width * 3;
    // "1. The Conference of Ministers of the Conference of Posts and ... of Central" /
    // "Africa (COPTAC) held its session ...": a full line of names that opens a sentence goes
    // on into a line of prose.
    let opens_sentence = LIST_START.is_match(p) || p.starts_with("The ");
    full && (!title_like(p) || (opens_sentence && !title_like(n)))
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', ']']);
    t.ends_with(['.', '!', '?', '。', '！', '？'])
}

/// Most longer words capitalised: a heading or a menu line, not a wrapped line of prose.
fn title_like(s: &str) -> bool {
    let mut long = 0;
    let mut caps = 0;
    for w in s.split(|c: char| c.is_whitespace() || c == '-') {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.chars().count() > 3 {
            long += 1;
            if w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
            {
                caps += 1;
            }
        }
    }
    long > 0 && caps * 10 >= long * 7
}

/// Abbreviations after which a period does not end a sentence (lowercase, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "co", "ltd", "inc", "corp", "jr", "sr",
    "vs", "v", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "gen", "gov", "sen", "rep", "hon", "amb", "dept", "art", "sec", "fig", "approx", "est", "vol",
    "pp", "para", "rev", "eng", "messrs", "mt", "ft", "op", "cf", "al", "excl", "incl", "govt",
    "int'l", "ing", "lic", "mme",
];

/// Whether the period at byte `dot` of `s` closes an abbreviation or an initial rather than a
/// sentence.
fn is_abbreviation(s: &str, dot: usize) -> bool {
    let before = &s[..dot];
    let token_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '\''))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let token = &before[token_start..];
    if token.is_empty() {
        return false;
    }
    let mut chars = token.chars();
    let first = chars.next().unwrap_or(' ');
    if chars.next().is_none() && first.is_uppercase() {
        return true; // an initial: "J. Smith"
    }
    if token.contains('.') {
        // "U.S", "e.g", "i.e": short letter groups joined by periods.
        return token
            .split('.')
            .all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
    }
    ABBREVIATIONS.contains(&lowercase(token).as_str())
}

/// Whether `head` (a sentence so far, up to a period) is only an item number: "1", "2.1", "iv",
/// "a", so that "1. Background" stays one piece.
fn is_item_number(head: &str) -> bool {
    let h = head.trim();
    !h.is_empty()
        && h.len() <= 8
        && (h.chars().all(|c| c.is_ascii_digit() || c == '.')
            || (h.len() == 1 && h.chars().all(|c| c.is_ascii_alphabetic()))
            || h.chars()
                .all(|c| matches!(c, 'i' | 'v' | 'x' | 'I' | 'V' | 'X')))
}

/// Splits one block at sentence ends and pushes its sentences.
fn split_block(text: &str, block: Span, footers: &[usize], out: &mut Vec<Sentence>) {
    let b = block.slice(text);
    let first_out = out.len();
    let mut start = 0;
    let mut iter = b.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let cjk_end = matches!(c, '。' | '！' | '？');
        if !(cjk_end || matches!(c, '.' | '!' | '?')) {
            continue;
        }
        // Closing quotes and brackets belong to the sentence they close.
        let mut end = i + c.len_utf8();
        while let Some(&(j, q)) = iter.peek() {
            if matches!(q, '"' | '\'' | '”' | '’' | ')' | ']') {
                end = j + q.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let rest = &b[end..];
        let after = rest.trim_start();
        let gap = rest.len() - after.len();
        let next = after.chars().next();
        let splits = if cjk_end {
            next.is_some()
        } else {
            gap > 0
                && next.is_some_and(|n| {
                    n.is_uppercase()
                        || n.is_numeric()
                        || matches!(n, '"' | '\'' | '“' | '‘' | '(' | '[')
                        || is_cjk(n)
                })
                && !(c == '.' && (is_abbreviation(b, i) || is_item_number(&b[start..i])))
        };
        if splits {
            push(text, block.0 + start, block.0 + end, out);
            start = end + gap;
        }
    }
    push(text, block.0 + start, block.1, out);
    let multi = out.len() - first_out > 1;
    for s in &mut out[first_out..] {
        let i = footers.partition_point(|&p| p < s.span.0);
        let footer = footers.get(i).is_some_and(|&p| p < s.span.1);
        s.prose = judge(s.span.slice(text), multi, footer);
    }
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    if let Some(span) = trimmed(text, start, end) {
        out.push(Sentence { span, prose: true });
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af)
}

static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r"(?i)^(?:copyright\b|©|\(c\)\s*\d|all rights reserved|regist(?:er|ration|ered)\s+(?:number|no\b|code)|icp\b|powered by\b|follow us\b|share (?:this|on)\b|back to top|skip to\b|print\b|e-?mail\s*:|tel\b|fax\b|phone\s*:|hotline\b|tags?\s*:|keywords?\s*:|source\s*:|editor\s*:|responsible editor|related (?:news|articles|links|stories)|read more\b|click here\b|subscribe\b|home\s*[|>›»/])",
    )
});

static FOOTER_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?i)all rights reserved|ICP备|公网安备|copyright\s*©|©\s*(?:19|20)\d\d")
});

/// "Postal Business: 8610 11185": a label and a phone number.
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r"^[^\d:：]{1,60}[:：]\s*\+?[\d\s()./-]{5,}$"));

/// Verbs and auxiliaries that make a short line (a headline, a caption) a sentence rather than a
/// label.
static VERBS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    "is are was were be been am has have had do does did will shall would should can could may \
     might must said says say held hold holds meet meets met sign signs agree agrees visit visits \
     launch launches open opens join joins announce announces take takes took make makes made \
     become becomes became attend attends discuss discusses welcome welcomes reach reaches mark \
     marks host hosts pose poses show shows see sees win wins won receive receives unveil unveils \
     release releases celebrate celebrates begin begins began start starts expand expands seek \
     seeks boost boosts strengthen strengthens vow vows pledge pledges plan plans aim aims call \
     calls urge urges set sets go goes went get gets got come comes came give gives gave issue \
     issues raise raises cut cuts seal seals ink inks hit hits top tops name names appoint \
     appoints elect elects adopt adopts approve approves delay delays postpone postpones resume \
     resumes suspend suspends extend extends renew renews end ends push pushes target targets \
     introduce introduces complete completes partner partners team teams deliver delivers \
     lead leads leave leaves ease eases rise rises fall falls grow grows"
        .split_whitespace()
        .collect()
});

/// Words ending in -ed that are not verbs.
const NOT_PAST: &[&str] = &[
    "hundred", "need", "speed", "indeed", "red", "bed", "seed", "feed", "united", "limited",
    "advanced", "selected", "featured", "related", "detailed",
];

fn has_verb(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        let lower = lowercase(w);
        if VERBS.contains(lower.as_str()) {
            return true;
        }
        // A past tense or participle: lower case, or capitalised as the first word
        // ("Adopted at the meeting of ...").
        let mut chars = w.chars();
        let first_ok = chars
            .next()
            .is_some_and(|c| c.is_lowercase() || (i == 0 && c.is_uppercase()));
        w.len() >= 5
            && lower.ends_with("ed")
            && first_ok
            && chars.all(|c| c.is_lowercase())
            && !NOT_PAST.contains(&lower.as_str())
    })
}

/// Prose or chrome. `multi`: the sentence shares its block with others, so it is running text
/// unless it is clearly chrome. `footer`: a footer phrase ("All rights reserved") is inside.
fn judge(s: &str, multi: bool, footer: bool) -> bool {
    let s = s.trim_start_matches(|c: char| {
        matches!(
            c,
            '•' | '·' | '▪' | '◦' | '●' | '○' | '■' | '□' | '►' | '▶' | '‣' | '⁃' | '*'
        ) || c.is_whitespace()
    });
    // Footer lines and phone lines are short; long sentences skip those two regexes.
    let short = s.len() <= 160;
    if footer || (short && (FOOTER.is_match(s) || (s.contains([':', '：']) && PHONE.is_match(s))))
    {
        return false;
    }
    // One pass for the counts: letters against other non-space chars, pipes, CJK.
    let (mut letters, mut others, mut pipes, mut chars) = (0usize, 0usize, 0usize, 0usize);
    let mut cjk = false;
    if s.is_ascii() {
        // Most sentences: the same counts on the bytes.
        chars = s.len();
        for &b in s.as_bytes() {
            if b.is_ascii_alphabetic() {
                letters += 1;
            } else if !matches!(b, b'\t'..=b'\r' | b' ') {
                others += 1;
                pipes += usize::from(b == b'|');
            }
        }
    } else {
        for c in s.chars() {
            chars += 1;
            if c.is_ascii() {
                if c.is_ascii_alphabetic() {
                    letters += 1;
                } else if !c.is_whitespace() {
                    others += 1;
                    pipes += usize::from(c == '|');
                }
            } else if c.is_alphabetic() {
                letters += 1;
                cjk |= is_cjk(c);
            } else if !c.is_whitespace() {
                others += 1;
                cjk |= is_cjk(c);
            }
        }
    }
    if letters <= others || pipes >= 2 {
        return false;
    }
    if cjk && letters * 2 > chars {
        return true; // CJK prose has no spaces to count words by
    }
    let words = || {
        s.split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
    };
    // Running prose passes on its first few words: only short lines need all of them.
    if multi && words().nth(2).is_some() {
        return true;
    }
    if !multi && ends_sentence(s) && words().nth(3).is_some() {
        return true;
    }
    let words: Vec<&str> = words().collect();
    if multi {
        return has_verb(&words);
    }
    (words.len() >= 3 && has_verb(&words)) || is_title_line(&words)
}

/// A heading that is a phrase, not a label: five or more words joined by a lowercase function
/// word ("Memorandum of Understanding between Japan Post and Thailand Post"). Titles like this
/// name the parties of a document, so they are read; menu items and labels are shorter.
fn is_title_line(words: &[&str]) -> bool {
    const JOINERS: &[&str] = &["between", "and", "of", "on", "for", "with", "to", "in"];
    words.len() >= 5 && words.iter().any(|w| JOINERS.contains(w))
}

#[cfg(test)]
mod tests;
