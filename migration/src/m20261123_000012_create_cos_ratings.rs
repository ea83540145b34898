use sea_orm_migration::{prelude::*, schema::*};

/// Child Outcomes Summary ratings at entry and exit (federal indicator C3).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("cos_ratings")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("child_id"))
                    .col(string_len("phase", 8))
                    .col(date("rated_on"))
                    .col(small_integer("rating_a"))
                    .col(small_integer("rating_b"))
                    .col(small_integer("rating_c"))
                    .col(boolean_null("new_skills_a"))
                    .col(boolean_null("new_skills_b"))
                    .col(boolean_null("new_skills_c"))
                    .col(text("evidence"))
                    .col(text("team"))
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_cos_child")
                            .from("cos_ratings", "child_id")
                            .to("children", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_cos_child_phase")
                    .table("cos_ratings")
                    .col("child_id")
                    .col("phase")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("cos_ratings").to_owned())
            .await
    }
}
