//! Coaching notes through the outbox to a real SMTP server (aiosmtpd on loopback): delivery
//! in the family's language, an outage, a 5xx rejection, and a worker killed mid-send.
//!
//! Nothing here waits on time: each step waits for the worker's state (the outbox row, its
//! attempts, the server's inbox). Where the worker itself would wait (a retry's backoff, a
//! dead worker's lease), the test moves that moment to now instead of sleeping through it,
//! and the send timeout is long enough that a slow machine never turns into a retry.
use crate::{note_helpers::*, smtp::*, support::*};
use chrono::Utc;
use hearth::entities::{outbox, outbox_attempt};
use hearth::i18n::Lang;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};

fn mail_vars(url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("HEARTH_SMTP_URL", url.to_owned()),
        // A failed message waits an hour before its next try: the tests decide when.
        ("HEARTH_MAIL_BACKOFF_MS", "3600000".into()),
        ("HEARTH_MAIL_POLL_MS", "100".into()),
        ("HEARTH_SMTP_TIMEOUT_SECS", "600".into()),
    ]
}

/// The attempts at one message, oldest first.
async fn attempts_of(app: &TestApp, id: i32) -> Vec<outbox_attempt::Model> {
    outbox_attempt::Entity::find()
        .filter(outbox_attempt::Column::OutboxId.eq(id))
        .order_by_asc(outbox_attempt::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn app_with(vars: &[(&'static str, String)]) -> TestApp {
    let v: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    TestApp::spawn_with(&v).await
}

#[tokio::test]
async fn a_note_arrives_in_the_familys_language_with_both_parts_and_a_working_link() {
    let sink = SmtpSink::start();
    let mut app = app_with(&mail_vars(&sink.url())).await;
    app.start_mail_worker();
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &v).await;
    primary_caregiver(&app, &c, "familia@family.example", Lang::Es).await;
    let (_, title_es) = share_activity(&app, &v).await;
    let b = app.signed_in(PROVIDER).await;

    // The compose page: prefilled in Spanish, recipient listed, preview served.
    let (status, html) = b.page(&format!("/visits/{}/family-note", v.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("familia@family.example"), "{html}");
    assert!(html.contains("Lo que practicamos hoy:"));
    let preview = b
        .get(&format!("/visits/{}/family-note/preview", v.id))
        .await;
    assert!(
        preview.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'self'")
    );
    assert!(preview.text().await.unwrap().contains(&title_es));

    let res = send_note(&b, v.id, None).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let row = outbox_of(&app, v.id).await.remove(0);
    let msgs = sink.wait_for(1).await;
    let row = wait_row(&app, row.id, "sent", |r| r.status == outbox::Status::Sent).await;
    assert_eq!(row.attempts, 1);

    let raw = &msgs[0];
    assert_eq!(header(raw, "Message-ID"), Some(row.message_id.clone()));
    let parsed = mailparse::parse_mail(raw.as_bytes()).unwrap();
    use mailparse::MailHeaderMap;
    let subject = parsed.headers.get_first_value("Subject").unwrap();
    assert!(
        subject.starts_with(&format!("Nota de la visita de {}", c.first_name)),
        "{subject}"
    );
    let (text, html) = parts(raw);
    assert!(text.contains("Hola, "), "{text}");
    assert!(text.contains("Próxima visita"));
    assert!(text.contains(&title_es));
    assert!(html.contains("lang=\"es\"") && html.contains(&title_es));
    assert!(!html.contains("<img"));

    // The link in the e-mail works: confirm, then the family page.
    let link = link_in(&text);
    assert!(link.starts_with(&app.base), "{link}");
    let family = app.browser();
    let (status, page) = family.page(&path_of(&link)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Abrir la página de mi familia"));
    let res = family.post(&path_of(&link), &[("then", "")]).await;
    assert_eq!(location(&res), "/family");
    let (status, page) = family.page("/family").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&c.first_name) && page.contains(&title_es));

    // The visit page shows the delivery.
    let (_, visit_page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(visit_page.contains("familia@family.example") && visit_page.contains(">Sent<"));
}

#[tokio::test]
async fn notes_sent_while_the_mail_server_is_down_all_arrive_once_when_it_returns() {
    let mut sink = SmtpSink::start();
    sink.stop();
    let mut app = app_with(&mail_vars(&sink.url())).await;
    app.start_mail_worker();
    let b = app.signed_in(PROVIDER).await;
    let visits: Vec<_> = signed_visits(&app, PROVIDER)
        .await
        .into_iter()
        .take(3)
        .collect();
    assert_eq!(visits.len(), 3, "the demo provider has signed visits");
    let mut rows = Vec::new();
    for (i, v) in visits.iter().enumerate() {
        let c = child_of(&app, v).await;
        primary_caregiver(
            &app,
            &c,
            &format!("family{}@family.example", c.id + i as i32),
            Lang::En,
        )
        .await;
        assert_eq!(
            send_note(&b, v.id, None).await.status(),
            StatusCode::SEE_OTHER
        );
        rows.push(outbox_of(&app, v.id).await.remove(0));
    }
    // Each is tried once, fails to connect, and waits for its retry; nothing is lost or failed.
    for r in &rows {
        let r = wait_row(&app, r.id, "tried once and waiting", |r| {
            r.attempts == 1 && r.status == outbox::Status::Queued
        })
        .await;
        assert!(!r.last_error.is_empty());
        assert_eq!(r.sent_at, None);
        assert!(r.next_attempt_at > Utc::now() + chrono::Duration::minutes(30));
    }
    let (_, page) = b.page(&format!("/visits/{}", visits[0].id)).await;
    assert!(page.contains(">Queued<"), "{page}");

    // The server returns and the retries come due (as if the hour had passed).
    sink.run(false);
    outbox::Entity::update_many()
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(Utc::now()))
        .filter(outbox::Column::Id.is_in(rows.iter().map(|r| r.id)))
        .exec(&app.db)
        .await
        .unwrap();
    app.state.mail_wake.notify_one();
    for r in &rows {
        wait_row(&app, r.id, "sent", |r| r.status == outbox::Status::Sent).await;
    }
    // Each went to a server once: a refused connection (no SMTP reply), then the delivery.
    // Every row is finished, so no send is in flight and the inbox is complete.
    for r in &rows {
        let attempts = attempts_of(&app, r.id).await;
        let outcomes: Vec<outbox_attempt::Outcome> = attempts.iter().map(|a| a.outcome).collect();
        assert_eq!(
            outcomes,
            [
                outbox_attempt::Outcome::Temporary,
                outbox_attempt::Outcome::Sent
            ]
        );
        assert_eq!(attempts[0].smtp_code, None, "{:?}", attempts[0]);
    }
    let msgs = sink.messages();
    assert_eq!(msgs.len(), 3);
    let mut got: Vec<String> = msgs
        .iter()
        .map(|m| header(m, "Message-ID").unwrap())
        .collect();
    let mut want: Vec<String> = rows.iter().map(|r| r.message_id.clone()).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

#[tokio::test]
async fn a_5xx_rejection_ends_in_failed_with_the_servers_message_and_can_be_retried() {
    let sink = SmtpSink::start();
    let mut app = app_with(&mail_vars(&sink.url())).await;
    app.start_mail_worker();
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &v).await;
    primary_caregiver(&app, &c, "bounce@family.example", Lang::En).await;
    let b = app.signed_in(PROVIDER).await;
    assert_eq!(
        send_note(&b, v.id, None).await.status(),
        StatusCode::SEE_OTHER
    );
    let row = outbox_of(&app, v.id).await.remove(0);
    let failed = wait_row(&app, row.id, "failed", |r| {
        r.status == outbox::Status::Failed
    })
    .await;
    assert_eq!(failed.attempts, 1, "a permanent failure is not retried");
    assert!(failed.last_error.contains("550"), "{}", failed.last_error);
    assert!(
        failed.last_error.contains("no such mailbox here"),
        "{}",
        failed.last_error
    );
    assert!(sink.messages().is_empty());

    // Shown on the visit and in the admin's failed list, with the server's words.
    let (_, page) = b.page(&format!("/visits/{}", v.id)).await;
    assert!(page.contains(">Failed<") && page.contains("no such mailbox here"));
    let admin = app.signed_in(ADMIN).await;
    let (_, outbox) = admin.page("/outbox").await;
    assert!(
        outbox.contains(&format!("id=\"mail-{}\"", row.id))
            && outbox.contains("no such mailbox here")
    );
    assert_eq!(app.audit_rows("mail.failed").await.len(), 1);

    // Retry: the same message again (same Message-ID), refused again.
    let res = admin.post(&format!("/outbox/{}/retry", row.id), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let again = wait_row(&app, row.id, "failed twice", |r| {
        r.status == outbox::Status::Failed && r.attempts == 2
    })
    .await;
    assert_eq!(again.message_id, row.message_id);
    // Other staff may not see the outbox.
    let (status, _) = b.page("/outbox").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_worker_killed_mid_send_loses_nothing_and_its_duplicate_keeps_the_message_id() {
    let mut sink = SmtpSink::on(free_port(), true);
    let app = app_with(&mail_vars(&sink.url())).await;
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &v).await;
    primary_caregiver(&app, &c, "crash@family.example", Lang::En).await;
    let b = app.signed_in(PROVIDER).await;
    assert_eq!(
        send_note(&b, v.id, None).await.status(),
        StatusCode::SEE_OTHER
    );
    let row = outbox_of(&app, v.id).await.remove(0);

    // `hearth outbox` as its own process; the server stores the message, then hangs.
    let worker = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
            .arg("outbox")
            .env_clear()
            .envs(app.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut first = worker();
    eventually("the first worker's message reached the server", || async {
        sink.stalled().then_some(())
    })
    .await;
    first.kill().unwrap();
    first.wait().unwrap();
    let stuck = wait_row(&app, row.id, "claimed", |r| {
        r.status == outbox::Status::Sending
    })
    .await;
    assert_eq!(stuck.attempts, 1);

    // The server comes back normal; a new worker takes the message over once the dead
    // worker's lease has run out (moved to now rather than waited for), and sends it again
    // as the same message.
    sink.run(false);
    outbox::Entity::update_many()
        .col_expr(outbox::Column::LeaseUntil, Expr::value(Some(Utc::now())))
        .filter(outbox::Column::Id.eq(row.id))
        .exec(&app.db)
        .await
        .unwrap();
    let mut second = worker();
    let sent = wait_row(&app, row.id, "sent", |r| r.status == outbox::Status::Sent).await;
    second.kill().unwrap();
    second.wait().unwrap();
    assert_eq!(sent.attempts, 2, "at most one duplicate attempt");
    let msgs = sink.messages();
    assert_eq!(
        msgs.len(),
        2,
        "the first copy reached the server before the crash"
    );
    for m in &msgs {
        assert_eq!(header(m, "Message-ID"), Some(row.message_id.clone()));
    }
    let outcomes: Vec<outbox_attempt::Outcome> = attempts_of(&app, row.id)
        .await
        .into_iter()
        .map(|a| a.outcome)
        .collect();
    assert_eq!(
        outcomes,
        [
            outbox_attempt::Outcome::Interrupted,
            outbox_attempt::Outcome::Sent
        ]
    );
}

#[tokio::test]
async fn two_workers_at_once_send_every_message_exactly_once() {
    use hearth::mail::{
        outbox::{NewMail, enqueue},
        transport::Mailer,
        worker::Worker,
    };
    let app = TestApp::spawn().await;
    let s = &app.state;
    for i in 0..120 {
        let mail = NewMail {
            program_id: 1,
            child_id: None,
            note_id: None,
            caregiver_id: None,
            kind: outbox::Kind::CoachingNote,
            to_address: format!("f{i}@family.example"),
            to_name: format!("Family {i}"),
            language: Lang::En,
            subject: "Note".into(),
            text_body: "text".into(),
            html_body: "<p>html</p>".into(),
            reply_to: String::new(),
            created_by: 1,
        };
        enqueue(&s.db, &s.config.mail, "ei.example", mail)
            .await
            .unwrap();
    }
    let (m1, sent1) = Mailer::memory();
    let (m2, sent2) = Mailer::memory();
    let (w1, w2) = (Worker::new(s, m1), Worker::new(s, m2));
    // A claim that loses a race on SQLite's single writer fails and is tried again at once,
    // as the worker loop does; the loop ends when a look finds nothing due.
    let run = |w: Worker| async move {
        let mut total = 0;
        for _ in 0..50 {
            match w.run_once().await {
                Ok(0) => break,
                Ok(n) => total += n,
                Err(_) => tokio::task::yield_now().await,
            }
        }
        total
    };
    let (a, b) = tokio::join!(run(w1.clone()), run(w2.clone()));
    assert_eq!(a + b, 120);
    let mut ids: Vec<String> = sent1
        .lock()
        .unwrap()
        .iter()
        .chain(sent2.lock().unwrap().iter())
        .map(|m| header(&String::from_utf8_lossy(m), "Message-ID").unwrap())
        .collect();
    assert_eq!(ids.len(), 120);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 120, "no message went out twice");
}
