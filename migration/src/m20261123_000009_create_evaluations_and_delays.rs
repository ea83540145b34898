use sea_orm_migration::{prelude::*, schema::*};

/// Evaluations with per-area results and the eligibility decision; documented delays.
#[derive(DeriveMigrationName)]
pub struct Migration;

fn child_fk(name: &'static str, table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, "child_id")
        .to("children", "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("evaluations")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("child_id"))
                    .col(date("evaluated_on"))
                    .col(text("tools"))
                    .col(string("diagnosed_condition").default(""))
                    .col(boolean("informed_clinical_opinion").default(false))
                    .col(text("notes"))
                    .col(boolean("proposed_eligible"))
                    .col(text("reasons"))
                    .col(boolean_null("confirmed_eligible"))
                    .col(date_null("confirmed_on"))
                    .col(integer_null("confirmed_by"))
                    .col(date_null("notice_sent_on"))
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut child_fk("fk_evaluations_child", "evaluations"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("evaluation_results")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("evaluation_id"))
                    .col(string_len("domain", 24))
                    .col(integer_null("developmental_months"))
                    .col(double_null("percent_delay"))
                    .col(double_null("sd"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_results_evaluation")
                            .from("evaluation_results", "evaluation_id")
                            .to("evaluations", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("delays")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("child_id"))
                    .col(string_len("clock", 32))
                    .col(string_len("reason", 48))
                    .col(date("documented_on"))
                    .col(text("note"))
                    .col(integer("recorded_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut child_fk("fk_delays_child", "delays"))
                    .to_owned(),
            )
            .await?;
        for (name, table, col) in [
            ("idx_evaluations_child", "evaluations", "child_id"),
            (
                "idx_results_evaluation",
                "evaluation_results",
                "evaluation_id",
            ),
            ("idx_delays_child", "delays", "child_id"),
        ] {
            manager
                .create_index(Index::create().name(name).table(table).col(col).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["delays", "evaluation_results", "evaluations"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
