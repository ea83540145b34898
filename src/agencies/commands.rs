//! Keeping the directory: adding an agency, and saving an edit over the version the form
//! was opened at (a later save by someone else is never overwritten unseen).
use super::model::AgencyInput;
use crate::{
    audit::{Actor, Change, Event},
    entities::agency,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use serde_json::json;

/// Adds an agency to the program's directory.
pub async fn create(
    db: &DatabaseConnection,
    actor: Actor,
    program_id: i32,
    a: AgencyInput,
) -> Result<agency::Model, DbErr> {
    let now = Utc::now();
    let change = Change::begin(db, actor).await?;
    let row = agency::ActiveModel {
        program_id: Set(program_id),
        name: Set(a.name),
        kind: Set(a.kind),
        service_area: Set(a.service_area),
        contact_name: Set(a.contact_name),
        email: Set(a.email),
        phone: Set(a.phone),
        fax: Set(a.fax),
        address: Set(a.address),
        preferred_channel: Set(a.preferred_channel),
        active: Set(a.active),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    let ev = Event::new("agency.created", "agency", row.id).detail(json!({ "name": row.name }));
    change.commit(ev).await?;
    Ok(row)
}

#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// Someone saved the agency since the form was opened; `current` is what they saved.
    #[error("the agency was saved by someone else meanwhile")]
    Stale { current: Box<agency::Model> },
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Saves `a` over version `seen` of the program's agency `id`. The version check and the
/// write are one statement, so of two saves from one version only the first is written.
pub async fn update(
    db: &DatabaseConnection,
    actor: Actor,
    program_id: i32,
    id: i32,
    seen: i32,
    a: AgencyInput,
) -> Result<(), UpdateError> {
    let change = Change::begin(db, actor).await?;
    let res = agency::Entity::update_many()
        .col_expr(agency::Column::Name, Expr::value(a.name))
        .col_expr(agency::Column::Kind, Expr::value(a.kind))
        .col_expr(agency::Column::ServiceArea, Expr::value(a.service_area))
        .col_expr(agency::Column::ContactName, Expr::value(a.contact_name))
        .col_expr(agency::Column::Email, Expr::value(a.email))
        .col_expr(agency::Column::Phone, Expr::value(a.phone))
        .col_expr(agency::Column::Fax, Expr::value(a.fax))
        .col_expr(agency::Column::Address, Expr::value(a.address))
        .col_expr(
            agency::Column::PreferredChannel,
            Expr::value(a.preferred_channel),
        )
        .col_expr(agency::Column::Active, Expr::value(a.active))
        .col_expr(agency::Column::Version, Expr::value(seen + 1))
        .col_expr(agency::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(agency::Column::Id.eq(id))
        .filter(agency::Column::ProgramId.eq(program_id))
        .filter(agency::Column::Version.eq(seen))
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        let current = agency::Entity::find_by_id(id)
            .filter(agency::Column::ProgramId.eq(program_id))
            .one(change.db())
            .await?
            .ok_or_else(|| DbErr::RecordNotFound(format!("agency {id}")))?;
        return Err(UpdateError::Stale {
            current: Box::new(current),
        });
    }
    let ev = Event::new("agency.updated", "agency", id).detail(json!({ "version": seen + 1 }));
    change.commit(ev).await?;
    Ok(())
}
