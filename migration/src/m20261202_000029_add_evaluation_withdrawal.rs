use sea_orm_migration::{prelude::*, schema::*};

/// An evaluation entered by mistake is withdrawn (with a reason) or superseded by a
/// correction, never deleted: it stays on the record as it was, marked, and no longer counts
/// for eligibility, the 45-day clock or C7. `status` is the app's `evaluation::Status`
/// (`recorded`, `withdrawn`, `superseded`), guarded by a CHECK on both engines (SQLite
/// accepts a CHECK on an added column); `closed_*` say who closed it, when and why, and
/// `superseded_by` names the correction.
#[derive(DeriveMigrationName)]
pub struct Migration;

const STATUS: &str = "ALTER TABLE evaluations ADD COLUMN status VARCHAR(16) NOT NULL \
     DEFAULT 'recorded' CONSTRAINT ck_evaluations_status \
     CHECK (status IN ('recorded', 'withdrawn', 'superseded'))";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(STATUS).await?;
        // SQLite takes one added column per statement.
        for col in [
            text("closed_reason").default("").to_owned(),
            timestamp_with_time_zone_null("closed_at").to_owned(),
            integer_null("closed_by").to_owned(),
            integer_null("superseded_by").to_owned(),
        ] {
            let mut col = col;
            manager
                .alter_table(
                    Table::alter()
                        .table("evaluations")
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            "superseded_by",
            "closed_by",
            "closed_at",
            "closed_reason",
            "status",
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("evaluations")
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
