//! Scheduling visits from a service, moving one and cancelling one.
use super::first_overlap;
use crate::{
    audit::{Actor, Change, Event},
    entities::{child, ifsp_service, visit},
    visits::schedule::blank,
};
use chrono::{NaiveDate, NaiveDateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, UpdateMany,
    sea_query::Expr,
};
use serde_json::json;

pub struct NewVisits<'a> {
    pub child: &'a child::Model,
    pub service: &'a ifsp_service::Model,
    pub provider: i32,
    pub spans: Vec<(NaiveDateTime, NaiveDateTime)>,
    /// The missed visit these make up for.
    pub makeup_of: Option<i32>,
    /// For a telehealth service: the meeting link every visit gets (empty for none).
    pub meeting_link: String,
    pub by: i32,
}

#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    /// The provider already has this visit at one of the times.
    #[error("the provider already has a visit then")]
    Overlap(Box<visit::Model>),
    /// `makeup_of` is not a cancelled visit of this service.
    #[error("not a missed visit of this service")]
    NotMissed,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Schedules the visits, none of them overlapping the provider's others; returns how many.
pub async fn schedule(
    db: &DatabaseConnection,
    actor: Actor,
    n: NewVisits<'_>,
) -> Result<usize, ScheduleError> {
    let change = Change::begin(db, actor).await?;
    if let Some(missed) = n.makeup_of {
        let ok = visit::Entity::find_by_id(missed)
            .one(change.db())
            .await?
            .is_some_and(|m| m.service_id == n.service.id && m.status == visit::Status::Cancelled);
        if !ok {
            return Err(ScheduleError::NotMissed);
        }
    }
    if let Some(other) = first_overlap(change.db(), n.provider, &n.spans, None).await? {
        return Err(ScheduleError::Overlap(Box::new(other)));
    }
    let now = Utc::now();
    for &(start, end) in &n.spans {
        let mut row = blank(
            n.child,
            n.service,
            n.provider,
            start,
            end,
            n.makeup_of,
            n.by,
            now,
        );
        row.meeting_link = sea_orm::Set(n.meeting_link.clone());
        row.insert(change.db()).await?;
    }
    let ev = Event::new("visit.scheduled", "child", n.child.id).detail(json!({
        "service": n.service.id, "provider": n.provider, "count": n.spans.len(),
        "first": n.spans.first().map(|s| s.0.to_string()), "makeup_of": n.makeup_of,
    }));
    change.commit(ev).await?;
    Ok(n.spans.len())
}

#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    #[error("the provider already has a visit then")]
    Overlap(Box<visit::Model>),
    /// Changed (moved, cancelled, logged) since the form was opened.
    #[error("the visit changed meanwhile")]
    Stale,
    #[error(transparent)]
    Db(#[from] DbErr),
}

#[derive(Debug, thiserror::Error)]
pub enum CancelError {
    /// Changed (moved, cancelled, logged) since the form was opened.
    #[error("the visit changed meanwhile")]
    Stale,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A change to a visit that is still scheduled and still at the version the user saw.
pub(super) fn still_scheduled(id: i32, seen: i32) -> UpdateMany<visit::Entity> {
    visit::Entity::update_many()
        .col_expr(visit::Column::Version, Expr::value(seen + 1))
        .col_expr(visit::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(visit::Column::Id.eq(id))
        .filter(visit::Column::Status.eq(visit::Status::Scheduled))
        .filter(visit::Column::Version.eq(seen))
}

/// Moves the scheduled visit `v` (seen at version `seen`) to `start`–`end`.
pub async fn reschedule(
    db: &DatabaseConnection,
    actor: Actor,
    v: &visit::Model,
    seen: i32,
    (start, end): (NaiveDateTime, NaiveDateTime),
) -> Result<(), MoveError> {
    let change = Change::begin(db, actor).await?;
    if let Some(other) =
        first_overlap(change.db(), v.provider_id, &[(start, end)], Some(v.id)).await?
    {
        return Err(MoveError::Overlap(Box::new(other)));
    }
    let res = still_scheduled(v.id, seen)
        .col_expr(visit::Column::StartsAt, Expr::value(start))
        .col_expr(visit::Column::EndsAt, Expr::value(end))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(MoveError::Stale);
    }
    let ev = Event::new("visit.rescheduled", "visit", v.id).detail(
        json!({ "child": v.child_id, "from": v.starts_at.to_string(), "to": start.to_string() }),
    );
    change.commit(ev).await?;
    Ok(())
}

/// Records the scheduled visit `v` as missed: who cancelled, why, and the make-up date.
pub async fn cancel(
    db: &DatabaseConnection,
    actor: Actor,
    v: &visit::Model,
    seen: i32,
    by: visit::CancelledBy,
    reason: String,
    due: NaiveDate,
) -> Result<(), CancelError> {
    let change = Change::begin(db, actor).await?;
    let res = still_scheduled(v.id, seen)
        .col_expr(visit::Column::Status, Expr::value(visit::Status::Cancelled))
        .col_expr(visit::Column::CancelledBy, Expr::value(by))
        .col_expr(visit::Column::CancelReason, Expr::value(reason))
        .col_expr(visit::Column::MakeupDue, Expr::value(due))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(CancelError::Stale);
    }
    let ev = Event::new("visit.cancelled", "visit", v.id)
        .detail(json!({ "child": v.child_id, "by": by, "makeup_due": due.to_string() }));
    change.commit(ev).await?;
    Ok(())
}
