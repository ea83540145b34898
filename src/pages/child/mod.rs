//! The child page: the child's records (`children`) with the plan, home visits, activities,
//! COS and transition sections of the domains above them. The forms on it that must
//! re-render the whole page (first contact, sharing an activity, what the family said about
//! it) post here: their domain
//! parses and records, and hands back its field errors for this page to show.
mod handlers;
pub mod views;

use crate::{
    activities::child::ChildActivities, children::model::Case, state::AppState,
    visits::history::ChildVisits,
};
use axum::{Router, routing::get, routing::post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}", get(handlers::show))
        .route(
            "/children/{id}/first-contact",
            post(handlers::first_contact),
        )
        .route("/children/{id}/activities", post(handlers::share_activity))
        .route("/shares/{id}/feedback", post(handlers::feedback))
}

/// Everything the child page shows: the child's records, and what the domains above the
/// child's record add to it.
pub struct ChildCase {
    pub case: Case,
    /// The home visits the page lists (the next few, the newest others).
    pub visits: ChildVisits,
    /// Activity suggestions and what was shared.
    pub activities: ChildActivities,
}
