//! Children and families from referral to eligibility: intake, caregivers, and the records
//! that run the clocks (first contact, delays, consents, evaluations, eligibility), edits and
//! exit. The child page that shows them with the other domains' sections is `pages::child`.
pub mod caregivers;
pub mod caseload;
mod consents;
mod edit;
pub mod eligibility;
mod evaluation_views;
pub mod evaluations;
mod form_views;
pub mod import;
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
        .route("/children", post(intake::handlers::create))
        .route("/children/new", get(intake::handlers::new))
        .route(
            "/referral-imports",
            get(import::handlers::upload_page).post(import::handlers::upload),
        )
        .route(
            "/referral-imports/{id}",
            get(import::handlers::mapping_page).post(import::handlers::save_mapping),
        )
        .route(
            "/referral-imports/{id}/preview",
            get(import::handlers::preview_page),
        )
        .route(
            "/referral-imports/{id}/commit",
            post(import::handlers::commit),
        )
        .route(
            "/referral-imports/{id}/result",
            get(import::handlers::result_page),
        )
        .route(
            "/children/{id}/edit",
            get(edit::handlers::edit_page).post(edit::handlers::update),
        )
        .route(
            "/children/{id}/exit",
            get(edit::handlers::exit_page).post(edit::handlers::exit),
        )
        .route(
            "/children/{id}/caregivers",
            post(caregivers::handlers::create),
        )
        .route(
            "/children/{id}/caregivers/new",
            get(caregivers::handlers::new),
        )
        .route("/children/{id}/delays", post(records::handlers::add_delay))
        .route(
            "/children/{id}/delays/new",
            get(records::handlers::delay_page),
        )
        .route(
            "/children/{id}/consents/new",
            get(consents::handlers::consent_page),
        )
        .route(
            "/children/{id}/coordinator",
            post(records::handlers::reassign),
        )
        .route(
            "/children/{id}/consents",
            post(consents::handlers::add_consent),
        )
        .route(
            "/children/{id}/consents/{cid}/revoke",
            post(consents::handlers::revoke_consent),
        )
        .route(
            "/children/{id}/evaluations",
            post(evaluations::handlers::create),
        )
        .route(
            "/children/{id}/evaluations/new",
            get(evaluations::handlers::new),
        )
        .route(
            "/children/{id}/evaluations/{eid}/decision",
            post(evaluations::handlers::confirm),
        )
        .route(
            "/children/{id}/evaluations/{eid}/correct",
            get(evaluations::closing_handlers::correct_page)
                .post(evaluations::closing_handlers::correct),
        )
        .route(
            "/children/{id}/evaluations/{eid}/withdraw",
            get(evaluations::closing_handlers::withdraw_page)
                .post(evaluations::closing_handlers::withdraw),
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
