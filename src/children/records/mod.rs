//! Small records on a case: first contact, documented delays, reassignment; and the two
//! guarded writes to the child row every command of the domain uses (`bump`, `advance`).
//! The forms parse here, the changes are `commands`, the pages `handlers`.
pub mod commands;
pub(super) mod handlers;

use crate::{
    entities::{Choice, child, referral},
    error::AppError,
    timeline::DelayReason,
    views::{fields::parse_date, form::Errors},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
    sea_query::{Expr, ExprTrait},
};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FirstContactForm {
    pub first_contact_on: String,
}

impl FirstContactForm {
    /// The first contact's date, checked against today and the referral it answers. The form
    /// sits on the child page (`pages::child`), which shows the errors beside it.
    pub fn parse(&self, today: NaiveDate, r: &referral::Model) -> Result<NaiveDate, Errors> {
        let mut errors = Errors::default();
        let on = parse_date(
            &mut errors,
            "first_contact_on",
            &self.first_contact_on,
            "date of first contact",
        );
        if let Some(d) = on {
            if d > today {
                errors.add(
                    "first_contact_on",
                    "The first contact cannot be in the future.",
                );
            } else if d < r.received_on {
                errors.add(
                    "first_contact_on",
                    format!(
                        "The first contact cannot be before the referral was received ({}).",
                        r.received_on
                    ),
                );
            }
        }
        match on {
            Some(d) if errors.is_empty() => Ok(d),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct DelayForm {
    pub reason: String,
    pub documented_on: String,
    pub note: String,
}

/// A documented reason for a late initial IFSP, valid to store.
pub struct NewDelay {
    pub reason: DelayReason,
    pub documented_on: NaiveDate,
    pub note: String,
}

impl DelayForm {
    pub fn parse(&self, today: NaiveDate) -> Result<NewDelay, Errors> {
        let mut errors = Errors::default();
        let reason = DelayReason::parse(&self.reason);
        if reason.is_none() {
            errors.add("reason", "Choose the reason for the delay.");
        }
        let on = parse_date(
            &mut errors,
            "documented_on",
            &self.documented_on,
            "date the delay was documented",
        );
        if on.is_some_and(|d| d > today) {
            errors.add("documented_on", "The date cannot be in the future.");
        }
        let note = crate::views::fields::paragraph(
            &mut errors,
            "note",
            &self.note,
            crate::views::fields::limit::PARAGRAPH,
        );
        if reason.is_some_and(DelayReason::excuses) && note.chars().count() < 10 {
            errors.add("note", "Describe the family's circumstances or the attempts made (dates, who, how): a family delay must be documented.");
        }
        match (reason, on) {
            (Some(reason), Some(documented_on)) if errors.is_empty() => Ok(NewDelay {
                reason,
                documented_on,
                note,
            }),
            _ => Err(errors),
        }
    }
}

/// A change to a child that was not written: someone saved the record between this
/// request's read and its write.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("the child's record changed since it was read")]
    Stale,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<ChangeError> for AppError {
    fn from(e: ChangeError) -> Self {
        match e {
            ChangeError::Stale => AppError::Conflict(
                "Someone else changed this child's record while you were working, so nothing was saved. Open the record again to see it as it is now, then make your change again."
                    .into(),
            ),
            ChangeError::Db(e) => AppError::Db(e),
        }
    }
}

/// Applies a change to a child, bumping its version and updated time, only while the row is
/// still at the version `c` was read at: a change computed from an older read never writes
/// over what someone saved in between (the version check and the write are one statement).
pub async fn bump(
    db: &impl ConnectionTrait,
    c: &child::Model,
    change: impl FnOnce(&mut child::ActiveModel),
) -> Result<child::Model, ChangeError> {
    let mut m: child::ActiveModel = c.clone().into();
    change(&mut m);
    m.version = Set(c.version + 1);
    m.updated_at = Set(Utc::now());
    let res = child::Entity::update_many()
        .set(m)
        .filter(child::Column::Id.eq(c.id))
        .filter(child::Column::Version.eq(c.version))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(ChangeError::Stale);
    }
    child::Entity::find_by_id(c.id)
        .one(db)
        .await?
        .ok_or(ChangeError::Stale)
}

/// Moves a child to the status `to` only while it is at `from`, bumping its version: the
/// condition is in the statement, so the move happens once however many ask at the same
/// moment, and needs no earlier read. Returns whether it moved.
pub async fn advance(
    db: &impl ConnectionTrait,
    child_id: i32,
    from: child::Status,
    to: child::Status,
) -> Result<bool, DbErr> {
    let res = child::Entity::update_many()
        .col_expr(child::Column::Status, Expr::value(to))
        .col_expr(
            child::Column::Version,
            Expr::col(child::Column::Version).add(Expr::value(1)),
        )
        .col_expr(child::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(child::Column::Id.eq(child_id))
        .filter(child::Column::Status.eq(from))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
