//! CSRF protection for every state-changing request, in one middleware so no handler can
//! forget it: the `Origin` (or `Referer`) must be our own, and the request must carry a
//! token that is an HMAC of the browser's CSRF cookie (the signed double-submit pattern).
use super::cookies;
use crate::{
    config::Env,
    error::AppError,
    state::{AppState, sign, verify},
};
use axum::{
    body::{Body, to_bytes},
    extract::{FromRequestParts, Request, State},
    http::{HeaderMap, Method, header, request::Parts},
    middleware::Next,
    response::{IntoResponse, Response},
};
use axum_extra::extract::cookie::CookieJar;
use std::convert::Infallible;

/// The largest form body read to look for the token (imports use their own, larger routes).
const BODY_LIMIT: usize = 4 * 1024 * 1024;
/// The largest body read from a request without a valid staff session: sign-in, a family's
/// or an agency's answer need a few KB, and nobody signed out should make the server buffer
/// megabytes before anything has checked who they are.
pub const ANONYMOUS_BODY_LIMIT: usize = 64 * 1024;
pub const FIELD: &str = "_csrf";
pub const HEADER: &str = "x-csrf-token";

/// The token to put in every form rendered for this request.
#[derive(Debug, Clone, Default)]
pub struct CsrfToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .unwrap_or_default())
    }
}

pub async fn protect(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let cookie_name = cookies::name(&state.config, cookies::CSRF);
    let existing = CookieJar::from_headers(req.headers())
        .get(&cookie_name)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()));
    let seed = existing
        .clone()
        .unwrap_or_else(|| hex::encode(rand::random::<[u8; 32]>()));

    if !is_safe(req.method()) {
        if !origin_ok(&state, req.headers()) {
            return AppError::Csrf("origin").into_response();
        }
        let limit = if has_staff_session(&state, req.headers()) {
            BODY_LIMIT
        } else {
            ANONYMOUS_BODY_LIMIT
        };
        let (parts, body) = req.into_parts();
        let Ok(bytes) = to_bytes(body, limit).await else {
            return AppError::BadRequest("That form is too large to accept.".into())
                .into_response();
        };
        let supplied = supplied_token(&parts.headers, &bytes);
        let ok =
            existing.is_some() && supplied.is_some_and(|t| verify(&state.keys.csrf, &seed, &t));
        if !ok {
            return AppError::Csrf("token").into_response();
        }
        req = Request::from_parts(parts, Body::from(bytes));
    }

    req.extensions_mut()
        .insert(CsrfToken(sign(&state.keys.csrf, &seed)));
    let mut res = next.run(req).await;
    if existing.is_none() {
        cookies::append(
            &mut res,
            cookies::build(&state.config, cookies::CSRF, seed, None),
        );
    }
    res
}

/// A session cookie whose token verifies (signature, audience, expiry; no database read).
/// Whether the session is still open is the `CurrentUser` extractor's question; this only
/// decides how much of the body is worth reading.
fn has_staff_session(state: &AppState, headers: &HeaderMap) -> bool {
    CookieJar::from_headers(headers)
        .get(&cookies::name(&state.config, cookies::SESSION))
        .is_some_and(|c| super::token::verify(&state.keys, c.value()).is_some())
}

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn supplied_token(headers: &HeaderMap, body: &[u8]) -> Option<String> {
    if let Some(h) = headers.get(HEADER).and_then(|v| v.to_str().ok()) {
        return Some(h.to_owned());
    }
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ctype.starts_with("application/x-www-form-urlencoded") {
        return serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == FIELD)
            .map(|(_, v)| v);
    }
    None
}

/// Requests must come from our own pages. In development the origin the browser used
/// (`localhost` or `127.0.0.1`) is accepted too, so a newcomer's first click works.
fn origin_ok(state: &AppState, headers: &HeaderMap) -> bool {
    let expected = state.config.origin();
    let host_origin = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| format!("{}://{h}", state.config.base_url.scheme()));
    let matches = |origin: &str| {
        origin == expected
            || (state.config.env == Env::Development && Some(origin) == host_origin.as_deref())
    };
    if let Some(o) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        return matches(o);
    }
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .is_some_and(|u| matches(&u.origin().ascii_serialization()))
}
