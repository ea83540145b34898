//! The transition at age three (303.209): the workspace per child with its dates, Part B
//! potential, the SEA/LEA notification under the opt-out policy, the conference, the IFSP's
//! transition steps; and the disclosure log every release to an agency is written to.
mod commands;
mod disclosures;
mod handlers;
pub mod model;
mod notify;
pub mod rules;
mod steps;
mod views;

use crate::state::AppState;
use axum::{
    Router,
    routing::{get, post},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/transition", get(handlers::show))
        .route(
            "/children/{id}/transition/eligibility",
            post(handlers::eligibility),
        )
        .route("/children/{id}/transition/opt-out", post(handlers::opt_out))
        .route(
            "/children/{id}/transition/conference",
            post(handlers::conference),
        )
        .route("/children/{id}/transition/steps", post(steps::steps))
        .route("/children/{id}/transition/notify", post(notify::notify))
        .route(
            "/children/{id}/transition/notices/{did}",
            get(notify::document),
        )
        .route("/children/{id}/disclosures", get(disclosures::log))
}
