//! FHIR R4 `OperationOutcome`: how the FHIR intake refuses a request. Each problem is one
//! `issue` with its FHIR issue type (`required`, `invalid`, `not-found`, `duplicate`, …),
//! the text a person can act on, and the FHIRPath of the element (`Patient.birthDate`).
//! The API's problem details (401, 403, 404, 500) are turned into the same shape, so a
//! referrer's system reads one kind of error from these routes.
use super::problem::Problem;
use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

pub const FHIR_JSON: &str = "application/fhir+json";

/// One issue: FHIR's issue type code, the diagnostics and the elements it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub code: &'static str,
    pub diagnostics: String,
    pub expression: Vec<String>,
}

impl Issue {
    pub fn new(code: &'static str, diagnostics: impl Into<String>, at: &[&str]) -> Self {
        Issue {
            code,
            diagnostics: diagnostics.into(),
            expression: at.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

/// A refusal: the HTTP status and its issues.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: StatusCode,
    pub issues: Vec<Issue>,
}

impl Outcome {
    pub fn new(status: StatusCode, issues: Vec<Issue>) -> Self {
        Outcome { status, issues }
    }

    pub fn one(status: StatusCode, code: &'static str, text: impl Into<String>) -> Self {
        Outcome::new(status, vec![Issue::new(code, text, &[])])
    }

    /// The resource as FHIR writes it.
    pub fn resource(&self) -> Value {
        let issues: Vec<Value> = self
            .issues
            .iter()
            .map(|i| {
                let mut v = json!({
                    "severity": "error",
                    "code": i.code,
                    "diagnostics": i.diagnostics,
                });
                if !i.expression.is_empty() {
                    v["expression"] = json!(i.expression);
                }
                v
            })
            .collect();
        json!({ "resourceType": "OperationOutcome", "issue": issues })
    }
}

impl From<Problem> for Outcome {
    fn from(p: Problem) -> Self {
        let status = StatusCode::from_u16(p.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let code = match status {
            StatusCode::UNAUTHORIZED => "login",
            StatusCode::FORBIDDEN => "forbidden",
            StatusCode::NOT_FOUND => "not-found",
            StatusCode::CONFLICT => "conflict",
            s if s.is_server_error() => "exception",
            _ => "invalid",
        };
        let mut issues = vec![Issue::new(code, p.detail, &[])];
        issues.extend(
            p.errors
                .into_iter()
                .map(|e| Issue::new("invalid", e.message, &[])),
        );
        Outcome::new(status, issues)
    }
}

impl From<sea_orm::DbErr> for Outcome {
    fn from(e: sea_orm::DbErr) -> Self {
        Problem::from(e).into()
    }
}

impl From<crate::error::AppError> for Outcome {
    fn from(e: crate::error::AppError) -> Self {
        Problem::from(e).into()
    }
}

impl IntoResponse for Outcome {
    fn into_response(self) -> Response {
        let unauthorized = self.status == StatusCode::UNAUTHORIZED;
        let mut res = fhir(self.status, self.resource());
        if unauthorized {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"hearth-api\""),
            );
        }
        res
    }
}

/// A FHIR resource answered with its content type.
pub fn fhir(status: StatusCode, body: Value) -> Response {
    let mut res = (status, Json(body)).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON));
    res
}
