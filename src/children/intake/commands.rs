//! A referral recorded: a new case (family, first caregiver, child, referral), or one more
//! referral on an existing child's record. Each is one change with its audit row.
use super::{NewReferral, create_case_with_referral, insert_referral};
use crate::{
    audit::{Actor, Change, Event},
    entities::{child, referral},
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, sea_query::Expr,
    sea_query::ExprTrait,
};
use serde_json::json;

/// Opens a case in the program for the referral `r`, received by the user `by`.
pub async fn refer(
    db: &DatabaseConnection,
    actor: Actor,
    program_id: i32,
    by: i32,
    r: NewReferral,
) -> Result<child::Model, DbErr> {
    let change = Change::begin(db, actor).await?;
    let (kid, _) = create_case_with_referral(change.db(), program_id, r, by).await?;
    change
        .commit(Event::new("child.referred", "child", kid.id))
        .await?;
    Ok(kid)
}

/// Opens a case inside a larger change (a FHIR referral with its identifier, every row of an
/// imported spreadsheet), with the same `child.referred` audit row as [`refer`]; the caller
/// commits the change.
pub async fn refer_in(
    change: &Change,
    program_id: i32,
    by: i32,
    r: NewReferral,
) -> Result<(child::Model, referral::Model), DbErr> {
    let (kid, referral) = create_case_with_referral(change.db(), program_id, r, by).await?;
    change
        .record(Event::new("child.referred", "child", kid.id))
        .await?;
    Ok((kid, referral))
}

/// Adds the referral `r` to the record of `child_id` (a re-referral of the same child). A
/// closed case (not eligible, or exited) is open again from this referral; the caregivers
/// are not changed.
pub async fn re_refer(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    by: i32,
    r: &NewReferral,
) -> Result<(), DbErr> {
    let change = Change::begin(db, actor).await?;
    insert_referral(change.db(), child_id, r, by).await?;
    // Only a closed case reopens: the condition is in the statement, not in an earlier read.
    child::Entity::update_many()
        .col_expr(child::Column::Status, Expr::value(child::Status::Referred))
        .col_expr(
            child::Column::ExitCategory,
            Expr::value(None::<child::ExitCategory>),
        )
        .col_expr(
            child::Column::ExitDate,
            Expr::value(None::<chrono::NaiveDate>),
        )
        .col_expr(
            child::Column::Version,
            Expr::col(child::Column::Version).add(Expr::value(1)),
        )
        .col_expr(child::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
        .filter(child::Column::Id.eq(child_id))
        .filter(child::Column::Status.is_in([child::Status::NotEligible, child::Status::Exited]))
        .exec(change.db())
        .await?;
    let ev = Event::new("child.re_referred", "child", child_id)
        .detail(json!({ "received_on": r.received_on }));
    change.commit(ev).await
}
