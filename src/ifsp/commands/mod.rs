//! The changes to a plan, each one change with its audit row. A signed plan never changes:
//! every change to a draft's parts first bumps the draft's version under "still a draft",
//! so a signature that landed a moment earlier turns the change into [`PlanError::NotDraft`]
//! instead of a part added to a locked plan.
mod cos;
mod draft;
mod parts;
mod sign;

pub use cos::{NewCos, RecordCosError, record_cos};
pub use draft::{SaveError, StartError, Started, save, start};
pub use parts::{
    NewRating, add_outcome, add_service, rate_progress, remove_outcome, remove_service,
    service_consent,
};
pub use sign::{SignError, Signatures, sign};

use crate::{
    audit::{Actor, Change},
    entities::ifsp,
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// Signed (or superseded) since the request read it.
    #[error("the plan is no longer a draft")]
    NotDraft,
    /// No such outcome or service on this plan.
    #[error("no such part of the plan")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Begins a change to the draft `id`: its version is bumped (so a narrative save that
/// started earlier is told something moved) only while it is still a draft.
async fn draft_change(db: &DatabaseConnection, actor: Actor, id: i32) -> Result<Change, PlanError> {
    let change = Change::begin(db, actor).await?;
    let res = ifsp::Entity::update_many()
        .col_expr(
            ifsp::Column::Version,
            Expr::col(ifsp::Column::Version).add(Expr::value(1)),
        )
        .col_expr(ifsp::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
        .filter(ifsp::Column::Id.eq(id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Draft))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(PlanError::NotDraft);
    }
    Ok(change)
}
