//! The family's note, measured: the compose page and preview, the outbox worker's
//! throughput (claim, attempt row, send to the memory transport, outcome), and the family
//! page behind a link.
use super::{measure, ms};
use crate::{
    AppState,
    entities::{caregiver, child, user, visit},
    mail::{
        outbox::{NewMail, enqueue},
        transport::Mailer,
        worker::Worker,
    },
    notes::link,
};
use anyhow::Context;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::time::Instant;

pub async fn run(
    state: &AppState,
    app: &axum::Router,
    provider_cookie: &str,
    messages: usize,
    iterations: usize,
) -> anyhow::Result<()> {
    let db = &state.db;
    let slp = user::Entity::find()
        .filter(user::Column::Email.eq("slp@riverbend.example"))
        .one(db)
        .await?
        .context("demo provider")?;
    let v = visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(slp.id))
        .filter(visit::Column::SignedAt.is_not_null())
        .order_by_desc(visit::Column::StartsAt)
        .one(db)
        .await?
        .context("a signed visit")?;
    let compose = format!("/visits/{}/family-note", v.id);
    let preview = format!("{compose}/preview");
    measure(app, provider_cookie, &[&compose, &preview], iterations).await?;

    // The outbox: `messages` queued at once, then sent by one worker round.
    let txn = crate::db::begin_write(db).await?;
    for i in 0..messages {
        let mail = NewMail {
            program_id: slp.program_id,
            child_id: Some(v.child_id),
            note_id: None,
            caregiver_id: None,
            kind: crate::entities::outbox::Kind::CoachingNote,
            to_address: format!("family{i}@family.example"),
            to_name: format!("Family {i}"),
            language: crate::i18n::Lang::En,
            subject: "Coaching note".into(),
            text_body: "What we practised today…".repeat(20),
            html_body: "<p>What we practised today…</p>".repeat(20),
            reply_to: String::new(),
            created_by: slp.id,
        };
        enqueue(&txn, &state.config.mail, "bench.example", mail).await?;
    }
    txn.commit().await?;
    let (mailer, sent) = Mailer::memory();
    let started = Instant::now();
    let n = Worker::new(state, mailer).run_once().await?;
    let took = started.elapsed();
    anyhow::ensure!(
        sent.lock().map(|s| s.len()).unwrap_or(0) == messages,
        "not every message was sent"
    );
    println!(
        "outbox: {n} messages claimed, sent (memory transport) and recorded in {} ({:.0}/s)",
        ms(took),
        n as f64 / took.as_secs_f64()
    );

    // The family page, through a confirmed family session.
    let c = child::Entity::find_by_id(v.child_id)
        .one(db)
        .await?
        .context("child")?;
    let g = caregiver::Entity::find()
        .filter(caregiver::Column::FamilyId.eq(c.family_id))
        .one(db)
        .await?
        .context("caregiver")?;
    let token = link::issue(db, &state.keys, &c, &g, None, 30).await?;
    let l = link::check_link(db, &state.keys, &token)
        .await
        .map_err(|e| anyhow::anyhow!("link refused: {}", e.code()))?;
    let (session, _) = link::session_for(&state.keys, &l, &token)
        .map_err(|e| anyhow::anyhow!("session refused: {}", e.code()))?;
    let cookie = format!("{}={session}", crate::family::session::COOKIE);
    measure(app, &cookie, &["/family"], iterations).await?;
    Ok(())
}
