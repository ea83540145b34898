//! The program's directory of community agencies: school districts (LEA), the state
//! education agency, Head Start, child care, medical homes and others, with the areas they
//! serve and how they like to receive referrals.
pub mod commands;
mod handlers;
pub mod model;
mod views;

use crate::state::AppState;
use axum::{Router, routing::get};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/agencies", get(handlers::list).post(handlers::create))
        .route("/agencies/new", get(handlers::new))
        .route("/agencies/{id}", get(handlers::show).post(handlers::update))
}
