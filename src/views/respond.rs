//! How a refused form post ends, one helper each, so every handler ends the same way: the
//! form again with the errors next to the fields, or the form beside what someone else saved
//! meanwhile. A post that succeeds has had its command commit the change with its audit row,
//! and ends in `flash::redirect` to the next page.
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
