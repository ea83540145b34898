//! Moving and cancelling scheduled visits. A move is checked for overlaps like a new
//! visit; a cancellation records who cancelled and why, and sets the make-up due date.
use super::{
    rules,
    schedule::{overlap_message, parse_minutes, parse_time, provider_name},
    schedule_views::{self, CancelForm, ScheduleForm},
};
use crate::{
    audit::{self, Actor, Event},
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
    },
};
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::json;

/// A change to a visit that is still scheduled and still at the version the user saw.
fn still_scheduled(id: i32, seen: i32) -> sea_orm::UpdateMany<visit::Entity> {
    visit::Entity::update_many()
        .col_expr(visit::Column::Version, Expr::value(seen + 1))
        .col_expr(visit::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(visit::Column::Id.eq(id))
        .filter(visit::Column::Status.eq(visit::Status::Scheduled))
        .filter(visit::Column::Version.eq(seen))
}

/// Runs the change; when someone else got there first, rolls back and says so.
async fn apply(
    txn: sea_orm::DatabaseTransaction,
    change: sea_orm::UpdateMany<visit::Entity>,
    doing: &str,
) -> AppResult<sea_orm::DatabaseTransaction> {
    if change.exec(&txn).await?.rows_affected == 0 {
        txn.rollback().await?;
        return Err(AppError::Conflict(format!(
            "Someone changed this visit while you were {doing} it. Open it again to see it as it is now."
        )));
    }
    Ok(txn)
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
        let body = schedule_views::reschedule_page(&page, &c, &v, &form, &e);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    };
    let start = date.and_time(time);
    let end = start + Duration::minutes(minutes);
    let who = provider_name(&state, v.provider_id).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    super::model::claim_provider(&txn, v.provider_id).await?;
    if let Some(msg) =
        overlap_message(&txn, v.provider_id, &who, &[(start, end)], Some(v.id)).await?
    {
        txn.rollback().await?;
        e.add("time", msg);
        let body = schedule_views::reschedule_page(&page, &c, &v, &form, &e);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    }
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let change = still_scheduled(id, seen)
        .col_expr(visit::Column::StartsAt, Expr::value(start))
        .col_expr(visit::Column::EndsAt, Expr::value(end));
    let txn = apply(txn, change, "moving").await?;
    let ev = Event::new("visit.rescheduled", "visit", id)
        .detail(json!({ "child": c.id, "from": v.starts_at.to_string(), "to": start.to_string() }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/visits/{id}"),
        Kind::Success,
        "Visit moved.",
    ))
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
        let body = schedule_views::cancel_page(&page, &c, &v, &form, &e);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    };
    let due: NaiveDate = rules::makeup_due(v.starts_at.date(), &page.user.rules);
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let txn = crate::db::begin_write(&state.db).await?;
    let change = still_scheduled(id, seen)
        .col_expr(visit::Column::Status, Expr::value(visit::Status::Cancelled))
        .col_expr(visit::Column::CancelledBy, Expr::value(by))
        .col_expr(visit::Column::CancelReason, Expr::value(reason))
        .col_expr(visit::Column::MakeupDue, Expr::value(due));
    let txn = apply(txn, change, "cancelling").await?;
    let ev = Event::new("visit.cancelled", "visit", id)
        .detail(json!({ "child": c.id, "by": by, "makeup_due": due.to_string() }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
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
