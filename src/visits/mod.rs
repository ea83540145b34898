//! Home visits: scheduled from an IFSP service, logged with the coaching practices, signed
//! and locked (corrections are addenda), reviewed by a supervisor; units, mileage and a
//! calendar feed. A visit's note belongs to the provider who made the visit: only they log,
//! sign and amend it; everyone who may read the child's record may read it.
mod agenda;
mod calendar;
mod changes;
mod handlers;
mod log_form;
mod log_views;
mod mileage;
pub mod model;
mod review;
pub mod rules;
pub mod schedule;
mod schedule_views;
mod sharing;
mod signing;
pub mod views;

pub use handlers::context;

use crate::{
    audit::{self, Actor, Event},
    children::model::{load_child, serving_providers},
    entities::{child, user::Role, visit},
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
use sea_orm::EntityTrait;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/visits", get(agenda::agenda))
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
        .route("/reviews", get(review::queue))
        .route("/visits/{id}/review", post(review::review))
        .route("/mileage", get(mileage::report))
        .route("/mileage.csv", get(mileage::csv))
        .route("/calendar", get(calendar::page).post(calendar::create))
        .route("/calendar/revoke", post(calendar::revoke))
        .route("/calendar/{token}", get(calendar::feed))
}

/// What a user wants to do with a visit; each needs more than the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Read the note (anyone who may read the child's record).
    Read,
    /// Move or cancel a scheduled visit: its provider, or staff who may edit the child's record.
    Manage,
    /// Write, sign or amend the note: only the provider who made the visit.
    Author,
}

/// Loads a visit and its child, checking program, role, caseload and the need. Refusals are
/// audited; a visit the user may not read answers 404 like a missing one.
pub async fn load_visit(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    need: Need,
) -> AppResult<(child::Model, visit::Model)> {
    let v = visit::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = load_child(&state.db, v.child_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = v.provider_id == page.user.id;
    let mut providers = vec![v.provider_id];
    if page.user.role == Role::Provider && !mine {
        providers.extend(serving_providers(&state.db, c.id).await?);
    }
    let target = Target::child_served_by(&c, providers);
    policy::authorize(
        &state.db,
        &page.user,
        meta,
        Action::ViewChild,
        target.clone(),
    )
    .await?;
    let allowed = match need {
        Need::Read => true,
        Need::Manage => mine || policy::can(&page.user, Action::EditChild, &target),
        Need::Author => mine,
    };
    if !allowed {
        let ev = Event::new("access.denied", "visit", id).detail(serde_json::json!({
            "attempted": format!("{need:?}").to_lowercase(), "reason": "not_visit_provider", "child": c.id
        }));
        audit::record(&state.db, &Actor::user(&page.user, meta), ev).await?;
        return Err(AppError::Forbidden);
    }
    Ok((c, v))
}
