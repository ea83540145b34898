//! Test databases cloned from templates built once, instead of migrating and seeding per test.
//!
//! Migrating (19 migrations, ~50 tables with their checks and triggers) and loading the demo took
//! most of each test's start on PostgreSQL. A template is built the first time a test of this
//! process asks for it: on PostgreSQL a database that later ones are made from with
//! `CREATE DATABASE … TEMPLATE`, on SQLite a file copied after a checkpoint. The demo is dated
//! relative to today, so a template is rebuilt when the UTC hour changes (every whole-hour time
//! zone's date changes only then): a test never sees demo data from another day than a fresh
//! seed would give it. Templates of processes that are gone are dropped by the next run.
use crate::pg::PgDatabase;
use hearth::{db, seed};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::{collections::HashMap, path::PathBuf, sync::LazyLock};
use tokio::sync::Mutex;

/// What a test database starts with.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Start {
    /// Migrated, no rows: for tests that load their own data.
    Migrated,
    /// Migrated and loaded with the demo programs, staff and children.
    Demo,
}

impl Start {
    fn tag(self) -> &'static str {
        match self {
            Start::Migrated => "migrated",
            Start::Demo => "demo",
        }
    }

    async fn load(self, db: &DatabaseConnection) {
        hearth::config::install_audit_key(hearth::config::Secret::new(
            crate::support::AUDIT_KEY.as_bytes().to_vec(),
        ));
        db::migrate(db).await.expect("migrate");
        if self == Start::Demo {
            seed::demo(db).await.expect("seed the demo");
        }
    }
}

/// The hour a template was built in: it is reused only within that hour.
fn hour() -> i64 {
    chrono::Utc::now().timestamp() / 3600
}

/// Built templates by (what they hold, hour): a PostgreSQL database name or a SQLite file.
static BUILT: LazyLock<Mutex<HashMap<(Start, i64), String>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The name of a PostgreSQL database holding `start`, to use as a template.
pub async fn postgres(admin_url: &str, start: Start) -> String {
    let mut built = BUILT.lock().await;
    let key = (start, hour());
    if let Some(name) = built.get(&key) {
        return name.clone();
    }
    let admin = Database::connect(admin_url)
        .await
        .expect("TEST_DATABASE_URL unreachable");
    if built.is_empty() {
        drop_stale_postgres(&admin).await;
    }
    let name = format!(
        "hearth_tpl_{}_{}_{}",
        std::process::id(),
        start.tag(),
        key.1
    );
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .expect("drop an old template");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create a template database");
    admin.close().await.ok();
    let mut url = url::Url::parse(admin_url).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&name);
    // `CREATE DATABASE … TEMPLATE` refuses a template anyone is connected to: close the pool.
    let conn = db::connect(url.as_str())
        .await
        .expect("connect to template");
    start.load(&conn).await;
    conn.close().await.expect("close the template's pool");
    built.insert(key, name.clone());
    name
}

/// Drops the templates of test processes that no longer run (their pid is in the name).
async fn drop_stale_postgres(admin: &DatabaseConnection) {
    let rows = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            "SELECT datname FROM pg_database WHERE datname LIKE 'hearth_tpl_%'",
        ))
        .await
        .expect("list templates");
    for row in rows {
        let name: String = row.try_get("", "datname").expect("datname");
        if !process_alive(&name) {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
        }
    }
}

/// Whether the process whose pid a template's name holds (`hearth_tpl_<pid>_…`) still runs.
fn process_alive(name: &str) -> bool {
    let pid = name
        .trim_start_matches("hearth_tpl_")
        .split('_')
        .next()
        .unwrap_or_default();
    !pid.is_empty() && std::path::Path::new("/proc").join(pid).exists()
}

/// Copies a SQLite file holding `start` to `to`.
pub async fn sqlite(start: Start, to: &std::path::Path) {
    let mut built = BUILT.lock().await;
    let key = (start, hour());
    let file = match built.get(&key) {
        Some(file) => file.clone(),
        None => {
            let dir = sqlite_dir();
            if built.is_empty() {
                drop_stale_sqlite(&dir);
            }
            std::fs::create_dir_all(&dir).expect("template dir");
            let file = dir.join(format!("{}-{}.db", start.tag(), key.1));
            let _ = std::fs::remove_file(&file);
            let url = format!("sqlite://{}?mode=rwc", file.display());
            let conn = db::connect(&url).await.expect("open template");
            start.load(&conn).await;
            // Everything into the main file, so a copy of that one file is the whole database.
            conn.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await
                .expect("checkpoint");
            conn.close().await.expect("close the template");
            let file = file.display().to_string();
            built.insert(key, file.clone());
            file
        }
    };
    drop(built);
    std::fs::copy(&file, to).expect("copy the template");
}

fn sqlite_dir() -> PathBuf {
    std::env::temp_dir().join(format!("hearth_tpl_{}", std::process::id()))
}

fn drop_stale_sqlite(own: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("hearth_tpl_") && entry.path() != own && !process_alive(&name) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A fresh database holding `start` on the engine the suite runs on (PostgreSQL when
/// `TEST_DATABASE_URL` is set), its URL, and the guard that drops it on PostgreSQL. SQLite files
/// go in `dir`.
pub async fn database(start: Start, dir: &std::path::Path) -> (String, Option<PgDatabase>) {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let template = postgres(&admin_url, start).await;
            let pg = PgDatabase::create(&admin_url, &template).await;
            (pg.url.clone(), Some(pg))
        }
        _ => {
            let file = dir.join("test.db");
            sqlite(start, &file).await;
            (format!("sqlite://{}?mode=rwc", file.display()), None)
        }
    }
}
