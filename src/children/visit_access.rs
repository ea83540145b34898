//! Reading a visit through its child: the child's program, role and caseload checks, and
//! then the visit's own rule (only the provider who made the visit writes its note). It sits
//! with `authorized_child` because the visits and the family's coaching notes, two domains
//! above this one, both open a visit through it.
use super::model::{load_child, serving_providers};
use crate::{
    audit::{Actor, Event},
    entities::{child, user::Role, visit},
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action, Target},
    state::AppState,
    views::Page,
};
use sea_orm::EntityTrait;

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
        state
            .audit
            .record(&Actor::user(&page.user, meta), ev)
            .await?;
        return Err(AppError::Forbidden);
    }
    Ok((c, v))
}
