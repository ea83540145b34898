use sea_orm_migration::{prelude::*, schema::*};

/// Progress on each outcome, rated at reviews. Outcomes are copied into every new plan
/// version; `origin_id` ties the copies together so an outcome's history spans versions.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("ifsp_outcomes")
                    .add_column(ColumnDef::new("origin_id").integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("outcome_progress")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("origin_id"))
                    .col(integer("ifsp_id"))
                    .col(date("rated_on"))
                    .col(string_len("rating", 16))
                    .col(text("note"))
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_progress_ifsp")
                            .from("outcome_progress", "ifsp_id")
                            .to("ifsps", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_progress_origin")
                    .table("outcome_progress")
                    .col("origin_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("outcome_progress").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("ifsp_outcomes")
                    .drop_column("origin_id")
                    .to_owned(),
            )
            .await
    }
}
