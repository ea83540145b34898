//! The audit log: recording (used by every domain) and the admin's page to read and verify it.
pub mod change;
mod handlers;
pub mod model;
mod views;

pub use change::Change;
pub use model::{Actor, ChainStatus, Event, record, record_in, verify_chain};

use crate::state::AppState;
use axum::{Router, routing::get};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/audit", get(handlers::index))
        .route("/audit/verify", get(handlers::verify))
}
