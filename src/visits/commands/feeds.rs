//! A provider's calendar feed link: making a new one ends the old one.
use crate::{
    audit::{Actor, Change, Event},
    entities::calendar_feed,
    visits::model,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set, sea_query::Expr,
};

async fn revoke_all(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, DbErr> {
    Ok(calendar_feed::Entity::update_many()
        .col_expr(calendar_feed::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(calendar_feed::Column::UserId.eq(user_id))
        .filter(calendar_feed::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// A new link for `user_id`, stored as the hash of its secret, ending any old one. The
/// user's row is claimed first, so two at once leave one live link.
pub async fn create_feed(
    db: &DatabaseConnection,
    actor: Actor,
    user_id: i32,
    token_hash: String,
) -> Result<calendar_feed::Model, DbErr> {
    let change = Change::begin(db, actor).await?;
    model::claim_provider(change.db(), user_id).await?;
    revoke_all(change.db(), user_id).await?;
    let feed = calendar_feed::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(token_hash),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    change
        .commit(Event::new("calendar.feed_created", "user", user_id))
        .await?;
    Ok(feed)
}

/// Ends the user's live link, with its audit row in the same change.
pub async fn revoke_feeds(
    db: &DatabaseConnection,
    actor: Actor,
    user_id: i32,
) -> Result<u64, DbErr> {
    let change = Change::begin(db, actor).await?;
    let n = revoke_all(change.db(), user_id).await?;
    change
        .commit(Event::new("calendar.feed_revoked", "user", user_id))
        .await?;
    Ok(n)
}
