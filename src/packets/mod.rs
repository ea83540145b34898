//! Referral packets to community agencies: records chosen under a release of information
//! naming the agency, sent by e-mail with a signed, expiring link (audience "agency", scoped to
//! the one packet); the agency opens the records (each open a disclosure), acknowledges
//! receipt and records the outcome.
mod commands;
pub mod documents;
mod handlers;
pub mod model;
mod portal;
mod views;

use crate::state::AppState;
use axum::{
    Router,
    routing::{get, post},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/packets/new", get(handlers::new))
        .route("/children/{id}/packets", post(handlers::create))
        .route(
            "/children/{id}/packets/{pid}/revoke",
            post(handlers::revoke),
        )
        .route(
            "/agency/open/{token}",
            get(portal::open_page).post(portal::confirm),
        )
        .route("/agency/packet", get(portal::packet))
        .route("/agency/packet/acknowledge", post(portal::acknowledge))
        .route("/agency/packet/outcome", post(portal::outcome))
        .route("/agency/packet/{key}", get(portal::document))
}
