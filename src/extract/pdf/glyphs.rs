//! Glyph names and the standard single-byte encodings of simple PDF fonts.
//!
//! [`glyph_to_unicode`] maps a PostScript glyph name to text: a table of the common names (ASCII,
//! Latin-1, the Windows extras, ligatures, Greek capitals of TeX fonts), accented letters composed
//! from base letter + accent name, and the `uniXXXX` / `uXXXX[XX]` conventions, suffixes (`.sc`)
//! and `_` ligature sequences. [`base_encoding`] gives StandardEncoding, WinAnsiEncoding and
//! MacRomanEncoding as code -> char tables.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The base encodings a simple font can name in `/Encoding` or `/BaseEncoding`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
}

impl BaseEncoding {
    /// The encoding a `/Encoding` name stands for.
    pub fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" | b"MacExpertEncoding" => Some(BaseEncoding::MacRoman),
            _ => None,
        }
    }
}

/// The code -> char table of a base encoding (`None` for undefined codes).
pub fn base_encoding(enc: BaseEncoding) -> &'static [Option<char>; 256] {
    static STD: OnceLock<[Option<char>; 256]> = OnceLock::new();
    static WIN: OnceLock<[Option<char>; 256]> = OnceLock::new();
    static MAC: OnceLock<[Option<char>; 256]> = OnceLock::new();
    match enc {
        BaseEncoding::Standard => STD.get_or_init(standard_table),
        BaseEncoding::WinAnsi => WIN.get_or_init(|| legacy_table(encoding_rs::WINDOWS_1252)),
        BaseEncoding::MacRoman => MAC.get_or_init(|| legacy_table(encoding_rs::MACINTOSH)),
    }
}

fn legacy_table(enc: &'static encoding_rs::Encoding) -> [Option<char>; 256] {
    let mut t = [None; 256];
    for (code, slot) in t.iter_mut().enumerate().skip(0x20) {
        let byte = [code as u8];
        let (s, _) = enc.decode_without_bom_handling(&byte);
        let c = s.chars().next().unwrap_or('\u{fffd}');
        if !c.is_control() && c != '\u{fffd}' {
            *slot = Some(c);
        }
    }
    // PDF's WinAnsi draws 0xAD as a visible hyphen; callers treat U+00AD specially anyway.
    t
}

fn standard_table() -> [Option<char>; 256] {
    let mut t = [None; 256];
    for code in 0x20u8..0x7f {
        t[code as usize] = Some(code as char);
    }
    t[0x27] = Some('\u{2019}');
    t[0x60] = Some('\u{2018}');
    let upper: &[(u8, char)] = &[
        (0xa1, '¡'),
        (0xa2, '¢'),
        (0xa3, '£'),
        (0xa4, '⁄'),
        (0xa5, '¥'),
        (0xa6, 'ƒ'),
        (0xa7, '§'),
        (0xa8, '¤'),
        (0xa9, '\''),
        (0xaa, '“'),
        (0xab, '«'),
        (0xac, '‹'),
        (0xad, '›'),
        (0xae, 'ﬁ'),
        (0xaf, 'ﬂ'),
        (0xb1, '–'),
        (0xb2, '†'),
        (0xb3, '‡'),
        (0xb4, '·'),
        (0xb6, '¶'),
        (0xb7, '•'),
        (0xb8, '‚'),
        (0xb9, '„'),
        (0xba, '”'),
        (0xbb, '»'),
        (0xbc, '…'),
        (0xbd, '‰'),
        (0xbf, '¿'),
        (0xc1, '`'),
        (0xc2, '´'),
        (0xc3, 'ˆ'),
        (0xc4, '˜'),
        (0xc5, '¯'),
        (0xc6, '˘'),
        (0xc7, '˙'),
        (0xc8, '¨'),
        (0xca, '˚'),
        (0xcb, '¸'),
        (0xcd, '˝'),
        (0xce, '˛'),
        (0xcf, 'ˇ'),
        (0xd0, '—'),
        (0xe1, 'Æ'),
        (0xe3, 'ª'),
        (0xe8, 'Ł'),
        (0xe9, 'Ø'),
        (0xea, 'Œ'),
        (0xeb, 'º'),
        (0xf1, 'æ'),
        (0xf5, 'ı'),
        (0xf8, 'ł'),
        (0xf9, 'ø'),
        (0xfa, 'œ'),
        (0xfb, 'ß'),
    ];
    for &(code, c) in upper {
        t[code as usize] = Some(c);
    }
    t
}

/// Names whose text is not derivable from their spelling.
const NAMES: &[(&str, &str)] = &[
    ("space", " "),
    ("nbspace", " "),
    ("exclam", "!"),
    ("quotedbl", "\""),
    ("numbersign", "#"),
    ("dollar", "$"),
    ("percent", "%"),
    ("ampersand", "&"),
    ("quotesingle", "'"),
    ("quoteright", "\u{2019}"),
    ("quoteleft", "\u{2018}"),
    ("parenleft", "("),
    ("parenright", ")"),
    ("asterisk", "*"),
    ("plus", "+"),
    ("comma", ","),
    ("hyphen", "-"),
    ("sfthyphen", "\u{ad}"),
    ("period", "."),
    ("slash", "/"),
    ("zero", "0"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("colon", ":"),
    ("semicolon", ";"),
    ("less", "<"),
    ("equal", "="),
    ("greater", ">"),
    ("question", "?"),
    ("at", "@"),
    ("bracketleft", "["),
    ("backslash", "\\"),
    ("bracketright", "]"),
    ("asciicircum", "^"),
    ("underscore", "_"),
    ("grave", "`"),
    ("braceleft", "{"),
    ("bar", "|"),
    ("braceright", "}"),
    ("asciitilde", "~"),
    ("exclamdown", "¡"),
    ("cent", "¢"),
    ("sterling", "£"),
    ("currency", "¤"),
    ("yen", "¥"),
    ("brokenbar", "¦"),
    ("section", "§"),
    ("dieresis", "¨"),
    ("copyright", "©"),
    ("ordfeminine", "ª"),
    ("guillemotleft", "«"),
    ("guillemetleft", "«"),
    ("logicalnot", "¬"),
    ("registered", "®"),
    ("macron", "¯"),
    ("degree", "°"),
    ("plusminus", "±"),
    ("twosuperior", "²"),
    ("threesuperior", "³"),
    ("acute", "´"),
    ("mu", "µ"),
    ("paragraph", "¶"),
    ("periodcentered", "·"),
    ("cedilla", "¸"),
    ("onesuperior", "¹"),
    ("ordmasculine", "º"),
    ("guillemotright", "»"),
    ("guillemetright", "»"),
    ("onequarter", "¼"),
    ("onehalf", "½"),
    ("threequarters", "¾"),
    ("questiondown", "¿"),
    ("multiply", "×"),
    ("divide", "÷"),
    ("AE", "Æ"),
    ("ae", "æ"),
    ("Oslash", "Ø"),
    ("oslash", "ø"),
    ("Eth", "Ð"),
    ("eth", "ð"),
    ("Thorn", "Þ"),
    ("thorn", "þ"),
    ("germandbls", "ß"),
    ("OE", "Œ"),
    ("oe", "œ"),
    ("Lslash", "Ł"),
    ("lslash", "ł"),
    ("dotlessi", "ı"),
    ("dotlessj", "ȷ"),
    ("Euro", "€"),
    ("quotesinglbase", "‚"),
    ("florin", "ƒ"),
    ("quotedblbase", "„"),
    ("ellipsis", "…"),
    ("dagger", "†"),
    ("daggerdbl", "‡"),
    ("circumflex", "ˆ"),
    ("perthousand", "‰"),
    ("guilsinglleft", "‹"),
    ("guilsinglright", "›"),
    ("quotedblleft", "“"),
    ("quotedblright", "”"),
    ("bullet", "•"),
    ("endash", "–"),
    ("emdash", "—"),
    ("tilde", "˜"),
    ("trademark", "™"),
    ("fraction", "⁄"),
    ("minus", "−"),
    ("breve", "˘"),
    ("dotaccent", "˙"),
    ("ring", "˚"),
    ("ogonek", "˛"),
    ("caron", "ˇ"),
    ("hungarumlaut", "˝"),
    ("fi", "\u{fb01}"),
    ("fl", "\u{fb02}"),
    ("ff", "\u{fb00}"),
    ("ffi", "\u{fb03}"),
    ("ffl", "\u{fb04}"),
    ("Gamma", "Γ"),
    ("Delta", "Δ"),
    ("Theta", "Θ"),
    ("Lambda", "Λ"),
    ("Xi", "Ξ"),
    ("Pi", "Π"),
    ("Sigma", "Σ"),
    ("Upsilon", "Υ"),
    ("Phi", "Φ"),
    ("Psi", "Ψ"),
    ("Omega", "Ω"),
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("delta", "δ"),
    ("epsilon", "ε"),
    ("pi", "π"),
    ("sigma", "σ"),
    ("infinity", "∞"),
    ("lessequal", "≤"),
    ("greaterequal", "≥"),
    ("notequal", "≠"),
    ("arrowright", "→"),
    ("arrowleft", "←"),
    ("checkmark", "✓"),
    ("numero", "№"),
];

const ACCENTS: &[(&str, char)] = &[
    ("grave", '\u{300}'),
    ("acute", '\u{301}'),
    ("circumflex", '\u{302}'),
    ("tilde", '\u{303}'),
    ("macron", '\u{304}'),
    ("breve", '\u{306}'),
    ("dotaccent", '\u{307}'),
    ("dieresis", '\u{308}'),
    ("ring", '\u{30a}'),
    ("hungarumlaut", '\u{30b}'),
    ("caron", '\u{30c}'),
    ("commaaccent", '\u{326}'),
    ("cedilla", '\u{327}'),
    ("ogonek", '\u{328}'),
];

/// The text a glyph name stands for, or `None` when the name follows no known convention
/// (such as the arbitrary names of many Type3 fonts).
pub fn glyph_to_unicode(name: &str) -> Option<String> {
    if name.is_empty() || name == ".notdef" {
        return None;
    }
    // "a.sc", "one.oldstyle": the part before the first period names the character.
    let base = match name.find('.') {
        Some(0) => return None,
        Some(i) => &name[..i],
        None => name,
    };
    if base.contains('_') {
        let mut out = String::new();
        for part in base.split('_') {
            out.push_str(&single(part)?);
        }
        return Some(out);
    }
    single(base)
}

fn single(name: &str) -> Option<String> {
    static BY_NAME: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let by_name = BY_NAME.get_or_init(|| NAMES.iter().copied().collect());
    if let Some(s) = by_name.get(name) {
        return Some(s.to_string());
    }
    if name.len() == 1 && name.as_bytes()[0].is_ascii_alphabetic() {
        return Some(name.to_string());
    }
    if let Some(hex) = name.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> = (0..hex.len() / 4)
                .filter_map(|i| hex.get(i * 4..i * 4 + 4))
                .filter_map(|h| u16::from_str_radix(h, 16).ok())
                .collect();
            let s: String = char::decode_utf16(units.iter().copied())
                .filter_map(Result::ok)
                .collect();
            return (!s.is_empty()).then_some(s);
        }
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return u32::from_str_radix(hex, 16)
                .ok()
                .and_then(char::from_u32)
                .map(String::from);
        }
    }
    // "eacute", "Scaron", "gcommaaccent": a base letter and an accent name.
    let mut chars = name.chars();
    let first = chars.next()?;
    if first.is_ascii_alphabetic() {
        let rest = chars.as_str();
        if let Some(&(_, mark)) = ACCENTS.iter().find(|(a, _)| *a == rest) {
            use unicode_normalization::UnicodeNormalization;
            let composed: String = [first, mark].iter().collect::<String>().nfc().collect();
            return Some(composed);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_map_to_text() {
        let cases = [
            ("ascii-letter", "a", Some("a")),
            ("named-punct", "quoteright", Some("\u{2019}")),
            ("accented", "eacute", Some("é")),
            ("caron-capital", "Scaron", Some("Š")),
            ("ligature", "fi", Some("\u{fb01}")),
            ("uni-single", "uni00E9", Some("é")),
            ("uni-sequence", "uni00660069", Some("fi")),
            ("u-five-digits", "u1F600", Some("😀")),
            ("suffix", "a.sc", Some("a")),
            ("underscore-ligature", "f_f_i", Some("ffi")),
            ("notdef", ".notdef", None),
            ("type3-arbitrary", "g17", None),
        ];
        for (id, name, want) in cases {
            assert_eq!(glyph_to_unicode(name).as_deref(), want, "{id}");
        }
    }

    #[test]
    fn base_encodings_differ_where_they_should() {
        let std = base_encoding(BaseEncoding::Standard);
        let win = base_encoding(BaseEncoding::WinAnsi);
        let mac = base_encoding(BaseEncoding::MacRoman);
        assert_eq!(std[0x27], Some('\u{2019}'));
        assert_eq!(win[0x27], Some('\''));
        assert_eq!(win[0x93], Some('“'));
        assert_eq!(win[0xe9], Some('é'));
        assert_eq!(mac[0x8e], Some('é'));
        assert_eq!(std[0xae], Some('\u{fb01}'));
    }
}
