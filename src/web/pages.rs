//! The web pages: search, document, commitments dashboard and detail, working groups, parties,
//! upload, report, sign-in. Server-rendered with maud (every value escaped); forms post back and
//! redirect (post/redirect/get), so the pages work without JavaScript. The upload page's
//! drag-and-drop is the only script, served from `/static/upload.js` (same origin).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::NaiveDate;
use maud::{html, Markup};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::api::{self, CommitmentParams, ReportParams};
use super::facets::{self, encode, SearchForm};
use super::view::{self, page, status_badge, status_label, timing_badge, Mark, MarkKind};
use super::{intake, ApiError, AppState, TOKEN_COOKIE};
use crate::catalog::PartyEntry;
use crate::error::{Error, Result};
use crate::ingest::{FileOutcome, Status as IngestStatus};
use crate::library::{CommitmentDetail, CommitmentRow, FollowUp, FollowUpStatus, GroupView};
use crate::model::{DocId, Document, Facts, Format};
use crate::track::{self, Activity, EventKind, Status, Target, Timing};

type PageResult = std::result::Result<Response, ApiError>;

fn html_err(e: ApiError) -> ApiError {
    e.html()
}

fn bad_query(e: QueryRejection) -> ApiError {
    ApiError::bad_request(format!("bad query string: {}", e.body_text())).html()
}

fn ok(m: Markup) -> PageResult {
    Ok(m.into_response())
}

// ---------------------------------------------------------------------------------------------
// Search

/// `GET /`: the search box, ranked hits with snippets, facets with counts, date range, paging.
pub async fn search(
    State(state): State<AppState>,
    form: std::result::Result<Query<SearchForm>, QueryRejection>,
) -> PageResult {
    let Query(form) = form.map_err(bad_query)?;
    let st = state.clone();
    let f = form.clone();
    let result = state
        .read(move |lib| {
            let facets_of = |id: &DocId| st.facets_of(lib, id);
            Ok(facets::run(lib, &f, &facets_of))
        })
        .await
        .map_err(html_err)?;
    let (results, error) = match result {
        Ok(r) => (Some(r), None),
        Err(e) if e.status == StatusCode::BAD_REQUEST => (None, Some(e.message)),
        Err(e) => return Err(e.html()),
    };
    let title = if form.text().is_empty() {
        "Search".to_string()
    } else {
        format!("Search: {}", form.text())
    };
    let selected: Vec<(&str, &str, &str)> = [
        ("party", "Party", form.party()),
        ("group", "Working group", form.group()),
        ("year", "Year", form.year()),
        ("kind", "Kind", form.kind()),
    ]
    .into_iter()
    .filter_map(|(k, l, v)| v.map(|v| (k, l, v)))
    .collect();
    let body = html! {
        h1 { "Search the documents" }
        form.card role="search" method="get" action="/" {
            label for="q" { "Query (terms, \"phrases\", AND / OR / NOT, title:…)" }
            div.searchbox {
                input #q type="search" name="q" value=(form.text()) autofocus
                    placeholder="e.g. \"joint working group\" EMS";
                button type="submit" { "Search" }
            }
            div.inline style="margin-top:8px" {
                div { label for="from" { "Published from" } input #from type="date" name="from" value=(form.from.clone().unwrap_or_default()); }
                div { label for="to" { "to" } input #to type="date" name="to" value=(form.to.clone().unwrap_or_default()); }
                @for (k, _, v) in &selected { input type="hidden" name=(k) value=(v); }
            }
        }
        @if let Some(msg) = &error {
            div.notice.bad role="alert" { "The query could not be read: " (msg) }
        }
        @if let Some(r) = &results {
            div.cols {
                aside.facets aria-label="Filters" {
                    @for facet in &r.facets {
                        @if !facet.values.is_empty() {
                            section.card.facet {
                                h3 { (facet.label) }
                                ul {
                                    @for (value, count) in facet.values.iter().take(12) {
                                        li {
                                            a href=(form.link_with(facet.key, Some(value))) { (value) }
                                            span.count { (count) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                section aria-label="Results" {
                    @if !selected.is_empty() {
                        div.chips {
                            span.small.muted { "Filtered by:" }
                            @for (k, l, v) in &selected {
                                a.chip href=(form.link_with(k, None)) title="Remove this filter" {
                                    (l) ": " (v) " ✕"
                                }
                            }
                        }
                    }
                    p.muted.small aria-live="polite" {
                        (r.total) " document" @if r.total != 1 { "s" }
                        @if r.truncated { " (only the best " (facets::MAX_CANDIDATES) " are counted)" }
                        @if form.text().is_empty() { ", newest first" } @else { ", best match first" }
                    }
                    div.card {
                        @if r.hits.is_empty() { p { "Nothing matched. Try fewer words, or remove a filter." } }
                        @for hit in &r.hits {
                            article.hit {
                                h3 { a href={"/documents/" (hit.id)} { (hit.title.clone().unwrap_or_else(|| hit.source.clone())) } }
                                div.small.muted {
                                    (hit.published.map(|d| d.to_string()).unwrap_or_else(|| "undated".into()))
                                    " · " (hit.id.short()) " · " (hit.source)
                                }
                                @if !hit.snippet.is_empty() { p.snippet { (view::snippet(&hit.snippet)) } }
                            }
                        }
                    }
                    @if r.pages > 1 {
                        nav.pager aria-label="Pages" {
                            @if r.page > 1 { a.button.secondary href=(form.link_with("page", Some(&(r.page - 1).to_string()))) rel="prev" { "← Previous" } }
                            span { "Page " (r.page) " of " (r.pages) }
                            @if r.page < r.pages { a.button.secondary href=(form.link_with("page", Some(&(r.page + 1).to_string()))) rel="next" { "Next →" } }
                        }
                    }
                }
            }
        }
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok((status, page(&title, "/", body)).into_response())
}

// ---------------------------------------------------------------------------------------------
// Document

/// Whether the original file is still where it was ingested from, unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Original {
    /// The source file exists and its SHA-256 is the document id.
    Available,
    /// Gone or changed: only the extracted text can be offered.
    TextOnly,
}

/// Checks the source file against the id (reads and hashes it; bounded by the file size limit).
pub fn original_of(doc: &Document, max_bytes: u64) -> (Original, Option<Vec<u8>>) {
    let path = std::path::Path::new(&doc.source);
    let Ok(meta) = std::fs::metadata(path) else {
        return (Original::TextOnly, None);
    };
    if !meta.is_file() || meta.len() != doc.size || meta.len() > max_bytes {
        return (Original::TextOnly, None);
    }
    match std::fs::read(path) {
        Ok(bytes) if DocId::of(&bytes) == doc.id => (Original::Available, Some(bytes)),
        _ => (Original::TextOnly, None),
    }
}

fn sha_matches(doc: &Document, max_bytes: u64) -> Original {
    let path = std::path::Path::new(&doc.source);
    let Ok(meta) = std::fs::metadata(path) else {
        return Original::TextOnly;
    };
    if !meta.is_file() || meta.len() != doc.size || meta.len() > max_bytes {
        return Original::TextOnly;
    }
    let Ok(mut f) = std::fs::File::open(path) else {
        return Original::TextOnly;
    };
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match std::io::Read::read(&mut f, &mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(_) => return Original::TextOnly,
        }
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    if hex == doc.id.as_str() {
        Original::Available
    } else {
        Original::TextOnly
    }
}

/// The marks of a document's facts, with anchors for the side panel's links.
pub fn marks_of(facts: &Facts) -> Vec<Mark> {
    let mut marks = Vec::new();
    let text = &facts.text;
    for org in &facts.organizations {
        let mut names: Vec<&str> = std::iter::once(org.name.as_str())
            .chain(org.aliases.iter().map(String::as_str))
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        names.dedup();
        for n in names {
            for (s, e) in view::word_occurrences(text, n) {
                marks.push(Mark {
                    start: s,
                    end: e,
                    kind: MarkKind::Party,
                    title: format!("party: {}", org.name),
                    anchor: None,
                });
            }
        }
    }
    for p in &facts.people {
        marks.push(Mark {
            start: p.span.0,
            end: p.span.1,
            kind: MarkKind::Person,
            title: match (&p.role, &p.affiliation) {
                (Some(r), Some(a)) => format!("person: {}, {r}, {a}", p.name),
                (Some(r), None) => format!("person: {}, {r}", p.name),
                (None, Some(a)) => format!("person: {}, {a}", p.name),
                (None, None) => format!("person: {}", p.name),
            },
            anchor: None,
        });
    }
    for p in &facts.places {
        marks.push(Mark {
            start: p.span.0,
            end: p.span.1,
            kind: MarkKind::Place,
            title: format!("place: {}", p.name),
            anchor: None,
        });
    }
    for (i, d) in facts.dates.iter().enumerate() {
        let value = d
            .value
            .map(|v| v.to_string())
            .unwrap_or_else(|| "unresolved".into());
        marks.push(Mark {
            start: d.span.0,
            end: d.span.1,
            kind: MarkKind::Date,
            title: format!("date: {value} ({})", d.trace),
            anchor: Some(format!("date-{i}")),
        });
    }
    for c in &facts.commitments {
        marks.push(Mark {
            start: c.span.0,
            end: c.span.1,
            kind: MarkKind::Commitment,
            title: format!(
                "commitment {}: {} — due {}",
                c.id,
                c.by.join(", "),
                c.due
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "not stated".into())
            ),
            anchor: Some(c.id.clone()),
        });
    }
    for (i, g) in facts.working_groups.iter().enumerate() {
        marks.push(Mark {
            start: g.span.0,
            end: g.span.1,
            kind: MarkKind::Group,
            title: format!("working group: {}", g.name),
            anchor: Some(format!("group-{i}")),
        });
    }
    for (i, a) in facts.agreements.iter().enumerate() {
        marks.push(Mark {
            start: a.span.0,
            end: a.span.1,
            kind: MarkKind::Agreement,
            title: format!("agreement: {}", a.title),
            anchor: Some(format!("agreement-{i}")),
        });
    }
    marks
}

struct DocPage {
    doc: Document,
    facts: Facts,
    original: Original,
    /// Current status of each commitment stated here, by id.
    statuses: BTreeMap<String, (Status, Timing)>,
}

/// `GET /documents/{id}`: the text with the facts marked in place, a side panel listing them, and
/// the download (the original when it is still there unchanged, else the text).
pub async fn document(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let today = state.today();
    let p = state
        .read(move |lib| {
            let id = lib.resolve(&id)?;
            let doc = lib
                .store()
                .document(&id)?
                .ok_or_else(|| Error::NotFound(format!("no document with id {id}")))?;
            let facts = lib.facts(&id)?;
            let original = sha_matches(&doc, lib.config().limits.max_file_bytes);
            let mut statuses = BTreeMap::new();
            for c in &facts.commitments {
                if let Ok((st, _)) = lib.commitment_log(&c.id) {
                    statuses.insert(c.id.clone(), (st.status, st.timing(today)));
                }
            }
            Ok(DocPage {
                doc,
                facts,
                original,
                statuses,
            })
        })
        .await
        .map_err(html_err)?;
    let f = &p.facts;
    let title = f.title.clone().unwrap_or_else(|| p.doc.source.clone());
    let marks = marks_of(f);
    let body = html! {
        p.small { a href="/" { "← Search" } }
        h1 { (title) }
        dl.kv.small.card {
            dt { "Published" } dd { (f.published.map(|d| d.to_string()).unwrap_or_else(|| "unknown".into())) }
            dt { "Kind" } dd { (facets::kind_label(f.format)) ", " (intake_size(p.doc.size)) }
            dt { "Source" } dd { code { (f.source) } }
            dt { "Id" } dd { code { (f.id) } }
            dt { "Ingested" } dd { (p.doc.ingested_at) }
            dt { "Download" } dd {
                a.button.secondary href={"/documents/" (f.id) "/download"} {
                    @if p.original == Original::Available { "Download the original file" } @else { "Download the extracted text (.txt)" }
                }
                " "
                span.small.muted {
                    @if p.original == Original::Available {
                        "The original file is still at its source path and unchanged (SHA-256 matches)."
                    } @else {
                        "The original file is no longer at its source path, or has changed since; accord keeps only the extracted text."
                    }
                }
            }
        }
        @for w in &f.warnings { div.notice role="note" { "Warning: " (w) } }
        div.cols.doc {
            article.card aria-label="Document text" {
                div.legend aria-hidden="true" {
                    @for k in MarkKind::ALL {
                        mark class={"m-" (legend_class(k))} { (k.label()) }
                    }
                }
                div.doctext { (view::marked_text(&f.text, &marks)) }
            }
            aside.facts aria-label="Extracted facts" {
                section.card {
                    h2 { "Commitments (" (f.commitments.len()) ")" }
                    @if f.commitments.is_empty() { p.muted.small { "None found." } }
                    ul {
                        @for c in &f.commitments {
                            li {
                                @if let Some((s, t)) = p.statuses.get(&c.id) { (status_badge(*s)) " " (timing_badge(t)) br; }
                                a href={"#" (c.id)} title="Show in the text" { (c.action) }
                                div.small.muted {
                                    (c.by.join(", "))
                                    @if let Some(d) = c.due { " · due " (d) }
                                    @if let Some(g) = &c.group { " · " (g) }
                                }
                                a.small href={"/commitments/" (c.id)} { "Track " (c.id) " →" }
                            }
                        }
                    }
                }
                section.card {
                    h2 { "Parties (" (f.organizations.len()) ")" }
                    ul {
                        @for o in &f.organizations {
                            li {
                                a href={"/parties/" (encode(&o.name))} { (o.name) }
                                @if !o.aliases.is_empty() { span.small.muted { " (" (o.aliases.join(", ")) ")" } }
                            }
                        }
                    }
                    @if !f.people.is_empty() {
                        h3 { "People" }
                        ul {
                            @for p in &f.people {
                                li { (p.name) span.small.muted {
                                    @if let Some(r) = &p.role { ", " (r) }
                                    @if let Some(a) = &p.affiliation { ", " (a) }
                                } }
                            }
                        }
                    }
                    @if !f.places.is_empty() {
                        h3 { "Places" }
                        ul { @for p in &f.places { li { (p.name) } } }
                    }
                }
                @if !f.working_groups.is_empty() {
                    section.card {
                        h2 { "Working groups" }
                        ul {
                            @for (i, g) in f.working_groups.iter().enumerate() {
                                li {
                                    a href={"/groups/" (track::group_id(Some(&f.id), &g.name))} { (g.name) }
                                    " " a.small href={"#group-" (i)} { "(in text)" }
                                    @if !g.members.is_empty() { div.small.muted { (g.members.join(", ")) } }
                                }
                            }
                        }
                    }
                }
                @if !f.agreements.is_empty() {
                    section.card {
                        h2 { "Agreements" }
                        ul {
                            @for (i, a) in f.agreements.iter().enumerate() {
                                li {
                                    a href={"#agreement-" (i)} { (a.title) }
                                    div.small.muted {
                                        (a.parties.join(", "))
                                        @if let Some(d) = a.date { " · " (d) }
                                    }
                                }
                            }
                        }
                    }
                }
                section.card {
                    h2 { "Dates (" (f.dates.len()) ")" }
                    ul {
                        @for (i, d) in f.dates.iter().enumerate() {
                            li {
                                a href={"#date-" (i)} { (d.text) }
                                " → "
                                @match d.value { Some(v) => { strong { (v) } }, None => { span.muted { "unresolved" } } }
                            }
                        }
                    }
                }
            }
        }
    };
    ok(page(&title, "", body))
}

fn legend_class(k: MarkKind) -> &'static str {
    match k {
        MarkKind::Commitment => "commitment",
        MarkKind::Agreement => "agreement",
        MarkKind::Group => "group",
        MarkKind::Party => "party",
        MarkKind::Person => "person",
        MarkKind::Place => "place",
        MarkKind::Date => "date",
    }
}

fn intake_size(n: u64) -> String {
    crate::ingest::human_bytes(n)
}

/// A file name for a Content-Disposition header: printable ASCII letters, digits, `.-_` only
/// (document content never reaches a header as it is).
pub fn header_filename(name: &str, fallback: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let trimmed = clean.trim_matches(|c| c == '_' || c == '.');
    if trimmed.is_empty() {
        fallback.to_string()
    } else {
        trimmed.to_string()
    }
}

/// `GET /documents/{id}/download`: the original file when it is still at its source path and its
/// SHA-256 is the id; else the extracted text as `.txt`. Always an attachment, never rendered
/// here (an HTML original is untrusted).
pub async fn download(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let (doc, original, bytes) = state
        .read(move |lib| {
            let id = lib.resolve(&id)?;
            let doc = lib
                .store()
                .document(&id)?
                .ok_or_else(|| Error::NotFound(format!("no document with id {id}")))?;
            let (original, bytes) = original_of(&doc, lib.config().limits.max_file_bytes);
            Ok((doc, original, bytes))
        })
        .await
        .map_err(html_err)?;
    let source_name = std::path::Path::new(&doc.source)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (body, content_type, filename, which) = match (original, bytes) {
        (Original::Available, Some(b)) => {
            let ct = match doc.format {
                Format::Pdf => "application/pdf",
                Format::Docx => {
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                }
                // Served as bytes, not as a page of this site.
                Format::Html => "application/octet-stream",
                Format::Text => "text/plain; charset=utf-8",
            };
            (
                b,
                ct,
                header_filename(&source_name, &format!("{}.bin", doc.id.short())),
                "original",
            )
        }
        _ => {
            let stem = std::path::Path::new(&source_name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                doc.text.into_bytes(),
                "text/plain; charset=utf-8",
                format!("{}.txt", header_filename(&stem, doc.id.short())),
                "text",
            )
        }
    };
    let disposition = format!("attachment; filename=\"{filename}\"");
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert("x-accord-download", HeaderValue::from_static(which));
    Ok(resp)
}

// ---------------------------------------------------------------------------------------------
// Commitments

#[derive(Debug, Default, Deserialize)]
pub struct Flash {
    pub saved: Option<String>,
    pub error: Option<String>,
}

fn flash(f: &Flash) -> Markup {
    html! {
        @if let Some(s) = &f.saved { div.notice.ok role="status" { (s) } }
        @if let Some(e) = &f.error { div.notice.bad role="alert" { (e) } }
    }
}

/// The status-change form of one commitment (a select, a note, who).
fn status_form(id: &str, current: Status, back: &str) -> Markup {
    html! {
        form.inline method="post" action={"/commitments/" (id) "/status"} {
            input type="hidden" name="back" value=(back);
            div {
                label for={"to-" (id)} { "New status" }
                select id={"to-" (id)} name="to" {
                    @for s in Status::ALL {
                        @if s != current { option value=(s.as_str()) { (status_label(s)) } }
                    }
                }
            }
            div style="flex:1;min-width:200px" {
                label for={"note-" (id)} { "Note (needed to drop, waive or reopen)" }
                input type="text" id={"note-" (id)} name="note" style="width:100%";
            }
            div {
                label for={"by-" (id)} { "Your name" }
                input type="text" id={"by-" (id)} name="by" size="10";
            }
            button type="submit" { "Change status" }
        }
    }
}

fn followup_forms(f: &FollowUp, back: &str) -> Markup {
    html! {
        div.inline style="gap:6px;margin-top:4px" {
            form method="post" action={"/followups/" (f.id) "/accept"} {
                input type="hidden" name="back" value=(back);
                button type="submit" title="Link this sentence as evidence" {
                    "Accept"
                    @if let Some(s) = f.suggests { " (→ " (status_label(s)) ")" }
                }
            }
            form method="post" action={"/followups/" (f.id) "/reject"} {
                input type="hidden" name="back" value=(back);
                button.danger type="submit" { "Reject" }
            }
        }
    }
}

fn rows_table(rows: &[CommitmentRow], back: &str, with_forms: bool) -> Markup {
    html! {
        div.table-wrap {
            table {
                thead { tr { th { "Status" } th { "Commitment" } th { "By" } th { "Owner" } th { "Due" } } }
                tbody {
                    @for r in rows {
                        tr class=[r.days_late.map(|_| "is-overdue")] {
                            td {
                                (status_badge(r.status))
                                @if let Some(d) = r.days_late { br; span.badge.overdue { "⚠ Overdue " (view::days(d)) } }
                                @else if let Some(d) = r.days_left.filter(|d| *d <= 30) { br; span.badge.soon { (view::due_in(d)) } }
                            }
                            td {
                                a href={"/commitments/" (r.id)} { (r.action) }
                                div.small.muted {
                                    (r.id)
                                    @if let Some(g) = &r.group { " · " (g) }
                                    @if r.pending > 0 { " · " (r.pending) " follow-up" @if r.pending != 1 { "s" } " to review" }
                                }
                                @if let Some(n) = &r.status_note { div.small { "Note: " (n) } }
                                @if with_forms && r.merged_into.is_none() {
                                    details.small {
                                        summary { "Change status" }
                                        (status_form(&r.id, r.status, back))
                                    }
                                }
                            }
                            td { (r.by.join(", ")) }
                            td { (r.owner.to_string()) }
                            td.date {
                                @match r.due { Some(d) => { (d) }, None => { span.muted { "—" } } }
                                @if let Some(t) = &r.due_text { div.small.muted { "“" (t) "”" } }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct DashboardParams {
    #[serde(flatten)]
    pub filter: CommitmentParams,
    pub saved: Option<String>,
    pub error: Option<String>,
}

/// `GET /commitments`: the dashboard; filters (status, party, group, owner, due within), overdue
/// first and marked, a status change per row, and suggested follow-ups to accept or reject.
pub async fn commitments(
    State(state): State<AppState>,
    params: std::result::Result<Query<DashboardParams>, QueryRejection>,
) -> PageResult {
    let Query(p) = params.map_err(bad_query)?;
    let filter = p.filter.filter().map_err(html_err)?;
    let as_of = api::as_of(&state, &p.filter.as_of).map_err(html_err)?;
    let limit = p.filter.limit().map_err(html_err)?;
    let (rows, followups) = state
        .read(move |lib| {
            let rows = lib.list_commitments(&filter, as_of, limit)?.rows;
            let followups: Vec<FollowUp> = lib
                .followups(false)?
                .into_iter()
                .filter(|f| matches!(f.target, Target::Commitment(_)))
                .collect();
            Ok((rows, followups))
        })
        .await
        .map_err(html_err)?;
    let overdue = rows.iter().filter(|r| r.days_late.is_some()).count();
    let fp = &p.filter;
    let val = |s: &Option<String>| s.clone().unwrap_or_default();
    let status_sel = val(&fp.status);
    let due_sel = val(&fp.due_within);
    let back = "/commitments";
    let body = html! {
        h1 { "Commitments" }
        (flash(&Flash { saved: p.saved.clone(), error: p.error.clone() }))
        form.card.inline method="get" action="/commitments" aria-label="Filter commitments" {
            div {
                label for="f-status" { "Status" }
                select #f-status name="status" {
                    option value="" selected[status_sel.is_empty()] { "Any" }
                    option value="open,in_progress" selected[status_sel == "open,in_progress"] { "Active (open or in progress)" }
                    @for s in Status::ALL {
                        option value=(s.as_str()) selected[status_sel == s.as_str()] { (status_label(s)) }
                    }
                }
            }
            div { label for="f-party" { "Party" } input #f-party type="text" name="party" value=(val(&fp.party)) size="14"; }
            div { label for="f-group" { "Working group" } input #f-group type="text" name="group" value=(val(&fp.group)) size="14"; }
            div { label for="f-owner" { "Owner" } input #f-owner type="text" name="owner" value=(val(&fp.owner)) size="12"; }
            div {
                label for="f-due" { "Due within" }
                select #f-due name="due_within" {
                    option value="" selected[due_sel.is_empty()] { "Any time" }
                    @for (v, l) in [("7d", "7 days"), ("30d", "30 days"), ("90d", "90 days"), ("1y", "a year")] {
                        option value=(v) selected[due_sel == v] { (l) }
                    }
                }
            }
            div {
                label for="f-overdue" { "Overdue only" }
                input #f-overdue type="checkbox" name="overdue" value="1" checked[fp.overdue.as_deref() == Some("1")];
            }
            div { label for="f-asof" { "As of" } input #f-asof type="date" name="as_of" value=(as_of.to_string()); }
            button type="submit" { "Apply" }
            a.button.secondary href="/commitments" { "Clear" }
        }
        p.muted.small aria-live="polite" {
            (rows.len()) " commitment" @if rows.len() != 1 { "s" } " as of " (as_of)
            @if overdue > 0 { ", " strong { (overdue) " overdue" } " (listed first)" }
            " · " a href="/api/calendar.ics" { "deadlines as a calendar (.ics)" }
        }
        div.card { (rows_table(&rows, back, true)) }
        h2 #followups { "Suggested follow-ups (" (followups.len()) ")" }
        p.small.muted { "Sentences in later documents that seem to report on a commitment. Accepting links the sentence as evidence and moves the status as suggested." }
        @if followups.is_empty() { div.card { p.muted { "Nothing to review." } } }
        @for f in &followups {
            div.card {
                div.small.muted {
                    (f.id) " · score " (format!("{:.2}", f.score))
                    @if let Target::Commitment(c) = &f.target { " · for " a href={"/commitments/" (c)} { (c) } }
                }
                p { strong { (f.label) } }
                blockquote style="margin:4px 0 4px 8px" {
                    "“" (f.evidence.sentence) "”"
                    div.small.muted {
                        a href={"/documents/" (f.evidence.doc)} { (f.source.clone().unwrap_or_else(|| f.evidence.doc.short().to_string())) }
                        @if let Some(d) = f.evidence.published { " · " (d) }
                    }
                }
                @if let Some(n) = &f.note { p.small { "Suggested note: " (n) } }
                (followup_forms(f, &format!("{back}#followups")))
            }
        }
    };
    ok(page("Commitments", "/commitments", body))
}

#[derive(Debug, Default, Deserialize)]
pub struct DetailParams {
    pub as_of: Option<String>,
    pub saved: Option<String>,
    pub error: Option<String>,
}

/// `GET /commitments/{id}`: one commitment with its source sentence, status form, follow-ups and
/// history.
pub async fn commitment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: std::result::Result<Query<DetailParams>, QueryRejection>,
) -> PageResult {
    let Query(p) = params.map_err(bad_query)?;
    let as_of = api::as_of(&state, &p.as_of).map_err(html_err)?;
    let d: CommitmentDetail = state
        .read(move |lib| {
            let id = lib.resolve_commitment(&id)?;
            lib.commitment_detail(&id, as_of)
        })
        .await
        .map_err(html_err)?;
    let r = &d.row;
    let back = format!("/commitments/{}", r.id);
    let body = html! {
        p.small { a href="/commitments" { "← Commitments" } }
        h1 { (r.action) }
        (flash(&Flash { saved: p.saved.clone(), error: p.error.clone() }))
        div.card {
            p #status { "Status: " (status_badge(r.status)) " " (timing_badge(&d.timing)) }
            dl.kv {
                dt { "Id" } dd { code { (r.id) } }
                dt { "By" } dd {
                    @for (i, b) in r.by.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={"/parties/" (encode(b))} { (b) }
                    }
                }
                dt { "Owner" } dd { (r.owner.to_string()) }
                dt { "Due" } dd {
                    @match r.due { Some(due) => { (due) }, None => { "not stated" } }
                    @if let Some(t) = &r.due_text { span.muted { " (“" (t) "”)" } }
                }
                dt { "Strength" } dd { (format!("{:?}", r.strength).to_lowercase()) }
                @if let Some(g) = &r.group { dt { "Working group" } dd { (g) } }
                @if let Some(n) = &r.status_note { dt { "Status note" } dd { (n) } }
                @if let Some(m) = &r.merged_into { dt { "Merged into" } dd { a href={"/commitments/" (m)} { (m) } } }
                dt { "As of" } dd { (d.as_of) }
            }
            @if let Some(s) = &d.sentence {
                h3 { "Where it is stated" }
                blockquote style="margin:4px 0 4px 8px" {
                    "“" (s) "”"
                    @if let Some(doc) = &r.document {
                        div.small { a href={"/documents/" (doc) "#" (r.id)} { (r.source.clone().unwrap_or_else(|| doc.short().to_string())) } @if let Some(p) = r.published { " · " (p) } }
                    }
                }
            }
        }
        @if r.merged_into.is_none() {
            section.card aria-labelledby="change" {
                h2 #change { "Change the status" }
                (status_form(&r.id, r.status, &back))
            }
        }
        @if !d.state.evidence.is_empty() {
            section.card {
                h2 { "Evidence" }
                ul {
                    @for e in &d.state.evidence {
                        li { "“" (e.sentence) "” " a.small href={"/documents/" (e.doc)} { (e.doc.short()) } @if let Some(p) = e.published { span.small.muted { " · " (p) } } }
                    }
                }
            }
        }
        @let pending: Vec<&FollowUp> = d.followups.iter().filter(|f| f.status == FollowUpStatus::Suggested).collect();
        @if !pending.is_empty() {
            section.card {
                h2 { "Suggested follow-ups" }
                @for f in pending {
                    div style="margin-bottom:10px" {
                        "“" (f.evidence.sentence) "”"
                        div.small.muted { (f.source.clone().unwrap_or_default()) " · score " (format!("{:.2}", f.score)) @if let Some(n) = &f.note { " · " (n) } }
                        (followup_forms(f, &back))
                    }
                }
            }
        }
        section.card {
            h2 { "History" }
            ol.timeline {
                @for e in &d.history {
                    li {
                        span.small.muted { (e.at.format("%Y-%m-%d %H:%M UTC")) " · " (e.actor.to_string()) }
                        br;
                        (event_text(&e.kind))
                    }
                }
            }
        }
    };
    ok(page(&format!("Commitment {}", r.id), "/commitments", body))
}

fn event_text(k: &EventKind) -> Markup {
    let note = |n: &Option<String>| -> Markup {
        html! { @if let Some(n) = n { span { " — “" (n) "”" } } }
    };
    match k {
        EventKind::Extracted { doc, .. } => {
            html! { "Found in " a href={"/documents/" (doc)} { (doc.short()) } }
        }
        EventKind::Added { note: n, .. } => html! { "Recorded by hand" (note(n)) },
        EventKind::StatusChanged { to, note: n } => {
            html! { "Status → " (status_badge(*to)) (note(n)) }
        }
        EventKind::DueChanged { due, note: n } => html! {
            "Deadline set to " (due.map(|d| d.to_string()).unwrap_or_else(|| "none".into())) (note(n))
        },
        EventKind::OwnerChanged { owner, note: n } => {
            html! { "Owner → " (owner.to_string()) (note(n)) }
        }
        EventKind::NoteAdded { text } => html! { "Note: “" (text) "”" },
        EventKind::EvidenceSuggested { evidence, .. } => html! {
            "Follow-up suggested: “" (evidence.sentence) "”"
        },
        EventKind::EvidenceLinked { evidence, note: n } => html! {
            "Evidence linked: “" (evidence.sentence) "”" (note(n))
        },
        EventKind::EvidenceRejected { evidence, note: n } => html! {
            "Suggestion rejected: “" (evidence.sentence) "”" (note(n))
        },
        EventKind::Merged { into } => html! {
            @match into { Some(i) => { "Merged into " a href={"/commitments/" (i)} { (i) } }, None => { "Merge undone" } }
        },
    }
}

/// A same-site path to go back to after a form (anything else goes to `fallback`).
fn safe_back(back: Option<&str>, fallback: &str) -> String {
    match back {
        Some(b) if b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') => b.to_string(),
        _ => fallback.to_string(),
    }
}

/// Appends a flash message to a path (before any `#fragment`).
fn with_flash(path: &str, key: &str, msg: &str) -> String {
    let (base, frag) = match path.split_once('#') {
        Some((b, f)) => (b, format!("#{f}")),
        None => (path, String::new()),
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{key}={}{frag}", encode(msg))
}

#[derive(Debug, Default, Deserialize)]
pub struct StatusForm {
    pub to: String,
    pub note: Option<String>,
    pub by: Option<String>,
    pub back: Option<String>,
}

/// `POST /commitments/{id}/status`: the page's status change; redirects back with a message.
pub async fn change_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: std::result::Result<Form<StatusForm>, FormRejection>,
) -> PageResult {
    state.authorize(&headers).map_err(html_err)?;
    let Form(f) = form.map_err(|e| ApiError::bad_request(e.body_text()).html())?;
    let back = safe_back(f.back.as_deref(), &format!("/commitments/{id}"));
    let to: Status = f.to.parse().map_err(|e: Error| ApiError::from(e).html())?;
    let note = f.note.filter(|n| !n.trim().is_empty());
    let actor = api::actor(f.by.as_deref());
    let resolved = state
        .read(move |lib| lib.resolve_commitment(&id))
        .await
        .map_err(html_err)?;
    let target = resolved.clone();
    let result = state
        .write(move |lib| {
            lib.record(
                &target,
                actor,
                chrono::Utc::now(),
                EventKind::StatusChanged { to, note },
            )
        })
        .await;
    let to_url = match result {
        Ok(_) => with_flash(
            &back,
            "saved",
            &format!("{resolved} is now {}.", status_label(to)),
        ),
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            with_flash(&back, "error", &format!("Not changed: {}", e.message))
        }
        Err(e) => return Err(e.html()),
    };
    Ok(Redirect::to(&to_url).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct DecisionForm {
    pub note: Option<String>,
    pub by: Option<String>,
    pub back: Option<String>,
}

/// `POST /followups/{id}/accept|reject`: decides a suggested follow-up; redirects back.
pub async fn decide_followup(
    State(state): State<AppState>,
    Path((id, decision)): Path<(String, String)>,
    headers: HeaderMap,
    form: std::result::Result<Form<DecisionForm>, FormRejection>,
) -> PageResult {
    state.authorize(&headers).map_err(html_err)?;
    let Form(f) = form.map_err(|e| ApiError::bad_request(e.body_text()).html())?;
    let accept = match decision.as_str() {
        "accept" => true,
        "reject" => false,
        _ => return Err(ApiError::not_found("no such decision (accept or reject)").html()),
    };
    let back = safe_back(f.back.as_deref(), "/commitments");
    let note = f.note.filter(|n| !n.trim().is_empty());
    let actor = api::actor(f.by.as_deref());
    let result = state
        .write(move |lib| {
            let fu = lib.resolve_followup(&id)?;
            if accept {
                lib.accept_followup(&fu, None, note, actor, chrono::Utc::now())?;
            } else {
                lib.reject_followup(&fu, note, actor, chrono::Utc::now())?;
            }
            Ok(fu.id)
        })
        .await;
    let to_url = match result {
        Ok(fid) => with_flash(
            &back,
            "saved",
            &format!("{fid} {}.", if accept { "accepted" } else { "rejected" }),
        ),
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            with_flash(&back, "error", &format!("Not changed: {}", e.message))
        }
        Err(e) => return Err(e.html()),
    };
    Ok(Redirect::to(&to_url).into_response())
}

// ---------------------------------------------------------------------------------------------
// Working groups and parties

fn activity_badge(a: &Activity) -> Markup {
    match a {
        Activity::Active { last_seen } => {
            html! { span.badge.s-done { "Active" } span.small.muted { " last seen " (last_seen) } }
        }
        Activity::Dormant {
            last_seen,
            days_silent,
        } => html! {
            span.badge.s-dropped { "Dormant" } span.small.muted { " silent " (view::days(*days_silent)) " since " (last_seen) }
        },
        Activity::Unknown => html! { span.badge.s-dropped { "Unknown" } },
    }
}

/// `GET /groups`: every working group with its activity and counts.
pub async fn groups(
    State(state): State<AppState>,
    params: std::result::Result<Query<api::AsOfParams>, QueryRejection>,
) -> PageResult {
    let Query(p) = params.map_err(bad_query)?;
    let as_of = api::as_of(&state, &p.as_of).map_err(html_err)?;
    let views = state
        .read(move |lib| lib.group_views(as_of, track::Period::Months(6)))
        .await
        .map_err(html_err)?;
    let body = html! {
        h1 { "Working groups" }
        p.muted.small { (views.len()) " groups as of " (as_of) "; dormant when not seen for 6 months." }
        div.card.table-wrap {
            table {
                thead { tr { th { "Group" } th { "Members" } th { "Activity" } th { "Commitments" } } }
                tbody {
                    @for g in &views {
                        tr {
                            td { a href={"/groups/" (g.record.id)} { (g.record.name) } div.small.muted { (g.record.id) } }
                            td { (g.record.members.join(", ")) }
                            td { (activity_badge(&g.activity)) }
                            td {
                                (g.commitments.len())
                                @let late = g.commitments.iter().filter(|c| c.days_late.is_some()).count();
                                @if late > 0 { " " span.badge.overdue { (late) " overdue" } }
                            }
                        }
                    }
                }
            }
        }
    };
    ok(page("Working groups", "/groups", body))
}

/// `GET /groups/{id}`: members, mandate, commitments and their status, sightings, timeline.
pub async fn group(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: std::result::Result<Query<DetailParams>, QueryRejection>,
) -> PageResult {
    let Query(p) = params.map_err(bad_query)?;
    let as_of = api::as_of(&state, &p.as_of).map_err(html_err)?;
    let g: GroupView = api::group_view(&state, id, as_of, track::Period::Months(6))
        .await
        .map_err(html_err)?;
    let rec = &g.record;
    let back = format!("/groups/{}", rec.id);
    // The timeline: founding, sightings and deadlines, by date.
    let mut timeline: Vec<(NaiveDate, Markup)> = Vec::new();
    if let Some(d) = rec.founding_published {
        timeline.push((d, html! { "Named in " @if let Some(doc) = &rec.founding_doc { a href={"/documents/" (doc)} { (g.founding_source.clone().unwrap_or_else(|| doc.short().to_string())) } } }));
    }
    if let Some(e) = rec.established {
        timeline.push((e.first_day(), html! { "Established (" (e) ")" }));
    }
    for s in &rec.sightings {
        if let Some(d) = s.date.or(s.evidence.published) {
            timeline.push((d, html! { "Seen: “" (s.evidence.sentence) "” " a.small href={"/documents/" (s.evidence.doc)} { (s.evidence.doc.short()) } }));
        }
    }
    for c in &g.commitments {
        if let Some(d) = c.due {
            timeline.push((d, html! { "Due: " a href={"/commitments/" (c.id)} { (c.action) } " " (status_badge(c.status)) }));
        }
    }
    timeline.sort_by_key(|(d, _)| *d);
    let body = html! {
        p.small { a href="/groups" { "← Working groups" } }
        h1 { (rec.name) }
        (flash(&Flash { saved: p.saved.clone(), error: p.error.clone() }))
        div.card {
            p { (activity_badge(&g.activity)) }
            dl.kv {
                dt { "Id" } dd { code { (rec.id) } }
                dt { "Members" } dd {
                    @if rec.members.is_empty() { span.muted { "not named" } }
                    @for (i, m) in rec.members.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={"/parties/" (encode(m))} { (m) }
                    }
                }
                dt { "Mandate" } dd { (rec.mandate.clone().unwrap_or_else(|| "not stated".into())) }
                @if let Some(e) = rec.established { dt { "Established" } dd { (e) } }
                @if let Some(doc) = &rec.founding_doc {
                    dt { "Founding document" } dd { a href={"/documents/" (doc)} { (g.founding_source.clone().unwrap_or_else(|| doc.short().to_string())) } }
                }
            }
        }
        section.card {
            h2 { "Commitments (" (g.commitments.len()) ")" }
            @if g.commitments.is_empty() { p.muted { "None carried by this group." } } @else { (rows_table(&g.commitments, &back, false)) }
        }
        section.card {
            h2 { "Sightings (" (rec.sightings.len()) ")" }
            @if rec.sightings.is_empty() { p.muted.small { "No later document has been accepted as showing this group at work." } }
            ul { @for s in &rec.sightings { li { "“" (s.evidence.sentence) "” " span.small.muted { (s.date.map(|d| d.to_string()).unwrap_or_default()) } } } }
            @if !g.pending.is_empty() {
                h3 { "Suggested sightings" }
                @for f in &g.pending {
                    div style="margin-bottom:10px" {
                        "“" (f.evidence.sentence) "”"
                        div.small.muted { (f.source.clone().unwrap_or_default()) @if let Some(d) = f.date { " · " (d) } }
                        (followup_forms(f, &back))
                    }
                }
            }
        }
        section.card {
            h2 { "Timeline" }
            ol.timeline { @for (d, m) in &timeline { li { strong { (d) } " — " (m) } } }
        }
    };
    ok(page(&rec.name, "/groups", body))
}

/// `GET /parties`: every party with its aliases and documents.
pub async fn parties(State(state): State<AppState>) -> PageResult {
    let list = state.read(|lib| lib.parties()).await.map_err(html_err)?;
    let body = html! {
        h1 { "Parties" }
        p.muted.small { (list.len()) " organisations, most cited first. Names that share a name or alias are one party." }
        div.card.table-wrap {
            table {
                thead { tr { th { "Party" } th { "Also named" } th { "Documents" } } }
                tbody {
                    @for p in &list {
                        tr {
                            td { a href={"/parties/" (encode(&p.name))} { (p.name) } }
                            td.small { (p.aliases.join(", ")) }
                            td { (p.documents.len()) }
                        }
                    }
                }
            }
        }
    };
    ok(page("Parties", "/parties", body))
}

struct PartyPage {
    party: PartyEntry,
    docs: Vec<Document>,
    rows: Vec<CommitmentRow>,
    groups: Vec<GroupView>,
}

/// `GET /parties/{name}` (any of its names, URL-encoded): aliases, people, commitments, working
/// groups it belongs to, and its documents as a timeline.
pub async fn party(
    State(state): State<AppState>,
    Path(name): Path<String>,
    params: std::result::Result<Query<DetailParams>, QueryRejection>,
) -> PageResult {
    let Query(p) = params.map_err(bad_query)?;
    let as_of = api::as_of(&state, &p.as_of).map_err(html_err)?;
    let pp = state
        .read(move |lib| {
            let party = lib
                .parties()?
                .into_iter()
                .find(|p| p.answers_to(&name))
                .ok_or_else(|| Error::NotFound(format!("no party named {name:?}")))?;
            let mut docs = Vec::new();
            for id in &party.documents {
                if let Some(d) = lib.store().document(id)? {
                    docs.push(d);
                }
            }
            docs.sort_by_key(|d| std::cmp::Reverse(d.published));
            let filter = track::Filter {
                party: Some(party.name.clone()),
                ..Default::default()
            };
            let rows = lib
                .list_commitments(&filter, as_of, Some(crate::library::COMMITMENTS_PAGE))?
                .rows;
            let groups = lib
                .group_views(as_of, track::Period::Months(6))?
                .into_iter()
                .filter(|g| g.record.members.iter().any(|m| party.answers_to(m)))
                .collect();
            Ok(PartyPage {
                party,
                docs,
                rows,
                groups,
            })
        })
        .await
        .map_err(html_err)?;
    let party = &pp.party;
    let back = format!("/parties/{}", encode(&party.name));
    let body = html! {
        p.small { a href="/parties" { "← Parties" } }
        h1 { (party.name) }
        div.card {
            dl.kv {
                dt { "Also named" } dd { @if party.aliases.is_empty() { span.muted { "—" } } (party.aliases.join(", ")) }
                @if !party.merged.is_empty() { dt { "Merged in" } dd { (party.merged.join(", ")) } }
                dt { "People" } dd {
                    @if party.people.is_empty() { span.muted { "—" } }
                    @for (i, p) in party.people.iter().enumerate() {
                        @if i > 0 { "; " }
                        (p.name) @if let Some(r) = &p.role { span.muted { ", " (r) } }
                    }
                }
            }
        }
        section.card {
            h2 { "Commitments (" (pp.rows.len()) ")" }
            @if pp.rows.is_empty() { p.muted { "None." } } @else { (rows_table(&pp.rows, &back, false)) }
        }
        section.card {
            h2 { "Working groups (" (pp.groups.len()) ")" }
            @if pp.groups.is_empty() { p.muted { "None." } }
            ul { @for g in &pp.groups { li { a href={"/groups/" (g.record.id)} { (g.record.name) } " " (activity_badge(&g.activity)) } } }
        }
        section.card {
            h2 { "Timeline: documents naming it (" (pp.docs.len()) ")" }
            ol.timeline {
                @for d in &pp.docs {
                    li {
                        strong { (d.published.map(|p| p.to_string()).unwrap_or_else(|| "undated".into())) }
                        " — " a href={"/documents/" (d.id)} { (d.title.clone().unwrap_or_else(|| d.source.clone())) }
                    }
                }
            }
        }
    };
    ok(page(&party.name, "/parties", body))
}

// ---------------------------------------------------------------------------------------------
// Upload

/// The drag-and-drop script: posts each dropped or picked file to `/api/documents` and lists the
/// outcome. Writes with `textContent` only, never HTML.
pub const UPLOAD_JS: &str = r#"(function(){
var form=document.getElementById('upload-form');var zone=document.getElementById('drop');
var input=document.getElementById('file');var list=document.getElementById('results');
if(!form||!zone||!input||!list||!window.fetch||!window.FormData)return;
function line(text,cls){var li=document.createElement('li');li.textContent=text;if(cls)li.className=cls;list.appendChild(li);return li;}
function send(file){var li=line(file.name+': uploading…');var fd=new FormData();fd.append('file',file,file.name);
fetch('/api/documents',{method:'POST',body:fd,credentials:'same-origin'}).then(function(r){return r.json().then(function(j){return[r.status,j];});})
.then(function(x){var s=x[0],j=x[1];var o=j.outcome||j;
if(s===201||s===200){li.textContent='';var a=document.createElement('a');a.href='/documents/'+o.id;a.textContent=file.name;li.appendChild(a);
li.appendChild(document.createTextNode(s===201?' — ingested: '+(o.commitments||0)+' commitments, '+(o.organizations||0)+' parties':' — already stored (unchanged)'));li.className='ok';}
else{li.textContent=file.name+' — failed: '+(j.error||('HTTP '+s));li.className='bad';}})
.catch(function(e){li.textContent=file.name+' — failed: '+e;li.className='bad';});}
function all(files){for(var i=0;i<files.length;i++)send(files[i]);}
zone.addEventListener('dragover',function(e){e.preventDefault();zone.classList.add('over');});
zone.addEventListener('dragleave',function(){zone.classList.remove('over');});
zone.addEventListener('drop',function(e){e.preventDefault();zone.classList.remove('over');all(e.dataTransfer.files);});
form.addEventListener('submit',function(e){if(input.files.length){e.preventDefault();all(input.files);input.value='';}});
})();"#;

/// `GET /static/upload.js`.
pub async fn upload_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        UPLOAD_JS,
    )
        .into_response()
}

fn upload_page(results: &[(String, std::result::Result<FileOutcome, String>)]) -> Markup {
    html! {
        h1 { "Upload documents" }
        p.muted { "PDF, HTML, Word (DOCX) or text. Each file is read, analysed, stored and indexed; a file already stored is reported unchanged." }
        form #upload-form.card method="post" action="/upload" enctype="multipart/form-data" {
            div #drop.drop {
                p { strong { "Drop files here" } " or choose them:" }
                label for="file" { "Files to ingest" }
                input #file type="file" name="file" multiple accept=".pdf,.html,.htm,.xhtml,.docx,.txt,.md,.text";
                p { button type="submit" { "Upload" } }
            }
        }
        section.card aria-live="polite" {
            h2 { "Results" }
            p.small.muted { "One line per file: ingested (new), unchanged (already stored) or failed, with the reason." }
            ul #results.results {
                @for (name, r) in results {
                    @match r {
                        Ok(o) => {
                            li {
                                @match (o.status, &o.id) {
                                    (IngestStatus::Ingested, Some(id)) => {
                                        span.badge.s-done { "Ingested" } " " a href={"/documents/" (id)} { (name) }
                                        span.small.muted { " — " (o.commitments) " commitments, " (o.organizations) " parties, " (o.working_groups) " working groups" }
                                    }
                                    (IngestStatus::Unchanged, Some(id)) => {
                                        span.badge.s-open { "Unchanged" } " " a href={"/documents/" (id)} { (name) } span.small.muted { " — already stored" }
                                    }
                                    _ => {
                                        span.badge.overdue { "Failed" } " " (name) " — " (o.reason.clone().unwrap_or_default())
                                    }
                                }
                            }
                        }
                        Err(e) => { li { span.badge.overdue { "Failed" } " " (name) " — " (e) } }
                    }
                }
            }
        }
        script src="/static/upload.js" defer {}
    }
}

/// `GET /upload`.
pub async fn upload_form() -> PageResult {
    ok(page("Upload", "/upload", upload_page(&[])))
}

/// `POST /upload`: the form's files (one or more `file` fields), ingested one by one, with a
/// result per file.
pub async fn upload(State(state): State<AppState>, req: Request) -> PageResult {
    state.authorize(req.headers()).map_err(html_err)?;
    let uploads = api::read_uploads(&state, None, req)
        .await
        .map_err(html_err)?;
    let mut results = Vec::new();
    for up in uploads {
        let name = intake::display_name(&up.filename);
        let r = state
            .write(move |lib| intake::ingest_upload(lib, &up.bytes, &up.filename))
            .await
            .map_err(|e| e.message);
        results.push((name, r));
    }
    ok(page("Upload", "/upload", upload_page(&results)))
}

// ---------------------------------------------------------------------------------------------
// Report

#[derive(Debug, Default, Deserialize)]
pub struct ReportPageParams {
    #[serde(flatten)]
    pub report: ReportParams,
    pub format: Option<String>,
}

/// `GET /report`: the follow-up report at a date; `?format=html` downloads the self-contained
/// HTML report the CLI writes.
pub async fn report(
    State(state): State<AppState>,
    params: std::result::Result<Query<ReportPageParams>, QueryRejection>,
) -> PageResult {
    let Query(p) = params.map_err(bad_query)?;
    let as_of = api::as_of(&state, &p.report.as_of).map_err(html_err)?;
    let opts = p.report.options(as_of).map_err(html_err)?;
    let r = state
        .read(move |lib| lib.report(as_of, &opts))
        .await
        .map_err(html_err)?;
    if p.format.as_deref() == Some("html") {
        return Ok((
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"accord-report.html\"",
                ),
            ],
            r.to_html(),
        )
            .into_response());
    }
    let t = &r.totals;
    let items = |title: &str, what: &str, list: &[track::Item]| -> Markup {
        html! {
            section.card {
                h2 { (title) " (" (list.len()) ")" }
                @if list.is_empty() { p.muted { "None." } } @else {
                    div.table-wrap { table {
                        thead { tr { th { "Commitment" } th { "By" } th { "Owner" } th { "Due" } th { (what) } } }
                        tbody { @for i in list { tr {
                            td { a href={"/commitments/" (i.id)} { (i.action) } div.small { (status_badge(i.status)) } }
                            td { (i.by.join(", ")) } td { (i.owner) }
                            td.date { (i.due.map(|d| d.to_string()).unwrap_or_default()) } td { (i.days) }
                        } } }
                    } }
                }
            }
        }
    };
    let body = html! {
        h1 { "Follow-up report" }
        form.card.inline method="get" action="/report" {
            div { label for="r-asof" { "As of" } input #r-asof type="date" name="as_of" value=(as_of.to_string()); }
            div { label for="r-party" { "Party" } input #r-party type="text" name="party" value=(p.report.party.clone().unwrap_or_default()); }
            div { label for="r-group" { "Working group" } input #r-group type="text" name="group" value=(p.report.group.clone().unwrap_or_default()); }
            button type="submit" { "Show" }
            a.button.secondary href={"/report?format=html&as_of=" (as_of)} { "Download HTML" }
            a.button.secondary href={"/api/report?as_of=" (as_of)} { "JSON" }
        }
        div.stats {
            div.stat { b { (t.total) } "commitments" }
            div.stat { b { (t.overdue) } span.badge.overdue { "overdue" } }
            @for s in Status::ALL { div.stat { b { (t.of(s)) } (status_badge(s)) } }
        }
        (items("Overdue", "Days late", &r.overdue))
        (items(&format!("Due within {} days", r.due_days), "Days left", &r.due_soon))
        (items(&format!("Completed in the last {} days", r.recent_days), "Days ago", &r.recently_completed))
        section.card {
            h2 { "Working groups" }
            div.table-wrap { table {
                thead { tr { th { "Group" } th { "Activity" } th { "Open" } th { "In progress" } th { "Done" } th { "Overdue" } } }
                tbody { @for g in &r.groups { tr {
                    td { @if g.id.is_empty() { (g.name) } @else { a href={"/groups/" (g.id)} { (g.name) } } }
                    td { (activity_badge(&g.activity)) }
                    td { (g.counts.open) } td { (g.counts.in_progress) } td { (g.counts.done) } td { (g.counts.overdue) }
                } } }
            } }
        }
        section.card {
            h2 { "Parties" }
            div.table-wrap { table {
                thead { tr { th { "Party" } th { "Total" } th { "Open" } th { "In progress" } th { "Done" } th { "Overdue" } } }
                tbody { @for l in &r.parties { tr {
                    td { a href={"/parties/" (encode(&l.party))} { (l.party) } }
                    td { (l.counts.total) } td { (l.counts.open) } td { (l.counts.in_progress) } td { (l.counts.done) } td { (l.counts.overdue) }
                } } }
            } }
        }
        @if !r.dormant_groups.is_empty() {
            section.card {
                h2 { "Dormant working groups" }
                ul { @for d in &r.dormant_groups { li { a href={"/groups/" (d.id)} { (d.name) } " — silent " (view::days(d.days_silent)) " since " (d.last_seen) } } }
            }
        }
    };
    ok(page("Report", "/report", body))
}

// ---------------------------------------------------------------------------------------------
// Sign-in

#[derive(Debug, Default, Deserialize)]
pub struct LoginForm {
    pub token: String,
}

fn login_page(state: &AppState, message: Option<&str>) -> Markup {
    page(
        "Sign in",
        "",
        html! {
            h1 { "Sign in" }
            @if let Some(m) = message { div.notice.bad role="alert" { (m) } }
            @if state.token_required() {
                p { "This server needs its token for changes (uploads, status changes). It is kept in a cookie for this site only." }
                form.card.inline method="post" action="/login" {
                    div { label for="token" { "Token" } input #token type="password" name="token" autocomplete="current-password"; }
                    button type="submit" { "Sign in" }
                }
            } @else {
                div.notice.ok { "This server runs on this machine without a token: changes need no sign-in." }
            }
        },
    )
}

/// `GET /login`.
pub async fn login_form(State(state): State<AppState>) -> PageResult {
    ok(login_page(&state, None))
}

/// `POST /login`: checks the token and keeps it in an HttpOnly, SameSite=Strict cookie.
pub async fn login(
    State(state): State<AppState>,
    form: std::result::Result<Form<LoginForm>, FormRejection>,
) -> PageResult {
    let Form(f) = form.map_err(|e| ApiError::bad_request(e.body_text()).html())?;
    let mut h = HeaderMap::new();
    h.insert(
        header::AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {}", f.token.trim())).map_err(|_| {
            ApiError::bad_request("the token has characters a token cannot have").html()
        })?,
    );
    if !state.token_required() || state.authorize(&h).is_err() {
        return Ok((
            StatusCode::UNAUTHORIZED,
            login_page(&state, Some("That is not this server's token.")),
        )
            .into_response());
    }
    let cookie = format!(
        "{TOKEN_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict",
        f.token.trim()
    );
    let mut resp = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(resp)
}

/// The facet values of a document, through the state's cache.
impl AppState {
    pub(crate) fn facets_of(
        &self,
        lib: &crate::Library,
        id: &DocId,
    ) -> Result<Arc<facets::DocFacets>> {
        if let Some(f) = self
            .inner
            .facets
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
        {
            return Ok(f.clone());
        }
        let f = Arc::new(facets::doc_facets(lib, id)?);
        self.inner
            .facets
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.clone(), f.clone());
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_filenames_are_plain_ascii() {
        // (id, name, header filename)
        let cases = [
            ("plain", "memo.pdf", "memo.pdf"),
            (
                "quotes",
                "a\"b\r\nSet-Cookie: x.txt",
                "a_b__Set-Cookie__x.txt",
            ),
            ("hangul", "통신.txt", "txt"),
            ("empty", "", "fallback"),
        ];
        for (id, name, want) in cases {
            assert_eq!(header_filename(name, "fallback"), want, "{id}");
        }
    }

    #[test]
    fn back_links_stay_on_this_site() {
        // (id, back, where to)
        let cases = [
            ("path", Some("/commitments#x"), "/commitments#x"),
            ("other site", Some("https://evil.example/"), "/f"),
            ("scheme-relative", Some("//evil.example/"), "/f"),
            ("backslash", Some("/\\evil.example"), "/f"),
            ("none", None, "/f"),
        ];
        for (id, back, want) in cases {
            assert_eq!(safe_back(back, "/f"), want, "{id}");
        }
    }

    #[test]
    fn flash_goes_before_the_fragment() {
        assert_eq!(
            with_flash("/commitments#followups", "saved", "ok now"),
            "/commitments?saved=ok%20now#followups"
        );
        assert_eq!(with_flash("/x?a=1", "error", "no"), "/x?a=1&error=no");
    }
}
