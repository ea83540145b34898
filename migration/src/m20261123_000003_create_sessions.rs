use sea_orm_migration::{prelude::*, schema::*};

/// Server-side session rows back the signed session cookie, so that logout,
/// a password change or an admin's "sign out everywhere" revoke a token at once.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .if_not_exists()
                    .col(string_len("id", 64).primary_key())
                    .col(integer("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .col(string_len_null("ip", 64))
                    .col(string_null("user_agent"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user")
                            .from("sessions", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_user")
                    .table("sessions")
                    .col("user_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("sessions").to_owned())
            .await
    }
}
