//! The changes to a case's small records. Each is one `Change`: the guarded write, its
//! audit row, committed together; an error returns before the commit and rolls it back.
use super::{ChangeError, NewDelay, advance, bump};
use crate::{
    audit::{Actor, Change, Event},
    entities::{Choice, child, delay, referral, user},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use serde_json::json;

/// Records the first contact with the family on the referral `referral_id` (the case's
/// current one, read by the caller to check the date); a child still at "referred" moves
/// on to "evaluating".
pub async fn first_contact(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    referral_id: i32,
    on: NaiveDate,
) -> Result<(), DbErr> {
    let change = Change::begin(db, actor).await?;
    referral::Entity::update_many()
        .col_expr(referral::Column::FirstContactOn, Expr::value(Some(on)))
        .filter(referral::Column::Id.eq(referral_id))
        .filter(referral::Column::ChildId.eq(child_id))
        .exec(change.db())
        .await?;
    advance(
        change.db(),
        child_id,
        child::Status::Referred,
        child::Status::Evaluating,
    )
    .await?;
    let ev = Event::new("child.first_contact", "child", child_id).detail(json!({ "on": on }));
    change.commit(ev).await
}

/// Documents a reason the initial IFSP is late, recorded by the user `by`.
pub async fn add_delay(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    by: i32,
    d: NewDelay,
) -> Result<delay::Model, DbErr> {
    let change = Change::begin(db, actor).await?;
    let row = delay::ActiveModel {
        child_id: Set(child_id),
        clock: Set(delay::Clock::InitialIfsp),
        reason: Set(d.reason),
        documented_on: Set(d.documented_on),
        note: Set(d.note),
        recorded_by: Set(by),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    let ev = Event::new("child.delay_documented", "child", child_id)
        .detail(json!({ "reason": row.reason.as_str() }));
    change.commit(ev).await?;
    Ok(row)
}

/// Makes `to` the child's service coordinator, only while the child is as `c` was read:
/// of two reassignments from one read, the second is `Stale`.
pub async fn reassign(
    db: &DatabaseConnection,
    actor: Actor,
    c: &child::Model,
    to: &user::Person,
) -> Result<(), ChangeError> {
    let change = Change::begin(db, actor).await?;
    bump(change.db(), c, |m| m.coordinator_id = Set(Some(to.id))).await?;
    let ev = Event::new("child.reassigned", "child", c.id)
        .detail(json!({ "from": c.coordinator_id, "to": to.id }));
    change.commit(ev).await?;
    Ok(())
}
