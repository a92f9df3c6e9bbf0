//! PDF extraction: lopdf parses the file (objects, streams, decryption); accord's own interpreter
//! (`interp`) places every glyph, and `layout` turns glyphs into text in reading order.
//!
//! The only user of lopdf in accord. Every page is interpreted inside `catch_unwind`, with a
//! shared budget of decompressed bytes and a deadline, so one bad page (or a bug) costs a warning
//! ("page N: reason"), never the document or the process.

mod cmap;
mod font;
mod glyphs;
mod interp;
mod layout;
mod meta;
#[cfg(test)]
mod tests;
mod truetype;

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use lopdf::{Dictionary, Document, LoadOptions, Object, Stream};

use crate::config::Limits;
use crate::error::{ExtractError, FailureKind};
use crate::model::Extracted;

/// Shared allowance of decompressed bytes for one document (limits.max_decompressed_bytes).
pub(crate) struct Budget {
    remaining: Cell<u64>,
}

impl Budget {
    fn new(limit: u64) -> Budget {
        Budget {
            remaining: Cell::new(limit),
        }
    }

    /// The decoded bytes of `stream`, charged to the budget; `None` when it fails or is over.
    pub(crate) fn decode(&self, stream: &Stream) -> Option<Vec<u8>> {
        let left = self.remaining.get();
        let cap = usize::try_from(left).unwrap_or(usize::MAX);
        let data = match stream.decompressed_content_with_limit(cap) {
            Ok(d) => d,
            // An unknown or broken filter: raw bytes are what lopdf itself falls back to.
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                self.remaining.set(0);
                return None;
            }
            Err(_) if stream.filters().is_err() => stream.content.clone(),
            Err(_) => return None,
        };
        self.remaining.set(left.saturating_sub(data.len() as u64));
        Some(data)
    }

    fn exhausted(&self) -> bool {
        self.remaining.get() == 0
    }
}

/// Follows references (a bounded number of them) to the object itself.
pub(crate) fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    let mut o = o;
    for _ in 0..16 {
        match o {
            Object::Reference(id) => o = doc.get_object(*id).ok()?,
            _ => return Some(o),
        }
    }
    None
}

/// The bytes of a name object.
pub(crate) fn name_of(o: &Object) -> Option<&[u8]> {
    o.as_name().ok()
}

/// A number object as f64 (integers too); `None` for anything else or non-finite values.
pub(crate) fn num(o: &Object) -> Option<f64> {
    let v = match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => *r as f64,
        _ => return None,
    };
    v.is_finite().then_some(v)
}

fn corrupt(reason: impl Into<String>) -> ExtractError {
    ExtractError::new(FailureKind::Corrupt, reason)
}

fn encrypted() -> ExtractError {
    ExtractError::new(
        FailureKind::Encrypted,
        "encrypted PDF: a password is required",
    )
}

/// Loads the document, decrypting it when the user password is empty.
fn load(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(corrupt("not a PDF: no %PDF- header"));
    }
    let per_stream = usize::try_from(limits.max_decompressed_bytes)
        .unwrap_or(usize::MAX)
        .min(lopdf::DEFAULT_MAX_DECOMPRESSED_SIZE);
    let options = LoadOptions {
        max_decompressed_size: Some(per_stream),
        ..LoadOptions::default()
    };
    let loaded = catch_unwind(AssertUnwindSafe(|| {
        Document::load_mem_with_options(bytes, options)
    }));
    let doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(lopdf::Error::InvalidPassword)) => return Err(encrypted()),
        Ok(Err(e)) => {
            let msg = e.to_string();
            if msg.to_lowercase().contains("password") || msg.to_lowercase().contains("decrypt") {
                return Err(encrypted());
            }
            let tail = &bytes[bytes.len().saturating_sub(1024)..];
            let truncated = !tail.windows(5).any(|w| w == b"%%EOF");
            let hint = if truncated {
                " (the file looks truncated: no %%EOF at its end)"
            } else {
                ""
            };
            return Err(corrupt(format!("corrupt PDF: {msg}{hint}")));
        }
        Err(_) => return Err(corrupt("corrupt PDF: the parser failed on it")),
    };
    if doc.trailer.get(b"Encrypt").is_ok() && doc.authenticate_password("").is_err() {
        return Err(encrypted());
    }
    Ok(doc)
}

/// The resources of a page, inherited through the page tree when the page has none.
fn page_resources(doc: &Document, page: &Dictionary) -> Dictionary {
    let mut node = Some(page);
    for _ in 0..32 {
        let Some(n) = node else { break };
        if let Some(d) = n
            .get(b"Resources")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
        {
            return d.clone();
        }
        node = n
            .get(b"Parent")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
    }
    Dictionary::new()
}

fn page_box(doc: &Document, page: &Dictionary) -> Option<[f64; 4]> {
    let mut node = Some(page);
    for _ in 0..32 {
        let n = node?;
        for key in [&b"CropBox"[..], b"MediaBox"] {
            if let Some(a) = n
                .get(key)
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
            {
                let v: Vec<f64> = a
                    .iter()
                    .filter_map(|o| deref(doc, o).and_then(num))
                    .collect();
                if let [x0, y0, x1, y1] = v[..] {
                    return Some([x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)]);
                }
            }
        }
        node = n
            .get(b"Parent")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
    }
    None
}

/// Extracts the text and metadata of a PDF file.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    let start = Instant::now();
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ExtractError::new(
            FailureKind::TooLarge,
            format!(
                "PDF of {} bytes is over the {}-byte limit",
                bytes.len(),
                limits.max_file_bytes
            ),
        ));
    }
    let doc = load(bytes, limits)?;
    let mut warnings = Vec::new();
    // A page tree with a cycle can list one page again and again: read each page once.
    let page_ids: Vec<lopdf::ObjectId> = catch_unwind(AssertUnwindSafe(|| {
        let mut seen_pages = std::collections::HashSet::new();
        doc.page_iter()
            .filter(|id| seen_pages.insert(*id))
            .take(limits.max_pages.saturating_add(1))
            .collect()
    }))
    .unwrap_or_default();
    if page_ids.is_empty() {
        return Err(corrupt("corrupt PDF: no readable pages"));
    }
    if page_ids.len() > limits.max_pages {
        warnings.push(format!(
            "only the first {} pages were read (limit)",
            limits.max_pages
        ));
    }
    let budget = Budget::new(limits.max_decompressed_bytes);
    let mut cache = interp::Cache::default();
    let mut pages = Vec::new();
    let mut total_glyphs = 0usize;
    let mut total_images = 0usize;
    let mut image_only_pages = Vec::new();
    for (i, id) in page_ids.iter().take(limits.max_pages).enumerate() {
        let n = i + 1;
        if start.elapsed() > limits.per_file_timeout {
            warnings.push(format!(
                "page {n}: time limit reached; later pages were skipped"
            ));
            break;
        }
        if budget.exhausted() {
            warnings.push(format!(
                "page {n}: decompressed-size limit reached; later pages were skipped"
            ));
            break;
        }
        let result = catch_unwind(AssertUnwindSafe(|| {
            read_page(&doc, *id, &budget, &mut cache)
        }));
        match result {
            Ok(Ok((content, lines))) => {
                for p in &content.problems {
                    warnings.push(format!("page {n}: {p}"));
                }
                let mapped = content.glyphs.iter().filter(|g| !g.space).count();
                if content.unmapped > 20 && content.unmapped > mapped {
                    warnings.push(format!("page {n}: no reliable text layer (needs OCR)"));
                }
                if mapped == 0 && content.images > 0 {
                    image_only_pages.push(n);
                }
                total_glyphs += mapped;
                total_images += content.images;
                pages.push(lines);
            }
            Ok(Err(reason)) => {
                warnings.push(format!("page {n}: {reason}"));
                pages.push(Vec::new());
            }
            Err(_) => {
                warnings.push(format!("page {n}: internal error while reading the page"));
                pages.push(Vec::new());
            }
        }
    }
    let text = catch_unwind(AssertUnwindSafe(|| {
        layout::finish(pages, meta::made_by_tex(&doc))
    }))
    .unwrap_or_else(|_| {
        warnings.push("internal error while laying out the text".to_string());
        String::new()
    });
    if total_glyphs == 0 {
        if total_images > 0 {
            warnings.push("no text layer (scanned document?)".to_string());
        } else {
            warnings.push("no text layer".to_string());
        }
    } else {
        // A scanned page inside a document that otherwise has text.
        for n in image_only_pages {
            warnings.push(format!("page {n}: no text layer (scanned page?)"));
        }
    }
    let (title, created) = meta::metadata(&doc, &budget);
    Ok(Extracted {
        title,
        published: None,
        created,
        text,
        warnings,
    })
}

type PageOutput = (interp::PageContent, Vec<layout::Line>);

fn read_page(
    doc: &Document,
    id: lopdf::ObjectId,
    budget: &Budget,
    cache: &mut interp::Cache,
) -> Result<PageOutput, String> {
    let page = doc
        .get_dictionary(id)
        .map_err(|_| "the page object is missing".to_string())?;
    let resources = page_resources(doc, page);
    let mut content = Vec::new();
    let streams: Vec<&Stream> = match page.get(b"Contents").ok().and_then(|o| deref(doc, o)) {
        Some(Object::Stream(s)) => vec![s],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|o| deref(doc, o))
            .filter_map(|o| o.as_stream().ok())
            .collect(),
        _ => Vec::new(),
    };
    for s in streams {
        match budget.decode(s) {
            Some(d) => {
                content.extend_from_slice(&d);
                content.push(b'\n');
            }
            None if budget.exhausted() => return Err("decompressed-size limit reached".to_string()),
            None => return Err("a content stream could not be decoded".to_string()),
        }
    }
    let media = page_box(doc, page);
    let pc = interp::run_page(doc, &content, &resources, media, budget, cache);
    let lines = layout::page_lines(&pc.glyphs);
    Ok((pc, lines))
}
