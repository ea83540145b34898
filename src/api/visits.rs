//! Visits through the API: scheduling from a service (the scheduling form's rules and
//! command, `visits::schedule`), and saving a note's draft (the note form's parsing and
//! command, `visits::commands::save_note`, with the version for optimistic locking).
use super::{
    body::Body,
    caller::Caller,
    child_records::Visit,
    children::as_page,
    problem::{ApiResult, Problem},
};
use crate::{
    audit::Actor,
    children::visit_access::{Need, load_visit},
    meta::RequestMeta,
    state::AppState,
    visits::{
        commands::{self, NewVisits, NoteError, ScheduleError, Signer},
        log_form::LogForm,
        refuse_signed,
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
use sea_orm::EntityTrait;
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
        ..Default::default()
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
        meeting_link: plan.meeting_link,
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

/// A note's draft, as the note form takes it. The note is saved, never signed, here:
/// signing is the provider's attestation on the visit page.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NoteDraft {
    /// The visit's `version` as last read: a draft saved over a newer one is refused (409).
    pub version: i32,
    /// YYYY-MM-DD, and the times on the program's wall clock (HH:MM).
    pub date: String,
    pub start: String,
    pub end: String,
    /// in_person, telehealth, …
    pub method: String,
    /// home, community, …
    pub location: String,
    pub participants: String,
    pub parent_report: String,
    /// Outcome ids (their first version's) from the signed plan.
    pub outcomes: Vec<i32>,
    pub routine: String,
    pub tried: String,
    pub caregiver_did: String,
    pub child_response: String,
    pub activities: String,
    pub joint_plan: String,
    /// YYYY-MM-DD.
    pub next_visit_on: String,
    /// Miles, like 12.5.
    pub mileage: String,
}

impl NoteDraft {
    fn form(&self) -> LogForm {
        LogForm {
            date: self.date.clone(),
            start: self.start.clone(),
            end: self.end.clone(),
            method: self.method.clone(),
            location: self.location.clone(),
            participants: self.participants.clone(),
            parent_report: self.parent_report.clone(),
            outcomes: self.outcomes.iter().map(|o| o.to_string()).collect(),
            routine: self.routine.clone(),
            tried: self.tried.clone(),
            caregiver_did: self.caregiver_did.clone(),
            child_response: self.child_response.clone(),
            activities: self.activities.clone(),
            joint_plan: self.joint_plan.clone(),
            next_visit_on: self.next_visit_on.clone(),
            mileage: self.mileage.clone(),
            version: self.version.to_string(),
            intent: "save".into(),
            ..Default::default()
        }
    }
}

/// Saves the draft of a visit's note, at the version read.
#[utoipa::path(put, path = "/visits/{id}/note", tag = "visits",
    params(("id" = i32, Path, description = "The visit's id")),
    request_body = NoteDraft,
    security(("token" = [])),
    responses(
        (status = 200, description = "Saved; the visit with its new version", body = Visit),
        (status = 401, description = "No live token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A read-only token, or not the visit's provider (only they write its note)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit the token may read", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Saved by someone else since `version`, or signed and locked", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused fields, or the provider has another visit then", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn save_note(
    State(state): State<AppState>,
    caller: Caller,
    meta: RequestMeta,
    Path(id): Path<String>,
    Body(body): Body<NoteDraft>,
) -> ApiResult<Json<Visit>> {
    caller.may_write()?;
    let id = id.parse::<i32>().map_err(|_| Problem::not_found())?;
    let page = as_page(&caller);
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Author).await?;
    refuse_signed(&state, &page, &meta, &v).await?;
    let origins: Vec<i32> = crate::ifsp::model::plan_outcomes(&state.db, c.id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let form = body.form();
    let input = form
        .parse(page.user.now_local(), &origins)
        .map_err(problem_from_errors)?;
    let actor = Actor::user(&page.user, &meta);
    let by = Signer {
        id: page.user.id,
        name: &page.user.display_name,
        rules: &page.user.rules,
    };
    match commands::save_note(&state.db, actor, &v, body.version, input, by).await {
        // The API sends no key, so never a repeat; were it one, the note is saved.
        Ok(()) | Err(NoteError::Repeated { .. }) => {}
        Err(NoteError::Stale { current }) => {
            refuse_signed(&state, &page, &meta, &current).await?;
            return Err(Problem::new(
                StatusCode::CONFLICT,
                format!(
                    "The note was saved since version {}; it is at version {} now. Read it again and send your changes over that version.",
                    body.version, current.version
                ),
            ));
        }
        Err(NoteError::Overlap(other)) => {
            return Err(Problem::field(
                "start",
                format!(
                    "The provider has another visit {}; visits cannot overlap.",
                    schedule::span(other.starts_at, other.ends_at)
                ),
            ));
        }
        Err(NoteError::SignRefused(_)) => {
            return Err(Problem::field(
                "sign",
                "Notes are signed on the visit page.",
            ));
        }
        Err(NoteError::Db(e)) => return Err(e.into()),
    }
    let saved = crate::entities::visit::Entity::find_by_id(v.id)
        .one(&state.db)
        .await?
        .ok_or_else(Problem::not_found)?;
    Ok(Json(Visit::from(&saved)))
}
