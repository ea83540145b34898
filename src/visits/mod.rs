//! Home visits: scheduled from an IFSP service, logged with the coaching practices, signed
//! and locked (corrections are addenda), reviewed by a supervisor; units, mileage and a
//! calendar feed. A visit's note belongs to the provider who made the visit: only they log,
//! sign and amend it; everyone who may read the child's record may read it.
mod agenda;
mod calendar;
mod changes;
pub mod commands;
mod confirm_views;
mod handlers;
pub mod history;
mod link;
pub mod log_form;
mod log_form_fill;
mod log_views;
mod mileage;
pub mod model;
pub mod prefill;
mod review;
pub mod rules;
pub mod schedule;
pub mod schedule_views;
mod sharing;
mod signing;
pub mod submissions;
pub mod telehealth;
pub mod verification;
pub mod views;

pub use handlers::{context, refuse_signed};

use crate::state::AppState;
use axum::{
    Router,
    routing::{get, post},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/visits", get(agenda::agenda))
        .route("/children/{id}/visits", get(history::history))
        .route(
            "/services/{sid}/visits",
            get(schedule::new).post(schedule::create),
        )
        .route("/visits/{id}", get(handlers::show).post(handlers::save))
        .route("/visits/{id}/addenda", post(handlers::add_addendum))
        .route("/visits/{id}/activities", post(sharing::share_at_visit))
        .route(
            "/visits/{id}/reschedule",
            get(changes::reschedule_page).post(changes::reschedule),
        )
        .route(
            "/visits/{id}/cancel",
            get(changes::cancel_page).post(changes::cancel),
        )
        .route("/visits/{id}/link", post(link::change))
        .route("/reviews", get(review::queue))
        .route("/visits/{id}/review", post(review::review))
        .route("/mileage", get(mileage::report))
        .route("/mileage.csv", get(mileage::csv))
        .route("/calendar", get(calendar::page).post(calendar::create))
        .route("/calendar/revoke", post(calendar::revoke))
        .route("/calendar/{token}", get(calendar::feed))
}
