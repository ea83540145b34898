//! The play- and routine-based activity library: Hearth's starter library plus each
//! program's own, searched in both languages with accents ignored, shared with families as
//! printable handouts in their language and attached to visits.
mod handlers;
pub use handlers::shared_at;
pub mod model;
pub mod starter;
mod views;

use crate::state::AppState;
use axum::{
    Router,
    routing::{get, post},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities", get(handlers::list))
        .route("/activities/{id}", get(handlers::show))
        .route("/activities/{id}/handout", get(handlers::handout))
        .route("/visits/{id}/activities", post(handlers::share_at_visit))
}
