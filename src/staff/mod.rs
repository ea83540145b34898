//! Staff accounts of a program: the admin creates them, deactivates them and signs them
//! out everywhere; supervisors may look.
pub mod cli;
pub mod commands;
pub mod credentials;
mod handlers;
pub mod model;
mod views;

use crate::state::AppState;
use axum::{
    Router,
    routing::{get, post},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff", get(handlers::index).post(handlers::create))
        .route("/staff/new", get(handlers::new))
        .route("/staff/{id}", get(handlers::show))
        .route("/staff/{id}/sign-out", post(handlers::sign_out_everywhere))
        .route("/staff/{id}/active", post(handlers::set_active))
        .route("/staff/{id}/credentials", post(handlers::add_credential))
}
