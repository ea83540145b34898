use sea_orm_migration::{prelude::*, schema::*};

/// Append-only audit trail. Each row stores the hash of the row before it, so an
/// edited or deleted row breaks the chain and `hearth` can say where.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("audit_log")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(integer_null("program_id"))
                    .col(integer_null("user_id"))
                    .col(string_len("action", 64))
                    .col(string_len("entity_type", 64))
                    .col(string_len_null("entity_id", 64))
                    .col(text("detail"))
                    .col(string_len_null("ip", 64))
                    .col(string_len_null("request_id", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(string_len("prev_hash", 64))
                    .col(string_len("hash", 64))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_audit_program_time", vec!["program_id", "created_at"]),
            ("idx_audit_entity", vec!["entity_type", "entity_id"]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table("audit_log");
            for c in cols {
                idx.col(c);
            }
            manager.create_index(idx.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("audit_log").to_owned())
            .await
    }
}
