use sea_orm_migration::{prelude::*, schema::*};

/// Sign-in attempts, kept in the database (not memory) so throttling holds across
/// restarts and across several app instances on PostgreSQL.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("login_attempts")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(string("email"))
                    .col(string_len("ip", 64))
                    .col(boolean("succeeded"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_login_attempts_email", "email"),
            ("idx_login_attempts_ip", "ip"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table("login_attempts")
                        .col(col)
                        .col("created_at")
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("login_attempts").to_owned())
            .await
    }
}
