use sea_orm_migration::prelude::*;

/// The caseload page walks a program's children in batches (`children::caseload`:
/// `program_id = ? AND id > ? ORDER BY id LIMIT 250`). The program's only other index,
/// (program, date of birth), left SQLite reading every child of the program and sorting
/// them for each batch of 250: at 50,000 children, 200 batches of 50,000. In (program, id)
/// order each batch is one seek.
#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_children_program_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table("children")
                    .col("program_id")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table("children").to_owned())
            .await
    }
}
