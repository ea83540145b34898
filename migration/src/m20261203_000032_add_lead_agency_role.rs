use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

/// The lead-agency role (issue #14): `users.role` may also be `lead_agency`. Migration 000019
/// guards the column with a CHECK on PostgreSQL (`ck_users_role`) and, on SQLite, with a
/// `BEFORE INSERT` and a `BEFORE UPDATE OF role` trigger of the same name (SQLite cannot
/// change a CHECK without rebuilding the table; a trigger is dropped and made again). Both
/// are replaced by the same guard with the new list; `down` puts the old list back (and fails
/// on PostgreSQL while a lead-agency user exists, as it must).
#[derive(DeriveMigrationName)]
pub struct Migration;

const BEFORE: &[&str] = &["admin", "supervisor", "coordinator", "provider"];
const AFTER: &[&str] = &[
    "admin",
    "supervisor",
    "coordinator",
    "provider",
    "lead_agency",
];

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn guard(manager: &SchemaManager<'_>, values: &[&str]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let name = "ck_users_role";
    if manager.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_unprepared(&format!(
            "ALTER TABLE users DROP CONSTRAINT IF EXISTS {name}"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "ALTER TABLE users ADD CONSTRAINT {name} CHECK (role IN ({}))",
            quoted(values)
        ))
        .await?;
        return Ok(());
    }
    let message = format!("{name}: users.role must be one of {}", values.join(", "));
    // Dropped and made again in one call: one connection of the pool sees both (two calls may
    // go to two connections, the second still knowing the dropped trigger).
    for (when, event) in [("insert", "INSERT"), ("update", "UPDATE OF role")] {
        db.execute_unprepared(&format!(
            "DROP TRIGGER IF EXISTS {name}_{when}; \
             CREATE TRIGGER {name}_{when} BEFORE {event} ON users \
             WHEN NOT (NEW.role IN ({})) \
             BEGIN SELECT RAISE(ABORT, '{message}'); END;",
            quoted(values)
        ))
        .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        guard(manager, AFTER).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        guard(manager, BEFORE).await
    }
}
