//! Moving and cancelling scheduled visits. A move is checked for overlaps like a new
//! visit; a cancellation records who cancelled and why, and sets the make-up due date.
use super::{
    commands::{self, CancelError, MoveError},
    rules,
    schedule::{overlap_message, parse_minutes, parse_time, provider_name},
    schedule_views::{self, CancelForm, ScheduleForm},
};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    children::visit_access::{Need, load_visit},
    entities::visit,
    error::{AppError, AppResult},
    meta::RequestMeta,
    state::AppState,
    views::{
        Page,
        fields::{parse_date, required},
        flash::{self, Kind},
        form::Errors,
        respond,
    },
};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use chrono::{Duration, NaiveDate};

/// The answer when someone else changed the visit first.
fn stale(doing: &str) -> AppError {
    AppError::Conflict(format!(
        "Someone changed this visit while you were {doing} it. Open it again to see it as it is now."
    ))
}

pub async fn reschedule_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Manage).await?;
    let form = ScheduleForm {
        date: v.starts_at.date().to_string(),
        time: v.starts_at.format("%H:%M").to_string(),
        minutes: v.minutes().to_string(),
        weeks: "0".into(),
        version: v.version.to_string(),
        ..Default::default()
    };
    Ok(schedule_views::reschedule_page(&page, &c, &v, &form, &Errors::default()).into_response())
}

fn only_scheduled(v: &visit::Model) -> AppResult<()> {
    if v.status != visit::Status::Scheduled {
        return Err(AppError::Conflict(
            "Only a visit that has not happened yet can be moved or cancelled.".into(),
        ));
    }
    Ok(())
}

/// Moves a scheduled visit, refusing a move that started from an older version.
pub async fn reschedule(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ScheduleForm>,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Manage).await?;
    only_scheduled(&v)?;
    let mut e = Errors::default();
    let date = parse_date(&mut e, "date", &form.date, "new date");
    let time = parse_time(&mut e, "time", &form.time);
    let minutes = parse_minutes(&mut e, "minutes", &form.minutes);
    let (Some(date), Some(time), true) = (date, time, e.is_empty()) else {
        return Ok(respond::invalid(schedule_views::reschedule_page(
            &page, &c, &v, &form, &e,
        )));
    };
    let start = date.and_time(time);
    let end = start + Duration::minutes(minutes);
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let actor = Actor::user(&page.user, &meta);
    match commands::reschedule(&state.db, actor, &v, seen, (start, end)).await {
        Ok(()) => Ok(flash::redirect(
            &state,
            &format!("/visits/{id}"),
            Kind::Success,
            "Visit moved.",
        )),
        Err(MoveError::Overlap(other)) => {
            let who = provider_name(&state, v.provider_id).await?;
            e.add("time", overlap_message(&who, &other));
            Ok(respond::invalid(schedule_views::reschedule_page(
                &page, &c, &v, &form, &e,
            )))
        }
        Err(MoveError::Stale) => Err(stale("moving")),
        Err(MoveError::Db(e)) => Err(e.into()),
    }
}

pub async fn cancel_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Manage).await?;
    let form = CancelForm {
        version: v.version.to_string(),
        ..Default::default()
    };
    Ok(schedule_views::cancel_page(&page, &c, &v, &form, &Errors::default()).into_response())
}

/// Records a missed visit: who cancelled, why, and when the make-up is due.
pub async fn cancel(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<CancelForm>,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Manage).await?;
    only_scheduled(&v)?;
    let mut e = Errors::default();
    let by: Option<visit::CancelledBy> =
        e.choice("cancelled_by", &form.cancelled_by, "Choose who cancelled.");
    let reason = required(&mut e, "reason", &form.reason, "Enter the reason.", 500);
    let (Some(by), true) = (by, e.is_empty()) else {
        return Ok(respond::invalid(schedule_views::cancel_page(
            &page, &c, &v, &form, &e,
        )));
    };
    let due: NaiveDate = rules::makeup_due(v.starts_at.date(), &page.user.rules);
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let actor = Actor::user(&page.user, &meta);
    match commands::cancel(&state.db, actor, &v, seen, by, reason, due).await {
        Ok(()) => {}
        Err(CancelError::Stale) => return Err(stale("cancelling")),
        Err(CancelError::Db(e)) => return Err(e.into()),
    }
    Ok(flash::redirect(
        &state,
        &format!("/visits/{id}"),
        Kind::Success,
        &format!(
            "Visit cancelled. A make-up visit is due by {}.",
            due.format("%-d %b %Y")
        ),
    ))
}
