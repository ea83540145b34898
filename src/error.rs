//! One error type for every handler. Users see a calm page; internal detail goes to the
//! log once, tagged with the request id by the tracing span, and is never shown.
//!
//! It sits low, just above the document shell it draws its page in, because the lowest web
//! modules answer with it: the `CurrentUser` extractor (sign-in required), the CSRF check,
//! the policy's refusals and the `Page` extractor.
use crate::shell;
use axum::{
    http::StatusCode,
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
        let body = shell::bare(
            title,
            html! {
                h1 { (title) }
                p { (text) }
                p { a href="/" { "Go to the home page" } }
            },
        );
        (status, body).into_response()
    }
}
