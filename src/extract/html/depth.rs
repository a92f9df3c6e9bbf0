//! A cap on element nesting, applied to the markup before html5ever sees it.
//!
//! html5ever's tree builder looks through the whole stack of open elements for some tags (every
//! `<div>` or `<p>` checks whether a `<p>` is open "in button scope"), so a page nested 100,000
//! levels deep takes quadratic time. Browsers cap the depth of the tree their parser builds
//! (Chromium at 512); this does the same on the source: start tags beyond [`MAX_DEPTH`] open
//! levels, and their matching end tags, are removed. Only structure is lost, never text, and
//! only on pages no real site produces.

/// Deepest element nesting kept; real pages stay well under a hundred levels.
pub(crate) const MAX_DEPTH: usize = 512;

/// Elements without end tags: they never open a level.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame",
];

/// Elements whose end tag may be left out: counting them would make ordinary pages (a list of
/// `<li>` never closed) look deep, so they are not counted either.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body",
];

/// Elements whose content is raw text up to their end tag: markup-like text in a script is not
/// markup.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// `source` with the start and end tags of elements nested deeper than `cap` levels removed;
/// `None` when nothing is that deep (the common case, which costs one scan and no copy).
pub(crate) fn cap_depth(source: &str, cap: usize) -> Option<String> {
    let bytes = source.as_bytes();
    let mut removed: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut over = 0usize;
    let mut i = 0usize;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + offset;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = find(bytes, start + 1, b">").map_or(bytes.len(), |e| e + 1);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        if !bytes.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let name_end = bytes[name_at..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
            .map_or(bytes.len(), |p| name_at + p);
        let name = source[name_at..name_end].to_ascii_lowercase();
        let Some(tag_end) = tag_end(bytes, name_end) else {
            break;
        };
        let self_closing = bytes[..tag_end].ends_with(b"/>");
        i = tag_end;
        let counted = !VOID.contains(&name.as_str()) && !OPTIONAL_END.contains(&name.as_str());
        if closing {
            if !counted {
                continue;
            }
            if over > 0 && depth >= cap {
                over -= 1;
                removed.push((start, tag_end));
            } else {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) && !self_closing {
            let end_tag = format!("</{name}");
            i = find_ascii_ci(bytes, tag_end, end_tag.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        if !counted || self_closing {
            continue;
        }
        if depth >= cap {
            over += 1;
            removed.push((start, tag_end));
        } else {
            depth += 1;
        }
    }
    if removed.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for (start, end) in removed {
        out.push_str(&source[at..start]);
        at = end;
    }
    out.push_str(&source[at..]);
    Some(out)
}

/// The index just past the `>` that ends a tag whose name ends at `from`, skipping quoted
/// attribute values; `None` when the tag never ends.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(k + 1),
            (None, _) => {}
        }
    }
    None
}

/// Where `needle` next occurs at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Like [`find`], ignoring ASCII case.
fn find_ascii_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_nesting_and_keeps_text() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("shallow-untouched", "<div><div>a</div></div>", None),
            (
                "deep-divs",
                "<div><div><div><div>a</div></div></div></div>",
                Some("<div><div>a</div></div>"),
            ),
            (
                "attributes-with-gt",
                "<div title=\"a>b\"><div><div class='x>y'>t</div></div></div>",
                Some("<div title=\"a>b\"><div>t</div></div>"),
            ),
            (
                "unclosed-paragraphs-not-counted",
                "<p>a<p>b<p>c<li>d<li>e",
                None,
            ),
            ("void-not-counted", "<img><br><hr><div><img>x</div>", None),
            (
                "script-content-is-not-markup",
                "<div><script>if (a<b) { s = '<div><div><div>'; }</script></div>",
                None,
            ),
            (
                "comments-skipped",
                "<!-- <div><div><div> --><div>x</div>",
                None,
            ),
            (
                "case-insensitive-end-tags",
                "<DIV><Div><div>a</DIV></div></div>",
                Some("<DIV><Div>a</div></div>"),
            ),
            ("unterminated-tag", "<div><div><div", None),
            ("lone-lt", "a < b and c <3 d", None),
        ];
        for (id, source, want) in cases {
            assert_eq!(cap_depth(source, 2).as_deref(), *want, "case {id}");
        }
    }

    #[test]
    fn non_ascii_text_survives_cutting() {
        let source = "<span>é<span>中<span>ü</span>文</span>ñ</span>";
        assert_eq!(
            cap_depth(source, 1).as_deref(),
            Some("<span>é中ü文ñ</span>")
        );
    }
}
