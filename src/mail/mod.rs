//! Outgoing e-mail: a durable outbox, a worker that sends it over SMTP (or into files), and
//! the pages where staff see what was sent and retry what failed.
pub mod files;
mod handlers;
pub mod outbox;
pub mod transport;
pub mod views;
pub mod worker;

use crate::state::AppState;
use axum::{
    Router,
    routing::{get, post},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/outbox", get(handlers::list))
        .route("/outbox/{id}/retry", post(handlers::retry))
        .route("/outbox/files", get(handlers::files))
        .route("/outbox/files/{name}", get(handlers::file))
}
