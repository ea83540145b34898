use sea_orm_migration::{prelude::*, schema::*};

/// API tokens: an admin issues one to another system, scoped to the program, a staff role and
/// read or write. The token itself (a signed JWT) is shown once and never stored; only the
/// SHA-256 of its random id is, so a copy of the database cannot be replayed against the API.
/// A row is what makes a token revocable and shows when it was last used. `acts_for` names
/// the staff member a token acts as (a provider's own app writing their note drafts); without
/// it the token is a service identity with no caseload of its own.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("api_tokens")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("program_id"))
                    .col(string_len("name", 120))
                    .col(string_len("role", 32))
                    .col(string_len("access", 16))
                    .col(integer_null("acts_for"))
                    .col(string_len("id_hash", 64).unique_key())
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("last_used_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .check(Expr::col("role").is_in([
                        "admin",
                        "supervisor",
                        "coordinator",
                        "provider",
                    ]))
                    .check(Expr::col("access").is_in(["read", "write"]))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_tokens_program")
                            .from("api_tokens", "program_id")
                            .to("programs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_api_tokens_program")
                    .table("api_tokens")
                    .col("program_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("api_tokens").to_owned())
            .await
    }
}
