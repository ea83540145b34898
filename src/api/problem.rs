//! Errors as RFC 9457 problem details (`application/problem+json`): `type`, `title`,
//! `status` and `detail`, and for refused input (422) every field's error in `errors`.
//! Internal errors are logged once and answered without their text, as on the pages.
use crate::{error::AppError, views::form::Errors};
use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use sea_orm::DbErr;
use serde::Serialize;
use utoipa::ToSchema;

pub const CONTENT_TYPE: &str = "application/problem+json";

/// One refused field of a request body or query.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// A problem detail (RFC 9457).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// `about:blank`: the status and title say what the problem is.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// For 422: each refused field and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    pub fn unauthorized() -> Self {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "Send a live API token as `Authorization: Bearer <token>`.",
        )
    }

    pub fn not_found() -> Self {
        Problem::new(StatusCode::NOT_FOUND, "There is no such record.")
    }

    pub fn read_only() -> Self {
        Problem::new(StatusCode::FORBIDDEN, "This token may only read.")
    }

    /// 422 with each field's error, as the forms list them.
    pub fn invalid(errors: &Errors) -> Self {
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The request could not be taken as it is; see `errors`.",
        );
        p.errors = errors
            .iter()
            .map(|(f, m)| FieldError {
                field: (*f).to_owned(),
                message: m.clone(),
            })
            .collect();
        p
    }

    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        let mut e = Errors::default();
        e.add(field, message);
        Problem::invalid(&e)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let unauthorized = status == StatusCode::UNAUTHORIZED;
        let mut res = (status, Json(self)).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
        if unauthorized {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"hearth-api\""),
            );
        }
        res
    }
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound => Problem::not_found(),
            AppError::Unauthorized => Problem::unauthorized(),
            AppError::Forbidden | AppError::Csrf(_) => Problem::new(
                StatusCode::FORBIDDEN,
                "The token's role does not allow this.",
            ),
            AppError::Conflict(msg) => Problem::new(StatusCode::CONFLICT, msg),
            AppError::BadRequest(msg) => Problem::new(StatusCode::BAD_REQUEST, msg),
            AppError::Unprocessable(msg) => Problem::new(StatusCode::UNPROCESSABLE_ENTITY, msg),
            other => {
                tracing::error!(error = %other, "api request failed");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side; nothing was changed.",
                )
            }
        }
    }
}

impl From<DbErr> for Problem {
    fn from(e: DbErr) -> Self {
        AppError::Db(e).into()
    }
}

pub type ApiResult<T> = Result<T, Problem>;
