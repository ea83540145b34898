//! The background sender: claims due outbox rows, sends each, records the outcome. Started
//! by `hearth serve`; `hearth outbox` runs it alone (several may run at once: claims never
//! overlap).
use super::{
    outbox::{self, Finish},
    transport::Mailer,
};
use crate::{
    audit::{self, Actor, Event},
    config::Config,
    entities::outbox as outbox_row,
    state::AppState,
};
use chrono::Utc;
use sea_orm::{DatabaseConnection, DbErr};
use std::{future::Future, sync::Arc};
use tokio::sync::Notify;

/// Messages claimed per round; each is sent in turn over the pooled connection.
const BATCH: u64 = 20;

#[derive(Clone)]
pub struct Worker {
    db: DatabaseConnection,
    config: Arc<Config>,
    mailer: Mailer,
    wake: Arc<Notify>,
    heartbeat: Arc<crate::state::Heartbeat>,
}

impl Worker {
    pub fn new(state: &AppState, mailer: Mailer) -> Worker {
        Worker {
            db: state.db.clone(),
            config: state.config.clone(),
            mailer,
            wake: state.mail_wake.clone(),
            heartbeat: state.mail_heartbeat.clone(),
        }
    }

    /// Claims and sends every due message once; returns how many were claimed.
    pub async fn run_once(&self) -> Result<usize, DbErr> {
        let mut total = 0;
        loop {
            let rows = outbox::claim(&self.db, &self.config.mail, BATCH).await?;
            if rows.is_empty() {
                return Ok(total);
            }
            total += rows.len();
            for row in rows {
                self.deliver(row).await?;
            }
        }
    }

    async fn deliver(&self, row: outbox_row::Model) -> Result<(), DbErr> {
        let attempt = outbox::start_attempt(&self.db, &row).await?;
        let result = match outbox::message(&row, &self.config.mail.from) {
            Ok(msg) => self.mailer.send(msg, self.config.mail.send_timeout).await,
            Err(e) => Err(e),
        };
        let jitter = 0.75 + rand::random::<f64>() * 0.5;
        let outcome = outbox::decide(&row, result, &self.config.mail, Utc::now(), jitter);
        if !outbox::finish(&self.db, &row, attempt, &outcome).await? {
            tracing::warn!(
                outbox = row.id,
                "outcome not recorded: the claim was taken over"
            );
            return Ok(());
        }
        match &outcome {
            Finish::Sent => tracing::info!(outbox = row.id, attempts = row.attempts, "mail sent"),
            Finish::Retry { at, error } => {
                tracing::warn!(outbox = row.id, error = error.message(), retry_at = %at, "mail deferred")
            }
            Finish::Failed(e) => {
                tracing::error!(outbox = row.id, error = e.message(), "mail failed")
            }
        }
        crate::metrics::mail_outcome(match &outcome {
            Finish::Sent => "sent",
            Finish::Retry { .. } => "deferred",
            Finish::Failed(_) => "failed",
        });
        let action = match outcome {
            Finish::Sent => "mail.sent",
            Finish::Failed(_) => "mail.failed",
            Finish::Retry { .. } => return Ok(()),
        };
        if let Some(child) = row.child_id {
            let ev = Event::new(action, "child", child).detail(serde_json::json!({
                "outbox": row.id, "note": row.note_id, "caregiver": row.caregiver_id,
                "attempts": row.attempts,
            }));
            audit::record(&self.db, &Actor::system(Some(row.program_id)), ev).await?;
        }
        Ok(())
    }

    /// Runs until `shutdown` completes: a round, then sleep until woken (mail was queued in
    /// this process) or the poll interval passes (mail queued elsewhere, retries coming due).
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        tracing::info!(transport = self.mailer.describe(), "mail worker started");
        tokio::pin!(shutdown);
        loop {
            if let Err(e) = self.run_once().await {
                tracing::error!(error = %e, "mail worker round failed; trying again shortly");
            }
            self.heartbeat.beat(Utc::now());
            tokio::select! {
                _ = &mut shutdown => break,
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.config.mail.poll) => {}
            }
        }
        tracing::info!("mail worker stopped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::Config,
        mail::outbox::{NewMail, enqueue},
    };

    async fn state() -> AppState {
        let dir = std::env::temp_dir().join(format!("hearth-mail-{}", uuid::Uuid::new_v4()));
        let d = dir.to_str().unwrap().to_owned();
        let config = Config::from_lookup(|k| match k {
            "HEARTH_DATA_DIR" => Some(d.clone()),
            "HEARTH_SECRET_KEY" => Some("0123456789abcdef0123456789abcdef".into()),
            _ => None,
        })
        .unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.join("t.db").display());
        let db = crate::db::connect(&url).await.unwrap();
        crate::db::migrate(&db).await.unwrap();
        AppState::new(db, config)
    }

    fn mail(to: &str) -> NewMail {
        NewMail {
            program_id: 1,
            child_id: None,
            note_id: None,
            caregiver_id: None,
            kind: crate::entities::outbox::Kind::CoachingNote,
            to_address: to.into(),
            to_name: "Ana".into(),
            language: crate::i18n::Lang::Es,
            subject: "Nota".into(),
            text_body: "hola".into(),
            html_body: "<p>hola</p>".into(),
            reply_to: String::new(),
            created_by: 1,
        }
    }

    #[tokio::test]
    async fn due_mail_is_sent_once_and_a_bad_address_fails_for_good() {
        let s = state().await;
        let (mailer, sent) = Mailer::memory();
        let w = Worker::new(&s, mailer);
        let good = enqueue(
            &s.db,
            &s.config.mail,
            "ei.example",
            mail("ana@family.example"),
        )
        .await
        .unwrap();
        let bad = enqueue(&s.db, &s.config.mail, "ei.example", mail("not an address"))
            .await
            .unwrap();
        assert_eq!(w.run_once().await.unwrap(), 2);
        assert_eq!(w.run_once().await.unwrap(), 0, "nothing is claimed twice");
        let wire = sent.lock().unwrap().clone();
        assert_eq!(wire.len(), 1);
        assert!(String::from_utf8_lossy(&wire[0]).contains(&good.message_id));
        use sea_orm::EntityTrait;
        let bad = outbox_row::Entity::find_by_id(bad.id)
            .one(&s.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(bad.status, crate::entities::outbox::Status::Failed);
        assert!(
            bad.last_error.starts_with("recipient address"),
            "{}",
            bad.last_error
        );
    }
}
