//! Reading children: the list (paged) and one child; a child's plans and visits are in
//! `child_records`. Each call is one audit row, as the pages write: a list names the
//! children it gave, not the whole program (`caseload.viewed` on the page, `children.listed`
//! here).
use super::{
    caller::Caller,
    cursor::{self, PageQuery},
    problem::{ApiResult, Problem},
};
use crate::{
    audit::{Actor, Event},
    children::{authorized_child, caseload, model::Scope},
    entities::{Choice, child, user::Role},
    meta::RequestMeta,
    policy::{self, Action, Target},
    state::AppState,
    views::Page,
};
use axum::{
    Json,
    extract::{Path, Query, State},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// A child's record as the API gives it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Child {
    pub id: i32,
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: NaiveDate,
    /// referred, evaluating, eligible, not_eligible, active, exited.
    pub status: String,
    pub coordinator_id: Option<i32>,
    pub initial_ifsp_on: Option<NaiveDate>,
    pub exit_date: Option<NaiveDate>,
    pub exit_category: Option<String>,
    /// Bumped on every edit.
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

impl From<&child::Model> for Child {
    fn from(c: &child::Model) -> Self {
        Child {
            id: c.id,
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            date_of_birth: c.date_of_birth,
            status: c.status.as_str().into(),
            coordinator_id: c.coordinator_id,
            initial_ifsp_on: c.initial_ifsp_on,
            exit_date: c.exit_date,
            exit_category: c.exit_category.map(|e| e.as_str().into()),
            version: c.version,
            updated_at: c.updated_at,
        }
    }
}

/// A page of children, by id; `next` reads on.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChildList {
    pub items: Vec<Child>,
    pub next: Option<String>,
}

/// The caller as the pages' helpers take it (no form on an API call, so no CSRF token).
pub(super) fn as_page(caller: &Caller) -> Page {
    Page {
        user: caller.user.clone(),
        csrf: String::new(),
        flash: None,
    }
}

/// A child the caller may read, or 404 (audited) as the child page answers.
pub(super) async fn readable_child(
    state: &AppState,
    caller: &Caller,
    meta: &RequestMeta,
    id: &str,
    action: Action,
) -> ApiResult<child::Model> {
    let id = id.parse::<i32>().map_err(|_| Problem::not_found())?;
    Ok(authorized_child(state, &as_page(caller), meta, id, action).await?)
}

/// The children of the token's program that its role reads, by id.
#[utoipa::path(get, path = "/children", tag = "children",
    params(PageQuery),
    security(("token" = [])),
    responses(
        (status = 200, description = "A page of children", body = ChildList),
        (status = 401, description = "No live token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad cursor or limit", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    meta: RequestMeta,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<ChildList>> {
    let paging = q.parse()?;
    let u = &caller.user;
    let program_wide = policy::role_allows(u.role, Action::ViewProgramCaseload)
        || (u.role == Role::Coordinator && u.rules.team_visibility);
    // As the caseload page scopes it: the program, a provider's families, or one's own
    // caseload (for a service identity, which is no one, that is nobody).
    let scope = match (program_wide, u.role) {
        (true, _) => Scope::Program,
        (false, Role::Provider) => Scope::Provider(u.id),
        (false, _) => Scope::Coordinator(u.id),
    };
    let provider_scope = matches!(scope, Scope::Provider(_));
    let scoped = caseload::scoped(&state.db, u.program_id, &scope).await?;
    let rows = cursor::fetch(&state.db, scoped, child::Column::Id, paging).await?;
    let next = cursor::next(&rows, paging.limit, |c| c.id.into());
    // The policy has the last word on every row, as on the child page.
    let items: Vec<Child> = rows
        .iter()
        .filter(|c| {
            let served = if provider_scope {
                vec![u.id]
            } else {
                Vec::new()
            };
            policy::can(u, Action::ViewChild, &Target::child_served_by(c, served))
        })
        .map(Child::from)
        .collect();
    let ev = Event::new("children.listed", "program", u.program_id).detail(json!({
        "children": items.iter().map(|c| c.id).collect::<Vec<_>>(),
        "after": paging.after,
    }));
    state.audit.record(&Actor::user(u, &meta), ev).await?;
    Ok(Json(ChildList { items, next }))
}

/// One child's record.
#[utoipa::path(get, path = "/children/{id}", tag = "children",
    params(("id" = i32, Path, description = "The child's id")),
    security(("token" = [])),
    responses(
        (status = 200, description = "The child", body = Child),
        (status = 401, description = "No live token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such child the token may read", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    meta: RequestMeta,
    Path(id): Path<String>,
) -> ApiResult<Json<Child>> {
    let c = readable_child(&state, &caller, &meta, &id, Action::ViewChild).await?;
    let ev = Event::new("child.viewed", "child", c.id).detail(json!({ "via": "api" }));
    state
        .audit
        .record(&Actor::user(&caller.user, &meta), ev)
        .await?;
    Ok(Json(Child::from(&c)))
}
