//! The staff member's own pages: sign in, sign out, and the account page where they change
//! their password. The machinery (sessions, passwords, throttling, cookies) is `crate::auth`.
pub mod commands;
mod handlers;
mod views;

use crate::state::AppState;
use axum::{Router, routing::get};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(handlers::login_page).post(handlers::login))
        .route("/logout", axum::routing::post(handlers::logout))
        .route(
            "/account",
            get(handlers::account_page).post(handlers::change_password),
        )
}
