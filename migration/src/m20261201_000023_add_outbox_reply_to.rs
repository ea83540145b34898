use sea_orm_migration::{prelude::*, schema::*};

/// Where a family's reply to a coaching-note e-mail goes: the provider's or the coordinator's
/// address when the program allows it (a mailbox as lettre writes it), empty for none.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("outbox")
                    .add_column(text("reply_to").default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("outbox")
                    .drop_column("reply_to")
                    .to_owned(),
            )
            .await
    }
}
