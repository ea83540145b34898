//! A FHIR referral's `ServiceRequest.identifier` (system and value), kept per API token so a
//! sender's retry (a timeout, a lost answer) gets the Task its first request created and
//! nothing is created twice. The same identifier from another token is another sender's and
//! is not looked at; a different identifier for the same child is a new referral, which the
//! intake's duplicate check answers with 409 as before.
use crate::{
    audit::{Actor, Change, Event},
    children::intake::{NewReferral, commands},
    entities::{child, referral, referral_identifier},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set, SqlErr,
};
use serde_json::json;

/// The identifier a request carries: its system (possibly empty) and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    pub system: String,
    pub value: String,
}

/// The referral (and its child, in the token's program) that `token_id` sent with `id`.
pub async fn find(
    db: &DatabaseConnection,
    token_id: i32,
    program_id: i32,
    id: &Identifier,
) -> Result<Option<(referral::Model, child::Model)>, DbErr> {
    let Some(row) = referral_identifier::Entity::find()
        .filter(referral_identifier::Column::TokenId.eq(token_id))
        .filter(referral_identifier::Column::System.eq(&id.system))
        .filter(referral_identifier::Column::Value.eq(&id.value))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(r) = referral::Entity::find_by_id(row.referral_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let kid = child::Entity::find_by_id(r.child_id)
        .filter(child::Column::ProgramId.eq(program_id))
        .one(db)
        .await?;
    Ok(kid.map(|k| (r, k)))
}

/// Opens the case with the intake's command and stores the identifier in the same change,
/// so the unique index (token, system, value) turns a concurrent retry into a rollback:
/// `None` then says a concurrent request with the same identifier had just created it, and
/// nothing of this one is kept.
pub async fn refer(
    db: &DatabaseConnection,
    actor: Actor,
    token_id: i32,
    program_id: i32,
    by: i32,
    id: &Identifier,
    r: NewReferral,
) -> Result<Option<(referral::Model, child::Model)>, DbErr> {
    let change = Change::begin(db, actor).await?;
    let (kid, referral) = commands::refer_in(&change, program_id, by, r).await?;
    let stored = referral_identifier::ActiveModel {
        token_id: Set(token_id),
        system: Set(id.system.clone()),
        value: Set(id.value.clone()),
        referral_id: Set(referral.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(change.db())
    .await;
    match stored {
        Ok(_) => {}
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            change.rollback().await?;
            return Ok(None);
        }
        Err(e) => return Err(e),
    }
    let ev = Event::new("referral.identifier_recorded", "child", kid.id)
        .detail(json!({ "system": id.system, "value": id.value }));
    change.commit(ev).await?;
    Ok(Some((referral, kid)))
}
