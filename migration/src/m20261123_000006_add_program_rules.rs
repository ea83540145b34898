use sea_orm_migration::prelude::*;

/// Each program's configurable Part C rules, as JSON (missing keys take federal defaults).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("programs")
                    .add_column(ColumnDef::new("rules").text().not_null().default("{}"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("programs")
                    .drop_column("rules")
                    .to_owned(),
            )
            .await
    }
}
