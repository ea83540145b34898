//! Retrying a failed message: back in the queue as the same message, with its audit row.
use crate::{
    audit::{Actor, Change, Event},
    config::MailConfig,
    entities::outbox as row,
    mail::outbox,
};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum RetryError {
    /// No such message in the admin's program.
    #[error("no such message")]
    NotFound,
    /// Queued, sending or sent: only a failed message is retried.
    #[error("the message has not failed")]
    NotFailed,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Queues the program's failed message `id` again (`mail::outbox::retry`: the status is the
/// update's condition, so of two retries at once one queues it and the other is told).
pub async fn retry(
    db: &DatabaseConnection,
    actor: Actor,
    config: &MailConfig,
    program_id: i32,
    id: i32,
) -> Result<(), RetryError> {
    let change = Change::begin(db, actor).await?;
    let r = row::Entity::find_by_id(id)
        .filter(row::Column::ProgramId.eq(program_id))
        .one(change.db())
        .await?
        .ok_or(RetryError::NotFound)?;
    if !outbox::retry(change.db(), config, r.id).await? {
        return Err(RetryError::NotFailed);
    }
    let ev = Event::new("mail.retried", "child", r.child_id.unwrap_or_default())
        .detail(json!({ "outbox": r.id }));
    change.commit(ev).await?;
    Ok(())
}
