//! Changing a booked telehealth visit's video meeting link.
use super::schedule::still_scheduled;
use crate::{
    audit::{Actor, Change, Event},
    entities::visit,
};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// Changed (moved, cancelled, logged, another link) since the form was opened: the visit
    /// as it is now, for the conflict view.
    #[error("the visit changed meanwhile")]
    Stale { current: Box<visit::Model> },
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Sets the meeting link (`link` already parsed by `telehealth::parse_link`; empty for none)
/// of the visit `v`, seen at version `seen`, while it is still scheduled and unsigned. The
/// audit row says only that the link changed: the link itself is the family's to open, not
/// the log's to keep.
pub async fn change_link(
    db: &DatabaseConnection,
    actor: Actor,
    v: &visit::Model,
    seen: i32,
    link: String,
) -> Result<(), LinkError> {
    let change = Change::begin(db, actor).await?;
    let res = still_scheduled(v.id, seen)
        .filter(visit::Column::SignedAt.is_null())
        .col_expr(visit::Column::MeetingLink, Expr::value(link.clone()))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        let current = visit::Entity::find_by_id(v.id)
            .one(change.db())
            .await?
            .ok_or(DbErr::RecordNotFound(format!("visit {}", v.id)))?;
        change.rollback().await?;
        return Err(LinkError::Stale {
            current: Box::new(current),
        });
    }
    let ev = Event::new("visit.link_changed", "visit", v.id).detail(json!({
        "child": v.child_id, "had_link": !v.meeting_link.is_empty(), "has_link": !link.is_empty(),
    }));
    change.commit(ev).await?;
    Ok(())
}
