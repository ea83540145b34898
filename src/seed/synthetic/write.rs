//! The bulk writer: each table's rows as raw multi-row INSERTs with bound values, sent
//! through a connection of the load's own.
//!
//! Why not sea-orm's `insert_many`: per value it builds an active value and an expression,
//! and per statement a new SQL text, which cost as much as SQLite's own work at the state
//! tier. Here a statement's text depends only on its table and row count, so it is built
//! once and prepared once (sqlx caches prepared statements by text). A table's rows go in
//! statements of the most rows the bound-value limit allows, and what is left in powers of
//! two, so a handful of texts per table serve every batch.
//!
//! Nothing here assumes a table has no triggers or indexes: the rows are plain INSERTs.
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityName,
    EntityTrait, IdenStatic, IntoActiveModel, Iterable, SqlxPostgresConnector, SqlxSqliteConnector,
    Statement, Value,
    sqlx::{postgres::PgPoolOptions, sqlite::SqlitePoolOptions, sqlite::SqliteSynchronous},
};
use std::{collections::HashMap, fmt::Write};

/// Bound values per statement: under SQLite's 32,766 (and PostgreSQL's 65,535).
const MAX_VALUES: usize = 30_000;

/// SQLite page cache of the load's connection, in KiB (the default is 2 MiB): a batch's
/// pages stay in memory until it commits instead of spilling to the WAL midway.
const SQLITE_CACHE_KIB: u32 = 262_144;

/// Prepared statements kept per connection: every (table, row count) text of the load.
const STATEMENT_CACHE: usize = 512;

/// One INSERT's worth of rows of one table, values row by row in column order.
pub struct Insert {
    table: &'static str,
    columns: Vec<&'static str>,
    rows: usize,
    values: Vec<Value>,
}

/// Cuts `models` into [`Insert`]s, in order, handing each to `out`.
pub fn inserts<M, A>(models: Vec<M>, out: &mut impl FnMut(Insert))
where
    M: IntoActiveModel<A>,
    A: ActiveModelTrait,
{
    let columns: Vec<_> = <<A::Entity as EntityTrait>::Column as Iterable>::iter().collect();
    let names: Vec<&'static str> = columns.iter().map(|c| c.as_str()).collect();
    let table = A::Entity::default().table_name();
    let per = (MAX_VALUES / columns.len().max(1)).max(1);
    let mut left = models.len();
    let mut models = models.into_iter();
    while left > 0 {
        // The most rows allowed, else the largest power of two not above what is left.
        let rows = if left >= per { per } else { 1 << left.ilog2() };
        let mut values = Vec::with_capacity(rows * columns.len());
        for m in models.by_ref().take(rows) {
            let mut active = m.into_active_model();
            for c in &columns {
                // A model's active model has every column set (moved out here, not cloned).
                values.push(active.take(*c).into_value().unwrap_or(Value::Int(None)));
            }
        }
        out(Insert {
            table,
            columns: names.clone(),
            rows,
            values,
        });
        left -= rows;
    }
}

/// Runs [`Insert`]s, keeping each statement text it built.
pub struct Writer {
    backend: DatabaseBackend,
    texts: HashMap<(&'static str, usize), String>,
}

impl Writer {
    pub fn new(backend: DatabaseBackend) -> Self {
        Writer {
            backend,
            texts: HashMap::new(),
        }
    }

    pub async fn run(&mut self, db: &impl ConnectionTrait, insert: Insert) -> Result<(), DbErr> {
        let backend = self.backend;
        let sql = self
            .texts
            .entry((insert.table, insert.rows))
            .or_insert_with(|| text(backend, &insert))
            .clone();
        db.execute_raw(Statement::from_sql_and_values(backend, sql, insert.values))
            .await?;
        Ok(())
    }
}

/// `INSERT INTO "t" ("a", "b") VALUES (?, ?), (?, ?)` with `$n` placeholders on PostgreSQL.
fn text(backend: DatabaseBackend, insert: &Insert) -> String {
    let columns: Vec<String> = insert.columns.iter().map(|c| format!("\"{c}\"")).collect();
    let mut sql = format!(
        "INSERT INTO \"{}\" ({}) VALUES ",
        insert.table,
        columns.join(", ")
    );
    let mut n = 0;
    for row in 0..insert.rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..insert.columns.len() {
            if column > 0 {
                sql.push_str(", ");
            }
            n += 1;
            if backend == DatabaseBackend::Postgres {
                let _ = write!(sql, "${n}");
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql
}

/// A one-connection pool to the same database for the load alone, so its settings touch no
/// connection the app keeps. SQLite: `synchronous=OFF` (a crash mid-load leaves a database
/// to throw away and seed again, never a half-trusted one: see [`finish`]), a large page
/// cache and temporary data in memory; the journal stays WAL. PostgreSQL: commits do not
/// wait for the disk (`synchronous_commit=off`, a per-session setting).
pub async fn connect(db: &DatabaseConnection) -> Result<DatabaseConnection, DbErr> {
    let err = |e: sea_orm::sqlx::Error| DbErr::Custom(format!("the load's connection: {e}"));
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            let options = (*db.get_sqlite_connection_pool().connect_options())
                .clone()
                .synchronous(SqliteSynchronous::Off)
                .pragma("cache_size", format!("-{SQLITE_CACHE_KIB}"))
                .pragma("temp_store", "memory")
                .statement_cache_capacity(STATEMENT_CACHE);
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options)
                .await
                .map_err(err)?;
            Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
        }
        DatabaseBackend::Postgres => {
            let options = (*db.get_postgres_connection_pool().connect_options())
                .clone()
                .options([("synchronous_commit", "off")])
                .statement_cache_capacity(STATEMENT_CACHE);
            let pool = PgPoolOptions::new()
                .max_connections(1)
                .connect_with(options)
                .await
                .map_err(err)?;
            Ok(SqlxPostgresConnector::from_sqlx_postgres_pool(pool))
        }
        other => Err(DbErr::Custom(format!(
            "synthetic data loads into SQLite or PostgreSQL, not {other:?}"
        ))),
    }
}

/// Makes the load durable and closes its connection. SQLite: back to `synchronous=NORMAL`
/// for one checkpoint that copies the WAL into the database file and syncs it, then
/// truncates the WAL; the file stays a WAL database.
pub async fn finish(bulk: DatabaseConnection) -> Result<(), DbErr> {
    if bulk.get_database_backend() == DatabaseBackend::Sqlite {
        bulk.execute_unprepared("PRAGMA synchronous = NORMAL")
            .await?;
        bulk.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await?;
    }
    bulk.close().await
}
