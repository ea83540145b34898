//! The changes to a coaching note, each one change with its audit row: saving the draft or
//! sending it (the note, every recipient's family link and outbox row together), resending
//! one delivery, and ending a family's links. They take the app state for the keys and mail
//! settings that the links and e-mails are made with.
use super::{
    compose::{Compose, queue_for},
    link, model,
};
use crate::{
    audit::{Actor, Change, Event},
    entities::{caregiver, child, coaching_note, outbox, visit},
    i18n::Lang,
    mail::outbox as mail_outbox,
    state::AppState,
};
use chrono::{NaiveDateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QuerySelect, Set, SqlErr, sea_query::Expr,
};
use serde_json::json;

/// The note as written, parsed.
pub struct Draft {
    pub lang: Lang,
    pub body: String,
    /// The version the form was opened at; `None` for a note not saved yet.
    pub seen: Option<i32>,
    /// Send it now (else save the draft).
    pub send: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Sent already (from another device, perhaps a moment ago): nothing is sent twice.
    #[error("the note was sent already")]
    AlreadySent,
    /// Saved elsewhere since the form was opened; `current` is what is saved now.
    #[error("the note was saved elsewhere meanwhile")]
    Stale {
        current: Option<Box<coaching_note::Model>>,
    },
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Saves or sends the note over the version the form was opened at; returns how many
/// recipients it was queued for. "Still a draft at that version" is the update's condition
/// (and the unique visit is the first save's), so of two sends at once one is sent.
pub async fn save(
    state: &AppState,
    actor: Actor,
    ctx: &Compose,
    d: Draft,
    by: i32,
) -> Result<usize, SaveError> {
    let change = Change::begin(&state.db, actor).await?;
    let Some(note) = write_note(change.db(), ctx, &d, by).await? else {
        let current = model::delivery(change.db(), ctx.visit.id)
            .await?
            .map(|d| d.note);
        return Err(match current {
            Some(n) if n.status == coaching_note::Status::Sent => SaveError::AlreadySent,
            current => SaveError::Stale {
                current: current.map(Box::new),
            },
        });
    };
    let mut queued = 0;
    if d.send {
        for g in &ctx.to {
            queue_for(state, change.db(), ctx, &note, g, d.lang, by).await?;
            queued += 1;
        }
    }
    let action = if d.send {
        "coaching_note.sent"
    } else {
        "coaching_note.saved"
    };
    let ev = Event::new(action, "child", ctx.child.id).detail(json!({
        "visit": ctx.visit.id, "note": note.id, "version": note.version, "recipients": queued
    }));
    change.commit(ev).await?;
    Ok(queued)
}

/// Inserts the note, or updates the draft the form was loaded from. `None` when the draft
/// changed meanwhile (or was sent).
async fn write_note(
    db: &impl ConnectionTrait,
    ctx: &Compose,
    d: &Draft,
    by: i32,
) -> Result<Option<coaching_note::Model>, DbErr> {
    let now = Utc::now();
    let status = if d.send {
        coaching_note::Status::Sent
    } else {
        coaching_note::Status::Draft
    };
    let Some(seen) = d.seen else {
        if ctx.note.is_some() {
            return Ok(None);
        }
        let inserted = coaching_note::ActiveModel {
            visit_id: Set(ctx.visit.id),
            child_id: Set(ctx.child.id),
            language: Set(d.lang),
            body: Set(d.body.clone()),
            status: Set(status),
            version: Set(1),
            created_by: Set(by),
            created_at: Set(now),
            updated_at: Set(now),
            sent_at: Set(d.send.then_some(now)),
            sent_by: Set(d.send.then_some(by)),
            ..Default::default()
        }
        .insert(db)
        .await;
        // Two first saves racing: the unique visit_id lets one win; the other is a conflict.
        return match inserted {
            Ok(n) => Ok(Some(n)),
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(None),
            Err(e) => Err(e),
        };
    };
    let res = coaching_note::Entity::update_many()
        .col_expr(coaching_note::Column::Language, Expr::value(d.lang))
        .col_expr(coaching_note::Column::Body, Expr::value(d.body.clone()))
        .col_expr(coaching_note::Column::Status, Expr::value(status))
        .col_expr(coaching_note::Column::Version, Expr::value(seen + 1))
        .col_expr(coaching_note::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            coaching_note::Column::SentAt,
            Expr::value(d.send.then_some(now)),
        )
        .col_expr(
            coaching_note::Column::SentBy,
            Expr::value(d.send.then_some(by)),
        )
        .filter(coaching_note::Column::VisitId.eq(ctx.visit.id))
        .filter(coaching_note::Column::Version.eq(seen))
        .filter(coaching_note::Column::Status.eq(coaching_note::Status::Draft))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Ok(None);
    }
    coaching_note::Entity::find()
        .filter(coaching_note::Column::VisitId.eq(ctx.visit.id))
        .one(db)
        .await
}

pub enum Resent {
    /// A failed delivery queued again as the same message.
    Retried,
    /// A sent one queued as a new message with a fresh link.
    NewMessage,
}

#[derive(Debug, thiserror::Error)]
pub enum ResendError {
    #[error("no such delivery of this note")]
    NotFound,
    /// The caregiver no longer has e-mail consent and an address on file.
    #[error("the caregiver can no longer receive the note")]
    Unreachable,
    /// Queued or being sent (perhaps queued again a moment ago).
    #[error("the message is still on its way")]
    OnItsWay,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Resends the delivery `oid` of the visit's note. A failed row is queued again only while
/// it is still failed, and a delivered one gets one new message while that one is on its
/// way, so two resends at once queue (and audit) one.
pub async fn resend(
    state: &AppState,
    actor: Actor,
    c: &child::Model,
    v: visit::Model,
    oid: i32,
    now: NaiveDateTime,
    by: i32,
) -> Result<Resent, ResendError> {
    let change = Change::begin(&state.db, actor).await?;
    // Held for the change, so resends of one note look at its deliveries one at a time.
    coaching_note::Entity::find()
        .filter(coaching_note::Column::VisitId.eq(v.id))
        .lock_exclusive()
        .one(change.db())
        .await?;
    let d = model::delivery(change.db(), v.id)
        .await?
        .ok_or(ResendError::NotFound)?;
    let row = d
        .rows
        .iter()
        .find(|r| r.id == oid)
        .ok_or(ResendError::NotFound)?
        .clone();
    let visit_id = v.id;
    let done = match row.status {
        outbox::Status::Failed => {
            if !mail_outbox::retry(change.db(), &state.config.mail, row.id).await? {
                return Err(ResendError::OnItsWay);
            }
            Resent::Retried
        }
        outbox::Status::Sent => {
            // A fresh message to this caregiver is already on its way (a second press).
            let on_its_way = d.rows.iter().any(|r| {
                r.id > row.id
                    && r.caregiver_id == row.caregiver_id
                    && matches!(r.status, outbox::Status::Queued | outbox::Status::Sending)
            });
            if on_its_way {
                return Err(ResendError::OnItsWay);
            }
            let g = caregiver::Entity::find_by_id(row.caregiver_id.unwrap_or_default())
                .filter(caregiver::Column::FamilyId.eq(c.family_id))
                .one(change.db())
                .await?
                .ok_or(ResendError::NotFound)?;
            let ctx = Compose::load(change.db(), c.clone(), v, now).await?;
            if !ctx.to.iter().any(|t| t.id == g.id) {
                return Err(ResendError::Unreachable);
            }
            queue_for(state, change.db(), &ctx, &d.note, &g, d.note.language, by).await?;
            Resent::NewMessage
        }
        outbox::Status::Queued | outbox::Status::Sending => return Err(ResendError::OnItsWay),
    };
    let ev = Event::new("coaching_note.resent", "child", c.id)
        .detail(json!({ "visit": visit_id, "outbox": row.id, "was": row.status }));
    change.commit(ev).await?;
    Ok(done)
}

/// Ends every family link of the child; returns how many were live.
pub async fn revoke_links(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    visit_id: i32,
) -> Result<u64, DbErr> {
    let change = Change::begin(db, actor).await?;
    let n = link::revoke_all(change.db(), child_id).await?;
    let ev = Event::new("family.links_revoked", "child", child_id)
        .detail(json!({ "visit": visit_id, "links": n }));
    change.commit(ev).await?;
    Ok(n)
}
