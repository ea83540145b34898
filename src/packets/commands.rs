//! The changes to a referral packet, each one change with its audit row: sending it (the
//! packet, its disclosure and its e-mail in the outbox together), ending its link, and the
//! agency's side: a record opened, receipt acknowledged, the outcome. The agency's link may
//! be pressed twice or from two tabs; each change is guarded in its update.
use crate::{
    audit::{Actor, Change, Event},
    config::MailConfig,
    entities::{Choice, disclosure, referral_packet, referral_packet::Document},
    mail::outbox::{NewMail, enqueue},
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use serde_json::json;

/// A packet to send, checked against the release that covers it.
pub struct NewPacket {
    pub child_id: i32,
    pub agency_id: i32,
    pub agency_name: String,
    pub consent_id: i32,
    /// The purpose the release names, copied to the disclosure.
    pub purpose: String,
    pub documents: Vec<Document>,
    pub message: String,
    pub token_hash: String,
    pub by: i32,
    pub now: DateTime<Utc>,
    pub expires: DateTime<Utc>,
}

/// Where the packet's e-mail is queued.
pub struct Outbox<'a> {
    pub config: &'a MailConfig,
    pub host: &'a str,
}

/// Sends packet `p`: the packet, its disclosure and the agency's e-mail (rendered by `mail`
/// from the saved packet, whose id the link carries) are written together.
pub async fn send(
    db: &DatabaseConnection,
    actor: Actor,
    p: NewPacket,
    outbox: Outbox<'_>,
    mail: impl FnOnce(&referral_packet::Model) -> NewMail,
) -> Result<referral_packet::Model, DbErr> {
    let change = Change::begin(db, actor).await?;
    let packet = referral_packet::ActiveModel {
        child_id: Set(p.child_id),
        agency_id: Set(p.agency_id),
        consent_id: Set(p.consent_id),
        documents: Set(referral_packet::Documents(p.documents.clone())),
        message: Set(p.message),
        token_hash: Set(p.token_hash),
        created_by: Set(p.by),
        created_at: Set(p.now),
        expires_at: Set(p.expires),
        revoked_at: Set(None),
        opened_at: Set(None),
        acknowledged_at: Set(None),
        outcome: Set(referral_packet::Outcome::Unanswered),
        outcome_on: Set(None),
        outcome_note: Set(String::new()),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    let names: Vec<&str> = p.documents.iter().map(|d| d.label()).collect();
    disclosure::ActiveModel {
        child_id: Set(p.child_id),
        agency_id: Set(Some(p.agency_id)),
        recipient: Set(p.agency_name),
        kind: Set(disclosure::Kind::ReferralPacket),
        what: Set(names.join("; ")),
        purpose: Set(p.purpose),
        channel: Set(disclosure::Channel::Link),
        content: Set(json!({ "documents": p.documents, "consent": p.consent_id }).to_string()),
        by_user: Set(Some(p.by)),
        packet_id: Set(Some(packet.id)),
        at: Set(p.now),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    enqueue(change.db(), outbox.config, outbox.host, mail(&packet)).await?;
    let ev = Event::new("packet.sent", "child", p.child_id).detail(json!({
        "packet": packet.id, "agency": p.agency_id, "documents": p.documents, "consent": p.consent_id,
    }));
    change.commit(ev).await?;
    Ok(packet)
}

#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    /// No such packet of this child's, or its link was ended already.
    #[error("no such packet with a working link")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Ends the link of packet `pid` of child `child_id`.
pub async fn revoke(
    db: &DatabaseConnection,
    actor: Actor,
    child_id: i32,
    pid: i32,
) -> Result<(), RevokeError> {
    let change = Change::begin(db, actor).await?;
    let res = referral_packet::Entity::update_many()
        .col_expr(referral_packet::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(referral_packet::Column::Id.eq(pid))
        .filter(referral_packet::Column::ChildId.eq(child_id))
        .filter(referral_packet::Column::RevokedAt.is_null())
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(RevokeError::NotFound);
    }
    let ev = Event::new("packet.revoked", "child", child_id).detail(json!({ "packet": pid }));
    change.commit(ev).await?;
    Ok(())
}

/// The agency opened record `key` of packet `p`: a disclosure, and the packet's first open.
pub async fn document_opened(
    db: &DatabaseConnection,
    actor: Actor,
    p: &referral_packet::Model,
    recipient: String,
    key: Document,
) -> Result<(), DbErr> {
    let now = Utc::now();
    let change = Change::begin(db, actor).await?;
    let consent = crate::entities::consent::Entity::find_by_id(p.consent_id)
        .one(change.db())
        .await?;
    disclosure::ActiveModel {
        child_id: Set(p.child_id),
        agency_id: Set(Some(p.agency_id)),
        recipient: Set(recipient),
        kind: Set(disclosure::Kind::PacketOpened),
        what: Set(key.label().into()),
        purpose: Set(consent.map(|k| k.purpose).unwrap_or_default()),
        channel: Set(disclosure::Channel::Link),
        content: Set(json!({ "document": key, "packet": p.id }).to_string()),
        by_user: Set(None),
        packet_id: Set(Some(p.id)),
        at: Set(now),
        ..Default::default()
    }
    .insert(change.db())
    .await?;
    referral_packet::Entity::update_many()
        .col_expr(referral_packet::Column::OpenedAt, Expr::value(now))
        .filter(referral_packet::Column::Id.eq(p.id))
        .filter(referral_packet::Column::OpenedAt.is_null())
        .exec(change.db())
        .await?;
    let ev = Event::new("packet.document_opened", "child", p.child_id)
        .detail(json!({ "packet": p.id, "document": key }));
    change.commit(ev).await
}

/// The agency acknowledges receipt of packet `p`. Receipt is acknowledged once: a second
/// press (or two at once) changes and records nothing. Returns whether this one did.
pub async fn acknowledge(
    db: &DatabaseConnection,
    actor: Actor,
    p: &referral_packet::Model,
) -> Result<bool, DbErr> {
    let change = Change::begin(db, actor).await?;
    let res = referral_packet::Entity::update_many()
        .col_expr(
            referral_packet::Column::AcknowledgedAt,
            Expr::value(Utc::now()),
        )
        .filter(referral_packet::Column::Id.eq(p.id))
        .filter(referral_packet::Column::AcknowledgedAt.is_null())
        .filter(referral_packet::Column::RevokedAt.is_null())
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        change.rollback().await?;
        return Ok(false);
    }
    let ev =
        Event::new("packet.acknowledged", "child", p.child_id).detail(json!({ "packet": p.id }));
    change.commit(ev).await?;
    Ok(true)
}

/// What the agency decided, as parsed from its form.
pub struct Decision {
    pub outcome: referral_packet::Outcome,
    pub on: Option<NaiveDate>,
    pub note: String,
}

#[derive(Debug, thiserror::Error)]
pub enum OutcomeError {
    /// The link was ended while the agency had the page open.
    #[error("the packet's link was ended")]
    Revoked,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Records the agency's outcome for packet `p`; an outcome is also receipt.
pub async fn outcome(
    db: &DatabaseConnection,
    actor: Actor,
    p: &referral_packet::Model,
    d: Decision,
) -> Result<(), OutcomeError> {
    let change = Change::begin(db, actor).await?;
    let res = referral_packet::Entity::update_many()
        .col_expr(referral_packet::Column::Outcome, Expr::value(d.outcome))
        .col_expr(referral_packet::Column::OutcomeOn, Expr::value(d.on))
        .col_expr(referral_packet::Column::OutcomeNote, Expr::value(d.note))
        .filter(referral_packet::Column::Id.eq(p.id))
        .filter(referral_packet::Column::RevokedAt.is_null())
        .exec(change.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(OutcomeError::Revoked);
    }
    referral_packet::Entity::update_many()
        .col_expr(
            referral_packet::Column::AcknowledgedAt,
            Expr::value(Utc::now()),
        )
        .filter(referral_packet::Column::Id.eq(p.id))
        .filter(referral_packet::Column::AcknowledgedAt.is_null())
        .exec(change.db())
        .await?;
    let ev = Event::new("packet.outcome", "child", p.child_id)
        .detail(json!({ "packet": p.id, "outcome": d.outcome.as_str() }));
    change.commit(ev).await?;
    Ok(())
}
