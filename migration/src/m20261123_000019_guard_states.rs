use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

/// Every state, kind and method column accepts only the values of its enum in the app
/// (`src/entities/`), so a typo in raw SQL or a stray script cannot store a value no code
/// matches. PostgreSQL gets a `CHECK` constraint per column. SQLite cannot add a `CHECK` to an
/// existing table without rebuilding it (and rebuilding twenty-odd tables with their indexes,
/// foreign keys and the FTS index is a larger risk than the guard is worth), so it gets a
/// `BEFORE INSERT` and a `BEFORE UPDATE OF` trigger per column that abort the statement.
/// NULL passes both guards, so nullable columns stay nullable.
///
/// The lists are written out here, not taken from the app: a migration must keep meaning what
/// it meant when it ran. An integration test inserts every enum value and one value outside
/// it into each column, so the lists and the enums cannot drift apart unnoticed.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// How a column holds its value: one value, a comma-separated list, or a JSON array.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    One,
    Commas,
    JsonArray,
}

#[path = "m20261123_000019_guard_states_lists.rs"]
mod lists;
use lists::{GUARDS, LIST_GUARDS};

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The condition a column's value must meet, over `expr` (the column, or `NEW.column` in a
/// trigger). NULL makes it NULL, which passes both a CHECK and a trigger's `WHEN NOT (…)`.
fn allowed(expr: &str, values: &[&str], shape: Shape) -> String {
    let strip = |start: String, token: &dyn Fn(&str) -> String| {
        values.iter().fold(start, |inner, v| {
            format!("replace({inner}, '{}', '')", token(v))
        })
    };
    match shape {
        Shape::One => format!("{expr} IN ({})", quoted(values)),
        // Each item is wrapped in its own pair of commas, the allowed items are removed
        // (`replace` is the same on both engines), and only commas may be left. An empty
        // list passes.
        Shape::Commas => {
            let wrapped = format!("',' || replace({expr}, ',', ',,') || ','");
            let stripped = strip(wrapped, &|v| format!(",{v},"));
            format!("replace({stripped}, ',', '') = ''")
        }
        // `["ifsp","cos"]`: once the quoted allowed items are removed, only brackets,
        // commas and spaces may be left.
        Shape::JsonArray => {
            let stripped = strip(expr.to_owned(), &|v| format!("\"{v}\""));
            let rest = ["[", "]", ",", " "]
                .iter()
                .fold(stripped, |inner, c| format!("replace({inner}, '{c}', '')"));
            format!("({expr} LIKE '[%]' AND {rest} = '')")
        }
    }
}

/// (table, column, allowed values, shape)
type Guard = (&'static str, &'static str, &'static [&'static str], Shape);

fn guards() -> impl DoubleEndedIterator<Item = Guard> {
    GUARDS
        .iter()
        .map(|(t, c, v)| (*t, *c, *v, Shape::One))
        .chain(LIST_GUARDS.iter().map(|(t, c, v, s)| (*t, *c, *v, *s)))
}

fn name(table: &str, column: &str) -> String {
    format!("ck_{table}_{column}")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        for (table, column, values, shape) in guards() {
            let name = name(table, column);
            if postgres {
                // Checks the rows already there, too: the migration fails on a bad value.
                let check = allowed(column, values, shape);
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({check})"
                ))
                .await?;
                continue;
            }
            // Triggers only see new writes: refuse to start guarding a column that already
            // holds a value outside its list, as PostgreSQL does.
            let bad = db
                .query_one_raw(sea_orm_migration::sea_orm::Statement::from_string(
                    DatabaseBackend::Sqlite,
                    format!(
                        "SELECT COUNT(*) AS n FROM {table} WHERE NOT ({})",
                        allowed(column, values, shape)
                    ),
                ))
                .await?
                .map(|r| r.try_get::<i64>("", "n"))
                .transpose()?
                .unwrap_or(0);
            if bad > 0 {
                return Err(DbErr::Migration(format!(
                    "{bad} row(s) of {table} have a {column} outside {}",
                    quoted(values)
                )));
            }
            let message = format!(
                "{name}: {table}.{column} must be one of {}",
                values.join(", ")
            );
            for (when, event) in [
                ("insert", "INSERT"),
                ("update", &format!("UPDATE OF {column}")),
            ] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {name}_{when} BEFORE {event} ON {table} \
                     WHEN NOT ({}) \
                     BEGIN SELECT RAISE(ABORT, '{message}'); END",
                    allowed(&format!("NEW.{column}"), values, shape)
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        for (table, column, _, _) in guards().rev() {
            let name = name(table, column);
            if postgres {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"
                ))
                .await?;
            } else {
                for when in ["update", "insert"] {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}_{when}"))
                        .await?;
                }
            }
        }
        Ok(())
    }
}
