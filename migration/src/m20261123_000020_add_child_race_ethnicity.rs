use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

/// The child's race/ethnicity for the 618 child count: optional (NULL), one of the federal
/// categories or "not reported", guarded as migration 000019 guards every state column: a
/// `CHECK` on PostgreSQL, `BEFORE INSERT` / `BEFORE UPDATE OF` triggers on SQLite. The list is
/// written out here so the migration keeps meaning what it meant when it ran;
/// `tests/states.rs` checks it against `child::RaceEthnicity`.
#[derive(DeriveMigrationName)]
pub struct Migration;

const VALUES: &[&str] = &[
    "hispanic_latino",
    "american_indian_alaska_native",
    "asian",
    "black_african_american",
    "native_hawaiian_pacific_islander",
    "white",
    "two_or_more",
    "not_reported",
];

const NAME: &str = "ck_children_race_ethnicity";

fn allowed(expr: &str) -> String {
    let list = VALUES
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{expr} IN ({list})")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("children")
                    .add_column(ColumnDef::new("race_ethnicity").text().null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let check = allowed("race_ethnicity");
            db.execute_unprepared(&format!(
                "ALTER TABLE children ADD CONSTRAINT {NAME} CHECK ({check})"
            ))
            .await?;
            return Ok(());
        }
        let message = format!(
            "{NAME}: children.race_ethnicity must be one of {}",
            VALUES.join(", ")
        );
        for (when, event) in [("insert", "INSERT"), ("update", "UPDATE OF race_ethnicity")] {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {NAME}_{when} BEFORE {event} ON children \
                 WHEN NOT ({}) \
                 BEGIN SELECT RAISE(ABORT, '{message}'); END",
                allowed("NEW.race_ethnicity")
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared(&format!(
                "ALTER TABLE children DROP CONSTRAINT IF EXISTS {NAME}"
            ))
            .await?;
        } else {
            for when in ["update", "insert"] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {NAME}_{when}"))
                    .await?;
            }
        }
        manager
            .alter_table(
                Table::alter()
                    .table("children")
                    .drop_column("race_ethnicity")
                    .to_owned(),
            )
            .await
    }
}
