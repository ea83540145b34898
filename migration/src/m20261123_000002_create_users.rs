use sea_orm_migration::{prelude::*, schema::*};

/// Staff accounts. The e-mail is the sign-in name and is unique across the whole
/// installation so that signing in never needs a program picker.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("users")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("program_id"))
                    .col(string_uniq("email"))
                    .col(string("display_name"))
                    .col(string("password_hash"))
                    .col(string_len("role", 32))
                    .col(string_len_null("discipline", 32))
                    .col(boolean("active").default(true))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_program")
                            .from("users", "program_id")
                            .to("programs", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_program")
                    .table("users")
                    .col("program_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("users").to_owned())
            .await
    }
}
