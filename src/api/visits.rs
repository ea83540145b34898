//! Visits through the API: scheduling from a service (the scheduling form's rules and
//! command, `visits::schedule`), and saving a note's draft (the note form's parsing and
//! command, `visits::commands::save_note`, with the version for optimistic locking).
use super::{
    body::Body,
    caller::Caller,
    children::as_page,
    problem::{ApiResult, Problem},
};
use crate::{
    audit::Actor,
    meta::RequestMeta,
    state::AppState,
    visits::{
        commands::{self, NewVisits, ScheduleError},
        schedule::{self, schedulable},
        schedule_views::ScheduleForm,
    },
};
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Visits to schedule from a consented service on the signed plan.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct VisitsToSchedule {
    /// The first visit's date, YYYY-MM-DD.
    pub date: String,
    /// Its start on the program's wall clock, HH:MM.
    pub time: String,
    /// Minutes per visit (5–480); the service's length when absent.
    pub minutes: Option<i64>,
    /// Repeat by the plan's frequency for 0 (once), 4, 8, 12 or 26 weeks.
    pub weeks: Option<i64>,
    /// For a make-up visit: the cancelled visit it makes up.
    pub makeup_of: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Scheduled {
    /// How many visits were scheduled.
    pub scheduled: usize,
}

fn problem_from_errors(e: crate::views::form::Errors) -> Problem {
    Problem::invalid(&e)
}

/// Schedules visits from a service.
#[utoipa::path(post, path = "/services/{id}/visits", tag = "visits",
    params(("id" = i32, Path, description = "The IFSP service's id")),
    request_body = VisitsToSchedule,
    security(("token" = [])),
    responses(
        (status = 201, description = "Scheduled", body = Scheduled),
        (status = 401, description = "No live token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service the token may schedule", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The plan is not signed, the service not consented, or it has no provider", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused fields, or the provider has a visit then", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    meta: RequestMeta,
    Path(id): Path<String>,
    Body(body): Body<VisitsToSchedule>,
) -> ApiResult<Response> {
    caller.may_write()?;
    let sid = id.parse::<i32>().map_err(|_| Problem::not_found())?;
    let page = as_page(&caller);
    let (c, s, provider) = schedulable(&state, &page, &meta, sid).await?;
    let form = ScheduleForm {
        date: body.date.clone(),
        time: body.time.clone(),
        minutes: body.minutes.unwrap_or(s.minutes.into()).to_string(),
        weeks: body.weeks.unwrap_or(0).to_string(),
        makeup_of: body.makeup_of.map(|m| m.to_string()).unwrap_or_default(),
        version: String::new(),
    };
    let plan = schedule::parse(&form, &s).map_err(problem_from_errors)?;
    let spans: Vec<_> = plan
        .starts
        .iter()
        .map(|&st| (st, st + Duration::minutes(plan.minutes)))
        .collect();
    let n = NewVisits {
        child: &c,
        service: &s,
        provider,
        spans,
        makeup_of: plan.makeup_of,
        by: caller.user.id,
    };
    let actor = Actor::user(&caller.user, &meta);
    match commands::schedule(&state.db, actor, n).await {
        Ok(n) => Ok((StatusCode::CREATED, Json(Scheduled { scheduled: n })).into_response()),
        Err(ScheduleError::Overlap(other)) => Err(Problem::field(
            "time",
            format!(
                "The provider already has a visit {}; nothing was scheduled.",
                schedule::span(other.starts_at, other.ends_at)
            ),
        )),
        Err(ScheduleError::NotMissed) => Err(Problem::field(
            "makeup_of",
            "That is not a missed visit of this service.",
        )),
        Err(ScheduleError::Db(e)) => Err(e.into()),
    }
}
