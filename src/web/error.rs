//! The one error type of the web layer: a status code and a message, rendered as JSON for the API
//! (`{"error": "...", "status": 404}`) or as a small HTML page for the web pages.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::error::{Error, FailureKind};

/// An error answer: the status code, the message and whether to render it as a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// Render as an HTML page (the web pages) instead of JSON (the API).
    pub html: bool,
    /// Extra JSON fields (the failed ingest outcome of an upload).
    pub detail: Option<serde_json::Value>,
}

impl ApiError {
    /// An error with this status and message, as JSON.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            html: false,
            detail: None,
        }
    }

    /// 400: the request itself is wrong (bad query, bad form, malformed upload).
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// 409: the change conflicts with the current state (a refused status transition).
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, message)
    }

    /// 401: a write without the token.
    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "this server needs a token for changes: send `Authorization: Bearer TOKEN`",
        )
    }

    /// 403.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, message)
    }

    /// 413.
    pub fn too_large(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, message)
    }

    /// 503: the store is busy (another write is running); retry later.
    pub fn busy() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy: another change is being written, try again shortly",
        )
    }

    /// 500.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The same error, rendered as an HTML page.
    pub fn html(mut self) -> ApiError {
        self.html = true;
        self
    }

    /// The same error with extra JSON fields.
    pub fn with_detail(mut self, detail: serde_json::Value) -> ApiError {
        self.detail = Some(detail);
        self
    }

    /// A library error where an invalid request means a conflict with the current state (status
    /// changes): `Invalid` becomes 409 instead of 400.
    pub fn from_change(e: Error) -> ApiError {
        match e {
            Error::Invalid(m) => ApiError::conflict(m),
            e => ApiError::from(e),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let status = match &e {
            Error::Query(_) | Error::Invalid(_) => StatusCode::BAD_REQUEST,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Locked { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Error::Extract { source, .. } => match source.kind {
                FailureKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                FailureKind::Unreadable => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
            Error::Io { .. } | Error::Store { .. } | Error::Search { .. } => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        // Server-side paths are of no use to a remote client and say more than it needs.
        let message = match &e {
            Error::Extract { source, .. } => source.to_string(),
            Error::Io { source, .. } => format!("I/O error: {source}"),
            Error::Store { message, .. } => format!("store error: {message}"),
            Error::Search { message, .. } => format!("search index error: {message}"),
            e => e.to_string(),
        };
        ApiError::new(status, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.html {
            let page = super::view::error_page(self.status, &self.message);
            return (self.status, page).into_response();
        }
        let mut body = serde_json::json!({
            "error": self.message,
            "status": self.status.as_u16(),
        });
        if let (Some(serde_json::Value::Object(extra)), Some(obj)) =
            (self.detail, body.as_object_mut())
        {
            for (k, v) in extra {
                obj.entry(k).or_insert(v);
            }
        }
        (self.status, Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ExtractError;

    #[test]
    fn library_errors_map_to_status_codes() {
        let extract = |kind| Error::Extract {
            path: "/srv/x".into(),
            source: ExtractError::new(kind, "why"),
        };
        // (id, error, status)
        let cases = [
            ("bad query", Error::Query("x".into()), 400),
            ("invalid", Error::Invalid("x".into()), 400),
            ("not found", Error::NotFound("x".into()), 404),
            ("too large", extract(FailureKind::TooLarge), 413),
            ("corrupt", extract(FailureKind::Corrupt), 422),
            (
                "locked",
                Error::Locked {
                    path: "/d".into(),
                    hint: None,
                },
                503,
            ),
        ];
        for (id, e, status) in cases {
            assert_eq!(ApiError::from(e).status.as_u16(), status, "{id}");
        }
        assert_eq!(
            ApiError::from_change(Error::Invalid("no".into())).status,
            409
        );
    }

    #[test]
    fn extract_messages_do_not_carry_server_paths() {
        let e = ApiError::from(Error::Extract {
            path: "/srv/secret/x.pdf".into(),
            source: ExtractError::new(FailureKind::Corrupt, "broken xref"),
        });
        assert_eq!(e.message, "broken xref");
    }
}
