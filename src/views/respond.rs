//! The three ways a form post ends, one helper each, so every handler ends the same way:
//! the form again with the errors next to the fields, the form beside what someone else saved
//! meanwhile, or the change committed with its audit row and a redirect to the next page.
use crate::{
    audit::{Change, Event},
    error::AppResult,
    state::AppState,
    views::flash::{self, Kind},
};
use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use maud::Markup;

/// The page again with what was typed and a message next to each field at fault (422).
pub fn invalid(page: Markup) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// The page again showing what someone else saved since the form was opened (409); nothing
/// was written.
pub fn conflict(page: Markup) -> Response {
    (StatusCode::CONFLICT, page).into_response()
}

/// Commits `change` with the audit row `ev`, then redirects (303) to `to` with `message`.
pub async fn done(
    state: &AppState,
    change: Change,
    ev: Event,
    to: &str,
    message: &str,
) -> AppResult<Response> {
    change.commit(ev).await?;
    Ok(flash::redirect(state, to, Kind::Success, message))
}
