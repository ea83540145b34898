use sea_orm_migration::{prelude::*, schema::*};

/// `note_submissions`: the key a phone generates for each send of a visit note (issue 17,
/// the note offline). A note queued offline may reach the server twice (the answer to the
/// first send was lost on the way back); the key is stored in the same transaction as the
/// note, so the second send finds it and answers like the first instead of saving again.
/// `signed` says what the first send did, so the answer names the same outcome.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("note_submissions")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("visit_id"))
                    .col(string_len("key", 36))
                    .col(boolean("signed"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_note_submissions_visit")
                            .from("note_submissions", "visit_id")
                            .to("visits", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_note_submissions_visit_key")
                    .table("note_submissions")
                    .col("visit_id")
                    .col("key")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("note_submissions").to_owned())
            .await
    }
}
