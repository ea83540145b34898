use sea_orm_migration::{prelude::*, schema::*};

/// A program is the tenant: one county or regional early-intervention program.
/// Every other row belongs to exactly one program.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("programs")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(string_uniq("slug"))
                    .col(string("name"))
                    .col(string_len("state_code", 2))
                    .col(string("timezone"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("programs").to_owned())
            .await
    }
}
