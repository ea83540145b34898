//! The activity library as the API gives it: the published activities a program's staff
//! can share (Hearth's starter library and the program's own), with their texts in each
//! language written.
use super::{
    caller::Caller,
    cursor::{self, PageQuery},
    problem::{ApiResult, Problem},
};
use crate::{
    audit::{Actor, Event},
    entities::{Choice, activity, activity_text},
    meta::RequestMeta,
    state::AppState,
};
use axum::{
    Json,
    extract::{Query, State},
};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityText {
    /// en or es.
    pub lang: String,
    pub title: String,
    pub summary: String,
    pub materials: String,
    /// One step per line.
    pub steps: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Activity {
    pub id: i32,
    /// Hearth's starter library (`true`) or the program's own.
    pub starter: bool,
    pub domains: Vec<String>,
    pub cos_outcome: String,
    /// Ages in months.
    pub age_min: i32,
    pub age_max: i32,
    pub routines: Vec<String>,
    pub texts: Vec<ActivityText>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityList {
    pub items: Vec<Activity>,
    pub next: Option<String>,
}

/// The published activities of the library, by id, paged.
#[utoipa::path(get, path = "/activities", tag = "activities",
    params(PageQuery),
    security(("token" = [])),
    responses(
        (status = 200, description = "A page of activities", body = ActivityList),
        (status = 401, description = "No live token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad cursor or limit", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    meta: RequestMeta,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<ActivityList>> {
    let paging = q.parse()?;
    let program_id = caller.user.program_id;
    let query = activity::Entity::find()
        .filter(
            Condition::any()
                .add(activity::Column::ProgramId.is_null())
                .add(activity::Column::ProgramId.eq(program_id)),
        )
        .filter(activity::Column::Status.eq(activity::Status::Published));
    let rows = cursor::fetch(&state.db, query, activity::Column::Id, paging).await?;
    let next = cursor::next(&rows, paging.limit, |a| a.id.into());
    let texts = activity_text::Entity::find()
        .filter(activity_text::Column::ActivityId.is_in(rows.iter().map(|a| a.id)))
        .order_by_asc(activity_text::Column::Id)
        .all(&state.db)
        .await?;
    let items: Vec<Activity> = rows
        .iter()
        .map(|a| Activity {
            id: a.id,
            starter: a.program_id.is_none(),
            domains: a.domains.0.iter().map(|d| d.as_str().to_owned()).collect(),
            cos_outcome: a.cos_outcome.as_str().into(),
            age_min: a.age_min,
            age_max: a.age_max,
            routines: a.routines.0.iter().map(|r| r.as_str().to_owned()).collect(),
            texts: texts
                .iter()
                .filter(|t| t.activity_id == a.id)
                .map(|t| ActivityText {
                    lang: t.lang.as_str().into(),
                    title: t.title.clone(),
                    summary: t.summary.clone(),
                    materials: t.materials.clone(),
                    steps: t.steps.clone(),
                })
                .collect(),
        })
        .collect();
    let ev = Event::new("activities.listed", "program", program_id).detail(json!({
        "activities": items.len(), "after": paging.after,
    }));
    state
        .audit
        .record(&Actor::user(&caller.user, &meta), ev)
        .await?;
    Ok(Json(ActivityList { items, next }))
}
