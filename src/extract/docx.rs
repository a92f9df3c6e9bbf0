//! DOCX: the paragraphs of the main document part, read from the zip with `quick-xml`.
//!
//! Paragraphs (`w:p`) come out in document order, one per line with a blank line between them;
//! runs' `w:t` are joined, `w:tab` is a tab, `w:br`/`w:cr` a newline; a table is one line per row
//! with its cells separated by tabs. Deleted text, field codes and the fallback copy of drawing
//! content are skipped; footnotes and endnotes follow the body. The title comes from
//! `docProps/core.xml`; the creation date there is not a publication date, so `published` stays
//! empty and `created` carries it, a fallback when the text has no dateline. Every byte decompressed counts against `max_decompressed_bytes`, so a zip bomb stops at
//! the limit instead of filling memory.

use std::io::{BufReader, Cursor, Read};

use chrono::NaiveDate;

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::read::ZipFile;
use zip::result::ZipError;
use zip::ZipArchive;

use crate::config::Limits;
use crate::error::{ExtractError, FailureKind};
use crate::model::Extracted;

/// The usual path of the main document part, when `_rels/.rels` does not name another.
const MAIN_PART: &str = "word/document.xml";

/// Parts whose paragraphs are appended after the body, in this order.
const NOTE_PARTS: [&str; 2] = ["word/footnotes.xml", "word/endnotes.xml"];

/// Extracts the text and title of a DOCX file.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    if bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return Err(ole_error(bytes));
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(&e))?;
    let mut budget = Budget {
        left: limits.max_decompressed_bytes,
        limit: limits.max_decompressed_bytes,
    };
    let mut warnings = Vec::new();

    let main = main_part(&mut archive, &mut budget).unwrap_or_else(|| MAIN_PART.to_string());
    if archive.index_for_name(&main).is_none() {
        return Err(ExtractError::new(
            FailureKind::Unsupported,
            format!("unsupported: a ZIP archive without {main}, not a DOCX"),
        ));
    }
    let mut text = {
        let file = archive.by_name(&main).map_err(|e| zip_error(&e))?;
        budget.check_declared(&file, &main)?;
        let body = body_text(file, &mut budget, &main)?;
        if let Some(problem) = body.damage {
            warnings.push(problem);
        }
        body.text
    };
    // Footnotes and endnotes follow the body: they carry references and dates too. A broken
    // notes part costs a warning, not the document.
    for part in NOTE_PARTS {
        let file = match archive.by_name(part) {
            Ok(file) => file,
            Err(ZipError::FileNotFound) => continue,
            Err(e) => {
                warnings.push(format!("{part} unreadable: {}", zip_error(&e).reason));
                continue;
            }
        };
        budget.check_declared(&file, part)?;
        match body_text(file, &mut budget, part) {
            Ok(notes) => {
                warnings.extend(notes.damage);
                push_block(&mut text, &notes.text);
            }
            Err(e) if e.kind == FailureKind::TooLarge => return Err(e),
            Err(e) => warnings.push(format!("{part} skipped: {}", e.reason)),
        }
    }

    let (title, created) = match read_part(&mut archive, "docProps/core.xml", &mut budget) {
        Ok(Some(xml)) => (core_title(&xml), core_created(&xml)),
        Ok(None) => (None, None),
        Err(e) if e.kind == FailureKind::TooLarge => return Err(e),
        Err(e) => {
            warnings.push(format!("document properties unreadable: {}", e.reason));
            (None, None)
        }
    };
    Ok(Extracted {
        title,
        published: None,
        created,
        text,
        warnings,
    })
}

/// The decompression allowance left for this file.
struct Budget {
    left: u64,
    limit: u64,
}

impl Budget {
    fn too_large(&self, part: &str) -> ExtractError {
        ExtractError::new(
            FailureKind::TooLarge,
            format!(
                "DOCX part {part} decompresses to more than the {} limit (possible zip bomb)",
                super::human_size(self.limit)
            ),
        )
    }

    /// Fails early when the part's declared size alone exceeds what is left; the declared size
    /// may lie, so reads are bounded as well.
    fn check_declared<R: Read>(
        &self,
        file: &ZipFile<'_, R>,
        part: &str,
    ) -> Result<(), ExtractError> {
        if file.size() > self.left {
            return Err(self.too_large(part));
        }
        Ok(())
    }
}

/// Reads one whole (small) part as UTF-8 text, within the budget; `None` when it is absent.
fn read_part(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<String>, ExtractError> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(zip_error(&e)),
    };
    budget.check_declared(&file, name)?;
    let mut data = Vec::new();
    file.take(budget.left.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| corrupt(format!("{name}: {e}")))?;
    if data.len() as u64 > budget.left {
        return Err(budget.too_large(name));
    }
    budget.left -= data.len() as u64;
    Ok(Some(String::from_utf8_lossy(&data).into_owned()))
}

/// The main document part named by the package relationships (Word Online sometimes writes
/// `word/document2.xml`); `None` when the relationships do not say.
fn main_part(archive: &mut ZipArchive<Cursor<&[u8]>>, budget: &mut Budget) -> Option<String> {
    let rels = read_part(archive, "_rels/.rels", budget).ok()??;
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let attr = |key: &str| {
                    e.try_get_attribute(key).ok().flatten().and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    })
                };
                let is_main = attr("Type").is_some_and(|t| t.ends_with("/officeDocument"));
                if let (true, Some(target)) = (is_main, attr("Target")) {
                    let target = target.trim_start_matches('/').to_string();
                    return (!target.is_empty()).then_some(target);
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// `dc:title` from the core properties, when it has text.
fn core_title(xml: &str) -> Option<String> {
    core_property(xml, "title")
}

/// The day of `dcterms:created` ("2026-08-27T12:00:00Z"): when the file was made, a fallback
/// for documents whose text carries no dateline.
fn core_created(xml: &str) -> Option<NaiveDate> {
    let value = core_property(xml, "created")?;
    NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()
}

/// The text of the first core property with this local name.
fn core_property(xml: &str, name: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut value = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == name => inside = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == name => break,
            Ok(Event::Text(t)) if inside => value.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if inside => push_ref(&mut value, &r),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// Appends the character an entity or character reference stands for.
fn push_ref(out: &mut String, r: &quick_xml::events::BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(r) {
        out.push_str(s);
    }
}

/// The text of the document body and, when the XML broke off part-way, why.
struct Body {
    text: String,
    damage: Option<String>,
}

/// Where the walk is inside a table: its nesting, and the current row and cell of the outermost
/// table (inner tables are flattened into that cell).
#[derive(Default)]
struct Table {
    depth: usize,
    lines: Vec<String>,
    row: Vec<String>,
    cell: String,
}

/// Streams the main part's XML and lays out its text, bounded by the budget.
fn body_text<R: Read>(
    file: ZipFile<'_, R>,
    budget: &mut Budget,
    part: &str,
) -> Result<Body, ExtractError> {
    let allowance = budget.left.saturating_add(1);
    let limited = file.take(allowance);
    let mut reader = Reader::from_reader(BufReader::new(limited));
    let mut buf = Vec::new();

    let mut out = String::new();
    // Paragraphs nest when a text box sits inside a paragraph; each gets its own buffer.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut table = Table::default();
    let mut in_text = false;
    let mut run_depth = 0usize;
    // Depth inside a subtree whose text is not shown (mc:Fallback duplicates mc:Choice).
    let mut skip_depth = 0usize;
    let mut damage = None;

    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                if consumed(&reader, allowance) > budget.left {
                    return Err(budget.too_large(part));
                }
                damage = Some(e.to_string());
                break;
            }
        };
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip_depth > 0 || name == "Fallback" {
                    skip_depth += 1;
                    continue;
                }
                match name {
                    "p" => paragraphs.push(String::new()),
                    "r" => run_depth += 1,
                    "t" => in_text = run_depth > 0,
                    "tbl" => table.depth += 1,
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip_depth > 0 || run_depth == 0 {
                    continue;
                }
                let piece = match e.local_name().as_ref() {
                    "tab" | "ptab" => "\t",
                    "br" | "cr" => "\n",
                    "noBreakHyphen" => "-",
                    _ => "",
                };
                if let Some(p) = paragraphs.last_mut() {
                    p.push_str(piece);
                }
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "t" => in_text = false,
                    "r" => run_depth = run_depth.saturating_sub(1),
                    "p" => {
                        if let Some(p) = paragraphs.pop() {
                            emit_paragraph(&mut out, &mut table, p);
                        }
                    }
                    "tc" if table.depth == 1 => {
                        let cell = std::mem::take(&mut table.cell);
                        table.row.push(cell);
                    }
                    "tc" if table.depth > 1 => table.cell.push(' '),
                    "tr" if table.depth == 1 => {
                        let row = std::mem::take(&mut table.row);
                        table.lines.push(row.join("\t"));
                    }
                    "tbl" => {
                        table.depth = table.depth.saturating_sub(1);
                        if table.depth == 0 {
                            let lines = std::mem::take(&mut table.lines);
                            push_block(&mut out, &lines.join("\n"));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip_depth == 0 => {
                if let Some(p) = paragraphs.last_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if in_text && skip_depth == 0 => {
                if let Some(p) = paragraphs.last_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text && skip_depth == 0 => {
                if let Some(p) = paragraphs.last_mut() {
                    push_ref(p, &r);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    let used = consumed(&reader, allowance);
    if used > budget.left {
        return Err(budget.too_large(part));
    }
    budget.left -= used;
    // Whatever a broken document left open still counts.
    while let Some(p) = paragraphs.pop() {
        emit_paragraph(&mut out, &mut table, p);
    }
    if !table.lines.is_empty() || !table.row.is_empty() {
        let mut lines = std::mem::take(&mut table.lines);
        if !table.row.is_empty() {
            lines.push(table.row.join("\t"));
        }
        push_block(&mut out, &lines.join("\n"));
    }
    match damage {
        Some(e) if out.trim().is_empty() => Err(corrupt(format!("{part}: {e}"))),
        Some(e) => Ok(Body {
            text: out,
            damage: Some(format!(
                "DOCX {part} is damaged; text after the break is lost: {e}"
            )),
        }),
        None => Ok(Body { text: out, damage }),
    }
}

/// Bytes taken from the decompressor so far (including what the buffer read ahead): more than
/// the budget means the part is over the limit, however its parse ended.
fn consumed<R: Read>(reader: &Reader<BufReader<std::io::Take<R>>>, allowance: u64) -> u64 {
    allowance - reader.get_ref().get_ref().limit()
}

/// Puts a finished paragraph where it belongs: the current table cell, or the body.
fn emit_paragraph(out: &mut String, table: &mut Table, paragraph: String) {
    if table.depth > 0 {
        let p = paragraph.trim();
        if !p.is_empty() {
            if !table.cell.is_empty() {
                table.cell.push(' ');
            }
            // Cells are tab-separated on one line, so breaks inside a cell become spaces.
            table.cell.push_str(&p.replace(['\n', '\t'], " "));
        }
    } else {
        push_block(out, &paragraph);
    }
}

/// Appends a block (paragraph or table) with a blank line before it; blank blocks are dropped.
fn push_block(out: &mut String, block: &str) {
    if block.trim().is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(block);
}

/// An OLE compound file: an encrypted DOCX (Word wraps those in OLE) or a legacy .doc.
fn ole_error(bytes: &[u8]) -> ExtractError {
    let marker: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
        ExtractError::new(
            FailureKind::Encrypted,
            "encrypted DOCX: the document needs a password",
        )
    } else {
        ExtractError::new(
            FailureKind::Unsupported,
            "unsupported: a legacy Word (.doc) or other OLE file, not a DOCX",
        )
    }
}

/// A zip-level failure as an extraction error of the right kind.
fn zip_error(e: &ZipError) -> ExtractError {
    match e {
        ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_) => {
            ExtractError::new(FailureKind::Unsupported, format!("unsupported DOCX: {e}"))
        }
        ZipError::InvalidPassword => {
            ExtractError::new(FailureKind::Encrypted, format!("encrypted DOCX: {e}"))
        }
        _ => corrupt(e.to_string()),
    }
}

fn corrupt(reason: String) -> ExtractError {
    ExtractError::new(FailureKind::Corrupt, format!("corrupt DOCX: {reason}"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;
    use std::time::Instant;

    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    /// A part of a package: its path and its bytes.
    type Part<'a> = (&'a str, &'a [u8]);

    /// A zip of `parts`, deflated, as Word writes it.
    pub(crate) fn build_docx(parts: &[Part<'_>]) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, data) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// A `word/document.xml` around body XML.
    pub(crate) fn body(xml: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{xml}<w:sectPr/></w:body></w:document>"#
        )
    }

    fn para(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    const CORE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Memorandum of Understanding on Postal Cooperation &amp; Logistics</dc:title><dc:creator>Secretariat</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2023-11-28T09:00:00Z</dcterms:created></cp:coreProperties>"#;

    fn docx_text(xml: &str) -> Result<Extracted, ExtractError> {
        let doc = body(xml);
        extract(
            &build_docx(&[("word/document.xml", doc.as_bytes())]),
            &Limits::default(),
        )
    }

    #[test]
    fn lays_out_paragraphs_runs_tabs_breaks_and_tables() {
        let table = "<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>Party</w:t></w:r></w:p></w:tc>\
            <w:tc><w:p><w:r><w:t>Action</w:t></w:r></w:p></w:tc></w:tr>\
            <w:tr><w:tc><w:p><w:r><w:t>China Post</w:t></w:r></w:p></w:tc>\
            <w:tc><w:p><w:r><w:t>Share resources</w:t></w:r></w:p><w:p><w:r><w:t>by 2025</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        let cases: Vec<(&str, String, &str)> = vec![
            ("paragraphs", format!("{}{}", para("First."), para("Second.")), "First.\n\nSecond."),
            (
                "runs-joined",
                "<w:p><w:r><w:t>Mem</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>orandum</w:t></w:r></w:p>".into(),
                "Memorandum",
            ),
            (
                "tab-and-break",
                "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t>Item</w:t><w:tab/><w:t>One</w:t><w:br/><w:t>Two</w:t></w:r></w:p>".into(),
                "Item\tOne\nTwo",
            ),
            ("entities", para("A &amp; B &lt;C&gt; &#8212; &#x4E2D;"), "A & B <C> — 中"),
            ("empty-paragraphs-dropped", format!("{}<w:p/><w:p></w:p>{}", para("a"), para("b")), "a\n\nb"),
            ("table", format!("{}{table}{}", para("Before"), para("After")), "Before\n\nParty\tAction\nChina Post\tShare resources by 2025\n\nAfter"),
            (
                "deleted-text-and-field-codes-skipped",
                "<w:p><w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>Gone</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>".into(),
                "Kept",
            ),
            (
                "fallback-not-duplicated",
                "<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Outer</w:t></w:r></w:p>".into(),
                "Box\n\nOuter",
            ),
        ];
        for (id, xml, want) in cases {
            let got = docx_text(&xml).unwrap();
            assert_eq!(got.text, want, "case {id}");
            assert!(got.warnings.is_empty(), "case {id}: {:?}", got.warnings);
        }
    }

    #[test]
    fn title_and_creation_day_from_core_properties_but_no_published_date() {
        let doc = body(&para("Text"));
        let bytes = build_docx(&[
            ("word/document.xml", doc.as_bytes()),
            ("docProps/core.xml", CORE.as_bytes()),
        ]);
        let got = extract(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            got.title.as_deref(),
            Some("Memorandum of Understanding on Postal Cooperation & Logistics")
        );
        assert_eq!(got.published, None);
        assert_eq!(got.created, NaiveDate::from_ymd_opt(2023, 11, 28));
        assert_eq!(got.text, "Text");
        let odd = CORE.replace("2023-11-28T09:00:00Z", "last Tuesday");
        let bytes = build_docx(&[
            ("word/document.xml", doc.as_bytes()),
            ("docProps/core.xml", odd.as_bytes()),
        ]);
        assert_eq!(extract(&bytes, &Limits::default()).unwrap().created, None);
    }

    #[test]
    fn footnotes_and_endnotes_follow_the_body() {
        let doc = body("<w:p><w:r><w:t>Body text.</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>");
        let notes = |kind: &str| {
            format!(
                "<w:{kind}s xmlns:w=\"w\"><w:{kind} w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>\
                 <w:{kind} w:id=\"1\"><w:p><w:r><w:t>Signed on 28 November 2023.</w:t></w:r></w:p></w:{kind}></w:{kind}s>"
            )
        };
        let (footnotes, endnotes) = (notes("footnote"), notes("endnote"));
        let cases: Vec<(&str, Vec<Part>, &str, usize)> = vec![
            (
                "footnotes",
                vec![("word/footnotes.xml", footnotes.as_bytes())],
                "Body text.\n\nSigned on 28 November 2023.",
                0,
            ),
            (
                "both",
                vec![
                    ("word/footnotes.xml", footnotes.as_bytes()),
                    ("word/endnotes.xml", endnotes.as_bytes()),
                ],
                "Body text.\n\nSigned on 28 November 2023.\n\nSigned on 28 November 2023.",
                0,
            ),
            (
                "broken-notes-cost-a-warning",
                vec![("word/footnotes.xml", b"<w:footnotes><w:p></w:q>")],
                "Body text.",
                1,
            ),
        ];
        for (id, notes, want, warnings) in cases {
            let mut parts: Vec<Part> = vec![("word/document.xml", doc.as_bytes())];
            parts.extend(notes);
            let got = extract(&build_docx(&parts), &Limits::default()).unwrap();
            assert_eq!(got.text, want, "case {id}");
            assert_eq!(
                got.warnings.len(),
                warnings,
                "case {id}: {:?}",
                got.warnings
            );
        }
    }

    #[test]
    fn follows_the_package_relationship_to_the_main_part() {
        let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
        let doc = body(&para("From document2"));
        let bytes = build_docx(&[
            ("_rels/.rels", rels.as_bytes()),
            ("word/document2.xml", doc.as_bytes()),
        ]);
        assert_eq!(
            extract(&bytes, &Limits::default()).unwrap().text,
            "From document2"
        );
    }

    #[test]
    fn failures() {
        let doc = body(&para("Hello"));
        let good = build_docx(&[("word/document.xml", doc.as_bytes())]);
        let truncated = good[..good.len() - 30].to_vec();
        let not_docx = build_docx(&[("readme.txt", b"hello")]);
        let not_zip = b"just some text, not a zip".to_vec();
        let mut ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec();
        ole.extend(vec![0u8; 512]);
        let mut encrypted = ole.clone();
        encrypted.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        let broken_xml =
            build_docx(&[("word/document.xml", b"<w:document><w:body><w:p><w:r></w:q>")]);
        let cases: &[(&str, &[u8], FailureKind, &str)] = &[
            (
                "truncated-zip",
                &truncated,
                FailureKind::Corrupt,
                "corrupt DOCX: invalid Zip archive",
            ),
            (
                "not-a-zip",
                &not_zip,
                FailureKind::Corrupt,
                "corrupt DOCX: invalid Zip archive",
            ),
            (
                "zip-without-document",
                &not_docx,
                FailureKind::Unsupported,
                "unsupported: a ZIP archive without word/document.xml, not a DOCX",
            ),
            (
                "legacy-doc",
                &ole,
                FailureKind::Unsupported,
                "unsupported: a legacy Word",
            ),
            (
                "encrypted",
                &encrypted,
                FailureKind::Encrypted,
                "encrypted DOCX",
            ),
            (
                "broken-xml",
                &broken_xml,
                FailureKind::Corrupt,
                "corrupt DOCX: word/document.xml: ",
            ),
        ];
        for (id, bytes, kind, reason) in cases {
            let err = extract(bytes, &Limits::default()).unwrap_err();
            assert_eq!(err.kind, *kind, "case {id}: {}", err.reason);
            assert!(err.reason.starts_with(reason), "case {id}: {}", err.reason);
            assert!(!err.reason.contains('\n'), "case {id}: {}", err.reason);
        }
    }

    #[test]
    fn damage_after_some_text_keeps_the_text_with_a_warning() {
        let xml =
            b"<w:document><w:body><w:p><w:r><w:t>Kept.</w:t></w:r></w:p><w:p><w:r><w:t>x</w:q>";
        let got = extract(
            &build_docx(&[("word/document.xml", xml)]),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(got.text, "Kept.\n\nx");
        assert_eq!(got.warnings.len(), 1);
        assert!(
            got.warnings[0].starts_with("DOCX word/document.xml is damaged"),
            "{:?}",
            got.warnings
        );
    }

    /// Writes a raw deflate stream bit by bit (RFC 1951), so a 300 MB bomb costs milliseconds to
    /// build instead of compressing 300 MB.
    #[derive(Default)]
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }

    impl Bits {
        /// Header fields and extra bits: least significant bit first.
        fn put(&mut self, value: u32, bits: u32) {
            self.acc |= u64::from(value) << self.n;
            self.n += bits;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }

        /// Huffman codes: most significant bit first.
        fn code(&mut self, code: u32, bits: u32) {
            self.put(code.reverse_bits() >> (32 - bits), bits);
        }

        /// A literal byte in the fixed Huffman code.
        fn literal(&mut self, b: u8) {
            if b < 144 {
                self.code(0x30 + u32::from(b), 8);
            } else {
                self.code(0x190 + u32::from(b) - 144, 9);
            }
        }

        fn finish(mut self) -> Vec<u8> {
            self.code(0, 7); // end of block
            if self.n > 0 {
                self.out.push(self.acc as u8);
            }
            self.out
        }
    }

    /// `<w:document>` then 258-byte paragraphs repeated until `size` bytes: one literal copy, then
    /// length-258 matches at distance 258 (20 bits each).
    fn deflated_bomb(size: usize) -> (Vec<u8>, usize) {
        let head = b"<w:document xmlns:w=\"w\"><w:body>";
        let filler = 258 - para("").len();
        let paragraph = para(&"a".repeat(filler));
        assert_eq!(paragraph.len(), 258);
        let mut bits = Bits::default();
        bits.put(1, 1); // final block
        bits.put(1, 2); // fixed Huffman codes
        for &b in head.iter().chain(paragraph.as_bytes()) {
            bits.literal(b);
        }
        let mut total = head.len() + paragraph.len();
        while total + 258 <= size {
            bits.code(0xc5, 8); // length code 285: 258 bytes
            bits.code(16, 5); // distance code 16: 257 + 7 extra bits
            bits.put(1, 7);
            total += 258;
        }
        (bits.finish(), total)
    }

    /// A one-part zip with the given deflated data and declared uncompressed size.
    fn raw_zip(name: &str, deflated: &[u8], declared: u32) -> Vec<u8> {
        let mut z = Vec::new();
        let common = |z: &mut Vec<u8>| {
            z.extend(20u16.to_le_bytes()); // version needed
            z.extend(0u16.to_le_bytes()); // flags
            z.extend(8u16.to_le_bytes()); // deflate
            z.extend(0u16.to_le_bytes()); // time
            z.extend(0x21u16.to_le_bytes()); // 1980-01-01
            z.extend(0u32.to_le_bytes()); // crc, never reached
            z.extend((deflated.len() as u32).to_le_bytes());
            z.extend(declared.to_le_bytes());
            z.extend((name.len() as u16).to_le_bytes());
            z.extend(0u16.to_le_bytes()); // extra field length
        };
        z.extend(0x04034b50u32.to_le_bytes());
        common(&mut z);
        z.extend(name.as_bytes());
        z.extend(deflated);
        let directory = z.len();
        z.extend(0x02014b50u32.to_le_bytes());
        z.extend(20u16.to_le_bytes()); // version made by
        common(&mut z);
        z.extend([0u8; 10]); // comment length, disk, internal and external attributes
        z.extend(0u32.to_le_bytes()); // local header offset
        z.extend(name.as_bytes());
        let directory_size = z.len() - directory;
        z.extend(0x06054b50u32.to_le_bytes());
        z.extend([0u8; 4]); // disk numbers
        z.extend(1u16.to_le_bytes());
        z.extend(1u16.to_le_bytes());
        z.extend((directory_size as u32).to_le_bytes());
        z.extend((directory as u32).to_le_bytes());
        z.extend(0u16.to_le_bytes());
        z
    }

    #[test]
    fn the_hand_made_deflate_stream_is_what_it_claims() {
        let (deflated, size) = deflated_bomb(100_000);
        let zip = raw_zip("word/document.xml", &deflated, size as u32);
        let mut archive = ZipArchive::new(Cursor::new(zip.as_slice())).unwrap();
        let mut data = Vec::new();
        let _ = archive
            .by_name("word/document.xml")
            .unwrap()
            .read_to_end(&mut data);
        assert_eq!(data.len(), size);
        let text = String::from_utf8(data).unwrap();
        assert!(text.starts_with(
            "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t xml:space=\"preserve\">aaa"
        ));
        assert!(text.ends_with("aaa</w:t></w:r></w:p>"));
    }

    #[test]
    fn zip_bomb_fails_fast_within_the_limit() {
        // 300 MB of paragraphs in 3 MB of deflate, against a 1 MB limit. With its true size
        // declared, the declared size stops it before any inflating; declaring 2 KB instead, the
        // zip reader stops at the declared size and the part reads as corrupt.
        let (deflated, size) = deflated_bomb(300 * 1024 * 1024);
        assert!(
            deflated.len() < 4 * 1024 * 1024,
            "bomb is {} bytes",
            deflated.len()
        );
        let limits = Limits {
            max_decompressed_bytes: 1024 * 1024,
            ..Limits::default()
        };
        let cases = [
            (
                "honest-size",
                size as u32,
                FailureKind::TooLarge,
                "DOCX part word/document.xml decompresses to more than the 1 MB limit (possible zip bomb)",
            ),
            (
                "lying-size",
                2048,
                FailureKind::Corrupt,
                "corrupt DOCX: word/document.xml: I/O error: File is larger than its declared uncompressed size",
            ),
        ];
        for (id, declared, kind, reason) in cases {
            let bomb = raw_zip("word/document.xml", &deflated, declared);
            let start = Instant::now();
            let err = extract(&bomb, &limits).unwrap_err();
            assert_eq!(err.kind, kind, "case {id}: {}", err.reason);
            assert_eq!(err.reason, reason, "case {id}");
            assert!(
                start.elapsed().as_secs() < 3,
                "case {id}: took {:?}",
                start.elapsed()
            );
        }
    }

    #[test]
    fn the_budget_is_exact() {
        let doc = body(&para("Hello"));
        let bytes = build_docx(&[("word/document.xml", doc.as_bytes())]);
        let cases = [
            ("at-limit", doc.len() as u64, true),
            ("one-under", doc.len() as u64 - 1, false),
        ];
        for (id, limit, ok) in cases {
            let limits = Limits {
                max_decompressed_bytes: limit,
                ..Limits::default()
            };
            assert_eq!(extract(&bytes, &limits).is_ok(), ok, "case {id}");
        }
    }
}
