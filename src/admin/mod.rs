//! The program admin's pages over the foundation: the audit log, the program's rules and
//! outgoing e-mail. They sit above the models they show (`audit`, `program`, `mail`), so
//! those stay free of pages. (Staff accounts are their own domain, `crate::staff`.)
mod audit_log;
mod outbox;
mod population;
mod settings;
mod targets;

use crate::state::AppState;
use axum::{
    Router,
    routing::{get, post},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/audit", get(audit_log::index))
        .route("/audit/verify", get(audit_log::verify))
        .route("/settings", get(settings::show).post(settings::update))
        .route(
            "/settings/population",
            get(population::show).post(population::save),
        )
        .route("/settings/targets", get(targets::show).post(targets::save))
        .route("/outbox", get(outbox::list))
        .route("/outbox/{id}/retry", post(outbox::retry))
        .route("/outbox/files", get(outbox::files))
        .route("/outbox/files/{name}", get(outbox::file))
}
