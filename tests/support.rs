//! `TestApp`: the real app on a fresh database, and `Browser`: a cookie-keeping client.
use crate::pg::PgDatabase;
use crate::templates::{self, Start};
use crate::web::client;
pub use crate::web::{Browser, attrs, first_attr, location, texts};
use chrono::{Duration, NaiveDate, Utc};
use hearth::{AppState, Config, db, entities::child, seed};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::{net::SocketAddr, sync::Arc};
use tokio::net::TcpListener;

pub const SECRET: &str = "test-secret-test-secret-test-secret-0123";
/// One audit key for the whole test process: the chain's key is process-wide (`audit::key`).
pub const AUDIT_KEY: &str = "test-audit-key-test-audit-key-test-0123";
pub const PASSWORD: &str = seed::DEMO_PASSWORD;
pub const ADMIN: &str = "admin@riverbend.example";
pub const SUPERVISOR: &str = "supervisor@riverbend.example";
pub const COORDINATOR: &str = "coordinator@riverbend.example";
pub const PROVIDER: &str = "slp@riverbend.example";
pub const OTHER_ADMIN: &str = seed::OTHER_ADMIN;
pub const LEAD_AGENCY: &str = seed::LEAD_AGENCY;

/// Loads a test's own rows into a migrated database.
pub type Load = fn(
    DatabaseConnection,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<(), sea_orm::DbErr>> + Send>,
>;

pub struct TestApp {
    pub base: String,
    pub db: DatabaseConnection,
    pub state: AppState,
    /// The configuration as environment variables, for running `hearth` beside the app.
    pub vars: Vec<(String, String)>,
    mail_worker: Option<Server>,
    addr: SocketAddr,
    router: axum::Router,
    server: Option<Server>,
    _dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
    /// Every statement the app sends to the database, counted (see `queries_during`).
    queries: Arc<std::sync::atomic::AtomicUsize>,
    /// The statements themselves while `reads_during` runs (`None` the rest of the time).
    recorded: Arc<std::sync::Mutex<Option<Vec<sea_orm::Statement>>>>,
}

/// A running server that can be stopped, as if the machine went away.
struct Server {
    stop: tokio::sync::oneshot::Sender<()>,
    handle: tokio::task::JoinHandle<()>,
}

fn serve(listener: TcpListener, router: axum::Router) -> Server {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            stopped.await.ok();
        })
        .await
        .unwrap();
    });
    Server { stop, handle }
}

impl TestApp {
    /// Starts the app on a fresh database with the demo programs and staff.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(&[]).await
    }

    /// Starts the app with extra configuration (e.g. `HEARTH_SMTP_URL`).
    pub async fn spawn_with(extra: &[(&str, &str)]) -> TestApp {
        Self::spawn_from(Start::Demo, extra, |_| Box::pin(async { Ok(()) })).await
    }

    /// Starts the app on a fresh database loaded by `load` instead of the demo.
    pub async fn spawn_seeded(extra: &[(&str, &str)], load: Load) -> TestApp {
        Self::spawn_from(Start::Migrated, extra, load).await
    }

    /// Starts the app on a copy of the `start` template, then runs `load` on it.
    async fn spawn_from(start: Start, extra: &[(&str, &str)], load: Load) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, pg) = templates::database(start, dir.path()).await;
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let data_dir = dir.path().display().to_string();
        let mut vars = vec![
            ("DATABASE_URL", url.as_str()),
            ("HEARTH_DATA_DIR", data_dir.as_str()),
            ("HEARTH_SECRET_KEY", SECRET),
            ("HEARTH_BASE_URL", base.as_str()),
            ("HEARTH_AUDIT_KEY", AUDIT_KEY),
        ];
        vars.extend_from_slice(extra);
        let config = Config::from_lookup(|k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
        .expect("config");
        let mut db = db::connect(&url).await.expect("connect");
        let queries = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = queries.clone();
        let recorded = Arc::new(std::sync::Mutex::new(None::<Vec<sea_orm::Statement>>));
        let recorder = recorded.clone();
        db.set_metric_callback(move |info| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if let Some(list) = recorder.lock().unwrap().as_mut() {
                list.push(info.statement.clone());
            }
        });
        load(db.clone()).await.expect("seed");
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let state = AppState::new(db.clone(), config);
        let router = hearth::router(state.clone());
        let server = Some(serve(listener, router.clone()));
        TestApp {
            base,
            db,
            state,
            vars,
            mail_worker: None,
            addr,
            router,
            server,
            _dir: dir,
            _pg: pg,
            queries,
            recorded,
        }
    }

    /// The number of statements sent to the database while `f` ran (nothing else may use the
    /// app meanwhile).
    pub async fn queries_during<T>(&self, f: impl std::future::Future<Output = T>) -> (T, usize) {
        use std::sync::atomic::Ordering;
        let before = self.queries.load(Ordering::SeqCst);
        let out = f.await;
        (out, self.queries.load(Ordering::SeqCst) - before)
    }

    /// The statements sent while `f` ran, with their bound values (nothing else may use the
    /// app meanwhile).
    pub async fn statements_during<T>(
        &self,
        f: impl std::future::Future<Output = T>,
    ) -> (T, Vec<sea_orm::Statement>) {
        *self.recorded.lock().unwrap() = Some(Vec::new());
        let out = f.await;
        let statements = self.recorded.lock().unwrap().take().unwrap_or_default();
        (out, statements)
    }

    /// The statements sent while `f` ran (nothing else may use the app meanwhile), each with
    /// the number of rows it returns when run again now (writes and locking reads: `None`).
    pub async fn reads_during<T>(
        &self,
        f: impl std::future::Future<Output = T>,
    ) -> (T, Vec<(String, Option<i64>)>) {
        let (out, statements) = self.statements_during(f).await;
        let mut counted = Vec::with_capacity(statements.len());
        for st in statements {
            let upper = st.sql.trim_start().to_uppercase();
            let rows = if upper.starts_with("SELECT") && !upper.contains(" FOR UPDATE") {
                let wrapped = sea_orm::Statement {
                    sql: format!("SELECT COUNT(*) AS n FROM ({}) AS q", st.sql),
                    ..st.clone()
                };
                let row = self.db.query_one_raw(wrapped).await.expect(&st.sql);
                Some(row.unwrap().try_get::<i64>("", "n").unwrap())
            } else {
                None
            };
            counted.push((st.sql, rows));
        }
        (out, counted)
    }

    /// Stops the server: connections are closed and new ones refused.
    pub async fn stop_server(&mut self) {
        if let Some(s) = self.server.take() {
            let _ = s.stop.send(());
            tokio::time::timeout(HANG_GUARD, s.handle)
                .await
                .expect("server stops")
                .unwrap();
        }
    }

    /// Starts the server again on the same address, with the same database and keys.
    pub async fn start_server(&mut self) {
        let addr = self.addr;
        let l = eventually(format!("{addr} is free again"), || async move {
            TcpListener::bind(addr).await.ok()
        })
        .await;
        self.server = Some(serve(l, self.router.clone()));
    }

    /// Starts the mail worker `hearth serve` runs, with the configured transport.
    pub fn start_mail_worker(&mut self) {
        let mailer = hearth::mail::transport::Mailer::from_config(&self.state.config).unwrap();
        let worker = hearth::mail::worker::Worker::new(&self.state, mailer);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let handle = tokio::spawn(worker.run(async {
            stopped.await.ok();
        }));
        self.mail_worker = Some(Server { stop, handle });
    }

    /// A fresh browser with its own cookie jar.
    pub fn browser(&self) -> Browser {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        Browser {
            base: self.base.clone(),
            client: client(&self.base, jar.clone()),
            jar,
        }
    }

    /// A browser already signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Browser {
        let b = self.browser();
        let res = b.login(email, PASSWORD).await;
        assert_eq!(
            res.status(),
            StatusCode::SEE_OTHER,
            "sign-in of {email} failed"
        );
        b
    }

    /// Runs `sql` as the database's owner may: with the immutability triggers lifted
    /// (`audit_integrity::unguarded`), as a test setting up history needs.
    pub async fn exec(&self, sql: &str) {
        crate::audit_integrity::unguarded(&self.db, sql).await;
    }

    pub async fn user_id(&self, email: &str) -> i32 {
        use hearth::entities::user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    /// Audit rows with this action, oldest first.
    pub async fn audit_rows(&self, action: &str) -> Vec<hearth::entities::audit_log::Model> {
        use hearth::entities::audit_log;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq(action))
            .order_by_asc(audit_log::Column::Id)
            .all(&self.db)
            .await
            .unwrap()
    }
}

/// How long a wait on state may last before the test gives up. It is a guard against a
/// hang, not a pace: every wait ends as soon as the state it waits for is there, so a slow
/// machine only makes the test slower, and ten minutes is far past anything one needs.
pub const HANG_GUARD: std::time::Duration = std::time::Duration::from_secs(600);

/// Looks at `probe` until it gives a value, and returns that value. Between two looks the
/// test pauses briefly so as not to spin; nothing is decided by how long anything took.
pub async fn eventually<T, F, Fut>(what: impl std::fmt::Display, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let guard = std::time::Instant::now() + HANG_GUARD;
    loop {
        if let Some(v) = probe().await {
            return v;
        }
        assert!(std::time::Instant::now() < guard, "gave up waiting: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

/// Today in the demo programs' time zone (America/New_York).
pub fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::America::New_York)
        .date_naive()
}

pub fn ago(days: i64) -> String {
    (today() - Duration::days(days)).to_string()
}

pub async fn child_named(app: &TestApp, first: &str) -> child::Model {
    child::Entity::find()
        .filter(child::Column::FirstName.eq(first))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}
