//! The supervisor's review of a signed note: once.
use crate::{
    audit::{Actor, Change, Event},
    entities::visit,
};
use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// Reviewed already (perhaps a moment ago, by another supervisor).
    #[error("the note has already been reviewed")]
    AlreadyReviewed,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Records the review of the signed note `v` by `reviewer`; "not reviewed yet" is the
/// update's condition, so of two reviews at once one is recorded.
pub async fn review(
    db: &DatabaseConnection,
    actor: Actor,
    v: &visit::Model,
    reviewer: i32,
    fidelity: i32,
    comment: String,
) -> Result<(), ReviewError> {
    let change = Change::begin(db, actor).await?;
    let res = visit::Entity::update_many()
        .col_expr(visit::Column::ReviewedAt, Expr::value(Utc::now()))
        .col_expr(visit::Column::ReviewedBy, Expr::value(reviewer))
        .col_expr(visit::Column::ReviewComment, Expr::value(comment))
        .col_expr(visit::Column::Fidelity, Expr::value(fidelity))
        .filter(visit::Column::Id.eq(v.id))
        .filter(visit::Column::SignedAt.is_not_null())
        .filter(visit::Column::ReviewedAt.is_null())
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(ReviewError::AlreadyReviewed);
    }
    let ev = Event::new("visit.reviewed", "visit", v.id)
        .detail(json!({ "child": v.child_id, "fidelity": fidelity.to_string() }));
    change.commit(ev).await?;
    Ok(())
}
