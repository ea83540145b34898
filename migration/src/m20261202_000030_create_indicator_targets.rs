use sea_orm_migration::{prelude::*, schema::*};

/// The program's target for each federal indicator (issue #14), in hundredths of a percent
/// (C5 and C6 are small percents with two decimals: 1.25% is 125). One row per program and
/// indicator; an indicator without a row has no target. The indicator's key is checked by
/// the app, which parses it into `reports::targets::Measure` before any write.
///
/// With it, the indexes the program dashboard's monthly counts read: visits by program and
/// time, referrals by the day received, sent coaching notes by the time sent.
#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[(&str, &str, &[&str])] = &[
    (
        "idx_visits_program_time",
        "visits",
        &["program_id", "starts_at"],
    ),
    ("idx_referrals_received", "referrals", &["received_on"]),
    (
        "idx_notes_status_sent",
        "coaching_notes",
        &["status", "sent_at"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("indicator_targets")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("program_id"))
                    .col(string_len("indicator", 16))
                    .col(integer("target_bp"))
                    .col(integer("updated_by"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .check(Expr::col("target_bp").between(0, 10_000))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_targets_program")
                            .from("indicator_targets", "program_id")
                            .to("programs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_indicator_targets_program")
                    .table("indicator_targets")
                    .col("program_id")
                    .col("indicator")
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, table, cols) in INDEXES {
            let mut idx = Index::create();
            idx.name(*name).table(*table);
            for c in *cols {
                idx.col(*c);
            }
            manager.create_index(idx.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in INDEXES.iter().rev() {
            manager
                .drop_index(Index::drop().name(*name).table(*table).to_owned())
                .await?;
        }
        manager
            .drop_table(Table::drop().table("indicator_targets").to_owned())
            .await
    }
}
