//! Runs the date regexes only where a match can start, with the same matches as a scan of the
//! whole text.
//!
//! Every date regex starts at a word boundary with a digit or one of a few words ("March",
//! "Monday", "the end of", "within", "next", ...). One pass over the text finds the ASCII words
//! and marks, for each regex, the words a match of it could start at; each regex then runs
//! anchored at those words only, in order, skipping words inside the match before. Since the
//! marked words are a superset of the possible starts, this finds the leftmost-first matches the
//! unanchored scan finds, at a small fraction of its cost (a scan runs a large automaton over
//! every byte, eight times).
//!
//! Texts for which "a match starts at an ASCII word" is not guaranteed fall back to the scan:
//! those with non-ASCII digits (`\d` is Unicode), with the two non-ASCII letters that case-fold
//! to ASCII ones (the Kelvin sign and the long s, matched by `(?i)k` and `(?i)s`), and, for full
//! dates only, those with 年 or 년 (whose year needs no word boundary before it).

use std::sync::LazyLock;

use regex::{CaptureLocations, Regex};

/// Bits of [`Trigger`]: which regexes a word may start.
pub(super) const FULL: u8 = 1;
pub(super) const DAY_RANGE: u8 = 2;
pub(super) const MONTH_DAY: u8 = 4;
pub(super) const MONTH: u8 = 8;
pub(super) const YEAR: u8 = 16;
pub(super) const REL: u8 = 32;
pub(super) const WEEKDAY: u8 = 64;
/// CJK dates need no word boundary: always scanned whole (only texts with CJK are searched).
pub(super) const CJK: u8 = 128;

/// A date regex, as written (for the fallback scan) and anchored at the start (for the words),
/// with the bit of the words it may start at.
pub(super) struct DateRegex {
    any: Regex,
    anchored: Regex,
    bit: u8,
    /// Group names and their indexes (the same in both regexes).
    names: Vec<(String, usize)>,
}

impl DateRegex {
    /// The plain scan of the whole text, for tests to compare with.
    #[cfg(test)]
    pub(super) fn whole_scan<'t>(&self, text: &'t str) -> regex::CaptureMatches<'_, 't> {
        self.any.captures_iter(text)
    }

    pub(super) fn new(pattern: &str, bit: u8) -> DateRegex {
        let any = super::super::segment::ascii_regex(pattern);
        let names = any
            .capture_names()
            .enumerate()
            .filter_map(|(i, n)| Some((n?.to_string(), i)))
            .collect();
        DateRegex {
            any,
            anchored: super::super::segment::ascii_regex(&format!("^(?:{pattern})")),
            bit,
            names,
        }
    }
}

/// One match, with group offsets into the whole text.
pub(super) struct Caps<'t, 'r> {
    locs: CaptureLocations,
    /// Where the searched text starts in the whole text.
    base: usize,
    text: &'t str,
    rx: &'r DateRegex,
}

/// One group of a match: its text and where it is in the whole text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Group<'t> {
    start: usize,
    text: &'t str,
}

impl<'t> Group<'t> {
    pub(super) fn as_str(&self) -> &'t str {
        self.text
    }
    pub(super) fn start(&self) -> usize {
        self.start
    }
    pub(super) fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

impl<'t> Caps<'t, '_> {
    fn group(&self, i: usize) -> Option<Group<'t>> {
        let (s, e) = self.locs.get(i)?;
        let (s, e) = (self.base + s, self.base + e);
        Some(Group {
            start: s,
            text: self.text.get(s..e)?,
        })
    }
    pub(super) fn name(&self, name: &str) -> Option<Group<'t>> {
        let &(_, i) = self.rx.names.iter().find(|(n, _)| n == name)?;
        self.group(i)
    }
    /// The whole match.
    pub(super) fn whole(&self) -> Group<'t> {
        self.group(0).expect("group 0 always matches")
    }
    /// Every group's span in the whole text, for comparing with a scan.
    #[cfg(test)]
    pub(super) fn all_groups(&self) -> Vec<Option<(usize, usize)>> {
        (0..self.locs.len())
            .map(|i| self.group(i).map(|g| (g.start(), g.end())))
            .collect()
    }
}

/// The words of one text where date regexes may start. Made once per document and shared by the
/// dateline and date finding.
pub(crate) struct Scan<'t> {
    text: &'t str,
    /// Start of each marked word and the regexes it may start.
    words: Vec<(usize, u8)>,
    /// The text defeats the word rule: scan it whole.
    whole: bool,
    /// Where the first char that defeats the word rule is (words are only known before it).
    whole_at: usize,
    /// Full dates must be scanned whole (the text has 年 or 년).
    whole_full: bool,
}

impl<'t> Scan<'t> {
    pub(crate) fn new(text: &'t str) -> Scan<'t> {
        let bytes = text.as_bytes();
        let mut words = Vec::new();
        let mut whole = false;
        let mut whole_at = bytes.len();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if is_word(b) {
                let start = i;
                while i < bytes.len() && is_word(bytes[i]) {
                    i += 1;
                }
                let bits = classify(text, start, i);
                if bits != 0 {
                    words.push((start, bits));
                }
            } else if b < 0x80 {
                i += 1;
            } else {
                // A non-ASCII char: only digits and the two letters that fold to ASCII matter.
                let c = text[i..].chars().next().unwrap_or(' ');
                if c.is_numeric() || c == '\u{17f}' || c == '\u{212a}' {
                    whole = true;
                    whole_at = i;
                    break;
                }
                i += c.len_utf8();
            }
        }
        let whole_full = whole || text.contains('年') || text.contains('년');
        Scan {
            text,
            words,
            whole,
            whole_at,
            whole_full,
        }
    }

    /// The scanned text.
    pub(crate) fn text(&self) -> &'t str {
        self.text
    }

    /// The scan of `text[..end]` for full dates only, taken from this scan of the whole text
    /// instead of a second pass: the publication date reads the first lines with it. The same
    /// as `Scan::new(&text[..end])` for [`FULL`], since whether a word may start a full date
    /// depends on the word alone, and a cut after a non-word byte leaves every word before it
    /// whole.
    pub(crate) fn prefix(&self, end: usize) -> Scan<'t> {
        let text = &self.text[..end];
        let cut_between_words = self.text.as_bytes().get(end).is_none_or(|&b| !is_word(b));
        if !cut_between_words {
            return Scan::new(text);
        }
        let whole = self.whole_at < end;
        let words = if whole {
            Vec::new()
        } else {
            let n = self.words.partition_point(|&(start, _)| start < end);
            self.words[..n]
                .iter()
                .filter(|&&(_, bits)| bits & FULL != 0)
                .map(|&(start, _)| (start, FULL))
                .collect()
        };
        Scan {
            text,
            words,
            whole,
            whole_at: self.whole_at.min(end),
            whole_full: whole || text.contains('年') || text.contains('년'),
        }
    }

    /// The matches of `rx` in the text, in order, as `captures_iter` over the text gives them.
    pub(super) fn matches<'r>(&self, rx: &'r DateRegex) -> Vec<Caps<'t, 'r>> {
        let whole = match rx.bit {
            FULL => self.whole_full,
            CJK => true,
            _ => self.whole,
        };
        let mut out = Vec::new();
        let mut locs = rx.any.capture_locations();
        let text = self.text;
        if whole {
            let mut at = 0;
            while let Some(m) = rx.any.captures_read_at(&mut locs, text, at) {
                out.push(Caps {
                    locs: locs.clone(),
                    base: 0,
                    text,
                    rx,
                });
                // The date regexes never match empty; step over a char if one ever did.
                at = if m.end() > m.start() {
                    m.end()
                } else {
                    match text[m.end()..].chars().next() {
                        Some(c) => m.end() + c.len_utf8(),
                        None => break,
                    }
                };
            }
            return out;
        }
        let mut from = 0;
        for &(start, bits) in &self.words {
            if bits & rx.bit == 0 || start < from {
                continue;
            }
            if let Some(m) = rx.anchored.captures_read(&mut locs, &text[start..]) {
                from = start + m.end().max(1);
                out.push(Caps {
                    locs: locs.clone(),
                    base: start,
                    text,
                    rx,
                });
            }
        }
        out
    }
}

/// `[A-Za-z0-9_]`: a word byte for the ASCII `\b` the date regexes use.
#[inline]
fn is_word(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// [`is_word`] as a table: the scan asks it for every byte of every text.
static WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

/// The ASCII word starting after the whitespace at `from` (at least one whitespace char), or "".
fn next_word(text: &str, from: usize) -> &str {
    let rest = &text[from..];
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() {
        return "";
    }
    let len = trimmed.bytes().take_while(|&b| is_word(b)).count();
    &trimmed[..len]
}

fn starts_ci(word: &str, prefix: &str) -> bool {
    word.as_bytes()
        .get(..prefix.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn any_ci(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Capitalised ("March") or upper case ("MARCH"), as month and weekday names are matched.
fn cap_or_upper(word: &str) -> bool {
    let b = word.as_bytes();
    b.first().is_some_and(u8::is_ascii_uppercase)
        && (b[1..].iter().all(u8::is_ascii_lowercase) || b[1..].iter().all(u8::is_ascii_uppercase))
}

/// As written in the optional weekday of a full date.
const WEEKDAY_ABBR: &[&str] = &[
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
];
/// Number words that start a count ("two days later", "a year ago"); "twenty" etc. start
/// unconditionally, as "twenty-one days" has a hyphen after them.
#[rustfmt::skip]
const SMALL_NUMBERS: &[&str] = &[
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
];
const TENS: &[&str] = &[
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const UNITS: &[&str] = &[
    "day", "days", "week", "weeks", "month", "months", "year", "years", "hundred",
];
const ORDINALS: &[&str] = &["first", "second", "third", "fourth", "last"];
/// Words after "the" that may go on to a date, per regex (for years: how the word starts).
const THE_MONTH: &[&str] = &["end", "beginning", "start", "middle"];
#[rustfmt::skip]
const THE_YEAR: &[&str] = &[
    "end", "year", "beginning", "start", "middle", "first", "second", "1st", "2nd", "latter",
    "third", "fourth", "3rd", "4th", "last", "spring", "summer", "autumn", "fall", "winter",
];
#[rustfmt::skip]
const THE_REL: &[&str] = &[
    "end", "year", "month", "start", "beginning", "first", "second", "third", "fourth", "last",
    "1st", "2nd", "3rd", "4th", "latter", "current", "coming", "past", "middle", "previous",
    "following", "next", "day",
];

/// What a start word is, for [`classify`].
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A month name: counts capitalised or upper case.
    Month,
    /// A weekday name: counts capitalised or upper case.
    Weekday,
    /// "Mon", "Tues": counts only as written so.
    WeekdayAbbr,
    /// "the": depends on the next word.
    The,
    /// "in": a count must follow ("in six months").
    In,
    /// "a", "two": a unit must follow ("two days later").
    Count,
    /// These regexes, whatever follows.
    Bits(u8),
}

#[rustfmt::skip]
const START_WORDS: &[(&str, Kind)] = &[
    ("january", Kind::Month), ("february", Kind::Month), ("march", Kind::Month),
    ("april", Kind::Month), ("may", Kind::Month), ("june", Kind::Month), ("july", Kind::Month),
    ("august", Kind::Month), ("september", Kind::Month), ("october", Kind::Month),
    ("november", Kind::Month), ("december", Kind::Month), ("jan", Kind::Month),
    ("feb", Kind::Month), ("mar", Kind::Month), ("apr", Kind::Month), ("jun", Kind::Month),
    ("jul", Kind::Month), ("aug", Kind::Month), ("sept", Kind::Month), ("sep", Kind::Month),
    ("oct", Kind::Month), ("nov", Kind::Month), ("dec", Kind::Month),
    ("monday", Kind::Weekday), ("tuesday", Kind::Weekday), ("wednesday", Kind::Weekday),
    ("thursday", Kind::Weekday), ("friday", Kind::Weekday), ("saturday", Kind::Weekday),
    ("sunday", Kind::Weekday),
    ("mon", Kind::WeekdayAbbr), ("tue", Kind::WeekdayAbbr), ("tues", Kind::WeekdayAbbr),
    ("wed", Kind::WeekdayAbbr), ("thu", Kind::WeekdayAbbr), ("thur", Kind::WeekdayAbbr),
    ("thurs", Kind::WeekdayAbbr), ("fri", Kind::WeekdayAbbr), ("sat", Kind::WeekdayAbbr),
    ("sun", Kind::WeekdayAbbr),
    ("the", Kind::The), ("in", Kind::In),
    ("first", Kind::Bits(DAY_RANGE | YEAR | REL)), ("second", Kind::Bits(DAY_RANGE | YEAR | REL)),
    ("third", Kind::Bits(DAY_RANGE | YEAR | REL)), ("fourth", Kind::Bits(DAY_RANGE | YEAR | REL)),
    ("last", Kind::Bits(DAY_RANGE | YEAR | REL | WEEKDAY)),
    ("early", Kind::Bits(MONTH | YEAR | REL)), ("mid", Kind::Bits(MONTH | YEAR | REL)),
    ("late", Kind::Bits(MONTH | YEAR | REL)), ("end", Kind::Bits(MONTH | YEAR | REL)),
    ("beginning", Kind::Bits(MONTH | YEAR | REL)), ("start", Kind::Bits(MONTH | YEAR | REL)),
    ("middle", Kind::Bits(MONTH | YEAR | REL)),
    ("year", Kind::Bits(YEAR | REL)), ("latter", Kind::Bits(YEAR | REL)),
    ("spring", Kind::Bits(YEAR | REL)), ("summer", Kind::Bits(YEAR | REL)),
    ("autumn", Kind::Bits(YEAR | REL)), ("fall", Kind::Bits(YEAR | REL)),
    ("winter", Kind::Bits(YEAR | REL)), ("fiscal", Kind::Bits(YEAR | REL)),
    ("month", Kind::Bits(REL)), ("today", Kind::Bits(REL)), ("yesterday", Kind::Bits(REL)),
    ("tomorrow", Kind::Bits(REL)), ("tonight", Kind::Bits(REL)), ("new", Kind::Bits(REL)),
    ("christmas", Kind::Bits(REL)), ("earlier", Kind::Bits(REL)), ("later", Kind::Bits(REL)),
    ("within", Kind::Bits(REL)),
    ("this", Kind::Bits(REL | WEEKDAY)), ("next", Kind::Bits(REL | WEEKDAY)),
    ("coming", Kind::Bits(WEEKDAY)), ("past", Kind::Bits(WEEKDAY)),
    ("twenty", Kind::Bits(REL)), ("thirty", Kind::Bits(REL)), ("forty", Kind::Bits(REL)),
    ("fifty", Kind::Bits(REL)), ("sixty", Kind::Bits(REL)), ("seventy", Kind::Bits(REL)),
    ("eighty", Kind::Bits(REL)), ("ninety", Kind::Bits(REL)),
    ("a", Kind::Count), ("an", Kind::Count), ("one", Kind::Count), ("two", Kind::Count),
    ("three", Kind::Count), ("four", Kind::Count), ("five", Kind::Count), ("six", Kind::Count),
    ("seven", Kind::Count), ("eight", Kind::Count), ("nine", Kind::Count), ("ten", Kind::Count),
    ("eleven", Kind::Count), ("twelve", Kind::Count), ("thirteen", Kind::Count),
    ("fourteen", Kind::Count), ("fifteen", Kind::Count), ("sixteen", Kind::Count),
    ("seventeen", Kind::Count), ("eighteen", Kind::Count), ("nineteen", Kind::Count),
];

/// A cheap key of a lower-case word (length, first, second and last byte): most words of a
/// text share no key with a start word, so one binary search rejects them.
fn key(lower: &[u8]) -> u32 {
    let n = lower.len();
    (n as u32) << 24
        | u32::from(lower[0]) << 16
        | u32::from(*lower.get(1).unwrap_or(&0)) << 8
        | u32::from(lower[n - 1])
}

/// [`START_WORDS`] by key.
static BY_KEY: LazyLock<Vec<(u32, &'static str, Kind)>> = LazyLock::new(|| {
    let mut v: Vec<_> = START_WORDS
        .iter()
        .map(|&(w, k)| (key(w.as_bytes()), w, k))
        .collect();
    v.sort_by_key(|&(k, _, _)| k);
    v
});

/// For each word length up to 12, the first letters of the start words of that length (bit 0
/// for `a`): most words of a text leave after this one look-up.
static FIRST_BY_LEN: LazyLock<[u32; 13]> = LazyLock::new(|| {
    let mut t = [0u32; 13];
    for &(w, _) in START_WORDS {
        let b = w.as_bytes();
        if let (Some(slot), Some(first)) = (t.get_mut(b.len()), b.first()) {
            if first.is_ascii_lowercase() {
                *slot |= 1 << (first - b'a');
            }
        }
    }
    t
});

/// Which regexes may start at the ASCII word `text[start..end]`. This runs for every word of
/// every document, so most words leave after one binary search on an integer key.
fn classify(text: &str, start: usize, end: usize) -> u8 {
    let word = &text[start..end];
    let bytes = word.as_bytes();
    if bytes[0].is_ascii_digit() {
        return digit_bits(bytes);
    }
    let bits = if year_glued(bytes) { YEAR } else { 0 };
    if word.len() > 12 {
        return bits; // longer than any word a date starts with
    }
    // Most words leave on their length and first letter, before being lower-cased.
    let first = bytes[0].to_ascii_lowercase();
    if !first.is_ascii_lowercase() || FIRST_BY_LEN[word.len()] & (1 << (first - b'a')) == 0 {
        return bits;
    }
    let mut buf = [0u8; 12];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    let k = key(lower);
    let i = BY_KEY.partition_point(|&(x, _, _)| x < k);
    let Some(&(_, _, kind)) = BY_KEY[i..]
        .iter()
        .take_while(|&&(x, _, _)| x == k)
        .find(|&&(_, w, _)| w.as_bytes() == &*lower)
    else {
        return bits;
    };
    bits | match kind {
        Kind::Month if cap_or_upper(word) => FULL | DAY_RANGE | MONTH_DAY | MONTH,
        Kind::Weekday if cap_or_upper(word) => FULL | MONTH_DAY | WEEKDAY,
        Kind::WeekdayAbbr if WEEKDAY_ABBR.contains(&word) => FULL,
        Kind::Month | Kind::Weekday | Kind::WeekdayAbbr => 0,
        Kind::The => {
            let next = next_word(text, end);
            let mut b = 0;
            if any_ci(next, ORDINALS) {
                b |= DAY_RANGE;
            }
            if any_ci(next, THE_MONTH) {
                b |= MONTH;
            }
            if THE_YEAR.iter().any(|p| starts_ci(next, p)) {
                b |= YEAR;
            }
            if any_ci(next, THE_REL) {
                b |= REL;
            }
            b
        }
        Kind::In => {
            let next = next_word(text, end);
            let counts = next.as_bytes().first().is_some_and(u8::is_ascii_digit)
                || any_ci(next, &["the", "a", "an"])
                || any_ci(next, SMALL_NUMBERS)
                || any_ci(next, TENS);
            if counts {
                REL
            } else {
                0
            }
        }
        Kind::Count => {
            if any_ci(next_word(text, end), UNITS) {
                REL
            } else {
                0
            }
        }
        Kind::Bits(b) => b,
    }
}

/// Which regexes may start at a word that starts with a digit, by its run of leading digits: a
/// day has one or two ("5", "24th"), a year four ("2025", "2023to2025"), a count up to three
/// ("90 days"), and an ordinal before a year one ("1st half of 2025"). Longer runs (amounts,
/// phone numbers) start none.
fn digit_bits(word: &[u8]) -> u8 {
    match word.iter().take_while(|b| b.is_ascii_digit()).count() {
        1 => FULL | DAY_RANGE | MONTH_DAY | YEAR | REL,
        2 => FULL | DAY_RANGE | MONTH_DAY | REL,
        3 => REL,
        4 => FULL | YEAR,
        _ => 0,
    }
}

/// Whether the word starts with a year modifier that may be glued to the year ("FY2024",
/// "H1", "spring2025"), so that a long word may still start a year.
fn year_glued(word: &[u8]) -> bool {
    let starts = |p: &[u8]| {
        word.get(..p.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(p))
    };
    match word[0].to_ascii_lowercase() {
        b'e' => starts(b"early") || starts(b"end"),
        b'm' => starts(b"mid"),
        b'l' => starts(b"late"),
        b'f' => starts(b"fiscal") || starts(b"fall") || starts(b"fy"),
        b's' => starts(b"spring") || starts(b"summer"),
        b'a' => starts(b"autumn"),
        b'w' => starts(b"winter"),
        b'h' => starts(b"h1") || starts(b"h2"),
        b'q' => matches!(word.get(1), Some(b'1'..=b'4')),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_words_fit_the_first_letter_table() {
        // FIRST_BY_LEN rejects a word by its length and first letter: it must know every start
        // word, so each is lower-case ASCII letters and at most 12 long.
        for &(w, _) in START_WORDS {
            assert!(
                (1..=12).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase()),
                "{w}"
            );
        }
        let cases = [
            ("month", "March", FULL | DAY_RANGE | MONTH_DAY | MONTH),
            ("not_a_start", "Post", 0),
            ("the_end", "the end", MONTH | YEAR | REL),
            ("count", "two days", REL),
            ("underscore", "_x", 0),
        ];
        for (id, text, want) in cases {
            let end = text.find(' ').unwrap_or(text.len());
            assert_eq!(classify(text, 0, end), want, "{id}");
        }
    }
}
