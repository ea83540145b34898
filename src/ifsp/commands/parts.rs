//! Outcomes, services, per-service consent and progress ratings on a draft plan.
use super::{Edit, PlanError, draft_change};
use crate::{
    audit::{Actor, Event},
    entities::{ifsp_outcome, ifsp_service, outcome_progress, outcome_progress::Rating},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use serde_json::json;

/// Adds an outcome after the draft's last one. The position is counted inside the change,
/// so two outcomes added at once do not share one.
pub async fn add_outcome(
    db: &DatabaseConnection,
    actor: Actor,
    id: i32,
    edit: Option<&Edit>,
    mut o: ifsp_outcome::ActiveModel,
) -> Result<ifsp_outcome::Model, PlanError> {
    let change = draft_change(db, actor, id, edit).await?;
    let last = ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(id))
        .all(change.db())
        .await?
        .iter()
        .map(|o| o.position)
        .max()
        .unwrap_or(0);
    o.ifsp_id = Set(id);
    o.position = Set(last + 1);
    let o = o.insert(change.db()).await?;
    let ev = Event::new("ifsp.outcome_added", "ifsp", id).detail(json!({ "outcome": o.id }));
    change.commit(ev).await?;
    Ok(o)
}

pub async fn remove_outcome(
    db: &DatabaseConnection,
    actor: Actor,
    id: i32,
    edit: Option<&Edit>,
    oid: i32,
) -> Result<(), PlanError> {
    let change = draft_change(db, actor, id, edit).await?;
    let res = ifsp_outcome::Entity::delete_many()
        .filter(ifsp_outcome::Column::Id.eq(oid))
        .filter(ifsp_outcome::Column::IfspId.eq(id))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(PlanError::NotFound);
    }
    let ev = Event::new("ifsp.outcome_removed", "ifsp", id).detail(json!({ "outcome": oid }));
    change.commit(ev).await?;
    Ok(())
}

pub async fn add_service(
    db: &DatabaseConnection,
    actor: Actor,
    id: i32,
    edit: Option<&Edit>,
    mut s: ifsp_service::ActiveModel,
) -> Result<ifsp_service::Model, PlanError> {
    let change = draft_change(db, actor, id, edit).await?;
    s.ifsp_id = Set(id);
    let s = s.insert(change.db()).await?;
    let ev = Event::new("ifsp.service_added", "ifsp", id)
        .detail(json!({ "service": s.id, "type": s.service_type }));
    change.commit(ev).await?;
    Ok(s)
}

pub async fn remove_service(
    db: &DatabaseConnection,
    actor: Actor,
    id: i32,
    edit: Option<&Edit>,
    sid: i32,
) -> Result<(), PlanError> {
    let change = draft_change(db, actor, id, edit).await?;
    let res = ifsp_service::Entity::delete_many()
        .filter(ifsp_service::Column::Id.eq(sid))
        .filter(ifsp_service::Column::IfspId.eq(id))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(PlanError::NotFound);
    }
    let ev = Event::new("ifsp.service_removed", "ifsp", id).detail(json!({ "service": sid }));
    change.commit(ev).await?;
    Ok(())
}

/// Records the parent's decision on one service of the draft.
pub async fn service_consent(
    db: &DatabaseConnection,
    actor: Actor,
    id: i32,
    edit: Option<&Edit>,
    sid: i32,
    given: bool,
    on: NaiveDate,
) -> Result<(), PlanError> {
    let change = draft_change(db, actor, id, edit).await?;
    let res = ifsp_service::Entity::update_many()
        .col_expr(ifsp_service::Column::ConsentGiven, Expr::value(Some(given)))
        .col_expr(ifsp_service::Column::ConsentDate, Expr::value(Some(on)))
        .filter(ifsp_service::Column::Id.eq(sid))
        .filter(ifsp_service::Column::IfspId.eq(id))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(PlanError::NotFound);
    }
    let ev = Event::new("ifsp.service_consent", "ifsp", id)
        .detail(json!({ "service": sid, "given": given, "on": on }));
    change.commit(ev).await?;
    Ok(())
}

/// A progress rating of one outcome, made while drafting the next plan.
pub struct NewRating {
    pub outcome: i32,
    /// The outcome's `origin()`: ratings follow an outcome across versions.
    pub origin: i32,
    pub rated_on: NaiveDate,
    pub rating: Rating,
    pub note: String,
    pub by: i32,
}

pub async fn rate_progress(
    db: &DatabaseConnection,
    actor: Actor,
    id: i32,
    edit: Option<&Edit>,
    r: NewRating,
) -> Result<(), PlanError> {
    let change = draft_change(db, actor, id, edit).await?;
    outcome_progress::ActiveModel {
        origin_id: Set(r.origin),
        ifsp_id: Set(id),
        rated_on: Set(r.rated_on),
        rating: Set(r.rating),
        note: Set(r.note),
        created_by: Set(r.by),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    let ev = Event::new("ifsp.progress_rated", "ifsp", id)
        .detail(json!({ "outcome": r.outcome, "rating": r.rating }));
    change.commit(ev).await?;
    Ok(())
}
