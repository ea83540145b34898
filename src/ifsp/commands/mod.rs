//! The changes to a plan, each one change with its audit row. A signed plan never changes:
//! every change to a draft's parts first bumps the draft's version under "still a draft",
//! so a signature that landed a moment earlier turns the change into [`PlanError::NotDraft`]
//! instead of a part added to a locked plan. A part posted with the plan's typed fields (an
//! [`Edit`]) saves them in the same change, over the version the page was opened at: the one
//! version check every change to a draft shares ([`save_narrative`]).
mod cos;
mod draft;
mod parts;
mod sign;

pub use cos::{NewCos, RecordCosError, record_cos};
pub use draft::{SaveError, StartError, Started, save, save_narrative, start};
pub use parts::{
    NewRating, add_outcome, add_service, rate_progress, remove_outcome, remove_service,
    service_consent,
};
pub use sign::{SignError, Signatures, sign};

use crate::{
    audit::{Actor, Change},
    entities::ifsp,
    ifsp::form::Narrative,
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
    /// The plan's typed fields were opened at an older version: nothing was written.
    #[error("the plan changed since the page was opened")]
    Stale,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The plan's typed fields as posted with a part, and the version the page was opened at.
#[derive(Debug, Clone)]
pub struct Edit {
    pub seen: i32,
    pub narrative: Narrative,
}

/// Begins a change to the draft `id`. With an [`Edit`], the typed fields are saved over
/// the version they were opened at (else [`PlanError::Stale`]); without one (a post that
/// carries only the part), the version is bumped, so a narrative save that started
/// earlier is told something moved. Either only while the plan is still a draft.
async fn draft_change(
    db: &DatabaseConnection,
    actor: Actor,
    id: i32,
    edit: Option<&Edit>,
) -> Result<Change, PlanError> {
    let change = Change::begin(db, actor).await?;
    if let Some(edit) = edit {
        save_narrative(&change, id, edit).await?;
        return Ok(change);
    }
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
