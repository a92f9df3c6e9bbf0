//! CMaps: ToUnicode maps (bfchar, bfrange with and without arrays) and encoding CMaps (codespace
//! ranges, cidchar, cidrange) parsed from their PostScript-like text, plus the predefined CMaps
//! accord understands by name (Identity-H/V and the UCS-2 / UTF-16 CJK CMaps).
//!
//! Ranges are kept as ranges, so a hostile `<00000000> <FFFFFFFF>` costs nothing to store.

use std::collections::HashMap;

/// One code space range: codes of `lo.len()` bytes, each byte within its bounds.
#[derive(Clone, Debug)]
struct CodeSpace {
    lo: Vec<u8>,
    hi: Vec<u8>,
}

#[derive(Clone, Debug)]
enum RangeDst {
    /// Consecutive codes map to consecutive text, counting from this start.
    Start(Vec<u16>),
    /// One text per code.
    List(Vec<String>),
}

#[derive(Clone, Debug)]
struct BfRange {
    lo: u32,
    hi: u32,
    dst: RangeDst,
}

/// A parsed CMap: how to split a string into codes, and what each code means.
#[derive(Clone, Debug, Default)]
pub struct CMap {
    codespace: Vec<CodeSpace>,
    chars: HashMap<u32, String>,
    ranges: Vec<BfRange>,
    cid_chars: HashMap<u32, u32>,
    cid_ranges: Vec<(u32, u32, u32)>,
    /// Codes are UCS-2/UTF-16 values: the predefined Uni*-UCS2 and Uni*-UTF16 CMaps.
    pub codes_are_unicode: bool,
    /// Codes are CIDs (Identity-H / Identity-V).
    pub identity: bool,
}

/// The outcome of naming a predefined CMap.
pub enum Predefined {
    Known(CMap),
    Unknown,
}

impl CMap {
    /// The predefined CMap called `name`, for Type0 fonts whose `/Encoding` is a name.
    pub fn predefined(name: &[u8]) -> Predefined {
        let two_bytes = || CodeSpace {
            lo: vec![0, 0],
            hi: vec![0xff, 0xff],
        };
        let n = String::from_utf8_lossy(name);
        let mut cmap = CMap::default();
        if n == "Identity-H" || n == "Identity-V" {
            cmap.codespace.push(two_bytes());
            cmap.identity = true;
            return Predefined::Known(cmap);
        }
        if n.starts_with("Uni") && (n.contains("-UCS2-") || n.contains("-UTF16-")) {
            cmap.codespace.push(two_bytes());
            if n.contains("-UTF16-") {
                cmap.codespace.push(CodeSpace {
                    lo: vec![0xd8, 0, 0xdc, 0],
                    hi: vec![0xdb, 0xff, 0xdf, 0xff],
                });
            }
            cmap.codes_are_unicode = true;
            return Predefined::Known(cmap);
        }
        Predefined::Unknown
    }

    /// Parses a CMap stream's text. Never fails: what cannot be read is skipped.
    pub fn parse(data: &[u8]) -> CMap {
        let toks = tokenize(data);
        let mut cmap = CMap::default();
        let mut i = 0;
        while i < toks.len() {
            match &toks[i] {
                Tok::Kw(k) if k == b"begincodespacerange" => {
                    i += 1;
                    while i + 1 < toks.len() {
                        match (&toks[i], &toks[i + 1]) {
                            (Tok::Hex(lo), Tok::Hex(hi))
                                if lo.len() == hi.len() && !lo.is_empty() =>
                            {
                                if lo.len() <= 4 {
                                    cmap.codespace.push(CodeSpace {
                                        lo: lo.clone(),
                                        hi: hi.clone(),
                                    });
                                }
                                i += 2;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Kw(k) if k == b"beginbfchar" => {
                    i += 1;
                    while i + 1 < toks.len() {
                        match (&toks[i], &toks[i + 1]) {
                            (Tok::Hex(src), Tok::Hex(dst)) => {
                                cmap.chars.insert(code_of(src), utf16_text(dst));
                                i += 2;
                            }
                            (Tok::Hex(src), Tok::Name(name)) => {
                                if let Some(t) =
                                    super::glyphs::glyph_to_unicode(&String::from_utf8_lossy(name))
                                {
                                    cmap.chars.insert(code_of(src), t);
                                }
                                i += 2;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Kw(k) if k == b"beginbfrange" => {
                    i += 1;
                    while i + 2 < toks.len() {
                        let (Tok::Hex(lo), Tok::Hex(hi)) = (&toks[i], &toks[i + 1]) else {
                            break;
                        };
                        let (lo, hi) = (code_of(lo), code_of(hi));
                        match &toks[i + 2] {
                            Tok::Hex(dst) => {
                                if hi >= lo {
                                    cmap.ranges.push(BfRange {
                                        lo,
                                        hi,
                                        dst: RangeDst::Start(utf16_units(dst)),
                                    });
                                }
                                i += 3;
                            }
                            Tok::Open => {
                                let mut list = Vec::new();
                                let mut j = i + 3;
                                while j < toks.len() {
                                    match &toks[j] {
                                        Tok::Hex(d) => list.push(utf16_text(d)),
                                        Tok::Close => break,
                                        _ => {}
                                    }
                                    j += 1;
                                }
                                if hi >= lo {
                                    cmap.ranges.push(BfRange {
                                        lo,
                                        hi,
                                        dst: RangeDst::List(list),
                                    });
                                }
                                i = j + 1;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Kw(k) if k == b"begincidchar" => {
                    i += 1;
                    while i + 1 < toks.len() {
                        match (&toks[i], &toks[i + 1]) {
                            (Tok::Hex(src), Tok::Num(cid)) => {
                                cmap.cid_chars.insert(code_of(src), *cid as u32);
                                i += 2;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Kw(k) if k == b"begincidrange" => {
                    i += 1;
                    while i + 2 < toks.len() {
                        match (&toks[i], &toks[i + 1], &toks[i + 2]) {
                            (Tok::Hex(lo), Tok::Hex(hi), Tok::Num(cid)) => {
                                cmap.cid_ranges
                                    .push((code_of(lo), code_of(hi), *cid as u32));
                                i += 3;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Name(n) if n == b"Identity-H" || n == b"Identity-V" => {
                    // `/Identity-H usecmap`: inherit the identity mapping.
                    if matches!(toks.get(i + 1), Some(Tok::Kw(k)) if k == b"usecmap") {
                        cmap.identity = true;
                        if cmap.codespace.is_empty() {
                            cmap.codespace.push(CodeSpace {
                                lo: vec![0, 0],
                                hi: vec![0xff, 0xff],
                            });
                        }
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        cmap
    }

    /// Whether the CMap defines any code space (so it can split strings by itself).
    pub fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    /// The next code in `bytes` and its length; `default_len` when no code space matches.
    pub fn next_code(&self, bytes: &[u8], default_len: usize) -> (u32, usize) {
        for len in 1..=4usize {
            let Some(slice) = bytes.get(..len) else {
                break;
            };
            let fits = self.codespace.iter().any(|cs| {
                cs.lo.len() == len
                    && slice
                        .iter()
                        .zip(cs.lo.iter().zip(&cs.hi))
                        .all(|(b, (lo, hi))| lo <= b && b <= hi)
            });
            if fits {
                return (code_of(slice), len);
            }
        }
        let len = default_len.clamp(1, bytes.len().max(1)).min(bytes.len());
        (code_of(&bytes[..len]), len.max(1))
    }

    /// The text of `code` according to bfchar/bfrange entries.
    pub fn lookup(&self, code: u32) -> Option<String> {
        if let Some(s) = self.chars.get(&code) {
            return Some(s.clone());
        }
        for r in &self.ranges {
            if r.lo <= code && code <= r.hi {
                let off = code - r.lo;
                return match &r.dst {
                    RangeDst::List(list) => list.get(off as usize).cloned(),
                    RangeDst::Start(units) => {
                        let mut units = units.clone();
                        if let Some(last) = units.last_mut() {
                            *last = last.wrapping_add(off as u16);
                        }
                        Some(
                            char::decode_utf16(units.iter().copied())
                                .filter_map(Result::ok)
                                .collect(),
                        )
                    }
                };
            }
        }
        None
    }

    /// Whether the map has any entries at all (an empty ToUnicode is useless).
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.ranges.is_empty()
    }

    /// The CID of `code` for an encoding CMap (identity when it says so or says nothing).
    pub fn cid(&self, code: u32) -> u32 {
        if let Some(c) = self.cid_chars.get(&code) {
            return *c;
        }
        for &(lo, hi, start) in &self.cid_ranges {
            if lo <= code && code <= hi {
                return start.wrapping_add(code - lo);
            }
        }
        code
    }
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, b| (acc << 8) | *b as u32)
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    if bytes.len() == 1 {
        return vec![bytes[0] as u16];
    }
    bytes
        .chunks(2)
        .map(|c| match c {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => *a as u16,
            _ => 0,
        })
        .collect()
}

fn utf16_text(bytes: &[u8]) -> String {
    char::decode_utf16(utf16_units(bytes))
        .map(|r| r.unwrap_or('\u{fffd}'))
        .collect()
}

#[derive(Debug, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Name(Vec<u8>),
    Num(i64),
    Kw(Vec<u8>),
    Open,
    Close,
}

fn tokenize(data: &[u8]) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut i = 0;
    let delim = |b: u8| b"()<>[]{}/%".contains(&b) || b.is_ascii_whitespace() || b == 0;
    while i < data.len() {
        let b = data[i];
        match b {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'[' => {
                toks.push(Tok::Open);
                i += 1;
            }
            b']' => {
                toks.push(Tok::Close);
                i += 1;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' => i += 1,
            b'<' => {
                let mut digits = Vec::new();
                i += 1;
                while i < data.len() && data[i] != b'>' {
                    if data[i].is_ascii_hexdigit() {
                        digits.push(data[i]);
                    }
                    i += 1;
                }
                i += 1;
                if digits.len() % 2 == 1 {
                    digits.push(b'0');
                }
                let bytes = digits
                    .chunks(2)
                    .map(|p| (hex_val(p[0]) << 4) | hex_val(p[1]))
                    .collect();
                toks.push(Tok::Hex(bytes));
            }
            b'(' => {
                // Literal strings only appear in CMap headers; skip them, nesting included.
                let mut depth = 0usize;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'/' => {
                let start = i + 1;
                i += 1;
                while i < data.len() && !delim(data[i]) {
                    i += 1;
                }
                toks.push(Tok::Name(data[start..i].to_vec()));
            }
            _ if b.is_ascii_whitespace() || b == 0 || b"{})".contains(&b) => i += 1,
            _ => {
                let start = i;
                while i < data.len() && !delim(data[i]) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                    continue;
                }
                let word = &data[start..i];
                match std::str::from_utf8(word).ok().and_then(|s| s.parse().ok()) {
                    Some(n) => toks.push(Tok::Num(n)),
                    None => toks.push(Tok::Kw(word.to_vec())),
                }
            }
        }
    }
    toks
}

fn hex_val(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        b'A'..=b'F' => b - b'A' + 10,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0003> <0020>
<0011> <00660069>
<0012> <D83DDE00>
endbfchar
2 beginbfrange
<0020> <0029> <0041>
<0030> <0032> [<0078> <0079> <007A>]
endbfrange
endcmap";

    #[test]
    fn to_unicode_entries_resolve() {
        let cmap = CMap::parse(SAMPLE);
        let cases = [
            ("bfchar-space", 0x03, Some(" ")),
            ("bfchar-ligature-sequence", 0x11, Some("fi")),
            ("bfchar-surrogate-pair", 0x12, Some("😀")),
            ("bfrange-start", 0x20, Some("A")),
            ("bfrange-offset", 0x29, Some("J")),
            ("bfrange-array", 0x31, Some("y")),
            ("unmapped", 0x99, None),
        ];
        for (id, code, want) in cases {
            assert_eq!(cmap.lookup(code).as_deref(), want, "{id}");
        }
    }

    #[test]
    fn codespace_splits_multibyte_codes() {
        let mut cmap =
            CMap::parse(b"2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange");
        assert_eq!(cmap.next_code(&[0x41, 0x81, 0x40], 1), (0x41, 1));
        assert_eq!(cmap.next_code(&[0x81, 0x40], 1), (0x8140, 2));
        cmap.codespace.clear();
        assert_eq!(cmap.next_code(&[0x12, 0x34, 0x56], 2), (0x1234, 2));
        assert_eq!(cmap.next_code(&[0x12], 2), (0x12, 1));
    }

    #[test]
    fn predefined_ucs2_cmaps_are_unicode() {
        match CMap::predefined(b"UniGB-UCS2-H") {
            Predefined::Known(c) => assert!(c.codes_are_unicode),
            Predefined::Unknown => panic!("UniGB-UCS2-H should be known"),
        }
        assert!(matches!(
            CMap::predefined(b"90ms-RKSJ-H"),
            Predefined::Unknown
        ));
    }
}
