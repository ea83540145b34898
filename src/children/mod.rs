//! Children and families from referral to eligibility: intake, caregivers, and the records
//! that run the clocks (first contact, delays, consents, evaluations, eligibility), edits and
//! exit. The child page that shows them with the other domains' sections is `pages::child`.
pub mod caregivers;
mod consents;
mod edit;
pub mod eligibility;
mod evaluations;
mod form_views;
mod handlers;
pub mod intake;
pub mod model;
pub mod records;
pub mod views;
pub mod visit_access;

use crate::{
    entities::child,
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action, Target},
    state::AppState,
    views::Page,
};
use axum::{
    Router,
    routing::{get, post},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children", post(handlers::create))
        .route("/children/new", get(handlers::new))
        .route(
            "/children/{id}/edit",
            get(edit::edit_page).post(edit::update),
        )
        .route("/children/{id}/exit", get(edit::exit_page).post(edit::exit))
        .route(
            "/children/{id}/caregivers",
            post(caregivers::handlers::create),
        )
        .route(
            "/children/{id}/caregivers/new",
            get(caregivers::handlers::new),
        )
        .route("/children/{id}/delays", post(records::add_delay))
        .route("/children/{id}/delays/new", get(records::delay_page))
        .route("/children/{id}/consents/new", get(consents::consent_page))
        .route("/children/{id}/coordinator", post(records::reassign))
        .route("/children/{id}/consents", post(consents::add_consent))
        .route(
            "/children/{id}/consents/{cid}/revoke",
            post(consents::revoke_consent),
        )
        .route("/children/{id}/evaluations", post(evaluations::create))
        .route("/children/{id}/evaluations/new", get(evaluations::new))
        .route(
            "/children/{id}/evaluations/{eid}/decision",
            post(evaluations::confirm),
        )
}

/// Loads a child and checks the action against program, role and caseload. A child the
/// user may not see answers 404 exactly as a missing one does; the attempt is audited.
pub async fn authorized_child(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    action: Action,
) -> AppResult<child::Model> {
    let c = model::load_child(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Providers reach a child through the services they deliver; look those up only for them.
    let providers = if page.user.role == crate::entities::user::Role::Provider {
        model::serving_providers(&state.db, id).await?
    } else {
        Vec::new()
    };
    let target = Target::child_served_by(&c, providers);
    policy::authorize(&state.db, &page.user, meta, action, target).await?;
    Ok(c)
}
