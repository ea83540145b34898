use sea_orm_migration::{prelude::*, schema::*};

/// The IFSP (303.344): versions of a plan, with outcomes, services (each with the parent's
/// consent) and signatures. A signed version never changes; a new version supersedes it.
#[derive(DeriveMigrationName)]
pub struct Migration;

fn cascade(
    name: &'static str,
    table: &'static str,
    col: &'static str,
    to: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("ifsps")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("child_id"))
                    .col(integer("program_id"))
                    .col(string_len("kind", 16))
                    .col(string_len("status", 16))
                    .col(date_null("meeting_date"))
                    .col(text("participants"))
                    .col(text("present_cognitive"))
                    .col(text("present_physical"))
                    .col(text("present_communication"))
                    .col(text("present_social_emotional"))
                    .col(text("present_adaptive"))
                    .col(boolean("family_agrees"))
                    .col(text("family_concerns"))
                    .col(text("family_priorities"))
                    .col(text("family_resources"))
                    .col(text("routines"))
                    .col(text("other_services"))
                    .col(text("transition_steps"))
                    .col(text("behavior_patterns"))
                    .col(text("behavior_function"))
                    .col(text("replacement_skills"))
                    .col(text("caregiver_responses"))
                    .col(integer_null("supersedes_id"))
                    .col(timestamp_with_time_zone_null("signed_at"))
                    .col(integer("version"))
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut cascade(
                        "fk_ifsps_child",
                        "ifsps",
                        "child_id",
                        "children",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("ifsp_outcomes")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("ifsp_id"))
                    .col(integer("position"))
                    .col(string_len("kind", 8))
                    .col(text("statement"))
                    .col(text("criteria"))
                    .col(text("procedures"))
                    .col(date_null("target_date"))
                    .col(text("routines"))
                    .col(string_len("cos_outcome", 1))
                    .foreign_key(&mut cascade(
                        "fk_outcomes_ifsp",
                        "ifsp_outcomes",
                        "ifsp_id",
                        "ifsps",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("ifsp_services")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("ifsp_id"))
                    .col(string_len("service_type", 40))
                    .col(string_len_null("discipline", 32))
                    .col(integer_null("provider_id"))
                    .col(integer("frequency"))
                    .col(string_len("period", 8))
                    .col(string_len("mode", 12))
                    .col(integer("minutes"))
                    .col(string_len("method", 16))
                    .col(string_len("location", 16))
                    .col(text("justification"))
                    .col(date("start_date"))
                    .col(date_null("end_date"))
                    .col(string_len("payer", 32))
                    .col(boolean_null("consent_given"))
                    .col(date_null("consent_date"))
                    .foreign_key(&mut cascade(
                        "fk_services_ifsp",
                        "ifsp_services",
                        "ifsp_id",
                        "ifsps",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("ifsp_signatures")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("ifsp_id"))
                    .col(string_len("role", 16))
                    .col(string("name"))
                    .col(date("signed_on"))
                    .col(string_len("method", 16))
                    .foreign_key(&mut cascade(
                        "fk_signatures_ifsp",
                        "ifsp_signatures",
                        "ifsp_id",
                        "ifsps",
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, table, col) in [
            ("idx_ifsps_child", "ifsps", "child_id"),
            ("idx_outcomes_ifsp", "ifsp_outcomes", "ifsp_id"),
            ("idx_services_ifsp", "ifsp_services", "ifsp_id"),
            ("idx_signatures_ifsp", "ifsp_signatures", "ifsp_id"),
        ] {
            manager
                .create_index(Index::create().name(name).table(table).col(col).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["ifsp_signatures", "ifsp_services", "ifsp_outcomes", "ifsps"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
