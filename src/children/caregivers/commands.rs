//! Adding a caregiver to a child's family, with its audit row, in one change.
use super::{NewCaregiver, insert_caregiver};
use crate::{
    audit::{Actor, Change, Event},
    entities::{caregiver, child},
};
use sea_orm::{DatabaseConnection, DbErr};
use serde_json::json;

/// Adds `g` to the family of `c` (never as the primary caregiver: that is the one named at
/// intake).
pub async fn add(
    db: &DatabaseConnection,
    actor: Actor,
    c: &child::Model,
    g: NewCaregiver,
) -> Result<caregiver::Model, DbErr> {
    let change = Change::begin(db, actor).await?;
    let row = insert_caregiver(change.db(), c.family_id, g, false).await?;
    let ev = Event::new("caregiver.added", "child", c.id).detail(json!({ "caregiver": row.id }));
    change.commit(ev).await?;
    Ok(row)
}
