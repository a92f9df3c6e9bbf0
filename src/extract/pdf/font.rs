//! Fonts: how the bytes of a shown string split into codes, what text each code stands for, and
//! how wide its glyph is.
//!
//! Simple fonts (Type1, TrueType, Type3) get a 256-entry table built once from, in order of trust,
//! the ToUnicode CMap, `/Differences` glyph names, the base encoding (Standard, WinAnsi, MacRoman),
//! and an embedded Type1 program's built-in encoding. Type0 (CID) fonts split codes with their
//! encoding CMap (Identity-H, the UCS-2 CJK CMaps, or an embedded one) and map them with
//! ToUnicode; widths come from `/W` and `/DW`.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::{CMap, Predefined};
use super::glyphs::{base_encoding, glyph_to_unicode, BaseEncoding};
use super::{deref, name_of, num, Budget};

/// One code of a shown string, decoded.
#[derive(Clone, Debug)]
pub struct Code {
    /// The text of the glyph; `None` when the font gives no way to know it.
    pub text: Option<String>,
    /// Horizontal advance in text space for a font size of 1.
    pub width: f64,
    /// A single-byte code 32, to which word spacing (Tw) applies.
    pub word_space: bool,
}

#[derive(Debug)]
enum Kind {
    Simple {
        text: Vec<Option<String>>,
        widths: Vec<f64>,
    },
    Cid(Box<CidFont>),
}

#[derive(Debug)]
struct CidFont {
    encoding: CMap,
    to_unicode: Option<CMap>,
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// From the embedded TrueType cmap, when there is no ToUnicode.
    by_gid: HashMap<u16, char>,
    /// CIDToGIDMap as a table (`None`: identity).
    cid_to_gid: Option<Vec<u16>>,
}

/// A loaded font.
#[derive(Debug)]
pub struct Font {
    kind: Kind,
    /// Glyph size relative to the font size: 1 except for Type3 fonts with unusual matrices.
    pub size_scale: f64,
    /// A problem worth a warning (a CID font with no way to Unicode).
    pub problem: Option<String>,
}

impl Font {
    /// Loads the font described by `dict`.
    pub fn load(doc: &Document, dict: &Dictionary, budget: &Budget) -> Font {
        let subtype = dict.get(b"Subtype").ok().and_then(name_of).unwrap_or(b"");
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| budget.decode(s))
            .map(|d| CMap::parse(&d))
            .filter(|c| !c.is_empty());
        if subtype == b"Type0" {
            return load_cid(doc, dict, to_unicode, budget);
        }
        load_simple(doc, dict, subtype, to_unicode, budget)
    }

    /// Splits `bytes` into codes and decodes each one.
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<Code>) {
        out.clear();
        match &self.kind {
            Kind::Simple { text, widths } => {
                for &b in bytes {
                    out.push(Code {
                        text: text[b as usize].clone(),
                        width: widths[b as usize],
                        word_space: b == 32,
                    });
                }
            }
            Kind::Cid(cid_font) => {
                let CidFont {
                    encoding,
                    to_unicode,
                    widths,
                    default_width,
                    by_gid,
                    cid_to_gid,
                } = cid_font.as_ref();
                let mut i = 0;
                while i < bytes.len() {
                    let (code, len) = encoding.next_code(&bytes[i..], 2);
                    i += len;
                    let cid = encoding.cid(code);
                    let text = match to_unicode.as_ref().and_then(|m| m.lookup(code)) {
                        Some(t) => Some(t),
                        None if encoding.codes_are_unicode => utf16_code(code, len),
                        None if by_gid.is_empty() => None,
                        None => {
                            let gid = match cid_to_gid {
                                Some(t) => t.get(cid as usize).copied(),
                                None => u16::try_from(cid).ok(),
                            };
                            gid.and_then(|g| by_gid.get(&g)).map(|c| c.to_string())
                        }
                    };
                    out.push(Code {
                        text,
                        width: widths.get(&cid).copied().unwrap_or(*default_width),
                        word_space: len == 1 && code == 32,
                    });
                }
            }
        }
    }
}

fn utf16_code(code: u32, len: usize) -> Option<String> {
    let units: Vec<u16> = if len == 4 {
        vec![(code >> 16) as u16, code as u16]
    } else {
        vec![code as u16]
    };
    let s: String = char::decode_utf16(units).filter_map(Result::ok).collect();
    (!s.is_empty()).then_some(s)
}

fn load_cid(doc: &Document, dict: &Dictionary, to_unicode: Option<CMap>, budget: &Budget) -> Font {
    let mut problem = None;
    let encoding = match dict.get(b"Encoding").ok().and_then(|o| deref(doc, o)) {
        Some(Object::Name(n)) => match CMap::predefined(n) {
            Predefined::Known(c) => c,
            Predefined::Unknown => {
                if to_unicode.is_none() {
                    problem = Some(format!(
                        "unsupported CMap {} without ToUnicode",
                        String::from_utf8_lossy(n)
                    ));
                }
                fallback_two_byte()
            }
        },
        Some(Object::Stream(s)) => {
            let c = budget
                .decode(s)
                .map(|d| CMap::parse(&d))
                .unwrap_or_default();
            if c.has_codespace() {
                c
            } else {
                fallback_two_byte()
            }
        }
        _ => fallback_two_byte(),
    };
    if to_unicode.is_none() && !encoding.codes_are_unicode && problem.is_none() {
        problem = Some("CID font without ToUnicode: its text cannot be mapped".to_string());
    }
    let descendant = dict
        .get(b"DescendantFonts")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok());
    let mut widths = HashMap::new();
    let mut default_width = 1.0;
    if let Some(d) = descendant {
        if let Some(dw) = d.get(b"DW").ok().and_then(|o| deref(doc, o)).and_then(num) {
            default_width = dw / 1000.0;
        }
        if let Some(w) = d
            .get(b"W")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
        {
            parse_w(doc, w, &mut widths);
        }
    }
    let mut by_gid = HashMap::new();
    let mut cid_to_gid = None;
    if to_unicode.is_none() && !encoding.codes_are_unicode {
        if let Some(d) = descendant {
            by_gid = embedded_cmap(doc, d, budget);
            if let Some(Object::Stream(s)) = d.get(b"CIDToGIDMap").ok().and_then(|o| deref(doc, o))
            {
                cid_to_gid = budget.decode(s).map(|b| {
                    b.chunks_exact(2)
                        .map(|p| u16::from_be_bytes([p[0], p[1]]))
                        .collect()
                });
            }
        }
        if !by_gid.is_empty() {
            problem = None;
        }
    }
    Font {
        kind: Kind::Cid(Box::new(CidFont {
            encoding,
            to_unicode,
            widths,
            default_width,
            by_gid,
            cid_to_gid,
        })),
        size_scale: 1.0,
        problem,
    }
}

/// The glyph id -> Unicode map of a CID font's embedded TrueType or OpenType program.
fn embedded_cmap(doc: &Document, cid_font: &Dictionary, budget: &Budget) -> HashMap<u16, char> {
    let Some(desc) = cid_font
        .get(b"FontDescriptor")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return HashMap::new();
    };
    for key in [&b"FontFile2"[..], b"FontFile3"] {
        if let Some(s) = desc
            .get(key)
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_stream().ok())
        {
            if let Some(data) = budget.decode(s) {
                return super::truetype::unicode_by_gid(&data);
            }
        }
    }
    HashMap::new()
}

fn fallback_two_byte() -> CMap {
    match CMap::predefined(b"Identity-H") {
        Predefined::Known(c) => c,
        Predefined::Unknown => CMap::default(),
    }
}

/// `/W` arrays: `c [w1 w2 ...]` or `cfirst clast w`. Bounded, since a hostile range could be huge.
fn parse_w(doc: &Document, w: &[Object], widths: &mut HashMap<u32, f64>) {
    const MAX_ENTRIES: usize = 200_000;
    let mut i = 0;
    while i < w.len() && widths.len() < MAX_ENTRIES {
        let Some(first) = num(&w[i]) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).and_then(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate() {
                    if let Some(v) = num(o) {
                        widths.insert(first.saturating_add(k as u32), v / 1000.0);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = num(o).unwrap_or(0.0).max(0.0) as u32;
                let v = w.get(i + 2).and_then(num).unwrap_or(1000.0) / 1000.0;
                let end = last.min(first.saturating_add(MAX_ENTRIES as u32));
                for c in first..=end {
                    if widths.len() >= MAX_ENTRIES {
                        break;
                    }
                    widths.insert(c, v);
                }
                i += 3;
            }
            None => break,
        }
    }
}

fn load_simple(
    doc: &Document,
    dict: &Dictionary,
    subtype: &[u8],
    to_unicode: Option<CMap>,
    budget: &Budget,
) -> Font {
    let is_type3 = subtype == b"Type3";
    let descriptor = dict
        .get(b"FontDescriptor")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok());
    let flags = descriptor
        .and_then(|d| d.get(b"Flags").ok())
        .and_then(num)
        .unwrap_or(0.0) as u32;
    let symbolic = flags & 4 != 0 && flags & 32 == 0;
    let base_font = dict.get(b"BaseFont").ok().and_then(name_of).unwrap_or(b"");

    // Start from the base encoding, then the font program's own, then Differences.
    let mut names: Vec<Option<String>> = vec![None; 256];
    let mut base = None;
    let mut differences: Option<&Vec<Object>> = None;
    match dict.get(b"Encoding").ok().and_then(|o| deref(doc, o)) {
        Some(Object::Name(n)) => base = BaseEncoding::from_name(n),
        Some(Object::Dictionary(d)) => {
            base = d
                .get(b"BaseEncoding")
                .ok()
                .and_then(name_of)
                .and_then(BaseEncoding::from_name);
            differences = d
                .get(b"Differences")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok());
        }
        _ => {}
    }
    let mut text: Vec<Option<String>> = vec![None; 256];
    let builtin = if base.is_none() && !is_type3 {
        descriptor.and_then(|d| builtin_type1_encoding(doc, d, budget))
    } else {
        None
    };
    match (base, builtin) {
        (Some(b), _) => fill_base(&mut text, b),
        (None, Some(Builtin::Standard)) => fill_base(&mut text, BaseEncoding::Standard),
        (None, Some(Builtin::Names(list))) => {
            for (code, name) in list {
                names[code as usize] = Some(name);
            }
        }
        (None, None) if is_type3 => {}
        (None, None) => {
            // A symbolic TrueType font without an encoding draws codes through its own cmap,
            // usually in the ASCII range: the standard encoding is the best guess left.
            let _ = symbolic;
            fill_base(&mut text, BaseEncoding::Standard);
        }
    }
    if let Some(diffs) = differences {
        let mut code = 0usize;
        for o in diffs {
            match o {
                Object::Integer(i) => code = (*i).clamp(0, 256) as usize,
                Object::Name(n) => {
                    if code < 256 {
                        names[code] = Some(String::from_utf8_lossy(n).into_owned());
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    // Bitmap Type3 fonts (pdfTeX, dvips) name glyphs after their codes: "a65", "g12".
    let real = || names.iter().flatten().filter(|n| n.as_str() != ".notdef");
    let numeric =
        to_unicode.is_none() && real().count() > 0 && real().all(|n| numeric_name(n).is_some());
    for (code, name) in names.iter().enumerate() {
        if let Some(n) = name {
            let t = if numeric {
                numeric_name(n).and_then(text_of_code)
            } else {
                glyph_to_unicode(n)
            };
            // A name we cannot read overrides the base encoding: the glyph is not that char.
            text[code] = t;
        }
    }
    if let Some(tu) = &to_unicode {
        for (code, slot) in text.iter_mut().enumerate() {
            if let Some(t) = tu.lookup(code as u32) {
                *slot = Some(t);
            }
        }
    }

    // Widths.
    let mut fm = [0.001, 0.0, 0.0, 0.001, 0.0, 0.0];
    if is_type3 {
        if let Some(a) = dict
            .get(b"FontMatrix")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
        {
            for (k, o) in a.iter().take(6).enumerate() {
                fm[k] = num(o).unwrap_or(fm[k]);
            }
        }
    }
    let missing = descriptor
        .and_then(|d| d.get(b"MissingWidth").ok())
        .and_then(num)
        .unwrap_or(0.0);
    let default = if base_font.windows(7).any(|w| w == b"Courier") {
        0.6
    } else if is_type3 {
        0.0
    } else {
        0.5
    };
    let mut widths = vec![default; 256];
    let first = dict.get(b"FirstChar").ok().and_then(num).unwrap_or(0.0) as i64;
    if let Some(ws) = dict
        .get(b"Widths")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
    {
        if missing > 0.0 && !is_type3 {
            widths.iter_mut().for_each(|w| *w = missing / 1000.0);
        }
        for (k, o) in ws.iter().enumerate() {
            let code = first.saturating_add(k as i64);
            if (0..256).contains(&code) {
                if let Some(v) = deref(doc, o).and_then(num) {
                    widths[code as usize] = if is_type3 { v * fm[0] } else { v / 1000.0 };
                }
            }
        }
    }
    // A Type3 glyph's em is whatever its FontBBox spans; other fonts use 1000 units.
    let bbox_height = dict
        .get(b"FontBBox")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
        .map(|a| a.iter().filter_map(num).collect::<Vec<f64>>())
        .and_then(|v| (v.len() == 4).then(|| (v[3] - v[1]).abs()))
        .filter(|h| *h > 0.0)
        .unwrap_or(1000.0);
    let size_scale = if is_type3 {
        (fm[3].abs() * bbox_height).clamp(0.01, 100.0)
    } else {
        1.0
    };
    Font {
        kind: Kind::Simple { text, widths },
        size_scale,
        problem: None,
    }
}

/// The number in a code-like glyph name: one or two letters and two or three digits.
fn numeric_name(name: &str) -> Option<u32> {
    let digits = name.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let letters = name.len() - digits.len();
    if !(1..=2).contains(&letters) || !(2..=3).contains(&digits.len()) {
        return None;
    }
    digits.parse().ok()
}

/// The text of a code in a font named by codes: ASCII, with TeX's ligature slots (11-15),
/// which is where these fonts put them.
fn text_of_code(code: u32) -> Option<String> {
    let lig = ["ff", "fi", "fl", "ffi", "ffl"];
    match code {
        11..=15 => Some(lig[(code - 11) as usize].to_string()),
        33..=126 => char::from_u32(code).map(String::from),
        _ => None,
    }
}

fn fill_base(text: &mut [Option<String>], base: BaseEncoding) {
    for (code, c) in base_encoding(base).iter().enumerate() {
        text[code] = c.map(String::from);
    }
}

enum Builtin {
    Standard,
    Names(Vec<(u8, String)>),
}

/// The encoding inside an embedded Type1 program's clear-text part (`dup 32 /space put`).
fn builtin_type1_encoding(
    doc: &Document,
    descriptor: &Dictionary,
    budget: &Budget,
) -> Option<Builtin> {
    let stream = descriptor
        .get(b"FontFile")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_stream().ok())?;
    let data = budget.decode(stream)?;
    let clear_len = stream
        .dict
        .get(b"Length1")
        .ok()
        .and_then(num)
        .map(|n| n as usize)
        .unwrap_or(data.len())
        .min(data.len());
    let clear = &data[..clear_len];
    let start = clear.windows(9).position(|w| w == b"/Encoding")?;
    let rest = &clear[start + 9..];
    let end = rest
        .windows(5)
        .position(|w| w == b"eexec" || w == b"reado")
        .unwrap_or(rest.len());
    let rest = &rest[..end];
    if rest.trim_ascii_start().starts_with(b"StandardEncoding") {
        return Some(Builtin::Standard);
    }
    let toks: Vec<&[u8]> = rest
        .split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = Vec::new();
    for w in toks.windows(4) {
        if w[0] == b"dup" && w[3] == b"put" {
            if let (Some(code), Some(name)) = (
                std::str::from_utf8(w[1])
                    .ok()
                    .and_then(|s| s.parse::<u8>().ok()),
                w[2].strip_prefix(b"/"),
            ) {
                out.push((code, String::from_utf8_lossy(name).into_owned()));
            }
        }
    }
    (!out.is_empty()).then_some(Builtin::Names(out))
}
