use sea_orm_migration::{prelude::*, schema::*};

/// A release-of-information consent names the records it covers (the IFSP, the evaluation,
/// recent visit notes, COS ratings), so a referral packet can include only those.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("consents")
                    // Comma-separated document keys; empty for consents of other kinds
                    .add_column(text("records").default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("consents")
                    .drop_column("records")
                    .to_owned(),
            )
            .await
    }
}
