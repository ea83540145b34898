//! Reading children: the list (paged), one child, a child's plans, a child's visits. Each
//! call is one audit row, as the pages write: a list names the children it gave, not the
//! whole program (`caseload.viewed` on the page, `children.listed` here).
use super::{
    caller::Caller,
    cursor::{self, PageQuery},
    problem::{ApiResult, Problem},
};
use crate::{
    audit::{self, Actor, Event},
    children::{authorized_child, caseload, model::Scope},
    entities::{Choice, child, ifsp, ifsp_outcome, ifsp_service, user::Role, visit},
    meta::RequestMeta,
    policy::{self, Action, Target},
    state::AppState,
    views::Page,
};
use axum::{
    Json,
    extract::{Path, Query, State},
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
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
    let rows = caseload::scoped(&state.db, u.program_id, &scope)
        .await?
        .filter(child::Column::Id.gt(paging.after))
        .order_by_asc(child::Column::Id)
        .limit(paging.limit)
        .all(&state.db)
        .await?;
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
    audit::record(&state.db, &Actor::user(u, &meta), ev).await?;
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
    audit::record(&state.db, &Actor::user(&caller.user, &meta), ev).await?;
    Ok(Json(Child::from(&c)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Outcome {
    pub id: i32,
    pub position: i32,
    /// child or family.
    pub kind: String,
    pub statement: String,
    pub criteria: String,
    pub procedures: String,
    pub target_date: Option<NaiveDate>,
    /// The child outcome (COS) it serves.
    pub cos_outcome: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Service {
    pub id: i32,
    pub service_type: String,
    pub provider_id: Option<i32>,
    /// Sessions per `period`.
    pub frequency: i32,
    pub period: String,
    /// Minutes per session.
    pub minutes: i32,
    pub method: String,
    pub location: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    /// The parent's consent: true given, false declined, null not yet asked.
    pub consent_given: Option<bool>,
    pub consent_date: Option<NaiveDate>,
}

/// One IFSP version with its outcomes and services.
#[derive(Debug, Serialize, ToSchema)]
pub struct Plan {
    pub id: i32,
    /// initial, interim, review, annual, amendment.
    pub kind: String,
    /// draft, signed, superseded.
    pub status: String,
    pub meeting_date: Option<NaiveDate>,
    pub signed_at: Option<DateTime<Utc>>,
    pub supersedes_id: Option<i32>,
    pub version: i32,
    pub outcomes: Vec<Outcome>,
    pub services: Vec<Service>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanList {
    pub items: Vec<Plan>,
}

/// A child's IFSP versions, oldest first, each with its outcomes and services.
#[utoipa::path(get, path = "/children/{id}/plans", tag = "children",
    params(("id" = i32, Path, description = "The child's id")),
    security(("token" = [])),
    responses(
        (status = 200, description = "The child's plans", body = PlanList),
        (status = 401, description = "No live token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such child the token may read", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn plans(
    State(state): State<AppState>,
    caller: Caller,
    meta: RequestMeta,
    Path(id): Path<String>,
) -> ApiResult<Json<PlanList>> {
    let c = readable_child(&state, &caller, &meta, &id, Action::ViewChild).await?;
    let versions = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(c.id))
        .filter(ifsp::Column::ProgramId.eq(c.program_id))
        .order_by_asc(ifsp::Column::Id)
        .all(&state.db)
        .await?;
    let ids: Vec<i32> = versions.iter().map(|p| p.id).collect();
    let outcomes = ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.is_in(ids.clone()))
        .order_by_asc(ifsp_outcome::Column::Position)
        .order_by_asc(ifsp_outcome::Column::Id)
        .all(&state.db)
        .await?;
    let services = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.is_in(ids))
        .order_by_asc(ifsp_service::Column::Id)
        .all(&state.db)
        .await?;
    let items = versions
        .iter()
        .map(|p| Plan {
            id: p.id,
            kind: p.kind.as_str().into(),
            status: p.status.as_str().into(),
            meeting_date: p.meeting_date,
            signed_at: p.signed_at,
            supersedes_id: p.supersedes_id,
            version: p.version,
            outcomes: outcomes
                .iter()
                .filter(|o| o.ifsp_id == p.id)
                .map(|o| Outcome {
                    id: o.id,
                    position: o.position,
                    kind: o.kind.as_str().into(),
                    statement: o.statement.clone(),
                    criteria: o.criteria.clone(),
                    procedures: o.procedures.clone(),
                    target_date: o.target_date,
                    cos_outcome: o.cos_outcome.as_str().into(),
                })
                .collect(),
            services: services
                .iter()
                .filter(|s| s.ifsp_id == p.id)
                .map(|s| Service {
                    id: s.id,
                    service_type: s.service_type.as_str().into(),
                    provider_id: s.provider_id,
                    frequency: s.frequency,
                    period: s.period.as_str().into(),
                    minutes: s.minutes,
                    method: s.method.as_str().into(),
                    location: s.location.as_str().into(),
                    start_date: s.start_date,
                    end_date: s.end_date,
                    consent_given: s.consent_given,
                    consent_date: s.consent_date,
                })
                .collect(),
        })
        .collect();
    let ev =
        Event::new("plans.viewed", "child", c.id).detail(json!({ "plans": ids_of(&versions) }));
    audit::record(&state.db, &Actor::user(&caller.user, &meta), ev).await?;
    Ok(Json(PlanList { items }))
}

fn ids_of(v: &[ifsp::Model]) -> Vec<i32> {
    v.iter().map(|p| p.id).collect()
}

/// A visit and its note, as the API gives them.
#[derive(Debug, Serialize, ToSchema)]
pub struct Visit {
    pub id: i32,
    pub child_id: i32,
    pub service_id: i32,
    pub provider_id: i32,
    /// scheduled, completed, cancelled.
    pub status: String,
    /// The program's wall clock (no offset), as the visit was booked.
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub method: String,
    pub participants: String,
    pub parent_report: String,
    pub tried: String,
    pub caregiver_did: String,
    pub child_response: String,
    pub joint_plan: String,
    pub next_visit_on: Option<NaiveDate>,
    pub signed_at: Option<DateTime<Utc>>,
    /// Optimistic-lock counter for the note: send it back when saving a draft.
    pub version: i32,
}

impl From<&visit::Model> for Visit {
    fn from(v: &visit::Model) -> Self {
        Visit {
            id: v.id,
            child_id: v.child_id,
            service_id: v.service_id,
            provider_id: v.provider_id,
            status: v.status.as_str().into(),
            starts_at: v.starts_at,
            ends_at: v.ends_at,
            method: v.method.as_str().into(),
            participants: v.participants.clone(),
            parent_report: v.parent_report.clone(),
            tried: v.tried.clone(),
            caregiver_did: v.caregiver_did.clone(),
            child_response: v.child_response.clone(),
            joint_plan: v.joint_plan.clone(),
            next_visit_on: v.next_visit_on,
            signed_at: v.signed_at,
            version: v.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VisitList {
    pub items: Vec<Visit>,
    pub next: Option<String>,
}

/// A child's visits, by id, paged.
#[utoipa::path(get, path = "/children/{id}/visits", tag = "children",
    params(("id" = i32, Path, description = "The child's id"), PageQuery),
    security(("token" = [])),
    responses(
        (status = 200, description = "A page of the child's visits", body = VisitList),
        (status = 401, description = "No live token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such child the token may read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad cursor or limit", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn visits(
    State(state): State<AppState>,
    caller: Caller,
    meta: RequestMeta,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<VisitList>> {
    let paging = q.parse()?;
    let c = readable_child(&state, &caller, &meta, &id, Action::ViewChild).await?;
    let rows = visit::Entity::find()
        .filter(visit::Column::ChildId.eq(c.id))
        .filter(visit::Column::ProgramId.eq(c.program_id))
        .filter(visit::Column::Id.gt(paging.after))
        .order_by_asc(visit::Column::Id)
        .limit(paging.limit)
        .all(&state.db)
        .await?;
    let next = cursor::next(&rows, paging.limit, |v| v.id.into());
    let ev = Event::new("visits.viewed", "child", c.id).detail(json!({
        "visits": rows.iter().map(|v| v.id).collect::<Vec<_>>(), "via": "api",
    }));
    audit::record(&state.db, &Actor::user(&caller.user, &meta), ev).await?;
    Ok(Json(VisitList {
        items: rows.iter().map(Visit::from).collect(),
        next,
    }))
}
