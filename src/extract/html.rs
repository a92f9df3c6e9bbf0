//! HTML: the visible article text of a page, its title and its publication date, with `scraper`.
//!
//! The bytes are decoded first (BOM, then `<meta charset>`, then chardetng), parsed by html5ever,
//! and walked once for metadata. The text comes from the page's `<article>` or `<main>` when it
//! has one that holds most of the text, else from the whole body, with page chrome (navigation,
//! headers, footers, share bars, cookie banners, scripts, forms) left out. Block elements give
//! line or paragraph breaks, inline ones do not. Every walk is iterative over the tree's sibling
//! and parent links, so nesting depth costs no stack.

use chrono::{DateTime, Datelike, NaiveDate};
use ego_tree::NodeRef;
use encoding_rs::{Encoding, UTF_8};
use regex::bytes::Regex;
use scraper::node::Element;
use scraper::{Html, Node};
use std::sync::LazyLock;

mod depth;

use crate::config::Limits;
use crate::error::ExtractError;
use crate::extract::text;
use crate::model::Extracted;

/// How far into the bytes a `<meta charset>` is looked for.
const CHARSET_PRESCAN: usize = 4096;

/// At most this many `<article>`/`<main>` candidates are measured, so a page of thousands of
/// teaser articles costs a bounded number of walks.
const MAX_CANDIDATES: usize = 16;

/// Whether the bytes look like an HTML document: after a BOM and whitespace, `<!doctype html` or
/// `<html`, or markup with `<html`, `<head` or `<body` within the first few kilobytes.
pub(crate) fn sniff(bytes: &[u8]) -> bool {
    if let Some(encoding) = text::utf16_order(bytes) {
        let prefix = &bytes[..bytes.len().min(2 * CHARSET_PRESCAN)];
        let (decoded, _) = encoding.decode_with_bom_removal(prefix);
        return sniff(decoded.as_bytes());
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = bytes[start..bytes.len().min(start + CHARSET_PRESCAN)].to_ascii_lowercase();
    if head.starts_with(b"<!doctype html") || head.starts_with(b"<html") {
        return true;
    }
    head.starts_with(b"<")
        && [&b"<html"[..], b"<head", b"<body"]
            .iter()
            .any(|tag| head.windows(tag.len()).any(|w| w == *tag))
}

/// Extracts the visible text, title and publication date of an HTML page.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    let _ = limits; // the caller bounded the file size; parsing and walking are linear
    let (source, mut warnings) = decode(bytes);
    let source = match depth::cap_depth(&source, depth::MAX_DEPTH) {
        Some(capped) => {
            warnings.push(format!(
                "elements nested deeper than {} levels were flattened",
                depth::MAX_DEPTH
            ));
            capped
        }
        None => source,
    };
    let doc = Html::parse_document(&source);
    let facts = collect(&doc);

    let body = facts.body.unwrap_or_else(|| doc.tree.root());
    let walk = choose_root(&facts, body);
    if walk.text.trim().is_empty() && !source.trim().is_empty() {
        warnings.push("no visible text found in the page".to_string());
    }
    let title = title(&facts);
    let published = published(&facts).or(walk.first_time);
    Ok(Extracted {
        title,
        published,
        created: None,
        text: walk.text,
        warnings,
    })
}

/// Decodes a page: BOM, then a `<meta charset>` / `http-equiv` declaration, then strict UTF-8,
/// then chardetng's guess.
fn decode(bytes: &[u8]) -> (String, Vec<String>) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return text::decode_with(encoding, &bytes[bom_len..]);
    }
    if let Some(encoding) = text::utf16_order(bytes) {
        return text::decode_with(encoding, bytes);
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    if let Some(declared) = declared_charset(bytes) {
        // A page that declares a legacy charset but is valid UTF-8 with non-ASCII in it was
        // almost certainly re-encoded without its meta tag being updated.
        if declared != UTF_8 && valid_utf8 && !bytes.is_ascii() {
            let (text, mut warnings) = text::decode_with(UTF_8, bytes);
            warnings.push(format!(
                "page declares charset {} but is valid UTF-8; read as UTF-8",
                declared.name()
            ));
            return (text, warnings);
        }
        return text::decode_with(declared, bytes);
    }
    if valid_utf8 {
        return text::decode_with(UTF_8, bytes);
    }
    text::decode_with(text::guess(bytes), bytes)
}

/// The encoding a `<meta charset=...>` or `<meta http-equiv=content-type content="...;
/// charset=...">` near the top of the page declares. UTF-16 labels mean UTF-8 here, as in
/// browsers: a page whose bytes are ASCII-compatible cannot really be UTF-16.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i-u)<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#)
            .expect("valid regex")
    });
    let head = &bytes[..bytes.len().min(CHARSET_PRESCAN)];
    let label = META.captures(head)?.get(1)?.as_bytes();
    let encoding = Encoding::for_label(label)?;
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(UTF_8);
    }
    if encoding == encoding_rs::X_USER_DEFINED {
        return Some(encoding_rs::WINDOWS_1252);
    }
    Some(encoding)
}

/// Everything one pass over the whole document finds.
#[derive(Default)]
struct Facts<'a> {
    body: Option<NodeRef<'a, Node>>,
    /// `<meta>` tags as (lowercased property/name/itemprop, content).
    metas: Vec<(String, String)>,
    /// `datePublished` given by a non-meta element (`<time itemprop=datePublished>`).
    itemprop_dates: Vec<String>,
    json_ld: Vec<String>,
    title: Option<String>,
    first_h1: Option<String>,
    /// `<main>` / `role=main` elements, then `<article>` elements, in document order.
    mains: Vec<NodeRef<'a, Node>>,
    articles: Vec<NodeRef<'a, Node>>,
}

/// Walks every node once, gathering metadata and content candidates.
fn collect(doc: &Html) -> Facts<'_> {
    let mut facts = Facts::default();
    for node in doc.tree.root().descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let html_ns = &*el.name.ns == "http://www.w3.org/1999/xhtml";
        match el.name() {
            "body" if facts.body.is_none() => facts.body = Some(node),
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"));
                if let (Some(key), Some(content)) = (key, el.attr("content")) {
                    facts
                        .metas
                        .push((key.trim().to_ascii_lowercase(), content.to_string()));
                }
            }
            "title" if html_ns && facts.title.is_none() => facts.title = Some(all_text(node)),
            "h1" if facts.first_h1.is_none() => facts.first_h1 = Some(all_text(node)),
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                facts.json_ld.push(all_text(node));
            }
            "main" => facts.mains.push(node),
            "article" => facts.articles.push(node),
            _ => {}
        }
        if el.name() != "main"
            && el
                .attr("role")
                .is_some_and(|r| r.eq_ignore_ascii_case("main"))
        {
            facts.mains.push(node);
        }
        if el.name() != "meta" && el.attr("itemprop") == Some("datePublished") {
            if let Some(value) = el.attr("datetime").or_else(|| el.attr("content")) {
                facts.itemprop_dates.push(value.to_string());
            } else {
                facts.itemprop_dates.push(all_text(node));
            }
        }
    }
    facts
}

/// The text of every text node under `node`, whitespace collapsed (for titles and headings).
fn all_text(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            out.push_str(t);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Picks the content root: the longest `<article>` when it holds at least half of the main
/// container's visible text (a page of teasers has many short ones), else the first non-empty
/// `<main>`, else the body. Returns the root's walked text.
fn choose_root<'a>(facts: &Facts<'a>, body: NodeRef<'a, Node>) -> Walk {
    let container = facts
        .mains
        .iter()
        .take(MAX_CANDIDATES)
        .map(|&main| walk(main))
        .find(|w| !w.text.trim().is_empty())
        .unwrap_or_else(|| walk(body));
    let best_article = facts
        .articles
        .iter()
        .take(MAX_CANDIDATES)
        .map(|&a| walk(a))
        .max_by_key(|w| w.text.len());
    match best_article {
        Some(w) if !w.text.trim().is_empty() && w.text.len() * 2 >= container.text.len() => w,
        _ => container,
    }
}

/// What a walk over a content root produced.
struct Walk {
    text: String,
    /// The first visible `<time datetime>` that parses as a date.
    first_time: Option<NaiveDate>,
}

/// How strong a pending break between two pieces of text is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Cell,
    Line,
    Paragraph,
}

/// Builds text from the walk, collapsing whitespace the way a browser lays out inline text.
struct Writer {
    out: String,
    gap: Gap,
}

impl Writer {
    fn gap(&mut self, gap: Gap) {
        self.gap = self.gap.max(gap);
    }

    /// A `<br>`: one is a line break, two in a row a paragraph break.
    fn line_break(&mut self) {
        self.gap = if self.gap >= Gap::Line {
            Gap::Paragraph
        } else {
            Gap::Line
        };
    }

    fn flush(&mut self) {
        if !self.out.is_empty() {
            match self.gap {
                Gap::None => {}
                Gap::Space => self.out.push(' '),
                Gap::Cell => self.out.push('\t'),
                Gap::Line => self.out.push('\n'),
                Gap::Paragraph => self.out.push_str("\n\n"),
            }
        }
        self.gap = Gap::None;
    }

    fn text(&mut self, text: &str, preformatted: bool) {
        for c in text.chars() {
            if preformatted {
                match c {
                    '\n' => self.line_break(),
                    '\r' => {}
                    _ => {
                        self.flush();
                        self.out.push(c);
                    }
                }
            } else if c.is_whitespace() {
                self.gap(Gap::Space);
            } else {
                self.flush();
                self.out.push(c);
            }
        }
    }
}

/// Elements never shown as text, whatever their attributes.
const DROPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "nav", "footer", "aside",
    "form", "button", "select", "input", "textarea", "iframe", "object", "embed", "canvas",
    "audio", "video", "map", "dialog",
];

/// ARIA roles of page chrome.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
];

/// Words in a class or id that mark chrome when a word starts with them ("navbar", "menu-main").
const CHROME_PREFIXES: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "breadcrumb",
    "sidebar",
    "cookie",
    "social",
    "masthead",
    "advert",
    "newsletter",
];

/// Words in a class or id that mark chrome only as whole words ("share" but not "shareholders").
const CHROME_WORDS: &[&str] = &[
    "share",
    "shares",
    "sharing",
    "sharebar",
    "skip",
    "related",
    "comment",
    "comments",
    "popup",
    "modal",
    "subscribe",
    "ad",
    "ads",
    "promo",
    "toolbar",
    "foot",
];

/// Line-level blocks: each starts a new line.
const LINE_BLOCKS: &[&str] = &[
    "div",
    "li",
    "tr",
    "dt",
    "dd",
    "figcaption",
    "caption",
    "summary",
    "legend",
    "option",
    "tbody",
    "thead",
    "tfoot",
];

/// Paragraph-level blocks: each is set apart by a blank line.
const PARAGRAPH_BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dl",
    "figure",
    "hr",
    "section",
    "article",
    "main",
    "address",
    "fieldset",
    "details",
    "header",
    "hgroup",
    "center",
];

/// Elements that make a `<header>` inside them part of the content rather than the page banner.
const SECTIONING: &[&str] = &["article", "main", "section"];

/// Whether an element (not the content root) is left out of the text.
fn is_dropped(el: &Element, in_section: bool) -> bool {
    let name = el.name();
    if DROPPED.contains(&name) {
        return true;
    }
    // A <header> is the site banner at page level, but an article's own header holds its headline.
    if name == "header" && !in_section {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden").is_some_and(|v| v.trim() == "true") {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = el.attr("role") {
        if CHROME_ROLES
            .iter()
            .any(|r| role.trim().eq_ignore_ascii_case(r))
        {
            return true;
        }
    }
    // The page's own containers carry state classes ("has-sidebar", "nav-open") that say
    // nothing about their content.
    if matches!(name, "html" | "body" | "main" | "article") {
        return false;
    }
    // "header" in a class follows the <header> rule: chrome only outside the article.
    let marked = |value: &str| {
        words(value).any(|w| {
            CHROME_WORDS.contains(&w.as_str())
                || CHROME_PREFIXES.iter().any(|p| w.starts_with(p))
                || (!in_section && w.starts_with("header"))
        })
    };
    el.attr("class").is_some_and(marked) || el.attr("id").is_some_and(marked)
}

/// The lowercase words of a class or id: split at punctuation, spaces and camelCase humps.
fn words(value: &str) -> impl Iterator<Item = String> + '_ {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words.into_iter()
}

/// Walks the subtree under `root` in document order without recursion: down through first
/// children, across through next siblings, back up through parents. Dropped subtrees are never
/// entered.
fn walk(root: NodeRef<'_, Node>) -> Walk {
    let mut w = Writer {
        out: String::new(),
        gap: Gap::None,
    };
    let mut first_time = None;
    let mut sections = 0usize;
    let mut pre = 0usize;
    let mut node = root;
    'walk: loop {
        // Open the node; descend unless it is dropped or has no children.
        let mut descend = false;
        match node.value() {
            Node::Text(t) => w.text(t, pre > 0),
            Node::Element(el) if node.id() == root.id() || !is_dropped(el, sections > 0) => {
                descend = true;
                open(&mut w, el, &mut sections, &mut pre, &mut first_time);
            }
            Node::Document | Node::Fragment => descend = true,
            _ => {}
        }
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            close(&mut w, node.value(), &mut sections, &mut pre);
        }
        // Climb until a node with a next sibling, closing the elements left behind.
        loop {
            if node.id() == root.id() {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                continue 'walk;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    close(&mut w, node.value(), &mut sections, &mut pre);
                }
                None => break 'walk,
            }
        }
    }
    Walk {
        text: w.out,
        first_time,
    }
}

/// Layout and bookkeeping when the walk enters a kept element.
fn open(
    w: &mut Writer,
    el: &Element,
    sections: &mut usize,
    pre: &mut usize,
    first_time: &mut Option<NaiveDate>,
) {
    let name = el.name();
    if SECTIONING.contains(&name) {
        *sections += 1;
    }
    match name {
        "br" => w.line_break(),
        "pre" | "textarea" | "listing" | "plaintext" => *pre += 1,
        "td" | "th" => w.gap(Gap::Cell),
        "time" if first_time.is_none() => *first_time = el.attr("datetime").and_then(parse_date),
        _ => {}
    }
    if name != "br" {
        block_gap(w, name);
    }
}

/// Layout and bookkeeping when the walk leaves an element it entered.
fn close(w: &mut Writer, node: &Node, sections: &mut usize, pre: &mut usize) {
    let Node::Element(el) = node else {
        return;
    };
    let name = el.name();
    if SECTIONING.contains(&name) {
        *sections = sections.saturating_sub(1);
    }
    if matches!(name, "pre" | "textarea" | "listing" | "plaintext") {
        *pre = pre.saturating_sub(1);
    }
    match name {
        "td" | "th" => w.gap(Gap::Cell),
        _ => block_gap(w, name),
    }
}

fn block_gap(w: &mut Writer, name: &str) {
    if PARAGRAPH_BLOCKS.contains(&name) {
        w.gap(Gap::Paragraph);
    } else if LINE_BLOCKS.contains(&name) {
        w.gap(Gap::Line);
    }
}

/// The page title: `og:title`, `twitter:title` or `<meta name=title>`, else `<title>`, else the
/// first `<h1>`; a trailing " | Site" is cut when it names the site.
fn title(facts: &Facts<'_>) -> Option<String> {
    let meta = |key: &str| {
        facts
            .metas
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    // SiteName and ArticleTitle are what Chinese government CMSs (TRS) write.
    let site = meta("og:site_name")
        .or_else(|| meta("application-name"))
        .or_else(|| meta("sitename"));
    let raw = meta("og:title")
        .or_else(|| meta("twitter:title"))
        .or_else(|| meta("title"))
        .or_else(|| meta("articletitle"))
        .or_else(|| facts.title.clone().filter(|t| !t.is_empty()))
        .or_else(|| facts.first_h1.clone().filter(|t| !t.is_empty()))?;
    Some(strip_site_suffix(
        &raw,
        site.as_deref(),
        facts.first_h1.as_deref(),
    ))
}

/// "Headline | Site" -> "Headline" when "Site" is the site's name, or when "Headline" is the
/// page's `<h1>`. Other titles with separators ("Q&A - Part 2") are left alone.
fn strip_site_suffix(title: &str, site: Option<&str>, h1: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", "_", "｜"];
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    for sep in SEPARATORS {
        if let Some(at) = title.rfind(sep) {
            let (head, tail) = (&title[..at], &title[at + sep.len()..]);
            let names_site = site.is_some_and(|s| same(s, tail));
            let is_h1 = h1.is_some_and(|h| same(h, head));
            if (names_site || is_h1) && !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

/// Meta keys that carry the publication date, most specific first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publish-date",
    "publish_date",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.date",
    "citation_publication_date",
    "sailthru.date",
    "parsely-pub-date",
];

/// The publication date from metadata: meta tags, microdata, then JSON-LD.
fn published(facts: &Facts<'_>) -> Option<NaiveDate> {
    for key in DATE_KEYS {
        let found = facts
            .metas
            .iter()
            .filter(|(k, _)| k == key)
            .find_map(|(_, v)| parse_date(v));
        if found.is_some() {
            return found;
        }
    }
    if let Some(d) = facts.itemprop_dates.iter().find_map(|v| parse_date(v)) {
        return Some(d);
    }
    facts.json_ld.iter().find_map(|s| json_ld_date(s))
}

/// The first `datePublished` anywhere in a JSON-LD block (it may sit in an `@graph` array). Blocks
/// that are not valid JSON (trailing commas, CDATA wrappers are common) are searched as text.
fn json_ld_date(source: &str) -> Option<NaiveDate> {
    static DATE_PUBLISHED: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#""datePublished"\s*:\s*"([^"]+)""#).expect("valid regex")
    });
    match serde_json::from_str::<serde_json::Value>(source.trim()) {
        Ok(value) => json_date_published(&value),
        Err(_) => DATE_PUBLISHED
            .captures_iter(source)
            .find_map(|c| parse_date(c.get(1)?.as_str())),
    }
}

/// The first parseable `datePublished` in a JSON value, searched in document order.
fn json_date_published(value: &serde_json::Value) -> Option<NaiveDate> {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(d) = map
                    .get("datePublished")
                    .and_then(|d| d.as_str())
                    .and_then(parse_date)
                {
                    return Some(d);
                }
                stack.extend(map.values().rev());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}

/// A date as metadata writes it: ISO 8601 (the date part as written, whatever the zone),
/// `YYYY/MM/DD`, `YYYYMMDD`, RFC 2822, or "December 1, 2023" / "1 December 2023". Years outside
/// 1900-2100 are CMS placeholders ("0001-01-01"), not dates.
pub(crate) fn parse_date(value: &str) -> Option<NaiveDate> {
    parse_any_date(value.trim()).filter(|d| (1900..=2100).contains(&d.year()))
}

fn parse_any_date(v: &str) -> Option<NaiveDate> {
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if let (Some(y), Some(sep), Some(m), Some(sep2), Some(d)) = (
        v.get(0..4),
        v.get(4..5),
        v.get(5..7),
        v.get(7..8),
        v.get(8..10),
    ) {
        let rest_ok = v
            .get(10..11)
            .is_none_or(|c| !c.chars().all(|c| c.is_ascii_digit()));
        if sep == sep2
            && matches!(sep, "-" | "/" | ".")
            && digits(y)
            && digits(m)
            && digits(d)
            && rest_ok
        {
            return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        }
    }
    if let (Some(ymd), true) = (v.get(0..8), v.get(8..9).is_none_or(|c| c == "T")) {
        if digits(ymd) {
            return NaiveDate::parse_from_str(ymd, "%Y%m%d").ok();
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(v) {
        return Some(dt.date_naive());
    }
    for format in [
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%b. %d, %Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(v, format) {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wanted date as (year, month, day), or none.
    type Ymd = Option<(i32, u32, u32)>;

    fn html(source: &str) -> Extracted {
        extract(source.as_bytes(), &Limits::default()).unwrap()
    }

    /// A news page as CMSs write them: site menu, hotline numbers, breadcrumbs, share buttons,
    /// a related-stories box, a cookie banner and a footer around one article.
    const NEWS_PAGE: &str = r##"<!DOCTYPE html>
<html lang="en" class="no-js">
<head>
  <meta charset="utf-8">
  <title>Three postal operators agree to share air capacity | Postal Daily</title>
  <meta property="og:site_name" content="Postal Daily">
  <meta name="viewport" content="width=device-width">
  <script>window.dataLayer = [{"page": "article"}];</script>
  <style>.hidden { display: none }</style>
</head>
<body class="has-sidebar nav-collapsed">
  <div id="cookie-consent">We use cookies to improve your experience. <button>Accept</button></div>
  <header class="site-header">
    <a href="/"><img src="logo.png" alt="Postal Daily"></a>
    <ul class="main-menu">
      <li><a href="/news">News</a></li>
      <li><a href="/stamps">2024 Stamps</a></li>
      <li><a href="/ems">Logistics and EMS</a></li>
    </ul>
  </header>
  <div class="topbar">
    <div class="hotline">Postal Business: 8610 11185</div>
    <div class="hotline">Postal Savings: 8610 95580</div>
  </div>
  <main id="content">
    <ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ol>
    <article class="story">
      <header>
        <h1>Three postal operators agree to share air capacity</h1>
        <p class="byline">By our correspondent, <time datetime="2023-12-01T08:30:00+08:00">1 December 2023</time></p>
      </header>
      <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
      <p>HANGZHOU &mdash; The postal operators of China, Japan and Korea held their
         <b>21st high-level meeting</b> on November 28.</p>
      <p>They agreed to share air transportation resources<br>and to set up a joint working group
         by the end of this year.</p>
      <figure><img src="meeting.jpg" alt=""><figcaption>Delegates at the meeting.</figcaption></figure>
      <table>
        <tr><th>Party</th><th>Commitment</th></tr>
        <tr><td>China Post</td><td>Host the working group</td></tr>
      </table>
      <footer class="article-tags">Tags: <a>logistics</a> <a>cooperation</a></footer>
    </article>
    <aside class="related"><h2>Related stories</h2><ul><li>Stamp issue for 2024</li></ul></aside>
  </main>
  <section class="social-links"><a>WeChat</a> <a>Weibo</a></section>
  <footer>
    <p>Customer service: 8610 11183 | China Post Life: 8610 4008909999</p>
    <p>&copy; 2023 Postal Daily</p>
  </footer>
  <noscript>Please enable JavaScript.</noscript>
</body>
</html>"##;

    #[test]
    fn news_page_keeps_the_article_and_drops_the_chrome() {
        let got = html(NEWS_PAGE);
        assert_eq!(
            got.text,
            "Three postal operators agree to share air capacity\n\n\
             By our correspondent, 1 December 2023\n\n\
             HANGZHOU \u{2014} The postal operators of China, Japan and Korea held their 21st high-level meeting on November 28.\n\n\
             They agreed to share air transportation resources\nand to set up a joint working group by the end of this year.\n\n\
             Delegates at the meeting.\n\n\
             Party\tCommitment\nChina Post\tHost the working group"
        );
        for chrome in [
            "8610",
            "cookies",
            "News",
            "Share",
            "Related",
            "WeChat",
            "Tags",
            "JavaScript",
            "dataLayer",
            "Home",
        ] {
            assert!(
                !got.text.contains(chrome),
                "{chrome:?} leaked into {:?}",
                got.text
            );
        }
        assert_eq!(
            got.title.as_deref(),
            Some("Three postal operators agree to share air capacity")
        );
        assert_eq!(got.published, NaiveDate::from_ymd_opt(2023, 12, 1));
        assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    }

    #[test]
    fn without_article_or_main_the_body_is_used_minus_chrome() {
        let page = r#"<html><body>
            <nav><a>Home</a><a>About</a></nav>
            <div role="banner">Ministry of Transport</div>
            <div class="content"><h2>Joint communiqué</h2><p>The sides <i>agreed</i> to meet in May.</p></div>
            <div id="footer">Contact: +1 555 0100</div>
            </body></html>"#;
        assert_eq!(
            html(page).text,
            "Joint communiqué\n\nThe sides agreed to meet in May."
        );
    }

    #[test]
    fn gb2312_government_page_without_article_markup() {
        let page = r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>中日韩邮政高层会议在杭州举行_国家邮政局</title>
<meta name="SiteName" content="国家邮政局" />
<meta name="PubDate" content="2023-12-01 10:20" />
</head><body>
<div id="top"><ul id="mainNav"><li>首页</li><li>政务公开</li></ul></div>
<div class="location">当前位置：首页 &gt; 新闻</div>
<div class="TRS_Editor">
<p>11月28日，第21届中日韩邮政高层会议在杭州举行。</p>
<p>三方同意成立联合工作组，并于明年报告进展。</p>
</div>
<div id="foot">地址：北京市西城区　电话：010-12345678</div>
</body></html>"#;
        let bytes = encoding_rs::GBK.encode(page).0.into_owned();
        let got = extract(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            got.text,
            "当前位置：首页 > 新闻\n\n11月28日，第21届中日韩邮政高层会议在杭州举行。\n\n三方同意成立联合工作组，并于明年报告进展。"
        );
        assert_eq!(got.title.as_deref(), Some("中日韩邮政高层会议在杭州举行"));
        assert_eq!(got.published, NaiveDate::from_ymd_opt(2023, 12, 1));
    }

    #[test]
    fn teaser_articles_do_not_win_over_the_main_text() {
        let page = r#"<html><body><main>
            <p>The statement was issued after two days of talks between the delegations, who agreed
            to continue cooperation in customs, logistics and postal finance, and to review progress
            at their next meeting in Tokyo.</p>
            <article><h3>Older story</h3></article>
            <article><h3>Another story</h3></article>
            </main></body></html>"#;
        let got = html(page);
        assert!(
            got.text.starts_with("The statement was issued"),
            "{:?}",
            got.text
        );
        assert!(got.text.contains("Older story"));
    }

    #[test]
    fn block_and_inline_layout() {
        let cases: &[(&str, &str, &str)] = &[
            ("inline-joins", "<p>co<b>op</b><i>eration</i> and <a href=x>links</a></p>", "cooperation and links"),
            ("whitespace-collapses", "<p>  many\n\n   spaces\there </p>", "many spaces here"),
            ("paragraphs", "<p>One</p><p>Two</p><h2>Three</h2>", "One\n\nTwo\n\nThree"),
            ("divs-are-lines", "<div>One</div><div>Two</div>", "One\nTwo"),
            ("list-items", "<ul><li>One</li><li>Two</li></ul><p>After</p>", "One\nTwo\n\nAfter"),
            ("br-and-double-br", "<p>a<br>b<br><br>c</p>", "a\nb\n\nc"),
            ("pre-keeps-spacing", "<pre>col1   col2\nx      y</pre>", "col1   col2\nx      y"),
            ("table-cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", "a\tb\nc\td"),
            ("entities", "<p>R&amp;D &lt;tag&gt; &eacute;t&eacute; &#8220;q&#x201D; caf&#233;</p>", "R&D <tag> été \u{201c}q\u{201d} café"),
            ("hidden-dropped", "<p>shown</p><p hidden>no</p><p style=\"display: none\">no</p><p aria-hidden=\"true\">no</p>", "shown"),
            ("comments-dropped", "<p>a<!-- secret -->b</p>", "ab"),
            ("shareholders-kept", "<div class=\"shareholders\">Shareholders agreed.</div>", "Shareholders agreed."),
            ("page-header-div-dropped", "<div id=\"header\">Ministry of Posts</div><p>Body</p>", "Body"),
            ("article-header-div-kept", "<article><div class=\"article-header\"><h1>Headline</h1></div><p>Body</p></article>", "Headline\n\nBody"),
            ("camel-case-chrome", "<div id=\"siteNav\">Menu</div><p>Body</p>", "Body"),
            ("template-svg-dropped", "<template><p>t</p></template><svg><title>icon</title><text>s</text></svg><p>Body</p>", "Body"),
        ];
        for (id, body, want) in cases {
            let got = html(&format!("<html><body>{body}</body></html>"));
            assert_eq!(got.text, *want, "case {id}");
        }
    }

    #[test]
    fn titles() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "og-title",
                r#"<meta property="og:title" content="OG headline"><title>Other | Site</title>"#,
                Some("OG headline"),
            ),
            (
                "meta-name-title",
                r#"<meta name="title" content="Meta headline"><title>Other</title>"#,
                Some("Meta headline"),
            ),
            (
                "title-suffix-is-site-name",
                r#"<meta property="og:site_name" content="Postal Daily"><title>Talks end - Postal Daily</title>"#,
                Some("Talks end"),
            ),
            (
                "title-suffix-not-site",
                r#"<meta property="og:site_name" content="Postal Daily"><title>Q&amp;A - Part 2</title>"#,
                Some("Q&A - Part 2"),
            ),
            (
                "title-suffix-h1-match",
                r#"<title>Talks end | Ministry of Posts</title></head><body><h1>Talks end</h1>"#,
                Some("Talks end"),
            ),
            (
                "underscore-site-suffix",
                r#"<meta name="SiteName" content="Ministry"><title>Talks_end_Ministry</title>"#,
                Some("Talks_end"),
            ),
            (
                "underscore-not-site",
                "<title>snake_case_name</title>",
                Some("snake_case_name"),
            ),
            (
                "plain-title",
                "<title>  Joint\n statement  </title>",
                Some("Joint statement"),
            ),
            (
                "h1-fallback",
                "</head><body><h1>Headline <small>here</small></h1>",
                Some("Headline here"),
            ),
            ("none", "</head><body><p>x</p>", None),
            (
                "svg-title-ignored",
                "</head><body><svg><title>icon</title></svg><h1>Real</h1>",
                Some("Real"),
            ),
        ];
        for (id, head, want) in cases {
            let got = html(&format!("<!doctype html><html><head>{head}</body></html>"));
            assert_eq!(got.title.as_deref(), *want, "case {id}");
        }
    }

    #[test]
    fn publication_dates() {
        let cases: &[(&str, &str, &str, Ymd)] = &[
            (
                "article-published-time",
                r#"<meta property="article:published_time" content="2024-07-10T09:00:00-05:00">"#,
                "",
                Some((2024, 7, 10)),
            ),
            (
                "meta-date",
                r#"<meta name="date" content="2023/12/01">"#,
                "",
                Some((2023, 12, 1)),
            ),
            (
                "meta-pubdate-compact",
                r#"<meta name="pubdate" content="20231201">"#,
                "",
                Some((2023, 12, 1)),
            ),
            (
                "dc-date-issued",
                r#"<meta name="DC.date.issued" content="2021-03-05">"#,
                "",
                Some((2021, 3, 5)),
            ),
            (
                "publish-date-rfc2822",
                r#"<meta name="publish-date" content="Tue, 1 Jul 2003 10:52:37 +0200">"#,
                "",
                Some((2003, 7, 1)),
            ),
            (
                "itemprop-meta",
                r#"<meta itemprop="datePublished" content="2019-05-06">"#,
                "",
                Some((2019, 5, 6)),
            ),
            (
                "itemprop-time",
                "",
                r#"<p>Posted <time itemprop="datePublished" datetime="2018-02-03">Feb 3</time></p>"#,
                Some((2018, 2, 3)),
            ),
            (
                "json-ld-graph",
                r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2022-11-28T10:00:00+08:00"}]}</script>"#,
                "",
                Some((2022, 11, 28)),
            ),
            (
                "json-ld-invalid-json",
                r#"<script type="application/ld+json">//<![CDATA[
                {"@type":"NewsArticle","headline":"x","datePublished":"2022-11-29",}
                //]]></script>"#,
                "",
                Some((2022, 11, 29)),
            ),
            (
                "time-in-article",
                "",
                r#"<aside><time datetime="2001-01-01">old</time></aside><article><p>By X, <time datetime="2020-08-09">9 Aug</time></p><p>Text of the article.</p></article>"#,
                Some((2020, 8, 9)),
            ),
            (
                "meta-beats-time",
                r#"<meta name="date" content="2023-01-02">"#,
                r#"<article><time datetime="2020-08-09">x</time></article>"#,
                Some((2023, 1, 2)),
            ),
            (
                "unparseable",
                r#"<meta name="date" content="sometime soon">"#,
                "<p>x</p>",
                None,
            ),
            (
                "created-is-not-published",
                r#"<meta name="dcterms.created" content="2020-01-01">"#,
                "<p>x</p>",
                None,
            ),
        ];
        for (id, head, body, want) in cases {
            let got = html(&format!(
                "<html><head>{head}</head><body>{body}</body></html>"
            ));
            let want = want.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            assert_eq!(got.published, want, "case {id}");
        }
    }

    #[test]
    fn date_formats() {
        let cases: &[(&str, Ymd)] = &[
            ("2023-12-01", Some((2023, 12, 1))),
            ("2023-12-01T23:30:00-05:00", Some((2023, 12, 1))),
            ("2023.12.01", Some((2023, 12, 1))),
            ("20231201T1000", Some((2023, 12, 1))),
            ("December 1, 2023", Some((2023, 12, 1))),
            ("1 Dec 2023", Some((2023, 12, 1))),
            ("2023-13-01", None),
            ("2023-12-011", None),
            ("2023", None),
            ("0001-01-01T00:00:00Z", None),
            ("9999-12-31", None),
            ("", None),
            ("２０２３-12-01", None),
        ];
        for (input, want) in cases {
            let want = want.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            assert_eq!(parse_date(input), want, "input {input:?}");
        }
    }

    #[test]
    fn decoding() {
        let body = "<p>Les ministères ont signé un accord à Genève.</p>";
        let want = "Les ministères ont signé un accord à Genève.";
        let latin1 = |head: &str| {
            let page = format!("<html><head>{head}</head><body>{body}</body></html>");
            encoding_rs::WINDOWS_1252.encode(&page).0.into_owned()
        };
        let utf16 = |page: &str| -> Vec<u8> {
            [
                &b"\xff\xfe"[..],
                &page
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes())
                    .collect::<Vec<_>>(),
            ]
            .concat()
        };
        let sjis_page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body><p>日中韓郵便首脳会議が杭州で開催された。</p></body></html>";
        let cases: Vec<(&str, Vec<u8>, &str, usize)> = vec![
            (
                "meta-charset",
                latin1("<meta charset=\"windows-1252\">"),
                want,
                0,
            ),
            (
                "meta-charset-latin1-label",
                latin1("<meta charset=iso-8859-1>"),
                want,
                0,
            ),
            ("no-declaration-guessed", latin1(""), want, 0),
            (
                "http-equiv-shift-jis",
                encoding_rs::SHIFT_JIS.encode(sjis_page).0.into_owned(),
                "日中韓郵便首脳会議が杭州で開催された。",
                0,
            ),
            (
                "utf8-bom",
                [
                    &b"\xef\xbb\xbf"[..],
                    format!("<html><body>{body}</body></html>").as_bytes(),
                ]
                .concat(),
                want,
                0,
            ),
            (
                "utf16-bom",
                utf16(&format!("<html><body>{body}</body></html>")),
                want,
                0,
            ),
            (
                "mislabelled-utf8",
                format!(
                    "<html><head><meta charset=\"iso-8859-1\"></head><body>{body}</body></html>"
                )
                .into_bytes(),
                want,
                1,
            ),
        ];
        for (id, bytes, want, warnings) in cases {
            let got = extract(&bytes, &Limits::default()).unwrap();
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
    fn deep_nesting_does_not_overflow_the_stack() {
        let depth = 100_000;
        let page = format!(
            "<html><body>{}<p>deep text</p>{}</body></html>",
            "<span>".repeat(depth),
            "</span>".repeat(depth)
        );
        let got = html(&page);
        assert_eq!(got.text, "deep text");
        assert_eq!(
            got.warnings,
            vec!["elements nested deeper than 512 levels were flattened".to_string()]
        );
        let divs = format!(
            "<html><body>{}deep{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        assert_eq!(html(&divs).text, "deep");
    }

    #[test]
    fn walks_a_100k_deep_tree_without_recursion() {
        // Parsed directly, without the depth cap, so the tree really is 100,000 levels deep.
        let depth = 100_000;
        let page = format!(
            "<html><body><article>{}<time datetime=\"2020-02-02\">x</time> deep{}</article></body></html>",
            "<b>".repeat(depth),
            "</b>".repeat(depth)
        );
        let doc = Html::parse_document(&page);
        let facts = collect(&doc);
        assert_eq!(facts.articles.len(), 1);
        let got = walk(facts.articles[0]);
        assert_eq!(got.text, "x deep");
        assert_eq!(got.first_time, NaiveDate::from_ymd_opt(2020, 2, 2));
    }

    #[test]
    fn sniffing() {
        let cases: &[(&str, &[u8], bool)] = &[
            ("doctype", b"<!DOCTYPE html>\n<p>x", true),
            (
                "html-tag-after-bom-space",
                b"\xef\xbb\xbf \n\t<HTML lang=en>",
                true,
            ),
            (
                "xml-prolog-xhtml",
                b"<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
                true,
            ),
            ("fragment-with-body", b"<div>\n<body>x</body>", true),
            (
                "text-mentioning-tags",
                b"Use the <body> tag to wrap content.",
                false,
            ),
            ("plain-text", b"Joint statement of the parties", false),
            (
                "other-xml",
                b"<?xml version=\"1.0\"?><rss><channel/></rss>",
                false,
            ),
        ];
        for (id, bytes, want) in cases {
            assert_eq!(sniff(bytes), *want, "case {id}");
        }
    }
}
