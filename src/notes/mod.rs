//! Coaching notes for families: composed from a signed visit in the family's language,
//! previewed exactly as sent, queued through the outbox to each caregiver who consented to
//! e-mail, each with a personal signed link to the family page.
mod commands;
mod compose;
mod deliveries;
pub mod email;
mod handlers;
pub mod link;
pub mod model;
pub mod views;

use crate::state::AppState;
use axum::{
    Router,
    routing::{get, post},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/visits/{id}/family-note",
            get(handlers::compose).post(handlers::save),
        )
        .route("/visits/{id}/family-note/preview", get(handlers::preview))
        .route(
            "/visits/{id}/family-note/revoke-links",
            post(deliveries::revoke_links),
        )
        .route(
            "/visits/{id}/family-note/deliveries/{oid}",
            post(deliveries::resend),
        )
}
