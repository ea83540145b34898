use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

/// `visit_confirmations` (issue 17): written once, in the transaction that signs a visit's
/// note. The caregiver's confirmation of the visit (the signer's name, and either a drawn
/// signature as SVG path data or the typed name; the device's time zone as sent), the
/// visit's actual times as signed, and, only where the program allows it and the provider
/// chose to share it, the browser's location at the start and at signing, in microdegrees
/// with the accuracy in metres. `method` is guarded as migration 000019 guards every state
/// column: a `CHECK` on PostgreSQL, triggers on SQLite; NULL (no caregiver signature) passes.
#[derive(DeriveMigrationName)]
pub struct Migration;

const VALUES: &[&str] = &["drawn", "typed"];
const NAME: &str = "ck_visit_confirmations_method";
const TABLE: &str = "visit_confirmations";

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
            .create_table(
                Table::create()
                    .table(TABLE)
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("visit_id"))
                    .col(text_null("signer_name"))
                    .col(text_null("method"))
                    .col(text_null("signature_path"))
                    .col(timestamp_with_time_zone("signed_at"))
                    .col(text_null("device_time_zone"))
                    .col(date_time("actual_starts_at"))
                    .col(date_time("actual_ends_at"))
                    .col(boolean("location_shared"))
                    .col(integer_null("start_lat_e6"))
                    .col(integer_null("start_lon_e6"))
                    .col(integer_null("start_accuracy_m"))
                    .col(integer_null("end_lat_e6"))
                    .col(integer_null("end_lon_e6"))
                    .col(integer_null("end_accuracy_m"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_visit_confirmations_visit")
                            .from(TABLE, "visit_id")
                            .to("visits", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_visit_confirmations_visit")
                    .table(TABLE)
                    .col("visit_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared(&format!(
                "ALTER TABLE {TABLE} ADD CONSTRAINT {NAME} CHECK ({})",
                allowed("method")
            ))
            .await?;
            return Ok(());
        }
        let message = format!(
            "{NAME}: {TABLE}.method must be one of {}",
            VALUES.join(", ")
        );
        for (when, event) in [("insert", "INSERT"), ("update", "UPDATE OF method")] {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {NAME}_{when} BEFORE {event} ON {TABLE} \
                 WHEN NOT ({}) \
                 BEGIN SELECT RAISE(ABORT, '{message}'); END",
                allowed("NEW.method")
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TABLE).to_owned())
            .await
    }
}
