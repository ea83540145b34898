//! The durable outbox. A message is a row before it is anything else: queued in the same
//! transaction as the change that caused it, claimed by one worker at a time under a lease,
//! and finished as sent, queued again (temporary failure, with backoff) or failed.
use super::transport::SendError;
use crate::{
    config::MailConfig,
    entities::{
        outbox::{self, Kind, Status},
        outbox_attempt::{self, Outcome},
    },
};
use chrono::{DateTime, Duration as CDuration, Utc};
use lettre::{
    Message,
    message::{Mailbox, MultiPart},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr,
    EntityTrait, QueryFilter, Set, Statement, sea_query::Expr,
};
use std::time::Duration;

/// How long after its lease began a claimed message may be claimed again by another worker:
/// the send timeout plus a margin, so a live worker always finishes (or times out) first.
pub fn lease(config: &MailConfig) -> Duration {
    config.send_timeout + Duration::from_secs(5)
}

/// A message to queue, fully rendered.
pub struct NewMail {
    pub program_id: i32,
    pub child_id: Option<i32>,
    pub note_id: Option<i32>,
    pub caregiver_id: Option<i32>,
    pub kind: Kind,
    pub to_address: String,
    pub to_name: String,
    pub language: crate::i18n::Lang,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// A mailbox (`Name <address>`) for Reply-To, or empty.
    pub reply_to: String,
    pub created_by: i32,
}

/// A Message-ID for a new message. It never changes afterwards: every retry of the row, and
/// a duplicate after a crash, carries it, so mail clients show the message once.
pub fn new_message_id(host: &str) -> String {
    format!("<hearth.{}@{host}>", uuid::Uuid::new_v4().simple())
}

/// Queues `mail` inside the caller's transaction.
pub async fn enqueue(
    txn: &impl ConnectionTrait,
    config: &MailConfig,
    host: &str,
    mail: NewMail,
) -> Result<outbox::Model, DbErr> {
    let now = Utc::now();
    outbox::ActiveModel {
        program_id: Set(mail.program_id),
        child_id: Set(mail.child_id),
        note_id: Set(mail.note_id),
        caregiver_id: Set(mail.caregiver_id),
        kind: Set(mail.kind),
        to_address: Set(mail.to_address),
        to_name: Set(mail.to_name),
        language: Set(mail.language),
        subject: Set(mail.subject),
        text_body: Set(mail.text_body),
        html_body: Set(mail.html_body),
        reply_to: Set(mail.reply_to),
        message_id: Set(new_message_id(host)),
        status: Set(Status::Queued),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_until: Set(None),
        give_up_at: Set(now + to_chrono(config.retry_for)),
        last_error: Set(String::new()),
        created_by: Set(mail.created_by),
        created_at: Set(now),
        updated_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await
}

fn to_chrono(d: Duration) -> CDuration {
    CDuration::from_std(d).unwrap_or(CDuration::hours(48))
}

/// The wait before retry number `attempts + 1`: `base · 2^(attempts-1)`, capped at an hour,
/// scaled by `jitter` (0.75–1.25 in use) so many messages failing together do not all come
/// back at the same instant.
pub fn backoff(base: Duration, attempts: i32, jitter: f64) -> Duration {
    let exp = (attempts.max(1) - 1).min(20) as u32;
    let raw = base.saturating_mul(2u32.saturating_pow(exp));
    raw.min(Duration::from_secs(3600))
        .mul_f64(jitter.clamp(0.5, 1.5))
}

/// Claims up to `limit` due messages for this worker: queued ones whose time has come, and
/// ones a crashed worker left `sending` after their lease ran out. One UPDATE … RETURNING:
/// on PostgreSQL the inner SELECT skips rows another worker has locked (`FOR UPDATE SKIP
/// LOCKED`); SQLite runs the statement under its single write lock, so two workers can never
/// both see a row as claimable.
pub async fn claim(
    db: &DatabaseConnection,
    config: &MailConfig,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    let now = Utc::now();
    let until = now + to_chrono(lease(config));
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "UPDATE outbox SET status = $4, attempts = attempts + 1, lease_until = $1, updated_at = $2 \
             WHERE id IN (SELECT id FROM outbox WHERE (status = $5 AND next_attempt_at <= $2) \
             OR (status = $4 AND lease_until < $2) ORDER BY next_attempt_at, id LIMIT $3 \
             FOR UPDATE SKIP LOCKED) RETURNING *"
        }
        _ => {
            "UPDATE outbox SET status = ?4, attempts = attempts + 1, lease_until = ?1, updated_at = ?2 \
             WHERE id IN (SELECT id FROM outbox WHERE (status = ?5 AND next_attempt_at <= ?2) \
             OR (status = ?4 AND lease_until < ?2) ORDER BY next_attempt_at, id LIMIT ?3) \
             RETURNING *"
        }
    };
    let stmt = Statement::from_sql_and_values(
        backend,
        sql,
        [
            until.into(),
            now.into(),
            (limit as i64).into(),
            Status::Sending.into(),
            Status::Queued.into(),
        ],
    );
    let txn = crate::db::begin_write(db).await?;
    let rows = outbox::Entity::find().from_raw_sql(stmt).all(&txn).await?;
    for r in &rows {
        // An attempt still open here belonged to a worker that died mid-send.
        outbox_attempt::Entity::update_many()
            .col_expr(
                outbox_attempt::Column::Outcome,
                Expr::value(Outcome::Interrupted),
            )
            .filter(outbox_attempt::Column::OutboxId.eq(r.id))
            .filter(outbox_attempt::Column::Outcome.eq(Outcome::Running))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(rows)
}

/// Writes the attempt row before sending, so a crash mid-send leaves a trace.
pub async fn start_attempt(db: &DatabaseConnection, row: &outbox::Model) -> Result<i32, DbErr> {
    Ok(outbox_attempt::ActiveModel {
        outbox_id: Set(row.id),
        started_at: Set(Utc::now()),
        finished_at: Set(None),
        outcome: Set(Outcome::Running),
        smtp_code: Set(None),
        detail: Set(String::new()),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

/// What became of a claimed message.
#[derive(Debug, Clone, PartialEq)]
pub enum Finish {
    Sent,
    Retry { at: DateTime<Utc>, error: SendError },
    Failed(SendError),
}

/// Decides the outcome of one attempt: permanent errors fail at once; temporary ones retry
/// until `give_up_at`, then fail with the last error.
pub fn decide(
    row: &outbox::Model,
    result: Result<(), SendError>,
    config: &MailConfig,
    now: DateTime<Utc>,
    jitter: f64,
) -> Finish {
    match result {
        Ok(()) => Finish::Sent,
        Err(e @ SendError::Permanent { .. }) => Finish::Failed(e),
        Err(e) => {
            let at = now + to_chrono(backoff(config.backoff_base, row.attempts, jitter));
            if at > row.give_up_at {
                let message = format!("Gave up after {} attempts: {}", row.attempts, e.message());
                Finish::Failed(SendError::Temporary {
                    code: e.code(),
                    message,
                })
            } else {
                Finish::Retry { at, error: e }
            }
        }
    }
}

/// Records the outcome. The update only applies while this worker still holds the claim
/// (same status and attempt number), so a worker that overran its lease cannot overwrite
/// what the worker that took over decided. Returns whether it applied.
pub async fn finish(
    db: &DatabaseConnection,
    row: &outbox::Model,
    attempt_id: i32,
    outcome: &Finish,
) -> Result<bool, DbErr> {
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let (label, err) = match outcome {
        Finish::Sent => (Outcome::Sent, None),
        Finish::Retry { error, .. } => (Outcome::Temporary, Some(error)),
        Finish::Failed(e @ SendError::Permanent { .. }) => (Outcome::Permanent, Some(e)),
        Finish::Failed(e) => (Outcome::Temporary, Some(e)),
    };
    outbox_attempt::Entity::update_many()
        .col_expr(outbox_attempt::Column::FinishedAt, Expr::value(now))
        .col_expr(outbox_attempt::Column::Outcome, Expr::value(label))
        .col_expr(
            outbox_attempt::Column::SmtpCode,
            Expr::value(err.and_then(|e| e.code())),
        )
        .col_expr(
            outbox_attempt::Column::Detail,
            Expr::value(err.map(|e| e.message().to_owned()).unwrap_or_default()),
        )
        .filter(outbox_attempt::Column::Id.eq(attempt_id))
        .exec(&txn)
        .await?;
    let mut up = outbox::Entity::update_many()
        .col_expr(outbox::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    up = match outcome {
        Finish::Sent => up
            .col_expr(outbox::Column::Status, Expr::value(Status::Sent))
            .col_expr(outbox::Column::SentAt, Expr::value(now))
            .col_expr(outbox::Column::LastError, Expr::value("")),
        Finish::Retry { at, error } => up
            .col_expr(outbox::Column::Status, Expr::value(Status::Queued))
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(*at))
            .col_expr(outbox::Column::LastError, Expr::value(error.message())),
        Finish::Failed(e) => up
            .col_expr(outbox::Column::Status, Expr::value(Status::Failed))
            .col_expr(outbox::Column::LastError, Expr::value(e.message())),
    };
    let res = up
        .filter(outbox::Column::Id.eq(row.id))
        .filter(outbox::Column::Status.eq(Status::Sending))
        .filter(outbox::Column::Attempts.eq(row.attempts))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(res.rows_affected == 1)
}

/// Puts a failed message back in the queue as the same message (same Message-ID), with a
/// fresh retry period. Returns whether there was a failed message to retry.
pub async fn retry(
    txn: &impl ConnectionTrait,
    config: &MailConfig,
    id: i32,
) -> Result<bool, DbErr> {
    let now = Utc::now();
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(Status::Queued))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
        .col_expr(
            outbox::Column::GiveUpAt,
            Expr::value(now + to_chrono(config.retry_for)),
        )
        .col_expr(outbox::Column::UpdatedAt, Expr::value(now))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(Status::Failed))
        .exec(txn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The message as it goes over the wire. An address that cannot be parsed is a permanent
/// failure: no retry will fix it.
pub fn message(row: &outbox::Model, from: &str) -> Result<Message, SendError> {
    let bad = |what: &str, e: &dyn std::fmt::Display| SendError::Permanent {
        code: None,
        message: format!("{what}: {e}"),
    };
    let from: Mailbox = from.parse().map_err(|e| bad("sender address", &e))?;
    let to_addr = row
        .to_address
        .parse()
        .map_err(|e| bad("recipient address", &e))?;
    let to = Mailbox::new(Some(row.to_name.clone()), to_addr);
    let mut builder = Message::builder().from(from).to(to);
    // A Reply-To that no longer parses must not cost the family the note: send without it.
    match row.reply_to.parse::<Mailbox>() {
        Ok(reply) => builder = builder.reply_to(reply),
        Err(e) if !row.reply_to.is_empty() => {
            tracing::warn!(outbox = row.id, error = %e, "reply-to dropped: not an address");
        }
        Err(_) => {}
    }
    builder
        .subject(row.subject.clone())
        .message_id(Some(row.message_id.clone()))
        .multipart(MultiPart::alternative_plain_html(
            row.text_body.clone(),
            row.html_body.clone(),
        ))
        .map_err(|e| bad("message", &e))
}

#[cfg(test)]
#[path = "outbox_tests.rs"]
mod tests;
