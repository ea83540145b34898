use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

/// Telehealth visits (issue #17). A visit keeps its video meeting link (`meeting_link`, empty
/// for other methods) and, in its note, how coaching worked by video (`remote_coaching`, one
/// of a list, empty until chosen; `remote_coaching_note`, free text). A consent may be a
/// consent to telehealth: `consents.kind` may also be `telehealth`.
///
/// Guards as migration 000019 made them: a CHECK on PostgreSQL (`ck_<table>_<column>`), and
/// on SQLite a `BEFORE INSERT` and a `BEFORE UPDATE OF` trigger of that name (SQLite cannot
/// change a CHECK without rebuilding the table). `down` puts the old consent list back (and
/// fails while a telehealth consent exists, as it must) and drops the columns.
#[derive(DeriveMigrationName)]
pub struct Migration;

const KINDS_BEFORE: &[&str] = &[
    "evaluation",
    "release_of_information",
    "email",
    "lea_opt_out",
];
const KINDS_AFTER: &[&str] = &[
    "evaluation",
    "release_of_information",
    "email",
    "lea_opt_out",
    "telehealth",
];
/// `visit::RemoteCoaching`, written out as it is when this runs.
const REMOTE_COACHING: &[&str] = &[
    "",
    "caregiver_hands_on",
    "provider_demonstrated",
    "talked_through",
    "other",
];

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Replaces the guard of `table.column` with one allowing `values` (`None`: drops it).
async fn guard(
    manager: &SchemaManager<'_>,
    table: &str,
    column: &str,
    values: Option<&[&str]>,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let name = format!("ck_{table}_{column}");
    if manager.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_unprepared(&format!(
            "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"
        ))
        .await?;
        if let Some(values) = values {
            db.execute_unprepared(&format!(
                "ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({column} IN ({}))",
                quoted(values)
            ))
            .await?;
        }
        return Ok(());
    }
    for (when, event) in [
        ("insert", "INSERT".to_owned()),
        ("update", format!("UPDATE OF {column}")),
    ] {
        let create = match values {
            Some(values) => format!(
                "CREATE TRIGGER {name}_{when} BEFORE {event} ON {table} \
                 WHEN NOT (NEW.{column} IN ({})) \
                 BEGIN SELECT RAISE(ABORT, '{name}: {table}.{column} must be one of {}'); END;",
                quoted(values),
                values.join(", ")
            ),
            None => String::new(),
        };
        // Dropped and made again in one call: one connection of the pool sees both.
        db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}_{when}; {create}"))
            .await?;
    }
    Ok(())
}

const COLUMNS: [&str; 3] = ["meeting_link", "remote_coaching", "remote_coaching_note"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for c in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table("visits")
                        .add_column(ColumnDef::new(c).string().not_null().default(""))
                        .to_owned(),
                )
                .await?;
        }
        guard(manager, "visits", "remote_coaching", Some(REMOTE_COACHING)).await?;
        guard(manager, "consents", "kind", Some(KINDS_AFTER)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        guard(manager, "consents", "kind", Some(KINDS_BEFORE)).await?;
        guard(manager, "visits", "remote_coaching", None).await?;
        for c in COLUMNS {
            manager
                .alter_table(Table::alter().table("visits").drop_column(c).to_owned())
                .await?;
        }
        Ok(())
    }
}
