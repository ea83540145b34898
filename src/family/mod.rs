//! The family's page behind a signed, expiring link from each coaching-note e-mail: their
//! notes, the activities with handouts, the next visit, the plan's outcomes in their words,
//! "we tried it", stopping e-mail, and the yearly C4 family survey. A family sees its own
//! child and nothing else.
mod commands;
mod handlers;
mod model;
pub mod session;
mod survey;
mod survey_handlers;
mod survey_views;
mod views;

use crate::state::AppState;
use axum::{
    Router,
    routing::{get, post},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/family/open/{token}",
            get(handlers::open_page).post(handlers::confirm),
        )
        .route("/family", get(handlers::home))
        .route("/family/activities/{id}", get(handlers::handout))
        .route("/family/shares/{id}/tried", post(handlers::tried))
        .route(
            "/family/email/stop",
            get(handlers::stop_email_page).post(handlers::stop_email),
        )
        .route("/family/email/resume", post(handlers::resume_email))
        .route("/family/leave", post(handlers::leave))
        .route(
            "/family/survey",
            get(survey_handlers::form).post(survey_handlers::submit),
        )
        .route("/family/survey/decline", post(survey_handlers::decline))
}
