//! The IFSP: versions, contents, outcomes, services with per-service consent, signatures,
//! comparison. A signed plan never changes: every change route refuses it (and audits the
//! attempt); a review, annual plan or amendment starts a new draft copied from it.
pub mod commands;
pub mod cos;
pub mod cos_pages;
mod edit_views;
pub mod form;
mod handlers;
pub mod model;
mod parts;
pub mod post;
pub mod print;
pub mod progress;
pub mod service_form;
mod sign;
pub mod timely;
pub mod views;

use crate::{
    audit::{Actor, Event},
    children::authorized_child,
    entities::{child, ifsp},
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    views::Page,
};
use axum::{
    Router,
    routing::{get, post},
};
use model::Plan;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/ifsps", post(handlers::create))
        .route("/ifsps/{id}", get(handlers::show).post(handlers::save))
        .route("/children/{id}/cos", post(cos_pages::create))
        .route("/children/{id}/cos/new", get(cos_pages::new))
        .route("/ifsps/{id}/print", get(print::print))
        .route("/ifsps/{id}/notice", get(print::notice))
        .route("/ifsps/{id}/compare/{other}", get(sign::compare))
        .route("/ifsps/{id}/sign", post(sign::sign))
        .route("/ifsps/{id}/outcomes", post(parts::add_outcome))
        .route("/ifsps/{id}/outcomes/{oid}/progress", post(progress::rate))
        .route(
            "/ifsps/{id}/outcomes/{oid}/delete",
            post(parts::delete_outcome),
        )
        .route("/ifsps/{id}/services", post(parts::add_service))
        .route(
            "/ifsps/{id}/services/{sid}/delete",
            post(parts::delete_service),
        )
        .route(
            "/ifsps/{id}/services/{sid}/consent",
            post(parts::service_consent),
        )
}

/// Loads a plan and its child, checking the action against the child's record.
pub async fn load_plan(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    action: Action,
) -> AppResult<(child::Model, Plan)> {
    let plan = model::load(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = authorized_child(state, page, meta, plan.ifsp.child_id, action).await?;
    Ok((c, plan))
}

/// Loads a plan for a change: refused, and audited, unless it is a draft.
pub async fn load_draft(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
) -> AppResult<(child::Model, Plan)> {
    let (c, plan) = load_plan(state, page, meta, id, Action::EditChild).await?;
    if !plan.ifsp.is_draft() {
        return Err(refused(state, page, meta, &plan.ifsp).await);
    }
    Ok((c, plan))
}

/// The refusal of a change to a plan that is not a draft, with its audit row.
async fn refused(state: &AppState, page: &Page, meta: &RequestMeta, p: &ifsp::Model) -> AppError {
    let ev = Event::new("ifsp.change_refused", "ifsp", p.id)
        .detail(serde_json::json!({ "status": p.status, "child": p.child_id }));
    if let Err(e) = state.audit.record(&Actor::user(&page.user, meta), ev).await {
        return e.into();
    }
    AppError::Conflict(
        "This plan is signed and can no longer change. To change it, start a review or an amendment from the plan page.".into(),
    )
}

/// The answer to a command that found the plan signed meanwhile: refused like any change
/// to a signed plan.
async fn signed_meanwhile(state: &AppState, page: &Page, meta: &RequestMeta, id: i32) -> AppError {
    match model::load(&state.db, id).await {
        Ok(Some(plan)) => refused(state, page, meta, &plan.ifsp).await,
        Ok(None) => AppError::NotFound,
        Err(e) => e.into(),
    }
}

/// A part command's error as the answer to the request.
async fn part_error(
    state: &AppState,
    page: &Page,
    meta: &RequestMeta,
    id: i32,
    e: commands::PlanError,
) -> AppError {
    match e {
        commands::PlanError::NotDraft => signed_meanwhile(state, page, meta, id).await,
        commands::PlanError::NotFound => AppError::NotFound,
        commands::PlanError::Stale => AppError::Conflict(
            "Someone saved this plan since you opened it; nothing was saved. Reload the plan and try again.".into(),
        ),
        commands::PlanError::Db(e) => e.into(),
    }
}
