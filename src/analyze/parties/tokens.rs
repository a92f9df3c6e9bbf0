//! A small word tokenizer shared by the party, group, agreement and commitment analysers: words
//! (with internal hyphens and apostrophes), numbers, possessive `'s`, and single punctuation marks,
//! each with its byte span into the document text.

use std::borrow::Cow;
use std::ops::Deref;

use crate::model::Span;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (and digits after the first letter), with internal `-` or `'`.
    Word,
    /// Starts with a digit ("2023", "21st", "26.15", "2025-2027").
    Num,
    /// A possessive `'s` / `’s` split off its word.
    Poss,
    /// One punctuation character.
    Punct,
}

/// One token: its kind and byte range into the document text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Whether the text has an upper-case letter: lower-casing it changes it. Known from the
    /// tokenizer, so the many look-ups of a token's lower-case form need not scan it again.
    upper: bool,
    /// Whether the text is all ASCII (lower-cased in place, without allocating).
    ascii: bool,
}

impl Tok {
    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The token's text in lower case, as [`lower`] gives it: for an ASCII word a slice of the
    /// document's lower-case copy, else borrowed when it already is lower case.
    #[inline]
    pub fn low<'a>(&self, doc: &Doc<'a>) -> Low<'a> {
        if self.ascii {
            Low::Text(doc.low.get(self.start..self.end).unwrap_or(""))
        } else {
            self.low_other(doc)
        }
    }

    /// [`Tok::low`] of a word that is not ASCII (rare): kept out of line, so the common case
    /// inlines to a slice.
    #[inline(never)]
    fn low_other<'a>(&self, doc: &Doc<'a>) -> Low<'a> {
        if self.upper {
            Low::Owned(lower(self.text(doc.raw)).into_owned())
        } else {
            Low::Text(self.text(doc.raw))
        }
    }

    /// [`Tok::low`] for a token of a text that has no [`Doc`] (a line tokenized on its own).
    pub fn low_in<'a>(&self, text: &'a str) -> Low<'a> {
        let w = self.text(text);
        if !self.upper {
            Low::Text(w)
        } else if self.ascii {
            Low::ascii(w).unwrap_or_else(|| Low::Owned(w.to_ascii_lowercase()))
        } else {
            Low::Owned(lower(w).into_owned())
        }
    }

    /// The token's text as `str::to_lowercase` gives it (which, unlike [`lower`], also changes
    /// title-case letters such as `ǅ`), without allocating for ASCII words.
    pub fn lowercase<'a>(&self, doc: &Doc<'a>) -> Low<'a> {
        if self.ascii {
            self.low(doc)
        } else {
            Low::Owned(self.text(doc.raw).to_lowercase())
        }
    }

    /// [`Tok::lowercase`] for a token of a text that has no [`Doc`].
    pub fn lowercase_in<'a>(&self, text: &'a str) -> Low<'a> {
        if self.ascii {
            self.low_in(text)
        } else {
            Low::Owned(self.text(text).to_lowercase())
        }
    }

    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word)
    }

    /// Whether the token's text is all ASCII (known from the tokenizer, without reading it).
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }
}

/// A document's text with its ASCII-lower-cased copy, which has the same byte offsets: the
/// lower-case form of an ASCII token is a slice of the copy, made once per document instead of
/// once per look-up. Dereferences to the text itself.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Doc<'a> {
    pub raw: &'a str,
    pub low: &'a str,
}

impl<'a> Doc<'a> {
    /// `raw` with `low`, which must be `raw.to_ascii_lowercase()`.
    pub fn new(raw: &'a str, low: &'a str) -> Doc<'a> {
        debug_assert_eq!(raw.len(), low.len());
        Doc { raw, low }
    }
}

impl Deref for Doc<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.raw
    }
}

/// The longest ASCII word kept inline by [`Low`]; longer ones (rare) allocate.
const INLINE: usize = 22;

/// A word in lower case: borrowed from the text when it already is, else lowered into a small
/// buffer (ASCII words: nearly all), else a `String`. Dereferences to `str`.
#[derive(Clone, Debug)]
pub(crate) enum Low<'a> {
    Text(&'a str),
    Ascii { buf: [u8; INLINE], len: u8 },
    Owned(String),
}

impl<'a> Low<'a> {
    /// `w` lower-cased into the inline buffer, when it is ASCII and short enough.
    fn ascii(w: &str) -> Option<Low<'a>> {
        if !w.is_ascii() || w.len() > INLINE {
            return None;
        }
        let mut buf = [0u8; INLINE];
        buf[..w.len()].copy_from_slice(w.as_bytes());
        buf[..w.len()].make_ascii_lowercase();
        Some(Low::Ascii {
            buf,
            len: w.len() as u8,
        })
    }

    pub fn as_str(&self) -> &str {
        self
    }

    pub fn into_owned(self) -> String {
        match self {
            Low::Owned(s) => s,
            other => other.to_string(),
        }
    }
}

impl Deref for Low<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Low::Text(s) => s,
            // Only ASCII is ever stored, so this never fails.
            Low::Ascii { buf, len } => std::str::from_utf8(&buf[..usize::from(*len)]).unwrap_or(""),
            Low::Owned(s) => s,
        }
    }
}

impl Default for Low<'_> {
    fn default() -> Self {
        Low::Text("")
    }
}

impl PartialEq<&str> for Low<'_> {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl PartialEq<str> for Low<'_> {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq for Low<'_> {
    fn eq(&self, other: &Low<'_>) -> bool {
        **self == **other
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_joiner(c: char) -> bool {
    c == '-' || c == '‐'
}

/// Splits `span` of `text` into tokens.
pub(crate) fn tokenize(text: &str, span: Span) -> Vec<Tok> {
    let Some(s) = text.get(span.0..span.1) else {
        return Vec::new();
    };
    // About one token per four bytes of prose; reserving that avoids most regrowth.
    let mut out = Vec::with_capacity(s.len() / 4 + 1);
    if s.is_ascii() {
        // Most sentences: each byte is one char.
        split_ascii(s.as_bytes(), span.0, &mut out);
    } else {
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        split(
            chars.len(),
            s.len(),
            |k| chars[k].1,
            |k| chars[k].0,
            span.0,
            &mut out,
        );
    }
    out
}

/// [`split`] for an ASCII sentence, on its bytes: the same tokens, with the char classes read
/// as byte classes (an ASCII char is whitespace, alphanumeric or upper case exactly when its
/// byte is, the joiner and the apostrophe being `-` and `'`).
fn split_ascii(b: &[u8], base: usize, out: &mut Vec<Tok>) {
    let n = b.len();
    let class = |k: usize| ASCII_CLASS[usize::from(b[k])];
    let alnum = |k: usize| class(k) & ALNUM != 0;
    let tok = |start: usize, end: usize, kind: Kind, upper: bool| Tok {
        start: base + start,
        end: base + end,
        kind,
        upper,
        ascii: true,
    };
    let mut i = 0;
    while i < n {
        let c = class(i);
        if c & SPACE != 0 {
            i += 1;
            continue;
        }
        if c & ALNUM != 0 {
            let numeric = c & DIGIT != 0;
            // The classes of the word's chars, or-ed: whether one is upper case.
            let mut seen = c;
            let mut j = i + 1;
            loop {
                if j < n {
                    let cj = class(j);
                    if cj & ALNUM != 0 {
                        seen |= cj;
                        j += 1;
                        continue;
                    }
                }
                if j + 1 < n && alnum(j + 1) {
                    let (cj, next) = (b[j], b[j + 1]);
                    let joined = cj == b'-'
                        || (numeric && matches!(cj, b'.' | b',' | b'/') && next.is_ascii_digit())
                        || (cj == b'\''
                            && !(matches!(next, b's' | b'S') && (j + 2 >= n || !alnum(j + 2))));
                    if joined {
                        seen |= class(j + 1);
                        j += 2;
                        continue;
                    }
                }
                break;
            }
            let kind = if numeric { Kind::Num } else { Kind::Word };
            out.push(tok(i, j, kind, seen & UPPER != 0));
            i = j;
            continue;
        }
        if b[i] == b'\''
            && i + 1 < n
            && matches!(b[i + 1], b's' | b'S')
            && (i + 2 >= n || !alnum(i + 2))
            && !out.is_empty()
        {
            out.push(tok(i, i + 2, Kind::Poss, b[i + 1] == b'S'));
            i += 2;
            continue;
        }
        // "Bulgarian Posts' director": the apostrophe alone after a plural.
        if b[i] == b'\''
            && i > 0
            && matches!(b[i - 1], b's' | b'S')
            && (i + 1 >= n || class(i + 1) & ALNUM == 0 && b[i + 1].is_ascii_whitespace())
            && out
                .last()
                .is_some_and(|t| t.kind == Kind::Word && t.end == base + i)
        {
            out.push(tok(i, i + 1, Kind::Poss, false));
            i += 1;
            continue;
        }
        out.push(tok(i, i + 1, Kind::Punct, false));
        i += 1;
    }
}

/// Bits of [`ASCII_CLASS`].
const ALNUM: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;
const SPACE: u8 = 8;

/// The class of each ASCII byte for [`split_ascii`], as the char methods the general tokenizer
/// asks give it: alphanumeric, upper case, decimal digit, whitespace (tab to carriage return,
/// and space).
static ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut k = 0;
    while k < 128 {
        let c = k as u8;
        let mut bits = 0;
        if c.is_ascii_alphanumeric() {
            bits |= ALNUM;
        }
        if c.is_ascii_uppercase() {
            bits |= UPPER;
        }
        if c.is_ascii_digit() {
            bits |= DIGIT;
        }
        if matches!(c, b'\t'..=b'\r' | b' ') {
            bits |= SPACE;
        }
        t[k] = bits;
        k += 1;
    }
    t
};

/// The tokenizer proper, over `n` chars: `char_at(k)` is the k-th char, `pos(k)` its byte offset
/// in the sentence (of `len` bytes), `base` the sentence's offset in the text.
fn split(
    n: usize,
    len: usize,
    char_at: impl Fn(usize) -> char,
    pos: impl Fn(usize) -> usize,
    base: usize,
    out: &mut Vec<Tok>,
) {
    let end_of = |k: usize| if k < n { pos(k) } else { len };
    // Whether chars [a, b) have an upper-case letter, and whether they are all ASCII.
    let flags = |a: usize, b: usize| {
        let (mut upper, mut ascii) = (false, true);
        for c in (a..b).map(&char_at) {
            upper |= c.is_uppercase();
            ascii &= c.is_ascii();
        }
        (upper, ascii)
    };
    let mut i = 0;
    while i < n {
        let (at, c) = (pos(i), char_at(i));
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            let mut j = i + 1;
            loop {
                if j < n && char_at(j).is_alphanumeric() {
                    j += 1;
                    continue;
                }
                // Internal joiners: "Hae-keun", "COVID-19", "26.15", "2023-12-01".
                if j + 1 < n && char_at(j + 1).is_alphanumeric() {
                    let cj = char_at(j);
                    if is_joiner(cj)
                        || (numeric
                            && (cj == '.' || cj == ',' || cj == '/')
                            && char_at(j + 1).is_ascii_digit())
                    {
                        j += 2;
                        continue;
                    }
                    if is_apostrophe(cj) {
                        // "'s" at a word end is a possessive, split off; other apostrophes stay.
                        let s_end = j + 2;
                        let possessive = matches!(char_at(j + 1), 's' | 'S')
                            && (s_end >= n || !char_at(s_end).is_alphanumeric());
                        if !possessive {
                            j += 2;
                            continue;
                        }
                    }
                }
                break;
            }
            let (upper, ascii) = flags(i, j);
            out.push(Tok {
                start: base + at,
                end: base + end_of(j),
                kind: if numeric { Kind::Num } else { Kind::Word },
                upper,
                ascii,
            });
            i = j;
            continue;
        }
        if is_apostrophe(c)
            && i + 1 < n
            && matches!(char_at(i + 1), 's' | 'S')
            && (i + 2 >= n || !char_at(i + 2).is_alphanumeric())
            && !out.is_empty()
        {
            let (upper, ascii) = flags(i, i + 2);
            out.push(Tok {
                start: base + at,
                end: base + end_of(i + 2),
                kind: Kind::Poss,
                upper,
                ascii,
            });
            i += 2;
            continue;
        }
        if is_apostrophe(c)
            && i > 0
            && matches!(char_at(i - 1), 's' | 'S')
            && (i + 1 >= n || char_at(i + 1).is_whitespace())
            && out
                .last()
                .is_some_and(|t| t.kind == Kind::Word && t.end == base + at)
        {
            out.push(Tok {
                start: base + at,
                end: base + end_of(i + 1),
                kind: Kind::Poss,
                upper: false,
                ascii: c.is_ascii(),
            });
            i += 1;
            continue;
        }
        let (upper, ascii) = flags(i, i + 1);
        out.push(Tok {
            start: base + at,
            end: base + end_of(i + 1),
            kind: Kind::Punct,
            upper,
            ascii,
        });
        i += 1;
    }
}

/// The shapes of the words of a list: for each length, a bit for each first byte. An ASCII word
/// whose lower-case shape is not among them is not in the list, which turns away most words of
/// a sentence before they are lower-cased and looked up.
#[derive(Debug, Default)]
pub(crate) struct Shapes(Vec<u128>);

impl Shapes {
    /// The shapes of `words` (lower-case; words that are not ASCII cannot be an ASCII word's
    /// lower-case form, and are left out).
    pub(crate) fn of<'w>(words: impl IntoIterator<Item = &'w str>) -> Shapes {
        let mut shapes = Vec::new();
        for w in words {
            let (Some(&first), true) = (w.as_bytes().first(), w.is_ascii()) else {
                continue;
            };
            if shapes.len() <= w.len() {
                shapes.resize(w.len() + 1, 0);
            }
            shapes[w.len()] |= 1 << first;
        }
        Shapes(shapes)
    }

    /// Whether `w`, in lower case, may be one of the words: false only when it surely is not.
    pub(crate) fn may_hold(&self, w: &str) -> bool {
        let Some(&first) = w.as_bytes().first() else {
            return false;
        };
        if !w.is_ascii() {
            return true;
        }
        let shape = self.0.get(w.len()).copied().unwrap_or(0);
        shape & (1 << first.to_ascii_lowercase()) != 0
    }
}

/// `w` in lower case, without allocating when it has no upper-case letters.
pub(crate) fn lower(w: &str) -> Cow<'_, str> {
    if w.is_ascii() {
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(w.to_ascii_lowercase())
        } else {
            Cow::Borrowed(w)
        }
    } else if w.chars().any(char::is_uppercase) {
        Cow::Owned(w.to_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// `w` as `str::to_lowercase` gives it, without allocating for a short ASCII word.
pub(crate) fn lowercase(w: &str) -> Low<'_> {
    if w.is_ascii() {
        if !w.bytes().any(|b| b.is_ascii_uppercase()) {
            return Low::Text(w);
        }
        if let Some(l) = Low::ascii(w) {
            return l;
        }
    }
    Low::Owned(w.to_lowercase())
}

/// Whether a word starts with an uppercase letter.
pub(crate) fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Whether a word is all capitals (at least two letters): "UPU", "EMS".
pub(crate) fn is_allcaps(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

/// Collapses runs of whitespace to single spaces and trims.
pub(crate) fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        // `char::is_whitespace` on ASCII: tab to carriage return, and space.
        let white = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if white(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && !white(bytes[i]) {
                i += 1;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(s.get(start..i).unwrap_or(""));
        }
        return out;
    }
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_keep_every_listed_word_in_any_case() {
        let shapes = Shapes::of(["agree", "will", "decided", "ä-word"]);
        for (id, w, may) in [
            ("listed", "agree", true),
            ("title_case", "Will", true),
            ("upper_case", "DECIDED", true),
            ("same_shape_other_word", "delayed", true),
            ("non_ascii_is_kept", "Über", true),
            ("other_length", "agreed", false),
            ("other_first_letter", "bgree", false),
            ("longer_than_any", "implementation", false),
            ("empty", "", false),
        ] {
            assert_eq!(shapes.may_hold(w), may, "{id}");
        }
    }

    fn words(s: &str) -> Vec<&str> {
        tokenize(s, Span(0, s.len()))
            .iter()
            .map(|t| t.text(s))
            .collect::<Vec<_>>()
    }

    /// The general tokenizer over chars, for comparison with the ASCII one.
    fn by_chars(s: &str) -> Vec<Tok> {
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut out = Vec::new();
        split(
            chars.len(),
            s.len(),
            |k| chars[k].1,
            |k| chars[k].0,
            0,
            &mut out,
        );
        out
    }

    #[test]
    fn ascii_tokenizer_matches_the_char_tokenizer() {
        let mut cases: Vec<String> = [
            "",
            "'s",
            "a's",
            "Post's",
            "POST'S staff",
            "it's '",
            "rock'n'roll",
            "x'Sa",
            "o'",
            "2023-12-01 26.15 1,000/2 3.x 4.",
            "COVID-19 Hae-keun -a a- --",
            "\tTab\x0bvt\x0cff\r\n\x1c end",
            "(UPU), [EMS]; \"quoted\" #1 @x",
            "a1b2C3 9Ab 'S",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every line of the corpus's plain-text documents.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                cases.extend(t.lines().filter(|l| l.is_ascii()).map(str::to_string));
            }
        }
        assert!(cases.len() > 100);
        for c in &cases {
            let mut fast = Vec::new();
            split_ascii(c.as_bytes(), 0, &mut fast);
            assert_eq!(fast, by_chars(c), "{c:?}");
        }
    }

    #[test]
    fn squash_collapses_whitespace_like_split_whitespace() {
        for (id, s) in [
            ("empty", ""),
            ("blank", " \t\r\n"),
            ("ascii", "  Korea  Post\tand\n\nJapan Post  "),
            ("vertical_tab_and_form_feed", "a\x0bb\x0cc"),
            ("unit_separator_is_no_space", "a\x1fb"),
            ("non_ascii", "Posti\u{a0}Group  Oyj\u{3000}x"),
        ] {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squash(s), want, "{id}");
        }
    }

    #[test]
    fn splits_words_possessives_and_punctuation() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("hyphen", "Cho Hae-keun met", &["Cho", "Hae-keun", "met"]),
            (
                "possessive",
                "China Post's staff",
                &["China", "Post", "'s", "staff"],
            ),
            (
                "curly",
                "China Post’s staff",
                &["China", "Post", "’s", "staff"],
            ),
            (
                "abbrev",
                "Japan Post Co., Ltd.",
                &["Japan", "Post", "Co", ".", ",", "Ltd", "."],
            ),
            (
                "numbers",
                "26.15 million in 2023-12-01",
                &["26.15", "million", "in", "2023-12-01"],
            ),
            ("paren", "(UPU)", &["(", "UPU", ")"]),
            ("contraction", "didn't agree", &["didn't", "agree"]),
            (
                "plural",
                "the Posts' staff",
                &["the", "Posts", "'", "staff"],
            ),
            (
                "plural_curly",
                "the Posts’ staff",
                &["the", "Posts", "’", "staff"],
            ),
            ("quote", "the 'Posts'.", &["the", "'", "Posts", "'", "."]),
        ];
        for (id, input, want) in cases {
            assert_eq!(&words(input), want, "{id}");
        }
        for (input, poss) in [
            ("the Posts' staff", true),
            ("the Posts’ staff", true),
            ("the 'Posts'.", false),
        ] {
            let toks = tokenize(input, Span(0, input.len()));
            let got = toks.iter().any(|t| t.kind == Kind::Poss);
            assert_eq!(got, poss, "{input}");
        }
    }
}
