use sea_orm_migration::{prelude::*, schema::*};

/// Referrals (the 45-day clock starts at `received_on`) and consents as records.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("referrals")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("child_id"))
                    .col(date("received_on"))
                    .col(string_len("source", 32))
                    .col(string("source_name").default(""))
                    .col(text("concerns"))
                    .col(date_null("first_contact_on"))
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_referrals_child")
                            .from("referrals", "child_id")
                            .to("children", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("consents")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("child_id"))
                    .col(string_len("kind", 32))
                    .col(string("agency_name").default(""))
                    .col(text("purpose"))
                    .col(boolean("given"))
                    .col(date("decided_on"))
                    .col(string("decided_by"))
                    .col(date_null("expires_on"))
                    .col(date_null("revoked_on"))
                    .col(integer("recorded_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_consents_child")
                            .from("consents", "child_id")
                            .to("children", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table) in [
            ("idx_referrals_child", "referrals"),
            ("idx_consents_child", "consents"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(table)
                        .col("child_id")
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["consents", "referrals"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
