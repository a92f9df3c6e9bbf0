//! Behaviour of the interpreter on small PDFs built here with lopdf, one feature per case:
//! encodings and Differences, TJ spacing, text operators, CID fonts, Type3 fonts, ActualText,
//! Form XObjects (and their cycles), fake bold, unmappable text, and the resource bounds.

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

use super::extract;
use crate::config::Limits;
use crate::error::FailureKind;

/// A one-font-resource document with one page per content string.
struct Builder {
    doc: Document,
    pages_id: ObjectId,
    fonts: Dictionary,
    xobjects: Dictionary,
}

impl Builder {
    fn new() -> Builder {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Builder {
            doc,
            pages_id,
            fonts: Dictionary::new(),
            xobjects: Dictionary::new(),
        }
    }

    fn font(&mut self, name: &str, dict: Dictionary) -> ObjectId {
        let id = self.doc.add_object(dict);
        self.fonts.set(name, Object::Reference(id));
        id
    }

    fn stream(&mut self, dict: Dictionary, data: &[u8]) -> ObjectId {
        self.doc.add_object(Stream::new(dict, data.to_vec()))
    }

    fn build(mut self, pages: &[&str]) -> Vec<u8> {
        let resources = self.doc.add_object(dictionary! {
            "Font" => self.fonts.clone(),
            "XObject" => self.xobjects.clone(),
        });
        let mut kids = Vec::new();
        for content in pages {
            let c = self.stream(Dictionary::new(), content.as_bytes());
            let page = self.doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => self.pages_id,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                "Contents" => c,
                "Resources" => resources,
            });
            kids.push(Object::Reference(page));
        }
        let count = kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = self
            .doc
            .add_object(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("test PDF saves");
        out
    }
}

fn helvetica() -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    "Encoding" => "WinAnsiEncoding" }
}

fn to_unicode(entries: &str) -> Vec<u8> {
    format!("begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange\n{entries}\nendcmap")
        .into_bytes()
}

/// The text with blank lines (paragraph breaks, a layout judgement) left out.
fn text_of(bytes: &[u8]) -> String {
    lines(
        &extract(bytes, &Limits::default())
            .expect("test PDF extracts")
            .text,
    )
}

fn lines(text: &str) -> String {
    text.split('\n')
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn simple_fonts_decode_through_encodings_and_differences() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    b.font(
        "F2",
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman",
        "Encoding" => dictionary! { "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![128.into(), Object::Name(b"fi".to_vec()),
                Object::Name(b"uni00E9".to_vec())] } },
    );
    let pdf = b.build(&["BT /F1 12 Tf 72 700 Td (Caf\\351 \\223Post\\224) Tj ET \
         BT /F2 12 Tf 72 680 Td (\\200nal \\201t\\201) Tj ET"]);
    assert_eq!(text_of(&pdf), "Café “Post”\nfinal été");
}

#[test]
fn tj_offsets_and_gaps_make_word_spaces() {
    let cases = [
        ("kerning-stays-in-word", "[(Po)-20(stal)] TJ", "Postal"),
        (
            "large-offset-is-a-space",
            "[(Postal)-300(meeting)] TJ",
            "Postal meeting",
        ),
        ("word-spacing-applies-to-32", "8 Tw (a b) Tj", "a b"),
        ("char-spacing-letterspaced", "1 Tc (Post) Tj", "Post"),
        (
            "horizontal-scaling",
            "50 Tz [(Post)-500(Office)] TJ",
            "Post Office",
        ),
    ];
    for (id, ops, want) in cases {
        let mut b = Builder::new();
        b.font("F1", helvetica());
        let pdf = b.build(&[&format!("BT /F1 12 Tf 72 700 Td {ops} ET")]);
        assert_eq!(text_of(&pdf), want, "{id}");
    }
}

#[test]
fn text_operators_move_lines() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(&[
        "BT /F1 10 Tf 14 TL 72 700 Td (one) Tj T* (two) Tj (three) ' 0 -14 TD (four) Tj \
         2 0 (five) \" 1 0 0 1 72 630 Tm (six) Tj ET",
    ]);
    assert_eq!(text_of(&pdf), "one\ntwo\nthree\nfour\nfive\nsix");
}

#[test]
fn ctm_and_rise_do_not_break_lines() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    // Text drawn at twice the scale through cm, and a superscript raised by Ts.
    let pdf = b.build(&["q 2 0 0 2 0 0 cm BT /F1 6 Tf 36 350 Td (Scaled) Tj ET Q \
         BT /F1 12 Tf 72 650 Td (E=mc) Tj 4 Ts (2) Tj ET"]);
    assert_eq!(text_of(&pdf), "Scaled\nE=mc2");
}

#[test]
fn rotated_text_is_read_along_its_baseline() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    // A label running up the margin (90 degrees) and a diagonal stamp (45 degrees).
    let pdf = b.build(&["BT /F1 12 Tf 72 700 Td (Body text) Tj ET \
         BT /F1 10 Tf 0 1 -1 0 40 300 Tm (Margin label) Tj ET \
         BT /F1 30 Tf 0.7071 0.7071 -0.7071 0.7071 200 200 Tm (DRAFT COPY) Tj ET"]);
    assert_eq!(text_of(&pdf), "Body text\nDRAFT COPY\nMargin label");
}

#[test]
fn type0_fonts_use_tounicode_widths_and_ucs2_cmaps() {
    let mut b = Builder::new();
    let tu = b.stream(
        Dictionary::new(),
        &to_unicode("2 beginbfchar <0001> <738B> <0002> <7ACB> endbfchar 1 beginbfrange <0010> <0012> <0041> endbfrange"),
    );
    let cid = b.doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2",
        "BaseFont" => "NotoSansCJK", "DW" => 1000, "W" => vec![16.into(), vec![500.into(), 500.into(), 500.into()].into()] });
    b.font(
        "C1",
        dictionary! { "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "NotoSansCJK",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()], "ToUnicode" => tu },
    );
    b.font(
        "C2",
        dictionary! { "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong",
        "Encoding" => "UniGB-UCS2-H", "DescendantFonts" => vec![cid.into()] },
    );
    let pdf = b.build(&[
        "BT /C1 12 Tf 72 700 Td <00010002> Tj ET BT /C1 12 Tf 72 680 Td <001000110012> Tj ET \
         BT /C2 12 Tf 72 660 Td <90AE653F> Tj ET",
    ]);
    assert_eq!(text_of(&pdf), "王立\nABC\n邮政");
}

#[test]
fn type3_fonts_use_font_matrix_and_glyph_names() {
    let mut b = Builder::new();
    let proc_a = b.stream(Dictionary::new(), b"50 0 d0");
    b.font(
        "T3",
        dictionary! { "Type" => "Font", "Subtype" => "Type3",
        "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), 0.01.into(), 0.into(), 0.into()],
        "FontBBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        "FirstChar" => 1, "LastChar" => 3, "Widths" => vec![50.into(), 50.into(), 25.into()],
        "Encoding" => dictionary! { "Differences" => vec![1.into(), Object::Name(b"M".to_vec()),
            Object::Name(b"a".to_vec()), Object::Name(b"space".to_vec())] },
        "CharProcs" => dictionary! { "M" => proc_a, "a" => proc_a, "space" => proc_a },
        "Resources" => Dictionary::new() },
    );
    let pdf = b.build(&["BT /T3 12 Tf 72 700 Td <01020203010102> Tj ET"]);
    assert_eq!(text_of(&pdf), "Maa MMa");
}

#[test]
fn actual_text_replaces_the_glyphs_it_covers() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(&[
        "BT /F1 12 Tf 72 700 Td (The ) Tj /Span <</ActualText (Post)>> BDC (P0st) Tj EMC \
         ( office) Tj ET",
    ]);
    assert_eq!(text_of(&pdf), "The Post office");
}

#[test]
fn form_xobjects_are_followed_and_cycles_cut() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let form = b.stream(
        dictionary! { "Type" => "XObject", "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), (-100).into()] },
        b"BT /F1 12 Tf 72 700 Td (In the form) Tj ET",
    );
    let looping = b.doc.new_object_id();
    let res = dictionary! { "Font" => b.fonts.clone(),
    "XObject" => dictionary! { "Me" => looping } };
    b.doc.objects.insert(
        looping,
        Object::Stream(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => res,
            "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()] },
            b"BT /F1 12 Tf 72 500 Td (Loop) Tj ET /Me Do".to_vec(),
        )),
    );
    b.xobjects.set("Fm", form);
    b.xobjects.set("Lp", looping);
    let pdf = b.build(&["BT /F1 12 Tf 72 700 Td (Page) Tj ET /Fm Do /Lp Do"]);
    let x = extract(&pdf, &Limits::default()).expect("extracts");
    assert_eq!(lines(&x.text), "Page\nIn the form\nLoop");
    assert!(
        x.warnings.iter().any(|w| w.contains("draws itself")),
        "{:?}",
        x.warnings
    );
}

#[test]
fn fake_bold_duplicates_are_dropped() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(&[
        "BT /F1 12 Tf 72 700 Td (Bold) Tj ET BT /F1 12 Tf 72.4 700 Td (Bold) Tj ET \
         BT /F1 12 Tf 72 680 Td (plain) Tj ET",
    ]);
    assert_eq!(text_of(&pdf), "Bold\nplain");
}

#[test]
fn cid_fonts_without_tounicode_use_the_embedded_cmap() {
    let mut b = Builder::new();
    let program = super::truetype::test_font(&[(0x50, 0x50, 3), (0x6f, 0x6f, 4), (0x73, 0x74, 5)]);
    let file = b.stream(Dictionary::new(), &program);
    let desc = b.doc.add_object(
        dictionary! { "Type" => "FontDescriptor", "FontName" => "Sub",
        "Flags" => 4, "FontFile2" => file },
    );
    let cid = b
        .doc
        .add_object(dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2",
        "BaseFont" => "Sub", "FontDescriptor" => desc, "CIDToGIDMap" => "Identity" });
    b.font(
        "C1",
        dictionary! { "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Sub",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()] },
    );
    let pdf = b.build(&["BT /C1 12 Tf 72 700 Td <0003000400050006> Tj ET"]);
    let x = extract(&pdf, &Limits::default()).expect("extracts");
    assert_eq!(x.text, "Post");
    assert!(x.warnings.is_empty(), "{:?}", x.warnings);
}

#[test]
fn unmappable_cid_text_asks_for_ocr() {
    let mut b = Builder::new();
    let cid = b
        .doc
        .add_object(dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2",
        "BaseFont" => "Subset" });
    b.font(
        "C1",
        dictionary! { "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Subset",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()] },
    );
    let hex: String = (1..40).map(|i| format!("{i:04X}")).collect();
    let pdf = b.build(&[&format!("BT /C1 12 Tf 72 700 Td <{hex}> Tj ET")]);
    let x = extract(&pdf, &Limits::default()).expect("extracts");
    assert!(
        x.warnings
            .iter()
            .any(|w| w == "page 1: no reliable text layer (needs OCR)"),
        "{:?}",
        x.warnings
    );
    assert!(x.warnings.iter().any(|w| w.contains("without ToUnicode")));
}

#[test]
fn pages_join_with_form_feeds() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(&[
        "BT /F1 12 Tf 72 700 Td (First) Tj ET",
        "BT /F1 12 Tf 72 700 Td (Second) Tj ET",
    ]);
    assert_eq!(text_of(&pdf), "First\u{c}Second");
}

#[test]
fn decompression_bombs_are_bounded() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let mut bomb = Stream::new(Dictionary::new(), vec![b' '; 8 * 1024 * 1024]);
    bomb.compress().expect("compresses");
    let bomb_id = b.doc.add_object(bomb);
    let pdf = b.build(&["BT /F1 12 Tf 72 700 Td (Kept) Tj ET", "placeholder"]);
    // Point the second page at the bomb.
    let mut doc = Document::load_mem(&pdf).expect("reloads");
    let pages: Vec<ObjectId> = doc.page_iter().collect();
    if let Ok(page) = doc.get_dictionary_mut(pages[1]) {
        page.set("Contents", Object::Reference(bomb_id));
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saves");
    let limits = Limits {
        max_decompressed_bytes: 1024 * 1024,
        ..Limits::default()
    };
    let x = extract(&out, &limits).expect("extracts");
    assert!(x.text.starts_with("Kept"), "{:?}", x.text);
    assert!(
        x.warnings.iter().any(|w| w.starts_with("page 2:")),
        "{:?}",
        x.warnings
    );
}

#[test]
fn page_limit_is_honoured() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(&[
        "BT /F1 12 Tf 72 700 Td (One) Tj ET",
        "BT /F1 12 Tf 72 700 Td (Two) Tj ET",
        "BT /F1 12 Tf 72 700 Td (Three) Tj ET",
    ]);
    let limits = Limits {
        max_pages: 2,
        ..Limits::default()
    };
    let x = extract(&pdf, &limits).expect("extracts");
    assert_eq!(x.text, "One\u{c}Two");
    assert!(x.warnings.iter().any(|w| w.contains("first 2 pages")));
}

#[test]
fn page_tree_cycles_end() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(&["BT /F1 12 Tf 72 700 Td (Only) Tj ET"]);
    let mut doc = Document::load_mem(&pdf).expect("reloads");
    let root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .expect("pages ref");
    if let Ok(pages) = doc.get_dictionary_mut(root) {
        if let Ok(Object::Array(kids)) = pages.get_mut(b"Kids") {
            kids.push(Object::Reference(root));
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saves");
    match extract(&out, &Limits::default()) {
        Ok(x) => assert!(x.text.contains("Only")),
        Err(e) => assert_eq!(e.kind, FailureKind::Corrupt),
    }
}

#[test]
fn broken_xref_offsets_are_recovered() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(&["BT /F1 12 Tf 72 700 Td (Recovered) Tj ET"]);
    let at = pdf
        .windows(9)
        .rposition(|w| w == b"startxref")
        .expect("has startxref");
    let mut broken = pdf[..at].to_vec();
    broken.extend_from_slice(b"startxref\n77\n%%EOF\n");
    assert_eq!(text_of(&broken), "Recovered");
}

#[test]
fn truncated_files_fail_as_corrupt_and_say_so() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(&["BT /F1 12 Tf 72 700 Td (Gone) Tj ET"]);
    let e = extract(&pdf[..pdf.len() / 3], &Limits::default()).expect_err("truncated");
    assert_eq!(e.kind, FailureKind::Corrupt);
    assert!(e.reason.contains("truncated"), "{}", e.reason);
}

#[test]
fn files_over_the_size_limit_are_refused() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(&["BT /F1 12 Tf 72 700 Td (Big) Tj ET"]);
    let limits = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    let e = extract(&pdf, &limits).expect_err("over the limit");
    assert_eq!(e.kind, FailureKind::TooLarge);
}

#[test]
fn a_form_on_every_page_is_decoded_once() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let mut logo = b"BT /F1 12 Tf 72 750 Td (Harbour Post) Tj ET\n".to_vec();
    logo.resize(300 * 1024, b' ');
    let form = b.stream(
        dictionary! { "Type" => "XObject", "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()] },
        &logo,
    );
    b.xobjects.set("Logo", form);
    let body = |t: &str| format!("/Logo Do BT /F1 12 Tf 72 700 Td ({t}) Tj ET");
    let pages: Vec<String> = ["one", "two", "three", "four", "five"]
        .iter()
        .map(|t| body(t))
        .collect();
    let refs: Vec<&str> = pages.iter().map(String::as_str).collect();
    let pdf = b.build(&refs);
    let limits = Limits {
        max_decompressed_bytes: 1024 * 1024,
        ..Limits::default()
    };
    let x = extract(&pdf, &limits).expect("extracts");
    assert!(x.warnings.is_empty(), "{:?}", x.warnings);
    // The logo repeats at the top of every page: a running header, dropped.
    assert_eq!(x.text, "one\u{c}two\u{c}three\u{c}four\u{c}five");
}

#[test]
fn type3_glyphs_named_after_codes_read_as_those_codes() {
    let mut b = Builder::new();
    let proc_a = b.stream(Dictionary::new(), b"50 0 d0");
    let name = |n: &str| Object::Name(n.as_bytes().to_vec());
    b.font(
        "T3",
        dictionary! { "Type" => "Font", "Subtype" => "Type3",
        "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), 0.01.into(), 0.into(), 0.into()],
        "FontBBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        "FirstChar" => 12, "LastChar" => 111,
        "Widths" => (12..=111).map(|_| Object::Integer(50)).collect::<Vec<_>>(),
        "Encoding" => dictionary! { "Differences" => vec![12.into(), name("a12"),
            13.into(), name(".notdef"), 99.into(), name("a99"), 110.into(), name("a110"),
            name("a111")] },
        "CharProcs" => dictionary! { "a12" => proc_a, "a99" => proc_a, "a110" => proc_a,
            "a111" => proc_a },
        "Resources" => Dictionary::new() },
    );
    let pdf = b.build(&["BT /T3 12 Tf 72 700 Td <0C6F63> Tj ET"]);
    assert_eq!(text_of(&pdf), "fioc");
}

#[test]
fn embedded_type1_programs_supply_their_builtin_encoding() {
    let mut b = Builder::new();
    let program = b"%!PS-AdobeFont-1.0: CMR10\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
dup 12 /fi put\ndup 65 /P put\ndup 66 /o put\ndup 67 /s put\ndup 68 /t put\nreadonly def\n\
currentdict end\ncurrentfile eexec\n\x8a\x01binary";
    let mut file_dict = Dictionary::new();
    file_dict.set("Length1", (program.len() - 8) as i64);
    file_dict.set("Length2", 8);
    file_dict.set("Length3", 0);
    let file = b.stream(file_dict, program);
    let desc = b.doc.add_object(
        dictionary! { "Type" => "FontDescriptor", "FontName" => "CMR10",
        "Flags" => 4, "FontFile" => file },
    );
    b.font(
        "F1",
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "CMR10",
        "FirstChar" => 12, "LastChar" => 68,
        "Widths" => (12..=68).map(|_| Object::Integer(500)).collect::<Vec<_>>(),
        "FontDescriptor" => desc },
    );
    let pdf = b.build(&["BT /F1 12 Tf 72 700 Td (ABCD \\014) Tj ET"]);
    assert_eq!(text_of(&pdf), "Post fi");
}

#[test]
fn a_scanned_page_among_text_pages_is_named() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let image = b.stream(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        &[0x80],
    );
    b.xobjects.set("Scan", image);
    let pdf = b.build(&[
        "BT /F1 12 Tf 72 700 Td (Typed page) Tj ET",
        "q 612 0 0 792 0 0 cm /Scan Do Q",
    ]);
    let x = extract(&pdf, &Limits::default()).expect("extracts");
    assert_eq!(x.text, "Typed page\u{c}");
    assert_eq!(x.warnings, ["page 2: no text layer (scanned page?)"]);
}
