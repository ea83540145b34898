//! Issue 16, "more than one machine": two `hearth serve` processes on one PostgreSQL database,
//! as behind a reverse proxy, share sessions, sign-in throttling, the outbox and the audit
//! chain. Each browser here keeps one cookie jar and talks to either process; every request
//! carries the public origin both processes are configured with (`HEARTH_BASE_URL`).
//!
//! PostgreSQL only: SQLite is one process by design (one file, one writer), so on SQLite each
//! test prints a note and returns. Waits are on state (a process answering, an outbox row).
use crate::{note_helpers::*, smtp::*, support::*, web::client};
use hearth::auth::throttle;
use hearth::entities::{audit_log, outbox, outbox_attempt};
use hearth::i18n::Lang;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

/// Whether the tests run on PostgreSQL; otherwise says why this test does nothing.
fn on_postgres(test: &str) -> bool {
    let pg = std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty());
    if !pg {
        println!("{test}: skipped on SQLite, which is one process by design");
    }
    pg
}

/// One `hearth serve` process on the test app's database. Killed when dropped, so a failed
/// assertion leaves no server behind.
struct Serve {
    url: String,
    child: Child,
}

impl Serve {
    async fn start(app: &TestApp, extra: &[(&str, &str)]) -> Serve {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_hearth"))
            .arg("serve")
            .env_clear()
            .envs(app.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("HEARTH_BIND", format!("127.0.0.1:{port}"))
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(extra.iter().copied())
            // Not piped: a pipe nobody reads would fill with request logs and stall the server.
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start hearth serve");
        let mut s = Serve {
            url: format!("http://127.0.0.1:{port}"),
            child,
        };
        let health = format!("{}/healthz", s.url);
        let exited = eventually(format!("{} answers /healthz", s.url), || {
            let health = health.clone();
            let exited = s.child.try_wait().unwrap();
            async move {
                if exited.is_some() {
                    return Some(exited);
                }
                let res = reqwest::get(&health).await.ok()?;
                (res.status() == StatusCode::OK).then_some(None)
            }
        })
        .await;
        assert_eq!(exited, None, "hearth serve on {} exited", s.url);
        s
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Two processes with the same configuration.
async fn two(app: &TestApp, extra: &[(&str, &str)]) -> (Serve, Serve) {
    (
        Serve::start(app, extra).await,
        Serve::start(app, extra).await,
    )
}

/// A browser talking to `to` with the cookie jar `jar`, sending the public origin.
fn on(app: &TestApp, to: &Serve, jar: &Arc<reqwest::cookie::Jar>) -> Browser {
    Browser {
        base: to.url.clone(),
        client: client(&app.base, jar.clone()),
        jar: jar.clone(),
    }
}

/// One person's browser, whose requests the proxy sends to A or to B.
fn person(app: &TestApp, a: &Serve, b: &Serve) -> (Browser, Browser) {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    (on(app, a, &jar), on(app, b, &jar))
}

fn throttled(html: &str) -> bool {
    texts(html, "#f-email-error")
        .join(" ")
        .contains("Too many failed sign-ins")
}

#[tokio::test]
async fn a_session_made_on_one_process_works_on_the_other_and_ends_on_both() {
    if !on_postgres("sessions") {
        return;
    }
    let app = TestApp::spawn().await;
    let (a, b) = two(&app, &[]).await;
    let (via_a, via_b) = person(&app, &a, &b);

    assert_eq!(
        via_a.login(COORDINATOR, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(via_b.get("/caseload").await.status(), StatusCode::OK);
    assert_eq!(via_a.get("/caseload").await.status(), StatusCode::OK);

    let res = via_b.post("/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login");
    for (name, via) in [("A", &via_a), ("B", &via_b)] {
        let res = via.get("/caseload").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "process {name}");
        assert!(location(&res).starts_with("/login"), "process {name}");
    }
    assert_eq!(app.audit_rows("auth.login").await.len(), 1);
    assert_eq!(app.audit_rows("auth.logout").await.len(), 1);
}

#[tokio::test]
async fn failed_sign_ins_are_counted_across_both_processes() {
    if !on_postgres("throttle") {
        return;
    }
    let app = TestApp::spawn().await;
    let (a, b) = two(&app, &[]).await;
    let (via_a, via_b) = person(&app, &a, &b);

    // Five failures for one account, alternating: A saw three, B two, neither five alone.
    assert_eq!(throttle::MAX_PER_ACCOUNT, 5);
    for i in 0..5 {
        let via = if i % 2 == 0 { &via_a } else { &via_b };
        let html = via.login(COORDINATOR, "guess").await.text().await.unwrap();
        assert!(!throttled(&html), "attempt {i}");
    }
    for (name, via) in [("A", &via_a), ("B", &via_b)] {
        let res = via.login(COORDINATOR, PASSWORD).await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "process {name}"
        );
        assert!(throttled(&res.text().await.unwrap()), "process {name}");
    }
    assert_eq!(app.audit_rows("auth.login_failed").await.len(), 5);
    assert_eq!(app.audit_rows("auth.login_throttled").await.len(), 2);

    // Twenty failures from one address over ten accounts (two each), alternating: 10 on A
    // and 10 on B, five so far above: the address reaches 20 with 15 more, and is locked on
    // both processes even for an account with no failures.
    assert_eq!(throttle::MAX_PER_ADDRESS, 20);
    for i in 0..15 {
        let via = if i % 2 == 0 { &via_b } else { &via_a };
        let email = format!("guess{}@riverbend.example", i % 10);
        let html = via.login(&email, "wrong").await.text().await.unwrap();
        assert!(!throttled(&html), "address attempt {i}");
    }
    for (name, via) in [("A", &via_a), ("B", &via_b)] {
        let res = via.login(SUPERVISOR, PASSWORD).await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "process {name}"
        );
        assert!(throttled(&res.text().await.unwrap()), "process {name}");
    }
}

#[tokio::test]
async fn notes_queued_through_both_processes_are_each_sent_once_by_their_two_workers() {
    if !on_postgres("outbox") {
        return;
    }
    let sink = SmtpSink::start();
    let url = sink.url();
    let app = TestApp::spawn_with(&[("HEARTH_SMTP_URL", url.as_str())]).await;
    let mail = [
        ("HEARTH_SMTP_URL", url.as_str()),
        // A failed send would wait an hour: a second attempt would show in `attempts`.
        ("HEARTH_MAIL_BACKOFF_MS", "3600000"),
        ("HEARTH_MAIL_POLL_MS", "50"),
        ("HEARTH_SMTP_TIMEOUT_SECS", "600"),
    ];
    let (a, b) = two(&app, &mail).await;
    let visits: Vec<_> = signed_visits(&app, PROVIDER)
        .await
        .into_iter()
        .take(4)
        .collect();
    assert_eq!(visits.len(), 4, "the demo provider has signed visits");
    for (i, v) in visits.iter().enumerate() {
        let c = child_of(&app, v).await;
        let email = format!("family{i}.{}@family.example", c.id);
        primary_caregiver(&app, &c, &email, Lang::En).await;
    }
    let (via_a, via_b) = person(&app, &a, &b);
    assert_eq!(
        via_a.login(PROVIDER, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let mut rows = Vec::new();
    for (i, v) in visits.iter().enumerate() {
        let via = if i % 2 == 0 { &via_a } else { &via_b };
        assert_eq!(
            send_note(via, v.id, None).await.status(),
            StatusCode::SEE_OTHER
        );
        rows.extend(outbox_of(&app, v.id).await);
    }
    assert!(rows.len() >= 4, "one message per note at least: {rows:?}");
    for r in &rows {
        let r = wait_row(&app, r.id, "sent", |r| r.status == outbox::Status::Sent).await;
        assert_eq!(r.attempts, 1, "claimed once: {r:?}");
        let tries = outbox_attempt::Entity::find()
            .filter(outbox_attempt::Column::OutboxId.eq(r.id))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(tries, 1, "one attempt logged for row {}", r.id);
    }
    // Every row is finished and was claimed once, so no send is in flight: the inbox is
    // complete, and holds each row's message once.
    let mut got: Vec<String> = sink
        .messages()
        .iter()
        .map(|m| header(m, "Message-ID").unwrap())
        .collect();
    let mut want: Vec<String> = rows.iter().map(|r| r.message_id.clone()).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    want.dedup();
    assert_eq!(want.len(), rows.len(), "Message-ID unique per row");
}

#[tokio::test]
async fn concurrent_audited_writes_through_both_processes_keep_one_valid_chain() {
    if !on_postgres("audit chain") {
        return;
    }
    let app = TestApp::spawn().await;
    let (a, b) = two(&app, &[]).await;
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let child_page = format!("/children/{}", v.child_id);
    let before = audit_log::Entity::find().count(&app.db).await.unwrap();

    // Four people, two on each process, at once: each signs in (one change), opens the
    // child's page five times (five audited reads), and signs out (one change).
    let mut tasks = Vec::new();
    for (i, email) in [PROVIDER, PROVIDER, ADMIN, SUPERVISOR]
        .into_iter()
        .enumerate()
    {
        let via = if i % 2 == 0 { &a } else { &b };
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let browser = on(&app, via, &jar);
        let page = child_page.clone();
        tasks.push(tokio::spawn(async move {
            let res = browser.login(email, PASSWORD).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{email}");
            let mut seen = Vec::new();
            for _ in 0..5 {
                seen.push(browser.get(&page).await.status());
            }
            let res = browser.post("/logout", &[]).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{email}");
            seen
        }));
    }
    let mut pages = 0;
    for t in tasks {
        let seen = t.await.unwrap();
        pages += seen.iter().filter(|s| **s == StatusCode::OK).count();
    }
    assert_eq!(pages, 20, "every view was served");
    assert_eq!(app.audit_rows("child.viewed").await.len(), 20);
    assert_eq!(app.audit_rows("auth.login").await.len(), 4);
    assert_eq!(app.audit_rows("auth.logout").await.len(), 4);
    let after = audit_log::Entity::find().count(&app.db).await.unwrap();
    // 4 sign-ins, 20 views, 4 sign-outs.
    assert_eq!(after, before + 28, "{before} -> {after}");

    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["audit", "verify"])
        .env_clear()
        .envs(app.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("hearth audit verify");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The first line; then the head and the anchor the two processes keep (`audit_integrity`).
    assert_eq!(
        stdout.lines().next().unwrap_or_default(),
        format!("audit chain intact: {after} rows")
    );
}

#[tokio::test]
async fn two_processes_started_at_once_on_a_new_database_both_migrate_it_and_serve() {
    if !on_postgres("first start") {
        return;
    }
    // The test app only lends its configuration; the processes get a database with no tables,
    // as a first deployment of two replicas does, and both start at once.
    let app = TestApp::spawn().await;
    let admin = std::env::var("TEST_DATABASE_URL").unwrap();
    let fresh = crate::pg::PgDatabase::create(&admin, "template1").await;
    let env = [
        ("DATABASE_URL", fresh.url.as_str()),
        ("HEARTH_ENV", "production"),
    ];
    let (a, b) = tokio::join!(Serve::start(&app, &env), Serve::start(&app, &env));
    for s in [&a, &b] {
        let res = reqwest::get(format!("{}/healthz", s.url)).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{}", s.url);
    }
}

#[tokio::test]
async fn guesses_sent_at_once_to_both_processes_get_no_more_password_checks_than_the_limit() {
    if !on_postgres("throttle at once") {
        return;
    }
    let app = TestApp::spawn().await;
    let (a, b) = two(&app, &[]).await;
    // Ten wrong passwords for one account at the same moment, five to each process. Before
    // the fix all ten passed the check before any was counted, and all ten were tried.
    let mut tasks = Vec::new();
    for i in 0..10 {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let via = on(&app, if i % 2 == 0 { &a } else { &b }, &jar);
        tasks.push(tokio::spawn(async move {
            let html = via.login(COORDINATOR, "guess").await.text().await.unwrap();
            !throttled(&html)
        }));
    }
    let mut tried = 0;
    for t in tasks {
        tried += usize::from(t.await.unwrap());
    }
    assert!(tried <= 5, "{tried} guesses had their password checked");
    assert_eq!(app.audit_rows("auth.login_failed").await.len(), tried);
    // However the ten raced, the limit now holds for a sixth guess made alone.
    for _ in tried..5 {
        via_fresh(&app, &a).login(COORDINATOR, "guess").await;
    }
    let html = via_fresh(&app, &b)
        .login(COORDINATOR, PASSWORD)
        .await
        .text()
        .await
        .unwrap();
    assert!(throttled(&html));
}

fn via_fresh(app: &TestApp, to: &Serve) -> Browser {
    on(app, to, &Arc::new(reqwest::cookie::Jar::default()))
}
