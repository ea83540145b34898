//! Reading a child's plans and visits (the child itself and the list are in `children`).
//! Each call is one audit row naming what it gave, as the pages write.
use super::{
    caller::Caller,
    children::readable_child,
    cursor::{self, PageQuery},
    problem::{ApiResult, Problem},
};
use crate::{
    audit::{Actor, Event},
    entities::{Choice, ifsp, ifsp_outcome, ifsp_service, visit},
    meta::RequestMeta,
    policy::Action,
    state::AppState,
};
use axum::{
    Json,
    extract::{Path, Query, State},
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

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
        .filter(ifsp_service::Column::IfspId.is_in(ids.clone()))
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
    let ev = Event::new("plans.viewed", "child", c.id).detail(json!({ "plans": ids }));
    state
        .audit
        .record(&Actor::user(&caller.user, &meta), ev)
        .await?;
    Ok(Json(PlanList { items }))
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
    let query = visit::Entity::find()
        .filter(visit::Column::ChildId.eq(c.id))
        .filter(visit::Column::ProgramId.eq(c.program_id));
    let rows = cursor::fetch(&state.db, query, visit::Column::Id, paging).await?;
    let next = cursor::next(&rows, paging.limit, |v| v.id.into());
    let ev = Event::new("visits.viewed", "child", c.id).detail(json!({
        "visits": rows.iter().map(|v| v.id).collect::<Vec<_>>(), "via": "api",
    }));
    state
        .audit
        .record(&Actor::user(&caller.user, &meta), ev)
        .await?;
    Ok(Json(VisitList {
        items: rows.iter().map(Visit::from).collect(),
        next,
    }))
}
