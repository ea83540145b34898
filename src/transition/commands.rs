//! The changes to a child's transition, each one change with its audit row: saving a part
//! of the record over the version the page was opened at, the done dates of the plan's
//! transition steps, and the SEA/LEA notification (the record, each agency's disclosure and
//! its e-mail in the outbox together).
use crate::{
    audit::{Actor, Change, Event},
    config::MailConfig,
    entities::{child, disclosure, transition, transition_step},
    mail::outbox::{NewMail, enqueue},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QuerySelect, Set, SqlErr, sea_query::Expr,
};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Someone saved the child's transition since the page was opened.
    #[error("the transition was saved by someone else meanwhile")]
    Stale,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Saves the whole record as changed: inserts it when it is new (version 0; the unique
/// child index refuses a second first save), else updates it only if it is still at
/// version `seen`.
async fn write(
    db: &impl ConnectionTrait,
    r: &transition::Model,
    seen: i32,
) -> Result<(), SaveError> {
    let now = Utc::now();
    if seen == 0 {
        let inserted = transition::ActiveModel {
            child_id: Set(r.child_id),
            potentially_eligible: Set(r.potentially_eligible),
            eligibility_reason: Set(r.eligibility_reason.clone()),
            opt_out_informed_on: Set(r.opt_out_informed_on),
            notified_on: Set(r.notified_on),
            conference_on: Set(r.conference_on),
            participants: Set(r.participants.clone()),
            family_approved_on: Set(r.family_approved_on),
            family_declined_conference: Set(r.family_declined_conference),
            conference_held_on: Set(r.conference_held_on),
            conference_notes: Set(r.conference_notes.clone()),
            version: Set(1),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await;
        return match inserted {
            Ok(_) => Ok(()),
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                Err(SaveError::Stale)
            }
            Err(e) => Err(e.into()),
        };
    }
    let res = transition::Entity::update_many()
        .col_expr(
            transition::Column::PotentiallyEligible,
            Expr::value(r.potentially_eligible),
        )
        .col_expr(
            transition::Column::EligibilityReason,
            Expr::value(r.eligibility_reason.clone()),
        )
        .col_expr(
            transition::Column::OptOutInformedOn,
            Expr::value(r.opt_out_informed_on),
        )
        .col_expr(transition::Column::NotifiedOn, Expr::value(r.notified_on))
        .col_expr(
            transition::Column::ConferenceOn,
            Expr::value(r.conference_on),
        )
        .col_expr(
            transition::Column::Participants,
            Expr::value(r.participants.clone()),
        )
        .col_expr(
            transition::Column::FamilyApprovedOn,
            Expr::value(r.family_approved_on),
        )
        .col_expr(
            transition::Column::FamilyDeclinedConference,
            Expr::value(r.family_declined_conference),
        )
        .col_expr(
            transition::Column::ConferenceHeldOn,
            Expr::value(r.conference_held_on),
        )
        .col_expr(
            transition::Column::ConferenceNotes,
            Expr::value(r.conference_notes.clone()),
        )
        .col_expr(transition::Column::Version, Expr::value(seen + 1))
        .col_expr(transition::Column::UpdatedAt, Expr::value(now))
        .filter(transition::Column::ChildId.eq(r.child_id))
        .filter(transition::Column::Version.eq(seen))
        .exec(db)
        .await?;
    if res.rows_affected == 1 {
        Ok(())
    } else {
        Err(SaveError::Stale)
    }
}

/// Saves record `r` (one part of it changed, named `part`) over version `seen`.
pub async fn save(
    db: &DatabaseConnection,
    actor: Actor,
    r: &transition::Model,
    seen: i32,
    part: &str,
) -> Result<(), SaveError> {
    let change = Change::begin(db, actor).await?;
    write(change.db(), r, seen).await?;
    let ev = Event::new("transition.saved", "child", r.child_id)
        .detail(json!({ "part": part, "version": seen + 1 }));
    change.commit(ev).await?;
    Ok(())
}

/// One transition step of the signed plan and the day it was done, if it was.
pub struct StepDone {
    pub position: i32,
    pub text: String,
    pub done_on: Option<NaiveDate>,
}

/// Replaces the done dates of plan `plan_id`'s transition steps, recorded by `by`. The
/// child's row is locked first (PostgreSQL; SQLite's writer lock does the same): two saves
/// at once each delete and insert the whole list, and must not interleave.
pub async fn steps(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    plan_id: i32,
    by: i32,
    steps: Vec<StepDone>,
) -> Result<(), DbErr> {
    let change = Change::begin(db, actor).await?;
    child::Entity::find_by_id(child_id)
        .lock_exclusive()
        .one(change.db())
        .await?;
    transition_step::Entity::delete_many()
        .filter(transition_step::Column::ChildId.eq(child_id))
        .filter(transition_step::Column::IfspId.eq(plan_id))
        .exec(change.db())
        .await?;
    for s in &steps {
        transition_step::ActiveModel {
            child_id: Set(child_id),
            ifsp_id: Set(plan_id),
            position: Set(s.position),
            step: Set(s.text.clone()),
            done_on: Set(s.done_on),
            recorded_by: Set(Some(by)),
            ..Default::default()
        }
        .insert(change.db())
        .await?;
    }
    let done = steps.iter().filter(|s| s.done_on.is_some()).count();
    let ev = Event::new("transition.steps_saved", "child", child_id)
        .detail(json!({ "plan": plan_id, "done": done }));
    change.commit(ev).await
}

/// One agency's copy of the notification: its disclosure, and its e-mail when it has an
/// address (else the disclosure is a document to send by the agency's own channel).
pub struct Copy {
    pub agency_id: i32,
    pub recipient: String,
    pub mail: Option<NewMail>,
}

/// What is sent and why, the same for every copy.
pub struct Notification {
    pub what: String,
    pub purpose: String,
    /// The notice as sent (JSON), kept with each disclosure.
    pub content: String,
    pub by: i32,
    pub agencies: Vec<i32>,
}

/// Records the notification: `r` (with its notified date) saved over version `seen`, then
/// each copy's disclosure and e-mail. A stale version sends nothing.
#[allow(clippy::too_many_arguments)]
pub async fn notify(
    db: &DatabaseConnection,
    actor: Actor,
    r: &transition::Model,
    seen: i32,
    n: Notification,
    copies: Vec<Copy>,
    mail: &MailConfig,
    host: &str,
) -> Result<(), SaveError> {
    let change = Change::begin(db, actor).await?;
    write(change.db(), r, seen).await?;
    for c in copies {
        let channel = if c.mail.is_some() {
            disclosure::Channel::Email
        } else {
            disclosure::Channel::Document
        };
        disclosure::ActiveModel {
            child_id: Set(r.child_id),
            agency_id: Set(Some(c.agency_id)),
            recipient: Set(c.recipient),
            kind: Set(disclosure::Kind::LeaNotification),
            what: Set(n.what.clone()),
            purpose: Set(n.purpose.clone()),
            channel: Set(channel),
            content: Set(n.content.clone()),
            by_user: Set(Some(n.by)),
            packet_id: Set(None),
            at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(change.db())
        .await?;
        if let Some(m) = c.mail {
            enqueue(change.db(), mail, host, m).await?;
        }
    }
    let ev = Event::new("transition.notified", "child", r.child_id).detail(
        json!({ "agencies": n.agencies, "fields": ["child_name", "date_of_birth", "parents"] }),
    );
    change.commit(ev).await?;
    Ok(())
}
