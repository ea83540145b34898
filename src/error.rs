//! One error type for every handler. Users see a calm page; internal detail goes to the
//! log once, tagged with the request id by the tracing span, and is never shown.
//!
//! It sits low, just above the document shell it draws its page in, because the lowest web
//! modules answer with it: the `CurrentUser` extractor (sign-in required), the CSRF check,
//! the policy's refusals and the `Page` extractor.
use crate::shell;
use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use maud::html;
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("sign-in required")]
    Unauthorized,
    #[error("request failed the CSRF check: {0}")]
    Csrf(&'static str),
    /// The record's state does not allow this (a signed plan); safe to show as it is.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A message that is safe to show the user as it is.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A form that was read but cannot be taken as it is (422); safe to show as it is.
    #[error("unprocessable: {0}")]
    Unprocessable(String),
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, title, text) = match &self {
            AppError::Unauthorized => return Redirect::to("/login").into_response(),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "Page not found",
                "We could not find that page. It may have moved, or you may not have access to it.".to_owned(),
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "Not allowed",
                "Your role does not allow this. If you need it, ask your program admin.".to_owned(),
            ),
            AppError::Csrf(_) => (
                StatusCode::FORBIDDEN,
                "This form has expired",
                "For your security the form could not be accepted (it may be old, or it came from another site). Go back, reload the page and try again; nothing was changed.".to_owned(),
            ),
            AppError::BadRequest(msg) => (StatusCode::BAD_REQUEST, "Something is not right", msg.clone()),
            AppError::Unprocessable(msg) => (StatusCode::UNPROCESSABLE_ENTITY, "This form could not be saved", msg.clone()),
            AppError::Db(e) if is_outage(e) => {
                tracing::error!(error = %self, "database unavailable");
                let mut res = (
                    StatusCode::SERVICE_UNAVAILABLE,
                    page(
                        "Hearth is briefly unavailable",
                        "Hearth cannot reach its database just now, so nothing was changed. Please try again in a minute.",
                    ),
                )
                    .into_response();
                res.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECS));
                return res;
            }
            AppError::Db(e) if is_unstorable(e) => {
                tracing::warn!(error = %self, "text the database cannot store");
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "This form could not be saved",
                    "Some of the text is too long or holds characters that cannot be stored, so nothing was saved. Go back, shorten it and try again.".to_owned(),
                )
            }
            AppError::Conflict(msg) => (StatusCode::CONFLICT, "This cannot change", msg.clone()),
            AppError::Db(_) | AppError::Internal(_) => {
                tracing::error!(error = %self, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "Hearth hit an unexpected problem and nothing was changed. Please try again; if it keeps happening, tell your program admin the time it happened.".to_owned(),
                )
            }
        };
        if matches!(self, AppError::Csrf(_)) {
            tracing::warn!(error = %self, "csrf rejection");
        }
        (status, page(title, &text)).into_response()
    }
}

/// How long a client is asked to wait when the database is out.
const RETRY_AFTER_SECS: &str = "30";

fn page(title: &str, text: &str) -> maud::Markup {
    shell::bare(
        title,
        html! {
            h1 { (title) }
            p { (text) }
            p { a href="/" { "Go to the home page" } }
        },
    )
}

/// The database could not be reached (no connection, the pool timed out, the server went
/// away): the request can succeed later, so it answers 503 with Retry-After, not 500.
fn is_outage(e: &DbErr) -> bool {
    match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(sea_orm::RuntimeErr::SqlxError(s))
        | DbErr::Query(sea_orm::RuntimeErr::SqlxError(s)) => matches!(
            s.as_ref(),
            sea_orm::sqlx::Error::Io(_)
                | sea_orm::sqlx::Error::PoolTimedOut
                | sea_orm::sqlx::Error::PoolClosed
        ),
        _ => false,
    }
}

/// PostgreSQL refusing text a form should have refused first (a NUL byte, an index row over
/// its size): the form's own checks are the rule, this keeps a field they miss from a 500.
fn is_unstorable(e: &DbErr) -> bool {
    let text = e.to_string();
    text.contains("invalid byte sequence for encoding")
        || text.contains("index row size")
        || text.contains("index row requires")
}
