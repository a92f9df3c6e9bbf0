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

/// The words of one text where date regexes may start.
pub(super) struct Scan<'t> {
    text: &'t str,
    /// Start of each marked word and the regexes it may start.
    words: Vec<(usize, u8)>,
    /// The text defeats the word rule: scan it whole.
    whole: bool,
    /// Full dates must be scanned whole (the text has 年 or 년).
    whole_full: bool,
}

impl<'t> Scan<'t> {
    pub(super) fn new(text: &'t str) -> Scan<'t> {
        let bytes = text.as_bytes();
        let mut words = Vec::new();
        let mut whole = false;
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
                    break;
                }
                i += c.len_utf8();
            }
        }
        let whole_full = whole || text.contains(['年', '년']);
        Scan {
            text,
            words,
            whole,
            whole_full,
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
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

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

#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept",
    "sep", "oct", "nov", "dec",
];
#[rustfmt::skip]
const WEEKDAYS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];
/// As written in the optional weekday of a full date.
const WEEKDAY_ABBR: &[&str] = &[
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
];
/// Number words that start a count ("two days later", "a year ago"); "twenty" etc. are left to
/// start unconditionally, as "twenty-one days" has a hyphen after them.
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
/// Year modifiers that may be glued to the year: a word starting with one may start a year.
#[rustfmt::skip]
const YEAR_GLUED: &[&str] = &[
    "early", "mid", "late", "end", "fiscal", "spring", "summer", "autumn", "fall", "winter", "h1",
    "h2", "q1", "q2", "q3", "q4", "fy",
];
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

/// Which regexes may start at the ASCII word `text[start..end]`.
fn classify(text: &str, start: usize, end: usize) -> u8 {
    let word = &text[start..end];
    let first = word.as_bytes()[0];
    if first.is_ascii_digit() {
        return FULL | DAY_RANGE | MONTH_DAY | YEAR | REL;
    }
    let mut bits = 0;
    // A year's modifier may be glued to it ("mid-2026" aside, "FY2024", "H1 2025", "spring2025"),
    // so the word may be long: its start decides.
    if YEAR_GLUED.iter().any(|p| starts_ci(word, p)) {
        bits |= YEAR;
    }
    if word.len() > 12 {
        return bits; // longer than any word a date starts with
    }
    if cap_or_upper(word) {
        if any_ci(word, MONTHS) {
            bits |= FULL | DAY_RANGE | MONTH_DAY | MONTH;
        }
        if any_ci(word, WEEKDAYS) {
            bits |= FULL | MONTH_DAY | WEEKDAY;
        }
    }
    if WEEKDAY_ABBR.contains(&word) {
        bits |= FULL;
    }
    let mut lower = [0u8; 12];
    lower[..word.len()].copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    let lower = std::str::from_utf8(&lower[..word.len()]).unwrap_or("");
    bits |= match lower {
        "the" => {
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
        "first" | "second" | "third" | "fourth" => DAY_RANGE | YEAR | REL,
        "last" => DAY_RANGE | YEAR | REL | WEEKDAY,
        "early" | "mid" | "late" | "end" | "beginning" | "start" | "middle" => MONTH | YEAR | REL,
        "year" | "latter" | "spring" | "summer" | "autumn" | "fall" | "winter" | "fiscal" => {
            YEAR | REL
        }
        "month" | "today" | "yesterday" | "tomorrow" | "tonight" | "new" | "christmas"
        | "earlier" | "later" | "within" => REL,
        "this" | "next" => REL | WEEKDAY,
        "coming" | "past" => WEEKDAY,
        "in" => {
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
        w if TENS.contains(&w) => REL,
        w if SMALL_NUMBERS.contains(&w) => {
            if any_ci(next_word(text, end), UNITS) {
                REL
            } else {
                0
            }
        }
        _ => 0,
    };
    bits
}
