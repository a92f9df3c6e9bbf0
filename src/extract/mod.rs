//! Bytes to text, one file per format. Knows nothing of parties, storage or the index.
//!
//! [`extract`] checks the size limit, detects the format (content first, file extension second),
//! hands the bytes to that format's extractor and normalises the text every format returns (NFC,
//! `\n` line ends, no trailing spaces, at most one blank line in a row, no control characters but
//! tab, newline and the form feed that separates PDF pages). Every extractor honours [`Limits`] and
//! returns an [`ExtractError`] with a one-line reason instead of panicking.

pub mod docx;
pub mod html;
pub mod pdf;
pub mod text;

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::config::Limits;
use crate::error::{ExtractError, FailureKind};
use crate::model::{Extracted, Format};

/// How many leading bytes the content sniffers look at.
const SNIFF_BYTES: usize = 64 * 1024;

/// Detects the format of `bytes`, using `name`'s extension only when the content is not decisive.
/// `None` means accord does not read this kind of file (binary data, images, archives, RTF).
pub fn detect(bytes: &[u8], name: &Path) -> Option<Format> {
    if is_pdf(bytes) {
        return Some(Format::Pdf);
    }
    if is_docx(bytes) {
        return Some(Format::Docx);
    }
    // RTF is plain ASCII but its text is buried in control words; reading it as text would
    // analyse markup.
    if is_rtf(bytes) {
        return None;
    }
    let binary = looks_binary(bytes);
    if !binary && html::sniff(bytes) {
        return Some(Format::Html);
    }
    match extension(name).as_deref() {
        // A file the user named as a PDF or DOCX goes to that extractor even when broken, so
        // the report says "corrupt PDF" instead of "binary data".
        Some("pdf") => Some(Format::Pdf),
        Some("docx") => Some(Format::Docx),
        _ if binary => None,
        Some("htm" | "html" | "xhtml") => Some(Format::Html),
        // .txt, .md, no extension or an unknown one: the content is not binary, so it is text.
        _ => Some(Format::Text),
    }
}

/// Extracts the text and metadata of one file, normalised, with the format it was read as.
pub fn extract(
    bytes: &[u8],
    name: &Path,
    limits: &Limits,
) -> Result<(Format, Extracted), ExtractError> {
    let size = bytes.len() as u64;
    if size > limits.max_file_bytes {
        return Err(ExtractError::new(
            FailureKind::TooLarge,
            format!(
                "file is {}, over the {} limit",
                human_size(size),
                human_size(limits.max_file_bytes)
            ),
        ));
    }
    let Some(format) = detect(bytes, name) else {
        return Err(ExtractError::new(
            FailureKind::Unsupported,
            unsupported_reason(bytes),
        ));
    };
    let mut extracted = match format {
        Format::Pdf => pdf::extract(bytes, limits)?,
        Format::Html => html::extract(bytes, limits)?,
        Format::Text => text::extract(bytes, limits)?,
        Format::Docx => docx::extract(bytes, limits)?,
    };
    if format == Format::Text && matches!(extension(name).as_deref(), Some("md" | "markdown")) {
        extracted.text = strip_markdown_headings(&extracted.text);
    }
    extracted.text = normalize_text(&extracted.text);
    if extracted.text.is_empty() && extracted.warnings.is_empty() {
        extracted
            .warnings
            .push(format!("no text found in the {format} file"));
    }
    extracted.title = extracted
        .title
        .as_deref()
        .map(normalize_line)
        .filter(|t| !t.is_empty());
    Ok((format, extracted))
}

/// Normalises extracted text: NFC; `\r\n` and `\r` to `\n`; trailing whitespace trimmed per line;
/// at most one blank line in a row and none at either end; Unicode line and paragraph separators
/// (and NEL) made newlines; C0 controls other than tab, newline and form feed, DEL, C1 controls,
/// stray byte-order marks and soft hyphens removed.
pub fn normalize_text(raw: &str) -> String {
    let mut cleaned = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                cleaned.push('\n');
            }
            '\n' | '\t' | '\u{c}' => cleaned.push(c),
            '\u{85}' | '\u{2028}' => cleaned.push('\n'),
            '\u{2029}' => cleaned.push_str("\n\n"),
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{ad}' | '\u{feff}' => {}
            _ => cleaned.push(c),
        }
    }
    // Most text is already NFC; the quick check is far cheaper than recomposing.
    let nfc = match unicode_normalization::is_nfc_quick(cleaned.chars()) {
        unicode_normalization::IsNormalized::Yes => cleaned,
        _ => cleaned.nfc().collect(),
    };
    let mut out = String::with_capacity(nfc.len());
    let mut blank_run = 0usize;
    for line in nfc.split('\n') {
        let line = line.trim_end_matches(|c: char| c.is_whitespace() && c != '\u{c}');
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// A one-line string (a title): normalised, with every run of whitespace made one space.
fn normalize_line(raw: &str) -> String {
    let text = normalize_text(raw);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes Markdown's `#` heading marks (`## Section ##` -> `Section`), leaving other lines alone.
fn strip_markdown_headings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let hashes = line.len() - line.trim_start_matches('#').len();
        let rest = &line[hashes..];
        if (1..=6).contains(&hashes) && rest.starts_with([' ', '\t']) {
            let heading = rest.trim().trim_end_matches('#').trim_end();
            out.push_str(heading);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The lowercase extension of `name`, if it has one.
fn extension(name: &Path) -> Option<String> {
    name.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
}

/// `%PDF-` within the first kilobyte (some producers put junk before the header).
fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// A zip whose directory lists `word/` parts (`word/document.xml`); for a zip too broken to open, its local
/// headers (names are stored uncompressed) mentioning `word/` decide, so a damaged DOCX is
/// reported as a corrupt DOCX rather than as binary data.
fn is_docx(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        // Word Online may name the main part word/document2.xml; any word/ part marks a DOCX.
        Ok(archive) => archive
            .file_names()
            .any(|n| n.is_ok_and(|n| n.starts_with("word/"))),
        Err(_) => {
            let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
            contains(head, b"word/document.xml") || contains(head, b"word/_rels/")
        }
    }
}

/// An RTF document (`{\rtf1...`), after an optional BOM and whitespace.
fn is_rtf(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes.trim_ascii_start().starts_with(b"{\\rtf")
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether the bytes are clearly not text: a NUL outside UTF-16, or many control bytes.
fn looks_binary(bytes: &[u8]) -> bool {
    if text::utf16_order(bytes).is_some() {
        return false;
    }
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.contains(&0) {
        return true;
    }
    // Tab, newline, form feed, carriage return and escape (coloured logs) occur in real text.
    let controls = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | 0x1b)) || b == 0x7f)
        .count();
    controls >= 4 && controls * 100 > sample.len()
}

/// Known binary signatures, for a reason that names what the file is.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive that is not a DOCX"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a legacy Office (OLE) file such as .doc or .xls, or an encrypted DOCX",
    ),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg media file"),
    (b"SQLite format 3\x00", "an SQLite database"),
];

/// Why bytes that [`detect`] rejected are not read.
fn unsupported_reason(bytes: &[u8]) -> String {
    if is_rtf(bytes) {
        return "unsupported: an RTF document (save it as DOCX or PDF)".into();
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return "unsupported: binary data (an MP4/QuickTime media file), not a document".into();
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") {
        return "unsupported: binary data (a RIFF media file), not a document".into();
    }
    match MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        Some((_, what)) => format!("unsupported: binary data ({what}), not a document"),
        None => "unsupported: binary data, not a document".into(),
    }
}

/// A byte count as people read it: "812 bytes", "35 KB", "120 MB", "100.5 MB".
fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    let scaled = |unit: u64, name: &str| {
        let value = bytes as f64 / unit as f64;
        let text = format!("{value:.1}");
        let text = text.strip_suffix(".0").unwrap_or(&text).to_string();
        format!("{text} {name}")
    };
    if bytes < 10 * KB {
        format!("{bytes} bytes")
    } else if bytes < MB {
        scaled(KB, "KB")
    } else {
        scaled(MB, "MB")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::default()
    }

    #[test]
    fn detection_by_content_and_extension() {
        let pdf: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
        let junk_then_pdf: Vec<u8> = [&b"garbage line\n"[..], pdf].concat();
        let html: &[u8] = b"\xef\xbb\xbf  \n<!DOCTYPE html><html><head><title>T</title></head><body><p>Hi</p></body></html>";
        let bare_html: &[u8] =
            b"<div class=x>\n<head><meta charset=utf-8></head><body>Hello</body>";
        let text: &[u8] = b"Joint statement\n\nThe parties agreed to meet again in 2025.\n";
        let utf16: Vec<u8> = [&b"\xff\xfe"[..], &encode_utf16le("Hello, world\n")].concat();
        let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00";
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        let mostly_controls: Vec<u8> = b"ab\x01\x02\x03\x04\x05\x06cd".to_vec();
        let cases: &[(&str, &[u8], &str, Option<Format>)] = &[
            ("pdf-by-content", pdf, "memo.pdf", Some(Format::Pdf)),
            ("pdf-named-txt", pdf, "memo.txt", Some(Format::Pdf)),
            ("pdf-after-junk", &junk_then_pdf, "x", Some(Format::Pdf)),
            ("html-with-bom", html, "page.html", Some(Format::Html)),
            ("html-named-txt", html, "page.txt", Some(Format::Html)),
            (
                "html-head-body-early",
                bare_html,
                "page.txt",
                Some(Format::Html),
            ),
            ("text", text, "memo.txt", Some(Format::Text)),
            ("markdown", text, "memo.md", Some(Format::Text)),
            ("text-no-extension", text, "README", Some(Format::Text)),
            ("text-named-html", text, "page.htm", Some(Format::Html)),
            ("utf16-text", &utf16, "memo.txt", Some(Format::Text)),
            ("png-named-txt", png, "memo.txt", None),
            ("garbage", &garbage, "data.bin", None),
            ("garbage-named-txt", &garbage, "memo.txt", None),
            ("controls", &mostly_controls, "memo.txt", None),
            ("garbage-named-pdf", &garbage, "memo.pdf", Some(Format::Pdf)),
            (
                "garbage-named-docx",
                &garbage,
                "memo.docx",
                Some(Format::Docx),
            ),
            ("empty", b"", "empty.txt", Some(Format::Text)),
            (
                "rtf",
                b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Hello\\par }",
                "memo.txt",
                None,
            ),
        ];
        for (id, bytes, name, want) in cases {
            assert_eq!(detect(bytes, Path::new(name)), *want, "case {id}");
        }
    }

    #[test]
    fn detects_docx_by_content_whatever_the_name() {
        let docx = docx::tests::build_docx(&[(
            "word/document.xml",
            docx::tests::body("<w:p><w:r><w:t>Hi</w:t></w:r></w:p>").as_bytes(),
        )]);
        let other_zip = docx::tests::build_docx(&[("readme.txt", b"hello")]);
        let document2 = docx::tests::build_docx(&[("word/document2.xml", b"<w:document/>")]);
        assert_eq!(detect(&document2, Path::new("x.bin")), Some(Format::Docx));
        assert_eq!(detect(&docx, Path::new("x.bin")), Some(Format::Docx));
        assert_eq!(detect(&docx, Path::new("x.txt")), Some(Format::Docx));
        assert_eq!(detect(&other_zip, Path::new("x.zip")), None);
        assert_eq!(detect(&other_zip, Path::new("x.docx")), Some(Format::Docx));
        let truncated = &docx[..docx.len() / 2];
        assert_eq!(detect(truncated, Path::new("x.bin")), Some(Format::Docx));
    }

    #[test]
    fn normalisation() {
        let cases: &[(&str, &str, &str)] = &[
            ("crlf", "a\r\nb\rc\n", "a\nb\nc"),
            ("trailing-spaces", "a  \t\nb \u{a0}\n", "a\nb"),
            ("blank-runs", "a\n\n\n\n b\n  \n\nc", "a\n\n b\n\nc"),
            ("edges", "\n\n  \na\n\n", "a"),
            ("controls", "a\u{0}b\u{1}c\u{7}d\u{1b}e\u{7f}f", "abcdef"),
            ("keeps-tab-ff", "a\tb\n\u{c}\nc", "a\tb\n\u{c}\nc"),
            ("soft-hyphen", "co\u{ad}operation", "cooperation"),
            ("nfc", "Cafe\u{301} Zu\u{308}rich", "Café Zürich"),
            ("stray-bom", "\u{feff}a", "a"),
            ("c1-controls", "a\u{80}b\u{9f}c", "abc"),
            (
                "unicode-separators",
                "a\u{2028}b\u{2029}c\u{85}d",
                "a\nb\n\nc\nd",
            ),
            (
                "ff-only-line-is-kept",
                "p1\n\n\u{c}\n\np2",
                "p1\n\n\u{c}\n\np2",
            ),
        ];
        for (id, input, want) in cases {
            assert_eq!(normalize_text(input), *want, "case {id}");
            assert_eq!(normalize_text(want), *want, "case {id}: not idempotent");
        }
    }

    #[test]
    fn extract_reports_size_and_binary_failures() {
        let small = Limits {
            max_file_bytes: 120 * 1024 * 1024,
            ..limits()
        };
        let big = vec![b'a'; (120 * 1024 * 1024) + 512 * 1024];
        let err = extract(&big, Path::new("big.txt"), &small).unwrap_err();
        assert_eq!(err.kind, FailureKind::TooLarge);
        assert_eq!(err.reason, "file is 120.5 MB, over the 120 MB limit");

        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00";
        let err = extract(png, Path::new("scan.png"), &limits()).unwrap_err();
        assert_eq!(err.kind, FailureKind::Unsupported);
        assert_eq!(
            err.reason,
            "unsupported: binary data (a PNG image), not a document"
        );
        let err = extract(
            b"{\\rtf1\\ansi Hello\\par }",
            Path::new("memo.rtf"),
            &limits(),
        )
        .unwrap_err();
        assert_eq!(err.kind, FailureKind::Unsupported);
        assert_eq!(
            err.reason,
            "unsupported: an RTF document (save it as DOCX or PDF)"
        );
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        let err = extract(&garbage, Path::new("memo.txt"), &limits()).unwrap_err();
        assert_eq!(err.kind, FailureKind::Unsupported);
        assert_eq!(err.reason, "unsupported: binary data, not a document");
    }

    #[test]
    fn human_sizes() {
        let cases = [
            (812, "812 bytes"),
            (35 * 1024, "35 KB"),
            (100 * 1024 * 1024, "100 MB"),
            (120 * 1024 * 1024 + 512 * 1024, "120.5 MB"),
        ];
        for (bytes, want) in cases {
            assert_eq!(human_size(bytes), want);
        }
    }

    #[test]
    fn extract_normalises_every_format() {
        let (format, got) = extract(
            b"Title line  \r\n\r\n\r\nBody with co\xc2\xadoperation.\r\n",
            Path::new("memo.txt"),
            &limits(),
        )
        .unwrap();
        assert_eq!(format, Format::Text);
        assert_eq!(got.text, "Title line\n\nBody with cooperation.");

        let (format, got) = extract(
            b"# Joint Statement\n\nText with #hashtag.\n\n## Next steps ##\n#notaheading\n",
            Path::new("memo.md"),
            &limits(),
        )
        .unwrap();
        assert_eq!(format, Format::Text);
        assert_eq!(
            got.text,
            "Joint Statement\n\nText with #hashtag.\n\nNext steps\n#notaheading"
        );

        let (format, got) = extract(
            b"<html><head><title>  A\n  title </title></head><body><p>One</p><p>Two</p></body></html>",
            Path::new("x.txt"),
            &limits(),
        )
        .unwrap();
        assert_eq!(format, Format::Html);
        assert_eq!(got.title.as_deref(), Some("A title"));
        assert_eq!(got.text, "One\n\nTwo");

        let empty_docx = docx::tests::build_docx(&[(
            "word/document.xml",
            docx::tests::body("<w:p/>").as_bytes(),
        )]);
        let cases: &[(&str, &[u8], &str, Format, &str)] = &[
            (
                "empty-text",
                b"",
                "empty.txt",
                Format::Text,
                "no text found in the text file",
            ),
            (
                "blank-text",
                b" \r\n\t\n",
                "blank.txt",
                Format::Text,
                "no text found in the text file",
            ),
            (
                "empty-docx",
                &empty_docx,
                "empty.docx",
                Format::Docx,
                "no text found in the docx file",
            ),
            (
                "empty-html",
                b"<html><body><nav>menu</nav></body></html>",
                "e.html",
                Format::Html,
                "no visible text found in the page",
            ),
        ];
        for (id, bytes, name, want_format, warning) in cases {
            let (format, got) = extract(bytes, Path::new(name), &limits()).unwrap();
            assert_eq!(format, *want_format, "case {id}");
            assert_eq!(got.text, "", "case {id}");
            assert_eq!(got.warnings, vec![warning.to_string()], "case {id}");
        }
    }

    #[test]
    fn seeds_extract_as_text_unchanged_but_for_whitespace() {
        let dir = Path::new("/work/shared/seeds");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return; // the seeds live outside the repository; nothing to check without them
        };
        let mut seen = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            let bytes = std::fs::read(&path).unwrap();
            let (format, got) = extract(&bytes, &path, &limits()).unwrap();
            assert_eq!(format, Format::Text, "{}", path.display());
            assert!(
                got.warnings.is_empty(),
                "{}: {:?}",
                path.display(),
                got.warnings
            );
            let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let original = String::from_utf8(bytes).unwrap();
            assert_eq!(squeeze(&got.text), squeeze(&original), "{}", path.display());
            assert_eq!(normalize_text(&got.text), got.text, "{}", path.display());
            seen += 1;
        }
        assert!(seen > 0, "no seeds in {}", dir.display());
    }

    /// Byte flips, insertions and truncations of every format must give a result, never a panic.
    #[test]
    fn extract_never_panics_on_damaged_inputs() {
        let doc = docx::tests::body(
            "<w:p><w:r><w:t>Memorandum</w:t><w:tab/><w:t>of understanding</w:t></w:r></w:p>\
             <w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        );
        let docx = docx::tests::build_docx(&[("word/document.xml", doc.as_bytes())]);
        let html = "<!doctype html><html><head><meta charset=utf-8><title>T | S</title>\
            <script type=application/ld+json>{\"datePublished\":\"2020-01-02\"}</script></head>\
            <body><nav>n</nav><article><h1>Hé</h1><p>a<br>b</p><time datetime=2020-01-02>x</time>\
            <table><tr><td>1</td></tr></table></article></body></html>";
        let text = "Joint statement\r\n\r\nThe parties agreed — 中文 — to meet.\n";
        let sjis = encoding_rs::SHIFT_JIS
            .encode("日中韓郵便首脳会議が杭州で開催された。")
            .0
            .into_owned();
        let inputs: &[(&str, &[u8])] = &[
            ("x.docx", &docx),
            ("x.html", html.as_bytes()),
            ("x.txt", text.as_bytes()),
            ("x.txt", &sjis),
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let (mut ok, mut failed) = (0, 0);
        for (name, original) in inputs {
            for round in 0..150 {
                let mut bytes = original.to_vec();
                match round % 3 {
                    0 => {
                        for _ in 0..1 + next() % 8 {
                            let at = (next() as usize) % bytes.len();
                            bytes[at] ^= 1 << (next() % 8);
                        }
                    }
                    1 => {
                        let at = (next() as usize) % (bytes.len() + 1);
                        let junk = [0u8, b'<', b'>', b'&', 0xff, 0xd8, b'"', 0x80];
                        bytes.insert(at, junk[(next() % 8) as usize]);
                    }
                    _ => bytes.truncate((next() as usize) % (bytes.len() + 1)),
                }
                // Either result is fine; the property is that it returns.
                match extract(&bytes, Path::new(name), &limits()) {
                    Ok(_) => ok += 1,
                    Err(e) => {
                        assert!(!e.reason.contains('\n'), "{name}: {}", e.reason);
                        failed += 1;
                    }
                }
            }
        }
        // Damaged text and HTML still read; damaged DOCX mostly does not.
        assert!(ok > 300 && failed > 30, "ok {ok}, failed {failed}");
    }

    fn encode_utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    }
}
