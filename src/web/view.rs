//! The look of the pages: the layout (header, navigation, inline stylesheet; no external assets),
//! status badges that say their status in words as well as colour, and the document text with
//! the extracted facts marked in place.
//!
//! Everything from a document goes through maud's escaping or [`esc`]; the only raw HTML is what
//! this file writes itself.

use axum::http::StatusCode;
use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::track::{Status, Timing};

/// The stylesheet, inline so the pages work offline and from a single response.
const CSS: &str = r#"
:root{--fg:#1d2430;--muted:#5b6472;--line:#d9dee5;--bg:#f6f7f9;--card:#fff;--accent:#1f5fbf;
--ok:#1e7a3c;--warn:#9a5b00;--bad:#b3261e;--info:#1f5fbf;--grey:#5b6472}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #f0b400;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:9}
header.top{background:#14284b;color:#fff}
header.top .bar{max-width:1200px;margin:0 auto;display:flex;flex-wrap:wrap;align-items:center;gap:4px 18px;padding:10px 16px}
header.top .brand{font-weight:700;font-size:1.15rem;color:#fff;text-decoration:none;margin-right:8px}
header.top nav a{color:#dfe7f5;text-decoration:none;padding:4px 2px;border-bottom:2px solid transparent}
header.top nav a[aria-current=page]{color:#fff;border-bottom-color:#f0b400}
header.top nav{display:flex;flex-wrap:wrap;gap:4px 16px}
main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.2em 0 .6em}h2{font-size:1.15rem;margin:1.2em 0 .5em}h3{font-size:1rem;margin:1em 0 .3em}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin-bottom:14px}
.card>h2:first-child,.card>h3:first-child,.card>p:first-child{margin-top:0}
td.date{white-space:nowrap}td.date .small{white-space:normal}
.muted{color:var(--muted)}.small{font-size:.875rem}
.cols{display:grid;grid-template-columns:260px 1fr;gap:18px}
.cols.doc{grid-template-columns:1fr 340px}
@media (max-width:820px){.cols,.cols.doc{grid-template-columns:1fr}.cols>aside.facets{order:2}}
.inline{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end}
label{font-size:.875rem;color:var(--muted);display:block}
input[type=text],input[type=search],input[type=date],input[type=password],select,textarea{font:inherit;padding:7px 9px;border:1px solid #b8c0cc;border-radius:6px;background:#fff;max-width:100%}
input[type=search]{width:100%}
textarea{width:100%;min-height:4em}
button,.button{font:inherit;padding:7px 14px;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.danger{background:#fff;color:var(--bad);border-color:var(--bad)}
.searchbox{display:flex;gap:8px}.searchbox input{flex:1}
.hit{padding:10px 0;border-bottom:1px solid var(--line)}.hit:last-child{border-bottom:0}
.hit h3{margin:0 0 2px;font-size:1.05rem}
.snippet b,.snippet mark{background:#fff3b0;color:inherit;font-weight:600;padding:0 1px}
.facet h3{font-size:.9rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.facet ul{list-style:none;margin:0;padding:0}.facet li{display:flex;justify-content:space-between;gap:6px;padding:2px 0}
.facet li a{overflow-wrap:anywhere}.count{color:var(--muted);font-variant-numeric:tabular-nums}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0}
.chip{background:#e8eefb;border:1px solid #c5d3ef;border-radius:999px;padding:1px 10px;font-size:.875rem;text-decoration:none;color:var(--fg)}
.pager{display:flex;gap:10px;align-items:center;margin-top:10px}
.badge{display:inline-block;border-radius:4px;padding:0 7px;font-size:.8rem;font-weight:600;border:1px solid;white-space:nowrap}
.s-open{color:var(--info);border-color:var(--info);background:#eef3fc}
.s-in_progress{color:var(--warn);border-color:var(--warn);background:#fdf3e3}
.s-done{color:var(--ok);border-color:var(--ok);background:#e8f5ec}
.s-dropped,.s-waived{color:var(--grey);border-color:var(--grey);background:#f0f1f3}
.overdue{color:#fff;background:var(--bad);border-color:var(--bad)}
.soon{color:var(--warn);border-color:var(--warn);background:#fff}
tr.is-overdue td:first-child{box-shadow:inset 4px 0 0 var(--bad)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.table-wrap{overflow-x:auto}
.doctext{white-space:pre-wrap;overflow-wrap:anywhere;font-size:1rem;line-height:1.65}
.pagebreak{display:block;text-align:center;color:var(--muted);border-top:1px dashed var(--line);margin:12px 0;font-size:.8rem}
mark{background:none;color:inherit;padding:0 1px;border-radius:3px}
mark.m-party{background:#dbe7ff}
mark.m-person{background:#eadcff}
mark.m-place{background:#d5f2ec}
mark.m-date{background:#ffe7b8}
mark.m-group{background:#ffd9e6}
mark.m-agreement{background:#e2f0cb}
mark.m-commitment{background:none;border-bottom:3px solid #2e9e5b;border-radius:0}
mark.m-commitment:target{background:#e6f6ec}
.legend{display:flex;flex-wrap:wrap;gap:6px 10px;font-size:.8rem;margin-bottom:8px}
.facts ul{padding-left:18px;margin:.2em 0}.facts li{margin:3px 0}
.notice{border-left:4px solid var(--info);background:#eef3fc;padding:8px 12px;border-radius:4px;margin:8px 0}
.notice.bad{border-color:var(--bad);background:#fdecea}.notice.ok{border-color:var(--ok);background:#e8f5ec}
.drop{border:2px dashed #9fb0cc;border-radius:10px;padding:28px;text-align:center;background:#fff}
.drop.over{background:#eef3fc;border-color:var(--accent)}
.results li{margin:4px 0}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px}.kv dt{color:var(--muted)}.kv dd{margin:0}
.timeline{list-style:none;padding-left:0;border-left:2px solid var(--line);margin-left:6px}
.timeline li{padding:4px 0 8px 14px;position:relative}
.timeline li::before{content:"";position:absolute;left:-6px;top:11px;width:10px;height:10px;border-radius:50%;background:var(--accent)}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:10px;margin-bottom:14px}
.stat{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px}.stat b{display:block;font-size:1.5rem}
footer{max-width:1200px;margin:0 auto;padding:16px;color:var(--muted);font-size:.8rem}
"#;

/// The navigation entries: path and label.
const NAV: [(&str, &str); 6] = [
    ("/", "Search"),
    ("/commitments", "Commitments"),
    ("/groups", "Working groups"),
    ("/parties", "Parties"),
    ("/report", "Report"),
    ("/upload", "Upload"),
];

/// A whole page: `title` in the tab, `current` the navigation entry to mark.
pub fn page(title: &str, current: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · accord" }
                style { (PreEscaped(CSS)) }
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.top {
                    div.bar {
                        a.brand href="/" { "accord" }
                        nav aria-label="Main" {
                            @for (href, label) in NAV {
                                @if href == current {
                                    a href=(href) aria-current="page" { (label) }
                                } @else {
                                    a href=(href) { (label) }
                                }
                            }
                        }
                    }
                }
                main #main { (body) }
                footer {
                    "accord — commitments, working groups and follow-up, from the documents you ingest. "
                    a href="/login" { "Sign in" } " · " a href="/api/report" { "API" }
                }
            }
        }
    }
}

/// A page for an error: the status and the message.
pub fn error_page(status: StatusCode, message: &str) -> Markup {
    let title = status.canonical_reason().unwrap_or("Error");
    page(
        title,
        "",
        html! {
            h1 { (status.as_u16()) " " (title) }
            div.notice.bad role="alert" { (message) }
            p { a href="/" { "Back to search" } }
        },
    )
}

/// A status as a badge: the words and a colour.
pub fn status_badge(s: Status) -> Markup {
    html! { span class={"badge s-" (s.as_str())} { (status_label(s)) } }
}

/// A status in words.
pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::Open => "Open",
        Status::InProgress => "In progress",
        Status::Done => "Done",
        Status::Dropped => "Dropped",
        Status::Waived => "Waived",
    }
}

/// Where a commitment stands in time, in words ("Overdue by 12 days").
pub fn timing_badge(t: &Timing) -> Markup {
    match t {
        Timing::Overdue { days_late } => html! {
            span.badge.overdue { "⚠ Overdue by " (days(*days_late)) }
        },
        Timing::Upcoming { days_left } if *days_left <= 30 => html! {
            span.badge.soon { (due_in(*days_left)) }
        },
        Timing::Upcoming { days_left } => html! {
            span.small.muted { (due_in(*days_left)) }
        },
        Timing::Undated => html! { span.small.muted { "No deadline" } },
        Timing::Closed => html! {},
    }
}

/// "Due today", "Due tomorrow", "Due in 12 days".
pub fn due_in(n: i64) -> String {
    match n {
        0 => "Due today".to_string(),
        1 => "Due tomorrow".to_string(),
        n => format!("Due in {}", days(n)),
    }
}

/// "1 day", "12 days".
pub fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// Escapes text for HTML text and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A search snippet as markup. The index marks matches with `<b>` and escapes the rest; rather
/// than trust that, the text between the marks is unescaped and escaped again here, so nothing
/// but the marks can become markup.
pub fn snippet(s: &str) -> Markup {
    let mut out = String::new();
    let mut rest = s;
    let mut open = false;
    loop {
        let tag = if open { "</b>" } else { "<b>" };
        match rest.find(tag) {
            Some(i) => {
                out.push_str(&esc(&unescape(&rest[..i])));
                out.push_str(if open { "</mark>" } else { "<mark>" });
                open = !open;
                rest = &rest[i + tag.len()..];
            }
            None => {
                out.push_str(&esc(&unescape(rest)));
                break;
            }
        }
    }
    if open {
        out.push_str("</mark>");
    }
    PreEscaped(out)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The kinds of fact marked in a document's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkKind {
    Commitment,
    Agreement,
    Group,
    Party,
    Person,
    Place,
    Date,
}

impl MarkKind {
    fn class(self) -> &'static str {
        match self {
            MarkKind::Commitment => "m-commitment",
            MarkKind::Agreement => "m-agreement",
            MarkKind::Group => "m-group",
            MarkKind::Party => "m-party",
            MarkKind::Person => "m-person",
            MarkKind::Place => "m-place",
            MarkKind::Date => "m-date",
        }
    }

    /// The legend's words for the kind.
    pub fn label(self) -> &'static str {
        match self {
            MarkKind::Commitment => "commitment",
            MarkKind::Agreement => "agreement",
            MarkKind::Group => "working group",
            MarkKind::Party => "party",
            MarkKind::Person => "person",
            MarkKind::Place => "place",
            MarkKind::Date => "date",
        }
    }

    /// Every kind, in legend order.
    pub const ALL: [MarkKind; 7] = [
        MarkKind::Party,
        MarkKind::Person,
        MarkKind::Place,
        MarkKind::Date,
        MarkKind::Commitment,
        MarkKind::Group,
        MarkKind::Agreement,
    ];
}

/// A fact to mark: a byte range of the text, its kind, a tooltip and an optional anchor id.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub kind: MarkKind,
    pub title: String,
    pub anchor: Option<String>,
}

/// Most marks drawn in one document (a huge document full of dates stays readable and fast).
const MAX_MARKS: usize = 5000;

/// The text with `marks` as nested `<mark>` elements. Marks that do not fall on character
/// boundaries are dropped; a mark crossing the end of an enclosing one is cut there. Form feeds
/// (page breaks) become a visible separator.
pub fn marked_text(text: &str, marks: &[Mark]) -> Markup {
    let mut ms: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.start < m.end && text.get(m.start..m.end).is_some())
        .collect();
    ms.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.kind.cmp(&b.kind))
    });
    ms.truncate(MAX_MARKS);
    let mut out = String::with_capacity(text.len() * 2);
    let mut pos = 0usize;
    let mut stack: Vec<usize> = Vec::new();
    let push_text = |out: &mut String, s: &str| {
        for (i, part) in s.split('\u{c}').enumerate() {
            if i > 0 {
                out.push_str("<span class=\"pagebreak\" role=\"separator\">page break</span>");
            }
            out.push_str(&esc(part));
        }
    };
    for m in ms {
        while let Some(&end) = stack.last() {
            if end > m.start {
                break;
            }
            push_text(&mut out, &text[pos..end]);
            out.push_str("</mark>");
            pos = end;
            stack.pop();
        }
        let end = match stack.last() {
            Some(&outer) => m.end.min(outer),
            None => m.end,
        };
        if m.start < pos || m.start >= end {
            continue;
        }
        push_text(&mut out, &text[pos..m.start]);
        out.push_str(&format!(
            "<mark class=\"{}\" title=\"{}\"",
            m.kind.class(),
            esc(&m.title)
        ));
        if let Some(a) = &m.anchor {
            out.push_str(&format!(" id=\"{}\" tabindex=\"-1\"", esc(a)));
        }
        out.push('>');
        stack.push(end);
        pos = m.start;
    }
    while let Some(end) = stack.pop() {
        push_text(&mut out, &text[pos..end]);
        out.push_str("</mark>");
        pos = end;
    }
    push_text(&mut out, &text[pos..]);
    PreEscaped(out)
}

/// Every occurrence of `needle` in `text` as a whole word (no letter or digit on either side).
pub fn word_occurrences(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if needle.chars().count() < 2 {
        return out;
    }
    let mut from = 0;
    while let Some(i) = text[from..].find(needle) {
        let start = from + i;
        let end = start + needle.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            out.push((start, end));
        }
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, kind: MarkKind) -> Mark {
        Mark {
            start,
            end,
            kind,
            title: "t".into(),
            anchor: None,
        }
    }

    #[test]
    fn marks_nest_and_text_is_escaped() {
        let text = "Korea Post will <b>open</b> a route by 2025.";
        let marks = [
            mark(0, 10, MarkKind::Party),
            mark(11, 44, MarkKind::Commitment),
            mark(39, 43, MarkKind::Date),
        ];
        let html = marked_text(text, &marks).into_string();
        assert_eq!(
            html,
            "<mark class=\"m-party\" title=\"t\">Korea Post</mark> \
             <mark class=\"m-commitment\" title=\"t\">will &lt;b&gt;open&lt;/b&gt; a route by \
             <mark class=\"m-date\" title=\"t\">2025</mark>.</mark>"
        );
    }

    #[test]
    fn bad_and_crossing_marks_are_dropped_or_cut() {
        let text = "é abc def";
        // (id, marks, html)
        let cases = [
            ("inside a char", vec![mark(1, 3, MarkKind::Date)], "é abc def"),
            ("past the end", vec![mark(3, 99, MarkKind::Date)], "é abc def"),
            (
                "crossing is cut",
                vec![mark(3, 6, MarkKind::Party), mark(5, 10, MarkKind::Date)],
                "é <mark class=\"m-party\" title=\"t\">ab<mark class=\"m-date\" title=\"t\">c</mark></mark> def",
            ),
        ];
        for (id, marks, want) in cases {
            assert_eq!(marked_text(text, &marks).into_string(), want, "{id}");
        }
    }

    #[test]
    fn page_breaks_show() {
        let html = marked_text("one\u{c}two", &[]).into_string();
        assert!(html.contains("page break"), "{html}");
    }

    #[test]
    fn snippets_keep_only_the_index_marks() {
        // (id, snippet from the index, html)
        let cases = [
            (
                "plain",
                "the <b>EMS</b> guarantee",
                "the <mark>EMS</mark> guarantee",
            ),
            (
                "escaped script stays text",
                "&lt;script&gt;alert(1)&lt;/script&gt; <b>x</b>",
                "&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark>",
            ),
            ("unclosed", "<b>x", "<mark>x</mark>"),
            ("raw tag is escaped", "<i>x</i>", "&lt;i&gt;x&lt;/i&gt;"),
        ];
        for (id, s, want) in cases {
            assert_eq!(snippet(s).into_string(), want, "{id}");
        }
    }

    #[test]
    fn words_match_whole() {
        let t = "UPU and the UPU's Posts, not UPUX";
        assert_eq!(word_occurrences(t, "UPU"), vec![(0, 3), (12, 15)]);
        assert!(word_occurrences(t, "U").is_empty());
    }
}
