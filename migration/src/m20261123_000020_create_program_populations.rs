use sea_orm_migration::{prelude::*, schema::*};

/// The population of the program's area, birth to one and birth to three, per year, as the
/// admin enters it: the denominators of the child-find indicators C5 and C6.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("program_populations")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("program_id"))
                    .col(integer("year"))
                    .col(integer("birth_to_one"))
                    .col(integer("birth_to_three"))
                    .col(integer("updated_by"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_population_program")
                            .from("program_populations", "program_id")
                            .to("programs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_population_program_year")
                    .table("program_populations")
                    .col("program_id")
                    .col("year")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("program_populations").to_owned())
            .await
    }
}
