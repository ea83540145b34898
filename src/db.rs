//! Database connection and migrations, for SQLite (embedded default) and PostgreSQL.
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::time::Duration;

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        // One writer at a time is SQLite's nature; a small pool keeps readers concurrent.
        opts.max_connections(8).min_connections(1);
    } else {
        opts.max_connections(20);
    }
    let db = Database::connect(opts).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL lets readers proceed while a note is being written; the mode is kept in the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL;").await?;
        db.execute_unprepared("PRAGMA synchronous=NORMAL;").await?;
    }
    Ok(db)
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// A cheap round trip, for `/healthz`.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}
