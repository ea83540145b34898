//! Changes since a cursor, for systems that keep a copy in step: the audit log's change
//! events of the token's program (a referral, a plan signed, a visit scheduled or saved, …),
//! in the order they happened. Each names the record; the caller reads it through its own
//! endpoint, where the policy decides again.
//!
//! The audit log names every record of the program, so, as its page, it is read only with a
//! role that may read the audit log (admin): a narrower token would learn of children its
//! role does not see.
use super::{
    caller::Caller,
    cursor::{self, PageQuery},
    problem::{ApiResult, Problem},
};
use crate::{
    audit::{Actor, Event},
    entities::audit_log,
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
};
use axum::{
    Json,
    extract::{Query, State},
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// The audit actions that change a record (reads, refusals and sign-ins are not changes).
pub const CHANGES: &[&str] = &[
    "activity.copied",
    "activity.created",
    "activity.edited",
    "activity.published",
    "activity.shared",
    "agency.created",
    "agency.updated",
    "caregiver.added",
    "child.delay_documented",
    "child.exited",
    "child.first_contact",
    "child.re_referred",
    "child.reassigned",
    "child.referred",
    "child.updated",
    "consent.recorded",
    "consent.revocation_undone",
    "consent.revoked",
    "cos.recorded",
    "eligibility.decided",
    "evaluation.recorded",
    "ifsp.draft_started",
    "ifsp.outcome_added",
    "ifsp.outcome_removed",
    "ifsp.progress_rated",
    "ifsp.saved",
    "ifsp.service_added",
    "ifsp.service_consent",
    "ifsp.service_removed",
    "ifsp.signed",
    "transition.notified",
    "transition.saved",
    "transition.steps_saved",
    "visit.addendum_added",
    "visit.cancelled",
    "visit.rescheduled",
    "visit.reviewed",
    "visit.saved",
    "visit.scheduled",
    "visit.signed",
];

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeItem {
    /// Its place in the log; pages are in this order.
    pub id: i64,
    /// What happened, like `child.referred` or `visit.saved`.
    pub action: String,
    /// The kind of record: child, visit, ifsp, …
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeList {
    pub items: Vec<ChangeItem>,
    /// Send back as `cursor` to read what changed after this page (null: nothing more yet;
    /// keep the last `next` you had and ask again later).
    pub next: Option<String>,
}

/// The program's changes after `cursor`, oldest first.
#[utoipa::path(get, path = "/changes", tag = "changes",
    params(PageQuery),
    security(("token" = [])),
    responses(
        (status = 200, description = "A page of changes", body = ChangeList),
        (status = 401, description = "No live token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that may not read the audit log (only admin tokens)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad cursor or limit", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    meta: RequestMeta,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<ChangeList>> {
    let paging = q.parse()?;
    let u = &caller.user;
    policy::require(&state.db, u, &meta, Action::ViewAudit).await?;
    let query = audit_log::Entity::find()
        .filter(audit_log::Column::ProgramId.eq(u.program_id))
        .filter(audit_log::Column::Action.is_in(CHANGES.iter().copied()));
    let rows = cursor::fetch(&state.db, query, audit_log::Column::Id, paging).await?;
    // A short page is the end for now: its last change is where to ask from next time.
    let next = match rows.last() {
        Some(last) => Some(cursor::encode(last.id)),
        None if paging.after > 0 => Some(cursor::encode(paging.after)),
        None => None,
    };
    let ev = Event::new("changes.listed", "program", u.program_id).detail(json!({
        "after": paging.after, "changes": rows.len(),
    }));
    state.audit.record(&Actor::user(u, &meta), ev).await?;
    Ok(Json(ChangeList {
        items: rows
            .into_iter()
            .map(|r| ChangeItem {
                id: r.id,
                action: r.action,
                entity_type: r.entity_type,
                entity_id: r.entity_id,
                at: r.created_at,
            })
            .collect(),
        next,
    }))
}
