//! Saving a child's details and recording the exit: guarded updates on the child row (the
//! version the form started from, and for an exit that the child has not exited), each
//! with its audit row in the same change.
use super::ChildDetails;
use crate::{
    audit::{Actor, Change, Event},
    entities::{Choice, child},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// Someone saved the child since the form was opened; `current` is what they saved.
    #[error("the child was saved by someone else meanwhile")]
    Stale { current: Box<child::Model> },
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Saves the details over version `seen` of the child. The version check and the write are
/// one statement, so of two saves from the same version only one is written.
pub async fn update_details(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    seen: i32,
    d: ChildDetails,
) -> Result<(), EditError> {
    let change = Change::begin(db, actor).await?;
    let res = child::Entity::update_many()
        .col_expr(child::Column::FirstName, Expr::value(d.first_name))
        .col_expr(child::Column::LastName, Expr::value(d.last_name))
        .col_expr(child::Column::DateOfBirth, Expr::value(d.date_of_birth))
        .col_expr(
            child::Column::GestationalWeeks,
            Expr::value(d.gestational_weeks),
        )
        .col_expr(child::Column::Sex, Expr::value(d.sex))
        .col_expr(child::Column::RaceEthnicity, Expr::value(d.race_ethnicity))
        .col_expr(child::Column::Version, Expr::value(seen + 1))
        .col_expr(child::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(child::Column::Id.eq(child_id))
        .filter(child::Column::Version.eq(seen))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        let current = child::Entity::find_by_id(child_id)
            .one(change.db())
            .await?
            .ok_or_else(|| DbErr::RecordNotFound(format!("child {child_id}")))?;
        return Err(EditError::Stale {
            current: Box::new(current),
        });
    }
    let ev = Event::new("child.updated", "child", child_id).detail(json!({ "version": seen + 1 }));
    change.commit(ev).await?;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum ExitError {
    #[error("the child has already exited")]
    AlreadyExited,
    /// The child changed since `c` was read; nothing was written.
    #[error("the child's record changed since it was read")]
    Stale,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Records the exit of `c` (as read by the caller) with its OSEP category.
pub async fn exit(
    db: &DatabaseConnection,
    actor: Actor,
    c: &child::Model,
    category: child::ExitCategory,
    date: NaiveDate,
) -> Result<(), ExitError> {
    let change = Change::begin(db, actor).await?;
    let res = child::Entity::update_many()
        .col_expr(child::Column::Status, Expr::value(child::Status::Exited))
        .col_expr(child::Column::ExitCategory, Expr::value(Some(category)))
        .col_expr(child::Column::ExitDate, Expr::value(Some(date)))
        .col_expr(child::Column::Version, Expr::value(c.version + 1))
        .col_expr(child::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(child::Column::Id.eq(c.id))
        .filter(child::Column::Version.eq(c.version))
        .filter(child::Column::Status.ne(child::Status::Exited))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        let now = child::Entity::find_by_id(c.id).one(change.db()).await?;
        return Err(match now {
            Some(n) if n.status == child::Status::Exited => ExitError::AlreadyExited,
            _ => ExitError::Stale,
        });
    }
    let ev = Event::new("child.exited", "child", c.id)
        .detail(json!({ "category": category.as_str(), "date": date }));
    change.commit(ev).await?;
    Ok(())
}
