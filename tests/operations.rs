//! Issue 18: health and readiness, a database outage, and HSTS. Expected JSON is written out.
use crate::{smtp::free_port, support::*};
use axum::body::Body;
use hearth::{AppState, Config, db};
use reqwest::StatusCode;
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use tower::ServiceExt;

/// A configuration like the test app's, with `changes` replacing its variables.
fn config_like(app: &TestApp, changes: &[(&str, &str)]) -> Config {
    Config::from_lookup(|k| {
        changes
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.to_string())
            .or_else(|| {
                app.vars
                    .iter()
                    .find(|(n, _)| n == k)
                    .map(|(_, v)| v.clone())
            })
    })
    .expect("config")
}

/// One request through the router in-process.
async fn call(state: AppState, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = hearth::router(state)
        .oneshot(
            axum::http::Request::get(path)
                .header("host", "127.0.0.1")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = StatusCode::from_u16(res.status().as_u16()).unwrap();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    (status, headers, body)
}

/// A database with no tables at all: a fresh SQLite file, or a fresh PostgreSQL database.
async fn empty_database(
    dir: &tempfile::TempDir,
) -> (DatabaseConnection, Option<crate::pg::PgDatabase>) {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            let pg = crate::pg::PgDatabase::create(&admin, "template1").await;
            (db::connect(&pg.url).await.unwrap(), Some(pg))
        }
        _ => {
            let url = format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("empty.db").display()
            );
            (db::connect(&url).await.unwrap(), None)
        }
    }
}

#[tokio::test]
async fn healthz_fails_on_a_database_without_migrations() {
    let app = TestApp::spawn().await;
    let (status, body) = app.browser().page("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    let got: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        got,
        json!({"status": "ok", "database": "ok", "migrations": "applied", "version": "0.1.0"})
    );

    let dir = tempfile::tempdir().unwrap();
    let (empty, _pg) = empty_database(&dir).await;
    let state = AppState::new(empty, config_like(&app, &[]));
    let (status, _, body) = call(state, "/healthz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let got: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        got,
        json!({"status": "unavailable", "database": "ok", "migrations": "pending", "version": "0.1.0"})
    );
}

#[tokio::test]
async fn readyz_reports_the_pool_and_the_mail_worker() {
    let mut app = TestApp::spawn().await;
    let b = app.browser();
    let max = if std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        20
    } else {
        8
    };
    let (status, body) = b.page("/readyz").await;
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "no mail worker yet"
    );
    let got: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(got["status"], "unavailable");
    assert_eq!(got["database"], "ok");
    assert_eq!(got["migrations"], "applied");
    assert_eq!(got["pool"]["max"], max);
    assert_eq!(
        got["mail_worker"],
        json!({"state": "not_started", "last_round": null})
    );

    app.start_mail_worker();
    let got: Value = eventually("the worker's first round", || async {
        let (status, body) = b.page("/readyz").await;
        (status == StatusCode::OK).then(|| serde_json::from_str::<Value>(&body).unwrap())
    })
    .await;
    assert_eq!(got["status"], "ok");
    assert_eq!(got["mail_worker"]["state"], "running");
    assert!(got["mail_worker"]["last_round"].is_string(), "{got}");
    let keys: Vec<&str> = got
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        vec![
            "database",
            "mail_worker",
            "migrations",
            "pool",
            "status",
            "version"
        ]
    );
}

#[tokio::test]
async fn a_database_outage_is_a_calm_503_with_retry_after() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    assert_eq!(b.get("/caseload").await.status(), StatusCode::OK);
    app.db.clone().close().await.unwrap();
    let res = b.get("/caseload").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        res.headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap()),
        Some("30")
    );
    let html = res.text().await.unwrap();
    assert!(
        html.contains("<h1>Hearth is briefly unavailable</h1>"),
        "{html}"
    );
    let (status, body) = app.browser().page("/healthz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let got: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        got,
        json!({"status": "unavailable", "database": "unreachable", "version": "0.1.0"})
    );
}

#[tokio::test]
async fn hsts_only_with_an_https_base_url() {
    let app = TestApp::spawn().await;
    let (_, headers, _) = call(app.state.clone(), "/login").await;
    assert_eq!(headers.get("strict-transport-security"), None);
    let https = config_like(&app, &[("HEARTH_BASE_URL", "https://hearth.example")]);
    let (_, headers, _) = call(AppState::new(app.db.clone(), https), "/login").await;
    assert_eq!(
        headers
            .get("strict-transport-security")
            .map(|v| v.to_str().unwrap()),
        Some("max-age=31536000; includeSubDomains")
    );
}

/// `hearth serve` as its own process, on the test app's database, answering on `port`, with
/// its standard output kept.
fn hearth_serve(app: &TestApp, port: u16, extra: &[(&str, &str)]) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .arg("serve")
        .env_clear()
        .envs(app.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("HEARTH_BIND", format!("127.0.0.1:{port}"))
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(extra.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start hearth serve")
}

/// Sends SIGTERM and returns how the process ended.
async fn terminate(server: &mut std::process::Child) -> std::process::ExitStatus {
    let term = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    eventually("hearth serve exits after SIGTERM", || {
        let done = server.try_wait().unwrap();
        async move { done }
    })
    .await
}

#[tokio::test]
async fn requests_are_logged_at_the_default_level_as_json_lines_when_asked() {
    let app = TestApp::spawn().await;
    let port = free_port();
    let mut server = hearth_serve(&app, port, &[("HEARTH_LOG_FORMAT", "json")]);
    let url = format!("http://127.0.0.1:{port}/healthz");
    eventually("hearth serve answers /healthz", || {
        let url = url.clone();
        async move {
            let res = reqwest::get(&url).await.ok()?;
            (res.status() == StatusCode::OK).then_some(())
        }
    })
    .await;
    terminate(&mut server).await;
    let mut out = String::new();
    std::io::Read::read_to_string(&mut server.stdout.take().unwrap(), &mut out).unwrap();
    let logged: Vec<Value> = out
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["span"]["path"] == "/healthz" && v["fields"]["status"] == 200)
        .collect();
    assert!(
        !logged.is_empty(),
        "no JSON line for the request in:\n{out}"
    );
    assert_eq!(logged[0]["level"], "INFO");
    assert_eq!(logged[0]["span"]["method"], "GET");
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly_as_docker_stop_does() {
    let app = TestApp::spawn().await;
    let port = free_port();
    let mut server = hearth_serve(&app, port, &[]);
    let url = format!("http://127.0.0.1:{port}/healthz");
    eventually("hearth serve answers /healthz", || {
        let url = url.clone();
        async move {
            let res = reqwest::get(&url).await.ok()?;
            (res.status() == StatusCode::OK).then_some(())
        }
    })
    .await;
    let status = terminate(&mut server).await;
    assert_eq!(
        status.code(),
        Some(0),
        "a clean exit, not killed by the signal: {status:?}"
    );
}
