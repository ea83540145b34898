//! The play- and routine-based activity library: Hearth's starter library plus each
//! program's own, searched in both languages with accents ignored, shared with families as
//! printable handouts in their language and attached to visits.
mod authoring;
pub mod child;
mod commands;
mod form;
mod form_views;
mod handlers;
pub use commands::{NewShare, share_in};
pub use sharing::{all_shareable, shared_at};
pub mod model;
pub mod sharing;
pub mod starter;
pub mod views;
pub mod voice;

use crate::state::AppState;
use axum::{
    Router,
    routing::{get, post},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities", get(handlers::list).post(authoring::create))
        .route("/activities/new", get(authoring::new))
        .route(
            "/activities/{id}",
            get(handlers::show).post(authoring::update),
        )
        .route("/activities/{id}/edit", get(authoring::edit))
        .route("/activities/{id}/copy", post(authoring::copy))
        .route("/activities/{id}/publish", post(authoring::publish))
        .route("/activities/{id}/handout", get(handlers::handout))
}
