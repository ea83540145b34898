//! Recording and revoking a consent, each one change with its audit row.
use super::NewConsent;
use crate::{
    audit::{Actor, Change, Event},
    entities::{CommaList, consent},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use serde_json::json;

/// Records a parent's decision on the child's record, entered by the user `by`.
pub async fn record(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    by: i32,
    c: NewConsent,
) -> Result<consent::Model, DbErr> {
    let change = Change::begin(db, actor).await?;
    let row = consent::ActiveModel {
        child_id: Set(child_id),
        kind: Set(c.kind),
        agency_id: Set(match c.recipient {
            Some(super::Recipient::Directory(id)) => Some(id),
            _ => None,
        }),
        agency_name: Set(c.agency_name),
        purpose: Set(c.purpose),
        given: Set(c.given),
        decided_on: Set(c.decided_on),
        decided_by: Set(c.decided_by),
        expires_on: Set(c.expires_on),
        revoked_on: Set(None),
        recorded_by: Set(by),
        records: Set(CommaList(c.records)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    let ev = Event::new("consent.recorded", "child", child_id).detail(json!({
        "consent": row.id, "kind": row.kind, "given": row.given, "agency": row.agency_id,
    }));
    change.commit(ev).await?;
    Ok(row)
}

#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    /// No such consent on this child's record.
    #[error("no such consent")]
    NotFound,
    /// Declined, or revoked already (perhaps a moment ago, by someone else).
    #[error("the consent is not in force")]
    NotInForce,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Revokes a consent in force from `on`. Revocation is never retroactive: what was done
/// under the consent stands. "In force" is the update's condition, so of two revocations
/// at once exactly one is recorded.
pub async fn revoke(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    consent_id: i32,
    on: NaiveDate,
) -> Result<(), RevokeError> {
    let change = Change::begin(db, actor).await?;
    let res = consent::Entity::update_many()
        .col_expr(consent::Column::RevokedOn, Expr::value(Some(on)))
        .filter(consent::Column::Id.eq(consent_id))
        .filter(consent::Column::ChildId.eq(child_id))
        .filter(consent::Column::Given.eq(true))
        .filter(consent::Column::RevokedOn.is_null())
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        let exists = consent::Entity::find_by_id(consent_id)
            .filter(consent::Column::ChildId.eq(child_id))
            .one(change.db())
            .await?
            .is_some();
        return Err(if exists {
            RevokeError::NotInForce
        } else {
            RevokeError::NotFound
        });
    }
    let ev =
        Event::new("consent.revoked", "child", child_id).detail(json!({ "consent": consent_id }));
    change.commit(ev).await?;
    Ok(())
}
