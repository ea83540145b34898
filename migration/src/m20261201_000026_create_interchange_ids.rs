use sea_orm_migration::{prelude::*, schema::*};

/// The external ids of the interchange format (`hearth export` / `hearth import`): which
/// local row an id from another installation's file became, so that importing the same file
/// again updates that row instead of adding a second one. One row per imported record, keyed
/// by record type and external id; a row of type `installation` holds this installation's own
/// tag, the suffix of the ids it gives its own rows.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("interchange_ids")
                    .col(string_len("kind", 32))
                    .col(string_len("external_id", 200))
                    .col(integer("local_id"))
                    .primary_key(Index::create().col("kind").col("external_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_interchange_ids_local")
                    .table("interchange_ids")
                    .col("kind")
                    .col("local_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("interchange_ids").to_owned())
            .await
    }
}
