//! What a family changes from its page, each one change with its audit row: opening a link,
//! "we tried it", stopping e-mail. A family double-clicks and presses again on a slow phone,
//! so each is guarded in its update and a repeat records nothing new.
use crate::{
    audit::{Actor, Change, Event},
    entities::{activity_share, consent, family_link},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr,
};
use serde_json::json;

/// The family pressed the button of link `link`: its last use is now.
pub async fn link_opened(
    db: &DatabaseConnection,
    actor: Actor,
    link: &family_link::Model,
) -> Result<(), DbErr> {
    let change = Change::begin(db, actor).await?;
    family_link::Entity::update_many()
        .col_expr(family_link::Column::LastUsedAt, Expr::value(Utc::now()))
        .filter(family_link::Column::Id.eq(link.id))
        .exec(change.db())
        .await?;
    let ev = Event::new("family.link_opened", "child", link.child_id)
        .detail(json!({ "family_link": link.id, "caregiver": link.caregiver_id }));
    change.commit(ev).await
}

#[derive(Debug, thiserror::Error)]
pub enum TriedError {
    /// Not a share of this child's, or its activity is not published.
    #[error("no such shared activity")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What became of a "we tried it".
#[derive(Debug, PartialEq, Eq)]
pub enum Tried {
    Saved,
    /// The feedback already ends with this very entry (the same press twice).
    AlreadySaid,
}

/// Adds `entry` as a new line of what the family said about share `share_id` of child
/// `child_id`. The share's row is held for the change (`FOR UPDATE` on PostgreSQL; SQLite's
/// writer transaction already holds every row), so an entry saved meanwhile is read before
/// this one is appended, never written over, and the same press twice adds nothing.
pub async fn tried(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    share_id: i32,
    entry: String,
    who: serde_json::Value,
) -> Result<Tried, TriedError> {
    let change = Change::begin(db, actor).await?;
    let share = activity_share::Entity::find_by_id(share_id)
        .filter(activity_share::Column::ChildId.eq(child_id))
        .lock_exclusive()
        .one(change.db())
        .await?
        .ok_or(TriedError::NotFound)?;
    let published =
        crate::activities::model::published_among(change.db(), vec![share.activity_id]).await?;
    if !published.contains(&share.activity_id) {
        return Err(TriedError::NotFound);
    }
    let said = share.family_feedback.trim();
    if said == entry || said.ends_with(&format!("\n{entry}")) {
        return Ok(Tried::AlreadySaid);
    }
    let text = if said.is_empty() {
        entry
    } else {
        format!("{said}\n{entry}")
    };
    activity_share::Entity::update_many()
        .col_expr(activity_share::Column::FamilyFeedback, Expr::value(text))
        .filter(activity_share::Column::Id.eq(share_id))
        .exec(change.db())
        .await?;
    let mut detail = who;
    detail["share"] = json!(share_id);
    let ev = Event::new("family.activity_tried", "child", child_id).detail(detail);
    change.commit(ev).await?;
    Ok(Tried::Saved)
}

/// Revokes from `today` the e-mail consents in force that caregiver `caregiver_name` gave for
/// child `child_id`; returns the ones this press revoked. "In force" is each update's
/// condition, so of two presses at once only one revokes and is audited.
pub async fn stop_email(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    caregiver_name: &str,
    today: NaiveDate,
    who: serde_json::Value,
) -> Result<Vec<i32>, DbErr> {
    let change = Change::begin(db, actor).await?;
    let rows = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(child_id))
        .filter(consent::Column::Kind.eq(consent::Kind::Email))
        .filter(consent::Column::Given.eq(true))
        .filter(consent::Column::RevokedOn.is_null())
        .all(change.db())
        .await?;
    let mut revoked = Vec::new();
    for k in rows
        .iter()
        .filter(|k| crate::notes::model::decided_by(k, caregiver_name))
    {
        let res = consent::Entity::update_many()
            .col_expr(consent::Column::RevokedOn, Expr::value(Some(today)))
            .filter(consent::Column::Id.eq(k.id))
            .filter(consent::Column::Given.eq(true))
            .filter(consent::Column::RevokedOn.is_null())
            .exec(change.db())
            .await?;
        if res.rows_affected == 1 {
            revoked.push(k.id);
        }
    }
    if revoked.is_empty() {
        change.rollback().await?;
        return Ok(revoked);
    }
    let mut detail = who;
    detail["consents"] = json!(revoked);
    detail["by"] = json!("family");
    let ev = Event::new("consent.revoked", "child", child_id).detail(detail);
    change.commit(ev).await?;
    Ok(revoked)
}

/// Undoes, on the day it was made, the revocation of e-mail consents caregiver
/// `caregiver_name` gave for child `child_id` (the "undo" beside "stop e-mailing me"): the
/// consent is the parent's own, so they may take back its revocation the same day; after that,
/// a new consent is recorded with their coordinator. Returns the consents put back in force.
pub async fn resume_email(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    caregiver_name: &str,
    today: NaiveDate,
    who: serde_json::Value,
) -> Result<Vec<i32>, DbErr> {
    let change = Change::begin(db, actor).await?;
    let rows = stopped_today(change.db(), child_id, caregiver_name, today).await?;
    let mut resumed = Vec::new();
    for id in rows {
        let res = consent::Entity::update_many()
            .col_expr(consent::Column::RevokedOn, Expr::value(None::<NaiveDate>))
            .filter(consent::Column::Id.eq(id))
            .filter(consent::Column::RevokedOn.eq(today))
            .exec(change.db())
            .await?;
        if res.rows_affected == 1 {
            resumed.push(id);
        }
    }
    if resumed.is_empty() {
        change.rollback().await?;
        return Ok(resumed);
    }
    let mut detail = who;
    detail["consents"] = json!(resumed);
    detail["by"] = json!("family");
    let ev = Event::new("consent.revocation_undone", "child", child_id).detail(detail);
    change.commit(ev).await?;
    Ok(resumed)
}

/// The e-mail consents of this caregiver's for the child that were revoked today: what
/// "turn e-mails back on" may undo.
pub async fn stopped_today(
    db: &impl sea_orm::ConnectionTrait,
    child_id: i32,
    caregiver_name: &str,
    today: NaiveDate,
) -> Result<Vec<i32>, DbErr> {
    Ok(consent::Entity::find()
        .filter(consent::Column::ChildId.eq(child_id))
        .filter(consent::Column::Kind.eq(consent::Kind::Email))
        .filter(consent::Column::Given.eq(true))
        .filter(consent::Column::RevokedOn.eq(today))
        .all(db)
        .await?
        .iter()
        .filter(|k| crate::notes::model::decided_by(k, caregiver_name))
        .map(|k| k.id)
        .collect())
}
