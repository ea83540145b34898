//! Sign-in, sessions, CSRF and password changes.
pub mod cookies;
pub mod csrf;
mod handlers;
pub mod link_token;
pub mod password;
pub mod session;
pub mod throttle;
pub mod token;
mod views;

pub use csrf::CsrfToken;
pub use session::CurrentUser;

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
