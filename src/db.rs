//! Database connection and migrations, for SQLite (embedded default) and PostgreSQL.
//!
//! Every transaction that writes starts through [`begin_write`]. On SQLite a transaction that
//! begins with a read takes a read snapshot; when it later writes while another connection has
//! committed since, SQLite cannot upgrade it and answers "database is locked" at once, busy
//! timeout or not. `BEGIN IMMEDIATE` takes the write lock first, so writers queue (for up to
//! the busy timeout) instead of failing. `.clippy.toml` forbids the plain `begin()`.
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};
use std::time::Duration;

/// How long a writer waits for SQLite's write lock before giving up. Writes take
/// milliseconds, so only a stuck process makes anyone wait this long.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    if url.starts_with("sqlite:") {
        // One writer at a time is SQLite's nature; a small pool keeps readers concurrent.
        opts.max_connections(8).min_connections(1);
        // Set on every connection the pool opens (PRAGMAs other than journal_mode are per
        // connection). WAL lets readers go on while a note is written. `synchronous=FULL`
        // makes every commit durable before the user is told it was saved: with NORMAL, a
        // power cut could undo the last notes a provider saw as saved. See the README.
        opts.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
        });
    } else {
        opts.max_connections(20);
    }
    Database::connect(opts).await
}

/// Begins a transaction that will write: as a writer from its first statement on SQLite
/// (`BEGIN IMMEDIATE`), an ordinary `BEGIN` on PostgreSQL.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Arbitrary constant naming the advisory lock that serializes migrations on PostgreSQL
/// (the audit log's lock has another).
const PG_MIGRATE_LOCK_KEY: i64 = 0x4865_6172_7468_4d67;

/// Applies pending migrations. On PostgreSQL several processes may start at once on one
/// database (replicas behind a proxy): without a lock both would create the migration table
/// and run the same migration, and the second fails on a duplicate catalog row. Each one
/// waits here for a transaction-scoped advisory lock, so the first migrates and the others
/// then find nothing pending. SQLite is one process by design.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Migrator::up(db, None).await;
    }
    let txn = begin_write(db).await?;
    txn.execute_unprepared(&format!(
        "SELECT pg_advisory_xact_lock({PG_MIGRATE_LOCK_KEY})"
    ))
    .await?;
    Migrator::up(&txn, None).await?;
    txn.commit().await
}

/// Whether every migration this binary holds is recorded as applied. Reads the migration
/// table directly: sea-orm-migration's own status call creates that table when it is
/// missing, and a health check must not write. A missing table is "not applied".
pub async fn migrations_applied(db: &DatabaseConnection) -> bool {
    let sql = Statement::from_string(
        db.get_database_backend(),
        "SELECT version FROM seaql_migrations",
    );
    let Ok(rows) = db.query_all_raw(sql).await else {
        return false;
    };
    let applied: std::collections::HashSet<String> = rows
        .iter()
        .filter_map(|r| r.try_get::<String>("", "version").ok())
        .collect();
    Migrator::migrations()
        .iter()
        .all(|m| applied.contains(m.name()))
}

/// The connection pool as `/readyz` reports it: connections open, idle, and the most
/// allowed.
pub fn pool_stats(db: &DatabaseConnection) -> serde_json::Value {
    let (size, idle, max) = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let p = db.get_sqlite_connection_pool();
            (p.size(), p.num_idle(), p.options().get_max_connections())
        }
        DbBackend::Postgres => {
            let p = db.get_postgres_connection_pool();
            (p.size(), p.num_idle(), p.options().get_max_connections())
        }
        _ => (0, 0, 0),
    };
    serde_json::json!({ "size": size, "idle": idle, "max": max })
}

/// A cheap round trip, for `/healthz`.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}
