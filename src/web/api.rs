//! The JSON API: the same structs the CLI prints with `--json` (documented in `docs/api.md`),
//! errors as [`ApiError`]. Handlers parse, authorise, then call the library on the blocking pool.

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;

use super::facets::form_date;
use super::{intake, ApiError, AppState};
use crate::error::{Error, FailureKind};
use crate::ingest::{FileOutcome, Status as IngestStatus};
use crate::search::SearchQuery;
use crate::track::{self, EventKind, Period};

type ApiResult<T> = std::result::Result<T, ApiError>;

fn bad_query(e: QueryRejection) -> ApiError {
    ApiError::bad_request(format!("bad query string: {}", e.body_text()))
}

/// `GET /healthz`: the server is up and the store answers.
pub async fn healthz(State(state): State<AppState>) -> ApiResult<Json<serde_json::Value>> {
    let documents = state.read(|lib| Ok(lib.store().len())).await?;
    Ok(Json(serde_json::json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "documents": documents,
    })))
}

/// Unknown paths: a JSON 404 under `/api/`, a page elsewhere.
pub async fn not_found(req: Request) -> ApiError {
    let path = req.uri().path().to_string();
    let e = ApiError::not_found(format!("no such page: {path}"));
    if path.starts_with("/api/") || path == "/healthz" {
        e
    } else {
        e.html()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct UploadParams {
    pub filename: Option<String>,
}

/// One uploaded file: its name and bytes.
pub struct Upload {
    pub filename: String,
    pub bytes: Bytes,
}

/// Reads the files of an upload: every multipart field named `file` (a `multipart/form-data`
/// body), or the raw body named by `?filename=`. A body over the limit is 413; a malformed one
/// 400.
pub async fn read_uploads(
    state: &AppState,
    filename: Option<String>,
    req: Request,
) -> ApiResult<Vec<Upload>> {
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    let limit = state.inner.max_upload;
    let mut out = Vec::new();
    if is_multipart {
        let mut mp = Multipart::from_request(req, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("malformed upload: {}", e.body_text())))?;
        loop {
            let field = match mp.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => return Err(multipart_error(e.status(), e.body_text())),
            };
            if field.name() != Some("file") {
                continue;
            }
            let name = field
                .file_name()
                .map(str::to_string)
                .or_else(|| filename.clone())
                .unwrap_or_else(|| "upload".to_string());
            let bytes = field
                .bytes()
                .await
                .map_err(|e| multipart_error(e.status(), e.body_text()))?;
            if bytes.len() > limit {
                return Err(over_limit(limit));
            }
            if name.is_empty() && bytes.is_empty() {
                // A file input left empty in a form.
                continue;
            }
            out.push(Upload {
                filename: name,
                bytes,
            });
        }
        if out.is_empty() {
            return Err(ApiError::bad_request(
                "malformed upload: no file in a field named `file`",
            ));
        }
    } else {
        let Some(name) = filename.filter(|f| !f.trim().is_empty()) else {
            return Err(ApiError::bad_request(
                "a raw upload needs ?filename=NAME (or send multipart/form-data with a `file` field)",
            ));
        };
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                over_limit(limit)
            } else {
                ApiError::bad_request(format!("malformed upload: {}", e.body_text()))
            }
        })?;
        if bytes.len() > limit {
            return Err(over_limit(limit));
        }
        out.push(Upload {
            filename: name,
            bytes,
        });
    }
    Ok(out)
}

fn over_limit(limit: usize) -> ApiError {
    ApiError::too_large(format!(
        "the upload is over the {} limit",
        crate::ingest::human_bytes(limit as u64)
    ))
}

fn multipart_error(status: StatusCode, text: String) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::too_large(format!("the upload is too large: {text}"))
    } else {
        ApiError::bad_request(format!("malformed upload: {text}"))
    }
}

/// The HTTP status of one file's ingest outcome, and the error when it failed.
pub fn outcome_status(o: &FileOutcome) -> ApiResult<StatusCode> {
    match o.status {
        IngestStatus::Ingested => Ok(StatusCode::CREATED),
        IngestStatus::Unchanged => Ok(StatusCode::OK),
        IngestStatus::Failed => {
            let status = match o.kind {
                Some(FailureKind::TooLarge) => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let reason = o.reason.clone().unwrap_or_else(|| "failed".to_string());
            Err(ApiError::new(status, format!("{}: {reason}", o.path))
                .with_detail(serde_json::json!({ "outcome": o })))
        }
    }
}

/// `POST /api/documents`: ingest one file; answers the ingest outcome (201 new, 200 already
/// stored) with the document `id`.
pub async fn post_document(
    State(state): State<AppState>,
    params: std::result::Result<Query<UploadParams>, QueryRejection>,
    req: Request,
) -> ApiResult<Response> {
    state.authorize(req.headers())?;
    let Query(params) = params.map_err(bad_query)?;
    let mut uploads = read_uploads(&state, params.filename, req).await?;
    if uploads.len() != 1 {
        return Err(ApiError::bad_request(
            "send one file per request (one `file` field)",
        ));
    }
    let up = uploads.remove(0);
    let outcome = state
        .write(move |lib| intake::ingest_upload(lib, &up.bytes, &up.filename))
        .await?;
    let status = outcome_status(&outcome)?;
    let mut resp = (status, Json(&outcome)).into_response();
    if let Some(id) = &outcome.id {
        if let Ok(v) = HeaderValue::from_str(&format!("/api/documents/{id}")) {
            resp.headers_mut().insert(header::LOCATION, v);
        }
    }
    Ok(resp)
}

/// `GET /api/documents/{id}`: the Facts JSON of one document (id or unique prefix).
pub async fn get_document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<crate::model::Facts>> {
    let facts = state
        .read(move |lib| {
            let id = lib.resolve(&id)?;
            lib.facts(&id)
        })
        .await?;
    Ok(Json(facts))
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub party: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// Most hits one API search returns.
const MAX_API_HITS: usize = 500;

/// `GET /api/search?q=…&party=…&from=…&to=…&limit=…&offset=…`: ranked hits, as `accord search
/// --json`.
pub async fn search(
    State(state): State<AppState>,
    params: std::result::Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult<Json<Vec<crate::search::Hit>>> {
    let Query(p) = params.map_err(bad_query)?;
    let limit = p.limit.unwrap_or(10).clamp(1, MAX_API_HITS);
    let offset = p.offset.unwrap_or(0).min(MAX_API_HITS);
    let query = SearchQuery {
        text: p.q.unwrap_or_default(),
        party: p.party.filter(|s| !s.trim().is_empty()),
        from: form_date(&p.from, "from")?,
        to: form_date(&p.to, "to")?,
        limit: limit + offset,
    };
    let hits = state.read(move |lib| lib.search(&query)).await?;
    Ok(Json(hits.into_iter().skip(offset).collect()))
}

/// The commitment filters of the API and the dashboard.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CommitmentParams {
    /// Comma-separated statuses.
    pub status: Option<String>,
    pub overdue: Option<String>,
    pub due_within: Option<String>,
    pub party: Option<String>,
    pub group: Option<String>,
    pub owner: Option<String>,
    pub as_of: Option<String>,
    pub all: Option<String>,
    /// Most rows (default `COMMITMENTS_PAGE`; 0: all).
    pub limit: Option<String>,
}

fn flag(s: &Option<String>) -> bool {
    matches!(
        s.as_deref().map(str::trim),
        Some("1" | "true" | "yes" | "on")
    )
}

fn text(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl CommitmentParams {
    /// The page size asked for: the default page unless `limit` says otherwise, `None` for all.
    pub fn limit(&self) -> ApiResult<Option<usize>> {
        match text(&self.limit) {
            None => Ok(Some(crate::library::COMMITMENTS_PAGE)),
            Some(t) => match t.parse::<usize>() {
                Ok(0) => Ok(None),
                Ok(n) => Ok(Some(n)),
                Err(_) => Err(crate::Error::Invalid(format!(
                    "limit must be a number (0 for all), not {t:?}"
                ))
                .into()),
            },
        }
    }

    /// The library filter these parameters ask for.
    pub fn filter(&self) -> ApiResult<track::Filter> {
        let status = match text(&self.status) {
            Some(s) => s
                .split(',')
                .filter(|x| !x.trim().is_empty())
                .map(|x| x.parse::<track::Status>())
                .collect::<crate::Result<Vec<_>>>()?,
            None => Vec::new(),
        };
        Ok(track::Filter {
            status,
            overdue: flag(&self.overdue),
            due_within: text(&self.due_within)
                .map(|p| Period::parse(&p))
                .transpose()?,
            party: text(&self.party),
            group: text(&self.group),
            owner: text(&self.owner),
            include_merged: flag(&self.all),
        })
    }
}

/// An `as_of` parameter, or today.
pub fn as_of(state: &AppState, s: &Option<String>) -> ApiResult<NaiveDate> {
    Ok(form_date(s, "as_of")?.unwrap_or_else(|| state.today()))
}

/// `GET /api/commitments?status=&overdue=&due_within=&party=&group=&owner=&as_of=&all=&limit=`:
/// as `accord commitments --json`, overdue first, at most `limit` rows (default 100, 0 all).
pub async fn commitments(
    State(state): State<AppState>,
    params: std::result::Result<Query<CommitmentParams>, QueryRejection>,
) -> ApiResult<Json<Vec<crate::library::CommitmentRow>>> {
    let Query(p) = params.map_err(bad_query)?;
    let filter = p.filter()?;
    let as_of = as_of(&state, &p.as_of)?;
    let limit = p.limit()?;
    let list = state
        .read(move |lib| lib.list_commitments(&filter, as_of, limit))
        .await?;
    Ok(Json(list.rows))
}

#[derive(Debug, Default, Deserialize)]
pub struct AsOfParams {
    pub as_of: Option<String>,
    pub dormant_after: Option<String>,
    pub reminder_days: Option<u32>,
}

/// `GET /api/commitments/{id}?as_of=`: as `accord commitment ID --json`.
pub async fn commitment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: std::result::Result<Query<AsOfParams>, QueryRejection>,
) -> ApiResult<Json<crate::library::CommitmentDetail>> {
    let Query(p) = params.map_err(bad_query)?;
    let as_of = as_of(&state, &p.as_of)?;
    let detail = state
        .read(move |lib| {
            let id = lib.resolve_commitment(&id)?;
            lib.commitment_detail(&id, as_of)
        })
        .await?;
    Ok(Json(detail))
}

/// A person's change to a commitment: the event JSON (`type` and its fields) and who makes it.
#[derive(Debug, Deserialize)]
pub struct EventRequest {
    /// Who makes the change (default `web`).
    pub by: Option<String>,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// The actor of a change made through the server.
pub fn actor(by: Option<&str>) -> track::Actor {
    let name: String = by
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .unwrap_or("web")
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    track::Actor::User(name)
}

/// `POST /api/commitments/{id}/events`: records a status change, deadline, owner, note or merge
/// (validated first; a refused change is 409 and records nothing). Answers 201 with the
/// commitment as `GET /api/commitments/{id}` gives it.
pub async fn post_event(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: std::result::Result<Json<EventRequest>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<crate::library::CommitmentDetail>)> {
    state.authorize(&headers)?;
    let Json(req) =
        body.map_err(|e| ApiError::bad_request(format!("bad event: {}", e.body_text())))?;
    match req.kind {
        EventKind::StatusChanged { .. }
        | EventKind::DueChanged { .. }
        | EventKind::OwnerChanged { .. }
        | EventKind::NoteAdded { .. }
        | EventKind::Merged { .. } => {}
        ref k => {
            return Err(ApiError::bad_request(format!(
                "`{}` events are recorded by accord itself; send status_changed, due_changed, \
                 owner_changed, note_added or merged",
                k.name()
            )))
        }
    }
    let as_of = state.today();
    let id = state.read(move |lib| lib.resolve_commitment(&id)).await?;
    let actor = actor(req.by.as_deref());
    let kind = req.kind;
    let target = id.clone();
    // A refused change conflicts with the commitment's current state: 409, nothing recorded.
    state
        .write(move |lib| lib.record(&target, actor, chrono::Utc::now(), kind))
        .await
        .map_err(|e| {
            if e.status == StatusCode::BAD_REQUEST {
                ApiError::conflict(e.message)
            } else {
                e
            }
        })?;
    let detail = state
        .read(move |lib| lib.commitment_detail(&id, as_of))
        .await?;
    Ok((StatusCode::CREATED, Json(detail)))
}

/// `GET /api/groups?as_of=&dormant_after=`: as `accord groups --json`.
pub async fn groups(
    State(state): State<AppState>,
    params: std::result::Result<Query<AsOfParams>, QueryRejection>,
) -> ApiResult<Json<Vec<crate::library::GroupView>>> {
    let Query(p) = params.map_err(bad_query)?;
    let as_of = as_of(&state, &p.as_of)?;
    let dormant = dormant(&p.dormant_after)?;
    let views = state
        .read(move |lib| lib.group_views(as_of, dormant))
        .await?;
    Ok(Json(views))
}

fn dormant(s: &Option<String>) -> ApiResult<Period> {
    Ok(text(s)
        .map(|p| Period::parse(&p))
        .transpose()?
        .unwrap_or(Period::Months(6)))
}

/// One group's view by id or unique prefix.
pub async fn group_view(
    state: &AppState,
    id: String,
    as_of: NaiveDate,
    dormant: Period,
) -> ApiResult<crate::library::GroupView> {
    state
        .read(move |lib| {
            let id = lib.resolve_group(&id)?;
            lib.group_views(as_of, dormant)?
                .into_iter()
                .find(|g| g.record.id == id)
                .ok_or_else(|| Error::NotFound(format!("no working group with id {id}")))
        })
        .await
}

/// `GET /api/groups/{id}?as_of=&dormant_after=`: as `accord group ID --json`.
pub async fn group(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: std::result::Result<Query<AsOfParams>, QueryRejection>,
) -> ApiResult<Json<crate::library::GroupView>> {
    let Query(p) = params.map_err(bad_query)?;
    let as_of = as_of(&state, &p.as_of)?;
    let dormant = dormant(&p.dormant_after)?;
    Ok(Json(group_view(&state, id, as_of, dormant).await?))
}

#[derive(Debug, Default, Deserialize)]
pub struct ReportParams {
    pub as_of: Option<String>,
    pub party: Option<String>,
    pub group: Option<String>,
    pub due_soon: Option<String>,
    pub recent: Option<String>,
    pub dormant_after: Option<String>,
}

impl ReportParams {
    /// The report options these parameters ask for at `as_of`.
    pub fn options(&self, as_of: NaiveDate) -> ApiResult<track::ReportOptions> {
        let period = |s: &Option<String>, default: Period| -> ApiResult<Period> {
            Ok(text(s)
                .map(|p| Period::parse(&p))
                .transpose()?
                .unwrap_or(default))
        };
        Ok(track::ReportOptions {
            filter: track::Filter {
                party: text(&self.party),
                group: text(&self.group),
                ..Default::default()
            },
            due_days: period(&self.due_soon, Period::Days(30))?.days_from(as_of),
            recent_days: period(&self.recent, Period::Days(30))?.days_from(as_of),
            dormant_after: period(&self.dormant_after, Period::Months(6))?,
        })
    }
}

/// `GET /api/report?as_of=&party=&group=&due_soon=&recent=&dormant_after=`: as `accord report
/// --json`.
pub async fn report(
    State(state): State<AppState>,
    params: std::result::Result<Query<ReportParams>, QueryRejection>,
) -> ApiResult<Json<track::Report>> {
    let Query(p) = params.map_err(bad_query)?;
    let as_of = as_of(&state, &p.as_of)?;
    let opts = p.options(as_of)?;
    let r = state.read(move |lib| lib.report(as_of, &opts)).await?;
    Ok(Json(r))
}

/// `GET /api/calendar.ics?as_of=&reminder_days=`: the deadlines as iCalendar, as `accord calendar`.
pub async fn calendar(
    State(state): State<AppState>,
    params: std::result::Result<Query<AsOfParams>, QueryRejection>,
) -> ApiResult<Response> {
    let Query(p) = params.map_err(bad_query)?;
    let as_of = as_of(&state, &p.as_of)?;
    let days = p.reminder_days.unwrap_or(7).min(365);
    let ics = state.read(move |lib| lib.calendar(as_of, days)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"accord-deadlines.ics\"",
            ),
        ],
        ics,
    )
        .into_response())
}
