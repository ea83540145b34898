use sea_orm_migration::prelude::*;

/// The reports' first visits (`timeline::facts`): per consented service, the first delivered
/// and the first family-missed visit of each service of the same type since consent is one
/// seek into (service, status, time) instead of a walk through every visit of the child.
#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_visits_service_status_time";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table("visits")
                    .col("service_id")
                    .col("status")
                    .col("starts_at")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table("visits").to_owned())
            .await
    }
}
