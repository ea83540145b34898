//! A fingerprint of every table (one hash per table over all its rows, every column cast to
//! text), to show that a refused request changed nothing. Tables are read from the database's
//! catalogue, so a table added later is covered without a change here. The audit log (a
//! refusal is recorded there), sessions (last seen), sign-in attempts and the stored report
//! answers (`report_rows`: recomputed from the record whenever read, so a read may write them)
//! are left out.
use crate::support::TestApp;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

const SKIP: [&str; 5] = [
    "audit_log",
    "sessions",
    "login_attempts",
    "seaql_migrations",
    "report_rows",
];

pub async fn texts(app: &TestApp, sql: &str) -> Vec<String> {
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            app.db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let mut out = Vec::new();
    for row in rows {
        let mut i = 0;
        while let Ok(v) = row.try_get_by_index::<Option<String>>(i) {
            out.push(v.unwrap_or_default());
            i += 1;
        }
    }
    out
}

pub async fn ids(app: &TestApp, sql: &str) -> Vec<i64> {
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            app.db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.iter()
        .map(|r| {
            r.try_get_by_index::<i64>(0)
                .or_else(|_| r.try_get_by_index::<i32>(0).map(i64::from))
                .unwrap()
        })
        .collect()
}

/// The query that fingerprints every table at once (one row per table), built once from
/// the catalogue.
pub async fn fingerprinter(app: &TestApp) -> String {
    let pg = app.db.get_database_backend() == DbBackend::Postgres;
    let tables = if pg {
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
    };
    let mut parts = Vec::new();
    for table in texts(app, tables).await {
        if SKIP.contains(&table.as_str()) {
            continue;
        }
        let columns = if pg {
            format!(
                "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND table_name = '{table}' ORDER BY ordinal_position"
            )
        } else {
            format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
        };
        let row = texts(app, &columns)
            .await
            .iter()
            .map(|c| format!("COALESCE(CAST(\"{c}\" AS TEXT), '~')"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        parts.push(if pg {
            format!(
                "SELECT '{table}', COALESCE(string_agg(r, E'\\n' ORDER BY r), '') \
                 FROM (SELECT {row} AS r FROM \"{table}\") t"
            )
        } else {
            format!(
                "SELECT '{table}', COALESCE(group_concat(r, char(10)), '') \
                 FROM (SELECT {row} AS r FROM \"{table}\" ORDER BY r)"
            )
        });
    }
    parts.join(" UNION ALL ")
}

/// One hash per table, from the `fingerprinter` query.
pub async fn fingerprint(app: &TestApp, query: &str) -> BTreeMap<String, String> {
    let cells = texts(app, query).await;
    cells
        .chunks(2)
        .map(|c| (c[0].clone(), hex::encode(Sha256::digest(c[1].as_bytes()))))
        .collect()
}
